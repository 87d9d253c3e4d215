// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/reservations.hpp
//
// The allocation domain's projection: every reservation with what it still
// holds, the totals per item and location subtree (reserved, per channel,
// the number of quotas, and the usable and held-apart stock of the accounts
// without a lot, for available-to-promise), the channels' quotas, and the reservation
// clock. It is built from the allocation events (onhand/allocation/events.hpp)
// and from postings, which it reads after the stock ledger applied them; the
// queries that combine it with the stock ledger are in
// onhand/allocation/queries.hpp.
//
// A reservation held at a location counts against that location and every
// location above it: `reserved_within(item, east)` is what is held at east
// or below it. So the feasibility of all reservations together (every unit
// promised once) reads as: at every location, what is held within it does
// not exceed the usable stock within it.
//
// Example:
//
//   inv.read([&](const onhand::state& s) {
//     auto id = s.reservations.find("cart-881");
//     if (id) use(s.reservations.at(*id).remaining());
//   });
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "onhand/allocation/events.hpp"
#include "onhand/core/result.hpp"
#include "onhand/detail/flat_index.hpp"
#include "onhand/detail/snapshot_fwd.hpp"
#include "onhand/ledger/events.hpp"
#include "onhand/ledger/stock_ledger.hpp"

namespace onhand {

struct state;

/// What became of a reservation.
enum class reservation_status : std::uint8_t {
  open,       ///< It still holds a quantity.
  committed,  ///< Shipped in full (or the last of it shipped).
  released,   ///< Its last quantity was given back.
  lapsed,     ///< The reservation clock passed its expiry while it held stock.
};
[[nodiscard]] auto name_of(reservation_status status) noexcept -> std::string_view;

struct reservation {
  std::string key;
  item_id item;
  location_id location;
  quantity amount;            ///< As reserved.
  quantity committed;         ///< Shipped by commits.
  quantity released;          ///< Given back.
  quantity lapsed;            ///< What it held when it lapsed.
  std::uint32_t channel = 0;  ///< Index in reservation_book::channel_name (0: none).
  std::string customer;
  std::optional<timestamp> expires;
  timestamp recorded;
  reservation_status status = reservation_status::open;

  /// What it still holds.
  [[nodiscard]] auto remaining() const -> quantity {
    return amount - committed - released - lapsed;
  }
  friend auto operator==(const reservation&, const reservation&) -> bool = default;
};

/// An item's totals within a location (the location and every one below
/// it), kept as the events are applied, so that available-to-promise reads
/// one record per location of the chain instead of the item's accounts.
struct place_totals {
  quantity reserved;  ///< Held by open reservations within.
  /// Σ max(0, balance) over the item's accounts without a lot at the
  /// physical locations within that are not held (catalog::is_held): the
  /// usable stock within at any time at or after `settled_from_us` (from
  /// then on no posted entry changes them).
  quantity usable_settled;
  /// The same sum over the accounts without a lot at held locations within:
  /// on hand, but quarantined.
  quantity held_settled;
  /// The latest effective time of an entry to any of these accounts (µs);
  /// INT64_MAX once an account with a lot lies within, whose usability
  /// depends on the day and on the lot's status: never settled.
  std::int64_t settled_from_us = INT64_MIN;
  std::uint32_t quotas = 0;  ///< Quotas set within, of any channel.

  /// Whether `usable_settled` is the usable stock within at `now`.
  [[nodiscard]] auto settled_at(timestamp now) const noexcept -> bool {
    return now.time_since_epoch().count() >= settled_from_us;
  }
  friend auto operator==(const place_totals&, const place_totals&) -> bool = default;
};

/// A channel's quota at a location, as set.
struct channel_quota {
  item_id item;
  location_id location;
  std::uint32_t channel = 0;
  quota_kind kind = quota_kind::fixed;
  quantity value;
  friend auto operator==(const channel_quota&, const channel_quota&) -> bool = default;
};

class reservation_book {
 public:
  /// The reservation made under `key`, if any.
  [[nodiscard]] auto find(std::string_view key) const -> std::optional<reservation_id>;
  [[nodiscard]] auto at(reservation_id id) const -> const reservation& {
    return reservations_.at(id.index());
  }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return reservations_.size(); }
  /// Every reservation, in the order they were made (ids are indexes).
  [[nodiscard]] auto all() const noexcept -> std::span<const reservation> { return reservations_; }

  /// The index of a channel name (0 is "", no channel), if it was ever used.
  [[nodiscard]] auto find_channel(std::string_view name) const -> std::optional<std::uint32_t>;
  [[nodiscard]] auto channel_name(std::uint32_t channel) const -> std::string_view {
    return channels_.at(channel);
  }
  [[nodiscard]] auto channel_count() const noexcept -> std::size_t { return channels_.size(); }

