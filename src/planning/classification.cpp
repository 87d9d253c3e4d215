// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/classification.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "series_checks.hpp"

namespace onhand::planning {
namespace {

using Eigen::ArrayXd;
using Eigen::Index;
using array_ref = Eigen::Ref<const ArrayXd>;
using detail::invalid;
using detail::nan;

constexpr double infinity = std::numeric_limits<double>::infinity();

auto check_abc_cutoffs(double a_cutoff, double b_cutoff) -> result<void> {
  if (!(a_cutoff > 0.0 && a_cutoff <= 1.0)) {
    return invalid("a_cutoff", "a_cutoff must be within (0, 1]");
  }
  if (!(b_cutoff > 0.0 && b_cutoff <= 1.0)) {
    return invalid("b_cutoff", "b_cutoff must be within (0, 1]");
  }
  if (a_cutoff > b_cutoff) return invalid("b_cutoff", "b_cutoff must be at least a_cutoff");
  return {};
}

// Two columns of size n or 1; the common size, or an error naming `second`.
auto common_size(const array_ref& first, const array_ref& second, const char* second_field)
    -> result<Index> {
  const Index a = first.size();
  const Index b = second.size();
  if (a == b || b == 1) return a;
  if (a == 1) return b;
  return invalid(second_field, std::string(second_field) + " has " + std::to_string(b) +
                                   " values where " + std::to_string(a) + " (or 1) are expected");
}

// errc::overflow: a ratio of finite inputs that left the doubles.
auto overflowed(const char* name, double value, Index row, Index rows) -> error {
  return make_error(errc::overflow,
                    std::string(name) + " is not a finite number (" + std::to_string(value) +
                        ") at row " + std::to_string(row) + " of " + std::to_string(rows) +
                        ": the inputs are valid but the answer leaves the range of doubles",
                    error_context{.field = name});
}

auto value_at(const array_ref& c, Index i) -> double { return c.size() == 1 ? c(0) : c(i); }

}  // namespace

auto abc_classify(const array_ref& annual_value, double a_cutoff, double b_cutoff)
    -> result<std::vector<abc_class>> {
  if (!annual_value.isFinite().all() || (annual_value < 0.0).any()) {
    return invalid("annual_value", "annual_value must be finite and non-negative");
  }
  if (auto ok = check_abc_cutoffs(a_cutoff, b_cutoff); !ok) {
    return ok.error();
  }
  const auto n = static_cast<std::size_t>(annual_value.size());
  std::vector<abc_class> out(n, abc_class::c);
  const double total = annual_value.sum();
  if (total == 0.0) return out;
  std::vector<Index> order(n);
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Index l, Index r) { return annual_value(l) > annual_value(r); });
  double before = 0.0;
  for (const Index i : order) {
    const double share = before / total;
    out[static_cast<std::size_t>(i)] =
        share < a_cutoff ? abc_class::a : (share < b_cutoff ? abc_class::b : abc_class::c);
    before += annual_value(i);
  }
  return out;
}

auto coefficient_of_variation(const Eigen::Ref<const Eigen::ArrayXXd>& demand) -> result<ArrayXd> {
  if (demand.rows() < 2) return invalid("demand", "demand needs at least two periods");
  if (!demand.isFinite().all() || (demand < 0.0).any()) {
    return invalid("demand", "demand must be finite and non-negative");
  }
  const auto n = static_cast<double>(demand.rows());
  ArrayXd out(demand.cols());
  for (Index j = 0; j < demand.cols(); ++j) {
    const double mean = demand.col(j).mean();
    if (mean == 0.0) {
      out(j) = nan;
      continue;
    }
    const double variance = (demand.col(j) - mean).square().sum() / (n - 1.0);
    out(j) = std::sqrt(variance) / mean;
    if (std::isinf(out(j))) return overflowed("result", out(j), j, demand.cols());
  }
  return out;
}

auto xyz_classify(const Eigen::Ref<const Eigen::ArrayXXd>& demand, double x_cutoff, double y_cutoff)
    -> result<std::vector<xyz_class>> {
  if (!(x_cutoff >= 0.0 && std::isfinite(x_cutoff))) {
    return invalid("x_cutoff", "x_cutoff must be finite and non-negative");
  }
  if (!(y_cutoff >= x_cutoff && std::isfinite(y_cutoff))) {
    return invalid("y_cutoff", "y_cutoff must be finite and at least x_cutoff");
  }
  auto cv = coefficient_of_variation(demand);
  if (!cv) return cv.error();
  std::vector<xyz_class> out(static_cast<std::size_t>(cv->size()));
  for (Index j = 0; j < cv->size(); ++j) {
    const double v = (*cv)(j);
    out[static_cast<std::size_t>(j)] = std::isnan(v)   ? xyz_class::z
                                       : v <= x_cutoff ? xyz_class::x
                                       : v <= y_cutoff ? xyz_class::y
                                                       : xyz_class::z;
  }
  return out;
}

auto days_of_supply(const array_ref& on_hand, const array_ref& daily_demand) -> result<ArrayXd> {
  if (!on_hand.isFinite().all()) return invalid("on_hand", "on_hand must be finite");
  if (!daily_demand.isFinite().all() || (daily_demand < 0.0).any()) {
    return invalid("daily_demand", "daily_demand must be finite and non-negative");
  }
  auto size = common_size(on_hand, daily_demand, "daily_demand");
  if (!size) return size.error();
  ArrayXd out(*size);
  for (Index i = 0; i < *size; ++i) {
    const double stock = value_at(on_hand, i);
    const double rate = value_at(daily_demand, i);
    out(i) = stock <= 0.0 ? 0.0 : (rate == 0.0 ? infinity : stock / rate);
    // +inf is the documented answer for no demand; with demand it is an overflow.
    if (rate > 0.0 && std::isinf(out(i))) return overflowed("result", out(i), i, *size);
  }
  return out;
}

auto inventory_turns(const array_ref& cost_of_goods_sold, const array_ref& average_inventory)
    -> result<ArrayXd> {
  if (!cost_of_goods_sold.isFinite().all() || (cost_of_goods_sold < 0.0).any()) {
    return invalid("cost_of_goods_sold", "cost_of_goods_sold must be finite and non-negative");
  }
  if (!average_inventory.isFinite().all() || (average_inventory < 0.0).any()) {
    return invalid("average_inventory", "average_inventory must be finite and non-negative");
  }
  auto size = common_size(cost_of_goods_sold, average_inventory, "average_inventory");
  if (!size) return size.error();
  ArrayXd out(*size);
  for (Index i = 0; i < *size; ++i) {
    const double cogs = value_at(cost_of_goods_sold, i);
    const double stock = value_at(average_inventory, i);
    out(i) = stock == 0.0 ? (cogs == 0.0 ? 0.0 : infinity) : cogs / stock;
    if (stock > 0.0 && std::isinf(out(i))) return overflowed("result", out(i), i, *size);
  }
  return out;
}

}  // namespace onhand::planning
