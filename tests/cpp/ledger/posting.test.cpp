// SPDX-License-Identifier: Apache-2.0
// Posting documents: double entry, atomicity, idempotency, back-dating,
// reversal, lots and serials, and every error with the state unchanged.
#include <stdexcept>

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"
#include "shared_store.hpp"

namespace onhand {
namespace {

using testing::at;
using testing::HasError;
using testing::IsOk;
using testing::LedgerTest;
using testing::level;
using testing::q;

using Posting = LedgerTest;

TEST_F(Posting, ReceiptAndShipmentAreDoubleEntry) {
  ASSERT_THAT(receive("po-1/1", soap, east, "100"), IsOk());
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "30")),
              IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("70"));
  EXPECT_EQ(inv_->on_hand(soap, vendor), level("-100"));
  EXPECT_EQ(inv_->on_hand(soap, customer), level("30"));
  EXPECT_EQ(inv_->totals(soap).on_hand, level("70"));  // virtual locations excluded
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, ReturnsPostingWithTimes) {
  now_ = at("2026-11-27T10:00:00Z");
  auto posted = receive("po-1/1", soap, east, "5");
  ASSERT_THAT(posted, IsOk());
  EXPECT_EQ(posted->document, document_id{0});
  EXPECT_EQ(posted->effective, now_);
  EXPECT_EQ(posted->recorded, now_);
  EXPECT_FALSE(posted->replayed);
  auto second = receive("po-1/2", soap, east, "5");
  EXPECT_EQ(second->document, document_id{1});
  EXPECT_EQ(second->log_position, posted->log_position + 1);
}

TEST_F(Posting, MultiLineDocumentsAreAtomic) {
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  const auto before = inv_->log_position();
  movement_document transfer{
      .key = "tr-1",
      .reason = movement_reason::transfer,
      .lines = {{.item = soap, .from = east, .to = west, .amount = q("6")},
                {.item = soap, .from = east, .to = south, .amount = q("6")}}};  // 12 > 10
  auto failed = inv_->post(transfer);
  ASSERT_THAT(failed, HasError(errc::insufficient_stock));
  EXPECT_EQ(failed.error().context.requested, q("12"));
  EXPECT_EQ(failed.error().context.available, q("10"));
  EXPECT_EQ(failed.error().context.location, "3PL-EAST");
  EXPECT_EQ(failed.error().context.document, "tr-1");
  // Both lines draw on the short account: the error names each.
  EXPECT_EQ(failed.error().message,
            "'SOAP' at '3PL-EAST': 12 requested, 10 available; line 0 takes 6, line 1 takes 6");
  ASSERT_EQ(failed.error().context.lines.size(), 2U);
  EXPECT_EQ(failed.error().context.lines[1].line, 1U);
  EXPECT_EQ(failed.error().context.lines[1].requested, q("6"));
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
  EXPECT_EQ(inv_->on_hand(soap, west), level("0"));
  EXPECT_EQ(inv_->log_position(), before);
  transfer.lines[1].amount = q("4");
  ASSERT_THAT(inv_->post(transfer), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
  EXPECT_EQ(inv_->on_hand(soap, west), level("6"));
  EXPECT_EQ(inv_->on_hand(soap, south), level("4"));
}

TEST_F(Posting, NegativeStockOnlyWhereThePolicyAllows) {
  auto refused = inv_->post(doc("adj-1", movement_reason::adjustment, soap, east, loss, "1"));
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().kind(), error_kind::failed_precondition);
  ASSERT_THAT(inv_->post(doc("adj-2", movement_reason::adjustment, soap, south, loss, "3")),
              IsOk());
  EXPECT_EQ(inv_->on_hand(soap, south), level("-3"));
  EXPECT_EQ(inv_->on_hand(soap, loss), level("3"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, RetryWithSameKeyTakesEffectOnce) {
  const auto original = receive("po-7/1", soap, east, "12");
  ASSERT_THAT(original, IsOk());
  now_ += std::chrono::hours{1};  // a retry arrives later: the recorded time stays the original
  const auto retry = receive("po-7/1", soap, east, "12");
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(*retry, *original);
  EXPECT_EQ(inv_->on_hand(soap, east), level("12"));
  const auto before = inv_->log_position();
  auto conflict = receive("po-7/1", soap, east, "13");
  ASSERT_THAT(conflict, HasError(errc::idempotency_conflict));
  EXPECT_EQ(conflict.error().context.document, "po-7/1");
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(inv_->on_hand(soap, east), level("12"));
}

TEST_F(Posting, RetryIsAnsweredEvenWhenStockHasSinceMoved) {
  ASSERT_THAT(receive("po-1", soap, east, "5"), IsOk());
  const auto shipped =
      inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "5"));
  ASSERT_THAT(shipped, IsOk());
  // Revalidating would fail (no stock left); the retry gets the original outcome.
  const auto retry = inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "5"));
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
}

