// SPDX-License-Identifier: Apache-2.0
// A seeded workload of counts interleaved with receipts, shipments and
// back-dated transfers, against a brute-force model: the model keeps every
// movement that was posted (with its effective time and bin) and computes
// the book at any time by summing them. After every accepted count or
// approval, the count never double-adjusts: the book as of the counted time
// equals the counted quantity, and the book now equals the counted quantity
// plus the movements effective after the count. Every step ends with the
// model's balances equal to the inventory's and verify() passing.
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

struct model_movement {
  location_id bin;
  timestamp effective;
  quantity delta;
};

class CountingSimulation : public LedgerTest {
 protected:
  std::vector<model_movement> moves;

  auto model_book(location_id bin, std::optional<timestamp> as_of = std::nullopt) const
      -> quantity {
    quantity total;
    for (const auto& m : moves) {
      if (m.bin == bin && (!as_of || m.effective <= *as_of)) total += m.delta;
    }
    return total;
  }
  auto model_after(location_id bin, timestamp after) const -> quantity {
    quantity total;
    for (const auto& m : moves) {
      if (m.bin == bin && m.effective > after) total += m.delta;
    }
    return total;
  }
  // The adjustment was posted: record it, then check the rule.
  void adjusted(const count_task& t, quantity adjustment) {
    moves.push_back({t.location, t.counted_at, adjustment});
    EXPECT_EQ(inv_->balance_as_of(soap, t.location, lot_id::none(), t.counted_at).from_zero(),
              t.counted);
    EXPECT_EQ(inv_->balance(soap, t.location).from_zero(),
              t.counted + model_after(t.location, t.counted_at));
  }
};

TEST_F(CountingSimulation, CountsNeverDoubleAdjust) {
  std::mt19937_64 rng{20261205};
  const auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>{low, high}(rng);
  };
  const std::array bins{east_bin, east_zone, west};
  std::vector<std::string> tasks;
  int adjustments = 0;
  int keys = 0;
  const auto key = [&](const char* prefix) { return prefix + std::to_string(keys++); };
  for (int step = 0; step < 300; ++step) {
    now_ += std::chrono::minutes{pick(1, 20)};
    const auto bin = bins[static_cast<std::size_t>(pick(0, 2))];
    const auto amount = quantity::units(pick(1, 6));
    switch (pick(0, 6)) {
      case 0: {  // in
        auto d = doc(key("r"), movement_reason::receipt, soap, vendor, bin, "1");
        d.lines[0].amount = amount;
        if (inv_->post(d)) moves.push_back({bin, now_, amount});
        break;
      }
      case 1: {  // out (refused when short)
        auto d = doc(key("s"), movement_reason::shipment, soap, bin, customer, "1");
        d.lines[0].amount = amount;
        if (inv_->post(d)) moves.push_back({bin, now_, -amount});
        break;
      }
      case 2: {  // a transfer back-dated by up to two hours
        const auto to = bins[static_cast<std::size_t>(pick(0, 2))];
        if (to == bin) break;
        auto d = doc(key("t"), movement_reason::transfer, soap, bin, to, "1");
        d.lines[0].amount = amount;
        d.effective = now_ - std::chrono::minutes{pick(0, 120)};
        if (inv_->post(d)) {
          moves.push_back({bin, *d.effective, -amount});
          moves.push_back({to, *d.effective, amount});
        }
        break;
      }
      case 3: {  // start a count
        auto k = key("cc");
        auto started = inv_->start_count({.key = k,
                                          .item = soap,
                                          .location = bin,
                                          .loss_location = loss,
                                          .abc_class = "A",
                                          .tolerance = {.quantity_max = quantity::units(1)}});
        if (started) {
          EXPECT_EQ(inv_->count_task_by_key(k).value().snapshot, model_book(bin, now_));
          tasks.push_back(k);
        } else {
          EXPECT_EQ(started.error().code, errc::count_in_progress);
        }
        break;
      }
      default: {  // count, or decide, an open task
        if (tasks.empty()) break;
        const auto k = tasks[static_cast<std::size_t>(pick(0, static_cast<int>(tasks.size()) - 1))];
        const auto t = inv_->count_task_by_key(k).value();
        if (t.status == count_status::counting) {
          const auto span = (now_ - t.started).count();
          const auto counted_at =
              t.started +
              std::chrono::microseconds{std::uniform_int_distribution<std::int64_t>{0, span}(rng)};
          const auto truth = model_book(t.location, counted_at);
          auto counted = truth + quantity::units(pick(-2, 2));
          if (counted.is_negative()) counted = quantity{};
          auto outcome = inv_->submit_count(
              {.key = key("n"), .task = k, .counted = counted, .counted_at = counted_at});
          if (!outcome) {
            // Only a loss that later movements make impossible is refused.
            EXPECT_EQ(outcome.error().code, errc::insufficient_stock) << outcome.error().message;
            break;
          }
          EXPECT_EQ(outcome->expected, truth);  // the brute-force book at the counted time
          if (outcome->status == count_status::adjusted) {
            ++adjustments;
            EXPECT_EQ(outcome->adjustment, counted - truth);
            adjusted(inv_->count_task_by_key(k).value(), outcome->adjustment);
          }
        } else if (t.status == count_status::awaiting_approval) {
          const auto choice = pick(0, 2);
          if (choice == 0) {
            const auto book_then = model_book(t.location, t.counted_at);
            auto outcome = inv_->approve_count({.key = key("ok"), .task = k});
            if (!outcome) {
              EXPECT_EQ(outcome.error().code, errc::insufficient_stock);
              break;
            }
            ++adjustments;
            EXPECT_EQ(outcome->adjustment, t.counted - book_then);
            adjusted(inv_->count_task_by_key(k).value(), outcome->adjustment);
          } else if (choice == 1) {
            ASSERT_TRUE(inv_->reject_count({.key = key("no"), .task = k}));
          } else {
            ASSERT_TRUE(inv_->request_recount({.key = key("re"), .task = k}));
          }
        }
        break;
      }
    }
    for (const auto b : bins) {
      ASSERT_EQ(inv_->balance(soap, b).from_zero(), model_book(b)) << "step " << step;
    }
    ASSERT_TRUE(inv_->verify()) << "step " << step << ": " << inv_->verify().error().message;
  }
  EXPECT_GT(adjustments, 10);
}

}  // namespace
}  // namespace onhand::testing
