// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/queries.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "ledger/position_rule.hpp"

namespace onhand {
namespace {

// Rows of the given accounts in (effective, document) order; `group` says
// which rows share a running balance.
template <class Group>
auto rows_of(const state& s, const std::vector<std::uint32_t>& accounts, Group group)
    -> std::vector<history_row> {
  const auto& ledger = s.ledger;
  std::vector<history_row> rows;
  for (auto index : accounts) {
    const auto& a = ledger.account_at(index);
    for (const auto& entry : a.entries) {
      const document_id number{entry.document};
      const auto& header = ledger.document(number);
      rows.push_back(history_row{number,
                                 std::string(s.keys.key_at(header.log_position)),
                                 header.reason,
                                 header.effective(),
                                 header.recorded(),
                                 a.key.item,
                                 a.key.location,
                                 a.key.lot,
                                 entry.delta,
                                 {},
                                 header.reverses});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const history_row& x, const history_row& y) {
    return std::pair{x.effective, x.document} < std::pair{y.effective, y.document};
  });
  std::map<std::uint64_t, stock_level> running;
  for (auto& row : rows) {
    auto& level = running[group(row)];
    level += row.delta;
    row.running_balance = level;
  }
  return rows;
}

}  // namespace

auto balance(const state& s, item_id item, location_id location, lot_id lot) -> stock_level {
  return s.ledger.balance(balance_key{item, location, lot});
}

auto balance_as_of(const state& s, item_id item, location_id location, lot_id lot, timestamp at)
    -> stock_level {
  const auto index = s.ledger.find(balance_key{item, location, lot});
  return index == stock_ledger::none ? stock_level::zero() : s.ledger.balance_as_of(index, at);
}

auto on_hand(const state& s, item_id item, location_id location) -> stock_level {
  return s.ledger.total(item, location);
}

auto on_hand_as_of(const state& s, item_id item, location_id location, timestamp at)
    -> stock_level {
  auto total = stock_level::zero();
  for (auto index : s.ledger.accounts_of(item, location)) {
    total += s.ledger.balance_as_of(index, at).from_zero();
  }
  return total;
}

auto on_hand_within(const state& s, item_id item, location_id root) -> stock_level {
  if (root.index() >= s.catalog.location_count()) return stock_level::zero();
  auto total = stock_level::zero();
  for (auto location : s.catalog.subtree(root)) {
    total += s.ledger.total(item, location).from_zero();
  }
  return total;
}

auto on_hand_within_as_of(const state& s, item_id item, location_id root, timestamp at)
    -> stock_level {
  if (root.index() >= s.catalog.location_count()) return stock_level::zero();
  auto total = stock_level::zero();
  for (auto location : s.catalog.subtree(root)) {
    total += on_hand_as_of(s, item, location, at).from_zero();
  }
  return total;
}

auto balance_within(const state& s, item_id item, location_id root, lot_id lot) -> stock_level {
  if (root.index() >= s.catalog.location_count()) return stock_level::zero();
  auto total = stock_level::zero();
  for (auto location : s.catalog.subtree(root)) {
    total += s.ledger.balance(balance_key{item, location, lot}).from_zero();
  }
  return total;
}

auto balance_within_as_of(const state& s, item_id item, location_id root, lot_id lot, timestamp at)
    -> stock_level {
  if (root.index() >= s.catalog.location_count()) return stock_level::zero();
  auto total = stock_level::zero();
  for (auto location : s.catalog.subtree(root)) {
    total += balance_as_of(s, item, location, lot, at).from_zero();
  }
  return total;
}

namespace {

// The item's accounts (of one lot, or all) at physical locations, now or as
// of `at`, summed by kind.
auto totals_of(const state& s, item_id item, std::optional<lot_id> lot, std::optional<timestamp> at)
    -> item_totals {
  item_totals out{stock_level::zero(), stock_level::zero(), stock_level::zero()};
  for (auto index : s.ledger.accounts_of(item)) {
    const auto& a = s.ledger.account_at(index);
    if (lot && a.key.lot != *lot) continue;
    const auto kind = s.catalog.location(a.key.location).kind;
    if (!holds_stock(kind)) continue;
    const auto level = (at ? s.ledger.balance_as_of(index, *at) : a.on_hand).from_zero();
    (kind == location_kind::transit ? out.in_transit : out.on_hand) += level;
  }
  out.owned = out.on_hand;
  out.owned += out.in_transit.from_zero();
  return out;
}

}  // namespace

auto totals(const state& s, item_id item, std::optional<lot_id> lot) -> item_totals {
  return totals_of(s, item, lot, std::nullopt);
}

auto totals_as_of(const state& s, item_id item, timestamp at, std::optional<lot_id> lot)
    -> item_totals {
  return totals_of(s, item, lot, at);
}

namespace {

using detail::end_of;

// Whether an account has an entry effective at or before `at` (entries are
// in effective-time order).
auto moved_by(const state& s, const account& a, timestamp at) -> bool {
  return !a.entries.empty() &&
         s.ledger.document(document_id{a.entries.front().document}).effective() <= at;
}

}  // namespace

auto position(const state& s, item_id item, location_id location, date day) -> stock_position {
  const auto at = end_of(day);
  stock_position out{item, location, stock_level::zero(), {}, {}};
  // All stock at a held location is quarantined (location_definition::hold).
  const bool location_held = s.catalog.is_held(location);
  for (auto index : s.ledger.accounts_of(item, location)) {
    const auto& a = s.ledger.account_at(index);
    const auto held = s.ledger.balance_as_of(index, at).from_zero();
    out.on_hand += held;
    out.quarantined += detail::quarantined_part(s, a, location_held, held, day);
  }
  out.available = detail::available_part(out.on_hand, out.quarantined);
  return out;
}

auto positions(const state& s, item_id item, date day) -> std::vector<stock_position> {
  const auto at = end_of(day);
  std::vector<location_id> locations;
  for (auto index : s.ledger.accounts_of(item)) {
    const auto& a = s.ledger.account_at(index);
    const auto location = a.key.location;
    if (s.physical(location) && moved_by(s, a, at) &&
        std::find(locations.begin(), locations.end(), location) == locations.end()) {
      locations.push_back(location);
    }
  }
  std::sort(locations.begin(), locations.end());
  std::vector<stock_position> out;
  out.reserve(locations.size());
  for (auto location : locations) out.push_back(position(s, item, location, day));
  return out;
}

auto history(const state& s, item_id item, std::optional<location_id> location)
    -> std::vector<history_row> {
  std::vector<std::uint32_t> accounts;
  if (location) {
    const auto span = s.ledger.accounts_of(item, *location);
    accounts.assign(span.begin(), span.end());
  } else {
    for (auto index : s.ledger.accounts_of(item)) {
      if (s.physical(s.ledger.account_at(index).key.location)) accounts.push_back(index);
    }
  }
  return rows_of(s, accounts, [](const history_row&) { return std::uint64_t{0}; });
}

auto location_history(const state& s, location_id location) -> std::vector<history_row> {
  std::vector<std::uint32_t> accounts;
  for (std::size_t i = 0; i < s.catalog.item_count(); ++i) {
    const auto span = s.ledger.accounts_of(item_id{static_cast<std::uint32_t>(i)}, location);
    accounts.insert(accounts.end(), span.begin(), span.end());
  }
  return rows_of(s, accounts, [](const history_row& row) { return std::uint64_t{row.item.value}; });
}

auto name_short_lines(const state& s, const movement_document& doc, error e) -> error {
  auto& context = e.context;
  if (e.code != errc::insufficient_stock || !context.lines.empty()) return e;
  const auto& cat = s.catalog;
  const auto available = context.available.value_or(quantity{});
  for (std::size_t i = 0; i < doc.lines.size(); ++i) {
    const auto& line = doc.lines[i];
    if (line.item.index() >= cat.item_count() || line.from.index() >= cat.location_count() ||
        (!line.lot.is_none() && line.lot.index() >= cat.lot_count())) {
      continue;  // not a line of this state's catalog, so not the short account's
    }
    const std::string_view lot =
        line.lot.is_none() ? std::string_view{} : std::string_view{cat.lot(line.lot).code};
    if (cat.item(line.item).code == context.item &&
        cat.location(line.from).code == context.location && lot == context.lot) {
      context.lines.push_back(error_line{i, line.amount, available});
    }
  }
  if (context.lines.empty()) return e;
  if (!context.line) context.line = context.lines.front().line;
  if (doc.lines.size() > 1) {
    std::string named;
    for (const auto& l : context.lines) {
      named += (named.empty() ? "; line " : ", line ") + std::to_string(l.line) + " takes " +
               l.requested.to_string();
    }
    e.message += named;
  }
  return e;
}

auto find_document(const state& s, std::string_view key) -> std::optional<document_id> {
  const auto entry = s.keys.find(key);
  if (!entry || entry->domain != domain::ledger) return std::nullopt;
  return s.ledger.document_at(entry->log_position);
}

auto document_key(const state& s, document_id document) -> std::string_view {
  if (document.index() >= s.ledger.document_count()) return {};
  return s.keys.key_at(s.ledger.document(document).log_position);
}

}  // namespace onhand
