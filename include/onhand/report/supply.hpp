// SPDX-License-Identifier: Apache-2.0
// File: onhand/report/supply.hpp
//
// The supply a location can expect, from every domain that schedules it:
// open purchase-order lines (purchasing) and transfers on their way
// (orders). This is the one input of scheduled receipts that time-phased
// available-to-promise takes; the domains' own queries (purchase_receipts,
// transfer_receipts) give the detail behind it.
//
// supply_positions puts the stock-position quantities of every domain side
// by side, per item and location subtree, in one read: what the planner's
// inventory position is made of (docs/concepts/stock_position.md).
//
// Example:
//
//   auto receipts = inv.read([&](const onhand::state& s) {
//     return onhand::scheduled_receipts(s, soap, west);
//   });
//   auto buckets = onhand::time_phased_atp(on_hand, receipts, demands, today, 14);
#pragma once

#include <span>
#include <vector>

#include "onhand/allocation/time_phased.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/state.hpp"

namespace onhand {

/// What `location` (or a location below it) can expect of `item`, summed per
/// day, by day: the remainders of the sent purchase-order lines for it on
/// their expected dates, and what is in transit to it on its shipment's ETA;
/// with `include_unshipped_transfers`, also what open transfers to it have
/// not shipped yet, on the transfer's ETA. Unknown ids give no receipts.
[[nodiscard]] auto scheduled_receipts(const state& s, item_id item, location_id location,
                                      bool include_unshipped_transfers = false)
    -> std::vector<dated_quantity>;

/// The stock position of an item within a location (the location and
/// every location below it), now: the quantities of every domain that hold,
/// promise or bring stock, as docs/concepts/stock_position.md defines them.
struct supply_position {
  item_id item;
  location_id location;
  quantity on_hand;  ///< Physical stock within the location.
  quantity
      quarantined;     ///< Of on_hand: at held locations, or in lots on hold, recalled or expired.
  quantity usable;     ///< on_hand − quarantined, less what later movements take.
  quantity reserved;   ///< Held within the location by open reservations not made for an order.
  quantity allocated;  ///< Held within the location by reservations made for sales-order lines.
  /// max(0, usable − reserved − allocated): promisable to a caller with no channel.
  quantity available;
  quantity on_order;    ///< Remainders of sent purchase-order lines to the location or below.
  quantity in_transit;  ///< Shipped by transfers to the location or below, not yet received.
  /// What open sales-order lines lack (ordered − cancelled − shipped −
  /// allocated), counted at each order's first location.
  quantity backordered;
  /// usable + on_order + in_transit − reserved − allocated − backordered:
  /// what reorder logic compares with a reorder point. Usable, not on_hand:
  /// stock that cannot ship (expired, on hold, at a held location) does not
  /// hold off a reorder.
  quantity inventory_position;
  friend auto operator==(const supply_position&, const supply_position&) -> bool = default;
};

/// The supply positions of `items` (empty: every item) within each of
/// `locations` (empty: every site, an internal location with no internal
/// location above it), at `now`. A row for every pair with any non-zero
/// quantity, by item then location id. The rows of distinct sites never
/// count the same stock twice, so they add up to the business's total.
/// Errors: unknown_code for an id not in the catalog (context.field: items
/// or locations); overflow when a sum leaves the quantity range.
[[nodiscard]] auto supply_positions(const state& s, std::span<const item_id> items,
                                    std::span<const location_id> locations, timestamp now)
    -> result<std::vector<supply_position>>;

}  // namespace onhand
