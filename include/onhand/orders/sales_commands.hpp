// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/sales_commands.hpp
//
// What a caller asks of the sales orders: create one, allocate it (all
// lines, or one), ship a line's allocation, cancel a line or the whole
// order. Each is one member of `inventory` (onhand/inventory.hpp); the rules
// are in docs/concepts/sales_orders.md.
//
//   create ──► allocate (partial: the rest is backordered) ──► ship (in parts)
//                 ▲  │                                            │
//                 └──┘ re-allocate tops up backordered lines      ▼
//   cancel (a line or all): releases what the lines hold      shipped
//                                                                 │
//                               returned (to stock or quarantine) ◄┘
//
// Example:
//
//   inv.create_sales_order({.key = "SO-1001", .customer = "BIGBOX", .channel = "wholesale",
//                           .locations = {east, west},
//                           .lines = {{.item = soap, .amount = quantity::units(50),
//                                      .requested = day("2026-12-10")}}});
//   inv.allocate_sales_order({.order = "SO-1001"});
//   inv.ship_sales_order_line({.key = "SO-1001/ship-1", .order = "SO-1001", .line = 0,
//                              .to = customer});
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/orders/sales_events.hpp"

namespace onhand {

/// A sales order: its lines, for `channel`, filled from `locations`.
struct sales_order_request {
  std::string key;       ///< Required: the idempotency key, and the order's handle.
  std::string customer;  ///< Whom it is for (free text, at most 1024 bytes).
  std::string channel;   ///< "" for none; a channel's quotas fence stock from the others.
  /// 1 to 16 distinct internal locations, most preferred first.
  std::vector<location_id> locations;
  std::vector<sales_order_line> lines;  ///< 1 to 1000 lines.
};

/// Allocates an order's open lines (or one of them): reserves what is
/// available to the order's channel at each location in turn.
struct sales_order_allocation {
  std::string order;                ///< The order's key.
  std::optional<std::size_t> line;  ///< nullopt: every line.
  /// Where to reserve, in this order; empty: the order's locations.
  std::vector<location_id> locations;
};

/// A pick from one lot (or untracked stock) at one location, for a shipment.
struct sales_order_pick {
  location_id location;  ///< At or below the allocation's location.
  lot_id lot = lot_id::none();
  quantity amount;  ///< Positive.
};

/// Ships what a line holds at one location: commits the line's reservations
/// there, each with a document that moves the goods to `to`.
struct sales_order_shipment {
  std::string key;  ///< Required: the idempotency key, and the first document's.
  std::string order;
  std::size_t line = 0;
  /// Where the shipped allocation is held; none: the first of the line's
  /// reservations that still holds stock.
  location_id from = location_id::none();
  location_id to;  ///< A customer location.
  /// What was picked; nullopt: everything held at `from`. Less is a short pick.
  std::optional<quantity> amount;
  /// The lots and bins picked; empty: chosen by FEFO within `from`.
  std::vector<sales_order_pick> picks;
  /// After a short pick: release what was not picked (it goes back to
  /// backordered) instead of keeping it held.
  bool release_rest = false;
};

/// Takes back goods a customer returns of a shipped line: one document
/// moves `amount` from the customer location the line shipped to, back to
/// `to` (docs/concepts/sales_orders.md, "Returns").
struct sales_return_request {
  std::string key;  ///< Required: the idempotency key; the document's is "<key>/1".
  std::string order;
  std::size_t line = 0;
  quantity amount;  ///< Positive, in the item's base unit.
  /// An internal location: not held for a resellable return, held (a
  /// quarantine location, `location_definition::hold`) for any other reason.
  location_id to;
  sales_return_reason reason = sales_return_reason::resellable;
  /// Required for a lot-tracked item (a lot the line shipped), none otherwise.
  lot_id lot = lot_id::none();
  /// The customer location it comes back from; none: the first the line
  /// shipped to (of `lot`) with anything not yet returned.
  location_id from = location_id::none();
  std::optional<timestamp> effective;  ///< The document's effective time; none: now.
};

/// Cancels one line of an order, or every line.
struct sales_order_cancel {
  std::string key;  ///< Required: the idempotency key.
  std::string order;
  std::optional<std::size_t> line;  ///< nullopt: every line.
};

}  // namespace onhand
