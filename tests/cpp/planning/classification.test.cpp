// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/classification.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "columns.hpp"
#include "matchers.hpp"

namespace onhand::planning {
namespace {

using test_columns::column;

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using testing::HasError;
using testing::IsOk;

TEST(AbcClassify, CrossingItemJoinsTheHigherClass) {
  // Total 100. Ranked: 50 (before 0%), 25 (50%), 10 (75%), 8 (85%), 4 (93%), 3 (97%).
  auto classes = abc_classify(column({4, 50, 8, 25, 3, 10}));
  ASSERT_THAT(classes, IsOk());
  using enum abc_class;
  EXPECT_EQ(*classes, (std::vector<abc_class>{b, a, b, a, c, a}));
  auto strict = abc_classify(column({4, 50, 8, 25, 3, 10}), 0.5, 0.8);
  EXPECT_EQ(*strict, (std::vector<abc_class>{c, a, c, b, c, b}));
}

TEST(AbcClassify, DegenerateInputs) {
  using enum abc_class;
  EXPECT_EQ(*abc_classify(column({0, 0})), (std::vector<abc_class>{c, c}));
  EXPECT_TRUE(abc_classify(ArrayXd(0))->empty());
  EXPECT_EQ(*abc_classify(column({7})), (std::vector<abc_class>{a}));
  // Ties keep input order: the first of two equal halves is A, the second B.
  EXPECT_EQ(*abc_classify(column({5, 5}), 0.5, 0.6), (std::vector<abc_class>{a, b}));
}

TEST(AbcClassify, RejectsBadValuesAndCutoffs) {
  EXPECT_EQ(abc_classify(column({1, -1})).error().context.field, "annual_value");
  EXPECT_EQ(abc_classify(column({1, std::nan("")})).error().context.field, "annual_value");
  EXPECT_EQ(abc_classify(column({1}), 0.0, 0.9).error().context.field, "a_cutoff");
  EXPECT_EQ(abc_classify(column({1}), 0.8, 1.2).error().context.field, "b_cutoff");
  EXPECT_EQ(abc_classify(column({1}), 0.9, 0.8).error().context.field, "b_cutoff");
}

TEST(XyzClassify, ByCoefficientOfVariation) {
  ArrayXXd demand(4, 4);
  demand << 10, 0, 1, 0,  //
      10, 0, 9, 0,        //
      12, 20, 1, 0,       //
      8, 0, 9, 0;
  auto cv = coefficient_of_variation(demand);
  ASSERT_THAT(cv, IsOk());
  EXPECT_DOUBLE_EQ((*cv)(0), std::sqrt(8.0 / 3) / 10);
  EXPECT_DOUBLE_EQ((*cv)(1), std::sqrt((225.0 + 3 * 25) / 3) / 5);  // 2.0
  EXPECT_DOUBLE_EQ((*cv)(2), std::sqrt(4 * 16.0 / 3) / 5);
  EXPECT_TRUE(std::isnan((*cv)(3)));
  auto classes = xyz_classify(demand);
  ASSERT_THAT(classes, IsOk());
  using enum xyz_class;
  EXPECT_EQ(*classes, (std::vector<xyz_class>{x, z, y, z}));
}

TEST(XyzClassify, RejectsBadInputs) {
  EXPECT_EQ(coefficient_of_variation(ArrayXXd::Ones(1, 3)).error().context.field, "demand");
  EXPECT_EQ(xyz_classify(ArrayXXd::Constant(3, 1, -1.0)).error().context.field, "demand");
  EXPECT_EQ(xyz_classify(ArrayXXd::Ones(3, 1), 1.0, 0.5).error().context.field, "y_cutoff");
  EXPECT_EQ(xyz_classify(ArrayXXd::Ones(3, 1), -1.0, 0.5).error().context.field, "x_cutoff");
}

TEST(DaysOfSupply, DividesStockByDailyDemand) {
  auto days = days_of_supply(column({30, 0, -5, 10}), column({3, 2, 1, 0}));
  ASSERT_THAT(days, IsOk());
  EXPECT_DOUBLE_EQ((*days)(0), 10.0);
  EXPECT_EQ((*days)(1), 0.0);
  EXPECT_EQ((*days)(2), 0.0);
  EXPECT_EQ((*days)(3), std::numeric_limits<double>::infinity());
  auto broadcast = days_of_supply(column({30, 60}), column({3}));
  EXPECT_TRUE((*broadcast == column({10, 20})).all());
  EXPECT_EQ(days_of_supply(column({1}), column({-1})).error().context.field, "daily_demand");
  EXPECT_EQ(days_of_supply(column({1, 2}), column({1, 2, 3})).error().context.field,
            "daily_demand");
}

TEST(InventoryTurns, DividesCostOfGoodsByAverageInventory) {
  auto turns = inventory_turns(column({1200, 0, 50}), column({300, 0, 0}));
  ASSERT_THAT(turns, IsOk());
  EXPECT_DOUBLE_EQ((*turns)(0), 4.0);
  EXPECT_EQ((*turns)(1), 0.0);
  EXPECT_EQ((*turns)(2), std::numeric_limits<double>::infinity());
  EXPECT_THAT(inventory_turns(column({-1}), column({1})), HasError(errc::invalid_parameter));
  EXPECT_EQ(inventory_turns(column({1}), column({std::nan("")})).error().context.field,
            "average_inventory");
}

}  // namespace
}  // namespace onhand::planning
