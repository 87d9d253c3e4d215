// SPDX-License-Identifier: Apache-2.0
// File: tests/package/core_consumer/main.cpp
//
// A ledger-only consumer of the installed onhand::core: it includes the
// engine, ledger, catalog and storage headers (which must compile without
// Eigen) and calls into the compiled library. run_package_test.cmake
// compares the output.
#include <cstdio>

#include "onhand/catalog/gtin.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/inventory.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/storage/memory_store.hpp"

auto main() -> int {
  const auto gtin = onhand::normalize_gtin("4006381333931");
  const auto received = onhand::quantity::parse("3.5");
  if (!gtin || !received) {
    std::puts("onhand::core call failed");
    return 1;
  }
  std::printf("core only: gtin %s, quantity %s\n", gtin->c_str(), received->to_string().c_str());
  return 0;
}
