// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/safety_stock.hpp"

#include <array>
#include <cmath>
#include <random>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/planning/distributions.hpp"

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;

auto column(std::initializer_list<double> values) -> Eigen::ArrayXd {
  Eigen::ArrayXd out(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double v : values) out[i++] = v;
  return out;
}

TEST(ReorderPoint, CombinesDemandAndLeadTimeVariability) {
  // d = 100/day, sigma_d = 20, L = 4 days, sigma_L = 1 day, alpha = 95%:
  // sigma_LTD = sqrt(4 * 400 + 100^2 * 1) = sqrt(11600).
  auto rop = reorder_point({.demand_mean = 100.0,
                            .demand_std = 20.0,
                            .lead_time = 4.0,
                            .service_level = 0.95,
                            .lead_time_std = 1.0});
  ASSERT_THAT(rop, IsOk());
  EXPECT_NEAR(rop->z[0], 1.6448536269514722, 1e-13);
  EXPECT_NEAR(rop->sigma[0], 107.70329614269008, 1e-10);
  EXPECT_NEAR(rop->safety_stock[0], 1.6448536269514722 * 107.70329614269008, 1e-9);
  EXPECT_NEAR(rop->reorder_point[0], 400.0 + 177.15615729493234, 1e-9);  // mpmath, 30 digits
}

TEST(ReorderPoint, TableSafetyFactor) {
  // The two-decimal table factor for a 90% Type 1 (cycle) service is z = 1.28, so lead-time
  // demand N(100, 25^2) gives R = 100 + 1.28 * 25 = 132 (exactly 132.04).
  auto rop = reorder_point(
      {.demand_mean = 100.0, .demand_std = 25.0, .lead_time = 1.0, .service_level = 0.90});
  ASSERT_THAT(rop, IsOk());
  EXPECT_NEAR(rop->reorder_point[0], 132.0, 0.05);
}

TEST(ReorderPoint, DegenerateCases) {
  // alpha = 0.5: no safety stock, ROP = mean lead-time demand.
  auto half = reorder_point(
      {.demand_mean = 10.0, .demand_std = 3.0, .lead_time = 5.0, .service_level = 0.5});
  ASSERT_THAT(half, IsOk());
  EXPECT_EQ(half->z[0], 0.0);
  EXPECT_EQ(half->safety_stock[0], 0.0);
  EXPECT_EQ(half->reorder_point[0], 50.0);
  // alpha < 0.5: the formula's negative safety stock.
  auto low = reorder_point(
      {.demand_mean = 10.0, .demand_std = 3.0, .lead_time = 4.0, .service_level = 0.2});
  ASSERT_THAT(low, IsOk());
  EXPECT_NEAR(low->safety_stock[0], -0.8416212335729143 * 6.0, 1e-12);
  // No variability, or no lead time: SS = 0 (+0, not -0) whatever alpha.
  auto certain = reorder_point({.demand_mean = 10.0,
                                .demand_std = 0.0,
                                .lead_time = 4.0,
                                .service_level = column({0.1, 0.99})});
  ASSERT_THAT(certain, IsOk());
  EXPECT_FALSE(std::signbit(certain->safety_stock[0]));
  EXPECT_EQ(certain->safety_stock[1], 0.0);
  EXPECT_EQ(certain->reorder_point[0], 40.0);
  auto immediate = reorder_point(
      {.demand_mean = 10.0, .demand_std = 3.0, .lead_time = 0.0, .service_level = 0.99});
  ASSERT_THAT(immediate, IsOk());
  EXPECT_EQ(immediate->safety_stock[0], 0.0);
  EXPECT_EQ(immediate->reorder_point[0], 0.0);
}

