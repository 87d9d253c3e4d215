// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/queries.hpp
//
// The ledger's queries over a state view: balances now and as of a past
// time, roll-ups over lots, location subtrees and the whole business (on
// hand, in transit and owned, never mixed),
// positions with quarantined stock, movement histories with running
// balances, and documents by key. The inventory facade offers each of them
// under its reader lock; inside inventory::read, call them directly to pay
// for one lock.
//
// Unknown ids or keys that never moved read as zero.
//
// Example:
//
//   inv.read([&](const onhand::state& s) {
//     auto east = onhand::on_hand(s, soap, east_id);
//     auto rows = onhand::history(s, soap);
//   });
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "onhand/ledger/stock_position.hpp"
#include "onhand/state.hpp"

namespace onhand {

/// One account: an item at a location in a lot (or none).
[[nodiscard]] auto balance(const state& s, item_id item, location_id location,
                           lot_id lot = lot_id::none()) -> stock_level;
[[nodiscard]] auto balance_as_of(const state& s, item_id item, location_id location, lot_id lot,
                                 timestamp at) -> stock_level;
/// All lots of an item at one location.
[[nodiscard]] auto on_hand(const state& s, item_id item, location_id location) -> stock_level;
[[nodiscard]] auto on_hand_as_of(const state& s, item_id item, location_id location, timestamp at)
    -> stock_level;
/// All lots of an item at a location and every location below it.
[[nodiscard]] auto on_hand_within(const state& s, item_id item, location_id root) -> stock_level;
[[nodiscard]] auto on_hand_within_as_of(const state& s, item_id item, location_id root,
                                        timestamp at) -> stock_level;
/// One lot of an item at a location and every location below it.
[[nodiscard]] auto balance_within(const state& s, item_id item, location_id root, lot_id lot)
    -> stock_level;
[[nodiscard]] auto balance_within_as_of(const state& s, item_id item, location_id root, lot_id lot,
                                        timestamp at) -> stock_level;

/// An item's totals over every location, all lots or one (lot_id::none()
/// for an untracked item's stock).
[[nodiscard]] auto totals(const state& s, item_id item, std::optional<lot_id> lot = std::nullopt)
    -> item_totals;
[[nodiscard]] auto totals_as_of(const state& s, item_id item, timestamp at,
                                std::optional<lot_id> lot = std::nullopt) -> item_totals;

[[nodiscard]] auto position(const state& s, item_id item, location_id location, date day)
    -> stock_position;
/// Positions of an item at every internal and transit location it has moved through.
[[nodiscard]] auto positions(const state& s, item_id item, date day) -> std::vector<stock_position>;

/// An item's movements at one location, or at all its physical locations.
[[nodiscard]] auto history(const state& s, item_id item, std::optional<location_id> location = {})
    -> std::vector<history_row>;
/// Every item's movements at a location; running balances are per item.
[[nodiscard]] auto location_history(const state& s, location_id location)
    -> std::vector<history_row>;

/// The document posted under an idempotency key.
[[nodiscard]] auto find_document(const state& s, std::string_view key)
    -> std::optional<document_id>;
/// The idempotency key a document was posted under.
[[nodiscard]] auto document_key(const state& s, document_id document) -> std::string_view;

}  // namespace onhand
