// SPDX-License-Identifier: Apache-2.0
// Moving average, SES and Holt: published FPP values, conventions, fitting,
// batch = one at a time, and typed errors for bad parameters.
#include "onhand/planning/forecast.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "columns.hpp"
#include "matchers.hpp"

namespace onhand::planning {
namespace {

using test_columns::column;
using test_columns::one;

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using testing::HasError;
using testing::IsOk;

// FPP (Hyndman & Athanasopoulos, 1st ed., section 7.1): oil production in
// Saudi Arabia, 1996-2007, millions of tonnes.
auto oil() -> ArrayXd {
  return column({446.6565229, 454.4733065, 455.662974, 423.6322388, 456.2713279, 440.5880501,
                 425.3325201, 485.1494479, 506.0481621, 526.7919833, 514.268889, 494.2110193});
}
// FPP section 7.2: air passengers in Australia, 1990-2004, millions.
auto ausair() -> ArrayXd {
  return column({17.5534, 21.8601, 23.8866, 26.9293, 26.8885, 28.8314, 30.0751, 30.9535, 30.1857,
                 31.5797, 32.577569, 33.477398, 39.021581, 41.386432, 41.596552});
}

auto random_matrix(Eigen::Index periods, Eigen::Index series, unsigned seed) -> ArrayXXd {
  std::mt19937 gen(seed);
  std::normal_distribution<double> noise(50.0, 10.0);
  ArrayXXd m(periods, series);
  for (Eigen::Index j = 0; j < series; ++j) {
    for (Eigen::Index t = 0; t < periods; ++t) {
      m(t, j) = noise(gen) + 0.5 * static_cast<double>(t) + 8.0 * std::sin(static_cast<double>(t));
    }
  }
  return m;
}

// Equal element by element, NaN matching NaN.
void expect_same(const ArrayXXd& a, const ArrayXXd& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    if (std::isnan(a(i))) {
      EXPECT_TRUE(std::isnan(b(i))) << "at " << i;
    } else {
      EXPECT_EQ(a(i), b(i)) << "at " << i;
    }
  }
}

TEST(MovingAverage, FittedIsMeanOfPreviousWindow) {
  auto fc = moving_average(column({1, 2, 3, 4, 8}), 3, 2);
  ASSERT_THAT(fc, IsOk());
  EXPECT_TRUE(std::isnan(fc->fitted(0)));
  EXPECT_TRUE(std::isnan(fc->fitted(1)));
  EXPECT_TRUE(std::isnan(fc->fitted(2)));
  EXPECT_DOUBLE_EQ(fc->fitted(3), 2.0);
  EXPECT_DOUBLE_EQ(fc->fitted(4), 3.0);
  EXPECT_DOUBLE_EQ(fc->forecast(0), 5.0);
  EXPECT_DOUBLE_EQ(fc->forecast(1), 5.0);
  EXPECT_DOUBLE_EQ(fc->sse(0), 4.0 + 25.0);
}

TEST(MovingAverage, WindowEqualToLengthForecastsTheMean) {
  auto fc = moving_average(column({2, 4, 9}), 3, 1);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->forecast(0), 5.0);
  EXPECT_TRUE(fc->fitted.isNaN().all());
}

TEST(MovingAverage, RejectsBadWindowHorizonAndSeries) {
  const ArrayXd y = column({1, 2, 3});
  EXPECT_THAT(moving_average(y, 4, 1), HasError(errc::invalid_parameter));
  EXPECT_EQ(moving_average(y, 4, 1).error().context.field, "window");
  EXPECT_EQ(moving_average(y, 0, 1).error().context.field, "window");
  EXPECT_EQ(moving_average(y, 2, 0).error().context.field, "horizon");
  EXPECT_EQ(moving_average(ArrayXd(0), 1, 1).error().context.field, "series");
  EXPECT_EQ(moving_average(column({1, std::nan(""), 3}), 1, 1).error().context.field, "series");
}

