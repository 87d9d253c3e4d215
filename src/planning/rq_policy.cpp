// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/rq_policy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>

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

// The largest Q that the Poisson methods serve: the cost sums G over Q whole
// levels and the optimum grows Q one unit at a time.
constexpr double rq_poisson_quantity_max = 2e4;
// The largest lead-time mean of the Poisson (r, Q) methods: each G(y) near the
// mean sums O(sqrt(mean)) probabilities, and a cost sums up to 2e4 of them.
constexpr double rq_poisson_mean_max = 1e5;

// One row's parameters, with the lead-time demand's mean and spread.
struct rq_row {
  double lambda, theta, sigma, k, h, p;
};

auto check_rq(const rq_input& in) -> result<Eigen::Index> {
  auto rows = detail::broadcast_rows({{"demand_rate", in.demand_rate},
                                      {"demand_std", in.demand_std},
                                      {"lead_time", in.lead_time},
                                      {"order_cost", in.order_cost},
                                      {"holding_cost", in.holding_cost},
                                      {"backorder_cost", in.backorder_cost}});
  if (!rows) return rows;
  if (auto e = check(in.demand_rate, "demand_rate", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.demand_std, "demand_std", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.lead_time, "lead_time", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.order_cost, "order_cost", ">= 0 and finite", is_non_negative)) return *e;
  if (auto e = check(in.holding_cost, "holding_cost", "> 0 and finite", is_positive)) return *e;
  if (auto e = check(in.backorder_cost, "backorder_cost", "> 0 and finite", is_positive)) {
    return *e;
  }
  return rows;
}

auto row_of(const rq_input& in, Eigen::Index i) -> rq_row {
  const double lambda = in.demand_rate[i];
  const double lead = in.lead_time[i];
  return {lambda,           lambda * lead,      in.demand_std[i] * std::sqrt(lead),
          in.order_cost[i], in.holding_cost[i], in.backorder_cost[i]};
}

auto cost(const rq_row& x, double r, double q) -> double {
  const double tail = normal_second_order_loss(r, x.theta, x.sigma) -
                      normal_second_order_loss(r + q, x.theta, x.sigma);
  return (x.k * x.lambda + x.h * (q * (r - x.theta) + q * q / 2.0) + (x.h + x.p) * tail) / q;
}

// G(r) = G(r+Q)  <=>  (h+p) [n(r) - n(r+Q)] = h Q; the left side falls from Q to 0.
auto best_r(const rq_row& x, double q) -> double {
  const double target = q / (1.0 + x.p / x.h);  // h Q / (h + p) without overflow
  // A spread so small that target / sigma overflows is deterministic to the last bit.
  if (x.sigma == 0.0 || !std::isfinite(target / x.sigma)) return x.theta - target;
  // With n(y) = nc(y) + theta - y (nc the loss complement), f(r) is also
  // p Q/(h+p) - [nc(r+Q) - nc(r)]; when h > p the root lies below the mean,
  // where n(r) - n(r+Q) cancels to Q and the complement form keeps the digits.
  const double rest = q / (1.0 + x.h / x.p);  // p Q / (h + p)
  auto f = [&](double r) {
    if (x.h <= x.p) {
      return normal_loss(r, x.theta, x.sigma) - normal_loss(r + q, x.theta, x.sigma) - target;
    }
    return rest - (normal_loss_complement(r + q, x.theta, x.sigma) -
                   normal_loss_complement(r, x.theta, x.sigma));
  };
  // n(r) = target gives f <= 0; step down from there until f > 0.
  const double hi = x.theta + x.sigma * normal_loss_inverse(target / x.sigma);
  double lo = hi - q;
  // Doubling steps reach -1e308 from any start within 2100 steps; a NaN stops them.
  for (double step = q; f(lo) <= 0.0 && step < std::numeric_limits<double>::max(); step *= 2.0) {
    lo -= step;
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) return std::numeric_limits<double>::quiet_NaN();
  if (f(hi) >= 0.0) return hi;
  std::uintmax_t iterations = 200;
  auto [a, b] = boost::math::tools::toms748_solve(
      f, lo, hi, boost::math::tools::eps_tolerance<double>(50), iterations, detail::math_policy());
  return 0.5 * (a + b);
}

