// SPDX-License-Identifier: Apache-2.0
// onhand.planning, forecasts: forecasting methods, forecast error metrics,
// ABC/XYZ classes, days of supply and inventory turns over numpy arrays.
// bind_planning calls bind_planning_forecast; both use arrays.hpp.
//
// A 2-D array is (series, periods), one series per row (arrays.hpp), read
// without a copy; results come back the same way, owned by a capsule. A 1-D
// array is one series and gives 1-D results and float parameters.
#include <string>
#include <utility>

#include "onhand/planning/classification.hpp"
#include "onhand/planning/forecast.hpp"
#include "onhand/planning/metrics.hpp"

#include "arrays.hpp"
#include "bindings.hpp"

namespace onhand::python {
namespace {

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using Eigen::Index;
using planning::forecast_result;

// A fitted or given smoothing parameter per series; None if the method has none.
auto parameter(ArrayXd&& values, bool one_series) -> py::object {
  if (values.size() == 0) return py::none();
  return per_series(std::move(values), one_series);
}

// A parameter: None (empty: default or fitted), a scalar, or one per series.
auto as_parameter(py::handle value, const std::string& field, Index count) -> ArrayXd {
  if (value.is_none()) return {};
  auto array = as_array(value, field);
  if (array.ndim() > 1 || (array.size() != 1 && array.size() != count)) {
    bad_argument(field, field + " must be a scalar or hold one value per series (" +
                            std::to_string(count) + ")");
  }
  return Eigen::Map<const ArrayXd>(array.data(), array.size());
}

// What Python sees of a forecast_result.
struct forecast_output {
  py::object fitted;  // None when the call skipped fitted values
  py::array forecast;
  py::object alpha;
  py::object beta;
  py::object gamma;
  py::object sse;
  // Final states (None where the method has none).
  py::object level;
  py::object trend;
  py::object seasonal;
  py::object size;
  py::object interval;
  py::object probability;
};

auto to_output(forecast_result&& r, bool one_series) -> forecast_output {
  const bool has_fitted = r.fitted.size() != 0 || r.sse.size() != 0;
  return {.fitted = has_fitted ? py::object(series_to_numpy(std::move(r.fitted), one_series))
                               : py::object(py::none()),
          .forecast = series_to_numpy(std::move(r.forecast), one_series),
          .alpha = parameter(std::move(r.alpha), one_series),
          .beta = parameter(std::move(r.beta), one_series),
          .gamma = parameter(std::move(r.gamma), one_series),
          .sse = parameter(std::move(r.sse), one_series),
          .level = parameter(std::move(r.level), one_series),
          .trend = parameter(std::move(r.trend), one_series),
          .seasonal = r.seasonal.size() == 0
                          ? py::object(py::none())
                          : py::object(series_to_numpy(std::move(r.seasonal), one_series)),
          .size = parameter(std::move(r.size), one_series),
          .interval = parameter(std::move(r.interval), one_series),
          .probability = parameter(std::move(r.probability), one_series)};
}

// Runs f(matrix) without the GIL and converts its result.
template <class F>
auto run(const series_input& in, F&& f) -> forecast_output {
  auto r = without_gil([&] { return f(in.matrix()); });
  return to_output(unwrap(std::move(r)), in.one_series);
}

auto parse_kind(const std::string& kind) -> planning::holt_winters_kind {
  if (kind == "additive") return planning::holt_winters_kind::additive;
  if (kind == "multiplicative") return planning::holt_winters_kind::multiplicative;
  if (kind == "additive_no_trend") return planning::holt_winters_kind::additive_no_trend;
  bad_argument("kind", "kind must be 'additive', 'multiplicative' or 'additive_no_trend'");
}

// initial_seasonal: None, (m,) for every series, or (series, m).
auto as_seasonal(py::handle value, Index count) -> ArrayXXd {
  if (value.is_none()) return {};
  auto array = as_array(value, "initial_seasonal");
  if (array.ndim() == 1) return Eigen::Map<const ArrayXXd>(array.data(), array.shape(0), 1);
  if (array.ndim() == 2 && array.shape(0) == count) {
    return Eigen::Map<const ArrayXXd>(array.data(), array.shape(1), array.shape(0));
  }
  bad_argument("initial_seasonal",
               "initial_seasonal must be (season_length,) or (series, season_length)");
}

// ---------------------------------------------------------------------------
// Metrics: actual and forecast broadcast against each other.

using metric_fn = result<ArrayXd> (*)(const Eigen::Ref<const ArrayXXd>&,
                                      const Eigen::Ref<const ArrayXXd>&);

auto broadcast_pair(py::handle a, py::handle b, const std::string& a_field,
                    const std::string& b_field) -> std::pair<series_input, series_input> {
  auto np = py::module_::import("numpy");
  auto left = as_array(a, a_field);
  auto right = as_array(b, b_field);
  py::tuple both;
  try {
    both = np.attr("broadcast_arrays")(left, right);
  } catch (const py::error_already_set&) {
    bad_argument(b_field, b_field + " does not broadcast against " + a_field);
  }
  auto contiguous = [&](py::handle x) { return np.attr("ascontiguousarray")(x); };
  return {as_series(contiguous(both[0]), a_field), as_series(contiguous(both[1]), b_field)};
}

auto metric(py::handle actual, py::handle forecast, metric_fn f) -> py::object {
  auto [a, b] = broadcast_pair(actual, forecast, "actual", "forecast");
  auto r = without_gil([&] { return f(a.matrix(), b.matrix()); });
  return per_series(unwrap(std::move(r)), a.one_series);
}

// Element-wise coverage figures: broadcast, flatten, compute, reshape.
using coverage_fn = result<ArrayXd> (*)(const Eigen::Ref<const ArrayXd>&,
                                        const Eigen::Ref<const ArrayXd>&);

auto coverage(py::handle first, py::handle second, const std::string& first_field,
              const std::string& second_field, coverage_fn f) -> py::object {
  auto np = py::module_::import("numpy");
  auto left = as_array(first, first_field);
  auto right = as_array(second, second_field);
  py::tuple both;
  try {
    both = np.attr("broadcast_arrays")(left, right);
  } catch (const py::error_already_set&) {
    bad_argument(second_field, second_field + " does not broadcast against " + first_field);
  }
  auto shape = both[0].attr("shape");
  auto a = as_array(np.attr("ascontiguousarray")(both[0]).attr("reshape")(-1), first_field);
  auto b = as_array(np.attr("ascontiguousarray")(both[1]).attr("reshape")(-1), second_field);
  const Eigen::Map<const ArrayXd> left_values(a.data(), a.size());
  const Eigen::Map<const ArrayXd> right_values(b.data(), b.size());
  ArrayXd out = unwrap(without_gil([&] { return f(left_values, right_values); }));
  if (py::len(shape) == 0) return py::float_(out(0));
  return to_numpy(std::move(out)).attr("reshape")(shape);
}

template <class Enum>
auto labels(const std::vector<Enum>& classes, const char* names) -> py::object {
  py::array_t<std::uint8_t> codes(static_cast<py::ssize_t>(classes.size()));
  auto* out = codes.mutable_data();
  for (std::size_t i = 0; i < classes.size(); ++i) out[i] = static_cast<std::uint8_t>(classes[i]);
  auto np = py::module_::import("numpy");
  py::list letters;
  for (const char* c = names; *c != '\0'; ++c) letters.append(std::string(1, *c));
  return np.attr("array")(letters).attr("__getitem__")(codes);
}

}  // namespace

void bind_planning_forecast(py::module_& m) {
  // dynamic_attr: onhand.planning records a pandas input's index on the
  // result, for Forecast.to_frame().
  py::class_<forecast_output>(m, "Forecast", py::dynamic_attr(),
                              "Result of a forecasting call. For a 2-D input (series, periods): "
                              "fitted is (series, periods), forecast is (series, horizon), and "
                              "alpha, beta, gamma, sse are (series,). For a 1-D input they are "
                              "1-D arrays and floats. fitted[t] is the one-step-ahead forecast of "
                              "y[t] from data up to t-1, NaN where none exists yet.")
      .def_readonly("fitted", &forecast_output::fitted,
                    "One-step-ahead forecasts; None if the call passed fitted=False.")
      .def_readonly("forecast", &forecast_output::forecast)
      .def_readonly("alpha", &forecast_output::alpha, "Level/size smoothing used (or fitted).")
      .def_readonly("beta", &forecast_output::beta,
                    "Trend smoothing (Holt, Holt-Winters), TSB's probability smoothing, or None.")
      .def_readonly("gamma", &forecast_output::gamma, "Seasonal smoothing, or None.")
      .def_readonly("sse", &forecast_output::sse,
                    "Sum of squared one-step errors over the defined fitted values.")
      .def_readonly("level", &forecast_output::level,
                    "Final level l[T-1] (SES, Holt, Holt-Winters), or None. Pass it as "
                    "initial_level, with the same smoothing parameters, to continue on the next "
                    "periods without refitting.")
      .def_readonly("trend", &forecast_output::trend,
                    "Final trend b[T-1] (Holt, Holt-Winters with trend), or None; "
                    "initial_trend of a continuation.")
      .def_readonly("seasonal", &forecast_output::seasonal,
                    "Holt-Winters' final seasonal indexes, (season_length,) or (series, "
                    "season_length): entry i belongs to period T+i, so it is the "
                    "initial_seasonal of a continuation. None for other methods.")
      .def_readonly("size", &forecast_output::size,
                    "Croston/TSB smoothed demand size (NaN before any demand), or None.")
      .def_readonly("interval", &forecast_output::interval,
                    "Croston's smoothed inter-demand interval (NaN before any demand), or None.")
      .def_readonly("probability", &forecast_output::probability,
                    "TSB's smoothed demand probability, or None.")
      .def("__repr__", [](const forecast_output& f) {
        // fitted is None when the call skipped the fitted values.
        const std::string fitted = f.fitted.is_none()
                                       ? std::string(" None")
                                       : std::string(py::str(f.fitted.attr("shape")));
        return "<onhand.planning.Forecast fitted" + fitted + " forecast" +
               std::string(py::str(f.forecast.attr("shape"))) + ">";
      });

  m.def(
      "moving_average",
      [](py::handle series, Index window, Index horizon) {
        auto in = as_series(series, "series");
        return run(in, [&](const auto& y) { return planning::moving_average(y, window, horizon); });
      },
      py::arg("series"), py::arg("window"), py::arg("horizon") = 1,
      "Mean of the last `window` periods; fitted is NaN until the window fills.");

  m.def(
      "simple_exponential_smoothing",
      [](py::handle series, py::handle alpha, Index horizon, py::handle initial_level) {
        auto in = as_series(series, "series");
        planning::ses_options options{
            .alpha = as_parameter(alpha, "alpha", in.count),
            .initial_level = as_parameter(initial_level, "initial_level", in.count)};
        return run(in, [&](const auto& y) {
          return planning::simple_exponential_smoothing(y, options, horizon);
        });
      },
      py::arg("series"), py::kw_only(), py::arg("alpha") = py::none(), py::arg("horizon") = 1,
      py::arg("initial_level") = py::none(),
      "Simple exponential smoothing. alpha=None fits alpha by least squares; the default "
      "initial level is the first observation.");

  m.def(
      "holt",
      [](py::handle series, py::handle alpha, py::handle beta, Index horizon,
         py::handle initial_level, py::handle initial_trend) {
        auto in = as_series(series, "series");
        planning::holt_options options{
            .alpha = as_parameter(alpha, "alpha", in.count),
            .beta = as_parameter(beta, "beta", in.count),
            .initial_level = as_parameter(initial_level, "initial_level", in.count),
            .initial_trend = as_parameter(initial_trend, "initial_trend", in.count)};
        return run(in, [&](const auto& y) { return planning::holt(y, options, horizon); });
      },
      py::arg("series"), py::kw_only(), py::arg("alpha") = py::none(), py::arg("beta") = py::none(),
      py::arg("horizon") = 1, py::arg("initial_level") = py::none(),
      py::arg("initial_trend") = py::none(),
      "Holt's linear trend (component form). None smoothing parameters are fitted; default "
      "initial level y[0] and trend y[1] - y[0].");

  m.def(
      "holt_winters",
      [](py::handle series, Index season_length, const std::string& kind, py::handle alpha,
         py::handle beta, py::handle gamma, Index horizon, py::handle initial_level,
         py::handle initial_trend, py::handle initial_seasonal) {
        auto in = as_series(series, "series");
        planning::holt_winters_options options{
            .kind = parse_kind(kind),
            .season_length = season_length,
            .alpha = as_parameter(alpha, "alpha", in.count),
            .beta = as_parameter(beta, "beta", in.count),
            .gamma = as_parameter(gamma, "gamma", in.count),
            .initial_level = as_parameter(initial_level, "initial_level", in.count),
            .initial_trend = as_parameter(initial_trend, "initial_trend", in.count),
            .initial_seasonal = as_seasonal(initial_seasonal, in.count)};
        return run(in, [&](const auto& y) { return planning::holt_winters(y, options, horizon); });
      },
      py::arg("series"), py::arg("season_length"), py::kw_only(), py::arg("kind") = "additive",
      py::arg("alpha") = py::none(), py::arg("beta") = py::none(), py::arg("gamma") = py::none(),
      py::arg("horizon") = 1, py::arg("initial_level") = py::none(),
      py::arg("initial_trend") = py::none(), py::arg("initial_seasonal") = py::none(),
      "Holt-Winters: kind 'additive', 'multiplicative' or 'additive_no_trend'. "
      "initial_seasonal[i] applies to y[i].");

  m.def(
      "croston",
      [](py::handle series, py::handle alpha, Index horizon, const std::string& kind, bool fitted) {
        auto in = as_series(series, "series");
        planning::croston_kind variant{};
        if (kind == "classic") {
          variant = planning::croston_kind::classic;
        } else if (kind == "sba") {
          variant = planning::croston_kind::sba;
        } else {
          bad_argument("kind", "kind must be 'classic' or 'sba'");
        }
        const ArrayXd a = as_parameter(alpha, "alpha", in.count);
        const auto with =
            fitted ? planning::fitted_values::computed : planning::fitted_values::skipped;
        return run(in,
                   [&](const auto& y) { return planning::croston(y, a, horizon, variant, with); });
      },
      py::arg("series"), py::kw_only(), py::arg("alpha") = 0.1, py::arg("horizon") = 1,
      py::arg("kind") = "classic", py::arg("fitted") = true,
      "Croston's method (kind='sba' for the Syntetos-Boylan approximation), statsforecast's "
      "conventions; the default alpha 0.1 is statsforecast's. fitted=False skips the in-sample "
      "fitted values and sse (None) for large batches that only need forecasts.");

  m.def(
      "tsb",
      [](py::handle series, py::handle alpha, py::handle alpha_probability, Index horizon,
         bool fitted) {
        auto in = as_series(series, "series");
        const ArrayXd a = as_parameter(alpha, "alpha", in.count);
        const ArrayXd p = as_parameter(alpha_probability, "alpha_probability", in.count);
        const auto with =
            fitted ? planning::fitted_values::computed : planning::fitted_values::skipped;
        return run(in, [&](const auto& y) { return planning::tsb(y, a, p, horizon, with); });
      },
      py::arg("series"), py::kw_only(), py::arg("alpha"), py::arg("alpha_probability"),
      py::arg("horizon") = 1, py::arg("fitted") = true,
      "Teunter-Syntetos-Babai: size smoothed on demand periods with alpha, demand probability "
      "every period with alpha_probability. fitted=False as for croston.");

  // Error metrics: error = actual - forecast; NaN pairs skipped.
  m.def(
      "mean_absolute_error",
      [](py::handle a, py::handle f) { return metric(a, f, &planning::mean_absolute_error); },
      py::arg("actual"), py::arg("forecast"),
      "Mean of |actual - forecast| per series (NaN pairs skipped).");
  m.def(
      "root_mean_squared_error",
      [](py::handle a, py::handle f) { return metric(a, f, &planning::root_mean_squared_error); },
      py::arg("actual"), py::arg("forecast"),
      "Square root of the mean of (actual - forecast)^2 per series (NaN pairs skipped).");
  m.def(
      "mean_absolute_percentage_error",
      [](py::handle a, py::handle f) {
        return metric(a, f, &planning::mean_absolute_percentage_error);
      },
      py::arg("actual"), py::arg("forecast"), "In percent; periods with actual 0 are skipped.");
  m.def(
      "forecast_bias",
      [](py::handle a, py::handle f) { return metric(a, f, &planning::forecast_bias); },
      py::arg("actual"), py::arg("forecast"), "Mean of actual - forecast (> 0: under-forecast).");
  m.def(
      "error_standard_deviation",
      [](py::handle a, py::handle f) { return metric(a, f, &planning::error_standard_deviation); },
      py::arg("actual"), py::arg("forecast"), "Sample standard deviation (n-1) of the errors.");
  m.def(
      "mean_absolute_scaled_error",
      [](py::handle actual, py::handle forecast, py::handle training, Index season_length) {
        auto [a, f] = broadcast_pair(actual, forecast, "actual", "forecast");
        auto t = as_series(training, "training");
        if (t.one_series != a.one_series) {
          bad_argument("training", "training must have the dimensions of actual");
        }
        auto r = without_gil([&] {
          return planning::mean_absolute_scaled_error(a.matrix(), f.matrix(), t.matrix(),
                                                      season_length);
        });
        return per_series(unwrap(std::move(r)), a.one_series);
      },
      py::arg("actual"), py::arg("forecast"), py::arg("training"), py::arg("season_length") = 1,
      "MAE over the in-sample MAE of the (seasonal) naive forecast on training.");

  // Classification and coverage.
  m.def(
      "abc_classify",
      [](py::handle annual_value, double a_cutoff, double b_cutoff) {
        auto values = as_array(annual_value, "annual_value");
        if (values.ndim() != 1) bad_argument("annual_value", "annual_value must be 1-D");
        const Eigen::Map<const ArrayXd> annual(values.data(), values.size());
        auto r = without_gil([&] { return planning::abc_classify(annual, a_cutoff, b_cutoff); });
        return labels(unwrap(std::move(r)), "ABC");
      },
      py::arg("annual_value"), py::arg("a_cutoff") = 0.8, py::arg("b_cutoff") = 0.95,
      "'A', 'B' or 'C' per item by cumulative share of annual value.");
  m.def(
      "coefficient_of_variation",
      [](py::handle demand) {
        auto in = as_series(demand, "demand");
        return per_series(
            unwrap(without_gil([&] { return planning::coefficient_of_variation(in.matrix()); })),
            in.one_series);
      },
      py::arg("demand"), "Sample standard deviation over mean, per series; NaN for mean 0.");
  m.def(
      "xyz_classify",
      [](py::handle demand, double x_cutoff, double y_cutoff) {
        auto in = as_series(demand, "demand");
        auto classes = unwrap(
            without_gil([&] { return planning::xyz_classify(in.matrix(), x_cutoff, y_cutoff); }));
        py::object out = labels(classes, "XYZ");
        return in.one_series ? out.attr("__getitem__")(0) : out;
      },
      py::arg("demand"), py::arg("x_cutoff") = 0.5, py::arg("y_cutoff") = 1.0,
      "'X', 'Y' or 'Z' per series by coefficient of variation.");
  m.def(
      "days_of_supply",
      [](py::handle on_hand, py::handle daily_demand) {
        return coverage(on_hand, daily_demand, "on_hand", "daily_demand",
                        &planning::days_of_supply);
      },
      py::arg("on_hand"), py::arg("daily_demand"),
      "on_hand / daily_demand; 0 when on_hand <= 0, inf when demand is 0.");
  m.def(
      "inventory_turns",
      [](py::handle cogs, py::handle average_inventory) {
        return coverage(cogs, average_inventory, "cost_of_goods_sold", "average_inventory",
                        &planning::inventory_turns);
      },
      py::arg("cost_of_goods_sold"), py::arg("average_inventory"),
      "cost_of_goods_sold / average_inventory; 0 when both are 0, inf when only inventory is.");
}

}  // namespace onhand::python
