// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/lot_sizing.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "checks.hpp"

namespace onhand::planning {
namespace {

using detail::check;
using detail::is_non_negative;
using detail::is_positive;

auto check_demand_and_order(const column_view& demand, const column_view& order_cost,
                            std::string_view order_cost_name) -> std::optional<error> {
  if (auto e = check(demand, "demand_rate", ">= 0 and finite", is_non_negative)) return e;
  if (auto e = check(order_cost, order_cost_name, ">= 0 and finite", is_non_negative)) return e;
  return std::nullopt;
}

// K D / Q, which is 0 when nothing is ordered (K D = 0) even at Q = 0.
auto ordering_cost(double k, double d, double q) -> double {
  return k * d == 0.0 ? 0.0 : k * d / q;
}

auto check_schedule(std::span<const price_break> prices) -> std::optional<error> {
  if (prices.empty()) {
    return make_error(errc::invalid_parameter, "prices must hold at least one price break",
                      error_context{.field = "prices"});
  }
  for (std::size_t j = 0; j < prices.size(); ++j) {
    const auto row = static_cast<Eigen::Index>(j);
    if (j == 0 && prices[0].min_quantity != 0.0) {
      return detail::invalid("prices.min_quantity", "0 for the first break", prices[0].min_quantity,
                             row);
    }
    if (j > 0 && !(prices[j].min_quantity > prices[j - 1].min_quantity &&
                   std::isfinite(prices[j].min_quantity))) {
      return detail::invalid("prices.min_quantity", "strictly increasing and finite",
                             prices[j].min_quantity, row);
    }
    if (!is_positive(prices[j].unit_price)) {
      return detail::invalid("prices.unit_price", "> 0 and finite", prices[j].unit_price, row);
    }
  }
  return std::nullopt;
}

enum class discount_kind : std::uint8_t { all_units, incremental };

auto discount(const discount_input& in, discount_kind kind) -> result<discount_columns> {
  auto rows = detail::broadcast_rows({{"demand_rate", in.demand_rate},
                                      {"order_cost", in.order_cost},
                                      {"holding_rate", in.holding_rate},
                                      {"holding_cost", in.holding_cost}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e = check_demand_and_order(in.demand_rate, in.order_cost, "order_cost")) return *e;
  if (auto e = check(in.holding_rate, "holding_rate", ">= 0 and finite", is_non_negative)) {
    return *e;
  }
  if (auto e = check(in.holding_cost, "holding_cost", ">= 0 and finite", is_non_negative)) {
    return *e;
  }
  if (auto e = check_schedule(in.prices)) return *e;
  for (Eigen::Index r = 0; r < n; ++r) {
    if (in.holding_rate[r] == 0.0 && in.holding_cost[r] == 0.0) {
      return detail::invalid("holding_rate", "> 0 when holding_cost is 0", 0.0,
                             n == 1 ? std::nullopt : std::optional<Eigen::Index>(r));
    }
  }

  // Purchase cost of the units below each break (incremental schedules).
  const std::size_t m = in.prices.size();
  std::vector<double> below(m, 0.0);
  for (std::size_t j = 1; j < m; ++j) {
    below[j] = below[j - 1] + in.prices[j - 1].unit_price *
                                  (in.prices[j].min_quantity - in.prices[j - 1].min_quantity);
  }

  discount_columns out{Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n)};
  for (Eigen::Index r = 0; r < n; ++r) {
    const double d = in.demand_rate[r];
    const double k = in.order_cost[r];
    const double i = in.holding_rate[r];
    const double h = in.holding_cost[r];
    double best_q = 0.0;
    double best_price = in.prices[0].unit_price;
    double best_cost = std::numeric_limits<double>::infinity();
    // Cost of ordering q within segment j.
    auto cost_at = [&](std::size_t j, double q) -> std::pair<double, double> {
      const double c = in.prices[j].unit_price;
      if (kind == discount_kind::all_units) {
        return {c * d + ordering_cost(k, d, q) + (h + i * c) * q / 2.0, c};
      }
      const double fixed = below[j] - c * in.prices[j].min_quantity;  // C(q) = fixed + c q
      const double average = q > 0.0 ? (fixed + c * q) / q : c;
      return {d * average + ordering_cost(k, d, q) + h * q / 2.0 + i * (fixed + c * q) / 2.0,
              average};
    };
    auto consider = [&](std::size_t j, double q) {
      const auto [cost, price] = cost_at(j, q);
      if (cost < best_cost) {
        best_cost = cost;
        best_q = q;
        best_price = price;
      }
    };
    for (std::size_t j = 0; j < m; ++j) {
      const double lo = in.prices[j].min_quantity;
      const double hi =
          j + 1 < m ? in.prices[j + 1].min_quantity : std::numeric_limits<double>::infinity();
      const double c = in.prices[j].unit_price;
      double q = 0.0;
      if (kind == discount_kind::all_units) {
        q = std::sqrt(2.0 * k * d / (h + i * c));
        if (q < lo) q = lo;  // the cheapest point of this price is its break
        if (q < hi) consider(j, q);
      } else {
        const double fixed = below[j] - c * lo;
        q = std::sqrt(2.0 * d * (fixed + k) / (h + i * c));
        if (q >= lo && q < hi) consider(j, q);
        consider(j, lo);  // breaks as well: the cost is continuous there
      }
    }
    out.order_quantity[r] = best_q;
    out.unit_price[r] = best_price;
    out.cost[r] = best_cost;
  }
  if (auto e = detail::finite_columns({{"order_quantity", out.order_quantity},
                                       {"unit_price", out.unit_price},
                                       {"cost", out.cost}})) {
    return *e;
  }
  return out;
}

}  // namespace

namespace {

auto check_eoq(const eoq_input& in, std::initializer_list<detail::named_column> decisions)
    -> result<Eigen::Index> {
  std::vector<detail::named_column> all{{"demand_rate", in.demand_rate},
                                        {"order_cost", in.order_cost},
                                        {"holding_cost", in.holding_cost}};
  for (const auto& decision : decisions) all.push_back(decision);
  auto rows = detail::broadcast_rows(all);
  if (!rows) return rows;
  if (auto e = check_demand_and_order(in.demand_rate, in.order_cost, "order_cost")) return *e;
  if (auto e = check(in.holding_cost, "holding_cost", "> 0 and finite", is_positive)) return *e;
  return rows;
}

auto check_backorders(const eoq_backorder_input& in,
                      std::initializer_list<detail::named_column> decisions)
    -> result<Eigen::Index> {
  std::vector<detail::named_column> all{{"demand_rate", in.demand_rate},
                                        {"order_cost", in.order_cost},
                                        {"holding_cost", in.holding_cost},
                                        {"backorder_cost", in.backorder_cost}};
  for (const auto& decision : decisions) all.push_back(decision);
  auto rows = detail::broadcast_rows(all);
  if (!rows) return rows;
  if (auto e = check_demand_and_order(in.demand_rate, in.order_cost, "order_cost")) return *e;
  if (auto e = check(in.holding_cost, "holding_cost", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.backorder_cost, "backorder_cost", "> 0 and finite", is_positive)) {
    return *e;
  }
  return rows;
}

auto check_epq(const epq_input& in, std::initializer_list<detail::named_column> decisions)
    -> result<Eigen::Index> {
  std::vector<detail::named_column> all{{"demand_rate", in.demand_rate},
                                        {"setup_cost", in.setup_cost},
                                        {"holding_cost", in.holding_cost},
                                        {"production_rate", in.production_rate}};
  for (const auto& decision : decisions) all.push_back(decision);
  auto rows = detail::broadcast_rows(all);
  if (!rows) return rows;
  if (auto e = check_demand_and_order(in.demand_rate, in.setup_cost, "setup_cost")) return *e;
  if (auto e = check(in.holding_cost, "holding_cost", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.production_rate, "production_rate", "> 0 and finite", is_positive)) {
    return *e;
  }
  const Eigen::Index n = *rows;
  for (Eigen::Index r = 0; r < n; ++r) {
    if (!(in.production_rate[r] > in.demand_rate[r])) {
      return detail::invalid("production_rate", "greater than demand_rate", in.production_rate[r],
                             n == 1 ? std::nullopt : std::optional<Eigen::Index>(r));
    }
  }
  return rows;
}

auto row_of(Eigen::Index n, Eigen::Index r) -> std::optional<Eigen::Index> {
  return n == 1 ? std::nullopt : std::optional<Eigen::Index>(r);
}

// An order quantity Q at which the cost is finite: Q > 0, or Q = 0 when
// nothing is ever ordered (K D = 0).
auto check_order_quantity(const column_view& q, const column_view& order_cost,
                          const column_view& demand, std::string_view order_cost_name,
                          Eigen::Index n) -> std::optional<error> {
  if (auto e = check(q, "order_quantity", ">= 0 and finite", is_non_negative)) return e;
  for (Eigen::Index r = 0; r < n; ++r) {
    if (q[r] == 0.0 && order_cost[r] * demand[r] != 0.0) {
      return detail::invalid(
          "order_quantity",
          "> 0 when demand_rate and " + std::string(order_cost_name) + " are both > 0", q[r],
          row_of(n, r));
    }
  }
  return std::nullopt;
}

}  // namespace

auto eoq(const eoq_input& in) -> result<lot_size_columns> {
  auto rows = check_eoq(in, {});
  if (!rows) return rows.error();
  lot_size_columns out{Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows)};
  for (Eigen::Index r = 0; r < *rows; ++r) {
    const double kd = in.order_cost[r] * in.demand_rate[r];
    out.order_quantity[r] = std::sqrt(2.0 * kd / in.holding_cost[r]);
    out.cost[r] = std::sqrt(2.0 * kd * in.holding_cost[r]);
    if (!std::isfinite(out.order_quantity[r]) || !std::isfinite(out.cost[r])) {
      // 2 K D / h overflowed: the square roots factor by factor.
      const double root_2kd = std::sqrt(2.0 * in.order_cost[r]) * std::sqrt(in.demand_rate[r]);
      const double root_h = std::sqrt(in.holding_cost[r]);
      out.order_quantity[r] = root_2kd / root_h;
      out.cost[r] = root_2kd * root_h;
    }
  }
  if (auto e =
          detail::finite_columns({{"order_quantity", out.order_quantity}, {"cost", out.cost}})) {
    return *e;
  }
  return out;
}

