// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/pick_plan.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "days.hpp"

namespace onhand {
namespace {

using allocation_testing::day;
using allocation_testing::units;
using onhand::testing::HasError;
using onhand::testing::IsOk;

auto at(int n) -> timestamp { return start_of(day(n)); }

// A brand with three 3PL warehouses: 3PL-EAST (closest, rank 0), 3PL-WEST (1), 3PL-CENTRAL (2).
// Locations: EAST holds bins 10 and 11; WEST is 20; CENTRAL is 30. Picking on day 0.
constexpr std::uint32_t east = 0;
constexpr std::uint32_t west = 1;
constexpr std::uint32_t central = 2;
auto bin(std::uint32_t id) -> location_id { return location_id{id}; }
auto lot(std::uint32_t id) -> lot_id { return lot_id{id}; }

auto brand_stock() -> std::vector<lot_candidate> {
  return {
      // EAST: L2 expires day 40, L1 day 30, undated stock, L3 on hold.
      {.location = bin(10),
       .site_rank = east,
       .lot = lot(2),
       .lot_code = "L2",
       .expiry = day(40),
       .first_received = at(-20),
       .usable = units(10)},
      {.location = bin(11),
       .site_rank = east,
       .lot = lot(1),
       .lot_code = "L1",
       .expiry = day(30),
       .first_received = at(-10),
       .usable = units(5)},
      {.location = bin(10),
       .site_rank = east,
       .lot = lot_id::none(),
       .lot_code = "",
       .first_received = at(-30),
       .usable = units(100)},
      {.location = bin(11),
       .site_rank = east,
       .lot = lot(3),
       .lot_code = "L3",
       .expiry = day(10),
       .status = lot_status::on_hold,
       .first_received = at(-5),
       .usable = units(50)},
      // WEST: L4 expires day 20, L5 expired yesterday.
      {.location = bin(20),
       .site_rank = west,
       .lot = lot(4),
       .lot_code = "L4",
       .expiry = day(20),
       .first_received = at(-40),
       .usable = units(8)},
      {.location = bin(20),
       .site_rank = west,
       .lot = lot(5),
       .lot_code = "L5",
       .expiry = day(-1),
       .first_received = at(-50),
       .usable = units(30)},
      // CENTRAL: L6 expires today (still usable), L7 day 200.
      {.location = bin(30),
       .site_rank = central,
       .lot = lot(6),
       .lot_code = "L6",
       .expiry = day(0),
       .first_received = at(-60),
       .usable = units(4)},
      {.location = bin(30),
       .site_rank = central,
       .lot = lot(7),
       .lot_code = "L7",
       .expiry = day(200),
       .first_received = at(-1),
       .usable = units(60)},
  };
}

auto line(std::uint32_t location, std::uint32_t lot_value, std::int64_t amount) -> pick_line {
  return {bin(location), lot_value == UINT32_MAX ? lot_id::none() : lot(lot_value), units(amount)};
}
constexpr std::uint32_t untracked = UINT32_MAX;

TEST(PlanPicks, FefoClosestSiteFirst) {
  const auto stock = brand_stock();
  // EAST alone: L1 (day 30), L2 (day 40), then the undated stock; L3 is on hold.
  auto plan = plan_picks(stock, {.wanted = units(20), .on = day(0)});
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->lines,
            (std::vector<pick_line>{line(11, 1, 5), line(10, 2, 10), line(10, untracked, 5)}));
  EXPECT_EQ(plan->allocated, units(20));
  EXPECT_EQ(plan->backordered, units(0));
}

TEST(PlanPicks, FefoAcrossSites) {
  auto stock = brand_stock();
  stock.erase(stock.begin() + 2);  // no undated stock at EAST
  // Over all sites: L6 (today), L4 (day 20), L1 (day 30), L2 (day 40), L7 (day 200).
  auto plan =
      plan_picks(stock, {.wanted = units(30), .on = day(0), .fill = site_fill::across_sites});
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(30, 6, 4), line(20, 4, 8), line(11, 1, 5),
                                                 line(10, 2, 10), line(30, 7, 3)}));
  // Site by site instead: EAST's 15, then WEST's 8, then CENTRAL's L6 and L7.
  auto by_site = plan_picks(stock, {.wanted = units(30), .on = day(0)});
  EXPECT_EQ(by_site->lines, (std::vector<pick_line>{line(11, 1, 5), line(10, 2, 10), line(20, 4, 8),
                                                    line(30, 6, 4), line(30, 7, 3)}));
}

