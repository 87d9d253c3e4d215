// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/stock_position.hpp
//
// What the ledger's queries return: the stock position of an item at a
// location, an item's totals over the business, and the rows of a movement
// history.
#pragma once

#include <string>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/ledger/movement.hpp"

namespace onhand {

/// The stock position of an item at a location as of a date (see position()
/// in onhand/ledger/queries.hpp).
struct stock_position {
  item_id item;
  location_id location;
  stock_level on_hand;  ///< As of the end of the date (UTC).
  /// Of on_hand: all of it at a held location, else what lies in lots
  /// expired by that date, on hold or recalled.
  quantity quarantined;
  quantity available;  ///< on_hand - quarantined, never below zero.

  friend auto operator==(const stock_position&, const stock_position&) -> bool = default;
};

/// An item's stock over the whole business, as three figures that are never
/// summed into one another by accident.
struct item_totals {
  stock_level on_hand;     ///< At internal locations: in the warehouses.
  stock_level in_transit;  ///< At transit locations: between internal locations.
  stock_level owned;       ///< on_hand + in_transit: everything the business owns.

  friend auto operator==(const item_totals&, const item_totals&) -> bool = default;
};

/// One entry of a movement history, with the running balance of what the
/// history covers (an item at a location, or an item at all its physical
/// locations).
struct history_row {
  document_id document;
  std::string key;
  movement_reason reason = movement_reason::transfer;
  timestamp effective;
  timestamp recorded;
  item_id item;
  location_id location;
  lot_id lot;
  quantity delta;
  stock_level running_balance;
  document_id reverses = document_id::none();  ///< The document this one reverses, if any.

  friend auto operator==(const history_row&, const history_row&) -> bool = default;
};

}  // namespace onhand
