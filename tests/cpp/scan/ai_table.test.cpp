// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/ai_table.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace onhand::scan {
namespace {

TEST(AiTable, CoversTheGeneralSpecificationFamilies) {
  const auto table = all_ais();
  // 310n-369n: 53 families of six AIs; 390n-395n: 10+10+10+10+4+6.
  std::size_t measures = 0;
  std::size_t money = 0;
  std::set<std::string> seen;
  for (const auto& d : table) {
    EXPECT_TRUE(seen.insert(std::string(d.ai())).second) << d.ai();
    if (d.number >= 3100 && d.number <= 3695 && d.code_length == 4) ++measures;
    if (d.number >= 3900 && d.number <= 3955 && d.code_length == 4) ++money;
  }
  EXPECT_EQ(measures, 53u * 6u);
  EXPECT_EQ(money, 50u);
  for (const char* ai :
       {"00",   "01",   "02",   "03",   "10",   "11",   "12",   "13",   "15",   "16",   "17",
        "20",   "21",   "22",   "235",  "240",  "250",  "253",  "254",  "255",  "30",   "37",
        "400",  "401",  "402",  "403",  "410",  "417",  "420",  "427",  "4300", "4333", "7001",
        "7011", "7030", "7039", "7040", "7041", "710",  "716",  "7230", "7239", "7242", "7250",
        "7259", "8001", "8014", "8017", "8030", "8110", "8112", "8200", "90",   "91",   "99"}) {
    EXPECT_NE(find_ai(ai), nullptr) << ai;
  }
}

TEST(AiTable, UndefinedAisAreAbsent) {
  for (const char* ai :
       {"04",  "14",  "18",  "19",   "23",  "26",   "29",   "3106", "3196", "3380", "3944", "3956",
        "404", "418", "428", "4334", "717", "7012", "8015", "8113", "89",   "1",    "12345"}) {
    EXPECT_EQ(find_ai(ai), nullptr) << ai;
  }
}

TEST(AiTable, DescribesFormatAndRules) {
  const auto* sscc = find_ai("00");
  ASSERT_NE(sscc, nullptr);
  EXPECT_TRUE(sscc->predefined_length);
  EXPECT_TRUE(sscc->fixed_length());
  EXPECT_EQ(sscc->max_length, 18);
  EXPECT_EQ(sscc->components[0].rules[0], content_rule::check_digit);

  const auto* expiry = find_ai("17");
  ASSERT_NE(expiry, nullptr);
  EXPECT_EQ(expiry->title, "USE BY or EXPIRY");
  EXPECT_EQ(expiry->components[0].rules[0], content_rule::date_yymmd0);
  EXPECT_EQ(find_ai("7006")->components[0].rules[0], content_rule::date_yymmdd);

  const auto* lot = find_ai("10");
  EXPECT_FALSE(lot->predefined_length);
  EXPECT_FALSE(lot->fixed_length());
  EXPECT_EQ(lot->max_length, 20);
  EXPECT_EQ(lot->components[0].charset, character_set::cset82);
  EXPECT_EQ(find_ai("8010")->components[0].charset, character_set::cset39);
  EXPECT_EQ(find_ai("8030")->components[0].charset, character_set::base64url);

  EXPECT_EQ(find_ai("3103")->decimals, 3);
  EXPECT_EQ(find_ai("3925")->decimals, 5);
  EXPECT_EQ(find_ai("37")->decimals, -1);
  // 393n: three-digit currency, then up to 15 digits.
  const auto* price = find_ai("3932");
  EXPECT_EQ(price->component_count, 2);
  EXPECT_EQ(price->components[0].rules[0], content_rule::currency);
  EXPECT_EQ(price->min_length, 4);
  EXPECT_EQ(price->max_length, 18);
  // 253: GDTI with an optional serial.
  EXPECT_EQ(find_ai("253")->min_length, 13);
  EXPECT_EQ(find_ai("253")->max_length, 30);
}

TEST(AiTable, MatchesThePrefixOfData) {
  EXPECT_EQ(match_ai("0109506000134352")->ai(), "01");
  EXPECT_EQ(match_ai("3103000123")->ai(), "3103");
  EXPECT_EQ(match_ai("2351234")->ai(), "235");
  EXPECT_EQ(match_ai("7"), nullptr);
  EXPECT_EQ(match_ai("A1"), nullptr);
}

TEST(AiPattern, MatchesFamilies) {
  const ai_pattern family{3100, 3109, 4};  // "310n"
  EXPECT_TRUE(family.matches(3100, 4));
  EXPECT_TRUE(family.matches(3105, 4));
  EXPECT_FALSE(family.matches(3110, 4));
  EXPECT_FALSE(family.matches(310, 3));
  const ai_pattern wide{3100, 3199, 4};  // "31nn"
  EXPECT_TRUE(wide.matches(3155, 4));
  EXPECT_FALSE(wide.matches(3255, 4));
}

}  // namespace
}  // namespace onhand::scan
