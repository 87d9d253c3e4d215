// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/allocation/days.hpp
//
// The allocation tests count days from one fixed date, day(0) = 2027-03-01, so a table reads
// "expires day 30" rather than a calendar date; units(n) is n whole units.
#pragma once

#include <chrono>
#include <cstdint>

#include "onhand/core/date.hpp"
#include "onhand/core/quantity.hpp"

#include "matchers.hpp"

namespace onhand::allocation_testing {

inline auto day(int n) -> date {
  return date{std::chrono::sys_days{std::chrono::year{2027} / 3 / 1} + std::chrono::days{n}};
}
inline auto units(std::int64_t n) -> quantity { return quantity::units(n); }

}  // namespace onhand::allocation_testing
