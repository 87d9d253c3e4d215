// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/newsvendor.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "onhand/planning/distributions.hpp"

#include "checks.hpp"
#include "math_policy.hpp"

namespace onhand::planning {
namespace {

using detail::check;
using detail::is_non_negative;
using detail::is_positive;

struct level {
  double order_up_to;
  double shortage;  // E[(D-S)+]
  double leftover;  // E[(S-D)+]
};

// Smallest whole S with P(X <= S) >= alpha, X ~ Poisson(mean).
auto poisson_fractile(double mean, double alpha) -> double {
  const detail::poisson_round_up dist(mean);
  double s = boost::math::quantile(dist, alpha);
  while (s > 0.0 && boost::math::cdf(dist, s - 1.0) >= alpha) s -= 1.0;
  while (boost::math::cdf(dist, s) < alpha) s += 1.0;
  return s;
}

auto solve(demand_model model, double mean, double std, double alpha) -> level {
  switch (model) {
    case demand_model::normal: {
      if (std == 0.0) return {mean, 0.0, 0.0};
      const double s = mean + std * normal_quantile(alpha);
      return {s, normal_loss(s, mean, std), normal_loss_complement(s, mean, std)};
    }
    case demand_model::poisson: {
      if (mean == 0.0) return {0.0, 0.0, 0.0};
      const double s = poisson_fractile(mean, alpha);
      return {s, poisson_loss(s, mean), poisson_loss_complement(s, mean)};
    }
    case demand_model::lognormal: {
      if (std == 0.0) return {mean, 0.0, 0.0};
      // Parameters of log D from its mean and standard deviation.
      const double sigma = std::sqrt(std::log1p((std / mean) * (std / mean)));
      const double mu = std::log(mean) - 0.5 * sigma * sigma;
      const double s = boost::math::quantile(detail::lognormal_distribution(mu, sigma), alpha);
      const double z = (std::log(s) - mu) / sigma;
      // E[(D-S)+] = m (1 - Phi(z - sigma)) - S (1 - Phi(z)) at ln S = mu + sigma z.
      const double shortage = mean * normal_upper_tail(z - sigma) - s * normal_upper_tail(z);
      const double clipped = std::max(shortage, 0.0);
      return {s, clipped, s - mean + clipped};
    }
  }
  return {0.0, 0.0, 0.0};
}

auto check_costs(const column_view& underage, const column_view& overage) -> std::optional<error> {
  if (auto e = check(underage, "underage_cost", "> 0 and finite", is_positive)) return e;
  if (auto e = check(overage, "overage_cost", "> 0 and finite", is_positive)) return e;
  return std::nullopt;
}

auto make_columns(Eigen::Index n) -> newsvendor_columns {
  return {Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n), Eigen::ArrayXd(n),
          Eigen::ArrayXd(n)};
}

void store(newsvendor_columns& out, Eigen::Index i, double alpha, double p, double h,
           const level& l) {
  out.critical_ratio[i] = alpha;
  out.order_up_to[i] = l.order_up_to;
  out.expected_shortage[i] = l.shortage;
  out.expected_leftover[i] = l.leftover;
  out.expected_cost[i] = h * l.leftover + p * l.shortage;
}

}  // namespace

auto newsvendor(const newsvendor_input& in, demand_model model) -> result<newsvendor_columns> {
  auto rows = detail::broadcast_rows({{"demand_mean", in.demand_mean},
                                      {"demand_std", in.demand_std},
                                      {"underage_cost", in.underage_cost},
                                      {"overage_cost", in.overage_cost},
                                      {"lead_time", in.lead_time}});
  if (!rows) return rows.error();
  if (model == demand_model::lognormal) {
    if (auto e = check(in.demand_mean, "demand_mean", "> 0 and finite for lognormal demand",
                       is_positive)) {
      return *e;
    }
  } else if (auto e = check(in.demand_mean, "demand_mean", ">= 0 and finite", is_non_negative)) {
    return *e;
  }
  if (model != demand_model::poisson) {
    if (auto e = check(in.demand_std, "demand_std", ">= 0 and finite", is_non_negative)) return *e;
  }
  if (auto e = check_costs(in.underage_cost, in.overage_cost)) return *e;
  if (auto e = check(in.lead_time, "lead_time", "a whole number >= 0",
                     [](double x) { return is_non_negative(x) && x == std::floor(x); })) {
    return *e;
  }
  const Eigen::Index n = *rows;
  auto out = make_columns(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double periods = in.lead_time[i] + 1.0;
    const double p = in.underage_cost[i];
    const double h = in.overage_cost[i];
    const double alpha = p / (p + h);
    const double mean = in.demand_mean[i] * periods;
    const double std = model == demand_model::poisson ? 0.0 : in.demand_std[i] * std::sqrt(periods);
    store(out, i, alpha, p, h, solve(model, mean, std, alpha));
  }
  return out;
}

