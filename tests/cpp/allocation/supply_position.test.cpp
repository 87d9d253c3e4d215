// SPDX-License-Identifier: Apache-2.0
// supply_positions: the stock-position quantities of every domain side by
// side, per item and site, in one read. The figures are worked out by hand
// in the comments from what each test posts.
#include <gtest/gtest.h>

#include "onhand/report/supply.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class SupplyPosition : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    held = define({.code = "EAST/QC", .parent = "3PL-EAST", .hold = true});
    ASSERT_THAT(inv_->define_supplier({.code = "ACME", .location = vendor}), IsOk());
    // soap: 100 in an EAST bin, 20 held apart at EAST/QC, 50 at WEST.
    ASSERT_THAT(receive("r1", soap, east_bin, "100"), IsOk());
    ASSERT_THAT(receive("r2", soap, held, "20"), IsOk());
    ASSERT_THAT(receive("r3", soap, west, "50"), IsOk());
    // Reservations: 30 within EAST, 10 at WEST.
    ASSERT_THAT(reserve("cart-1", east, "30"), IsOk());
    ASSERT_THAT(reserve("cart-2", west, "10"), IsOk());
    // A sent order of 40 for the EAST bin; a draft of 25 for WEST is not on order yet.
    ASSERT_THAT(order("PO-1", east_bin, "40"), IsOk());
    ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
    ASSERT_THAT(order("PO-2", west, "25"), IsOk());
    // 15 shipped from WEST to EAST, on the way.
    ASSERT_THAT(inv_->open_transfer({.key = "TO-1",
                                     .source = west,
                                     .destination = east,
                                     .transit = transit,
                                     .eta = at("2026-12-09T08:00:00Z"),
                                     .lines = {{.item = soap, .amount = q("15")}}}),
                IsOk());
    ASSERT_THAT(inv_->ship_transfer({.key = "TO-1/ship", .transfer = "TO-1"}), IsOk());
  }
  auto reserve(const std::string& key, location_id where, const char* amount) -> result<void> {
    auto made = inv_->reserve({.key = key, .item = soap, .location = where, .amount = q(amount)});
    if (!made) return made.error();
    return {};
  }
  auto order(std::string key, location_id to, const char* amount) -> result<void> {
    auto made = inv_->create_purchase_order({.key = std::move(key),
                                             .supplier = "ACME",
                                             .currency = "EUR",
                                             .lines = {{.item = soap,
                                                        .amount = q(amount),
                                                        .price = money::parse("2").value(),
                                                        .expected = day("2026-12-20"),
                                                        .destination = to}}});
    if (!made) return made.error();
    return {};
  }
  location_id held;
};

TEST_F(SupplyPosition, OneRowPerItemAndSiteWithEveryQuantity) {
  const auto rows = inv_->supply_positions().value();
  ASSERT_EQ(rows.size(), 2U);  // soap at 3PL-EAST and 3PL-WEST; no other stock, order or transit
  // EAST: 100 + 20 on hand, the 20 held apart; 30 reserved; 40 on order; 15 on the way.
  // Inventory position: usable 100 + 40 + 15 − 30 = 125.
  const auto& e = rows[0];
  EXPECT_EQ(e.item, soap);
  EXPECT_EQ(e.location, east);
  EXPECT_EQ(e.on_hand, q("120"));
  EXPECT_EQ(e.quarantined, q("20"));
  EXPECT_EQ(e.usable, q("100"));
  EXPECT_EQ(e.reserved, q("30"));
  EXPECT_EQ(e.available, q("70"));
  EXPECT_EQ(e.on_order, q("40"));
  EXPECT_EQ(e.in_transit, q("15"));
  EXPECT_EQ(e.inventory_position, q("125"));
  // WEST: 50 − 15 shipped = 35; 10 reserved; the draft is not on order.
  const auto& w = rows[1];
  EXPECT_EQ(w.location, west);
  EXPECT_EQ(w.on_hand, q("35"));
  EXPECT_EQ(w.quarantined, q("0"));
  EXPECT_EQ(w.reserved, q("10"));
  EXPECT_EQ(w.available, q("25"));
  EXPECT_EQ(w.on_order, q("0"));
  EXPECT_EQ(w.in_transit, q("0"));
  EXPECT_EQ(w.inventory_position, q("25"));
}

TEST_F(SupplyPosition, AGivenLocationCountsItsSubtreeOnly) {
  const std::vector<item_id> items{soap};
  const std::vector<location_id> at{east_bin, held};
  const auto rows = inv_->supply_positions(items, at).value();
  ASSERT_EQ(rows.size(), 2U);
  // The bin: its 100 and the order for it; the reservation within EAST is
  // not within the bin, and the transfer goes to EAST itself.
  EXPECT_EQ(rows[0].location, east_bin);
  EXPECT_EQ(rows[0].on_hand, q("100"));
  EXPECT_EQ(rows[0].reserved, q("0"));
  EXPECT_EQ(rows[0].on_order, q("40"));
  EXPECT_EQ(rows[0].in_transit, q("0"));
  EXPECT_EQ(rows[0].inventory_position, q("140"));
  // The held location: 20 on hand, none of it usable.
  EXPECT_EQ(rows[1].location, held);
  EXPECT_EQ(rows[1].quarantined, q("20"));
  EXPECT_EQ(rows[1].usable, q("0"));
  EXPECT_EQ(rows[1].inventory_position, q("0"));
}

TEST_F(SupplyPosition, ReceiptsAndCommitsMoveTheFiguresBetweenColumns) {
  // 40 received against the order: on hand +40, on order −40, position unchanged.
  ASSERT_THAT(inv_->receive({.key = "PO-1/r1",
                             .order = "PO-1",
                             .line = 0,
                             .lots = {{.lot = lot_id::none(), .amount = q("40")}}}),
              IsOk());
  // The transfer arrives at EAST: in transit −15, on hand +15.
  ASSERT_THAT(inv_->receive_transfer({.key = "TO-1/recv", .transfer = "TO-1"}), IsOk());
  const std::vector<item_id> items{soap};
  const std::vector<location_id> at{east};
  auto e = inv_->supply_positions(items, at).value().at(0);
  EXPECT_EQ(e.on_hand, q("175"));
  EXPECT_EQ(e.on_order, q("0"));
  EXPECT_EQ(e.in_transit, q("0"));
  EXPECT_EQ(e.inventory_position, q("125"));
  // Shipping 12 of the reservation: on hand −12, reserved −12, position unchanged.
  ASSERT_THAT(inv_->commit_reservation({.reservation = "cart-1",
                                        .document = doc("ship-1", movement_reason::shipment, soap,
                                                        east_bin, customer, "12")}),
              IsOk());
  e = inv_->supply_positions(items, at).value().at(0);
  EXPECT_EQ(e.on_hand, q("163"));
  EXPECT_EQ(e.reserved, q("18"));
  EXPECT_EQ(e.inventory_position, q("125"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(SupplyPosition, UnknownIdsAreRefused) {
  const std::vector<item_id> items{item_id{999}};
  EXPECT_THAT(inv_->supply_positions(items), HasError(errc::unknown_code));
  const std::vector<location_id> at{location_id{999}};
  EXPECT_THAT(inv_->supply_positions({}, at), HasError(errc::unknown_code));
}

}  // namespace
}  // namespace onhand::testing
