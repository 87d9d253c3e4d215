// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/lot_sizing.hpp
//
// How much to order: the economic order quantity and its classic relatives,
// over columns of SKU-locations. Rates are per unit of time of the caller's
// choosing (usually a year): demand_rate D in units per time, holding costs in
// money per unit per time, order (setup) cost K in money per order.
//
//   EOQ             Q* = sqrt(2KD/h),                   cost sqrt(2KDh)
//   with backorders Q* = sqrt(2KD(h+p)/(hp)),           cost sqrt(2KDh p/(h+p))
//   EPQ             Q* = sqrt(2KD/(h(1-D/P))),          cost sqrt(2KDh(1-D/P))
//
// The EOQ family's costs are ordering plus holding (plus backordering) per
// unit time and EXCLUDE the purchase cost, which does not depend on Q. The
// quantity-discount functions' costs INCLUDE the purchase cost D * price,
// because there the price depends on Q.
//
// Example:
//
//   auto lot = onhand::planning::eoq({.demand_rate = 1200.0, .order_cost = 50.0,
//                                     .holding_cost = 2.4});     // Q* = 223.6
#pragma once

#include <span>

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

struct eoq_input {
  column_view demand_rate;   ///< D >= 0, units per time.
  column_view order_cost;    ///< K >= 0, money per order.
  column_view holding_cost;  ///< h > 0, money per unit per time.
};

struct lot_size_columns {
  Eigen::ArrayXd order_quantity;  ///< Q*, units.
  Eigen::ArrayXd cost;            ///< Optimal cost per time, purchase cost excluded.
};

/// EOQ. D = 0 or K = 0 gives Q* = 0 and cost 0.
[[nodiscard]] auto eoq(const eoq_input& in) -> result<lot_size_columns>;

/// The EOQ cost per time K D/Q + h Q/2 of any order quantity Q (purchase cost
/// excluded), to compare a current lot size with Q*. Q must be > 0, or 0 when
/// K D = 0 (nothing is ordered); otherwise invalid_parameter (field
/// order_quantity).
///
/// Example:
///
///   auto now = onhand::planning::eoq_cost(
///       {.demand_rate = 1200.0, .order_cost = 50.0, .holding_cost = 2.4}, 400.0);  // 630
[[nodiscard]] auto eoq_cost(const eoq_input& in, const column_view& order_quantity)
    -> result<Eigen::ArrayXd>;

struct eoq_backorder_input {
  column_view demand_rate;
  column_view order_cost;
  column_view holding_cost;
  column_view backorder_cost;  ///< p > 0, money per unit backordered per time.
};

struct backorder_lot_size_columns {
  Eigen::ArrayXd order_quantity;  ///< Q*.
  Eigen::ArrayXd max_backorders;  ///< B* = Q* h/(h+p), the deepest backlog in a cycle.
  Eigen::ArrayXd cost;            ///< Ordering + holding + backorder cost per time.
};

/// EOQ with planned backorders. D = 0 or K = 0 gives Q* = B* = cost = 0.
[[nodiscard]] auto eoq_with_backorders(const eoq_backorder_input& in)
    -> result<backorder_lot_size_columns>;

/// The cost per time of lot size Q with at most B backordered:
/// K D/Q + h (Q - B)^2/(2Q) + p B^2/(2Q). Q as for eoq_cost; 0 <= B <= Q.
///
/// Example:
///
///   auto now = onhand::planning::eoq_with_backorders_cost(
///       {.demand_rate = 1200.0, .order_cost = 50.0, .holding_cost = 2.4,
///        .backorder_cost = 9.6}, 250.0, 50.0);  // 240 + 192 + 48 = 480
[[nodiscard]] auto eoq_with_backorders_cost(const eoq_backorder_input& in,
                                            const column_view& order_quantity,
                                            const column_view& max_backorders)
    -> result<Eigen::ArrayXd>;

struct epq_input {
  column_view demand_rate;
  column_view setup_cost;  ///< K >= 0, money per production run.
  column_view holding_cost;
  column_view production_rate;  ///< P > D, units per time.
};

struct production_lot_size_columns {
  Eigen::ArrayXd order_quantity;  ///< Q*, the production lot.
  Eigen::ArrayXd max_inventory;   ///< Q* (1 - D/P).
  Eigen::ArrayXd cost;            ///< Setup + holding cost per time.
};

/// Economic production quantity. P <= D is invalid_parameter (field
/// production_rate): production could never build stock.
[[nodiscard]] auto epq(const epq_input& in) -> result<production_lot_size_columns>;

/// The EPQ cost per time K D/Q + h Q (1 - D/P)/2 of any production lot Q
/// (Q as for eoq_cost).
///
/// Example:
///
///   auto now = onhand::planning::epq_cost(
///       {.demand_rate = 1000.0, .setup_cost = 100.0, .holding_cost = 2.0,
///        .production_rate = 4000.0}, 500.0);  // 200 + 375 = 575
[[nodiscard]] auto epq_cost(const epq_input& in, const column_view& order_quantity)
    -> result<Eigen::ArrayXd>;

/// One step of a price schedule: `unit_price` applies from `min_quantity` on.
struct price_break {
  double min_quantity;  ///< The first break starts at 0; strictly increasing.
  double unit_price;    ///< > 0.
};

struct discount_input {
  column_view demand_rate;
  column_view order_cost;
  column_view holding_rate;             ///< i >= 0, fraction of the unit value per time.
  std::span<const price_break> prices;  ///< One schedule for the whole column.
  column_view holding_cost = 0.0;       ///< Extra holding per unit per time, >= 0.
};

struct discount_columns {
  Eigen::ArrayXd order_quantity;  ///< Q*.
  Eigen::ArrayXd unit_price;      ///< Price paid per unit at Q* (average for incremental).
  Eigen::ArrayXd cost;            ///< Purchase + ordering + holding per time.
};

/// All-units discount: every unit of an order of Q costs the price of Q's
/// break. Holding per unit is h + i c_j. Cost(Q) = c_j D + K D/Q + (h + i c_j) Q/2.
[[nodiscard]] auto all_units_discount(const discount_input& in) -> result<discount_columns>;

/// Incremental discount: units beyond each break cost that break's price.
/// With C(Q) the purchase cost of Q units, Cost(Q) = D C(Q)/Q + K D/Q + h Q/2
/// + i C(Q)/2 (holding on the average unit value C(Q)/Q).
[[nodiscard]] auto incremental_discount(const discount_input& in) -> result<discount_columns>;

}  // namespace onhand::planning