auto eoq_backorders_quantity(const rq_row& x) -> double {
  // sqrt(2 K lambda (h+p)/(h p)), factored so that no product overflows.
  return std::sqrt(2.0 * x.k) * std::sqrt(x.lambda) / std::sqrt(x.h) * std::sqrt(1.0 + x.h / x.p);
}

auto optimal(const rq_row& x) -> std::pair<double, double> {
  // g(r*(Q), Q) is convex in Q and Q* >= the deterministic EOQ with backorders
  // (Zheng 1992). Minimize over log Q, widening the bracket while the minimum
  // sits on its upper edge.
  const double q0 = eoq_backorders_quantity(x);
  auto along = [&](double log_q) {
    const double q = std::exp(log_q);
    return cost(x, best_r(x, q), q);
  };
  double lo = std::log(q0);
  double hi = std::log(q0 + 4.0 * x.sigma + 1e-9 * q0) + 1.0;
  for (int widen = 0; widen < 60; ++widen) {
    std::uintmax_t iterations = 200;
    const double log_q = boost::math::tools::brent_find_minima(along, lo, hi, 40, iterations).first;
    if (hi - log_q > 1e-6) {
      const double q = std::exp(log_q);
      return {best_r(x, q), q};
    }
    hi += 2.0;
  }
  const double q = std::exp(hi);
  return {best_r(x, q), q};
}

auto approximate(const rq_row& x, rq_approximation method)
    -> std::optional<std::pair<double, double>> {
  const double eoq = std::sqrt(2.0 * x.k * x.lambda / x.h);
  switch (method) {
    case rq_approximation::eoq_safety_stock:
      return std::pair{x.theta + x.sigma * detail::critical_quantile(x.p, x.h), eoq};
    case rq_approximation::eoq_backorders: {
      const double q = eoq_backorders_quantity(x);
      return std::pair{best_r(x, q), q};
    }
    case rq_approximation::eil: {
      double q = eoq;
      double r = 0.0;
      for (int i = 0; i < 200; ++i) {
        const double tail = x.h * q / (x.p * x.lambda);
        if (!(tail < 1.0)) return std::nullopt;
        // F(r) = 1 - tail, so r = theta + sigma Phi^-1(1 - tail) = theta - sigma Phi^-1(tail).
        r = x.sigma > 0.0 ? x.theta - x.sigma * detail::quantile_or_nan(tail) : x.theta;
        const double next =
            std::sqrt(2.0 * x.lambda * (x.k + x.p * normal_loss(r, x.theta, x.sigma)) / x.h);
        if (std::abs(next - q) <= 1e-12 * q) {
          q = next;
          break;
        }
        q = next;
      }
      return std::pair{r, q};
    }
    case rq_approximation::loss_function: {
      double q = eoq;
      double r = 0.0;
      for (int i = 0; i < 200; ++i) {
        const double target = x.h * q / (x.h + x.p);
        r = x.sigma > 0.0 ? x.theta + x.sigma * normal_loss_inverse(target / x.sigma)
                          : x.theta - target;
        const double next = std::sqrt(
            2.0 * (x.k * x.lambda + (x.h + x.p) * normal_second_order_loss(r, x.theta, x.sigma)) /
            x.h);
        if (std::abs(next - q) <= 1e-12 * q) {
          q = next;
          break;
        }
        q = next;
      }
      return std::pair{r, q};
    }
  }
  return std::nullopt;
}

