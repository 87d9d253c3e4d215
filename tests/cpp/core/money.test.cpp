// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/money.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;

auto m(const char* text) -> money { return money::parse(text).value(); }

TEST(MoneyParse, ExactDecimals) {
  EXPECT_EQ(m("7.05").to_string(), "7.05");
  EXPECT_EQ(m("-0.000001").to_string(), "-0.000001");
  EXPECT_EQ(m("1999.990000").to_string(2), "1999.99");
  EXPECT_EQ(m("0").to_string(), "0");
  // Far beyond 64 bits: sums of many extensions stay exact.
  EXPECT_EQ(m("123456789012345678901234567.123456").to_string(),
            "123456789012345678901234567.123456");
}

TEST(MoneyParse, RejectsBadText) {
  EXPECT_THAT(money::parse("1.0000001"), HasError(errc::precision_exceeded));
  EXPECT_THAT(money::parse("abc"), HasError(errc::malformed_input));
  EXPECT_THAT(money::parse("1e5"), HasError(errc::malformed_input));
  EXPECT_THAT(money::parse(std::string(45, '9')), HasError(errc::overflow));
}

TEST(MoneyExtend, QuantityTimesPriceIsExact) {
  EXPECT_EQ(extend(quantity::units(3), m("2.35"))->to_string(), "7.05");
  EXPECT_EQ(extend(quantity::parse("0.5").value(), m("0.000001"))->to_string(), "0");  // tie, even
  EXPECT_EQ(extend(quantity::parse("1.5").value(), m("0.000001"))->to_string(), "0.000002");
  // The largest quantity times a large price does not overflow.
  auto big = extend(quantity::from_raw(INT64_MAX), m("1000000000000"));
  ASSERT_THAT(big, IsOk());
  EXPECT_EQ(big->to_string(), "9223372036854775807000000");
}

TEST(MoneyExtend, RoundingModesOnTies) {
  const auto half = quantity::parse("0.5").value();
  const auto price = m("0.000005");  // 0.0000025 exactly: a tie at 6 decimals
  EXPECT_EQ(extend(half, price, rounding::half_even)->to_string(), "0.000002");
  EXPECT_EQ(extend(half, price, rounding::half_up)->to_string(), "0.000003");
  EXPECT_EQ(extend(half, price, rounding::down)->to_string(), "0.000002");
  EXPECT_EQ(extend(half, price, rounding::up)->to_string(), "0.000003");
  EXPECT_EQ(extend(-half, price, rounding::floor)->to_string(), "-0.000003");
  EXPECT_EQ(extend(-half, price, rounding::ceiling)->to_string(), "-0.000002");
  EXPECT_EQ(extend(-half, price, rounding::half_up)->to_string(), "-0.000003");
}

TEST(MoneyRound, ToCents) {
  EXPECT_EQ(m("2.345").round(2)->to_string(), "2.34");  // half-even: 4 is even
  EXPECT_EQ(m("2.355").round(2)->to_string(), "2.36");
  EXPECT_EQ(m("2.355").round(2, rounding::half_up)->to_string(), "2.36");
  EXPECT_EQ(m("2.345").round(2, rounding::half_up)->to_string(), "2.35");
  EXPECT_EQ(m("-2.345").round(2, rounding::half_up)->to_string(), "-2.35");
  EXPECT_EQ(m("2.349").round(2, rounding::down)->to_string(), "2.34");
  EXPECT_EQ(m("-2.341").round(2, rounding::floor)->to_string(), "-2.35");
  EXPECT_EQ(m("2.341").round(2, rounding::ceiling)->to_string(), "2.35");
  EXPECT_EQ(m("2.5").round(0)->to_string(), "2");
  EXPECT_EQ(m("3.5").round(0)->to_string(), "4");
  EXPECT_THAT(m("1").round(7), HasError(errc::invalid_parameter));
  EXPECT_THAT(m("1").round(-1), HasError(errc::invalid_parameter));
}

TEST(MoneyArithmetic, CheckedSumsAndOverflow) {
  EXPECT_EQ(checked_add(m("0.1"), m("0.2"))->to_string(), "0.3");
  EXPECT_EQ(checked_sub(m("0.1"), m("0.3"))->to_string(), "-0.2");
  const auto huge = money::from_raw((money::rep(1) << 127) - 1);
  EXPECT_THAT(checked_add(huge, m("0.000001")), HasError(errc::overflow));
  EXPECT_THAT(checked_sub(money::from_raw(-huge.raw()), m("0.000001")), HasError(errc::overflow));
  EXPECT_LT(m("0.1"), m("0.2"));
}

}  // namespace
}  // namespace onhand
