// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/ss_policy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "onhand/planning/distributions.hpp"

#include "checks.hpp"
#include "math_policy.hpp"
#include "series_checks.hpp"

namespace onhand::planning {
namespace {

using detail::check;
using detail::is_non_negative;
using detail::is_positive;
using detail::nan;

auto check_ss(const ss_input& in) -> result<Eigen::Index> {
  auto rows = detail::broadcast_rows({{"demand_mean", in.demand_mean},
                                      {"order_cost", in.order_cost},
                                      {"holding_cost", in.holding_cost},
                                      {"backorder_cost", in.backorder_cost}});
  if (!rows) return rows;
  if (auto e = check(in.demand_mean, "demand_mean", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.order_cost, "order_cost", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.holding_cost, "holding_cost", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.backorder_cost, "backorder_cost", "> 0 and finite", is_positive)) {
    return *e;
  }
  return rows;
}

// The exact methods' domain: a Poisson mean of at most ss_mean_max per period
// and an S - s of at most ss_span_max, for the renewal function costs
// O((S - s)^2) and the search evaluates O(S - s) costs of O(S - s) each.
constexpr double ss_mean_max = 1e5;
constexpr double ss_span_max = 1000.0;

// One SKU's cost function c(s, S), with the renewal masses grown on demand.
// The masses are kept scaled by 1 - P(D = 0) (m' = m (1 - p0)), which is
// exact for any mean: an unscaled m(0) = 1/(1 - p0) overflows for a subnormal
// mean.
class ss_evaluator {
 public:
  ss_evaluator(double lambda, double k, double h, double p)
      : lambda_(lambda), k_(k), h_(h), p_(p), dist_(lambda) {
    one_minus_p0_ = -std::expm1(-lambda);
    m_.push_back(1.0);
    big_m_.push_back(0.0);
    big_m_.push_back(m_[0]);
    pmf_.push_back(std::exp(-lambda));
  }
  // G(y), memoized: the search evaluates c(s, S) many times over the same levels.
  auto g(double y) -> double {
    const auto key = static_cast<std::int64_t>(y);
    if (auto hit = g_cache_.find(key); hit != g_cache_.end()) return hit->second;
    const double value = h_ * poisson_loss_complement(y, lambda_) + p_ * poisson_loss(y, lambda_);
    g_cache_.emplace(key, value);
    return value;
  }
  auto cost(double s, double big_s) -> double {
    const auto span = static_cast<std::size_t>(big_s - s);
    grow(span);
    double sum = k_ * one_minus_p0_;
    for (std::size_t j = 0; j < span; ++j) sum += m_[j] * g(big_s - static_cast<double>(j));
    return sum / big_m_[span];
  }

 private:
  void grow(std::size_t size) {
    while (pmf_.size() < size + 1) {
      pmf_.push_back(boost::math::pdf(dist_, static_cast<double>(pmf_.size())));
    }
    while (m_.size() < size) {
      const std::size_t j = m_.size();
      double sum = 0.0;
      for (std::size_t l = 1; l <= j; ++l) sum += pmf_[l] * m_[j - l];
      m_.push_back(sum / one_minus_p0_);
      big_m_.push_back(big_m_.back() + m_.back());
    }
  }

