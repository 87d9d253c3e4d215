// SPDX-License-Identifier: Apache-2.0
// Sales orders: create, allocate (partial, then topped up after a
// receipt), cancel, and the position columns they fill (allocated,
// backordered) next to reservations that belong to no order; channel
// ring-fencing; every refusal and what it leaves unchanged; retries; and
// replay. Expected values are worked out by hand in the comments.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/report/supply.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

// The figures of one supply-position row, in the order of the table in
// docs/concepts/stock_position.md.
struct figures {
  const char* on_hand;
  const char* usable;
  const char* reserved;
  const char* allocated;
  const char* available;
  const char* backordered;
  const char* inventory_position;
};

class SalesOrderTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    central = define({.code = "3PL-CENTRAL"});
  }

  auto create(std::string key, std::vector<sales_order_line> lines, std::string channel = "web",
              std::vector<location_id> locations = {}) -> result<sales_order_id> {
    if (locations.empty()) locations = {east, west, central};
    return inv_->create_sales_order({.key = std::move(key),
                                     .customer = "SHOP-9",
                                     .channel = std::move(channel),
                                     .locations = std::move(locations),
                                     .lines = std::move(lines)});
  }
  static auto line(item_id item, const char* amount, const char* requested = "2026-12-01",
                   std::uint32_t priority = 0) -> sales_order_line {
    return {.item = item, .amount = q(amount), .requested = day(requested), .priority = priority};
  }
  auto allocate(std::string order, std::optional<std::size_t> which = std::nullopt)
      -> result<sales_order_status> {
    return inv_->allocate_sales_order({.order = std::move(order), .line = which});
  }
  auto cancel(std::string key, std::string order, std::optional<std::size_t> which = std::nullopt)
      -> result<sales_order_status> {
    return inv_->cancel_sales_order(
        {.key = std::move(key), .order = std::move(order), .line = which});
  }
  auto ship(std::string key, std::string order, std::size_t index, location_id from,
            std::optional<quantity> amount = std::nullopt, bool release_rest = false,
            std::vector<sales_order_pick> picks = {}) -> result<sales_order_status> {
    return inv_->ship_sales_order_line({.key = std::move(key),
                                        .order = std::move(order),
                                        .line = index,
                                        .from = from,
                                        .to = customer,
                                        .amount = amount,
                                        .picks = std::move(picks),
                                        .release_rest = release_rest});
  }
  auto status(std::string_view key, std::size_t index) -> sales_order_line_status {
    return inv_->sales_order_by_key(key).value().lines.at(index);
  }
  auto log_position() -> std::uint64_t {
    return inv_->read([](const state& s) { return s.log_position; });
  }
  // Every column of the supply position of SOAP at one site.
  void expect_position(location_id site, const figures& f) {
    const std::vector<item_id> items{soap};
    const std::vector<location_id> sites{site};
    const auto rows = inv_->supply_positions(items, sites).value();
    ASSERT_EQ(rows.size(), 1U);
    const auto& row = rows.front();
    EXPECT_EQ(row.on_hand, q(f.on_hand));
    EXPECT_EQ(row.quarantined, q("0"));
    EXPECT_EQ(row.usable, q(f.usable));
    EXPECT_EQ(row.reserved, q(f.reserved));
    EXPECT_EQ(row.allocated, q(f.allocated));
    EXPECT_EQ(row.available, q(f.available));
    EXPECT_EQ(row.on_order, q("0"));
    EXPECT_EQ(row.in_transit, q("0"));
    EXPECT_EQ(row.backordered, q(f.backordered));
    EXPECT_EQ(row.inventory_position, q(f.inventory_position));
  }
  // No row: every figure of SOAP at the site is zero.
  void expect_no_position(location_id site) {
    const std::vector<item_id> items{soap};
    const std::vector<location_id> sites{site};
    EXPECT_TRUE(inv_->supply_positions(items, sites).value().empty());
  }
  static void expect_line(const sales_order_line_status& l, const char* ordered,
                          const char* allocated, const char* shipped, const char* cancelled,
                          const char* backordered) {
    EXPECT_EQ(l.ordered, q(ordered));
    EXPECT_EQ(l.allocated, q(allocated));
    EXPECT_EQ(l.shipped, q(shipped));
    EXPECT_EQ(l.cancelled, q(cancelled));
    EXPECT_EQ(l.backordered, q(backordered));
  }

  location_id central;
};

