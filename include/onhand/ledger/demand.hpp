// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/demand.hpp
//
// Daily demand from the ledger: what went from each internal location to
// customers, per item and UTC day, with whether the day ended with nothing
// available there (a stock-out day, whose demand may have been cut short).
// It is the input of forecasting and reorder planning (the Python
// onhand.planner.demand_history is this table), read in one pass over the
// customers' accounts instead of one history per item.
//
// Example:
//
//   auto table = inv.read([&](const onhand::state& s) {
//     return onhand::daily_demand(s, first, last, {}, {});
//   });
//   // table->demand[p * table->days + d]: pair p = (table->items[p],
//   // table->locations[p]) on day first + d.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/result.hpp"
#include "onhand/state.hpp"

namespace onhand {

/// Daily demand per item × internal location over the days first..last:
/// one row per pair, `days` columns per row (row-major).
struct demand_table {
  date first;
  std::int32_t days = 0;                  ///< last − first + 1.
  std::vector<item_id> items;             ///< Per pair.
  std::vector<location_id> locations;     ///< Per pair.
  std::vector<double> demand;             ///< Per pair × day: units to customers.
  std::vector<std::uint8_t> stocked_out;  ///< Per pair × day: 1 when available ≤ 0 at day end.

  friend auto operator==(const demand_table&, const demand_table&) -> bool = default;
};

/// The most days one demand table spans (ten years of daily buckets).
inline constexpr std::int32_t demand_days_max = 3660;

/// Daily demand over first..last (UTC days, both included) at the internal
/// `locations` (empty: every internal location), to the customer-kind
/// locations in `customers` (empty: every customer location).
///
/// Demand of a day is the quantity that documents effective that day moved
/// from the location to customers. A reversal counts on the day of the
/// document it reverses, so a shipment and its reversal net out. When one
/// document ships an item to customers from several physical locations,
/// each location's share is its part of the document's outflow.
///
/// A day is stocked out when the pair's position (onhand::position) at the
/// end of it has nothing available (on hand less quarantined ≤ 0).
///
/// Rows: every pair with a position on `last` (onhand::positions) or any
/// demand in the window, at the chosen locations; by item id, then by the
/// order of `locations` (location id order when empty).
///
/// Errors: invalid_parameter when last is before first or the span exceeds
/// demand_days_max days; unknown_code for an id not in the catalog;
/// invalid_location when a location is not internal or a customer is not a
/// customer location (context.field: locations or customers).
[[nodiscard]] auto daily_demand(const state& s, date first, date last,
                                std::span<const location_id> locations,
                                std::span<const location_id> customers) -> result<demand_table>;

}  // namespace onhand
