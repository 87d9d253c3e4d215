// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/queries.hpp
//
// Available-to-promise: what a channel may still be promised of an item at
// a location or anywhere below it, now. The rules (docs/concepts/atp.md):
//
//   usable(N)      stock of the item within N that is on hand, at no held
//                  location (location_definition::hold), in no lot that is on
//                  hold, recalled or expired today, and that no posted
//                  movement takes away later (the lowest balance from now on)
//   reserved(N)    what open reservations held at N or below it still hold
//   fenced(N, c)   Σ over the quotas of other channels c' at N or below it of
//                  max(0, q_c' − reserved by c' within the quota's location)
//   atp(N, c)      usable(N) − reserved(N) − fenced(N, c)
//
// A reservation at N may be filled from anywhere below N, so promising q at
// N also takes q from every location above N: the ATP of channel c at N is
// max(0, min of atp(M, c) over N and every location above it). With that
// rule every unit is promised once: at every location, what is reserved
// within it never exceeds what is usable within it.
//
// Example:
//
//   auto atp = inv.available_to_promise(soap, east, "web");
//   if (atp.available >= wanted) inv.reserve({.key = "cart-9", ...});
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

struct state;

/// The stock position of an item at a location (and below it) for a channel.
struct atp_position {
  item_id item;
  location_id location;
  /// The channel's index in reservation_book::channel_name (0: no channel);
  /// nullopt for a name never used, so nothing reserved or fenced for it.
  std::optional<std::uint32_t> channel;
  quantity on_hand;  ///< Physical stock within the location now.
  /// Of on_hand: at held locations, or in lots on hold, recalled or expired today.
  quantity quarantined;
  quantity usable;     ///< on_hand − quarantined, less what later movements take.
  quantity reserved;   ///< Held by open reservations within the location.
  quantity fenced;     ///< Other channels' remaining quotas within the location.
  quantity available;  ///< What the channel may still be promised here (see above).
  friend auto operator==(const atp_position&, const atp_position&) -> bool = default;
};

/// The ATP of `channel` for `item` at `location` (and below), at time `now`.
/// An unknown item or location is not checked here: the inventory's
/// member function refuses them.
[[nodiscard]] auto available_to_promise(const state& s, item_id item, location_id location,
                                        std::string_view channel, timestamp now) -> atp_position;

/// The same for a channel already looked up, as
/// `s.reservations.find_channel(name)` gives it: the form for many lookups
/// under one lock. Where no account of the item within the locations that
/// can set the minimum has a lot or an entry after `now`, this reads one
/// record per location of the chain (reservation_book::walk_up), and the
/// quotas only where some are set; otherwise it reads the accounts.
///
///   inv.read([&](const onhand::state& s) {
///     const auto web = s.reservations.find_channel("web");
///     for (auto item : items) use(onhand::available_to_promise(s, item, east, web, now));
///   });
[[nodiscard]] auto available_to_promise(const state& s, item_id item, location_id location,
                                        std::optional<std::uint32_t> channel, timestamp now)
    -> atp_position;

/// The usable stock of `item` within `location` at `now` (see above).
[[nodiscard]] auto usable_within(const state& s, item_id item, location_id location, timestamp now)
    -> quantity;

}  // namespace onhand
