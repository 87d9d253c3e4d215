// SPDX-License-Identifier: Apache-2.0
// CSV import of master data and opening balances: RFC 4180 quoting, a BOM,
// every bad row reported at once with its line, and nothing applied then.
// Expected values are written from the files' text by hand.
#include "onhand/storage/csv_import.hpp"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/state.hpp"
#include "onhand/storage/memory_store.hpp"

#include "matchers.hpp"

namespace onhand {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using testing::IsOk;

// Recorded on 2026-01-05, so that opening balances of 2026-01-01 are within
// the default back-dating window.
auto open_inventory() -> inventory {
  inventory_options options;
  options.clock = [] { return parse_timestamp("2026-01-05T00:00:00Z").value(); };
  return inventory::open(std::make_unique<memory_store>(), options).value();
}

template <class Import>
auto run(Import import, inventory& inv, const std::string& text, const csv_options& options = {})
    -> csv_report {
  std::istringstream in(text);
  auto report = import(inv, in, options);
  EXPECT_THAT(report, IsOk());
  return report ? *report : csv_report{};
}

auto lines_of(const csv_report& report) -> std::vector<std::size_t> {
  std::vector<std::size_t> out;
  for (const auto& e : report.errors) out.push_back(e.line);
  return out;
}

TEST(csv_import, items_with_bom_quotes_and_embedded_newlines) {
  auto inv = open_inventory();
  const std::string text =
      "\xEF\xBB\xBF"
      "code,description,base_unit,decimals,lot_tracked,shelf_life_days\r\n"
      "SOAP,\"Soap, \"\"mild\"\"\",each,0,false,\r\n"
      "MILK,\"Milk\nfull fat\",l,3,true,10\r\n";
  auto report = run(import_items_csv, inv, text);
  ASSERT_TRUE(report.ok()) << report.errors.front().message;
  EXPECT_EQ(report.rows, 2U);
  EXPECT_EQ(report.applied, 2U);
  const auto milk = inv.item_by_code("MILK").value();
  inv.read([&](const state& s) {
    EXPECT_EQ(s.catalog.item(inv.item_by_code("SOAP").value()).description, "Soap, \"mild\"");
    const auto& m = s.catalog.item(milk);
    EXPECT_EQ(m.description, "Milk\nfull fat");
    EXPECT_EQ(m.units.base().name, "l");
    EXPECT_EQ(m.units.base().decimals, 3);
    EXPECT_TRUE(m.lot_tracked);
    EXPECT_EQ(m.shelf_life_days, std::optional<int>(10));
  });
  // The same file again defines nothing new and reports nothing.
  EXPECT_TRUE(run(import_items_csv, inv, text).ok());
}

TEST(csv_import, every_bad_row_is_reported_and_nothing_applied) {
  auto inv = open_inventory();
  const std::string text =
      "code,decimals,lot_tracked\n"  // line 1
      "GOOD,0,false\n"               // 2
      ",0,false\n"                   // 3: empty code
      "BAD-DEC,9,false\n"            // 4: decimals out of range
      "\"multi\nline\",x,maybe\n"    // 5-6: two bad columns
      "GOOD,0,false\n"               // 7: defined twice
      "SHORT,0\n"                    // 8: a field missing
      "Q\"uote,0,false\n"            // 9: a stray quote
      "\"OPEN,0,false\n";            // 10: quote never closed
  auto report = run(import_items_csv, inv, text);
  EXPECT_EQ(report.rows, 8U);
  EXPECT_EQ(report.applied, 0U);
  EXPECT_EQ(lines_of(report), (std::vector<std::size_t>{3, 4, 5, 5, 7, 8, 9, 10}));
  EXPECT_EQ(report.errors[2].column, "decimals");
  EXPECT_EQ(report.errors[3].column, "lot_tracked");
  EXPECT_EQ(report.errors[4].code, errc::definition_conflict);
  EXPECT_FALSE(inv.item_by_code("GOOD").has_value());
}

TEST(csv_import, an_overlong_field_is_a_bad_row) {
  auto inv = open_inventory();
  csv_options options;
  options.field_bytes_max = 11;  // "description" fits
  auto report = run(import_items_csv, inv,
                    "code,description\nA,12345678901\nB,\"123456789012\"\nC,x\n", options);
  EXPECT_EQ(lines_of(report), (std::vector<std::size_t>{3}));
  EXPECT_EQ(report.errors[0].message, "a field longer than 11 bytes");
  options.field_bytes_max = 10;  // now the header is the bad row
  auto header = run(import_items_csv, inv, "code,description\nA,x\n", options);
  EXPECT_EQ(lines_of(header), (std::vector<std::size_t>{1}));
  EXPECT_EQ(report.rows, 3U);
  EXPECT_FALSE(inv.item_by_code("A").has_value());
}

TEST(csv_import, header_faults_are_reported) {
  auto inv = open_inventory();
  auto report = run(import_items_csv, inv, "description,colour\nx,y\n");
  EXPECT_THAT(report.errors, ElementsAre(Field(&csv_row_error::column, "colour"),
                                         Field(&csv_row_error::column, "code")));
  EXPECT_EQ(lines_of(report), (std::vector<std::size_t>{1, 1}));
}

TEST(csv_import, locations_lots_and_opening_balances) {
  auto inv = open_inventory();
  ASSERT_TRUE(run(import_items_csv, inv, "code,lot_tracked,decimals\nSOAP,,0\nMILK,true,3\n").ok());
  auto locations = run(import_locations_csv, inv,
                       "code,parent,kind\nWH,,internal\nWH/A1,WH,\nLOSS,,inventory_loss\n");
  ASSERT_TRUE(locations.ok()) << locations.errors.front().message;
  auto lots = run(import_lots_csv, inv, "item,code,expiry\nMILK,L1,2027-01-31\nMILK,L2,\n");
  ASSERT_TRUE(lots.ok()) << lots.errors.front().message;

  std::vector<std::size_t> progress;
  csv_options options;
  options.progress = [&](std::size_t rows) { progress.push_back(rows); };
  options.progress_every = 2;
  const std::string balances =
      "item,location,lot,quantity,unit,effective\n"
      "SOAP,WH/A1,,40,,2026-01-01T00:00:00Z\n"
      "MILK,WH/A1,L1,12.5,,2026-01-01T00:00:00Z\n"
      "MILK,WH,L2,0.25,,\n";
  auto report = run(import_opening_balances_csv, inv, balances, options);
  ASSERT_TRUE(report.ok()) << report.errors.front().message;
  EXPECT_EQ(report.applied, 3U);
  EXPECT_EQ(progress, (std::vector<std::size_t>{2, 3}));
  const auto soap = inv.item_by_code("SOAP").value();
  const auto milk = inv.item_by_code("MILK").value();
  const auto bin = inv.location_by_code("WH/A1").value();
  const auto wh = inv.location_by_code("WH").value();
  EXPECT_EQ(inv.on_hand(soap, bin).from_zero(), quantity::units(40));
  EXPECT_EQ(inv.on_hand_within(milk, wh).from_zero(), quantity::parse("12.75").value());
  const auto opening = inv.location_by_code(opening_balance_location).value();
  EXPECT_EQ(inv.on_hand(soap, opening).from_zero(), quantity::units(-40));
  // Importing the same file again replays the same documents.
  auto again = run(import_opening_balances_csv, inv, balances);
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(inv.on_hand(soap, bin).from_zero(), quantity::units(40));
}

TEST(csv_import, bad_balances_are_reported_all_at_once) {
  auto inv = open_inventory();
  ASSERT_TRUE(run(import_items_csv, inv, "code,lot_tracked\nSOAP,\nMILK,true\n").ok());
  ASSERT_TRUE(run(import_locations_csv, inv, "code\nWH\n").ok());
  const auto before = inv.log_position();
  auto report = run(import_opening_balances_csv, inv,
                    "item,location,lot,quantity\n"
                    "SOAP,WH,,5\n"      // 2: fine
                    "NOPE,WH,,5\n"      // 3: unknown item
                    "SOAP,ATTIC,,5\n"   // 4: unknown location
                    "SOAP,WH,,five\n"   // 5: not a number
                    "MILK,WH,L9,1\n");  // 6: unknown lot
  EXPECT_EQ(lines_of(report), (std::vector<std::size_t>{3, 4, 5, 6}));
  EXPECT_EQ(report.errors[0].code, errc::unknown_code);
  EXPECT_EQ(report.errors[0].column, "item");
  EXPECT_EQ(report.errors[2].column, "quantity");
  EXPECT_EQ(inv.log_position(), before);
  // A row that reads well but the ledger refuses (lot missing for a tracked item).
  auto refused =
      run(import_opening_balances_csv, inv, "item,location,quantity\nSOAP,WH,5\nMILK,WH,1\n");
  EXPECT_EQ(lines_of(refused), (std::vector<std::size_t>{3}));
  EXPECT_EQ(refused.errors[0].code, errc::tracking_mismatch);
  EXPECT_EQ(refused.applied, 0U);
  EXPECT_EQ(
      inv.on_hand(inv.item_by_code("SOAP").value(), inv.location_by_code("WH").value()).from_zero(),
      quantity::units(0));
}

}  // namespace
}  // namespace onhand
