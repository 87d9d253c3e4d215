// SPDX-License-Identifier: Apache-2.0
// Customer returns of shipped sales-order lines: a walk worked by hand
// (resellable back to stock, damaged to a held location, too much
// refused), every refusal with the state left as it was, retries, a
// lot-tracked line returning into the lots it shipped, and replay, verify()
// and a snapshot over it all.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ledger_fixture.hpp"
#include "shared_store.hpp"

namespace onhand::testing {
namespace {

class SalesReturnTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    qc = define({.code = "RETURNS-QC", .hold = true});
  }

  // Orders `amount` of `item` from `site`, allocates and ships it all.
  void sell(const std::string& order, item_id item, location_id site, const char* amount) {
    ASSERT_THAT(
        inv_->create_sales_order(
            {.key = order,
             .customer = "SHOP-9",
             .locations = {site},
             .lines = {{.item = item, .amount = q(amount), .requested = day("2026-12-01")}}}),
        IsOk());
    ASSERT_THAT(inv_->allocate_sales_order({.order = order}), IsOk());
    ASSERT_THAT(inv_->ship_sales_order_line(
                    {.key = order + "/ship", .order = order, .line = 0, .to = customer}),
                IsOk());
  }
  auto give_back(std::string key, const char* amount, location_id to,
                 sales_return_reason reason = sales_return_reason::resellable,
                 std::string order = "SO-1", lot_id lot = lot_id::none(), std::size_t line = 0)
      -> result<posting> {
    return inv_->return_sales_order_line({.key = std::move(key),
                                          .order = std::move(order),
                                          .line = line,
                                          .amount = q(amount),
                                          .to = to,
                                          .reason = reason,
                                          .lot = lot});
  }
  auto level(item_id item, location_id at) -> quantity {
    return inv_->on_hand(item, at).from_zero();
  }
  auto level(item_id item, location_id at, lot_id lot) -> quantity {
    return inv_->read([&](const state& s) {
      return s.ledger.balance({item, at, lot}).from_zero();
    });
  }
  auto returned(std::string_view order) -> quantity {
    return inv_->sales_order_by_key(order).value().lines.at(0).returned;
  }
  auto log_position() -> std::uint64_t {
    return inv_->read([](const state& s) { return s.log_position; });
  }

  location_id qc;
};

TEST_F(SalesReturnTest, HandWorkedWalk) {
  ASSERT_THAT(receive("r-1", soap, east, "20"), IsOk());
  sell("SO-1", soap, east, "10");
  // 20 received, 10 shipped: east 10, the customer account +10 (the
  // vendor's −20 balances both).
  EXPECT_EQ(level(soap, east), q("10"));
  EXPECT_EQ(level(soap, customer), q("10"));

  // 3 resellable back to east: east 10 + 3 = 13, the customer 10 − 3 = 7.
  auto first = give_back("rt-1", "3", east);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(level(soap, east), q("13"));
  EXPECT_EQ(level(soap, customer), q("7"));
  EXPECT_EQ(returned("SO-1"), q("3"));
  EXPECT_EQ(inv_->position(soap, east, day("2026-11-27")).available, q("13"));
  inv_->read([&](const state& s) {
    const auto& header = s.ledger.document(first->document);
    EXPECT_EQ(header.reason, movement_reason::returned);
    EXPECT_EQ(s.keys.find("rt-1/1")->log_position, first->log_position);
    EXPECT_EQ(s.ledger.document_reference(first->document).external_document, "SO-1");
  });

  // 2 damaged to the held location: on hand there 2, all of it
  // quarantined; east stays 13; the line has 3 + 2 = 5 back.
  ASSERT_THAT(give_back("rt-2", "2", qc, sales_return_reason::damaged), IsOk());
  const auto held = inv_->position(soap, qc, day("2026-11-27"));
  EXPECT_EQ(held.on_hand.from_zero(), q("2"));
  EXPECT_EQ(held.quarantined, q("2"));
  EXPECT_EQ(held.available, q("0"));
  EXPECT_EQ(level(soap, east), q("13"));
  EXPECT_EQ(level(soap, customer), q("5"));
  EXPECT_EQ(returned("SO-1"), q("5"));
  const auto line = inv_->sales_order_by_key("SO-1").value().lines.at(0);
  EXPECT_EQ(line.shipped, q("10"));
  EXPECT_EQ(line.backordered, q("0"));

  // 6 more: only 10 − 5 = 5 are left to come back.
  const auto before = log_position();
  auto refused = give_back("rt-3", "6", east);
  ASSERT_THAT(refused, HasError(errc::exceeds_shipment));
  EXPECT_EQ(refused.error().context.requested, q("6"));
  EXPECT_EQ(refused.error().context.available, q("5"));
  EXPECT_EQ(log_position(), before);
  EXPECT_EQ(returned("SO-1"), q("5"));
  EXPECT_EQ(level(soap, east), q("13"));

  // The last 5 (expired) fit exactly; then nothing more does.
  ASSERT_THAT(give_back("rt-4", "5", qc, sales_return_reason::expired), IsOk());
  EXPECT_EQ(returned("SO-1"), q("10"));
  EXPECT_EQ(level(soap, qc), q("7"));
  EXPECT_EQ(level(soap, customer), q("0"));
  EXPECT_THAT(give_back("rt-5", "1", east), HasError(errc::exceeds_shipment));

  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
  expect_jsonl_round_trip({"sales_order_returned"});
}

