// SPDX-License-Identifier: Apache-2.0
// Operations benchmarks (purchasing receipts, valuation), each beside its
// peer in the same run:
//  - receiving: 1-line receipts against purchase orders of 10 lines through
//    inventory::receive (memory store) vs an ERP-style SQLite schema
//    (purchase_order / purchase_order_item / purchase_receipt / stock ledger
//    entry / bin, in a temp file, WAL, synchronous=NORMAL, prepared
//    statements, one transaction per receipt: check the line, raise its
//    received_qty, record the receipt, insert the stock ledger entry, update
//    the bin and the order's status);
//  - valuation: posting a stream of receipts (with their unit costs) and
//    shipments on FIFO and moving-average items, then the valuation report
//    (every item × location now), vs an ERPNext-style SQLite stock ledger
//    (each entry carries qty_after_transaction, stock_value and the FIFO
//    queue, read back from the item-warehouse's previous entry; the report
//    is the latest entry per item-warehouse through an index). Both value
//    by the same rules and the setup checks that the reports agree;
//  - as-of value: every item's value at a past date (100k items × 1
//    location, ~10 movements each) through stock_value_as_of vs the same
//    "latest entry at or before the date per item" query in SQLite.
// Memory: RSS grown by building each world, per movement.
// docs/benchmarks.md has the command and the figures.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <malloc.h>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "onhand/detail/int128.hpp"
#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"
#include "onhand/valuation/queries.hpp"

#include "sqlite_file.hpp"

