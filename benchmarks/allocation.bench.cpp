// SPDX-License-Identifier: Apache-2.0
// Allocation benchmarks, each beside its peer in the same run:
//  - FEFO allocation of order lines, 10 lots per item-location, 10k items:
//    onhand's plan_picks plus the in-memory bookkeeping (take the plan off the
//    lots' usable quantities, append the lines to an allocation log) vs a SQL
//    FEFO allocation in SQLite (lots indexed on (item, expiry, received, lot),
//    one SELECT per order line ranking the lots by expiry with a running-sum
//    window function, an UPDATE per lot taken and an INSERT per allocation,
//    WAL, synchronous=NORMAL, prepared statements, one transaction per 1000
//    order lines). Both take the same lines on the same data; the setup
//    checks that they allocate identically before timing.
//  - the same allocation over three sites (3 × 10 lots, closest site first);
//  - time-phased ATP for 10k items × 90 daily buckets, in columns, and one
//    item at a time through time_phased_atp;
//  - available-to-promise of one item at one site (no reservations; with a
//    reservation at the site and one at the network root, so the whole chain
//    is read) and consolidated over the three sites, beside the ledger's
//    balance lookup of the same item-location under the same lock (the
//    channel looked up once, as a caller of many lookups does; and by name
//    on every call).
// docs/benchmarks.md has the command and the figures.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "onhand/allocation/pick_plan.hpp"
#include "onhand/allocation/queries.hpp"
#include "onhand/allocation/time_phased.hpp"
#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"

#include "sqlite_file.hpp"

namespace {

using onhand::quantity;

constexpr int items_count = 10'000;
constexpr int lots_per_location = 10;
constexpr std::int64_t lot_units = 100'000;  // a run takes a few lots of each item, never all

auto day(int n) -> onhand::date {
  return onhand::date{std::chrono::sys_days{std::chrono::year{2027} / 3 / 1} +
                      std::chrono::days{n}};
}

// The lots of every item at `sites` sites, as candidates (lot codes are zero-padded, so their
// order is the order of the lot numbers, as in SQL).
struct lot_world {
  std::vector<std::string> codes;
  std::vector<onhand::lot_candidate> lots;  // item i: [i * per_item, (i + 1) * per_item)
  int per_item = 0;

  explicit lot_world(int sites) : per_item(sites * lots_per_location) {
    for (int l = 0; l < per_item; ++l) {
      char code[16];
      std::snprintf(code, sizeof code, "L%03d", l);
      codes.emplace_back(code);
    }
    std::mt19937_64 random{7};
    for (int i = 0; i < items_count; ++i) {
      for (int l = 0; l < per_item; ++l) {
        lots.push_back(
            {.location = onhand::location_id{static_cast<std::uint32_t>(l / lots_per_location)},
             .site_rank = static_cast<std::uint32_t>(l / lots_per_location),
             .lot = onhand::lot_id{static_cast<std::uint32_t>(l)},
             .lot_code = codes[static_cast<std::size_t>(l)],
             .expiry = day(static_cast<int>(random() % 365)),
             .first_received = onhand::start_of(day(-static_cast<int>(random() % 90))),
             .usable = quantity::units(lot_units)});
      }
    }
  }
  auto of(std::int64_t item) -> std::span<onhand::lot_candidate> {
    return std::span(lots).subspan(static_cast<std::size_t>(item * per_item),
                                   static_cast<std::size_t>(per_item));
  }
};

struct order_line {
  std::int64_t item;
  std::int64_t amount;  // whole units, 1..2000: mostly one lot, at times two
};

auto order_lines(std::size_t count) -> std::vector<order_line> {
  std::mt19937_64 random{42};
  std::vector<order_line> lines;
  for (std::size_t n = 0; n < count; ++n) {
    lines.push_back({static_cast<std::int64_t>(random() % items_count),
                     static_cast<std::int64_t>(1 + random() % 2000)});
  }
  return lines;
}

struct allocation {
  std::int64_t line, item, lot, amount;
  friend auto operator==(const allocation&, const allocation&) -> bool = default;
};

// onhand: the plan, then the lots' usable quantities and the allocation log updated from it.
void allocate_onhand(lot_world& world, const order_line& line, std::int64_t number,
                     std::vector<allocation>& log) {
  auto lots = world.of(line.item);
  auto plan = onhand::plan_picks(
      lots, {.wanted = quantity::units(line.amount), .on = day(0), .partial = true});
  if (!plan) std::abort();
  for (const auto& pick : plan->lines) {
    lots[pick.lot.index()].usable -= pick.amount;
    log.push_back({number, line.item, static_cast<std::int64_t>(pick.lot.value),
                   pick.amount.raw() / quantity::scale});
  }
}

// The SQL FEFO allocation.
struct sqlite_world : onhand_bench::sqlite_file {
  sqlite3_stmt* rank = nullptr;
  sqlite3_stmt* take = nullptr;
  sqlite3_stmt* record = nullptr;

