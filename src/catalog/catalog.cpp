// SPDX-License-Identifier: Apache-2.0
#include "onhand/catalog/catalog.hpp"

#include <array>

#include "onhand/catalog/gtin.hpp"
#include "onhand/detail/text.hpp"

namespace onhand {
namespace {

constexpr std::size_t code_length_max = 128;

auto unknown(std::string_view what, std::string_view code, error_context context) -> error {
  return make_error(errc::unknown_code,
                    std::string(what) + " '" + std::string(code) + "' is not defined",
                    std::move(context));
}

// Whether two location definitions say the same, ignoring flags that cannot
// apply to their kind: allow_negative and hold mean nothing for a virtual
// location (it always may go negative and holds no stock of its own), so
// SCRAP defined with them is SCRAP.
auto same_location(const location_definition& a, const location_definition& b) -> bool {
  if (a.kind != b.kind) return false;
  if (holds_stock(a.kind)) return a == b;
  auto x = a;
  auto y = b;
  x.allow_negative = y.allow_negative = false;
  x.hold = y.hold = false;
  return x == y;
}

auto conflict(std::string_view what, std::string_view code, error_context context) -> error {
  return make_error(
      errc::definition_conflict,
      std::string(what) + " '" + std::string(code) + "' is already defined with different data",
      std::move(context));
}

}  // namespace

auto name_of(location_kind kind) noexcept -> std::string_view {
  switch (kind) {
    case location_kind::internal:
      return "internal";
    case location_kind::supplier:
      return "supplier";
    case location_kind::customer:
      return "customer";
    case location_kind::transit:
      return "transit";
    case location_kind::inventory_loss:
      return "inventory_loss";
    case location_kind::scrap:
      return "scrap";
    case location_kind::production:
      return "production";
  }
  return "internal";
}

auto parse_location_kind(std::string_view name) -> std::optional<location_kind> {
  for (auto kind : {location_kind::internal, location_kind::supplier, location_kind::customer,
                    location_kind::transit, location_kind::inventory_loss, location_kind::scrap,
                    location_kind::production}) {
    if (name_of(kind) == name) return kind;
  }
  return std::nullopt;
}

auto name_of(lot_status status) noexcept -> std::string_view {
  switch (status) {
    case lot_status::available:
      return "available";
    case lot_status::on_hold:
      return "on_hold";
    case lot_status::recalled:
      return "recalled";
  }
  return "available";
}

auto parse_lot_status(std::string_view name) -> std::optional<lot_status> {
  for (auto status : {lot_status::available, lot_status::on_hold, lot_status::recalled}) {
    if (name_of(status) == name) return status;
  }
  return std::nullopt;
}

auto validate_code(std::string_view code, std::string_view field) -> result<void> {
  return detail::check_name(code, std::string(field) + " code", field, code_length_max);
}

auto catalog::find_item(std::string_view code) const -> std::optional<item_id> {
  if (auto id = item_codes_.find(code)) return item_id{*id};
  return std::nullopt;
}

auto catalog::find_location(std::string_view code) const -> std::optional<location_id> {
  if (auto id = location_codes_.find(code)) return location_id{*id};
  return std::nullopt;
}

auto catalog::find_lot(item_id item, std::string_view code) const -> std::optional<lot_id> {
  auto found = lot_ids_.find({item.value, std::string(code)});
  if (found == lot_ids_.end()) return std::nullopt;
  return found->second;
}

auto catalog::find_gtin(std::string_view gtin) const
    -> std::optional<std::pair<item_id, std::string>> {
  auto normalized = normalize_gtin(gtin);
  if (!normalized) return std::nullopt;
  auto found = gtins_.find(*normalized);
  if (found == gtins_.end()) return std::nullopt;
  return found->second;
}

auto catalog::item_by_code(std::string_view code) const -> result<item_id> {
  if (auto id = find_item(code)) return *id;
  return unknown("item", code, error_context{.item = std::string(code), .field = "item"});
}

auto catalog::location_by_code(std::string_view code) const -> result<location_id> {
  if (auto id = find_location(code)) return *id;
  return unknown("location", code,
                 error_context{.location = std::string(code), .field = "location"});
}

auto catalog::lot_by_code(item_id item, std::string_view code) const -> result<lot_id> {
  if (auto id = find_lot(item, code)) return *id;
  return unknown(
      "lot", code,
      error_context{.item = this->item(item).code, .lot = std::string(code), .field = "lot"});
}

auto catalog::is_within(location_id id, location_id ancestor) const -> bool {
  for (auto at = id; !at.is_none(); at = parent(at)) {
    if (at == ancestor) return true;
  }
  return false;
}

auto catalog::subtree(location_id root) const -> std::vector<location_id> {
  std::vector<location_id> out{root};
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto below = children(out[i]);
    out.insert(out.end(), below.begin(), below.end());
  }
  return out;
}

