// SPDX-License-Identifier: Apache-2.0
// File: onhand/purchasing/queries.hpp
//
// Questions about purchasing, asked of a `state` (inventory::read): the
// open lines, what is on order, the scheduled receipts in the shape
// time-phased ATP takes (onhand/allocation/time_phased.hpp), and supplier
// performance over a window. The metrics are defined in
// docs/concepts/purchasing.md.
//
// Example:
//
//   auto receipts = inv.read([&](const onhand::state& s) {
//     return onhand::purchase_receipts(s, serum, east);
//   });
//   auto days = onhand::as_dated(receipts);   // for time_phased_atp
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "onhand/allocation/time_phased.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/purchasing/purchasing_book.hpp"

namespace onhand {

struct state;

/// An incomplete line of an open order.
struct open_line {
  std::string order;  ///< The order's key.
  std::uint32_t line = 0;
  std::string supplier;
  item_id item;
  location_id destination;
  quantity ordered;
  quantity received;
  quantity remaining;  ///< ordered - received, > 0.
  date expected;
  purchase_order_status status = purchase_order_status::draft;
  friend auto operator==(const open_line&, const open_line&) -> bool = default;
};

/// Every incomplete line of every open order (drafts included), by order then line.
[[nodiscard]] auto open_lines(const state& s) -> std::vector<open_line>;

/// What a line of an order holds in inspection.
struct inspection_holding {
  std::string order;
  std::uint32_t line = 0;
  item_id item;
  location_id location;     ///< The inspection location.
  location_id destination;  ///< Where accepted stock goes.
  quantity amount;          ///< Received into inspection and not released yet.
  quantity rejected;        ///< Released from inspection as returned or scrapped, so far.
  friend auto operator==(const inspection_holding&, const inspection_holding&) -> bool = default;
};

/// Every line that holds something in inspection, by order then line.
[[nodiscard]] auto in_inspection(const state& s) -> std::vector<inspection_holding>;

/// What is on order of `item` for `destination` (drafts included).
[[nodiscard]] auto on_order(const state& s, item_id item, location_id destination) -> quantity;

/// A receipt an open order line still brings: the remainder, on its expected date.
struct scheduled_receipt {
  item_id item;
  location_id location;
  quantity amount;
  date day;            ///< The expected date.
  std::string source;  ///< "<order key>/<line>".
  friend auto operator==(const scheduled_receipt&, const scheduled_receipt&) -> bool = default;
};

/// The remainders of the incomplete lines of orders that were sent (drafts
/// are not scheduled), for `item` at `location` (or every item and
/// location when either is none), by day, then order and line.
[[nodiscard]] auto purchase_receipts(const state& s, item_id item = item_id::none(),
                                     location_id location = location_id::none())
    -> std::vector<scheduled_receipt>;

/// The same as time_phased_atp's receipts.
[[nodiscard]] auto as_dated(std::span<const scheduled_receipt> receipts)
    -> std::vector<dated_quantity>;

/// Supplier performance over lines resolved in a window (see docs/concepts/purchasing.md).
/// Ratios and lead times are NaN where they have no sample; the standard
/// deviation is the sample one (n - 1) and NaN below two samples.
struct supplier_performance {
  std::string supplier;
  item_id item;           ///< none in a per-supplier row.
  std::size_t lines = 0;  ///< Lines resolved in the window.
  std::size_t lead_time_samples = 0;
  double lead_time_days_mean = 0;
  double lead_time_days_stddev = 0;
  double on_time_rate = 0;
  double in_full_rate = 0;
  double otif_rate = 0;
  double fill_rate = 0;            ///< Σ min(received - rejected, ordered) / Σ ordered.
  money price_variance;            ///< Σ (order price - list price) × received.
  double price_variance_rate = 0;  ///< price_variance / Σ list price × received.
};

/// One line's observed lead time: from its order's sending to the receipt
/// that completed it, as supplier performance measures it.
struct lead_time_observation {
  std::string order;  ///< The order's key.
  std::uint32_t line = 0;
  std::string supplier;
  item_id item;
  location_id destination;  ///< The line's destination.
  timestamp sent;
  timestamp received;  ///< When the completing receipt arrived.
  double days = 0;     ///< received - sent, in days (fractional).
  friend auto operator==(const lead_time_observation&, const lead_time_observation&)
      -> bool = default;
};

/// Every completed line of a sent order, by completion time, then order and
/// line. A line closed short, or not yet complete, gives none (supplier
/// performance also counts a line closed short, to its last receipt).
[[nodiscard]] auto lead_time_observations(const state& s) -> std::vector<lead_time_observation>;

/// One row per supplier with a line resolved in [from, to).
[[nodiscard]] auto supplier_performance_by_supplier(const state& s, timestamp from, timestamp to)
    -> std::vector<supplier_performance>;
/// One row per (supplier, item) with a line resolved in [from, to).
[[nodiscard]] auto supplier_performance_by_item(const state& s, timestamp from, timestamp to)
    -> std::vector<supplier_performance>;

}  // namespace onhand
