// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "onhand/planning/distributions.hpp"
#include "onhand/planning/rq_policy.hpp"
#include "onhand/planning/ss_policy.hpp"

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;

// Snyder & Shen, Fundamentals of Supply Chain Theory, ch. 5 exercise (exact and
// approximate r and Q): annual demand N(800, 40^2), K = 50, h = 3.1, p = 45 per
// item per year, lead time 4 days.
const rq_input textbook{.demand_rate = 800.0,
                        .demand_std = 40.0,
                        .lead_time = 4.0 / 365.0,
                        .order_cost = 50.0,
                        .holding_cost = 3.1,
                        .backorder_cost = 45.0};

// G(y) = h E[(y-D)+] + p E[(D-y)+] for the textbook's lead-time demand.
auto newsvendor_cost(double y) -> double {
  const double theta = 800.0 * 4.0 / 365.0;
  const double sigma = 40.0 * std::sqrt(4.0 / 365.0);
  return 3.1 * normal_loss_complement(y, theta, sigma) + 45.0 * normal_loss(y, theta, sigma);
}

TEST(RqPolicy, CostMatchesItsIntegralDefinition) {
  // Trapezoidal integral of G over [r, r+Q], independent of the closed form.
  const double r = 12.0, q = 160.0;
  const int steps = 200000;
  double integral = 0.0;
  for (int i = 0; i <= steps; ++i) {
    const double w = (i == 0 || i == steps) ? 0.5 : 1.0;
    integral += w * newsvendor_cost(r + q * i / steps);
  }
  integral *= q / steps;
  auto g = rq_cost(textbook, r, q);
  ASSERT_THAT(g, IsOk());
  EXPECT_NEAR((*g)[0], (50.0 * 800.0 + integral) / q, 1e-6);
}

TEST(RqPolicy, OptimalReorderPointEqualizesG) {
  auto r = rq_reorder_point(textbook, 150.0);
  ASSERT_THAT(r, IsOk());
  EXPECT_NEAR(newsvendor_cost((*r)[0]), newsvendor_cost((*r)[0] + 150.0), 1e-9);
  // sigma = 0: the deterministic planned backlog h Q/(h+p) below theta.
  auto certain = rq_reorder_point({.demand_rate = 800.0,
                                   .demand_std = 0.0,
                                   .lead_time = 0.01,
                                   .order_cost = 50.0,
                                   .holding_cost = 3.1,
                                   .backorder_cost = 45.0},
                                  150.0);
  EXPECT_NEAR((*certain)[0], 8.0 - 3.1 * 150.0 / 48.1, 1e-12);
}

TEST(RqPolicy, ExactOptimumSatisfiesZhengConditions) {
  auto best = rq_optimal(textbook);
  ASSERT_THAT(best, IsOk());
  const double r = best->reorder_point[0], q = best->order_quantity[0], c = best->cost[0];
  // At the optimum G(r) = G(r+Q) = g(r, Q) (Zheng 1992).
  EXPECT_NEAR(newsvendor_cost(r), c, 1e-6 * c);
  EXPECT_NEAR(newsvendor_cost(r + q), c, 1e-6 * c);
  for (double dq : {-2.0, 2.0}) {
    for (double dr : {-1.0, 0.0, 1.0}) {
      EXPECT_GT((*rq_cost(textbook, r + dr, q + dq))[0], c);
    }
  }
  // Q* is at least the deterministic EOQ with backorders.
  EXPECT_GE(q, std::sqrt(2.0 * 50 * 800 * 48.1 / (3.1 * 45)));
}

TEST(RqPolicy, ApproximationsCostAtLeastTheOptimum) {
  auto best = rq_optimal(textbook);
  ASSERT_THAT(best, IsOk());
  for (auto method : {rq_approximation::eil, rq_approximation::eoq_backorders,
                      rq_approximation::eoq_safety_stock, rq_approximation::loss_function}) {
    auto approx = rq_approximate(textbook, method);
    ASSERT_THAT(approx, IsOk());
    EXPECT_GE(approx->cost[0], best->cost[0] * (1 - 1e-12));
    EXPECT_NEAR((*rq_cost(textbook, approx->reorder_point[0], approx->order_quantity[0]))[0],
                approx->cost[0], 1e-9);
  }
  // EOQB is within Axsater's worst-case bound (sqrt(5) - 2)/2 of the optimum.
  auto eoqb = rq_approximate(textbook, rq_approximation::eoq_backorders);
  EXPECT_LE(eoqb->cost[0], best->cost[0] * (1 + (std::sqrt(5.0) - 2) / 2));
  auto ss = rq_approximate(textbook, rq_approximation::eoq_safety_stock);
  EXPECT_NEAR(ss->order_quantity[0], std::sqrt(2.0 * 50 * 800 / 3.1), 1e-9);
}

