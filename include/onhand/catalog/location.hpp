// SPDX-License-Identifier: Apache-2.0
// File: onhand/catalog/location.hpp
//
// Locations form a tree (a site or 3PL warehouse, its zones, their bins) and
// have a kind. Only internal and transit locations hold physical stock; the
// other kinds are the virtual counter-sides of double entry: a receipt moves
// stock from a supplier location, a shipment to a customer location, a count
// difference to or from inventory loss/gain. Virtual locations go negative
// by nature (a supplier that delivered 100 stands at -100); a physical
// location may go negative only if its policy allows it.
//
// Example:
//
//   onhand::location_definition east{.code = "3PL-EAST", .kind = onhand::location_kind::internal};
//   onhand::location_definition bin{.code = "3PL-EAST/A-01", .parent = "3PL-EAST"};
//   onhand::location_definition qc{.code = "3PL-EAST/QC", .parent = "3PL-EAST", .hold = true};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "onhand/core/enum_bounds.hpp"

namespace onhand {

/// Persisted: values are stable.
enum class location_kind : std::uint8_t {
  internal = 0,        ///< A warehouse, zone or bin that holds stock.
  supplier = 1,        ///< Where receipts come from.
  customer = 2,        ///< Where shipments go.
  transit = 3,         ///< Stock on its way between internal locations; still owned.
  inventory_loss = 4,  ///< The counter-side of adjustments and count differences.
  scrap = 5,           ///< Destroyed or written-off stock.
  production = 6,      ///< Consumed by or produced from manufacturing.
};

/// Stored values are 0..last: a new value moves `last` (see core/enum_bounds.hpp).
template <>
struct enum_bounds<location_kind> {
  static constexpr auto last = location_kind::production;
};

/// Whether stock in a location of this kind is physically owned (internal, transit).
[[nodiscard]] constexpr auto holds_stock(location_kind kind) noexcept -> bool {
  return kind == location_kind::internal || kind == location_kind::transit;
}
[[nodiscard]] auto name_of(location_kind kind) noexcept -> std::string_view;
[[nodiscard]] auto parse_location_kind(std::string_view name) -> std::optional<location_kind>;

/// What a location is. Defining the same code again with equal data is a
/// no-op; with different data it is a definition_conflict. Flags that cannot
/// apply to the kind are ignored (and stored as unset): allow_negative and
/// hold on a virtual location, which always may go negative and holds no
/// stock of its own.
struct location_definition {
  std::string code;         ///< Unique, non-empty, printable, at most 128 bytes.
  std::string description;  ///< Free text.
  std::string parent;       ///< Code of the enclosing location; empty for a root.
  location_kind kind = location_kind::internal;
  /// Physical locations refuse to go below zero unless this is set. Virtual
  /// locations always may, so for them it is ignored.
  bool allow_negative = false;
  /// Stock here and at every location below it is held apart (receiving
  /// inspection, QC, damaged goods, returns): owned and counted in on_hand,
  /// but quarantined, so never usable, promised or picked. Moving it out to
  /// a location that is not held releases it. Ignored on virtual locations.
  bool hold = false;

  friend auto operator==(const location_definition&, const location_definition&) -> bool = default;
};

}  // namespace onhand
