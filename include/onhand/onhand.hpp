// SPDX-License-Identifier: Apache-2.0
// File: onhand/onhand.hpp
//
// The umbrella header of onhand::core: the inventory facade, the state view
// and every domain's commands, events and queries. Planning
// (onhand/planning/*.hpp, target onhand::planning) and scanning
// (onhand/scan/*.hpp, target onhand::scan) have their own headers and
// targets, so a ledger-only embedder compiles and links no Eigen.
//
// Example:
//
//   #include <onhand/onhand.hpp>
//
//   auto inv = onhand::inventory::open(std::make_unique<onhand::memory_store>(),
//                                      {.standard_locations = true}).value();
//   inv.define_location({.code = "3PL-EAST"});
//   inv.define_item({.code = "SOAP", .units = onhand::unit_set{{"each", 0}}});
//   inv.post(onhand::receipt("po-1", {.item = "SOAP", .amount = onhand::quantity::units(5)},
//                            "3PL-EAST"));
#pragma once

#include "onhand/catalog/catalog.hpp"
#include "onhand/catalog/events.hpp"
#include "onhand/catalog/gtin.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/error.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/core/uom.hpp"
#include "onhand/events.hpp"
#include "onhand/idempotency.hpp"
#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/ledger/events.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/ledger/policy.hpp"
#include "onhand/ledger/queries.hpp"
#include "onhand/ledger/stock_ledger.hpp"
#include "onhand/ledger/stock_position.hpp"
#include "onhand/report/supply.hpp"
#include "onhand/state.hpp"
#include "onhand/storage/memory_store.hpp"
#include "onhand/storage/store.hpp"
