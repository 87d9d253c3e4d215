// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/reservations.hpp
//
// The allocation domain's projection: every reservation with what it still
// holds, the open totals per item and location subtree (and per channel),
// the channels' quotas, and the reservation clock. It is built only from
// the allocation events (onhand/allocation/events.hpp); the queries that
// combine it with the stock ledger are in onhand/allocation/queries.hpp.
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
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "onhand/allocation/events.hpp"
#include "onhand/core/result.hpp"
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

  /// What must hold after every event: every reservation's parts add up,
  /// its status fits what it holds, and the open totals per location
  /// subtree equal the sums over the open reservations. store_failure names
  /// the first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  friend auto operator==(const reservation_book&, const reservation_book&) -> bool = default;

 private:
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

  auto channel_of(std::string_view name) -> std::uint32_t;
  // Adds `delta` to the open totals of the reservation's location and every one above it.
  void hold(const reservation& r, quantity delta, const state& s);
  // Takes `amount` off what reservation `id` holds, as `part` of it.
  void resolve(std::uint32_t id, quantity amount, quantity reservation::*part,
               reservation_status final_status, const state& s);

  std::vector<reservation> reservations_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  std::vector<std::string> channels_{std::string{}};
  std::unordered_map<std::string, std::uint32_t> channel_index_{{std::string{}, 0}};
  std::unordered_map<std::uint64_t, quantity, detail::u64_hash> within_;  // item << 32 | location
  std::unordered_map<channel_key, quantity, channel_key_hash> within_channel_;
  std::unordered_map<std::uint32_t, std::uint32_t> open_per_item_;  // item -> open reservations
  std::unordered_map<std::uint32_t, std::vector<channel_quota>> quotas_;  // by item
  std::multimap<std::int64_t, std::uint32_t> expiring_;  // open ones: expiry (us) -> id
  std::optional<timestamp> clock_;
};

}  // namespace onhand
