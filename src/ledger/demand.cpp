// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/demand.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <unordered_map>

#include "onhand/ledger/queries.hpp"

#include "ledger/position_rule.hpp"

namespace onhand {
namespace {

// Locations a caller chose, as a membership flag and a rank per location id.
struct chosen_locations {
  std::vector<location_id> ids;
  std::vector<std::int32_t> rank;  // per location index; -1: not chosen

  [[nodiscard]] auto has(location_id id) const -> bool { return rank[id.index()] >= 0; }
};

auto choose(const state& s, std::span<const location_id> given, location_kind kind,
            const char* field) -> result<chosen_locations> {
  const auto count = s.catalog.location_count();
  chosen_locations out{{}, std::vector<std::int32_t>(count, -1)};
  auto add = [&](location_id id) {
    if (out.rank[id.index()] >= 0) return;
    out.rank[id.index()] = static_cast<std::int32_t>(out.ids.size());
    out.ids.push_back(id);
  };
  if (given.empty()) {
    for (std::uint32_t i = 0; i < count; ++i) {
      if (s.catalog.location(location_id{i}).kind == kind) add(location_id{i});
    }
    return out;
  }
  for (const auto id : given) {
    if (id.index() >= count) {
      return make_error(errc::unknown_code, std::string("unknown location id in ") + field,
                        error_context{.field = field});
    }
    const auto& l = s.catalog.location(id);
    if (l.kind != kind) {
      return make_error(errc::invalid_location,
                        std::string(field) + ": '" + l.code + "' is a " +
                            std::string(name_of(l.kind)) + " location, not " +
                            std::string(name_of(kind)),
                        error_context{.location = l.code, .field = field});
    }
    add(id);
  }
  return out;
}

// What one document took to customers and from which physical locations.
struct shipped {
  std::int64_t to_customers = 0;                              // raw, signed: into the customers
  std::int32_t day = 0;                                       // day index in the window
  std::vector<std::pair<location_id, std::int64_t>> sources;  // raw, out of each
};

}  // namespace

auto daily_demand(const state& s, date first, date last, std::span<const location_id> locations,
                  std::span<const location_id> customers) -> result<demand_table> {
  using std::chrono::sys_days;
  if (sys_days{last} < sys_days{first}) {
    return make_error(errc::invalid_parameter, "the last day is before the first",
                      error_context{.field = "last"});
  }
  const auto span = (sys_days{last} - sys_days{first}).count() + 1;
  if (span > demand_days_max) {
    return make_error(errc::invalid_parameter,
                      "a demand table spans at most " + std::to_string(demand_days_max) + " days",
                      error_context{.field = "last"});
  }
  auto wanted = choose(s, locations, location_kind::internal, "locations");
  if (!wanted) return std::move(wanted).error();
  auto buyers = choose(s, customers, location_kind::customer, "customers");
  if (!buyers) return std::move(buyers).error();

  demand_table out;
  out.first = first;
  out.days = static_cast<std::int32_t>(span);
  const auto days = static_cast<std::size_t>(span);
  const auto& ledger = s.ledger;
  auto day_index = [&](std::int64_t effective_us) {
    const auto at = timestamp{std::chrono::microseconds{effective_us}};
    return static_cast<std::int64_t>((sys_days{date_of(at)} - sys_days{first}).count());
  };
  auto effective_of = [&](const ledger_entry& e) {
    return ledger.document(document_id{e.document}).effective_us;
  };

  std::unordered_map<std::uint32_t, shipped> shipments;
  std::vector<std::int32_t> row_of(s.catalog.location_count(), -1);
  for (std::uint32_t i = 0; i < s.catalog.item_count(); ++i) {
    const item_id item{i};
    const auto accounts = ledger.accounts_of(item);
    // 1. What each document effective in the window (a reversal: whose
    //    original is) brought to the customers.
    shipments.clear();
    auto earliest = INT64_MAX;
    for (const auto index : accounts) {
      const auto& a = ledger.account_at(index);
      if (!buyers->has(a.key.location)) continue;
      for (const auto& e : a.entries) {
        const auto& header = ledger.document(document_id{e.document});
        const auto& original =
            header.reverses.is_none() ? header : ledger.document(header.reverses);
        const auto day = day_index(original.effective_us);
        if (day < 0 || day >= span) continue;
        auto& shipped = shipments[e.document];
        shipped.to_customers += e.delta.raw();
        shipped.day = static_cast<std::int32_t>(day);
        earliest = std::min(earliest, header.effective_us);
      }
    }
    // 2. Where those documents took the goods from: the physical accounts'
    //    entries on the side the goods left.
    if (!shipments.empty()) {
      for (const auto index : accounts) {
        const auto& a = ledger.account_at(index);
        if (!s.physical(a.key.location)) continue;
        const auto from =
            std::partition_point(a.entries.begin(), a.entries.end(),
                                 [&](const ledger_entry& e) { return effective_of(e) < earliest; });
        for (auto it = from; it != a.entries.end(); ++it) {
          const auto found = shipments.find(it->document);
          if (found == shipments.end()) continue;
          auto& shipped = found->second;
          const auto out_of = shipped.to_customers > 0 ? -it->delta.raw() : it->delta.raw();
          if (out_of <= 0) continue;
          auto source = std::find_if(shipped.sources.begin(), shipped.sources.end(),
                                     [&](const auto& p) { return p.first == a.key.location; });
          if (source == shipped.sources.end()) {
            shipped.sources.emplace_back(a.key.location, 0);
            source = std::prev(shipped.sources.end());
          }
          source->second -= it->delta.raw();
        }
      }
    }
    // 3. The item's rows: its positions on the last day and its demand.
    std::vector<location_id> at;
    for (const auto& p : positions(s, item, last)) {
      if (wanted->has(p.location)) at.push_back(p.location);
    }
    for (const auto& [document, shipped] : shipments) {
      for (const auto& [location, amount] : shipped.sources) {
        if (wanted->has(location)) at.push_back(location);
      }
    }
    std::sort(at.begin(), at.end(), [&](location_id a, location_id b) {
      return wanted->rank[a.index()] < wanted->rank[b.index()];
    });
    at.erase(std::unique(at.begin(), at.end()), at.end());
    const auto first_row = out.items.size();
    for (const auto location : at) {
      row_of[location.index()] = static_cast<std::int32_t>(out.items.size());
      out.items.push_back(item);
      out.locations.push_back(location);
    }
    out.demand.resize(out.items.size() * days, 0.0);
    out.stocked_out.resize(out.items.size() * days, 0);
    for (const auto& [document, shipped] : shipments) {
      std::int64_t total = 0;
      for (const auto& source : shipped.sources) total += source.second;
      if (total == 0) continue;
      const auto units = static_cast<double>(shipped.to_customers) / quantity::scale;
      for (const auto& [location, amount] : shipped.sources) {
        if (!wanted->has(location)) continue;
        const auto share = shipped.sources.size() == 1
                               ? units
                               : units * static_cast<double>(amount) / static_cast<double>(total);
        const auto row = static_cast<std::size_t>(row_of[location.index()]);
        out.demand[row * days + static_cast<std::size_t>(shipped.day)] += share;
      }
    }
    // 4. Stock-out days: each row's position at the end of every day, by the
    //    rule of onhand::position, from day-end balances walked back from now.
    std::vector<stock_level> on_hand(days);
    std::vector<quantity> quarantined(days);
    for (auto row = first_row; row < out.items.size(); ++row) {
      const auto location = out.locations[row];
      const bool location_held = s.catalog.is_held(location);
      std::fill(on_hand.begin(), on_hand.end(), stock_level::zero());
      std::fill(quarantined.begin(), quarantined.end(), quantity{});
      for (const auto index : ledger.accounts_of(item, location)) {
        const auto& a = ledger.account_at(index);
        auto level = a.on_hand;
        auto next = a.entries.size();
        for (auto d = days; d-- > 0;) {
          const auto day = date{sys_days{first} + std::chrono::days{static_cast<int>(d)}};
          const auto end = detail::end_of(day).time_since_epoch().count();
          while (next > 0 && effective_of(a.entries[next - 1]) > end) {
            level -= a.entries[--next].delta;
          }
          on_hand[d] += level.from_zero();
          quarantined[d] += detail::quarantined_part(s, a, location_held, level.from_zero(), day);
        }
      }
      for (std::size_t d = 0; d < days; ++d) {
        out.stocked_out[row * days + d] =
            detail::available_part(on_hand[d], quarantined[d]).is_positive() ? 0 : 1;
      }
    }
    for (const auto location : at) row_of[location.index()] = -1;
  }
  return out;
}

}  // namespace onhand
