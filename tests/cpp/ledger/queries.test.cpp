// SPDX-License-Identifier: Apache-2.0
// Balances, roll-ups, positions and histories.
#include "onhand/ledger/queries.hpp"

#include <optional>
#include <random>
#include <vector>

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
  const auto totals = inv_->totals(serum);
  EXPECT_EQ(totals.on_hand, level("20"));    // internal locations only
  EXPECT_EQ(totals.in_transit, level("2"));  // transit apart
  EXPECT_EQ(totals.owned, level("22"));      // both: transit is still owned
  EXPECT_EQ(inv_->totals(serum, fresh), (item_totals{level("15"), level("2"), level("17")}));
  EXPECT_EQ(inv_->totals(serum, old), (item_totals{level("5"), level("0"), level("5")}));
  EXPECT_EQ(inv_->totals(item_id{77}), (item_totals{level("0"), level("0"), level("0")}));
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
  EXPECT_EQ(inv_->totals_as_of(soap, at("2026-11-05T00:00:00Z")).on_hand, level("10"));
  EXPECT_EQ(inv_->totals_as_of(soap, at("2026-11-05T00:00:00Z")).owned, level("10"));
}

// Subtree, lot and item-total queries, now and as of every time that
// matters, against a brute-force sum over the posted history.
TEST_F(Queries, RollUpsAsOfAnyTimeMatchASumOverHistory) {
  std::mt19937_64 random(20261205);
  auto pick = [&](std::uint64_t n) { return random() % n; };
  struct posted_document {
    timestamp effective;
    movement_document document;
  };
  std::vector<posted_document> posted;
  const std::vector<location_id> physical = {east, east_zone, east_bin, west, south, transit};
  const std::vector<location_id> everywhere = {vendor,    customer, loss, scrap, east,
                                               east_zone, east_bin, west, south, transit};
  now_ = at("2026-11-01T00:00:00Z");
  for (int step = 0; step < 400; ++step) {
    now_ += std::chrono::minutes{static_cast<long>(1 + pick(600))};
    movement_document d{.key = "d-" + std::to_string(step)};
    const auto lines = 1 + pick(3);
    for (std::uint64_t i = 0; i < lines; ++i) {
      const bool tracked = pick(3) != 0;
      movement_line line{.item = tracked ? serum : soap,
                         .lot = tracked ? (pick(2) == 0 ? fresh : old) : lot_id::none(),
                         .from = pick(3) == 0 ? vendor : physical[pick(physical.size())],
                         .to = everywhere[pick(everywhere.size())],
                         .amount = quantity::units(static_cast<std::int64_t>(1 + pick(9)))};
      if (line.to == line.from) line.to = transit == line.from ? west : transit;
      d.lines.push_back(line);
    }
    auto effective = now_;
    if (pick(4) == 0) {
      effective = now_ - std::chrono::minutes{static_cast<long>(pick(60 * 24 * 20))};
      d.effective = effective;
    }
    if (inv_->post(d)) posted.push_back({effective, d});
  }
  ASSERT_GT(posted.size(), 150U);

  // The brute force: every line of every document effective at or before t.
  auto sum = [&](item_id item, std::optional<lot_id> lot, timestamp t, auto&& counts) {
    auto total = stock_level::zero();
    for (const auto& p : posted) {
      if (p.effective > t) continue;
      for (const auto& l : p.document.lines) {
        if (l.item != item || (lot && l.lot != *lot)) continue;
        if (counts(l.to)) total += l.amount;
        if (counts(l.from)) total -= l.amount;
      }
    }
    return total;
  };
  std::vector<timestamp> times = {at("2026-10-01T00:00:00Z"), timestamp::max()};
  for (const auto& p : posted) {
    times.push_back(p.effective);
    times.push_back(p.effective - std::chrono::microseconds{1});
  }
  const auto kinds = inv_->read([](const state& s) {
    std::vector<location_kind> out;
    for (std::uint32_t l = 0; l < s.catalog.location_count(); ++l) {
      out.push_back(s.catalog.location(location_id{l}).kind);
    }
    return out;
  });
  const auto kind_of = [&](location_id l) { return kinds[l.index()]; };
  std::size_t checks = 0;
  inv_->read([&](const state& s) {
    for (const auto t : times) {
      const bool now = t == timestamp::max();
      for (const auto item : {soap, serum}) {
        const auto lots = item == serum
                              ? std::vector<std::optional<lot_id>>{std::nullopt, fresh, old}
                              : std::vector<std::optional<lot_id>>{std::nullopt, lot_id::none()};
        for (const auto& lot : lots) {
          // Item totals: internal, transit, both.
          const auto got = now ? totals(s, item, lot) : totals_as_of(s, item, t, lot);
          const auto internal = [&](location_id l) {
            return kind_of(l) == location_kind::internal;
          };
          const auto in_transit = [&](location_id l) {
            return kind_of(l) == location_kind::transit;
          };
          const auto owned = [&](location_id l) { return holds_stock(kind_of(l)); };
          ASSERT_EQ(got.on_hand, sum(item, lot, t, internal));
          ASSERT_EQ(got.in_transit, sum(item, lot, t, in_transit));
          ASSERT_EQ(got.owned, sum(item, lot, t, owned));
          // Subtrees: all lots or one.
          for (const auto root : {east, east_zone, east_bin, west, transit}) {
            const auto within = [&](location_id l) { return s.catalog.is_within(l, root); };
            const auto expected = sum(item, lot, t, within);
            if (!lot) {
              ASSERT_EQ(
                  now ? on_hand_within(s, item, root) : on_hand_within_as_of(s, item, root, t),
                  expected);
            } else {
              ASSERT_EQ(now ? balance_within(s, item, root, *lot)
                            : balance_within_as_of(s, item, root, *lot, t),
                        expected);
            }
            ++checks;
          }
        }
      }
    }
  });
  EXPECT_GT(checks, 1000U);
  // The facade answers the same.
  EXPECT_EQ(inv_->balance_within_as_of(serum, east, fresh, times[2]),
            inv_->read([&](const state& s) {
              return balance_within_as_of(s, serum, east, fresh, times[2]);
            }));
  EXPECT_EQ(inv_->balance_within(serum, location_id{999}, fresh), level("0"));
  EXPECT_EQ(inv_->on_hand_within_as_of(serum, location_id{999}, times[2]), level("0"));
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
