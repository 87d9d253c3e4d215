// SPDX-License-Identifier: Apache-2.0
#include "onhand/orders/queries.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "onhand/state.hpp"

namespace onhand {
namespace {

// Calls f(eta, amount) for what of line `line` of `t` is still in transit,
// shipment by shipment: receipts and write-offs take from the earliest first.
template <class F>
void each_in_transit(const transfer_order& t, std::size_t line, F&& f) {
  auto gone = t.received[line] + t.written_off[line];
  for (const auto& shipment : t.shipments) {
    const auto amount = shipment.amounts[line];
    const auto taken = std::min(amount, gone);
    gone -= taken;
    if (amount > taken) f(shipment.eta, amount - taken);
  }
}

}  // namespace

auto open_transfers(const state& s) -> std::vector<transfer_id> {
  std::vector<transfer_id> out;
  out.reserve(s.transfers.open_ids().size());
  for (const auto id : s.transfers.open_ids()) out.push_back(transfer_id{id});
  return out;
}

auto in_transit_by_destination(const state& s, std::optional<item_id> item,
                               std::optional<location_id> destination)
    -> std::vector<in_transit_row> {
  std::map<std::tuple<std::uint32_t, std::uint32_t, timestamp>, quantity> sums;
  for (const auto id : s.transfers.open_ids()) {
    const auto& t = s.transfers.at(transfer_id{id});
    if (destination && t.destination != *destination) continue;
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
      if (item && t.lines[i].item != *item) continue;
      each_in_transit(t, i, [&](timestamp eta, quantity amount) {
        sums[{t.lines[i].item.value, t.destination.value, eta}] += amount;
      });
    }
  }
  std::vector<in_transit_row> out;
  out.reserve(sums.size());
  for (const auto& [key, amount] : sums) {
    out.push_back(
        {item_id{std::get<0>(key)}, location_id{std::get<1>(key)}, std::get<2>(key), amount});
  }
  return out;
}

auto transfer_receipts(const state& s, item_id item, location_id location, bool include_unshipped)
    -> std::vector<dated_quantity> {
  std::map<std::chrono::sys_days, quantity> per_day;
  const auto add = [&](timestamp eta, quantity amount) {
    per_day[std::chrono::floor<std::chrono::days>(eta)] += amount;
  };
  for (const auto id : s.transfers.open_ids()) {
    const auto& t = s.transfers.at(transfer_id{id});
    if (location.index() >= s.catalog.location_count() ||
        !s.catalog.is_within(t.destination, location)) {
      continue;
    }
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
      if (t.lines[i].item != item) continue;
      each_in_transit(t, i, add);
      if (include_unshipped && t.unshipped(i).is_positive()) add(t.eta, t.unshipped(i));
    }
  }
  std::vector<dated_quantity> out;
  out.reserve(per_day.size());
  for (const auto& [day, amount] : per_day) out.push_back({date{day}, amount});
  return out;
}

}  // namespace onhand
