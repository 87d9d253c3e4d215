// SPDX-License-Identifier: Apache-2.0
// File: bindings/python/src/arrays.hpp
//
// numpy <-> Eigen for the onhand.planning bindings, in one place: 1-D columns
// in (a scalar broadcasts) and out, and 2-D matrices of many series in and out.
//
// Orientation: every matrix over many SKU-locations is series x periods. In
// numpy that is shape (series, periods), one row per SKU-location, C order;
// the other axis is periods for demand, forecasts and forecast errors, the
// season for initial seasonal indexes, the demand values for discrete
// distributions. Those bytes are the Eigen column-major periods x series
// matrix that the C++ functions take (planning::series_matrix_view, one series
// per column), so a matrix crosses in either direction without a copy. A 1-D
// array where a matrix is expected is one series. docs/planning.md states the
// same convention for users.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <Eigen/Core>
#include <pybind11/numpy.h>

#include "onhand/planning/column_view.hpp"

#include "bindings.hpp"

namespace onhand::python {

/// numpy's NPY_ARRAY_ALIGNED: an input whose data is not aligned for double
/// (a view at an odd byte offset) is copied, so C++ reads aligned doubles.
inline constexpr int npy_array_aligned = 0x0100;
using double_array =
    py::array_t<double, py::array::c_style | py::array::forcecast | npy_array_aligned>;

/// Raises InvalidParameterError naming `field`.
[[noreturn]] inline void bad_argument(const std::string& field, const std::string& message) {
  raise(make_error(errc::invalid_parameter, message, error_context{.field = field}));
}

/// Whether one Python object is a real number: int, float or a numpy integer
/// or floating scalar. bool is not (True is not a quantity or a cost), nor
/// are complex numbers, strings, bytes, None, dates and durations.
inline auto is_real_number(py::handle item) -> bool {
  if (PyBool_Check(item.ptr())) return false;
  if (PyFloat_Check(item.ptr()) || PyLong_Check(item.ptr())) return true;
  // Released on purpose: a static py::object would be destroyed after the interpreter.
  static const py::handle integer =
      py::object(py::module_::import("numpy").attr("integer")).release();
  static const py::handle floating =
      py::object(py::module_::import("numpy").attr("floating")).release();
  return py::isinstance(item, integer) || py::isinstance(item, floating);
}

/// `value` as a numpy array of real numbers (integer, unsigned or floating
/// dtype, or an object array whose every element is a real number), else
/// InvalidParameterError naming `field` and the type it got. Planning
/// arguments take numbers only: strings are not parsed, and bool, complex,
/// bytes, None, datetime64 and timedelta64 are refused rather than converted.
inline auto real_array(py::handle value, const std::string& field) -> py::array {
  const auto refuse = [&](const std::string& what) {
    bad_argument(field, field + " must be a real number or an array of real numbers, not " + what);
  };
  const auto type_name = [](py::handle v) {
    return std::string(py::str(py::type::handle_of(v).attr("__name__")));
  };
  if (value.is_none() || PyBool_Check(value.ptr()) || PyUnicode_Check(value.ptr()) ||
      PyBytes_Check(value.ptr()) || PyByteArray_Check(value.ptr()) ||
      PyComplex_Check(value.ptr())) {
    refuse(type_name(value));
  }
  auto array = py::array::ensure(value);
  if (!array) {
    PyErr_Clear();
    refuse(type_name(value) + " (not convertible to an array of numbers)");
  }
  const char kind = array.dtype().kind();
  if (kind == 'i' || kind == 'u' || kind == 'f') return array;
  if (kind == 'O') {
    const auto flat = array.attr("ravel")();
    for (auto item : flat) {
      if (!is_real_number(item)) refuse("an array holding " + type_name(item));
    }
    return array;
  }
  refuse("an array of dtype " + std::string(py::str(array.dtype())));
  return array;  // not reached: refuse raises
}

/// Any array-like of real numbers as a C-ordered, aligned float64 array (no
/// copy when it already is one), or InvalidParameterError naming `field`.
inline auto as_array(py::handle value, const std::string& field) -> double_array {
  auto array = double_array::ensure(real_array(value, field));
  if (!array) {
    PyErr_Clear();
    bad_argument(field, field + " must be numbers (an array-like of floats)");
  }
  return array;
}

// ---------------------------------------------------------------------------
// Columns: one value per SKU-location.

/// One column argument: a scalar (which broadcasts) or a 1-D array, kept
/// alive as a contiguous float64 buffer for the call.
class column_arg {
 public:
  column_arg(py::handle value, std::string_view name) {
    if (value.is_none()) {
      bad_argument(std::string(name), std::string(name) + " must be a number or an array");
    }
    array_ = double_array::ensure(real_array(value, std::string(name)));
    if (!array_) {
      PyErr_Clear();
      bad_argument(std::string(name), std::string(name) + " must be numeric");
    }
    if (array_.ndim() > 1) {
      bad_argument(std::string(name),
                   std::string(name) + " must be a scalar or a one-dimensional array");
    }
    scalar_ = array_.ndim() == 0;
  }
  [[nodiscard]] auto view() const -> planning::column_view {
    return std::span<const double>(array_.data(), static_cast<std::size_t>(array_.size()));
  }
  [[nodiscard]] auto scalar() const -> bool { return scalar_; }