auto eoq_cost(const eoq_input& in, const column_view& order_quantity) -> result<Eigen::ArrayXd> {
  auto rows = check_eoq(in, {{"order_quantity", order_quantity}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e =
          check_order_quantity(order_quantity, in.order_cost, in.demand_rate, "order_cost", n)) {
    return *e;
  }
  Eigen::ArrayXd out(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double q = order_quantity[r];
    out[r] = ordering_cost(in.order_cost[r], in.demand_rate[r], q) + in.holding_cost[r] * q / 2.0;
  }
  if (auto e = detail::finite_columns({{"cost", out}})) return *e;
  return out;
}

auto eoq_with_backorders(const eoq_backorder_input& in) -> result<backorder_lot_size_columns> {
  auto rows = check_backorders(in, {});
  if (!rows) return rows.error();
  backorder_lot_size_columns out{Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows),
                                 Eigen::ArrayXd(*rows)};
  for (Eigen::Index r = 0; r < *rows; ++r) {
    const double kd = in.order_cost[r] * in.demand_rate[r];
    const double h = in.holding_cost[r];
    const double p = in.backorder_cost[r];
    double q = std::sqrt(2.0 * kd * (h + p) / (h * p));
    double b = q * h / (h + p);
    double c = std::sqrt(2.0 * kd * h * p / (h + p));
    if (!std::isfinite(q) || !std::isfinite(b) || !std::isfinite(c)) {
      // An intermediate product overflowed: the same square roots factor by factor.
      const double root_2kd = std::sqrt(2.0 * in.order_cost[r]) * std::sqrt(in.demand_rate[r]);
      const double root_share = std::sqrt(1.0 + h / p);  // sqrt((h+p)/p)
      q = root_2kd / std::sqrt(h) * root_share;
      b = q / (1.0 + p / h);
      c = root_2kd * std::sqrt(h) / root_share;
    }
    out.order_quantity[r] = q;
    out.max_backorders[r] = b;
    out.cost[r] = c;
  }
  if (auto e = detail::finite_columns({{"order_quantity", out.order_quantity},
                                       {"max_backorders", out.max_backorders},
                                       {"cost", out.cost}})) {
    return *e;
  }
  return out;
}

