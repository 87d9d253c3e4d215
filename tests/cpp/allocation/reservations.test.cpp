// SPDX-License-Identifier: Apache-2.0
// Reservations: the lifecycle (reserve, commit, release, lapse), what each
// refusal leaves unchanged, channel quotas, and available-to-promise by the
// rules of docs/concepts/atp.md, with expected values worked out by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class ReservationTest : public LedgerTest {
 protected:
  auto reserve(std::string key, item_id item, location_id location, const char* amount,
               std::string channel = {}, std::optional<timestamp> expires = std::nullopt)
      -> result<reservation_id> {
    return inv_->reserve({.key = std::move(key),
                          .item = item,
                          .location = location,
                          .amount = q(amount),
                          .channel = std::move(channel),
                          .expires = expires});
  }
  auto ship(std::string reservation, std::string key, item_id item, location_id from,
            const char* amount, lot_id lot = lot_id::none()) -> result<posting> {
    return inv_->commit_reservation({.reservation = std::move(reservation),
                                     .document = doc(std::move(key), movement_reason::shipment,
                                                     item, from, customer, amount, lot)});
  }
  auto atp(item_id item, location_id location, std::string_view channel = {}) -> quantity {
    return inv_->available_to_promise(item, location, channel).value().available;
  }
  auto held(std::string_view key) -> quantity {
    return inv_->reservation_by_key(key).value().remaining();
  }
};

TEST_F(ReservationTest, ReservesWhatIsAvailableAndRefusesMore) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("cart-1", soap, east, "6"), IsOk());
  EXPECT_EQ(atp(soap, east), q("4"));

  const auto before = inv_->log_position();
  auto refused = reserve("cart-2", soap, east, "5");
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().context.requested, q("5"));
  EXPECT_EQ(refused.error().context.available, q("4"));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->reservation_by_key("cart-2"), HasError(errc::unknown_reservation));
  EXPECT_THAT(reserve("cart-2", soap, east, "4"), IsOk());
  EXPECT_EQ(atp(soap, east), q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, APositionShowsEachQuantity) {
  ASSERT_THAT(receive("r1", soap, east_bin, "7"), IsOk());
  ASSERT_THAT(receive("r2", soap, east, "3"), IsOk());
  ASSERT_THAT(reserve("c1", soap, east, "4"), IsOk());
  const auto p = inv_->available_to_promise(soap, east).value();
  EXPECT_EQ(p.on_hand, q("10"));
  EXPECT_EQ(p.quarantined, q("0"));
  EXPECT_EQ(p.usable, q("10"));
  EXPECT_EQ(p.reserved, q("4"));
  EXPECT_EQ(p.fenced, q("0"));
  EXPECT_EQ(p.available, q("6"));
}

TEST_F(ReservationTest, AReservationAboveALocationLimitsWhatIsPromisedBelowIt) {
  // 10 in the bin; 8 held anywhere in 3PL-EAST may all have to come from the bin.
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(reserve("site", soap, east, "8"), IsOk());
  EXPECT_EQ(atp(soap, east_bin), q("2"));
  EXPECT_THAT(reserve("bin", soap, east_bin, "3"), HasError(errc::insufficient_stock));
  ASSERT_THAT(reserve("bin", soap, east_bin, "2"), IsOk());
  EXPECT_EQ(atp(soap, east), q("0"));
  // Stock elsewhere does not help a reservation held at 3PL-EAST.
  ASSERT_THAT(receive("r2", soap, west, "5"), IsOk());
  EXPECT_EQ(atp(soap, east), q("0"));
  EXPECT_EQ(atp(soap, west), q("5"));
}

TEST_F(ReservationTest, OnlyPhysicalLocationsAndPositiveAmountsAreReserved) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(reserve("a", soap, customer, "1"), HasError(errc::invalid_location));
  EXPECT_THAT(reserve("b", soap, east, "0"), HasError(errc::invalid_quantity));
  EXPECT_THAT(reserve("c", soap, east, "-1"), HasError(errc::invalid_quantity));
  EXPECT_THAT(reserve("d", soap, east, "0.5"), HasError(errc::precision_exceeded));
  EXPECT_THAT(reserve("e", item_id{999}, east, "1"), HasError(errc::unknown_code));
  EXPECT_THAT(reserve("f", soap, location_id{999}, "1"), HasError(errc::unknown_code));
  EXPECT_THAT(reserve("", soap, east, "1"), HasError(errc::malformed_input));
  EXPECT_THAT(reserve("g", soap, east, "1", "bad\nchannel"), HasError(errc::malformed_input));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->available_to_promise(soap, location_id{999}), HasError(errc::unknown_code));
}

