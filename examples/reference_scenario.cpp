// SPDX-License-Identifier: Apache-2.0
// File: examples/reference_scenario.cpp
//
// The reference scenario program that scripts/demo.sh builds and runs. For
// now it proves the build works end to end: it prints the library version
// and parses one exact quantity.
//
// Example:
//
//   $ scripts/demo.sh
//   onhand 0.1.0
//   parsed quantity: 12.5
#include <cstdio>

#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

auto main() -> int {
  std::printf("onhand %s\n", ONHAND_VERSION_TEXT);
  const auto parsed = onhand::quantity::parse("12.5");
  if (!parsed) {
    std::printf("error: %s\n", parsed.error().message.c_str());
    return 1;
  }
  std::printf("parsed quantity: %s\n", parsed->to_string().c_str());
  return 0;
}
