// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/newsvendor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

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

// Demand over the protection period: its mean and sd, and for the lognormal
// models the parameters of its logarithm.
struct protection {
  double mean;
  double std;
  double log_mu = 0.0;
  double log_sigma = 0.0;
};

auto is_lognormal(demand_model model) -> bool {
  return model == demand_model::lognormal || model == demand_model::lognormal_mu_sigma;
}

// Mean and sd of one period's demand from the model's two parameters.
auto period_moments(demand_model model, double first, double second) -> std::pair<double, double> {
  if (model != demand_model::lognormal_mu_sigma) return {first, second};
  const double mean = std::exp(first + 0.5 * second * second);
  return {mean, mean * std::sqrt(std::expm1(second * second))};
}

auto protection_demand(demand_model model, double first, double second, double periods)
    -> protection {
  if (model == demand_model::lognormal_mu_sigma && periods == 1.0) {
    const auto [mean, std] = period_moments(model, first, second);
    return {mean, std, first, second};
  }
  const auto [m, sd] = period_moments(model, first, second);
  protection out{m * periods, model == demand_model::poisson ? 0.0 : sd * std::sqrt(periods)};
  if (is_lognormal(model) && out.std > 0.0) {
    // Moment matched: the parameters of log D from its mean and sd.
    const double cv = out.std / out.mean;
    out.log_sigma = std::sqrt(std::log1p(cv * cv));
    out.log_mu = std::log(out.mean) - 0.5 * out.log_sigma * out.log_sigma;
  }
  return out;
}

