// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/inventory_gtins.hpp"

namespace onhand::scan {

auto inventory_gtins::find_gtin(std::string_view gtin14) const -> std::optional<gtin_entry> {
  return inventory_->read([&](const state& s) -> std::optional<gtin_entry> {
    const auto& c = s.catalog;
    const auto found = c.find_gtin(gtin14);
    if (!found) return std::nullopt;
    const auto& item = c.item(found->first);
    auto per_pack = item.units.to_base(quantity::units(1), found->second);
    if (!per_pack) return std::nullopt;
    return gtin_entry{item.code, found->second, *per_pack};
  });
}

auto inventory_gtins::known_expiry(std::string_view item, std::string_view lot) const
    -> std::optional<date> {
  return inventory_->read([&](const state& s) -> std::optional<date> {
    const auto& c = s.catalog;
    const auto item_id = c.find_item(item);
    if (!item_id) return std::nullopt;
    const auto lot_id = c.find_lot(*item_id, lot);
    if (!lot_id) return std::nullopt;
    return c.lot(*lot_id).expiry;
  });
}

}  // namespace onhand::scan
