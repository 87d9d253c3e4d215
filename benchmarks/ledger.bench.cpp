// SPDX-License-Identifier: Apache-2.0
// Ledger benchmarks, each beside its peer in the same run:
//  - posting 1-line and 10-line transfer documents at 1k, 100k and 1M
//    item-locations: onhand (memory store) vs an ERP-style SQLite ledger (a
//    movements table indexed on (item, location), a balances table keyed by
//    (item, location, lot) kept by INSERT ... ON CONFLICT DO UPDATE, WAL,
//    synchronous=NORMAL, prepared statements, 1000 postings per transaction,
//    the same non-negative check);
//  - balance lookup at 1M item-locations vs std::unordered_map on the same keys;
//  - memory held per posted movement line (counters on the posting runs);
//  - durable posting to sqlite_store (synchronous=FULL) in post_batch groups
//    of 1, 100 and 1000 documents, beside the raw cost it cannot beat: a
//    100-byte append to a file and fdatasync.
// docs/benchmarks.md has the command and the figures.
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"
#include "onhand/storage/sqlite_store.hpp"

#include "sqlite_file.hpp"

namespace {

using onhand::quantity;

constexpr int locations_count = 10;  // internal locations; items = item_locations / 10

struct onhand_world {
  onhand::memory_store* log = nullptr;
  std::unique_ptr<onhand::inventory> inv;
  std::vector<onhand::item_id> items;
  std::vector<onhand::location_id> locations;

