// SPDX-License-Identifier: Apache-2.0
// From a scan at the dock to a posted receipt, through the inventory's own
// catalog (item GTINs per pack level, lots with expiry on record).
#include "onhand/scan/inventory_gtins.hpp"

#include <gtest/gtest.h>

#include "onhand/storage/memory_store.hpp"

#include "gs1_testing.hpp"
#include "matchers.hpp"

namespace onhand::scan {
namespace {

using gs1_testing::year_2026;

using onhand::testing::HasError;
using onhand::testing::IsOk;

class InventoryGtins : public ::testing::Test {
 protected:
  void SetUp() override {
    unit_set each{base_unit{"each", 0}};
    ASSERT_THAT(each.add_alternate("case", unit_factor{12, 1}, "each"), IsOk());
    ASSERT_THAT(
        inv.define_item({.code = "SERUM-30ML",
                         .units = each,
                         .lot_tracked = true,
                         .gtins = {{"09506000134352", "each"}, {"19506000134359", "case"}}}),
        IsOk());
    ASSERT_THAT(
        inv.define_lot(
            {.item = "SERUM-30ML", .code = "L2611", .expiry = parse_date("2026-12-31").value()}),
        IsOk());
    ASSERT_THAT(inv.define_location({.code = "VENDOR", .kind = location_kind::supplier}), IsOk());
    ASSERT_THAT(inv.define_location({.code = "DOCK"}), IsOk());
  }

  inventory inv = inventory::open(std::make_unique<memory_store>()).value();
  inventory_gtins gtins{inv};
  scan_resolver resolver{gtins};
};

TEST_F(InventoryGtins, CaseScanBecomesAReceiptOfTwelve) {
  auto line = resolver.resolve(
      "]d2"
      "0119506000134359"
      "17261231"
      "10L2611",
      year_2026);
  ASSERT_THAT(line, IsOk());
  EXPECT_EQ(line->item, "SERUM-30ML");
  EXPECT_EQ(line->unit, "case");
  EXPECT_EQ(line->base_quantity, quantity::units(12));
  auto movement = inv.resolve({.item = line->item,
                               .amount = line->base_quantity,
                               .from = "VENDOR",
                               .to = "DOCK",
                               .lot = *line->lot});
  ASSERT_THAT(movement, IsOk());
  ASSERT_THAT(
      inv.post({.key = "asn-1/1", .reason = movement_reason::receipt, .lines = {*movement}}),
      IsOk());
  const auto item = inv.item_by_code("SERUM-30ML").value();
  EXPECT_EQ(inv.on_hand(item, inv.location_by_code("DOCK").value()),
            stock_level::at(quantity::units(12)));
}

TEST_F(InventoryGtins, ShortGtinOfTheEachLevel) {
  auto line = resolver.resolve("(01)09506000134352(10)L2611", year_2026);
  ASSERT_THAT(line, IsOk());
  EXPECT_EQ(line->unit, "each");
  EXPECT_EQ(line->base_quantity, quantity::units(1));
}

TEST_F(InventoryGtins, ExpiryDisagreeingWithTheLotOnRecordIsRefused) {
  auto line = resolver.resolve("(01)19506000134359(17)270131(10)L2611", year_2026);
  ASSERT_THAT(line, HasError(errc::lot_expiry_mismatch));
  EXPECT_EQ(line.error().context.lot, "L2611");
}

TEST_F(InventoryGtins, UnknownGtinIsRefused) {
  EXPECT_THAT(resolver.resolve("(01)99506000134355(3103)001250", year_2026),
              HasError(errc::unknown_gtin));
  EXPECT_EQ(gtins.known_expiry("SERUM-30ML", "L-NONE"), std::nullopt);
  EXPECT_EQ(gtins.known_expiry("NOPE", "L2611"), std::nullopt);
}

}  // namespace
}  // namespace onhand::scan
