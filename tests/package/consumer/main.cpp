// SPDX-License-Identifier: Apache-2.0
// File: tests/package/consumer/main.cpp
//
// Uses the installed onhand the way a user would: public headers only, one
// success and one typed error from core, one planning call (Eigen comes
// through onhand::onhand), and the SQLite store (SQLite comes through the
// config's find_dependency). run_package_test.cmake compares the output.
#include <cstdio>
#include <string>

#include "onhand/core/error.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/planning/safety_stock.hpp"
#include "onhand/scan/gs1.hpp"
#include "onhand/storage/sqlite_store.hpp"

auto main() -> int {
  const auto received = onhand::quantity::parse("12.5");
  const auto extra = onhand::quantity::parse("0.25");
  if (!received || !extra) {
    std::puts("parse of a valid quantity failed");
    return 1;
  }
  const auto total = onhand::checked_add(*received, *extra);
  if (!total) {
    std::puts("checked_add failed");
    return 1;
  }
  std::printf("parsed %s + %s = %s\n", received->to_string().c_str(), extra->to_string().c_str(),
              total->to_string().c_str());

  const auto too_fine = onhand::quantity::parse("0.0000001");
  if (too_fine) {
    std::puts("parse(\"0.0000001\") unexpectedly succeeded");
    return 1;
  }
  std::printf("parse(\"0.0000001\") failed: %s\n",
              std::string{onhand::name_of(too_fine.error().code)}.c_str());

  const auto rop = onhand::planning::reorder_point(
      {.demand_mean = 10.0, .demand_std = 2.5, .lead_time = 4.0, .service_level = 0.95});
  if (!rop) {
    std::puts("reorder_point failed");
    return 1;
  }
  std::printf("safety stock %.3f\n", rop->safety_stock[0]);

  // The SQLite store links SQLite through the installed package's config.
  const auto no_file = onhand::sqlite_store::open("");
  if (no_file || no_file.error().code != onhand::errc::malformed_input) {
    std::puts("sqlite_store::open(\"\") did not refuse the empty path");
    return 1;
  }
  return 0;
}
