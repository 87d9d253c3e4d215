// SPDX-License-Identifier: Apache-2.0
// Cost at a given decision. Each evaluator must (a) report exactly the
// optimizer's cost at the optimizer's decision, and (b) agree elsewhere with a
// computation written here independently of the library: the average of the
// inventory path over a cycle for the lot sizes, and numerical integration or
// direct summation over the demand distribution for the newsvendor.
#include <array>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "onhand/planning/lot_sizing.hpp"
#include "onhand/planning/newsvendor.hpp"

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;

// Time average of f(t) over [0, period], midpoint rule on a fine grid.
template <class F>
auto time_average(F f, double period) -> double {
  constexpr int steps = 200000;
  double sum = 0.0;
  for (int i = 0; i < steps; ++i) sum += f((i + 0.5) * period / steps);
  return sum / steps;
}

// Integral of f over [a, b], composite Simpson.
template <class F>
auto simpson(F f, double a, double b) -> double {
  constexpr int n = 40000;
  const double step = (b - a) / n;
  double sum = f(a) + f(b);
  for (int i = 1; i < n; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * f(a + i * step);
  return sum * step / 3.0;
}

// The same over [a, b] split at a kink of f (where the cost's slope changes), so
// that Simpson's rule sees only smooth pieces.
template <class F>
auto simpson(F f, double a, double kink, double b) -> double {
  if (!(kink > a && kink < b)) return simpson(f, a, b);
  return simpson(f, a, kink) + simpson(f, kink, b);
}

auto density_normal(double x, double mean, double std) -> double {
  const double z = (x - mean) / std;
  return std::exp(-0.5 * z * z) / (std * std::sqrt(2.0 * std::numbers::pi));
}

TEST(Evaluators, EoqCostAtAnyQuantity) {
  const eoq_input in{.demand_rate = 1200.0, .order_cost = 50.0, .holding_cost = 2.4};
  auto best = eoq(in);
  ASSERT_THAT(best, IsOk());
  auto at_best = eoq_cost(in, best->order_quantity);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_NEAR((*at_best)[0], best->cost[0], 1e-12 * best->cost[0]);
  Eigen::ArrayXd q(3);
  q << 100.0, 400.0, 1000.0;
  auto costs = eoq_cost(in, q);
  ASSERT_THAT(costs, IsOk());
  for (Eigen::Index i = 0; i < q.size(); ++i) {
    // One order of K per cycle of Q/D; stock falls from Q to 0 during it.
    const double cycle = q[i] / 1200.0;
    const double held = time_average([&](double t) { return q[i] - 1200.0 * t; }, cycle);
    EXPECT_NEAR((*costs)[i], 50.0 / cycle + 2.4 * held, 1e-6) << q[i];
    EXPECT_GT((*costs)[i], best->cost[0]);
  }
  EXPECT_NEAR((*costs)[1], 630.0, 1e-12);  // the header's example
  // Nothing ordered (D = 0): Q = 0 costs nothing; Q = 0 with K D > 0 is refused.
  auto idle = eoq_cost({.demand_rate = 0.0, .order_cost = 50.0, .holding_cost = 2.4}, 0.0);
  ASSERT_THAT(idle, IsOk());
  EXPECT_EQ((*idle)[0], 0.0);
  auto zero = eoq_cost(in, 0.0);
  ASSERT_THAT(zero, HasError(errc::invalid_parameter));
  EXPECT_EQ(zero.error().context.field, "order_quantity");
  EXPECT_THAT(eoq_cost(in, std::nan("")), HasError(errc::invalid_parameter));
  EXPECT_THAT(eoq_cost(in, -1.0), HasError(errc::invalid_parameter));
  Eigen::ArrayXd two(2);
  two << 1.0, 2.0;
  const Eigen::ArrayXd three = Eigen::ArrayXd::Constant(3, 1.0);
  auto mismatch = eoq_cost({.demand_rate = three, .order_cost = 1.0, .holding_cost = 1.0}, two);
  ASSERT_THAT(mismatch, HasError(errc::invalid_parameter));
  EXPECT_EQ(mismatch.error().context.field, "order_quantity");
}

TEST(Evaluators, EoqWithBackordersCostAtAnyQuantityAndBacklog) {
  const eoq_backorder_input in{
      .demand_rate = 1200.0, .order_cost = 50.0, .holding_cost = 2.4, .backorder_cost = 9.6};
  auto best = eoq_with_backorders(in);
  ASSERT_THAT(best, IsOk());
  auto at_best = eoq_with_backorders_cost(in, best->order_quantity, best->max_backorders);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_NEAR((*at_best)[0], best->cost[0], 1e-12 * best->cost[0]);
  const std::array<std::array<double, 2>, 4> decisions{
      {{250.0, 50.0}, {250.0, 0.0}, {400.0, 400.0}, {120.0, 30.0}}};
  for (const auto& [q, b] : decisions) {
    auto cost = eoq_with_backorders_cost(in, q, b);
    ASSERT_THAT(cost, IsOk());
    // The net stock falls from Q - B to -B over a cycle of Q/D.
    const double cycle = q / 1200.0;
    const double held =
        time_average([&](double t) { return std::max(q - b - 1200.0 * t, 0.0); }, cycle);
    const double short_ =
        time_average([&](double t) { return std::max(1200.0 * t - (q - b), 0.0); }, cycle);
    EXPECT_NEAR((*cost)[0], 50.0 / cycle + 2.4 * held + 9.6 * short_, 1e-6) << q << " " << b;
    EXPECT_GE((*cost)[0], best->cost[0]);
  }
  auto example = eoq_with_backorders_cost(in, 250.0, 50.0);
  ASSERT_THAT(example, IsOk());
  EXPECT_NEAR((*example)[0], 480.0, 1e-12);  // the header's example
  auto too_deep = eoq_with_backorders_cost(in, 100.0, 150.0);
  ASSERT_THAT(too_deep, HasError(errc::invalid_parameter));
  EXPECT_EQ(too_deep.error().context.field, "max_backorders");
  EXPECT_THAT(eoq_with_backorders_cost(in, 100.0, -1.0), HasError(errc::invalid_parameter));
}

TEST(Evaluators, EpqCostAtAnyLot) {
  const epq_input in{
      .demand_rate = 1000.0, .setup_cost = 100.0, .holding_cost = 2.0, .production_rate = 4000.0};
  auto best = epq(in);
  ASSERT_THAT(best, IsOk());
  auto at_best = epq_cost(in, best->order_quantity);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_NEAR((*at_best)[0], best->cost[0], 1e-12 * best->cost[0]);
  for (double q : {150.0, 500.0, 2000.0}) {
    auto cost = epq_cost(in, q);
    ASSERT_THAT(cost, IsOk());
    // Stock builds at P - D while producing (Q/P), then falls at D.
    const double cycle = q / 1000.0;
    const double run = q / 4000.0;
    const double peak = (4000.0 - 1000.0) * run;
    const double held = time_average(
        [&](double t) { return t < run ? 3000.0 * t : peak - 1000.0 * (t - run); }, cycle);
    EXPECT_NEAR((*cost)[0], 100.0 / cycle + 2.0 * held, 1e-6) << q;
  }
  auto example = epq_cost(in, 500.0);
  ASSERT_THAT(example, IsOk());
  EXPECT_NEAR((*example)[0], 575.0, 1e-12);  // the header's example
  auto slow = epq_cost(
      {.demand_rate = 1000.0, .setup_cost = 100.0, .holding_cost = 2.0, .production_rate = 900.0},
      500.0);
  ASSERT_THAT(slow, HasError(errc::invalid_parameter));
  EXPECT_EQ(slow.error().context.field, "production_rate");
}

// h E[(S-D)+] + p E[(D-S)+] by integration against a density on [lo, hi].
template <class Density>
auto integrated_cost(Density f, double s, double h, double p, double lo, double hi) -> double {
  return simpson(
      [&](double x) { return f(x) * (h * std::max(s - x, 0.0) + p * std::max(x - s, 0.0)); }, lo, s,
      hi);
}

TEST(Evaluators, NewsvendorNormalCostAtAnyLevel) {
  const newsvendor_input in{
      .demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.70, .overage_cost = 0.18};
  auto best = newsvendor(in, demand_model::normal);
  ASSERT_THAT(best, IsOk());
  auto at_best = newsvendor_cost(in, demand_model::normal, best->order_up_to);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_EQ(at_best->expected_cost[0], best->expected_cost[0]);
  EXPECT_EQ(at_best->expected_shortage[0], best->expected_shortage[0]);
  Eigen::ArrayXd levels(4);
  levels << 30.0, 50.0, 60.0, 90.0;
  auto costs = newsvendor_cost(in, demand_model::normal, levels);
  ASSERT_THAT(costs, IsOk());
  for (Eigen::Index i = 0; i < levels.size(); ++i) {
    const double expected = integrated_cost([](double x) { return density_normal(x, 50.0, 8.0); },
                                            levels[i], 0.18, 0.70, -30.0, 130.0);
    EXPECT_NEAR(costs->expected_cost[i], expected, 1e-9) << levels[i];
    EXPECT_GE(costs->expected_cost[i], best->expected_cost[0]);
    EXPECT_EQ(costs->order_up_to[i], levels[i]);
  }
  EXPECT_NEAR(costs->expected_cost[2], 2.156131552870, 1e-11);  // the header's example
  // The base-stock form covers L + 1 periods.
  auto base = newsvendor_cost({.demand_mean = 20.0,
                               .demand_std = 4.0,
                               .underage_cost = 9.0,
                               .overage_cost = 1.0,
                               .lead_time = 3.0},
                              demand_model::normal, 85.0);
  ASSERT_THAT(base, IsOk());
  EXPECT_NEAR(base->expected_cost[0],
              integrated_cost([](double x) { return density_normal(x, 80.0, 8.0); }, 85.0, 1.0, 9.0,
                              20.0, 140.0),
              1e-9);
  auto bad = newsvendor_cost(in, demand_model::normal, std::numeric_limits<double>::infinity());
  ASSERT_THAT(bad, HasError(errc::invalid_parameter));
  EXPECT_EQ(bad.error().context.field, "order_up_to");
}

TEST(Evaluators, NewsvendorPoissonCostAtAnyLevel) {
  const newsvendor_input in{
      .demand_mean = 6.5, .demand_std = 0.0, .underage_cost = 4.0, .overage_cost = 1.0};
  auto best = newsvendor(in, demand_model::poisson);
  ASSERT_THAT(best, IsOk());
  auto at_best = newsvendor_cost(in, demand_model::poisson, best->order_up_to);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_EQ(at_best->expected_cost[0], best->expected_cost[0]);
  for (double s : {0.0, 3.0, 6.5, 9.0, 15.0}) {
    auto cost = newsvendor_cost(in, demand_model::poisson, s);
    ASSERT_THAT(cost, IsOk());
    // Direct sum over the pmf, built by the recursion p(k) = p(k-1) lambda / k.
    double pmf = std::exp(-6.5);
    double expected = 0.0;
    for (int k = 0; k < 200; ++k) {
      if (k > 0) pmf *= 6.5 / k;
      expected += pmf * (1.0 * std::max(s - k, 0.0) + 4.0 * std::max(k - s, 0.0));
    }
    EXPECT_NEAR(cost->expected_cost[0], expected, 1e-12) << s;
    EXPECT_GE(cost->expected_cost[0], best->expected_cost[0] - 1e-15);
  }
}

TEST(Evaluators, NewsvendorDiscreteCostAtAnyLevel) {
  const std::array<double, 5> values{0, 1, 2, 3, 4};
  Eigen::ArrayXXd probabilities(5, 2);
  probabilities << 0.1, 0.0,  //
      0.2, 0.0,               //
      0.3, 1.0,               //
      0.25, 0.0,              //
      0.15, 0.0;
  auto best = newsvendor_discrete(values, probabilities, 3.0, 1.0);
  ASSERT_THAT(best, IsOk());
  auto at_best = newsvendor_discrete_cost(values, probabilities, 3.0, 1.0, best->order_up_to);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_EQ(at_best->expected_cost[0], best->expected_cost[0]);
  EXPECT_EQ(at_best->expected_cost[1], best->expected_cost[1]);
  Eigen::ArrayXd levels(2);
  levels << 1.5, 4.0;
  auto cost = newsvendor_discrete_cost(values, probabilities, 3.0, 1.0, levels);
  ASSERT_THAT(cost, IsOk());
  // SKU 0 at S = 1.5: short 0.5 w.p. 0.3, 1.5 w.p. 0.25, 2.5 w.p. 0.15;
  // left 1.5 w.p. 0.1, 0.5 w.p. 0.2.
  EXPECT_NEAR(cost->expected_shortage[0], 0.15 + 0.375 + 0.375, 1e-15);
  EXPECT_NEAR(cost->expected_leftover[0], 0.15 + 0.1, 1e-15);
  EXPECT_NEAR(cost->expected_cost[0], 3.0 * 0.9 + 0.25, 1e-14);
  // SKU 1 (always 2) at S = 4: two left over.
  EXPECT_NEAR(cost->expected_cost[1], 2.0, 1e-15);
  Eigen::ArrayXd three(3);
  three << 1.0, 2.0, 3.0;
  EXPECT_THAT(newsvendor_discrete_cost(values, probabilities, 3.0, 1.0, three),
              HasError(errc::invalid_parameter));
}

TEST(Evaluators, NewsvendorLognormalCostAtAnyLevel) {
  // Mean 100, sd 60: sigma^2 = ln(1.36), mu = ln 100 - sigma^2/2.
  const double sigma = std::sqrt(std::log(1.36));
  const double mu = std::log(100.0) - sigma * sigma / 2.0;
  const newsvendor_input in{
      .demand_mean = 100.0, .demand_std = 60.0, .underage_cost = 3.0, .overage_cost = 1.0};
  auto best = newsvendor(in, demand_model::lognormal);
  ASSERT_THAT(best, IsOk());
  auto at_best = newsvendor_cost(in, demand_model::lognormal, best->order_up_to);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_EQ(at_best->expected_cost[0], best->expected_cost[0]);
  for (double s : {-5.0, 40.0, 100.0, 250.0}) {
    auto cost = newsvendor_cost(in, demand_model::lognormal, s);
    ASSERT_THAT(cost, IsOk());
    // Integrate over log demand u = ln x, where the density is normal.
    const double expected = simpson(
        [&](double u) {
          const double x = std::exp(u);
          return density_normal(u, mu, sigma) *
                 (1.0 * std::max(s - x, 0.0) + 3.0 * std::max(x - s, 0.0));
        },
        mu - 12.0 * sigma, s > 0.0 ? std::log(s) : mu, mu + 12.0 * sigma);
    EXPECT_NEAR(cost->expected_cost[0], expected, 1e-8 * expected) << s;
  }
}

TEST(Evaluators, NewsvendorProfitAtAnyLevel) {
  const newsvendor_economics in{.demand_mean = 100.0,
                                .demand_std = 20.0,
                                .price = 10.0,
                                .purchase_cost = 6.0,
                                .salvage_value = 2.0,
                                .shortage_penalty = 1.0};
  auto best = newsvendor_profit(in, demand_model::normal);
  ASSERT_THAT(best, IsOk());
  auto at_best = newsvendor_profit_at(in, demand_model::normal, best->policy.order_up_to);
  ASSERT_THAT(at_best, IsOk());
  EXPECT_EQ(at_best->expected_profit[0], best->expected_profit[0]);
  EXPECT_EQ(at_best->expected_sales[0], best->expected_sales[0]);
  for (double s : {60.0, 100.0, 120.0, 160.0}) {
    auto got = newsvendor_profit_at(in, demand_model::normal, s);
    ASSERT_THAT(got, IsOk());
    // r min(D, S) + v (S - D)+ - c S - g (D - S)+, integrated.
    const double profit = simpson(
        [&](double x) {
          return density_normal(x, 100.0, 20.0) *
                 (10.0 * std::min(x, s) + 2.0 * std::max(s - x, 0.0) - 6.0 * s -
                  1.0 * std::max(x - s, 0.0));
        },
        -100.0, s, 300.0);
    const double sales =
        simpson([&](double x) { return density_normal(x, 100.0, 20.0) * std::min(x, s); }, -100.0,
                s, 300.0);
    EXPECT_NEAR(got->expected_profit[0], profit, 1e-8) << s;
    EXPECT_NEAR(got->expected_sales[0], sales, 1e-8) << s;
    EXPECT_LE(got->expected_profit[0], best->expected_profit[0]);
  }
  auto bad = newsvendor_profit_at(in, demand_model::normal, std::nan(""));
  ASSERT_THAT(bad, HasError(errc::invalid_parameter));
  EXPECT_EQ(bad.error().context.field, "order_up_to");
}

TEST(LognormalMuSigma, SameDistributionAsByMeanAndStd) {
  // log D ~ N(4, 0.5^2): mean exp(4.125), sd mean sqrt(exp(0.25) - 1).
  const double mean = std::exp(4.0 + 0.125);
  const double std = mean * std::sqrt(std::exp(0.25) - 1.0);
  for (double lead : {0.0, 2.0}) {
    auto by_log = newsvendor({.demand_mean = 4.0,
                              .demand_std = 0.5,
                              .underage_cost = 3.0,
                              .overage_cost = 1.0,
                              .lead_time = lead},
                             demand_model::lognormal_mu_sigma);
    auto by_moments = newsvendor({.demand_mean = mean,
                                  .demand_std = std,
                                  .underage_cost = 3.0,
                                  .overage_cost = 1.0,
                                  .lead_time = lead},
                                 demand_model::lognormal);
    ASSERT_THAT(by_log, IsOk());
    ASSERT_THAT(by_moments, IsOk());
    EXPECT_NEAR(by_log->order_up_to[0], by_moments->order_up_to[0],
                1e-12 * by_moments->order_up_to[0]);
    EXPECT_NEAR(by_log->expected_cost[0], by_moments->expected_cost[0],
                1e-11 * by_moments->expected_cost[0]);
  }
  // With L = 0 the quantile is exactly exp(mu + sigma z): S* = exp(4 + 0.5 z(0.75)).
  auto direct =
      newsvendor({.demand_mean = 4.0, .demand_std = 0.5, .underage_cost = 3.0, .overage_cost = 1.0},
                 demand_model::lognormal_mu_sigma);
  ASSERT_THAT(direct, IsOk());
  EXPECT_NEAR(direct->order_up_to[0], std::exp(4.0 + 0.5 * 0.6744897501960817), 1e-12 * 80.0);
  // The evaluator, against integration over log demand.
  auto cost = newsvendor_cost(
      {.demand_mean = 4.0, .demand_std = 0.5, .underage_cost = 3.0, .overage_cost = 1.0},
      demand_model::lognormal_mu_sigma, 70.0);
  ASSERT_THAT(cost, IsOk());
  const double expected = simpson(
      [](double u) {
        const double x = std::exp(u);
        return density_normal(u, 4.0, 0.5) *
               (1.0 * std::max(70.0 - x, 0.0) + 3.0 * std::max(x - 70.0, 0.0));
      },
      4.0 - 6.0, std::log(70.0), 4.0 + 6.0);
  EXPECT_NEAR(cost->expected_cost[0], expected, 1e-9 * expected);
  // mu may be negative; sigma may not; a sigma whose moments overflow is refused.
  EXPECT_THAT(
      newsvendor(
          {.demand_mean = -1.0, .demand_std = 0.2, .underage_cost = 1.0, .overage_cost = 1.0},
          demand_model::lognormal_mu_sigma),
      IsOk());
  auto negative = newsvendor(
      {.demand_mean = 1.0, .demand_std = -0.2, .underage_cost = 1.0, .overage_cost = 1.0},
      demand_model::lognormal_mu_sigma);
  ASSERT_THAT(negative, HasError(errc::invalid_parameter));
  EXPECT_EQ(negative.error().context.field, "demand_std");
  auto huge_spread = newsvendor(
      {.demand_mean = 1.0, .demand_std = 40.0, .underage_cost = 1.0, .overage_cost = 1.0},
      demand_model::lognormal_mu_sigma);
  ASSERT_THAT(huge_spread, HasError(errc::invalid_parameter));
  EXPECT_EQ(huge_spread.error().context.field, "demand_std");
  // Profit uses the distribution's mean, exp(mu + sigma^2/2), not mu.
  auto profit = newsvendor_profit(
      {.demand_mean = 4.0, .demand_std = 0.5, .price = 10.0, .purchase_cost = 6.0},
      demand_model::lognormal_mu_sigma);
  ASSERT_THAT(profit, IsOk());
  EXPECT_NEAR(profit->expected_sales[0], mean - profit->policy.expected_shortage[0], 1e-12);
}

}  // namespace
}  // namespace onhand::planning
