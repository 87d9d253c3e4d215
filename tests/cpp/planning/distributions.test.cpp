// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/distributions.hpp"

#include <cmath>
#include <sstream>
#include <vector>

#include <boost/math/distributions/normal.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;
using wide = boost::multiprecision::cpp_bin_float_50;

// Reference values in 50 digits from the closed forms, where subtracting
// loses nothing: an independent check of the double-precision tail code.
auto wide_phi(double k) -> wide {
  const wide x = k;
  return exp(-x * x / 2) / sqrt(2 * boost::math::constants::pi<wide>());
}
auto wide_tail(double k) -> wide {
  return boost::math::cdf(
      boost::math::complement(boost::math::normal_distribution<wide>(), wide(k)));
}
auto wide_loss(double k) -> double {
  return static_cast<double>(wide_phi(k) - wide(k) * wide_tail(k));
}
auto wide_second_order_loss(double k) -> double {
  const wide x = k;
  return static_cast<double>(((1 + x * x) * wide_tail(k) - x * wide_phi(k)) / 2);
}

auto relative_error(double got, double want) -> double { return std::abs(got / want - 1.0); }

TEST(NormalDistribution, PdfCdfAndInverseToTwelveDigits) {
  // Abramowitz & Stegun table 26.1 values.
  EXPECT_NEAR(normal_pdf(0.0), 0.398942280401432678, 1e-15);
  EXPECT_NEAR(normal_cdf(1.96), 0.975002104851780, 1e-14);
  EXPECT_NEAR(normal_cdf(-1.0), 0.158655253931457, 1e-14);
  EXPECT_NEAR(normal_quantile(0.95), 1.64485362695147, 1e-12);
  EXPECT_NEAR(normal_quantile(0.975), 1.95996398454005, 1e-12);
  EXPECT_NEAR(normal_quantile(0.01), -2.32634787404084, 1e-12);
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  for (double p : {1e-10, 0.001, 0.2, 0.5, 0.7, 0.999, 1 - 1e-10}) {
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-12 * std::max(p, 1e-3)) << p;
  }
}

TEST(NormalDistribution, QuantileIsExactToDoubleAgainstBoostInFiftyDigits) {
  // Wichura's AS 241 against Boost's quantile evaluated in 50 digits, at
  // every decade from 1e-300 to 0.5, many points in between, and the upper
  // half by symmetry down to 1 - p = 2^-53.
  const boost::math::normal_distribution<wide> reference;
  std::vector<double> probabilities;
  for (double exponent = -300.0; exponent <= -0.302; exponent += 0.37) {
    probabilities.push_back(std::pow(10.0, exponent));
  }
  for (double p = 0.001; p < 1.0; p += 0.00731) probabilities.push_back(p);
  for (double split : {0.075, 0.925, std::exp(-25.0)}) {
    probabilities.push_back(split);
    probabilities.push_back(std::nextafter(split, 0.0));
    probabilities.push_back(std::nextafter(split, 1.0));
  }
  for (double tail = 0x1p-53; tail < 0.5; tail *= 3.7) probabilities.push_back(1.0 - tail);
  probabilities.push_back(0.5 + 0x1p-52);
  probabilities.push_back(0.5 - 0x1p-53);
  double worst = 0.0;
  for (double p : probabilities) {
    const double want = static_cast<double>(boost::math::quantile(reference, wide(p)));
    const double error = relative_error(normal_quantile(p), want);
    worst = std::max(worst, error);
    EXPECT_LE(error, 1e-15) << p;
  }
  EXPECT_GT(probabilities.size(), 900u);
  std::ostringstream text;
  text << std::scientific << worst;
  RecordProperty("worst_relative_error", text.str());
}

