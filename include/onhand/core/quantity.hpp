// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/quantity.hpp
//
// Exact quantities. A `quantity` is an amount of an item in its base unit,
// held as a signed 64-bit count of millionths (6 fractional digits), so every
// sum is exact and the range is about ±9.2 trillion base units. A
// `stock_level` is a point on that scale: what a location holds. Movements
// are quantities (deltas); a level plus a quantity is a level, a level minus a
// level is a quantity, and two levels cannot be added: adding a location's
// balance to itself is the mistake the type rules out (STYLE.md rule 2).
//
// Arithmetic on user input goes through the checked functions, which return
// errc::overflow. The operators are for code that has bounded its inputs;
// they abort on overflow rather than wrap (a wrong stock figure is worse
// than a stopped process).
//
// Example:
//
//   auto q = onhand::quantity::parse("12.5");          // result<quantity>
//   onhand::stock_level on_hand = onhand::stock_level::zero() + *q;
//   onhand::quantity moved = on_hand - onhand::stock_level::zero();
//   std::clog << moved << '\n';                          // "12.5", as to_string()
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "onhand/core/assert.hpp"

namespace onhand {

template <class T>
class result;

/// An exact amount in base units: a delta, a movement size, a requested amount.
class quantity {
 public:
  using rep = std::int64_t;
  /// Fractional decimal digits held exactly.
  static constexpr int decimals = 6;
  /// Raw counts per whole base unit.
  static constexpr rep scale = 1'000'000;

  constexpr quantity() noexcept = default;

  /// From a raw count of millionths.
  [[nodiscard]] static constexpr auto from_raw(rep raw) noexcept -> quantity {
    quantity q;
    q.raw_ = raw;
    return q;
  }
  /// From whole units (constants and tests); aborts when out of range.
  [[nodiscard]] static constexpr auto units(std::int64_t whole) noexcept -> quantity {
    ONHAND_CHECK(whole <= max_whole && whole >= -max_whole, "quantity out of range");
    return from_raw(whole * scale);
  }
  /// Parses a plain decimal: optional sign, digits, optional '.' and up to 6
  /// digits ("12", "-0.5", "3.000"). Errors: malformed_input for anything
  /// else (exponents, spaces, empty), precision_exceeded for a 7th non-zero
  /// decimal, overflow past the range.
  [[nodiscard]] static auto parse(std::string_view text) -> result<quantity>;

  [[nodiscard]] constexpr auto raw() const noexcept -> rep { return raw_; }
  [[nodiscard]] constexpr auto is_zero() const noexcept -> bool { return raw_ == 0; }
  [[nodiscard]] constexpr auto is_negative() const noexcept -> bool { return raw_ < 0; }
  [[nodiscard]] constexpr auto is_positive() const noexcept -> bool { return raw_ > 0; }
  /// Whether the amount has at most `unit_decimals` fractional digits.
  [[nodiscard]] constexpr auto fits_decimals(int unit_decimals) const noexcept -> bool {
    ONHAND_ASSERT(unit_decimals >= 0 && unit_decimals <= decimals, "unit decimals out of range");
    constexpr rep steps[] = {1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
    return raw_ % steps[unit_decimals] == 0;
  }

  /// Shortest exact decimal text: "12", "-0.5", "0.000001".
  [[nodiscard]] auto to_string() const -> std::string;
  /// Decimal text with exactly `fixed_decimals` fractional digits (0..6): "12.500".
  [[nodiscard]] auto to_string(int fixed_decimals) const -> std::string;

  friend constexpr auto operator<=>(quantity, quantity) noexcept = default;

  constexpr auto operator-() const noexcept -> quantity {
    ONHAND_CHECK(raw_ != INT64_MIN, "quantity overflow");
    return from_raw(-raw_);
  }
  friend constexpr auto operator+(quantity a, quantity b) noexcept -> quantity {
    rep out = 0;
    ONHAND_CHECK(!__builtin_add_overflow(a.raw_, b.raw_, &out), "quantity overflow");
    return from_raw(out);
  }
  friend constexpr auto operator-(quantity a, quantity b) noexcept -> quantity {
    rep out = 0;
    ONHAND_CHECK(!__builtin_sub_overflow(a.raw_, b.raw_, &out), "quantity overflow");
    return from_raw(out);
  }
  constexpr auto operator+=(quantity other) noexcept -> quantity& { return *this = *this + other; }
  constexpr auto operator-=(quantity other) noexcept -> quantity& { return *this = *this - other; }

 private:
  static constexpr rep max_whole = INT64_MAX / scale;
  rep raw_ = 0;
};

/// Writes q.to_string(): the shortest exact decimal ("12.5").
auto operator<<(std::ostream& out, quantity q) -> std::ostream&;
/// The free form of q.to_string(), for generic code.
[[nodiscard]] inline auto to_string(quantity q) -> std::string { return q.to_string(); }

/// a + b, or errc::overflow.
[[nodiscard]] auto checked_add(quantity a, quantity b) -> result<quantity>;
/// a - b, or errc::overflow.
[[nodiscard]] auto checked_sub(quantity a, quantity b) -> result<quantity>;

/// Overflow-reporting addition for hot paths that handle the error themselves:
/// returns false and leaves `out` unspecified on overflow.
[[nodiscard]] constexpr auto add_overflows(quantity a, quantity b, quantity& out) noexcept -> bool {
  quantity::rep raw = 0;
  const bool overflowed = __builtin_add_overflow(a.raw(), b.raw(), &raw);
  out = quantity::from_raw(raw);
  return overflowed;
}

/// How much of an item a location holds: a point on the quantity scale.
class stock_level {
 public:
  constexpr stock_level() noexcept = default;
  [[nodiscard]] static constexpr auto zero() noexcept -> stock_level { return stock_level{}; }
  /// The level that lies `amount` above zero.
  [[nodiscard]] static constexpr auto at(quantity amount) noexcept -> stock_level {
    stock_level level;
    level.amount_ = amount;
    return level;
  }
  /// The distance from zero, as a quantity.
  [[nodiscard]] constexpr auto from_zero() const noexcept -> quantity { return amount_; }
  [[nodiscard]] constexpr auto is_negative() const noexcept -> bool {
    return amount_.is_negative();
  }
  [[nodiscard]] auto to_string() const -> std::string { return amount_.to_string(); }

  friend constexpr auto operator<=>(stock_level, stock_level) noexcept = default;
  friend constexpr auto operator+(stock_level level, quantity delta) noexcept -> stock_level {
    return at(level.amount_ + delta);
  }
  friend constexpr auto operator+(quantity delta, stock_level level) noexcept -> stock_level {
    return at(level.amount_ + delta);
  }
  friend constexpr auto operator-(stock_level level, quantity delta) noexcept -> stock_level {
    return at(level.amount_ - delta);
  }
  friend constexpr auto operator-(stock_level a, stock_level b) noexcept -> quantity {
    return a.amount_ - b.amount_;
  }
  constexpr auto operator+=(quantity delta) noexcept -> stock_level& {
    return *this = *this + delta;
  }
  constexpr auto operator-=(quantity delta) noexcept -> stock_level& {
    return *this = *this - delta;
  }

 private:
  quantity amount_;
};

/// Writes level.to_string() (the distance from zero: "12.5").
auto operator<<(std::ostream& out, stock_level level) -> std::ostream&;
/// The free form of level.to_string(), for generic code.
[[nodiscard]] inline auto to_string(stock_level level) -> std::string { return level.to_string(); }

}  // namespace onhand
