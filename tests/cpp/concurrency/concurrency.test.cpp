// SPDX-License-Identifier: Apache-2.0
// Thread safety: writers are serialized, readers never see half a command,
// and no interleaving over-commits stock. Run under the tsan preset too.
#include <atomic>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/allocation/queries.hpp"
#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::IsOk;

struct world {
  explicit world(inventory_options options = {})
      : inv(inventory::open(std::make_unique<memory_store>(), std::move(options)).value()) {}
  inventory inv;
  item_id soap = inv.define_item({.code = "SOAP"}).value();
  location_id vendor = inv.define_location({.code = "V", .kind = location_kind::supplier}).value();
  location_id buyer = inv.define_location({.code = "C", .kind = location_kind::customer}).value();
  location_id east = inv.define_location({.code = "EAST"}).value();
  location_id west = inv.define_location({.code = "WEST"}).value();
};

TEST(Concurrency, RacingShipmentsNeverOversell) {
  world w;
  constexpr int stock = 200;
  ASSERT_THAT(w.inv.post({.key = "po",
                          .lines = {{.item = w.soap,
                                     .from = w.vendor,
                                     .to = w.east,
                                     .amount = quantity::units(stock)}}}),
              IsOk());
  constexpr int threads = 4;
  constexpr int attempts = 100;  // 400 attempts for 200 units
  std::atomic<int> shipped{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < attempts; ++i) {
        auto r = w.inv.post(
            {.key = "so-" + std::to_string(t) + "-" + std::to_string(i),
             .lines = {
                 {.item = w.soap, .from = w.east, .to = w.buyer, .amount = quantity::units(1)}}});
        if (r) {
          ++shipped;
        } else if (r.error().code == errc::insufficient_stock) {
          ++refused;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(shipped.load(), stock);
  EXPECT_EQ(refused.load(), threads * attempts - stock);
  EXPECT_EQ(w.inv.on_hand(w.soap, w.east), stock_level::zero());
  EXPECT_THAT(w.inv.verify(), IsOk());
}

// Reservations racing for the last units, at locations nested in each other
// (a whole-network hold competes with a bin's), with releases and commits
// mixed in: no interleaving promises a unit twice. A reader checks, under
// one lock, that at every location what is reserved within it never exceeds
// what is usable within it. ONHAND_STRESS_ATTEMPTS sets the number of
// attempts (the stress target runs a million).
TEST(Concurrency, RacingReservationsNeverOverCommit) {
  const char* configured = std::getenv("ONHAND_STRESS_ATTEMPTS");
  const long total = configured != nullptr ? std::strtol(configured, nullptr, 10) : 16'000;
  constexpr int threads = 8;
  const long attempts = std::max(1L, total / threads);

  world w;
  const auto all = w.inv.define_location({.code = "ALL"}).value();
  const auto site = w.inv.define_location({.code = "SITE", .parent = "ALL"}).value();
  const auto bin = w.inv.define_location({.code = "SITE/BIN", .parent = "SITE"}).value();
  const auto other = w.inv.define_location({.code = "OTHER", .parent = "ALL"}).value();
  const std::array nodes{all, site, bin, other};
  for (const auto& [to, amount] : {std::pair{bin, 60}, std::pair{other, 40}}) {
    ASSERT_THAT(w.inv.post({.key = "po-" + std::to_string(to.value),
                            .lines = {{.item = w.soap,
                                       .from = w.vendor,
                                       .to = to,
                                       .amount = quantity::units(amount)}}}),
                IsOk());
  }
  ASSERT_THAT(
      w.inv.set_channel_quota(
          {.item = w.soap, .location = site, .channel = "b2b", .value = quantity::units(10)}),
      IsOk());

  std::atomic<long> reserved_units{0};  // reserved, less released and shipped
  std::atomic<long> shipped_units{0};
  std::atomic<long> unexpected{0};
  std::atomic<long> refused{0};
  std::atomic<bool> done{false};
  std::atomic<long> checks{0};
  std::atomic<long> violations{0};

  std::thread reader([&] {
    while (!done.load()) {
      w.inv.read([&](const state& s) {
        const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(
            std::chrono::system_clock::now());
        for (const auto node : nodes) {
          if (s.reservations.reserved_within(w.soap, node) > usable_within(s, w.soap, node, now)) {
            ++violations;
          }
        }
      });
      ++checks;
    }
  });

  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937_64 random{static_cast<std::uint64_t>(20261205 + t)};
      std::vector<std::string> open;
      const std::array<std::string, 3> channels{"", "web", "b2b"};
      for (long i = 0; i < attempts; ++i) {
        const auto key = "t" + std::to_string(t) + "-" + std::to_string(i);
        const auto dice = random() % 10;
        if (dice < 6 || open.empty()) {
          const auto amount = static_cast<long>(1 + random() % 3);
          auto made = w.inv.reserve({.key = key,
                                     .item = w.soap,
                                     .location = nodes[random() % nodes.size()],
                                     .amount = quantity::units(amount),
                                     .channel = channels[random() % channels.size()]});
          if (made) {
            reserved_units += amount;
            open.push_back(key);
          } else if (made.error().code == errc::insufficient_stock) {
            ++refused;
          } else {
            ++unexpected;
          }
        } else if (dice < 9) {
          const auto pick = random() % open.size();
          const auto held = w.inv.reservation_by_key(open[pick]).value().remaining();
          auto released = w.inv.release_reservation({.key = key, .reservation = open[pick]});
          if (!released) ++unexpected;
          reserved_units -= held.raw() / quantity::scale;
          open.erase(open.begin() + static_cast<std::ptrdiff_t>(pick));
        } else {
          // Ship one unit of it from the bin or the other site, whichever
          // lies within it; the promise rule may refuse either.
          const auto pick = random() % open.size();
          const auto r = w.inv.reservation_by_key(open[pick]).value();
          const auto from = r.location == other ? other : bin;
          auto shipped =
              w.inv.commit_reservation({.reservation = open[pick],
                                        .document = {.key = key,
                                                     .reason = movement_reason::shipment,
                                                     .lines = {{.item = w.soap,
                                                                .from = from,
                                                                .to = w.buyer,
                                                                .amount = quantity::units(1)}}}});
          if (shipped) {
            --reserved_units;
            ++shipped_units;
            if (r.remaining() == quantity::units(1))
              open.erase(open.begin() + static_cast<std::ptrdiff_t>(pick));
          } else if (shipped.error().code != errc::insufficient_stock &&
                     shipped.error().code != errc::invalid_location) {
            ++unexpected;
          }
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  done = true;
  reader.join();

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(refused.load(), 0) << "the race never reached the last units";
  EXPECT_EQ(violations.load(), 0) << "over " << checks.load() << " checks";
  EXPECT_GT(checks.load(), 0);
  const auto totals = w.inv.read([&](const state& s) {
    return std::pair{s.reservations.reserved_within(w.soap, all),
                     s.ledger.balance({w.soap, w.buyer}).from_zero()};
  });
  EXPECT_EQ(totals.first, quantity::units(reserved_units.load()));
  EXPECT_EQ(totals.second, quantity::units(shipped_units.load()));
  EXPECT_THAT(w.inv.verify(), IsOk());
}

TEST(Concurrency, ReadersSeeWholeDocumentsOnly) {
  world w;
  ASSERT_THAT(w.inv.post({.key = "po",
                          .lines = {{.item = w.soap,
                                     .from = w.vendor,
                                     .to = w.east,
                                     .amount = quantity::units(1000)}}}),
              IsOk());
  std::atomic<bool> done{false};
  std::atomic<long> torn{0};
  std::thread reader([&] {
    while (!done.load()) {
      // A transfer moves stock between two locations in one document: any
      // reader sees the total unchanged.
      const auto total = w.inv.read([&](const state& s) {
        const auto& ledger = s.ledger;
        return ledger.total(w.soap, w.east).from_zero() + ledger.total(w.soap, w.west).from_zero();
      });
      if (total != quantity::units(1000)) ++torn;
    }
  });
  std::thread retrier([&] {
    // Retries of one key from another thread take effect once.
    for (int i = 0; i < 200; ++i) {
      auto r = w.inv.post(
          {.key = "retry-me",
           .lines = {
               {.item = w.soap, .from = w.east, .to = w.west, .amount = quantity::units(1)}}});
      EXPECT_TRUE(r.has_value());
    }
  });
  for (int i = 0; i < 500; ++i) {
    const bool outward = i % 2 == 0;
    ASSERT_THAT(w.inv.post({.key = "tr-" + std::to_string(i),
                            .lines = {{.item = w.soap,
                                       .from = outward ? w.east : w.west,
                                       .to = outward ? w.west : w.east,
                                       .amount = quantity::units(3)}}}),
                IsOk());
  }
  retrier.join();
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(w.inv.on_hand(w.soap, w.west), stock_level::at(quantity::units(1)));
  EXPECT_THAT(w.inv.verify(), IsOk());
}

// Each batch moves 10 units out of EAST one by one and brings them back:
// between batches WEST holds nothing, so a reader that sees anything there
// saw part of a batch. A second writer's batches race for the same stock.
// (One recorded time for all: a batch that read the clock first but took
// the lock second would be judged earlier in time than the other's, and
// rightly refused.)
TEST(Concurrency, ReadersSeeWholeBatchesOnly) {
  inventory_options options;
  options.clock = [] { return timestamp{std::chrono::seconds{1'800'000'000}}; };
  world w{options};
  ASSERT_THAT(w.inv.post({.key = "po",
                          .lines = {{.item = w.soap,
                                     .from = w.vendor,
                                     .to = w.east,
                                     .amount = quantity::units(10)}}}),
              IsOk());
  std::atomic<bool> done{false};
  std::atomic<long> torn{0};
  std::thread reader([&] {
    while (!done.load()) {
      const auto west = w.inv.read([&](const state& s) { return s.ledger.total(w.soap, w.west); });
      if (west != stock_level::zero()) ++torn;
    }
  });
  auto batch_of = [&](const std::string& prefix) {
    std::vector<movement_document> batch;
    for (int i = 0; i < 20; ++i) {
      const bool out = i < 10;
      batch.push_back({.key = prefix + "-" + std::to_string(i),
                       .lines = {{.item = w.soap,
                                  .from = out ? w.east : w.west,
                                  .to = out ? w.west : w.east,
                                  .amount = quantity::units(1)}}});
    }
    return batch;
  };
  std::atomic<int> refused{0};
  auto writer = [&](const std::string& name) {
    for (int b = 0; b < 100; ++b) {
      auto r = w.inv.post_batch(batch_of(name + std::to_string(b)), {.atomic = true});
      EXPECT_TRUE(r.has_value());
      if (r && r->posted != 20) ++refused;
    }
  };
  std::thread first(writer, "a");
  std::thread second(writer, "b");
  first.join();
  second.join();
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(w.inv.on_hand(w.soap, w.east), stock_level::at(quantity::units(10)));
  EXPECT_EQ(w.inv.log_position(), 5U + 1U + 2U * 100U * 20U);
  EXPECT_THAT(w.inv.verify(), IsOk());
}

}  // namespace
}  // namespace onhand