// The three-3PL brand: 30 SOAP at East (in a bin), 20 at West, none at
// Central; wholesale holds a quota of 10 at East, and a web cart holds 5
// there. A web order for 60 takes what web may have at each site in turn.
TEST_F(SalesOrderTest, AllocatesPartiallyThenTopsUpAfterAReceiptThenCancels) {
  ASSERT_THAT(receive("r1", soap, east_bin, "30"), IsOk());
  ASSERT_THAT(receive("r2", soap, west, "20"), IsOk());
  ASSERT_THAT(inv_->set_channel_quota(
                  {.item = soap, .location = east, .channel = "wholesale", .value = q("10")}),
              IsOk());
  ASSERT_THAT(
      inv_->reserve(
          {.key = "cart-1", .item = soap, .location = east, .amount = q("5"), .channel = "web"}),
      IsOk());
  ASSERT_THAT(create("SO-1", {line(soap, "60")}), IsOkAndHolds(sales_order_id{0}));
  expect_line(status("SO-1", 0), "60", "0", "0", "0", "60");
  // Created, not allocated: all 60 backordered at East, the first location.
  // East: position 30 − 5 reserved − 60 backordered = −35.
  expect_position(east, {"30", "30", "5", "0", "25", "60", "-35"});

  // East: web may have 30 − 5 (cart) − 10 (wholesale's quota) = 15.
  // West: 20. Central: nothing. 60 − 15 − 20 = 25 backordered.
  auto allocated = allocate("SO-1");
  ASSERT_THAT(allocated, IsOk());
  expect_line(allocated->lines.at(0), "60", "35", "0", "0", "25");
  // East: available 30 − 5 − 15 = 10 (wholesale's quota); position
  // 30 − 5 − 15 − 25 = −15. West: 20 − 20 = 0 available, position 0.
  expect_position(east, {"30", "30", "5", "15", "10", "25", "-15"});
  expect_position(west, {"20", "20", "0", "20", "0", "0", "0"});
  EXPECT_THAT(inv_->reservation_by_key("SO-1/0@3PL-EAST"), IsOk());
  EXPECT_EQ(inv_->reservation_by_key("SO-1/0@3PL-WEST").value().amount, q("20"));

  // Nothing more to take: a second allocation changes nothing.
  const auto before = log_position();
  ASSERT_THAT(allocate("SO-1"), IsOk());
  EXPECT_EQ(log_position(), before);

  // 40 arrive at Central: the re-allocation tops up the 25 there.
  ASSERT_THAT(receive("r3", soap, central, "40"), IsOk());
  allocated = allocate("SO-1");
  ASSERT_THAT(allocated, IsOk());
  expect_line(allocated->lines.at(0), "60", "60", "0", "0", "0");
  EXPECT_EQ(inv_->reservation_by_key("SO-1/0@3PL-CENTRAL").value().amount, q("25"));
  expect_position(east, {"30", "30", "5", "15", "10", "0", "10"});
  expect_position(central, {"40", "40", "0", "25", "15", "0", "15"});

  // West ships all 20 it holds: nothing is left there.
  auto shipped = ship("SO-1/ship-w", "SO-1", 0, west);
  ASSERT_THAT(shipped, IsOk());
  expect_line(shipped->lines.at(0), "60", "40", "20", "0", "0");
  expect_no_position(west);
  EXPECT_EQ(inv_->on_hand(soap, customer), level("20"));

  // East picks 10 of the 15 it holds and releases the other 5: they are
  // backordered again (at East). East: 20 on hand, 5 in the cart;
  // position 20 − 5 − 0 − 5 = 10.
  shipped = ship("SO-1/ship-e", "SO-1", 0, east, q("10"), true);
  ASSERT_THAT(shipped, IsOk());
  expect_line(shipped->lines.at(0), "60", "25", "30", "0", "5");
  expect_position(east, {"20", "20", "5", "0", "15", "5", "10"});
  EXPECT_EQ(inv_->on_hand(soap, east_bin), level("20"));  // picked from the bin
  EXPECT_EQ(inv_->reservation_by_key("SO-1/0@3PL-EAST").value().released, q("5"));

  // Cancelling the line: the 25 held at Central are released, and the 5
  // backordered are no longer wanted: 30 cancelled. The cart is untouched.
  auto cancelled = cancel("SO-1/cancel", "SO-1");
  ASSERT_THAT(cancelled, IsOk());
  expect_line(cancelled->lines.at(0), "60", "0", "30", "30", "0");
  expect_position(east, {"20", "20", "5", "0", "15", "0", "15"});
  expect_position(central, {"40", "40", "0", "0", "40", "0", "40"});
  EXPECT_EQ(inv_->reservation_by_key("SO-1/0@3PL-CENTRAL").value().status,
            reservation_status::released);
  EXPECT_EQ(inv_->reservation_by_key("cart-1").value().remaining(), q("5"));

  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

// Two lines of one item compete for one site's stock: the allocation sees
// what its own earlier reservations took, and the line of higher priority
// goes first.
TEST_F(SalesOrderTest, LinesOfOneAllocationNeverPromiseTheSameUnitTwice) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(create("SO-2", {line(soap, "6", "2026-12-01"), line(soap, "6", "2026-12-05", 1)},
                     "web", {east}),
              IsOk());
  auto allocated = allocate("SO-2");
  ASSERT_THAT(allocated, IsOk());
  // Line 1 (priority 1) takes 6 of the 10, line 0 the remaining 4.
  expect_line(allocated->lines.at(1), "6", "6", "0", "0", "0");
  expect_line(allocated->lines.at(0), "6", "4", "0", "0", "2");
  expect_position(east, {"10", "10", "0", "10", "0", "2", "-2"});
  EXPECT_THAT(inv_->verify(), IsOk());
}