TEST_F(Posting, RejectsBadLinesAndChangesNothing) {
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  const auto before = inv_->log_position();
  auto bad = [&](movement_document d, errc code) {
    auto r = inv_->post(d);
    EXPECT_THAT(r, HasError(code)) << d.key;
  };
  bad(doc("z", movement_reason::transfer, soap, east, west, "0"), errc::invalid_quantity);
  bad(doc("n", movement_reason::transfer, soap, east, west, "-1"), errc::invalid_quantity);
  bad(doc("p", movement_reason::transfer, soap, east, west, "0.5"), errc::precision_exceeded);
  bad(doc("u", movement_reason::transfer, item_id{99}, east, west, "1"), errc::unknown_code);
  bad(doc("l", movement_reason::transfer, soap, location_id{99}, west, "1"), errc::unknown_code);
  bad(doc("s", movement_reason::transfer, soap, east, east, "1"), errc::invalid_location);
  bad(doc("t", movement_reason::transfer, soap, east, west, "1", fresh), errc::tracking_mismatch);
  bad(doc("m", movement_reason::receipt, serum, vendor, east, "1"), errc::tracking_mismatch);
  bad(doc("", movement_reason::transfer, soap, east, west, "1"), errc::malformed_input);
  bad(movement_document{.key = "empty"}, errc::malformed_input);
  auto long_note = doc("ref", movement_reason::transfer, soap, east, west, "1");
  long_note.reference.note = std::string(2'000, 'x');
  bad(long_note, errc::malformed_input);
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, ReportsTheErrorOfHighestPrecedence) {
  movement_document d{.key = "multi",
                      .lines = {{.item = soap, .from = east, .to = west, .amount = q("0")},
                                {.item = item_id{42}, .from = east, .to = west, .amount = q("1")}}};
  auto r = inv_->post(d);
  ASSERT_THAT(r, HasError(errc::unknown_code));  // precedes invalid_quantity
  EXPECT_EQ(r.error().context.line, 1U);
}

TEST_F(Posting, AReusedKeyOutranksEveryContentFaultButUnreadableInput) {
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  const auto before = inv_->log_position();
  // The error table ranks idempotency_conflict above unknown_code,
  // invalid_quantity, insufficient_stock...: the key decides.
  auto conflict = [&](movement_document d) {
    d.key = "po-1";
    EXPECT_THAT(inv_->post(d), HasError(errc::idempotency_conflict));
  };
  conflict(doc("", movement_reason::receipt, item_id{99}, vendor, east, "1"));
  conflict(doc("", movement_reason::receipt, soap, vendor, east, "0"));
  conflict(doc("", movement_reason::receipt, soap, vendor, east, "0.5"));
  conflict(doc("", movement_reason::receipt, soap, vendor, east, "1", fresh));
  conflict(doc("", movement_reason::shipment, soap, east, customer, "11"));
  auto too_old = doc("", movement_reason::receipt, soap, vendor, east, "10");
  too_old.effective = now_ - std::chrono::days{90};
  conflict(too_old);
  // Only malformed input outranks the conflict.
  EXPECT_THAT(inv_->post(movement_document{.key = "po-1"}), HasError(errc::malformed_input));
  auto long_note = doc("po-1", movement_reason::receipt, soap, vendor, east, "10");
  long_note.reference.note = std::string(2'000, 'x');
  EXPECT_THAT(inv_->post(long_note), HasError(errc::malformed_input));
  // By codes too: a line that does not resolve does not hide the key.
  auto by_code = receipt("po-1", {.item = "NOPE", .amount = q("1")}, "3PL-EAST", "VENDOR");
  EXPECT_THAT(inv_->post(by_code), HasError(errc::idempotency_conflict));
  by_code.lines[0].item = "SOAP";
  by_code.lines[0].lot = "L-FRESH";
  EXPECT_THAT(inv_->post(by_code), HasError(errc::idempotency_conflict));
  by_code.lines.clear();
  EXPECT_THAT(inv_->post(by_code), HasError(errc::malformed_input));
  // A reversal of an unknown document under a key that is taken.
  EXPECT_THAT(inv_->reverse("no-such", "po-1"), HasError(errc::idempotency_conflict));
  EXPECT_THAT(inv_->reverse("no-such", "free-key"), HasError(errc::unknown_code));
  // The retry itself is still answered with the original.
  auto retry = receive("po-1", soap, east, "10");
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, KilogramsKeepThreeDecimals) {
  ASSERT_THAT(receive("po-f", flour, east, "12.345"), IsOk());
  EXPECT_THAT(receive("po-g", flour, east, "0.0005"), HasError(errc::precision_exceeded));
  EXPECT_EQ(inv_->on_hand(flour, east), level("12.345"));
}

TEST_F(Posting, BackDatedPostingIsCheckedAgainstEveryLaterBalance) {
  now_ = at("2026-11-20T09:00:00Z");
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  now_ = at("2026-11-25T09:00:00Z");
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "8")),
              IsOk());
  now_ = at("2026-11-27T09:00:00Z");
  // On the 22nd there were 10, but taking 5 then leaves -3 after the 25th.
  auto late = doc("so-0", movement_reason::shipment, soap, east, customer, "5");
  late.effective = at("2026-11-22T12:00:00Z");
  auto refused = inv_->post(late);
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().context.available, q("2"));
  EXPECT_NE(refused.error().message.find("later point in time"), std::string::npos);
  late.lines[0].amount = q("2");
  ASSERT_THAT(inv_->post(late), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
  EXPECT_EQ(inv_->on_hand_as_of(soap, east, at("2026-11-23T00:00:00Z")), level("8"));
  EXPECT_EQ(inv_->on_hand_as_of(soap, east, at("2026-11-21T00:00:00Z")), level("10"));
  EXPECT_EQ(inv_->on_hand_as_of(soap, east, at("2026-11-19T00:00:00Z")), level("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, BackDatingHasAWindow) {
  auto too_old = doc("po-old", movement_reason::receipt, soap, vendor, east, "1");
  too_old.effective = now_ - std::chrono::days{32};
  EXPECT_THAT(inv_->post(too_old), HasError(errc::backdate_not_allowed));
  auto future = doc("po-future", movement_reason::receipt, soap, vendor, east, "1");
  future.effective = now_ + std::chrono::hours{1};
  EXPECT_THAT(inv_->post(future), HasError(errc::backdate_not_allowed));
  future.effective = now_ + std::chrono::minutes{4};  // within clock-skew tolerance
  EXPECT_THAT(inv_->post(future), IsOk());
}

TEST_F(Posting, TheWindowRefusalStatesTheLimit) {
  auto too_old = doc("po-old", movement_reason::receipt, soap, vendor, east, "1");
  too_old.effective = now_ - std::chrono::days{32};
  auto refused = inv_->post(too_old);
  ASSERT_THAT(refused, HasError(errc::backdate_not_allowed));
  EXPECT_EQ(refused.error().context.field, "effective");
  EXPECT_NE(refused.error().message.find("31 days"), std::string::npos) << refused.error().message;
  auto future = doc("po-future", movement_reason::receipt, soap, vendor, east, "1");
  future.effective = now_ + std::chrono::hours{1};
  refused = inv_->post(future);
  EXPECT_NE(refused.error().message.find("5 minutes"), std::string::npos)
      << refused.error().message;
}

// An inventory over a fresh memory store with `policy`, its clock at `now`.
auto open_with(ledger_policy policy, const timestamp& now) -> result<inventory> {
  inventory_options options;
  options.policy = policy;
  options.standard_locations = true;
  options.clock = [&now] { return now; };
  return inventory::open(std::make_unique<memory_store>(), std::move(options));
}

TEST(LedgerPolicy, AnUnlimitedWindowLoadsYearsOfHistory) {
  const auto now = at("2026-11-27T09:00:00Z");
  auto inv = open_with({.backdate_limit = ledger_policy::unlimited,
                        .future_limit = ledger_policy::unlimited},
                       now)
                 .value();
  ASSERT_THAT(inv.define_location({.code = "WH"}), IsOk());
  ASSERT_THAT(inv.define_item({.code = "SOAP"}), IsOk());
  auto old = receipt("po-2024", {.item = "SOAP", .amount = q("10")}, "WH");
  old.effective = at("2024-11-01T00:00:00Z");
  ASSERT_THAT(inv.post(old), IsOk());
  auto ancient = shipment("so-1990", {.item = "SOAP", .amount = q("1")}, "WH");
  ancient.effective = at("1990-01-01T00:00:00Z");  // before the stock came: refused by stock only
  EXPECT_THAT(inv.post(ancient), HasError(errc::insufficient_stock));
  auto later = shipment("so-2025", {.item = "SOAP", .amount = q("4")}, "WH");
  later.effective = at("2025-06-30T00:00:00Z");
  ASSERT_THAT(inv.post(later), IsOk());
  auto far_future = receipt("po-2099", {.item = "SOAP", .amount = q("1")}, "WH");
  far_future.effective = at("2099-01-01T00:00:00Z");
  ASSERT_THAT(inv.post(far_future), IsOk());
  const auto wh = inv.location_by_code("WH").value();
  const auto soap = inv.item_by_code("SOAP").value();
  EXPECT_EQ(inv.on_hand_as_of(soap, wh, at("2025-01-01T00:00:00Z")), level("10"));
  EXPECT_EQ(inv.on_hand_as_of(soap, wh, at("2026-01-01T00:00:00Z")), level("6"));
  EXPECT_THAT(inv.verify(), IsOk());
}

TEST(LedgerPolicy, ALimitOfZeroAllowsOnlyTheRecordedTime) {
  const auto now = at("2026-11-27T09:00:00Z");
  auto inv = open_with({.backdate_limit = {}, .future_limit = {}}, now).value();
  ASSERT_THAT(inv.define_location({.code = "WH"}), IsOk());
  ASSERT_THAT(inv.define_item({.code = "SOAP"}), IsOk());
  auto exact = receipt("po-1", {.item = "SOAP", .amount = q("1")}, "WH");
  exact.effective = now;
  EXPECT_THAT(inv.post(exact), IsOk());
  auto early = receipt("po-2", {.item = "SOAP", .amount = q("1")}, "WH");
  early.effective = now - std::chrono::microseconds{1};
  EXPECT_THAT(inv.post(early), HasError(errc::backdate_not_allowed));
}

TEST(LedgerPolicy, ANegativeLimitFailsTheOpen) {
  const auto now = at("2026-11-27T09:00:00Z");
  auto opened = open_with({.backdate_limit = std::chrono::days{-1}}, now);
  ASSERT_THAT(opened, HasError(errc::invalid_parameter));
  EXPECT_EQ(opened.error().context.field, "backdate_limit");
  EXPECT_THAT(open_with({.future_limit = std::chrono::minutes{-5}}, now),
              HasError(errc::invalid_parameter));
}

TEST(LedgerPolicy, AThrowingClockLeavesThePostingBeforeAnythingChanges) {
  bool fail = false;
  inventory_options options;
  options.clock = [&fail] {
    if (fail) throw std::runtime_error("clock unreachable");
    return at("2026-11-27T09:00:00Z");
  };
  options.standard_locations = true;
  auto inv = inventory::open(std::make_unique<memory_store>(), std::move(options)).value();
  ASSERT_THAT(inv.define_location({.code = "WH"}), IsOk());
  ASSERT_THAT(inv.define_item({.code = "SOAP"}), IsOk());
  ASSERT_THAT(inv.post(receipt("po-1", {.item = "SOAP", .amount = q("3")}, "WH")), IsOk());
  const auto before = inv.log_position();
  fail = true;
  EXPECT_THROW((void)inv.post(receipt("po-2", {.item = "SOAP", .amount = q("1")}, "WH")),
               std::runtime_error);
  EXPECT_EQ(inv.log_position(), before);
  fail = false;  // the lock was not left held
  ASSERT_THAT(inv.post(receipt("po-2", {.item = "SOAP", .amount = q("1")}, "WH")), IsOk());
  EXPECT_THAT(inv.verify(), IsOk());
}

TEST_F(Posting, ADocumentIsOneInstantForPostingAndVerifyAlike) {
  // A line may draw on stock another line of the same document brings: WEST
  // gives 5 to TRANSIT before it receives 5 from EAST, within one document.
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  movement_document chained{.key = "tr-1",
                            .reason = movement_reason::transfer,
                            .lines = {{.item = soap, .from = west, .to = transit, .amount = q("5")},
                                      {.item = soap, .from = east, .to = west, .amount = q("5")}}};
  ASSERT_THAT(inv_->post(chained), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, west), level("0"));
  EXPECT_EQ(inv_->on_hand(soap, transit), level("5"));
  EXPECT_THAT(inv_->verify(), IsOk());
  auto copy = inventory::open(testing::copy_log(*store_)).value();
  EXPECT_TRUE(copy.same_state(*inv_));
  EXPECT_THAT(copy.verify(), IsOk());
}

TEST_F(Posting, ABackDatedPostingSeesALaterDocumentAsOneInstant) {
  // WEST holds 3. Later, one document passes 5 through WEST (out first, then
  // in): WEST never dips within it. A shipment back-dated before that
  // document may take all 3.
  now_ = at("2026-11-20T09:00:00Z");
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  ASSERT_THAT(receive("po-2", soap, west, "3"), IsOk());
  now_ = at("2026-11-25T09:00:00Z");
  movement_document chained{.key = "tr-1",
                            .lines = {{.item = soap, .from = west, .to = transit, .amount = q("5")},
                                      {.item = soap, .from = east, .to = west, .amount = q("5")}}};
  ASSERT_THAT(inv_->post(chained), IsOk());
  now_ = at("2026-11-27T09:00:00Z");
  auto late = doc("so-1", movement_reason::shipment, soap, west, customer, "3");
  late.effective = at("2026-11-22T00:00:00Z");
  ASSERT_THAT(inv_->post(late), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, west), level("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
  auto more = doc("so-2", movement_reason::shipment, soap, east, customer, "6");
  more.effective = at("2026-11-21T00:00:00Z");  // EAST keeps 5 after the 25th: 6 is too many
  auto refused = inv_->post(more);
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().context.available, q("5"));
}

TEST_F(Posting, PostingsAtOneInstantAreOrderedByRecordingAndALateOneComesAfterEach) {
  const auto instant = at("2026-11-24T12:00:00Z");
  now_ = at("2026-11-20T09:00:00Z");
  ASSERT_THAT(receive("po-0", soap, east, "5"), IsOk());
  // At one instant: a shipment of 5 (EAST at 0), then a receipt of 5 (EAST at 5).
  now_ = at("2026-11-25T09:00:00Z");
  auto ship = doc("so-1", movement_reason::shipment, soap, east, customer, "5");
  ship.effective = instant;
  ASSERT_THAT(inv_->post(ship), IsOk());
  now_ = at("2026-11-26T09:00:00Z");
  auto refill = doc("po-1", movement_reason::receipt, soap, vendor, east, "5");
  refill.effective = instant;
  ASSERT_THAT(inv_->post(refill), IsOk());
  // A shipment back-dated into that instant is recorded last, so it comes
  // after both: it sees 5, not the 0 between them.
  now_ = at("2026-11-27T09:00:00Z");
  auto late = doc("so-2", movement_reason::shipment, soap, east, customer, "3");
  late.effective = instant;
  ASSERT_THAT(inv_->post(late), IsOk());
  auto too_many = doc("so-3", movement_reason::shipment, soap, east, customer, "3");
  too_many.effective = instant;
  auto refused = inv_->post(too_many);
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().context.available, q("2"));
  const auto rows = inv_->history(soap, east);
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[1].key, "so-1");
  EXPECT_EQ(rows[2].key, "po-1");
  EXPECT_EQ(rows[3].key, "so-2");
  EXPECT_EQ(rows[1].running_balance, level("0"));
  EXPECT_EQ(rows[3].running_balance, level("2"));
  EXPECT_EQ(inv_->on_hand_as_of(soap, east, instant), level("2"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, ALateOneAtAnInstantIsCheckedAfterTheLastPostingThere) {
  // The other way round: a receipt of 5, then a shipment of 5, at one
  // instant. A shipment back-dated into it comes after both and finds 0,
  // although 5 were there between them.
  const auto instant = at("2026-11-24T12:00:00Z");
  now_ = at("2026-11-25T09:00:00Z");
  auto in = doc("po-1", movement_reason::receipt, soap, vendor, east, "5");
  in.effective = instant;
  ASSERT_THAT(inv_->post(in), IsOk());
  auto out = doc("so-1", movement_reason::shipment, soap, east, customer, "5");
  out.effective = instant;
  ASSERT_THAT(inv_->post(out), IsOk());
  now_ = at("2026-11-27T09:00:00Z");
  auto late = doc("so-2", movement_reason::shipment, soap, east, customer, "1");
  late.effective = instant;
  const auto before = inv_->log_position();
  ASSERT_THAT(inv_->post(late), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  // Just before the instant there was nothing either.
  late.effective = instant - std::chrono::microseconds{1};
  ASSERT_THAT(inv_->post(late), HasError(errc::insufficient_stock));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, ReversalCompensatesOnceAndNeverDeletes) {
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  auto reversed = inv_->reverse("po-1", "po-1/rev");
  ASSERT_THAT(reversed, IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
  EXPECT_EQ(inv_->on_hand(soap, vendor), level("0"));
  EXPECT_EQ(inv_->history(soap, east).size(), 2U);  // both documents stay
  // A retry of the same reversal replays; a second reversal is refused.
  auto retry = inv_->reverse("po-1", "po-1/rev");
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_THAT(inv_->reverse("po-1", "po-1/rev2"), HasError(errc::already_reversed));
  EXPECT_THAT(inv_->reverse("po-1/rev", "po-1/rev/rev"), HasError(errc::already_reversed));
  EXPECT_THAT(inv_->reverse("nope", "nope/rev"), HasError(errc::unknown_code));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, ReversalNeedsTheStockBack) {
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "4")),
              IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(inv_->reverse("po-1", "po-1/rev"), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  ASSERT_THAT(inv_->reverse("so-1", "so-1/rev"), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
}

TEST_F(Posting, ExpiredAndQuarantinedLotsDoNotShip) {
  ASSERT_THAT(receive("po-1", serum, east, "10", old), IsOk());
  ASSERT_THAT(receive("po-2", serum, east, "10", fresh), IsOk());
  now_ = at("2026-12-20T09:00:00Z");  // L-OLD expired on the 15th
  auto expired =
      inv_->post(doc("so-1", movement_reason::shipment, serum, east, customer, "1", old));
  ASSERT_THAT(expired, HasError(errc::lot_expired));
  EXPECT_EQ(expired.error().context.lot, "L-OLD");
  ASSERT_THAT(inv_->post(doc("sc-1", movement_reason::scrap, serum, east, scrap, "10", old)),
              IsOk());
  ASSERT_THAT(inv_->set_lot_status(fresh, lot_status::recalled), IsOk());
  EXPECT_THAT(inv_->post(doc("so-2", movement_reason::shipment, serum, east, customer, "1", fresh)),
              HasError(errc::lot_quarantined));
  ASSERT_THAT(inv_->post(doc("rtv-1", movement_reason::returned, serum, east, vendor, "10", fresh)),
              IsOk());
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Posting, SerialNumbersAreInOnePlaceAtMost) {
  const auto serial = inv_->define_lot({.item = "LAPTOP", .code = "SN-0001"}).value();
  ASSERT_THAT(receive("po-1", laptop, east, "1", serial), IsOk());
  auto twice = receive("po-2", laptop, west, "1", serial);
  ASSERT_THAT(twice, HasError(errc::tracking_mismatch));
  EXPECT_EQ(twice.error().context.lot, "SN-0001");
  EXPECT_THAT(receive("po-3", laptop, east, "2", serial), HasError(errc::invalid_quantity));
  ASSERT_THAT(
      inv_->post(doc("tr-1", movement_reason::transfer, laptop, east, transit, "1", serial)),
      IsOk());
  ASSERT_THAT(
      inv_->post(doc("so-1", movement_reason::shipment, laptop, transit, customer, "1", serial)),
      IsOk());
  // Shipped, so it may come back as a return.
  EXPECT_THAT(
      inv_->post(doc("rma-1", movement_reason::returned, laptop, customer, east, "1", serial)),
      IsOk());
}

TEST_F(Posting, FailedAppendLeavesNoTrace) {
  ASSERT_THAT(receive("po-1", soap, east, "10"), IsOk());
  store_->fail_appends(errc::store_unavailable);
  const auto before = inv_->log_position();
  auto failed = inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "3"));
  ASSERT_THAT(failed, HasError(errc::store_unavailable));
  EXPECT_EQ(failed.error().kind(), error_kind::unavailable);
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
  EXPECT_THAT(inv_->verify(), IsOk());
  // The same key can be used once the store is back.
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, east, customer, "3")),
              IsOk());
  EXPECT_EQ(inv_->on_hand(soap, east), level("7"));
}