  double lambda_, k_, h_, p_;
  detail::poisson_distribution dist_;
  double one_minus_p0_{};
  std::vector<double> pmf_;
  std::vector<double> m_;      // m'(0), m'(1), ...
  std::vector<double> big_m_;  // M'(0) = 0, M'(1), ...
  std::unordered_map<std::int64_t, double> g_cache_;
};

struct ss_solution {
  double s, big_s, cost;
  bool within_span = true;
};

// Zheng & Federgruen (1991), the algorithm of their section 3, with every
// loop bounded: S - s never exceeds ss_span_max (else within_span is false)
// and the minimizer of G lies within 40 sqrt(lambda) + 64 of the mean.
auto zheng_federgruen(ss_evaluator& c, double lambda) -> ss_solution {
  const double y_steps_max = 40.0 * std::sqrt(lambda) + 64.0;
  // y*: the minimizer of the convex G, searched from the mean.
  double y = std::floor(lambda);
  for (double steps = 0; c.g(y + 1.0) < c.g(y); ++steps) {
    if (steps > y_steps_max) return {nan, nan, nan};
    y += 1.0;
  }
  for (double steps = 0; c.g(y - 1.0) <= c.g(y); ++steps) {
    if (steps > y_steps_max) return {nan, nan, nan};
    y -= 1.0;
  }
  double s = y;
  double big_s0 = y;
  do {
    s -= 1.0;
    if (big_s0 - s > ss_span_max) return {nan, nan, nan, false};
  } while (c.cost(s, big_s0) > c.g(s));
  double best = c.cost(s, big_s0);
  for (double big_s = big_s0 + 1.0; c.g(big_s) <= best; big_s += 1.0) {
    if (big_s - s > ss_span_max) return {nan, nan, nan, false};
    if (c.cost(s, big_s) < best) {
      big_s0 = big_s;
      while (c.cost(s, big_s0) <= c.g(s + 1.0) && s + 1.0 < big_s0) s += 1.0;
      best = c.cost(s, big_s0);
    }
  }
  return {s, big_s0, best};
}

// The exact methods' mean bound (field demand_mean).
auto check_ss_mean(const ss_input& in) -> std::optional<error> {
  return check(in.demand_mean, "demand_mean", "at most 1e5 for the exact (s, S) methods",
               [](double x) { return x <= ss_mean_max; });
}

}  // namespace

auto ss_cost(const ss_input& in, const column_view& reorder_level, const column_view& order_up_to)
    -> result<Eigen::ArrayXd> {
  auto base = check_ss(in);
  if (!base) return base.error();
  const Eigen::Index n = std::max({*base, reorder_level.size(), order_up_to.size()});
  for (Eigen::Index size : {*base, reorder_level.size(), order_up_to.size()}) {
    if (size != 1 && size != n) {
      return make_error(errc::invalid_parameter,
                        "reorder_level and order_up_to must match the other columns' size",
                        error_context{.field = "order_up_to"});
    }
  }
  if (auto e = check_ss_mean(in)) return *e;
  if (auto e = check(reorder_level, "reorder_level", "a whole number within +-1e15",
                     [](double v) { return std::abs(v) <= 1e15 && v == std::floor(v); })) {
    return *e;
  }
  Eigen::ArrayXd out(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double s = reorder_level[i];
    const double big_s = order_up_to[i];
    if (!(std::isfinite(big_s) && big_s == std::floor(big_s) && big_s > s)) {
      return detail::invalid("order_up_to", "a whole number above reorder_level", big_s,
                             n == 1 ? std::nullopt : std::optional<Eigen::Index>(i));
    }
    if (!(big_s - s <= ss_span_max)) {
      return detail::invalid("order_up_to", "at most 1000 above reorder_level (the exact cost)",
                             big_s, n == 1 ? std::nullopt : std::optional<Eigen::Index>(i));
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    ss_evaluator c(in.demand_mean[i], in.order_cost[i], in.holding_cost[i], in.backorder_cost[i]);
    out[i] = c.cost(reorder_level[i], order_up_to[i]);
  }
  if (auto e = detail::finite_result("cost", out)) return *e;
  return out;
}

auto ss_optimal(const ss_input& in) -> result<ss_columns> {
  auto rows = check_ss(in);
  if (!rows) return rows.error();
  if (auto e = check_ss_mean(in)) return *e;
  const auto row_of = [&](Eigen::Index i) {
    return *rows == 1 ? std::nullopt : std::optional<Eigen::Index>(i);
  };
  for (Eigen::Index i = 0; i < *rows; ++i) {
    // Refused at once when the EOQ sqrt(2 K lambda / h), about S - s, is past the bound.
    const double eoq = std::sqrt(2.0 * in.order_cost[i]) * std::sqrt(in.demand_mean[i]) /
                       std::sqrt(in.holding_cost[i]);
    if (!(eoq <= ss_span_max)) {
      return detail::invalid("order_cost",
                             "small enough that sqrt(2 K lambda / h) is at most 1000 (the exact "
                             "(s, S) search)",
                             in.order_cost[i], row_of(i));
    }
  }
  ss_columns out{Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows)};
  for (Eigen::Index i = 0; i < *rows; ++i) {
    ss_evaluator c(in.demand_mean[i], in.order_cost[i], in.holding_cost[i], in.backorder_cost[i]);
    const auto best = zheng_federgruen(c, in.demand_mean[i]);
    if (!best.within_span) {
      return detail::invalid("order_cost",
                             "small enough that the optimal S - s is at most 1000 (the exact "
                             "(s, S) search)",
                             in.order_cost[i], row_of(i));
    }
    out.reorder_level[i] = best.s;
    out.order_up_to[i] = best.big_s;
    out.cost[i] = best.cost;
  }
  for (const auto& [name, values] :
       {std::pair<const char*, const Eigen::ArrayXd*>{"reorder_level", &out.reorder_level},
        {"order_up_to", &out.order_up_to},
        {"cost", &out.cost}}) {
    if (auto e = detail::finite_result(name, *values)) return *e;
  }
  return out;
}

auto ss_power_approximation(const ss_power_input& in) -> result<ss_power_columns> {
  auto rows = detail::broadcast_rows({{"demand_mean", in.demand_mean},
                                      {"demand_std", in.demand_std},
                                      {"order_cost", in.order_cost},
                                      {"holding_cost", in.holding_cost},
                                      {"backorder_cost", in.backorder_cost},
                                      {"lead_time", in.lead_time}});
  if (!rows) return rows.error();
  if (auto e = check(in.demand_mean, "demand_mean", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.demand_std, "demand_std", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.order_cost, "order_cost", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.holding_cost, "holding_cost", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.backorder_cost, "backorder_cost", "> 0 and finite", is_positive)) {
    return *e;
  }
  if (auto e = check(in.lead_time, "lead_time", ">= 0 and finite", is_non_negative)) return *e;
  if (!in.cap_at_newsvendor) {
    if (auto e =
            check(in.order_cost, "order_cost", "> 0 without the newsvendor cap", is_positive)) {
      return *e;
    }
  }
  const Eigen::Index n = *rows;
  ss_power_columns out{Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mu = in.demand_mean[i];
    const double periods = in.lead_time[i] + 1.0;
    const double mu_l = mu * periods;
    const double sigma_l = in.demand_std[i] * std::sqrt(periods);
    const double h = in.holding_cost[i];
    const double p = in.backorder_cost[i];
    const double qp = 1.30 * std::pow(mu, 0.494) * std::pow(in.order_cost[i] / h, 0.506) *
                      std::pow(1.0 + sigma_l * sigma_l / (mu * mu), 0.116);
    // K = 0 gives Q_p = 0 and z = 0, where s_p tends to +inf: the cap below
    // then sets s = S = S_0, the base-stock level (uncapped, s = S = +inf).
    double s = std::numeric_limits<double>::infinity();
    if (qp > 0.0) {
      const double z = std::sqrt(qp * h / (sigma_l * p));
      s = 0.973 * mu_l + sigma_l * (0.183 / z + 1.063 - 2.192 * z);
    }
    double big_s = s + qp;
    const bool capped = in.cap_at_newsvendor && !(qp / mu > 1.5);
    if (capped) {
      const double s0 = mu_l + sigma_l * detail::critical_quantile(p, h);
      s = std::min(s, s0);
      big_s = std::min(big_s, s0);
    }
    out.reorder_level[i] = s;
    out.order_up_to[i] = big_s;
    out.capped[i] = capped ? 1.0 : 0.0;
  }
  if (auto e = detail::finite_result("reorder_level", out.reorder_level)) return *e;
  if (auto e = detail::finite_result("order_up_to", out.order_up_to)) return *e;
  return out;
}

}  // namespace onhand::planning
