// SPDX-License-Identifier: Apache-2.0
// File: tests/package/core_consumer/main.cpp
//
// A ledger-only consumer of the installed onhand::core: it includes the
// umbrella header (engine, ledger, catalog and storage, which must compile
// without Eigen), posts a receipt through the engine and reads it back.
// run_package_test.cmake compares the output.
#include <cstdio>
#include <memory>

#include "onhand/onhand.hpp"

auto main() -> int {
  onhand::inventory_options options;
  options.standard_locations = true;
  auto inv = onhand::inventory::open(std::make_unique<onhand::memory_store>(), options);
  if (!inv || !inv->define_location({.code = "EAST"}) ||
      !inv->define_item({.code = "SOAP", .units = onhand::unit_set{{"each", 0}}})) {
    std::puts("defining failed");
    return 1;
  }
  const auto amount = onhand::quantity::parse("3");
  auto posted = inv->post(onhand::receipt("po-1", {.item = "SOAP", .amount = *amount}, "EAST"));
  if (!posted) {
    std::printf("posting failed: %s\n", posted.error().message.c_str());
    return 1;
  }
  const auto on_hand = inv->read([](const onhand::state& s) {
    return onhand::on_hand(s, *s.catalog.find_item("SOAP"), *s.catalog.find_location("EAST"));
  });
  const auto gtin = onhand::normalize_gtin("4006381333931");
  std::printf("core only: document %u, on hand %s, gtin %s\n", posted->document.value,
              on_hand.from_zero().to_string().c_str(), gtin->c_str());
  return inv->verify() ? 0 : 1;
}
