// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/result.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOkAndHolds;

auto half(int x) -> result<int> {
  if (x % 2 != 0) return make_error(errc::invalid_parameter, "odd");
  return x / 2;
}

TEST(Result, HoldsValueOrError) {
  result<int> ok = 4;
  EXPECT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 4);
  EXPECT_EQ(ok.value(), 4);
  result<int> bad = make_error(errc::unknown_code, "nope");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::unknown_code);
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, ValueOfAnErrorThrows) {
  result<int> bad = make_error(errc::unknown_code, "nope");
  try {
    [[maybe_unused]] auto v = bad.value();
    FAIL() << "value() did not throw";
  } catch (const bad_result_access& e) {
    EXPECT_EQ(e.error().code, errc::unknown_code);
    EXPECT_STREQ(e.what(), "nope");
  }
  result<void> failed = make_error(errc::overflow, "big");
  EXPECT_THROW(failed.value(), bad_result_access);
}

TEST(Result, Composes) {
  EXPECT_THAT(half(8).and_then(half), IsOkAndHolds(2));
  EXPECT_THAT(half(6).and_then(half), HasError(errc::invalid_parameter));
  EXPECT_THAT(half(8).transform([](int v) { return std::to_string(v); }),
              IsOkAndHolds(std::string("4")));
}

TEST(Result, MoveOnlyValues) {
  result<std::unique_ptr<int>> r = std::make_unique<int>(3);
  auto owned = std::move(r).value();
  EXPECT_EQ(*owned, 3);
}

}  // namespace
}  // namespace onhand
