// SPDX-License-Identifier: Apache-2.0
// Private to src/planning: the checks and error helpers that the
// forecasting, metrics and classification sources share.
#pragma once

#include <limits>
#include <string>

#include <Eigen/Core>

#include "onhand/core/result.hpp"

namespace onhand::planning::detail {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// errc::invalid_parameter naming `field`.
inline auto invalid(const std::string& field, std::string message) -> error {
  return make_error(errc::invalid_parameter, std::move(message), error_context{.field = field});
}

/// A matrix of series must have at least one period and only finite values.
inline auto check_series(const Eigen::Ref<const Eigen::ArrayXXd>& series, const char* field)
    -> result<void> {
  if (series.rows() == 0) return invalid(field, std::string(field) + " has no periods");
  if (!series.isFinite().all()) {
    return invalid(field, std::string(field) + " must hold only finite numbers (no NaN or inf)");
  }
  return {};
}

}  // namespace onhand::planning::detail
