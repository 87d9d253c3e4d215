// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/commands.hpp
//
// What a caller asks of the allocation domain: reserve, commit (ship what
// was reserved), release, move the reservation clock, set a channel quota.
// Each is one member of `inventory` (onhand/inventory.hpp); the rules are in
// docs/concepts/atp.md.
//
// A reservation's lifecycle, like a pending transfer's:
//
//   reserve ──► open ──► commit (in parts) ──► committed
//                 │ └──► release (in parts) ─► released
//                 └────► the clock passes its expiry ─► lapsed
//
// A commit or release of part of it leaves the rest open. Resolving a
// reservation that holds nothing more is already_resolved; a retry of the
// same command under its key returns the original outcome instead.
#pragma once

#include <optional>
#include <string>

#include "onhand/allocation/events.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/ledger/movement.hpp"

namespace onhand {

/// A soft reservation: `amount` of `item` at `location` or anywhere below it.
struct reservation_request {
  std::string key;  ///< Required: the idempotency key, and the reservation's handle.
  item_id item;
  location_id location;
  quantity amount;       ///< Base unit; positive.
  std::string channel;   ///< "" for none; a channel's quotas fence stock from the others.
  std::string customer;  ///< Whom it is for (free text, at most 1024 bytes).
  /// When it lapses, by the reservation clock (advance_reservation_clock).
  std::optional<timestamp> expires;
};

/// Ships (part of) a reservation: `document` moves the reservation's item
/// out of its location's subtree, and what it moves is taken off the
/// reservation. The document's key is the commit's idempotency key.
struct reservation_commit {
  std::string reservation;     ///< The reservation's key.
  movement_document document;  ///< Every line: the item, from within the location, to outside it.
};

/// Gives back (part of) a reservation.
struct reservation_release {
  std::string key;                 ///< Required: the release's idempotency key.
  std::string reservation;         ///< The reservation's key.
  std::optional<quantity> amount;  ///< nullopt: everything it still holds.
};

/// A channel's quota of an item at a location: `kind`, `value` as in
/// channel_quota_set (a value of zero removes the quota).
struct quota_request {
  item_id item;
  location_id location;
  std::string channel;  ///< Required.
  quota_kind kind = quota_kind::fixed;
  quantity value;
};

}  // namespace onhand
