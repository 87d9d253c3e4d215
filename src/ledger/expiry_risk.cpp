// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/expiry_risk.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace onhand {

auto expiry_risk(const state& s, const expiry_risk_options& options)
    -> result<std::vector<expiry_risk_row>> {
  const auto& c = s.catalog;
  if (options.within_days < 0) {
    return make_error(
        errc::invalid_parameter,
        "expiry risk: within_days must be 0 or more, not " + std::to_string(options.within_days),
        error_context{.field = "within_days"});
  }
  const auto& root = options.location;
  if (!root.is_none() && root.index() >= c.location_count()) {
    return make_error(errc::unknown_code,
                      "expiry risk: location id " + std::to_string(root.value) + " is not defined",
                      error_context{.field = "location"});
  }
  // Which locations count: one flag per location, so each account costs one
  // load to judge.
  std::vector<bool> counted(c.location_count(), root.is_none());
  if (!root.is_none()) {
    for (auto location : c.subtree(root)) counted[location.index()] = true;
  }
  const auto on = std::chrono::sys_days{options.on};
  const auto end_of_day = start_of(date{on + std::chrono::days{1}}) - std::chrono::microseconds{1};

  std::vector<expiry_risk_row> rows;
  for (std::size_t index = 0; index < s.ledger.account_count(); ++index) {
    const auto& a = s.ledger.account_at(static_cast<std::uint32_t>(index));
    const auto& key = a.key;
    if (key.lot.is_none() || !counted[key.location.index()] || !s.physical(key.location)) {
      continue;
    }
    const auto& lot = c.lot(key.lot);
    if (!lot.expiry) continue;
    const auto days = static_cast<int>((std::chrono::sys_days{*lot.expiry} - on).count());
    if (days > options.within_days) continue;
    const auto held =
        s.ledger.balance_as_of(static_cast<std::uint32_t>(index), end_of_day).from_zero();
    if (!held.is_positive()) continue;
    expiry_risk_row row{key.item, key.lot,    key.location, *lot.expiry, days,
                        days < 0, lot.status, held,         std::nullopt};
    if (options.unit_cost) {
      if (const auto cost = options.unit_cost(key.item)) {
        auto value = extend(held, *cost);
        if (!value) return std::move(value).error();
        row.value = *value;
      }
    }
    rows.push_back(std::move(row));
  }
  const auto order = [&](const expiry_risk_row& r) {
    return std::tuple(std::chrono::sys_days{r.expiry}, std::string_view(c.item(r.item).code),
                      std::string_view(c.location(r.location).code),
                      std::string_view(c.lot(r.lot).code));
  };
  std::sort(rows.begin(), rows.end(), [&](const expiry_risk_row& x, const expiry_risk_row& y) {
    return order(x) < order(y);
  });
  return rows;
}

}  // namespace onhand