namespace {

using onhand::money;
using onhand::quantity;

constexpr std::int64_t micro = 1'000'000;  // money's raw units per currency unit

auto resident_bytes() -> std::int64_t {
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0;
  long size = 0;
  long resident = 0;
  if (std::fscanf(statm, "%ld %ld", &size, &resident) != 2) resident = 0;
  std::fclose(statm);
  return static_cast<std::int64_t>(resident) * ::sysconf(_SC_PAGESIZE);
}

// CPU seconds of the process so far (user and system: SQLite's writes count).
auto cpu_seconds() -> double {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// A clock the benchmark moves: one minute per document, from 2026-01-01.
struct minute_clock {
  std::int64_t minutes = 0;
  [[nodiscard]] auto now() const -> onhand::timestamp {
    return onhand::timestamp{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}} +
           std::chrono::minutes{minutes};
  }
};

auto open_inventory(const minute_clock& clock) -> std::unique_ptr<onhand::inventory> {
  onhand::inventory_options options;
  options.clock = [&clock] { return clock.now(); };
  return std::make_unique<onhand::inventory>(
      onhand::inventory::open(std::make_unique<onhand::memory_store>(), std::move(options))
          .value());
}

// value × part / whole, rounded half to even (whole > 0): how both sides value
// what stays of a layer when part of it leaves.
auto share(std::int64_t value, std::int64_t part, std::int64_t whole) -> std::int64_t {
  if (part == whole) return value;
  const onhand::detail::int128 numerator = static_cast<onhand::detail::int128>(value) * part;
  onhand::detail::int128 quotient = numerator / whole;
  const onhand::detail::int128 remainder = numerator % whole;
  const onhand::detail::int128 twice = 2 * (remainder < 0 ? -remainder : remainder);
  if (twice > whole || (twice == whole && quotient % 2 != 0)) quotient += numerator < 0 ? -1 : 1;
  return static_cast<std::int64_t>(quotient);
}

// ---------------------------------------------------------------------------
// Receiving

constexpr int receiving_items = 10'000;
constexpr int receiving_orders = 3'000;  // × 10 lines: the receipts of one run
constexpr int lines_per_order = 10;

struct order_plan {
  std::int64_t item;
  std::int64_t units;
  std::int64_t price_cents;
};

auto plan_orders() -> std::vector<order_plan> {
  std::mt19937_64 random{11};
  std::vector<order_plan> lines;
  for (int n = 0; n < receiving_orders * lines_per_order; ++n) {
    lines.push_back({static_cast<std::int64_t>(random() % receiving_items),
                     static_cast<std::int64_t>(10 + random() % 991),
                     static_cast<std::int64_t>(100 + random() % 9'900)});
  }
  return lines;
}

auto order_key(int order) -> std::string { return "PO-" + std::to_string(order); }

void BM_ReceivingOnhand(benchmark::State& state) {
  minute_clock clock;
  auto inv = open_inventory(clock);
  const auto vendor =
      inv->define_location({.code = "V", .kind = onhand::location_kind::supplier}).value();
  const auto warehouse = inv->define_location({.code = "WH"}).value();
  if (!inv->define_supplier({.code = "ACME", .name = "Acme", .location = vendor})) std::abort();
  std::vector<onhand::item_id> items;
  for (int i = 0; i < receiving_items; ++i) {
    items.push_back(inv->define_item({.code = "SKU-" + std::to_string(i)}).value());
  }
  const auto lines = plan_orders();
  for (int o = 0; o < receiving_orders; ++o) {
    onhand::purchase_order_request request{
        .key = order_key(o), .supplier = "ACME", .currency = "EUR"};
    for (int l = 0; l < lines_per_order; ++l) {
      const auto& plan = lines[static_cast<std::size_t>(o * lines_per_order + l)];
      request.lines.push_back(
          {.item = items[static_cast<std::size_t>(plan.item)],
           .amount = quantity::units(plan.units),
           .price = money::from_raw(money::rep{plan.price_cents * (micro / 100)}),
           .expected = onhand::date{std::chrono::year{2026} / 2 / 1},
           .destination = warehouse});
    }
    if (!inv->create_purchase_order(request)) std::abort();
    if (!inv->send_purchase_order(request.key)) std::abort();
  }
  std::int64_t n = 0;
  onhand::receipt_request receipt;
  receipt.lots.resize(1);
  for (auto _ : state) {
    const auto o = static_cast<int>(n / lines_per_order);
    receipt.key = "GRN-" + std::to_string(n);
    receipt.order = order_key(o);
    receipt.line = static_cast<std::uint32_t>(n % lines_per_order);
    receipt.lots[0].amount = quantity::units(lines[static_cast<std::size_t>(n)].units);
    ++clock.minutes;
    auto posted = inv->receive(receipt);
    if (!posted) std::abort();
    benchmark::DoNotOptimize(posted);
    ++n;
  }
  // Every order is received in full.
  const auto on_hand = inv->balance(items[0], warehouse);
  benchmark::DoNotOptimize(on_hand);
  state.SetItemsProcessed(n);
}

// purchase_order, purchase_order_item, purchase_receipt (the receipt's
// name: its idempotency key), the stock ledger entry and the bin, as an
// ERP lays them out.
struct sqlite_receiving : onhand_bench::sqlite_file {
  sqlite3_stmt* line = nullptr;
  sqlite3_stmt* received = nullptr;
  sqlite3_stmt* receipt = nullptr;
  sqlite3_stmt* bin = nullptr;
  sqlite3_stmt* entry = nullptr;
  sqlite3_stmt* bin_update = nullptr;
  sqlite3_stmt* order_status = nullptr;

  sqlite_receiving() : sqlite_file("receiving-bench") {
    exec(
        "CREATE TABLE purchase_order (name TEXT PRIMARY KEY, supplier TEXT, status TEXT, "
        "open_lines INTEGER) WITHOUT ROWID;"
        "CREATE TABLE purchase_order_item (parent TEXT, idx INTEGER, item INTEGER, "
        "warehouse INTEGER, qty INTEGER, received_qty INTEGER, rate INTEGER, "
        "PRIMARY KEY (parent, idx)) WITHOUT ROWID;"
        "CREATE TABLE purchase_receipt (name TEXT PRIMARY KEY, purchase_order TEXT, idx INTEGER, "
        "posted_at INTEGER) WITHOUT ROWID;"
        "CREATE TABLE stock_ledger_entry (id INTEGER PRIMARY KEY, item INTEGER, "
        "warehouse INTEGER, posting_time INTEGER, voucher_type TEXT, voucher_no TEXT, "
        "actual_qty INTEGER, qty_after_transaction INTEGER, incoming_rate INTEGER);"
        "CREATE INDEX sle_item_warehouse ON stock_ledger_entry (item, warehouse, posting_time);"
        "CREATE TABLE bin (item INTEGER, warehouse INTEGER, actual_qty INTEGER, "
        "ordered_qty INTEGER, PRIMARY KEY (item, warehouse)) WITHOUT ROWID;");
    line = prepare(
        "SELECT i.item, i.warehouse, i.qty, i.received_qty, i.rate, o.status "
        "FROM purchase_order o JOIN purchase_order_item i ON i.parent = o.name "
        "WHERE o.name = ?1 AND i.idx = ?2");
    received = prepare(
        "UPDATE purchase_order_item SET received_qty = received_qty + ?3 "
        "WHERE parent = ?1 AND idx = ?2");
    receipt = prepare("INSERT INTO purchase_receipt VALUES (?1, ?2, ?3, ?4)");
    bin = prepare("SELECT actual_qty FROM bin WHERE item = ?1 AND warehouse = ?2");
    entry = prepare(
        "INSERT INTO stock_ledger_entry (item, warehouse, posting_time, voucher_type, "
        "voucher_no, actual_qty, qty_after_transaction, incoming_rate) "
        "VALUES (?1, ?2, ?3, 'Purchase Receipt', ?4, ?5, ?6, ?7)");
    bin_update = prepare(
        "INSERT INTO bin VALUES (?1, ?2, ?3, -?3) ON CONFLICT (item, warehouse) DO UPDATE SET "
        "actual_qty = actual_qty + ?3, ordered_qty = ordered_qty - ?3");
    order_status = prepare(
        "UPDATE purchase_order SET open_lines = open_lines - ?2, status = CASE WHEN open_lines - "
        "?2 = 0 THEN 'received' ELSE 'partially_received' END WHERE name = ?1");
  }
  sqlite_receiving(const sqlite_receiving&) = delete;
  auto operator=(const sqlite_receiving&) -> sqlite_receiving& = delete;
  ~sqlite_receiving() {
    for (auto* s : {line, received, receipt, bin, entry, bin_update, order_status}) {
      sqlite3_finalize(s);
    }
  }

  static void step_done(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) std::abort();
    sqlite3_reset(s);
  }
  static void bind(sqlite3_stmt* s, int at, const std::string& text) {
    sqlite3_bind_text(s, at, text.c_str(), static_cast<int>(text.size()), SQLITE_STATIC);
  }

  void load(const std::vector<order_plan>& lines) const {
    auto* order = prepare("INSERT INTO purchase_order VALUES (?1, 'ACME', 'sent', ?2)");
    auto* item = prepare("INSERT INTO purchase_order_item VALUES (?1, ?2, ?3, 0, ?4, 0, ?5)");
    exec("BEGIN");
    for (int o = 0; o < receiving_orders; ++o) {
      const auto key = order_key(o);
      bind(order, 1, key);
      sqlite3_bind_int(order, 2, lines_per_order);
      step_done(order);
      for (int l = 0; l < lines_per_order; ++l) {
        const auto& plan = lines[static_cast<std::size_t>(o * lines_per_order + l)];
        bind(item, 1, key);
        sqlite3_bind_int(item, 2, l);
        sqlite3_bind_int64(item, 3, plan.item);
        sqlite3_bind_int64(item, 4, plan.units);
        sqlite3_bind_int64(item, 5, plan.price_cents);
        step_done(item);
      }
    }
    exec("COMMIT");
    sqlite3_finalize(order);
    sqlite3_finalize(item);
  }

  // One receipt, all or nothing: the line must be open and take the amount.
  void receive(const std::string& key, const std::string& order, int idx, std::int64_t units,
               std::int64_t now) const {
    exec("BEGIN");
    bind(line, 1, order);
    sqlite3_bind_int(line, 2, idx);
    if (sqlite3_step(line) != SQLITE_ROW) std::abort();
    const auto item = sqlite3_column_int64(line, 0);
    const auto warehouse = sqlite3_column_int64(line, 1);
    const auto qty = sqlite3_column_int64(line, 2);
    const auto before = sqlite3_column_int64(line, 3);
    const auto rate = sqlite3_column_int64(line, 4);
    const bool open =
        std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(line, 5)), "received") != 0;
    sqlite3_reset(line);
    if (!open || before + units > qty) std::abort();
    bind(received, 1, order);
    sqlite3_bind_int(received, 2, idx);
    sqlite3_bind_int64(received, 3, units);
    step_done(received);
    bind(receipt, 1, key);
    bind(receipt, 2, order);
    sqlite3_bind_int(receipt, 3, idx);
    sqlite3_bind_int64(receipt, 4, now);
    step_done(receipt);
    sqlite3_bind_int64(bin, 1, item);
    sqlite3_bind_int64(bin, 2, warehouse);
    std::int64_t held = 0;
    if (sqlite3_step(bin) == SQLITE_ROW) held = sqlite3_column_int64(bin, 0);
    sqlite3_reset(bin);
    sqlite3_bind_int64(entry, 1, item);
    sqlite3_bind_int64(entry, 2, warehouse);
    sqlite3_bind_int64(entry, 3, now);
    bind(entry, 4, key);
    sqlite3_bind_int64(entry, 5, units);
    sqlite3_bind_int64(entry, 6, held + units);
    sqlite3_bind_int64(entry, 7, rate);
    step_done(entry);
    sqlite3_bind_int64(bin_update, 1, item);
    sqlite3_bind_int64(bin_update, 2, warehouse);
    sqlite3_bind_int64(bin_update, 3, units);
    step_done(bin_update);
    bind(order_status, 1, order);
    sqlite3_bind_int(order_status, 2, before + units == qty ? 1 : 0);
    step_done(order_status);
    exec("COMMIT");
  }
};

void BM_ReceivingSqlite(benchmark::State& state) {
  const sqlite_receiving db;
  const auto lines = plan_orders();
  db.load(lines);
  std::int64_t n = 0;
  for (auto _ : state) {
    const auto o = static_cast<int>(n / lines_per_order);
    db.receive("GRN-" + std::to_string(n), order_key(o), static_cast<int>(n % lines_per_order),
               lines[static_cast<std::size_t>(n)].units, n);
    ++n;
  }
  state.SetItemsProcessed(n);
}

// ---------------------------------------------------------------------------
// Valuation: a stream of receipts and shipments

// One movement of the stream: a receipt of `units` at `cost_cents` each, or
// a shipment of `units` (never more than the item-location holds).
struct movement {
  std::uint32_t item;
  std::uint16_t location;
  bool receipt;
  std::int32_t units;
  std::int32_t cost_cents;
};

struct stream {
  std::int64_t items = 0;
  std::int64_t locations = 0;
  std::vector<movement> movements;
};

auto make_stream(std::int64_t items, std::int64_t locations, std::int64_t count) -> stream {
  stream out{items, locations, {}};
  out.movements.reserve(static_cast<std::size_t>(count));
  std::vector<std::int32_t> held(static_cast<std::size_t>(items * locations));
  std::mt19937_64 random{2026};
  for (std::int64_t n = 0; n < count; ++n) {
    const auto item = static_cast<std::uint32_t>(random() % static_cast<std::uint64_t>(items));
    const auto location =
        static_cast<std::uint16_t>(random() % static_cast<std::uint64_t>(locations));
    auto& stock = held[item * static_cast<std::size_t>(locations) + location];
    const bool receipt = stock == 0 || random() % 2 == 0;
    movement m{item, location, receipt, 0, 0};
    if (receipt) {
      m.units = static_cast<std::int32_t>(1 + random() % 100);
      m.cost_cents = static_cast<std::int32_t>(100 + random() % 900);
      stock += m.units;
    } else {
      m.units = static_cast<std::int32_t>(1 + random() % static_cast<std::uint64_t>(stock));
      stock -= m.units;
    }
    out.movements.push_back(m);
  }
  return out;
}

// Items with an odd index are valued at moving average, the others FIFO.
auto moving_average(std::int64_t item) -> bool { return item % 2 == 1; }

// The stream posted to an inventory over a memory store, one document per
// movement and one minute apart; receipts with their cost
// (post_costed_receipt) or, with `costed` false, plain (post).
struct onhand_valuation {
  minute_clock clock;
  std::unique_ptr<onhand::inventory> inv = open_inventory(clock);
  std::vector<onhand::item_id> items;
  std::vector<onhand::location_id> locations;
  onhand::location_id vendor;
  onhand::location_id customer;
  double post_seconds = 0;  // CPU time posting the stream, after the catalog
  std::int64_t bytes = 0;   // RSS grown by building the whole world