TEST(PlanPicks, OneSite) {
  auto stock = brand_stock();
  stock.erase(stock.begin() + 2);  // EAST has 15 usable, WEST 8, CENTRAL 64
  auto plan = plan_picks(stock, {.wanted = units(12), .on = day(0), .fill = site_fill::one_site});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(11, 1, 5), line(10, 2, 7)}));
  // 20: EAST cannot, WEST cannot, CENTRAL can.
  plan = plan_picks(stock, {.wanted = units(20), .on = day(0), .fill = site_fill::one_site});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(30, 6, 4), line(30, 7, 16)}));
  // 70: none can. With partial, the site that fills most (CENTRAL, 64); without, refused.
  plan = plan_picks(
      stock, {.wanted = units(70), .on = day(0), .fill = site_fill::one_site, .partial = true});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(30, 6, 4), line(30, 7, 60)}));
  EXPECT_EQ(plan->backordered, units(6));
  auto refused =
      plan_picks(stock, {.wanted = units(70), .on = day(0), .fill = site_fill::one_site});
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().context.requested, units(70));
  EXPECT_EQ(refused.error().context.available, units(64));
}

TEST(PlanPicks, FifoAndLifo) {
  const auto stock = brand_stock();
  auto fifo = plan_picks(stock, {.wanted = units(200),
                                 .on = day(0),
                                 .strategy = removal_strategy::fifo,
                                 .fill = site_fill::across_sites,
                                 .partial = true});
  // Received: L6 -60, L4 -40, untracked -30, L2 -20, L1 -10, L7 -1 (L5 expired, L3 on hold).
  EXPECT_EQ(fifo->lines,
            (std::vector<pick_line>{line(30, 6, 4), line(20, 4, 8), line(10, untracked, 100),
                                    line(10, 2, 10), line(11, 1, 5), line(30, 7, 60)}));
  EXPECT_EQ(fifo->allocated, units(187));
  EXPECT_THAT(plan_picks(stock, {.wanted = units(200), .on = day(0)}),
              HasError(errc::insufficient_stock));
  auto lifo =
      plan_picks(stock, {.wanted = units(12), .on = day(0), .strategy = removal_strategy::lifo});
  // EAST first: L1 (-10), then L2 (-20).
  EXPECT_EQ(lifo->lines, (std::vector<pick_line>{line(11, 1, 5), line(10, 2, 7)}));
}

// FEFO ties: removal date first (expiry - removal_days), then first receipt, then lot code.
TEST(PlanPicks, FefoTies) {
  std::vector<lot_candidate> stock{
      {.location = bin(1),
       .lot = lot(1),
       .lot_code = "B",
       .expiry = day(10),
       .first_received = at(-5),
       .usable = units(1)},
      {.location = bin(1),
       .lot = lot(2),
       .lot_code = "A",
       .expiry = day(10),
       .first_received = at(-5),
       .usable = units(1)},
      {.location = bin(1),
       .lot = lot(3),
       .lot_code = "C",
       .expiry = day(10),
       .first_received = at(-9),
       .usable = units(1)},
      // Expires later, but its removal date (day 8) comes first.
      {.location = bin(1),
       .lot = lot(4),
       .lot_code = "D",
       .expiry = day(12),
       .removal_days = 4,
       .first_received = at(0),
       .usable = units(1)},
  };
  auto plan = plan_picks(stock, {.wanted = units(4), .on = day(0)});
  EXPECT_EQ(plan->lines,
            (std::vector<pick_line>{line(1, 4, 1), line(1, 3, 1), line(1, 2, 1), line(1, 1, 1)}));
}

TEST(PlanPicks, ShelfLifeMinimums) {
  const auto stock = brand_stock();
  // 25 days at least: L1 (30) and L2 (40) pass; the undated stock passes.
  auto plan = plan_picks(stock, {.wanted = units(20), .on = day(0), .minimum = {.days = 30}});
  // L1 has exactly 30 days left: expiry - day >= 30 holds.
  EXPECT_EQ(plan->lines,
            (std::vector<pick_line>{line(11, 1, 5), line(10, 2, 10), line(10, untracked, 5)}));
  plan = plan_picks(stock, {.wanted = units(20), .on = day(0), .minimum = {.days = 31}});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(10, 2, 10), line(10, untracked, 10)}));
  // As a share of a 100-day shelf life: 0.4 needs 40 days (L2 only), 0.41 rules L2 out too.
  plan = plan_picks(
      stock,
      {.wanted = units(20), .on = day(0), .minimum = {.share = 0.4}, .item_shelf_life_days = 100});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(10, 2, 10), line(10, untracked, 10)}));
  plan = plan_picks(
      stock,
      {.wanted = units(20), .on = day(0), .minimum = {.share = 0.41}, .item_shelf_life_days = 100});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(10, untracked, 20)}));
  // Both: each must hold.
  plan = plan_picks(stock, {.wanted = units(20),
                            .on = day(0),
                            .minimum = {.days = 35, .share = 0.1},
                            .item_shelf_life_days = 100});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(10, 2, 10), line(10, untracked, 10)}));
}

