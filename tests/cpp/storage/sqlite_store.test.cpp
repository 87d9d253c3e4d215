// SPDX-License-Identifier: Apache-2.0
// sqlite_store beyond the conformance suite: what an inventory on a file
// keeps across a reopen, two connections on one file, files that are not an
// onhand log, a busy file, and the online backup. Expected balances are
// counted by hand or taken from the same commands run over a memory_store.
#include "onhand/storage/sqlite_store.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/storage/memory_store.hpp"

#include "matchers.hpp"
#include "store_testing.hpp"
#include "temp_dir.hpp"

namespace onhand {
namespace {

using store_testing::options;
using store_testing::q;
using store_testing::soap_at_wh;

using testing::HasError;
using testing::IsOk;
using testing::IsOkAndHolds;

auto open_file(const std::string& path, sqlite_options store_options = {})
    -> std::unique_ptr<inventory> {
  auto log = sqlite_store::open(path, store_options);
  EXPECT_THAT(log, IsOk());
  if (!log) return nullptr;
  auto inv = inventory::open(std::move(log).value(), options());
  EXPECT_THAT(inv, IsOk());
  return inv ? std::make_unique<inventory>(std::move(inv).value()) : nullptr;
}

// The catalog and `count` documents: receipts of 10 SOAP at WH, every third
// (i % 3 == 2) a shipment of 4.
auto run_workload(inventory& inv, int first, int count) -> void {
  unit_set each{base_unit{"each", 0}};
  ASSERT_THAT(inv.define_item({.code = "SOAP", .units = each}), IsOk());
  ASSERT_THAT(inv.define_location({.code = "WH"}), IsOk());
  for (int i = first; i < first + count; ++i) {
    const auto key = "doc-" + std::to_string(i);
    auto posted = i % 3 == 2 ? inv.post(shipment(key, {.item = "SOAP", .amount = q("4")}, "WH"))
                             : inv.post(receipt(key, {.item = "SOAP", .amount = q("10")}, "WH"));
    ASSERT_THAT(posted, IsOk()) << key;
  }
}

auto raw_exec(const std::string& path, const char* sql) -> void {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK)
      << (message == nullptr ? "" : message);
  sqlite3_free(message);
  sqlite3_close(db);
}

// The first column of the first row of `sql`, as text.
auto raw_text(const std::string& path, const char* sql) -> std::string {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const auto* text = sqlite3_column_text(stmt, 0);
  std::string value(text == nullptr ? "" : reinterpret_cast<const char*>(text));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

auto raw_int(const std::string& path, const char* sql) -> std::int64_t {
  return std::stoll(raw_text(path, sql));
}

TEST(SqliteStore, InventorySurvivesReopen) {
  testing::temp_dir dir;
  const auto path = dir.file("stock.db");
  // 30 documents: 20 receipts of 10 and 10 shipments of 4 -> 200 - 40 = 160.
  posting original;
  std::uint64_t position = 0;
  {
    auto inv = open_file(path);
    ASSERT_NE(inv, nullptr);
    run_workload(*inv, 0, 30);
    original = inv->post(receipt("doc-7", {.item = "SOAP", .amount = q("10")}, "WH")).value();
    position = inv->log_position();
  }
  auto reference = inventory::open(std::make_unique<memory_store>(), options()).value();
  run_workload(reference, 0, 30);

  auto inv = open_file(path);
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(soap_at_wh(*inv), stock_level::at(q("160")));
  EXPECT_EQ(inv->log_position(), position);
  EXPECT_TRUE(inv->same_state(reference));
  const auto soap = inv->item_by_code("SOAP").value();
  EXPECT_EQ(inv->history(soap), reference.history(reference.item_by_code("SOAP").value()));
  EXPECT_EQ(inv->history(soap).size(), 30u);
  EXPECT_THAT(inv->verify(), IsOk());

  // A retry after the reopen returns the original posting and appends nothing.
  auto retried = inv->post(receipt("doc-7", {.item = "SOAP", .amount = q("10")}, "WH"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_TRUE(retried->replayed);
  EXPECT_EQ(*retried, original);
  EXPECT_EQ(inv->log_position(), position);
  // The same key with another payload is a conflict, as before the reopen.
  EXPECT_THAT(inv->post(receipt("doc-7", {.item = "SOAP", .amount = q("11")}, "WH")),
              HasError(errc::idempotency_conflict));
}

TEST(SqliteStore, OpensFromASnapshotAndTheLogAfterIt) {
  testing::temp_dir dir;
  const auto path = dir.file("stock.db");
  std::uint64_t taken = 0;
  std::uint64_t position = 0;
  {
    auto inv = open_file(path);
    ASSERT_NE(inv, nullptr);
    run_workload(*inv, 0, 20);
    taken = inv->snapshot().value();
    run_workload(*inv, 20, 10);
    position = inv->log_position();
  }
  auto reference = inventory::open(std::make_unique<memory_store>(), options()).value();
  run_workload(reference, 0, 30);

  auto inv = open_file(path);
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(inv->opening().snapshot_position, taken);
  EXPECT_EQ(inv->opening().replayed_events, position - taken);
  EXPECT_TRUE(inv->opening().skipped.empty());
  EXPECT_TRUE(inv->same_state(reference));
  EXPECT_EQ(soap_at_wh(*inv), stock_level::at(q("160")));
  EXPECT_THAT(inv->verify(), IsOk());
  // The idempotency keys came with the snapshot: a retry replays.
  auto retried = inv->post(receipt("doc-0", {.item = "SOAP", .amount = q("10")}, "WH"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_TRUE(retried->replayed);
  EXPECT_EQ(inv->log_position(), position);
}

TEST(SqliteStore, ADamagedSnapshotInTheFileFallsBackToReplay) {
  testing::temp_dir dir;
  const auto path = dir.file("stock.db");
  {
    auto inv = open_file(path);
    ASSERT_NE(inv, nullptr);
    run_workload(*inv, 0, 12);
    ASSERT_THAT(inv->snapshot(), IsOk());
  }
  raw_exec(path, "UPDATE snapshots SET bytes = substr(bytes, 1, length(bytes) - 9)");
  auto reference = inventory::open(std::make_unique<memory_store>(), options()).value();
  run_workload(reference, 0, 12);
  auto inv = open_file(path);
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(inv->opening().snapshot_position, std::nullopt);
  ASSERT_EQ(inv->opening().skipped.size(), 1U);
  EXPECT_THAT(inv->opening().skipped[0].reason, ::testing::HasSubstr("payload bytes"));
  EXPECT_TRUE(inv->same_state(reference));
}

TEST(SqliteStore, KeepsTheNewestSnapshots) {
  testing::temp_dir dir;
  const auto path = dir.file("snapshots.db");
  {
    auto log = sqlite_store::open(path).value();
    for (std::uint64_t at : {4, 8, 2, 16, 10}) {
      ASSERT_THAT(log->write_snapshot(at, "s" + std::to_string(at)), IsOk());
    }
    ASSERT_THAT(log->write_snapshot(10, "again"), IsOk());
  }
  auto log = sqlite_store::open(path).value();
  std::vector<snapshot_record> held;
  ASSERT_THAT(log->read_snapshots(held), IsOk());
  ASSERT_EQ(held.size(), store::snapshots_kept);
  EXPECT_EQ(held[0], (snapshot_record{16, "s16"}));
  EXPECT_EQ(held[1], (snapshot_record{10, "again"}));
  EXPECT_EQ(held[2], (snapshot_record{8, "s8"}));
}

TEST(SqliteStore, MigratesAVersionOneFile) {
  testing::temp_dir dir;
  const auto path = dir.file("old.db");
  {
    auto log = sqlite_store::open(path).value();
    const std::vector<event_view> one{{"a", "1"}};
    ASSERT_THAT(log->append(one, 0), IsOk());
  }
  // What version 1 wrote: the events table only.
  raw_exec(path, "DROP TABLE snapshots; PRAGMA user_version = 1");
  auto log = sqlite_store::open(path);
  ASSERT_THAT(log, IsOk());
  EXPECT_EQ(raw_int(path, "PRAGMA user_version"), sqlite_store::schema_version);
  EXPECT_EQ(raw_int(path, "SELECT count(*) FROM events"), 1);
  ASSERT_THAT((*log)->write_snapshot(1, "bytes"), IsOk());
  std::vector<snapshot_record> held;
  ASSERT_THAT((*log)->read_snapshots(held), IsOk());
  EXPECT_EQ(held, (std::vector<snapshot_record>{{1, "bytes"}}));
}

TEST(SqliteStore, BatchSurvivesReopen) {
  testing::temp_dir dir;
  const auto path = dir.file("batch.db");
  {
    auto inv = open_file(path);
    ASSERT_NE(inv, nullptr);
    run_workload(*inv, 0, 0);
    std::vector<movement_document> documents;
    const auto soap = inv->item_by_code("SOAP").value();
    const auto wh = inv->location_by_code("WH").value();
    const auto supplier = inv->location_by_code("SUPPLIER").value();
    for (int i = 0; i < 100; ++i) {
      documents.push_back(
          {.key = "b-" + std::to_string(i),
           .reason = movement_reason::receipt,
           .lines = {{.item = soap, .from = supplier, .to = wh, .amount = q("3")}}});
    }
    const auto before = sqlite_store::open(path).value()->end().value();
    auto posted = inv->post_batch(documents);
    ASSERT_THAT(posted, IsOk());
    EXPECT_EQ(posted->posted, 100u);
    // One append of 100 events.
    EXPECT_THAT(sqlite_store::open(path).value()->end(), IsOkAndHolds(before + 100));
  }
  auto inv = open_file(path);
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(soap_at_wh(*inv), stock_level::at(q("300")));
  EXPECT_THAT(inv->verify(), IsOk());
}

TEST(SqliteStore, NormalSynchronousKeepsTheLogToo) {
  testing::temp_dir dir;
  const auto path = dir.file("normal.db");
  const sqlite_options normal{.synchronous = sqlite_synchronous::normal};
  {
    auto inv = open_file(path, normal);
    ASSERT_NE(inv, nullptr);
    run_workload(*inv, 0, 9);  // 6 receipts of 10, 3 shipments of 4
  }
  auto inv = open_file(path, normal);
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(soap_at_wh(*inv), stock_level::at(q("48")));
  // Write-ahead logging is recorded in the file itself.
  EXPECT_EQ(raw_text(path, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteStore, TwoConnectionsRaceByPosition) {
  testing::temp_dir dir;
  const auto path = dir.file("shared.db");
  auto first = sqlite_store::open(path).value();
  auto second = sqlite_store::open(path).value();
  const std::vector<event_view> one{{"a", "1"}};
  EXPECT_THAT(first->append(one, 0), IsOkAndHolds(1u));
  // The second connection sees the first's commit: no stale end.
  EXPECT_THAT(second->end(), IsOkAndHolds(1u));
  const std::vector<event_view> late{{"b", "2"}};
  EXPECT_THAT(second->append(late, 0), HasError(errc::concurrency_conflict));
  EXPECT_THAT(second->append(late, 1), IsOkAndHolds(2u));
  std::vector<event_record> seen;
  EXPECT_THAT(first->read(0, 10, seen), IsOk());
  EXPECT_THAT(seen, ::testing::ElementsAre(event_record{"a", "1"}, event_record{"b", "2"}));
}

TEST(SqliteStore, TwoInventoriesOnOneFileConverge) {
  testing::temp_dir dir;
  const auto path = dir.file("two.db");
  auto left = open_file(path);
  ASSERT_NE(left, nullptr);
  run_workload(*left, 0, 3);  // 2 receipts, 1 shipment: 16
  auto right = open_file(path);
  ASSERT_NE(right, nullptr);
  EXPECT_EQ(soap_at_wh(*right), stock_level::at(q("16")));
  // Each posts while the other's view is stale: the engine catches up and retries.
  for (int i = 0; i < 10; ++i) {
    ASSERT_THAT(
        left->post(receipt("l-" + std::to_string(i), {.item = "SOAP", .amount = q("1")}, "WH")),
        IsOk());
    ASSERT_THAT(
        right->post(receipt("r-" + std::to_string(i), {.item = "SOAP", .amount = q("2")}, "WH")),
        IsOk());
  }
  ASSERT_THAT(left->sync(), IsOk());
  ASSERT_THAT(right->sync(), IsOk());
  EXPECT_EQ(soap_at_wh(*left), stock_level::at(q("46")));  // 16 + 10 * 1 + 10 * 2
  EXPECT_TRUE(left->same_state(*right));
  EXPECT_THAT(left->verify(), IsOk());
  EXPECT_THAT(right->verify(), IsOk());
  // A key one posted is a replay for the other.
  auto again = right->post(receipt("l-3", {.item = "SOAP", .amount = q("1")}, "WH"));
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed);
}

TEST(SqliteStore, BusyFileIsUnavailableAndNothingIsWritten) {
  testing::temp_dir dir;
  const auto path = dir.file("busy.db");
  auto log = sqlite_store::open(path, {.busy_timeout = std::chrono::milliseconds{0}}).value();
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::vector<event_view> one{{"a", "1"}};
  EXPECT_THAT(log->append(one, 0), HasError(errc::store_unavailable));
  ASSERT_EQ(sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(holder);
  EXPECT_THAT(log->end(), IsOkAndHolds(0u));
  EXPECT_THAT(log->append(one, 0), IsOkAndHolds(1u));
}

TEST(SqliteStore, RefusesBadArguments) {
  EXPECT_THAT(sqlite_store::open(""), HasError(errc::malformed_input));
  EXPECT_THAT(sqlite_store::open(std::string_view("a\0b", 3)), HasError(errc::malformed_input));
  testing::temp_dir dir;
  const auto path = dir.file("never.db");
  EXPECT_THAT(sqlite_store::open(path, {.busy_timeout = std::chrono::milliseconds{-1}}),
              HasError(errc::invalid_parameter));
  EXPECT_FALSE(std::filesystem::exists(path));
  auto opened = sqlite_store::open("");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().context.field, "path");
}

TEST(SqliteStore, RefusesFilesThatAreNotAnOnhandLog) {
  testing::temp_dir dir;
  // A text file.
  const auto text = dir.file("notes.txt");
  std::ofstream(text) << "this is not a database, it is a shopping list\n";
  EXPECT_THAT(sqlite_store::open(text), HasError(errc::store_failure));
  // A directory.
  EXPECT_THAT(sqlite_store::open(dir.path().string()), HasError(errc::store_failure));
  // A location that cannot hold a file, even for root.
  EXPECT_THAT(sqlite_store::open("/proc/self/onhand.db"), HasError(errc::store_failure));
  EXPECT_THAT(sqlite_store::open(dir.file("missing/dir/x.db")), HasError(errc::store_failure));

  // Another application's SQLite database: refused and left as it was.
  const auto foreign = dir.file("erp.db");
  raw_exec(foreign, "CREATE TABLE stock_ledger_entry (item TEXT, qty REAL)");
  auto refused = sqlite_store::open(foreign);
  ASSERT_THAT(refused, HasError(errc::store_failure));
  EXPECT_THAT(refused.error().message, ::testing::HasSubstr("not an onhand store"));
  EXPECT_EQ(raw_int(foreign, "SELECT count(*) FROM sqlite_schema WHERE name = 'events'"), 0);
  EXPECT_EQ(raw_int(foreign, "PRAGMA user_version"), 0);
  EXPECT_EQ(raw_text(foreign, "PRAGMA journal_mode"), "delete");
}

TEST(SqliteStore, RefusesANewerSchema) {
  testing::temp_dir dir;
  const auto path = dir.file("future.db");
  {
    auto log = sqlite_store::open(path).value();
    const std::vector<event_view> one{{"a", "1"}};
    ASSERT_THAT(log->append(one, 0), IsOk());
  }
  EXPECT_EQ(raw_int(path, "PRAGMA application_id"), 0x6f6e6864);
  EXPECT_EQ(raw_int(path, "PRAGMA user_version"), sqlite_store::schema_version);
  const auto newer = sqlite_store::schema_version + 1;
  raw_exec(path, ("PRAGMA user_version = " + std::to_string(newer)).c_str());
  auto refused = sqlite_store::open(path);
  ASSERT_THAT(refused, HasError(errc::store_failure));
  EXPECT_THAT(refused.error().message, ::testing::HasSubstr("newer"));
  EXPECT_EQ(raw_int(path, "PRAGMA user_version"), newer);
  EXPECT_EQ(raw_int(path, "SELECT count(*) FROM events"), 1);
}

TEST(SqliteStore, CorruptFileIsATypedError) {
  testing::temp_dir dir;
  const auto path = dir.file("torn.db");
  {
    auto inv = open_file(path);
    ASSERT_NE(inv, nullptr);
    run_workload(*inv, 0, 300);
  }
  ASSERT_EQ(raw_int(path, "PRAGMA wal_checkpoint(TRUNCATE)"), 0);
  const auto size = std::filesystem::file_size(path);
  ASSERT_GT(size, 4u * 4096u);
  {
    // Garbage over every page but the first (the header stays valid).
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096);
    const std::string garbage(size - 4096, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto log = sqlite_store::open(path);
  if (!log) {
    EXPECT_THAT(log, HasError(errc::store_failure));
    return;
  }
  EXPECT_THAT(inventory::open(std::move(log).value(), options()), HasError(errc::store_failure));
}

TEST(SqliteStore, ReadOnlyFileIsRefused) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes to read-only files";
  testing::temp_dir dir;
  const auto path = dir.file("ro.db");
  { ASSERT_THAT(sqlite_store::open(path), IsOk()); }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read);
  EXPECT_THAT(sqlite_store::open(path), HasError(errc::store_failure));
}

TEST(SqliteStore, BackupIsAConsistentCopyWhileOpen) {
  testing::temp_dir dir;
  const auto path = dir.file("live.db");
  const auto copy = dir.file("copy.db");
  auto log = sqlite_store::open(path).value();
  auto* raw = log.get();
  auto inv = inventory::open(std::move(log), options()).value();
  run_workload(inv, 0, 6);  // 4 receipts of 10, 2 shipments of 4: 32
  ASSERT_THAT(raw->backup_to(copy), IsOk());
  ASSERT_THAT(inv.post(receipt("after", {.item = "SOAP", .amount = q("100")}, "WH")), IsOk());
  EXPECT_EQ(soap_at_wh(inv), stock_level::at(q("132")));

  auto restored = open_file(copy);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(soap_at_wh(*restored), stock_level::at(q("32")));
  EXPECT_THAT(restored->verify(), IsOk());

  // Backing up again replaces the copy.
  restored.reset();
  ASSERT_THAT(raw->backup_to(copy), IsOk());
  restored = open_file(copy);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(soap_at_wh(*restored), stock_level::at(q("132")));

  EXPECT_THAT(raw->backup_to(path), HasError(errc::store_failure));
  EXPECT_THAT(raw->backup_to(dir.path().string()), HasError(errc::store_failure));
  EXPECT_THAT(raw->backup_to(""), HasError(errc::malformed_input));
  EXPECT_EQ(soap_at_wh(inv), stock_level::at(q("132")));
  EXPECT_THAT(inv.verify(), IsOk());
}

}  // namespace
}  // namespace onhand
