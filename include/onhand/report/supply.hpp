// SPDX-License-Identifier: Apache-2.0
// File: onhand/report/supply.hpp
//
// The supply a location can expect, from every domain that schedules it:
// open purchase-order lines (purchasing) and transfers on their way
// (orders). This is the one input of scheduled receipts that time-phased
// available-to-promise takes; the domains' own queries (purchase_receipts,
// transfer_receipts) give the detail behind it.
//
// Example:
//
//   auto receipts = inv.read([&](const onhand::state& s) {
//     return onhand::scheduled_receipts(s, soap, west);
//   });
//   auto buckets = onhand::time_phased_atp(on_hand, receipts, demands, today, 14);
#pragma once

#include <vector>

#include "onhand/allocation/time_phased.hpp"
#include "onhand/core/ids.hpp"
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

}  // namespace onhand