// Ring-fencing: web has a quota of 20 at East. A wholesale order never
// takes it, however much it lacks; a web order may.
TEST_F(SalesOrderTest, AWholesaleOrderNeverTakesTheDirectQuota) {
  ASSERT_THAT(receive("r1", soap, east, "30"), IsOk());
  ASSERT_THAT(
      inv_->set_channel_quota({.item = soap, .location = east, .channel = "web", .value = q("20")}),
      IsOk());
  ASSERT_THAT(create("WS-1", {line(soap, "30")}, "wholesale", {east}), IsOk());
  auto wholesale = allocate("WS-1");
  ASSERT_THAT(wholesale, IsOk());
  expect_line(wholesale->lines.at(0), "30", "10", "0", "0", "20");  // 30 − 20 fenced
  ASSERT_THAT(create("WEB-1", {line(soap, "25")}, "web", {east}), IsOk());
  auto web = allocate("WEB-1");
  ASSERT_THAT(web, IsOk());
  expect_line(web->lines.at(0), "25", "20", "0", "0", "5");  // its quota, all there is left
  // Allocating the wholesale order again finds nothing it may take.
  const auto before = log_position();
  ASSERT_THAT(allocate("WS-1"), IsOk());
  EXPECT_EQ(log_position(), before);
  expect_position(east, {"30", "30", "0", "30", "0", "25", "-25"});
}

