// SPDX-License-Identifier: Apache-2.0
// File: onhand/purchasing/commands.hpp
//
// What a caller asks of the purchasing domain: define a supplier, set its
// terms for an item, create, send, change, cancel and close purchase orders,
// and receive goods against a line (or, where the supplier allows it,
// without an order). Each is one member of `inventory`
// (onhand/inventory.hpp); the rules are in docs/concepts/purchasing.md.
//
// A receipt posts a ledger document from the supplier's location to the
// line's destination (or, for an inspected supplier item, its inspection
// location), in the same append as the purchasing event and its costs,
// under the receipt's idempotency key: a retry returns the original
// posting. A release from inspection is its event and a document the same
// way.
//
// Example:
//
//   inv.create_purchase_order({.key = "PO-4411", .supplier = "ACME",
//       .lines = {{.item = serum, .amount = onhand::quantity::units(100),
//                  .price = *onhand::money::parse("2.50"), .expected = day, .destination =
//                  east}}});
//   inv.send_purchase_order("PO-4411", sent_at);
//   inv.receive({.key = "GRN-1", .order = "PO-4411", .line = 0,
//                .lots = {{.lot = l2611, .amount = onhand::quantity::units(60)}}});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/purchasing/events.hpp"

namespace onhand {

/// A supplier and its receiving terms.
struct supplier_definition {
  std::string code;          ///< 1..128 bytes.
  std::string name;          ///< At most 1024 bytes.
  location_id location;      ///< A location of kind supplier.
  quantity over_tolerance;   ///< In [0, 1]: share of a line that may arrive beyond it.
  quantity under_tolerance;  ///< In [0, 1]: share a line may fall short and still be complete.
  bool allow_unexpected = false;
};

/// A supplier's terms for an item, and its price from `valid_from`.
struct supplier_item_terms {
  std::string supplier;  ///< The supplier's code.
  item_id item;
  std::string supplier_code;
  money price;  ///< Per base unit; >= 0.
  std::string currency;
  date valid_from;
  std::optional<date> valid_to;     ///< After valid_from.
  quantity pack_size;               ///< >= 0.
  quantity minimum_order;           ///< >= 0.
  std::int32_t lead_time_days = 0;  ///< 0..3660.
  std::optional<quantity> over_tolerance;
  std::optional<quantity> under_tolerance;
};

/// A new purchase order, as a draft.
struct purchase_order_request {
  std::string key;       ///< Required: idempotency key and handle, 1..128 bytes.
  std::string supplier;  ///< The supplier's code.
  std::string currency;
  std::vector<purchase_order_line> lines;  ///< 1..10 000 lines.
};

/// A new quantity and expected date for a line of an open order.
struct purchase_order_change {
  std::string key;    ///< Required: the change's idempotency key.
  std::string order;  ///< The order's key.
  std::uint32_t line = 0;
  quantity amount;  ///< > 0 and not below what the line received.
  date expected;
  /// A new price per base unit (>= 0) for what arrives from now on; none
  /// keeps the line's price.
  std::optional<money> price;
};

/// Part of a receipt in one lot (none for untracked items).
struct received_lot {
  lot_id lot = lot_id::none();
  quantity amount;  ///< > 0, base unit.
};

/// Goods received against a line of an order, or, with `order` empty,
/// unexpected goods from a supplier that allows them.
struct receipt_request {
  std::string key;    ///< Required: the document's idempotency key.
  std::string order;  ///< The order's key; "" for an unexpected receipt.
  std::uint32_t line = 0;
  std::vector<received_lot> lots;      ///< At least one.
  std::optional<timestamp> effective;  ///< When it arrived; default: now.
  // Only for an unexpected receipt:
  std::string supplier;
  item_id item;
  location_id destination;
  /// The unit cost per base unit (>= 0) the goods are valued at; none: valued
  /// as an inbound movement without a recorded cost (docs/concepts/valuation.md).
  /// A receipt against an order is valued at the line's price and takes none.
  std::optional<money> unit_cost;
};

/// Whether a supplier's receipts of an item go through inspection, and where.
struct inspection_terms {
  std::string supplier;  ///< The supplier's code.
  item_id item;
  /// An internal location that holds stock apart from what is promised;
  /// none: no inspection.
  location_id location = location_id::none();
};

/// What an inspection decided about part of what a line holds in inspection.
struct inspection_release {
  std::string key;    ///< Required: the document's idempotency key.
  std::string order;  ///< The order's key.
  std::uint32_t line = 0;
  inspection_outcome outcome = inspection_outcome::accepted;
  std::vector<received_lot> lots;  ///< At least one.
  /// For scrapped: where to (a location of kind scrap).
  location_id scrap = location_id::none();
  std::string reason;  ///< Required when rejected (returned or scrapped), at most 1024 bytes.
  std::optional<timestamp> effective;  ///< Default: now.
};

}  // namespace onhand
