// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/events.hpp
//
// The orders domain's events: transfer orders between sites. A transfer
// moves stock from a source location to a destination location through a
// transit location, where it is owned but not on hand (the stock position's
// in_transit). It is opened with its lines and an ETA, shipped in parts
// (source → transit), received in parts (transit → destination) and closed;
// a close posts what never arrived to an inventory-loss location, and what
// arrived beyond what was shipped from it, each with a reason.
//
// A shipment, a receipt and a close with a discrepancy are each two events
// in one append: the transfer's event, which says how much of each line
// moves, then the ledger's document_posted that moves it. Their encoding
// lives in src/orders/codec.cpp under the orders domain's tag block 64–79.
#pragma once

#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

/// A transfer order's number: 0, 1, 2... in the order they were opened.
using transfer_id = dense_id<struct transfer_tag>;

/// One line of a transfer order: `amount` of `item` (and `lot`, for lot-
/// and serial-tracked items).
struct transfer_line {
  item_id item;
  lot_id lot = lot_id::none();
  quantity amount;  ///< In the item's base unit; positive.
  friend auto operator==(const transfer_line&, const transfer_line&) -> bool = default;
};

/// A transfer order was opened.
struct transfer_opened {
  std::string key;  ///< Its idempotency key and its handle.
  location_id source;
  location_id destination;
  location_id transit;  ///< A location of kind transit.
  timestamp eta;        ///< When it is expected at the destination.
  std::vector<transfer_line> lines;
  timestamp recorded;
  friend auto operator==(const transfer_opened&, const transfer_opened&) -> bool = default;
};

/// The document posted just after it (in the same append) shipped, for
/// each line of the transfer, `amounts[line]` (zero: not in this shipment).
struct transfer_shipped {
  transfer_id transfer;
  timestamp eta;  ///< When this shipment is expected at the destination.
  std::vector<quantity> amounts;
  friend auto operator==(const transfer_shipped&, const transfer_shipped&) -> bool = default;
};

/// The document posted just after it received `amounts[line]` of each line.
struct transfer_received {
  transfer_id transfer;
  std::vector<quantity> amounts;
  friend auto operator==(const transfer_received&, const transfer_received&) -> bool = default;
};

/// The transfer was closed. What was still in transit of each line,
/// `written_off[line]`, is posted to `loss`, and `found[line]` arrived
/// beyond what was shipped and is posted from `loss` to the destination.
/// When either is non-zero, a document follows in the same append and
/// carries the close's key; otherwise the close carries it.
struct transfer_closed {
  std::string key;  ///< The close's idempotency key, "" when a document follows.
  transfer_id transfer;
  location_id loss;    ///< An inventory_loss location (none when nothing moves).
  std::string reason;  ///< Why the transfer closed with a discrepancy.
  std::vector<quantity> written_off;
  std::vector<quantity> found;
  friend auto operator==(const transfer_closed&, const transfer_closed&) -> bool = default;
};

}  // namespace onhand
