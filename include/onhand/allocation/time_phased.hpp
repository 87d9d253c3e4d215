// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/time_phased.hpp
//
// Time-phased available-to-promise on daily buckets (docs/concepts/lots-and-fefo.md,
// "Time-phased availability", normative):
//
//   S(d)   = on hand + receipts scheduled up to and including d
//   D(d)   = demand committed up to and including d
//   ATP(d) = max(0, min over d' >= d in the horizon of S(d') - D(d'))
//
// The minimum over later days is what keeps a promise honest: stock that a
// later commitment needs is never promised earlier, even when it sits in the
// warehouse today. A receipt or demand dated before the first day counts on
// the first day (an overdue receipt is still expected; an overdue demand is
// still owed). A receipt or demand dated after the last day is outside the
// question and ignored: choose a horizon that covers every commitment that
// must stay protected.
//
// Example:
//
//   using onhand::quantity;
//   std::vector<onhand::dated_quantity> receipts{{day(3), quantity::units(50)}};
//   std::vector<onhand::dated_quantity> demands{{day(1), quantity::units(20)},
//                                               {day(4), quantity::units(60)}};
//   auto buckets = onhand::time_phased_atp(quantity::units(40), receipts, demands, day(0), 7);
//   // ATP: 10 10 10 10 10 10 10 (the 60 on day 4 takes all but 10 of what arrives)
//   auto when = onhand::promise_date(*buckets, quantity::units(10));  // day(0)
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {

/// An amount on a day: a scheduled receipt or a committed demand.
struct dated_quantity {
  date day;
  quantity amount;  ///< >= 0.
};

/// One daily bucket: the cumulative supply and demand through `day`, and what can be promised
/// on `day` without uncovering a later commitment.
struct atp_bucket {
  date day;
  quantity supply;  ///< S(day).
  quantity demand;  ///< D(day).
  quantity atp;     ///< ATP(day).

  friend auto operator==(const atp_bucket&, const atp_bucket&) -> bool = default;
};

/// The longest horizon, in days (about ten years).
inline constexpr int atp_horizon_days_max = 3660;

/// The buckets from `from` for `days` days.
///
/// Errors, in precedence order: invalid_parameter when days <= 0 or days >
/// atp_horizon_days_max (context.field "days"); overflow when a cumulative sum leaves the
/// quantity range; invalid_quantity for a negative on hand or amount (context.field names the
/// input, context.line the entry).
[[nodiscard]] auto time_phased_atp(quantity on_hand, std::span<const dated_quantity> receipts,
                                   std::span<const dated_quantity> demands, date from, int days)
    -> result<std::vector<atp_bucket>>;

/// The first day whose ATP covers `wanted`, or nullopt when no day in the buckets does. ATP
/// never falls below 0, so a wanted quantity <= 0 is promised on the first day.
[[nodiscard]] auto promise_date(std::span<const atp_bucket> buckets, quantity wanted)
    -> std::optional<date>;

/// Many items at once, in columns (CSR): item i has on_hand[i], the receipts
/// receipts[receipt_offsets[i] .. receipt_offsets[i + 1]) and likewise the demands. Offsets
/// have items + 1 entries, start at 0, never decrease and end at the array's size.
struct atp_columns {
  std::span<const quantity> on_hand;
  std::span<const std::size_t> receipt_offsets;
  std::span<const dated_quantity> receipts;
  std::span<const std::size_t> demand_offsets;
  std::span<const dated_quantity> demands;
};

/// ATP for every item and day: items × days values, item by item (row i holds item i's days).
/// The same errors as time_phased_atp, with context.line the item; offsets that do not
/// describe the arrays are invalid_parameter.
[[nodiscard]] auto time_phased_atp_columns(const atp_columns& items, date from, int days)
    -> result<std::vector<quantity>>;

/// The same, written into `atp` (items × days values), for callers that reuse one buffer.
/// A size mismatch is invalid_parameter; on an error `atp` is left unspecified.
[[nodiscard]] auto time_phased_atp_columns(const atp_columns& items, date from, int days,
                                           std::span<quantity> atp) -> result<void>;

}  // namespace onhand
