// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/rq_policy.hpp
//
// The continuous-review (r, Q) policy with backorders: when the inventory
// position falls to r, order Q. Costs are per unit time. The demand rate
// lambda and its standard deviation tau are per unit time, so lead-time
// demand D is normal with mean theta = lambda L and sd sigma = tau sqrt(L).
// With G(y) = h E[(y-D)+] + p E[(D-y)+] (h holding, p backorder cost per unit
// per time) and the inventory position uniform on [r, r+Q]:
//
//   g(r, Q) = [K lambda + integral_r^{r+Q} G(y) dy] / Q
//           = [K lambda + h (Q (r - theta) + Q^2/2) + (h+p) (n2(r) - n2(r+Q))] / Q
//
// where n2(y) = sigma^2 G2((y - theta)/sigma) is the normal second-order loss.
// For a given Q the best r has G(r) = G(r + Q); the optimal (r, Q) minimizes
// g over Q along that curve (g is jointly convex).
//
// Approximations (each reported with its exact cost g(r, Q) and with the
// objective it minimizes, evaluated at its (r, Q)):
//   eoq_safety_stock  Q = sqrt(2 K lambda / h), r = theta + sigma Phi^-1(p/(p+h));
//                     objective K lambda/Q + h Q/2 + G(r), minimized term by term
//   eoq_backorders    Q = sqrt(2 K lambda (h+p)/(h p)), r optimal for that Q;
//                     objective the deterministic K lambda/Q + h p Q/(2 (h+p)) that Q minimizes
//   eil               expected-inventory-level cost h (r - theta + Q/2) + (K lambda
//                     + p lambda n(r))/Q, p read as a cost per unit short:
//                     Q = sqrt(2 lambda (K + p n(r))/h), 1 - F(r) = h Q/(p lambda), iterated
//   loss_function     Hadley-Whitin with second-order loss: cost K lambda/Q +
//                     h (r - theta + Q/2) + (h+p) n2(r)/Q, i.e. g without the
//                     n2(r+Q) term: n(r) = h Q/(h+p), Q = sqrt(2 (K lambda + (h+p) n2(r))/h),
//                     iterated
//
// For Poisson lead-time demand (mean lambda L) the inventory position is
// uniform on r+1, ..., r+Q, g(r, Q) = [K lambda + sum_{y=r+1}^{r+Q} G(y)] / Q,
// and the optimal integers come from the Federgruen-Zheng (1992) algorithm.
//
// Example:
//
//   auto best = onhand::planning::rq_optimal({.demand_rate = 800.0, .demand_std = 40.0,
//       .lead_time = 4.0 / 365, .order_cost = 50.0, .holding_cost = 3.1, .backorder_cost = 45.0});
#pragma once

#include <cstdint>

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

struct rq_input {
  column_view demand_rate;     ///< lambda >= 0, units per time.
  column_view demand_std;      ///< tau >= 0: demand over t has variance tau^2 t.
  column_view lead_time;       ///< L >= 0, time.
  column_view order_cost;      ///< K >= 0 per order (> 0 for the optima).
  column_view holding_cost;    ///< h > 0 per unit per time.
  column_view backorder_cost;  ///< p > 0 per unit backordered per time.
};

struct rq_columns {
  Eigen::ArrayXd reorder_point;   ///< r.
  Eigen::ArrayXd order_quantity;  ///< Q.
  Eigen::ArrayXd cost;            ///< The exact g(r, Q) per time.
  /// The objective the method minimizes, at (r, Q): for rq_approximate the
  /// approximation's own cost (see the table above; e.g. EIL's
  /// h (r - theta + Q/2) + K lambda/Q + p lambda n(r)/Q), so textbook tables
  /// can be reproduced; for the exact optima g itself (equal to cost).
  Eigen::ArrayXd objective;
};

/// The exact expected cost g(r, Q) per unit time (normal lead-time demand); Q > 0.
[[nodiscard]] auto rq_cost(const rq_input& in, const column_view& reorder_point,
                           const column_view& order_quantity) -> result<Eigen::ArrayXd>;

/// The r minimizing g(., Q) for each Q > 0: the root of G(r) = G(r+Q). With
/// sigma = 0 it is theta - h Q/(h+p), the deterministic planned backlog.
[[nodiscard]] auto rq_reorder_point(const rq_input& in, const column_view& order_quantity)
    -> result<Eigen::ArrayXd>;

/// The exact optimal (r, Q) for normal lead-time demand; K = 0 or lambda = 0
/// is invalid_parameter (field order_cost / demand_rate): there is no batch to size.
[[nodiscard]] auto rq_optimal(const rq_input& in) -> result<rq_columns>;

enum class rq_approximation : std::uint8_t { eil, eoq_backorders, eoq_safety_stock, loss_function };

/// An approximate (r, Q), its exact cost and its own objective. EIL needs
/// h Q < p lambda at its solution; otherwise it is invalid_parameter (field
/// backorder_cost).
///
/// Example (Snyder & Shen, Example 5.2: lambda = 1300, tau = 150, L = 1/12,
/// K = 8, h = 0.225, p = 7.5):
///
///   auto eil = onhand::planning::rq_approximate({.demand_rate = 1300.0, .demand_std = 150.0,
///       .lead_time = 1.0 / 12, .order_cost = 8.0, .holding_cost = 0.225,
///       .backorder_cost = 7.5}, onhand::planning::rq_approximation::eil);
///   // r = 213.97, Q = 318.59, objective = 95.45 (the book's EIL cost)
[[nodiscard]] auto rq_approximate(const rq_input& in, rq_approximation method)
    -> result<rq_columns>;

/// Poisson lead-time demand (demand_std is ignored): exact cost of whole (r, Q), Q >= 1.
/// Domain: lead-time mean lambda L <= 1e5, Q <= 2e4, |r| <= 1e15; cost O(Q sqrt(lambda L)).
[[nodiscard]] auto rq_poisson_cost(const rq_input& in, const column_view& reorder_point,
                                   const column_view& order_quantity) -> result<Eigen::ArrayXd>;

/// The optimal whole (r, Q) for Poisson lead-time demand (Federgruen & Zheng 1992).
/// Domain: lead-time mean <= 1e5, and the EOQ with backorders (a lower bound of
/// Q*) <= 2e4 (field order_cost); both refused before searching.
[[nodiscard]] auto rq_poisson_optimal(const rq_input& in) -> result<rq_columns>;

}  // namespace onhand::planning