  explicit sqlite_world(const lot_world& lots) : sqlite_file("allocation-bench") {
    exec(
        "CREATE TABLE lots (item INTEGER, lot INTEGER, expiry INTEGER, received INTEGER, "
        "status INTEGER, usable INTEGER, PRIMARY KEY (item, lot)) WITHOUT ROWID;"
        "CREATE INDEX lots_fefo ON lots (item, expiry, received, lot);"
        "CREATE TABLE allocations (id INTEGER PRIMARY KEY, line INTEGER, item INTEGER, "
        "lot INTEGER, quantity INTEGER);");
    auto* insert = prepare("INSERT INTO lots VALUES (?1, ?2, ?3, ?4, 0, ?5)");
    exec("BEGIN");
    for (std::size_t n = 0; n < lots.lots.size(); ++n) {
      const auto& lot = lots.lots[n];
      sqlite3_bind_int64(insert, 1, static_cast<std::int64_t>(n) / lots.per_item);
      sqlite3_bind_int64(insert, 2, lot.lot.value);
      sqlite3_bind_int64(insert, 3, std::chrono::sys_days{*lot.expiry}.time_since_epoch().count());
      sqlite3_bind_int64(insert, 4, lot.first_received.time_since_epoch().count());
      sqlite3_bind_int64(insert, 5, lot.usable.raw() / quantity::scale);
      if (sqlite3_step(insert) != SQLITE_DONE) std::abort();
      sqlite3_reset(insert);
    }
    exec("COMMIT");
    sqlite3_finalize(insert);
    // Usable lots of the item on the day, FEFO, with what the lots before each one hold.
    rank = prepare(
        "SELECT lot, usable, SUM(usable) OVER (ORDER BY expiry, received, lot "
        "ROWS UNBOUNDED PRECEDING) - usable AS before "
        "FROM lots WHERE item = ?1 AND status = 0 AND expiry >= ?2 AND usable > 0 "
        "ORDER BY expiry, received, lot");
    take = prepare("UPDATE lots SET usable = usable - ?3 WHERE item = ?1 AND lot = ?2");
    record = prepare("INSERT INTO allocations (line, item, lot, quantity) VALUES (?1, ?2, ?3, ?4)");
  }
  sqlite_world(const sqlite_world&) = delete;
  auto operator=(const sqlite_world&) -> sqlite_world& = delete;
  ~sqlite_world() {
    sqlite3_finalize(rank);
    sqlite3_finalize(take);
    sqlite3_finalize(record);
  }

  void allocate(const order_line& line, std::int64_t number, std::vector<allocation>* log) {
    picks_.clear();
    sqlite3_bind_int64(rank, 1, line.item);
    sqlite3_bind_int64(rank, 2, std::chrono::sys_days{day(0)}.time_since_epoch().count());
    while (sqlite3_step(rank) == SQLITE_ROW) {
      const auto before = sqlite3_column_int64(rank, 2);
      if (before >= line.amount) break;  // the running sum has covered the line
      const auto usable = sqlite3_column_int64(rank, 1);
      picks_.push_back({sqlite3_column_int64(rank, 0), std::min(usable, line.amount - before)});
    }
    sqlite3_reset(rank);
    for (const auto& p : picks_) {
      sqlite3_bind_int64(take, 1, line.item);
      sqlite3_bind_int64(take, 2, p.lot);
      sqlite3_bind_int64(take, 3, p.amount);
      if (sqlite3_step(take) != SQLITE_DONE) std::abort();
      sqlite3_reset(take);
      sqlite3_bind_int64(record, 1, number);
      sqlite3_bind_int64(record, 2, line.item);
      sqlite3_bind_int64(record, 3, p.lot);
      sqlite3_bind_int64(record, 4, p.amount);
      if (sqlite3_step(record) != SQLITE_DONE) std::abort();
      sqlite3_reset(record);
      if (log != nullptr) log->push_back({number, line.item, p.lot, p.amount});
    }
  }