TEST(NormalDistribution, UpperTailIsAccurateWhereOneMinusCdfIsZero) {
  EXPECT_EQ(1.0 - normal_cdf(10.0), 0.0);  // why the upper tail is its own function
  EXPECT_LT(relative_error(normal_upper_tail(10.0), 7.61985302416052606e-24), 1e-13);
  // 1 - Phi(x) has relative condition number ~x^2, so 30^2 eps ~ 1e-13 is all there is.
  EXPECT_LT(relative_error(normal_upper_tail(30.0), static_cast<double>(wide_tail(30.0))), 5e-13);
}

TEST(NormalLoss, MatchesPublishedTable) {
  // Silver, Pyke & Thomas (2017), Appendix II, table of G_u(k).
  EXPECT_NEAR(normal_loss(0.0), 0.3989, 5e-5);
  EXPECT_NEAR(normal_loss(1.0), 0.08332, 5e-6);
  EXPECT_NEAR(normal_loss(2.0), 0.008491, 5e-7);
  EXPECT_NEAR(normal_loss(3.0), 0.0003822, 5e-8);
  EXPECT_NEAR(normal_loss(-1.0), 1.08332, 5e-6);  // G(-k) = G(k) + k
}

TEST(NormalLoss, KeepsFullRelativeAccuracyInTheFarTail) {
  for (double k :
       {-8.0, -3.0, -0.5, 0.0, 0.7, 1.99, 2.0001, 2.5, 3.0, 4.0, 6.0, 10.0, 20.0, 37.0}) {
    EXPECT_LT(relative_error(normal_loss(k), wide_loss(k)), 2e-14) << k;
    EXPECT_LT(relative_error(normal_second_order_loss(k), wide_second_order_loss(k)), 2e-14) << k;
  }
  // The textbook formula by subtraction is already wrong at k = 10.
  const double naive = normal_pdf(10.0) - 10.0 * (1.0 - normal_cdf(10.0));
  EXPECT_GT(relative_error(naive, wide_loss(10.0)), 1e-3);
}

TEST(NormalLoss, ComplementsAndIdentities) {
  for (double k : {-2.0, -0.3, 0.0, 1.1, 4.5}) {
    EXPECT_NEAR(normal_loss_complement(k), normal_loss(k) + k, 1e-14) << k;
    // G2(k) + G2c(k) = E[(Z-k)^2]/2 = (1 + k^2)/2.
    EXPECT_NEAR(normal_second_order_loss(k) + normal_second_order_loss_complement(k),
                (1 + k * k) / 2, 1e-13)
        << k;
  }
  EXPECT_EQ(normal_loss(-INFINITY), INFINITY);
  EXPECT_EQ(normal_loss(INFINITY), 0.0);
}

TEST(NormalLoss, ScalesToMeanAndStd) {
  EXPECT_DOUBLE_EQ(normal_loss(120.0, 100.0, 20.0), 20.0 * normal_loss(1.0));
  EXPECT_DOUBLE_EQ(normal_loss_complement(120.0, 100.0, 20.0), 20.0 * normal_loss(-1.0));
  EXPECT_DOUBLE_EQ(normal_second_order_loss(120.0, 100.0, 20.0),
                   400.0 * normal_second_order_loss(1.0));
  // A point mass: the loss is the plain shortfall.
  EXPECT_EQ(normal_loss(90.0, 100.0, 0.0), 10.0);
  EXPECT_EQ(normal_loss(110.0, 100.0, 0.0), 0.0);
  EXPECT_EQ(normal_loss_complement(110.0, 100.0, 0.0), 10.0);
  EXPECT_EQ(normal_second_order_loss(90.0, 100.0, 0.0), 50.0);
}

TEST(NormalLoss, InverseRecoversK) {
  for (double k : {-5.0, -1.0, 0.0, 0.5, 2.0, 4.0, 8.0}) {
    EXPECT_NEAR(normal_loss_inverse(normal_loss(k)), k, 1e-10 * std::max(1.0, std::abs(k))) << k;
  }
}

