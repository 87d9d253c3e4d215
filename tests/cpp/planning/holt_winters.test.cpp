// SPDX-License-Identifier: Apache-2.0
// Holt-Winters: the three variants against recursions worked by hand,
// horizons that are multiples of the season, default initialization,
// fitting, batch = one at a time, and typed errors.
#include <cmath>
#include <random>
#include <vector>

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

auto pair(double a, double b) -> ArrayXXd {
  ArrayXXd s(2, 1);
  s << a, b;
  return s;
}
auto two(double a, double b) -> ArrayXd {
  ArrayXd y(2);
  y << a, b;
  return y;
}

// FPP section 7.5: international visitor nights in Australia, quarterly 2005-2010.
auto aust() -> ArrayXd {
  std::vector<double> v{41.727458, 24.04185,  32.328103, 37.328708, 46.213153, 29.346326,
                        36.48291,  42.977719, 48.901525, 31.180221, 37.717881, 40.420211,
                        51.206863, 31.887228, 40.978263, 43.772491, 55.558567, 33.850915,
                        42.076383, 45.642292, 59.76678,  35.191877, 44.319737, 47.913736};
  return Eigen::Map<ArrayXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

auto options(holt_winters_kind kind) -> holt_winters_options {
  return {
      .kind = kind,
      .season_length = 2,
      .alpha = one(0.5),
      .beta = one(0.5),
      .gamma = one(0.5),
      .initial_level = one(10),
      .initial_trend = one(1),
      .initial_seasonal = kind == holt_winters_kind::multiplicative ? pair(1.2, 0.8) : pair(2, -2)};
}

TEST(HoltWinters, AdditiveFollowsTheRecursionAndLatestSeasonal) {
  // By hand: t0 base 11, s 2 -> l 11.5, b 1.25, s0 2.5; t1 base 12.75, s -2
  // -> l 11.375, b 0.5625, s1 -3.375.
  auto fc = holt_winters(two(14, 8), options(holt_winters_kind::additive), 4);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->fitted(0), 13.0);
  EXPECT_DOUBLE_EQ(fc->fitted(1), 10.75);
  EXPECT_DOUBLE_EQ(fc->forecast(0), 11.375 + 0.5625 + 2.5);
  // h = m uses s1 as updated at t1 (-3.375), not the initial -2.
  EXPECT_DOUBLE_EQ(fc->forecast(1), 11.375 + 2 * 0.5625 - 3.375);
  EXPECT_DOUBLE_EQ(fc->forecast(2), 11.375 + 3 * 0.5625 + 2.5);
  EXPECT_DOUBLE_EQ(fc->forecast(3), 11.375 + 4 * 0.5625 - 3.375);
}

TEST(HoltWinters, MultiplicativeFollowsTheRecursion) {
  const double l0 = 14.0 / 1.2 * 0.5 + 11 * 0.5;
  const double b0 = 0.5 * (l0 - 10) + 0.5 * 1;
  const double s0 = 0.5 * 14.0 / 11.0 + 0.5 * 1.2;
  const double base1 = l0 + b0;
  const double l1 = 0.5 * 8.0 / 0.8 + 0.5 * base1;
  const double b1 = 0.5 * (l1 - l0) + 0.5 * b0;
  const double s1 = 0.5 * 8.0 / base1 + 0.5 * 0.8;
  auto fc = holt_winters(two(14, 8), options(holt_winters_kind::multiplicative), 2);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->fitted(0), 11 * 1.2);
  EXPECT_DOUBLE_EQ(fc->fitted(1), base1 * 0.8);
  EXPECT_DOUBLE_EQ(fc->forecast(0), (l1 + b1) * s0);
  EXPECT_DOUBLE_EQ(fc->forecast(1), (l1 + 2 * b1) * s1);
}

TEST(HoltWinters, AdditiveWithoutTrendIgnoresBeta) {
  // t0: fitted 12, l 11, s0 3; t1: fitted 9, l 10.5, s1 -2.5.
  auto opts = options(holt_winters_kind::additive_no_trend);
  opts.beta = one(7);  // not a parameter of this variant, so not checked
  auto fc = holt_winters(two(14, 8), opts, 2);
  ASSERT_THAT(fc, IsOk());
  EXPECT_DOUBLE_EQ(fc->fitted(0), 12.0);
  EXPECT_DOUBLE_EQ(fc->fitted(1), 9.0);
  EXPECT_DOUBLE_EQ(fc->forecast(0), 13.5);
  EXPECT_DOUBLE_EQ(fc->forecast(1), 8.0);
  EXPECT_EQ(fc->beta.size(), 0);
}

TEST(HoltWinters, HorizonsThatAreMultiplesOfTheSeasonUseTheLatestSeasonal) {
  // alpha = beta = 0 keeps l_t = l0 + (t+1) b0; gamma = 1 makes each
  // seasonal the last deviation of its phase. Checks h = m, 2m, 3m.
  const ArrayXd y = aust();
  const Eigen::Index n = y.size();
  const Eigen::Index m = 4;
  ArrayXXd s0(4, 1);
  s0 << 9, -13, -5, 0;
  auto fc = holt_winters(y,
                         {.kind = holt_winters_kind::additive,
                          .season_length = m,
                          .alpha = one(0),
                          .beta = one(0),
                          .gamma = one(1),
                          .initial_level = one(30),
                          .initial_trend = one(0.5),
                          .initial_seasonal = s0},
                         12);
  ASSERT_THAT(fc, IsOk());
  for (Eigen::Index h = 1; h <= 12; ++h) {
    const Eigen::Index last = n - m + (h - 1) % m;  // last period of the same phase
    const double seasonal = y(last) - (30 + 0.5 * static_cast<double>(last));
    EXPECT_NEAR(fc->forecast(h - 1), 30 + 0.5 * static_cast<double>(n + h - 1) + seasonal, 1e-12)
        << "h " << h;
  }
}