auto catalog::validate(const item_definition& item) const -> result<std::optional<item_id>> {
  if (auto ok = validate_code(item.code, "item"); !ok) return std::move(ok).error();
  const error_context context{.item = item.code};
  if (auto units = unit_set::make(item.units.base()); !units) {
    auto err = std::move(units).error();
    err.context.item = item.code;
    return err;
  }
  for (const auto& alternate : item.units.alternates()) {
    if (auto ok =
            detail::check_name(alternate.name, "unit name", "unit", unit_set::name_length_max);
        !ok) {
      auto err = std::move(ok).error();
      err.context.item = item.code;
      return err;
    }
  }
  if (item.lot_tracked && item.serial_tracked) {
    return make_error(errc::tracking_mismatch,
                      "item '" + item.code + "' cannot be both lot- and serial-tracked", context);
  }
  if (item.serial_tracked && item.units.base().decimals != 0) {
    return make_error(errc::tracking_mismatch,
                      "serial-tracked item '" + item.code + "' needs a whole base unit", context);
  }
  if (item.shelf_life_days && *item.shelf_life_days <= 0) {
    return make_error(errc::invalid_parameter,
                      "item '" + item.code + "' needs a positive shelf life",
                      error_context{.item = item.code, .field = "shelf_life_days"});
  }
  for (const auto& entry : item.gtins) {
    auto gtin = normalize_gtin(entry.gtin);
    if (!gtin) {
      auto err = std::move(gtin).error();
      err.context.item = item.code;
      return err;
    }
    if (auto unit = item.units.factor(entry.unit); !unit) {
      auto err = std::move(unit).error();
      err.context.item = item.code;
      return err;
    }
    auto owner = gtins_.find(*gtin);
    if (owner != gtins_.end() && items_[owner->second.first.index()].code != item.code) {
      return make_error(errc::definition_conflict,
                        "GTIN " + *gtin + " already labels item '" +
                            items_[owner->second.first.index()].code + "'",
                        error_context{.item = item.code, .field = "gtin"});
    }
  }
  if (auto existing = find_item(item.code)) {
    if (items_[existing->index()] == item) return existing;
    return conflict("item", item.code, context);
  }
  return std::optional<item_id>{};
}

auto catalog::validate(const location_definition& location) const
    -> result<std::optional<location_id>> {
  if (auto ok = validate_code(location.code, "location"); !ok) return std::move(ok).error();
  const error_context context{.location = location.code};
  if (!location.parent.empty() && !find_location(location.parent)) {
    return unknown("parent location", location.parent,
                   error_context{.location = location.parent, .field = "parent"});
  }
  if (location.parent == location.code) {
    return make_error(errc::invalid_location,
                      "location '" + location.code + "' cannot be its own parent", context);
  }
  if (auto existing = find_location(location.code)) {
    if (same_location(this->location(*existing), location)) return existing;
    return conflict("location", location.code, context);
  }
  return std::optional<location_id>{};
}

