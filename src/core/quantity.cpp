// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/quantity.hpp"

#include <ostream>

#include "onhand/core/result.hpp"
#include "onhand/detail/decimal.hpp"

namespace onhand {

auto quantity::parse(std::string_view text) -> result<quantity> {
  auto raw = detail::parse_fixed(text, decimals, INT64_MAX, "quantity");
  if (!raw) return std::move(raw).error();
  return from_raw(static_cast<rep>(*raw));
}

auto quantity::to_string() const -> std::string { return detail::format_fixed(raw_, decimals, -1); }

auto quantity::to_string(int fixed_decimals) const -> std::string {
  ONHAND_ASSERT(fixed_decimals >= 0 && fixed_decimals <= decimals, "decimals out of range");
  ONHAND_ASSERT(fits_decimals(fixed_decimals), "formatting would drop digits");
  return detail::format_fixed(raw_, decimals, fixed_decimals);
}

auto operator<<(std::ostream& out, quantity q) -> std::ostream& { return out << q.to_string(); }

auto operator<<(std::ostream& out, stock_level level) -> std::ostream& {
  return out << level.to_string();
}

auto checked_add(quantity a, quantity b) -> result<quantity> {
  quantity out;
  if (add_overflows(a, b, out)) {
    return make_error(errc::overflow, a.to_string() + " + " + b.to_string() + " overflows");
  }
  return out;
}

auto checked_sub(quantity a, quantity b) -> result<quantity> {
  quantity::rep raw = 0;
  if (__builtin_sub_overflow(a.raw(), b.raw(), &raw)) {
    return make_error(errc::overflow, a.to_string() + " - " + b.to_string() + " overflows");
  }
  return quantity::from_raw(raw);
}

}  // namespace onhand
