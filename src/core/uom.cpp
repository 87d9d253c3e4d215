// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/uom.hpp"

#include <algorithm>
#include <numeric>

#include "onhand/detail/int128.hpp"
#include "onhand/detail/text.hpp"

namespace onhand {
namespace {

using detail::int128;

auto unit_error(std::string_view unit) -> error {
  return make_error(errc::unit_mismatch, "unit '" + std::string(unit) + "' is not defined",
                    error_context{.field = "unit"});
}

// value × numerator / denominator, exact to quantity's 6 decimals, or an error.
auto scale_exact(quantity amount, std::int64_t numerator, std::int64_t denominator)
    -> result<quantity> {
  const int128 product = static_cast<int128>(amount.raw()) * numerator;
  if (product % denominator != 0) {
    return make_error(errc::precision_exceeded,
                      amount.to_string() + " does not convert exactly (factor " +
                          std::to_string(numerator) + "/" + std::to_string(denominator) + ")");
  }
  const int128 out = product / denominator;
  if (out > INT64_MAX || out < INT64_MIN) {
    return make_error(errc::overflow, amount.to_string() + " overflows when converted");
  }
  return quantity::from_raw(static_cast<std::int64_t>(out));
}

}  // namespace

auto unit_factor::ratio(std::int64_t numerator, std::int64_t denominator) -> result<unit_factor> {
  if (numerator <= 0 || denominator <= 0) {
    return make_error(errc::invalid_quantity, "a unit factor must be positive",
                      error_context{.field = "factor"});
  }
  const auto divisor = std::gcd(numerator, denominator);
  return unit_factor{numerator / divisor, denominator / divisor};
}

auto unit_factor::parse(std::string_view text) -> result<unit_factor> {
  auto malformed = make_error(errc::malformed_input,
                              "'" + std::string(text) + "' is not a positive decimal factor",
                              error_context{.field = "factor"});
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;
  bool seen_point = false;
  std::size_t digits = 0;
  for (char c : text) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return malformed;
    if (numerator > (INT64_MAX - 9) / 10 || (seen_point && denominator > INT64_MAX / 10)) {
      return make_error(errc::overflow, "factor '" + std::string(text) + "' has too many digits",
                        error_context{.field = "factor"});
    }
    numerator = numerator * 10 + (c - '0');
    if (seen_point) denominator *= 10;
    ++digits;
  }
  if (digits == 0 || text.back() == '.') return malformed;
  return ratio(numerator, denominator);
}

auto unit_factor::to_string() const -> std::string {
  if (denominator == 1) return std::to_string(numerator);
  return std::to_string(numerator) + "/" + std::to_string(denominator);
}

auto unit_set::make(base_unit base) -> result<unit_set> {
  if (auto ok = detail::check_name(base.name, "unit name", "unit", name_length_max); !ok) {
    return std::move(ok).error();
  }
  if (base.decimals < 0 || base.decimals > quantity::decimals) {
    return make_error(errc::precision_exceeded,
                      "unit '" + base.name + "' asks for " + std::to_string(base.decimals) +
                          " decimals; onhand holds 0 to 6",
                      error_context{.field = "decimals"});
  }
  return unit_set{std::move(base)};
}

auto unit_set::factor(std::string_view unit) const -> result<unit_factor> {
  if (unit == base_.name) return unit_factor{};
  for (const auto& alternate : alternates_) {
    if (alternate.name == unit) return alternate.to_base;
  }
  return unit_error(unit);
}

auto unit_set::add_alternate(std::string name, unit_factor factor, std::string_view relative_to)
    -> result<void> {
  if (auto ok = detail::check_name(name, "unit name", "unit", name_length_max); !ok) {
    return std::move(ok).error();
  }
  if (factor.numerator <= 0 || factor.denominator <= 0) {
    return make_error(errc::invalid_quantity, "unit '" + name + "' needs a positive factor",
                      error_context{.field = "factor"});
  }
  if (this->factor(name)) {
    return make_error(errc::definition_conflict, "unit '" + name + "' is already defined",
                      error_context{.field = "unit"});
  }
  auto base = this->factor(relative_to);
  if (!base) return std::move(base).error();
  int128 numerator = static_cast<int128>(factor.numerator) * base->numerator;
  int128 denominator = static_cast<int128>(factor.denominator) * base->denominator;
  // Reduce before narrowing: 40 case × 12 each/case is 480/1, not 480/1 unreduced.
  int128 a = numerator;
  int128 b = denominator;
  while (b != 0) {
    const int128 t = a % b;
    a = b;
    b = t;
  }
  numerator /= a;
  denominator /= a;
  if (numerator > INT64_MAX || denominator > INT64_MAX) {
    return make_error(errc::overflow, "unit '" + name + "' has a factor out of range",
                      error_context{.field = "factor"});
  }
  alternates_.push_back(alternate_unit{
      std::move(name),
      unit_factor{static_cast<std::int64_t>(numerator), static_cast<std::int64_t>(denominator)}});
  return {};
}

auto unit_set::check_precision(quantity amount) const -> result<void> {
  if (!amount.fits_decimals(base_.decimals)) {
    return make_error(errc::precision_exceeded,
                      amount.to_string() + " " + base_.name + " has more than " +
                          std::to_string(base_.decimals) + " decimals",
                      error_context{.field = "quantity"});
  }
  return {};
}

auto unit_set::to_base(quantity amount, std::string_view unit) const -> result<quantity> {
  auto f = factor(unit);
  if (!f) return std::move(f).error();
  auto converted = scale_exact(amount, f->numerator, f->denominator);
  if (!converted) return converted;
  if (auto fits = check_precision(*converted); !fits) return std::move(fits).error();
  return converted;
}

auto unit_set::from_base(quantity amount, std::string_view unit) const -> result<quantity> {
  auto f = factor(unit);
  if (!f) return std::move(f).error();
  return scale_exact(amount, f->denominator, f->numerator);
}

}  // namespace onhand
