// SPDX-License-Identifier: Apache-2.0
// The reports' part of the inventory facade: one read of the state.
#include "inventory_impl.hpp"

namespace onhand {

auto inventory::supply_positions(std::span<const item_id> items,
                                 std::span<const location_id> locations) const
    -> result<std::vector<supply_position>> {
  const auto now = impl_->now();
  return read([&](const state& s) { return onhand::supply_positions(s, items, locations, now); });
}

}  // namespace onhand
