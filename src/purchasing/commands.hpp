// SPDX-License-Identifier: Apache-2.0
// The purchasing domain's commands. Each builds its event and judges it by
// check_logged, the same function replay judges the event by when it reads
// it back from the log, so the log holds nothing the commands could not
// have written. A receipt is its event followed by a ledger document; the
// document is judged by the ledger's own validator, and replay pairs the
// two with receipt_matches.
#pragma once

#include <string_view>

#include "onhand/ledger/events.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/purchasing/commands.hpp"
#include "onhand/purchasing/purchasing_book.hpp"
#include "onhand/state.hpp"
#include "onhand/valuation/events.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The purchasing domain's events and the keys they carry.
constexpr auto domain_of(const supplier_defined&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const supplier_item_set&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const purchase_order_created&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const purchase_order_sent&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const purchase_order_line_changed&) -> domain {
  return domain::purchasing;
}
constexpr auto domain_of(const purchase_order_cancelled&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const purchase_order_closed&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const receipt_recorded&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const purchase_order_line_repriced&) -> domain {
  return domain::purchasing;
}
constexpr auto domain_of(const inspection_set&) -> domain { return domain::purchasing; }
constexpr auto domain_of(const inspection_released&) -> domain { return domain::purchasing; }
inline auto key_of_applied(const purchase_order_created& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const purchase_order_line_changed& e) -> std::string_view {
  return e.key;
}
inline auto key_of_applied(const purchase_order_line_repriced& e) -> std::string_view {
  return e.key;
}

[[nodiscard]] auto validate_supplier(const state& s, const supplier_definition& d)
    -> result<intent>;
[[nodiscard]] auto validate_supplier_item(const state& s, const supplier_item_terms& t)
    -> result<intent>;

[[nodiscard]] auto order_event(const state& s, const purchase_order_request& request,
                               timestamp recorded) -> result<purchase_order_created>;
/// Whether a stored event is the order `request` asks for.
[[nodiscard]] auto same_order(const event& stored, const state& s,
                              const purchase_order_request& request) -> bool;
[[nodiscard]] auto validate_order(const state& s, const purchase_order_request& request,
                                  timestamp recorded) -> result<intent>;

[[nodiscard]] auto validate_send(const state& s, std::string_view order, timestamp at)
    -> result<intent>;
[[nodiscard]] auto validate_cancel(const state& s, std::string_view order, timestamp at)
    -> result<intent>;
[[nodiscard]] auto validate_close(const state& s, std::string_view order, timestamp at)
    -> result<intent>;

[[nodiscard]] auto change_event(const state& s, const purchase_order_change& change)
    -> result<purchase_order_line_changed>;
[[nodiscard]] auto same_change(const event& stored, const state& s,
                               const purchase_order_change& change) -> bool;
[[nodiscard]] auto validate_change(const state& s, const purchase_order_change& change)
    -> result<intent>;

/// A receipt's event, what its lines cost (none for an unexpected receipt
/// given no cost), and the ledger document that moves what it records.
struct receipt_intent {
  receipt_recorded receipt;
  std::optional<receipt_costed> costs;
  movement_document document;
};
[[nodiscard]] auto receipt_of(const state& s, const receipt_request& request, timestamp recorded)
    -> result<receipt_intent>;
/// Whether a posted document moves exactly what `receipt` records: every
/// line of its item, from the supplier's location to its destination, in
/// sum its amount, effective when it was received.
[[nodiscard]] auto receipt_matches(const state& s, const receipt_recorded& receipt,
                                   const posting_ref& posted) -> result<void>;
/// Whether `costs` are what a receipt is valued at: for a receipt against an
/// order, the line's price on every line; an unexpected receipt carries the
/// caller's cost, judged by the valuation domain's rule alone.
[[nodiscard]] auto receipt_priced(const state& s, const receipt_recorded& receipt,
                                  const receipt_costed& costs) -> result<void>;

[[nodiscard]] auto validate_inspection(const state& s, const inspection_terms& terms)
    -> result<intent>;

/// A release from inspection's event, and the ledger document that moves it.
struct release_intent {
  inspection_released release;
  movement_document document;
};
[[nodiscard]] auto release_of(const state& s, const inspection_release& request, timestamp recorded)
    -> result<release_intent>;
/// Whether a posted document moves exactly what `release` says: every line
/// of the line's item, from the inspection location to where the outcome
/// sends it, by the outcome's reason, in sum its amount, effective when it
/// was released.
[[nodiscard]] auto release_matches(const state& s, const inspection_released& release,
                                   const posting_ref& posted) -> result<void>;

// What replay must trust about a purchasing event from the log.
[[nodiscard]] auto check_logged(const supplier_defined& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const supplier_item_set& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const purchase_order_created& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const purchase_order_sent& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const purchase_order_line_changed& e, const state& s)
    -> result<void>;
[[nodiscard]] auto check_logged(const purchase_order_cancelled& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const purchase_order_closed& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const receipt_recorded& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const purchase_order_line_repriced& e, const state& s)
    -> result<void>;
[[nodiscard]] auto check_logged(const inspection_set& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const inspection_released& e, const state& s) -> result<void>;

}  // namespace onhand::detail
