// SPDX-License-Identifier: Apache-2.0
// File: onhand/state.hpp
//
// What an inventory knows, as one read-only view: a const reference to each
// domain's projection and the log position they reflect. inventory::read
// hands one to a callback under the reader lock, and every query of the
// domains (onhand/ledger/queries.hpp, ...) takes one, so many lookups cost
// one lock, and a new domain adds a member here without breaking a caller.
//
// Example:
//
//   auto total = inv.read([&](const onhand::state& s) {
//     return onhand::on_hand(s, soap, east).from_zero() + onhand::on_hand(s, soap,
//     west).from_zero();
//   });
#pragma once

#include <cstdint>

#include "onhand/allocation/reservations.hpp"
#include "onhand/catalog/catalog.hpp"
#include "onhand/counting/count_book.hpp"
#include "onhand/idempotency.hpp"
#include "onhand/ledger/stock_ledger.hpp"
#include "onhand/orders/sales_orders.hpp"
#include "onhand/orders/transfers.hpp"
#include "onhand/purchasing/purchasing_book.hpp"
#include "onhand/valuation/cost_layers.hpp"

namespace onhand {

struct state {
  const onhand::catalog& catalog;        ///< Items, locations, lots.
  const stock_ledger& ledger;            ///< Accounts, entries, documents.
  const reservation_book& reservations;  ///< Reservations, quotas, the reservation clock.
  const transfer_book& transfers;        ///< Transfer orders between sites.
  const purchasing_book& purchasing;     ///< Suppliers, purchase orders, receipts.
  const count_book& counts;              ///< Count tasks and their counts.
  const valuation_book& valuation;       ///< Cost layers and the valuation journal.
  const sales_order_book& sales_orders;  ///< Sales orders and their lines' reservations.
  const idempotency_index& keys;         ///< Every command's idempotency key.
  std::uint64_t log_position = 0;        ///< How many events the projections reflect.

  /// Whether a location holds physical stock (internal or transit).
  [[nodiscard]] auto physical(location_id id) const -> bool {
    return holds_stock(catalog.location(id).kind);
  }
  /// Whether a location's balance may go below zero (virtual, or allowed by policy).
  [[nodiscard]] auto may_go_negative(location_id id) const -> bool {
    const auto& l = catalog.location(id);
    return !holds_stock(l.kind) || l.allow_negative;
  }
};

}  // namespace onhand