// Snyder & Shen, Fundamentals of Supply Chain Theory, Examples 5.1-5.6: demand
// rate 1300 per year with tau = 150, L = 1/12 year, K = 8, h = 0.225,
// p = 7.5. The published values are those of the authors' stockpyl doctests
// (computed to their 1e-6 convergence tolerance).
const rq_input example_5_2{.demand_rate = 1300.0,
                           .demand_std = 150.0,
                           .lead_time = 1.0 / 12.0,
                           .order_cost = 8.0,
                           .holding_cost = 0.225,
                           .backorder_cost = 7.5};

// Standard normal functions written from std::erfc, independent of the library.
auto phi(double k) -> double { return std::exp(-0.5 * k * k) / std::sqrt(2.0 * std::numbers::pi); }
auto upper(double k) -> double { return 0.5 * std::erfc(k / std::sqrt(2.0)); }

TEST(RqPolicy, TextbookApproximationsAndTheirObjectives) {
  const double theta = 1300.0 / 12.0;
  const double sigma = 150.0 * std::sqrt(1.0 / 12.0);
  auto eil = rq_approximate(example_5_2, rq_approximation::eil);
  ASSERT_THAT(eil, IsOk());
  EXPECT_NEAR(eil->reorder_point[0], 213.97044213580244, 1e-4);
  EXPECT_NEAR(eil->order_quantity[0], 318.5901810768729, 1e-4);
  // Example 5.2's EIL cost h (r - lambda L + Q/2) + K lambda/Q + p lambda n(r)/Q.
  EXPECT_NEAR(eil->objective[0], 95.45114022285196, 1e-5);
  EXPECT_NEAR(eil->cost[0],
              (*rq_cost(example_5_2, eil->reorder_point[0], eil->order_quantity[0]))[0], 1e-12);

  auto eoqb = rq_approximate(example_5_2, rq_approximation::eoq_backorders);
  ASSERT_THAT(eoqb, IsOk());
  EXPECT_NEAR(eoqb->reorder_point[0], 128.63781442427097, 1e-4);
  EXPECT_NEAR(eoqb->order_quantity[0], 308.5737801203754, 1e-9);
  // EOQB minimizes the deterministic EOQ-with-backorders cost sqrt(2 K lambda h p/(h + p)).
  EXPECT_NEAR(eoqb->objective[0], std::sqrt(2.0 * 8.0 * 1300.0 * 0.225 * 7.5 / 7.725), 1e-9);

  auto ss = rq_approximate(example_5_2, rq_approximation::eoq_safety_stock);
  ASSERT_THAT(ss, IsOk());
  EXPECT_NEAR(ss->reorder_point[0], 190.3369965715624, 1e-9);
  EXPECT_NEAR(ss->order_quantity[0], 304.0467800264368, 1e-9);
  {
    // K lambda/Q + h Q/2 + G(r) with G(r) = h (r - theta) + (h + p) sigma G(k).
    const double r = ss->reorder_point[0], q = ss->order_quantity[0];
    const double k = (r - theta) / sigma;
    const double loss = sigma * (phi(k) - k * upper(k));
    EXPECT_NEAR(ss->objective[0],
                8.0 * 1300.0 / q + 0.225 * q / 2.0 + 0.225 * (r - theta) + 7.725 * loss, 1e-9);
  }

  auto lf = rq_approximate(example_5_2, rq_approximation::loss_function);
  ASSERT_THAT(lf, IsOk());
  EXPECT_NEAR(lf->reorder_point[0], 126.8670634479628, 1e-4);
  EXPECT_NEAR(lf->order_quantity[0], 328.4491421980451, 1e-4);
  {
    // K lambda/Q + h (r - theta + Q/2) + (h + p) n2(r)/Q, n2(r) = sigma^2 G2(k).
    const double r = lf->reorder_point[0], q = lf->order_quantity[0];
    const double k = (r - theta) / sigma;
    const double n2 = sigma * sigma * 0.5 * ((1.0 + k * k) * upper(k) - k * phi(k));
    EXPECT_NEAR(lf->objective[0], 8.0 * 1300.0 / q + 0.225 * (r - theta + q / 2.0) + 7.725 * n2 / q,
                1e-9);
  }
  // Example 5.1: the exact cost of (126.8, 328.5) is 78.07116250928294.
  EXPECT_NEAR((*rq_cost(example_5_2, 126.8, 328.5))[0], 78.07116250928294, 1e-7);

  // The exact optimum's objective is g itself.
  auto best = rq_optimal(example_5_2);
  ASSERT_THAT(best, IsOk());
  EXPECT_EQ(best->objective[0], best->cost[0]);
}