TEST(SimpleExponentialSmoothing, ReproducesFppOilForecasts) {
  // FPP Table 7.1: alpha 0.2 and 0.6 with l0 = y_1 forecast 484.80 and 501.84.
  auto low = simple_exponential_smoothing(oil(), {.alpha = one(0.2)}, 3);
  ASSERT_THAT(low, IsOk());
  EXPECT_NEAR(low->forecast(0), 484.802468, 1e-5);
  EXPECT_DOUBLE_EQ(low->forecast(2), low->forecast(0));
  auto high = simple_exponential_smoothing(oil(), {.alpha = one(0.6)}, 1);
  ASSERT_THAT(high, IsOk());
  EXPECT_NEAR(high->forecast(0), 501.837461, 1e-5);
}

TEST(SimpleExponentialSmoothing, FittedValuesAreThePreviousLevels) {
  // Levels of the alpha = 0.2 fit, as published with the FPP example.
  const std::vector<double> levels{446.65652290, 448.21987962, 449.7084985,  444.49324656,
                                   446.84886283, 445.59670028, 441.54386424, 450.26498098,
                                   461.4216172,  474.49569042, 482.45033014};
  auto fc = simple_exponential_smoothing(oil(), {.alpha = one(0.2)}, 1);
  ASSERT_THAT(fc, IsOk());
  EXPECT_NEAR(fc->fitted(0), 446.6565229, 1e-9);  // default l0 = y_0
  for (std::size_t t = 0; t < levels.size(); ++t) {
    EXPECT_NEAR(fc->fitted(static_cast<Eigen::Index>(t) + 1), levels[t], 1e-6);
  }
}

TEST(SimpleExponentialSmoothing, ExplicitInitialLevelIsTheFirstFittedValue) {
  auto fc = simple_exponential_smoothing(column({10, 20}),
                                         {.alpha = one(0.5), .initial_level = one(4)}, 1);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->fitted(0), 4.0);
  EXPECT_DOUBLE_EQ(fc->fitted(1), 7.0);
  EXPECT_DOUBLE_EQ(fc->forecast(0), 13.5);
  EXPECT_DOUBLE_EQ(fc->sse(0), 36.0 + 169.0);
}

TEST(SimpleExponentialSmoothing, FittedAlphaMinimizesSquaredError) {
  auto fitted = simple_exponential_smoothing(oil(), {}, 1);
  ASSERT_THAT(fitted, IsOk());
  const double chosen = fitted->alpha(0);
  EXPECT_GE(chosen, 0.0);
  EXPECT_LE(chosen, 1.0);
  // An independent scan of alpha: nothing on a fine grid does better.
  for (int i = 0; i <= 1000; ++i) {
    const double a = i / 1000.0;
    double level = oil()(0);
    double sse = 0.0;
    for (Eigen::Index t = 0; t < oil().size(); ++t) {
      sse += (oil()(t) - level) * (oil()(t) - level);
      level = a * oil()(t) + (1 - a) * level;
    }
    EXPECT_LE(fitted->sse(0), sse * (1 + 1e-9)) << "alpha " << a;
  }
}

TEST(Holt, ReproducesFppAirPassengerForecasts) {
  // FPP Table 7.3: alpha 0.8, beta* 0.2, l0 = y_1, b0 = y_2 - y_1.
  auto fc = holt(ausair(), {.alpha = one(0.8), .beta = one(0.2)}, 5);
  ASSERT_THAT(fc, IsOk());
  const std::vector<double> published{43.76, 45.59, 47.43, 49.27, 51.10};
  for (std::size_t h = 0; h < published.size(); ++h) {
    EXPECT_NEAR(fc->forecast(static_cast<Eigen::Index>(h)), published[h], 0.005);
  }
  EXPECT_NEAR(fc->fitted(0), 21.8601, 1e-9);
  EXPECT_NEAR(fc->fitted(2), 25.48461872, 1e-6);
  EXPECT_NEAR(fc->fitted(14), 43.21586036, 1e-6);
  EXPECT_NEAR(fc->forecast(0), 43.75696849, 1e-6);
}

TEST(Holt, TrendUsesTheComponentForm) {
  // l0 = 10, b0 = 1; y0 = 13: l = 0.5*13 + 0.5*11 = 12, b = 0.25*(12-10) + 0.75*1 = 1.25.
  auto fc = holt(
      column({13}),
      {.alpha = one(0.5), .beta = one(0.25), .initial_level = one(10), .initial_trend = one(1)}, 2);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->fitted(0), 11.0);
  EXPECT_DOUBLE_EQ(fc->forecast(0), 13.25);
  EXPECT_DOUBLE_EQ(fc->forecast(1), 14.5);
}