 private:
  struct pick_row {
    std::int64_t lot, amount;
  };
  std::vector<pick_row> picks_;
};

constexpr std::size_t lines_count = 1 << 20;

// Both sides allocate the first lines identically, or the comparison means nothing.
void check_same_allocations() {
  static const bool checked = [] {
    lot_world onhand_lots{1};
    sqlite_world sql{onhand_lots};
    const auto lines = order_lines(5000);
    std::vector<allocation> ours;
    std::vector<allocation> theirs;
    sql.exec("BEGIN");
    for (std::size_t n = 0; n < lines.size(); ++n) {
      allocate_onhand(onhand_lots, lines[n], static_cast<std::int64_t>(n), ours);
      sql.allocate(lines[n], static_cast<std::int64_t>(n), &theirs);
    }
    sql.exec("COMMIT");
    if (ours != theirs) {
      std::fprintf(stderr, "onhand and SQLite allocate differently\n");
      std::abort();
    }
    return true;
  }();
  benchmark::DoNotOptimize(checked);
}

void BM_FefoOnhand(benchmark::State& state) {
  check_same_allocations();
  lot_world world{static_cast<int>(state.range(0))};
  const auto lines = order_lines(lines_count);
  std::vector<allocation> log;
  log.reserve(lines_count);
  std::size_t n = 0;
  for (auto _ : state) {
    allocate_onhand(world, lines[n % lines_count], static_cast<std::int64_t>(n), log);
    if (++n % lines_count == 0) log.clear();
  }
  benchmark::DoNotOptimize(log.data());
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}

void BM_FefoSqliteBaseline(benchmark::State& state) {
  check_same_allocations();
  lot_world lots{1};
  sqlite_world world{lots};
  const auto lines = order_lines(lines_count);
  std::size_t n = 0;
  world.exec("BEGIN");
  for (auto _ : state) {
    world.allocate(lines[n % lines_count], static_cast<std::int64_t>(n), nullptr);
    if (++n % 1000 == 0) world.exec("COMMIT; BEGIN");
  }
  world.exec("COMMIT");
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}

// 10k items: per item 4 receipts and 16 demands spread over the horizon, some overdue.
struct atp_world {
  std::vector<quantity> on_hand;
  std::vector<std::size_t> receipt_offsets{0};
  std::vector<onhand::dated_quantity> receipts;
  std::vector<std::size_t> demand_offsets{0};
  std::vector<onhand::dated_quantity> demands;

  atp_world() {
    std::mt19937_64 random{11};
    for (int i = 0; i < items_count; ++i) {
      on_hand.push_back(quantity::units(static_cast<std::int64_t>(random() % 500)));
      for (int r = 0; r < 4; ++r) {
        receipts.push_back({day(static_cast<int>(random() % 100) - 5),
                            quantity::units(static_cast<std::int64_t>(random() % 300))});
      }
      for (int d = 0; d < 16; ++d) {
        demands.push_back({day(static_cast<int>(random() % 100) - 5),
                           quantity::units(static_cast<std::int64_t>(random() % 80))});
      }
      receipt_offsets.push_back(receipts.size());
      demand_offsets.push_back(demands.size());
    }
  }
  [[nodiscard]] auto columns() const -> onhand::atp_columns {
    return {on_hand, receipt_offsets, receipts, demand_offsets, demands};
  }
};

constexpr int atp_days = 90;

void BM_TimePhasedColumns(benchmark::State& state) {
  const atp_world world;
  std::vector<quantity> atp(static_cast<std::size_t>(items_count) * atp_days);
  for (auto _ : state) {
    auto done = onhand::time_phased_atp_columns(world.columns(), day(0), atp_days, atp);
    if (!done) std::abort();
    benchmark::DoNotOptimize(atp.data());
  }
  state.SetItemsProcessed(state.iterations() * items_count);
}

void BM_TimePhasedPerItem(benchmark::State& state) {
  const atp_world world;
  for (auto _ : state) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(items_count); ++i) {
      auto buckets = onhand::time_phased_atp(
          world.on_hand[i],
          std::span(world.receipts)
              .subspan(world.receipt_offsets[i],
                       world.receipt_offsets[i + 1] - world.receipt_offsets[i]),
          std::span(world.demands)
              .subspan(world.demand_offsets[i],
                       world.demand_offsets[i + 1] - world.demand_offsets[i]),
          day(0), atp_days);
      benchmark::DoNotOptimize(buckets);
    }
  }
  state.SetItemsProcessed(state.iterations() * items_count);
}

