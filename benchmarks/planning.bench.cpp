// SPDX-License-Identifier: Apache-2.0
// Safety stock + reorder point for 1M SKU-locations: onhand::planning against
// a hand-fused scalar loop doing the same arithmetic with the same quantile
// (onhand's public normal_quantile, Wichura's AS 241), in the same run. Goal:
// onhand within 1.5x of the loop. A second peer uses Boost's quantile, what
// onhand used before AS 241, to show what the quantile costs.
#include <cmath>
#include <cstdint>
#include <random>

#include <benchmark/benchmark.h>
#include <boost/math/distributions/normal.hpp>

#include "onhand/planning/distributions.hpp"
#include "onhand/planning/safety_stock.hpp"

namespace {

constexpr Eigen::Index rows = 1'000'000;

// Boost's quantile evaluated in double, for the second peer.
using fast_normal = boost::math::normal_distribution<
    double, boost::math::policies::policy<boost::math::policies::promote_double<false>>>;

struct sku_columns {
  Eigen::ArrayXd demand_mean{rows}, demand_std{rows}, lead_time{rows}, lead_time_std{rows},
      service_level{rows};
};

auto columns() -> const sku_columns& {
  static const sku_columns c = [] {
    sku_columns out;
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (Eigen::Index i = 0; i < rows; ++i) {
      out.demand_mean[i] = 200.0 * u(rng);
      out.demand_std[i] = 60.0 * u(rng);
      out.lead_time[i] = 1.0 + 29.0 * u(rng);
      out.lead_time_std[i] = 5.0 * u(rng);
      out.service_level[i] = 0.80 + 0.195 * u(rng);
    }
    return out;
  }();
  return c;
}

void report(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["ns_per_sku"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(rows),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

enum class outputs : std::uint8_t { fresh, reused };

// onhand over the 1M columns with the given service level (a column: a
// quantile per row; a scalar: z once), into fresh or reused result columns.
void run_onhand(benchmark::State& state, onhand::planning::column_view service_level,
                outputs mode) {
  const auto& c = columns();
  const onhand::planning::cycle_service_input in{.demand_mean = c.demand_mean,
                                                 .demand_std = c.demand_std,
                                                 .lead_time = c.lead_time,
                                                 .service_level = service_level,
                                                 .lead_time_std = c.lead_time_std};
  onhand::planning::reorder_point_columns reused;
  for (auto _ : state) {
    if (mode == outputs::fresh) {
      auto r = onhand::planning::reorder_point(in);
      benchmark::DoNotOptimize(r->reorder_point.data());
    } else {
      auto done = onhand::planning::reorder_point(in, reused);
      benchmark::DoNotOptimize(done);
      benchmark::DoNotOptimize(reused.reorder_point.data());
    }
  }
  report(state);
}

enum class quantile_algorithm : std::uint8_t { onhand, boost };

// The peer: one fused loop, no validation, writing only SS and ROP into
// preallocated arrays; a quantile per row, or z hoisted out of the loop (a
// template parameter, so the peer's loop carries no branch for it).
template <bool LevelPerSku, quantile_algorithm Quantile = quantile_algorithm::onhand>
void run_hand_fused(benchmark::State& state) {
  const auto& c = columns();
  Eigen::ArrayXd ss(rows), rop(rows);
  const fast_normal normal;
  auto quantile = [&normal](double p) {
    if constexpr (Quantile == quantile_algorithm::onhand) {
      return onhand::planning::normal_quantile(p);
    } else {
      return boost::math::quantile(normal, p);
    }
  };
  for (auto _ : state) {
    const double z_once = quantile(0.95);
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double d = c.demand_mean[i];
      const double sd = c.demand_std[i];
      const double l = c.lead_time[i];
      const double sl = c.lead_time_std[i];
      const double z = LevelPerSku ? quantile(c.service_level[i]) : z_once;
      const double s = z * std::sqrt(l * sd * sd + d * d * sl * sl);
      ss[i] = s;
      rop[i] = d * l + s;
    }
    benchmark::DoNotOptimize(rop.data());
    benchmark::ClobberMemory();
  }
  report(state);
}

void BM_PlanningReorderPoint(benchmark::State& state) {
  run_onhand(state, columns().service_level, outputs::fresh);
}
void BM_PlanningReorderPointReused(benchmark::State& state) {
  run_onhand(state, columns().service_level, outputs::reused);
}
void BM_PlanningReorderPointHandFused(benchmark::State& state) { run_hand_fused<true>(state); }
void BM_PlanningReorderPointHandFusedBoostQuantile(benchmark::State& state) {
  run_hand_fused<true, quantile_algorithm::boost>(state);
}
void BM_PlanningReorderPointScalarLevel(benchmark::State& state) {
  run_onhand(state, 0.95, outputs::reused);
}
void BM_PlanningReorderPointScalarLevelAllocating(benchmark::State& state) {
  run_onhand(state, 0.95, outputs::fresh);
}
void BM_PlanningReorderPointScalarLevelHandFused(benchmark::State& state) {
  run_hand_fused<false>(state);
}

}  // namespace

BENCHMARK(BM_PlanningReorderPoint)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanningReorderPointReused)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanningReorderPointHandFused)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanningReorderPointHandFusedBoostQuantile)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanningReorderPointScalarLevel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanningReorderPointScalarLevelAllocating)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanningReorderPointScalarLevelHandFused)->Unit(benchmark::kMillisecond);
