// SPDX-License-Identifier: Apache-2.0
// The sales-order commands of the orders domain. Each validates against
// the state and returns an intent (the events to append) or an error; the
// facade (src/orders/sales_facade.cpp) appends it. The same rules judge an
// event read back from the log (check_logged), so replay and verify()
// accept exactly what the commands could have written.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "onhand/allocation/events.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/orders/sales_commands.hpp"
#include "onhand/orders/sales_orders.hpp"
#include "onhand/state.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The sales-order events and the keys they carry.
constexpr auto domain_of(const sales_order_created&) -> domain { return domain::orders; }
constexpr auto domain_of(const sales_order_allocated&) -> domain { return domain::orders; }
constexpr auto domain_of(const sales_order_cancelled&) -> domain { return domain::orders; }
constexpr auto domain_of(const sales_order_shipped&) -> domain { return domain::orders; }
constexpr auto domain_of(const sales_order_returned&) -> domain { return domain::orders; }
inline auto key_of_applied(const sales_order_created& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const sales_order_cancelled& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const sales_order_shipped& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const sales_order_returned& e) -> std::string_view { return e.key; }

/// Whether a stored event is the order `request` asks for.
[[nodiscard]] auto same_sales_order(const event& stored, const sales_order_request& request)
    -> bool;
/// Errors: malformed_input (key, channel, customer, a date), invalid_parameter
/// (no lines or more than 1000, no locations or more than 16, a location
/// twice), unknown_code, invalid_location (not internal), invalid_quantity,
/// precision_exceeded.
[[nodiscard]] auto validate_create(const state& s, const sales_order_request& request,
                                   timestamp recorded) -> result<intent>;

/// The order created under `key`. Errors: unknown_sales_order.
[[nodiscard]] auto find_sales_order(const state& s, std::string_view key) -> result<sales_order_id>;
/// Errors: invalid_parameter (the order has no line `line`).
[[nodiscard]] auto check_line_index(const state& s, sales_order_id id, std::size_t line)
    -> result<void>;

/// The reservations that allocate the order's open lines at `now`, then
/// the event that links them; empty when nothing more can be reserved.
/// Errors: unknown_sales_order, invalid_parameter (a line index),
/// unknown_code / invalid_location (a location), malformed_input (a
/// reservation key longer than a key may be).
[[nodiscard]] auto validate_allocate(const state& s, const sales_order_allocation& allocation,
                                     timestamp now) -> result<intent>;

/// Whether a stored event is the cancellation `cancel` asks for.
[[nodiscard]] auto same_cancel(const event& stored, const state& s,
                               const sales_order_cancel& cancel) -> bool;
/// The cancellation, then the releases of what the cancelled lines hold.
/// Errors: malformed_input (key), unknown_sales_order, invalid_parameter (a
/// line index), already_resolved (nothing left to cancel).
[[nodiscard]] auto validate_cancel(const state& s, const sales_order_cancel& cancel)
    -> result<intent>;

/// A shipment as what it appends: its event, then per reservation it takes
/// from a commit of `commits[i].second` and the document that ships it,
/// then the releases of what a short pick leaves.
struct shipment_plan {
  sales_order_shipped shipped;
  std::vector<std::pair<reservation_id, quantity>> commits;
  std::vector<movement_document> documents;  ///< One per commit; keys "<key>/1", "<key>/2"...
  std::vector<reservation_released> releases;
};
/// Whether a stored event is the shipment `request` asks for.
[[nodiscard]] auto same_shipment(const event& stored, const state& s,
                                 const sales_order_shipment& request) -> bool;
/// The shipment a request asks for, judged by the order's rules (the
/// documents are judged by the facade, as postings). The picks are the
/// caller's, or FEFO within the allocation's location on the day of `now`.
/// Errors: malformed_input (key), unknown_sales_order, invalid_parameter (a
/// line index, picks that do not add up to the amount), unknown_code /
/// invalid_location (to, from), already_resolved (nothing held at `from`),
/// invalid_quantity, precision_exceeded, exceeds_reservation, and the pick
/// plan's errors (insufficient_stock).
[[nodiscard]] auto plan_shipment(const state& s, const sales_order_shipment& request, timestamp now)
    -> result<shipment_plan>;

/// A customer return as what it appends: its event, then the document
/// (keyed "<key>/1") that moves the goods back.
struct return_plan {
  sales_order_returned returned;
  movement_document document;
};
/// Whether a stored event is the return `request` asks for.
[[nodiscard]] auto same_return(const event& stored, const state& s,
                               const sales_return_request& request) -> bool;
/// The return a request asks for, judged by the order's rules (the document
/// is judged by the facade, as a posting). Errors: malformed_input (key),
/// unknown_sales_order, invalid_parameter (a line index), precision_exceeded,
/// invalid_quantity, unknown_code (to, from, lot), invalid_location (to not
/// internal, or held when it should not be or not held when it should be;
/// from not a customer location), tracking_mismatch (a lot missing or given
/// where none is), exceeds_shipment, idempotency_conflict (the document key).
[[nodiscard]] auto plan_return(const state& s, const sales_return_request& request)
    -> result<return_plan>;

// What replay must trust about a sales-order event from the log.
[[nodiscard]] auto check_logged(const sales_order_created& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const sales_order_allocated& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const sales_order_cancelled& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const sales_order_shipped& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const sales_order_returned& e, const state& s) -> result<void>;

}  // namespace onhand::detail