  onhand_valuation(const onhand_valuation&) = delete;
  auto operator=(const onhand_valuation&) -> onhand_valuation& = delete;
  ~onhand_valuation() = default;

  onhand_valuation(const stream& s, bool costed) {
    const auto rss_before = resident_bytes();
    vendor = inv->define_location({.code = "V", .kind = onhand::location_kind::supplier}).value();
    customer = inv->define_location({.code = "C", .kind = onhand::location_kind::customer}).value();
    for (std::int64_t l = 0; l < s.locations; ++l) {
      locations.push_back(inv->define_location({.code = "WH-" + std::to_string(l)}).value());
    }
    for (std::int64_t i = 0; i < s.items; ++i) {
      items.push_back(inv->define_item({.code = "SKU-" + std::to_string(i)}).value());
      if (moving_average(i) &&
          !inv->set_costing_method(
              {.item = items.back(), .method = onhand::costing_method::moving_average})) {
        std::abort();
      }
    }
    const auto start = cpu_seconds();
    onhand::movement_document doc;
    doc.lines.resize(1);
    std::vector<money> cost(1);
    std::int64_t n = 0;
    for (const auto& m : s.movements) {
      ++clock.minutes;
      doc.key = std::to_string(n++);
      auto& line = doc.lines[0];
      line.item = items[m.item];
      line.amount = quantity::units(m.units);
      if (m.receipt) {
        doc.reason = onhand::movement_reason::receipt;
        line.from = vendor;
        line.to = locations[m.location];
        cost[0] = money::from_raw(money::rep{std::int64_t{m.cost_cents} * (micro / 100)});
        if (!(costed ? inv->post_costed_receipt(doc, cost) : inv->post(doc))) std::abort();
      } else {
        doc.reason = onhand::movement_reason::shipment;
        line.from = locations[m.location];
        line.to = customer;
        if (!inv->post(doc)) std::abort();
      }
    }
    post_seconds = cpu_seconds() - start;
    bytes = resident_bytes() - rss_before;
  }
};

// The ERPNext-style stock ledger: every entry carries the item-warehouse's
// quantity, value and FIFO queue after it ("units:value;..." with values in
// millionths; one element for moving average), and posting reads them back
// from the previous entry; the bin holds the running totals.
struct sqlite_valuation : onhand_bench::sqlite_file {
  sqlite3_stmt* previous = nullptr;
  sqlite3_stmt* entry = nullptr;
  sqlite3_stmt* bin = nullptr;
  sqlite3_stmt* report = nullptr;
  double post_seconds = 0;  // CPU time posting the stream
  std::int64_t bytes = 0;   // the database file

