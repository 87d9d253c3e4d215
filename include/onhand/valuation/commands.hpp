// SPDX-License-Identifier: Apache-2.0
// File: onhand/valuation/commands.hpp
//
// What the valuation commands take: an item's costing method. A costed
// receipt takes a movement document and its lines' unit costs
// (inventory::post_costed_receipt).
//
// Example:
//
//   inv.set_costing_method({.item = soap, .method = onhand::costing_method::standard,
//                           .standard_cost = onhand::money::parse("2.50").value()});
//   inv.post_costed_receipt(receipt_document, std::vector{onhand::money::parse("2.35").value()});
#pragma once

#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/valuation/events.hpp"

namespace onhand {

/// From now on, `item` is valued by `method`; `standard_cost` (per base
/// unit, zero or more) is given for the standard method only.
struct costing_request {
  item_id item;
  costing_method method = costing_method::fifo;
  money standard_cost;
};

}  // namespace onhand