TEST(RqPolicy, InvalidParameters) {
  EXPECT_THAT(rq_cost(textbook, 10.0, 0.0), HasError(errc::invalid_parameter));
  auto no_k = rq_optimal({.demand_rate = 800.0,
                          .demand_std = 40.0,
                          .lead_time = 0.01,
                          .order_cost = 0.0,
                          .holding_cost = 3.1,
                          .backorder_cost = 45.0});
  ASSERT_THAT(no_k, HasError(errc::invalid_parameter));
  EXPECT_EQ(no_k.error().context.field, "order_cost");
  auto cheap_backorders = rq_approximate({.demand_rate = 10.0,
                                          .demand_std = 4.0,
                                          .lead_time = 0.5,
                                          .order_cost = 500.0,
                                          .holding_cost = 5.0,
                                          .backorder_cost = 0.1},
                                         rq_approximation::eil);
  ASSERT_THAT(cheap_backorders, HasError(errc::invalid_parameter));
  EXPECT_EQ(cheap_backorders.error().context.field, "backorder_cost");
}

TEST(RqPoisson, OptimumMatchesExhaustiveSearch) {
  const rq_input in{.demand_rate = 30.0,
                    .demand_std = 0.0,
                    .lead_time = 0.25,
                    .order_cost = 20.0,
                    .holding_cost = 2.0,
                    .backorder_cost = 18.0};
  auto best = rq_poisson_optimal(in);
  ASSERT_THAT(best, IsOk());
  double grid_best = INFINITY;
  double grid_r = 0, grid_q = 0;
  for (double r = -5; r <= 20; ++r) {
    for (double q = 1; q <= 40; ++q) {
      const double c = (*rq_poisson_cost(in, r, q))[0];
      if (c < grid_best - 1e-12) {
        grid_best = c;
        grid_r = r;
        grid_q = q;
      }
    }
  }
  EXPECT_NEAR(best->cost[0], grid_best, 1e-10);
  EXPECT_EQ(best->reorder_point[0], grid_r);
  EXPECT_EQ(best->order_quantity[0], grid_q);
  EXPECT_THAT(rq_poisson_cost(in, 1.5, 3.0), HasError(errc::invalid_parameter));
}

TEST(SsPolicy, ZhengFedergruenExample) {
  // Zheng & Federgruen (1991), the paper's numerical example: Poisson demand with
  // mean 10 per period, K = 64, h = 1, p = 9, zero lead time: (s*, S*) = (6, 40),
  // c* = 35.0215 per period.
  auto best = ss_optimal(
      {.demand_mean = 10.0, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = 9.0});
  ASSERT_THAT(best, IsOk());
  EXPECT_EQ(best->reorder_level[0], 6.0);
  EXPECT_EQ(best->order_up_to[0], 40.0);
  EXPECT_NEAR(best->cost[0], 35.0215, 1e-4);  // reported to four decimals
}

TEST(SsPolicy, OptimumMatchesExhaustiveSearch) {
  for (double lambda : {2.0, 10.0, 25.0}) {
    const ss_input in{
        .demand_mean = lambda, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = 9.0};
    auto best = ss_optimal(in);
    ASSERT_THAT(best, IsOk());
    double grid_best = INFINITY;
    for (double s = -5; s <= 2 * lambda + 10; ++s) {
      for (double S = s + 1; S <= s + 60; ++S) {
        grid_best = std::min(grid_best, (*ss_cost(in, s, S))[0]);
      }
    }
    EXPECT_NEAR(best->cost[0], grid_best, 1e-9) << lambda;
    EXPECT_NEAR((*ss_cost(in, best->reorder_level[0], best->order_up_to[0]))[0], best->cost[0],
                1e-12);
  }
}

TEST(SsPolicy, CostOfAnOrderEveryPeriod) {
  // s = S - 1: every period with positive demand orders. With Poisson(4),
  // M(1) = m(0) = 1/(1-p0), so c = (1-p0) K + G(S).
  const ss_input in{
      .demand_mean = 4.0, .order_cost = 10.0, .holding_cost = 1.0, .backorder_cost = 4.0};
  const double p0 = std::exp(-4.0);
  const double g5 = 1.0 * poisson_loss_complement(5.0, 4.0) + 4.0 * poisson_loss(5.0, 4.0);
  EXPECT_NEAR((*ss_cost(in, 4.0, 5.0))[0], (1 - p0) * 10.0 + g5, 1e-12);
  EXPECT_THAT(ss_cost(in, 5.0, 5.0), HasError(errc::invalid_parameter));
  EXPECT_THAT(
      ss_optimal(
          {.demand_mean = 0.0, .order_cost = 1.0, .holding_cost = 1.0, .backorder_cost = 1.0}),
      HasError(errc::invalid_parameter));
}

