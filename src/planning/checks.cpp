// SPDX-License-Identifier: Apache-2.0
#include "checks.hpp"

#include <cmath>
#include <sstream>

namespace onhand::planning::detail {

auto invalid(std::string_view name, std::string_view rule, double value,
             std::optional<Eigen::Index> row) -> error {
  std::ostringstream text;
  text.precision(17);
  text << name << " must be " << rule << ", got " << value;
  if (row) text << " at row " << *row;
  error_context context{.field = std::string(name)};
  if (row) context.line = static_cast<std::size_t>(*row);
  return make_error(errc::invalid_parameter, text.str(), std::move(context));
}

auto not_finite(std::string_view name, double value, Eigen::Index row, Eigen::Index rows) -> error {
  std::ostringstream text;
  text << name << " is not a finite number (" << value << ")";
  if (rows > 1) text << " at row " << row;
  text << ": the inputs are valid but the answer leaves the range of doubles or of the method "
          "(docs/reference/planning_domains.md)";
  error_context context{.field = std::string(name)};
  if (rows > 1) context.line = static_cast<std::size_t>(row);
  return make_error(errc::overflow, text.str(), std::move(context));
}

auto finite_columns(std::initializer_list<result_column> columns) -> std::optional<error> {
  for (const auto& column : columns) {
    const auto rows = static_cast<Eigen::Index>(column.values.size());
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double v = column.values[static_cast<std::size_t>(i)];
      if (!std::isfinite(v)) return not_finite(column.name, v, i, rows);
    }
  }
  return std::nullopt;
}

auto broadcast_rows(std::span<const named_column> columns) -> result<Eigen::Index> {
  Eigen::Index rows = 1;
  std::string_view first_name;
  for (const auto& c : columns) {
    if (c.column.size() == 1) continue;
    if (rows == 1) {
      rows = c.column.size();
      first_name = c.name;
    } else if (c.column.size() != rows) {
      std::ostringstream text;
      text << c.name << " has " << c.column.size() << " rows but " << first_name << " has " << rows
           << "; columns must have the same size or size 1";
      return make_error(errc::invalid_parameter, text.str(),
                        error_context{.field = std::string(c.name)});
    }
  }
  return rows;
}

}  // namespace onhand::planning::detail
