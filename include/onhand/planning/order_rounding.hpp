// SPDX-License-Identifier: Apache-2.0
// File: onhand/planning/order_rounding.hpp
//
// Where the floating-point planning math meets the exact ledger: a suggested
// order becomes an exact onhand::quantity that a supplier will accept, rounded
// up to a whole number of packs and to at least the minimum order quantity
// (MOQ), and min/max replenishment orders up to max when the position falls
// to min or below.
//
// A double is first rounded to onhand's 6 decimals (to the nearest), so float
// noise such as 24.000000000001 does not buy an extra pack; everything after
// that is exact integer arithmetic.
//
// Example:
//
//   using onhand::quantity;
//   auto q = onhand::planning::round_order(
//       130.2, {.pack_size = quantity::units(12), .minimum_order = quantity::units(48)});
//   // *q == 132 (11 packs of 12)
#pragma once

#include <span>
#include <vector>

#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/planning/column_view.hpp"

namespace onhand::planning {

/// A supplier's ordering rule for one SKU.
struct order_rule {
  quantity pack_size{};      ///< Orders are whole packs; 0 means no pack rounding.
  quantity minimum_order{};  ///< MOQ; 0 means none.
};

/// The order for a suggested quantity: 0 when suggested <= 0, else
/// max(suggested, MOQ) rounded up to a multiple of the pack size. Negative
/// pack or MOQ and NaN are invalid_parameter; beyond the quantity range is overflow.
[[nodiscard]] auto round_order(double suggested, const order_rule& rule) -> result<quantity>;

/// Min/max: when position <= min, order max - position (rounded as above);
/// otherwise 0. min > max is invalid_parameter.
[[nodiscard]] auto min_max_order(quantity position, quantity min, quantity max,
                                 const order_rule& rule) -> result<quantity>;

/// round_order over a column; `rules` holds one rule or one per row.
[[nodiscard]] auto round_orders(const column_view& suggested, std::span<const order_rule> rules)
    -> result<std::vector<quantity>>;

/// min_max_order over columns (positions and levels rounded to 6 decimals first).
[[nodiscard]] auto min_max_orders(const column_view& position, const column_view& min,
                                  const column_view& max, std::span<const order_rule> rules)
    -> result<std::vector<quantity>>;

}  // namespace onhand::planning
