// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/money.hpp"

#include <ostream>

#include "onhand/detail/decimal.hpp"

namespace onhand {
namespace {

using rep = money::rep;
using detail::int128;
using detail::uint128;

auto to_int128(const rep& value) -> int128 {
  // A money value from parse() or arithmetic below always fits 127 bits.
  const bool negative = value < 0;
  const rep magnitude = negative ? rep(-value) : value;
  const auto high = static_cast<std::uint64_t>(magnitude >> 64);
  const auto low = static_cast<std::uint64_t>(magnitude & rep(UINT64_MAX));
  const auto unsigned_value = (static_cast<uint128>(high) << 64) | static_cast<uint128>(low);
  const auto signed_value = static_cast<int128>(unsigned_value);
  return negative ? -signed_value : signed_value;
}

auto from_int128(int128 value) -> rep {
  const bool negative = value < 0;
  const auto magnitude =
      negative ? static_cast<uint128>(-(value + 1)) + 1 : static_cast<uint128>(value);
  rep out = rep(static_cast<std::uint64_t>(magnitude >> 64));
  out <<= 64;
  out |= rep(static_cast<std::uint64_t>(magnitude));
  return negative ? rep(-out) : out;
}

// The largest magnitude onhand keeps: 2^127 - 1, so every value also fits a
// native int128 for formatting.
auto limit() -> rep {
  static const rep value = (rep(1) << 127) - 1;
  return value;
}

auto overflow_error(const std::string& what) -> error {
  return make_error(errc::overflow, what + " overflows the money range");
}

auto pow10(int exponent) -> rep {
  rep out = 1;
  for (int i = 0; i < exponent; ++i) out *= 10;
  return out;
}

// numerator / denominator (> 0) brought to an integer by `mode`.
template <class Int>
auto rounded_quotient(const Int& numerator, const Int& denominator, rounding mode) -> Int {
  Int quotient = numerator / denominator;  // truncates toward zero
  const Int remainder = numerator % denominator;
  if (remainder == 0) return quotient;
  const bool negative = numerator < 0;
  const Int twice = (remainder < 0 ? Int(-remainder) : remainder) * 2;
  bool away = false;
  switch (mode) {
    case rounding::half_even:
      away = twice > denominator || (twice == denominator && quotient % 2 != 0);
      break;
    case rounding::half_up:
      away = twice >= denominator;
      break;
    case rounding::down:
      away = false;
      break;
    case rounding::up:
      away = true;
      break;
    case rounding::floor:
      away = negative;
      break;
    case rounding::ceiling:
      away = !negative;
      break;
  }
  if (away) quotient += negative ? -1 : 1;
  return quotient;
}

}  // namespace

auto money::parse(std::string_view text) -> result<money> {
  auto raw = detail::parse_fixed(text, decimals, detail::int128_max, "money");
  if (!raw) return std::move(raw).error();
  return from_raw(from_int128(*raw));
}

auto operator<<(std::ostream& out, const money& m) -> std::ostream& { return out << m.to_string(); }

auto money::to_string() const -> std::string {
  return detail::format_fixed(to_int128(raw_), decimals, -1);
}

auto money::to_string(int fixed_decimals) const -> std::string {
  ONHAND_ASSERT(fixed_decimals >= 0 && fixed_decimals <= decimals, "decimals out of range");
  ONHAND_ASSERT(raw_ % pow10(decimals - fixed_decimals) == 0, "formatting would drop digits");
  return detail::format_fixed(to_int128(raw_), decimals, fixed_decimals);
}

auto money::round(int target_decimals, rounding mode) const -> result<money> {
  if (target_decimals < 0 || target_decimals > decimals) {
    return make_error(errc::invalid_parameter,
                      "money can be rounded to 0.." + std::to_string(decimals) + " decimals, not " +
                          std::to_string(target_decimals),
                      error_context{.field = "decimals"});
  }
  const rep step = pow10(decimals - target_decimals);
  const rep rounded = detail::divide_rounded(raw_, step, mode) * step;
  if (rounded > limit() || rounded < -limit()) return overflow_error(to_string());
  return from_raw(rounded);
}

auto checked_add(const money& a, const money& b) -> result<money> {
  const rep sum = a.raw() + b.raw();  // cannot leave 129 bits: both are within 2^127
  if (sum > limit() || sum < -limit()) return overflow_error(a.to_string() + " + " + b.to_string());
  return money::from_raw(sum);
}

auto checked_sub(const money& a, const money& b) -> result<money> {
  const rep difference = a.raw() - b.raw();
  if (difference > limit() || difference < -limit()) {
    return overflow_error(a.to_string() + " - " + b.to_string());
  }
  return money::from_raw(difference);
}

auto extend(quantity amount, const money& unit_price, rounding mode) -> result<money> {
  // |quantity| < 2^63 and |price| <= 2^127: the product may need 190 bits, so
  // compute it in a wider checked type before dividing back to 6 decimals.
  using wide = boost::multiprecision::checked_int256_t;
  const wide product = wide(amount.raw()) * wide(unit_price.raw());
  const wide quotient = rounded_quotient(product, wide(quantity::scale), mode);
  const wide bound = wide(limit());
  if (quotient > bound || quotient < -bound) {
    return overflow_error(amount.to_string() + " x " + unit_price.to_string());
  }
  return money::from_raw(rep(quotient));
}

namespace detail {

auto divide_rounded(const money::rep& numerator, const money::rep& denominator, rounding mode)
    -> money::rep {
  ONHAND_ASSERT(denominator > 0, "denominator must be positive");
  return rounded_quotient(numerator, denominator, mode);
}

}  // namespace detail
}  // namespace onhand