TEST(PlanPicks, PartialBackordersTheRest) {
  auto stock = brand_stock();
  stock.resize(2);  // EAST's L2 and L1: 15
  auto plan = plan_picks(stock, {.wanted = units(20), .on = day(0), .partial = true});
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->allocated, units(15));
  EXPECT_EQ(plan->backordered, units(5));
  auto refused = plan_picks(stock, {.wanted = units(20), .on = day(0)});
  ASSERT_THAT(refused, HasError(errc::insufficient_stock));
  EXPECT_EQ(refused.error().context.requested, units(20));
  EXPECT_EQ(refused.error().context.available, units(15));
  // Nothing usable at all, partial: all backordered, no lines.
  plan = plan_picks({}, {.wanted = units(3), .on = day(0), .partial = true});
  EXPECT_EQ(plan->lines, std::vector<pick_line>{});
  EXPECT_EQ(plan->backordered, units(3));
}

TEST(PlanPicks, LotSpecificRequests) {
  const auto stock = brand_stock();
  auto plan = plan_picks(stock, {.wanted = units(3), .on = day(0), .lot = lot(4)});
  EXPECT_EQ(plan->lines, (std::vector<pick_line>{line(20, 4, 3)}));
  const auto refused = [&](lot_id wanted_lot, pick_request request) {
    request.lot = wanted_lot;
    return plan_picks(stock, request);
  };
  auto expired = refused(lot(5), {.wanted = units(3), .on = day(0)});
  ASSERT_THAT(expired, HasError(errc::lot_expired));
  EXPECT_EQ(expired.error().context.lot, "L5");
  EXPECT_THAT(refused(lot(3), {.wanted = units(3), .on = day(0)}), HasError(errc::lot_quarantined));
  EXPECT_THAT(refused(lot(4), {.wanted = units(3), .on = day(0), .minimum = {.days = 21}}),
              HasError(errc::insufficient_shelf_life));
  auto short_lot = refused(lot(4), {.wanted = units(9), .on = day(0)});
  ASSERT_THAT(short_lot, HasError(errc::insufficient_stock));
  EXPECT_EQ(short_lot.error().context.lot, "L4");
  EXPECT_EQ(short_lot.error().context.available, units(8));
  auto short_partial = refused(lot(4), {.wanted = units(9), .on = day(0), .partial = true});
  EXPECT_EQ(short_partial->lines, (std::vector<pick_line>{line(20, 4, 8)}));
  EXPECT_EQ(short_partial->backordered, units(1));
  // A lot with no stock here: short.
  EXPECT_THAT(refused(lot(99), {.wanted = units(1), .on = day(0)}),
              HasError(errc::insufficient_stock));
  // Expired and quarantined at once: lot_expired ranks first.
  auto both = stock;
  both[5].status = lot_status::recalled;
  EXPECT_THAT(plan_picks(both, {.wanted = units(1), .on = day(0), .lot = lot(5)}),
              HasError(errc::lot_expired));
}