auto catalog::validate(const lot_definition& lot) const -> result<std::optional<lot_id>> {
  auto item = item_by_code(lot.item);
  if (!item) return std::move(item).error();
  if (auto ok = validate_code(lot.code, "lot"); !ok) {
    auto err = std::move(ok).error();
    err.context.item = lot.item;
    return err;
  }
  const error_context context{.item = lot.item, .lot = lot.code};
  const auto& definition = this->item(*item);
  if (!definition.lot_tracked && !definition.serial_tracked) {
    return make_error(errc::tracking_mismatch,
                      "item '" + lot.item + "' is tracked neither by lot nor by serial", context);
  }
  for (auto days : {lot.best_before_days, lot.removal_days, lot.alert_days}) {
    if (days && (*days < 0 || !lot.expiry)) {
      return make_error(
          errc::invalid_parameter,
          "lot '" + lot.code + "': date offsets need an expiry date and must not be negative",
          error_context{.item = lot.item, .lot = lot.code, .field = "days"});
    }
  }
  if (auto existing = find_lot(*item, lot.code)) {
    // Status changes go through set_lot_status; a repeated definition of a
    // lot that has since been put on hold is still the same lot.
    auto stored = this->lot(*existing);
    stored.status = lot.status;
    if (stored == lot) return existing;
    return conflict("lot", lot.code, context);
  }
  return std::optional<lot_id>{};
}

auto catalog::add(item_definition item) -> item_id {
  const item_id id{item_codes_.intern(item.code)};
  ONHAND_ASSERT(id.index() == items_.size(), "item added twice");
  for (const auto& entry : item.gtins) {
    gtins_[normalize_gtin(entry.gtin).value()] = {id, entry.unit};
  }
  items_.push_back(std::move(item));
  item_lots_.emplace_back();
  return id;
}

auto catalog::add(location_definition location) -> location_id {
  const location_id id{location_codes_.intern(location.code)};
  ONHAND_ASSERT(id.index() == locations_.size(), "location added twice");
  location_id parent_id = location_id::none();
  // Definitions never change, so whether a location is held is known here
  // once: its own flag or its parent's answer.
  bool held = location.hold && holds_stock(location.kind);
  if (!location.parent.empty()) {
    parent_id = *find_location(location.parent);
    locations_[parent_id.index()].children.push_back(id);
    held = held || locations_[parent_id.index()].held;
  }
  locations_.push_back(location_node{std::move(location), parent_id, {}, held});
  return id;
}

auto catalog::add(lot_definition lot) -> lot_id {
  const auto item = *find_item(lot.item);
  const lot_id id{static_cast<std::uint32_t>(lots_.size())};
  lot_ids_.emplace(std::pair{item.value, lot.code}, id);
  item_lots_[item.index()].push_back(id);
  lots_.push_back(lot_node{std::move(lot), item});
  return id;
}

auto operator==(const catalog& a, const catalog& b) -> bool {
  return a.items_ == b.items_ && a.locations_ == b.locations_ && a.lots_ == b.lots_ &&
         a.item_lots_ == b.item_lots_ && a.gtins_ == b.gtins_;
}

}  // namespace onhand

namespace onhand {

auto catalog::check_invariants(const state&) const -> result<void> {
  auto failure = [](const std::string& what) {
    return make_error(errc::store_failure, "verify: " + what);
  };
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (find_item(items_[i].code) != item_id{static_cast<std::uint32_t>(i)}) {
      return failure("item '" + items_[i].code + "' does not resolve to its id");
    }
  }
  for (std::size_t i = 0; i < locations_.size(); ++i) {
    const auto& node = locations_[i];
    const location_id id{static_cast<std::uint32_t>(i)};
    if (find_location(node.definition.code) != id) {
      return failure("location '" + node.definition.code + "' does not resolve to its id");
    }
    if (!node.parent.is_none() && node.parent.index() >= i) {
      return failure("location '" + node.definition.code + "' has a parent defined after it");
    }
  }
  for (std::size_t i = 0; i < lots_.size(); ++i) {
    const auto& node = lots_[i];
    if (node.item.index() >= items_.size() ||
        items_[node.item.index()].code != node.definition.item ||
        find_lot(node.item, node.definition.code) != lot_id{static_cast<std::uint32_t>(i)}) {
      return failure("lot '" + node.definition.code + "' does not belong to its item");
    }
  }
  return {};
}

}  // namespace onhand
