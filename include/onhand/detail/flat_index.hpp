// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/flat_index.hpp
//
// An open-addressing hash index from small trivially-copyable keys to dense
// uint32 indexes, with keys stored inline and linear probing. A lookup is one
// hash and, at the load factor kept here (<= 1/2), one or two adjacent cache
// lines; std::unordered_map pays a bucket load plus a node pointer chase. It
// never erases: ledger accounts live forever.
#pragma once

#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

#include "onhand/core/assert.hpp"

namespace onhand::detail {

/// Mixes 64 bits well (the finalizer of MurmurHash3 / splitmix64).
[[nodiscard]] constexpr auto mix64(std::uint64_t x) noexcept -> std::uint64_t {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

struct no_payload {
  friend auto operator==(no_payload, no_payload) -> bool = default;
};

/// Key must be trivially copyable, equality comparable, and hashable by Hash.
/// Each slot also carries a small `Payload` beside its index, for data a
/// lookup wants without a second cache miss (see stock_ledger).
template <class Key, class Hash, class Payload = no_payload>
class flat_index {
 public:
  static constexpr std::uint32_t none = UINT32_MAX;

  struct slot_type {
    Key key{};
    std::uint32_t value = none;
    [[no_unique_address]] Payload payload{};
  };

  [[nodiscard]] auto find(const Key& key) const noexcept -> std::uint32_t {
    const auto* slot = find_slot(key);
    return slot == nullptr ? none : slot->value;
  }

  /// The slot of `key`, or nullptr.
  [[nodiscard]] auto find_slot(const Key& key) const noexcept -> const slot_type* {
    if (slots_.empty()) return nullptr;
    for (std::size_t at = Hash{}(key)&mask_;; at = (at + 1) & mask_) {
      const auto& slot = slots_[at];
      if (slot.value == none) return nullptr;
      if (slot.key == key) return &slot;
    }
  }
  [[nodiscard]] auto find_slot(const Key& key) noexcept -> slot_type* {
    return const_cast<slot_type*>(std::as_const(*this).find_slot(key));
  }

  static constexpr std::size_t npos = SIZE_MAX;
  /// Where `key`'s slot is, or npos. A position stays valid until the next insert.
  [[nodiscard]] auto find_position(const Key& key) const noexcept -> std::size_t {
    const auto* slot = find_slot(key);
    return slot == nullptr ? npos : static_cast<std::size_t>(slot - slots_.data());
  }
  [[nodiscard]] auto slot_at(std::size_t position) noexcept -> slot_type& {
    return slots_[position];
  }
  [[nodiscard]] auto slot_at(std::size_t position) const noexcept -> const slot_type& {
    return slots_[position];
  }

  /// Inserts a key that is not present.
  void insert(const Key& key, std::uint32_t value, Payload payload = {}) {
    ONHAND_ASSERT(value != none, "reserved value");
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(slot_type{key, value, payload});
    ++size_;
  }

  [[nodiscard]] auto size() const noexcept -> std::size_t { return size_; }
  void reserve(std::size_t count) {
    while (count * 2 > slots_.size()) grow();
  }
  [[nodiscard]] auto memory_bytes() const noexcept -> std::size_t {
    return slots_.capacity() * sizeof(slot_type);
  }

 private:
  void place(const slot_type& slot) noexcept {
    for (std::size_t at = Hash{}(slot.key) & mask_;; at = (at + 1) & mask_) {
      if (slots_[at].value == none) {
        slots_[at] = slot;
        return;
      }
    }
  }

  void grow() {
    std::vector<slot_type> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, slot_type{});
    mask_ = capacity - 1;
    for (const auto& slot : old) {
      if (slot.value != none) place(slot);
    }
  }

  std::vector<slot_type> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace onhand::detail
