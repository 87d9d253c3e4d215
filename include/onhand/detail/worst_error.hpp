// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/worst_error.hpp
//
// Keeps the error of highest precedence among several: a command with
// several faults reports the one whose code is declared first in errc.
#pragma once

#include <iterator>
#include <optional>
#include <utility>

#include "onhand/core/error.hpp"

namespace onhand::detail {

/// Precedence of a code: its place in all_errc (declaration order).
[[nodiscard]] inline auto precedence(errc code) noexcept -> std::size_t {
  for (std::size_t i = 0; i < std::size(all_errc); ++i) {
    if (all_errc[i] == code) return i;
  }
  return std::size(all_errc);
}

class worst_error {
 public:
  void offer(error e) {
    if (!error_ || precedence(e.code) < precedence(error_->code)) error_ = std::move(e);
  }
  [[nodiscard]] auto has() const -> bool { return error_.has_value(); }
  auto take() -> error { return std::move(*error_); }

 private:
  std::optional<error> error_;
};

}  // namespace onhand::detail
