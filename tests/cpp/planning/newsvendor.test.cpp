// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/newsvendor.hpp"

#include <array>
#include <cmath>

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <gtest/gtest.h>

#include "onhand/planning/distributions.hpp"

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;

TEST(Newsvendor, NormalTextbookExample) {
  // Snyder & Shen, Fundamentals of Supply Chain Theory, ch. 4 newsvendor example:
  // h = 0.18, p = 0.70, D ~ N(50, 8^2): alpha = 0.7955, S* = 56.60, g(S*) = 2.00.
  auto s = newsvendor(
      {.demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.70, .overage_cost = 0.18},
      demand_model::normal);
  ASSERT_THAT(s, IsOk());
  EXPECT_NEAR(s->critical_ratio[0], 0.70 / 0.88, 1e-15);
  EXPECT_NEAR(s->order_up_to[0], 56.60, 0.005);
  // For normal demand the optimal cost is (h + p) sigma phi(z*).
  const double z = (s->order_up_to[0] - 50.0) / 8.0;
  EXPECT_NEAR(s->expected_cost[0], 0.88 * 8.0 * normal_pdf(z), 1e-12);
  EXPECT_NEAR(s->expected_cost[0], 2.00, 0.005);
  EXPECT_NEAR(s->expected_leftover[0] - s->expected_shortage[0], s->order_up_to[0] - 50.0, 1e-12);
}

TEST(Newsvendor, LeadTimeCoversLPlusOnePeriods) {
  auto base = newsvendor({.demand_mean = 20.0,
                          .demand_std = 4.0,
                          .underage_cost = 9.0,
                          .overage_cost = 1.0,
                          .lead_time = 3.0},
                         demand_model::normal);
  ASSERT_THAT(base, IsOk());
  EXPECT_NEAR(base->order_up_to[0], 80.0 + 8.0 * normal_quantile(0.9), 1e-12);
  EXPECT_THAT(newsvendor({.demand_mean = 20.0,
                          .demand_std = 4.0,
                          .underage_cost = 9.0,
                          .overage_cost = 1.0,
                          .lead_time = 1.5},
                         demand_model::normal),
              HasError(errc::invalid_parameter));
}

TEST(Newsvendor, PoissonIsTheSmallestIntegerReachingTheFractile) {
  for (double lambda : {0.3, 4.0, 37.5}) {
    for (double p : {1.0, 4.0, 19.0}) {
      auto s = newsvendor(
          {.demand_mean = lambda, .demand_std = 0.0, .underage_cost = p, .overage_cost = 1.0},
          demand_model::poisson);
      ASSERT_THAT(s, IsOk());
      const double alpha = p / (p + 1.0);
      const double S = s->order_up_to[0];
      const boost::math::poisson dist(lambda);
      EXPECT_EQ(S, std::floor(S));
      EXPECT_GE(boost::math::cdf(dist, S), alpha);
      if (S > 0) {
        EXPECT_LT(boost::math::cdf(dist, S - 1.0), alpha);
      }
      // The fractile minimizes the cost among its integer neighbours.
      auto cost = [&](double x) {
        return 1.0 * poisson_loss_complement(x, lambda) + p * poisson_loss(x, lambda);
      };
      EXPECT_NEAR(s->expected_cost[0], cost(S), 1e-12);
      EXPECT_LE(cost(S), cost(S + 1.0));
      if (S > 0) {
        EXPECT_LE(cost(S), cost(S - 1.0));
      }
    }
  }
  auto none =
      newsvendor({.demand_mean = 0.0, .demand_std = 0.0, .underage_cost = 1.0, .overage_cost = 1.0},
                 demand_model::poisson);
  EXPECT_EQ(none->order_up_to[0], 0.0);
  EXPECT_EQ(none->expected_cost[0], 0.0);
}

TEST(Newsvendor, LognormalQuantileAndLosses) {
  auto s = newsvendor(
      {.demand_mean = 100.0, .demand_std = 60.0, .underage_cost = 3.0, .overage_cost = 1.0},
      demand_model::lognormal);
  ASSERT_THAT(s, IsOk());
  const double sigma = std::sqrt(std::log(1.0 + 0.36));
  const double mu = std::log(100.0) - sigma * sigma / 2;
  EXPECT_NEAR(boost::math::cdf(boost::math::lognormal(mu, sigma), s->order_up_to[0]), 0.75, 1e-12);
  EXPECT_NEAR(s->expected_leftover[0] - s->expected_shortage[0], s->order_up_to[0] - 100.0, 1e-9);
  EXPECT_GT(s->expected_shortage[0], 0.0);
  EXPECT_THAT(
      newsvendor({.demand_mean = 0.0, .demand_std = 1.0, .underage_cost = 3.0, .overage_cost = 1.0},
                 demand_model::lognormal),
      HasError(errc::invalid_parameter));
}

