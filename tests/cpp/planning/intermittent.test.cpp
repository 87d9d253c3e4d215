// SPDX-License-Identifier: Apache-2.0
// Croston, SBA and TSB with statsforecast's conventions, worked by hand.
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "onhand/planning/forecast.hpp"

#include "columns.hpp"
#include "matchers.hpp"

namespace onhand::planning {
namespace {

using test_columns::one;

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using testing::HasError;
using testing::IsOk;

// Demand at indexes 2, 6 and 8: sizes 3, 2, 5; intervals 3 (= 2 + 1), 4, 2.
auto sample() -> ArrayXd {
  ArrayXd y(10);
  y << 0, 0, 3, 0, 0, 0, 2, 0, 5, 0;
  return y;
}

TEST(Croston, SmoothsSizeAndIntervalFromTheFirstDemand) {
  const double size = 0.1 * 5 + 0.9 * (0.1 * 2 + 0.9 * 3);
  const double interval = 0.1 * 2 + 0.9 * (0.1 * 4 + 0.9 * 3);
  auto fc = croston(sample(), one(0.1), 3);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->forecast(0), size / interval);
  EXPECT_DOUBLE_EQ(fc->forecast(2), size / interval);
  EXPECT_TRUE(std::isnan(fc->fitted(0)));
  EXPECT_EQ(fc->fitted(1), 0.0);  // no demand seen yet
  EXPECT_EQ(fc->fitted(2), 0.0);
  EXPECT_DOUBLE_EQ(fc->fitted(3), 1.0);  // 3 / 3
  EXPECT_DOUBLE_EQ(fc->fitted(7), (0.1 * 2 + 0.9 * 3) / (0.1 * 4 + 0.9 * 3));
}

TEST(Croston, SbaScalesByOneMinusHalfAlpha) {
  auto classic = croston(sample(), one(0.1), 1);
  auto sba = croston(sample(), one(0.1), 1, croston_kind::sba);
  ASSERT_THAT(sba, IsOk());
  EXPECT_DOUBLE_EQ(sba->forecast(0), classic->forecast(0) * 0.95);
  EXPECT_DOUBLE_EQ(sba->fitted(3), 0.95);
}

TEST(Croston, FirstPeriodDemandStartsIntervalAtOne) {
  ArrayXd y(4);
  y << 4, 0, 0, 6;
  auto fc = croston(y, one(0.5), 1);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->forecast(0), (0.5 * 6 + 0.5 * 4) / (0.5 * 3 + 0.5 * 1));
  EXPECT_DOUBLE_EQ(fc->fitted(1), 4.0);
}

TEST(Tsb, SmoothsProbabilityEveryPeriodAndSizeOnDemand) {
  double p = 0.0;  // first observation has no demand
  const double occurrence[] = {0, 0, 1, 0, 0, 0, 1, 0, 1, 0};
  for (int t = 1; t < 10; ++t) p += 0.3 * (occurrence[t] - p);
  const double size = 0.2 * 5 + 0.8 * (0.2 * 2 + 0.8 * 3);
  auto fc = tsb(sample(), one(0.2), one(0.3), 2);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->forecast(0), p * size);
  EXPECT_DOUBLE_EQ(fc->forecast(1), p * size);
  EXPECT_EQ(fc->fitted(2), 0.0);
  EXPECT_DOUBLE_EQ(fc->fitted(3), 0.3 * 3);
  EXPECT_EQ(fc->beta(0), 0.3);
}

TEST(Intermittent, AllZeroSeriesForecastsZero) {
  const ArrayXd zeros = ArrayXd::Zero(6);
  for (const auto& fc :
       {croston(zeros, one(0.1), 2), croston(zeros, one(0.1), 2, croston_kind::sba),
        tsb(zeros, one(0.1), one(0.1), 2)}) {
    ASSERT_THAT(fc, IsOk());
    EXPECT_TRUE((fc->forecast == 0.0).all());
    EXPECT_TRUE(std::isnan(fc->fitted(0)));
    EXPECT_TRUE((fc->fitted.bottomRows(5) == 0.0).all());
  }
}

