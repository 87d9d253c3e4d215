// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/order_rounding.hpp"

#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOkAndHolds;

auto units(std::int64_t n) -> quantity { return quantity::units(n); }

TEST(RoundOrder, UpToPacksAndMinimum) {
  const order_rule cases{.pack_size = units(12), .minimum_order = units(48)};
  EXPECT_THAT(round_order(130.2, cases), IsOkAndHolds(units(132)));
  EXPECT_THAT(round_order(5.0, cases), IsOkAndHolds(units(48)));
  EXPECT_THAT(round_order(0.0, cases), IsOkAndHolds(quantity{}));
  EXPECT_THAT(round_order(-3.0, cases), IsOkAndHolds(quantity{}));
  // Float noise below onhand's 6 decimals does not buy an extra pack.
  EXPECT_THAT(round_order(60.000000000001, cases), IsOkAndHolds(units(60)));
  // An MOQ that is not a whole number of packs is rounded up to one.
  EXPECT_THAT(round_order(1.0, {.pack_size = units(12), .minimum_order = units(50)}),
              IsOkAndHolds(units(60)));
  // No pack: only the 6-decimal rounding and the MOQ apply.
  EXPECT_THAT(round_order(2.5, {}), IsOkAndHolds(*quantity::parse("2.5")));
  EXPECT_THAT(round_order(0.3, {.pack_size = *quantity::parse("0.25")}),
              IsOkAndHolds(*quantity::parse("0.5")));
}

TEST(RoundOrder, InvalidAndOverflow) {
  auto from_nan = round_order(std::nan(""), {});
  ASSERT_THAT(from_nan, HasError(errc::invalid_parameter));
  EXPECT_EQ(from_nan.error().context.field, "suggested");
  EXPECT_THAT(round_order(1.0, {.pack_size = units(-1)}), HasError(errc::invalid_parameter));
  EXPECT_THAT(round_order(1.0, {.minimum_order = units(-1)}), HasError(errc::invalid_parameter));
  EXPECT_THAT(round_order(1e30, {}), HasError(errc::overflow));
  // Fits as a quantity, but not once rounded up to a pack of a million.
  EXPECT_THAT(round_order(9223372000000.5, {.pack_size = units(1000000)}),
              HasError(errc::overflow));
}

TEST(MinMax, OrdersUpToMaxAtOrBelowMin) {
  const order_rule rule{.pack_size = units(10)};
  EXPECT_THAT(min_max_order(units(20), units(20), units(100), rule), IsOkAndHolds(units(80)));
  EXPECT_THAT(min_max_order(units(21), units(20), units(100), rule), IsOkAndHolds(quantity{}));
  EXPECT_THAT(min_max_order(units(-5), units(20), units(100), rule), IsOkAndHolds(units(110)));
  EXPECT_THAT(min_max_order(units(7), units(20), units(100), {}), IsOkAndHolds(units(93)));
  auto inverted = min_max_order(units(7), units(200), units(100), rule);
  ASSERT_THAT(inverted, HasError(errc::invalid_parameter));
  EXPECT_EQ(inverted.error().context.field, "min");
}

TEST(MinMax, ColumnsMatchOneAtATime) {
  Eigen::ArrayXd position(4);
  position << 5.0, 25.0, 19.5, -3.25;
  const std::array<order_rule, 1> rule{{{.pack_size = units(6), .minimum_order = units(24)}}};
  auto orders = min_max_orders(position, 20.0, 60.0, rule);
  ASSERT_TRUE(orders.has_value());
  ASSERT_EQ(orders->size(), 4u);
  for (Eigen::Index i = 0; i < 4; ++i) {
    auto p = quantity::parse(std::to_string(position[i]));
    EXPECT_THAT(min_max_order(*p, units(20), units(60), rule[0]),
                IsOkAndHolds((*orders)[static_cast<std::size_t>(i)]));
  }
  EXPECT_EQ((*orders)[0], units(60));
  EXPECT_EQ((*orders)[1], quantity{});
  auto rounded = round_orders(position, rule);
  ASSERT_TRUE(rounded.has_value());
  EXPECT_EQ((*rounded)[0], units(24));
  EXPECT_EQ((*rounded)[3], quantity{});
  const std::array<order_rule, 2> two{};
  EXPECT_THAT(round_orders(position, two), HasError(errc::invalid_parameter));
}

}  // namespace
}  // namespace onhand::planning