auto newsvendor_discrete(std::span<const double> values, const series_matrix_view& probabilities,
                         const column_view& underage_cost, const column_view& overage_cost)
    -> result<newsvendor_columns> {
  const auto m = static_cast<Eigen::Index>(values.size());
  // Messages name numpy's (skus, values) rows and columns, what Python callers see.
  if (m == 0 || probabilities.rows() != m) {
    return make_error(errc::invalid_parameter,
                      "probabilities must have one column per demand value (and values must not "
                      "be empty)",
                      error_context{.field = "probabilities"});
  }
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    if (!std::isfinite(values[ju]) || (j > 0 && !(values[ju] > values[ju - 1]))) {
      return detail::invalid("values", "finite and strictly increasing", values[ju], j);
    }
  }
  const Eigen::Index skus = probabilities.cols();
  auto rows =
      detail::broadcast_rows({{"underage_cost", underage_cost}, {"overage_cost", overage_cost}});
  if (!rows) return rows.error();
  if (*rows != 1 && *rows != skus) {
    return make_error(errc::invalid_parameter,
                      "underage_cost and overage_cost need one value or one per probability row",
                      error_context{.field = "underage_cost"});
  }
  if (auto e = check_costs(underage_cost, overage_cost)) return *e;
  for (Eigen::Index i = 0; i < skus; ++i) {
    double total = 0.0;
    for (Eigen::Index j = 0; j < m; ++j) {
      const double f = probabilities(j, i);
      if (!(f >= 0.0 && f <= 1.0)) return detail::invalid("probabilities", "in [0, 1]", f, i);
      total += f;
    }
    if (std::abs(total - 1.0) > 1e-9) {
      return detail::invalid("probabilities", "a row summing to 1", total, i);
    }
  }
  auto out = make_columns(skus);
  for (Eigen::Index i = 0; i < skus; ++i) {
    const double p = underage_cost[i];
    const double h = overage_cost[i];
    const double alpha = p / (p + h);
    Eigen::Index pick = m - 1;
    double cumulative = 0.0;
    for (Eigen::Index j = 0; j < m; ++j) {
      cumulative += probabilities(j, i);
      if (cumulative >= alpha) {
        pick = j;
        break;
      }
    }
    const double s = values[static_cast<std::size_t>(pick)];
    double shortage = 0.0;
    double leftover = 0.0;
    for (Eigen::Index j = 0; j < m; ++j) {
      const double d = values[static_cast<std::size_t>(j)];
      shortage += probabilities(j, i) * std::max(d - s, 0.0);
      leftover += probabilities(j, i) * std::max(s - d, 0.0);
    }
    store(out, i, alpha, p, h, {s, shortage, leftover});
  }
  return out;
}

auto newsvendor_profit(const newsvendor_economics& in, demand_model model)
    -> result<newsvendor_profit_columns> {
  auto rows = detail::broadcast_rows({{"demand_mean", in.demand_mean},
                                      {"demand_std", in.demand_std},
                                      {"price", in.price},
                                      {"purchase_cost", in.purchase_cost},
                                      {"salvage_value", in.salvage_value},
                                      {"shortage_penalty", in.shortage_penalty}});
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  if (auto e = check(in.price, "price", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.purchase_cost, "purchase_cost", ">= 0 and finite", is_non_negative)) {
    return *e;
  }
  if (auto e = check(in.salvage_value, "salvage_value", "finite", detail::is_finite)) return *e;
  if (auto e = check(in.shortage_penalty, "shortage_penalty", ">= 0 and finite", is_non_negative)) {
    return *e;
  }
  Eigen::ArrayXd underage(n), overage(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    underage[i] = in.price[i] - in.purchase_cost[i] + in.shortage_penalty[i];
    overage[i] = in.purchase_cost[i] - in.salvage_value[i];
    const auto row = n == 1 ? std::nullopt : std::optional<Eigen::Index>(i);
    if (!(underage[i] > 0.0)) {
      return detail::invalid("price", "above purchase_cost - shortage_penalty", in.price[i], row);
    }
    if (!(overage[i] > 0.0)) {
      return detail::invalid("salvage_value", "below purchase_cost", in.salvage_value[i], row);
    }
  }
  auto policy = newsvendor({.demand_mean = in.demand_mean,
                            .demand_std = in.demand_std,
                            .underage_cost = underage,
                            .overage_cost = overage},
                           model);
  if (!policy) return policy.error();
  newsvendor_profit_columns out{std::move(*policy), Eigen::ArrayXd(n), Eigen::ArrayXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mean = in.demand_mean[i];
    out.expected_sales[i] = mean - out.policy.expected_shortage[i];
    out.expected_profit[i] =
        (in.price[i] - in.purchase_cost[i]) * mean - out.policy.expected_cost[i];
  }
  return out;
}

}  // namespace onhand::planning
