// SPDX-License-Identifier: Apache-2.0
// The everyday movements by code (ledger/documents.hpp) and the standard
// virtual locations: what they post, and that a bad code changes nothing.
#include "onhand/ledger/documents.hpp"

#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"

#include "ledger_fixture.hpp"
#include "shared_store.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::level;
using testing::q;
using testing::shared_store;

class Documents : public ::testing::Test {
 protected:
  void SetUp() override {
    inventory_options options;
    options.standard_locations = true;
    inv_ = std::make_unique<inventory>(
        inventory::open(std::make_unique<shared_store>(log_), options).value());
    unit_set each{base_unit{"each", 0}};
    ASSERT_THAT(each.add_alternate("case", unit_factor{12, 1}, "each"), IsOk());
    ASSERT_THAT(inv_->define_item({.code = "SERUM", .units = each, .lot_tracked = true}), IsOk());
    ASSERT_THAT(inv_->define_lot({.item = "SERUM", .code = "L1"}), IsOk());
    ASSERT_THAT(inv_->define_location({.code = "EAST"}), IsOk());
    ASSERT_THAT(inv_->define_location({.code = "WEST"}), IsOk());
  }

  // On-hand of SERUM at a location, by code.
  auto at(std::string_view location) -> stock_level {
    return inv_->read([&](const state& s) {
      return on_hand(s, *s.catalog.find_item("SERUM"), *s.catalog.find_location(location));
    });
  }

  std::shared_ptr<memory_store> log_ = std::make_shared<memory_store>();
  std::unique_ptr<inventory> inv_;
};

TEST_F(Documents, EverydayMovementsPostByCodeAgainstTheStandardLocations) {
  const stock_spec two_cases{.item = "SERUM", .amount = q("2"), .unit = "case", .lot = "L1"};
  ASSERT_THAT(inv_->post(receipt("po-1", two_cases, "EAST")), IsOk());
  ASSERT_THAT(
      inv_->post(shipment("so-1", {.item = "SERUM", .amount = q("3"), .lot = "L1"}, "EAST")),
      IsOk());
  ASSERT_THAT(inv_->post(transfer("tr-1", {.item = "SERUM", .amount = q("5"), .lot = "L1"}, "EAST",
                                  "WEST")),
              IsOk());
  ASSERT_THAT(
      inv_->post(adjustment("adj-1", {.item = "SERUM", .amount = q("-2"), .lot = "L1"}, "WEST")),
      IsOk());
  ASSERT_THAT(inv_->post(adjustment("cnt-1", {.item = "SERUM", .amount = q("1"), .lot = "L1"},
                                    "EAST", movement_reason::count)),
              IsOk());
  ASSERT_THAT(inv_->post(scrap("scr-1", {.item = "SERUM", .amount = q("1"), .lot = "L1"}, "EAST")),
              IsOk());
  // 24 received; EAST: 24 - 3 - 5 + 1 - 1 = 16; WEST: 5 - 2 = 3.
  EXPECT_EQ(at("EAST"), level("16"));
  EXPECT_EQ(at("WEST"), level("3"));
  EXPECT_EQ(at("SUPPLIER"), level("-24"));
  EXPECT_EQ(at("CUSTOMER"), level("3"));
  EXPECT_EQ(at("INVENTORY-LOSS"), level("1"));  // +2 from WEST, -1 to EAST
  EXPECT_EQ(at("SCRAP"), level("1"));
  const auto rows = inv_->read([](const state& s) {
    return history(s, *s.catalog.find_item("SERUM"), s.catalog.find_location("EAST"));
  });
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].reason, movement_reason::receipt);
  EXPECT_EQ(rows[3].reason, movement_reason::count);
  EXPECT_EQ(rows[4].reason, movement_reason::scrap);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Documents, AnUnknownCodeNamesItsLineAndChangesNothing) {
  auto spec = receipt("po-1", {.item = "SERUM", .amount = q("1"), .lot = "L1"}, "EAST");
  spec.lines.push_back(
      {.item = "SERUM", .amount = q("1"), .from = "SUPPLIER", .to = "NORTH", .lot = "L1"});
  const auto before = inv_->log_position();
  auto posted = inv_->post(spec);
  ASSERT_THAT(posted, HasError(errc::unknown_code));
  EXPECT_EQ(posted.error().context.line, 1U);
  EXPECT_EQ(posted.error().context.document, "po-1");
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(at("EAST"), level("0"));
  // The key stays free.
  spec.lines.pop_back();
  EXPECT_THAT(inv_->post(spec), IsOk());
}

