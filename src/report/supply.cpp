// SPDX-License-Identifier: Apache-2.0
#include "onhand/report/supply.hpp"

#include <chrono>
#include <map>

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

}  // namespace onhand
