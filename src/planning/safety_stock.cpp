// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/safety_stock.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <boost/math/tools/roots.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "onhand/planning/distributions.hpp"

#include "checks.hpp"
#include "math_policy.hpp"
#include "normal_quantile.hpp"

namespace onhand::planning {
namespace {

using detail::check;
using detail::is_finite;
using detail::is_non_negative;
using detail::is_positive;
using detail::is_probability_open;

auto is_fill_rate(double x) -> bool { return x >= 0.0 && x < 1.0; }

// The demand/lead-time columns every policy shares, checked in one place.
auto check_demand(const column_view& demand_mean, const column_view& demand_std,
                  const column_view& lead_time, const column_view& lead_time_std)
    -> std::optional<error> {
  if (auto e = check(demand_mean, "demand_mean", ">= 0 and finite", is_non_negative)) return e;
  if (auto e = check(demand_std, "demand_std", ">= 0 and finite", is_non_negative)) return e;
  if (auto e = check(lead_time, "lead_time", ">= 0 and finite", is_non_negative)) return e;
  if (auto e = check(lead_time_std, "lead_time_std", ">= 0 and finite", is_non_negative)) {
    return e;
  }
  return std::nullopt;
}

// A lead time whose mean is 0 cannot vary (it is never negative).
auto check_lead_time_spread(Eigen::Index rows, const column_view& lead_time,
                            const column_view& lead_time_std) -> std::optional<error> {
  for (Eigen::Index i = 0; i < rows; ++i) {
    if (lead_time[i] == 0.0 && lead_time_std[i] > 0.0) {
      return detail::invalid("lead_time_std", "0 when lead_time is 0", lead_time_std[i],
                             rows == 1 ? std::nullopt : std::optional<Eigen::Index>(i));
    }
  }
  return std::nullopt;
}

// The rows of a call over the shared demand columns and `others`, with the
// demand columns checked (the others are the caller's to check).
auto demand_rows(const column_view& demand_mean, const column_view& demand_std,
                 const column_view& lead_time, const column_view& lead_time_std,
                 std::initializer_list<detail::named_column> others) -> result<Eigen::Index> {
  std::vector<detail::named_column> all{{"demand_mean", demand_mean},
                                        {"demand_std", demand_std},
                                        {"lead_time", lead_time},
                                        {"lead_time_std", lead_time_std}};
  for (const auto& other : others) all.push_back(other);
  auto rows = detail::broadcast_rows(all);
  if (!rows) return rows;
  if (auto e = check_demand(demand_mean, demand_std, lead_time, lead_time_std)) return *e;
  return rows;
}

// sqrt(T sigma_d^2 + d^2 sigma_L^2): the spread of demand over T periods
// when both demand and lead time vary (independent).
auto spread(double periods, double d, double sigma_d, double sigma_l) -> double {
  return std::sqrt(periods * sigma_d * sigma_d + d * d * sigma_l * sigma_l);
}

// z per row, computed once when the service level broadcasts.
template <class Write>
void for_each_z(Eigen::Index rows, const column_view& level, Write write) {
  if (level.broadcasts()) {
    const double z = normal_quantile(level[0]);
    for (Eigen::Index i = 0; i < rows; ++i) write(i, z);
  } else {
    for (Eigen::Index i = 0; i < rows; ++i) write(i, normal_quantile(level[i]));
  }
}

// The k with sigma [G(k) - G(k + q)] = q (1 - beta) sigma, q = Q / sigma:
// the left side falls from q to 0, so bracket below the approximate k (which
// is an upper bound) and solve with TOMS 748.
auto exact_fill_rate_k(double q, double beta) -> double {
  const double target = q * (1.0 - beta);
  auto h = [q, target](double k) { return normal_loss(k) - normal_loss(k + q) - target; };
  double hi = normal_loss_inverse(target);
  double lo = hi - 1.0;
  // Doubling steps reach -1e308 within 1100 steps; a NaN stops them.
  for (double step = 1.0; h(lo) < 0.0 && step < std::numeric_limits<double>::max(); step *= 2.0) {
    lo -= step;
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) return std::numeric_limits<double>::quiet_NaN();
  if (h(hi) >= 0.0) return hi;
  std::uintmax_t iterations = 200;
  auto [a, b] = boost::math::tools::toms748_solve(
      h, lo, hi, boost::math::tools::eps_tolerance<double>(48), iterations, detail::math_policy());
  return 0.5 * (a + b);
}

}  // namespace

namespace {

// The checks of reorder_point in precedence order, for reporting the first
// fault once the fused loop has seen that there is one.
auto first_cycle_service_fault(const cycle_service_input& in, Eigen::Index n) -> error {
  if (auto e = check_demand(in.demand_mean, in.demand_std, in.lead_time, in.lead_time_std)) {
    return *e;
  }
  if (auto e = check(in.service_level, "service_level", "in (0, 1)", is_probability_open)) {
    return *e;
  }
  if (auto e = check_lead_time_spread(n, in.lead_time, in.lead_time_std)) return *e;
  ONHAND_ASSERT(false, "the fused loop flagged a fault that no check finds");
  return make_error(errc::invalid_parameter, "invalid reorder_point input");
}

auto cycle_service_rows(const cycle_service_input& in) -> result<Eigen::Index> {
  return detail::broadcast_rows({{"demand_mean", in.demand_mean},
                                 {"demand_std", in.demand_std},
                                 {"lead_time", in.lead_time},
                                 {"service_level", in.service_level},
                                 {"lead_time_std", in.lead_time_std}});
}

auto valid_amount(double x) -> bool { return x >= 0.0 && x <= std::numeric_limits<double>::max(); }

// One row of reorder_point given its z, and whether its demand and lead-time
// values are valid (checked as they are read, without branches).
struct reorder_row_values {
  double sigma;
  double safety_stock;
  double reorder_point;
  bool valid;
};
inline auto reorder_row(const cycle_service_input& in, Eigen::Index i, double z)
    -> reorder_row_values {
  const double d = in.demand_mean[i];
  const double sd = in.demand_std[i];
  const double lead = in.lead_time[i];
  const double sl = in.lead_time_std[i];
  const bool valid = valid_amount(d) & valid_amount(sd) & valid_amount(lead) & valid_amount(sl) &
                     !(lead == 0.0 && sl > 0.0);
  const double sigma = spread(lead, d, sd, sl);
  const double ss = detail::unsigned_zero(z * sigma);
  return {sigma, ss, d * lead + ss, valid};
}

// On x86-64 Linux the block loop is also compiled for AVX2 and the loader
// picks the version the processor runs (four rows per instruction instead of
// two). AVX2 without FMA rounds every operation as SSE2 does: same bits.
#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__))
#define ONHAND_PLANNING_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#else
#define ONHAND_PLANNING_AVX2_CLONE
#endif

// Rows per block of the per-row quantile: small enough that a block's z stay
// in L1 between the quantile and the arithmetic that uses them.
constexpr Eigen::Index quantile_block = 256;

// Writes blocks of four result columns. Columns of many megabytes are
// streamed (non-temporal stores): they would not stay in cache anyway, and a
// normal store first reads each cache line it is about to overwrite.
class block_store {
 public:
  block_store(Eigen::Index rows, std::array<double*, 4> columns) : columns_(columns) {
#if defined(__SSE2__)
    streaming_ = rows >= stream_rows_min;
    for (double* column : columns_) {
      streaming_ = streaming_ && reinterpret_cast<std::uintptr_t>(column) % 16 == 0;
    }
#else
    static_cast<void>(rows);
#endif
  }
  // Rows [start, start + count) from the four blocks; start is a multiple of
  // the block size (even), so aligned columns stay aligned.
  void operator()(Eigen::Index start, Eigen::Index count,
                  std::array<const double*, 4> blocks) const {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      double* to = columns_[c] + start;
      const double* from = blocks[c];
#if defined(__SSE2__)
      if (streaming_) {
        Eigen::Index k = 0;
        for (; k + 1 < count; k += 2) _mm_stream_pd(to + k, _mm_loadu_pd(from + k));
        if (k < count) to[k] = from[k];
        continue;
      }
#endif
      std::copy_n(from, count, to);
    }
  }
  // Orders the streamed stores before anything that follows.
  void finish() const {
#if defined(__SSE2__)
    if (streaming_) _mm_sfence();
#endif
  }

