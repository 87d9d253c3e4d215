// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/ids.hpp
//
// Dense integer ids. External codes ("SERUM-30ML", "3PL-EAST") are interned
// once into 32-bit ids that index flat arrays; the hot paths (posting,
// balance lookup, ATP) never hash a string. Each kind of id is its own type,
// so an item id cannot be passed where a location id is expected.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace onhand {

/// A dense id of one kind (Tag). 0 is a valid id; `none` marks "no id".
template <class Tag>
struct dense_id {
  std::uint32_t value = none_value;

  static constexpr std::uint32_t none_value = UINT32_MAX;
  [[nodiscard]] static constexpr auto none() noexcept -> dense_id { return dense_id{}; }
  [[nodiscard]] constexpr auto is_none() const noexcept -> bool { return value == none_value; }
  [[nodiscard]] constexpr auto index() const noexcept -> std::size_t { return value; }
  friend constexpr auto operator<=>(dense_id, dense_id) noexcept = default;
};

using item_id = dense_id<struct item_tag>;
using location_id = dense_id<struct location_tag>;
using lot_id = dense_id<struct lot_tag>;  ///< a lot or a serial number of one item
/// A posted document: 0, 1, 2... in posting order.
using document_id = dense_id<struct document_tag>;
using reservation_id = dense_id<struct reservation_tag>;

/// Maps codes to dense ids in order of first appearance, and back.
class interner {
 public:
  interner() = default;
  interner(const interner&) = delete;  // codes_ points into ids_'s nodes
  auto operator=(const interner&) -> interner& = delete;
  interner(interner&&) noexcept = default;  // nodes move with the map
  auto operator=(interner&&) noexcept -> interner& = default;

  /// The id of `code`, or nullopt.
  [[nodiscard]] auto find(std::string_view code) const -> std::optional<std::uint32_t> {
    auto found = ids_.find(code);
    if (found == ids_.end()) return std::nullopt;
    return found->second;
  }
  /// The id of `code`, adding it when new.
  auto intern(std::string_view code) -> std::uint32_t {
    if (auto found = ids_.find(code); found != ids_.end()) return found->second;
    const auto id = static_cast<std::uint32_t>(codes_.size());
    auto [it, inserted] = ids_.emplace(std::string(code), id);
    codes_.push_back(&it->first);
    return id;
  }
  [[nodiscard]] auto code(std::uint32_t id) const -> const std::string& { return *codes_.at(id); }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return codes_.size(); }

 private:
  struct hash {
    using is_transparent = void;
    auto operator()(std::string_view s) const noexcept -> std::size_t {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::uint32_t, hash, std::equal_to<>> ids_;
  std::vector<const std::string*> codes_;  // unordered_map nodes do not move
};

namespace detail {
/// An item and a location as one 64-bit key, the item in the high half: the
/// key of the per item-location tables.
[[nodiscard]] constexpr auto item_location_bits(item_id item, location_id location) noexcept
    -> std::uint64_t {
  return (std::uint64_t{item.value} << 32) | location.value;
}
}  // namespace detail

}  // namespace onhand

template <class Tag>
struct std::hash<onhand::dense_id<Tag>> {
  auto operator()(onhand::dense_id<Tag> id) const noexcept -> std::size_t {
    return std::hash<std::uint32_t>{}(id.value);
  }
};
