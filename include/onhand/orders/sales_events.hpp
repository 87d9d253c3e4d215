// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/sales_events.hpp
//
// The sales-order events of the orders domain. A sales order is a customer's
// demand: lines of an item and a quantity, for a channel, with the
// locations it may be filled from in the caller's order of preference. It
// holds no stock itself: allocating it makes soft reservations
// (onhand/allocation/events.hpp), one per line and location, and links them
// to the order's lines; shipping commits them and cancelling releases them.
// What a line has shipped and holds is therefore always read from its
// reservations, and what it still lacks (backordered) follows from them.
//
// An allocation is one append: the reservation_made events, then
// sales_order_allocated, which links them. A cancellation is one append:
// sales_order_cancelled, then the reservation_released events that give
// back what the cancelled lines held. A shipment is one append:
// sales_order_shipped, then for each reservation it takes from the
// reservation_committed and document_posted pair of a reservation commit,
// then any release of what was not picked. A customer return is one
// append: sales_order_returned, then the document_posted that moves the
// goods back from the customer location. Their encoding lives in
// src/orders/sales_codec.cpp, tags 72–76 of the orders domain's block 64–79.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

/// A sales order's number: 0, 1, 2... in the order they were created.
using sales_order_id = dense_id<struct sales_order_tag>;

/// One line of a sales order: `amount` of `item`, wanted on `requested`.
struct sales_order_line {
  item_id item;
  quantity amount;  ///< In the item's base unit; positive.
  date requested;   ///< The day the customer wants it.
  /// Lines of higher priority are allocated first (then earlier requested
  /// dates, then line order); 0 by default.
  std::uint32_t priority = 0;
  friend auto operator==(const sales_order_line&, const sales_order_line&) -> bool = default;
};

/// A sales order was created.
struct sales_order_created {
  std::string key;       ///< Its idempotency key and its handle.
  std::string customer;  ///< Whom it is for (free text).
  std::string channel;   ///< The sales channel its reservations are made for ("" none).
  /// Where it may be filled from, most preferred first; what it lacks is
  /// counted as backordered at the first.
  std::vector<location_id> locations;
  std::vector<sales_order_line> lines;
  timestamp recorded;
  friend auto operator==(const sales_order_created&, const sales_order_created&) -> bool = default;
};

/// A reservation made for a line of an order.
struct sales_order_link {
  std::uint32_t line = 0;
  reservation_id reservation;
  friend auto operator==(const sales_order_link&, const sales_order_link&) -> bool = default;
};

/// The reservations made just before it (in the same append) hold stock
/// for the order's lines.
struct sales_order_allocated {
  sales_order_id order;
  std::vector<sales_order_link> links;
  friend auto operator==(const sales_order_allocated&, const sales_order_allocated&)
      -> bool = default;
};

/// `amounts[line]` of each line of the order is no longer wanted (zero: the
/// line is not cancelled by it). Releases of what those lines held follow
/// in the same append.
struct sales_order_cancelled {
  std::string key;  ///< The cancellation's idempotency key.
  sales_order_id order;
  std::vector<quantity> amounts;
  friend auto operator==(const sales_order_cancelled&, const sales_order_cancelled&)
      -> bool = default;
};

/// A shipment of one line: the commits (and releases) that follow it in the
/// same append take from the line's reservations.
struct sales_order_shipped {
  std::string key;  ///< The shipment's idempotency key.
  sales_order_id order;
  std::uint32_t line = 0;
  friend auto operator==(const sales_order_shipped&, const sales_order_shipped&) -> bool = default;
};

/// Why goods came back from a customer, which decides where they may go:
/// resellable goods return to usable stock, the others to a held
/// (quarantine) location (docs/concepts/sales_orders.md, "Returns").
enum class sales_return_reason : std::uint8_t {
  resellable = 0,
  damaged = 1,
  expired = 2,
  other = 3,
};

/// Stored values are 0..last: a new value moves `last` (see core/enum_bounds.hpp).
template <>
struct enum_bounds<sales_return_reason> {
  static constexpr auto last = sales_return_reason::other;
};

/// Goods a line shipped came back: `amount` of `lot` from the customer
/// location `from` to the internal location `to`. The document that moves
/// them (reason `returned`, keyed "<key>/1") follows in the same append.
struct sales_order_returned {
  std::string key;  ///< The return's idempotency key.
  sales_order_id order;
  std::uint32_t line = 0;
  location_id from;  ///< The customer location the line shipped to.
  location_id to;    ///< Where the goods come back to.
  lot_id lot = lot_id::none();
  quantity amount;
  sales_return_reason reason = sales_return_reason::resellable;
  friend auto operator==(const sales_order_returned&, const sales_order_returned&)
      -> bool = default;
};

}  // namespace onhand
