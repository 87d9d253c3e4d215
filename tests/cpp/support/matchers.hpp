// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/matchers.hpp
//
// GoogleTest matchers for onhand::result (after absl's status_matchers.h):
//   EXPECT_THAT(r, IsOk());
//   EXPECT_THAT(r, IsOkAndHolds(42));
//   EXPECT_THAT(r, HasError(onhand::errc::insufficient_stock));
#pragma once

#include <gmock/gmock.h>

#include "onhand/core/result.hpp"

namespace onhand::testing {

MATCHER(IsOk, "is ok") {
  if (arg.has_value()) return true;
  *result_listener << "holds error " << name_of(arg.error().code) << ": " << arg.error().message;
  return false;
}

MATCHER_P(IsOkAndHolds, expected, "is ok and holds " + ::testing::PrintToString(expected)) {
  if (!arg.has_value()) {
    *result_listener << "holds error " << name_of(arg.error().code) << ": " << arg.error().message;
    return false;
  }
  return ::testing::ExplainMatchResult(::testing::Eq(expected), *arg, result_listener);
}

MATCHER_P(HasError, code, std::string("fails with ") + std::string(name_of(code))) {
  if (arg.has_value()) {
    *result_listener << "holds a value";
    return false;
  }
  if (arg.error().code != code) {
    *result_listener << "fails with " << name_of(arg.error().code) << ": " << arg.error().message;
    return false;
  }
  return true;
}

}  // namespace onhand::testing

namespace onhand {
// Readable failure output for quantities.
inline void PrintTo(quantity q, std::ostream* os) { *os << q.to_string(); }
inline void PrintTo(stock_level l, std::ostream* os) { *os << "level " << l.to_string(); }
}  // namespace onhand
