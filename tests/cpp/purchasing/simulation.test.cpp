// SPDX-License-Identifier: Apache-2.0
// A seeded workload of purchase order and receipt commands against a
// simple model in whole units and whole percentages: which commands are
// accepted, each line's received quantity and completion, each order's
// status. After every step: on order equals the sum of the open lines'
// remainders (model and queries), the stock received equals the ledger's
// receipts, and verify() replays the log to the same state.
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

constexpr std::int64_t over_percent = 10;
constexpr std::int64_t under_percent = 5;

struct model_line {
  std::int64_t ordered = 0;
  std::int64_t received = 0;
  int destination = 0;  // 0 east, 1 west
  bool complete = false;
};

struct model_order {
  std::string key;
  std::vector<model_line> lines;
  purchase_order_status status = purchase_order_status::draft;
  [[nodiscard]] auto open() const -> bool {
    return status == purchase_order_status::draft || status == purchase_order_status::sent ||
           status == purchase_order_status::partially_received;
  }
  void settle() {
    if (status == purchase_order_status::draft || !open()) return;
    bool all = true;
    bool any = false;
    for (const auto& l : lines) {
      all = all && l.complete;
      any = any || l.received > 0;
    }
    status = all   ? purchase_order_status::received
             : any ? purchase_order_status::partially_received
                   : purchase_order_status::sent;
  }
};

class PurchasingSimulation : public LedgerTest {};

TEST_F(PurchasingSimulation, RandomCommandsAgreeWithTheModel) {
  ASSERT_THAT(inv_->define_supplier({.code = "ACME",
                                     .location = vendor,
                                     .over_tolerance = q("0.10"),
                                     .under_tolerance = q("0.05")}),
              IsOk());
  const location_id places[2] = {east, west};
  std::mt19937_64 rng{20261205};
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>{lo, hi}(rng);
  };
  std::vector<model_order> orders;
  std::int64_t received_total[2] = {0, 0};
  int keys = 0;
  int accepted = 0;
  int refused = 0;
  for (int step = 0; step < 300; ++step) {
    const auto op = pick(0, 9);
    if (op <= 1 || orders.empty()) {
      model_order o{.key = "PO-" + std::to_string(orders.size())};
      std::vector<purchase_order_line> lines;
      for (auto n = pick(1, 3); n > 0; --n) {
        model_line l{.ordered = pick(1, 60), .destination = static_cast<int>(pick(0, 1))};
        lines.push_back({.item = soap,
                         .amount = quantity::units(l.ordered),
                         .price = money::parse("1.5").value(),
                         .expected = day("2026-12-10"),
                         .destination = places[l.destination]});
        o.lines.push_back(l);
      }
      ASSERT_THAT(inv_->create_purchase_order(
                      {.key = o.key, .supplier = "ACME", .currency = "EUR", .lines = lines}),
                  IsOk());
      orders.push_back(o);
      ++accepted;
    } else {
      auto& o =
          orders[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(orders.size()) - 1))];
      const auto before = inv_->log_position();
      bool ok = false;
      if (op == 2) {
        ok = o.status == purchase_order_status::draft;
        const bool noop = o.status == purchase_order_status::sent ||
                          o.status == purchase_order_status::partially_received ||
                          o.status == purchase_order_status::received;
        auto r = inv_->send_purchase_order(o.key);
        ASSERT_EQ(r.has_value(), ok || noop) << step;
        if (ok) o.status = purchase_order_status::sent;
      } else if (op == 3) {
        ok = o.status == purchase_order_status::draft || o.status == purchase_order_status::sent;
        auto r = inv_->cancel_purchase_order(o.key);
        ASSERT_EQ(r.has_value(), ok || o.status == purchase_order_status::cancelled) << step;
        if (ok) o.status = purchase_order_status::cancelled;
      } else if (op == 4) {
        ok = o.status == purchase_order_status::sent ||
             o.status == purchase_order_status::partially_received;
        auto r = inv_->close_purchase_order(o.key);
        ASSERT_EQ(r.has_value(), ok || o.status == purchase_order_status::closed) << step;
        if (ok) o.status = purchase_order_status::closed;
      } else if (op == 5) {
        const auto i =
            static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(o.lines.size()) - 1));
        auto& l = o.lines[i];
        const auto amount = pick(1, 70);
        ok = o.open() && amount >= l.received;
        auto r = inv_->change_purchase_order_line({.key = "C" + std::to_string(keys++),
                                                   .order = o.key,
                                                   .line = static_cast<std::uint32_t>(i),
                                                   .amount = quantity::units(amount),
                                                   .expected = day("2026-12-12")});
        ASSERT_EQ(r.has_value(), ok) << step;
        if (ok) {
          l.ordered = amount;
          l.complete = l.received > 0 && l.received * 100 >= l.ordered * (100 - under_percent);
          o.settle();
        }
      } else {
        const auto i =
            static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(o.lines.size()) - 1));
        auto& l = o.lines[i];
        const auto amount = pick(1, 40);
        const bool receivable = o.status == purchase_order_status::sent ||
                                o.status == purchase_order_status::partially_received;
        ok = receivable && (l.received + amount) * 100 <= l.ordered * (100 + over_percent);
        auto r = inv_->receive({.key = "G" + std::to_string(keys++),
                                .order = o.key,
                                .line = static_cast<std::uint32_t>(i),
                                .lots = {{.amount = quantity::units(amount)}}});
        ASSERT_EQ(r.has_value(), ok) << step << " " << (r ? "" : r.error().message);
        if (!ok) {
          EXPECT_EQ(r.error().code,
                    receivable ? errc::over_receipt : errc::wrong_purchase_order_status);
        }
        if (ok) {
          l.received += amount;
          received_total[l.destination] += amount;
          if (!l.complete && l.received * 100 >= l.ordered * (100 - under_percent)) {
            l.complete = true;
          }
          o.settle();
        }
      }
      if (!ok) {
        EXPECT_EQ(inv_->log_position(), before) << step;
      }
      (ok ? accepted : refused) += 1;
    }

    // The model's on order, the projection's, and the open lines' remainders agree.
    std::int64_t model_on_order[2] = {0, 0};
    for (const auto& o : orders) {
      if (!o.open()) continue;
      for (const auto& l : o.lines) {
        if (!l.complete && l.received < l.ordered) {
          model_on_order[l.destination] += l.ordered - l.received;
        }
      }
    }
    inv_->read([&](const state& s) {
      quantity from_lines[2];
      for (const auto& line : open_lines(s))
        from_lines[line.destination == east ? 0 : 1] += line.remaining;
      for (int d = 0; d < 2; ++d) {
        EXPECT_EQ(on_order(s, soap, places[d]), quantity::units(model_on_order[d])) << step;
        EXPECT_EQ(from_lines[d], quantity::units(model_on_order[d])) << step;
        EXPECT_EQ(on_hand(s, soap, places[d]).from_zero(), quantity::units(received_total[d]))
            << step;
      }
      for (const auto& o : orders) {
        EXPECT_EQ(s.purchasing.order(*s.purchasing.find_order(o.key)).status, o.status) << step;
      }
    });
    ASSERT_THAT(inv_->verify(), IsOk()) << step;
  }
  EXPECT_GT(accepted, 100);
  EXPECT_GT(refused, 10);
  std::printf("purchasing simulation: seed 20261205, 300 steps: %d accepted, %d refused\n",
              accepted, refused);
}

}  // namespace
}  // namespace onhand::testing
