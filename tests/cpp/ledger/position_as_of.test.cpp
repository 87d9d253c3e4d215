// SPDX-License-Identifier: Apache-2.0
// position() and positions() as of a date, over a scripted history whose
// expected figures are worked out by hand in the comments.
#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::at;
using testing::day;
using testing::IsOk;
using testing::LedgerTest;
using testing::level;
using testing::q;

class PositionAsOf : public LedgerTest {
 protected:
  // The history, in recording order (each line: recorded at, effective at, what):
  //   11-20 10:00          fresh +10 at east (receipt)
  //   11-22 23:59:59.999999 old  +4 at east (receipt, the last instant of the 22nd)
  //   11-23 00:00          fresh -3 at east (shipment, the first instant of the 23rd)
  //   11-25 12:00          old   -2 east -> west (transfer)
  //   11-27 09:00, effective 11-21 08:00: fresh +1 at east (back-dated adjustment)
  // L-OLD expires 2026-12-15, L-FRESH 2027-06-30.
  void SetUp() override {
    LedgerTest::SetUp();
    now_ = at("2026-11-20T10:00:00Z");
    ASSERT_THAT(receive("po-1", serum, east, "10", fresh), IsOk());
    now_ = at("2026-11-22T23:59:59.999999Z");
    ASSERT_THAT(receive("po-2", serum, east, "4", old), IsOk());
    now_ = at("2026-11-23T00:00:00Z");
    ASSERT_THAT(
        inv_->post(doc("so-1", movement_reason::shipment, serum, east, customer, "3", fresh)),
        IsOk());
    now_ = at("2026-11-25T12:00:00Z");
    ASSERT_THAT(inv_->post(doc("tr-1", movement_reason::transfer, serum, east, west, "2", old)),
                IsOk());
    now_ = at("2026-11-27T09:00:00Z");
    auto found = doc("adj-1", movement_reason::adjustment, serum, loss, east, "1", fresh);
    found.effective = at("2026-11-21T08:00:00Z");
    ASSERT_THAT(inv_->post(found), IsOk());
  }

  auto east_on(const char* text) -> stock_position {
    return inv_->position(serum, east, day(text));
  }
};

TEST_F(PositionAsOf, OnHandIsTheStockAtTheEndOfTheDay) {
  // Before anything: nothing.
  EXPECT_EQ(east_on("2026-11-19"), (stock_position{serum, east, level("0"), q("0"), q("0")}));
  // 10 received on the 20th.
  EXPECT_EQ(east_on("2026-11-20"), (stock_position{serum, east, level("10"), q("0"), q("10")}));
  // The back-dated +1 counts from the 21st on: 11.
  EXPECT_EQ(east_on("2026-11-21").on_hand, level("11"));
  // The receipt at the last instant of the 22nd counts on the 22nd: 15.
  EXPECT_EQ(east_on("2026-11-22").on_hand, level("15"));
  // The shipment at the first instant of the 23rd counts from the 23rd: 12.
  EXPECT_EQ(east_on("2026-11-23").on_hand, level("12"));
  EXPECT_EQ(east_on("2026-11-24").on_hand, level("12"));
  // 2 of L-OLD left for the west on the 25th: 10 (8 fresh, 2 old).
  EXPECT_EQ(east_on("2026-11-25"), (stock_position{serum, east, level("10"), q("0"), q("10")}));
  EXPECT_EQ(inv_->position(serum, west, day("2026-11-24")).on_hand, level("0"));
  EXPECT_EQ(inv_->position(serum, west, day("2026-11-25")).on_hand, level("2"));
  // Today and later: the current balance.
  EXPECT_EQ(east_on("2026-11-27").on_hand, inv_->on_hand(serum, east));
  EXPECT_EQ(east_on("2030-01-01").on_hand, level("10"));
}

TEST_F(PositionAsOf, QuarantineIsExpiryOnThatDateAndTheCurrentStatus) {
  // L-OLD expired on 12-15: usable that day, quarantined from the 16th.
  EXPECT_EQ(east_on("2026-12-15"), (stock_position{serum, east, level("10"), q("0"), q("10")}));
  EXPECT_EQ(east_on("2026-12-16"), (stock_position{serum, east, level("10"), q("2"), q("8")}));
  EXPECT_EQ(inv_->position(serum, west, day("2026-12-16")),
            (stock_position{serum, west, level("2"), q("2"), q("0")}));
  // A status is not dated: a hold put on L-FRESH now counts on past dates
  // too. On the 22nd: 11 fresh on hold of 15; the 4 old are usable.
  ASSERT_THAT(inv_->set_lot_status(fresh, lot_status::on_hold), IsOk());
  EXPECT_EQ(east_on("2026-11-22"), (stock_position{serum, east, level("15"), q("11"), q("4")}));
  EXPECT_EQ(east_on("2026-12-16"), (stock_position{serum, east, level("10"), q("10"), q("0")}));
}

TEST_F(PositionAsOf, PositionsListTheLocationsMovedThroughByThatDay) {
  EXPECT_TRUE(inv_->positions(serum, day("2026-11-19")).empty());
  auto rows = inv_->positions(serum, day("2026-11-24"));
  ASSERT_EQ(rows.size(), 1U);  // the west had no movement yet
  EXPECT_EQ(rows[0], (stock_position{serum, east, level("12"), q("0"), q("12")}));
  rows = inv_->positions(serum, day("2026-11-25"));
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0], (stock_position{serum, east, level("10"), q("0"), q("10")}));
  EXPECT_EQ(rows[1], (stock_position{serum, west, level("2"), q("0"), q("2")}));
  // Virtual locations (supplier, customer, loss) have no position.
  for (const auto& row : inv_->positions(serum, day("2030-01-01"))) {
    EXPECT_TRUE(row.location == east || row.location == west);
  }
}

}  // namespace
}  // namespace onhand