 private:
  double_array array_;
  bool scalar_{false};
};

/// Whether every argument was a scalar (the result is then a float).
template <class... Args>
auto all_scalar(const Args&... args) -> bool {
  return (args.scalar() && ...);
}

/// The result size under numpy broadcasting: the first size other than 1
/// (the C++ call rejects sizes that disagree).
inline auto broadcast_size(std::initializer_list<const column_arg*> args) -> Eigen::Index {
  for (const auto* arg : args) {
    if (arg->view().size() != 1) return arg->view().size();
  }
  return 1;
}

/// Moves an Eigen column into a 1-D numpy array without copying.
inline auto to_numpy(Eigen::ArrayXd&& values) -> py::object {
  auto* owned = new Eigen::ArrayXd(std::move(values));
  py::capsule free(owned, [](void* p) { delete static_cast<Eigen::ArrayXd*>(p); });
  return double_array({owned->size()}, {sizeof(double)}, owned->data(), free);
}

/// A float when every input was a scalar, else the numpy column.
inline auto shaped(Eigen::ArrayXd&& values, bool scalar) -> py::object {
  if (scalar && values.size() == 1) return py::float_(values[0]);
  return to_numpy(std::move(values));
}

/// A dict of named result columns, each shaped as above.
inline auto columns(bool scalar,
                    std::initializer_list<std::pair<const char*, Eigen::ArrayXd*>> fields)
    -> py::dict {
  py::dict out;
  for (const auto& [name, values] : fields) out[name] = shaped(std::move(*values), scalar);
  return out;
}

// ---------------------------------------------------------------------------
// Matrices: series x periods (see the top of this file).

/// A matrix argument, kept alive by `array`, seen by C++ as periods x series.
struct series_input {
  double_array array;
  bool one_series{false};  ///< The argument was 1-D.
  Eigen::Index periods{0};
  Eigen::Index count{0};  ///< Number of series.
  [[nodiscard]] auto matrix() const -> Eigen::Map<const Eigen::ArrayXXd> {
    return {array.data(), periods, count};
  }
};

/// A 1-D array (one series) or a 2-D (series, periods) array, or
/// InvalidParameterError naming `field`. `periods` names the second axis in
/// the message ("periods", "values", ...).
inline auto as_series(py::handle value, const std::string& field,
                      const std::string& periods = "periods") -> series_input {
  series_input in{.array = as_array(value, field)};
  if (in.array.ndim() == 1) {
    in.one_series = true;
    in.periods = in.array.shape(0);
    in.count = 1;
  } else if (in.array.ndim() == 2) {
    in.count = in.array.shape(0);
    in.periods = in.array.shape(1);
  } else {
    bad_argument(field, field + " must be 1-D (one series) or 2-D (series, " + periods + ")");
  }
  return in;
}

/// Hands an Eigen periods x series matrix to numpy as (series, periods) in C
/// order without copying; one_series gives the 1-D (periods,) view.
inline auto series_to_numpy(Eigen::ArrayXXd&& matrix, bool one_series) -> py::array {
  auto* owned = new Eigen::ArrayXXd(std::move(matrix));
  py::capsule keep(owned, [](void* p) { delete static_cast<Eigen::ArrayXXd*>(p); });
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  if (one_series) {
    return py::array_t<double>({owned->rows()}, {item}, owned->data(), keep);
  }
  return py::array_t<double>({owned->cols(), owned->rows()}, {owned->rows() * item, item},
                             owned->data(), keep);
}

/// One value per series: a float for a 1-D input, else a 1-D array.
inline auto per_series(Eigen::ArrayXd&& values, bool one_series) -> py::object {
  if (one_series) return py::float_(values(0));
  return to_numpy(std::move(values));
}

}  // namespace onhand::python
