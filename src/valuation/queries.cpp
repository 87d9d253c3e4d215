// SPDX-License-Identifier: Apache-2.0
#include "onhand/valuation/queries.hpp"

#include <map>

#include "onhand/ledger/queries.hpp"
#include "onhand/state.hpp"

namespace onhand {
namespace {

auto value_at(const item_valuation& v, location_id location) -> stock_value {
  const auto* l = v.at(location);
  return l == nullptr ? stock_value{} : stock_value{l->on_hand(), l->value()};
}

auto unit_cost_of(const stock_value& v) -> money {
  if (v.on_hand.is_zero()) return money{};
  money::rep numerator = v.value.raw() * money::rep{quantity::scale};
  money::rep denominator{v.on_hand.raw()};
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  return money::from_raw(detail::divide_rounded(numerator, denominator, rounding::half_even));
}

// The item valued as of `at`. When every entry of its timeline is due by
// then, that is its current valuation, read in place; otherwise it is
// valued again up to `at` into `scratch` (with a copy of its journal).
auto valued_as_of(const state& s, item_id item, timestamp at, item_valuation& scratch)
    -> const item_valuation& {
  const auto& h = s.valuation.history(item);
  const bool all_due = (h.movements.empty() || !(at < h.movements.back().effective)) &&
                       (h.costing.empty() || !(at < h.costing.back().effective));
  if (all_due) return s.valuation.current(item);
  scratch = s.valuation.as_of(item, at);
  return scratch;
}

auto passes(const value_filter& filter, item_id item) -> bool {
  return !filter.item || *filter.item == item;
}

// Calls f(change) for every journal entry that passes `filter`, effective in [from, to).
template <class F>
void each_change(const state& s, timestamp from, timestamp to, const value_filter& filter, F&& f) {
  for (std::size_t i = 0; i < s.valuation.item_slots(); ++i) {
    const item_id item{static_cast<std::uint32_t>(i)};
    if (!passes(filter, item)) continue;
    for (const auto& change : s.valuation.current(item).journal) {
      if (change.effective < from || !(change.effective < to)) continue;
      if (filter.location && change.location != *filter.location) continue;
      f(change);
    }
  }
}

// The sum of select(change) over the changes each_change visits.
template <class Select>
auto sum_journal(const state& s, timestamp from, timestamp to, const value_filter& filter,
                 Select&& select) -> money {
  money::rep total = 0;
  each_change(s, from, to, filter, [&](const value_change& c) { total += select(c); });
  return money::from_raw(total);
}

}  // namespace

auto stock_value_of(const state& s, item_id item, location_id location) -> stock_value {
  return value_at(s.valuation.current(item), location);
}

auto stock_value_as_of(const state& s, item_id item, location_id location, timestamp at)
    -> stock_value {
  item_valuation scratch;
  return value_at(valued_as_of(s, item, at, scratch), location);
}

auto valuation_report(const state& s, timestamp at) -> std::vector<valuation_row> {
  std::vector<valuation_row> rows;
  item_valuation scratch;
  for (std::size_t i = 0; i < s.catalog.item_count(); ++i) {
    const item_id item{static_cast<std::uint32_t>(i)};
    const auto& definition = s.catalog.item(item);
    const auto category = definition.attributes.find("category");
    const auto& v = valued_as_of(s, item, at, scratch);
    // Every physical location the ledger or the layers know for the item.
    std::map<location_id, bool> places;
    for (const auto& l : v.locations) places[l.location] = true;
    for (const auto account : s.ledger.accounts_of(item)) {
      const auto location = s.ledger.account_at(account).key.location;
      if (s.physical(location)) places[location] = true;
    }
    for (const auto& [location, known] : places) {
      const auto value = value_at(v, location);
      const auto ledger = on_hand_as_of(s, item, location, at).from_zero();
      if (value.on_hand.is_zero() && value.value.is_zero() && ledger.is_zero()) continue;
      rows.push_back(valuation_row{
          .item = item,
          .location = location,
          .category = category == definition.attributes.end() ? std::string{} : category->second,
          .on_hand = value.on_hand,
          .ledger_on_hand = ledger,
          .value = value.value,
          .unit_cost = unit_cost_of(value),
          .method = v.method});
    }
  }
  return rows;
}

auto cost_of_goods_sold(const state& s, timestamp from, timestamp to, const value_filter& filter)
    -> money {
  return sum_journal(s, from, to, filter, [](const value_change& c) -> money::rep {
    const bool cost = c.kind == value_change_kind::issue ||
                      c.kind == value_change_kind::negative_stock_correction;
    return cost ? money::rep{-c.value.raw()} : money::rep{0};
  });
}

auto purchase_price_variance(const state& s, timestamp from, timestamp to,
                             const value_filter& filter) -> money {
  return sum_journal(s, from, to, filter, [](const value_change& c) -> money::rep {
    return c.kind == value_change_kind::purchase_price_variance ? c.value.raw() : money::rep{0};
  });
}

auto value_changes(const state& s, timestamp from, timestamp to, const value_filter& filter)
    -> std::vector<value_change> {
  std::vector<value_change> out;
  each_change(s, from, to, filter, [&](const value_change& c) { out.push_back(c); });
  return out;
}

}  // namespace onhand
