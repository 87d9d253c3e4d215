// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/money.hpp
//
// Exact money. A `money` amount is a signed count of millionths of the
// ledger's currency in a checked 128-bit integer (Boost.Multiprecision), so a
// quantity times a unit cost (both with 6 decimals) and the sum of millions
// of such extensions never overflow in practice and never round silently.
// The one place rounding happens is explicit: `extend` (quantity × unit
// price, back to 6 decimals) and `round` (to cents or any precision), both
// taking a `rounding` mode whose default is half-to-even ("banker's
// rounding"), the IEEE 754 default and the usual choice for ledgers because
// it does not drift upward over many roundings.
//
// Example:
//
//   auto price = onhand::money::parse("2.35").value();
//   auto value = onhand::extend(onhand::quantity::units(3), price);   // 7.05
//   auto cents = value->round(2);                                      // result<money>
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {

/// How an exact value is brought to fewer decimals.
enum class rounding : std::uint8_t {
  half_even,  ///< To nearest; ties to the even neighbour (default).
  half_up,    ///< To nearest; ties away from zero (commercial rounding).
  down,       ///< Toward zero (truncate).
  up,         ///< Away from zero.
  floor,      ///< Toward negative infinity.
  ceiling,    ///< Toward positive infinity.
};

class money {
 public:
  using rep = boost::multiprecision::checked_int128_t;
  static constexpr int decimals = 6;
  static constexpr std::int64_t scale = 1'000'000;

  money() = default;
  [[nodiscard]] static auto from_raw(rep raw) -> money {
    money m;
    m.raw_ = std::move(raw);
    return m;
  }
  /// Parses a plain decimal ("12", "-0.05", "1999.990000"). Errors as for
  /// quantity::parse: malformed_input, precision_exceeded, overflow.
  [[nodiscard]] static auto parse(std::string_view text) -> result<money>;

  [[nodiscard]] auto raw() const noexcept -> const rep& { return raw_; }
  [[nodiscard]] auto is_zero() const -> bool { return raw_ == 0; }
  [[nodiscard]] auto is_negative() const -> bool { return raw_ < 0; }

  /// This amount with `target_decimals` (0..6) fractional digits, rounded by `mode`.
  [[nodiscard]] auto round(int target_decimals, rounding mode = rounding::half_even) const
      -> result<money>;

  /// Shortest exact decimal text ("7.05").
  [[nodiscard]] auto to_string() const -> std::string;
  /// Exactly `fixed_decimals` (0..6) fractional digits; the value must fit (see round()).
  [[nodiscard]] auto to_string(int fixed_decimals) const -> std::string;

  friend auto operator==(const money&, const money&) -> bool = default;
  friend auto operator<=>(const money& a, const money& b) -> std::strong_ordering {
    return a.raw_ < b.raw_   ? std::strong_ordering::less
           : b.raw_ < a.raw_ ? std::strong_ordering::greater
                             : std::strong_ordering::equal;
  }

 private:
  rep raw_ = 0;
};

/// Writes m.to_string(): the shortest exact decimal ("7.05").
auto operator<<(std::ostream& out, const money& m) -> std::ostream&;
/// The free form of m.to_string(), for generic code.
[[nodiscard]] inline auto to_string(const money& m) -> std::string { return m.to_string(); }

/// a + b, or errc::overflow.
[[nodiscard]] auto checked_add(const money& a, const money& b) -> result<money>;
/// a - b, or errc::overflow.
[[nodiscard]] auto checked_sub(const money& a, const money& b) -> result<money>;
/// quantity × unit_price, rounded to money's 6 decimals by `mode`.
[[nodiscard]] auto extend(quantity amount, const money& unit_price,
                          rounding mode = rounding::half_even) -> result<money>;

namespace detail {
/// numerator / denominator rounded by `mode`; denominator > 0.
[[nodiscard]] auto divide_rounded(const money::rep& numerator, const money::rep& denominator,
                                  rounding mode) -> money::rep;
}  // namespace detail

}  // namespace onhand
