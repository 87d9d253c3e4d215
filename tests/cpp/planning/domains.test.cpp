// SPDX-License-Identifier: Apache-2.0
// Inputs at the edges of each planning function's domain (the table in
// docs/reference/planning_domains.md): every call here answers a finite
// number or a typed error, never aborts, hangs or returns NaN or inf.
// Expected values were computed with mpmath at 50 digits, or in closed form.
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/planning/distributions.hpp"
#include "onhand/planning/forecast.hpp"
#include "onhand/planning/lot_sizing.hpp"
#include "onhand/planning/newsvendor.hpp"
#include "onhand/planning/rq_policy.hpp"
#include "onhand/planning/safety_stock.hpp"
#include "onhand/planning/ss_policy.hpp"

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;

constexpr double subnormal = 5e-324;
constexpr double huge = 1e308;

TEST(PlanningDomains, PoissonLossFarAboveTheMeanIsZero) {
  // E[(X - 1e308)+] for X ~ Poisson(2) is below the smallest double.
  auto r = evaluate(poisson_function::loss, huge, 2.0);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ((*r)[0], 0.0);
  EXPECT_EQ(poisson_loss(huge, 2.0), 0.0);
}

TEST(PlanningDomains, PoissonMeanBeyondTheExactMethodIsRefused) {
  for (auto f :
       {poisson_function::loss, poisson_function::loss_complement,
        poisson_function::second_order_loss, poisson_function::second_order_loss_complement}) {
    auto r = evaluate(f, 1e15, 1e15);
    ASSERT_THAT(r, HasError(errc::invalid_parameter));
    EXPECT_EQ(r.error().context.field, "mean");
  }
  EXPECT_TRUE(std::isnan(poisson_loss(1e15, 1e15)));  // the scalar form's stated answer
}

TEST(PlanningDomains, OverflowingLossIsAnOverflowError) {
  auto r = evaluate(poisson_function::second_order_loss, -huge, 2.0);
  ASSERT_THAT(r, HasError(errc::overflow));
  EXPECT_EQ(r.error().context.field, "result");
  EXPECT_THAT(evaluate(normal_function::second_order_loss, -1e200), HasError(errc::overflow));
  // An infinite input may answer inf: the loss at -inf is +inf.
  auto inf = evaluate(normal_function::loss, -std::numeric_limits<double>::infinity());
  ASSERT_THAT(inf, IsOk());
  EXPECT_TRUE(std::isinf((*inf)[0]));
}

TEST(PlanningDomains, NewsvendorWithASubnormalOverageCost) {
  // alpha = 0.7 / (0.7 + 5e-324) rounds to 1; the upper tail 5e-324 does not:
  // S = 50 + 8 * (-Phi^-1(5e-324)) = 357.7392449371548 (mpmath).
  auto r = newsvendor(
      {.demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.7, .overage_cost = subnormal},
      demand_model::normal);
  ASSERT_THAT(r, IsOk());
  EXPECT_NEAR(r->order_up_to[0], 357.73924493715477, 1e-9);
  EXPECT_TRUE(std::isfinite(r->expected_cost[0]));
  for (auto model : {demand_model::poisson, demand_model::lognormal}) {
    auto other = newsvendor(
        {.demand_mean = 50.0, .demand_std = 8.0, .underage_cost = 0.7, .overage_cost = subnormal},
        model);
    ASSERT_THAT(other, IsOk());
    EXPECT_TRUE(std::isfinite(other->order_up_to[0]));
  }
}

TEST(PlanningDomains, NewsvendorProfitThatOverflowsIsAnOverflowError) {
  // (price - cost) * mean = (1e308 - 6) * 60 overflows: the answer itself.
  auto r = newsvendor_profit(
      {.demand_mean = 60.0, .demand_std = 9.0, .price = huge, .purchase_cost = 6.0},
      demand_model::normal);
  ASSERT_THAT(r, HasError(errc::overflow));
  EXPECT_EQ(r.error().context.field, "expected_profit");
}

