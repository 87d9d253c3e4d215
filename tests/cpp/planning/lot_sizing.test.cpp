// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/lot_sizing.hpp"

#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;

TEST(Eoq, NahmiasPencilExample) {
  // Nahmias, Production and Operations Analysis, Example 4.1: 60 pencils a week
  // (3,120 a year), K = $12, h = 25% of $0.02 = $0.005 a year: Q* = 3,870.
  auto lot = eoq({.demand_rate = 3120.0, .order_cost = 12.0, .holding_cost = 0.005});
  ASSERT_THAT(lot, IsOk());
  EXPECT_NEAR(lot->order_quantity[0], 3870.0, 0.5);
  EXPECT_NEAR(lot->cost[0], std::sqrt(2.0 * 12.0 * 3120.0 * 0.005), 1e-12);
  // At Q*, ordering and holding cost are equal: each is half the total.
  EXPECT_NEAR(12.0 * 3120.0 / lot->order_quantity[0], lot->cost[0] / 2.0, 1e-9);
}

TEST(Eoq, DegenerateAndInvalid) {
  auto none = eoq({.demand_rate = 0.0, .order_cost = 12.0, .holding_cost = 1.0});
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->order_quantity[0], 0.0);
  EXPECT_EQ(none->cost[0], 0.0);
  auto free_orders = eoq({.demand_rate = 100.0, .order_cost = 0.0, .holding_cost = 1.0});
  EXPECT_EQ(free_orders->order_quantity[0], 0.0);
  auto no_holding = eoq({.demand_rate = 100.0, .order_cost = 5.0, .holding_cost = 0.0});
  ASSERT_THAT(no_holding, HasError(errc::invalid_parameter));
  EXPECT_EQ(no_holding.error().context.field, "holding_cost");
  EXPECT_THAT(eoq({.demand_rate = -1.0, .order_cost = 5.0, .holding_cost = 1.0}),
              HasError(errc::invalid_parameter));
}

TEST(EoqWithBackorders, ReducesToEoqAsBackordersGetExpensive) {
  // Q* = sqrt(2KD(h+p)/(hp)), B* = Q* h/(h+p): D = 1000, K = 50, h = 2, p = 8.
  auto lot = eoq_with_backorders(
      {.demand_rate = 1000.0, .order_cost = 50.0, .holding_cost = 2.0, .backorder_cost = 8.0});
  ASSERT_THAT(lot, IsOk());
  EXPECT_NEAR(lot->order_quantity[0], std::sqrt(2.0 * 50 * 1000 * 10 / 16.0), 1e-10);
  EXPECT_NEAR(lot->max_backorders[0], lot->order_quantity[0] * 0.2, 1e-10);
  EXPECT_NEAR(lot->cost[0], std::sqrt(2.0 * 50 * 1000 * 2 * 0.8), 1e-10);
  auto steep = eoq_with_backorders(
      {.demand_rate = 1000.0, .order_cost = 50.0, .holding_cost = 2.0, .backorder_cost = 1e12});
  EXPECT_NEAR(steep->order_quantity[0], std::sqrt(2.0 * 50 * 1000 / 2.0), 1e-4);
  EXPECT_THAT(
      eoq_with_backorders(
          {.demand_rate = 1.0, .order_cost = 1.0, .holding_cost = 1.0, .backorder_cost = 0.0}),
      HasError(errc::invalid_parameter));
}

TEST(Epq, ProductionRateMustExceedDemand) {
  // D = 1000, P = 4000, K = 100, h = 2: 1 - D/P = 0.75.
  auto lot = epq(
      {.demand_rate = 1000.0, .setup_cost = 100.0, .holding_cost = 2.0, .production_rate = 4000.0});
  ASSERT_THAT(lot, IsOk());
  EXPECT_NEAR(lot->order_quantity[0], std::sqrt(2.0 * 100 * 1000 / (2.0 * 0.75)), 1e-10);
  EXPECT_NEAR(lot->max_inventory[0], 0.75 * lot->order_quantity[0], 1e-10);
  EXPECT_NEAR(lot->cost[0], std::sqrt(2.0 * 100 * 1000 * 2.0 * 0.75), 1e-10);
  for (double p : {1000.0, 900.0}) {
    auto bad = epq(
        {.demand_rate = 1000.0, .setup_cost = 100.0, .holding_cost = 2.0, .production_rate = p});
    ASSERT_THAT(bad, HasError(errc::invalid_parameter));
    EXPECT_EQ(bad.error().context.field, "production_rate");
  }
}

