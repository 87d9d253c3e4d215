// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/queries.hpp
//
// The ledger's queries over a state view: balances now and as of a past
// time, roll-ups over lots, location subtrees and the whole business (on
// hand, in transit and owned, never mixed),
// positions with quarantined stock as of a date, movement histories with running
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

#include "onhand/core/error.hpp"
#include "onhand/ledger/movement.hpp"
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

/// The position of an item at a location as of a date (UTC): on hand as of
/// the end of that day (every movement effective on or before it, as
/// on_hand_as_of), and of that, quarantined what lies in lots unusable on
/// that date: expired by then (expiry before `day`), or on hold or recalled;
/// at a held location (location_definition::hold), all of it.
/// A lot's status is its current one: a status change is not dated (the
/// catalog keeps no time for it), so a lot put on hold today counts as on
/// hold on every past date too. A future date gives every movement posted
/// so far, with that date's expiries.
[[nodiscard]] auto position(const state& s, item_id item, location_id location, date day)
    -> stock_position;
/// Positions of an item as of a date at every internal and transit location
/// it had moved through by the end of that day, in location id order.
[[nodiscard]] auto positions(const state& s, item_id item, date day) -> std::vector<stock_position>;

/// An item's movements at one location, or at all its physical locations.
[[nodiscard]] auto history(const state& s, item_id item, std::optional<location_id> location = {})
    -> std::vector<history_row>;
/// Every item's movements at a location; running balances are per item.
[[nodiscard]] auto location_history(const state& s, location_id location)
    -> std::vector<history_row>;

/// An insufficient_stock error of posting `doc`, with the lines behind it.
/// The posting reports one short account (item, location, lot) with what
/// the document takes from it in all and what it had; this names every line
/// whose source is that account: in `context.lines` with the line's own
/// amount and the account's available amount, the first in `context.line`,
/// and, for a document of several lines, in the message ("...; line 0 takes
/// 5, line 2 takes 4"). Any other error, or one that names its lines
/// already, comes back unchanged. Posting applies it to its own refusals
/// (inventory::post, post_batch), so their errors carry the lines already.
[[nodiscard]] auto name_short_lines(const state& s, const movement_document& doc, error e) -> error;

/// The document posted under an idempotency key.
[[nodiscard]] auto find_document(const state& s, std::string_view key)
    -> std::optional<document_id>;
/// The idempotency key a document was posted under.
[[nodiscard]] auto document_key(const state& s, document_id document) -> std::string_view;

}  // namespace onhand
