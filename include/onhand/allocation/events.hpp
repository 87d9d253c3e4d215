// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/events.hpp
//
// The allocation domain's events: reservations and their resolutions, the
// reservation clock, and channel quotas. A reservation holds a quantity of
// an item at a location or anywhere below it, for a channel or a customer,
// until it is committed (shipped), released or lapses. Like a pending
// transfer, it is resolved in full or in parts, and never twice.
//
// A commit is two events in one append: the ledger's document_posted that
// moves the stock, then reservation_committed, which says how much of the
// reservation that document consumed. Their encoding lives in
// src/allocation/codec.cpp under the allocation domain's tag block.
#pragma once

#include <optional>
#include <string>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

/// A reservation was made: `amount` of `item` held at `location` (or below).
struct reservation_made {
  std::string key;  ///< Its idempotency key and its handle.
  item_id item;
  location_id location;              ///< Held there or anywhere in its subtree.
  quantity amount;                   ///< In the item's base unit; positive.
  std::string channel;               ///< The sales channel it is for ("" none).
  std::string customer;              ///< Whom it is for (free text, "" none).
  std::optional<timestamp> expires;  ///< Lapses when the reservation clock reaches it.
  timestamp recorded;
  friend auto operator==(const reservation_made&, const reservation_made&) -> bool = default;
};

/// The document posted just before it (in the same append) shipped
/// `amount` of the reservation.
struct reservation_committed {
  reservation_id reservation;
  quantity amount;
  friend auto operator==(const reservation_committed&, const reservation_committed&)
      -> bool = default;
};

/// `amount` of the reservation was given back.
struct reservation_released {
  std::string key;  ///< The release's idempotency key.
  reservation_id reservation;
  quantity amount;
  friend auto operator==(const reservation_released&, const reservation_released&)
      -> bool = default;
};

/// The reservation clock moved to `at`: every open reservation that
/// expires at or before it lapses, for what it still holds.
struct reservation_clock_set {
  timestamp at;
  friend auto operator==(const reservation_clock_set&, const reservation_clock_set&)
      -> bool = default;
};

/// How a channel's quota is given.
enum class quota_kind : std::uint8_t {
  fixed = 0,  ///< A quantity in the item's base unit.
  share = 1,  ///< A share of the usable stock at the location, in (0, 1].
};
template <>
struct enum_bounds<quota_kind> {
  static constexpr auto last = quota_kind::share;
};

/// A channel's standing quota of an item at a location (and below):
/// stock ring-fenced from every other channel. A value of zero removes it.
struct channel_quota_set {
  item_id item;
  location_id location;
  std::string channel;
  quota_kind kind = quota_kind::fixed;
  quantity value;  ///< The quantity, or the share (0.25 is a quarter).
  friend auto operator==(const channel_quota_set&, const channel_quota_set&) -> bool = default;
};

}  // namespace onhand