TEST(PlanningDomains, PoissonNewsvendorBeyondTheMeanBoundIsRefused) {
  for (double mean : {1e9, 1e300}) {
    auto r = newsvendor(
        {.demand_mean = mean, .demand_std = 0.0, .underage_cost = 1.0, .overage_cost = 1.0},
        demand_model::poisson);
    ASSERT_THAT(r, HasError(errc::invalid_parameter));
    EXPECT_EQ(r.error().context.field, "demand_mean");
  }
}

TEST(PlanningDomains, ServiceMeasuresWithAHugeMeanAreAnOverflowError) {
  auto r = service_measures({.demand_mean = huge,
                             .demand_std = 3.0,
                             .lead_time = 2.0,
                             .reorder_point = 50.0,
                             .order_quantity = 60.0});
  EXPECT_THAT(r, HasError(errc::overflow));
  auto s = order_up_to({.demand_mean = huge,
                        .demand_std = 3.0,
                        .review_period = 2.0,
                        .lead_time = 2.0,
                        .service_level = 0.95});
  EXPECT_THAT(s, HasError(errc::overflow));
}

TEST(PlanningDomains, RqReorderPointWithAHugeHoldingCost) {
  // The root of p Q/(h+p) = nc(r+Q) - nc(r), nc the normal loss complement,
  // theta = 100, sigma = 10, Q = 50, h = 1e308, p = 10 (mpmath findroot).
  auto r = rq_reorder_point({.demand_rate = 100.0,
                             .demand_std = 10.0,
                             .lead_time = 1.0,
                             .order_cost = 50.0,
                             .holding_cost = huge,
                             .backorder_cost = 10.0},
                            50.0);
  ASSERT_THAT(r, IsOk());
  EXPECT_NEAR((*r)[0], -323.39603419011754, 1e-6);
}

TEST(PlanningDomains, RqOptimalWithASubnormalSpreadIsDeterministic) {
  // sigma = 0: Q = sqrt(2 K lambda (h+p)/(h p)) = sqrt(11000), r = theta - h Q/(h+p).
  auto r = rq_optimal({.demand_rate = 100.0,
                       .demand_std = subnormal,
                       .lead_time = 1.0,
                       .order_cost = 50.0,
                       .holding_cost = 1.0,
                       .backorder_cost = 10.0});
  ASSERT_THAT(r, IsOk());
  // Brent on log Q stops within ~1e-6 relative of the flat minimum.
  EXPECT_NEAR(r->order_quantity[0], std::sqrt(11000.0), 1e-4);
  EXPECT_NEAR(r->reorder_point[0], 100.0 - std::sqrt(11000.0) / 11.0, 1e-5);
}

