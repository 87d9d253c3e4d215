// SPDX-License-Identifier: Apache-2.0
#include "onhand/catalog/catalog.hpp"

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::IsOkAndHolds;
using testing::LedgerTest;

using CatalogTest = LedgerTest;

TEST_F(CatalogTest, CodesAreUtf8WithoutControlCharactersAndChangeNothingWhenNot) {
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->define_item({.code = "\xff", .units = unit_set{{"each", 0}}}),
              HasError(errc::malformed_input));
  EXPECT_THAT(inv_->define_location({.code = "EAST\xe2\x82"}), HasError(errc::malformed_input));
  EXPECT_THAT(inv_->define_item({.code = "OK", .units = unit_set{{"k\ng", 0}}}),
              HasError(errc::malformed_input));
  EXPECT_THAT(inv_->post(doc("\xc0\x80", movement_reason::receipt, soap, vendor, east, "1")),
              HasError(errc::malformed_input));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->define_item({.code = "CRÈME", .units = unit_set{{"pièce", 0}}}), IsOk());
}

TEST_F(CatalogTest, RedefiningWithSameDataIsANoOp) {
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->define_item({.code = "SOAP", .units = unit_set{{"each", 0}}}),
              HasError(errc::definition_conflict));  // the stored SOAP also has "case"
  unit_set each{base_unit{"each", 0}};
  ASSERT_THAT(each.add_alternate("case", unit_factor{12, 1}, "each"), IsOk());
  EXPECT_THAT(inv_->define_item({.code = "SOAP", .units = each}), IsOkAndHolds(soap));
  EXPECT_THAT(inv_->define_location({.code = "3PL-EAST"}), IsOkAndHolds(east));
  EXPECT_THAT(
      inv_->define_lot({.item = "SERUM", .code = "L-OLD", .expiry = testing::day("2026-12-15")}),
      IsOkAndHolds(old));
  EXPECT_EQ(inv_->log_position(), before);  // nothing appended
}