TEST(SsPowerApproximation, FormulaAndNewsvendorCap) {
  // mu = 10, sigma = sqrt(10), K = 64, h = 1, p = 9, L = 0. The expected values
  // are the published formula (Ehrhardt & Mosier 1984) written out here.
  auto power = ss_power_approximation({.demand_mean = 10.0,
                                       .demand_std = std::sqrt(10.0),
                                       .order_cost = 64.0,
                                       .holding_cost = 1.0,
                                       .backorder_cost = 9.0});
  ASSERT_THAT(power, IsOk());
  const double qp = 1.30 * std::pow(10.0, 0.494) * std::pow(64.0, 0.506) * std::pow(1.1, 0.116);
  const double z = std::sqrt(qp / (std::sqrt(10.0) * 9.0));
  const double sp = 0.973 * 10.0 + std::sqrt(10.0) * (0.183 / z + 1.063 - 2.192 * z);
  EXPECT_GT(qp / 10.0, 1.5);  // a large batch: no cap
  EXPECT_EQ(power->capped[0], 0.0);
  EXPECT_NEAR(power->reorder_level[0], sp, 1e-12);
  EXPECT_NEAR(power->order_up_to[0], sp + qp, 1e-12);
  // A small batch (K tiny) is capped at the newsvendor level.
  auto small = ss_power_approximation({.demand_mean = 10.0,
                                       .demand_std = std::sqrt(10.0),
                                       .order_cost = 1.0,
                                       .holding_cost = 1.0,
                                       .backorder_cost = 9.0});
  ASSERT_THAT(small, IsOk());
  EXPECT_EQ(small->capped[0], 1.0);
  EXPECT_LE(small->order_up_to[0], 10.0 + std::sqrt(10.0) * normal_quantile(0.9) + 1e-12);
  // No order cost: the formula's limit, s = S = the newsvendor level.
  auto free_orders = ss_power_approximation({.demand_mean = 10.0,
                                             .demand_std = std::sqrt(10.0),
                                             .order_cost = 0.0,
                                             .holding_cost = 1.0,
                                             .backorder_cost = 9.0});
  ASSERT_THAT(free_orders, IsOk());
  const double s0 = 10.0 + std::sqrt(10.0) * normal_quantile(0.9);
  EXPECT_NEAR(free_orders->reorder_level[0], s0, 1e-12);
  EXPECT_NEAR(free_orders->order_up_to[0], s0, 1e-12);
}

TEST(SsPowerApproximation, SnyderShenExample) {
  // Snyder & Shen, Fundamentals of Supply Chain Theory, Example 4.7: demand
  // N(50, 8^2) per period, K = 2.5, h = 0.18, p = 0.70. Published uncapped
  // power approximation (s, S) = (40.19461695647407, 74.29017010980579), the
  // value of the authors' stockpyl s_s_power_approximation doctest; the
  // newsvendor level of the same example is S* = 56.60.
  const ss_power_input example{.demand_mean = 50.0,
                               .demand_std = 8.0,
                               .order_cost = 2.5,
                               .holding_cost = 0.18,
                               .backorder_cost = 0.70};
  auto uncapped = example;
  uncapped.cap_at_newsvendor = false;
  auto raw = ss_power_approximation(uncapped);
  ASSERT_THAT(raw, IsOk());
  EXPECT_NEAR(raw->reorder_level[0], 40.19461695647407, 1e-11);
  EXPECT_NEAR(raw->order_up_to[0], 74.29017010980579, 1e-11);
  EXPECT_EQ(raw->capped[0], 0.0);
  // Q_p / mu = 0.68 <= 1.5: by default S is capped at the newsvendor level.
  auto capped = ss_power_approximation(example);
  ASSERT_THAT(capped, IsOk());
  EXPECT_EQ(capped->capped[0], 1.0);
  EXPECT_NEAR(capped->reorder_level[0], 40.19461695647407, 1e-11);
  EXPECT_NEAR(capped->order_up_to[0], 56.60, 5e-3);
  // Uncapped, K = 0 has no finite s_p: a typed error naming order_cost.
  uncapped.order_cost = 0.0;
  EXPECT_THAT(ss_power_approximation(uncapped), HasError(errc::invalid_parameter));
}

}  // namespace
}  // namespace onhand::planning