// Nahmias, Production and Operations Analysis, sec. 4.7 (Weighty Trash Bag
// Company): 600 bags a year, K = $8, i = 20%; $0.30 below 500, $0.29 from 500,
// $0.28 from 1,000.
constexpr std::array<price_break, 3> trash_bags{{{.min_quantity = 0, .unit_price = 0.30},
                                                 {.min_quantity = 500, .unit_price = 0.29},
                                                 {.min_quantity = 1000, .unit_price = 0.28}}};

TEST(QuantityDiscount, AllUnitsNahmiasExample) {
  // EOQ at $0.30 is 400 (realizable, cost $204); the breaks cost $198.10 at 500
  // and $200.80 at 1,000: order 500.
  auto lot = all_units_discount(
      {.demand_rate = 600.0, .order_cost = 8.0, .holding_rate = 0.2, .prices = trash_bags});
  ASSERT_THAT(lot, IsOk());
  EXPECT_NEAR(lot->order_quantity[0], 500.0, 1e-9);
  EXPECT_NEAR(lot->unit_price[0], 0.29, 1e-15);
  EXPECT_NEAR(lot->cost[0], 0.29 * 600 + 8.0 * 600 / 500 + 0.2 * 0.29 * 500 / 2, 1e-9);
  EXPECT_NEAR(lot->cost[0], 198.10, 1e-9);
}

TEST(QuantityDiscount, IncrementalNahmiasExample) {
  // Realizable EOQs: 400 at $0.30 (cost $204.00) and 519 at $0.29 (cost $204.58);
  // the one for $0.28 (702) is below its break. Order 400.
  auto lot = incremental_discount(
      {.demand_rate = 600.0, .order_cost = 8.0, .holding_rate = 0.2, .prices = trash_bags});
  ASSERT_THAT(lot, IsOk());
  EXPECT_NEAR(lot->order_quantity[0], 400.0, 1e-9);
  EXPECT_NEAR(lot->cost[0], 204.0, 1e-9);
  EXPECT_NEAR(lot->unit_price[0], 0.30, 1e-15);
  // With K = $40 the segment EOQs are 894 (past its break at 500), 965 (cost
  // $230.46) and, with C(Q) = 15 + 0.28 Q above 1,000, 1,086 ($230.29): order 1,086.
  auto costly = incremental_discount(
      {.demand_rate = 600.0, .order_cost = 40.0, .holding_rate = 0.2, .prices = trash_bags});
  ASSERT_THAT(costly, IsOk());
  EXPECT_NEAR(costly->order_quantity[0], std::sqrt(2.0 * 600 * (40.0 + 15.0) / (0.2 * 0.28)), 1e-9);
  EXPECT_NEAR(costly->cost[0], 230.30, 0.01);
}

TEST(QuantityDiscount, InvalidSchedules) {
  std::array<price_break, 2> not_from_zero{
      {{.min_quantity = 10, .unit_price = 1.0}, {.min_quantity = 20, .unit_price = 0.9}}};
  auto bad = all_units_discount(
      {.demand_rate = 600.0, .order_cost = 8.0, .holding_rate = 0.2, .prices = not_from_zero});
  ASSERT_THAT(bad, HasError(errc::invalid_parameter));
  EXPECT_EQ(bad.error().context.field, "prices.min_quantity");
  std::array<price_break, 2> decreasing{
      {{.min_quantity = 0, .unit_price = 1.0}, {.min_quantity = 0, .unit_price = 0.9}}};
  EXPECT_THAT(
      incremental_discount(
          {.demand_rate = 600.0, .order_cost = 8.0, .holding_rate = 0.2, .prices = decreasing}),
      HasError(errc::invalid_parameter));
  EXPECT_THAT(
      all_units_discount(
          {.demand_rate = 600.0, .order_cost = 8.0, .holding_rate = 0.0, .prices = trash_bags}),
      HasError(errc::invalid_parameter));
  EXPECT_THAT(all_units_discount({.demand_rate = 600.0,
                                  .order_cost = 8.0,
                                  .holding_rate = 0.2,
                                  .prices = std::span<const price_break>{}}),
              HasError(errc::invalid_parameter));
}

}  // namespace
}  // namespace onhand::planning
