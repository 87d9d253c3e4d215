// SPDX-License-Identifier: Apache-2.0
// The rule for names (codes, keys, units): UTF-8, no control characters,
// bounded; and the UTF-8 check itself against the Unicode Standard's table
// of well-formed byte sequences (Table 3-7).
#include "onhand/detail/text.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand::detail {
namespace {

using testing::HasError;
using testing::IsOk;

TEST(Utf8, AcceptsWellFormedSequencesAtTheEdgesOfTable37) {
  for (const char* text : {"", "plain", "\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80",
                           "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
                           "\xf4\x8f\xbf\xbf", "Lumière 30 ml", "\xe6\x97\xa5\xe6\x9c\xac"}) {
    EXPECT_TRUE(is_utf8(text)) << text;
  }
}

TEST(Utf8, RefusesIllFormedSequences) {
  for (const char* text :
       {"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xc2", "\xe0\x80\x80", "\xe0\x9f\xbf",
        "\xed\xa0\x80", "\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xff", "ok\xe2\x82", "\xe2\x28\xa1"}) {
    EXPECT_FALSE(is_utf8(text)) << ::testing::PrintToString(std::string(text));
  }
}

TEST(CheckName, AcceptsUtf8WithinItsLength) {
  EXPECT_THAT(check_name("SERUM-30ML", "item code", "item", 128), IsOk());
  EXPECT_THAT(check_name("Lumière", "item code", "item", 128), IsOk());
  EXPECT_THAT(check_name(std::string(128, 'x'), "item code", "item", 128), IsOk());
}

TEST(CheckName, RefusesEmptyLongControlAndIllFormedText) {
  for (const auto& text : {std::string(), std::string(129, 'x'), std::string("a\nb"),
                           std::string("a\0b", 3), std::string("a\x7f"), std::string("\xff")}) {
    auto checked = check_name(text, "item code", "item", 128);
    ASSERT_THAT(checked, HasError(errc::malformed_input));
    EXPECT_EQ(checked.error().context.field, "item");
    EXPECT_LE(checked.error().message.size(), 200U);
  }
}

TEST(QuotePrefix, CutsAtACharacterBoundary) {
  EXPECT_EQ(quote_prefix("short", 64), "short");
  EXPECT_EQ(quote_prefix("ab\xc3\xa9z", 3), "ab...");  // é is not split
  EXPECT_EQ(quote_prefix(std::string(100, 'x'), 4), "xxxx...");
}

}  // namespace
}  // namespace onhand::detail