TEST_F(Posting, ResolvesCodesAndUnits) {
  auto line = inv_->resolve(
      {.item = "SOAP", .amount = q("2"), .unit = "case", .from = "VENDOR", .to = "3PL-EAST"});
  ASSERT_THAT(line, IsOk());
  EXPECT_EQ(line->amount, q("24"));
  EXPECT_EQ(line->item, soap);
  EXPECT_THAT(
      inv_->resolve(
          {.item = "SOAP", .amount = q("1"), .unit = "pallet", .from = "VENDOR", .to = "3PL-EAST"}),
      HasError(errc::unit_mismatch));
  EXPECT_THAT(
      inv_->resolve({.item = "SOAP", .amount = q("0.5"), .from = "VENDOR", .to = "3PL-EAST"}),
      HasError(errc::precision_exceeded));
  EXPECT_THAT(inv_->resolve({.item = "SOAP", .amount = q("1"), .from = "MOON", .to = "3PL-EAST"}),
              HasError(errc::unknown_code));
  auto lot = inv_->resolve(
      {.item = "SERUM", .amount = q("1"), .from = "VENDOR", .to = "3PL-EAST", .lot = "L-NONE"});
  ASSERT_THAT(lot, HasError(errc::unknown_code));
  EXPECT_EQ(lot.error().context.lot, "L-NONE");
}

