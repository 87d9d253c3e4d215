// SPDX-License-Identifier: Apache-2.0
// The reservation book in a snapshot: reservations, channels, the totals per
// item × location subtree, quotas, the expiry queue and the clock. The keyed
// lookups and the index of the totals are rebuilt on load from the lists
// they index, and each link between totals is checked.
#include "onhand/allocation/reservations.hpp"

#include "engine/snapshot_io.hpp"

namespace onhand {

template <class Archive>
static void io(Archive& a, reservation& r) {
  a(r.key, r.item, r.location, r.amount, r.committed, r.released, r.lapsed, r.channel, r.customer,
    r.expires, r.recorded);
  a.enumeration(r.status, reservation_status::lapsed);
}
template <class Archive>
static void io(Archive& a, place_totals& t) {
  a(t.reserved, t.usable_settled, t.held_settled, t.settled_from_us, t.quotas);
}
template <class Archive>
static void io(Archive& a, channel_quota& q) {
  a(q.item, q.location, q.channel, q.kind, q.value);
}

template <class Archive>
void reservation_book::io(Archive& a) {
  a(reservations_, channels_);
  a.each(places_, [&](place& p) { a(p.key, p.own_usable, p.totals, p.up); });
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, quantity>> within;
  if constexpr (!Archive::reading) {
    within.reserve(within_channel_.size());
    for (const auto& [k, q] : within_channel_) {
      within.emplace_back(k.item.value, k.location.value, k.channel, q);
    }
  }
  a(within, open_per_item_, quotas_, expiring_, clock_);
  if constexpr (Archive::reading) {
    within_channel_.clear();
    for (const auto& [item, location, channel, q] : within) {
      within_channel_.emplace(channel_key{item_id{item}, location_id{location}, channel}, q);
    }
  }
}

void reservation_book::save(detail::snapshot_writer& out) const {
  const_cast<reservation_book*>(this)->io(out);  // io only reads when writing
}

void reservation_book::load(detail::snapshot_reader& in) {
  *this = reservation_book{};
  io(in);
  if (!in.ok()) return;
  if (channels_.empty() || !channels_.front().empty()) return in.fail();
  channel_index_.clear();
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    if (!channel_index_.emplace(channels_[i], static_cast<std::uint32_t>(i)).second) {
      return in.fail();
    }
  }
  for (std::size_t i = 0; i < reservations_.size(); ++i) {
    const auto& r = reservations_[i];
    if (r.channel >= channels_.size() ||
        !by_key_.emplace(r.key, static_cast<std::uint32_t>(i)).second) {
      return in.fail();
    }
  }
  for (const auto& [expiry, id] : expiring_) {
    if (id >= reservations_.size()) return in.fail();
  }
  place_index_.reserve(places_.size());
  for (std::size_t i = 0; i < places_.size(); ++i) {
    const auto& p = places_[i];
    // A place is added after the places above it.
    if ((p.up != UINT32_MAX && p.up >= i) || place_index_.find(p.key) != place_index_.none) {
      return in.fail();
    }
    place_index_.insert(p.key, static_cast<std::uint32_t>(i));
  }
}

}  // namespace onhand
