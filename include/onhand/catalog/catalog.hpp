// SPDX-License-Identifier: Apache-2.0
// File: onhand/catalog/catalog.hpp
//
// The catalog projection: items, locations and lots by dense id, their codes
// interned once, and the location tree. It is rebuilt from the event log
// like every projection: `validate` says whether a definition is new,
// identical to an existing one (a no-op), or in conflict, and the engine
// applies the catalog's events (onhand/catalog/events.hpp) once the store
// holds them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "onhand/catalog/events.hpp"
#include "onhand/catalog/item.hpp"
#include "onhand/catalog/location.hpp"
#include "onhand/catalog/lot.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/result.hpp"
#include "onhand/detail/snapshot_fwd.hpp"

namespace onhand {

struct state;

/// Checks a code: non-empty, at most 128 bytes, no control characters.
[[nodiscard]] auto validate_code(std::string_view code, std::string_view field) -> result<void>;

class catalog {
 public:
  // Lookups by code; nullopt when unknown.
  [[nodiscard]] auto find_item(std::string_view code) const -> std::optional<item_id>;
  [[nodiscard]] auto find_location(std::string_view code) const -> std::optional<location_id>;
  [[nodiscard]] auto find_lot(item_id item, std::string_view code) const -> std::optional<lot_id>;
  /// The item and unit a GTIN labels (normalized to 14 digits first).
  [[nodiscard]] auto find_gtin(std::string_view gtin) const
      -> std::optional<std::pair<item_id, std::string>>;

  // Lookups by code that return unknown_code errors naming the code.
  [[nodiscard]] auto item_by_code(std::string_view code) const -> result<item_id>;
  [[nodiscard]] auto location_by_code(std::string_view code) const -> result<location_id>;
  [[nodiscard]] auto lot_by_code(item_id item, std::string_view code) const -> result<lot_id>;

  [[nodiscard]] auto item(item_id id) const -> const item_definition& {
    return items_.at(id.index());
  }
  [[nodiscard]] auto location(location_id id) const -> const location_definition& {
    return locations_.at(id.index()).definition;
  }
  [[nodiscard]] auto lot(lot_id id) const -> const lot_definition& {
    return lots_.at(id.index()).definition;
  }
  [[nodiscard]] auto lot_item(lot_id id) const -> item_id { return lots_.at(id.index()).item; }
  [[nodiscard]] auto parent(location_id id) const -> location_id {
    return locations_.at(id.index()).parent;
  }
  [[nodiscard]] auto children(location_id id) const -> std::span<const location_id> {
    return locations_.at(id.index()).children;
  }
  /// Whether stock at `id` is held apart: `hold` is set on it or on a
  /// location above it. One lookup (the answer is kept per location).
  [[nodiscard]] auto is_held(location_id id) const -> bool {
    return locations_.at(id.index()).held;
  }
  /// Whether `id` is `ancestor` or lies below it.
  [[nodiscard]] auto is_within(location_id id, location_id ancestor) const -> bool;
  /// `root` and every location below it, depth first.
  [[nodiscard]] auto subtree(location_id root) const -> std::vector<location_id>;
  /// Lots of an item, in definition order.
  [[nodiscard]] auto lots_of(item_id id) const -> std::span<const lot_id> {
    return item_lots_.at(id.index());
  }

  [[nodiscard]] auto item_count() const noexcept -> std::size_t { return items_.size(); }
  [[nodiscard]] auto location_count() const noexcept -> std::size_t { return locations_.size(); }
  [[nodiscard]] auto lot_count() const noexcept -> std::size_t { return lots_.size(); }

  /// nullopt: new; an id: identical to that definition (a no-op); else an error.
  [[nodiscard]] auto validate(const item_definition& item) const -> result<std::optional<item_id>>;
  [[nodiscard]] auto validate(const location_definition& location) const
      -> result<std::optional<location_id>>;
  [[nodiscard]] auto validate(const lot_definition& lot) const -> result<std::optional<lot_id>>;

  // The catalog's events, applied by the engine once validated and stored.
  void apply(const item_defined& e, const state&) { add(e.item); }
  void apply(const location_defined& e, const state&) { add(e.location); }
  void apply(const lot_defined& e, const state&) { add(e.lot); }
  void apply(const lot_status_set& e, const state&) {
    lots_.at(e.lot.index()).definition.status = e.status;
  }

  /// What must hold after every event: every location's parent was defined
  /// before it, every lot's item exists, and codes resolve to their ids.
  /// store_failure names the first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  /// Same definitions under the same ids (what replay must reproduce).
  friend auto operator==(const catalog& a, const catalog& b) -> bool;

 private:
  // Apply a definition that validate() accepted as new.
  auto add(item_definition item) -> item_id;
  auto add(location_definition location) -> location_id;
  auto add(lot_definition lot) -> lot_id;

  struct location_node {
    location_definition definition;
    location_id parent;
    std::vector<location_id> children;
    bool held = false;  // hold is set on it or on a location above it
    friend auto operator==(const location_node&, const location_node&) -> bool = default;
  };
  struct lot_node {
    lot_definition definition;
    item_id item;
    friend auto operator==(const lot_node&, const lot_node&) -> bool = default;
  };
  struct lot_key_hash {
    auto operator()(const std::pair<std::uint32_t, std::string>& key) const noexcept
        -> std::size_t {
      return std::hash<std::string>{}(key.second) * 31 + key.first;
    }
  };

  interner item_codes_;
  interner location_codes_;
  std::vector<item_definition> items_;
  std::vector<std::vector<lot_id>> item_lots_;
  std::vector<location_node> locations_;
  std::vector<lot_node> lots_;
  std::unordered_map<std::pair<std::uint32_t, std::string>, lot_id, lot_key_hash> lot_ids_;
  std::unordered_map<std::string, std::pair<item_id, std::string>> gtins_;
};

}  // namespace onhand
