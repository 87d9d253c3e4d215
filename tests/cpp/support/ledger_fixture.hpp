// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/ledger_fixture.hpp
//
// A small world for ledger tests: three 3PL warehouses (one with a zone and
// a bin), the virtual locations, and items of every tracking kind, over a
// memory store and a clock the test moves by hand.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/storage/jsonl.hpp"
#include "onhand/storage/memory_store.hpp"

#include "matchers.hpp"

namespace onhand::testing {

inline auto at(const char* text) -> timestamp { return parse_timestamp(text).value(); }
inline auto day(const char* text) -> date { return parse_date(text).value(); }
inline auto q(const char* text) -> quantity { return quantity::parse(text).value(); }
inline auto m(const char* text) -> money { return money::parse(text).value(); }
inline auto level(const char* text) -> stock_level { return stock_level::at(q(text)); }

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto owned = std::make_unique<memory_store>();
    store_ = owned.get();
    inventory_options options;
    options.clock = [this] { return now_; };
    inv_ = std::make_unique<inventory>(inventory::open(std::move(owned), options).value());
    vendor = define({.code = "VENDOR", .kind = location_kind::supplier});
    customer = define({.code = "CUSTOMER", .kind = location_kind::customer});
    loss = define({.code = "LOSS", .kind = location_kind::inventory_loss});
    scrap = define({.code = "SCRAP", .kind = location_kind::scrap});
    east = define({.code = "3PL-EAST"});
    east_zone = define({.code = "EAST/A", .parent = "3PL-EAST"});
    east_bin = define({.code = "EAST/A-01", .parent = "EAST/A"});
    west = define({.code = "3PL-WEST"});
    south = define({.code = "3PL-SOUTH", .allow_negative = true});
    transit = define({.code = "TRANSIT", .kind = location_kind::transit});

    unit_set each{base_unit{"each", 0}};
    EXPECT_THAT(each.add_alternate("case", unit_factor{12, 1}, "each"), IsOk());
    soap = inv_->define_item({.code = "SOAP", .units = each}).value();
    serum = inv_->define_item(
                    {.code = "SERUM", .units = each, .lot_tracked = true, .shelf_life_days = 540})
                .value();
    laptop = inv_->define_item(
                     {.code = "LAPTOP", .units = unit_set{{"each", 0}}, .serial_tracked = true})
                 .value();
    flour = inv_->define_item({.code = "FLOUR", .units = unit_set{{"kg", 3}}}).value();
    fresh =
        inv_->define_lot({.item = "SERUM", .code = "L-FRESH", .expiry = day("2027-06-30")}).value();
    old = inv_->define_lot({.item = "SERUM", .code = "L-OLD", .expiry = day("2026-12-15")}).value();
  }

  auto define(const location_definition& definition) -> location_id {
    return inv_->define_location(definition).value();
  }

  /// A one-line document.
  static auto doc(std::string key, movement_reason reason, item_id item, location_id from,
                  location_id to, const char* amount, lot_id lot = lot_id::none())
      -> movement_document {
    return movement_document{
        .key = std::move(key),
        .reason = reason,
        .lines = {{.item = item, .lot = lot, .from = from, .to = to, .amount = q(amount)}}};
  }

  auto receive(const std::string& key, item_id item, location_id to, const char* amount,
               lot_id lot = lot_id::none()) -> result<posting> {
    return inv_->post(doc(key, movement_reason::receipt, item, vendor, to, amount, lot));
  }

  // Replays the log into a second inventory and compares it with this one.
  void expect_replay_equals_live() {
    auto copy = std::make_unique<memory_store>();
    std::vector<event_record> records;
    ASSERT_THAT(store_->read(0, 100'000, records), IsOk());
    std::vector<event_view> views(records.begin(), records.end());
    ASSERT_THAT(copy->append(views, 0), IsOk());
    auto second = inventory::open(std::move(copy));
    ASSERT_THAT(second, IsOk());
    EXPECT_TRUE(second->same_state(*inv_));
  }

  // Exports the log as JSON Lines, expects a line of every kind in `kinds`,
  // imports it into a second inventory and expects the same state there.
  // Returns that inventory, for more checks.
  auto expect_jsonl_round_trip(std::initializer_list<const char*> kinds)
      -> std::optional<inventory> {
    std::ostringstream out;
    EXPECT_THAT(export_jsonl(*store_, out), IsOk());
    const auto text = out.str();
    for (const char* kind : kinds) {
      EXPECT_NE(text.find(std::string("\"kind\":\"") + kind + "\""), std::string::npos) << kind;
    }
    auto owned = std::make_unique<memory_store>();
    std::istringstream in(text);
    EXPECT_THAT(import_jsonl(in, *owned), IsOk());
    auto copy = inventory::open(std::move(owned));
    EXPECT_THAT(copy, IsOk());
    if (!copy) return std::nullopt;
    EXPECT_TRUE(copy->same_state(*inv_));
    return std::move(copy).value();
  }

  timestamp now_ = at("2026-11-27T09:00:00Z");
  memory_store* store_ = nullptr;
  std::unique_ptr<inventory> inv_;
  location_id vendor, customer, loss, scrap, east, east_zone, east_bin, west, south, transit;
  item_id soap, serum, laptop, flour;
  lot_id fresh, old;
};

}  // namespace onhand::testing
