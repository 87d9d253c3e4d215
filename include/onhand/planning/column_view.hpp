// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/column_view.hpp
//
// A read-only view of one input column of the planning math: either n values,
// one per SKU-location, or a single value that broadcasts to every row. All
// planning functions take their inputs as column_views and return Eigen
// arrays, so one call covers a whole column of SKU-locations and a parameter
// that is the same for all of them is passed once, as a plain double.
//
// Broadcasting follows numpy: a column of size 1 repeats; every other column
// must have the same size n, which is the size of the result. The view never
// owns an array: the array it was made from must outlive it (a temporary lives
// until the end of the call it is passed to, which is enough).
//
// Matrices over many SKU-locations (demand histories, forecasts, forecast
// errors, discrete demand distributions) are series x periods: one series per
// SKU-location. In Eigen, which is column-major, a series is a column, so the
// matrix is periods x series with each series contiguous; those are exactly
// the bytes of a C-ordered numpy array of shape (series, periods), which is
// how Python passes it, without a copy. series_matrix_view names that layout.
//
// Example:
//
//   Eigen::ArrayXd demand_mean = ...;   // one row per SKU-location
//   auto rop = onhand::planning::reorder_point({.demand_mean = demand_mean,
//                                               .demand_std = demand_std,
//                                               .lead_time = 4.0,   // broadcasts
//                                               .service_level = 0.98});
#pragma once

#include <cstddef>
#include <span>

#include <Eigen/Core>

namespace onhand::planning {

/// One input column: n values, or one value broadcast to every row.
class column_view {
 public:
  /// A single value, repeated for every row.
  column_view(double value) noexcept  // NOLINT(google-explicit-constructor): scalars broadcast
      : value_(value), data_(&value_), size_(1), stride_(0) {}
  /// The values of an array (size 1 broadcasts).
  column_view(const Eigen::ArrayXd& values) noexcept  // NOLINT(google-explicit-constructor)
      : data_(values.data()), size_(values.size()), stride_(values.size() == 1 ? 0 : 1) {}
  /// Contiguous doubles owned elsewhere (numpy buffers, std::vector).
  column_view(std::span<const double> values) noexcept  // NOLINT(google-explicit-constructor)
      : data_(values.data()),
        size_(static_cast<Eigen::Index>(values.size())),
        stride_(values.size() == 1 ? 0 : 1) {}

  column_view(const column_view& other) noexcept { *this = other; }
  auto operator=(const column_view& other) noexcept -> column_view& {
    value_ = other.value_;
    size_ = other.size_;
    stride_ = other.stride_;
    // A scalar view points at its own copy of the value.
    data_ = other.data_ == &other.value_ ? &value_ : other.data_;
    return *this;
  }
  ~column_view() = default;

  /// Number of values held (1 for a broadcast scalar).
  [[nodiscard]] auto size() const noexcept -> Eigen::Index { return size_; }
  /// True when the one value is repeated for every row.
  [[nodiscard]] auto broadcasts() const noexcept -> bool { return stride_ == 0; }
  /// The value for row i of the result (any i when the view broadcasts).
  [[nodiscard]] auto operator[](Eigen::Index i) const noexcept -> double {
    return data_[i * stride_];
  }

 private:
  double value_{};
  const double* data_{nullptr};
  Eigen::Index size_{0};
  Eigen::Index stride_{0};
};

/// A matrix of many series, one per column (rows are periods, oldest first, or
/// another per-series axis such as demand values), read without a copy.
using series_matrix_view = Eigen::Ref<const Eigen::ArrayXXd>;

}  // namespace onhand::planning
