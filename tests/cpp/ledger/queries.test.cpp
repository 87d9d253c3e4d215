// SPDX-License-Identifier: Apache-2.0
// Balances, roll-ups, positions and histories.
#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::at;
using testing::day;
using testing::IsOk;
using testing::LedgerTest;
using testing::level;
using testing::q;

using Queries = LedgerTest;

TEST_F(Queries, BalancesPerLotAndRollUps) {
  ASSERT_THAT(receive("po-1", serum, east_bin, "10", fresh), IsOk());
  ASSERT_THAT(receive("po-2", serum, east_zone, "5", old), IsOk());
  ASSERT_THAT(receive("po-3", serum, west, "7", fresh), IsOk());
  ASSERT_THAT(inv_->post(doc("tr-1", movement_reason::transfer, serum, west, transit, "2", fresh)),
              IsOk());
  EXPECT_EQ(inv_->balance(serum, east_bin, fresh), level("10"));
  EXPECT_EQ(inv_->balance(serum, east_bin, old), level("0"));
  EXPECT_EQ(inv_->on_hand(serum, east_bin), level("10"));
  EXPECT_EQ(inv_->on_hand(serum, east), level("0"));          // nothing directly in the site
  EXPECT_EQ(inv_->on_hand_within(serum, east), level("15"));  // the consolidated 3PL view
  EXPECT_EQ(inv_->on_hand_within(serum, east_zone), level("15"));
  EXPECT_EQ(inv_->on_hand_within(serum, west), level("5"));
  EXPECT_EQ(inv_->on_hand_total(serum), level("22"));  // transit still owned
  EXPECT_EQ(inv_->balance(item_id{77}, east, lot_id::none()), level("0"));
  EXPECT_EQ(inv_->on_hand_within(serum, location_id{999}), level("0"));
}

TEST_F(Queries, BalanceAsOfAnyPastTime) {
  now_ = at("2026-11-01T10:00:00Z");
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  now_ = at("2026-11-10T10:00:00Z");
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "4")),
              IsOk());
  EXPECT_EQ(inv_->balance_as_of(soap, east, lot_id::none(), at("2026-10-31T00:00:00Z")),
            level("0"));
  EXPECT_EQ(inv_->balance_as_of(soap, east, lot_id::none(), at("2026-11-01T10:00:00Z")),
            level("10"));
  EXPECT_EQ(inv_->balance_as_of(soap, east, lot_id::none(), at("2026-11-09T00:00:00Z")),
            level("10"));
  EXPECT_EQ(inv_->balance_as_of(soap, east, lot_id::none(), at("2026-11-11T00:00:00Z")),
            level("6"));
  EXPECT_EQ(inv_->on_hand_total_as_of(soap, at("2026-11-05T00:00:00Z")), level("10"));
}

TEST_F(Queries, PositionSeparatesQuarantinedStock) {
  ASSERT_THAT(receive("po-1", serum, east, "10", fresh), IsOk());
  ASSERT_THAT(receive("po-2", serum, east, "4", old), IsOk());
  auto p = inv_->position(serum, east, day("2026-12-01"));
  EXPECT_EQ(p.on_hand, level("14"));
  EXPECT_EQ(p.quarantined, q("0"));
  EXPECT_EQ(p.available, q("14"));
  p = inv_->position(serum, east, day("2026-12-16"));  // L-OLD expired on the 15th
  EXPECT_EQ(p.quarantined, q("4"));
  EXPECT_EQ(p.available, q("10"));
  p = inv_->position(serum, east, day("2026-12-15"));  // expiring today is still usable
  EXPECT_EQ(p.quarantined, q("0"));
  ASSERT_THAT(inv_->set_lot_status(fresh, lot_status::on_hold), IsOk());
  p = inv_->position(serum, east, day("2026-12-01"));
  EXPECT_EQ(p.quarantined, q("10"));
  EXPECT_EQ(p.available, q("4"));
  const auto all = inv_->positions(serum, day("2026-12-01"));
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].location, east);
}

TEST_F(Queries, HistoryHasRunningBalances) {
  now_ = at("2026-11-01T10:00:00Z");
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  now_ = at("2026-11-02T10:00:00Z");
  ASSERT_THAT(inv_->post(doc("tr-1", movement_reason::transfer, soap, east, west, "3")), IsOk());
  now_ = at("2026-11-03T10:00:00Z");
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, west, customer, "1")),
              IsOk());
  const auto at_east = inv_->history(soap, east);
  ASSERT_EQ(at_east.size(), 2U);
  EXPECT_EQ(at_east[0].key, "po-1");
  EXPECT_EQ(at_east[0].reason, movement_reason::receipt);
  EXPECT_EQ(at_east[0].running_balance, level("10"));
  EXPECT_EQ(at_east[1].delta, q("-3"));
  EXPECT_EQ(at_east[1].running_balance, level("7"));
  const auto everywhere = inv_->history(soap);  // physical locations only
  ASSERT_EQ(everywhere.size(), 4U);
  EXPECT_EQ(everywhere[1].running_balance, level("7"));   // transfer out of east...
  EXPECT_EQ(everywhere[2].running_balance, level("10"));  // ...and into west
  EXPECT_EQ(everywhere[3].running_balance, level("9"));
  ASSERT_THAT(receive("po-2", flour, west, "2.5"), IsOk());
  const auto at_west = inv_->location_history(west);
  ASSERT_EQ(at_west.size(), 3U);
  EXPECT_EQ(at_west.back().item, flour);
  EXPECT_EQ(at_west.back().running_balance, level("2.5"));  // per item
}

TEST_F(Queries, HistoryOrdersBackDatedEntriesByEffectiveTime) {
  now_ = at("2026-11-10T10:00:00Z");
  ASSERT_THAT(receive("po-2", soap, east, "5"), IsOk());
  auto early = doc("po-1", movement_reason::receipt, soap, vendor, east, "2");
  early.effective = at("2026-11-05T10:00:00Z");
  ASSERT_THAT(inv_->post(early), IsOk());
  const auto rows = inv_->history(soap, east);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].key, "po-1");
  EXPECT_EQ(rows[0].running_balance, level("2"));
  EXPECT_EQ(rows[1].running_balance, level("7"));
  EXPECT_EQ(rows[0].recorded, at("2026-11-10T10:00:00Z"));
}

}  // namespace
}  // namespace onhand