TEST(ReorderPoint, InvalidParametersAreTypedErrors) {
  auto bad_level = reorder_point({.demand_mean = column({1.0, 2.0}),
                                  .demand_std = 1.0,
                                  .lead_time = 1.0,
                                  .service_level = column({0.9, 1.0})});
  ASSERT_THAT(bad_level, HasError(errc::invalid_parameter));
  EXPECT_EQ(bad_level.error().context.field, "service_level");
  EXPECT_EQ(bad_level.error().context.line, 1u);
  for (double alpha : {0.0, 1.0, -0.1, std::nan("")}) {
    EXPECT_THAT(
        reorder_point(
            {.demand_mean = 1.0, .demand_std = 1.0, .lead_time = 1.0, .service_level = alpha}),
        HasError(errc::invalid_parameter));
  }
  auto negative_std = reorder_point(
      {.demand_mean = 1.0, .demand_std = -1.0, .lead_time = 1.0, .service_level = 0.9});
  ASSERT_THAT(negative_std, HasError(errc::invalid_parameter));
  EXPECT_EQ(negative_std.error().context.field, "demand_std");
  auto negative_lead = reorder_point(
      {.demand_mean = 1.0, .demand_std = 1.0, .lead_time = -2.0, .service_level = 0.9});
  EXPECT_EQ(negative_lead.error().context.field, "lead_time");
  auto spread_without_lead = reorder_point({.demand_mean = 1.0,
                                            .demand_std = 1.0,
                                            .lead_time = 0.0,
                                            .service_level = 0.9,
                                            .lead_time_std = 1.0});
  EXPECT_EQ(spread_without_lead.error().context.field, "lead_time_std");
  auto sizes = reorder_point({.demand_mean = column({1.0, 2.0}),
                              .demand_std = column({1.0, 2.0, 3.0}),
                              .lead_time = 1.0,
                              .service_level = 0.9});
  ASSERT_THAT(sizes, HasError(errc::invalid_parameter));
  EXPECT_EQ(sizes.error().context.field, "demand_std");
}

TEST(ReorderPoint, SafetyStockIsMonotoneInServiceLevel) {
  Eigen::ArrayXd levels = Eigen::ArrayXd::LinSpaced(199, 0.005, 0.995);
  auto rop = reorder_point({.demand_mean = 30.0,
                            .demand_std = 7.0,
                            .lead_time = 6.0,
                            .service_level = levels,
                            .lead_time_std = 1.5});
  ASSERT_THAT(rop, IsOk());
  for (Eigen::Index i = 1; i < levels.size(); ++i) {
    EXPECT_GT(rop->safety_stock[i], rop->safety_stock[i - 1]) << levels[i];
    if (levels[i] >= 0.5) {
      EXPECT_GE(rop->reorder_point[i], 30.0 * 6.0) << levels[i];
    }
  }
}

TEST(ReorderPoint, BatchEqualsOneAtATime) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Eigen::Index n = 500;
  Eigen::ArrayXd d(n), s(n), l(n), sl(n), a(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    d[i] = 100 * u(rng);
    s[i] = 30 * u(rng);
    l[i] = 1 + 20 * u(rng);
    sl[i] = 3 * u(rng);
    a[i] = 0.01 + 0.98 * u(rng);
  }
  auto batch = reorder_point(
      {.demand_mean = d, .demand_std = s, .lead_time = l, .service_level = a, .lead_time_std = sl});
  ASSERT_THAT(batch, IsOk());
  for (Eigen::Index i = 0; i < n; ++i) {
    auto one = reorder_point({.demand_mean = d[i],
                              .demand_std = s[i],
                              .lead_time = l[i],
                              .service_level = a[i],
                              .lead_time_std = sl[i]});
    ASSERT_THAT(one, IsOk());
    EXPECT_EQ(batch->safety_stock[i], one->safety_stock[0]);
    EXPECT_EQ(batch->reorder_point[i], one->reorder_point[0]);
  }
}

TEST(ReorderPoint, IntoBuffersAndReusedColumns) {
  Eigen::ArrayXd d(3), levels(3);
  d << 10.0, 20.0, 30.0;
  levels << 0.9, 0.95, 0.99;
  auto fresh = reorder_point(
      {.demand_mean = d, .demand_std = 4.0, .lead_time = 2.0, .service_level = levels});
  ASSERT_THAT(fresh, IsOk());
  reorder_point_columns reused;
  ASSERT_THAT(
      reorder_point(
          {.demand_mean = d, .demand_std = 4.0, .lead_time = 2.0, .service_level = levels}, reused),
      IsOk());
  EXPECT_TRUE((reused.reorder_point == fresh->reorder_point).all());
  std::array<double, 3> z{}, sigma{}, ss{}, rop{};
  ASSERT_THAT(reorder_point(
                  {.demand_mean = d, .demand_std = 4.0, .lead_time = 2.0, .service_level = levels},
                  reorder_point_buffers{z, sigma, ss, rop}),
              IsOk());
  EXPECT_EQ(rop[2], fresh->reorder_point[2]);
  EXPECT_EQ(z[1], fresh->z[1]);
  std::array<double, 2> short_buffer{};
  auto wrong = reorder_point(
      {.demand_mean = d, .demand_std = 4.0, .lead_time = 2.0, .service_level = levels},
      reorder_point_buffers{z, sigma, ss, short_buffer});
  ASSERT_THAT(wrong, HasError(errc::invalid_parameter));
  EXPECT_EQ(wrong.error().context.field, "out");
  // The fused loop reports the same first fault as the separate checks would.
  levels[1] = 1.0;
  d[2] = -1.0;
  auto fault = reorder_point(
      {.demand_mean = d, .demand_std = 4.0, .lead_time = 2.0, .service_level = levels}, reused);
  ASSERT_THAT(fault, HasError(errc::invalid_parameter));
  EXPECT_EQ(fault.error().context.field, "demand_mean");
  EXPECT_EQ(fault.error().context.line, 2u);
}

