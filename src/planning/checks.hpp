// SPDX-License-Identifier: Apache-2.0
// Private helpers of the planning sources: broadcasting column sizes and
// turning the first out-of-domain value of a column into a typed error.
#pragma once

#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "onhand/core/error.hpp"
#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"
#include "onhand/planning/distributions.hpp"

namespace onhand::planning::detail {

struct named_column {
  std::string_view name;
  const column_view& column;
};

/// An invalid_parameter error naming the parameter and, for a column, the row.
[[nodiscard]] auto invalid(std::string_view name, std::string_view rule, double value,
                           std::optional<Eigen::Index> row = std::nullopt) -> error;

/// The number of result rows: every column has size 1 or the same size n.
[[nodiscard]] auto broadcast_rows(std::span<const named_column> columns) -> result<Eigen::Index>;
[[nodiscard]] inline auto broadcast_rows(std::initializer_list<named_column> columns)
    -> result<Eigen::Index> {
  return broadcast_rows(std::span<const named_column>(columns.begin(), columns.size()));
}

/// The first value of `column` for which ok(value) is false, as an error that
/// says `name` must satisfy `rule` (NaN fails every rule written as a
/// comparison, so NaN is always reported).
template <class Ok>
[[nodiscard]] auto check(const column_view& column, std::string_view name, std::string_view rule,
                         Ok ok) -> std::optional<error> {
  for (Eigen::Index i = 0; i < column.size(); ++i) {
    if (!ok(column[i])) {
      return invalid(name, rule, column[i],
                     column.broadcasts() ? std::nullopt : std::optional<Eigen::Index>(i));
    }
  }
  return std::nullopt;
}

inline auto is_probability_open(double x) -> bool { return x > 0.0 && x < 1.0; }
inline auto is_non_negative(double x) -> bool { return x >= 0.0 && std::isfinite(x); }
inline auto is_positive(double x) -> bool { return x > 0.0 && std::isfinite(x); }
inline auto is_finite(double x) -> bool { return std::isfinite(x); }

/// The largest Poisson mean that the exact Poisson methods serve: each loss
/// evaluation sums O(sqrt(mean)) probabilities, and Boost's incomplete gamma
/// function gives up on means near 1e15. docs/reference/planning_domains.md.
inline constexpr double poisson_mean_max = 1e7;

/// An errc::overflow error saying that result column `name` is not a finite
/// number at `row` (absent for a one-row result).
[[nodiscard]] auto not_finite(std::string_view name, double value, Eigen::Index row,
                              Eigen::Index rows) -> error;

/// not_finite for the first NaN or infinite value of the result column
/// `values`, else nothing: the inputs were valid but the answer, or a step on
/// the way to it, left the doubles. Rows for which `finite_input(i)` is false
/// (an infinite input, which may answer inf: the loss at -inf) are not reported.
template <class FiniteInput>
[[nodiscard]] auto finite_result(std::string_view name, const Eigen::ArrayXd& values,
                                 FiniteInput finite_input) -> std::optional<error> {
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) && finite_input(i)) {
      return not_finite(name, values[i], i, values.size());
    }
  }
  return std::nullopt;
}
[[nodiscard]] inline auto finite_result(std::string_view name, const Eigen::ArrayXd& values)
    -> std::optional<error> {
  return finite_result(name, values, [](Eigen::Index) { return true; });
}

/// One result column for finite_columns: its name and values.
struct result_column {
  std::string_view name;
  std::span<const double> values;
  result_column(std::string_view n, std::span<const double> v) : name(n), values(v) {}
  result_column(std::string_view n, std::span<double> v) : name(n), values(v) {}
  result_column(std::string_view n, const Eigen::ArrayXd& v)
      : name(n), values(v.data(), static_cast<std::size_t>(v.size())) {}
};

/// not_finite for the first NaN or inf in `columns`, in their order, else nothing.
[[nodiscard]] auto finite_columns(std::initializer_list<result_column> columns)
    -> std::optional<error>;

/// Phi^-1(p), or NaN when p is not in (0, 1) (finite_result then reports it).
inline auto quantile_or_nan(double p) noexcept -> double {
  return p > 0.0 && p < 1.0 ? normal_quantile(p) : std::numeric_limits<double>::quiet_NaN();
}

/// Phi^-1(a / (a + b)) for a, b > 0, without forming a + b (which overflows
/// for huge costs) and without rounding the ratio to 1: the quantile comes
/// from the smaller tail. NaN when that tail underflows to 0.
inline auto critical_quantile(double a, double b) noexcept -> double {
  if (a <= b) {
    const double t = a / b;
    return quantile_or_nan(t / (1.0 + t));
  }
  const double t = b / a;
  return -quantile_or_nan(t / (1.0 + t));
}

/// a / (a + b) for a, b > 0 without overflow.
inline auto critical_ratio(double a, double b) noexcept -> double {
  if (a <= b) {
    const double t = a / b;
    return t / (1.0 + t);
  }
  return 1.0 / (1.0 + b / a);
}

/// +0.0 for a signed zero, so that z * 0 never prints as -0.
inline auto unsigned_zero(double x) -> double { return x + 0.0; }

}  // namespace onhand::planning::detail