 private:
  // 2^17 rows: a megabyte per column, more than a core's share of cache.
  static constexpr Eigen::Index stream_rows_min = Eigen::Index{1} << 17;
  std::array<double*, 4> columns_;
  bool streaming_{false};
};

// z for rows [start, start + count) of a per-row service level, and whether
// every level is in (0, 1) (an invalid level gets z = 0). Service levels mix
// the centre of AS 241 with its tails row by row, so a branch per row is
// mispredicted about every other row: the centre is evaluated for the whole
// block without a branch, then only the tail rows are revisited.
ONHAND_PLANNING_AVX2_CLONE auto block_quantiles(const column_view& level, Eigen::Index start,
                                                Eigen::Index count,
                                                std::array<double, quantile_block>& z) -> bool {
  // p - 0.5 per row (0 for an invalid level and past the last row), so that
  // the centre is one loop of fixed length, which the compiler vectorizes.
  std::array<double, quantile_block> q{};
  bool valid = true;
  for (Eigen::Index k = 0; k < count; ++k) {
    const double p = level[start + k];
    const bool ok = is_probability_open(p);
    valid &= ok;
    q[k] = (ok ? p : 0.5) - 0.5;
  }
  std::fill(q.begin() + count, q.end(), 0.0);
  for (Eigen::Index k = 0; k < quantile_block; ++k) z[k] = detail::normal_quantile_central(q[k]);
  std::array<std::int16_t, quantile_block> tail{};
  int tails = 0;
  for (Eigen::Index k = 0; k < count; ++k) {
    tail[tails] = static_cast<std::int16_t>(k);
    tails += static_cast<int>(!detail::normal_quantile_is_central(q[k]));
  }
  for (int j = 0; j < tails; ++j) {
    const Eigen::Index k = tail[j];
    z[k] = detail::normal_quantile_tail(level[start + k]);
  }
  return valid;
}

// Rows are computed a block at a time into L1 and then stored, each result
// column in one run (streamed past the cache when the columns are large).
void compute_blocks(const cycle_service_input& in, Eigen::Index n, const reorder_point_buffers& out,
                    bool& valid) {
  std::array<double, quantile_block> z{}, sigma{}, ss{}, rop{};
  const block_store store(
      n, {out.z.data(), out.sigma.data(), out.safety_stock.data(), out.reorder_point.data()});
  for (Eigen::Index start = 0; start < n; start += quantile_block) {
    const Eigen::Index count = std::min<Eigen::Index>(quantile_block, n - start);
    valid &= block_quantiles(in.service_level, start, count, z);
    for (Eigen::Index k = 0; k < count; ++k) {
      const auto row = reorder_row(in, start + k, z[k]);
      valid &= row.valid;
      sigma[k] = row.sigma;
      ss[k] = row.safety_stock;
      rop[k] = row.reorder_point;
    }
    store(start, count, {z.data(), sigma.data(), ss.data(), rop.data()});
  }
  store.finish();
}

}  // namespace