// Brute-force sums over the Poisson pmf (in 50 digits) for the loss functions.
auto poisson_brute(double x, double mean, int order) -> double {
  wide sum = 0;
  wide p = exp(-wide(mean));
  for (int j = 0; j < 400; ++j) {
    if (j > 0) p *= wide(mean) / j;
    const wide over = wide(j) - x;
    if (order == 1 && over > 0) sum += over * p;
    if (order == 2 && over > 1) sum += over * (over - 1) / 2 * p;
    if (order == 0 && over < 0) sum -= over * p;
    // Complementary second order: 1/2 (x - j)(x + 1 - j) for j <= x.
    if (order == -2 && over <= 0) sum += (-over) * (1 - over) / 2 * p;
  }
  return static_cast<double>(sum);
}

TEST(PoissonLoss, MatchesBruteForceSums) {
  for (double mean : {0.5, 4.0, 25.0, 90.0}) {
    for (double x : {0.0, 1.0, 3.0, 7.0, 20.0, 40.0, 100.0, 150.0}) {
      const double first = poisson_brute(x, mean, 1);
      const double second = poisson_brute(x, mean, 2);
      const double complement = poisson_brute(x, mean, 0);
      EXPECT_NEAR(poisson_loss(x, mean), first, 1e-13 * std::max(1.0, first) + 1e-300)
          << x << " " << mean;
      if (first > 1e-250) {
        EXPECT_LT(relative_error(poisson_loss(x, mean), first), 1e-12);
      }
      if (second > 1e-250) {
        EXPECT_LT(relative_error(poisson_second_order_loss(x, mean), second), 1e-12)
            << x << " " << mean;
      }
      if (complement > 1e-250) {
        EXPECT_LT(relative_error(poisson_loss_complement(x, mean), complement), 1e-12)
            << x << " " << mean;
      }
    }
  }
  // Between integers the first-order loss is linear: E[(X-2.5)+] = n(3) + 0.5 P(X >= 3).
  EXPECT_NEAR(poisson_loss(2.5, 4.0), poisson_brute(2.5, 4.0, 1), 1e-14);
  EXPECT_NEAR(poisson_loss(-2.0, 4.0), 6.0, 1e-14);
  EXPECT_NEAR(poisson_second_order_loss(-2.0, 4.0), poisson_brute(-2.0, 4.0, 2), 1e-12);
}

TEST(PoissonLoss, SecondOrderComplementMatchesBruteForceAndTheBook) {
  for (double mean : {0.5, 4.0, 25.0, 90.0}) {
    for (double x : {0.0, 1.0, 3.0, 7.0, 20.0, 40.0, 100.0, 150.0}) {
      const double expected = poisson_brute(x, mean, -2);
      if (expected > 1e-250) {
        EXPECT_LT(relative_error(poisson_second_order_loss_complement(x, mean), expected), 1e-12)
            << x << " " << mean;
      } else {
        EXPECT_LT(poisson_second_order_loss_complement(x, mean), 1e-250) << x << " " << mean;
      }
    }
  }
  // Snyder & Shen's closed form (C.42) at lambda = 15, x = 18, as evaluated in
  // the authors' stockpyl doctest: (n2, nbar2) = (0.848340302917789, 12.651659697082211).
  EXPECT_NEAR(poisson_second_order_loss(18.0, 15.0), 0.848340302917789, 1e-14);
  EXPECT_NEAR(poisson_second_order_loss_complement(18.0, 15.0), 12.651659697082211, 1e-13);
  EXPECT_EQ(poisson_second_order_loss_complement(-3.0, 4.0), 0.0);
  EXPECT_EQ(poisson_second_order_loss_complement(3.0, 0.0), 6.0);  // point mass at 0: 3 * 4 / 2
  auto column = evaluate(poisson_function::second_order_loss_complement, 18.0, 15.0);
  ASSERT_THAT(column, IsOk());
  EXPECT_EQ((*column)[0], poisson_second_order_loss_complement(18.0, 15.0));
  auto fractional = evaluate(poisson_function::second_order_loss_complement, 1.5, 2.0);
  ASSERT_THAT(fractional, HasError(errc::invalid_parameter));
  EXPECT_EQ(fractional.error().context.field, "x");
}

