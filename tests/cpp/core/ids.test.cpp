// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/ids.hpp"

#include <string>

#include <gtest/gtest.h>

namespace onhand {
namespace {

TEST(Interner, AssignsDenseIdsInOrder) {
  interner codes;
  EXPECT_EQ(codes.intern("A"), 0U);
  EXPECT_EQ(codes.intern("B"), 1U);
  EXPECT_EQ(codes.intern("A"), 0U);
  EXPECT_EQ(codes.find("B"), 1U);
  EXPECT_EQ(codes.find("C"), std::nullopt);
  EXPECT_EQ(codes.code(1), "B");
  EXPECT_EQ(codes.size(), 2U);
}

TEST(Interner, CodesSurviveGrowthAndMoves) {
  interner codes;
  for (int i = 0; i < 10'000; ++i) codes.intern("code-" + std::to_string(i));
  interner moved = std::move(codes);
  EXPECT_EQ(moved.code(0), "code-0");
  EXPECT_EQ(moved.code(9'999), "code-9999");
  EXPECT_EQ(moved.find("code-5000"), 5'000U);
}

TEST(DenseId, NoneIsDistinct) {
  EXPECT_TRUE(item_id::none().is_none());
  EXPECT_FALSE(item_id{0}.is_none());
  EXPECT_LT(item_id{1}, item_id{2});
}

}  // namespace
}  // namespace onhand
