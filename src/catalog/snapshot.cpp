// SPDX-License-Identifier: Apache-2.0
// The catalog in a snapshot: its definitions in id order, each written by
// its event's codec (a lot's with its current status). Loading adds them again through
// validate() and add(), exactly as replay does, so the codes, the location
// tree and the lots of each item are rebuilt by the code that built them.
#include <vector>

#include "onhand/catalog/catalog.hpp"

#include "catalog/codec.hpp"
#include "engine/snapshot_io.hpp"

namespace onhand {

void catalog::save(detail::snapshot_writer& out) const {
  std::vector<item_defined> items;
  items.reserve(items_.size());
  for (const auto& item : items_) items.push_back({item});
  std::vector<location_defined> locations;
  locations.reserve(locations_.size());
  for (const auto& node : locations_) locations.push_back({node.definition});
  std::vector<lot_defined> lots;
  lots.reserve(lots_.size());
  for (const auto& node : lots_) lots.push_back({node.definition});
  out(items, locations, lots);
}

void catalog::load(detail::snapshot_reader& in) {
  *this = catalog{};
  std::vector<item_defined> items;
  std::vector<location_defined> locations;
  std::vector<lot_defined> lots;
  in(items, locations, lots);
  // Each definition must be new to what came before it, as when it was defined.
  auto add_new = [&](auto& definition) {
    // A lot is judged as defined (available); its status now is restored after.
    const auto status = [&] {
      if constexpr (requires { definition.status; }) {
        return std::exchange(definition.status, lot_status::available);
      } else {
        return 0;
      }
    }();
    auto judged = validate(definition);
    if (!judged || judged->has_value()) return false;
    if constexpr (requires { definition.status; }) definition.status = status;
    add(std::move(definition));
    return true;
  };
  if (!in.ok()) return;
  for (auto& e : items) {
    if (!add_new(e.item)) return in.fail();
  }
  for (auto& e : locations) {
    if (!add_new(e.location)) return in.fail();
  }
  for (auto& e : lots) {
    if (!add_new(e.lot)) return in.fail();
  }
}

}  // namespace onhand