TEST(PlanningDomains, PoissonRqBeyondTheBoundsIsRefusedAtOnce) {
  const rq_input big{.demand_rate = 1e15,
                     .demand_std = 0.0,
                     .lead_time = 1.0,
                     .order_cost = 50.0,
                     .holding_cost = 1.0,
                     .backorder_cost = 10.0};
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(rq_poisson_optimal(big), HasError(errc::invalid_parameter));
  EXPECT_THAT(rq_poisson_cost(big, 1e9, 100.0), HasError(errc::invalid_parameter));
  auto costly = big;
  costly.demand_rate = 100.0;
  costly.order_cost = 1e300;  // Q* would be ~1e151 units
  auto r = rq_poisson_optimal(costly);
  ASSERT_THAT(r, HasError(errc::invalid_parameter));
  EXPECT_EQ(r.error().context.field, "order_cost");
  EXPECT_THAT(rq_poisson_cost(costly, 1e300, 1.0), HasError(errc::invalid_parameter));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(PlanningDomains, SsOptimalOutsideItsDomainIsRefusedAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  for (double mean : {1e6, 1e9}) {
    auto r = ss_optimal(
        {.demand_mean = mean, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = 9.0});
    ASSERT_THAT(r, HasError(errc::invalid_parameter));
    EXPECT_EQ(r.error().context.field, "demand_mean");
  }
  auto costly = ss_optimal(
      {.demand_mean = 10.0, .order_cost = 1e300, .holding_cost = 1.0, .backorder_cost = 9.0});
  ASSERT_THAT(costly, HasError(errc::invalid_parameter));
  EXPECT_EQ(costly.error().context.field, "order_cost");
  // A backorder cost of 1e308 overflows G(y) near the mean: a typed error, not a hang.
  auto extreme = ss_optimal(
      {.demand_mean = 10.0, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = huge});
  EXPECT_FALSE(extreme.has_value());
  auto wide_span =
      ss_cost({.demand_mean = 10.0, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = 9.0},
              0.0, 1e6);
  ASSERT_THAT(wide_span, HasError(errc::invalid_parameter));
  EXPECT_EQ(wide_span.error().context.field, "order_up_to");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(PlanningDomains, SsOptimalWithASubnormalMean) {
  // With lambda -> 0 each demand is a single unit: (s, S) = (-1, 0) reorders
  // after every demand, at K + G(0) = K + p lambda... per period (K + p) lambda.
  auto r = ss_optimal(
      {.demand_mean = subnormal, .order_cost = 64.0, .holding_cost = 1.0, .backorder_cost = 9.0});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->reorder_level[0], -1.0);
  EXPECT_EQ(r->order_up_to[0], 0.0);
  EXPECT_EQ(r->cost[0], 73.0 * subnormal);
}

TEST(PlanningDomains, LotSizesThatOverflowAnIntermediateStayFinite) {
  auto q = eoq({.demand_rate = 200.0, .order_cost = 20.0, .holding_cost = subnormal});
  ASSERT_THAT(q, IsOk());
  EXPECT_NEAR(q->order_quantity[0] / 4.0239508278040438e163, 1.0, 1e-14);  // mpmath
  auto b = eoq_with_backorders(
      {.demand_rate = 200.0, .order_cost = 20.0, .holding_cost = huge, .backorder_cost = 6.0});
  ASSERT_THAT(b, IsOk());
  EXPECT_NEAR(b->order_quantity[0], 36.514837167011074, 1e-12);  // mpmath
  EXPECT_NEAR(b->max_backorders[0], 36.514837167011074, 1e-12);
  EXPECT_NEAR(b->cost[0], 219.08902300206645, 1e-11);
}

TEST(PlanningDomains, ForecastHorizonIsCapped) {
  Eigen::ArrayXXd series(3, 1);
  series << 1.0, 2.0, 3.0;
  auto r = moving_average(series, 2, 1'000'000'000);
  ASSERT_THAT(r, HasError(errc::invalid_parameter));
  EXPECT_EQ(r.error().context.field, "horizon");
  EXPECT_THAT(moving_average(series, 2, 100'000), IsOk());
}

TEST(PlanningDomains, HoltWintersIsTheSameAtAnyAddress) {
  // The same 48 periods at a 16-byte aligned address and 8 bytes further.
  std::vector<double> data(48);
  for (std::size_t t = 0; t < data.size(); ++t) {
    const auto x = static_cast<double>(t);
    data[t] = 100.0 + 0.37 * x + 10.0 * std::sin(0.5236 * x) + 0.1 / (x + 1.0);
  }
  alignas(32) std::array<double, 64> buffer{};
  std::memcpy(buffer.data(), data.data(), data.size() * sizeof(double));
  alignas(32) std::array<double, 64> shifted{};
  std::memcpy(shifted.data() + 1, data.data(), data.size() * sizeof(double));
  const Eigen::Map<const Eigen::ArrayXXd> aligned(buffer.data(), 48, 1);
  const Eigen::Map<const Eigen::ArrayXXd> unaligned(shifted.data() + 1, 48, 1);
  for (auto kind : {holt_winters_kind::additive, holt_winters_kind::multiplicative}) {
    holt_winters_options options{.kind = kind, .season_length = 12};
    auto a = holt_winters(aligned, options, 12);
    auto b = holt_winters(unaligned, options, 12);
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    EXPECT_EQ(std::memcmp(a->forecast.data(), b->forecast.data(), 12 * sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(a->fitted.data(), b->fitted.data(), 48 * sizeof(double)), 0);
  }
}

}  // namespace
}  // namespace onhand::planning