// Available-to-promise against the balance lookup: 1,000 items in three
// sites under one network root, 1 to 50 units each.
struct promise_world {
  static constexpr int items = 1'000;
  onhand::inventory inv = onhand::inventory::open(std::make_unique<onhand::memory_store>()).value();
  std::vector<onhand::item_id> ids;
  std::vector<onhand::location_id> sites;
  onhand::location_id network;

  explicit promise_world(bool reserved) {
    const auto supplier =
        inv.define_location({.code = "SUPPLIER", .kind = onhand::location_kind::supplier}).value();
    network = inv.define_location({.code = "NETWORK"}).value();
    for (const char* code : {"3PL-EAST", "3PL-WEST", "3PL-CENTRAL"}) {
      sites.push_back(inv.define_location({.code = code, .parent = "NETWORK"}).value());
    }
    std::mt19937_64 random{7};
    for (int i = 0; i < items; ++i) {
      const auto id = inv.define_item({.code = "SKU-" + std::to_string(i)}).value();
      ids.push_back(id);
      onhand::movement_document receipt{.key = "po-" + std::to_string(i),
                                        .reason = onhand::movement_reason::receipt};
      for (const auto site : sites) {
        receipt.lines.push_back(
            {.item = id,
             .from = supplier,
             .to = site,
             .amount = quantity::units(static_cast<std::int64_t>(60 + random() % 50))});
      }
      inv.post(receipt).value();
      if (reserved) {
        inv.reserve({.key = "site-" + std::to_string(i),
                     .item = id,
                     .location = sites[0],
                     .amount = quantity::units(5),
                     .channel = "web"})
            .value();
        inv.reserve({.key = "all-" + std::to_string(i),
                     .item = id,
                     .location = network,
                     .amount = quantity::units(5),
                     .channel = "wholesale"})
            .value();
      }
    }
  }
};

const auto atp_now = onhand::timestamp{std::chrono::microseconds{1'800'000'000'000'000}};

void BM_AtpOneSite(benchmark::State& state) {
  static promise_world plain{false};
  static promise_world reserved{true};
  auto& world = state.range(0) == 0 ? plain : reserved;
  std::size_t i = 0;
  world.inv.read([&](const onhand::state& s) {
    const auto web = s.reservations.find_channel("web");
    for (auto _ : state) {
      const auto item = world.ids[i++ % promise_world::items];
      benchmark::DoNotOptimize(onhand::available_to_promise(s, item, world.sites[0], web, atp_now));
    }
  });
  state.SetItemsProcessed(state.iterations());
}

// The same with the channel given by name, looked up on every call.
void BM_AtpOneSiteByName(benchmark::State& state) {
  static promise_world reserved{true};
  std::size_t i = 0;
  reserved.inv.read([&](const onhand::state& s) {
    for (auto _ : state) {
      const auto item = reserved.ids[i++ % promise_world::items];
      benchmark::DoNotOptimize(
          onhand::available_to_promise(s, item, reserved.sites[0], "web", atp_now));
    }
  });
  state.SetItemsProcessed(state.iterations());
}

void BM_AtpConsolidated(benchmark::State& state) {
  static promise_world reserved{true};
  std::size_t i = 0;
  reserved.inv.read([&](const onhand::state& s) {
    const auto web = s.reservations.find_channel("web");
    for (auto _ : state) {
      const auto item = reserved.ids[i++ % promise_world::items];
      benchmark::DoNotOptimize(
          onhand::available_to_promise(s, item, reserved.network, web, atp_now));
    }
  });
  state.SetItemsProcessed(state.iterations());
}

void BM_BalanceLookupPeer(benchmark::State& state) {
  static promise_world plain{false};
  std::size_t i = 0;
  plain.inv.read([&](const onhand::state& s) {
    for (auto _ : state) {
      const auto item = plain.ids[i++ % promise_world::items];
      benchmark::DoNotOptimize(s.ledger.balance({item, plain.sites[0]}));
    }
  });
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_FefoOnhand)->ArgName("sites")->Arg(1)->Arg(3)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_FefoSqliteBaseline)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TimePhasedColumns)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TimePhasedPerItem)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AtpOneSite)->ArgName("reserved")->Arg(0)->Arg(1)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_AtpOneSiteByName)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_AtpConsolidated)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_BalanceLookupPeer)->Unit(benchmark::kNanosecond);
