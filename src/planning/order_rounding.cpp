// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/order_rounding.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "checks.hpp"

namespace onhand::planning {
namespace {

auto row_of(std::optional<std::size_t> row) -> std::optional<Eigen::Index> {
  return row ? std::optional<Eigen::Index>(static_cast<Eigen::Index>(*row)) : std::nullopt;
}

// A double at onhand's 6 decimals, rounded to the nearest.
auto to_quantity(double value, std::string_view field, std::optional<std::size_t> row)
    -> result<quantity> {
  if (std::isnan(value)) return detail::invalid(field, "a number", value, row_of(row));
  const double scaled = std::nearbyint(value * static_cast<double>(quantity::scale));
  // 2^63 is exactly representable; anything at or beyond it does not fit.
  if (!(std::abs(scaled) < 9223372036854775808.0)) {
    error_context context{.field = std::string(field)};
    context.line = row;
    return make_error(errc::overflow, std::string(field) + " is beyond the quantity range",
                      std::move(context));
  }
  return quantity::from_raw(static_cast<std::int64_t>(scaled));
}

auto check_rule(const order_rule& rule, std::optional<std::size_t> row) -> std::optional<error> {
  if (rule.pack_size.is_negative()) {
    auto e = make_error(errc::invalid_parameter,
                        "pack_size must be >= 0, got " + rule.pack_size.to_string(),
                        error_context{.field = "pack_size"});
    e.context.line = row;
    return e;
  }
  if (rule.minimum_order.is_negative()) {
    auto e = make_error(errc::invalid_parameter,
                        "minimum_order must be >= 0, got " + rule.minimum_order.to_string(),
                        error_context{.field = "minimum_order"});
    e.context.line = row;
    return e;
  }
  return std::nullopt;
}

// max(amount, MOQ) rounded up to whole packs; 0 when amount <= 0.
auto apply_rule(quantity amount, const order_rule& rule, std::optional<std::size_t> row)
    -> result<quantity> {
  if (auto e = check_rule(rule, row)) return *e;
  if (!amount.is_positive()) return quantity{};
  std::int64_t raw = std::max(amount.raw(), rule.minimum_order.raw());
  const std::int64_t pack = rule.pack_size.raw();
  if (pack > 0) {
    const std::int64_t packs = raw / pack + (raw % pack != 0 ? 1 : 0);
    if (__builtin_mul_overflow(packs, pack, &raw)) {
      error_context context{.field = "pack_size"};
      context.line = row;
      return make_error(errc::overflow, "the rounded order is beyond the quantity range",
                        std::move(context));
    }
  }
  return quantity::from_raw(raw);
}

auto min_max_at(quantity position, quantity min, quantity max, const order_rule& rule,
                std::optional<std::size_t> row) -> result<quantity> {
  if (min > max) {
    error_context context{.field = "min"};
    context.line = row;
    return make_error(
        errc::invalid_parameter,
        "min must not exceed max, got min " + min.to_string() + " and max " + max.to_string(),
        std::move(context));
  }
  if (auto e = check_rule(rule, row)) return *e;
  if (position > min) return quantity{};
  auto gap = checked_sub(max, position);
  if (!gap) return gap.error();
  return apply_rule(*gap, rule, row);
}

auto check_rules(std::span<const order_rule> rules, Eigen::Index rows) -> std::optional<error> {
  const auto count = static_cast<Eigen::Index>(rules.size());
  if (count != 1 && count != rows) {
    return make_error(errc::invalid_parameter,
                      "rules must hold one rule or one per row, got " + std::to_string(count) +
                          " for " + std::to_string(rows) + " rows",
                      error_context{.field = "rules"});
  }
  return std::nullopt;
}

auto row_index(Eigen::Index i, bool broadcast) -> std::optional<std::size_t> {
  return broadcast ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(i));
}

}  // namespace

auto round_order(double suggested, const order_rule& rule) -> result<quantity> {
  auto amount = to_quantity(suggested, "suggested", std::nullopt);
  if (!amount) return amount.error();
  return apply_rule(*amount, rule, std::nullopt);
}

auto min_max_order(quantity position, quantity min, quantity max, const order_rule& rule)
    -> result<quantity> {
  return min_max_at(position, min, max, rule, std::nullopt);
}

auto round_orders(const column_view& suggested, std::span<const order_rule> rules)
    -> result<std::vector<quantity>> {
  const Eigen::Index n = suggested.size();
  if (auto e = check_rules(rules, n)) return *e;
  std::vector<quantity> out;
  out.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto row = row_index(i, n == 1);
    auto amount = to_quantity(suggested[i], "suggested", row);
    if (!amount) return amount.error();
    auto order =
        apply_rule(*amount, rules[rules.size() == 1 ? 0 : static_cast<std::size_t>(i)], row);
    if (!order) return order.error();
    out.push_back(*order);
  }
  return out;
}

auto min_max_orders(const column_view& position, const column_view& min, const column_view& max,
                    std::span<const order_rule> rules) -> result<std::vector<quantity>> {
  auto rows = detail::broadcast_rows({{"position", position}, {"min", min}, {"max", max}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e = check_rules(rules, n)) return *e;
  std::vector<quantity> out;
  out.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto row = row_index(i, n == 1);
    auto p = to_quantity(position[i], "position", row);
    if (!p) return p.error();
    auto lo = to_quantity(min[i], "min", row);
    if (!lo) return lo.error();
    auto hi = to_quantity(max[i], "max", row);
    if (!hi) return hi.error();
    auto order =
        min_max_at(*p, *lo, *hi, rules[rules.size() == 1 ? 0 : static_cast<std::size_t>(i)], row);
    if (!order) return order.error();
    out.push_back(*order);
  }
  return out;
}

}  // namespace onhand::planning