TEST(HoltWinters, DefaultInitializationUsesTheFirstSeasons) {
  const ArrayXd y = aust();
  const double first = y.head(4).mean();
  const double trend = (y.segment(4, 4).mean() - first) / 4.0;
  auto add = holt_winters(y,
                          {.kind = holt_winters_kind::additive,
                           .season_length = 4,
                           .alpha = one(0.3),
                           .beta = one(0.1),
                           .gamma = one(0.2)},
                          1);
  ASSERT_THAT(add, IsOk());
  EXPECT_NEAR(add->fitted(0), first + trend + (y(0) - first), 1e-12);
  auto mul = holt_winters(y,
                          {.kind = holt_winters_kind::multiplicative,
                           .season_length = 4,
                           .alpha = one(0.3),
                           .beta = one(0.1),
                           .gamma = one(0.2)},
                          1);
  ASSERT_THAT(mul, IsOk());
  EXPECT_NEAR(mul->fitted(0), (first + trend) * (y(0) / first), 1e-12);
  auto flat = holt_winters(y.head(4),
                           {.kind = holt_winters_kind::additive_no_trend,
                            .season_length = 4,
                            .alpha = one(0.3),
                            .gamma = one(0.2)},
                           1);
  ASSERT_THAT(flat, IsOk());
  EXPECT_NEAR(flat->fitted(0), y(0), 1e-12);
}

TEST(HoltWinters, FittedParametersBeatAnyGridPoint) {
  const ArrayXd y = aust();
  for (auto kind : {holt_winters_kind::additive, holt_winters_kind::multiplicative,
                    holt_winters_kind::additive_no_trend}) {
    auto best = holt_winters(y, {.kind = kind, .season_length = 4}, 4);
    ASSERT_THAT(best, IsOk());
    for (int a = 0; a <= 10; ++a) {
      for (int b = 0; b <= 10; ++b) {
        for (int g = 0; g <= 10; ++g) {
          auto other = holt_winters(y,
                                    {.kind = kind,
                                     .season_length = 4,
                                     .alpha = one(a / 10.0),
                                     .beta = one(b / 10.0),
                                     .gamma = one(g / 10.0)},
                                    1);
          ASSERT_THAT(other, IsOk());
          EXPECT_LE(best->sse(0), other->sse(0) * (1 + 1e-9));
        }
      }
    }
  }
}

TEST(HoltWinters, BatchEqualsOneAtATime) {
  std::mt19937 gen(3);
  std::uniform_real_distribution<double> noise(0.9, 1.1);
  ArrayXXd m(24, 5);
  for (Eigen::Index j = 0; j < 5; ++j) {
    for (Eigen::Index t = 0; t < 24; ++t) m(t, j) = aust()(t) * noise(gen);
  }
  for (auto kind : {holt_winters_kind::additive, holt_winters_kind::multiplicative,
                    holt_winters_kind::additive_no_trend}) {
    auto batch = holt_winters(m, {.kind = kind, .season_length = 4}, 6);
    ASSERT_THAT(batch, IsOk());
    for (Eigen::Index j = 0; j < 5; ++j) {
      auto single = holt_winters(ArrayXd(m.col(j)), {.kind = kind, .season_length = 4}, 6);
      ASSERT_THAT(single, IsOk());
      EXPECT_EQ(batch->alpha(j), single->alpha(0));
      EXPECT_EQ(batch->gamma(j), single->gamma(0));
      EXPECT_TRUE((batch->fitted.col(j) == single->fitted.col(0)).all());
      EXPECT_TRUE((batch->forecast.col(j) == single->forecast.col(0)).all());
    }
  }
}

TEST(HoltWinters, RejectsBadSeasonAndInputs) {
  const ArrayXd y = aust();
  auto field = [](const result<forecast_result>& r) {
    EXPECT_THAT(r, HasError(errc::invalid_parameter));
    return r ? std::string() : r.error().context.field;
  };
  const auto add = holt_winters_kind::additive;
  EXPECT_EQ(field(holt_winters(y, {.kind = add, .season_length = 1}, 1)), "season_length");
  EXPECT_EQ(field(holt_winters(y, {.kind = add, .season_length = 25}, 1)), "season_length");
  // Default trend needs two seasons: 13 periods with m = 7 is not enough.
  EXPECT_EQ(field(holt_winters(y.head(13), {.kind = add, .season_length = 7}, 1)), "season_length");
  EXPECT_EQ(field(holt_winters(y, {.kind = add, .season_length = 4, .gamma = one(2)}, 1)), "gamma");
  EXPECT_EQ(
      field(holt_winters(y, {.kind = add, .season_length = 4, .initial_seasonal = pair(1, 2)}, 1)),
      "initial_seasonal");
  ArrayXd negative = y;
  negative(3) = -1;
  EXPECT_EQ(field(holt_winters(negative,
                               {.kind = holt_winters_kind::multiplicative, .season_length = 4}, 1)),
            "series");
  // Explicit states make a short series usable.
  auto opts = options(holt_winters_kind::additive);
  EXPECT_THAT(holt_winters(ArrayXd::Constant(2, 5.0), opts, 1), IsOk());
}

}  // namespace
}  // namespace onhand::planning
