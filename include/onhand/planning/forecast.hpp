// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/forecast.hpp
//
// Demand forecasts for one series or a matrix of many series at once: moving
// average, simple exponential smoothing (SES), Holt's linear trend,
// Holt-Winters (additive, multiplicative, additive without trend), and
// Croston, SBA and TSB for intermittent demand.
//
// Layout: a matrix holds one series per *column* (rows are periods, oldest
// first). That is Eigen's column-major order, so each series is contiguous,
// and it is byte for byte a C-ordered numpy array of shape (series, periods):
// the Python binding passes such arrays without a copy. A single series is a
// one-column matrix (an Eigen::ArrayXd binds to the same parameters).
//
// Conventions (docs/forecasting.md has all of them, with the reasons):
// - fitted(t, j) is the one-step-ahead forecast of y(t, j) made with data up
//   to t-1; it is NaN where no forecast exists yet (before a moving-average
//   window fills, at t = 0 for Croston and TSB).
// - forecast(h-1, j) is the forecast for h = 1..horizon periods after the end.
//   horizon is at most 100000 and horizon x series at most 2^27 ("horizon");
//   a forecast or sse that overflows is errc::overflow.
// - Smoothing parameters are given per series (size n) or once for all
//   (size 1); an empty array asks for them to be fitted by minimizing the
//   in-sample sum of squared one-step errors, and the result returns the
//   values used.
// - Bad parameters are errc::invalid_parameter with error_context::field
//   naming the parameter; nothing is returned silently as NaN or inf.
//
// Example:
//
//   Eigen::ArrayXXd demand(104, 500);            // 104 weeks x 500 SKU-locations
//   auto fc = onhand::planning::simple_exponential_smoothing(
//       demand, {.alpha = Eigen::ArrayXd::Constant(1, 0.3)}, 4);
//   if (!fc) return fc.error();
//   Eigen::ArrayXXd next4 = fc->forecast;        // 4 x 500
#pragma once

#include <Eigen/Core>

#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

/// What every forecasting method returns.
///
/// Parameters that do not belong to the method (beta for SES, say) are empty.
struct forecast_result {
  Eigen::ArrayXXd fitted;    ///< periods x series; NaN where no forecast exists yet
  Eigen::ArrayXXd forecast;  ///< horizon x series; row h-1 is h periods ahead
  Eigen::ArrayXd alpha;      ///< level (or size) smoothing used, per series
  Eigen::ArrayXd beta;       ///< trend smoothing used (Holt, Holt-Winters with trend)
  Eigen::ArrayXd gamma;      ///< seasonal smoothing used (Holt-Winters)
  Eigen::ArrayXd sse;        ///< sum of squared one-step errors over defined fitted values

  // Final states after the last period, per series: what a planner stores to
  // continue the forecast next period without refitting. Empty where the
  // method has no such state (moving average has none).
  Eigen::ArrayXd level;  ///< l_{T-1}: SES, Holt, Holt-Winters
  Eigen::ArrayXd trend;  ///< b_{T-1}: Holt, Holt-Winters with trend
  /// Holt-Winters: m x series, row i the latest seasonal index of the phase of
  /// period T+i (so row h-1 is the index forecast(h) uses). Passed back as
  /// initial_seasonal with initial_level = level and initial_trend = trend, it
  /// continues the recursion exactly on the periods that follow.
  Eigen::ArrayXXd seasonal;
  Eigen::ArrayXd size;         ///< Croston, TSB: smoothed demand size; NaN before any demand
  Eigen::ArrayXd interval;     ///< Croston: smoothed inter-demand interval; NaN before any demand
  Eigen::ArrayXd probability;  ///< TSB: smoothed demand probability
};

/// Mean of the last `window` observations.
///
/// fitted(t) = mean(y[t-window .. t-1]) for t >= window, NaN before; every
/// horizon gets the mean of the last window. Errors: window < 1 or longer
/// than the series ("window"), horizon < 1 ("horizon"), no periods or a
/// non-finite value ("series").
///
/// Example: moving_average(y, 3, 2) on y = {1, 2, 3, 4} gives fitted
/// {NaN, NaN, NaN, 2} and forecast {3, 3}.
[[nodiscard]] auto moving_average(const series_matrix_view& series, Eigen::Index window,
                                  Eigen::Index horizon) -> result<forecast_result>;

/// Simple exponential smoothing: l_t = alpha*y_t + (1-alpha)*l_{t-1}.
struct ses_options {
  Eigen::ArrayXd alpha;          ///< size 1 or one per series; empty = fit in [0, 1]
  Eigen::ArrayXd initial_level;  ///< l_{-1}, the level before y_0; empty = y_0
};

/// SES: fitted(t) = l_{t-1}, forecast(h) = l_{T-1} for every h. The result's
/// `level` is l_{T-1}: passed as initial_level on the next periods' data with
/// the same alpha, it continues the recursion without refitting.
///
/// Example: simple_exponential_smoothing(y, {.alpha = Eigen::ArrayXd::Constant(1, 0.2)}, 1)
/// on the FPP oil series (1996-2007) forecasts 484.80.
[[nodiscard]] auto simple_exponential_smoothing(const series_matrix_view& series,
                                                const ses_options& options, Eigen::Index horizon)
    -> result<forecast_result>;

