// SPDX-License-Identifier: Apache-2.0
// File: onhand/events.hpp
//
// Events are the source of truth: every change, catalog included, is one
// event appended to the store before it is applied, and every projection is
// a function of the event sequence. `event` lists every domain's events; it
// is the one place a new domain adds its event types besides its own folder.
//
// An event is encoded to a compact, versioned, little-endian byte string:
// [format version u8][tag u8][fields]. Each domain encodes its own events
// under a range of tags reserved for it, so tags never change meaning and
// old logs always decode. Decoding checks every length and enum, so a
// damaged log is a store_failure, never undefined behaviour. The format, its
// versions and the tag blocks per domain: docs/reference/events.md.
//
// Example:
//
//   auto bytes = onhand::encode(onhand::lot_status_set{lot, onhand::lot_status::on_hold});
//   auto back = onhand::decode(bytes);   // result<event>
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "onhand/allocation/events.hpp"
#include "onhand/catalog/events.hpp"
#include "onhand/core/result.hpp"
#include "onhand/counting/events.hpp"
#include "onhand/ledger/events.hpp"
#include "onhand/orders/events.hpp"
#include "onhand/orders/sales_events.hpp"
#include "onhand/purchasing/events.hpp"
#include "onhand/valuation/events.hpp"

namespace onhand {

using event = std::variant<
    // catalog, ledger
    item_defined, location_defined, lot_defined, lot_status_set, document_posted,
    // allocation
    reservation_made, reservation_committed, reservation_released, reservation_clock_set,
    channel_quota_set,
    // orders
    transfer_opened, transfer_shipped, transfer_received, transfer_closed,
    // purchasing
    supplier_defined, supplier_item_set, purchase_order_created, purchase_order_sent,
    purchase_order_line_changed, purchase_order_cancelled, purchase_order_closed, receipt_recorded,
    // counting
    count_task_started, count_submitted, count_approved, count_rejected, recount_requested,
    // valuation
    costing_method_set, receipt_costed,
    // purchasing, later additions
    purchase_order_line_repriced, inspection_set, inspection_released,
    // orders: sales orders
    sales_order_created, sales_order_allocated, sales_order_cancelled, sales_order_shipped,
    sales_order_returned>;

/// The event's bytes (format version 1).
[[nodiscard]] auto encode(const event& e) -> std::string;
/// The bytes of document_posted{document, stamp}, written into `out`
/// (replacing its contents, reusing its capacity), without copying the
/// document.
void encode_posting_into(std::string& out, const movement_document& document,
                         const posting_stamp& stamp);
/// The event, or store_failure for bytes that are not a valid event.
[[nodiscard]] auto decode(std::string_view bytes) -> result<event>;
/// The idempotency key an event carries ("" for catalog events, which are
/// idempotent by content).
[[nodiscard]] auto key_of(const event& e) -> std::string_view;

}  // namespace onhand
