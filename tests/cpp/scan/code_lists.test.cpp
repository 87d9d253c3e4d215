// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/code_lists.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/scan/gs1.hpp"

#include "gs1_testing.hpp"
#include "matchers.hpp"

namespace onhand::scan {
namespace {

using gs1_testing::expect_fault;
using gs1_testing::gtin;
using gs1_testing::parse;
using onhand::testing::IsOk;

TEST(CodeLists, Iso3166Numeric) {
  // ISO 3166-1 entries: Germany 276, France 250, Andorra 020, South Sudan 728.
  for (const char* code : {"276", "250", "020", "728", "840", "004", "894"}) {
    EXPECT_TRUE(is_iso3166_numeric(code)) << code;
  }
  // Unassigned numbers, withdrawn codes (East Germany 278, Yugoslavia 891), 999, bad forms.
  for (const char* code : {"000", "001", "278", "891", "999", "27", "2760", "27A", ""}) {
    EXPECT_FALSE(is_iso3166_numeric(code)) << code;
  }
}

TEST(CodeLists, Iso3166Alpha2) {
  for (const char* code : {"DE", "FR", "SS", "US"}) EXPECT_TRUE(is_iso3166_alpha2(code)) << code;
  for (const char* code : {"XX", "UK", "DD", "de", "D", "DEU"}) {
    EXPECT_FALSE(is_iso3166_alpha2(code)) << code;  // UK is reserved, GB is the code
  }
}

TEST(CodeLists, Iso4217Numeric) {
  // ISO 4217: EUR 978, USD 840, JPY 392, CHF 756, GBP 826, ZWG 924 (2024).
  for (const char* code : {"978", "840", "392", "756", "826", "924"}) {
    EXPECT_TRUE(is_iso4217_numeric(code)) << code;
  }
  // DEM 280 and FRF 250 were withdrawn with the euro; 000 and 123 were never assigned.
  for (const char* code : {"280", "250", "000", "123", "97", "97A"}) {
    EXPECT_FALSE(is_iso4217_numeric(code)) << code;
  }
  EXPECT_FALSE(iso3166_edition.empty());
  EXPECT_FALSE(iso4217_edition.empty());
}

TEST(CodeLists, CountryAisAreCheckedAgainstTheList) {
  EXPECT_THAT(parse("(01)" + gtin + "(422)276"), IsOk());
  expect_fault("(01)" + gtin + "(422)278", errc::malformed_input, 23);
  expect_fault("(01)" + gtin + "(424)999", errc::malformed_input, 23);
  expect_fault("(01)" + gtin + "(426)000", errc::malformed_input, 23);
  // 423 and 425 hold up to five codes: each one is checked, the fault is the bad one.
  EXPECT_THAT(parse("(01)" + gtin + "(423)276250840"), IsOk());
  expect_fault("(01)" + gtin + "(425)276278", errc::malformed_input, 26);
  // 7030-7039: a country, or 999 when the processor's country is not known.
  EXPECT_THAT(parse("(01)" + gtin + "(7030)276A1"), IsOk());
  EXPECT_THAT(parse("(01)" + gtin + "(7031)999A1"), IsOk());
  expect_fault("(01)" + gtin + "(7032)998A1", errc::malformed_input, 24);
  // 421 ship-to postal code carries a country first.
  EXPECT_THAT(parse("(421)27610115"), IsOk());
  expect_fault("(421)27810115", errc::malformed_input, 5);
  // 4307 and 4317 are alpha-2.
  EXPECT_THAT(parse("(00)106141412345678908(4307)DE"), IsOk());
  expect_fault("(00)106141412345678908(4307)UK", errc::malformed_input, 28);
  expect_fault("(00)106141412345678908(4317)XX", errc::malformed_input, 28);
}

TEST(CodeLists, CurrencyAisAreCheckedAgainstTheList) {
  auto price = parse("(01)" + gtin + "(30)2(3932)978001995");
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->amounts[0].currency, "978");
  expect_fault("(01)" + gtin + "(30)2(3932)280001995", errc::malformed_input, 29);
  expect_fault("(8020)1234(415)9501101020016(3912)000500", errc::malformed_input, 34);
}

}  // namespace
}  // namespace onhand::scan