// A column of 2^17 + 3 rows, levels from deep in either tail through the
// centre: the values of the column call (blocks, streamed stores, aligned or
// not) equal the formula row by row with the one-value normal_quantile.
TEST(ReorderPoint, LargeColumnsEqualTheFormulaRowByRow) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Eigen::Index n = (Eigen::Index{1} << 17) + 3;
  Eigen::ArrayXd d(n), s(n), l(n), sl(n), a(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    d[i] = 200 * u(rng);
    s[i] = 60 * u(rng);
    l[i] = 1 + 29 * u(rng);
    sl[i] = 5 * u(rng);
    a[i] = i % 7 == 0 ? std::exp(-40.0 * u(rng)) : u(rng);
    if (i % 11 == 0) a[i] = 1.0 - a[i];
    if (a[i] <= 0.0 || a[i] >= 1.0) a[i] = 0.5;
  }
  const cycle_service_input in{
      .demand_mean = d, .demand_std = s, .lead_time = l, .service_level = a, .lead_time_std = sl};
  auto expect_formula = [&](std::span<const double> z, std::span<const double> sigma,
                            std::span<const double> ss, std::span<const double> rop) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      const double zi = normal_quantile(a[i]);
      const double sigma_i = std::sqrt(l[i] * s[i] * s[i] + d[i] * d[i] * sl[i] * sl[i]);
      ASSERT_EQ(z[k], zi) << i;
      ASSERT_EQ(sigma[k], sigma_i) << i;
      ASSERT_EQ(ss[k], zi * sigma_i + 0.0) << i;
      ASSERT_EQ(rop[k], d[i] * l[i] + ss[k]) << i;
    }
  };
  auto fresh = reorder_point(in);
  ASSERT_THAT(fresh, IsOk());
  auto view = [n](const Eigen::ArrayXd& c) {
    return std::span<const double>(c.data(), static_cast<std::size_t>(n));
  };
  expect_formula(view(fresh->z), view(fresh->sigma), view(fresh->safety_stock),
                 view(fresh->reorder_point));
  // Caller buffers one double off 16-byte alignment.
  std::vector<double> buffers(static_cast<std::size_t>(4 * n + 4));
  std::array<std::span<double>, 4> out;
  for (std::size_t c = 0; c < 4; ++c) {
    out[c] = std::span<double>(buffers).subspan(c * static_cast<std::size_t>(n + 1) + 1,
                                                static_cast<std::size_t>(n));
  }
  ASSERT_THAT(reorder_point(in, reorder_point_buffers{out[0], out[1], out[2], out[3]}), IsOk());
  expect_formula(out[0], out[1], out[2], out[3]);
  // A fault in the last rows is still found and located.
  a[n - 2] = 1.0;
  auto fault = reorder_point(in);
  ASSERT_THAT(fault, HasError(errc::invalid_parameter));
  EXPECT_EQ(fault.error().context.field, "service_level");
  EXPECT_EQ(fault.error().context.line, static_cast<std::size_t>(n - 2));
}

TEST(FillRate, SolvesTheLossEquation) {
  // Silver, Pyke & Thomas (2017), ch. 6: for a P2 (fill rate) target,
  // G(k) = Q (1 - P2) / sigma_L. With Q = 200, sigma = 100, P2 = 0.95:
  // G(k) = 0.1, k = 0.9027 (table value 0.90).
  auto rop = reorder_point_fill_rate({.demand_mean = 50.0,
                                      .demand_std = 50.0,
                                      .lead_time = 4.0,
                                      .order_quantity = 200.0,
                                      .fill_rate = 0.95});
  ASSERT_THAT(rop, IsOk());
  EXPECT_NEAR(rop->z[0], 0.9027, 5e-4);
  EXPECT_NEAR(100.0 * normal_loss(rop->z[0]), 200.0 * 0.05, 1e-10);
  EXPECT_NEAR(rop->reorder_point[0], 200.0 + 100.0 * rop->z[0], 1e-10);
}

