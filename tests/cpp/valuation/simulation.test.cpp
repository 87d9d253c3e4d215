// SPDX-License-Identifier: Apache-2.0
// A seeded, randomized test of valuation against a brute-force model. The
// workload posts costed and uncosted receipts, count gains, shipments,
// scrap and transfers between internal and transit locations, a third of
// them back-dated. The model keeps every accepted movement and, at each
// check, recomputes everything from the full list in effective-time order,
// one unit at a time: FIFO stock is a queue of unit costs per location (a
// transfer moves units from the front of one queue to the back of
// another), standard stock is units × the standard cost. Costs have cents
// and amounts are whole units, so the model needs no rounding. After every
// step: each item × location's value and quantity as the model says, the
// quantity as the ledger says, COGS and PPV in total, and verify(); every
// few steps, values as of a random past time.
//
// Environment: ONHAND_SEED=<n> replays a run, ONHAND_VALUATION_OPS=<n> sets
// its length (default 300). A failure prints the seed and the step.
#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/valuation/queries.hpp"

#include "environment.hpp"
#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

auto cents(std::int64_t c) -> money { return money::from_raw(money::rep{c * 10'000}); }

struct model_movement {
  timestamp effective;
  std::uint64_t sequence = 0;  // posting order
  item_id item;
  location_id from, to;
  std::int64_t units = 0;
  std::optional<std::int64_t> cost_cents;
};

struct model_result {
  std::map<location_id, std::int64_t> units;
  std::map<location_id, std::int64_t> value_cents;
  std::int64_t cogs_cents = 0;
  std::int64_t ppv_cents = 0;
};

class ValuationSimulation : public LedgerTest {
 protected:
  // FIFO (standard_cents empty) or standard, from scratch, up to `until`.
  auto replay(item_id item, std::optional<std::int64_t> standard_cents,
              std::optional<timestamp> until) const -> model_result {
    auto ordered = movements_;
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return std::tie(a.effective, a.sequence) < std::tie(b.effective, b.sequence);
    });
    std::map<location_id, std::deque<std::int64_t>> queues;
    std::optional<std::int64_t> last_cost;
    model_result out;
    for (const auto& mv : ordered) {
      if (mv.item != item || (until && mv.effective > *until)) continue;
      const bool from_physical = physical(mv.from);
      const bool to_physical = physical(mv.to);
      if (to_physical && !from_physical) {
        const auto cost = mv.cost_cents ? *mv.cost_cents : last_cost.value_or(0);
        if (mv.cost_cents) last_cost = cost;
        for (std::int64_t u = 0; u < mv.units; ++u) queues[mv.to].push_back(cost);
        if (standard_cents && mv.cost_cents) {
          out.ppv_cents += (cost - *standard_cents) * mv.units;
        }
      } else if (from_physical) {
        auto& source = queues[mv.from];
        for (std::int64_t u = 0; u < mv.units; ++u) {
          const auto cost = source.front();
          source.pop_front();
          if (to_physical) {
            queues[mv.to].push_back(cost);
          } else {
            out.cogs_cents += standard_cents ? *standard_cents : cost;
          }
        }
      }
    }
    for (const auto& [location, queue] : queues) {
      out.units[location] = static_cast<std::int64_t>(queue.size());
      std::int64_t value = 0;
      for (const auto cost : queue) value += standard_cents ? *standard_cents : cost;
      out.value_cents[location] = value;
    }
    return out;
  }

  auto physical(location_id l) const -> bool { return l == east || l == west || l == transit; }

  void check(item_id item, std::optional<std::int64_t> standard_cents,
             std::optional<timestamp> until, const std::string& where) {
    const auto expected = replay(item, standard_cents, until);
    for (const auto location : {east, west, transit}) {
      const auto units = expected.units.contains(location) ? expected.units.at(location) : 0;
      const auto value =
          expected.value_cents.contains(location) ? expected.value_cents.at(location) : 0;
      const auto actual = inv_->value_of(item, location, until);
      ASSERT_EQ(actual.on_hand, quantity::units(units)) << where;
      ASSERT_EQ(actual.value, cents(value)) << where << " at " << location.value;
      const auto ledger =
          until ? inv_->on_hand_as_of(item, location, *until) : inv_->on_hand(item, location);
      ASSERT_EQ(ledger.from_zero(), quantity::units(units)) << where;
    }
    if (!until) {
      const value_filter only{.item = item};
      const auto from = at("2000-01-01T00:00:00Z");
      const auto to = at("2100-01-01T00:00:00Z");
      ASSERT_EQ(inv_->cost_of_goods_sold(from, to, only), cents(expected.cogs_cents)) << where;
      const auto ppv =
          inv_->read([&](const state& s) { return purchase_price_variance(s, from, to, only); });
      ASSERT_EQ(ppv, cents(expected.ppv_cents)) << where;
    }
  }

  std::vector<model_movement> movements_;
  std::uint64_t sequence_ = 0;
};

TEST_F(ValuationSimulation, MatchesABruteForceReplayAfterEveryStep) {
  const auto seed = env_or("ONHAND_SEED", 20261205);
  const auto ops = env_or("ONHAND_VALUATION_OPS", 300);
  std::mt19937_64 rng{seed};
  auto pick = [&](std::uint64_t n) { return rng() % n; };
  constexpr std::int64_t standard_cents = 125;
  // Flour is at standard cost from before any back-dated movement of the run.
  const auto start = now_;
  now_ = start - std::chrono::days{30};
  ASSERT_THAT(inv_->set_costing_method({flour, costing_method::standard, cents(standard_cents)}),
              IsOk());
  now_ = start;
  const std::vector<location_id> places{east, west, transit};
  const std::vector<location_id> sinks{customer, scrap, loss};
  for (std::uint64_t step = 0; step < ops; ++step) {
    now_ += std::chrono::hours{1};
    const auto item = pick(2) == 0 ? soap : flour;
    model_movement mv{.effective = now_, .item = item};
    if (pick(3) == 0) mv.effective = now_ - std::chrono::minutes{pick(10 * 24 * 60)};
    mv.units = 1 + static_cast<std::int64_t>(pick(8));
    const auto kind = pick(10);
    movement_reason reason = movement_reason::receipt;
    if (kind < 4) {  // costed receipt
      mv.from = vendor;
      mv.to = places[pick(3)];
      mv.cost_cents = 50 + static_cast<std::int64_t>(pick(950));
    } else if (kind < 5) {  // count gain, no cost recorded
      mv.from = loss;
      mv.to = places[pick(3)];
      reason = movement_reason::count;
    } else if (kind < 8) {  // shipment, scrap, loss
      mv.from = places[pick(3)];
      mv.to = sinks[pick(3)];
      reason = mv.to == customer ? movement_reason::shipment
               : mv.to == scrap  ? movement_reason::scrap
                                 : movement_reason::adjustment;
    } else {  // transfer between physical locations
      mv.from = places[pick(3)];
      mv.to = places[pick(3)];
      if (mv.to == mv.from) mv.to = mv.from == east ? west : east;
      reason = movement_reason::transfer;
    }
    movement_document document{
        .key = "d" + std::to_string(step),
        .reason = reason,
        .effective = mv.effective,
        .lines = {
            {.item = item, .from = mv.from, .to = mv.to, .amount = quantity::units(mv.units)}}};
    result<posting> posted =
        mv.cost_cents
            ? inv_->post_costed_receipt(document, std::vector<money>{cents(*mv.cost_cents)})
            : inv_->post(document);
    const auto where = "seed " + std::to_string(seed) + " step " + std::to_string(step);
    if (posted) {
      mv.sequence = sequence_++;
      movements_.push_back(mv);
    } else {
      // Only the ledger refuses here: stock that is not there at some time.
      ASSERT_EQ(posted.error().code, errc::insufficient_stock) << where;
    }
    check(soap, std::nullopt, std::nullopt, where);
    check(flour, standard_cents, std::nullopt, where);
    if (step % 10 == 0) {
      const auto past = now_ - std::chrono::minutes{pick(12 * 24 * 60)};
      check(soap, std::nullopt, past, where + " as of a past time");
      check(flour, standard_cents, past, where + " as of a past time");
    }
    if (step % 25 == 0) {
      ASSERT_THAT(inv_->verify(), IsOk()) << where;
    }
  }
  ASSERT_THAT(inv_->verify(), IsOk());
}

}  // namespace
}  // namespace onhand::testing
