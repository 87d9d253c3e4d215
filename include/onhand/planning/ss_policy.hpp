// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/ss_policy.hpp
//
// The periodic-review (s, S) policy with backorders: at each review, when the
// inventory position is <= s, order up to S (Zheng & Federgruen's convention).
// Demand per period is Poisson(lambda), the lead time is zero, and costs are
// per period: K per order, and G(y) = h E[(y-D)+] + p E[(D-y)+] charged on the
// position y after ordering. With m(j) the renewal mass of the demand
// (m(0) = 1/(1-p0), m(j) = sum_{l=1..j} p_l m(j-l)/(1-p0)) and M(j) = sum_{i<j} m(i):
//
//   c(s, S) = [K + sum_{j=0}^{S-s-1} m(j) G(S-j)] / M(S-s)
//
// ss_optimal finds the exact optimum by Zheng & Federgruen (1991).
//
// The Ehrhardt-Mosier (1984) revised power approximation needs only the mean
// mu and variance sigma^2 of demand per period (any distribution) and a lead
// time L (protection period L+1, mean mu_L, sd sigma_L):
//
//   Q_p = 1.30 mu^0.494 (K/h)^0.506 (1 + sigma_L^2/mu^2)^0.116
//   z   = sqrt(Q_p h / (sigma_L p)),   s_p = 0.973 mu_L + sigma_L (0.183/z + 1.063 - 2.192 z)
//   if Q_p / mu > 1.5:  s = s_p, S = s_p + Q_p
//   else:               s = min(s_p, S_0), S = min(s_p + Q_p, S_0),
//                       S_0 = mu_L + sigma_L Phi^-1(p/(p+h))   (the newsvendor level)
//
// i.e. the newsvendor cap S_0 applies only when the power batch is small
// (Q_p <= 1.5 mu); K = 0 gives s = S = S_0. The cap is the default;
// cap_at_newsvendor = false reports the uncapped s_p and s_p + Q_p (Snyder &
// Shen's Example 4.7 values, which do not apply the cap). Its values are real
// numbers; round them for use.
//
// Example:
//
//   auto best = onhand::planning::ss_optimal(
//       {.demand_mean = 10.0, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = 9.0});
#pragma once

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

struct ss_input {
  column_view demand_mean;     ///< lambda >= 0, Poisson mean demand per period.
  column_view order_cost;      ///< K >= 0 per order.
  column_view holding_cost;    ///< h > 0 per unit per period.
  column_view backorder_cost;  ///< p > 0 per unit backordered per period.
};

struct ss_columns {
  Eigen::ArrayXd reorder_level;  ///< s: order when the position is <= s.
  Eigen::ArrayXd order_up_to;    ///< S.
  Eigen::ArrayXd cost;           ///< c(s, S) per period (power: nothing, see ss_power_columns).
};

/// The exact long-run cost per period of whole s < S. Domain (else
/// invalid_parameter): demand_mean <= 1e5, s and S within +-1e15, S - s <= 1000;
/// the cost is O((S - s)^2). docs/reference/planning_domains.md.
[[nodiscard]] auto ss_cost(const ss_input& in, const column_view& reorder_level,
                           const column_view& order_up_to) -> result<Eigen::ArrayXd>;

/// The exact optimal whole (s, S) (Zheng & Federgruen 1991). lambda = 0 is
/// invalid_parameter: with no demand nothing is ever ordered. Domain (else
/// invalid_parameter, refused before searching): demand_mean <= 1e5 and
/// sqrt(2 K lambda / h) <= 1000; a search whose S - s would pass 1000 is
/// invalid_parameter (field order_cost), and a cost that overflows (a backorder
/// cost near 1e308) is errc::overflow.
[[nodiscard]] auto ss_optimal(const ss_input& in) -> result<ss_columns>;

struct ss_power_input {
  column_view demand_mean;  ///< mu > 0 per period.
  column_view demand_std;   ///< sigma > 0 per period (sqrt(mu) for Poisson).
  column_view order_cost;   ///< K >= 0.
  column_view holding_cost;
  column_view backorder_cost;
  column_view lead_time = 0.0;  ///< L >= 0 periods.
  /// Apply the newsvendor cap when Q_p/mu <= 1.5 (the default); false reports
  /// the uncapped s_p and s_p + Q_p on every row; K = 0 is then invalid_parameter
  /// (field order_cost: s_p tends to infinity).
  bool cap_at_newsvendor = true;
};

struct ss_power_columns {
  Eigen::ArrayXd reorder_level;
  Eigen::ArrayXd order_up_to;
  Eigen::ArrayXd capped;  ///< 1 where the newsvendor cap rule (Q_p/mu <= 1.5) applied, else 0.
};

/// Ehrhardt & Mosier's revised power approximation of (s, S), as above.
///
/// Example (Snyder & Shen, Example 4.7: N(50, 8^2), K = 2.5, h = 0.18, p = 0.70):
///
///   auto sS = onhand::planning::ss_power_approximation(
///       {.demand_mean = 50.0, .demand_std = 8.0, .order_cost = 2.5, .holding_cost = 0.18,
///        .backorder_cost = 0.70, .cap_at_newsvendor = false});  // s = 40.19, S = 74.29
[[nodiscard]] auto ss_power_approximation(const ss_power_input& in) -> result<ss_power_columns>;

}  // namespace onhand::planning
