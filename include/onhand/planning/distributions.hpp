// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/distributions.hpp
//
// The standard normal and Poisson building blocks of inventory theory: pdf,
// cdf, upper tail and inverse of the standard normal, and the loss functions
// that turn a reorder point into expected shortages.
//
//   G(k)   = E[(Z-k)+]             = phi(k) - k (1 - Phi(k))    first-order loss
//   Gc(k)  = E[(k-Z)+]             = G(k) + k                   its complement
//   G2(k)  = 1/2 E[((Z-k)+)^2]     = 1/2 [(1+k^2)(1-Phi(k)) - k phi(k)]
//   G2c(k) = 1/2 E[((k-Z)+)^2]     = G2(-k)
//   n(x)   = E[(X-x)+]             Poisson first-order loss
//   n2(x)  = 1/2 E[(X-x)+ (X-x-1)+] Poisson (discrete) second-order loss
//
// The distributions themselves come from Boost.Math; 1 - Phi(k) is always the
// complemented cdf, never a subtraction, and for k > 2 the loss functions are
// evaluated through the continued fraction of the Mills ratio, so they keep
// full relative accuracy far into the tail (G(30) ~ 1e-199).
//
// Scalar functions are noexcept and state their domain; the column overloads
// check it and return an invalid_parameter error for the first bad row.
//
// Example:
//
//   double shortage = sigma * onhand::planning::normal_loss(k);   // per cycle
#pragma once

#include <cstdint>

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

/// phi(x), the standard normal density.
[[nodiscard]] auto normal_pdf(double x) noexcept -> double;
/// Phi(x) = P(Z <= x).
[[nodiscard]] auto normal_cdf(double x) noexcept -> double;
/// 1 - Phi(x) = P(Z > x), computed as the upper tail (accurate for large x).
[[nodiscard]] auto normal_upper_tail(double x) noexcept -> double;
/// Phi^-1(p) for p in (0, 1); exactly 0 at p = 0.5.
[[nodiscard]] auto normal_quantile(double p) noexcept -> double;

/// G(k) = E[(Z-k)+], the standard normal first-order loss.
[[nodiscard]] auto normal_loss(double k) noexcept -> double;
/// Gc(k) = E[(k-Z)+] = G(k) + k = G(-k).
[[nodiscard]] auto normal_loss_complement(double k) noexcept -> double;
/// G2(k) = 1/2 E[((Z-k)+)^2], the standard normal second-order loss.
[[nodiscard]] auto normal_second_order_loss(double k) noexcept -> double;
/// G2c(k) = 1/2 E[((k-Z)+)^2] = G2(-k).
[[nodiscard]] auto normal_second_order_loss_complement(double k) noexcept -> double;

/// The k with G(k) = target, for target > 0 (G falls from +inf to 0, so k is
/// unique): the safety factor of a fill-rate target. Solved by Newton's
/// method on log G (Boost.Math tools), relative accuracy ~1e-13. NaN for a
/// target <= 0 or NaN, and where the iteration fails to converge.
[[nodiscard]] auto normal_loss_inverse(double target) noexcept -> double;

/// E[(X-x)+] for X ~ N(mean, std^2): std * G((x-mean)/std); max(mean-x, 0) when std = 0.
[[nodiscard]] auto normal_loss(double x, double mean, double std) noexcept -> double;
/// E[(x-X)+] for X ~ N(mean, std^2); max(x-mean, 0) when std = 0.
[[nodiscard]] auto normal_loss_complement(double x, double mean, double std) noexcept -> double;
/// 1/2 E[((X-x)+)^2] for X ~ N(mean, std^2); max(mean-x, 0)^2 / 2 when std = 0.
[[nodiscard]] auto normal_second_order_loss(double x, double mean, double std) noexcept -> double;
/// 1/2 E[((x-X)+)^2] for X ~ N(mean, std^2); max(x-mean, 0)^2 / 2 when std = 0.
[[nodiscard]] auto normal_second_order_loss_complement(double x, double mean, double std) noexcept
    -> double;

/// n(x) = E[(X-x)+] for X ~ Poisson(mean), 0 <= mean <= 1e7, at any real x
/// (for x < 0 it is mean - x; mean = 0 gives max(-x, 0)). The four Poisson
/// functions cost O(sqrt(mean)) and answer NaN for a mean outside [0, 1e7]
/// or a NaN x (docs/reference/planning_domains.md).
[[nodiscard]] auto poisson_loss(double x, double mean) noexcept -> double;
/// E[(x-X)+] = n(x) + x - mean.
[[nodiscard]] auto poisson_loss_complement(double x, double mean) noexcept -> double;
/// n2(x) = 1/2 E[(X-x)+ (X-x-1)+] for integer x (the discrete second-order
/// loss of Zipkin and Snyder & Shen; for x < 0 it uses the same formula).
[[nodiscard]] auto poisson_second_order_loss(double x, double mean) noexcept -> double;
/// nbar2(x) = 1/2 E[(x-X)+ (x+1-X)+] for integer x, the complementary
/// second-order loss (Snyder & Shen (C.42), Zipkin (C.40)):
/// nbar2(x) = 1/2 ((x-mean)^2 + (x-mean) + mean) - n2(x); 0 for x < 0.
///
/// Example:
///
///   onhand::planning::poisson_second_order_loss_complement(18.0, 15.0);  // 12.65166
[[nodiscard]] auto poisson_second_order_loss_complement(double x, double mean) noexcept -> double;

// Column forms: one call per column, scalars broadcast, domain checked.

/// Which function a column call evaluates.
enum class normal_function : std::uint8_t {
  pdf,
  cdf,
  upper_tail,
  quantile,  ///< Phi^-1(p): x is p, which must be in (0, 1) (field "x").
  loss,
  loss_complement,
  second_order_loss,
  second_order_loss_complement,
  loss_inverse,  ///< The k with G(k) = x: x is a target loss > 0 (standard form only).
};

/// f(x) for every row of x (any finite or infinite x; NaN is invalid_parameter;
/// for the quantile x is a probability in (0, 1)). A finite x whose result
/// overflows (G2(-1e200)) is errc::overflow naming "result".
[[nodiscard]] auto evaluate(normal_function f, const column_view& x) -> result<Eigen::ArrayXd>;
/// f for X ~ N(mean, std^2): the loss functions in units of X, the cdf and tail
/// at x, the pdf per unit of X, the quantile mean + std Phi^-1(x). std >= 0
/// (> 0 for the pdf; std = 0 is a point mass with a right-continuous step cdf).
[[nodiscard]] auto evaluate(normal_function f, const column_view& x, const column_view& mean,
                            const column_view& std) -> result<Eigen::ArrayXd>;

/// Which Poisson loss a column call evaluates.
enum class poisson_function : std::uint8_t {
  loss,
  loss_complement,
  second_order_loss,             ///< Whole x only.
  second_order_loss_complement,  ///< Whole x only.
};
/// The Poisson loss for every row; a mean outside [0, 1e7] is invalid_parameter,
/// and a result that overflows (the second-order loss at x near -1e308) is
/// errc::overflow naming "result".
[[nodiscard]] auto evaluate(poisson_function f, const column_view& x, const column_view& mean)
    -> result<Eigen::ArrayXd>;

}  // namespace onhand::planning
