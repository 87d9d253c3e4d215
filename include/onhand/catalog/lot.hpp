// SPDX-License-Identifier: Apache-2.0
// File: onhand/catalog/lot.hpp
//
// A lot (batch) of an item, or a serial number of a serial-tracked item,
// with its dates and status. Expiry is a calendar date; "expired" means the
// expiry date is before the evaluation date. Best-before, removal and alert
// dates are given as days before expiry, as GS1 and most ERPs do.
//
// Example:
//
//   onhand::lot_definition lot{.item = "SERUM-30ML", .code = "L2611",
//                              .expiry = onhand::parse_date("2028-05-31").value()};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"

namespace onhand {

/// Persisted: values are stable.
enum class lot_status : std::uint8_t {
  available = 0,  ///< Usable.
  on_hold = 1,    ///< Quarantined pending a decision (quality check, investigation).
  recalled = 2,   ///< Withdrawn; never shipped to customers again.
};

/// Stored values are 0..last: a new value moves `last` (see core/enum_bounds.hpp).
template <>
struct enum_bounds<lot_status> {
  static constexpr auto last = lot_status::recalled;
};

[[nodiscard]] auto name_of(lot_status status) noexcept -> std::string_view;
[[nodiscard]] auto parse_lot_status(std::string_view name) -> std::optional<lot_status>;

struct lot_definition {
  std::string item;  ///< Item code.
  std::string code;  ///< Lot or serial code, unique within the item.
  std::optional<date> expiry;
  std::optional<int> best_before_days;  ///< Best-before = expiry - this many days.
  std::optional<int> removal_days;      ///< Pull from sale this many days before expiry.
  std::optional<int> alert_days;        ///< Warn this many days before expiry.
  lot_status status = lot_status::available;

  friend auto operator==(const lot_definition&, const lot_definition&) -> bool = default;
};

/// Whether a lot is unusable on `day`: on hold, recalled, or expired.
[[nodiscard]] inline auto is_quarantined(const lot_definition& lot, date day) -> bool {
  return lot.status != lot_status::available ||
         (lot.expiry.has_value() &&
          std::chrono::sys_days{*lot.expiry} < std::chrono::sys_days{day});
}

}  // namespace onhand
