// SPDX-License-Identifier: Apache-2.0
// Final states returned with the forecasts. For the smoothing methods the
// test is what the states are for: fitting the first k periods and then
// continuing from the returned states over the rest must give the forecasts
// and fitted values of one fit over all periods. For Croston and TSB the
// states are checked against the recursion written out here.
#include <cmath>
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
using Eigen::Index;
using testing::IsOk;

// Three seasons of 4 on a trend, positive for the multiplicative form.
auto seasonal_series(Index n) -> ArrayXd {
  ArrayXd y(n);
  const double pattern[4] = {1.2, 0.8, 1.1, 0.9};
  for (Index t = 0; t < n; ++t) {
    y(t) = (50.0 + 2.0 * static_cast<double>(t)) * pattern[t % 4] +
           std::sin(1.7 * static_cast<double>(t));
  }
  return y;
}

// The tail's fitted values and the forecasts of a continued fit equal the full fit's.
void expect_continues(const forecast_result& full, const forecast_result& tail, Index k) {
  for (Index t = 0; t < tail.fitted.rows(); ++t) {
    EXPECT_NEAR(tail.fitted(t), full.fitted(k + t), 1e-10 * std::abs(full.fitted(k + t))) << t;
  }
  for (Index h = 0; h < full.forecast.rows(); ++h) {
    EXPECT_NEAR(tail.forecast(h), full.forecast(h), 1e-10 * std::abs(full.forecast(h))) << h;
  }
}

TEST(ForecastState, SesLevelContinuesTheRecursion) {
  const ArrayXd y = seasonal_series(20);
  auto full = simple_exponential_smoothing(y, {.alpha = one(0.3)}, 3);
  auto head = simple_exponential_smoothing(y.head(12), {.alpha = one(0.3)}, 3);
  ASSERT_THAT(full, IsOk());
  ASSERT_THAT(head, IsOk());
  ASSERT_EQ(head->level.size(), 1);
  EXPECT_EQ(head->level(0), head->forecast(0));  // SES forecasts its level
  EXPECT_EQ(head->trend.size(), 0);
  EXPECT_EQ(head->seasonal.size(), 0);
  auto tail =
      simple_exponential_smoothing(y.tail(8), {.alpha = one(0.3), .initial_level = head->level}, 3);
  ASSERT_THAT(tail, IsOk());
  expect_continues(*full, *tail, 12);
}

TEST(ForecastState, HoltLevelAndTrendContinueTheRecursion) {
  const ArrayXd y = seasonal_series(20);
  const holt_options options{.alpha = one(0.4), .beta = one(0.2)};
  auto full = holt(y, options, 3);
  auto head = holt(y.head(12), options, 3);
  ASSERT_THAT(full, IsOk());
  ASSERT_THAT(head, IsOk());
  EXPECT_NEAR(head->forecast(1), head->level(0) + 2.0 * head->trend(0), 1e-12);
  auto tail = holt(y.tail(8),
                   {.alpha = one(0.4),
                    .beta = one(0.2),
                    .initial_level = head->level,
                    .initial_trend = head->trend},
                   3);
  ASSERT_THAT(tail, IsOk());
  expect_continues(*full, *tail, 12);
}

TEST(ForecastState, HoltWintersStatesContinueEveryKind) {
  // k = 13 is not a whole number of seasons: the seasonal rows must be rotated.
  const ArrayXd y = seasonal_series(24);
  for (auto kind : {holt_winters_kind::additive, holt_winters_kind::multiplicative,
                    holt_winters_kind::additive_no_trend}) {
    const holt_winters_options options{
        .kind = kind, .season_length = 4, .alpha = one(0.3), .beta = one(0.1), .gamma = one(0.2)};
    auto full = holt_winters(y, options, 6);
    auto head = holt_winters(y.head(13), options, 6);
    ASSERT_THAT(full, IsOk());
    ASSERT_THAT(head, IsOk());
    ASSERT_EQ(head->seasonal.rows(), 4);
    ASSERT_EQ(head->seasonal.cols(), 1);
    // forecast(h) uses seasonal row (h-1) mod m.
    const bool trend = kind != holt_winters_kind::additive_no_trend;
    EXPECT_EQ(head->trend.size(), trend ? 1 : 0);
    for (Index h = 1; h <= 6; ++h) {
      const double base = head->level(0) + (trend ? static_cast<double>(h) * head->trend(0) : 0.0);
      const double season = head->seasonal((h - 1) % 4, 0);
      const double expected =
          kind == holt_winters_kind::multiplicative ? base * season : base + season;
      EXPECT_NEAR(head->forecast(h - 1), expected, 1e-12 * std::abs(expected)) << h;
    }
    auto next = options;
    next.initial_level = head->level;
    if (trend) next.initial_trend = head->trend;
    next.initial_seasonal = head->seasonal;
    auto tail = holt_winters(y.tail(11), next, 6);
    ASSERT_THAT(tail, IsOk());
    expect_continues(*full, *tail, 13);
  }
}

