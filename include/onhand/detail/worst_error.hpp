// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/worst_error.hpp
//
// The error a command reports when it finds several: the one of highest
// precedence (lowest place in errc_table), and of those the first found.
// Internal: the engine's validation passes offer every fault they see and
// report what is left.
//
//   detail::worst_error worst;
//   for (const auto& line : doc.lines) {
//     if (auto e = check(line)) worst.offer(std::move(*e));
//   }
//   if (worst.has()) return worst.take();
#pragma once

#include <optional>
#include <utility>

#include "onhand/core/assert.hpp"
#include "onhand/core/error.hpp"

namespace onhand::detail {

/// Keeps the error of highest precedence among those offered.
class worst_error {
 public:
  /// Keeps `e` if nothing is kept yet or it outranks what is; a tie keeps the first.
  void offer(error e) {
    if (!worst_ || precedence_of(e.code) < precedence_of(worst_->code)) worst_ = std::move(e);
  }

  /// Whether any error was offered since the last take().
  [[nodiscard]] auto has() const noexcept -> bool { return worst_.has_value(); }

  /// The kept error; afterwards nothing is kept. Precondition: has().
  [[nodiscard]] auto take() -> error {
    ONHAND_ASSERT(worst_.has_value(), "worst_error::take() with no error offered");
    error out = std::move(*worst_);
    worst_.reset();
    return out;
  }

 private:
  std::optional<error> worst_;
};

}  // namespace onhand::detail
