// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/postgres_store.hpp
//
// The shared durable store: the event log in a PostgreSQL database, for
// several engine instances (processes or machines) on one log. Every append
// is one transaction that reads the end of the log and inserts the batch at
// the expected position; the position is the table's primary key, so of two
// instances appending at the same end exactly one commits and the other gets
// concurrency_conflict with nothing written (the engine then catches up and
// retries its command). Instances see each other's events by reading end()
// (inventory::sync, or the catch-up before a command): no notification
// channel is needed for correctness.
//
// Schema (version 1, in the connection's current schema; docs/concepts/storage.md):
//   onhand_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)   -- schema_version = 1
//   onhand_events(position BIGINT PRIMARY KEY, key BYTEA NOT NULL, payload BYTEA NOT NULL)
// Both are created if missing; a newer schema version is refused untouched.
//
// Connection settings come from the URI or key=value conninfo given to
// open(), and where it leaves them out from the PG* environment variables
// (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...), as libpq reads them.
// A password never appears in an error message.
//
// Example:
//
//   auto log = onhand::postgres_store::open("postgresql://app@db.internal/stock").value();
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

struct postgres_options {
  /// How long open() (and a reconnect after a lost connection) waits for the
  /// server; a connect_timeout in the URI or conninfo takes precedence.
  std::chrono::seconds connect_timeout{10};
};

class postgres_store final : public store {
 public:
  /// The schema version this build writes and reads.
  static constexpr std::int64_t schema_version = 1;

  /// Connects and creates the schema if missing. `uri_or_conninfo` is a
  /// libpq connection URI ("postgresql://user@host:5432/db") or key=value
  /// string; empty takes everything from the environment. Errors:
  /// malformed_input (field "conninfo") for a string libpq cannot parse or
  /// one holding a NUL byte; invalid_parameter (field "connect_timeout") for
  /// a negative timeout; store_unavailable when the server cannot be
  /// reached or refuses the login; store_failure for a database whose onhand
  /// schema is newer than this build or otherwise unusable.
  [[nodiscard]] static auto open(std::string_view uri_or_conninfo, postgres_options options = {})
      -> result<std::unique_ptr<postgres_store>>;

  postgres_store(postgres_store&&) = delete;
  auto operator=(postgres_store&&) -> postgres_store& = delete;
  ~postgres_store() override;

  /// Errors beyond store.hpp's: store_unavailable when the connection is
  /// lost (the next call reconnects). A connection lost during COMMIT leaves
  /// the outcome unknown: read the log (or retry the command under its
  /// idempotency key) to learn it.
  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override;
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override;
  [[nodiscard]] auto end() const -> result<std::uint64_t> override;

  struct connection;  // the libpq handle (src/storage)

 private:
  explicit postgres_store(std::unique_ptr<connection> db);
  mutable std::mutex mutex_;
  std::unique_ptr<connection> db_;
};

}  // namespace onhand