// A short pick that keeps the rest held, picked by FEFO; the rest shipped
// later from a lot the caller names.
TEST_F(SalesOrderTest, ShipsByFefoThenFromTheLotsGiven) {
  ASSERT_THAT(receive("r1", serum, west, "10", fresh), IsOk());
  ASSERT_THAT(receive("r2", serum, west, "5", old), IsOk());
  ASSERT_THAT(create("SO-7", {line(serum, "8")}, "web", {west}), IsOk());
  ASSERT_THAT(allocate("SO-7"), IsOk());
  // 6 picked: the 5 of L-OLD (expires 2026-12-15) first, then 1 of L-FRESH.
  auto shipped = ship("SO-7/s1", "SO-7", 0, location_id::none(), q("6"));
  ASSERT_THAT(shipped, IsOk());
  expect_line(shipped->lines.at(0), "8", "2", "6", "0", "0");
  EXPECT_EQ(inv_->balance(serum, west, old), level("0"));
  EXPECT_EQ(inv_->balance(serum, west, fresh), level("9"));
  // A retry ships nothing more.
  const auto before = log_position();
  ASSERT_THAT(ship("SO-7/s1", "SO-7", 0, location_id::none(), q("6")), IsOk());
  EXPECT_EQ(log_position(), before);
  // The key with another amount is a conflict.
  EXPECT_THAT(ship("SO-7/s1", "SO-7", 0, location_id::none(), q("1")),
              HasError(errc::idempotency_conflict));
  EXPECT_EQ(log_position(), before);
  shipped = ship("SO-7/s2", "SO-7", 0, west, std::nullopt, false,
                 {{.location = west, .lot = fresh, .amount = q("2")}});
  ASSERT_THAT(shipped, IsOk());
  expect_line(shipped->lines.at(0), "8", "0", "8", "0", "0");
  EXPECT_EQ(inv_->balance(serum, west, fresh), level("7"));
  EXPECT_THAT(ship("SO-7/s3", "SO-7", 0, west), HasError(errc::already_resolved));
  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

TEST_F(SalesOrderTest, RefusesBadShipmentsAndChangesNothing) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(create("SO-8", {line(soap, "4")}), IsOk());
  ASSERT_THAT(allocate("SO-8"), IsOk());
  const auto before = log_position();
  EXPECT_THAT(ship("s", "SO-9", 0, east), HasError(errc::unknown_sales_order));
  EXPECT_THAT(ship("s", "SO-8", 1, east), HasError(errc::invalid_parameter));
  EXPECT_THAT(ship("", "SO-8", 0, east), HasError(errc::malformed_input));
  EXPECT_THAT(ship("s", "SO-8", 0, west), HasError(errc::already_resolved));  // nothing held there
  EXPECT_THAT(ship("s", "SO-8", 0, east, q("5")), HasError(errc::exceeds_reservation));
  EXPECT_THAT(ship("s", "SO-8", 0, east, q("0")), HasError(errc::invalid_quantity));
  EXPECT_THAT(ship("s", "SO-8", 0, east, q("3"), false, {{.location = east_bin, .amount = q("2")}}),
              HasError(errc::invalid_parameter));  // the picks add up to 2, not 3
  EXPECT_THAT(ship("s", "SO-8", 0, east, q("2"), false, {{.location = west, .amount = q("2")}}),
              HasError(errc::invalid_location));  // West is outside East
  EXPECT_THAT(ship("s", "SO-8", 0, east, q("2"), false, {{.location = east, .amount = q("2")}}),
              HasError(errc::insufficient_stock));  // the stock is in the bin, not at East itself
  EXPECT_THAT(inv_->ship_sales_order_line({.key = "s", .order = "SO-8", .to = west}),
              HasError(errc::invalid_location));  // not a customer
  EXPECT_THAT(ship("r1", "SO-8", 0, east), HasError(errc::idempotency_conflict));
  EXPECT_EQ(log_position(), before);
  expect_line(status("SO-8", 0), "4", "4", "0", "0", "0");
  EXPECT_EQ(inv_->on_hand(soap, east_bin), level("10"));
}

TEST_F(SalesOrderTest, JsonLinesCarryEverySalesOrderEventBackAndForth) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(create("SO-9", {line(soap, "6"), line(soap, "3")}), IsOk());
  ASSERT_THAT(allocate("SO-9"), IsOk());
  ASSERT_THAT(ship("SO-9/s1", "SO-9", 0, east, q("4"), true), IsOk());
  ASSERT_THAT(cancel("SO-9/c1", "SO-9", 1), IsOk());
  auto copy = expect_jsonl_round_trip({"sales_order_created", "sales_order_allocated",
                                       "sales_order_shipped", "sales_order_cancelled"});
  ASSERT_TRUE(copy.has_value());
  expect_line(copy->sales_order_by_key("SO-9").value().lines.at(0), "6", "0", "4", "0", "2");
}

TEST_F(SalesOrderTest, AllocatesOneLineWhenAsked) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(create("SO-3", {line(soap, "4"), line(soap, "3")}), IsOk());
  auto allocated = allocate("SO-3", 1);
  ASSERT_THAT(allocated, IsOk());
  expect_line(allocated->lines.at(0), "4", "0", "0", "0", "4");
  expect_line(allocated->lines.at(1), "3", "3", "0", "0", "0");
  auto cancelled = cancel("SO-3/c1", "SO-3", 1);
  ASSERT_THAT(cancelled, IsOk());
  expect_line(cancelled->lines.at(0), "4", "0", "0", "0", "4");
  expect_line(cancelled->lines.at(1), "3", "0", "0", "3", "0");
}