  /// Over a memory store, or over `durable` when given (then `log` is null).
  explicit onhand_world(std::int64_t item_locations,
                        std::unique_ptr<onhand::store> durable = nullptr) {
    std::unique_ptr<onhand::store> store = std::move(durable);
    if (!store) {
      auto memory = std::make_unique<onhand::memory_store>();
      log = memory.get();
      store = std::move(memory);
    }
    inv = std::make_unique<onhand::inventory>(onhand::inventory::open(std::move(store)).value());
    const auto vendor =
        inv->define_location({.code = "V", .kind = onhand::location_kind::supplier}).value();
    for (int l = 0; l < locations_count; ++l) {
      locations.push_back(inv->define_location({.code = "L" + std::to_string(l)}).value());
    }
    const auto item_count = item_locations / locations_count;
    for (std::int64_t i = 0; i < item_count; ++i) {
      items.push_back(inv->define_item({.code = "SKU-" + std::to_string(i)}).value());
      onhand::movement_document receipt{.key = "init-" + std::to_string(i),
                                        .reason = onhand::movement_reason::receipt};
      for (auto l : locations) {
        receipt.lines.push_back({.item = items.back(),
                                 .from = vendor,
                                 .to = l,
                                 .amount = quantity::units(1'000'000'000)});
      }
      if (!inv->post(receipt)) std::abort();
    }
  }

  /// A transfer of `lines` lines of 1 unit between random internal locations.
  void random_transfer(onhand::movement_document& doc, std::string key, int lines,
                       std::mt19937_64& random) const {
    doc.key = std::move(key);
    doc.reason = onhand::movement_reason::transfer;
    doc.lines.clear();
    for (int i = 0; i < lines; ++i) {
      const auto from = random() % locations_count;
      doc.lines.push_back(
          {.item = items[random() % items.size()],
           .from = locations[from],
           .to = locations[(from + 1 + random() % (locations_count - 1)) % locations_count],
           .amount = quantity::units(1)});
    }
  }
};

void BM_PostingOnhand(benchmark::State& state) {
  onhand_world world{state.range(0)};
  const auto lines = static_cast<int>(state.range(1));
  std::mt19937_64 random{42};
  std::uint64_t counter = 0;
  const auto ledger_before = world.inv->read(
      [](const onhand::state& s) { return s.ledger.memory_bytes() + s.keys.memory_bytes(); });
  const auto log_before = world.log->memory_bytes();
  onhand::movement_document doc{.reason = onhand::movement_reason::transfer};
  for (auto _ : state) {
    world.random_transfer(doc, "doc-" + std::to_string(counter++), lines, random);
    auto posted = world.inv->post(doc);
    benchmark::DoNotOptimize(posted);
  }
  const auto lines_posted = static_cast<double>(counter) * lines;
  const auto ledger_after = world.inv->read(
      [](const onhand::state& s) { return s.ledger.memory_bytes() + s.keys.memory_bytes(); });
  state.counters["ledger_bytes_per_line"] =
      static_cast<double>(ledger_after - ledger_before) / lines_posted;
  state.counters["log_bytes_per_line"] =
      static_cast<double>(world.log->memory_bytes() - log_before) / lines_posted;
  state.SetItemsProcessed(static_cast<std::int64_t>(counter));
}

// The same documents posted 1,000 per post_batch call: one clock read, one
// lock and one store append per batch. Items are documents.
void BM_PostingOnhandBatch(benchmark::State& state) {
  constexpr std::size_t batch_size = 1'000;
  onhand_world world{state.range(0)};
  const auto lines = static_cast<int>(state.range(1));
  std::mt19937_64 random{42};
  std::uint64_t counter = 0;
  std::vector<onhand::movement_document> batch(batch_size);
  for (auto _ : state) {
    for (auto& doc : batch) {
      world.random_transfer(doc, "doc-" + std::to_string(counter++), lines, random);
    }
    auto posted = world.inv->post_batch(batch);
    if (!posted || posted->posted != batch_size) std::abort();
    benchmark::DoNotOptimize(posted);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(counter));
}

// A file path for a benchmark, removed (with SQLite's WAL and shared-memory
// files) before and after.
struct bench_file {
  std::string path;
  explicit bench_file(const char* name)
      : path("/tmp/onhand-bench-" + std::to_string(::getpid()) + "-" + name) {
    remove();
  }
  bench_file(const bench_file&) = delete;
  auto operator=(const bench_file&) -> bench_file& = delete;
  ~bench_file() { remove(); }
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
};

// Durable posting: 1-line transfers at 1,000 item-locations through
// sqlite_store with synchronous=FULL (every commit synced), in post_batch
// groups of range(0) documents (1: one post() per document). Items are
// documents; one transaction and one sync per group.
void BM_PostingSqliteStore(benchmark::State& state) {
  const auto group = static_cast<std::size_t>(state.range(0));
  const bench_file file{"store.db"};
  onhand_world world{1'000, onhand::sqlite_store::open(file.path).value()};
  std::mt19937_64 random{42};
  std::uint64_t counter = 0;
  std::vector<onhand::movement_document> batch(group);
  for (auto _ : state) {
    for (auto& doc : batch)
      world.random_transfer(doc, "doc-" + std::to_string(counter++), 1, random);
    if (group == 1) {
      if (!world.inv->post(batch.front())) std::abort();
    } else {
      auto posted = world.inv->post_batch(batch);
      if (!posted || posted->posted != group) std::abort();
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(counter));
}

// The floor under one durable command: append 100 bytes to a file and
// fdatasync it, on the same disk as the store.
void BM_AppendFdatasync(benchmark::State& state) {
  const bench_file file{"raw.log"};
  const int fd = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) std::abort();
  const std::string record(100, 'x');
  for (auto _ : state) {
    if (::write(fd, record.data(), record.size()) != static_cast<ssize_t>(record.size())) {
      std::abort();
    }
    if (::fdatasync(fd) != 0) std::abort();
  }
  ::close(fd);
  state.SetItemsProcessed(state.iterations());
}

// The ERP-style SQLite ledger.
struct sqlite_world : onhand_bench::sqlite_file {
  sqlite3_stmt* check = nullptr;
  sqlite3_stmt* movement = nullptr;
  sqlite3_stmt* upsert = nullptr;
  std::int64_t items = 0;

  explicit sqlite_world(std::int64_t item_locations) : sqlite_file("bench") {
    exec(
        "CREATE TABLE movements (id INTEGER PRIMARY KEY, document TEXT NOT NULL, item INTEGER, "
        "location INTEGER, lot INTEGER, quantity INTEGER, posted_at INTEGER);"
        "CREATE INDEX movements_item_location ON movements (item, location);"
        "CREATE TABLE balances (item INTEGER, location INTEGER, lot INTEGER, quantity INTEGER, "
        "PRIMARY KEY (item, location, lot)) WITHOUT ROWID;");
    check = prepare("SELECT quantity FROM balances WHERE item = ?1 AND location = ?2 AND lot = ?3");
    movement = prepare(
        "INSERT INTO movements (document, item, location, lot, quantity, posted_at) "
        "VALUES (?1, ?2, ?3, 0, ?4, ?5)");
    upsert = prepare(
        "INSERT INTO balances (item, location, lot, quantity) VALUES (?1, ?2, 0, ?3) "
        "ON CONFLICT (item, location, lot) DO UPDATE SET quantity = quantity + ?3");
    items = item_locations / locations_count;
    exec("BEGIN");
    for (std::int64_t i = 0; i < items; ++i) {
      for (int l = 0; l < locations_count; ++l) {
        apply(i, -1, l, 1'000'000'000, "init");
      }
    }
    exec("COMMIT");
  }
  ~sqlite_world() {
    sqlite3_finalize(check);
    sqlite3_finalize(movement);
    sqlite3_finalize(upsert);
  }

  // One line: both movement rows and both balance upserts.
  void apply(std::int64_t item, std::int64_t from, std::int64_t to, std::int64_t amount,
             const std::string& key) const {
    for (auto [location, sign] : {std::pair{from, -1}, std::pair{to, 1}}) {
      sqlite3_bind_text(movement, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_STATIC);
      sqlite3_bind_int64(movement, 2, item);
      sqlite3_bind_int64(movement, 3, location);
      sqlite3_bind_int64(movement, 4, sign * amount);
      sqlite3_bind_int64(movement, 5, 0);
      if (sqlite3_step(movement) != SQLITE_DONE) std::abort();
      sqlite3_reset(movement);
      sqlite3_bind_int64(upsert, 1, item);
      sqlite3_bind_int64(upsert, 2, location);
      sqlite3_bind_int64(upsert, 3, sign * amount);
      if (sqlite3_step(upsert) != SQLITE_DONE) std::abort();
      sqlite3_reset(upsert);
    }
  }
  // The non-negative check on the source.
  [[nodiscard]] auto available(std::int64_t item, std::int64_t location) const -> std::int64_t {
    sqlite3_bind_int64(check, 1, item);
    sqlite3_bind_int64(check, 2, location);
    sqlite3_bind_int64(check, 3, 0);
    std::int64_t out = 0;
    if (sqlite3_step(check) == SQLITE_ROW) out = sqlite3_column_int64(check, 0);
    sqlite3_reset(check);
    return out;
  }
};

void BM_PostingSqliteBaseline(benchmark::State& state) {
  sqlite_world world{state.range(0)};
  const auto lines = static_cast<int>(state.range(1));
  std::mt19937_64 random{42};
  std::uint64_t counter = 0;
  world.exec("BEGIN");
  struct line {
    std::int64_t item, from, to;
  };
  std::vector<line> document;
  for (auto _ : state) {
    const auto key = "doc-" + std::to_string(counter++);
    document.clear();
    for (int i = 0; i < lines; ++i) {
      const auto from = static_cast<std::int64_t>(random() % locations_count);
      document.push_back(
          {static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(world.items)), from,
           (from + 1 + static_cast<std::int64_t>(random() % (locations_count - 1))) %
               locations_count});
    }
    // Check every line, then write: the document is all or nothing.
    bool ok = true;
    for (const auto& l : document) ok = ok && world.available(l.item, l.from) >= 1;
    if (ok) {
      for (const auto& l : document) world.apply(l.item, l.from, l.to, 1, key);
    }
    benchmark::DoNotOptimize(ok);
    if (counter % 1000 == 0) world.exec("COMMIT; BEGIN");
  }
  world.exec("COMMIT");
  state.SetItemsProcessed(static_cast<std::int64_t>(counter));
}

constexpr std::int64_t lookup_item_locations = 1'000'000;

auto lookup_order(std::size_t count) -> std::vector<std::uint32_t> {
  std::vector<std::uint32_t> order(count);
  std::mt19937 random{7};
  for (auto& o : order) o = static_cast<std::uint32_t>(random() % lookup_item_locations);
  return order;
}

void BM_BalanceLookupOnhand(benchmark::State& state) {
  static onhand_world world{lookup_item_locations};
  const auto order = lookup_order(1 << 20);
  std::size_t i = 0;
  world.inv->read([&](const onhand::state& s) {
    const auto& ledger = s.ledger;
    for (auto _ : state) {
      const auto k = order[i++ & (order.size() - 1)];
      const onhand::balance_key key{world.items[k / locations_count],
                                    world.locations[k % locations_count]};
      benchmark::DoNotOptimize(ledger.balance(key));
    }
  });
  state.SetItemsProcessed(state.iterations());
}

void BM_BalanceLookupOnhandLocked(benchmark::State& state) {
  static onhand_world world{lookup_item_locations};
  const auto order = lookup_order(1 << 20);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto k = order[i++ & (order.size() - 1)];
    benchmark::DoNotOptimize(
        world.inv->balance(world.items[k / locations_count], world.locations[k % locations_count]));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_BalanceLookupUnorderedMap(benchmark::State& state) {
  std::unordered_map<onhand::balance_key, quantity, onhand::detail::balance_key_hash> map;
  map.reserve(lookup_item_locations);
  for (std::uint32_t k = 0; k < lookup_item_locations; ++k) {
    map.emplace(onhand::balance_key{onhand::item_id{k / locations_count},
                                    onhand::location_id{k % locations_count}},
                quantity::units(k));
  }
  const auto order = lookup_order(1 << 20);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto k = order[i++ & (order.size() - 1)];
    auto found = map.find(onhand::balance_key{onhand::item_id{k / locations_count},
                                              onhand::location_id{k % locations_count}});
    benchmark::DoNotOptimize(found->second);
  }
  state.SetItemsProcessed(state.iterations());
}

void posting_args(benchmark::internal::Benchmark* b) {
  for (std::int64_t item_locations : {1'000, 100'000, 1'000'000}) {
    for (std::int64_t lines : {1, 10}) b->Args({item_locations, lines});
  }
  b->ArgNames({"item_locations", "lines"})->Unit(benchmark::kMicrosecond)->MinTime(1.0);
}

BENCHMARK(BM_PostingOnhand)->Apply(posting_args);
BENCHMARK(BM_PostingOnhandBatch)->Apply(posting_args);
BENCHMARK(BM_PostingSqliteBaseline)->Apply(posting_args);
BENCHMARK(BM_PostingSqliteStore)
    ->ArgName("group")
    ->Arg(1)
    ->Arg(100)
    ->Arg(1'000)
    ->Unit(benchmark::kMicrosecond)
    ->MinTime(2.0)
    ->UseRealTime();  // the time is in the disk, not the CPU
BENCHMARK(BM_AppendFdatasync)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_BalanceLookupOnhand)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_BalanceLookupOnhandLocked)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_BalanceLookupUnorderedMap)->Unit(benchmark::kNanosecond);

}  // namespace
