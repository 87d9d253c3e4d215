// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/store_testing.hpp
//
// What the durable stores' tests share: quantities from literals, inventory
// options with a fixed clock (so two inventories fed the same commands
// record the same times), and the one balance most of them check.
#pragma once

#include "onhand/inventory.hpp"

namespace onhand::store_testing {

inline auto q(const char* text) -> quantity { return quantity::parse(text).value(); }

inline auto options() -> inventory_options {
  inventory_options out;
  out.standard_locations = true;
  out.clock = [] { return parse_timestamp("2026-11-27T09:00:00Z").value(); };
  return out;
}

/// SOAP on hand at WH.
inline auto soap_at_wh(const inventory& inv) -> stock_level {
  return inv.on_hand(inv.item_by_code("SOAP").value(), inv.location_by_code("WH").value());
}

}  // namespace onhand::store_testing
