// SPDX-License-Identifier: Apache-2.0
#include "onhand/ledger/stock_ledger.hpp"

#include <algorithm>
#include <map>

#include "onhand/state.hpp"

namespace onhand {
namespace {

auto pack(item_id item, location_id location) -> detail::item_location_key {
  return {detail::item_location_bits(item, location)};
}

}  // namespace

auto stock_ledger::first_after(const account& a, std::int64_t at_us) const -> std::size_t {
  // Entries are sorted by effective time; most queries are about the recent
  // past, so search from the end.
  const auto it = std::upper_bound(a.entries.begin(), a.entries.end(), at_us,
                                   [&](std::int64_t t, const ledger_entry& e) {
                                     return t < documents_[e.document].effective_us;
                                   });
  return static_cast<std::size_t>(it - a.entries.begin());
}

auto stock_ledger::balance_as_of(std::uint32_t account_index, timestamp at) const -> stock_level {
  const auto& a = accounts_[account_index];
  const auto from = first_after(a, at.time_since_epoch().count());
  auto level = a.on_hand;
  for (auto i = a.entries.size(); i > from; --i) level -= a.entries[i - 1].delta;
  return level;
}

auto stock_ledger::lowest_balance_from(std::uint32_t account_index, timestamp from) const
    -> stock_level {
  const auto& a = accounts_[account_index];
  // The common case: nothing in the account is effective after `from`.
  if (a.latest_effective_us <= from.time_since_epoch().count()) return a.on_hand;
  // A document is one instant: only the balance after the last of its
  // entries counts (its entries in one account are adjacent), as verify()
  // judges it; a document that draws on stock it brings itself never dips.
  const auto first = first_after(a, from.time_since_epoch().count());
  const auto& entries = a.entries;
  auto level = a.on_hand;
  auto lowest = level;
  for (auto i = entries.size(); i > first; --i) {
    level -= entries[i - 1].delta;  // the balance before entry i - 1
    if (i - 1 == first || entries[i - 2].document != entries[i - 1].document) {
      lowest = std::min(lowest, level);
    }
  }
  return lowest;
}

auto stock_ledger::total(item_id item, location_id location) const noexcept -> stock_level {
  const auto index = item_locations_index_.find(pack(item, location));
  return index == none ? stock_level::zero() : item_locations_[index].total;
}

auto stock_ledger::accounts_of(item_id item, location_id location) const
    -> std::span<const std::uint32_t> {
  const auto index = item_locations_index_.find(pack(item, location));
  if (index == none) return {};
  return item_locations_[index].accounts;
}

auto stock_ledger::accounts_of(item_id item) const -> std::span<const std::uint32_t> {
  if (item.index() >= item_accounts_.size()) return {};
  return item_accounts_[item.index()];
}

auto stock_ledger::document_reference(document_id id) const -> const onhand::document_reference& {
  static const onhand::document_reference empty;
  auto found = references_.find(id.value);
  return found == references_.end() ? empty : found->second;
}

auto stock_ledger::document_at(std::uint64_t log_position) const -> std::optional<document_id> {
  // A recent document: as many places from the last one as its event is
  // from the last document's, when every event between them is a document
  // (what every commit, and every document of a batch, asks for).
  if (!documents_.empty() && log_position <= documents_.back().log_position) {
    const auto distance = documents_.back().log_position - log_position;
    if (distance < documents_.size()) {
      const auto guess = documents_.size() - 1 - distance;
      if (documents_[guess].log_position == log_position) {
        return document_id{static_cast<std::uint32_t>(guess)};
      }
    }
  }
  // Documents are appended in log order, so their positions are sorted.
  const auto it = std::lower_bound(
      documents_.begin(), documents_.end(), log_position,
      [](const document_header& h, std::uint64_t at) { return h.log_position < at; });
  if (it == documents_.end() || it->log_position != log_position) return std::nullopt;
  return document_id{static_cast<std::uint32_t>(it - documents_.begin())};
}

auto stock_ledger::item_location_for(item_id item, location_id location) -> item_location& {
  const auto packed = pack(item, location);
  auto index = item_locations_index_.find(packed);
  if (index == none) {
    index = static_cast<std::uint32_t>(item_locations_.size());
    item_locations_.push_back(item_location{balance_key{item, location}, stock_level::zero(), {}});
    item_locations_index_.insert(packed, index);
  }
  return item_locations_[index];
}

auto stock_ledger::account_slot_for(const balance_key& key) -> account_slot& {
  if (auto* slot = accounts_index_.find_slot(key)) return *slot;
  const auto index = static_cast<std::uint32_t>(accounts_.size());
  auto& roll_up = item_location_for(key.item, key.location);
  roll_up.accounts.push_back(index);
  const auto roll_up_index = static_cast<std::uint32_t>(&roll_up - item_locations_.data());
  accounts_.push_back(account{key, stock_level::zero(), {}, roll_up_index, INT64_MIN});
  accounts_index_.insert(key, index, stock_level::zero());
  if (item_accounts_.size() <= key.item.index()) item_accounts_.resize(key.item.index() + 1);
  item_accounts_[key.item.index()].push_back(index);
  return *accounts_index_.find_slot(key);
}

void stock_ledger::apply(const lot_defined&, const state&) { serial_in_stock_.emplace_back(); }

void stock_ledger::apply(const posting_ref& posted, const state& s) {
  const auto& doc = *posted.document;
  const auto& stamp = *posted.stamp;
  const auto positions = posted.slots;
  // Positions are only usable if every account exists: creating one may
  // grow the index and move its slots.
  const bool positioned = positions.size() == 2 * doc.lines.size() &&
                          std::find(positions.begin(), positions.end(), npos) == positions.end();
  const auto number = static_cast<std::uint32_t>(documents_.size());
  document_header header;
  header.effective_us = stamp.effective.time_since_epoch().count();
  header.recorded_us = stamp.recorded.time_since_epoch().count();
  header.log_position = s.log_position;
  header.reverses = stamp.reverses;
  header.line_count = static_cast<std::uint32_t>(doc.lines.size());
  header.reason = doc.reason;
  documents_.push_back(header);
  if (!stamp.reverses.is_none()) {
    documents_[stamp.reverses.index()].reversed_by = document_id{number};
  }
  const auto& reference = doc.reference;
  if (!reference.external_document.empty() || !reference.external_line.empty() ||
      !reference.note.empty()) {
    references_.emplace(number, reference);
  }

  // One probe per entry: the slot gives the account, and carries the copy
  // of its balance that lookups read.
  std::size_t entry_index = 0;
  auto post_entry = [&](const balance_key& key, quantity delta) {
    auto& slot =
        positioned ? accounts_index_.slot_at(positions[entry_index]) : account_slot_for(key);
    ONHAND_ASSERT(slot.key == key, "a stale slot position");
    ++entry_index;
    auto& a = accounts_[slot.value];
    const ledger_entry entry{number, delta};
    if (a.latest_effective_us <= header.effective_us) {
      a.entries.push_back(entry);
      a.latest_effective_us = header.effective_us;
    } else {
      // Back-dated: after every entry effective at or before it.
      const auto at = static_cast<std::ptrdiff_t>(first_after(a, header.effective_us));
      a.entries.insert(a.entries.begin() + at, entry);
    }
    a.on_hand += delta;
    slot.payload = a.on_hand;
    item_locations_[a.item_location].total += delta;
  };
  for (const auto& line : doc.lines) {
    post_entry(balance_key{line.item, line.from, line.lot}, -line.amount);
    post_entry(balance_key{line.item, line.to, line.lot}, line.amount);
    if (!s.catalog.item(line.item).serial_tracked) continue;
    auto& in_stock = serial_in_stock_[line.lot.index()];
    if (s.physical(line.from)) in_stock -= line.amount;
    if (s.physical(line.to)) in_stock += line.amount;
  }
}

auto stock_ledger::check_invariants(const state& s) const -> result<void> {
  auto failure = [](const std::string& what) {
    return make_error(errc::store_failure, "verify: " + what);
  };
  // Conservation: per item and lot, the sum over all locations is zero.
  std::map<std::pair<std::uint32_t, std::uint32_t>, quantity> sums;
  for (const auto& a : accounts_) {
    sums[{a.key.item.value, a.key.lot.value}] += a.on_hand.from_zero();
    // Non-negativity at every point in time, where the policy requires it.
    // A document is one instant: its entries in one account are adjacent
    // (same effective time, same document), and only the balance after the
    // last of them counts, as when it was posted.
    if (s.may_go_negative(a.key.location)) continue;
    auto level = stock_level::zero();
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
      level += a.entries[i].delta;
      const bool last_of_document =
          i + 1 == a.entries.size() || a.entries[i + 1].document != a.entries[i].document;
      if (last_of_document && level.is_negative()) {
        return failure("'" + s.catalog.item(a.key.item).code + "' at '" +
                       s.catalog.location(a.key.location).code + "' goes negative");
      }
    }
  }
  for (const auto& [key, sum] : sums) {
    if (!sum.is_zero()) {
      return failure("item '" + s.catalog.item(item_id{key.first}).code +
                     "' does not sum to zero over all locations");
    }
  }
  // A serial number is in stock at one place at most.
  for (std::size_t lot = 0; lot < serial_in_stock_.size(); ++lot) {
    if (serial_in_stock_[lot] > quantity::units(1)) {
      return failure("serial '" + s.catalog.lot(lot_id{static_cast<std::uint32_t>(lot)}).code +
                     "' is in stock " + serial_in_stock_[lot].to_string() + " times");
    }
  }
  return {};
}

