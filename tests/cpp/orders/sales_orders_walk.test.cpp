// SPDX-License-Identifier: Apache-2.0
// A seeded random walk of the sales-order flow over three sites: receipts,
// carts (plain reservations), orders of one or two lines created,
// allocated, shipped in full or short (keeping or releasing the rest),
// cancelled, and returned in part to any site, with retries and refusals. It does not predict how
// much an allocation takes (that is ATP, tested by hand elsewhere); it checks what must hold after
// every step, against plain counts kept by the walk:
//   - per line: ordered = cancelled + shipped + allocated + backordered,
//     none negative; shipped, cancelled and returned are what the walk
//     shipped, cancelled and took back;
//   - per site: on hand is receipts − shipments + returns, and allocated + reserved ≤
//     usable (no unit promised twice);
//   - the supply position's backordered per site is the lines' backordered
//     at their order's first site, and its allocated the lines' allocated;
//   - a refused command changes nothing, a retry changes nothing.
// verify() every eighth step and at the end, then a replay of the log.
//
// Environment: ONHAND_SEED=<n> runs that seed only; ONHAND_SALES_STEPS=<n>
// sets the walk's length (default 150).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/report/supply.hpp"

#include "environment.hpp"
#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

struct line_model {
  std::int64_t shipped = 0;
  std::int64_t cancelled = 0;
  std::int64_t returned = 0;
};

struct order_model {
  std::string key;
  location_id first;
  std::vector<location_id> sites;
  std::vector<std::int64_t> ordered;
  std::vector<line_model> lines;
};

class SalesOrderWalk : public LedgerTest {
 protected:
  auto pick(std::uint64_t n) -> std::uint64_t { return rng_() % n; }
  auto units(std::int64_t n) -> quantity { return quantity::units(n); }
  auto next_key(const char* kind) -> std::string {
    return std::string(kind) + "-" + std::to_string(++keys_);
  }
  auto log_position() -> std::uint64_t {
    return inv_->read([](const state& s) { return s.log_position; });
  }

  void step() {
    const auto op = pick(100);
    if (op < 20) {
      receive_some();
    } else if (op < 30) {
      cart();
    } else if (op < 45 || orders_.empty()) {
      create();
    } else if (op < 65) {
      const auto& o = orders_[pick(orders_.size())];
      ASSERT_THAT(inv_->allocate_sales_order({.order = o.key}), IsOk()) << where_;
    } else if (op < 85) {
      ship(orders_[pick(orders_.size())]);
    } else if (op < 95) {
      cancel(orders_[pick(orders_.size())]);
    } else if (op < 99) {
      take_back();
    } else {
      refuse();
    }
  }

  void receive_some() {
    const auto site = sites_[pick(sites_.size())];
    const auto amount = static_cast<std::int64_t>(1 + pick(20));
    ASSERT_THAT(receive(next_key("r"), soap, site, std::to_string(amount).c_str()), IsOk());
    on_hand_[site] += amount;
  }

  void cart() {
    const auto site = sites_[pick(sites_.size())];
    const auto atp = inv_->available_to_promise(soap, site, "web").value().available;
    if (!atp.is_positive()) return;
    ASSERT_THAT(inv_->reserve({.key = next_key("cart"),
                               .item = soap,
                               .location = site,
                               .amount = units(1),
                               .channel = "web"}),
                IsOk())
        << where_;
  }

  void create() {
    order_model o{.key = next_key("SO")};
    const auto first = pick(sites_.size());
    for (std::size_t i = 0; i < sites_.size(); ++i) {
      if (i == first || pick(2) == 0) o.sites.push_back(sites_[i]);
    }
    std::swap(*std::find(o.sites.begin(), o.sites.end(), sites_[first]), o.sites.front());
    o.first = o.sites.front();
    std::vector<sales_order_line> lines;
    for (std::uint64_t n = 1 + pick(2); n > 0; --n) {
      const auto amount = static_cast<std::int64_t>(1 + pick(15));
      lines.push_back({.item = soap,
                       .amount = units(amount),
                       .requested = day("2026-12-01"),
                       .priority = static_cast<std::uint32_t>(pick(3))});
      o.ordered.push_back(amount);
      o.lines.emplace_back();
    }
    const sales_order_request request{.key = o.key,
                                      .customer = "C",
                                      .channel = pick(2) == 0 ? "web" : "wholesale",
                                      .locations = o.sites,
                                      .lines = lines};
    ASSERT_THAT(inv_->create_sales_order(request), IsOk()) << where_;
    const auto after = log_position();
    ASSERT_THAT(inv_->create_sales_order(request), IsOk()) << where_;  // a retry
    EXPECT_EQ(log_position(), after) << where_;
    orders_.push_back(std::move(o));
  }

