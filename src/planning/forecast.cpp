// SPDX-License-Identifier: Apache-2.0
// Forecasting kernels. Each method is a per-series recursion over a
// contiguous column; a matrix is a loop over its columns, so batch results
// are the one-at-a-time results by construction.
#include "onhand/planning/forecast.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "checks.hpp"
#include "huge_pages.hpp"
#include "series_checks.hpp"

namespace onhand::planning {
namespace {

using detail::invalid;
using detail::nan;
using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using Eigen::Index;

// ---------------------------------------------------------------------------
// Validation shared by every method.

// The largest horizon, and the largest forecast matrix (horizon x series,
// 1 GiB of doubles), a call will allocate: beyond them the call is refused
// at once instead of allocating gigabytes.
constexpr Index horizon_max = 100000;
constexpr Index forecast_values_max = Index{1} << 27;

auto check_horizon(Index horizon, Index series_count) -> result<void> {
  if (horizon < 1) return invalid("horizon", "horizon must be at least 1 period");
  if (horizon > horizon_max) {
    return invalid("horizon",
                   "horizon must be at most 100000 periods, not " + std::to_string(horizon));
  }
  if (horizon * std::max<Index>(series_count, 1) > forecast_values_max) {
    return invalid("horizon", "horizon x series must be at most 2^27 forecast values");
  }
  return {};
}

// errc::overflow when a forecast or an sse left the doubles (data near
// 1e308 squared), else the result itself. Fitted values may be NaN by
// definition (before a moving average's window fills) and are not checked.
auto finite_forecast(forecast_result out) -> result<forecast_result> {
  if (!out.forecast.isFinite().all()) {
    const auto rows = static_cast<Index>(out.forecast.size());
    for (Index i = 0; i < rows; ++i) {
      if (!std::isfinite(out.forecast.data()[i])) {
        return detail::not_finite("forecast", out.forecast.data()[i], i / out.forecast.rows(),
                                  out.forecast.cols());
      }
    }
  }
  for (Index j = 0; j < out.sse.size(); ++j) {
    if (!std::isfinite(out.sse[j])) return detail::not_finite("sse", out.sse[j], j, out.sse.size());
  }
  return out;
}

// The mean of n values summed in order: Eigen's vectorized sum depends on
// the address's alignment, and the same data at another address must give
// the same forecast to the last bit.
auto sequential_mean(const double* y, Index n) -> double {
  double sum = 0.0;
  for (Index i = 0; i < n; ++i) sum += y[i];
  return sum / static_cast<double>(n);
}

// A smoothing parameter given once (size 1), per series (size n), or not at
// all (size 0, only where it may be fitted); every value in [0, 1].
auto check_smoothing(const ArrayXd& value, Index series_count, const char* field, bool may_fit)
    -> result<void> {
  if (value.size() == 0) {
    if (may_fit) return {};
    return invalid(field, std::string(field) + " is required");
  }
  if (value.size() != 1 && value.size() != series_count) {
    return invalid(field, std::string(field) + " must have one value or one per series (" +
                              std::to_string(series_count) + "), not " +
                              std::to_string(value.size()));
  }
  if (!((value >= 0.0) && (value <= 1.0)).all()) {  // also false for NaN
    return invalid(field, std::string(field) + " must be within [0, 1]");
  }
  return {};
}

// An initial state: absent (default initialization), once, or per series.
auto check_initial(const ArrayXd& value, Index series_count, const char* field) -> result<void> {
  if (value.size() == 0) return {};
  if (value.size() != 1 && value.size() != series_count) {
    return invalid(field, std::string(field) + " must have one value or one per series (" +
                              std::to_string(series_count) + "), not " +
                              std::to_string(value.size()));
  }
  if (!value.isFinite().all()) return invalid(field, std::string(field) + " must be finite");
  return {};
}

auto at(const ArrayXd& value, Index j) -> double { return value.size() == 1 ? value(0) : value(j); }

auto broadcast(const ArrayXd& value, Index series_count) -> ArrayXd {
  if (value.size() == series_count) return value;
  return ArrayXd::Constant(series_count, value(0));
}

// A fitted matrix of a large batch is megabytes written once (see huge_pages.hpp).
void prefer_huge_pages(ArrayXXd& matrix) {
  detail::prefer_huge_pages(matrix.data(), static_cast<std::size_t>(matrix.size()));
}

// ---------------------------------------------------------------------------
// Exponential smoothing: one templated recursion covers SES, Holt and the
// three Holt-Winters variants, so they share their conventions exactly.

enum class season_form { none, additive, multiplicative };

struct smoothing_parameters {
  double alpha{0};
  double beta{0};
  double gamma{0};
};

// The states before y_0; `seasonal` holds m values, seasonal[i] for phase i
// (the phase of period t is t mod m), and is updated in place.
struct smoothing_state {
  double level{0};
  double trend{0};
  double* seasonal{nullptr};
};

// Runs the recursion over y[0..n), writing fitted values when `fitted` is
// not null, and returns the sum of squared one-step errors. On return the
// state holds l_{n-1}, b_{n-1} and the latest seasonal of each phase.
template <bool Trend, season_form Season>
auto smooth(const double* y, Index n, Index m, smoothing_parameters p, smoothing_state& state,
            double* fitted) -> double {
  double level = state.level;
  double trend = Trend ? state.trend : 0.0;
  double sse = 0.0;
  Index phase = 0;
  for (Index t = 0; t < n; ++t) {
    const double base = Trend ? level + trend : level;
    double forecast = base;
    double season = 0.0;
    if constexpr (Season == season_form::additive) {
      season = state.seasonal[phase];
      forecast = base + season;
    } else if constexpr (Season == season_form::multiplicative) {
      season = state.seasonal[phase];
      forecast = base * season;
    }
    if (fitted != nullptr) fitted[t] = forecast;
    const double e = y[t] - forecast;
    sse += e * e;
    double deseasonalized = y[t];
    if constexpr (Season == season_form::additive) deseasonalized = y[t] - season;
    if constexpr (Season == season_form::multiplicative) deseasonalized = y[t] / season;
    const double new_level = p.alpha * deseasonalized + (1.0 - p.alpha) * base;
    if constexpr (Trend) trend = p.beta * (new_level - level) + (1.0 - p.beta) * trend;
    if constexpr (Season == season_form::additive) {
      state.seasonal[phase] = p.gamma * (y[t] - base) + (1.0 - p.gamma) * season;
    } else if constexpr (Season == season_form::multiplicative) {
      state.seasonal[phase] = p.gamma * (y[t] / base) + (1.0 - p.gamma) * season;
    }
    level = new_level;
    if constexpr (Season != season_form::none) {
      if (++phase == m) phase = 0;
    }
  }
  state.level = level;
  state.trend = trend;
  return sse;
}

// forecast(h) for h = 1..H after n observations, from the final state.
template <bool Trend, season_form Season>
void extrapolate(const smoothing_state& state, Index n, Index m, Index horizon, double* out) {
  for (Index h = 1; h <= horizon; ++h) {
    const double base = Trend ? state.level + static_cast<double>(h) * state.trend : state.level;
    if constexpr (Season == season_form::none) {
      out[h - 1] = base;
    } else {
      // The latest seasonal of the phase of period n-1+h: updated at the
      // last period of that phase, whatever h is (h = m included).
      const double season = state.seasonal[(n - 1 + h) % m];
      out[h - 1] = Season == season_form::additive ? base + season : base * season;
    }
  }
}

// Minimizes f over the box [0, 1]^k (k <= 3): a coarse grid picks the
// start, then Nelder-Mead refines with every point projected into the box.
template <class F>
auto minimize_unit_box(F&& f, int k) -> std::array<double, 3> {
  using point = std::array<double, 3>;
  auto clamp = [k](point x) {
    for (int i = 0; i < k; ++i)
      x[static_cast<std::size_t>(i)] = std::clamp(x[static_cast<std::size_t>(i)], 0.0, 1.0);
    return x;
  };
  constexpr std::array<double, 6> grid{0.0, 0.1, 0.3, 0.5, 0.7, 0.95};
  point best{};
  double best_f = std::numeric_limits<double>::infinity();
  const int cells = k == 1 ? 6 : (k == 2 ? 36 : 216);
  for (int c = 0; c < cells; ++c) {
    point x{};
    int rest = c;
    for (int i = 0; i < k; ++i) {
      x[static_cast<std::size_t>(i)] = grid[static_cast<std::size_t>(rest % 6)];
      rest /= 6;
    }
    const double v = f(x);
    if (v < best_f) {
      best_f = v;
      best = x;
    }
  }
  // Nelder-Mead (standard coefficients) from a simplex around the best cell.
  std::array<point, 4> simplex{};
  std::array<double, 4> value{};
  simplex[0] = best;
  value[0] = best_f;
  for (int i = 0; i < k; ++i) {
    point x = best;
    auto& xi = x[static_cast<std::size_t>(i)];
    xi = xi + 0.1 <= 1.0 ? xi + 0.1 : xi - 0.1;
    simplex[static_cast<std::size_t>(i + 1)] = x;
    value[static_cast<std::size_t>(i + 1)] = f(x);
  }
  const auto vertices = static_cast<std::size_t>(k + 1);
  for (int iteration = 0; iteration < 400; ++iteration) {
    std::array<std::size_t, 4> order{0, 1, 2, 3};
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(vertices),
              [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
    const std::size_t lo = order[0];
    const std::size_t hi = order[vertices - 1];
    const std::size_t second = order[vertices - 2];
    double size = 0.0;
    for (std::size_t v = 0; v < vertices; ++v) {
      for (int i = 0; i < k; ++i) {
        const auto d = static_cast<std::size_t>(i);
        size = std::max(size, std::abs(simplex[v][d] - simplex[lo][d]));
      }
    }
    if (size < 1e-9 && value[hi] - value[lo] <= 1e-12 * (1.0 + std::abs(value[lo]))) break;
    point centroid{};
    for (std::size_t v = 0; v < vertices; ++v) {
      if (v == hi) continue;
      for (int i = 0; i < k; ++i) {
        const auto d = static_cast<std::size_t>(i);
        centroid[d] += simplex[v][d] / static_cast<double>(k);
      }
    }
    auto along = [&](double coefficient) {
      point x{};
      for (int i = 0; i < k; ++i) {
        const auto d = static_cast<std::size_t>(i);
        x[d] = centroid[d] + coefficient * (simplex[hi][d] - centroid[d]);
      }
      return clamp(x);
    };
    const point reflected = along(-1.0);
    const double fr = f(reflected);
    if (fr < value[lo]) {
      const point expanded = along(-2.0);
      const double fe = f(expanded);
      if (fe < fr) {
        simplex[hi] = expanded;
        value[hi] = fe;
      } else {
        simplex[hi] = reflected;
        value[hi] = fr;
      }
    } else if (fr < value[second]) {
      simplex[hi] = reflected;
      value[hi] = fr;
    } else {
      const point contracted = fr < value[hi] ? along(-0.5) : along(0.5);
      const double fc = f(contracted);
      if (fc < std::min(fr, value[hi])) {
        simplex[hi] = contracted;
        value[hi] = fc;
      } else {
        for (std::size_t v = 0; v < vertices; ++v) {
          if (v == lo) continue;
          for (int i = 0; i < k; ++i) {
            const auto d = static_cast<std::size_t>(i);
            simplex[v][d] = simplex[lo][d] + 0.5 * (simplex[v][d] - simplex[lo][d]);
          }
          value[v] = f(simplex[v]);
        }
      }
    }
  }
  std::size_t lo = 0;
  for (std::size_t v = 1; v < vertices; ++v) {
    if (value[v] < value[lo]) lo = v;
  }
  return simplex[lo];
}

// One smoothing method over every column: picks or fits the parameters,
// then runs the recursion once more to write fitted values and forecasts.
struct smoothing_inputs {
  const ArrayXd* alpha;
  const ArrayXd* beta;   // null when the method has no trend
  const ArrayXd* gamma;  // null when the method has no season
  Index season_length;   // 1 when there is no season
  // Initial states of column j into `state` (seasonal storage provided).
  std::function<void(Index j, const double* y, smoothing_state& state)> initialize;
};

template <bool Trend, season_form Season>
auto run_smoothing(const series_matrix_view& series, const smoothing_inputs& in, Index horizon)
    -> forecast_result {
  const Index n = series.rows();
  const Index count = series.cols();
  const Index m = in.season_length;
  forecast_result out;
  out.fitted.resize(n, count);
  prefer_huge_pages(out.fitted);
  out.forecast.resize(horizon, count);
  out.alpha.resize(count);
  out.sse.resize(count);
  out.level.resize(count);
  if (Trend) {
    out.beta.resize(count);
    out.trend.resize(count);
  }
  if (Season != season_form::none) {
    out.gamma.resize(count);
    out.seasonal.resize(m, count);
  }
  std::vector<double> initial_seasonal(static_cast<std::size_t>(m));
  std::vector<double> seasonal(static_cast<std::size_t>(m));
  for (Index j = 0; j < count; ++j) {
    const double* y = series.col(j).data();
    smoothing_state initial{.seasonal = initial_seasonal.data()};
    in.initialize(j, y, initial);
    auto evaluate = [&](smoothing_parameters p, double* fitted) {
      smoothing_state state = initial;
      std::copy(initial_seasonal.begin(), initial_seasonal.end(), seasonal.begin());
      state.seasonal = seasonal.data();
      const double sse = smooth<Trend, Season>(y, n, m, p, state, fitted);
      return std::pair{sse, state};
    };
    // Which parameters are fitted, in the order alpha, beta, gamma.
    std::array<double, 3> values{};
    std::array<std::size_t, 3> free{};
    int k = 0;
    const std::array<const ArrayXd*, 3> given{in.alpha, in.beta, in.gamma};
    for (std::size_t i = 0; i < 3; ++i) {
      if (given[i] == nullptr) continue;
      if (given[i]->size() == 0) {
        free[static_cast<std::size_t>(k++)] = i;
      } else {
        values[i] = at(*given[i], j);
      }
    }
    auto parameters = [](const std::array<double, 3>& v) {
      return smoothing_parameters{.alpha = v[0], .beta = v[1], .gamma = v[2]};
    };
    if (k > 0) {
      auto objective = [&](const std::array<double, 3>& x) {
        std::array<double, 3> trial = values;
        for (int i = 0; i < k; ++i) {
          trial[free[static_cast<std::size_t>(i)]] = x[static_cast<std::size_t>(i)];
        }
        const double sse = evaluate(parameters(trial), nullptr).first;
        return std::isfinite(sse) ? sse : std::numeric_limits<double>::infinity();
      };
      const auto chosen = minimize_unit_box(objective, k);
      for (int i = 0; i < k; ++i) {
        values[free[static_cast<std::size_t>(i)]] = chosen[static_cast<std::size_t>(i)];
      }
    }
    const smoothing_parameters p = parameters(values);
    auto [sse, state] = evaluate(p, out.fitted.col(j).data());
    extrapolate<Trend, Season>(state, n, m, horizon, out.forecast.col(j).data());
    out.alpha(j) = p.alpha;
    if (Trend) out.beta(j) = p.beta;
    if (Season != season_form::none) out.gamma(j) = p.gamma;
    out.sse(j) = sse;
    out.level(j) = state.level;
    if (Trend) out.trend(j) = state.trend;
    if constexpr (Season != season_form::none) {
      // Row i: the phase of period n + i, the next period first.
      for (Index i = 0; i < m; ++i) out.seasonal(i, j) = state.seasonal[(n + i) % m];
    }
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------

auto moving_average(const series_matrix_view& series, Index window, Index horizon)
    -> result<forecast_result> {
  if (auto ok = detail::check_series(series, "series"); !ok) return ok.error();
  if (auto ok = check_horizon(horizon, series.cols()); !ok) return ok.error();
  const Index n = series.rows();
  if (window < 1 || window > n) {
    return invalid("window", "window must be between 1 and the series length (" +
                                 std::to_string(n) + "), not " + std::to_string(window));
  }
  const Index count = series.cols();
  forecast_result out;
  out.fitted.resize(n, count);
  prefer_huge_pages(out.fitted);
  out.forecast.resize(horizon, count);
  out.sse.resize(count);
  const double w = static_cast<double>(window);
  for (Index j = 0; j < count; ++j) {
    const double* y = series.col(j).data();
    double* fitted = out.fitted.col(j).data();
    // A fresh sum per period keeps long series free of drift from a running
    // sum; windows are short, so this costs little.
    double sse = 0.0;
    for (Index t = 0; t < n; ++t) {
      if (t < window) {
        fitted[t] = nan;
        continue;
      }
      double sum = 0.0;
      for (Index i = t - window; i < t; ++i) sum += y[i];
      fitted[t] = sum / w;
      const double e = y[t] - fitted[t];
      sse += e * e;
    }
    double sum = 0.0;
    for (Index i = n - window; i < n; ++i) sum += y[i];
    out.forecast.col(j).setConstant(sum / w);
    out.sse(j) = sse;
  }
  return finite_forecast(std::move(out));
}

auto simple_exponential_smoothing(const series_matrix_view& series, const ses_options& options,
                                  Index horizon) -> result<forecast_result> {
  if (auto ok = detail::check_series(series, "series"); !ok) return ok.error();
  if (auto ok = check_horizon(horizon, series.cols()); !ok) return ok.error();
  const Index count = series.cols();
  if (auto ok = check_smoothing(options.alpha, count, "alpha", true); !ok) return ok.error();
  if (auto ok = check_initial(options.initial_level, count, "initial_level"); !ok) {
    return ok.error();
  }
  smoothing_inputs in{.alpha = &options.alpha,
                      .beta = nullptr,
                      .gamma = nullptr,
                      .season_length = 1,
                      .initialize = [&](Index j, const double* y, smoothing_state& s) {
                        s.level =
                            options.initial_level.size() == 0 ? y[0] : at(options.initial_level, j);
                      }};
  return finite_forecast(run_smoothing<false, season_form::none>(series, in, horizon));
}

auto holt(const series_matrix_view& series, const holt_options& options, Index horizon)
    -> result<forecast_result> {
  if (auto ok = detail::check_series(series, "series"); !ok) return ok.error();
  if (auto ok = check_horizon(horizon, series.cols()); !ok) return ok.error();
  const Index count = series.cols();
  if (auto ok = check_smoothing(options.alpha, count, "alpha", true); !ok) return ok.error();
  if (auto ok = check_smoothing(options.beta, count, "beta", true); !ok) return ok.error();
  if (auto ok = check_initial(options.initial_level, count, "initial_level"); !ok) {
    return ok.error();
  }
  if (auto ok = check_initial(options.initial_trend, count, "initial_trend"); !ok) {
    return ok.error();
  }
  if (options.initial_trend.size() == 0 && series.rows() < 2) {
    return invalid("series",
                   "the default initial trend (y_1 - y_0) needs at least two periods; "
                   "give initial_trend for a one-period series");
  }
  smoothing_inputs in{
      .alpha = &options.alpha,
      .beta = &options.beta,
      .gamma = nullptr,
      .season_length = 1,
      .initialize = [&](Index j, const double* y, smoothing_state& s) {
        s.level = options.initial_level.size() == 0 ? y[0] : at(options.initial_level, j);
        s.trend = options.initial_trend.size() == 0 ? y[1] - y[0] : at(options.initial_trend, j);
      }};
  return finite_forecast(run_smoothing<true, season_form::none>(series, in, horizon));
}

auto holt_winters(const series_matrix_view& series, const holt_winters_options& options,
                  Index horizon) -> result<forecast_result> {
  if (auto ok = detail::check_series(series, "series"); !ok) return ok.error();
  if (auto ok = check_horizon(horizon, series.cols()); !ok) return ok.error();
  const Index n = series.rows();
  const Index count = series.cols();
  const Index m = options.season_length;
  const bool has_trend = options.kind != holt_winters_kind::additive_no_trend;
  const bool multiplicative = options.kind == holt_winters_kind::multiplicative;
  if (m < 2 || m > n) {
    return invalid("season_length", "season_length must be between 2 and the series length (" +
                                        std::to_string(n) + "), not " + std::to_string(m));
  }
  if (auto ok = check_smoothing(options.alpha, count, "alpha", true); !ok) return ok.error();
  if (has_trend) {
    if (auto ok = check_smoothing(options.beta, count, "beta", true); !ok) return ok.error();
  }
  if (auto ok = check_smoothing(options.gamma, count, "gamma", true); !ok) return ok.error();
  if (auto ok = check_initial(options.initial_level, count, "initial_level"); !ok) {
    return ok.error();
  }
  if (has_trend) {
    if (auto ok = check_initial(options.initial_trend, count, "initial_trend"); !ok) {
      return ok.error();
    }
  }
  const auto& seasonal0 = options.initial_seasonal;
  if (seasonal0.size() != 0) {
    if (seasonal0.rows() != m || (seasonal0.cols() != 1 && seasonal0.cols() != count)) {
      return invalid("initial_seasonal",
                     "initial_seasonal must have season_length rows and one column or one "
                     "per series");
    }
    if (!seasonal0.isFinite().all()) {
      return invalid("initial_seasonal", "initial_seasonal must be finite");
    }
    if (multiplicative && !(seasonal0 > 0.0).all()) {
      return invalid("initial_seasonal", "multiplicative seasonals must be positive");
    }
  }
  if (multiplicative && !(series > 0.0).all()) {
    return invalid("series", "multiplicative Holt-Winters needs strictly positive data");
  }
  const bool needs_two_seasons =
      has_trend && options.initial_trend.size() == 0;  // trend from season 2 - season 1
  const bool needs_one_season = options.initial_level.size() == 0 || seasonal0.size() == 0;
  if ((needs_two_seasons && n < 2 * m) || (needs_one_season && n < m)) {
    return invalid("season_length",
                   "the default initialization needs " +
                       std::string(needs_two_seasons ? "two full seasons" : "one full season") +
                       " of data; give the initial states or a shorter season_length");
  }
  const double md = static_cast<double>(m);
  smoothing_inputs in{.alpha = &options.alpha,
                      .beta = &options.beta,
                      .gamma = &options.gamma,
                      .season_length = m,
                      .initialize = [&](Index j, const double* y, smoothing_state& s) {
                        // statsmodels' "simple" initialization (FPP's classical start).
                        const double first = sequential_mean(y, std::min(m, n));
                        s.level = options.initial_level.size() == 0 ? first
                                                                    : at(options.initial_level, j);
                        if (has_trend) {
                          if (options.initial_trend.size() == 0) {
                            s.trend = (sequential_mean(y + m, m) - first) / md;
                          } else {
                            s.trend = at(options.initial_trend, j);
                          }
                        }
                        for (Index i = 0; i < m; ++i) {
                          if (seasonal0.size() != 0) {
                            s.seasonal[i] = seasonal0(i, seasonal0.cols() == 1 ? 0 : j);
                          } else {
                            s.seasonal[i] = multiplicative ? y[i] / s.level : y[i] - s.level;
                          }
                        }
                      }};
  if (!has_trend) in.beta = nullptr;
  forecast_result out;
  switch (options.kind) {
    case holt_winters_kind::additive:
      out = run_smoothing<true, season_form::additive>(series, in, horizon);
      break;
    case holt_winters_kind::multiplicative:
      out = run_smoothing<true, season_form::multiplicative>(series, in, horizon);
      break;
    case holt_winters_kind::additive_no_trend:
      out = run_smoothing<false, season_form::additive>(series, in, horizon);
      break;
  }
  // A multiplicative recursion divides by the level; if that reached zero
  // the numbers are meaningless, and that is said rather than returned.
  if (!out.fitted.isFinite().all() || !out.forecast.isFinite().all()) {
    return invalid("series",
                   "the Holt-Winters recursion became non-finite (a level reached zero); "
                   "check the data and initial states");
  }
  return finite_forecast(std::move(out));
}

// ---------------------------------------------------------------------------
// Intermittent demand.

namespace {

// The intermittent kernels advance `Lanes` series together: each lane is an
// independent recursion, so interleaving them hides the latency of one
// series' dependency chain behind the others. Every lane does exactly the
// arithmetic of a lone series, so batch results equal one-at-a-time ones.
// The data are checked column by column just before use, while in cache.
constexpr int lanes = 8;

struct lane_set {
  std::array<const double*, lanes> y{};
  std::array<double*, lanes> fitted{};
  std::array<double*, lanes> forecast{};
  std::array<double, lanes> alpha{};
  std::array<double, lanes> second{};  // Croston: SBA factor; TSB: alpha_probability
  std::array<double, lanes> sse{};
  // Validation folded into the kernels' single read of the data: poison
  // stays 0 only if every value was finite (0 * NaN or 0 * inf is NaN), and
  // lowest is the smallest value seen.
  std::array<double, lanes> poison{};
  std::array<double, lanes> lowest{};
  // Final states: Croston size and interval; TSB size and probability.
  std::array<double, lanes> state_size{};
  std::array<double, lanes> state_other{};
};

// The block of Lanes series, period-major (tile[t * Lanes + l]): one
// sequential read of the columns, after which each period's values are
// adjacent and the lane loops below compile to SIMD instructions.
// The fitted values go to a second tile (from tile[n * Lanes]) and then to
// their columns, each written sequentially.
template <int Lanes>
void load_tile(const lane_set& s, Index n, std::vector<double>& tile) {
  tile.resize(static_cast<std::size_t>(2 * n * Lanes));
  for (std::size_t l = 0; l < Lanes; ++l) {
    const double* y = s.y[l];
    for (Index t = 0; t < n; ++t) tile[static_cast<std::size_t>(t * Lanes) + l] = y[t];
  }
}

template <int Lanes>
void store_fitted(const lane_set& s, Index n, const std::vector<double>& tile) {
  const double* fitted = tile.data() + n * Lanes;
  for (std::size_t l = 0; l < Lanes; ++l) {
    double* out = s.fitted[l];
    out[0] = nan;
    for (Index t = 1; t < n; ++t) out[t] = fitted[static_cast<std::size_t>(t * Lanes) + l];
  }
}

// Hands a block's results back: forecasts, sse, validation, fitted values.
template <int Lanes, bool Fitted>
void finish_lanes(lane_set& s, Index n, Index horizon, const std::vector<double>& tile,
                  const std::array<double, Lanes>& final_forecast,
                  const std::array<double, Lanes>& sse, const std::array<double, Lanes>& poison,
                  const std::array<double, Lanes>& lowest) {
  for (std::size_t l = 0; l < Lanes; ++l) {
    for (Index h = 0; h < horizon; ++h) s.forecast[l][h] = final_forecast[l];
    s.sse[l] = Fitted ? sse[l] : nan;
    s.poison[l] = poison[l];
    s.lowest[l] = lowest[l];
  }
  if constexpr (Fitted) store_fitted<Lanes>(s, n, tile);
}

// Croston. `last` starts at -1 so the first interval is the 0-based index of
// the first demand + 1; the first demand sets size and interval outright (an
// effective smoothing of 1: alpha*seen + (1-seen)), later ones smooth them.
template <int Lanes, bool Fitted>
void croston_lanes(lane_set& s, Index n, Index horizon, std::vector<double>& tile) {
  load_tile<Lanes>(s, n, tile);
  std::array<double, Lanes> size{};
  std::array<double, Lanes> interval{};
  std::array<double, Lanes> seen{};  // 0 until the first demand, then 1
  std::array<double, Lanes> last{};
  std::array<double, Lanes> sse{};
  std::array<double, Lanes> poison{};
  std::array<double, Lanes> lowest{};
  std::array<double, Lanes> alpha{};
  std::array<double, Lanes> factor{};
  for (std::size_t l = 0; l < Lanes; ++l) {
    interval[l] = 1.0;
    last[l] = -1.0;
    alpha[l] = s.alpha[l];
    factor[l] = s.second[l];
  }
  for (Index t = 0; t < n; ++t) {
    const double* value = tile.data() + t * Lanes;
    double* fitted = tile.data() + (n + t) * Lanes;
    const double now = static_cast<double>(t);
    if constexpr (Fitted) {
      for (std::size_t l = 0; l < Lanes; ++l) {
        const double current = seen[l] * factor[l] * size[l] / interval[l];
        fitted[l] = current;
        if (t > 0) sse[l] += (value[l] - current) * (value[l] - current);
      }
    }
    for (std::size_t l = 0; l < Lanes; ++l) {
      const double v = value[l];
      poison[l] += v * 0.0;
      lowest[l] = v < lowest[l] ? v : lowest[l];
      const double demand = v > 0.0 ? 1.0 : 0.0;
      const double weight = demand * (alpha[l] * seen[l] + (1.0 - seen[l]));
      size[l] += weight * (v - size[l]);
      interval[l] += weight * ((now - last[l]) - interval[l]);
      last[l] += demand * (now - last[l]);
      seen[l] = demand > seen[l] ? demand : seen[l];
    }
  }
  std::array<double, Lanes> final_forecast{};
  for (std::size_t l = 0; l < Lanes; ++l) {
    final_forecast[l] = seen[l] * factor[l] * size[l] / interval[l];
    s.state_size[l] = seen[l] > 0.0 ? size[l] : nan;
    s.state_other[l] = seen[l] > 0.0 ? interval[l] : nan;
  }
  finish_lanes<Lanes, Fitted>(s, n, horizon, tile, final_forecast, sse, poison, lowest);
}

// TSB: probability starts at the first period's occurrence (its update with
// y_0 then changes nothing) and moves every period; size as in Croston.
template <int Lanes, bool Fitted>
void tsb_lanes(lane_set& s, Index n, Index horizon, std::vector<double>& tile) {
  load_tile<Lanes>(s, n, tile);
  std::array<double, Lanes> size{};
  std::array<double, Lanes> seen{};
  std::array<double, Lanes> probability{};
  std::array<double, Lanes> sse{};
  std::array<double, Lanes> poison{};
  std::array<double, Lanes> lowest{};
  std::array<double, Lanes> alpha{};
  std::array<double, Lanes> alpha_probability{};
  for (std::size_t l = 0; l < Lanes; ++l) {
    probability[l] = tile[l] > 0.0 ? 1.0 : 0.0;
    alpha[l] = s.alpha[l];
    alpha_probability[l] = s.second[l];
  }
  for (Index t = 0; t < n; ++t) {
    const double* value = tile.data() + t * Lanes;
    double* fitted = tile.data() + (n + t) * Lanes;
    if constexpr (Fitted) {
      for (std::size_t l = 0; l < Lanes; ++l) {
        const double current = seen[l] * probability[l] * size[l];
        fitted[l] = current;
        if (t > 0) sse[l] += (value[l] - current) * (value[l] - current);
      }
    }
    for (std::size_t l = 0; l < Lanes; ++l) {
      const double v = value[l];
      poison[l] += v * 0.0;
      lowest[l] = v < lowest[l] ? v : lowest[l];
      const double demand = v > 0.0 ? 1.0 : 0.0;
      probability[l] += alpha_probability[l] * (demand - probability[l]);
      size[l] += demand * (alpha[l] * seen[l] + (1.0 - seen[l])) * (v - size[l]);
      seen[l] = demand > seen[l] ? demand : seen[l];
    }
  }
  std::array<double, Lanes> final_forecast{};
  for (std::size_t l = 0; l < Lanes; ++l) {
    final_forecast[l] = seen[l] * probability[l] * size[l];
    s.state_size[l] = seen[l] > 0.0 ? size[l] : nan;
    s.state_other[l] = probability[l];
  }
  finish_lanes<Lanes, Fitted>(s, n, horizon, tile, final_forecast, sse, poison, lowest);
}

struct croston_kernel {
  template <int Lanes, bool Fitted>
  static void run(lane_set& s, Index n, Index horizon, std::vector<double>& tile) {
    croston_lanes<Lanes, Fitted>(s, n, horizon, tile);
  }
};
struct tsb_kernel {
  template <int Lanes, bool Fitted>
  static void run(lane_set& s, Index n, Index horizon, std::vector<double>& tile) {
    tsb_lanes<Lanes, Fitted>(s, n, horizon, tile);
  }
};

template <class Kernel, int Lanes>
void dispatch(lane_set& s, Index n, Index horizon, bool with_fitted, std::vector<double>& tile) {
  if (with_fitted) {
    Kernel::template run<Lanes, true>(s, n, horizon, tile);
  } else {
    Kernel::template run<Lanes, false>(s, n, horizon, tile);
  }
}

// Runs `Kernel` over every column, `lanes` at a time, after checking each
// column (finite, non-negative); `second(j)` is the kernel's second value.
// The kernel's final states go to `size` and `other` (Croston's interval,
// TSB's probability).
template <class Kernel, class Second>
auto run_intermittent(const series_matrix_view& series, Index horizon, forecast_result& out,
                      Second second, bool with_fitted, ArrayXd& size, ArrayXd& other)
    -> result<void> {
  if (series.rows() == 0) return invalid("series", "series has no periods");
  if (auto ok = check_horizon(horizon, series.cols()); !ok) return ok;
  const Index n = series.rows();
  const Index count = series.cols();
  if (with_fitted) {
    out.fitted.resize(n, count);
    prefer_huge_pages(out.fitted);
    out.sse.resize(count);
  }
  out.forecast.resize(horizon, count);
  size.resize(count);
  other.resize(count);
  lane_set s;
  std::vector<double> tile;
  for (Index j = 0; j < count; j += lanes) {
    const Index width = std::min<Index>(lanes, count - j);
    for (Index l = 0; l < width; ++l) {
      const auto column = series.col(j + l);
      const auto slot = static_cast<std::size_t>(l);
      s.y[slot] = column.data();
      s.fitted[slot] = with_fitted ? out.fitted.col(j + l).data() : nullptr;
      s.forecast[slot] = out.forecast.col(j + l).data();
      s.alpha[slot] = out.alpha(j + l);
      s.second[slot] = second(j + l);
    }
    if (width == lanes) {
      dispatch<Kernel, lanes>(s, n, horizon, with_fitted, tile);
    } else {
      // The remainder, one series at a time (lane 0 each).
      for (Index l = 0; l < width; ++l) {
        lane_set one;
        const auto slot = static_cast<std::size_t>(l);
        one.y[0] = s.y[slot];
        one.fitted[0] = s.fitted[slot];
        one.forecast[0] = s.forecast[slot];
        one.alpha[0] = s.alpha[slot];
        one.second[0] = s.second[slot];
        dispatch<Kernel, 1>(one, n, horizon, with_fitted, tile);
        s.sse[slot] = one.sse[0];
        s.poison[slot] = one.poison[0];
        s.lowest[slot] = one.lowest[0];
        s.state_size[slot] = one.state_size[0];
        s.state_other[slot] = one.state_other[0];
      }
    }
    for (Index l = 0; l < width; ++l) {
      const auto slot = static_cast<std::size_t>(l);
      if (!(s.poison[slot] == 0.0 && s.lowest[slot] >= 0.0)) {
        return invalid("series", "intermittent demand must be finite and non-negative (series " +
                                     std::to_string(j + l) + ")");
      }
    }
    for (Index l = 0; l < width && with_fitted; ++l) {
      out.sse(j + l) = s.sse[static_cast<std::size_t>(l)];
    }
    for (Index l = 0; l < width; ++l) {
      size(j + l) = s.state_size[static_cast<std::size_t>(l)];
      other(j + l) = s.state_other[static_cast<std::size_t>(l)];
    }
  }
  return {};
}

}  // namespace

auto croston(const series_matrix_view& series, const ArrayXd& alpha, Index horizon,
             croston_kind kind, fitted_values with) -> result<forecast_result> {
  const bool with_fitted = with == fitted_values::computed;
  const Index count = series.cols();
  if (auto ok = check_smoothing(alpha, count, "alpha", false); !ok) return ok.error();
  forecast_result out;
  out.alpha = broadcast(alpha, count);
  const bool sba = kind == croston_kind::sba;
  auto factor = [&](Index j) { return sba ? 1.0 - out.alpha(j) / 2.0 : 1.0; };
  if (auto ok = run_intermittent<croston_kernel>(series, horizon, out, factor, with_fitted,
                                                 out.size, out.interval);
      !ok) {
    return ok.error();
  }
  return finite_forecast(std::move(out));
}

auto tsb(const series_matrix_view& series, const ArrayXd& alpha, const ArrayXd& alpha_probability,
         Index horizon, fitted_values with) -> result<forecast_result> {
  const bool with_fitted = with == fitted_values::computed;
  const Index count = series.cols();
  if (auto ok = check_smoothing(alpha, count, "alpha", false); !ok) return ok.error();
  if (auto ok = check_smoothing(alpha_probability, count, "alpha_probability", false); !ok) {
    return ok.error();
  }
  forecast_result out;
  out.alpha = broadcast(alpha, count);
  out.beta = broadcast(alpha_probability, count);
  auto probability = [&](Index j) { return out.beta(j); };
  if (auto ok = run_intermittent<tsb_kernel>(series, horizon, out, probability, with_fitted,
                                             out.size, out.probability);
      !ok) {
    return ok.error();
  }
  return finite_forecast(std::move(out));
}

}  // namespace onhand::planning