TEST_F(SalesReturnTest, EveryRefusalLeavesTheStateAsItWas) {
  ASSERT_THAT(receive("r-1", soap, east, "20"), IsOk());
  sell("SO-1", soap, east, "10");
  ASSERT_THAT(inv_->create_sales_order(
                  {.key = "SO-2",
                   .locations = {east},
                   .lines = {{.item = soap, .amount = q("4"), .requested = day("2026-12-01")}}}),
              IsOk());
  ASSERT_THAT(inv_->allocate_sales_order({.order = "SO-2"}), IsOk());  // held, not shipped
  const auto before = log_position();
  const auto status = inv_->sales_order_by_key("SO-1").value();
  const auto east_before = level(soap, east);

  auto with = [&](auto change) {
    sales_return_request r{.key = "rt", .order = "SO-1", .line = 0, .amount = q("1"), .to = east};
    change(r);
    return inv_->return_sales_order_line(r);
  };
  using R = sales_return_request&;
  EXPECT_THAT(with([](R r) { r.key = ""; }), HasError(errc::malformed_input));
  EXPECT_THAT(with([](R r) { r.order = "SO-9"; }), HasError(errc::unknown_sales_order));
  EXPECT_THAT(with([](R r) { r.line = 1; }), HasError(errc::invalid_parameter));
  EXPECT_THAT(with([](R r) { r.amount = q("0"); }), HasError(errc::invalid_quantity));
  EXPECT_THAT(with([](R r) { r.amount = q("-1"); }), HasError(errc::invalid_quantity));
  EXPECT_THAT(with([](R r) { r.amount = q("0.5"); }), HasError(errc::precision_exceeded));
  EXPECT_THAT(with([](R r) { r.to = location_id{999}; }), HasError(errc::unknown_code));
  EXPECT_THAT(with([&](R r) { r.to = customer; }), HasError(errc::invalid_location));
  EXPECT_THAT(with([&](R r) { r.to = qc; }), HasError(errc::invalid_location));  // resellable
  EXPECT_THAT(with([](R r) { r.reason = sales_return_reason::damaged; }),        // east is not held
              HasError(errc::invalid_location));
  EXPECT_THAT(with([&](R r) { r.lot = fresh; }), HasError(errc::tracking_mismatch));
  EXPECT_THAT(with([&](R r) { r.from = location_id{999}; }), HasError(errc::unknown_code));
  EXPECT_THAT(with([&](R r) { r.from = west; }), HasError(errc::invalid_location));
  EXPECT_THAT(with([&](R r) { r.amount = q("11"); }), HasError(errc::exceeds_shipment));
  auto unshipped = with([](R r) { r.order = "SO-2"; });
  ASSERT_THAT(unshipped, HasError(errc::exceeds_shipment));
  EXPECT_EQ(unshipped.error().context.available, q("0"));
  // The document's key "rt/1" is taken by a posting.
  ASSERT_THAT(inv_->post(doc("rt/1", movement_reason::receipt, soap, vendor, west, "1")), IsOk());
  const auto after_post = log_position();
  EXPECT_THAT(with([](R) {}), HasError(errc::idempotency_conflict));

  EXPECT_EQ(log_position(), after_post);
  EXPECT_EQ(after_post, before + 1);
  EXPECT_EQ(inv_->sales_order_by_key("SO-1").value(), status);
  EXPECT_EQ(level(soap, east), east_before);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(SalesReturnTest, ARetryReturnsTheSamePosting) {
  ASSERT_THAT(receive("r-1", soap, east, "20"), IsOk());
  sell("SO-1", soap, east, "10");
  const auto first = give_back("rt-1", "3", east).value();
  const auto end = log_position();
  const auto again = give_back("rt-1", "3", east);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, first);
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(log_position(), end);
  EXPECT_EQ(returned("SO-1"), q("3"));
  EXPECT_EQ(level(soap, east), q("13"));
  // The same key asking for something else is a conflict, and changes nothing.
  EXPECT_THAT(give_back("rt-1", "4", east), HasError(errc::idempotency_conflict));
  EXPECT_THAT(give_back("rt-1", "3", qc, sales_return_reason::damaged),
              HasError(errc::idempotency_conflict));
  EXPECT_EQ(log_position(), end);
  EXPECT_EQ(returned("SO-1"), q("3"));
}