auto reorder_point(const cycle_service_input& in, const reorder_point_buffers& out)
    -> result<void> {
  auto rows = cycle_service_rows(in);
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  const auto size = static_cast<std::size_t>(n);
  if (out.z.size() != size || out.sigma.size() != size || out.safety_stock.size() != size ||
      out.reorder_point.size() != size) {
    return make_error(errc::invalid_parameter,
                      "every output buffer must hold " + std::to_string(n) + " values",
                      error_context{.field = "out"});
  }
  const bool one_level = in.service_level.broadcasts();
  if (one_level && !is_probability_open(in.service_level[0])) {
    return first_cycle_service_fault(in, n);
  }
  // One pass that validates as it computes (validation alone would read every
  // column a second time); the first fault is located afterwards, off the hot path.
  bool valid = true;
  const double z_once = one_level ? normal_quantile(in.service_level[0]) : 0.0;
  if (one_level) {
    // z once: the loop is memory-bound, and rows go straight to the columns
    // (measured faster here than going through the block buffers).
    double* const z_out = out.z.data();
    double* const sigma_out = out.sigma.data();
    double* const ss_out = out.safety_stock.data();
    double* const rop_out = out.reorder_point.data();
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto row = reorder_row(in, i, z_once);
      valid &= row.valid;
      z_out[i] = z_once;
      sigma_out[i] = row.sigma;
      ss_out[i] = row.safety_stock;
      rop_out[i] = row.reorder_point;
    }
  } else {
    compute_blocks(in, n, out, valid);
  }
  if (!valid) return first_cycle_service_fault(in, n);
  if (auto e = detail::finite_columns({{"sigma", out.sigma},
                                       {"safety_stock", out.safety_stock},
                                       {"reorder_point", out.reorder_point}})) {
    return *e;
  }
  return {};
}

auto reorder_point(const cycle_service_input& in, reorder_point_columns& out) -> result<void> {
  auto rows = cycle_service_rows(in);
  if (!rows) return rows.error();
  // A new block (column_block.hpp) only when the row count changes.
  if (out.rows() != *rows) out = reorder_point_columns(*rows);
  auto span = [](reorder_point_columns::column& a) {
    return std::span<double>(a.data(), static_cast<std::size_t>(a.size()));
  };
  return reorder_point(in, reorder_point_buffers{span(out.z), span(out.sigma),
                                                 span(out.safety_stock), span(out.reorder_point)});
}

