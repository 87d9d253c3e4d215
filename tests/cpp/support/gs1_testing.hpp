// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/gs1_testing.hpp
//
// What the GS1 parser's tests share: a valid GTIN, the parser with the
// tests' reference year, and the assertion on a refused input's fault.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/scan/gs1.hpp"

#include "matchers.hpp"

namespace onhand::scan::gs1_testing {

/// The parser options of most tests: two-digit years read around 2026.
inline const gs1_options year_2026{.reference_year = 2026};

inline const std::string gtin = "09506000134352";  // check digit 2 by the mod-10 rule

inline auto parse(std::string_view text, int reference_year = 2026, bool strict = false) {
  return parse_gs1(text, gs1_options{.reference_year = reference_year, .strict = strict});
}

/// Asserts the error code and the 0-based position of the fault.
inline void expect_fault(std::string_view text, errc code, std::size_t position,
                         int reference_year = 2026) {
  auto parsed = parse(text, reference_year);
  ASSERT_THAT(parsed, onhand::testing::HasError(code)) << text;
  EXPECT_EQ(parsed.error().context.position, position) << text << ": " << parsed.error().message;
}

}  // namespace onhand::scan::gs1_testing
