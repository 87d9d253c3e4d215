// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/columns.hpp
//
// Eigen columns from literals, for the planning tests.
#pragma once

#include <vector>

#include <Eigen/Core>

namespace onhand::planning::test_columns {

/// A column holding `values`.
inline auto column(std::vector<double> values) -> Eigen::ArrayXd {
  return Eigen::Map<Eigen::ArrayXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}
/// A one-row column: a scalar parameter.
inline auto one(double value) -> Eigen::ArrayXd { return Eigen::ArrayXd::Constant(1, value); }

}  // namespace onhand::planning::test_columns
