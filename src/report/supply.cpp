// SPDX-License-Identifier: Apache-2.0
#include "onhand/report/supply.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "onhand/allocation/queries.hpp"
#include "onhand/orders/queries.hpp"
#include "onhand/purchasing/queries.hpp"

namespace onhand {

auto scheduled_receipts(const state& s, item_id item, location_id location,
                        bool include_unshipped_transfers) -> std::vector<dated_quantity> {
  if (item.index() >= s.catalog.item_count() || location.index() >= s.catalog.location_count()) {
    return {};
  }
  std::map<std::chrono::sys_days, quantity> per_day;
  for (const auto& r : purchase_receipts(s, item)) {
    if (s.catalog.is_within(r.location, location))
      per_day[std::chrono::sys_days{r.day}] += r.amount;
  }
  for (const auto& r : transfer_receipts(s, item, location, include_unshipped_transfers)) {
    per_day[std::chrono::sys_days{r.day}] += r.amount;
  }
  std::vector<dated_quantity> out;
  out.reserve(per_day.size());
  for (const auto& [day, amount] : per_day) out.push_back({date{day}, amount});
  return out;
}

namespace {

// The sites: internal locations with no internal location above them.
auto sites_of(const state& s) -> std::vector<location_id> {
  std::vector<location_id> out;
  for (std::uint32_t i = 0; i < s.catalog.location_count(); ++i) {
    const location_id id{i};
    if (s.catalog.location(id).kind != location_kind::internal) continue;
    bool under_internal = false;
    for (auto up = s.catalog.parent(id); !up.is_none(); up = s.catalog.parent(up)) {
      under_internal = under_internal || s.catalog.location(up).kind == location_kind::internal;
    }
    if (!under_internal) out.push_back(id);
  }
  return out;
}

}  // namespace

auto supply_positions(const state& s, std::span<const item_id> items,
                      std::span<const location_id> locations, timestamp now)
    -> result<std::vector<supply_position>> {
  std::vector<item_id> all_items;
  if (items.empty()) {
    for (std::uint32_t i = 0; i < s.catalog.item_count(); ++i) all_items.push_back(item_id{i});
    items = all_items;
  }
  std::vector<location_id> sites;
  if (locations.empty()) {
    sites = sites_of(s);
    locations = sites;
  }
  for (const auto item : items) {
    if (item.index() >= s.catalog.item_count()) {
      return make_error(errc::unknown_code, "unknown item id", error_context{.field = "items"});
    }
  }
  for (const auto location : locations) {
    if (location.index() >= s.catalog.location_count()) {
      return make_error(errc::unknown_code, "unknown location id",
                        error_context{.field = "locations"});
    }
  }
  // What is on its way, per item and destination: one pass over each domain.
  using per_destination = std::map<std::pair<std::uint32_t, std::uint32_t>, quantity>;
  auto add = [](quantity& sum, quantity amount) -> result<void> {
    auto total = checked_add(sum, amount);
    if (!total) return std::move(total).error();
    sum = *total;
    return {};
  };
  per_destination ordered;
  for (const auto& r : purchase_receipts(s, item_id::none())) {
    if (auto ok = add(ordered[{r.item.value, r.location.value}], r.amount); !ok) return ok.error();
  }
  per_destination shipped;
  for (const auto& r : in_transit_by_destination(s)) {
    if (auto ok = add(shipped[{r.item.value, r.destination.value}], r.amount); !ok) {
      return ok.error();
    }
  }
  // What sales-order lines hold (at the reservation's location) and lack
  // (at the order's first location), per item and location.
  per_destination allocated;
  for (const auto r : s.sales_orders.linked()) {
    const auto& held = s.reservations.at(r);
    if (!held.remaining().is_positive()) continue;
    if (auto ok = add(allocated[{held.item.value, held.location.value}], held.remaining()); !ok) {
      return ok.error();
    }
  }
  per_destination backordered;
  for (std::uint32_t id = 0; id < s.sales_orders.size(); ++id) {
    const auto& order = s.sales_orders.at(sales_order_id{id});
    for (std::uint32_t line = 0; line < order.lines.size(); ++line) {
      const auto lacks =
          s.sales_orders.line_status(sales_order_id{id}, line, s.reservations).backordered;
      if (!lacks.is_positive()) continue;
      auto& sum = backordered[{order.lines[line].item.value, order.locations.front().value}];
      if (auto ok = add(sum, lacks); !ok) return ok.error();
    }
  }
  // What `per` holds for `item` summed over the destinations within `root`.
  auto within = [&](const per_destination& per, item_id item, location_id root,
                    quantity& sum) -> result<void> {
    for (auto it = per.lower_bound({item.value, 0});
         it != per.end() && it->first.first == item.value; ++it) {
      if (!s.catalog.is_within(location_id{it->first.second}, root)) continue;
      if (auto ok = add(sum, it->second); !ok) return ok;
    }
    return {};
  };
  std::vector<supply_position> out;
  for (const auto item : items) {
    for (const auto location : locations) {
      const auto atp =
          available_to_promise(s, item, location, std::optional<std::uint32_t>{0}, now);
      supply_position row{.item = item,
                          .location = location,
                          .on_hand = atp.on_hand,
                          .quarantined = atp.quarantined,
                          .usable = atp.usable,
                          .available = std::max(quantity{}, atp.usable - atp.reserved)};
      if (auto ok = within(ordered, item, location, row.on_order); !ok) return ok.error();
      if (auto ok = within(shipped, item, location, row.in_transit); !ok) return ok.error();
      if (auto ok = within(allocated, item, location, row.allocated); !ok) return ok.error();
      if (auto ok = within(backordered, item, location, row.backordered); !ok) return ok.error();
      // Every open reservation is either an order line's (allocated) or not
      // (reserved): each counts once.
      row.reserved = atp.reserved - row.allocated;
      row.inventory_position = row.usable - atp.reserved;
      if (auto ok = add(row.inventory_position, row.on_order); !ok) return ok.error();
      if (auto ok = add(row.inventory_position, row.in_transit); !ok) return ok.error();
      if (auto ok = add(row.inventory_position, -row.backordered); !ok) return ok.error();
      const bool any = !row.on_hand.is_zero() || !row.reserved.is_zero() ||
                       !row.allocated.is_zero() || !row.backordered.is_zero() ||
                       !row.on_order.is_zero() || !row.in_transit.is_zero();
      if (any) out.push_back(row);
    }
  }
  return out;
}

}  // namespace onhand
