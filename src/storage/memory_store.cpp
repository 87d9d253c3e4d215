// SPDX-License-Identifier: Apache-2.0
#include "onhand/storage/memory_store.hpp"

#include <algorithm>
#include <cstring>

namespace onhand {

auto memory_store::append(std::span<const event_view> events, std::uint64_t expected_end)
    -> result<std::uint64_t> {
  std::lock_guard lock{mutex_};
  if (failures_left_ > 0) {
    --failures_left_;
    return make_error(*failure_, "memory store: injected failure");
  }
  const std::uint64_t current = offsets_.size() - 1;
  if (current != expected_end) {
    return make_error(errc::concurrency_conflict,
                      "the log holds " + std::to_string(current) + " events, not the expected " +
                          std::to_string(expected_end) + "; catch up and retry");
  }
  for (const auto& e : events) {
    const auto key_size = static_cast<std::uint32_t>(e.key.size());
    char size_bytes[4];
    std::memcpy(size_bytes, &key_size, 4);
    arena_.append(size_bytes, 4);
    arena_.append(e.key);
    arena_.append(e.payload);
    offsets_.push_back(arena_.size());
  }
  return offsets_.size() - 1;
}

auto memory_store::read(std::uint64_t from, std::size_t max_count,
                        std::vector<event_record>& out) const -> result<void> {
  std::lock_guard lock{mutex_};
  const std::uint64_t count = offsets_.size() - 1;
  for (std::uint64_t i = from; i < count && i - from < max_count; ++i) {
    const auto begin = offsets_[i];
    const auto end = offsets_[i + 1];
    std::uint32_t key_size = 0;
    std::memcpy(&key_size, arena_.data() + begin, 4);
    event_record record;
    record.key.assign(arena_.data() + begin + 4, key_size);
    record.payload.assign(arena_.data() + begin + 4 + key_size, end - begin - 4 - key_size);
    out.push_back(std::move(record));
  }
  return {};
}

auto memory_store::end() const -> result<std::uint64_t> {
  std::lock_guard lock{mutex_};
  return offsets_.size() - 1;
}

void memory_store::fail_appends(errc code, std::size_t count) {
  std::lock_guard lock{mutex_};
  failure_ = code;
  failures_left_ = count;
}

auto memory_store::memory_bytes() const -> std::size_t {
  std::lock_guard lock{mutex_};
  return arena_.capacity() + offsets_.capacity() * sizeof(std::uint64_t);
}

}  // namespace onhand

namespace onhand {

auto memory_store::write_snapshot(std::uint64_t log_position, std::string_view bytes)
    -> result<void> {
  std::lock_guard lock{mutex_};
  std::erase_if(snapshots_, [&](const auto& s) { return s.log_position == log_position; });
  const auto at = std::find_if(snapshots_.begin(), snapshots_.end(),
                               [&](const auto& s) { return s.log_position < log_position; });
  snapshots_.insert(at, snapshot_record{log_position, std::string(bytes)});
  if (snapshots_.size() > snapshots_kept) snapshots_.resize(snapshots_kept);
  return {};
}

auto memory_store::read_snapshots(std::vector<snapshot_record>& out) const -> result<void> {
  std::lock_guard lock{mutex_};
  out.insert(out.end(), snapshots_.begin(), snapshots_.end());
  return {};
}

}  // namespace onhand