  /// What open reservations hold of `item` at `location` or below it.
  [[nodiscard]] auto reserved_within(item_id item, location_id location) const -> quantity;
  /// The totals of `item` within `location`; nullptr when nothing was ever
  /// posted, reserved or fenced there (all zero). One hash probe.
  [[nodiscard]] auto totals_within(item_id item, location_id location) const noexcept
      -> const place_totals* {
    const auto index = place_index_.find((std::uint64_t{item.value} << 32) | location.value);
    return index == place_index_.none ? nullptr : &places_[index].totals;
  }
  /// Calls `visit(totals)` with the totals of `item` within `location`, then
  /// within each location above it, innermost first, while `visit` returns
  /// true; one hash probe, then a link per level. Calls nothing when
  /// totals_within(item, location) is nullptr; else every level has totals.
  template <class Visit>
  void walk_up(item_id item, location_id location, Visit&& visit) const {
    auto index = place_index_.find((std::uint64_t{item.value} << 32) | location.value);
    while (index != place_index_.none && visit(std::as_const(places_[index].totals))) {
      index = places_[index].up;
    }
  }
  /// The same, for one channel's reservations.
  [[nodiscard]] auto reserved_within(item_id item, location_id location,
                                     std::uint32_t channel) const -> quantity;
  /// The quotas set for `item`, in the order they were first set.
  [[nodiscard]] auto quotas_of(item_id item) const -> std::span<const channel_quota>;
  /// Whether any reservation of `item` is open.
  [[nodiscard]] auto any_open(item_id item) const -> bool;
  /// Whether any reservation at all is open (what posting asks first).
  [[nodiscard]] auto any_open() const noexcept -> bool { return !open_per_item_.empty(); }
  /// The latest time the reservation clock was set to, if ever.
  [[nodiscard]] auto clock() const noexcept -> std::optional<timestamp> { return clock_; }
  /// Open reservations that expire at or before `at`, by expiry then id.
  [[nodiscard]] auto expiring_by(timestamp at) const -> std::vector<reservation_id>;

  // The allocation events, applied by the engine once validated and stored.
  void apply(const reservation_made& e, const state& s);
  void apply(const reservation_committed& e, const state& s);
  void apply(const reservation_released& e, const state& s);
  void apply(const reservation_clock_set& e, const state& s);
  void apply(const channel_quota_set& e, const state& s);
  /// A posting, after the stock ledger applied it: the usable totals of
  /// the accounts it moved.
  void apply(const posting_ref& posted, const state& s);

  /// What must hold after every event: every reservation's parts add up,
  /// its status fits what it holds, and the totals per location subtree
  /// (reserved, quotas, usable stock) equal the sums over the open
  /// reservations, the quotas and the stock ledger's accounts. store_failure
  /// names the first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  /// Everything but the index of the totals, which their list determines.
  friend auto operator==(const reservation_book& a, const reservation_book& b) -> bool;

 private:
  template <class Archive>
  void io(Archive& a);  // both directions of save() and load()
  struct channel_key {
    item_id item;
    location_id location;
    std::uint32_t channel = 0;
    friend auto operator==(const channel_key&, const channel_key&) -> bool = default;
  };
  struct channel_key_hash {
    auto operator()(const channel_key& k) const noexcept -> std::size_t {
      return detail::mix64(((std::uint64_t{k.item.value} << 32) | k.location.value) ^
                           (std::uint64_t{k.channel} * 0x9e3779b97f4a7c15ULL));
    }
  };

  // Finds a std::string key from a std::string_view without building one.
  struct text_hash {
    using is_transparent = void;
    auto operator()(std::string_view text) const noexcept -> std::size_t {
      return std::hash<std::string_view>{}(text);
    }
  };
  // The totals of an item within a location, what the account without a
  // lot at exactly that location adds to them (0 if it is not physical; to
  // held_settled instead of usable_settled if the location is held), and
  // the index of the item's place at the location's parent (a place is
  // added after the places above it, so the chain is always complete).
  struct place {
    std::uint64_t key = 0;  // item << 32 | location
    quantity own_usable;
    place_totals totals;
    std::uint32_t up = UINT32_MAX;  // UINT32_MAX at a root
    friend auto operator==(const place&, const place&) -> bool = default;
  };

  auto channel_of(std::string_view name) -> std::uint32_t;
  // The index of the place record of `item` within `location`, added (with
  // the ones above it) when new.
  auto place_of(item_id item, location_id location, const state& s) -> std::uint32_t;
  // Calls change(totals) for `item` within `location` and every location above it.
  template <class Change>
  void change_up(item_id item, location_id location, const state& s, Change&& change) {
    for (auto index = place_of(item, location, s); index != place_index_.none;
         index = places_[index].up) {
      change(places_[index].totals);
    }
  }
  // Counts the account of a posting line's item at `location` (in `lot`)
  // into the usable totals of the location and every one above it.
  void count_stock(item_id item, lot_id lot, location_id location, std::int64_t effective_us,
                   const state& s);
  // Adds `delta` to the open totals of the reservation's location and every one above it.
  void hold(const reservation& r, quantity delta, const state& s);
  // Takes `amount` off what reservation `id` holds, as `part` of it.
  void resolve(std::uint32_t id, quantity amount, quantity reservation::*part,
               reservation_status final_status, const state& s);

  std::vector<reservation> reservations_;
  std::unordered_map<std::string, std::uint32_t, text_hash, std::equal_to<>> by_key_;
  std::vector<std::string> channels_{std::string{}};
  std::unordered_map<std::string, std::uint32_t, text_hash, std::equal_to<>> channel_index_{
      {std::string{}, 0}};
  std::vector<place> places_;                                        // in the order first touched
  detail::flat_index<std::uint64_t, detail::u64_hash> place_index_;  // key -> index in places_
  std::unordered_map<channel_key, quantity, channel_key_hash> within_channel_;
  std::unordered_map<std::uint32_t, std::uint32_t> open_per_item_;  // item -> open reservations
  std::unordered_map<std::uint32_t, std::vector<channel_quota>> quotas_;  // by item
  std::multimap<std::int64_t, std::uint32_t> expiring_;  // open ones: expiry (us) -> id
  std::optional<timestamp> clock_;
};

}  // namespace onhand
