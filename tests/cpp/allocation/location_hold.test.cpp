// SPDX-License-Identifier: Apache-2.0
// Locations that hold stock apart (location_definition::hold) in
// available-to-promise: their stock is on hand and quarantined, never
// usable, at the held location and in every subtree total above it, per
// channel and under a share quota; reserving there gives what the ATP gives;
// a commit cannot pick there; moving stock out releases it. The expected
// figures are worked out by hand in the comments; verify() after each test.
#include <gtest/gtest.h>

#include "onhand/allocation/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class LocationHold : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    // 3PL-EAST > EAST/QC (held) > EAST/QC-01, beside EAST/A > EAST/A-01.
    qc = define({.code = "EAST/QC", .parent = "3PL-EAST", .hold = true});
    qc_bin = define({.code = "EAST/QC-01", .parent = "EAST/QC"});
  }
  auto atp(location_id at, std::string_view channel = "") -> atp_position {
    return inv_->available_to_promise(soap, at, channel).value();
  }
  auto reserve(const std::string& key, location_id at, const char* amount, std::string channel = "")
      -> result<void> {
    auto made = inv_->reserve(
        {.key = key, .item = soap, .location = at, .amount = q(amount), .channel = channel});
    if (!made) return made.error();
    return {};
  }
  auto move(const std::string& key, location_id from, location_id to, const char* amount)
      -> result<void> {
    auto posted = inv_->post(doc(key, movement_reason::transfer, soap, from, to, amount));
    if (!posted) return posted.error();
    return {};
  }
  location_id qc;
  location_id qc_bin;
};

