// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/metrics.hpp
//
// Forecast error metrics, one value per series. error = actual - forecast, so
// a positive bias means the forecast was too low (under-forecasting).
// Matrices are periods x series, one series per column, as in forecast.hpp.
//
// A pair where the actual or the forecast is NaN is skipped, so fitted
// values with their documented NaN prefix can be scored directly; a series
// with nothing left to score gets NaN (docs/forecasting.md lists every such
// case). Shapes that disagree, infinities and bad parameters are
// errc::invalid_parameter.
//
// Example:
//
//   auto fc = onhand::planning::simple_exponential_smoothing(demand, {}, 1);
//   auto sigma = onhand::planning::error_standard_deviation(demand, fc->fitted);
//   // *sigma feeds the safety-stock formulas, one value per series.
#pragma once

#include <Eigen/Core>

#include "onhand/core/result.hpp"

namespace onhand::planning {

/// Mean of |error|.
[[nodiscard]] auto mean_absolute_error(const Eigen::Ref<const Eigen::ArrayXXd>& actual,
                                       const Eigen::Ref<const Eigen::ArrayXXd>& forecast)
    -> result<Eigen::ArrayXd>;

/// Square root of the mean squared error.
[[nodiscard]] auto root_mean_squared_error(const Eigen::Ref<const Eigen::ArrayXXd>& actual,
                                           const Eigen::Ref<const Eigen::ArrayXXd>& forecast)
    -> result<Eigen::ArrayXd>;

/// Mean of 100*|error/actual| in percent, skipping periods whose actual is 0
/// (NaN when every actual is 0).
[[nodiscard]] auto mean_absolute_percentage_error(const Eigen::Ref<const Eigen::ArrayXXd>& actual,
                                                  const Eigen::Ref<const Eigen::ArrayXXd>& forecast)
    -> result<Eigen::ArrayXd>;

/// Mean error (actual - forecast); positive = under-forecasting.
[[nodiscard]] auto forecast_bias(const Eigen::Ref<const Eigen::ArrayXXd>& actual,
                                 const Eigen::Ref<const Eigen::ArrayXXd>& forecast)
    -> result<Eigen::ArrayXd>;

/// MAE scaled by the in-sample MAE of the seasonal naive forecast on
/// `training` (y_t - y_{t-m}, m = season_length, 1 for the naive forecast).
/// NaN where that scale is 0 (a training series that repeats itself
/// exactly). Errors: season_length < 1 or not shorter than the training
/// series ("season_length"); training with another series count ("training").
[[nodiscard]] auto mean_absolute_scaled_error(const Eigen::Ref<const Eigen::ArrayXXd>& actual,
                                              const Eigen::Ref<const Eigen::ArrayXXd>& forecast,
                                              const Eigen::Ref<const Eigen::ArrayXXd>& training,
                                              Eigen::Index season_length = 1)
    -> result<Eigen::ArrayXd>;

/// Sample standard deviation of the errors (divisor n-1), the sigma that
/// safety stock uses; NaN for a series with fewer than two scored periods.
[[nodiscard]] auto error_standard_deviation(const Eigen::Ref<const Eigen::ArrayXXd>& actual,
                                            const Eigen::Ref<const Eigen::ArrayXXd>& forecast)
    -> result<Eigen::ArrayXd>;

}  // namespace onhand::planning