TEST_F(SalesOrderTest, RefusesBadOrdersAndChangesNothing) {
  const auto before = log_position();
  EXPECT_THAT(create("SO-E", {}), HasError(errc::invalid_parameter));
  EXPECT_THAT(create("SO-E", {line(item_id{99}, "1")}), HasError(errc::unknown_code));
  EXPECT_THAT(create("SO-E", {line(soap, "0")}), HasError(errc::invalid_quantity));
  EXPECT_THAT(create("SO-E", {line(soap, "-2")}), HasError(errc::invalid_quantity));
  EXPECT_THAT(create("SO-E", {line(soap, "1.5")}), HasError(errc::precision_exceeded));
  EXPECT_THAT(create("SO-E", std::vector<sales_order_line>(1'001, line(soap, "1"))),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(create("SO-E", {line(soap, "1")}, "web", {customer}),
              HasError(errc::invalid_location));
  EXPECT_THAT(create("SO-E", {line(soap, "1")}, "web", {east, east}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(create("SO-E", {line(soap, "1")}, "web", {location_id{99}}),
              HasError(errc::unknown_code));
  EXPECT_THAT(create("", {line(soap, "1")}), HasError(errc::malformed_input));
  EXPECT_EQ(log_position(), before);
  EXPECT_THAT(inv_->sales_order_by_key("SO-E"), HasError(errc::unknown_sales_order));
  EXPECT_THAT(allocate("SO-E"), HasError(errc::unknown_sales_order));
  EXPECT_THAT(cancel("c", "SO-E"), HasError(errc::unknown_sales_order));
  EXPECT_EQ(log_position(), before);
}

TEST_F(SalesOrderTest, RefusesBadAllocationsAndCancellationsAndChangesNothing) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(create("SO-4", {line(soap, "4")}), IsOk());
  ASSERT_THAT(allocate("SO-4"), IsOk());
  const auto before = log_position();
  const auto order = inv_->sales_order_by_key("SO-4").value();
  EXPECT_THAT(allocate("SO-4", 1), HasError(errc::invalid_parameter));
  EXPECT_THAT(inv_->allocate_sales_order({.order = "SO-4", .locations = {vendor}}),
              HasError(errc::invalid_location));
  EXPECT_THAT(cancel("SO-4/c", "SO-4", 3), HasError(errc::invalid_parameter));
  EXPECT_THAT(cancel("", "SO-4"), HasError(errc::malformed_input));
  EXPECT_THAT(cancel("r1", "SO-4"), HasError(errc::idempotency_conflict));  // a document's key
  ASSERT_THAT(cancel("SO-4/c", "SO-4"), IsOk());
  const auto after_cancel = log_position();
  EXPECT_GT(after_cancel, before);
  EXPECT_THAT(cancel("SO-4/c2", "SO-4"), HasError(errc::already_resolved));
  EXPECT_EQ(log_position(), after_cancel);
  EXPECT_EQ(order.lines.at(0).allocated, q("4"));
  expect_line(status("SO-4", 0), "4", "0", "0", "4", "0");
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(SalesOrderTest, RetriesTakeEffectOnce) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(create("SO-5", {line(soap, "4")}), IsOkAndHolds(sales_order_id{0}));
  const auto created = log_position();
  // The same request: the same order, nothing appended.
  EXPECT_THAT(create("SO-5", {line(soap, "4")}), IsOkAndHolds(sales_order_id{0}));
  EXPECT_EQ(log_position(), created);
  // The same key with another request.
  EXPECT_THAT(create("SO-5", {line(soap, "5")}), HasError(errc::idempotency_conflict));
  EXPECT_THAT(create("SO-5", {line(soap, "4")}, "wholesale"), HasError(errc::idempotency_conflict));
  EXPECT_EQ(log_position(), created);
  ASSERT_THAT(allocate("SO-5"), IsOk());
  ASSERT_THAT(cancel("SO-5/c", "SO-5"), IsOk());
  const auto cancelled = log_position();
  auto again = cancel("SO-5/c", "SO-5");
  ASSERT_THAT(again, IsOk());
  expect_line(again->lines.at(0), "4", "0", "0", "4", "0");
  EXPECT_EQ(log_position(), cancelled);
  // Another order's cancellation under that key is a conflict.
  ASSERT_THAT(create("SO-6", {line(soap, "1")}), IsOk());
  EXPECT_THAT(cancel("SO-5/c", "SO-6"), HasError(errc::idempotency_conflict));
  EXPECT_THAT(inv_->verify(), IsOk());
  expect_replay_equals_live();
}

}  // namespace
}  // namespace onhand::testing