TEST_F(ReservationTest, AReservationRetriedUnderItsKeyIsTheSameReservation) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  const auto first = reserve("cart-1", soap, east, "6").value();
  const auto position = inv_->log_position();
  EXPECT_THAT(reserve("cart-1", soap, east, "6"), IsOkAndHolds(first));
  EXPECT_EQ(inv_->log_position(), position);
  EXPECT_THAT(reserve("cart-1", soap, east, "5"), HasError(errc::idempotency_conflict));
  // One key space: a document's key is not a reservation's.
  EXPECT_THAT(reserve("r1", soap, east, "1"), HasError(errc::idempotency_conflict));
  EXPECT_EQ(held("cart-1"), q("6"));
}

TEST_F(ReservationTest, CommitsShipInPartsAndNeverTwice) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("so-1", soap, east, "6"), IsOk());
  auto shipped = ship("so-1", "ship-1", soap, east, "4");
  ASSERT_THAT(shipped, IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("6"));
  EXPECT_EQ(held("so-1"), q("2"));
  EXPECT_EQ(inv_->reservation_by_key("so-1").value().status, reservation_status::open);
  // 6 on hand, 2 still held.
  EXPECT_EQ(atp(soap, east), q("4"));

  const auto before = inv_->log_position();
  auto over = ship("so-1", "ship-2", soap, east, "3");
  ASSERT_THAT(over, HasError(errc::exceeds_reservation));
  EXPECT_EQ(over.error().context.available, q("2"));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(inv_->on_hand(soap, east), level("6"));

  ASSERT_THAT(ship("so-1", "ship-2", soap, east, "2"), IsOk());
  EXPECT_EQ(inv_->reservation_by_key("so-1").value().status, reservation_status::committed);
  EXPECT_THAT(ship("so-1", "ship-3", soap, east, "1"), HasError(errc::already_resolved));
  EXPECT_EQ(atp(soap, east), q("4"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, ACommitRetriedUnderItsKeyShipsOnce) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("so-1", soap, east, "6"), IsOk());
  ASSERT_THAT(reserve("so-2", soap, east, "2"), IsOk());
  const auto first = ship("so-1", "ship-1", soap, east, "4").value();
  const auto retry = ship("so-1", "ship-1", soap, east, "4");
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->document, first.document);
  EXPECT_EQ(inv_->on_hand(soap, east), level("6"));
  EXPECT_EQ(held("so-1"), q("2"));
  // The same document under the key, for another reservation: a conflict.
  EXPECT_THAT(ship("so-2", "ship-1", soap, east, "4"), HasError(errc::idempotency_conflict));
}

TEST_F(ReservationTest, ACommitMustMoveTheItemOutOfTheReservedLocation) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", soap, west, "10"), IsOk());
  ASSERT_THAT(receive("r3", flour, east, "10"), IsOk());
  ASSERT_THAT(reserve("so-1", soap, east, "6"), IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(ship("so-1", "s1", soap, west, "1"), HasError(errc::invalid_location));
  EXPECT_THAT(ship("so-1", "s2", flour, east, "1"), HasError(errc::invalid_location));
  EXPECT_THAT(inv_->commit_reservation(
                  {.reservation = "so-1",
                   .document = doc("s3", movement_reason::transfer, soap, east_bin, east, "1")}),
              HasError(errc::invalid_location));
  EXPECT_THAT(ship("nope", "s4", soap, east_bin, "1"), HasError(errc::unknown_reservation));
  // The document's own fault outranks the reservation's (malformed_input first).
  EXPECT_THAT(ship("nope", "", soap, east_bin, "1"), HasError(errc::malformed_input));
  EXPECT_EQ(inv_->log_position(), before);
  // From the bin, to another site: leaves 3PL-EAST, so it commits.
  EXPECT_THAT(inv_->commit_reservation(
                  {.reservation = "so-1",
                   .document = doc("s5", movement_reason::transfer, soap, east_bin, west, "1")}),
              IsOk());
  EXPECT_EQ(held("so-1"), q("5"));
}

