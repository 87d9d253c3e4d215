// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/quantity.hpp"

#include <gtest/gtest.h>

#include "onhand/core/result.hpp"

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOkAndHolds;

TEST(QuantityParse, AcceptsPlainDecimals) {
  EXPECT_THAT(quantity::parse("12"), IsOkAndHolds(quantity::units(12)));
  EXPECT_THAT(quantity::parse("-0.5"), IsOkAndHolds(quantity::from_raw(-500'000)));
  EXPECT_THAT(quantity::parse("+3.000"), IsOkAndHolds(quantity::units(3)));
  EXPECT_THAT(quantity::parse("0.000001"), IsOkAndHolds(quantity::from_raw(1)));
  EXPECT_THAT(quantity::parse("1.50000000"), IsOkAndHolds(quantity::from_raw(1'500'000)));
  EXPECT_THAT(quantity::parse("9223372036854.775807"), IsOkAndHolds(quantity::from_raw(INT64_MAX)));
}

TEST(QuantityParse, RejectsMalformedText) {
  for (const char* text :
       {"", "-", ".5", "12.", "1e3", " 1", "1 ", "1,5", "0x10", "--1", "NaN", "1.2.3", "+"}) {
    EXPECT_THAT(quantity::parse(text), HasError(errc::malformed_input)) << text;
  }
}

TEST(QuantityParse, RejectsPrecisionBeyondSixDecimals) {
  auto parsed = quantity::parse("0.0000001");
  ASSERT_THAT(parsed, HasError(errc::precision_exceeded));
  EXPECT_EQ(parsed.error().context.field, "quantity");
}

TEST(QuantityParse, RejectsOverflow) {
  EXPECT_THAT(quantity::parse("9223372036854.775808"), HasError(errc::overflow));
  EXPECT_THAT(quantity::parse("99999999999999999999999999999"), HasError(errc::overflow));
}

TEST(QuantityFormat, ShortestAndFixed) {
  EXPECT_EQ(quantity::units(12).to_string(), "12");
  EXPECT_EQ(quantity::from_raw(-500'000).to_string(), "-0.5");
  EXPECT_EQ(quantity::from_raw(1).to_string(), "0.000001");
  EXPECT_EQ(quantity::from_raw(INT64_MIN).to_string(), "-9223372036854.775808");
  EXPECT_EQ(quantity::from_raw(12'500'000).to_string(3), "12.500");
  EXPECT_EQ(quantity::units(7).to_string(0), "7");
}

TEST(QuantityFormat, RoundTripsThroughText) {
  for (quantity::rep raw : {0LL, 1LL, -1LL, 999'999LL, 1'000'000LL, -123'456'789LL,
                            static_cast<long long>(INT64_MAX)}) {
    const auto q = quantity::from_raw(raw);
    EXPECT_THAT(quantity::parse(q.to_string()), IsOkAndHolds(q));
  }
}

TEST(QuantityArithmetic, CheckedOperationsReportOverflow) {
  const auto max = quantity::from_raw(INT64_MAX);
  EXPECT_THAT(checked_add(max, quantity::from_raw(1)), HasError(errc::overflow));
  EXPECT_THAT(checked_sub(quantity::from_raw(INT64_MIN), quantity::from_raw(1)),
              HasError(errc::overflow));
  EXPECT_THAT(checked_add(quantity::units(2), quantity::units(3)),
              IsOkAndHolds(quantity::units(5)));
  quantity out;
  EXPECT_TRUE(add_overflows(max, max, out));
  EXPECT_FALSE(add_overflows(quantity::units(1), quantity::units(1), out));
  EXPECT_EQ(out, quantity::units(2));
}

TEST(QuantityArithmetic, OperatorOverflowAborts) {
  const auto max = quantity::from_raw(INT64_MAX);
  EXPECT_DEATH({ [[maybe_unused]] auto q = max + quantity::from_raw(1); }, "quantity overflow");
}

TEST(QuantityPrecision, FitsDecimals) {
  EXPECT_TRUE(quantity::units(3).fits_decimals(0));
  EXPECT_FALSE(quantity::from_raw(1'500'000).fits_decimals(0));
  EXPECT_TRUE(quantity::from_raw(1'500'000).fits_decimals(1));
  EXPECT_FALSE(quantity::from_raw(1'234'500).fits_decimals(3));
  EXPECT_TRUE(quantity::from_raw(-1'234'000).fits_decimals(3));
}

TEST(StockLevel, PointAndDeltaArithmetic) {
  auto level = stock_level::zero() + quantity::units(10);
  level -= quantity::units(4);
  EXPECT_EQ(level.from_zero(), quantity::units(6));
  EXPECT_EQ(level - stock_level::zero(), quantity::units(6));
  EXPECT_EQ(stock_level::at(quantity::units(2)) - stock_level::at(quantity::units(5)),
            quantity::units(-3));
  EXPECT_TRUE((stock_level::zero() - quantity::units(1)).is_negative());
  EXPECT_LT(stock_level::zero(), stock_level::at(quantity::units(1)));
}

}  // namespace
}  // namespace onhand
