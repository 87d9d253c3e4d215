// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/newsvendor.hpp
//
// The newsvendor (single period) and base-stock (periodic review, lead time
// L, backorders) stocking levels. Both stock up to the critical fractile of
// the demand over the protection period:
//
//   alpha = p / (p + h),   S* = F^-1(alpha),   cost(S) = h E[(S-D)+] + p E[(D-S)+]
//
// with p the underage cost (per unit short) and h the overage cost (per unit
// left over). With a lead time of L periods the base-stock level covers L + 1
// periods of i.i.d. demand (Snyder & Shen, ch. 4): normal mean (L+1) mu and
// sd sqrt(L+1) sigma, Poisson mean (L+1) lambda; lognormal demand is moment
// matched over L + 1 periods (a sum of lognormals is not lognormal).
//
// With explicit economics (price r, purchase cost c, salvage v, shortage
// penalty g): p = r - c + g, h = c - v, and the expected profit is
// (r - c) E[D] - cost(S).
//
// Example:
//
//   auto s = onhand::planning::newsvendor(
//       {.demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.70, .overage_cost = 0.18},
//       onhand::planning::demand_model::normal);        // S* = 56.6
#pragma once

#include <cstdint>
#include <span>

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

/// The demand distribution of a period.
enum class demand_model : std::uint8_t {
  normal,     ///< N(mean, std^2); may put mass below 0 when std is large.
  poisson,    ///< Poisson(mean); demand_std is ignored; S* is a whole number.
  lognormal,  ///< Lognormal with this mean (> 0) and std.
  /// Lognormal given the parameters of log D: demand_mean is mu (any finite
  /// value) and demand_std is sigma >= 0 of the normal log D, so the mean is
  /// exp(mu + sigma^2/2) (scipy: lognorm(s=sigma, scale=exp(mu))). Over L + 1
  /// periods it is moment matched like `lognormal`; with L = 0 it is exact.
  lognormal_mu_sigma,
};

struct newsvendor_input {
  column_view demand_mean;      ///< Per period, >= 0 (> 0 for lognormal).
  column_view demand_std;       ///< Per period, >= 0 (ignored for Poisson).
  column_view underage_cost;    ///< p > 0, per unit of demand not met.
  column_view overage_cost;     ///< h > 0, per unit left over (or held a period).
  column_view lead_time = 0.0;  ///< L, whole periods >= 0.
};

struct newsvendor_columns {
  Eigen::ArrayXd critical_ratio;     ///< p / (p + h).
  Eigen::ArrayXd order_up_to;        ///< S*, the order quantity or base-stock level.
  Eigen::ArrayXd expected_cost;      ///< h E[(S-D)+] + p E[(D-S)+].
  Eigen::ArrayXd expected_shortage;  ///< E[(D-S)+].
  Eigen::ArrayXd expected_leftover;  ///< E[(S-D)+].
};

/// S* and its cost. A demand with no spread (std = 0, or Poisson mean 0)
/// gives S* = the protection-period mean and cost 0.
[[nodiscard]] auto newsvendor(const newsvendor_input& in, demand_model model)
    -> result<newsvendor_columns>;

/// The expected cost h E[(S-D)+] + p E[(D-S)+] (with the shortage and leftover)
/// of any stocking level S, one per row (a finite number; for Poisson demand
/// any real S, the losses being piecewise linear between whole numbers). At
/// the optimizer's S* it reports exactly the optimizer's cost.
///
/// Example:
///
///   auto now = onhand::planning::newsvendor_cost(
///       {.demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.70, .overage_cost = 0.18},
///       onhand::planning::demand_model::normal, 60.0);  // expected_cost[0] = 2.156
[[nodiscard]] auto newsvendor_cost(const newsvendor_input& in, demand_model model,
                                   const column_view& order_up_to) -> result<newsvendor_columns>;

/// A discrete demand: `values` strictly increasing, one column of
/// `probabilities` per SKU (a series matrix, column_view.hpp: values x SKUs,
/// numpy shape (skus, values); each SKU's entries >= 0 and summing to 1
/// within 1e-9). S* is the smallest value whose cumulative probability
/// reaches alpha. The
/// distribution is the protection period's; there is no lead-time argument.
[[nodiscard]] auto newsvendor_discrete(std::span<const double> values,
                                       const series_matrix_view& probabilities,
                                       const column_view& underage_cost,
                                       const column_view& overage_cost)
    -> result<newsvendor_columns>;

/// The discrete newsvendor's cost at any (finite) S, one per SKU or broadcast.
///
/// Example (demand 0..4 with probabilities 0.1, 0.2, 0.3, 0.25, 0.15; p = 3, h = 1):
///
///   const std::array<double, 5> values{0, 1, 2, 3, 4};
///   Eigen::ArrayXd f(5);
///   f << 0.1, 0.2, 0.3, 0.25, 0.15;
///   auto now = onhand::planning::newsvendor_discrete_cost(values, f, 3.0, 1.0, 1.5);
///   // expected_shortage 0.9, expected_leftover 0.25, expected_cost 2.95
[[nodiscard]] auto newsvendor_discrete_cost(std::span<const double> values,
                                            const series_matrix_view& probabilities,
                                            const column_view& underage_cost,
                                            const column_view& overage_cost,
                                            const column_view& order_up_to)
    -> result<newsvendor_columns>;

/// Single-period economics.
struct newsvendor_economics {
  column_view demand_mean;
  column_view demand_std;
  column_view price;                   ///< r, revenue per unit sold.
  column_view purchase_cost;           ///< c, with v < c < r + g.
  column_view salvage_value = 0.0;     ///< v, per unit left over (may be negative: disposal).
  column_view shortage_penalty = 0.0;  ///< g >= 0, goodwill per unit short.
};

struct newsvendor_profit_columns {
  newsvendor_columns policy;       ///< With p = r - c + g and h = c - v.
  Eigen::ArrayXd expected_sales;   ///< E[min(D, S*)].
  Eigen::ArrayXd expected_profit;  ///< r E[min(D,S)] + v E[(S-D)+] - c S - g E[(D-S)+].
};

[[nodiscard]] auto newsvendor_profit(const newsvendor_economics& in, demand_model model)
    -> result<newsvendor_profit_columns>;

/// Expected sales and profit of stocking any (finite) S, with the newsvendor
/// columns at that S: the economic newsvendor's evaluator.
///
/// Example:
///
///   auto now = onhand::planning::newsvendor_profit_at(
///       {.demand_mean = 100.0, .demand_std = 20.0, .price = 10.0, .purchase_cost = 6.0,
///        .salvage_value = 2.0},
///       onhand::planning::demand_model::normal, 120.0);
[[nodiscard]] auto newsvendor_profit_at(const newsvendor_economics& in, demand_model model,
                                        const column_view& order_up_to)
    -> result<newsvendor_profit_columns>;

}  // namespace onhand::planning