auto stock_ledger::memory_bytes() const -> std::size_t {
  std::size_t bytes = accounts_.capacity() * sizeof(account) + accounts_index_.memory_bytes() +
                      item_locations_.capacity() * sizeof(item_location) +
                      item_locations_index_.memory_bytes() +
                      documents_.capacity() * sizeof(document_header) +
                      serial_in_stock_.capacity() * sizeof(quantity);
  for (const auto& a : accounts_) bytes += a.entries.capacity() * sizeof(ledger_entry);
  for (const auto& il : item_locations_) bytes += il.accounts.capacity() * sizeof(std::uint32_t);
  for (const auto& ia : item_accounts_) bytes += ia.capacity() * sizeof(std::uint32_t);
  return bytes;
}

auto operator==(const stock_ledger& a, const stock_ledger& b) -> bool {
  if (a.accounts_ != b.accounts_ || a.documents_ != b.documents_ ||
      a.references_ != b.references_ || a.serial_in_stock_ != b.serial_in_stock_) {
    return false;
  }
  if (a.item_locations_.size() != b.item_locations_.size()) return false;
  for (std::size_t i = 0; i < a.item_locations_.size(); ++i) {
    const auto& x = a.item_locations_[i];
    const auto& y = b.item_locations_[i];
    if (!(x.key == y.key) || x.total != y.total || x.accounts != y.accounts) return false;
  }
  for (const auto* ledger : {&a, &b}) {
    for (const auto& x : ledger->accounts_) {
      const auto* slot = ledger->accounts_index_.find_slot(x.key);
      if (slot == nullptr || slot->payload != x.on_hand) return false;  // the copy drifted
    }
  }
  return a.item_accounts_ == b.item_accounts_;
}

}  // namespace onhand