/// Holt's linear trend, component form:
///   l_t = alpha*y_t + (1-alpha)*(l_{t-1} + b_{t-1})
///   b_t = beta*(l_t - l_{t-1}) + (1-beta)*b_{t-1}
struct holt_options {
  Eigen::ArrayXd alpha;          ///< size 1 or per series; empty = fit
  Eigen::ArrayXd beta;           ///< size 1 or per series; empty = fit
  Eigen::ArrayXd initial_level;  ///< l_{-1}; empty = y_0
  Eigen::ArrayXd initial_trend;  ///< b_{-1}; empty = y_1 - y_0 (needs two periods)
};

/// Holt: fitted(t) = l_{t-1} + b_{t-1}, forecast(h) = l_{T-1} + h*b_{T-1}.
[[nodiscard]] auto holt(const series_matrix_view& series, const holt_options& options,
                        Eigen::Index horizon) -> result<forecast_result>;

/// The three Holt-Winters variants.
enum class holt_winters_kind {
  additive,           ///< additive trend, additive season
  multiplicative,     ///< additive trend, multiplicative season (needs positive data)
  additive_no_trend,  ///< no trend, additive season
};

/// Holt-Winters. With m the season length (additive form shown):
///   l_t = alpha*(y_t - s_{t-m}) + (1-alpha)*(l_{t-1} + b_{t-1})
///   b_t = beta*(l_t - l_{t-1}) + (1-beta)*b_{t-1}
///   s_t = gamma*(y_t - l_{t-1} - b_{t-1}) + (1-gamma)*s_{t-m}
/// Multiplicative: y_t/s_{t-m} in the level and gamma*y_t/(l_{t-1}+b_{t-1})
/// in the season. forecast(h) = l + h*b (+ or *) the most recently updated
/// seasonal of the same phase as T-1+h, also when h is a multiple of m.
struct holt_winters_options {
  holt_winters_kind kind{holt_winters_kind::additive};
  Eigen::Index season_length{0};     ///< m >= 2, at most the series length
  Eigen::ArrayXd alpha;              ///< size 1 or per series; empty = fit
  Eigen::ArrayXd beta;               ///< ignored by additive_no_trend; empty = fit
  Eigen::ArrayXd gamma;              ///< size 1 or per series; empty = fit
  Eigen::ArrayXd initial_level;      ///< l_{-1}; empty = mean of the first season
  Eigen::ArrayXd initial_trend;      ///< b_{-1}; empty = (mean season 2 - mean season 1)/m
  Eigen::ArrayXXd initial_seasonal;  ///< m x (1 or series); row i applies to y_i;
                                     ///< empty = first season minus (over) the initial level
};

/// Holt-Winters: fitted(t) = (l_{t-1} + b_{t-1}) (+ or *) s_{t-m}.
///
/// The default initialization needs one full season without trend and two
/// with trend ("season_length" error otherwise).
[[nodiscard]] auto holt_winters(const series_matrix_view& series,
                                const holt_winters_options& options, Eigen::Index horizon)
    -> result<forecast_result>;

/// Whether a call computes in-sample fitted values (and their sse).
/// Skipping them saves the memory (periods x series doubles) and time of a
/// large batch that only needs forecasts; the forecasts are the same.
enum class fitted_values {
  computed,  ///< fitted is periods x series, sse one value per series
  skipped,   ///< fitted and sse are empty
};

/// Croston's method and the Syntetos-Boylan approximation.
enum class croston_kind {
  classic,  ///< forecast = size / interval
  sba,      ///< Croston's forecast times (1 - alpha/2)
};

/// Croston (statsforecast's conventions): the smoothed size starts at the
/// first non-zero demand and the smoothed interval at (0-based index of that
/// demand + 1); both are updated with `alpha` only in periods with demand.
/// fitted(0) is NaN; before the first demand (and for an all-zero series)
/// the forecast is 0. Demand must be finite and non-negative ("series").
[[nodiscard]] auto croston(const series_matrix_view& series, const Eigen::ArrayXd& alpha,
                           Eigen::Index horizon, croston_kind kind = croston_kind::classic,
                           fitted_values with = fitted_values::computed) -> result<forecast_result>;

/// TSB (Teunter-Syntetos-Babai): the demand probability starts at the first
/// period's occurrence (0 or 1) and is smoothed every period with
/// `alpha_probability`; the size starts at the first non-zero demand and is
/// smoothed with `alpha` only in periods with demand. forecast = probability
/// x size, 0 before the first demand. The result's beta holds alpha_probability.
[[nodiscard]] auto tsb(const series_matrix_view& series, const Eigen::ArrayXd& alpha,
                       const Eigen::ArrayXd& alpha_probability, Eigen::Index horizon,
                       fitted_values with = fitted_values::computed) -> result<forecast_result>;

}  // namespace onhand::planning
