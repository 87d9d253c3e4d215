// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/sqlite_store.hpp
//
// The embedded durable store: the event log in one SQLite file. Every append
// is one transaction (BEGIN IMMEDIATE, check the expected end, insert, COMMIT)
// in WAL mode; with synchronous = full (the default) a command whose append
// returned survives a crash of the process or of the machine. Events are rows
// of an append-only table keyed by their log position, so an append writes
// at the end of the B-tree and a read is an ordered range scan.
//
// Several stores (connections, in one process or several) may open the same
// file: appends race by expected position exactly as memory_store's do, and
// end() reads the file, so a writer sees what the others committed.
//
// Schema (version 1; docs/concepts/storage.md):
//   PRAGMA application_id = 0x6f6e6864 ("onhd"), PRAGMA user_version = 1
//   events(position INTEGER PRIMARY KEY, key TEXT NOT NULL, payload BLOB NOT NULL)
// A file with a newer version or another application's tables is refused with
// store_failure and left untouched.
//
// Example:
//
//   auto log = onhand::sqlite_store::open("stock.db").value();
//   auto inv = onhand::inventory::open(std::move(log)).value();
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "onhand/storage/store.hpp"

namespace onhand {

/// When SQLite waits for the disk (PRAGMA synchronous).
enum class sqlite_synchronous {
  /// Every commit is on disk before append() returns: an acknowledged
  /// command survives a power failure.
  full,
  /// WAL commits are synced at checkpoints only: faster, and the file is
  /// never corrupted, but the last commits may be lost on a power failure
  /// (not on a crash of the process).
  normal,
};

struct sqlite_options {
  sqlite_synchronous synchronous = sqlite_synchronous::full;
  /// How long an append waits for another connection's write lock before it
  /// fails with store_unavailable.
  std::chrono::milliseconds busy_timeout{5'000};
};

class sqlite_store final : public store {
 public:
  /// The schema version this build writes and reads.
  static constexpr std::int64_t schema_version = 2;
  /// PRAGMA application_id of an onhand file: "onhd" in ASCII.
  static constexpr std::int32_t application_id = 0x6f6e6864;

  /// Creates the file, or opens it. Errors: malformed_input for an empty
  /// path or one holding a NUL byte (field "path"); invalid_parameter for a
  /// negative busy_timeout; store_unavailable when the file is locked;
  /// store_failure (with SQLite's message) when it cannot be opened, is no
  /// SQLite database, belongs to another application, or has a newer schema.
  [[nodiscard]] static auto open(std::string_view path, sqlite_options options = {})
      -> result<std::unique_ptr<sqlite_store>>;

  sqlite_store(sqlite_store&&) = delete;
  auto operator=(sqlite_store&&) -> sqlite_store& = delete;
  ~sqlite_store() override;

  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override;
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override;
  [[nodiscard]] auto end() const -> result<std::uint64_t> override;
  /// Snapshots live in the `snapshots` table (schema version 2), written in
  /// one transaction with the deletion of all but the newest snapshots_kept.
  auto write_snapshot(std::uint64_t log_position, std::string_view bytes) -> result<void> override;
  auto read_snapshots(std::vector<snapshot_record>& out) const -> result<void> override;

  /// Writes a consistent copy of the file to `path` with SQLite's online
  /// backup API, while the store stays open and usable; an existing file at
  /// `path` is replaced. Errors as for open(), and store_failure when `path`
  /// is this store's own file.
  [[nodiscard]] auto backup_to(std::string_view path) const -> result<void>;

  /// The file's name as given to open().
  [[nodiscard]] auto path() const -> const std::string&;

  struct connection;  // the SQLite handle and cached statements (src/storage)

 private:
  explicit sqlite_store(std::unique_ptr<connection> db);
  mutable std::mutex mutex_;
  std::unique_ptr<connection> db_;
};

}  // namespace onhand