  struct layer {
    std::int64_t units;
    std::int64_t value;
  };

  explicit sqlite_valuation(const stream& s) : sqlite_file("valuation-bench") {
    // A database server's buffer pool: 1 GiB of page cache, so the index
    // stays in memory as onhand's state does.
    exec("PRAGMA cache_size=-1048576;");
    exec(
        "CREATE TABLE stock_ledger_entry (id INTEGER PRIMARY KEY, voucher_no TEXT, "
        "item INTEGER, warehouse INTEGER, posting_time INTEGER, actual_qty INTEGER, "
        "incoming_rate INTEGER, qty_after_transaction INTEGER, stock_value INTEGER, "
        "stock_value_difference INTEGER, stock_queue TEXT);"
        "CREATE INDEX sle_item_warehouse ON stock_ledger_entry (item, warehouse, posting_time);"
        "CREATE TABLE bin (item INTEGER, warehouse INTEGER, actual_qty INTEGER, "
        "stock_value INTEGER, PRIMARY KEY (item, warehouse)) WITHOUT ROWID;");
    previous = prepare(
        "SELECT qty_after_transaction, stock_value, stock_queue FROM stock_ledger_entry "
        "WHERE item = ?1 AND warehouse = ?2 ORDER BY posting_time DESC, id DESC LIMIT 1");
    entry = prepare(
        "INSERT INTO stock_ledger_entry (voucher_no, item, warehouse, posting_time, actual_qty, "
        "incoming_rate, qty_after_transaction, stock_value, stock_value_difference, stock_queue) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    bin = prepare(
        "INSERT INTO bin VALUES (?1, ?2, ?3, ?4) ON CONFLICT (item, warehouse) DO UPDATE SET "
        "actual_qty = ?3, stock_value = ?4");
    // The value of every item-warehouse as of ?1: its latest entry at or before then.
    report = prepare(
        "SELECT s.item, s.warehouse, s.qty_after_transaction, s.stock_value FROM bin b "
        "JOIN stock_ledger_entry s ON s.id = (SELECT id FROM stock_ledger_entry "
        "WHERE item = b.item AND warehouse = b.warehouse AND posting_time <= ?1 "
        "ORDER BY posting_time DESC, id DESC LIMIT 1) "
        "WHERE s.qty_after_transaction != 0 OR s.stock_value != 0 ORDER BY s.item, s.warehouse");
    const auto start = cpu_seconds();
    post(s);
    post_seconds = cpu_seconds() - start;
    auto* pages = prepare("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
    if (sqlite3_step(pages) == SQLITE_ROW) bytes = sqlite3_column_int64(pages, 0);
    sqlite3_finalize(pages);
  }
  sqlite_valuation(const sqlite_valuation&) = delete;
  auto operator=(const sqlite_valuation&) -> sqlite_valuation& = delete;
  ~sqlite_valuation() {
    for (auto* s : {previous, entry, bin, report}) sqlite3_finalize(s);
  }

  static auto parse(const unsigned char* text, std::vector<layer>& queue) {
    queue.clear();
    const char* p = reinterpret_cast<const char*>(text);
    while (p != nullptr && *p != '\0') {
      char* end = nullptr;
      const auto units = std::strtoll(p, &end, 10);
      const auto value = std::strtoll(end + 1, &end, 10);
      queue.push_back({units, value});
      p = *end == ';' ? end + 1 : end;
    }
  }
  static void format(const std::vector<layer>& queue, std::string& out) {
    out.clear();
    for (const auto& l : queue) {
      if (!out.empty()) out += ';';
      out += std::to_string(l.units);
      out += ':';
      out += std::to_string(l.value);
    }
  }

  // Posts the stream, 1000 entries per transaction.
  void post(const stream& s) const {
    std::vector<layer> queue;
    std::string text;
    std::string voucher;
    exec("BEGIN");
    std::int64_t n = 0;
    for (const auto& m : s.movements) {
      sqlite3_bind_int64(previous, 1, m.item);
      sqlite3_bind_int64(previous, 2, m.location);
      std::int64_t qty = 0;
      std::int64_t value = 0;
      queue.clear();
      if (sqlite3_step(previous) == SQLITE_ROW) {
        qty = sqlite3_column_int64(previous, 0);
        value = sqlite3_column_int64(previous, 1);
        parse(sqlite3_column_text(previous, 2), queue);
      }
      sqlite3_reset(previous);
      std::int64_t difference = 0;
      std::int64_t rate = 0;
      if (m.receipt) {
        rate = std::int64_t{m.cost_cents} * (micro / 100);
        difference = m.units * rate;
        if (moving_average(m.item) && !queue.empty()) {
          queue.front().units += m.units;
          queue.front().value += difference;
        } else if (!queue.empty() &&
                   static_cast<onhand::detail::int128>(queue.back().value) * m.units ==
                       static_cast<onhand::detail::int128>(difference) * queue.back().units) {
          queue.back().units += m.units;  // the same unit cost: one layer
          queue.back().value += difference;
        } else {
          queue.push_back({m.units, difference});
        }
        qty += m.units;
      } else {
        auto remaining = std::int64_t{m.units};
        std::size_t taken = 0;
        while (remaining > 0) {
          auto& first = queue[taken];
          if (first.units <= remaining) {
            remaining -= first.units;
            difference -= first.value;
            ++taken;
          } else {
            const auto stays = first.units - remaining;
            const auto stays_value = share(first.value, stays, first.units);
            difference -= first.value - stays_value;
            first.units = stays;
            first.value = stays_value;
            remaining = 0;
          }
        }
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(taken));
        qty -= m.units;
      }
      value += difference;
      if (qty < 0) std::abort();
      format(queue, text);
      voucher = std::to_string(n);
      sqlite3_bind_text(entry, 1, voucher.c_str(), static_cast<int>(voucher.size()), SQLITE_STATIC);
      sqlite3_bind_int64(entry, 2, m.item);
      sqlite3_bind_int64(entry, 3, m.location);
      sqlite3_bind_int64(entry, 4, n + 1);  // the minute, as onhand's clock
      sqlite3_bind_int64(entry, 5, m.receipt ? m.units : -m.units);
      sqlite3_bind_int64(entry, 6, rate);
      sqlite3_bind_int64(entry, 7, qty);
      sqlite3_bind_int64(entry, 8, value);
      sqlite3_bind_int64(entry, 9, difference);
      sqlite3_bind_text(entry, 10, text.c_str(), static_cast<int>(text.size()), SQLITE_STATIC);
      if (sqlite3_step(entry) != SQLITE_DONE) std::abort();
      sqlite3_reset(entry);
      sqlite3_bind_int64(bin, 1, m.item);
      sqlite3_bind_int64(bin, 2, m.location);
      sqlite3_bind_int64(bin, 3, qty);
      sqlite3_bind_int64(bin, 4, value);
      if (sqlite3_step(bin) != SQLITE_DONE) std::abort();
      sqlite3_reset(bin);
      if (++n % 1000 == 0) exec("COMMIT; BEGIN");
    }
    exec("COMMIT");
  }

