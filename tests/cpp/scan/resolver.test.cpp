// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/resolver.hpp"

#include <map>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gs1_testing.hpp"
#include "matchers.hpp"

namespace onhand::scan {
namespace {

using gs1_testing::year_2026;

using onhand::testing::HasError;
using onhand::testing::IsOk;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

// A catalog held in maps: serum sold as each and as a case of 12, cheese by the kg.
class table_catalog final : public gtin_catalog {
 public:
  std::map<std::string, gtin_entry, std::less<>> gtins{
      {"09506000134352", {"SERUM-30ML", "each", quantity::units(1)}},
      {"19506000134359", {"SERUM-30ML", "case", quantity::units(12)}},
      {"99506000134355", {"CHEESE", "kg", quantity::units(1)}},
  };
  std::map<std::pair<std::string, std::string>, date> lots{
      {{"SERUM-30ML", "L2611"}, year{2026} / month{12} / day{31}},
  };
  mutable int lookups = 0;

  auto find_gtin(std::string_view gtin14) const -> std::optional<gtin_entry> override {
    ++lookups;
    auto found = gtins.find(gtin14);
    if (found == gtins.end()) return std::nullopt;
    return found->second;
  }
  auto known_expiry(std::string_view item, std::string_view lot) const
      -> std::optional<date> override {
    auto found = lots.find({std::string(item), std::string(lot)});
    if (found == lots.end()) return std::nullopt;
    return found->second;
  }
};

TEST(ScanResolver, CaseLabelBecomesTwelveEach) {
  table_catalog catalog;
  scan_resolver resolver{catalog};
  auto line = resolver.resolve(
      "]d2"
      "0119506000134359"
      "17261231"
      "10L2611\x1d"
      "21C-1",
      year_2026);
  ASSERT_THAT(line, IsOk());
  EXPECT_EQ(line->gtin, "19506000134359");
  EXPECT_EQ(line->item, "SERUM-30ML");
  EXPECT_EQ(line->unit, "case");
  EXPECT_EQ(line->pack_quantity, quantity::units(1));
  EXPECT_EQ(line->base_quantity, quantity::units(12));
  EXPECT_EQ(line->lot, "L2611");
  EXPECT_EQ(line->expiry, year{2026} / month{12} / day{31});
  EXPECT_EQ(line->serial, "C-1");
  EXPECT_EQ(line->sscc, std::nullopt);
}

TEST(ScanResolver, CountsAndMeasuresSetTheQuantity) {
  table_catalog catalog;
  scan_resolver resolver{catalog};
  auto pallet = resolver.resolve("(00)106141411234567897(02)19506000134359(37)40(10)L9", year_2026);
  ASSERT_THAT(pallet, IsOk());
  EXPECT_EQ(pallet->pack_quantity, quantity::units(40));
  EXPECT_EQ(pallet->base_quantity, quantity::units(480));
  EXPECT_EQ(pallet->sscc, "106141411234567897");
  auto cheese = resolver.resolve("(01)99506000134355(3103)001250", year_2026);
  ASSERT_THAT(cheese, IsOk());
  EXPECT_EQ(cheese->unit, "kg");
  EXPECT_EQ(cheese->pack_quantity, *quantity::parse("1.25"));
  EXPECT_EQ(cheese->base_quantity, *quantity::parse("1.25"));
  auto counted = resolver.resolve("(01)09506000134352(30)7", year_2026);
  ASSERT_THAT(counted, IsOk());
  EXPECT_EQ(counted->base_quantity, quantity::units(7));
}

TEST(ScanResolver, UnknownGtinNamesThePosition) {
  table_catalog catalog;
  scan_resolver resolver{catalog};
  auto line = resolver.resolve("(10)L1(01)80614141123458", year_2026);
  ASSERT_THAT(line, HasError(errc::unknown_gtin));
  EXPECT_EQ(line.error().kind(), error_kind::not_found);
  EXPECT_EQ(line.error().context.position, 6u);
  EXPECT_THAT(line.error().message, ::testing::HasSubstr("80614141123458"));
  EXPECT_THAT(resolver.resolve("(10)L1"), HasError(errc::malformed_input));
}

TEST(ScanResolver, ExpiryMustAgreeWithTheLotOnRecord) {
  table_catalog catalog;
  scan_resolver resolver{catalog};
  auto line = resolver.resolve("(01)09506000134352(17)270131(10)L2611", year_2026);
  ASSERT_THAT(line, HasError(errc::lot_expiry_mismatch));
  EXPECT_EQ(line.error().context.item, "SERUM-30ML");
  EXPECT_EQ(line.error().context.lot, "L2611");
  EXPECT_EQ(line.error().context.position, 18u);
  // Day 00 is the last day of the month: 261200 is the recorded 2026-12-31.
  EXPECT_THAT(resolver.resolve("(01)09506000134352(17)261200(10)L2611", year_2026), IsOk());
  // A new lot has nothing on record to disagree with.
  EXPECT_THAT(resolver.resolve("(01)09506000134352(17)270131(10)L2701", year_2026), IsOk());
  // The catalog is only read.
  EXPECT_EQ(catalog.lots.size(), 1u);
}

TEST(ScanResolver, ParserErrorsPassThrough) {
  table_catalog catalog;
  scan_resolver resolver{catalog};
  EXPECT_THAT(resolver.resolve("(01)09506000134353"), HasError(errc::bad_check_digit));
  EXPECT_EQ(catalog.lookups, 0);
}

TEST(ScanResolver, SgtinTagsResolveToOnePack) {
  table_catalog catalog;
  catalog.gtins.emplace("80614141123458", gtin_entry{"TAGGED", "each", quantity::units(1)});
  scan_resolver resolver{catalog};
  auto tag = decode_epc("3074257BF7194E4000001A85");
  ASSERT_THAT(tag, IsOk());
  auto line = resolver.resolve(*tag);
  ASSERT_THAT(line, IsOk());
  EXPECT_EQ(line->item, "TAGGED");
  EXPECT_EQ(line->serial, "6789");
  EXPECT_EQ(line->base_quantity, quantity::units(1));
  EXPECT_THAT(resolver.resolve(*decode_epc("3174257BF4499602D2000000")),
              HasError(errc::unsupported_epc_scheme));
}

TEST(GtinEntry, ValidateRefusesEntriesNoScanCanStandOn) {
  EXPECT_THAT(validate(gtin_entry{"SERUM", "case", quantity::units(12)}), IsOk());
  EXPECT_THAT(validate(gtin_entry{"CHEESE", "kg", *quantity::parse("0.001")}), IsOk());
  const std::pair<gtin_entry, std::pair<errc, std::string>> refused[] = {
      {{"SERUM", "case", quantity::units(-12)}, {errc::invalid_quantity, "units_per_pack"}},
      {{"SERUM", "case", quantity::units(0)}, {errc::invalid_quantity, "units_per_pack"}},
      {{"", "case", quantity::units(12)}, {errc::malformed_input, "item"}},
      {{std::string(129, 'X'), "case", quantity::units(1)}, {errc::malformed_input, "item"}},
      {{"SE\x01RUM", "case", quantity::units(1)}, {errc::malformed_input, "item"}},
      {{"SE\xc3", "case", quantity::units(1)}, {errc::malformed_input, "item"}},
      {{"SERUM", "", quantity::units(12)}, {errc::malformed_input, "unit"}},
  };
  for (const auto& [entry, expected] : refused) {
    auto checked = validate(entry);
    ASSERT_THAT(checked, HasError(expected.first)) << entry.item << "/" << entry.unit;
    EXPECT_EQ(checked.error().context.field, expected.second);
  }
  // Exactly at the limit of an item code.
  EXPECT_THAT(validate(gtin_entry{std::string(gtin_entry::item_length_max, 'X'), "each",
                                  quantity::units(1)}),
              IsOk());
}

TEST(ScanResolver, RefusesACatalogEntryThatValidateRefuses) {
  table_catalog catalog;
  scan_resolver resolver{catalog};
  catalog.gtins["19506000134359"].units_per_pack = quantity::units(-12);
  auto negative = resolver.resolve("(01)19506000134359", year_2026);
  ASSERT_THAT(negative, HasError(errc::invalid_quantity));
  EXPECT_EQ(negative.error().context.field, "units_per_pack");
  EXPECT_THAT(negative.error().message, ::testing::HasSubstr("19506000134359"));
  catalog.gtins["19506000134359"].units_per_pack = quantity::units(0);
  EXPECT_THAT(resolver.resolve("(01)19506000134359", year_2026), HasError(errc::invalid_quantity));
  catalog.gtins["09506000134352"].item.clear();
  auto empty = resolver.resolve("(01)09506000134352", year_2026);
  ASSERT_THAT(empty, HasError(errc::malformed_input));
  EXPECT_EQ(empty.error().context.field, "item");
  // An SGTIN tag goes through the same check.
  EXPECT_THAT(resolver.resolve(*make_sgtin("09506000134352", 7, "1")),
              HasError(errc::malformed_input));
}

}  // namespace
}  // namespace onhand::scan
