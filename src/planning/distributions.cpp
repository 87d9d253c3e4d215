// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <tuple>

#include <boost/math/tools/roots.hpp>

#include "checks.hpp"
#include "math_policy.hpp"
#include "normal_quantile.hpp"

namespace onhand::planning {
namespace {

const detail::normal_distribution standard_normal{0.0, 1.0};

// Beyond this k the loss functions use the Mills-ratio continued fraction:
// below it the closed forms lose at most a factor ~20 of precision.
constexpr double tail_start = 2.0;
// Backward evaluation converges to double precision with 160 terms for
// k >= 2 and with 80 for k >= 3.
auto continued_fraction_terms(double k) -> int { return k >= 3.0 ? 80 : 160; }

// For k >= tail_start: G(k) and G2(k) without cancellation. With
// s = 2/(k + 3/(k + 4/(k + ...))) and t = 1/(k + s), the Mills ratio is
// 1/(k + t), so G = phi t/(k + t) and 2 G2 = phi s/((k + s)(k + t)).
struct tail_losses {
  double first;
  double second;
};
auto tail(double k) noexcept -> tail_losses {
  double s = 0.0;
  for (int n = continued_fraction_terms(k); n >= 2; --n) s = n / (k + s);
  const double t = 1.0 / (k + s);
  const double phi = normal_pdf(k);
  return {phi * t / (k + t), 0.5 * phi * s / ((k + s) * (k + t))};
}

// Poisson probabilities from j upward (or downward) by the ratio recurrence,
// summing weight(j) * f(j) until the terms stop mattering.
// Beyond this j the Poisson probabilities of every mean the methods serve
// (<= detail::poisson_mean_max) are below the smallest double: the mass there
// is exactly 0 in double arithmetic, and Boost's lgamma would overflow.
constexpr double poisson_mass_zero_from = 1e15;

template <class Weight>
auto poisson_sum_up(double mean, double j0, Weight weight) noexcept -> double {
  if (j0 >= poisson_mass_zero_from) return 0.0;
  const detail::poisson_distribution dist(mean);
  double f = boost::math::pdf(dist, j0);
  double sum = 0.0;
  for (double j = j0;; j += 1.0) {
    const double term = weight(j) * f;
    sum += term;
    if (j > mean && (f == 0.0 || (sum > 0.0 && term <= sum * 1e-17))) break;
    f *= mean / (j + 1.0);
  }
  return sum;
}

template <class Weight>
auto poisson_sum_down(double mean, double j0, Weight weight) noexcept -> double {
  const detail::poisson_distribution dist(mean);
  double f = boost::math::pdf(dist, j0);
  double sum = 0.0;
  for (double j = j0; j >= 0.0; j -= 1.0) {
    const double term = weight(j) * f;
    sum += term;
    if (f == 0.0 || (sum > 0.0 && term <= sum * 1e-17)) break;
    f *= j / mean;
  }
  return sum;
}

}  // namespace

auto normal_pdf(double x) noexcept -> double { return boost::math::pdf(standard_normal, x); }

auto normal_cdf(double x) noexcept -> double {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return boost::math::cdf(standard_normal, x);
}

auto normal_upper_tail(double x) noexcept -> double {
  if (std::isinf(x)) return x > 0 ? 0.0 : 1.0;
  return boost::math::cdf(boost::math::complement(standard_normal, x));
}

// Wichura's algorithm AS 241 (PPND16; Applied Statistics 37 (1988), 477-484),
// the algorithm of R's qnorm: three rational approximations of degree 7,
// accurate to about 1e-16 relative, with one log and one sqrt in the tails
// and none in the centre (normal_quantile.hpp holds them). Boost's quantile
// inverts erfc iteratively at several times the cost; the tests hold this to
// 1e-15 relative of Boost's 50-digit quantile and of mpmath.
auto normal_quantile(double p) noexcept -> double {
  ONHAND_ASSERT(p > 0.0 && p < 1.0, "normal_quantile needs p in (0, 1)");
  const double q = p - 0.5;
  if (detail::normal_quantile_is_central(q)) return detail::normal_quantile_central(q);
  return detail::normal_quantile_tail(p);
}

auto normal_loss(double k) noexcept -> double {
  if (std::isinf(k)) return k > 0 ? 0.0 : std::numeric_limits<double>::infinity();
  if (k > tail_start) return tail(k).first;
  return normal_pdf(k) - k * normal_upper_tail(k);
}

auto normal_loss_complement(double k) noexcept -> double { return normal_loss(-k); }

auto normal_loss_inverse(double target) noexcept -> double {
  // A target that underflowed to 0 (or NaN) has no finite k: NaN, which the
  // column entry points report as a typed error.
  if (!(target > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  // G(-t-1) > t+1 > t, and G(k) < phi(k) <= t/2.5 at k = sqrt(2 ln(1/t)); G
  // underflows past k = 38, so the bracket stops there.
  const double lo = -target - 1.0;
  const double hi = std::min(38.0, std::max(1.0, std::sqrt(2.0 * std::abs(std::log(target)))));
  const double log_target = std::log(target);
  auto f = [log_target](double k) {
    const double g = normal_loss(k);
    return std::make_tuple(std::log(g) - log_target, -normal_upper_tail(k) / g);
  };
  const double guess = target >= normal_loss(0.0) ? -target : 0.5 * hi;
  std::uintmax_t iterations = 200;
  try {
    // Boost 1.74's Newton iteration takes no policy and reports a failure to
    // converge by throwing; this function is noexcept, so the failure is NaN.
    return boost::math::tools::newton_raphson_iterate(f, guess, lo, hi, 46, iterations);
  } catch (const std::exception&) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

auto normal_second_order_loss(double k) noexcept -> double {
  if (std::isinf(k)) return k > 0 ? 0.0 : std::numeric_limits<double>::infinity();
  if (k > tail_start) return tail(k).second;
  return 0.5 * ((1.0 + k * k) * normal_upper_tail(k) - k * normal_pdf(k));
}

auto normal_second_order_loss_complement(double k) noexcept -> double {
  return normal_second_order_loss(-k);
}

namespace {
// A spread of 0, or one so small against x - mean that the standardized
// (x - mean)/std overflows: the loss is then the point mass's to the last bit.
auto point_mass(double x, double mean, double std) noexcept -> bool {
  return std == 0.0 || std::isinf((x - mean) / std);
}
}  // namespace

auto normal_loss(double x, double mean, double std) noexcept -> double {
  if (point_mass(x, mean, std)) return std::max(mean - x, 0.0);
  return std * normal_loss((x - mean) / std);
}

auto normal_loss_complement(double x, double mean, double std) noexcept -> double {
  if (point_mass(x, mean, std)) return std::max(x - mean, 0.0);
  return std * normal_loss_complement((x - mean) / std);
}

auto normal_second_order_loss(double x, double mean, double std) noexcept -> double {
  if (point_mass(x, mean, std)) return 0.5 * std::pow(std::max(mean - x, 0.0), 2);
  return std * std * normal_second_order_loss((x - mean) / std);
}

auto normal_second_order_loss_complement(double x, double mean, double std) noexcept -> double {
  if (point_mass(x, mean, std)) return 0.5 * std::pow(std::max(x - mean, 0.0), 2);
  return std * std * normal_second_order_loss_complement((x - mean) / std);
}

namespace {
// The scalar Poisson functions answer NaN outside their domain rather than
// loop for minutes or reach Boost's failing incomplete gamma.
auto outside_poisson_domain(double x, double mean) noexcept -> bool {
  return !(mean >= 0.0 && mean <= detail::poisson_mean_max) || std::isnan(x);
}
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
}  // namespace

auto poisson_loss(double x, double mean) noexcept -> double {
  if (outside_poisson_domain(x, mean)) return not_a_number;
  if (x < 0.0) return mean - x;
  if (mean == 0.0) return 0.0;
  const double m = std::floor(x);
  if (x > mean) {
    // Far side of the mean: sum the tail directly, the closed form cancels.
    return poisson_sum_up(mean, m + 1.0, [x](double j) { return j - x; });
  }
  const detail::poisson_distribution dist(mean);
  return (mean - x) * boost::math::cdf(boost::math::complement(dist, m)) +
         mean * boost::math::pdf(dist, m);
}

auto poisson_loss_complement(double x, double mean) noexcept -> double {
  if (outside_poisson_domain(x, mean)) return not_a_number;
  if (x < 0.0) return 0.0;
  if (x >= mean) return poisson_loss(x, mean) + x - mean;
  if (mean == 0.0) return x;
  // Below the mean E[(x-X)+] is a short sum over j <= x.
  return poisson_sum_down(mean, std::floor(x), [x](double j) { return x - j; });
}

auto poisson_second_order_loss(double x, double mean) noexcept -> double {
  if (outside_poisson_domain(x, mean)) return not_a_number;
  if (mean == 0.0) return x < 0.0 ? 0.5 * x * (x + 1.0) : 0.0;
  if (x > mean) {
    return poisson_sum_up(mean, std::floor(x) + 1.0,
                          [x](double j) { return 0.5 * (j - x) * (j - x - 1.0); });
  }
  if (x < 0.0) {
    // E[(X-x)(X-x-1)]/2 over all X, since X - x >= 1 always.
    const double d = mean - x;
    return 0.5 * (mean + d * d - d);
  }
  const detail::poisson_distribution dist(mean);
  const double m = std::floor(x);
  return 0.5 * (((x - mean) * (x - mean) + x) * boost::math::cdf(boost::math::complement(dist, m)) -
                mean * (x - mean) * boost::math::pdf(dist, m));
}

auto poisson_second_order_loss_complement(double x, double mean) noexcept -> double {
  if (outside_poisson_domain(x, mean)) return not_a_number;
  if (x < 0.0) return 0.0;  // (x - X)+ (x + 1 - X)+ = 0 for whole x < 0
  if (mean == 0.0) return 0.5 * x * (x + 1.0);
  if (x < mean) {
    // Below the mean a short direct sum over j <= x; the identity below would cancel.
    return poisson_sum_down(mean, std::floor(x),
                            [x](double j) { return 0.5 * (x - j) * (x + 1.0 - j); });
  }
  // n2(x) + nbar2(x) = 1/2 E[(X-x)(X-x-1)] = 1/2 ((x-mean)^2 + (x-mean) + mean).
  const double d = x - mean;
  return 0.5 * (d * d + d + mean) - poisson_second_order_loss(x, mean);
}

auto evaluate(normal_function f, const column_view& x) -> result<Eigen::ArrayXd> {
  if (f == normal_function::quantile) {
    if (auto e = detail::check(x, "x", "a probability in (0, 1)", detail::is_probability_open)) {
      return *e;
    }
  }
  if (f == normal_function::loss_inverse) {
    if (auto e = detail::check(x, "x", "a target loss > 0 and finite", detail::is_positive)) {
      return *e;
    }
  }
  if (auto e = detail::check(x, "x", "a number", [](double v) { return !std::isnan(v); })) {
    return *e;
  }
  Eigen::ArrayXd out(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double v = x[i];
    switch (f) {
      case normal_function::pdf:
        out[i] = normal_pdf(v);
        break;
      case normal_function::cdf:
        out[i] = normal_cdf(v);
        break;
      case normal_function::upper_tail:
        out[i] = normal_upper_tail(v);
        break;
      case normal_function::quantile:
        out[i] = normal_quantile(v);
        break;
      case normal_function::loss:
        out[i] = normal_loss(v);
        break;
      case normal_function::loss_complement:
        out[i] = normal_loss_complement(v);
        break;
      case normal_function::second_order_loss:
        out[i] = normal_second_order_loss(v);
        break;
      case normal_function::second_order_loss_complement:
        out[i] = normal_second_order_loss_complement(v);
        break;
      case normal_function::loss_inverse:
        out[i] = normal_loss_inverse(v);
        break;
    }
  }
  if (auto e = detail::finite_result("result", out,
                                     [&](Eigen::Index i) { return std::isfinite(x[i]); })) {
    return *e;
  }
  return out;
}

auto evaluate(normal_function f, const column_view& x, const column_view& mean,
              const column_view& std) -> result<Eigen::ArrayXd> {
  if (f == normal_function::loss_inverse) {
    return make_error(errc::invalid_parameter,
                      "the loss inverse is only defined for the standard normal (no mean or std)",
                      error_context{.field = "mean"});
  }
  auto rows = detail::broadcast_rows({{"x", x}, {"mean", mean}, {"std", std}});
  if (!rows) return rows.error();
  if (f == normal_function::quantile) {
    if (auto e = detail::check(x, "x", "a probability in (0, 1)", detail::is_probability_open)) {
      return *e;
    }
  }
  if (auto e = detail::check(x, "x", "finite", detail::is_finite)) return *e;
  if (auto e = detail::check(mean, "mean", "finite", detail::is_finite)) return *e;
  if (f == normal_function::pdf) {
    // A point mass has no density: the pdf needs a spread.
    if (auto e = detail::check(std, "std", "> 0 and finite", detail::is_positive)) return *e;
  }
  if (auto e = detail::check(std, "std", ">= 0 and finite", detail::is_non_negative)) return *e;
  Eigen::ArrayXd out(*rows);
  for (Eigen::Index i = 0; i < *rows; ++i) {
    const double s = std[i];
    const double z = s > 0.0 ? (x[i] - mean[i]) / s : 0.0;
    switch (f) {
      case normal_function::pdf:
      case normal_function::cdf:
      case normal_function::upper_tail: {
        if (s == 0.0) {
          // A point mass at the mean: a step cdf, right-continuous.
          const bool at_or_above = x[i] >= mean[i];
          out[i] =
              f == normal_function::cdf ? (at_or_above ? 1.0 : 0.0) : (at_or_above ? 0.0 : 1.0);
        } else {
          out[i] = f == normal_function::pdf   ? normal_pdf(z) / s
                   : f == normal_function::cdf ? normal_cdf(z)
                                               : normal_upper_tail(z);
        }
        break;
      }
      case normal_function::quantile:
        out[i] = mean[i] + s * normal_quantile(x[i]);
        break;
      case normal_function::loss:
        out[i] = normal_loss(x[i], mean[i], s);
        break;
      case normal_function::loss_complement:
        out[i] = normal_loss_complement(x[i], mean[i], s);
        break;
      case normal_function::second_order_loss:
        out[i] = normal_second_order_loss(x[i], mean[i], s);
        break;
      case normal_function::second_order_loss_complement:
        out[i] = normal_second_order_loss_complement(x[i], mean[i], s);
        break;
      case normal_function::loss_inverse:  // rejected above
        break;
    }
  }
  if (auto e = detail::finite_result("result", out)) return *e;
  return out;
}

auto evaluate(poisson_function f, const column_view& x, const column_view& mean)
    -> result<Eigen::ArrayXd> {
  auto rows = detail::broadcast_rows({{"x", x}, {"mean", mean}});
  if (!rows) return rows.error();
  if (auto e = detail::check(x, "x", "finite", detail::is_finite)) return *e;
  if (auto e = detail::check(mean, "mean", ">= 0 and at most 1e7 (the exact Poisson methods)",
                             [](double m) { return m >= 0.0 && m <= detail::poisson_mean_max; })) {
    return *e;
  }
  if (f == poisson_function::second_order_loss ||
      f == poisson_function::second_order_loss_complement) {
    if (auto e =
            detail::check(x, "x", "a whole number", [](double v) { return v == std::floor(v); })) {
      return *e;
    }
  }
  Eigen::ArrayXd out(*rows);
  for (Eigen::Index i = 0; i < *rows; ++i) {
    switch (f) {
      case poisson_function::loss:
        out[i] = poisson_loss(x[i], mean[i]);
        break;
      case poisson_function::loss_complement:
        out[i] = poisson_loss_complement(x[i], mean[i]);
        break;
      case poisson_function::second_order_loss:
        out[i] = poisson_second_order_loss(x[i], mean[i]);
        break;
      case poisson_function::second_order_loss_complement:
        out[i] = poisson_second_order_loss_complement(x[i], mean[i]);
        break;
    }
  }
  if (auto e = detail::finite_result("result", out)) return *e;
  return out;
}

}  // namespace onhand::planning
