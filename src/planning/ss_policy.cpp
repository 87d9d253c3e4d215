// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/ss_policy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "onhand/planning/distributions.hpp"

#include "checks.hpp"
#include "math_policy.hpp"

namespace onhand::planning {
namespace {

using detail::check;
using detail::is_non_negative;
using detail::is_positive;

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

// One SKU's cost function c(s, S), with the renewal masses grown on demand.
class ss_evaluator {
 public:
  ss_evaluator(double lambda, double k, double h, double p)
      : lambda_(lambda), k_(k), h_(h), p_(p), dist_(lambda) {
    p0_ = boost::math::pdf(dist_, 0.0);
    m_.push_back(1.0 / (1.0 - p0_));
    big_m_.push_back(0.0);
    big_m_.push_back(m_[0]);
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
    double sum = k_;
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
      m_.push_back(sum / (1.0 - p0_));
      big_m_.push_back(big_m_.back() + m_.back());
    }
  }

  double lambda_, k_, h_, p_;
  detail::poisson_distribution dist_;
  double p0_{};
  std::vector<double> pmf_;
  std::vector<double> m_;      // m(0), m(1), ...
  std::vector<double> big_m_;  // M(0) = 0, M(1), ...
  std::unordered_map<std::int64_t, double> g_cache_;
};

struct ss_solution {
  double s, big_s, cost;
};

// Zheng & Federgruen (1991), the algorithm of their section 3.
auto zheng_federgruen(ss_evaluator& c) -> ss_solution {
  // y*: the minimizer of the convex G.
  double y = 0.0;
  while (c.g(y + 1.0) < c.g(y)) y += 1.0;
  double s = y;
  double big_s0 = y;
  do {
    s -= 1.0;
  } while (c.cost(s, big_s0) > c.g(s));
  double best = c.cost(s, big_s0);
  for (double big_s = big_s0 + 1.0; c.g(big_s) <= best; big_s += 1.0) {
    if (c.cost(s, big_s) < best) {
      big_s0 = big_s;
      while (c.cost(s, big_s0) <= c.g(s + 1.0)) s += 1.0;
      best = c.cost(s, big_s0);
    }
  }
  return {s, big_s0, best};
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
  if (auto e = check(reorder_level, "reorder_level", "a whole number",
                     [](double v) { return std::isfinite(v) && v == std::floor(v); })) {
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
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    ss_evaluator c(in.demand_mean[i], in.order_cost[i], in.holding_cost[i], in.backorder_cost[i]);
    out[i] = c.cost(reorder_level[i], order_up_to[i]);
  }
  return out;
}

auto ss_optimal(const ss_input& in) -> result<ss_columns> {
  auto rows = check_ss(in);
  if (!rows) return rows.error();
  ss_columns out{Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows)};
  for (Eigen::Index i = 0; i < *rows; ++i) {
    ss_evaluator c(in.demand_mean[i], in.order_cost[i], in.holding_cost[i], in.backorder_cost[i]);
    const auto best = zheng_federgruen(c);
    out.reorder_level[i] = best.s;
    out.order_up_to[i] = best.big_s;
    out.cost[i] = best.cost;
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
      const double s0 = mu_l + sigma_l * normal_quantile(p / (p + h));
      s = std::min(s, s0);
      big_s = std::min(big_s, s0);
    }
    out.reorder_level[i] = s;
    out.order_up_to[i] = big_s;
    out.capped[i] = capped ? 1.0 : 0.0;
  }
  return out;
}

}  // namespace onhand::planning