TEST(ForecastState, MovingAverageHasNoState) {
  auto fc = moving_average(seasonal_series(8), 3, 1);
  ASSERT_THAT(fc, IsOk());
  EXPECT_EQ(fc->level.size(), 0);
  EXPECT_EQ(fc->size.size(), 0);
}

// Croston by hand (statsforecast's conventions): the first demand sets size
// and interval (its 0-based index + 1); later demands smooth them.
struct croston_state {
  double size, interval;
  bool seen;
};
auto croston_by_hand(const ArrayXd& y, double alpha) -> croston_state {
  croston_state s{0.0, 0.0, false};
  Index last = -1;
  for (Index t = 0; t < y.size(); ++t) {
    if (y(t) <= 0.0) continue;
    const double gap = static_cast<double>(t - last);
    if (!s.seen) {
      s = {y(t), gap, true};
    } else {
      s.size += alpha * (y(t) - s.size);
      s.interval += alpha * (gap - s.interval);
    }
    last = t;
  }
  return s;
}

// TSB by hand: probability from the first period's occurrence, smoothed every
// period; size as in Croston.
auto tsb_by_hand(const ArrayXd& y, double alpha, double beta) -> std::pair<double, double> {
  double probability = y(0) > 0.0 ? 1.0 : 0.0;
  double size = std::nan("");
  for (Index t = 0; t < y.size(); ++t) {
    const bool demand = y(t) > 0.0;
    probability += beta * ((demand ? 1.0 : 0.0) - probability);
    if (demand) size = std::isnan(size) ? y(t) : size + alpha * (y(t) - size);
  }
  return {size, probability};
}

TEST(ForecastState, CrostonAndTsbStatesInBatchesAndAlone) {
  // Ten series: a block of eight lanes and a remainder of two; series 3 has
  // no demand at all.
  std::mt19937 random(7);
  std::bernoulli_distribution occurs(0.3);
  std::uniform_int_distribution<int> amount(1, 9);
  ArrayXXd y(30, 10);
  for (Index j = 0; j < 10; ++j) {
    for (Index t = 0; t < 30; ++t) y(t, j) = j != 3 && occurs(random) ? amount(random) : 0.0;
  }
  for (auto with : {fitted_values::computed, fitted_values::skipped}) {
    auto c = croston(y, one(0.2), 2, croston_kind::sba, with);
    auto b = tsb(y, one(0.2), one(0.1), 2, with);
    ASSERT_THAT(c, IsOk());
    ASSERT_THAT(b, IsOk());
    ASSERT_EQ(c->size.size(), 10);
    ASSERT_EQ(b->probability.size(), 10);
    EXPECT_EQ(c->probability.size(), 0);
    EXPECT_EQ(b->interval.size(), 0);
    for (Index j = 0; j < 10; ++j) {
      const ArrayXd series = y.col(j);
      const auto hand = croston_by_hand(series, 0.2);
      const auto [size, probability] = tsb_by_hand(series, 0.2, 0.1);
      if (!hand.seen) {
        EXPECT_TRUE(std::isnan(c->size(j)));
        EXPECT_TRUE(std::isnan(c->interval(j)));
        EXPECT_TRUE(std::isnan(b->size(j)));
        EXPECT_EQ(c->forecast(0, j), 0.0);
      } else {
        EXPECT_NEAR(c->size(j), hand.size, 1e-12) << j;
        EXPECT_NEAR(c->interval(j), hand.interval, 1e-12) << j;
        EXPECT_NEAR(c->forecast(0, j), 0.9 * hand.size / hand.interval, 1e-12) << j;
        EXPECT_NEAR(b->size(j), size, 1e-12) << j;
        EXPECT_NEAR(b->forecast(0, j), probability * size, 1e-12) << j;
      }
      EXPECT_NEAR(b->probability(j), probability, 1e-12) << j;
      // One series alone gives the same states as in the batch.
      auto alone = croston(series, one(0.2), 2, croston_kind::sba, with);
      ASSERT_THAT(alone, IsOk());
      if (hand.seen) {
        EXPECT_EQ(alone->size(0), c->size(j));
        EXPECT_EQ(alone->interval(0), c->interval(j));
      }
    }
  }
}

}  // namespace
}  // namespace onhand::planning
