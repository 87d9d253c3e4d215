// SPDX-License-Identifier: Apache-2.0
// File: onhand/valuation/queries.hpp
//
// The valuation domain's queries over a state view: the value of stock now
// or as of any time, by item and location (and, in the report, by
// category: the item's "category" attribute); cost of goods sold and
// purchase price variance over a window; and the valuation report, whose
// quantities reconcile row by row with the ledger's on-hand. Times are
// effective times: "as of t" includes everything effective at or before t,
// back-dated postings included.
//
// Example:
//
//   auto report = inv.read([&](const onhand::state& s) {
//     return onhand::valuation_report(s, onhand::at("2026-12-31T23:59:59Z"));
//   });
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/valuation/cost_layers.hpp"

namespace onhand {

struct state;

/// An item's stock at a location and what it is worth.
struct stock_value {
  quantity on_hand;
  money value;
  friend auto operator==(const stock_value&, const stock_value&) -> bool = default;
};

/// `item` at exactly `location`, with every event applied.
[[nodiscard]] auto stock_value_of(const state& s, item_id item, location_id location)
    -> stock_value;
/// `item` at exactly `location`, as of `at`.
[[nodiscard]] auto stock_value_as_of(const state& s, item_id item, location_id location,
                                     timestamp at) -> stock_value;

/// One row of the valuation report: an item at a physical location.
struct valuation_row {
  item_id item;
  location_id location;
  std::string category;     ///< The item's "category" attribute ("" if none).
  quantity on_hand;         ///< What the cost layers hold.
  quantity ledger_on_hand;  ///< What the ledger holds there as of the same time.
  money value;
  money unit_cost;  ///< value / on_hand, rounded half to even (zero without stock).
  costing_method method = costing_method::fifo;
  /// Whether on_hand equals ledger_on_hand: always, unless the log is damaged.
  [[nodiscard]] auto reconciled() const -> bool { return on_hand == ledger_on_hand; }
  friend auto operator==(const valuation_row&, const valuation_row&) -> bool = default;
};

/// Every item at every physical location where, as of `at`, it has stock
/// or value, by item then location.
[[nodiscard]] auto valuation_report(const state& s, timestamp at) -> std::vector<valuation_row>;

/// What to sum over: an item, a location, both or neither.
struct value_filter {
  std::optional<item_id> item;
  std::optional<location_id> location;
};

/// Cost of goods sold effective in [from, to): the value of every issue
/// (shipment, scrap, negative adjustment, loss...) plus negative-stock
/// corrections.
[[nodiscard]] auto cost_of_goods_sold(const state& s, timestamp from, timestamp to,
                                      const value_filter& filter = {}) -> money;
/// Purchase price variance effective in [from, to): receipt costs minus
/// their value at standard (positive: paid more than standard).
[[nodiscard]] auto purchase_price_variance(const state& s, timestamp from, timestamp to,
                                           const value_filter& filter = {}) -> money;
/// The valuation journal of the items that pass `filter`, effective in
/// [from, to), in timeline order per item.
[[nodiscard]] auto value_changes(const state& s, timestamp from, timestamp to,
                                 const value_filter& filter = {}) -> std::vector<value_change>;

}  // namespace onhand
