// SPDX-License-Identifier: Apache-2.0
// File: onhand/catalog/events.hpp
//
// The catalog's events: definitions of items, locations and lots, and lot
// status changes. Definitions are idempotent by content (defining the same
// code with the same data again appends nothing), so these events carry no
// idempotency key. Their encoding lives in src/catalog/codec.cpp under the
// catalog's tag range (see onhand/events.hpp).
#pragma once

#include "onhand/catalog/item.hpp"
#include "onhand/catalog/location.hpp"
#include "onhand/catalog/lot.hpp"
#include "onhand/core/ids.hpp"

namespace onhand {

struct item_defined {
  item_definition item;
  friend auto operator==(const item_defined&, const item_defined&) -> bool = default;
};
struct location_defined {
  location_definition location;
  friend auto operator==(const location_defined&, const location_defined&) -> bool = default;
};
struct lot_defined {
  lot_definition lot;
  friend auto operator==(const lot_defined&, const lot_defined&) -> bool = default;
};
struct lot_status_set {
  lot_id lot;
  lot_status status = lot_status::available;
  friend auto operator==(const lot_status_set&, const lot_status_set&) -> bool = default;
};

}  // namespace onhand
