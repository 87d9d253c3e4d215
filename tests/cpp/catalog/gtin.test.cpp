// SPDX-License-Identifier: Apache-2.0
#include "onhand/catalog/gtin.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;
using onhand::testing::IsOkAndHolds;

// Check digits worked by hand with the GS1 mod-10 rule (General
// Specifications 7.9): weights 3, 1, 3, ... from the right.
TEST(GtinCheckDigit, MatchesGeneralSpecificationExamples) {
  EXPECT_THAT(gs1_check_digit("629104150021"), IsOkAndHolds(3));       // GTIN-13 6291041500213
  EXPECT_THAT(gs1_check_digit("10614141123456789"), IsOkAndHolds(7));  // SSCC
  EXPECT_THAT(gs1_check_digit("8061414112345"), IsOkAndHolds(8));      // GTIN-14
  EXPECT_THAT(gs1_check_digit("9638507"), IsOkAndHolds(4));            // GTIN-8
  EXPECT_THAT(gs1_check_digit("0000000"), IsOkAndHolds(0));
}

TEST(GtinCheckDigit, RejectsNonDigitsAndEmpty) {
  auto bad = gs1_check_digit("62910A");
  ASSERT_THAT(bad, HasError(errc::bad_character));
  EXPECT_EQ(bad.error().context.position, 5u);
  EXPECT_THAT(gs1_check_digit(""), HasError(errc::bad_length));
}

TEST(GtinValidate, AcceptsEveryLength) {
  EXPECT_THAT(validate_gtin("96385074"), IsOk());        // GTIN-8
  EXPECT_THAT(validate_gtin("036000291452"), IsOk());    // GTIN-12 (UPC-A)
  EXPECT_THAT(validate_gtin("6291041500213"), IsOk());   // GTIN-13
  EXPECT_THAT(validate_gtin("80614141123458"), IsOk());  // GTIN-14
  EXPECT_TRUE(has_valid_check_digit("106141411234567897"));
  EXPECT_FALSE(has_valid_check_digit("106141411234567898"));
  EXPECT_FALSE(has_valid_check_digit("1"));
}

TEST(GtinValidate, ReportsTheFaultAndItsPosition) {
  auto check = validate_gtin("6291041500214");
  ASSERT_THAT(check, HasError(errc::bad_check_digit));
  EXPECT_EQ(check.error().context.position, 12u);
  EXPECT_THAT(check.error().message, ::testing::HasSubstr("3"));

  auto length = validate_gtin("62910415002");
  ASSERT_THAT(length, HasError(errc::bad_length));
  EXPECT_THAT(validate_gtin("629104150021333"), HasError(errc::bad_length));
  EXPECT_THAT(validate_gtin(""), HasError(errc::bad_length));

  auto character = validate_gtin("629104150 213");
  ASSERT_THAT(character, HasError(errc::bad_character));
  EXPECT_EQ(character.error().context.position, 9u);
}

TEST(GtinNormalize, WidensToGtin14) {
  EXPECT_THAT(normalize_gtin("96385074"), IsOkAndHolds(std::string("00000096385074")));
  EXPECT_THAT(normalize_gtin("036000291452"), IsOkAndHolds(std::string("00036000291452")));
  EXPECT_THAT(normalize_gtin("6291041500213"), IsOkAndHolds(std::string("06291041500213")));
  EXPECT_THAT(normalize_gtin("80614141123458"), IsOkAndHolds(std::string("80614141123458")));
  EXPECT_THAT(normalize_gtin("80614141123459"), HasError(errc::bad_check_digit));
}

}  // namespace
}  // namespace onhand
