// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/expiry_waste.hpp
//
// Projected expiry waste: the stock of an item at a location that a steady
// demand, served first-expired-first-out, will not consume before it expires.
//
// The model (docs/concepts/lots-and-fefo.md, "Projected expiry waste"): from
// the start date on, each day takes `rate` units, from the earliest-expiring
// lot that still has stock and has not expired (a lot is usable through its
// expiry date). What a lot holds at the end of its expiry date is waste; a lot
// already expired before the start is waste in full. Demand is cumulative and
// rounded once: the first n days take round(n × rate) to onhand's 6 decimals,
// so a fractional rate does not drift. Demand that no lot can serve is lost,
// not carried. Lots with the same expiry are served in input order. Undated
// stock is served after every dated lot and never expires, so it changes
// nothing here: leave it out. To project against removal dates instead of
// expiry dates, pass the removal dates.
//
// Example:
//
//   std::vector<onhand::expiring_lot> lots{{day(2), quantity::units(10)},   // expires day 2
//                                          {day(9), quantity::units(40)}};
//   auto waste = onhand::project_expiry_waste(lots, 4.0, day(0));
//   // lot 0: days 0-2 take 12 > 10, no waste; lot 1: takes 2 + 4 × 7 = 30 of 40, wastes 10
#pragma once

#include <span>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {

/// One lot at the item-location: what it holds and when it expires.
struct expiring_lot {
  date expiry;      ///< Usable through this day.
  quantity amount;  ///< >= 0.
};

/// The projection, per lot in input order.
struct expiry_waste {
  std::vector<quantity> consumed;  ///< What demand takes from each lot before it expires.
  std::vector<quantity> waste;     ///< What is left of each lot when it expires.
  quantity total_waste;            ///< The sum of `waste`.

  friend auto operator==(const expiry_waste&, const expiry_waste&) -> bool = default;
};

/// The waste of `lots` under a demand of `rate_per_day` units a day from `start`.
///
/// Errors, in precedence order: invalid_parameter when the rate is not a positive finite
/// number (context.field "rate_per_day"); overflow when the lots' amounts do not sum within
/// range; invalid_quantity for a negative amount (context.line: the lot).
[[nodiscard]] auto project_expiry_waste(std::span<const expiring_lot> lots, double rate_per_day,
                                        date start) -> result<expiry_waste>;

}  // namespace onhand
