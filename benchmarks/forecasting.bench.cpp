// SPDX-License-Identifier: Apache-2.0
// Forecasting over many series at once: the C++ side of the peer
// comparisons in benchmarks/python/forecasting_peer.py (docs/benchmarks.md).
// SES and Holt: 10k series x 104 periods; Croston and TSB: 100k x 104.
#include <random>

#include <benchmark/benchmark.h>

#include "onhand/planning/forecast.hpp"

namespace {

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
namespace planning = onhand::planning;

constexpr Eigen::Index periods = 104;

auto smooth_demand(Eigen::Index series) -> ArrayXXd {
  std::mt19937 gen(42);
  std::normal_distribution<double> noise(0.0, 5.0);
  ArrayXXd m(periods, series);
  for (Eigen::Index j = 0; j < series; ++j) {
    for (Eigen::Index t = 0; t < periods; ++t) {
      m(t, j) = 100.0 + 0.2 * static_cast<double>(t) + noise(gen);
    }
  }
  return m;
}

auto intermittent_demand(Eigen::Index series) -> ArrayXXd {
  std::mt19937 gen(42);
  std::bernoulli_distribution occurs(0.25);
  std::poisson_distribution<int> size(3);
  ArrayXXd m(periods, series);
  for (Eigen::Index i = 0; i < m.size(); ++i) m(i) = occurs(gen) ? 1.0 + size(gen) : 0.0;
  return m;
}

// Items are series; time_per_series is the wall time of one call over the
// number of series it forecasts (printed with an SI prefix, e.g. 201ns).
void report(benchmark::State& state, Eigen::Index series) {
  state.SetItemsProcessed(state.iterations() * series);
  state.counters["time_per_series"] = benchmark::Counter(
      static_cast<double>(series),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

auto one(double value) -> ArrayXd { return ArrayXd::Constant(1, value); }

// Times `call(demand)` on one matrix of series.
template <class Call>
void run(benchmark::State& state, const ArrayXXd& demand, Call call) {
  for (auto _ : state) {
    auto fc = call(demand);
    benchmark::DoNotOptimize(fc);
  }
  report(state, demand.cols());
}

void BM_ForecastingSes(benchmark::State& state) {
  run(state, smooth_demand(state.range(0)), [](const ArrayXXd& d) {
    return planning::simple_exponential_smoothing(d, {.alpha = one(0.3)}, 4);
  });
}
BENCHMARK(BM_ForecastingSes)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_ForecastingHolt(benchmark::State& state) {
  run(state, smooth_demand(state.range(0)), [](const ArrayXXd& d) {
    return planning::holt(d, {.alpha = one(0.3), .beta = one(0.1)}, 4);
  });
}
BENCHMARK(BM_ForecastingHolt)->Arg(10'000)->Unit(benchmark::kMillisecond);

// Smoothing parameters fitted per series (grid + Nelder-Mead).
void BM_ForecastingSesFitted(benchmark::State& state) {
  run(state, smooth_demand(state.range(0)),
      [](const ArrayXXd& d) { return planning::simple_exponential_smoothing(d, {}, 4); });
}
BENCHMARK(BM_ForecastingSesFitted)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_ForecastingHoltFitted(benchmark::State& state) {
  run(state, smooth_demand(state.range(0)),
      [](const ArrayXXd& d) { return planning::holt(d, {}, 4); });
}
BENCHMARK(BM_ForecastingHoltFitted)->Arg(10'000)->Unit(benchmark::kMillisecond);

// Croston and TSB with the in-sample fitted matrix (periods x series).
void BM_ForecastingCroston(benchmark::State& state) {
  run(state, intermittent_demand(state.range(0)),
      [](const ArrayXXd& d) { return planning::croston(d, one(0.1), 4); });
}
BENCHMARK(BM_ForecastingCroston)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_ForecastingTsb(benchmark::State& state) {
  run(state, intermittent_demand(state.range(0)),
      [](const ArrayXXd& d) { return planning::tsb(d, one(0.1), one(0.1), 4); });
}
BENCHMARK(BM_ForecastingTsb)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Forecasts only (no fitted matrix): what the numpy peer computes.
void BM_ForecastingCrostonForecastOnly(benchmark::State& state) {
  run(state, intermittent_demand(state.range(0)), [](const ArrayXXd& d) {
    return planning::croston(d, one(0.1), 4, planning::croston_kind::classic,
                             planning::fitted_values::skipped);
  });
}
BENCHMARK(BM_ForecastingCrostonForecastOnly)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_ForecastingTsbForecastOnly(benchmark::State& state) {
  run(state, intermittent_demand(state.range(0)), [](const ArrayXXd& d) {
    return planning::tsb(d, one(0.1), one(0.1), 4, planning::fitted_values::skipped);
  });
}
BENCHMARK(BM_ForecastingTsbForecastOnly)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