TEST(Intermittent, BatchEqualsOneAtATime) {
  std::mt19937 gen(11);
  std::bernoulli_distribution occurs(0.3);
  std::poisson_distribution<int> size(4);
  ArrayXXd m(52, 11);  // one block of eight series and a remainder of three
  for (Eigen::Index i = 0; i < m.size(); ++i) m(i) = occurs(gen) ? 1 + size(gen) : 0;
  ArrayXd alphas = ArrayXd::LinSpaced(11, 0.05, 0.4);
  auto c = croston(m, alphas, 4, croston_kind::sba);
  auto t = tsb(m, alphas, one(0.2), 4);
  ASSERT_THAT(c, IsOk());
  ASSERT_THAT(t, IsOk());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    auto c1 = croston(ArrayXd(m.col(j)), one(alphas(j)), 4, croston_kind::sba);
    auto t1 = tsb(ArrayXd(m.col(j)), one(alphas(j)), one(0.2), 4);
    EXPECT_TRUE((c->forecast.col(j) == c1->forecast.col(0)).all());
    EXPECT_TRUE((t->forecast.col(j) == t1->forecast.col(0)).all());
    EXPECT_TRUE((c->fitted.col(j).tail(51) == c1->fitted.col(0).tail(51)).all());
    EXPECT_TRUE((t->fitted.col(j).tail(51) == t1->fitted.col(0).tail(51)).all());
  }
}

TEST(Intermittent, SkippingFittedValuesKeepsTheForecasts) {
  ArrayXXd m(10, 9);
  for (Eigen::Index j = 0; j < 9; ++j) m.col(j) = sample() * static_cast<double>(j % 3);
  auto full = croston(m, one(0.2), 2, croston_kind::sba);
  auto lean = croston(m, one(0.2), 2, croston_kind::sba, fitted_values::skipped);
  ASSERT_THAT(lean, IsOk());
  EXPECT_TRUE((lean->forecast == full->forecast).all());
  EXPECT_EQ(lean->fitted.size(), 0);
  EXPECT_EQ(lean->sse.size(), 0);
  auto tsb_full = tsb(m, one(0.2), one(0.3), 2);
  auto tsb_lean = tsb(m, one(0.2), one(0.3), 2, fitted_values::skipped);
  ASSERT_THAT(tsb_lean, IsOk());
  EXPECT_TRUE((tsb_lean->forecast == tsb_full->forecast).all());
  EXPECT_EQ(tsb_lean->fitted.size(), 0);
}

TEST(Intermittent, RejectsBadValuesInAnySeries) {
  for (double bad : {-1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    for (Eigen::Index column : {0, 9}) {  // in the block of eight and in the remainder
      ArrayXXd m = ArrayXXd::Ones(10, 10);
      m(5, column) = bad;
      EXPECT_EQ(croston(m, one(0.1), 1).error().context.field, "series");
      EXPECT_EQ(tsb(m, one(0.1), one(0.1), 1, fitted_values::skipped).error().context.field,
                "series");
    }
  }
}

TEST(Intermittent, RejectsNegativeDemandAndBadAlphas) {
  ArrayXd y = sample();
  y(4) = -1;
  EXPECT_EQ(croston(y, one(0.1), 1).error().context.field, "series");
  EXPECT_EQ(tsb(y, one(0.1), one(0.1), 1).error().context.field, "series");
  EXPECT_THAT(croston(sample(), one(1.1), 1), HasError(errc::invalid_parameter));
  EXPECT_EQ(croston(sample(), ArrayXd(), 1).error().context.field, "alpha");
  EXPECT_EQ(tsb(sample(), one(0.1), one(-0.1), 1).error().context.field, "alpha_probability");
  EXPECT_EQ(tsb(sample(), one(0.1), one(0.1), 0).error().context.field, "horizon");
}

}  // namespace
}  // namespace onhand::planning