auto eoq_with_backorders_cost(const eoq_backorder_input& in, const column_view& order_quantity,
                              const column_view& max_backorders) -> result<Eigen::ArrayXd> {
  auto rows = check_backorders(
      in, {{"order_quantity", order_quantity}, {"max_backorders", max_backorders}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e =
          check_order_quantity(order_quantity, in.order_cost, in.demand_rate, "order_cost", n)) {
    return *e;
  }
  for (Eigen::Index r = 0; r < n; ++r) {
    const double b = max_backorders[r];
    if (!(b >= 0.0 && b <= order_quantity[r])) {
      return detail::invalid("max_backorders", "in [0, order_quantity]", b, row_of(n, r));
    }
  }
  Eigen::ArrayXd out(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double q = order_quantity[r];
    const double b = max_backorders[r];
    const double held = q - b;
    // Inventory is positive for (Q - B)/D of each cycle Q/D, backordered for B/D.
    const double stock =
        q == 0.0 ? 0.0
                 : (in.holding_cost[r] * held * held + in.backorder_cost[r] * b * b) / (2.0 * q);
    out[r] = ordering_cost(in.order_cost[r], in.demand_rate[r], q) + stock;
  }
  if (auto e = detail::finite_columns({{"cost", out}})) return *e;
  return out;
}

auto epq(const epq_input& in) -> result<production_lot_size_columns> {
  auto rows = check_epq(in, {});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  production_lot_size_columns out{Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n)};
  for (Eigen::Index r = 0; r < n; ++r) {
    const double kd = in.setup_cost[r] * in.demand_rate[r];
    const double h = in.holding_cost[r];
    const double keep = 1.0 - in.demand_rate[r] / in.production_rate[r];
    double q = std::sqrt(2.0 * kd / (h * keep));
    double c = std::sqrt(2.0 * kd * h * keep);
    if (!std::isfinite(q) || !std::isfinite(c)) {
      // An intermediate product overflowed: the same square roots factor by factor.
      const double root_2kd = std::sqrt(2.0 * in.setup_cost[r]) * std::sqrt(in.demand_rate[r]);
      q = root_2kd / std::sqrt(h) / std::sqrt(keep);
      c = root_2kd * std::sqrt(h) * std::sqrt(keep);
    }
    out.order_quantity[r] = q;
    out.max_inventory[r] = q * keep;
    out.cost[r] = c;
  }
  if (auto e = detail::finite_columns({{"order_quantity", out.order_quantity},
                                       {"max_inventory", out.max_inventory},
                                       {"cost", out.cost}})) {
    return *e;
  }
  return out;
}

auto epq_cost(const epq_input& in, const column_view& order_quantity) -> result<Eigen::ArrayXd> {
  auto rows = check_epq(in, {{"order_quantity", order_quantity}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e =
          check_order_quantity(order_quantity, in.setup_cost, in.demand_rate, "setup_cost", n)) {
    return *e;
  }
  Eigen::ArrayXd out(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const double q = order_quantity[r];
    const double keep = 1.0 - in.demand_rate[r] / in.production_rate[r];
    out[r] =
        ordering_cost(in.setup_cost[r], in.demand_rate[r], q) + in.holding_cost[r] * q * keep / 2.0;
  }
  if (auto e = detail::finite_columns({{"cost", out}})) return *e;
  return out;
}

auto all_units_discount(const discount_input& in) -> result<discount_columns> {
  return discount(in, discount_kind::all_units);
}

auto incremental_discount(const discount_input& in) -> result<discount_columns> {
  return discount(in, discount_kind::incremental);
}

}  // namespace onhand::planning