TEST(PoissonLoss, MatchesZipkinClosedForms) {
  // The closed forms of Snyder & Shen's appendix on loss functions: n(x) = -(x - lambda)(1 - F(x))
  // + lambda f(x), n2(x) = 1/2 [((x - lambda)^2 + x)(1 - F(x)) - lambda (x - lambda) f(x)], at
  // lambda = 6, x = 4.
  const double lambda = 6.0;
  double f4 = std::exp(-lambda);
  double cdf = f4;
  for (int j = 1; j <= 4; ++j) {
    f4 *= lambda / j;
    cdf += f4;
  }
  EXPECT_NEAR(poisson_loss(4.0, lambda), 2.0 * (1 - cdf) + lambda * f4, 1e-13);
  EXPECT_NEAR(poisson_second_order_loss(4.0, lambda), 0.5 * ((4.0 + 4.0) * (1 - cdf) + 12.0 * f4),
              1e-13);
}

TEST(DistributionColumns, EvaluateEveryRowAndBroadcast) {
  Eigen::ArrayXd k(3);
  k << -1.0, 0.0, 2.0;
  auto loss = evaluate(normal_function::loss, k);
  ASSERT_THAT(loss, IsOk());
  for (Eigen::Index i = 0; i < 3; ++i) EXPECT_EQ((*loss)[i], normal_loss(k[i]));
  Eigen::ArrayXd x(2);
  x << 90.0, 130.0;
  auto scaled = evaluate(normal_function::loss, x, 100.0, 20.0);
  ASSERT_THAT(scaled, IsOk());
  EXPECT_EQ((*scaled)[1], normal_loss(130.0, 100.0, 20.0));
  auto cdf = evaluate(normal_function::cdf, x, 100.0, 0.0);
  ASSERT_THAT(cdf, IsOk());
  EXPECT_EQ((*cdf)[0], 0.0);
  EXPECT_EQ((*cdf)[1], 1.0);
}

TEST(DistributionColumns, RejectInvalidParameters) {
  Eigen::ArrayXd p(3);
  p << 0.2, 1.0, 0.5;
  auto q = evaluate(normal_function::quantile, p);
  ASSERT_THAT(q, HasError(errc::invalid_parameter));
  EXPECT_EQ(q.error().context.field, "x");
  EXPECT_EQ(q.error().context.line, 1u);
  EXPECT_THAT(evaluate(normal_function::quantile, 0.0), HasError(errc::invalid_parameter));
  EXPECT_THAT(evaluate(normal_function::quantile, NAN), HasError(errc::invalid_parameter));
  auto quantiles = evaluate(normal_function::quantile, 0.975, 100.0, 10.0);
  ASSERT_THAT(quantiles, IsOk());
  EXPECT_NEAR((*quantiles)[0], 119.599639845400, 1e-9);
  auto negative_std = evaluate(normal_function::loss, 1.0, 0.0, -1.0);
  ASSERT_THAT(negative_std, HasError(errc::invalid_parameter));
  EXPECT_EQ(negative_std.error().context.field, "std");
  EXPECT_THAT(evaluate(normal_function::pdf, 1.0, 0.0, 0.0), HasError(errc::invalid_parameter));
  EXPECT_THAT(evaluate(poisson_function::loss, 1.0, -2.0), HasError(errc::invalid_parameter));
  EXPECT_THAT(evaluate(poisson_function::second_order_loss, 1.5, 2.0),
              HasError(errc::invalid_parameter));
  Eigen::ArrayXd two(2);
  two << 1.0, 2.0;
  auto mismatch = evaluate(normal_function::loss, p, two, 1.0);
  ASSERT_THAT(mismatch, HasError(errc::invalid_parameter));
  EXPECT_EQ(mismatch.error().context.field, "mean");
}

}  // namespace
}  // namespace onhand::planning
