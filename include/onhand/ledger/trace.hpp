// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/trace.hpp
//
// The recall trace of a lot: every movement of it, where it is now, which
// customers it reached (forward) and which receipts it came from
// (backward). A read-only query over a state view, like those of
// onhand/ledger/queries.hpp; inside inventory::read it costs no extra lock.
//
// It reads only the stock ledger: the item's accounts (through the item's
// account index, so other items cost nothing and the item's other lots one
// skip each), the lot's entries, and the documents' headers and references.
// Cost: O(a + e log e) for the item's a accounts and the lot's e entries.
//
// Example:
//
//   auto trace = inv.read([&](const onhand::state& s) {
//     return onhand::trace_lot(s, serum, l2611);
//   });
//   for (const auto& c : trace->customers) notify(c.location, c.net);
#pragma once

#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/state.hpp"

namespace onhand {

/// One movement of the lot: `amount` from `from` to `to` in a document.
///
/// The ledger keeps each line as two entries (the lines themselves stay in
/// the event log), so a line is rebuilt from them. When a document moves
/// the lot out of one location into one other, that is exact. When it
/// moves the lot between several sources and destinations at once, which
/// source fed which destination is not recorded: the trace pairs entries
/// of equal amounts first, then in order, and sets `paired_by_amount`. Each
/// location's quantities stay exact either way.
struct trace_movement {
  document_id document;
  std::string key;  ///< The document's idempotency key.
  movement_reason reason = movement_reason::transfer;
  timestamp effective;
  location_id from;
  location_id to;
  quantity amount;                             ///< > 0.
  document_id reverses = document_id::none();  ///< The document this one reverses, if any.
  bool paired_by_amount = false;               ///< See above.

  friend auto operator==(const trace_movement&, const trace_movement&) -> bool = default;
};

/// Where the lot is now: its balance at one internal or transit location.
struct trace_holding {
  location_id location;
  stock_level balance;  ///< Non-zero (negative only where the location allows it).

  friend auto operator==(const trace_holding&, const trace_holding&) -> bool = default;
};

/// What one document moved between the lot's physical stock and one
/// virtual location (a customer, a supplier, scrap, production, inventory
/// loss), with the document's external reference, where order numbers go.
struct trace_document {
  location_id location;  ///< The virtual location.
  document_id document;
  std::string key;
  movement_reason reason = movement_reason::transfer;
  timestamp effective;
  document_reference reference;
  /// Signed, per list: see lot_trace. Never zero.
  quantity amount;

  friend auto operator==(const trace_document&, const trace_document&) -> bool = default;
};

/// What reached one customer location, over all documents.
struct trace_customer {
  location_id location;
  quantity shipped;   ///< Sum of what went to the customer.
  quantity returned;  ///< Sum of what came back from it.
  quantity net;       ///< shipped - returned: what the customer still has.

  friend auto operator==(const trace_customer&, const trace_customer&) -> bool = default;
};

/// The recall trace of one lot of an item.
struct lot_trace {
  item_id item;
  lot_id lot;
  /// Every movement, in log (document) order, a document's lines in order.
  std::vector<trace_movement> movements;
  /// Non-zero balances at internal and transit locations, in location id order.
  std::vector<trace_holding> holdings;
  /// Forward: per customer location the lot reached (in location id order),
  /// the totals; a customer that shipped everything back is listed with net 0.
  std::vector<trace_customer> customers;
  /// Forward: per document and customer location, in log order; `amount` > 0
  /// shipped to the customer, < 0 returned from it.
  std::vector<trace_document> customer_documents;
  /// Forward, not to customers: scrap, production and inventory loss, per
  /// document and location, in log order; `amount` > 0 went there, < 0 came
  /// from there (produced, or found by a count).
  std::vector<trace_document> other_destinations;
  /// Backward: per document and supplier location, in log order; `amount` > 0
  /// received from the supplier, < 0 returned to it.
  std::vector<trace_document> sources;

  friend auto operator==(const lot_trace&, const lot_trace&) -> bool = default;
};

/// The recall trace of `lot` of `item`. A lot that never moved has empty
/// lists. unknown_code naming the field ("item" or "lot") when the item is
/// not defined or the lot is not one of the item's.
[[nodiscard]] auto trace_lot(const state& s, item_id item, lot_id lot) -> result<lot_trace>;

}  // namespace onhand