TEST(Holt, FittedParametersBeatAnyGridPoint) {
  const ArrayXd y = ausair();
  auto best = holt(y, {}, 1);
  ASSERT_THAT(best, IsOk());
  for (int i = 0; i <= 20; ++i) {
    for (int k = 0; k <= 20; ++k) {
      auto other = holt(y, {.alpha = one(i / 20.0), .beta = one(k / 20.0)}, 1);
      ASSERT_THAT(other, IsOk());
      EXPECT_LE(best->sse(0), other->sse(0) * (1 + 1e-9));
    }
  }
  EXPECT_EQ(best->beta.size(), 1);
}

TEST(Holt, OnePeriodNeedsAnInitialTrend) {
  EXPECT_EQ(holt(column({5}), {.alpha = one(0.5), .beta = one(0.5)}, 1).error().context.field,
            "series");
}

TEST(Smoothing, RejectsParametersOutsideTheUnitInterval) {
  const ArrayXd y = oil();
  for (double bad : {-0.1, 1.5, std::nan("")}) {
    auto r = simple_exponential_smoothing(y, {.alpha = one(bad)}, 1);
    EXPECT_THAT(r, HasError(errc::invalid_parameter));
    EXPECT_EQ(r.error().context.field, "alpha");
    EXPECT_EQ(holt(y, {.alpha = one(0.5), .beta = one(bad)}, 1).error().context.field, "beta");
  }
  EXPECT_EQ(simple_exponential_smoothing(y, {.alpha = ArrayXd::Constant(3, 0.5)}, 1)
                .error()
                .context.field,
            "alpha");
  EXPECT_EQ(
      simple_exponential_smoothing(y, {.alpha = one(0.5), .initial_level = one(std::nan(""))}, 1)
          .error()
          .context.field,
      "initial_level");
  EXPECT_EQ(simple_exponential_smoothing(ArrayXd(0), {.alpha = one(0.5)}, 1).error().context.field,
            "series");
  EXPECT_EQ(holt(y, {}, 0).error().context.field, "horizon");
}

TEST(Smoothing, BatchEqualsOneAtATime) {
  const ArrayXXd m = random_matrix(40, 6, 7);
  ArrayXd alphas(6);
  alphas << 0.1, 0.2, 0.3, 0.5, 0.8, 1.0;
  auto batch_ses = simple_exponential_smoothing(m, {.alpha = alphas}, 3);
  auto batch_holt = holt(m, {.alpha = alphas, .beta = one(0.1)}, 3);
  auto batch_fit = holt(m, {}, 3);
  auto batch_ma = moving_average(m, 5, 3);
  ASSERT_THAT(batch_ses, IsOk());
  ASSERT_THAT(batch_holt, IsOk());
  ASSERT_THAT(batch_fit, IsOk());
  ASSERT_THAT(batch_ma, IsOk());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    const ArrayXd y = m.col(j);
    auto ses1 = simple_exponential_smoothing(y, {.alpha = one(alphas(j))}, 3);
    expect_same(batch_ses->fitted.col(j), ses1->fitted);
    expect_same(batch_ses->forecast.col(j), ses1->forecast);
    auto holt1 = holt(y, {.alpha = one(alphas(j)), .beta = one(0.1)}, 3);
    expect_same(batch_holt->fitted.col(j), holt1->fitted);
    expect_same(batch_holt->forecast.col(j), holt1->forecast);
    auto fit1 = holt(y, {}, 3);
    EXPECT_EQ(batch_fit->alpha(j), fit1->alpha(0));
    EXPECT_EQ(batch_fit->beta(j), fit1->beta(0));
    expect_same(batch_fit->forecast.col(j), fit1->forecast);
    auto ma1 = moving_average(y, 5, 3);
    expect_same(batch_ma->fitted.col(j), ma1->fitted);
    expect_same(batch_ma->forecast.col(j), ma1->forecast);
  }
}

}  // namespace
}  // namespace onhand::planning