// The objective each approximation minimizes, at its (r, Q).
auto approximate_objective(const rq_row& x, rq_approximation method, double r, double q) -> double {
  const double ordering = x.k * x.lambda / q;
  switch (method) {
    case rq_approximation::eoq_safety_stock:
      // EOQ's ordering + cycle stock, plus the newsvendor cost G(r) that r minimizes.
      return ordering + x.h * q / 2.0 + x.h * normal_loss_complement(r, x.theta, x.sigma) +
             x.p * normal_loss(r, x.theta, x.sigma);
    case rq_approximation::eoq_backorders:
      // The deterministic EOQ-with-backorders cost that Q minimizes (r is then exact).
      return ordering + x.h * x.p * q / (2.0 * (x.h + x.p));
    case rq_approximation::eil:
      return x.h * (r - x.theta + q / 2.0) + ordering +
             x.p * x.lambda * normal_loss(r, x.theta, x.sigma) / q;
    case rq_approximation::loss_function:
      return ordering + x.h * (r - x.theta + q / 2.0) +
             (x.h + x.p) * normal_second_order_loss(r, x.theta, x.sigma) / q;
  }
  return cost(x, r, q);
}

auto check_optimum_inputs(const rq_input& in, Eigen::Index n) -> std::optional<error> {
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto row = n == 1 ? std::nullopt : std::optional<Eigen::Index>(i);
    if (!(in.order_cost[i] > 0.0)) {
      return detail::invalid("order_cost", "> 0 for an optimal (r, Q)", in.order_cost[i], row);
    }
    if (!(in.demand_rate[i] > 0.0)) {
      return detail::invalid("demand_rate", "> 0 for an optimal (r, Q)", in.demand_rate[i], row);
    }
  }
  return std::nullopt;
}

// Poisson: G(y) = h E[(y-D)+] + p E[(D-y)+] at whole y.
auto poisson_g(const rq_row& x, double y) -> double {
  return x.h * poisson_loss_complement(y, x.theta) + x.p * poisson_loss(y, x.theta);
}

auto poisson_cost(const rq_row& x, double r, double q) -> double {
  double sum = 0.0;
  for (double y = r + 1.0; y <= r + q; y += 1.0) sum += poisson_g(x, y);
  return (x.k * x.lambda + sum) / q;
}

auto check_rq_values(const column_view& r, const column_view& q, bool whole)
    -> std::optional<error> {
  auto whole_ok = [whole](double v) { return !whole || v == std::floor(v); };
  if (auto e = check(r, "reorder_point", whole ? "a whole number" : "finite",
                     [&](double v) { return std::isfinite(v) && whole_ok(v); })) {
    return e;
  }
  if (auto e =
          check(q, "order_quantity", whole ? "a whole number >= 1" : "> 0 and finite",
                [&](double v) { return is_positive(v) && whole_ok(v) && (!whole || v >= 1.0); })) {
    return e;
  }
  return std::nullopt;
}

// Rows of a cost evaluation: the inputs' rows broadcast with r and Q.
auto policy_rows(const rq_input& in, const column_view& r, const column_view& q, bool whole)
    -> result<Eigen::Index> {
  auto base = check_rq(in);
  if (!base) return base;
  const Eigen::Index n = std::max({*base, r.size(), q.size()});
  for (Eigen::Index size : {*base, r.size(), q.size()}) {
    if (size != 1 && size != n) {
      return make_error(errc::invalid_parameter,
                        "reorder_point and order_quantity must match the other columns' size",
                        error_context{.field = "order_quantity"});
    }
  }
  if (auto e = check_rq_values(r, q, whole)) return *e;
  return n;
}

// cost_of(row, r, Q) for every row.
template <class Cost>
auto evaluate_rows(const rq_input& in, const column_view& r, const column_view& q, bool whole,
                   Cost cost_of) -> result<Eigen::ArrayXd> {
  auto rows = policy_rows(in, r, q, whole);
  if (!rows) return rows.error();
  Eigen::ArrayXd out(*rows);
  for (Eigen::Index i = 0; i < *rows; ++i) out[i] = cost_of(row_of(in, i), r[i], q[i]);
  if (auto e = detail::finite_result("cost", out)) return *e;
  return out;
}

