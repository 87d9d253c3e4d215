// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/environment.hpp
//
// The knobs randomized tests read from the environment: a count (steps,
// operations) and the seeds to run (ONHAND_SEED runs one seed only).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <vector>

namespace onhand::testing {

/// The variable `name` as a number, or `fallback` when it is not set.
inline auto env_or(const char* name, std::uint64_t fallback) -> std::uint64_t {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

/// ONHAND_SEED alone when it is set, else `defaults`.
inline auto seeds_or(std::vector<std::uint64_t> defaults) -> std::vector<std::uint64_t> {
  if (const char* one = std::getenv("ONHAND_SEED")) return {std::strtoull(one, nullptr, 10)};
  return defaults;
}

}  // namespace onhand::testing
