// SPDX-License-Identifier: Apache-2.0
// File: onhand/idempotency.hpp
//
// The idempotency index: every idempotency key a command was appended under,
// with the log position of the command's first event and the domain it
// belongs to. It is a projection of the log like every other (rebuilt by
// replay, compared by verify()), and it is one for all domains, so a key is
// used once across the whole inventory: a reservation cannot reuse the key of
// a posted document.
//
// Keys are kept back to back in one buffer, in log order; a lookup is one
// 64-bit hash probe (two keys that share a hash are kept apart exactly).
//
// Example:
//
//   inv.read([&](const onhand::state& s) {
//     if (auto entry = s.keys.find("po-88/1")) use(entry->log_position);
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "onhand/detail/flat_index.hpp"
#include "onhand/detail/snapshot_fwd.hpp"

namespace onhand {

/// The domain a keyed command belongs to. Persisted in no event (it is
/// derived from the event kind), but stable for reports.
enum class domain : std::uint8_t {
  catalog = 0,
  ledger = 1,
  allocation = 2,
  orders = 3,
  purchasing = 4,
  counting = 5,
};

[[nodiscard]] auto name_of(domain d) noexcept -> std::string_view;

class idempotency_index {
 public:
  struct entry {
    std::uint64_t log_position = 0;  ///< Position of the command's first event.
    onhand::domain domain = domain::ledger;
    friend auto operator==(const entry&, const entry&) -> bool = default;
  };

  /// The command appended under `key`, if any.
  [[nodiscard]] auto find(std::string_view key) const -> std::optional<entry>;
  /// The key of the command whose first event is at `log_position` ("" if
  /// that event carries none). Binary search: keys are added in log order.
  [[nodiscard]] auto key_at(std::uint64_t log_position) const -> std::string_view;

  /// Records a key that find() does not know, at a position past every
  /// position recorded so far.
  void add(std::string_view key, std::uint64_t log_position, onhand::domain owner);

  [[nodiscard]] auto size() const noexcept -> std::size_t { return positions_.size(); }
  /// Heap bytes held, for reports.
  [[nodiscard]] auto memory_bytes() const -> std::size_t;

  /// Writes the index into a snapshot section, and reads one back in place
  /// of everything it held (src/engine/snapshot.cpp). Damaged bytes fail
  /// `in` and leave an index the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const idempotency_index& a, const idempotency_index& b) -> bool {
    return a.positions_ == b.positions_ && a.domains_ == b.domains_ && a.keys_ == b.keys_ &&
           a.offsets_ == b.offsets_;
  }

 private:
  struct u64_hash {
    auto operator()(std::uint64_t k) const noexcept -> std::size_t { return detail::mix64(k); }
  };
  [[nodiscard]] auto key(std::size_t index) const -> std::string_view {
    return std::string_view{keys_}.substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
  }

  std::vector<std::uint64_t> positions_;
  std::vector<onhand::domain> domains_;
  std::string keys_;                       // every key, back to back
  std::vector<std::uint64_t> offsets_{0};  // key i is keys_[offsets_[i], offsets_[i + 1])
  detail::flat_index<std::uint64_t, u64_hash> by_hash_;        // key hash -> index
  std::unordered_map<std::string, std::uint32_t> collisions_;  // keys whose hash was taken
};

}  // namespace onhand