auto reorder_point(const cycle_service_input& in) -> result<reorder_point_columns> {
  reorder_point_columns out;
  if (auto done = reorder_point(in, out); !done) return std::move(done).error();
  return out;
}

auto reorder_point_fill_rate(const fill_rate_input& in) -> result<reorder_point_columns> {
  auto rows = demand_rows(in.demand_mean, in.demand_std, in.lead_time, in.lead_time_std,
                          {{"order_quantity", in.order_quantity}, {"fill_rate", in.fill_rate}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e = check(in.order_quantity, "order_quantity", "> 0 and finite", is_positive)) {
    return *e;
  }
  if (in.exact) {
    if (auto e = check(in.fill_rate, "fill_rate", "in (0, 1) for the exact variant",
                       is_probability_open)) {
      return *e;
    }
  } else if (auto e = check(in.fill_rate, "fill_rate", "in [0, 1)", is_fill_rate)) {
    return *e;
  }
  if (auto e = check_lead_time_spread(n, in.lead_time, in.lead_time_std)) return *e;

  reorder_point_columns out(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double d = in.demand_mean[i];
    const double lead = in.lead_time[i];
    const double sigma = spread(lead, d, in.demand_std[i], in.lead_time_std[i]);
    const double q = in.order_quantity[i];
    const double beta = in.fill_rate[i];
    double k = 0.0;
    if (sigma > 0.0) {
      k = in.exact ? exact_fill_rate_k(q / sigma, beta)
                   : normal_loss_inverse(q * (1.0 - beta) / sigma);
    }
    out.z[i] = k;
    out.sigma[i] = sigma;
    out.safety_stock[i] = detail::unsigned_zero(k * sigma);
    out.reorder_point[i] = d * lead + out.safety_stock[i];
  }
  if (auto e = detail::finite_columns({{"z", out.z},
                                       {"sigma", out.sigma},
                                       {"safety_stock", out.safety_stock},
                                       {"reorder_point", out.reorder_point}})) {
    return *e;
  }
  return out;
}

auto service_measures(const service_input& in) -> result<service_columns> {
  auto rows =
      demand_rows(in.demand_mean, in.demand_std, in.lead_time, in.lead_time_std,
                  {{"reorder_point", in.reorder_point}, {"order_quantity", in.order_quantity}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e = check(in.reorder_point, "reorder_point", "finite", is_finite)) return *e;
  if (auto e = check(in.order_quantity, "order_quantity", "> 0 and finite", is_positive)) {
    return *e;
  }
  if (auto e = check_lead_time_spread(n, in.lead_time, in.lead_time_std)) return *e;

  service_columns out{Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mean = in.demand_mean[i] * in.lead_time[i];
    const double sigma =
        spread(in.lead_time[i], in.demand_mean[i], in.demand_std[i], in.lead_time_std[i]);
    const double r = in.reorder_point[i];
    const double q = in.order_quantity[i];
    const double shortage = normal_loss(r, mean, sigma);
    out.cycle_service_level[i] =
        sigma > 0.0 ? normal_cdf((r - mean) / sigma) : (r >= mean ? 1.0 : 0.0);
    out.expected_shortage[i] = shortage;
    out.fill_rate[i] = 1.0 - shortage / q;
    out.fill_rate_exact[i] = 1.0 - (shortage - normal_loss(r + q, mean, sigma)) / q;
  }
  if (auto e = detail::finite_columns({{"cycle_service_level", out.cycle_service_level},
                                       {"expected_shortage", out.expected_shortage},
                                       {"fill_rate", out.fill_rate},
                                       {"fill_rate_exact", out.fill_rate_exact}})) {
    return *e;
  }
  return out;
}

namespace {

enum class periodic_target : std::uint8_t { cycle_service, fill_rate };

auto periodic(const periodic_review_input& in, periodic_target target)
    -> result<order_up_to_columns> {
  auto rows =
      demand_rows(in.demand_mean, in.demand_std, in.lead_time, in.lead_time_std,
                  {{"review_period", in.review_period}, {"service_level", in.service_level}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e = check(in.review_period, "review_period", "> 0 and finite", is_positive)) return *e;
  if (target == periodic_target::cycle_service) {
    if (auto e = check(in.service_level, "service_level", "in (0, 1)", is_probability_open)) {
      return *e;
    }
  } else if (auto e =
                 check(in.service_level, "service_level", "a fill rate in [0, 1)", is_fill_rate)) {
    return *e;
  }
  if (auto e = check_lead_time_spread(n, in.lead_time, in.lead_time_std)) return *e;

  order_up_to_columns out{Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n),
                          Eigen::ArrayXd(n)};
  auto write = [&](Eigen::Index i, double k, double sigma) {
    const double d = in.demand_mean[i];
    out.z[i] = k;
    out.sigma[i] = sigma;
    out.safety_stock[i] = detail::unsigned_zero(k * sigma);
    out.order_up_to[i] = d * (in.review_period[i] + in.lead_time[i]) + out.safety_stock[i];
  };
  auto protection_spread = [&](Eigen::Index i) {
    return spread(in.review_period[i] + in.lead_time[i], in.demand_mean[i], in.demand_std[i],
                  in.lead_time_std[i]);
  };
  if (target == periodic_target::cycle_service) {
    for_each_z(n, in.service_level,
               [&](Eigen::Index i, double z) { write(i, z, protection_spread(i)); });
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double sigma = protection_spread(i);
      const double shortage = (1.0 - in.service_level[i]) * in.demand_mean[i] * in.review_period[i];
      write(i, sigma > 0.0 && shortage > 0.0 ? normal_loss_inverse(shortage / sigma) : 0.0, sigma);
    }
  }
  if (auto e = detail::finite_columns({{"z", out.z},
                                       {"sigma", out.sigma},
                                       {"safety_stock", out.safety_stock},
                                       {"order_up_to", out.order_up_to}})) {
    return *e;
  }
  return out;
}

}  // namespace

auto order_up_to(const periodic_review_input& in) -> result<order_up_to_columns> {
  return periodic(in, periodic_target::cycle_service);
}

auto order_up_to_fill_rate(const periodic_review_input& in) -> result<order_up_to_columns> {
  return periodic(in, periodic_target::fill_rate);
}

auto safety_stock_from_errors(const series_matrix_view& errors, const column_view& lead_time,
                              const column_view& service_level, error_spread method)
    -> result<forecast_error_columns> {
  const Eigen::Index periods = errors.rows();
  const Eigen::Index series = errors.cols();
  // The errors' series count fixes n; the scalar columns broadcast to it.
  auto rows = detail::broadcast_rows({{"lead_time", lead_time}, {"service_level", service_level}});
  if (!rows) return rows.error();
  if (*rows != 1 && *rows != series) {
    return make_error(errc::invalid_parameter,
                      "lead_time and service_level need one value or one per error series",
                      error_context{.field = "lead_time"});
  }
  const Eigen::Index needed = method == error_spread::sample_std ? 2 : 1;
  if (periods < needed) {
    return make_error(errc::invalid_parameter,
                      method == error_spread::sample_std
                          ? "errors need at least 2 periods for a sample standard deviation"
                          : "errors must not be an empty series",
                      error_context{.field = "errors"});
  }
  for (Eigen::Index j = 0; j < series; ++j) {
    for (Eigen::Index t = 0; t < periods; ++t) {
      if (!std::isfinite(errors(t, j))) {
        auto e = detail::invalid("errors", "finite", errors(t, j), j);
        return e;
      }
    }
  }
  if (auto e = check(lead_time, "lead_time", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(service_level, "service_level", "in (0, 1)", is_probability_open)) {
    return *e;
  }
  forecast_error_columns out{Eigen::ArrayXd(series), Eigen::ArrayXd(series)};
  const double count = static_cast<double>(periods);
  for (Eigen::Index j = 0; j < series; ++j) {
    const auto e = errors.col(j);
    double sigma1 = 0.0;
    switch (method) {
      case error_spread::sample_std:
        sigma1 = std::sqrt((e - e.mean()).square().sum() / (count - 1.0));
        break;
      case error_spread::rmse:
        sigma1 = std::sqrt(e.square().sum() / count);
        break;
      case error_spread::mae:
        sigma1 = 1.25 * e.abs().sum() / count;
        break;
    }
    out.sigma1[j] = sigma1;
  }
  for_each_z(series, service_level, [&](Eigen::Index j, double z) {
    out.safety_stock[j] = detail::unsigned_zero(z * out.sigma1[j] * std::sqrt(lead_time[j]));
  });
  if (auto e =
          detail::finite_columns({{"sigma1", out.sigma1}, {"safety_stock", out.safety_stock}})) {
    return *e;
  }
  return out;
}

}  // namespace onhand::planning