TEST_F(Documents, ALotOnAnUntrackedItemIsATrackingMismatch) {
  ASSERT_THAT(inv_->define_item({.code = "SOAP"}), IsOk());
  const auto before = inv_->log_position();
  // No lot of SOAP can exist, so the lot is not "unknown": the tracking is wrong.
  auto posted =
      inv_->post(receipt("po-1", {.item = "SOAP", .amount = q("1"), .lot = "L1"}, "EAST"));
  ASSERT_THAT(posted, HasError(errc::tracking_mismatch));
  EXPECT_EQ(posted.error().context.lot, "L1");
  EXPECT_EQ(posted.error().context.document, "po-1");
  EXPECT_THAT(
      inv_->resolve(
          {.item = "SOAP", .amount = q("1"), .from = "SUPPLIER", .to = "EAST", .lot = "NEVER"}),
      HasError(errc::tracking_mismatch));
  // Faults of higher precedence in the same line still win: unknown codes, then units.
  EXPECT_THAT(
      inv_->resolve(
          {.item = "SOAP", .amount = q("1"), .from = "SUPPLIER", .to = "MOON", .lot = "L1"}),
      HasError(errc::unknown_code));
  EXPECT_THAT(inv_->resolve({.item = "SOAP",
                             .amount = q("1"),
                             .unit = "case",
                             .from = "SUPPLIER",
                             .to = "EAST",
                             .lot = "L1"}),
              HasError(errc::unit_mismatch));
  // On a tracked item, a lot that is not defined is an unknown code.
  EXPECT_THAT(
      inv_->resolve(
          {.item = "SERUM", .amount = q("1"), .from = "SUPPLIER", .to = "EAST", .lot = "L9"}),
      HasError(errc::unknown_code));
  EXPECT_EQ(inv_->log_position(), before);
}

TEST_F(Documents, ADocumentByCodeReportsTheFaultOfHighestPrecedence) {
  ASSERT_THAT(inv_->define_item({.code = "SOAP"}), IsOk());
  const auto before = inv_->log_position();
  // Line 0 does not resolve (tracking_mismatch); line 1 resolves but moves
  // nothing (invalid_quantity), which ranks higher.
  auto spec = receipt("po-1", {.item = "SOAP", .amount = q("1"), .lot = "L1"}, "EAST");
  spec.lines.push_back(
      {.item = "SERUM", .amount = q("0"), .from = "SUPPLIER", .to = "EAST", .lot = "L1"});
  auto posted = inv_->post(spec);
  ASSERT_THAT(posted, HasError(errc::invalid_quantity));
  EXPECT_EQ(posted.error().context.line, 1U);
  // A line whose unit is unknown and whose quantity is zero: unit_mismatch ranks higher.
  spec.lines[1] = {.item = "SERUM",
                   .amount = q("0"),
                   .unit = "crate",
                   .from = "SUPPLIER",
                   .to = "EAST",
                   .lot = "L1"};
  posted = inv_->post(spec);
  ASSERT_THAT(posted, HasError(errc::unit_mismatch));
  EXPECT_EQ(posted.error().context.line, 1U);
  // An unreadable document (no key) is malformed input, whatever its lines.
  spec.key.clear();
  spec.lines[0].item = "NOPE";
  EXPECT_THAT(inv_->post(spec), HasError(errc::malformed_input));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(at("EAST"), level("0"));
}

TEST_F(Documents, AnAdjustmentWhoseNegationOverflowsIsRefused) {
  const auto before = inv_->log_position();
  auto posted = inv_->post(adjustment(
      "adj-min", {.item = "SERUM", .amount = quantity::from_raw(INT64_MIN), .lot = "L1"}, "EAST"));
  // Building the document does not negate it (that would overflow); the
  // posting refuses the amount like any other it cannot take.
  EXPECT_THAT(posted, HasError(errc::precision_exceeded));
  EXPECT_EQ(inv_->log_position(), before);
}

TEST_F(Documents, StandardLocationsAreDefinedOnce) {
  const auto events = inv_->log_position();
  inventory_options options;
  options.standard_locations = true;
  auto again = inventory::open(std::make_unique<shared_store>(log_), options);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->log_position(), events);  // the second open appended nothing
  EXPECT_TRUE(again->same_state(*inv_));
  const auto kinds = again->read([](const state& s) {
    std::vector<location_kind> out;
    for (const auto& d : standard_locations::definitions()) {
      out.push_back(s.catalog.location(*s.catalog.find_location(d.code)).kind);
    }
    return out;
  });
  EXPECT_EQ(kinds, (std::vector{location_kind::supplier, location_kind::customer,
                                location_kind::inventory_loss, location_kind::scrap}));
}

TEST(StandardLocations, AConflictingDefinitionFailsTheOpen) {
  auto log = std::make_shared<memory_store>();
  auto plain = inventory::open(std::make_unique<shared_store>(log)).value();
  ASSERT_THAT(plain.define_location({.code = "SUPPLIER"}), IsOk());  // internal, not supplier
  inventory_options options;
  options.standard_locations = true;
  EXPECT_THAT(inventory::open(std::make_unique<shared_store>(log), options),
              HasError(errc::definition_conflict));
  EXPECT_EQ(log->end().value(), 1U);
}

}  // namespace
}  // namespace onhand