// (r, Q) = solve(row) for every row, with the exact cost of each.
// objective_of(row, r, Q) is what the method minimizes (cost_of itself for the exact optima).
template <class Solve, class Cost, class Objective>
auto solve_rows(const rq_input& in, Solve solve, Cost cost_of, Objective objective_of)
    -> result<rq_columns> {
  auto rows = check_rq(in);
  if (!rows) return rows.error();
  if (auto e = check_optimum_inputs(in, *rows)) return *e;
  rq_columns out{Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows), Eigen::ArrayXd(*rows),
                 Eigen::ArrayXd(*rows)};
  for (Eigen::Index i = 0; i < *rows; ++i) {
    const auto x = row_of(in, i);
    const auto solved = solve(x);
    if (!solved) {
      // Only EIL fails: its r-equation needs h Q < p lambda.
      return detail::invalid("backorder_cost", "large enough that h Q < p lambda (EIL)", x.p,
                             *rows == 1 ? std::nullopt : std::optional<Eigen::Index>(i));
    }
    out.reorder_point[i] = solved->first;
    out.order_quantity[i] = solved->second;
    out.cost[i] = cost_of(x, solved->first, solved->second);
    out.objective[i] = objective_of(x, solved->first, solved->second, out.cost[i]);
  }
  for (const auto& [name, values] :
       {std::pair<const char*, const Eigen::ArrayXd*>{"reorder_point", &out.reorder_point},
        {"order_quantity", &out.order_quantity},
        {"cost", &out.cost},
        {"objective", &out.objective}}) {
    if (auto e = detail::finite_result(name, *values)) return *e;
  }
  return out;
}

// The optimal whole (r, Q) for Poisson lead-time demand (Federgruen & Zheng
// 1992): grow {r+1, ..., r+Q} from the minimizer of the convex G by its
// cheaper neighbour while that neighbour's G is below the running average cost.
auto poisson_optimal(const rq_row& x) -> std::pair<double, double> {
  // The minimizer of G: the newsvendor fractile p/(p+h) of D, within
  // 40 sqrt(theta) + 40 of the mean for any cost ratio a double can hold.
  const double y_steps_max = 40.0 * std::sqrt(x.theta) + 64.0;
  double y = std::floor(x.theta);
  for (double steps = 0; poisson_g(x, y + 1.0) < poisson_g(x, y); ++steps) {
    if (steps > y_steps_max) return {nan, nan};
    y += 1.0;
  }
  for (double steps = 0; y > -1.0 && poisson_g(x, y - 1.0) <= poisson_g(x, y); ++steps) {
    if (steps > y_steps_max) return {nan, nan};
    y -= 1.0;
  }
  double low = y;   // r + 1
  double high = y;  // r + Q
  double sum = poisson_g(x, y);
  double q = 1.0;
  // G of the two neighbours, recomputed only on the side that moved.
  double below = poisson_g(x, low - 1.0);
  double above = poisson_g(x, high + 1.0);
  for (;;) {
    if (q > rq_poisson_quantity_max) return {nan, nan};
    const double average = (x.k * x.lambda + sum) / q;
    const double next = std::min(below, above);
    if (!(next < average)) break;  // a NaN (an overflowed cost) stops too
    if (below <= above) {
      low -= 1.0;
      below = poisson_g(x, low - 1.0);
    } else {
      high += 1.0;
      above = poisson_g(x, high + 1.0);
    }
    sum += next;
    q += 1.0;
  }
  return {low - 1.0, q};
}