// Smallest whole S with P(X <= S) >= p / (p + h), X ~ Poisson(mean). Above
// the median it works with the upper tail h / (p + h), which keeps its
// precision when the ratio rounds to 1. Boost's quantile is within a step or
// two of S; the corrections are bounded, and NaN (from a Boost error) stops them.
auto poisson_fractile(double mean, double p, double h) -> double {
  const detail::poisson_round_up dist(mean);
  constexpr int max_steps = 64;
  if (p <= h) {
    const double alpha = detail::critical_ratio(p, h);
    double s = boost::math::quantile(dist, alpha);
    for (int i = 0; i < max_steps && s > 0.0 && boost::math::cdf(dist, s - 1.0) >= alpha; ++i) {
      s -= 1.0;
    }
    for (int i = 0; i < max_steps && boost::math::cdf(dist, s) < alpha; ++i) s += 1.0;
    return s;
  }
  const double tail = detail::critical_ratio(h, p);
  if (!(tail > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  double s = boost::math::quantile(boost::math::complement(dist, tail));
  for (int i = 0;
       i < max_steps && s > 0.0 && boost::math::cdf(boost::math::complement(dist, s - 1.0)) <= tail;
       ++i) {
    s -= 1.0;
  }
  for (int i = 0; i < max_steps && boost::math::cdf(boost::math::complement(dist, s)) > tail; ++i) {
    s += 1.0;
  }
  return s;
}

// E[(D-S)+] and E[(S-D)+] at a given S. The optimizers evaluate their S*
// here too, so an evaluator at S* reports exactly the optimizer's cost.
auto at_level(demand_model model, const protection& d, double s) -> level {
  switch (model) {
    case demand_model::normal:
      return {s, normal_loss(s, d.mean, d.std), normal_loss_complement(s, d.mean, d.std)};
    case demand_model::poisson:
      return {s, poisson_loss(s, d.mean), poisson_loss_complement(s, d.mean)};
    case demand_model::lognormal:
    case demand_model::lognormal_mu_sigma: {
      if (d.log_sigma == 0.0 || s <= 0.0) {  // a point mass, or S below all demand
        return {s, std::max(d.mean - s, 0.0), std::max(s - d.mean, 0.0)};
      }
      const double z = (std::log(s) - d.log_mu) / d.log_sigma;
      // E[(D-S)+] = m (1 - Phi(z - sigma)) - S (1 - Phi(z)) at ln S = mu + sigma z.
      const double shortage =
          d.mean * normal_upper_tail(z - d.log_sigma) - s * normal_upper_tail(z);
      const double clipped = std::max(shortage, 0.0);
      return {s, clipped, std::max(s - d.mean + clipped, 0.0)};
    }
  }
  return {s, 0.0, 0.0};
}

// S* = F^-1(p / (p + h)), the quantile taken from the smaller tail
// (detail::critical_quantile) so that extreme cost ratios keep their precision.
auto solve(demand_model model, const protection& d, double p, double h) -> level {
  switch (model) {
    case demand_model::normal:
      if (d.std == 0.0) return {d.mean, 0.0, 0.0};
      return at_level(model, d, d.mean + d.std * detail::critical_quantile(p, h));
    case demand_model::poisson:
      if (d.mean == 0.0) return {0.0, 0.0, 0.0};
      return at_level(model, d, poisson_fractile(d.mean, p, h));
    case demand_model::lognormal:
    case demand_model::lognormal_mu_sigma:
      if (d.log_sigma == 0.0) return {d.mean, 0.0, 0.0};
      // The lognormal quantile exp(mu + sigma z).
      return at_level(model, d, std::exp(d.log_mu + d.log_sigma * detail::critical_quantile(p, h)));
  }
  return {0.0, 0.0, 0.0};
}

// The demand parameters of a model: mean and std, or mu and sigma of log D.
auto check_demand(demand_model model, const column_view& mean, const column_view& std)
    -> std::optional<error> {
  if (model == demand_model::lognormal_mu_sigma) {
    if (auto e = check(mean, "demand_mean", "finite (mu of log demand)", detail::is_finite)) {
      return e;
    }
    if (auto e =
            check(std, "demand_std", ">= 0 and finite (sigma of log demand)", is_non_negative)) {
      return e;
    }
    const Eigen::Index n = std::max(mean.size(), std.size());
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto [m, sd] = period_moments(model, mean[i], std[i]);
      if (!(std::isfinite(sd) && m > 0.0)) {
        return detail::invalid("demand_std",
                               "small enough that the demand's mean and variance are finite",
                               std[i], std.broadcasts() ? std::nullopt : std::optional(i));
      }
    }
    return std::nullopt;
  }
  if (model == demand_model::lognormal) {
    if (auto e = check(mean, "demand_mean", "> 0 and finite for lognormal demand", is_positive)) {
      return e;
    }
  } else if (auto e = check(mean, "demand_mean", ">= 0 and finite", is_non_negative)) {
    return e;
  }
  if (model != demand_model::poisson) {
    if (auto e = check(std, "demand_std", ">= 0 and finite", is_non_negative)) return e;
  }
  return std::nullopt;
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

// errc::overflow naming the first result column with a NaN or inf.
auto finite_columns(const newsvendor_columns& out) -> std::optional<error> {
  for (const auto& [name, values] :
       {std::pair<const char*, const Eigen::ArrayXd*>{"order_up_to", &out.order_up_to},
        {"expected_shortage", &out.expected_shortage},
        {"expected_leftover", &out.expected_leftover},
        {"expected_cost", &out.expected_cost}}) {
    if (auto e = detail::finite_result(name, *values)) return e;
  }
  return std::nullopt;
}

}  // namespace

namespace {

auto check_newsvendor(const newsvendor_input& in, demand_model model,
                      const column_view* order_up_to) -> result<Eigen::Index> {
  std::vector<detail::named_column> all{{"demand_mean", in.demand_mean},
                                        {"demand_std", in.demand_std},
                                        {"underage_cost", in.underage_cost},
                                        {"overage_cost", in.overage_cost},
                                        {"lead_time", in.lead_time}};
  if (order_up_to != nullptr) all.push_back({"order_up_to", *order_up_to});
  auto rows = detail::broadcast_rows(all);
  if (!rows) return rows;
  if (auto e = check_demand(model, in.demand_mean, in.demand_std)) return *e;
  if (auto e = check_costs(in.underage_cost, in.overage_cost)) return *e;
  if (auto e = check(in.lead_time, "lead_time", "a whole number >= 0",
                     [](double x) { return is_non_negative(x) && x == std::floor(x); })) {
    return *e;
  }
  if (order_up_to != nullptr) {
    if (auto e = check(*order_up_to, "order_up_to", "finite", detail::is_finite)) return *e;
  }
  if (model == demand_model::poisson) {
    for (Eigen::Index i = 0; i < *rows; ++i) {
      if (!(in.demand_mean[i] * (in.lead_time[i] + 1.0) <= detail::poisson_mean_max)) {
        return detail::invalid("demand_mean",
                               "at most 1e7 over the protection period (lead_time + 1 periods) "
                               "for Poisson demand",
                               in.demand_mean[i],
                               in.demand_mean.broadcasts() ? std::nullopt : std::optional(i));
      }
    }
  }
  return rows;
}

}  // namespace

auto newsvendor(const newsvendor_input& in, demand_model model) -> result<newsvendor_columns> {
  auto rows = check_newsvendor(in, model, nullptr);
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  auto out = make_columns(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double p = in.underage_cost[i];
    const double h = in.overage_cost[i];
    const auto d =
        protection_demand(model, in.demand_mean[i], in.demand_std[i], in.lead_time[i] + 1.0);
    store(out, i, detail::critical_ratio(p, h), p, h, solve(model, d, p, h));
  }
  if (auto e = finite_columns(out)) return *e;
  return out;
}

auto newsvendor_cost(const newsvendor_input& in, demand_model model, const column_view& order_up_to)
    -> result<newsvendor_columns> {
  auto rows = check_newsvendor(in, model, &order_up_to);
  if (!rows) return rows.error();
  const Eigen::Index n = *rows;
  auto out = make_columns(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double p = in.underage_cost[i];
    const double h = in.overage_cost[i];
    const auto d =
        protection_demand(model, in.demand_mean[i], in.demand_std[i], in.lead_time[i] + 1.0);
    store(out, i, detail::critical_ratio(p, h), p, h, at_level(model, d, order_up_to[i]));
  }
  if (auto e = finite_columns(out)) return *e;
  return out;
}

namespace {

auto check_discrete(std::span<const double> values, const series_matrix_view& probabilities,
                    const column_view& underage_cost, const column_view& overage_cost,
                    const column_view* order_up_to) -> result<Eigen::Index> {
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
  std::vector<detail::named_column> all{{"underage_cost", underage_cost},
                                        {"overage_cost", overage_cost}};
  if (order_up_to != nullptr) all.push_back({"order_up_to", *order_up_to});
  auto rows = detail::broadcast_rows(all);
  if (!rows) return rows;
  if (*rows != 1 && *rows != skus) {
    return make_error(errc::invalid_parameter,
                      order_up_to == nullptr
                          ? "underage_cost and overage_cost need one value or one per "
                            "probability row"
                          : "underage_cost, overage_cost and order_up_to need one value or one "
                            "per probability row",
                      error_context{.field = "underage_cost"});
  }
  if (auto e = check_costs(underage_cost, overage_cost)) return *e;
  if (order_up_to != nullptr) {
    if (auto e = check(*order_up_to, "order_up_to", "finite", detail::is_finite)) return *e;
  }
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
  return skus;
}

auto discrete_level(std::span<const double> values, const series_matrix_view& probabilities,
                    Eigen::Index sku, double s) -> level {
  double shortage = 0.0;
  double leftover = 0.0;
  for (Eigen::Index j = 0; j < probabilities.rows(); ++j) {
    const double d = values[static_cast<std::size_t>(j)];
    shortage += probabilities(j, sku) * std::max(d - s, 0.0);
    leftover += probabilities(j, sku) * std::max(s - d, 0.0);
  }
  return {s, shortage, leftover};
}

}  // namespace

auto newsvendor_discrete(std::span<const double> values, const series_matrix_view& probabilities,
                         const column_view& underage_cost, const column_view& overage_cost)
    -> result<newsvendor_columns> {
  auto skus = check_discrete(values, probabilities, underage_cost, overage_cost, nullptr);
  if (!skus) return skus.error();
  const Eigen::Index m = probabilities.rows();
  auto out = make_columns(*skus);
  for (Eigen::Index i = 0; i < *skus; ++i) {
    const double p = underage_cost[i];
    const double h = overage_cost[i];
    const double alpha = detail::critical_ratio(p, h);
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
    store(out, i, alpha, p, h, discrete_level(values, probabilities, i, s));
  }
  if (auto e = finite_columns(out)) return *e;
  return out;
}

auto newsvendor_discrete_cost(std::span<const double> values,
                              const series_matrix_view& probabilities,
                              const column_view& underage_cost, const column_view& overage_cost,
                              const column_view& order_up_to) -> result<newsvendor_columns> {
  auto skus = check_discrete(values, probabilities, underage_cost, overage_cost, &order_up_to);
  if (!skus) return skus.error();
  auto out = make_columns(*skus);
  for (Eigen::Index i = 0; i < *skus; ++i) {
    const double p = underage_cost[i];
    const double h = overage_cost[i];
    store(out, i, detail::critical_ratio(p, h), p, h,
          discrete_level(values, probabilities, i, order_up_to[i]));
  }
  if (auto e = finite_columns(out)) return *e;
  return out;
}

namespace {

// The newsvendor costs p = r - c + g and h = c - v of explicit economics.
auto economics_costs(const newsvendor_economics& in, const column_view* order_up_to)
    -> result<std::pair<Eigen::ArrayXd, Eigen::ArrayXd>> {
  std::vector<detail::named_column> all{{"demand_mean", in.demand_mean},
                                        {"demand_std", in.demand_std},
                                        {"price", in.price},
                                        {"purchase_cost", in.purchase_cost},
                                        {"salvage_value", in.salvage_value},
                                        {"shortage_penalty", in.shortage_penalty}};
  if (order_up_to != nullptr) all.push_back({"order_up_to", *order_up_to});
  auto rows = detail::broadcast_rows(all);
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
  return std::pair{std::move(underage), std::move(overage)};
}

// Adds expected sales E[min(D, S)] = E[D] - E[(D-S)+] and the expected profit
// (r - c) E[D] - cost(S) to a newsvendor result.
auto with_profit(const newsvendor_economics& in, demand_model model, newsvendor_columns policy)
    -> newsvendor_profit_columns {
  const Eigen::Index n = policy.order_up_to.size();
  newsvendor_profit_columns out{std::move(policy), Eigen::ArrayXd(n), Eigen::ArrayXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const double mean = period_moments(model, in.demand_mean[i], in.demand_std[i]).first;
    out.expected_sales[i] = mean - out.policy.expected_shortage[i];
    out.expected_profit[i] =
        (in.price[i] - in.purchase_cost[i]) * mean - out.policy.expected_cost[i];
  }
  return out;
}

auto finite_profit(newsvendor_profit_columns out) -> result<newsvendor_profit_columns> {
  if (auto e = detail::finite_result("expected_sales", out.expected_sales)) return *e;
  if (auto e = detail::finite_result("expected_profit", out.expected_profit)) return *e;
  return out;
}

}  // namespace

auto newsvendor_profit(const newsvendor_economics& in, demand_model model)
    -> result<newsvendor_profit_columns> {
  auto costs = economics_costs(in, nullptr);
  if (!costs) return costs.error();
  auto policy = newsvendor({.demand_mean = in.demand_mean,
                            .demand_std = in.demand_std,
                            .underage_cost = costs->first,
                            .overage_cost = costs->second},
                           model);
  if (!policy) return policy.error();
  return finite_profit(with_profit(in, model, std::move(*policy)));
}

auto newsvendor_profit_at(const newsvendor_economics& in, demand_model model,
                          const column_view& order_up_to) -> result<newsvendor_profit_columns> {
  auto costs = economics_costs(in, &order_up_to);
  if (!costs) return costs.error();
  auto policy = newsvendor_cost({.demand_mean = in.demand_mean,
                                 .demand_std = in.demand_std,
                                 .underage_cost = costs->first,
                                 .overage_cost = costs->second},
                                model, order_up_to);
  if (!policy) return policy.error();
  return finite_profit(with_profit(in, model, std::move(*policy)));
}

}  // namespace onhand::planning