TEST(PlanPicks, InvalidInput) {
  const auto stock = brand_stock();
  const auto code_of = [&](std::span<const lot_candidate> candidates, const pick_request& request) {
    auto plan = plan_picks(candidates, request);
    return plan ? std::string("ok") : std::string(name_of(plan.error().code));
  };
  const pick_request fine{.wanted = units(1), .on = day(0)};
  EXPECT_EQ(code_of(stock, fine), "ok");
  auto request = fine;
  request.wanted = units(0);
  EXPECT_EQ(code_of(stock, request), "invalid_quantity");
  request.wanted = units(-1);
  EXPECT_EQ(code_of(stock, request), "invalid_quantity");
  request = fine;
  request.minimum.days = 40;
  request.item_shelf_life_days = 30;
  auto longer = plan_picks(stock, request);
  ASSERT_THAT(longer, HasError(errc::invalid_parameter));
  EXPECT_EQ(longer.error().context.field, "minimum.days");
  request = fine;
  request.minimum.days = -1;
  EXPECT_EQ(code_of(stock, request), "invalid_parameter");
  for (double share : {0.0, -0.5, 1.5, std::nan("")}) {
    request = fine;
    request.minimum.share = share;
    request.item_shelf_life_days = 30;
    EXPECT_EQ(code_of(stock, request), "invalid_parameter") << share;
  }
  request = fine;
  request.minimum.share = 0.5;  // without the item's shelf life
  EXPECT_EQ(code_of(stock, request), "invalid_parameter");
  request.item_shelf_life_days = 0;
  EXPECT_EQ(code_of(stock, request), "invalid_parameter");
  // Precedence: invalid_parameter before invalid_quantity.
  request.wanted = units(0);
  EXPECT_EQ(code_of(stock, request), "invalid_parameter");

  auto bad = stock;
  bad[3].removal_days = -2;
  auto removal = plan_picks(bad, fine);
  ASSERT_THAT(removal, HasError(errc::invalid_parameter));
  EXPECT_EQ(removal.error().context.line, 3U);
  bad = stock;
  bad[6].usable = units(-1);
  auto negative = plan_picks(bad, fine);
  ASSERT_THAT(negative, HasError(errc::invalid_quantity));
  EXPECT_EQ(negative.error().context.line, 6U);
  bad = stock;
  bad[0].usable = quantity::from_raw(INT64_MAX / 2 + 1);
  bad[1].usable = quantity::from_raw(INT64_MAX / 2 + 1);
  EXPECT_EQ(code_of(bad, fine), "overflow");
}

// ---------------------------------------------------------------------------
// The reference: the rules re-implemented plainly, to be compared on random cases.

struct reference_plan {
  std::optional<errc> refused;
  std::vector<pick_line> lines;
  quantity backordered;
};

auto remaining_days(const lot_candidate& c, date on) -> long {
  return static_cast<long>((std::chrono::sys_days{*c.expiry} - std::chrono::sys_days{on}).count());
}

auto usable_on(const lot_candidate& c, const pick_request& r) -> bool {
  if (c.status != lot_status::available) return false;
  if (!c.expiry) return true;
  const auto left = remaining_days(c, r.on);
  if (left < 0) return false;
  if (r.minimum.days && left < *r.minimum.days) return false;
  if (r.minimum.share && double(left) / double(*r.item_shelf_life_days) < *r.minimum.share) {
    return false;
  }
  return true;
}

// Does a come strictly before b within one group, by the request's strategy? Written as
// explicit comparisons, not a tuple key.
auto before(const lot_candidate& a, const lot_candidate& b, removal_strategy s) -> bool {
  if (s == removal_strategy::fefo) {
    if (a.expiry.has_value() != b.expiry.has_value()) return a.expiry.has_value();
    if (a.expiry && b.expiry) {
      const auto ra = std::chrono::sys_days{*a.expiry} - std::chrono::days{a.removal_days};
      const auto rb = std::chrono::sys_days{*b.expiry} - std::chrono::days{b.removal_days};
      if (ra != rb) return ra < rb;
    }
    if (a.first_received != b.first_received) return a.first_received < b.first_received;
    return a.lot_code < b.lot_code;
  }
  if (a.first_received != b.first_received) {
    return s == removal_strategy::fifo ? a.first_received < b.first_received
                                       : a.first_received > b.first_received;
  }
  return a.lot_code < b.lot_code;
}