TEST_F(LocationHold, StockAtAHeldBinIsOnHandAndQuarantinedInEverySubtreeAbove) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", soap, qc_bin, "4"), IsOk());
  ASSERT_THAT(receive("r3", soap, qc, "1"), IsOk());
  // The held bin: 4 on hand, all of it quarantined, nothing usable.
  const auto bin = atp(qc_bin);
  EXPECT_EQ(bin.on_hand, q("4"));
  EXPECT_EQ(bin.quarantined, q("4"));
  EXPECT_EQ(bin.usable, q("0"));
  EXPECT_EQ(bin.available, q("0"));
  // The held zone: its own 1 and its bin's 4.
  EXPECT_EQ(atp(qc).on_hand, q("5"));
  EXPECT_EQ(atp(qc).quarantined, q("5"));
  EXPECT_EQ(atp(qc).available, q("0"));
  // The warehouse: 10 + 4 + 1 on hand, 5 of it held apart, 10 to promise.
  const auto warehouse = atp(east);
  EXPECT_EQ(warehouse.on_hand, q("15"));
  EXPECT_EQ(warehouse.quarantined, q("5"));
  EXPECT_EQ(warehouse.usable, q("10"));
  EXPECT_EQ(warehouse.available, q("10"));
  // The other zone is untouched.
  EXPECT_EQ(atp(east_zone).on_hand, q("10"));
  EXPECT_EQ(atp(east_zone).quarantined, q("0"));
  // The ledger's position agrees: all of the held bin's stock is quarantined.
  const auto position = inv_->position(soap, qc_bin, day("2026-11-27"));
  EXPECT_EQ(position.quarantined, q("4"));
  EXPECT_EQ(position.available, q("0"));
  EXPECT_EQ(inv_->position(soap, east_bin, day("2026-11-27")).quarantined, q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(LocationHold, LotsAtAHeldLocationAreQuarantinedWhateverTheirStatus) {
  // Lot-tracked stock is read from the accounts, not from the totals.
  ASSERT_THAT(receive("r1", serum, qc_bin, "6", fresh), IsOk());
  ASSERT_THAT(receive("r2", serum, east_bin, "2", fresh), IsOk());
  const auto warehouse = inv_->available_to_promise(serum, east).value();
  EXPECT_EQ(warehouse.on_hand, q("8"));
  EXPECT_EQ(warehouse.quarantined, q("6"));
  EXPECT_EQ(warehouse.usable, q("2"));
  EXPECT_EQ(warehouse.available, q("2"));
  EXPECT_EQ(inv_->available_to_promise(serum, qc_bin).value().available, q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(LocationHold, ReservingAtAHeldLocationGivesWhatTheAtpGives) {
  ASSERT_THAT(receive("r1", soap, qc_bin, "4"), IsOk());
  ASSERT_THAT(receive("r2", soap, east_bin, "3"), IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(reserve("at-bin", qc_bin, "1"), HasError(errc::insufficient_stock));
  EXPECT_THAT(reserve("at-zone", qc, "1"), HasError(errc::insufficient_stock));
  // The warehouse holds 7, of which 3 usable.
  EXPECT_THAT(reserve("too-much", east, "4"), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(reserve("fits", east, "3"), IsOk());
  EXPECT_EQ(atp(east).available, q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(LocationHold, AChannelQuotaFencesOnlyUsableStock) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", soap, qc_bin, "6"), IsOk());
  // A fixed quota of 4 for web: others get 10 − 4 = 6, web gets 10.
  ASSERT_THAT(
      inv_->set_channel_quota({.item = soap, .location = east, .channel = "web", .value = q("4")}),
      IsOk());
  EXPECT_EQ(atp(east, "b2b").available, q("6"));
  EXPECT_EQ(atp(east, "b2b").fenced, q("4"));
  EXPECT_EQ(atp(east, "web").available, q("10"));
  // A share quota is a share of usable stock: 0.5 × 10 = 5, not 0.5 × 16 = 8.
  ASSERT_THAT(inv_->set_channel_quota({.item = soap,
                                       .location = east,
                                       .channel = "web",
                                       .kind = quota_kind::share,
                                       .value = q("0.5")}),
              IsOk());
  EXPECT_EQ(atp(east, "b2b").fenced, q("5"));
  EXPECT_EQ(atp(east, "b2b").available, q("5"));
  EXPECT_THAT(reserve("b2b-6", east, "6", "b2b"), HasError(errc::insufficient_stock));
  EXPECT_THAT(reserve("b2b-5", east, "5", "b2b"), IsOk());
  // Web's own reservations come out of its share: web may take the other 5.
  EXPECT_EQ(atp(east, "web").available, q("5"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(LocationHold, MovingStockOutReleasesItAndMovingItInMustKeepPromises) {
  ASSERT_THAT(receive("r1", soap, east_bin, "5"), IsOk());
  ASSERT_THAT(receive("r2", soap, qc_bin, "4"), IsOk());
  ASSERT_THAT(reserve("c1", east, "5"), IsOk());
  // Putting 1 of the 5 promised units on hold would leave 4 usable for 5 reserved,
  // though the stock stays within 3PL-EAST.
  const auto before = inv_->log_position();
  EXPECT_THAT(move("to-qc", east_bin, qc_bin, "1"), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  // Releasing 3 from inspection makes them usable: 8 usable, 5 reserved.
  ASSERT_THAT(move("release", qc_bin, east_bin, "3"), IsOk());
  EXPECT_EQ(atp(east).usable, q("8"));
  EXPECT_EQ(atp(east).quarantined, q("1"));
  EXPECT_EQ(atp(east).available, q("3"));
  // Now 1 may go back on hold, and the last held unit may be scrapped.
  EXPECT_THAT(move("to-qc-2", east_bin, qc_bin, "1"), IsOk());
  EXPECT_THAT(inv_->post(doc("scrap", movement_reason::scrap, soap, qc_bin, scrap, "2")), IsOk());
  // East/A-01: 5 + 3 − 1 = 7; EAST/QC-01: 4 − 3 + 1 − 2 = 0.
  EXPECT_EQ(atp(east).on_hand, q("7"));
  EXPECT_EQ(atp(east).quarantined, q("0"));
  EXPECT_EQ(atp(east).available, q("2"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(LocationHold, ACommitCannotPickFromAHeldLocation) {
  ASSERT_THAT(receive("r1", soap, east_bin, "5"), IsOk());
  ASSERT_THAT(receive("r2", soap, qc_bin, "5"), IsOk());
  ASSERT_THAT(reserve("c1", east, "5"), IsOk());
  const auto before = inv_->log_position();
  const auto refused = inv_->commit_reservation(
      {.reservation = "c1",
       .document = doc("ship-qc", movement_reason::shipment, soap, qc_bin, customer, "2")});
  ASSERT_THAT(refused, HasError(errc::invalid_location));
  EXPECT_EQ(refused.error().context.location, "EAST/QC-01");
  EXPECT_EQ(refused.error().context.field, "from");
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->commit_reservation({.reservation = "c1",
                                        .document = doc("ship", movement_reason::shipment, soap,
                                                        east_bin, customer, "2")}),
              IsOk());
  EXPECT_EQ(atp(east).reserved, q("3"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

}  // namespace
}  // namespace onhand::testing
