// SPDX-License-Identifier: Apache-2.0
// The hold flag of a location in the catalog: its bit in location_defined's
// flag byte (vectors written out by hand from docs/reference/events.md), the
// bits a reader refuses, and which locations it holds apart.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "onhand/catalog/catalog.hpp"
#include "onhand/events.hpp"

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::IsOkAndHolds;
using testing::LedgerTest;

auto from_hex(std::string_view hex) -> std::string {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

// "QC" below "3PL-EAST", with the flag byte given.
auto qc_bytes(std::string_view flags) -> std::string {
  return from_hex(std::string("01")  // format version 1
                  + "02"             // tag 2: location_defined
                  +
                  "02000000"
                  "5143"        // code: length 2, "QC"
                  + "00000000"  // description: ""
                  +
                  "08000000"
                  "33504c2d45415354"      // parent: length 8, "3PL-EAST"
                  + "00"                  // kind: u8 0 = internal
                  + std::string(flags));  // flags: bit 0 allow_negative, bit 1 hold
}

auto qc(bool allow_negative, bool hold) -> event {
  return location_defined{{.code = "QC",
                           .parent = "3PL-EAST",
                           .kind = location_kind::internal,
                           .allow_negative = allow_negative,
                           .hold = hold}};
}

TEST(LocationFlagByte, HoldIsBitOneAndAllowNegativeKeepsBitZero) {
  EXPECT_EQ(encode(qc(false, false)), qc_bytes("00"));
  EXPECT_EQ(encode(qc(true, false)), qc_bytes("01"));
  EXPECT_EQ(encode(qc(false, true)), qc_bytes("02"));
  EXPECT_EQ(encode(qc(true, true)), qc_bytes("03"));
  for (const auto& [flags, allow_negative, hold] :
       {std::tuple{"00", false, false}, std::tuple{"01", true, false},
        std::tuple{"02", false, true}, std::tuple{"03", true, true}}) {
    SCOPED_TRACE(flags);
    EXPECT_THAT(decode(qc_bytes(flags)), IsOkAndHolds(qc(allow_negative, hold)));
  }
}

TEST(LocationFlagByte, UnknownBitsAreStoreFailures) {
  for (const auto* flags : {"04", "05", "08", "80", "ff"}) {
    SCOPED_TRACE(flags);
    EXPECT_THAT(decode(qc_bytes(flags)), HasError(errc::store_failure));
  }
}

using LocationHoldTest = LedgerTest;

TEST_F(LocationHoldTest, HoldsTheLocationAndEverythingBelowIt) {
  const auto qc_zone = define({.code = "EAST/QC", .parent = "3PL-EAST", .hold = true});
  const auto qc_bin = define({.code = "EAST/QC-01", .parent = "EAST/QC"});
  const auto qc_shelf = define({.code = "EAST/QC-01/S", .parent = "EAST/QC-01"});
  inv_->read([&](const state& s) {
    EXPECT_TRUE(s.catalog.is_held(qc_zone));
    EXPECT_TRUE(s.catalog.is_held(qc_bin));
    EXPECT_TRUE(s.catalog.is_held(qc_shelf));
    EXPECT_FALSE(s.catalog.location(qc_bin).hold);  // held through its parent
    for (auto id : {east, east_zone, east_bin, west, transit, vendor}) {
      EXPECT_FALSE(s.catalog.is_held(id));
    }
  });
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(LocationHoldTest, IsPartOfTheDefinitionAndIgnoredOnVirtualKinds) {
  const auto before = inv_->log_position();
  // On a physical location a different flag is a conflict, and nothing is appended.
  EXPECT_THAT(inv_->define_location({.code = "3PL-EAST", .hold = true}),
              HasError(errc::definition_conflict));
  EXPECT_THAT(
      inv_->define_location({.code = "TRANSIT", .kind = location_kind::transit, .hold = true}),
      HasError(errc::definition_conflict));
  // A virtual location holds no stock of its own: the flag says nothing.
  EXPECT_THAT(inv_->define_location({.code = "SCRAP", .kind = location_kind::scrap, .hold = true}),
              IsOkAndHolds(scrap));
  EXPECT_EQ(inv_->log_position(), before);
  const auto returns =
      inv_->define_location({.code = "RETURNS", .kind = location_kind::customer, .hold = true});
  ASSERT_THAT(returns, IsOk());
  inv_->read([&](const state& s) {
    EXPECT_FALSE(s.catalog.location(*returns).hold);
    EXPECT_FALSE(s.catalog.is_held(*returns));
  });
  // A held transit location is allowed: stock in transit to inspection.
  const auto inbound =
      inv_->define_location({.code = "TRANSIT-QC", .kind = location_kind::transit, .hold = true});
  ASSERT_THAT(inbound, IsOk());
  EXPECT_TRUE(inv_->read([&](const state& s) { return s.catalog.is_held(*inbound); }));
  EXPECT_THAT(inv_->verify(), IsOk());
}

}  // namespace
}  // namespace onhand