  struct totals {
    std::int64_t rows = 0;
    std::int64_t units = 0;
    std::int64_t value = 0;
  };
  // The report as of the minute `at`: rows, and the sums of quantity and value.
  auto value_as_of(std::int64_t at) const -> totals {
    totals out;
    sqlite3_bind_int64(report, 1, at);
    while (sqlite3_step(report) == SQLITE_ROW) {
      ++out.rows;
      out.units += sqlite3_column_int64(report, 2);
      out.value += sqlite3_column_int64(report, 3);
    }
    sqlite3_reset(report);
    return out;
  }
};

auto totals_of(const std::vector<onhand::valuation_row>& rows) -> sqlite_valuation::totals {
  sqlite_valuation::totals out;
  out.rows = static_cast<std::int64_t>(rows.size());
  for (const auto& r : rows) {
    out.units += r.on_hand.raw() / quantity::scale;
    out.value += static_cast<std::int64_t>(r.value.raw());
  }
  return out;
}

// One world of each kind at a time, kept between repetitions and rebuilt
// for a new size; building one drops the others, so a 10M run holds one.
struct worlds {
  std::int64_t movements = 0;
  std::int64_t items = 0;
  std::int64_t locations = 0;
  std::unique_ptr<stream> movements_stream;
  std::unique_ptr<onhand_valuation> onhand_world;
  std::unique_ptr<sqlite_valuation> sqlite_world;