TEST_F(Posting, ReplayRebuildsIdenticalState) {
  ASSERT_THAT(receive("po-1", serum, east_bin, "10", fresh), IsOk());
  ASSERT_THAT(receive("po-2", soap, west, "7"), IsOk());
  ASSERT_THAT(inv_->set_lot_status(old, lot_status::on_hold), IsOk());
  ASSERT_THAT(inv_->reverse("po-2", "po-2/rev"), IsOk());
  auto copy = inventory::open(testing::copy_log(*store_));
  ASSERT_THAT(copy, IsOk());
  EXPECT_TRUE(copy->same_state(*inv_));
  EXPECT_EQ(copy->on_hand(serum, east_bin), level("10"));
  EXPECT_THAT(copy->verify(), IsOk());
}

TEST_F(Posting, WritersSharingALogCatchUpAndRevalidate) {
  auto log = std::make_shared<memory_store>();
  auto a = inventory::open(std::make_unique<testing::shared_store>(log)).value();
  auto b = inventory::open(std::make_unique<testing::shared_store>(log)).value();
  const auto item = a.define_item({.code = "SOAP"}).value();
  const auto supplier = a.define_location({.code = "V", .kind = location_kind::supplier}).value();
  const auto shop = a.define_location({.code = "SHOP"}).value();
  const auto buyer = a.define_location({.code = "C", .kind = location_kind::customer}).value();
  ASSERT_THAT(a.post({.key = "r",
                      .lines = {{.item = item, .from = supplier, .to = shop, .amount = q("1")}}}),
              IsOk());
  // b has not seen any of it; its append conflicts, it catches up, and the shipment is valid.
  ASSERT_THAT(
      b.post({.key = "s1", .lines = {{.item = item, .from = shop, .to = buyer, .amount = q("1")}}}),
      IsOk());
  // a is now stale: after catching up, the second shipment finds no stock.
  auto oversell =
      a.post({.key = "s2", .lines = {{.item = item, .from = shop, .to = buyer, .amount = q("1")}}});
  ASSERT_THAT(oversell, HasError(errc::insufficient_stock));
  EXPECT_EQ(a.on_hand(item, shop), level("0"));
  EXPECT_TRUE(a.same_state(b));
  // b retries a's key s1 from another instance: replayed, not doubled.
  auto replay =
      a.post({.key = "s1", .lines = {{.item = item, .from = shop, .to = buyer, .amount = q("1")}}});
  ASSERT_THAT(replay, IsOk());
  EXPECT_TRUE(replay->replayed);
}

}  // namespace
}  // namespace onhand
