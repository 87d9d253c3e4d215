// SPDX-License-Identifier: Apache-2.0
// Private helpers of the planning sources: broadcasting column sizes and
// turning the first out-of-domain value of a column into a typed error.
#pragma once

#include <cmath>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "onhand/core/error.hpp"
#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

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

/// +0.0 for a signed zero, so that z * 0 never prints as -0.
inline auto unsigned_zero(double x) -> double { return x + 0.0; }

}  // namespace onhand::planning::detail