  void ship(order_model& o) {
    const auto index = pick(o.lines.size());
    const auto status = inv_->sales_order_by_key(o.key).value().lines.at(index);
    if (!status.allocated.is_positive()) {
      const auto before = log_position();
      EXPECT_THAT(inv_->ship_sales_order_line(
                      {.key = next_key("ship"), .order = o.key, .line = index, .to = customer}),
                  HasError(errc::already_resolved))
          << where_;
      EXPECT_EQ(log_position(), before) << where_;
      return;
    }
    // What the line holds at the site of its first open reservation.
    const auto held_at = inv_->read([&](const state& s) {
      const auto id = *s.sales_orders.find(o.key);
      location_id at = location_id::none();
      std::int64_t held = 0;
      for (const auto r : s.sales_orders.at(id).reservations[index]) {
        const auto& reservation = s.reservations.at(r);
        if (!reservation.remaining().is_positive()) continue;
        if (at.is_none()) at = reservation.location;
        if (reservation.location == at) held += reservation.remaining().raw() / quantity::scale;
      }
      return std::pair{at, held};
    });
    const auto amount =
        static_cast<std::int64_t>(1 + pick(static_cast<std::uint64_t>(held_at.second)));
    const sales_order_shipment request{.key = next_key("ship"),
                                       .order = o.key,
                                       .line = index,
                                       .to = customer,
                                       .amount = units(amount),
                                       .release_rest = pick(2) == 0};
    ASSERT_THAT(inv_->ship_sales_order_line(request), IsOk()) << where_;
    const auto after = log_position();
    ASSERT_THAT(inv_->ship_sales_order_line(request), IsOk()) << where_;  // a retry
    EXPECT_EQ(log_position(), after) << where_;
    o.lines[index].shipped += amount;
    on_hand_[held_at.first] -= amount;
  }

  void cancel(order_model& o) {
    const auto index = pick(o.lines.size());
    const auto status = inv_->sales_order_by_key(o.key).value().lines.at(index);
    const auto open = status.allocated + status.backordered;
    const auto key = next_key("cancel");
    if (!open.is_positive()) {
      const auto before = log_position();
      EXPECT_THAT(inv_->cancel_sales_order({.key = key, .order = o.key, .line = index}),
                  HasError(errc::already_resolved))
          << where_;
      EXPECT_EQ(log_position(), before) << where_;
      return;
    }
    ASSERT_THAT(inv_->cancel_sales_order({.key = key, .order = o.key, .line = index}), IsOk())
        << where_;
    o.lines[index].cancelled += open.raw() / quantity::scale;
  }

  // A resellable return of part of what a line has out at the customer, to
  // any site, of a line picked among those with something out (if there is
  // one); none out: exceeds_shipment, and nothing changes.
  void take_back() {
    std::vector<std::pair<std::size_t, std::size_t>> out_there;
    for (std::size_t i = 0; i < orders_.size(); ++i) {
      for (std::size_t l = 0; l < orders_[i].lines.size(); ++l) {
        const auto& line = orders_[i].lines[l];
        if (line.shipped > line.returned) out_there.emplace_back(i, l);
      }
    }
    const auto [which, index] = out_there.empty() ? std::pair{pick(orders_.size()), std::size_t{0}}
                                                  : out_there[pick(out_there.size())];
    auto& o = orders_[which];
    auto& line = o.lines[index];
    const auto out = line.shipped - line.returned;
    const auto amount = out > 0 ? static_cast<std::int64_t>(1 + pick(out)) : 1;
    const auto site = sites_[pick(sites_.size())];
    const sales_return_request request{
        .key = next_key("rma"), .order = o.key, .line = index, .amount = units(amount), .to = site};
    const auto before = log_position();
    if (out == 0) {
      EXPECT_THAT(inv_->return_sales_order_line(request), HasError(errc::exceeds_shipment))
          << where_;
      EXPECT_EQ(log_position(), before) << where_;
      return;
    }
    ASSERT_THAT(inv_->return_sales_order_line(request), IsOk()) << where_;
    const auto after = log_position();
    ASSERT_THAT(inv_->return_sales_order_line(request), IsOk()) << where_;  // a retry
    EXPECT_EQ(log_position(), after) << where_;
    line.returned += amount;
    on_hand_[site] += amount;
  }