auto reference(const std::vector<lot_candidate>& stock, const pick_request& r) -> reference_plan {
  // A lot-specific request whose lot has stock, none of it usable: the first reason found in the
  // order expired, quarantined, short-lived.
  if (r.lot) {
    bool has = false;
    bool some_usable = false;
    bool expired = false;
    bool held = false;
    for (const auto& c : stock) {
      if (c.lot != *r.lot) continue;
      has = true;
      some_usable = some_usable || usable_on(c, r);
      expired = expired || (c.expiry && remaining_days(c, r.on) < 0);
      held = held || c.status != lot_status::available;
    }
    if (has && !some_usable) {
      return {expired ? errc::lot_expired
              : held  ? errc::lot_quarantined
                      : errc::insufficient_shelf_life};
    }
  }
  // Eligible candidates, in input order, grouped by site rank (one group for across_sites).
  std::map<std::uint32_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < stock.size(); ++i) {
    const auto& c = stock[i];
    if (r.lot && c.lot != *r.lot) continue;
    if (!c.usable.is_positive() || !usable_on(c, r)) continue;
    groups[r.fill == site_fill::across_sites ? 0 : c.site_rank].push_back(i);
  }
  for (auto& [rank, members] : groups) {
    std::stable_sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      if (before(stock[a], stock[b], r.strategy)) return true;
      if (before(stock[b], stock[a], r.strategy)) return false;
      return stock[a].site_rank < stock[b].site_rank;
    });
  }
  std::vector<std::size_t> order;
  if (r.fill == site_fill::one_site) {
    std::optional<std::uint32_t> chosen;
    quantity chosen_total;
    for (const auto& [rank, members] : groups) {
      quantity total;
      for (auto i : members) total += stock[i].usable;
      if (total >= r.wanted) {
        chosen = rank;
        break;
      }
      if (!chosen || total > chosen_total) {
        chosen = rank;
        chosen_total = total;
      }
    }
    if (chosen) order = groups[*chosen];
  } else {
    for (const auto& [rank, members] : groups)
      order.insert(order.end(), members.begin(), members.end());
  }
  reference_plan plan;
  quantity left = r.wanted;
  for (auto i : order) {
    if (!left.is_positive()) break;
    const auto take = std::min(left, stock[i].usable);
    plan.lines.push_back({stock[i].location, stock[i].lot, take});
    left -= take;
  }
  if (left.is_positive() && !r.partial) return {errc::insufficient_stock};
  plan.backordered = left;
  return plan;
}

TEST(PlanPicks, MatchesTheReferenceOnRandomCases) {
  std::mt19937_64 rng(20261205);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* codes[] = {"A", "B", "C", "D"};
  int plans = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<lot_candidate> stock;
    for (int n = pick(0, 9); n > 0; --n) {
      lot_candidate c{.location = bin(static_cast<std::uint32_t>(pick(0, 5))),
                      .site_rank = static_cast<std::uint32_t>(pick(0, 2)),
                      .lot = lot(static_cast<std::uint32_t>(pick(0, 4))),
                      .lot_code = codes[pick(0, 3)],
                      .removal_days = pick(0, 1) ? 0 : pick(0, 4),
                      .status = pick(0, 7) == 0 ? lot_status::on_hold
                                                : (pick(0, 15) == 0 ? lot_status::recalled
                                                                    : lot_status::available),
                      .first_received = at(-pick(0, 6)),
                      .usable = quantity::from_raw(std::int64_t{pick(0, 12)} * 500'000)};
      if (pick(0, 5) != 0) c.expiry = day(pick(-4, 40));
      if (pick(0, 9) == 0) c.lot = lot_id::none();
      stock.push_back(c);
    }
    pick_request r{.wanted = quantity::from_raw(std::int64_t{pick(1, 60)} * 500'000),
                   .on = day(0),
                   .strategy = static_cast<removal_strategy>(pick(0, 2)),
                   .fill = static_cast<site_fill>(pick(0, 2)),
                   .partial = pick(0, 1) == 1};
    const int shelf_life = pick(20, 45);
    switch (pick(0, 3)) {
      case 1:
        r.minimum.days = pick(0, 20);
        break;
      case 2:
        r.minimum.share = pick(1, 10) / 10.0;
        r.item_shelf_life_days = shelf_life;
        break;
      case 3:
        r.minimum = {.days = pick(0, 20), .share = pick(1, 10) / 10.0};
        r.item_shelf_life_days = shelf_life;
        break;
      default:
        break;
    }
    if (pick(0, 4) == 0) r.lot = lot(static_cast<std::uint32_t>(pick(0, 5)));

    const auto expected = reference(stock, r);
    auto plan = plan_picks(stock, r);
    if (expected.refused) {
      ASSERT_THAT(plan, HasError(*expected.refused)) << "trial " << trial;
      continue;
    }
    ASSERT_THAT(plan, IsOk()) << "trial " << trial;
    ASSERT_EQ(plan->lines, expected.lines) << "trial " << trial;
    ASSERT_EQ(plan->backordered, expected.backordered) << "trial " << trial;
    ASSERT_EQ(plan->allocated + plan->backordered, r.wanted);
    ++plans;
  }
  EXPECT_GT(plans, 5000);  // the cases reach plans, not only refusals
}

}  // namespace
}  // namespace onhand