TEST_F(CatalogTest, FlagsThatCannotApplyToAKindAreIgnored) {
  const auto before = inv_->log_position();
  // A virtual location always may go negative: allow_negative says nothing.
  EXPECT_THAT(inv_->define_location(
                  {.code = "SCRAP", .kind = location_kind::scrap, .allow_negative = true}),
              IsOkAndHolds(scrap));
  EXPECT_THAT(inv_->define_location(
                  {.code = "VENDOR", .kind = location_kind::supplier, .allow_negative = true}),
              IsOkAndHolds(vendor));
  EXPECT_EQ(inv_->log_position(), before);
  // Defined new with it, it is stored without it.
  const auto dock = inv_->define_location(
      {.code = "RETURNS", .kind = location_kind::customer, .allow_negative = true});
  ASSERT_THAT(dock, IsOk());
  EXPECT_FALSE(
      inv_->read([&](const state& s) { return s.catalog.location(*dock).allow_negative; }));
  EXPECT_THAT(inv_->define_location({.code = "RETURNS", .kind = location_kind::customer}),
              IsOkAndHolds(*dock));
  // On a physical location the flag means something: a different flag is a conflict.
  EXPECT_THAT(inv_->define_location({.code = "3PL-EAST", .allow_negative = true}),
              HasError(errc::definition_conflict));
  EXPECT_THAT(inv_->define_location({.code = "3PL-SOUTH"}), HasError(errc::definition_conflict));
  EXPECT_THAT(inv_->define_location(
                  {.code = "TRANSIT", .kind = location_kind::transit, .allow_negative = true}),
              HasError(errc::definition_conflict));
  // Nor does ignoring a flag hide a different kind.
  EXPECT_THAT(inv_->define_location(
                  {.code = "SCRAP", .kind = location_kind::inventory_loss, .allow_negative = true}),
              HasError(errc::definition_conflict));
  EXPECT_EQ(inv_->log_position(), before + 1);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CatalogTest, ConflictingDefinitionsChangeNothing) {
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->define_location({.code = "3PL-EAST", .kind = location_kind::transit}),
              HasError(errc::definition_conflict));
  EXPECT_THAT(
      inv_->define_lot({.item = "SERUM", .code = "L-OLD", .expiry = testing::day("2030-01-01")}),
      HasError(errc::definition_conflict));
  auto conflict = inv_->define_item({.code = "FLOUR", .units = unit_set{{"kg", 2}}});
  ASSERT_THAT(conflict, HasError(errc::definition_conflict));
  EXPECT_EQ(conflict.error().context.item, "FLOUR");
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CatalogTest, RejectsMalformedDefinitions) {
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->define_item({.code = ""}), HasError(errc::malformed_input));
  EXPECT_THAT(inv_->define_item({.code = std::string(129, 'x')}), HasError(errc::malformed_input));
  EXPECT_THAT(inv_->define_item({.code = "BAD\nCODE"}), HasError(errc::malformed_input));
  EXPECT_THAT(inv_->define_item({.code = "KG7", .units = unit_set{{"kg", 7}}}),
              HasError(errc::precision_exceeded));
  EXPECT_THAT(inv_->define_item({.code = "BOTH", .lot_tracked = true, .serial_tracked = true}),
              HasError(errc::tracking_mismatch));
  EXPECT_THAT(
      inv_->define_item({.code = "SER-KG", .units = unit_set{{"kg", 3}}, .serial_tracked = true}),
      HasError(errc::tracking_mismatch));
  EXPECT_THAT(inv_->define_item({.code = "LIFE", .shelf_life_days = 0}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(inv_->define_location({.code = "BIN", .parent = "NOWHERE"}),
              HasError(errc::unknown_code));
  EXPECT_THAT(inv_->define_location({.code = "SELF", .parent = "SELF"}),
              HasError(errc::unknown_code));
  EXPECT_THAT(inv_->define_lot({.item = "SOAP", .code = "L1"}), HasError(errc::tracking_mismatch));
  EXPECT_THAT(inv_->define_lot({.item = "NOPE", .code = "L1"}), HasError(errc::unknown_code));
  EXPECT_THAT(inv_->define_lot({.item = "SERUM", .code = "L1", .alert_days = 30}),
              HasError(errc::invalid_parameter));  // an offset without an expiry
  EXPECT_THAT(inv_->define_lot({.item = "SERUM",
                                .code = "L1",
                                .expiry = testing::day("2027-01-01"),
                                .removal_days = -1}),
              HasError(errc::invalid_parameter));
  EXPECT_EQ(inv_->log_position(), before);
}

TEST_F(CatalogTest, GtinsAreValidatedAndUnique) {
  unit_set each{base_unit{"each", 0}};
  ASSERT_THAT(each.add_alternate("case", unit_factor{12, 1}, "each"), IsOk());
  auto shampoo =
      inv_->define_item({.code = "SHAMPOO",
                         .units = each,
                         .gtins = {{"4006381333931", "each"}, {"14006381333938", "case"}}});
  ASSERT_THAT(shampoo, IsOk());
  const auto found = inv_->read([](const state& s) {
    const auto& c = s.catalog;
    return c.find_gtin("04006381333931");
  });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first, *shampoo);
  EXPECT_EQ(found->second, "each");
  auto bad_digit = inv_->define_item({.code = "BAD-GTIN", .gtins = {{"4006381333932", "each"}}});
  ASSERT_THAT(bad_digit, HasError(errc::bad_check_digit));
  EXPECT_EQ(bad_digit.error().context.item, "BAD-GTIN");
  EXPECT_THAT(inv_->define_item({.code = "SHORT-GTIN", .gtins = {{"12345", "each"}}}),
              HasError(errc::bad_length));
  EXPECT_THAT(inv_->define_item({.code = "BAD-UNIT", .gtins = {{"96385074", "pallet"}}}),
              HasError(errc::unit_mismatch));
  EXPECT_THAT(inv_->define_item({.code = "TWIN", .gtins = {{"4006381333931", "each"}}}),
              HasError(errc::definition_conflict));
}

TEST_F(CatalogTest, LocationTree) {
  const auto [inside, outside, sub] = inv_->read([&](const state& s) {
    const auto& c = s.catalog;
    return std::tuple{c.is_within(east_bin, east), c.is_within(west, east), c.subtree(east)};
  });
  EXPECT_TRUE(inside);
  EXPECT_FALSE(outside);
  EXPECT_EQ(sub, (std::vector<location_id>{east, east_zone, east_bin}));
  EXPECT_EQ(parse_location_kind("inventory_loss"), location_kind::inventory_loss);
  EXPECT_EQ(parse_location_kind("warehouse"), std::nullopt);
  EXPECT_TRUE(holds_stock(location_kind::transit));
  EXPECT_FALSE(holds_stock(location_kind::customer));
}

TEST_F(CatalogTest, LotStatusChangesAreEventsAndIdempotent) {
  const auto before = inv_->log_position();
  ASSERT_THAT(inv_->set_lot_status(old, lot_status::on_hold), IsOk());
  EXPECT_EQ(inv_->log_position(), before + 1);
  ASSERT_THAT(inv_->set_lot_status(old, lot_status::on_hold), IsOk());
  EXPECT_EQ(inv_->log_position(), before + 1);
  EXPECT_THAT(inv_->set_lot_status(lot_id{999}, lot_status::recalled),
              HasError(errc::unknown_code));
  // Defining the lot again with its original data is still the same lot.
  EXPECT_THAT(
      inv_->define_lot({.item = "SERUM", .code = "L-OLD", .expiry = testing::day("2026-12-15")}),
      IsOkAndHolds(old));
  EXPECT_EQ(parse_lot_status("recalled"), lot_status::recalled);
  EXPECT_THAT(inv_->verify(), IsOk());
}

}  // namespace
}  // namespace onhand