  void refuse() {
    const auto before = log_position();
    auto& o = orders_[pick(orders_.size())];
    switch (pick(3)) {
      case 0:
        EXPECT_THAT(inv_->allocate_sales_order({.order = "nope"}),
                    HasError(errc::unknown_sales_order));
        break;
      case 1:
        EXPECT_THAT(inv_->ship_sales_order_line(
                        {.key = next_key("ship"), .order = o.key, .line = 0, .to = east}),
                    HasError(errc::invalid_location));
        break;
      default:
        EXPECT_THAT(inv_->cancel_sales_order({.key = "r-1", .order = o.key}),
                    HasError(errc::idempotency_conflict));  // a receipt's key
        break;
    }
    EXPECT_EQ(log_position(), before) << where_;
  }

  void check() {
    std::map<location_id, std::int64_t> backordered;
    std::map<location_id, std::int64_t> allocated;
    for (const auto& o : orders_) {
      const auto status = inv_->sales_order_by_key(o.key).value();
      for (std::size_t i = 0; i < o.lines.size(); ++i) {
        const auto& l = status.lines.at(i);
        EXPECT_EQ(l.ordered, units(o.ordered[i])) << where_;
        EXPECT_EQ(l.shipped, units(o.lines[i].shipped)) << where_ << " " << o.key;
        EXPECT_EQ(l.cancelled, units(o.lines[i].cancelled)) << where_ << " " << o.key;
        EXPECT_EQ(l.returned, units(o.lines[i].returned)) << where_ << " " << o.key;
        EXPECT_FALSE(l.allocated.is_negative() || l.backordered.is_negative()) << where_;
        EXPECT_EQ(l.cancelled + l.shipped + l.allocated + l.backordered, l.ordered) << where_;
        backordered[o.first] += l.backordered.raw() / quantity::scale;
      }
    }
    inv_->read([&](const state& s) {
      for (const auto r : s.sales_orders.linked()) {
        const auto& reservation = s.reservations.at(r);
        allocated[reservation.location] += reservation.remaining().raw() / quantity::scale;
      }
    });
    const std::vector<item_id> items{soap};
    const auto rows = inv_->supply_positions(items, sites_).value();
    std::map<location_id, supply_position> by_site;
    for (const auto& row : rows) by_site[row.location] = row;
    for (const auto site : sites_) {
      const auto row = by_site.contains(site) ? by_site[site] : supply_position{};
      EXPECT_EQ(row.on_hand, units(on_hand_[site])) << where_;
      EXPECT_LE(row.reserved + row.allocated, row.usable) << where_ << ": promised twice";
      EXPECT_EQ(row.allocated, units(allocated[site])) << where_;
      EXPECT_EQ(row.backordered, units(backordered[site])) << where_;
      EXPECT_EQ(row.inventory_position, row.usable - row.reserved - row.allocated - row.backordered)
          << where_;
    }
  }

  void run(std::uint64_t seed, std::uint64_t steps) {
    rng_.seed(seed);
    central_ = define({.code = "3PL-CENTRAL"});
    sites_ = {east, west, central_};
    ASSERT_THAT(inv_->set_channel_quota(
                    {.item = soap, .location = east, .channel = "wholesale", .value = units(5)}),
                IsOk());
    receive_some();  // "r-1", the key a refused cancellation names
    for (std::uint64_t i = 0; i < steps; ++i) {
      where_ = "seed " + std::to_string(seed) + " step " + std::to_string(i);
      step();
      if (HasFatalFailure()) return;
      check();
      if (HasFailure()) return;
      if (i % 8 == 7) {
        ASSERT_THAT(inv_->verify(), IsOk()) << where_;
      }
    }
    ASSERT_THAT(inv_->verify(), IsOk()) << "seed " << seed;
    expect_replay_equals_live();
    // The walk did what it is for: it shipped, cancelled and took back something.
    std::int64_t shipped = 0;
    std::int64_t cancelled = 0;
    std::int64_t returned = 0;
    for (const auto& o : orders_) {
      for (const auto& l : o.lines) {
        shipped += l.shipped;
        cancelled += l.cancelled;
        returned += l.returned;
      }
    }
    if (steps >= 100) {
      EXPECT_GT(shipped, 0) << "seed " << seed;
      EXPECT_GT(cancelled, 0) << "seed " << seed;
      EXPECT_GT(returned, 0) << "seed " << seed;
    }
  }

  std::mt19937_64 rng_;
  std::string where_;
  std::size_t keys_ = 0;
  location_id central_;
  std::vector<location_id> sites_;
  std::map<location_id, std::int64_t> on_hand_;
  std::vector<order_model> orders_;
};

TEST_F(SalesOrderWalk, EveryStepKeepsTheLinesAndPositionsConsistent) {
  std::uint64_t seed = 20261206;
  if (const char* one = std::getenv("ONHAND_SEED")) seed = std::strtoull(one, nullptr, 10);
  run(seed, env_or("ONHAND_SALES_STEPS", 150));
}

}  // namespace
}  // namespace onhand::testing