TEST_F(ReservationTest, APostingMayNotTakeReservedStock) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("so-1", soap, east, "6"), IsOk());
  const auto before = inv_->log_position();
  auto taken = inv_->post(doc("d1", movement_reason::shipment, soap, east, customer, "5"));
  ASSERT_THAT(taken, HasError(errc::insufficient_stock));
  EXPECT_EQ(taken.error().context.requested, q("5"));
  EXPECT_EQ(taken.error().context.available, q("4"));
  // Moving reserved stock out of the reserved location is taking it too.
  EXPECT_THAT(inv_->post(doc("d2", movement_reason::transfer, soap, east, west, "5")),
              HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  // Within the location it stays promised; the unreserved part may go.
  EXPECT_THAT(inv_->post(doc("d3", movement_reason::transfer, soap, east, east_bin, "10")), IsOk());
  EXPECT_THAT(inv_->post(doc("d4", movement_reason::shipment, soap, east_bin, customer, "4")),
              IsOk());
  EXPECT_EQ(atp(soap, east), q("0"));
  // A receipt in the same document makes room.
  EXPECT_THAT(
      inv_->post({.key = "d5",
                  .lines = {{.item = soap, .from = vendor, .to = east, .amount = q("2")},
                            {.item = soap, .from = east_bin, .to = customer, .amount = q("2")}}}),
      IsOk());
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, ACommitMayNotTakeWhatAnotherReservationHolds) {
  ASSERT_THAT(receive("r1", soap, east_bin, "5"), IsOk());
  ASSERT_THAT(receive("r2", soap, east, "5"), IsOk());
  ASSERT_THAT(reserve("bin", soap, east_bin, "5"), IsOk());
  ASSERT_THAT(reserve("site", soap, east, "5"), IsOk());
  // "site" may be filled anywhere in 3PL-EAST, but the bin's 5 are "bin"'s.
  const auto before = inv_->log_position();
  EXPECT_THAT(ship("site", "s1", soap, east_bin, "5"), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(held("site"), q("5"));
  ASSERT_THAT(ship("site", "s1", soap, east, "5"), IsOk());
  ASSERT_THAT(ship("bin", "s2", soap, east_bin, "5"), IsOk());
  EXPECT_EQ(inv_->on_hand_within(soap, east), level("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, ABatchSeesWhatItsEarlierDocumentsTake) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("so-1", soap, east, "6"), IsOk());
  const std::vector<movement_document> documents{
      doc("b1", movement_reason::shipment, soap, east, customer, "3"),
      doc("b2", movement_reason::shipment, soap, east, customer, "3"),
      doc("b3", movement_reason::shipment, soap, east, customer, "1")};
  auto result = inv_->post_batch(documents);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->posted, 2U);
  ASSERT_NE(result->refusal(1), nullptr);
  EXPECT_EQ(result->refusal(1)->code, errc::insufficient_stock);
  EXPECT_EQ(inv_->on_hand(soap, east), level("6"));
  EXPECT_EQ(atp(soap, east), q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, ReleasesGiveBackInPartsAndNeverTwice) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("q-1", soap, east, "6"), IsOk());
  ASSERT_THAT(inv_->release_reservation({.key = "rel-1", .reservation = "q-1", .amount = q("2")}),
              IsOk());
  EXPECT_EQ(held("q-1"), q("4"));
  EXPECT_EQ(atp(soap, east), q("6"));
  // A retry under its key changes nothing.
  ASSERT_THAT(inv_->release_reservation({.key = "rel-1", .reservation = "q-1", .amount = q("2")}),
              IsOk());
  EXPECT_EQ(held("q-1"), q("4"));
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->release_reservation({.key = "rel-2", .reservation = "q-1", .amount = q("5")}),
              HasError(errc::exceeds_reservation));
  EXPECT_THAT(inv_->release_reservation({.key = "rel-2", .reservation = "q-1", .amount = q("0")}),
              HasError(errc::invalid_quantity));
  EXPECT_THAT(inv_->release_reservation({.key = "rel-2", .reservation = "q-9"}),
              HasError(errc::unknown_reservation));
  EXPECT_THAT(inv_->release_reservation({.key = "", .reservation = "q-1"}),
              HasError(errc::malformed_input));
  EXPECT_EQ(inv_->log_position(), before);
  ASSERT_THAT(inv_->release_reservation({.key = "rel-2", .reservation = "q-1"}), IsOk());
  EXPECT_EQ(inv_->reservation_by_key("q-1").value().status, reservation_status::released);
  EXPECT_THAT(inv_->release_reservation({.key = "rel-3", .reservation = "q-1"}),
              HasError(errc::already_resolved));
  EXPECT_EQ(atp(soap, east), q("10"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, ReservationsLapseWhenTheClockPassesTheirExpiry) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(reserve("cart-1", soap, east, "3", {}, at("2026-11-27T09:30:00Z")), IsOk());
  ASSERT_THAT(reserve("cart-2", soap, east, "4", {}, at("2026-11-27T10:00:00Z")), IsOk());
  ASSERT_THAT(reserve("order", soap, east, "2"), IsOk());
  EXPECT_THAT(inv_->advance_reservation_clock(at("2026-11-27T09:29:59Z")), IsOkAndHolds(0U));
  EXPECT_EQ(atp(soap, east), q("1"));
  // The expiry time itself lapses it.
  EXPECT_THAT(inv_->advance_reservation_clock(at("2026-11-27T09:30:00Z")), IsOkAndHolds(1U));
  EXPECT_EQ(inv_->reservation_by_key("cart-1").value().status, reservation_status::lapsed);
  EXPECT_EQ(inv_->reservation_by_key("cart-1").value().lapsed, q("3"));
  EXPECT_EQ(atp(soap, east), q("4"));
  // A lapsed reservation is resolved.
  EXPECT_THAT(ship("cart-1", "s1", soap, east, "1"), HasError(errc::already_resolved));

  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->advance_reservation_clock(at("2026-11-27T09:00:00Z")),
              HasError(errc::clock_regression));
  // Setting the time the clock has changes nothing.
  EXPECT_THAT(inv_->advance_reservation_clock(at("2026-11-27T09:30:00Z")), IsOkAndHolds(0U));
  EXPECT_THAT(reserve("cart-3", soap, east, "1", {}, at("2026-11-27T09:30:00Z")),
              HasError(errc::invalid_parameter));
  EXPECT_EQ(inv_->log_position(), before);

  EXPECT_THAT(inv_->advance_reservation_clock(at("2026-11-28T00:00:00Z")), IsOkAndHolds(1U));
  EXPECT_EQ(atp(soap, east), q("8"));
  EXPECT_EQ(held("order"), q("2"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, HeldAndExpiredLotsAreNotPromised) {
  ASSERT_THAT(receive("r1", serum, east, "5", fresh), IsOk());
  ASSERT_THAT(receive("r2", serum, east, "3", old), IsOk());
  EXPECT_EQ(atp(serum, east), q("8"));
  ASSERT_THAT(inv_->set_lot_status(fresh, lot_status::on_hold), IsOk());
  auto p = inv_->available_to_promise(serum, east).value();
  EXPECT_EQ(p.quarantined, q("5"));
  EXPECT_EQ(p.available, q("3"));
  // L-OLD expires 2026-12-15: usable on that day, not the day after.
  now_ = at("2026-12-15T23:00:00Z");
  EXPECT_EQ(atp(serum, east), q("3"));
  now_ = at("2026-12-16T00:00:00Z");
  EXPECT_EQ(atp(serum, east), q("0"));
  EXPECT_THAT(reserve("x", serum, east, "1"), HasError(errc::insufficient_stock));
}

TEST_F(ReservationTest, AChannelNeverTakesAnotherChannelsRemainingQuota) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(inv_->set_channel_quota(
                  {.item = soap, .location = east, .channel = "wholesale", .value = q("6")}),
              IsOk());
  // web: 10 usable − 6 fenced for wholesale; wholesale: everything.
  EXPECT_EQ(atp(soap, east, "web"), q("4"));
  EXPECT_EQ(atp(soap, east), q("4"));
  EXPECT_EQ(atp(soap, east, "wholesale"), q("10"));
  EXPECT_THAT(reserve("web-1", soap, east, "5", "web"), HasError(errc::insufficient_stock));
  ASSERT_THAT(reserve("ws-1", soap, east, "4", "wholesale"), IsOk());
  // remaining_wholesale = 6 − 4 = 2; web: 10 − 4 − 2.
  EXPECT_EQ(atp(soap, east, "web"), q("4"));
  ASSERT_THAT(reserve("web-1", soap, east, "3", "web"), IsOk());
  // wholesale: 10 − 7 committed, no other quota.
  EXPECT_EQ(atp(soap, east, "wholesale"), q("3"));
  EXPECT_EQ(atp(soap, east, "web"), q("1"));
  // Shipping wholesale's reservation restores its quota: a standing level.
  ASSERT_THAT(ship("ws-1", "ship-ws", soap, east, "4"), IsOk());
  // 6 usable, 3 reserved (web), wholesale's remaining back to 6: web gets 0.
  EXPECT_EQ(atp(soap, east, "web"), q("0"));
  EXPECT_EQ(atp(soap, east, "wholesale"), q("3"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ReservationTest, AShareQuotaFollowsUsableStockRoundedDownToTheUnit) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(inv_->set_channel_quota({.item = soap,
                                       .location = east,
                                       .channel = "wholesale",
                                       .kind = quota_kind::share,
                                       .value = q("0.25")}),
              IsOk());
  // 0.25 × 10 = 2.5, rounded down to whole units: 2 fenced.
  EXPECT_EQ(atp(soap, east, "web"), q("8"));
  ASSERT_THAT(receive("r2", soap, east, "2"), IsOk());
  EXPECT_EQ(atp(soap, east, "web"), q("9"));
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->set_channel_quota({.item = soap,
                                       .location = east,
                                       .channel = "wholesale",
                                       .kind = quota_kind::share,
                                       .value = q("1.5")}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(inv_->set_channel_quota(
                  {.item = soap, .location = east_bin, .channel = "wholesale", .value = q("1")}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(
      inv_->set_channel_quota({.item = soap, .location = east, .channel = "", .value = q("1")}),
      HasError(errc::malformed_input));
  EXPECT_THAT(
      inv_->set_channel_quota({.item = soap, .location = west, .channel = "web", .value = q("-1")}),
      HasError(errc::invalid_quantity));
  // The same quota again changes nothing.
  EXPECT_THAT(inv_->set_channel_quota({.item = soap,
                                       .location = east,
                                       .channel = "wholesale",
                                       .kind = quota_kind::share,
                                       .value = q("0.25")}),
              IsOk());
  EXPECT_EQ(inv_->log_position(), before);
  // Zero removes it.
  ASSERT_THAT(inv_->set_channel_quota(
                  {.item = soap, .location = east, .channel = "wholesale", .value = q("0")}),
              IsOk());
  EXPECT_EQ(atp(soap, east, "web"), q("12"));
}

TEST_F(ReservationTest, ReplayRebuildsTheReservationsExactly) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(
      inv_->set_channel_quota({.item = soap, .location = east, .channel = "b2b", .value = q("3")}),
      IsOk());
  ASSERT_THAT(reserve("a", soap, east, "4", "web", at("2026-11-28T00:00:00Z")), IsOk());
  ASSERT_THAT(reserve("b", soap, east_bin, "2", "b2b"), IsOk());
  ASSERT_THAT(ship("b", "s-b", soap, east_bin, "1"), IsOk());
  ASSERT_THAT(inv_->release_reservation({.key = "rel", .reservation = "b"}), IsOk());
  ASSERT_THAT(inv_->advance_reservation_clock(at("2026-11-29T00:00:00Z")), IsOk());
  ASSERT_THAT(inv_->verify(), IsOk());
  // The log read into a second inventory gives identical projections.
  auto copy = std::make_unique<memory_store>();
  std::vector<event_record> records;
  ASSERT_THAT(store_->read(0, 1'000, records), IsOk());
  std::vector<event_view> views(records.begin(), records.end());
  ASSERT_THAT(copy->append(views, 0), IsOk());
  auto second = inventory::open(std::move(copy)).value();
  EXPECT_TRUE(second.same_state(*inv_));
  EXPECT_EQ(second.reservation_by_key("a").value().status, reservation_status::lapsed);
  EXPECT_EQ(second.reservation_by_key("b").value().committed, q("1"));
}

}  // namespace
}  // namespace onhand::testing
