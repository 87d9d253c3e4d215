// SPDX-License-Identifier: Apache-2.0
// Transfers between sites: the lifecycle (open, ship and receive in parts,
// close), discrepancies written off or found, every refusal and what it
// leaves unchanged, retries, the queries (in transit per destination with
// its ETA, scheduled receipts for time-phased ATP), and replay. Expected
// values are worked out by hand from the quantities in each test.
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/allocation/time_phased.hpp"
#include "onhand/events.hpp"
#include "onhand/orders/queries.hpp"
#include "onhand/storage/jsonl.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class TransferTest : public LedgerTest {
 protected:
  auto open(std::string key, std::vector<transfer_line> lines, const char* eta = "2026-12-01")
      -> result<transfer_id> {
    return inv_->open_transfer({.key = std::move(key),
                                .source = east,
                                .destination = west,
                                .transit = transit,
                                .eta = at(eta),
                                .lines = std::move(lines)});
  }
  static auto line(item_id item, const char* amount, lot_id lot = lot_id::none()) -> transfer_line {
    return {.item = item, .lot = lot, .amount = q(amount)};
  }
  auto ship(std::string key, std::string transfer, std::vector<transfer_line_amount> lines = {},
            std::optional<timestamp> eta = std::nullopt) -> result<posting> {
    return inv_->ship_transfer({.key = std::move(key),
                                .transfer = std::move(transfer),
                                .lines = std::move(lines),
                                .eta = eta});
  }
  auto arrive(std::string key, std::string transfer, std::vector<transfer_line_amount> lines = {})
      -> result<posting> {
    return inv_->receive_transfer(
        {.key = std::move(key), .transfer = std::move(transfer), .lines = std::move(lines)});
  }
  auto close(std::string key, std::string transfer, std::string reason = {},
             std::vector<transfer_line_amount> found = {}) -> result<std::optional<posting>> {
    return inv_->close_transfer({.key = std::move(key),
                                 .transfer = std::move(transfer),
                                 .loss = loss,
                                 .reason = std::move(reason),
                                 .found = std::move(found)});
  }
  static auto amount(std::size_t index, const char* value) -> transfer_line_amount {
    return {.line = index, .amount = q(value)};
  }
  auto order(std::string_view key) -> transfer_order { return inv_->transfer_by_key(key).value(); }
  auto in_transit_rows() -> std::vector<in_transit_row> {
    return inv_->read([](const state& s) { return in_transit_by_destination(s); });
  }
};

TEST_F(TransferTest, ShipsAndReceivesInPartsThenCloses) {
  ASSERT_THAT(receive("r1", soap, east, "100"), IsOk());
  ASSERT_THAT(open("TO-1", {line(soap, "40")}), IsOkAndHolds(transfer_id{0}));
  EXPECT_EQ(order("TO-1").status, transfer_status::open);

  ASSERT_THAT(ship("TO-1/s1", "TO-1", {amount(0, "30")}, at("2026-11-30")), IsOk());
  EXPECT_EQ(order("TO-1").status, transfer_status::shipped);
  ASSERT_THAT(ship("TO-1/s2", "TO-1"), IsOk());  // the remaining 10, at the order's ETA
  EXPECT_EQ(inv_->on_hand(soap, east), level("60"));
  EXPECT_EQ(inv_->on_hand(soap, transit), level("40"));
  EXPECT_EQ(inv_->totals(soap).in_transit, level("40"));
  EXPECT_EQ(inv_->totals(soap).owned, level("100"));

  ASSERT_THAT(arrive("TO-1/r1", "TO-1", {amount(0, "25")}), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, west), level("25"));
  EXPECT_EQ(inv_->totals(soap).in_transit, level("15"));
  // The receipt took from the first shipment: 5 of it is left, due 11-30, and all 10 of the second.
  EXPECT_THAT(in_transit_rows(),
              ::testing::ElementsAre(in_transit_row{soap, west, at("2026-11-30"), q("5")},
                                     in_transit_row{soap, west, at("2026-12-01"), q("10")}));

  ASSERT_THAT(arrive("TO-1/r2", "TO-1"), IsOk());
  EXPECT_EQ(order("TO-1").status, transfer_status::received);
  EXPECT_EQ(inv_->on_hand(soap, west), level("40"));
  EXPECT_TRUE(in_transit_rows().empty());

  auto closed = close("TO-1/close", "TO-1");
  ASSERT_THAT(closed, IsOk());
  EXPECT_FALSE(closed->has_value());  // nothing to write off: no document
  EXPECT_EQ(order("TO-1").status, transfer_status::closed);
  EXPECT_TRUE(inv_->read([](const state& s) { return open_transfers(s); }).empty());
  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