TEST(FillRate, ExactVariantNeedsLessStock) {
  auto approx = reorder_point_fill_rate({.demand_mean = 10.0,
                                         .demand_std = 10.0,
                                         .lead_time = 1.0,
                                         .order_quantity = 15.0,
                                         .fill_rate = 0.5});
  auto exact = reorder_point_fill_rate({.demand_mean = 10.0,
                                        .demand_std = 10.0,
                                        .lead_time = 1.0,
                                        .order_quantity = 15.0,
                                        .fill_rate = 0.5,
                                        .exact = true});
  ASSERT_THAT(exact, IsOk());
  const double k = exact->z[0];
  EXPECT_NEAR(10.0 * (normal_loss(k) - normal_loss(k + 1.5)), 15.0 * 0.5, 1e-9);
  EXPECT_LT(exact->safety_stock[0], approx->safety_stock[0]);
  // The approximate equation has a solution even when it is far from the truth.
  EXPECT_LT(approx->z[0], 0.0);
}

TEST(FillRate, ExtremeTargetsStayFinite) {
  // A batch far larger than the spread needs a very negative k; a tiny batch a large one.
  Eigen::ArrayXd q(3);
  q << 1e9, 1e-6, 50.0;
  auto rop = reorder_point_fill_rate({.demand_mean = 10.0,
                                      .demand_std = 1.0,
                                      .lead_time = 4.0,
                                      .order_quantity = q,
                                      .fill_rate = 0.999});
  ASSERT_THAT(rop, IsOk());
  for (Eigen::Index i = 0; i < 3; ++i) {
    EXPECT_TRUE(std::isfinite(rop->z[i])) << i;
    EXPECT_NEAR(2.0 * normal_loss(rop->z[i]) / (q[i] * 0.001), 1.0, 1e-9) << i;
  }
  EXPECT_LT(rop->z[0], -1e5);
  EXPECT_GT(rop->z[1], 5.0);
}

TEST(FillRate, DegenerateAndInvalid) {
  auto certain = reorder_point_fill_rate({.demand_mean = 10.0,
                                          .demand_std = 0.0,
                                          .lead_time = 3.0,
                                          .order_quantity = 50.0,
                                          .fill_rate = 0.99});
  ASSERT_THAT(certain, IsOk());
  EXPECT_EQ(certain->z[0], 0.0);
  EXPECT_EQ(certain->reorder_point[0], 30.0);
  auto full = reorder_point_fill_rate({.demand_mean = 10.0,
                                       .demand_std = 1.0,
                                       .lead_time = 3.0,
                                       .order_quantity = 50.0,
                                       .fill_rate = 1.0});
  ASSERT_THAT(full, HasError(errc::invalid_parameter));
  EXPECT_EQ(full.error().context.field, "fill_rate");
  auto no_batch = reorder_point_fill_rate({.demand_mean = 10.0,
                                           .demand_std = 1.0,
                                           .lead_time = 3.0,
                                           .order_quantity = 0.0,
                                           .fill_rate = 0.9});
  EXPECT_EQ(no_batch.error().context.field, "order_quantity");
  EXPECT_THAT(reorder_point_fill_rate({.demand_mean = 10.0,
                                       .demand_std = 1.0,
                                       .lead_time = 3.0,
                                       .order_quantity = 5.0,
                                       .fill_rate = 0.0,
                                       .exact = true}),
              HasError(errc::invalid_parameter));
}

TEST(ServiceMeasures, OfAGivenPolicy) {
  // Lead-time demand N(200, 100^2), r = 250, Q = 100: k = 0.5.
  auto s = service_measures({.demand_mean = 50.0,
                             .demand_std = 50.0,
                             .lead_time = 4.0,
                             .reorder_point = column({250.0, 0.0}),
                             .order_quantity = 100.0});
  ASSERT_THAT(s, IsOk());
  EXPECT_NEAR(s->cycle_service_level[0], 0.6914624612740131, 1e-13);
  EXPECT_NEAR(s->expected_shortage[0], 100.0 * 0.19779655740130603, 1e-9);
  EXPECT_NEAR(s->fill_rate[0], 1.0 - 0.19779655740130603, 1e-11);
  EXPECT_NEAR(s->fill_rate_exact[0], 1.0 - (19.779655740130603 - 100.0 * normal_loss(1.5)) / 100.0,
              1e-11);
  // A reorder point of 0 falls short of more than Q per cycle: the raw fill rate is negative.
  EXPECT_LT(s->fill_rate[1], 0.0);
  EXPECT_GE(s->fill_rate_exact[1], 0.0);
  auto certain = service_measures({.demand_mean = 50.0,
                                   .demand_std = 0.0,
                                   .lead_time = 4.0,
                                   .reorder_point = column({190.0, 200.0}),
                                   .order_quantity = 100.0});
  ASSERT_THAT(certain, IsOk());
  EXPECT_EQ(certain->cycle_service_level[0], 0.0);
  EXPECT_EQ(certain->cycle_service_level[1], 1.0);
  EXPECT_EQ(certain->expected_shortage[0], 10.0);
  EXPECT_EQ(certain->fill_rate[0], 0.9);
}

