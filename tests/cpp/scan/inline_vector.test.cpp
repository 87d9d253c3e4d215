// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/inline_vector.hpp"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/scan/gs1.hpp"

namespace onhand::scan {
namespace {

using small = inline_vector<std::string, 3>;

// Strings longer than the small-string buffer, so that a copy that shared
// storage, or a use after a move or free, shows under the sanitizers.
auto text(int i) -> std::string { return "element number " + std::to_string(i) + " of the list"; }

auto as_vector(const small& v) -> std::vector<std::string> { return {v.begin(), v.end()}; }

TEST(InlineVector, HoldsItsFirstElementsInlineThenSpillsToTheHeap) {
  small v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), 3u);
  const auto* inline_storage = v.data();
  for (int i = 0; i < 3; ++i) v.push_back(text(i));
  EXPECT_EQ(v.data(), inline_storage);
  v.push_back(text(3));
  EXPECT_NE(v.data(), inline_storage);
  EXPECT_GE(v.capacity(), 4u);
  EXPECT_EQ(as_vector(v), (std::vector<std::string>{text(0), text(1), text(2), text(3)}));
  EXPECT_EQ(v.front(), text(0));
  EXPECT_EQ(v.back(), text(3));
}

TEST(InlineVector, ClearKeepsTheHeapCapacity) {
  small v;
  for (int i = 0; i < 5; ++i) v.push_back(text(i));
  const auto capacity = v.capacity();
  const auto* storage = v.data();
  v.clear();
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), capacity);
  v.push_back(text(9));
  EXPECT_EQ(v.data(), storage);
}

TEST(InlineVector, GrowingFromAnElementOfItselfCopiesItFirst) {
  small v;
  for (int i = 0; i < 3; ++i) v.push_back(text(i));
  v.push_back(v[0]);  // the storage moves while the argument refers into it
  EXPECT_EQ(v[3], text(0));
}

TEST(InlineVector, CopiesAndMovesInlineAndOnTheHeap) {
  for (const int count : {0, 2, 3, 4, 9}) {
    small v;
    std::vector<std::string> expected;
    for (int i = 0; i < count; ++i) {
      v.emplace_back(text(i));
      expected.push_back(text(i));
    }
    small copy(v);
    EXPECT_EQ(as_vector(copy), expected) << count;
    EXPECT_EQ(copy, v);
    small moved(std::move(copy));
    EXPECT_EQ(as_vector(moved), expected) << count;
    EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
    small assigned;
    assigned.push_back("old");
    assigned = v;
    EXPECT_EQ(as_vector(assigned), expected) << count;
    small move_assigned;
    for (int i = 0; i < 5; ++i) move_assigned.push_back("old");
    move_assigned = std::move(assigned);
    EXPECT_EQ(as_vector(move_assigned), expected) << count;
    // The source is usable again.
    assigned.push_back(text(1));  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(as_vector(assigned), std::vector<std::string>{text(1)});
  }
}

TEST(InlineVector, AgreesWithStdVectorOverRandomOperations) {
  std::mt19937 rng(17);
  small v;
  std::vector<std::string> model;
  for (int step = 0; step < 2000; ++step) {
    switch (rng() % 6) {
      case 0:
      case 1:
        v.push_back(text(step));
        model.push_back(text(step));
        break;
      case 2:
        if (!model.empty()) {
          v.pop_back();
          model.pop_back();
        }
        break;
      case 3:
        if (rng() % 8 == 0) {
          v.clear();
          model.clear();
        }
        break;
      case 4: {
        small copy = v;
        v = std::move(copy);
        break;
      }
      default: {
        small moved(std::move(v));
        v = moved;
        break;
      }
    }
    ASSERT_EQ(as_vector(v), model) << "step " << step;
    ASSERT_EQ(v.size(), model.size());
  }
}

TEST(InlineVector, MessagesWithMoreElementsThanInlineParseTheSame) {
  // Seven elements, one more than a message holds inline, and three measures.
  const std::string text =
      "(01)09506000134352(3103)001250(3203)002755(3303)001300(17)261231(10)L1(21)S1";
  const gs1_options options{.reference_year = 2026};
  auto parsed = parse_gs1(text, options);
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->elements.size(), 7u);
  EXPECT_GT(parsed->elements.size(), gs1_message::elements_inline);
  EXPECT_EQ(parsed->elements[6].ai, "21");
  EXPECT_EQ(parsed->elements[6].value, "S1");
  ASSERT_EQ(parsed->measures.size(), 3u);
  EXPECT_EQ(parsed->measures[2].value, "1.300");
  EXPECT_EQ(to_bracketed(*parsed), text);
  // A copy and a move keep every element.
  const gs1_message copy = *parsed;
  const gs1_message moved = std::move(*parsed);
  EXPECT_EQ(copy.elements, moved.elements);
  EXPECT_EQ(to_bracketed(moved), text);
}

}  // namespace
}  // namespace onhand::scan