TEST_F(TransferTest, ClosingWritesOffWhatNeverArrivedWithItsReason) {
  ASSERT_THAT(receive("r1", soap, east, "50"), IsOk());
  ASSERT_THAT(open("TO-2", {line(soap, "40")}), IsOk());
  ASSERT_THAT(ship("s1", "TO-2"), IsOk());
  ASSERT_THAT(arrive("v1", "TO-2", {amount(0, "37")}), IsOk());
  auto closed = close("c1", "TO-2", "3 crushed in the truck");
  ASSERT_THAT(closed, IsOk());
  ASSERT_TRUE(closed->has_value());
  EXPECT_EQ(inv_->on_hand(soap, transit), level("0"));
  EXPECT_EQ(inv_->on_hand(soap, west), level("37"));
  EXPECT_EQ(inv_->on_hand(soap, loss), level("3"));
  const auto t = order("TO-2");
  EXPECT_EQ(t.written_off[0], q("3"));
  EXPECT_EQ(t.close_reason, "3 crushed in the truck");
  // The discrepancy document carries the reason and names the transfer.
  const auto reference =
      inv_->read([&](const state& s) { return s.ledger.document_reference((*closed)->document); });
  EXPECT_EQ(reference.note, "3 crushed in the truck");
  EXPECT_EQ(reference.external_document, "TO-2");
  // Conservation: 50 received from the vendor = east + transit + west + loss.
  EXPECT_EQ(inv_->on_hand(soap, east).from_zero() + q("37") + q("3"), q("50"));
  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

TEST_F(TransferTest, ClosingPostsWhatWasFoundBeyondTheShipment) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(open("TO-3", {line(soap, "10")}), IsOk());
  ASSERT_THAT(ship("s1", "TO-3"), IsOk());
  ASSERT_THAT(arrive("v1", "TO-3"), IsOk());
  ASSERT_THAT(close("c1", "TO-3", "2 extra in the pallet", {amount(0, "2")}), IsOk());
  EXPECT_EQ(inv_->on_hand(soap, west), level("12"));
  EXPECT_EQ(inv_->on_hand(soap, loss), level("-2"));
  EXPECT_EQ(order("TO-3").found[0], q("2"));
  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

TEST_F(TransferTest, ClosingCancelsWhatWasNeverShipped) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(open("TO-4", {line(soap, "10"), line(flour, "2.5")}), IsOk());
  ASSERT_THAT(ship("s1", "TO-4", {amount(0, "4")}), IsOk());
  ASSERT_THAT(arrive("v1", "TO-4"), IsOk());
  EXPECT_EQ(order("TO-4").status, transfer_status::shipped);
  ASSERT_THAT(close("c1", "TO-4"), IsOkAndHolds(std::nullopt));
  EXPECT_EQ(inv_->on_hand(soap, east), level("6"));
  EXPECT_EQ(order("TO-4").unshipped(0), q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(TransferTest, RefusalsAreTypedAndChangeNothing) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(open("TO-5", {line(soap, "8")}), IsOk());
  ASSERT_THAT(ship("s1", "TO-5", {amount(0, "5")}), IsOk());
  const auto before = inv_->log_position();
  const auto kept = order("TO-5");
  const auto unchanged = [&] {
    EXPECT_EQ(inv_->log_position(), before);
    EXPECT_EQ(order("TO-5"), kept);
    EXPECT_EQ(inv_->on_hand(soap, transit), level("5"));
  };

  auto more = arrive("v1", "TO-5", {amount(0, "6")});
  ASSERT_THAT(more, HasError(errc::exceeds_transfer));
  EXPECT_EQ(more.error().context.requested, q("6"));
  EXPECT_EQ(more.error().context.available, q("5"));
  unchanged();
  EXPECT_THAT(ship("s2", "TO-5", {amount(0, "4")}), HasError(errc::exceeds_transfer));
  unchanged();
  EXPECT_THAT(ship("s2", "TO-6"), HasError(errc::unknown_transfer));
  EXPECT_THAT(arrive("v1", "nope"), HasError(errc::unknown_transfer));
  EXPECT_THAT(inv_->transfer_by_key("nope"), HasError(errc::unknown_transfer));
  auto bad_line = ship("s2", "TO-5", {amount(1, "1")});
  ASSERT_THAT(bad_line, HasError(errc::invalid_parameter));
  EXPECT_EQ(bad_line.error().context.field, "lines");
  EXPECT_THAT(ship("s2", "TO-5", {amount(0, "1"), amount(0, "1")}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(ship("s2", "TO-5", {amount(0, "0")}), HasError(errc::invalid_quantity));
  EXPECT_THAT(ship("s2", "TO-5", {amount(0, "0.5")}), HasError(errc::precision_exceeded));
  EXPECT_THAT(ship("", "TO-5"), HasError(errc::malformed_input));
  // The key of a document posted before is another request's.
  EXPECT_THAT(ship("r1", "TO-5", {amount(0, "1")}), HasError(errc::idempotency_conflict));
  // A discrepancy needs an inventory_loss location and a reason.
  EXPECT_THAT(inv_->close_transfer({.key = "c1", .transfer = "TO-5", .loss = scrap, .reason = "x"}),
              HasError(errc::invalid_location));
  EXPECT_THAT(inv_->close_transfer({.key = "c1", .transfer = "TO-5", .reason = "x"}),
              HasError(errc::invalid_location));
  auto no_reason = close("c1", "TO-5");
  ASSERT_THAT(no_reason, HasError(errc::invalid_parameter));
  EXPECT_EQ(no_reason.error().context.field, "reason");
  unchanged();
  EXPECT_THAT(inv_->verify(), IsOk());

  ASSERT_THAT(close("c1", "TO-5", "lost"), IsOk());
  const auto closed_at = inv_->log_position();
  EXPECT_THAT(close("c2", "TO-5", "again"), HasError(errc::transfer_already_closed));
  EXPECT_THAT(ship("s3", "TO-5"), HasError(errc::transfer_already_closed));
  EXPECT_THAT(arrive("v3", "TO-5"), HasError(errc::transfer_already_closed));
  EXPECT_EQ(inv_->log_position(), closed_at);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(TransferTest, ShippingNeedsTheStockAtTheSource) {
  ASSERT_THAT(receive("r1", soap, east, "3"), IsOk());
  ASSERT_THAT(open("TO-7", {line(soap, "5")}), IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(ship("s1", "TO-7"), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(order("TO-7").shipped[0], q("0"));
  EXPECT_THAT(ship("s1", "TO-7", {amount(0, "3")}), IsOk());
}

TEST_F(TransferTest, OpeningChecksLocationsAndLines) {
  const auto open_with = [&](location_id source, location_id destination, location_id via,
                             std::vector<transfer_line> lines) {
    return inv_->open_transfer({.key = "TO-8",
                                .source = source,
                                .destination = destination,
                                .transit = via,
                                .eta = at("2026-12-01"),
                                .lines = std::move(lines)});
  };
  EXPECT_THAT(open_with(east, west, west, {line(soap, "1")}), HasError(errc::invalid_location));
  EXPECT_THAT(open_with(vendor, west, transit, {line(soap, "1")}),
              HasError(errc::invalid_location));
  EXPECT_THAT(open_with(east, transit, transit, {line(soap, "1")}),
              HasError(errc::invalid_location));
  EXPECT_THAT(open_with(east, east_bin, transit, {line(soap, "1")}),
              HasError(errc::invalid_location));
  EXPECT_THAT(open_with(east, west, location_id{999}, {line(soap, "1")}),
              HasError(errc::unknown_code));
  EXPECT_THAT(open_with(east, west, transit, {}), HasError(errc::invalid_parameter));
  EXPECT_THAT(open_with(east, west, transit, {line(soap, "-1")}), HasError(errc::invalid_quantity));
  EXPECT_THAT(open_with(east, west, transit, {line(serum, "1")}),
              HasError(errc::tracking_mismatch));
  EXPECT_THAT(open_with(east, west, transit, {line(soap, "1", fresh)}),
              HasError(errc::unknown_code));
  EXPECT_EQ(inv_->read([](const state& s) { return s.transfers.size(); }), 0U);
  // A retry returns the transfer; the key with another order is a conflict.
  ASSERT_THAT(open_with(east, west, transit, {line(serum, "1", fresh)}), IsOk());
  EXPECT_THAT(open_with(east, west, transit, {line(serum, "1", fresh)}),
              IsOkAndHolds(transfer_id{0}));
  EXPECT_THAT(open_with(east, west, transit, {line(serum, "2", fresh)}),
              HasError(errc::idempotency_conflict));
  EXPECT_EQ(inv_->read([](const state& s) { return s.transfers.size(); }), 1U);
}

TEST_F(TransferTest, RetriesReturnTheOriginalOutcome) {
  ASSERT_THAT(receive("r1", serum, east, "20", fresh), IsOk());
  ASSERT_THAT(open("TO-9", {line(serum, "20", fresh)}), IsOk());
  auto first = ship("s1", "TO-9", {amount(0, "12")});
  ASSERT_THAT(first, IsOk());
  const auto after = inv_->log_position();
  auto again = ship("s1", "TO-9", {amount(0, "12")});
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->document, first->document);
  EXPECT_EQ(inv_->log_position(), after);
  EXPECT_EQ(inv_->balance(serum, transit, fresh), level("12"));
  // The same key for a receipt is another request.
  EXPECT_THAT(arrive("s1", "TO-9"), HasError(errc::idempotency_conflict));
  ASSERT_THAT(arrive("v1", "TO-9"), IsOk());
  ASSERT_THAT(close("c1", "TO-9"), IsOk());
  EXPECT_THAT(close("c1", "TO-9"), IsOk());  // a retry of the close without a document
  EXPECT_THAT(close("s1", "TO-9"), HasError(errc::idempotency_conflict));
  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

TEST_F(TransferTest, ScheduledReceiptsFeedTimePhasedAtp) {
  ASSERT_THAT(receive("r1", soap, east, "100"), IsOk());
  ASSERT_THAT(receive("r2", soap, west, "5"), IsOk());
  ASSERT_THAT(open("TO-10", {line(soap, "50")}, "2026-12-03T15:00:00Z"), IsOk());
  ASSERT_THAT(ship("s1", "TO-10", {amount(0, "30")}, at("2026-11-29T10:00:00Z")), IsOk());
  const auto receipts =
      inv_->read([&](const state& s) { return transfer_receipts(s, soap, west); });
  ASSERT_EQ(receipts.size(), 1U);
  EXPECT_EQ(receipts[0].day, day("2026-11-29"));
  EXPECT_EQ(receipts[0].amount, q("30"));
  const auto with_unshipped =
      inv_->read([&](const state& s) { return transfer_receipts(s, soap, west, true); });
  ASSERT_EQ(with_unshipped.size(), 2U);
  EXPECT_EQ(with_unshipped[1].day, day("2026-12-03"));
  EXPECT_EQ(with_unshipped[1].amount, q("20"));
  // Nothing is scheduled for the source, or for another item.
  EXPECT_TRUE(inv_->read([&](const state& s) { return transfer_receipts(s, soap, east); }).empty());
  EXPECT_TRUE(
      inv_->read([&](const state& s) { return transfer_receipts(s, flour, west); }).empty());
  // West holds 5 and owes 20 on 11-28 and 12 on 11-30: by hand, S = 5, 5, 35, 35, ... and
  // D = 0, 20, 20, 32, ...; S - D = 5, -15, 15, 3, 3: ATP(d) = max(0, min over d' >= d).
  const std::vector<dated_quantity> demands{{day("2026-11-28"), q("20")},
                                            {day("2026-11-30"), q("12")}};
  auto buckets = time_phased_atp(q("5"), receipts, demands, day("2026-11-27"), 5);
  ASSERT_THAT(buckets, IsOk());
  std::vector<quantity> atp;
  for (const auto& b : *buckets) atp.push_back(b.atp);
  EXPECT_THAT(atp, ::testing::ElementsAre(q("0"), q("0"), q("3"), q("3"), q("3")));
}

TEST_F(TransferTest, ReplayRefusesAShipmentWithoutItsDocument) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(open("TO-11", {line(soap, "4")}), IsOk());
  // A log that ends after a shipment's event, without the document that moves it.
  std::vector<event_record> records;
  ASSERT_THAT(store_->read(0, 1'000, records), IsOk());
  auto copy = std::make_unique<memory_store>();
  std::vector<event_view> views(records.begin(), records.end());
  const auto shipped = encode(transfer_shipped{transfer_id{0}, at("2026-12-01"), {q("4")}});
  views.emplace_back(std::string_view{}, shipped);
  ASSERT_THAT(copy->append(views, 0), IsOk());
  EXPECT_THAT(inventory::open(std::move(copy)), HasError(errc::store_failure));

  // A shipment followed by a document that moves other lines.
  views.pop_back();
  const auto wrong =
      encode(document_posted{doc("s1", movement_reason::transfer, soap, east, transit, "3"),
                             {at("2026-11-27T09:00:00Z"), at("2026-11-27T09:00:00Z")}});
  views.emplace_back(std::string_view{}, shipped);
  views.emplace_back("s1", wrong);
  auto second = std::make_unique<memory_store>();
  ASSERT_THAT(second->append(views, 0), IsOk());
  EXPECT_THAT(inventory::open(std::move(second)), HasError(errc::store_failure));
}

TEST_F(TransferTest, JsonLinesCarryEveryTransferEventBackAndForth) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(receive("r2", serum, east, "5", fresh), IsOk());
  ASSERT_THAT(open("TO-12", {line(soap, "6"), line(serum, "5", fresh)}), IsOk());
  ASSERT_THAT(ship("s1", "TO-12"), IsOk());
  ASSERT_THAT(arrive("v1", "TO-12", {amount(0, "4")}), IsOk());
  ASSERT_THAT(close("c1", "TO-12", "short", {amount(1, "1")}), IsOk());
  ASSERT_THAT(open("TO-13", {line(soap, "1")}), IsOk());
  ASSERT_THAT(close("c2", "TO-13"), IsOk());
  auto copy = expect_jsonl_round_trip(
      {"transfer_opened", "transfer_shipped", "transfer_received", "transfer_closed"});
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->transfer_by_key("TO-12").value().found[1], q("1"));
}

}  // namespace
}  // namespace onhand::testing