TEST_F(SalesReturnTest, ALotTrackedLineReturnsIntoTheLotsItShipped) {
  ASSERT_THAT(receive("r-1", serum, west, "10", fresh), IsOk());
  ASSERT_THAT(receive("r-2", serum, west, "5", old), IsOk());
  // FEFO ships the old lot (expiry 2026-12-15) first: 5 of L-OLD, 3 of L-FRESH.
  sell("SO-L", serum, west, "8");
  EXPECT_EQ(level(serum, west, old), q("0"));
  EXPECT_EQ(level(serum, west, fresh), q("7"));

  const auto before = log_position();
  EXPECT_THAT(give_back("lt-0", "1", west, sales_return_reason::resellable, "SO-L"),
              HasError(errc::tracking_mismatch));
  EXPECT_THAT(give_back("lt-0", "1", west, sales_return_reason::resellable, "SO-L", lot_id{999}),
              HasError(errc::unknown_code));
  auto beyond = give_back("lt-0", "4", west, sales_return_reason::resellable, "SO-L", fresh);
  ASSERT_THAT(beyond, HasError(errc::exceeds_shipment));
  EXPECT_EQ(beyond.error().context.available, q("3"));
  EXPECT_EQ(log_position(), before);

  // 3 of L-FRESH back to stock: 7 + 3 = 10 of it at west.
  ASSERT_THAT(give_back("lt-1", "3", west, sales_return_reason::resellable, "SO-L", fresh), IsOk());
  EXPECT_EQ(level(serum, west, fresh), q("10"));
  // 2 of L-OLD, expired, to the held location.
  ASSERT_THAT(give_back("lt-2", "2", qc, sales_return_reason::expired, "SO-L", old), IsOk());
  EXPECT_EQ(level(serum, qc, old), q("2"));
  EXPECT_EQ(level(serum, customer, old), q("3"));  // 5 shipped − 2
  EXPECT_EQ(level(serum, customer, fresh), q("0"));
  EXPECT_EQ(returned("SO-L"), q("5"));
  // Nothing of L-FRESH is left out there.
  EXPECT_THAT(give_back("lt-3", "1", west, sales_return_reason::resellable, "SO-L", fresh),
              HasError(errc::exceeds_shipment));

  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

TEST_F(SalesReturnTest, ASnapshotCarriesWhatCameBack) {
  ASSERT_THAT(receive("r-1", soap, east, "20"), IsOk());
  sell("SO-1", soap, east, "10");
  ASSERT_THAT(give_back("rt-1", "3", east), IsOk());
  const auto at = inv_->snapshot();
  ASSERT_THAT(at, IsOk());
  std::vector<snapshot_record> held;
  ASSERT_THAT(store_->read_snapshots(held), IsOk());
  auto copy = copy_log(*store_);
  for (auto it = held.rbegin(); it != held.rend(); ++it) {
    ASSERT_THAT(copy->write_snapshot(it->log_position, it->bytes), IsOk());
  }
  auto opened = inventory::open(std::move(copy));
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened->opening().snapshot_position, *at);
  EXPECT_EQ(opened->opening().replayed_events, 0U);
  EXPECT_TRUE(opened->same_state(*inv_));
  // What the line has left to come back survives: 7 more fit, 8 do not.
  EXPECT_THAT(opened->return_sales_order_line(
                  {.key = "rt-2", .order = "SO-1", .amount = q("8"), .to = east}),
              HasError(errc::exceeds_shipment));
  EXPECT_THAT(opened->return_sales_order_line(
                  {.key = "rt-2", .order = "SO-1", .amount = q("7"), .to = east}),
              IsOk());
}

}  // namespace
}  // namespace onhand::testing
