// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/metrics.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "checks.hpp"
#include "series_checks.hpp"

namespace onhand::planning {
namespace {

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using Eigen::Index;
using matrix_view = Eigen::Ref<const ArrayXXd>;
using detail::invalid;
using detail::nan;

auto check_pair(const matrix_view& actual, const matrix_view& forecast) -> result<void> {
  if (actual.rows() == 0) return invalid("actual", "actual has no periods");
  if (forecast.rows() != actual.rows() || forecast.cols() != actual.cols()) {
    return invalid("forecast", "forecast must have the shape of actual (" +
                                   std::to_string(actual.rows()) + " x " +
                                   std::to_string(actual.cols()) + ")");
  }
  if ((actual.abs() == std::numeric_limits<double>::infinity()).any()) {
    return invalid("actual", "actual must not hold infinities");
  }
  if ((forecast.abs() == std::numeric_limits<double>::infinity()).any()) {
    return invalid("forecast", "forecast must not hold infinities");
  }
  return {};
}

// Sum of f(actual, error, series) over the scored pairs of each series,
// divided by (pairs - ddof); `keep` may skip more pairs (zero actuals for
// MAPE). NaN when no more than ddof pairs are scored.
template <class F, class Keep>
auto average_per_series(const matrix_view& actual, const matrix_view& forecast, F f, Keep keep,
                        Index ddof = 0) -> ArrayXd {
  ArrayXd out(actual.cols());
  for (Index j = 0; j < actual.cols(); ++j) {
    double sum = 0.0;
    Index count = 0;
    for (Index t = 0; t < actual.rows(); ++t) {
      const double y = actual(t, j);
      const double e = y - forecast(t, j);
      if (std::isnan(e) || !keep(y)) continue;
      sum += f(y, e, j);
      ++count;
    }
    out(j) = count <= ddof ? nan : sum / static_cast<double>(count - ddof);
  }
  return out;
}

// errc::overflow when a score overflowed to inf (errors near 1e308 squared);
// NaN stays: it is the documented "nothing to score".
auto without_overflow(result<ArrayXd> scores, const char* name) -> result<ArrayXd> {
  if (!scores) return scores;
  for (Index j = 0; j < scores->size(); ++j) {
    if (std::isinf((*scores)(j))) return detail::not_finite(name, (*scores)(j), j, scores->size());
  }
  return scores;
}

template <class F, class Keep>
auto mean_per_series(const matrix_view& actual, const matrix_view& forecast, F f, Keep keep)
    -> result<ArrayXd> {
  if (auto ok = check_pair(actual, forecast); !ok) return ok.error();
  return without_overflow(
      average_per_series(
          actual, forecast, [&](double y, double e, Index) { return f(y, e); }, keep),
      "result");
}

constexpr auto every = [](double) { return true; };

}  // namespace

auto mean_absolute_error(const matrix_view& actual, const matrix_view& forecast)
    -> result<ArrayXd> {
  return mean_per_series(
      actual, forecast, [](double, double e) { return std::abs(e); }, every);
}

auto root_mean_squared_error(const matrix_view& actual, const matrix_view& forecast)
    -> result<ArrayXd> {
  auto mse = mean_per_series(
      actual, forecast, [](double, double e) { return e * e; }, every);
  if (!mse) return mse;
  return ArrayXd(mse->sqrt());
}

auto mean_absolute_percentage_error(const matrix_view& actual, const matrix_view& forecast)
    -> result<ArrayXd> {
  return mean_per_series(
      actual, forecast, [](double y, double e) { return 100.0 * std::abs(e / y); },
      [](double y) { return y != 0.0; });
}

auto forecast_bias(const matrix_view& actual, const matrix_view& forecast) -> result<ArrayXd> {
  return mean_per_series(
      actual, forecast, [](double, double e) { return e; }, every);
}

auto mean_absolute_scaled_error(const matrix_view& actual, const matrix_view& forecast,
                                const matrix_view& training, Index season_length)
    -> result<ArrayXd> {
  if (auto ok = check_pair(actual, forecast); !ok) return ok.error();
  if (training.cols() != actual.cols()) {
    return invalid("training", "training must have one series per series of actual (" +
                                   std::to_string(actual.cols()) + ")");
  }
  if (auto ok = detail::check_series(training, "training"); !ok) return ok.error();
  if (season_length < 1 || season_length >= training.rows()) {
    return invalid("season_length",
                   "season_length must be at least 1 and shorter than the training series (" +
                       std::to_string(training.rows()) + " periods)");
  }
  auto mae = mean_absolute_error(actual, forecast);
  if (!mae) return mae;
  const Index m = season_length;
  const Index n = training.rows();
  ArrayXd out(actual.cols());
  for (Index j = 0; j < actual.cols(); ++j) {
    const double scale = (training.col(j).tail(n - m) - training.col(j).head(n - m)).abs().mean();
    out(j) = scale == 0.0 ? nan : (*mae)(j) / scale;
  }
  return without_overflow(std::move(out), "result");
}

auto error_standard_deviation(const matrix_view& actual, const matrix_view& forecast)
    -> result<ArrayXd> {
  // Two passes (the mean, then squared deviations from it) for accuracy.
  auto mean = forecast_bias(actual, forecast);
  if (!mean) return mean;
  const ArrayXd variance = average_per_series(
      actual, forecast,
      [&](double, double e, Index j) { return (e - (*mean)(j)) * (e - (*mean)(j)); }, every, 1);
  return without_overflow(ArrayXd(variance.sqrt()), "result");
}

}  // namespace onhand::planning