// The Poisson methods' domain: lead-time mean at most rq_poisson_mean_max
// and, for the optimum, a batch that the one-unit-at-a-time search can reach:
// the deterministic EOQ with backorders, a lower bound of Q*, at most
// rq_poisson_quantity_max.
auto check_poisson_rows(const rq_input& in, Eigen::Index n, bool optimum) -> std::optional<error> {
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto row = n == 1 ? std::nullopt : std::optional<Eigen::Index>(i);
    const auto x = row_of(in, i);
    if (!(x.theta <= rq_poisson_mean_max)) {
      return detail::invalid("demand_rate",
                             "such that the lead-time mean demand_rate * lead_time is at most 1e5 "
                             "for Poisson demand",
                             x.lambda, row);
    }
    if (optimum && !(eoq_backorders_quantity(x) <= rq_poisson_quantity_max)) {
      return detail::invalid("order_cost",
                             "small enough that the optimal Poisson order quantity is at most "
                             "2e4 (sqrt(2 K lambda (h+p)/(h p)) is a lower bound)",
                             x.k, row);
    }
  }
  return std::nullopt;
}

}  // namespace

auto rq_cost(const rq_input& in, const column_view& reorder_point,
             const column_view& order_quantity) -> result<Eigen::ArrayXd> {
  return evaluate_rows(in, reorder_point, order_quantity, false, cost);
}

auto rq_reorder_point(const rq_input& in, const column_view& order_quantity)
    -> result<Eigen::ArrayXd> {
  auto base = check_rq(in);
  if (!base) return base.error();
  const Eigen::Index n = std::max(*base, order_quantity.size());
  if ((*base != 1 && *base != n) || (order_quantity.size() != 1 && order_quantity.size() != n)) {
    return make_error(errc::invalid_parameter, "order_quantity must match the other columns' size",
                      error_context{.field = "order_quantity"});
  }
  if (auto e = check(order_quantity, "order_quantity", "> 0 and finite", is_positive)) return *e;
  Eigen::ArrayXd out(n);
  for (Eigen::Index i = 0; i < n; ++i) out[i] = best_r(row_of(in, i), order_quantity[i]);
  if (auto e = detail::finite_result("reorder_point", out)) return *e;
  return out;
}

namespace {

// The exact optima minimize g itself.
auto exact_objective(const rq_row& /*row*/, double /*r*/, double /*q*/, double exact) -> double {
  return exact;
}

}  // namespace

auto rq_optimal(const rq_input& in) -> result<rq_columns> {
  return solve_rows(
      in, [](const rq_row& x) { return std::optional(optimal(x)); }, cost, exact_objective);
}

auto rq_approximate(const rq_input& in, rq_approximation method) -> result<rq_columns> {
  return solve_rows(
      in, [method](const rq_row& x) { return approximate(x, method); }, cost,
      [method](const rq_row& x, double r, double q, double /*exact*/) {
        return approximate_objective(x, method, r, q);
      });
}

auto rq_poisson_cost(const rq_input& in, const column_view& reorder_point,
                     const column_view& order_quantity) -> result<Eigen::ArrayXd> {
  auto rows = policy_rows(in, reorder_point, order_quantity, true);
  if (!rows) return rows.error();
  if (auto e = check_poisson_rows(in, *rows, false)) return *e;
  if (auto e = check(order_quantity, "order_quantity", "at most 2e4 for Poisson demand",
                     [](double q) { return q <= rq_poisson_quantity_max; })) {
    return *e;
  }
  if (auto e = check(reorder_point, "reorder_point", "within +-1e15 for Poisson demand",
                     [](double r) { return std::abs(r) <= 1e15; })) {
    return *e;
  }
  return evaluate_rows(in, reorder_point, order_quantity, true, poisson_cost);
}

auto rq_poisson_optimal(const rq_input& in) -> result<rq_columns> {
  auto rows = check_rq(in);
  if (!rows) return rows.error();
  if (auto e = check_optimum_inputs(in, *rows)) return *e;
  if (auto e = check_poisson_rows(in, *rows, true)) return *e;
  return solve_rows(
      in, [](const rq_row& x) { return std::optional(poisson_optimal(x)); }, poisson_cost,
      exact_objective);
}

}  // namespace onhand::planning
