// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/reservations.hpp"

#include <algorithm>

#include "onhand/state.hpp"

namespace onhand {
namespace {

auto inconsistent_reservations(std::string what) -> error {
  return make_error(errc::store_failure, "reservations: " + std::move(what));
}

}  // namespace

auto name_of(reservation_status status) noexcept -> std::string_view {
  switch (status) {
    case reservation_status::open:
      return "open";
    case reservation_status::committed:
      return "committed";
    case reservation_status::released:
      return "released";
    case reservation_status::lapsed:
      return "lapsed";
  }
  return "unknown";
}

auto reservation_book::find(std::string_view key) const -> std::optional<reservation_id> {
  const auto found = by_key_.find(key);
  if (found == by_key_.end()) return std::nullopt;
  return reservation_id{found->second};
}

auto reservation_book::find_channel(std::string_view name) const -> std::optional<std::uint32_t> {
  const auto found = channel_index_.find(name);
  if (found == channel_index_.end()) return std::nullopt;
  return found->second;
}

auto reservation_book::reserved_within(item_id item, location_id location) const -> quantity {
  const auto* totals = totals_within(item, location);
  return totals == nullptr ? quantity{} : totals->reserved;
}

auto reservation_book::reserved_within(item_id item, location_id location,
                                       std::uint32_t channel) const -> quantity {
  const auto found = within_channel_.find({item, location, channel});
  return found == within_channel_.end() ? quantity{} : found->second;
}

auto reservation_book::quotas_of(item_id item) const -> std::span<const channel_quota> {
  const auto found = quotas_.find(item.value);
  if (found == quotas_.end()) return {};
  return found->second;
}

auto reservation_book::any_open(item_id item) const -> bool {
  const auto found = open_per_item_.find(item.value);
  return found != open_per_item_.end() && found->second > 0;
}

auto reservation_book::expiring_by(timestamp at) const -> std::vector<reservation_id> {
  std::vector<reservation_id> out;
  const auto end = expiring_.upper_bound(at.time_since_epoch().count());
  for (auto it = expiring_.begin(); it != end; ++it) out.push_back(reservation_id{it->second});
  return out;
}

auto reservation_book::channel_of(std::string_view name) -> std::uint32_t {
  if (auto found = find_channel(name)) return *found;
  const auto index = static_cast<std::uint32_t>(channels_.size());
  channels_.emplace_back(name);
  channel_index_.emplace(std::string(name), index);
  return index;
}

auto reservation_book::place_of(item_id item, location_id location, const state& s)
    -> std::uint32_t {
  const auto key = detail::item_location_bits(item, location);
  if (const auto found = place_index_.find(key); found != place_index_.none) return found;
  const auto parent = s.catalog.parent(location);
  const auto up = parent.is_none() ? place_index_.none : place_of(item, parent, s);
  const auto index = static_cast<std::uint32_t>(places_.size());
  places_.push_back({.key = key, .up = up});
  place_index_.insert(key, index);
  return index;
}

void reservation_book::hold(const reservation& r, quantity delta, const state& s) {
  change_up(r.item, r.location, s, [&](place_totals& totals) { totals.reserved += delta; });
  if (r.channel == 0) return;
  for (auto at = r.location; !at.is_none(); at = s.catalog.parent(at)) {
    const channel_key key{r.item, at, r.channel};
    auto& by_channel = within_channel_[key];
    by_channel += delta;
    if (by_channel.is_zero()) within_channel_.erase(key);
  }
}

void reservation_book::resolve(std::uint32_t id, quantity amount, quantity reservation::*part,
                               reservation_status final_status, const state& s) {
  auto& r = reservations_.at(id);
  r.*part += amount;
  hold(r, -amount, s);
  if (r.remaining().is_zero()) {
    r.status = final_status;
    if (--open_per_item_[r.item.value] == 0) open_per_item_.erase(r.item.value);
    if (r.expires) {
      auto [first, last] = expiring_.equal_range(r.expires->time_since_epoch().count());
      for (auto it = first; it != last; ++it) {
        if (it->second == id) {
          expiring_.erase(it);
          break;
        }
      }
    }
  }
}

void reservation_book::apply(const reservation_made& e, const state& s) {
  const auto id = static_cast<std::uint32_t>(reservations_.size());
  reservation r;
  r.key = e.key;
  r.item = e.item;
  r.location = e.location;
  r.amount = e.amount;
  r.channel = channel_of(e.channel);
  r.customer = e.customer;
  r.expires = e.expires;
  r.recorded = e.recorded;
  hold(r, r.amount, s);
  by_key_.emplace(r.key, id);
  ++open_per_item_[r.item.value];
  if (r.expires) expiring_.emplace(r.expires->time_since_epoch().count(), id);
  reservations_.push_back(std::move(r));
}

void reservation_book::apply(const reservation_committed& e, const state& s) {
  resolve(e.reservation.value, e.amount, &reservation::committed, reservation_status::committed, s);
}

void reservation_book::apply(const reservation_released& e, const state& s) {
  resolve(e.reservation.value, e.amount, &reservation::released, reservation_status::released, s);
}

void reservation_book::apply(const reservation_clock_set& e, const state& s) {
  for (auto id : expiring_by(e.at)) {
    const auto held = reservations_.at(id.index()).remaining();
    resolve(id.value, held, &reservation::lapsed, reservation_status::lapsed, s);
  }
  clock_ = e.at;
}

void reservation_book::apply(const channel_quota_set& e, const state& s) {
  const auto channel = channel_of(e.channel);
  auto& quotas = quotas_[e.item.value];
  const auto same_place = [&](const channel_quota& q) {
    return q.location == e.location && q.channel == channel;
  };
  const auto found = std::find_if(quotas.begin(), quotas.end(), same_place);
  const auto count = [&](std::int32_t delta) {
    change_up(e.item, e.location, s,
              [&](place_totals& totals) { totals.quotas += static_cast<std::uint32_t>(delta); });
  };
  if (e.value.is_zero()) {
    if (found != quotas.end()) {
      quotas.erase(found);
      count(-1);
    }
    if (quotas.empty()) quotas_.erase(e.item.value);
    return;
  }
  const channel_quota quota{e.item, e.location, channel, e.kind, e.value};
  if (found != quotas.end()) {
    *found = quota;
  } else {
    quotas.push_back(quota);
    count(1);
  }
}

void reservation_book::count_stock(item_id item, lot_id lot, location_id location,
                                   std::int64_t effective_us, const state& s) {
  if (!s.physical(location)) return;
  auto index = place_of(item, location, s);
  auto change = quantity{};
  auto settled_from_us = INT64_MAX;
  if (lot.is_none()) {
    auto& here = places_[index];
    const auto own = std::max(s.ledger.balance({item, location}).from_zero(), quantity{});
    change = own - here.own_usable;
    here.own_usable = own;
    settled_from_us = effective_us;
  }
  // A location's settled_from is at least that of every one below it: once
  // nothing changes at a level, nothing changes above it. Stock at a held
  // location is never usable; whether a location is held never changes.
  const auto total =
      s.catalog.is_held(location) ? &place_totals::held_settled : &place_totals::usable_settled;
  for (; index != place_index_.none; index = places_[index].up) {
    auto& totals = places_[index].totals;
    if (change.is_zero() && totals.settled_from_us >= settled_from_us) break;
    totals.*total += change;
    totals.settled_from_us = std::max(totals.settled_from_us, settled_from_us);
  }
}

void reservation_book::apply(const posting_ref& posted, const state& s) {
  const auto effective_us = posted.stamp->effective.time_since_epoch().count();
  for (const auto& line : posted.document->lines) {
    count_stock(line.item, line.lot, line.from, effective_us, s);
    count_stock(line.item, line.lot, line.to, effective_us, s);
  }
}

auto operator==(const reservation_book& a, const reservation_book& b) -> bool {
  return a.reservations_ == b.reservations_ && a.by_key_ == b.by_key_ &&
         a.channels_ == b.channels_ && a.channel_index_ == b.channel_index_ &&
         a.places_ == b.places_ && a.within_channel_ == b.within_channel_ &&
         a.open_per_item_ == b.open_per_item_ && a.quotas_ == b.quotas_ &&
         a.expiring_ == b.expiring_ && a.clock_ == b.clock_;
}

auto reservation_book::check_invariants(const state& s) const -> result<void> {
  // Every total recomputed from its sources: the open reservations, the
  // quotas and the stock ledger's accounts.
  std::unordered_map<std::uint64_t, place, detail::u64_hash> expected;
  std::unordered_map<channel_key, quantity, channel_key_hash> within_channel;
  const auto along = [&](item_id item, location_id from, auto&& add) {
    for (auto at = from; !at.is_none(); at = s.catalog.parent(at))
      add(expected[detail::item_location_bits(item, at)]);
  };
  for (std::size_t id = 0; id < reservations_.size(); ++id) {
    const auto& r = reservations_[id];
    const auto name = "reservation '" + r.key + "'";
    if (!r.amount.is_positive() || r.committed.is_negative() || r.released.is_negative() ||
        r.lapsed.is_negative() || r.remaining().is_negative()) {
      return inconsistent_reservations(name + " resolves more than it reserved");
    }
    if ((r.status == reservation_status::open) != r.remaining().is_positive()) {
      return inconsistent_reservations(name + " is " + std::string(name_of(r.status)) +
                                       " but holds " + r.remaining().to_string());
    }
    if (!r.remaining().is_positive()) continue;
    along(r.item, r.location, [&](place& p) { p.totals.reserved += r.remaining(); });
    for (auto at = r.location; !at.is_none(); at = s.catalog.parent(at)) {
      if (r.channel != 0) within_channel[{r.item, at, r.channel}] += r.remaining();
    }
  }
  for (const auto& [item, quotas] : quotas_) {
    for (const auto& q : quotas) along(q.item, q.location, [](place& p) { ++p.totals.quotas; });
  }
  for (std::uint32_t index = 0; index < s.ledger.account_count(); ++index) {
    const auto& a = s.ledger.account_at(index);
    if (!s.physical(a.key.location)) continue;
    const bool lot = !a.key.lot.is_none();
    const auto own = lot ? quantity{} : std::max(a.on_hand.from_zero(), quantity{});
    const auto settled_from_us = lot ? INT64_MAX : a.latest_effective_us;
    if (!lot) expected[detail::item_location_bits(a.key.item, a.key.location)].own_usable = own;
    const auto total = s.catalog.is_held(a.key.location) ? &place_totals::held_settled
                                                         : &place_totals::usable_settled;
    along(a.key.item, a.key.location, [&](place& p) {
      p.totals.*total += own;
      p.totals.settled_from_us = std::max(p.totals.settled_from_us, settled_from_us);
    });
  }
  for (const auto& p : places_) {
    auto found = expected.find(p.key);
    const auto want = found == expected.end() ? place{} : found->second;
    const auto location = location_id{static_cast<std::uint32_t>(p.key & 0xffffffffU)};
    const auto parent = s.catalog.parent(location);
    const bool linked =
        parent.is_none()
            ? p.up == place_index_.none
            : p.up < places_.size() && places_[p.up].key == ((p.key >> 32) << 32 | parent.value);
    if (want.own_usable != p.own_usable || want.totals != p.totals || !linked) {
      return inconsistent_reservations("the totals of item " + std::to_string(p.key >> 32) +
                                       " within location " + std::to_string(p.key & 0xffffffffU) +
                                       " differ from the reservations, quotas and accounts");
    }
    if (found != expected.end()) expected.erase(found);
  }
  for (const auto& [key, p] : expected) {
    if (p.own_usable != quantity{} || p.totals != place_totals{}) {
      return inconsistent_reservations("the totals of item " + std::to_string(key >> 32) +
                                       " within location " + std::to_string(key & 0xffffffffU) +
                                       " are missing");
    }
  }
  if (within_channel != within_channel_) {
    return inconsistent_reservations(
        "the open totals per channel differ from the open reservations");
  }
  return {};
}

}  // namespace onhand