  auto same(std::int64_t i, std::int64_t l, std::int64_t m) const -> bool {
    return items == i && locations == l && movements == m;
  }
  auto the_stream(std::int64_t i, std::int64_t l, std::int64_t m) -> const stream& {
    if (!same(i, l, m) || !movements_stream) {
      onhand_world.reset();
      sqlite_world.reset();
      movements_stream = std::make_unique<stream>(make_stream(i, l, m));
      items = i;
      locations = l;
      movements = m;
    }
    return *movements_stream;
  }
  auto onhand(std::int64_t i, std::int64_t l, std::int64_t m) -> onhand_valuation& {
    const auto& s = the_stream(i, l, m);
    if (!onhand_world) {
      sqlite_world.reset();
      ::malloc_trim(0);
      onhand_world = std::make_unique<onhand_valuation>(s, true);
    }
    return *onhand_world;
  }
  auto sqlite(std::int64_t i, std::int64_t l, std::int64_t m) -> sqlite_valuation& {
    const auto& s = the_stream(i, l, m);
    if (!sqlite_world) {
      onhand_world.reset();
      ::malloc_trim(0);
      sqlite_world = std::make_unique<sqlite_valuation>(s);
    }
    return *sqlite_world;
  }
};

auto the_worlds() -> worlds& {
  static worlds w;
  return w;
}

// The valuation stream: 100 movements per item on average, 4 warehouses.
constexpr std::int64_t movements_per_item = 100;
constexpr std::int64_t valuation_locations = 4;

// The totals every report of a stream must give (from whichever side ran
// first), so the two sides are checked against each other.
auto agreed_totals() -> std::vector<std::pair<std::int64_t, sqlite_valuation::totals>>& {
  static std::vector<std::pair<std::int64_t, sqlite_valuation::totals>> seen;
  return seen;
}
void check_totals(std::int64_t key, const sqlite_valuation::totals& t) {
  for (const auto& [k, v] : agreed_totals()) {
    if (k == key) {
      if (v.rows != t.rows || v.units != t.units || v.value != t.value) {
        std::fprintf(stderr,
                     "reports disagree: %lld rows %lld units %lld value vs %lld %lld %lld\n",
                     static_cast<long long>(v.rows), static_cast<long long>(v.units),
                     static_cast<long long>(v.value), static_cast<long long>(t.rows),
                     static_cast<long long>(t.units), static_cast<long long>(t.value));
        std::abort();
      }
      return;
    }
  }
  agreed_totals().emplace_back(key, t);
}

void report_counters(benchmark::State& state, std::int64_t movements, double post_seconds,
                     std::int64_t bytes) {
  state.counters["post_movements_per_s"] = static_cast<double>(movements) / post_seconds;
  state.counters["bytes_per_movement"] =
      static_cast<double>(bytes) / static_cast<double>(movements);
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_ValuationReportOnhand(benchmark::State& state) {
  const auto movements = state.range(0);
  auto& world = the_worlds().onhand(movements / movements_per_item, valuation_locations, movements);
  const auto now = world.clock.now();
  check_totals(movements, totals_of(world.inv->valuation_report(now)));
  std::size_t rows = 0;
  for (auto _ : state) {
    auto report = world.inv->valuation_report(now);
    rows = report.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["rows"] = static_cast<double>(rows);
  report_counters(state, movements, world.post_seconds, world.bytes);
}

void BM_ValuationReportSqlite(benchmark::State& state) {
  const auto movements = state.range(0);
  auto& world = the_worlds().sqlite(movements / movements_per_item, valuation_locations, movements);
  check_totals(movements, world.value_as_of(movements));
  std::int64_t rows = 0;
  for (auto _ : state) {
    auto totals = world.value_as_of(movements);
    rows = totals.rows;
    benchmark::DoNotOptimize(totals);
  }
  state.counters["rows"] = static_cast<double>(rows);
  report_counters(state, movements, world.post_seconds, world.bytes);
}

// Posting throughput: the whole stream of range(0) movements posted to a
// fresh inventory per iteration, receipts costed (range(1) = 1) or plain.
// The time is the CPU time of posting the stream (not of the catalog set
// up before it, nor of freeing the world after).
void BM_ValuationPostingOnhand(benchmark::State& state) {
  const auto movements = state.range(0);
  const auto& s =
      the_worlds().the_stream(movements / movements_per_item, valuation_locations, movements);
  for (auto _ : state) {
    const onhand_valuation world{s, state.range(1) == 1};
    state.SetIterationTime(world.post_seconds);
    report_counters(state, movements, world.post_seconds, world.bytes);
  }
}

void BM_ValuationPostingSqlite(benchmark::State& state) {
  const auto movements = state.range(0);
  const auto& s =
      the_worlds().the_stream(movements / movements_per_item, valuation_locations, movements);
  for (auto _ : state) {
    const sqlite_valuation world{s};
    state.SetIterationTime(world.post_seconds);
    report_counters(state, movements, world.post_seconds, world.bytes);
  }
}

// ---------------------------------------------------------------------------
// As-of value: 100k items × 1 warehouse, ~10 movements each, valued at the
// stream's middle minute.

constexpr std::int64_t as_of_items = 100'000;
constexpr std::int64_t as_of_movements = 1'000'000;
constexpr std::int64_t as_of_minute = as_of_movements / 2;

void BM_AsOfValueOnhand(benchmark::State& state) {
  auto& world = the_worlds().onhand(as_of_items, 1, as_of_movements);
  minute_clock middle{as_of_minute};
  const auto at = middle.now();
  const auto location = world.locations[0];
  const auto sweep = [&] {
    return world.inv->read([&](const onhand::state& s) {
      sqlite_valuation::totals t;
      for (const auto item : world.items) {
        const auto v = onhand::stock_value_as_of(s, item, location, at);
        if (v.on_hand.is_zero() && v.value.is_zero()) continue;
        ++t.rows;
        t.units += v.on_hand.raw() / quantity::scale;
        t.value += static_cast<std::int64_t>(v.value.raw());
      }
      return t;
    });
  };
  check_totals(-as_of_minute, sweep());
  for (auto _ : state) {
    auto t = sweep();
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations() * as_of_items);
  report_counters(state, as_of_movements, world.post_seconds, world.bytes);
}

void BM_AsOfValueSqlite(benchmark::State& state) {
  auto& world = the_worlds().sqlite(as_of_items, 1, as_of_movements);
  check_totals(-as_of_minute, world.value_as_of(as_of_minute));
  for (auto _ : state) {
    auto t = world.value_as_of(as_of_minute);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations() * as_of_items);
  report_counters(state, as_of_movements, world.post_seconds, world.bytes);
}

BENCHMARK(BM_ReceivingOnhand)
    ->Iterations(receiving_orders* lines_per_order)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReceivingSqlite)
    ->Iterations(receiving_orders* lines_per_order)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ValuationPostingOnhand)
    ->ArgNames({"movements", "costed"})
    ->Args({100'000, 1})
    ->Args({100'000, 0})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ValuationPostingSqlite)
    ->ArgName("movements")
    ->Arg(100'000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ValuationReportOnhand)
    ->ArgName("movements")
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ValuationReportSqlite)
    ->ArgName("movements")
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AsOfValueOnhand)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AsOfValueSqlite)->Unit(benchmark::kMillisecond);

}  // namespace
