// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/queries.hpp
//
// Questions about transfers, over one state view: which transfers are open,
// what is in transit per item and destination with its ETA, and the
// scheduled receipts a destination can count on, in the form
// time_phased_atp takes (onhand/allocation/time_phased.hpp).
//
// What is in transit is taken shipment by shipment: receipts and the
// write-off at close take from the earliest shipments of a line first, so a
// shipment's remainder keeps that shipment's ETA.
//
// Example:
//
//   auto receipts = inv.read([&](const onhand::state& s) {
//     return onhand::transfer_receipts(s, soap, west);
//   });
//   auto buckets = onhand::time_phased_atp(on_hand, receipts, demands, today, 14);
#pragma once

#include <optional>
#include <vector>

#include "onhand/allocation/time_phased.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/orders/events.hpp"

namespace onhand {

struct state;

/// What of an item is on its way to a destination, expected at `eta`.
struct in_transit_row {
  item_id item;
  location_id destination;
  timestamp eta;
  quantity amount;  ///< Positive: shipped, not received, not written off.
  friend auto operator==(const in_transit_row&, const in_transit_row&) -> bool = default;
};

/// The transfers not closed, by id.
[[nodiscard]] auto open_transfers(const state& s) -> std::vector<transfer_id>;

/// What is in transit, summed per item, destination and ETA, in that order;
/// only of `item` and to `destination` when given.
[[nodiscard]] auto in_transit_by_destination(const state& s, std::optional<item_id> item = {},
                                             std::optional<location_id> destination = {})
    -> std::vector<in_transit_row>;

/// The receipts `location` (or a location below it) can expect of `item`
/// from transfers, summed per day of ETA, by day: what is in transit at its
/// shipment's ETA and, with `include_unshipped`, what open transfers have
/// not shipped yet at the transfer's ETA.
[[nodiscard]] auto transfer_receipts(const state& s, item_id item, location_id location,
                                     bool include_unshipped = false) -> std::vector<dated_quantity>;

}  // namespace onhand
