// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/commands.hpp
//
// What a caller asks of the transfers: open a transfer order, ship it,
// receive it, close it. Each is one member of `inventory`
// (onhand/inventory.hpp); the rules are in docs/concepts/transfers.md.
//
// A transfer's lifecycle:
//
//   open_transfer ──► open ──► ship (in parts) ──► shipped ──► receive (in parts)
//                       │                             │               │
//                       │                             │               ▼
//                       └──────── close ◄─────────────┴──────── received
//                                   │
//                                   ▼
//                                closed (what is still in transit is written off)
//
// Every command carries an idempotency key: a retry under it returns the
// original outcome; every refusal changes nothing.
//
// Example:
//
//   auto t = inv.open_transfer({.key = "TO-7", .source = east, .destination = west,
//                               .transit = truck, .eta = at("2026-12-09T08:00:00Z"),
//                               .lines = {{.item = soap, .amount = quantity::units(40)}}});
//   inv.ship_transfer({.key = "TO-7/ship-1", .transfer = "TO-7"});      // all of it
//   inv.receive_transfer({.key = "TO-7/recv-1", .transfer = "TO-7",
//                         .lines = {{.line = 0, .amount = quantity::units(38)}}});
//   inv.close_transfer({.key = "TO-7/close", .transfer = "TO-7", .loss = loss,
//                       .reason = "two cases crushed"});                 // 2 written off
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/orders/events.hpp"

namespace onhand {

/// A transfer order from `source` to `destination` through `transit`.
struct transfer_request {
  std::string key;          ///< Required: the idempotency key, and the transfer's handle.
  location_id source;       ///< An internal location.
  location_id destination;  ///< An internal location, not the source.
  location_id transit;      ///< A transit location.
  timestamp eta;            ///< When it is expected at the destination.
  std::vector<transfer_line> lines;
};

/// An amount of one line of a transfer, by the line's index in the order.
struct transfer_line_amount {
  std::size_t line = 0;
  quantity amount;  ///< Positive.
};

/// Ships (part of) a transfer: source → transit.
struct transfer_shipment {
  std::string key;       ///< Required: the idempotency key, and the document's key.
  std::string transfer;  ///< The transfer's key.
  /// What to ship of which line; empty: everything not shipped yet.
  std::vector<transfer_line_amount> lines;
  std::optional<timestamp> eta;  ///< This shipment's ETA; nullopt: the transfer's.
};

/// Receives (part of) what is in transit: transit → destination.
struct transfer_receipt {
  std::string key;       ///< Required: the idempotency key, and the document's key.
  std::string transfer;  ///< The transfer's key.
  /// What arrived of which line; empty: everything in transit.
  std::vector<transfer_line_amount> lines;
};

/// Closes a transfer. What is still in transit is written off to `loss`;
/// `found` is what arrived beyond what was shipped, posted from `loss` to
/// the destination. What was never shipped is cancelled.
struct transfer_close {
  std::string key;       ///< Required: the idempotency key (the discrepancy document's, if any).
  std::string transfer;  ///< The transfer's key.
  location_id loss =
      location_id::none();  ///< An inventory_loss location; needed for a discrepancy.
  std::string reason;  ///< Required for a discrepancy: the document's note (at most 1024 bytes).
  std::vector<transfer_line_amount> found;
};

}  // namespace onhand