TEST(Newsvendor, DiscreteDistribution) {
  const std::array<double, 5> values{0, 1, 2, 3, 4};
  // One SKU per column (values x SKUs), the layout of every series matrix.
  Eigen::ArrayXXd probabilities(5, 2);
  probabilities << 0.1, 0.0,  //
      0.2, 0.0,               //
      0.3, 1.0,               //
      0.25, 0.0,              //
      0.15, 0.0;
  auto s = newsvendor_discrete(values, probabilities, 3.0, 1.0);  // alpha = 0.75
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->order_up_to[0], 3.0);
  EXPECT_NEAR(s->expected_shortage[0], 0.15, 1e-15);
  EXPECT_NEAR(s->expected_leftover[0], 1.0, 1e-15);
  EXPECT_NEAR(s->expected_cost[0], 1.45, 1e-14);
  EXPECT_EQ(s->order_up_to[1], 2.0);
  EXPECT_EQ(s->expected_cost[1], 0.0);
  Eigen::ArrayXXd bad(5, 1);
  bad << 0.1, 0.2, 0.3, 0.25, 0.25;
  auto sum = newsvendor_discrete(values, bad, 3.0, 1.0);
  ASSERT_THAT(sum, HasError(errc::invalid_parameter));
  EXPECT_EQ(sum.error().context.field, "probabilities");
  const std::array<double, 5> unsorted{0, 2, 1, 3, 4};
  EXPECT_THAT(newsvendor_discrete(unsorted, probabilities, 3.0, 1.0),
              HasError(errc::invalid_parameter));
}

TEST(Newsvendor, ExplicitEconomics) {
  // r = 10, c = 6, v = 2: p = 4, h = 4, alpha = 1/2, S* = mean.
  auto s = newsvendor_profit({.demand_mean = 100.0,
                              .demand_std = 20.0,
                              .price = 10.0,
                              .purchase_cost = 6.0,
                              .salvage_value = 2.0},
                             demand_model::normal);
  ASSERT_THAT(s, IsOk());
  EXPECT_NEAR(s->policy.order_up_to[0], 100.0, 1e-12);
  const double shortage = 20.0 * normal_loss(0.0);
  EXPECT_NEAR(s->expected_sales[0], 100.0 - shortage, 1e-12);
  // Profit from its definition: r E[min(D,S)] + v E[(S-D)+] - c S.
  EXPECT_NEAR(s->expected_profit[0], 10.0 * (100.0 - shortage) + 2.0 * shortage - 600.0, 1e-10);
  auto loss = newsvendor_profit({.demand_mean = 100.0,
                                 .demand_std = 20.0,
                                 .price = 5.0,
                                 .purchase_cost = 6.0,
                                 .salvage_value = 2.0},
                                demand_model::normal);
  ASSERT_THAT(loss, HasError(errc::invalid_parameter));
  EXPECT_EQ(loss.error().context.field, "price");
  EXPECT_THAT(newsvendor_profit({.demand_mean = 100.0,
                                 .demand_std = 20.0,
                                 .price = 10.0,
                                 .purchase_cost = 6.0,
                                 .salvage_value = 7.0},
                                demand_model::normal),
              HasError(errc::invalid_parameter));
}

TEST(Newsvendor, InvalidCostsAndDegenerateSpread) {
  EXPECT_THAT(
      newsvendor(
          {.demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.0, .overage_cost = 0.18},
          demand_model::normal),
      HasError(errc::invalid_parameter));
  auto certain = newsvendor(
      {.demand_mean = 50.0, .demand_std = 0.0, .underage_cost = 1.0, .overage_cost = 1.0},
      demand_model::normal);
  ASSERT_THAT(certain, IsOk());
  EXPECT_EQ(certain->order_up_to[0], 50.0);
  EXPECT_EQ(certain->expected_cost[0], 0.0);
}

}  // namespace
}  // namespace onhand::planning
