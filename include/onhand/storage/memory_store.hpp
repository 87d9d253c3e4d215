// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/memory_store.hpp
//
// An in-memory event log: the store for tests and throwaway sessions. Events
// live in one contiguous byte arena with an offset table, so the log costs
// its payload bytes plus 8 bytes per event. It is thread-safe, and it can be
// told to fail its next appends, which is how tests prove that a failed
// append leaves no trace.
#pragma once

#include <mutex>
#include <optional>

#include "onhand/storage/store.hpp"

namespace onhand {

class memory_store final : public store {
 public:
  memory_store() = default;

  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override;
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override;
  [[nodiscard]] auto end() const -> result<std::uint64_t> override;
  auto write_snapshot(std::uint64_t log_position, std::string_view bytes) -> result<void> override;
  auto read_snapshots(std::vector<snapshot_record>& out) const -> result<void> override;

  /// Makes the next `count` appends fail with `code` without writing anything.
  void fail_appends(errc code, std::size_t count = 1);
  /// Bytes held by the log (arena and offsets).
  [[nodiscard]] auto memory_bytes() const -> std::size_t;

 private:
  mutable std::mutex mutex_;
  std::string arena_;                       // per event: u32 key size, key, payload
  std::vector<std::uint64_t> offsets_{0};   // offsets_[i]..offsets_[i+1] is event i
  std::vector<snapshot_record> snapshots_;  // newest first
  std::optional<errc> failure_;
  std::size_t failures_left_ = 0;
};

}  // namespace onhand
