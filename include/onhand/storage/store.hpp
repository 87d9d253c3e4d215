// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/store.hpp
//
// The durable event log behind an inventory. A store appends batches of
// encoded events atomically at an expected log position (optimistic
// concurrency: if another writer appended first, the append fails with
// concurrency_conflict and nothing is written), and reads them back in
// order. The inventory validates a command against its projections, appends
// the command's events, and applies them only once the append succeeded, so
// a failed or interrupted append leaves no trace anywhere.
//
// Implementations: memory_store (tests, throwaway sessions); later SQLite
// (embedded default) and PostgreSQL (several instances on one database).
//
// Example:
//
//   auto store = std::make_unique<onhand::memory_store>();
//   auto inv = onhand::inventory::open(std::move(store)).value();
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/core/result.hpp"

namespace onhand {

/// One encoded event and the idempotency key of the command that made it,
/// as read back from a store.
struct event_record {
  std::string key;      ///< Empty for events without a key (definitions).
  std::string payload;  ///< encode(event)

  friend auto operator==(const event_record&, const event_record&) -> bool = default;
};

/// An event to append: views of the caller's bytes, which the store copies
/// (so a writer can encode into one reused buffer).
struct event_view {
  std::string_view key;
  std::string_view payload;

  event_view(std::string_view key_bytes, std::string_view payload_bytes) noexcept
      : key(key_bytes), payload(payload_bytes) {}
  event_view(const event_record& record) noexcept  // NOLINT: implicit, a view of it
      : key(record.key), payload(record.payload) {}
};

/// A snapshot of the projections as a store holds it: the log position it
/// reflects and its bytes (opaque to the store; the engine checks them when
/// it reads them back).
struct snapshot_record {
  std::uint64_t log_position = 0;
  std::string bytes;

  friend auto operator==(const snapshot_record&, const snapshot_record&) -> bool = default;
};

class store {
 public:
  /// How many snapshots a store keeps: writing one deletes all but the
  /// newest this many.
  static constexpr std::size_t snapshots_kept = 3;

  store() = default;
  store(const store&) = delete;
  auto operator=(const store&) -> store& = delete;
  virtual ~store() = default;

  /// Appends `events` as one atomic batch, if the log currently holds exactly
  /// `expected_end` events; returns the new end. Errors: concurrency_conflict
  /// (the log moved; nothing written), store_unavailable (busy; retry),
  /// store_failure.
  virtual auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> = 0;

  /// Appends to `out` the events at positions [from, from + max_count) that
  /// exist. Errors: store_unavailable, store_failure.
  virtual auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> = 0;

  /// The number of events in the log.
  [[nodiscard]] virtual auto end() const -> result<std::uint64_t> = 0;

  /// Stores a snapshot taken at `log_position`, replacing one at the same
  /// position, and deletes all but the newest snapshots_kept. A store that
  /// keeps no snapshots (the default) refuses with store_failure; opening
  /// then replays the whole log. Errors: store_unavailable, store_failure.
  virtual auto write_snapshot(std::uint64_t log_position, std::string_view bytes) -> result<void> {
    (void)log_position;
    (void)bytes;
    return make_error(errc::store_failure, "this store keeps no snapshots");
  }

  /// Appends to `out` the snapshots held, newest (highest position) first;
  /// nothing for a store that keeps none. Errors: store_unavailable,
  /// store_failure.
  virtual auto read_snapshots(std::vector<snapshot_record>& out) const -> result<void> {
    (void)out;
    return {};
  }

 protected:
  store(store&&) = default;
  auto operator=(store&&) -> store& = default;
};

}  // namespace onhand