TEST(OrderUpTo, CoversReviewPlusLeadTime) {
  // R = 7, L = 3, d = 20, sigma_d = 5, sigma_L = 1: sigma_P = sqrt(10 * 25 + 400).
  auto s = order_up_to({.demand_mean = 20.0,
                        .demand_std = 5.0,
                        .review_period = 7.0,
                        .lead_time = 3.0,
                        .service_level = 0.975,
                        .lead_time_std = 1.0});
  ASSERT_THAT(s, IsOk());
  EXPECT_NEAR(s->sigma[0], std::sqrt(650.0), 1e-12);
  EXPECT_NEAR(s->order_up_to[0], 200.0 + 1.959963984540054 * std::sqrt(650.0), 1e-9);
  auto bad = order_up_to({.demand_mean = 20.0,
                          .demand_std = 5.0,
                          .review_period = 0.0,
                          .lead_time = 3.0,
                          .service_level = 0.975});
  ASSERT_THAT(bad, HasError(errc::invalid_parameter));
  EXPECT_EQ(bad.error().context.field, "review_period");
}

TEST(OrderUpTo, FillRateVariant) {
  auto s = order_up_to_fill_rate({.demand_mean = 20.0,
                                  .demand_std = 5.0,
                                  .review_period = 7.0,
                                  .lead_time = 3.0,
                                  .service_level = 0.98});
  ASSERT_THAT(s, IsOk());
  EXPECT_NEAR(s->sigma[0] * normal_loss(s->z[0]), 0.02 * 20.0 * 7.0, 1e-9);
  auto none = order_up_to_fill_rate({.demand_mean = 0.0,
                                     .demand_std = 5.0,
                                     .review_period = 7.0,
                                     .lead_time = 3.0,
                                     .service_level = 0.98});
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->safety_stock[0], 0.0);
  EXPECT_THAT(order_up_to_fill_rate({.demand_mean = 20.0,
                                     .demand_std = 5.0,
                                     .review_period = 7.0,
                                     .lead_time = 3.0,
                                     .service_level = 1.0}),
              HasError(errc::invalid_parameter));
}

TEST(ForecastErrors, EachSpreadEstimate) {
  Eigen::ArrayXXd errors(4, 2);
  errors << 2, -1, -2, 1, 4, -1, 0, 1;  // column 0: 2,-2,4,0; column 1: -1,1,-1,1
  const double z = 1.6448536269514722;
  auto sample = safety_stock_from_errors(errors, 4.0, 0.95, error_spread::sample_std);
  ASSERT_THAT(sample, IsOk());
  // Column 0: mean 1, squared deviations 1+9+9+1 = 20, / 3.
  EXPECT_NEAR(sample->sigma1[0], std::sqrt(20.0 / 3.0), 1e-14);
  EXPECT_NEAR(sample->safety_stock[0], z * std::sqrt(20.0 / 3.0) * 2.0, 1e-12);
  auto rmse = safety_stock_from_errors(errors, 4.0, 0.95, error_spread::rmse);
  EXPECT_NEAR(rmse->sigma1[0], std::sqrt(24.0 / 4.0), 1e-14);
  auto mae = safety_stock_from_errors(errors, 4.0, 0.95, error_spread::mae);
  EXPECT_NEAR(mae->sigma1[0], 1.25 * 2.0, 1e-14);
  EXPECT_NEAR(mae->sigma1[1], 1.25, 1e-14);
}

TEST(ForecastErrors, EmptyOrShortSeriesAreErrors) {
  Eigen::ArrayXXd empty(0, 3);
  auto none = safety_stock_from_errors(empty, 4.0, 0.95, error_spread::rmse);
  ASSERT_THAT(none, HasError(errc::invalid_parameter));
  EXPECT_EQ(none.error().context.field, "errors");
  Eigen::ArrayXXd one(1, 1);
  one << 3.0;
  EXPECT_THAT(safety_stock_from_errors(one, 4.0, 0.95, error_spread::sample_std),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(safety_stock_from_errors(one, 4.0, 0.95, error_spread::rmse), IsOk());
  one << std::nan("");
  EXPECT_THAT(safety_stock_from_errors(one, 4.0, 0.95, error_spread::rmse),
              HasError(errc::invalid_parameter));
}

}  // namespace
}  // namespace onhand::planning
