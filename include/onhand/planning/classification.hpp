// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/classification.hpp
//
// Ranking and coverage figures that planners sort their SKU-locations by:
// ABC classes by annual value, XYZ classes by the coefficient of variation
// of demand, days of supply and inventory turns. One value per item or
// series, columns in and columns out.
//
// Example:
//
//   Eigen::ArrayXd annual_value = demand_per_year * unit_cost;
//   auto classes = onhand::planning::abc_classify(annual_value, 0.8, 0.95);
//   // (*classes)[i] == abc_class::a for the items making the first 80% of value
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "onhand/core/result.hpp"

namespace onhand::planning {

enum class abc_class : std::uint8_t { a, b, c };
enum class xyz_class : std::uint8_t { x, y, z };

/// ABC by annual value. Items are ranked by value, highest first (ties keep
/// input order); an item is A when the share of total value held by the
/// items ranked before it is below `a_cutoff`, else B when that share is
/// below `b_cutoff`, else C. So the item that crosses a cut-off belongs to
/// the higher class, and the top item is always A (unless all values are
/// 0, when every item is C). Errors: a value negative or not finite
/// ("annual_value"); cut-offs outside (0, 1] ("a_cutoff", "b_cutoff") or
/// a_cutoff > b_cutoff ("b_cutoff").
[[nodiscard]] auto abc_classify(const Eigen::Ref<const Eigen::ArrayXd>& annual_value,
                                double a_cutoff = 0.8, double b_cutoff = 0.95)
    -> result<std::vector<abc_class>>;

/// Coefficient of variation per series (periods x series, one series per
/// column): sample standard deviation (n-1) over the mean. NaN for a series
/// whose mean is 0. Errors: fewer than two periods, negative or non-finite
/// demand ("demand").
[[nodiscard]] auto coefficient_of_variation(const Eigen::Ref<const Eigen::ArrayXXd>& demand)
    -> result<Eigen::ArrayXd>;

/// XYZ by coefficient of variation: X when cv <= x_cutoff, Y when
/// cv <= y_cutoff, else Z; a series without demand (mean 0) is Z. Errors as
/// coefficient_of_variation, plus cut-offs negative, not finite, or
/// x_cutoff > y_cutoff ("x_cutoff", "y_cutoff").
[[nodiscard]] auto xyz_classify(const Eigen::Ref<const Eigen::ArrayXXd>& demand,
                                double x_cutoff = 0.5, double y_cutoff = 1.0)
    -> result<std::vector<xyz_class>>;

/// on_hand / daily demand. 0 when on_hand <= 0; +inf when on_hand > 0 and
/// demand is 0 (the stock never runs out at that rate). Either argument may
/// have size 1 (broadcast). Errors: negative or non-finite demand
/// ("daily_demand"), non-finite on_hand ("on_hand"), sizes that differ.
[[nodiscard]] auto days_of_supply(const Eigen::Ref<const Eigen::ArrayXd>& on_hand,
                                  const Eigen::Ref<const Eigen::ArrayXd>& daily_demand)
    -> result<Eigen::ArrayXd>;

/// cost_of_goods_sold / average_inventory (value per value, same period).
/// 0 when both are 0; +inf when only the inventory is 0. Either argument
/// may have size 1. Errors: negative or non-finite values (field named),
/// sizes that differ.
[[nodiscard]] auto inventory_turns(const Eigen::Ref<const Eigen::ArrayXd>& cost_of_goods_sold,
                                   const Eigen::Ref<const Eigen::ArrayXd>& average_inventory)
    -> result<Eigen::ArrayXd>;

}  // namespace onhand::planning
