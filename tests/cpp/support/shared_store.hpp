// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/shared_store.hpp
//
// Lets several inventories share one memory log, as several processes share
// one database: each writes through its own handle, and appends race by
// expected position.
#pragma once

#include <memory>

#include "onhand/storage/memory_store.hpp"

namespace onhand::testing {

class shared_store final : public store {
 public:
  explicit shared_store(std::shared_ptr<memory_store> log) : log_(std::move(log)) {}
  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override {
    return log_->append(events, expected_end);
  }
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override {
    return log_->read(from, max_count, out);
  }
  [[nodiscard]] auto end() const -> result<std::uint64_t> override { return log_->end(); }
  auto write_snapshot(std::uint64_t log_position, std::string_view bytes) -> result<void> override {
    return log_->write_snapshot(log_position, bytes);
  }
  auto read_snapshots(std::vector<snapshot_record>& out) const -> result<void> override {
    return log_->read_snapshots(out);
  }

 private:
  std::shared_ptr<memory_store> log_;
};

/// A fresh store holding a copy of `source`'s events (not its snapshots).
inline auto copy_log(const store& source) -> std::unique_ptr<memory_store> {
  auto copy = std::make_unique<memory_store>();
  std::vector<event_record> records;
  EXPECT_TRUE(source.read(0, SIZE_MAX, records).has_value());
  const std::vector<event_view> views(records.begin(), records.end());
  EXPECT_TRUE(copy->append(views, 0).has_value());
  return copy;
}

}  // namespace onhand::testing
