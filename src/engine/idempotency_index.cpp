// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <functional>

#include "onhand/idempotency.hpp"

namespace onhand {
namespace {

auto key_hash(std::string_view key) -> std::uint64_t {
  return detail::mix64(std::hash<std::string_view>{}(key));
}

}  // namespace

auto name_of(domain d) noexcept -> std::string_view {
  switch (d) {
    case domain::catalog:
      return "catalog";
    case domain::ledger:
      return "ledger";
    case domain::allocation:
      return "allocation";
    case domain::orders:
      return "orders";
    case domain::purchasing:
      return "purchasing";
    case domain::counting:
      return "counting";
  }
  return "unknown";
}

auto idempotency_index::find(std::string_view k) const -> std::optional<entry> {
  auto index = by_hash_.find(key_hash(k));
  if (index == decltype(by_hash_)::none) return std::nullopt;
  if (key(index) != k) {
    if (collisions_.empty()) return std::nullopt;
    const auto collided = collisions_.find(std::string(k));
    if (collided == collisions_.end()) return std::nullopt;
    index = collided->second;
  }
  return entry{positions_[index], domains_[index]};
}

auto idempotency_index::key_at(std::uint64_t log_position) const -> std::string_view {
  const auto it = std::lower_bound(positions_.begin(), positions_.end(), log_position);
  if (it == positions_.end() || *it != log_position) return {};
  return key(static_cast<std::size_t>(it - positions_.begin()));
}

void idempotency_index::add(std::string_view k, std::uint64_t log_position, onhand::domain owner) {
  ONHAND_ASSERT(positions_.empty() || positions_.back() < log_position,
                "keys are added in log order");
  const auto index = static_cast<std::uint32_t>(positions_.size());
  positions_.push_back(log_position);
  domains_.push_back(owner);
  keys_.append(k);
  offsets_.push_back(keys_.size());
  const auto hash = key_hash(k);
  if (by_hash_.find(hash) == decltype(by_hash_)::none) {
    by_hash_.insert(hash, index);
  } else {
    collisions_.emplace(std::string(k), index);  // two keys, one 64-bit hash: kept exactly
  }
}

auto idempotency_index::memory_bytes() const -> std::size_t {
  return positions_.capacity() * sizeof(std::uint64_t) + domains_.capacity() + keys_.capacity() +
         offsets_.capacity() * sizeof(std::uint64_t) + by_hash_.memory_bytes();
}

}  // namespace onhand
