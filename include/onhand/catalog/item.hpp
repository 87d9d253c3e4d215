// SPDX-License-Identifier: Apache-2.0
// File: onhand/catalog/item.hpp
//
// An item (SKU) is what stock is counted of: its code, its units, whether it
// is tracked by lot or by serial number, and its shelf life. Stock of an
// item is always held in its base unit (see core/uom.hpp); alternate units
// and GTINs per pack level are for input and scanning.
//
// Example:
//
//   onhand::item_definition serum{.code = "SERUM-30ML", .units = onhand::unit_set{{"each", 0}},
//                                 .lot_tracked = true, .shelf_life_days = 540};
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onhand/core/uom.hpp"

namespace onhand {

/// A GTIN printed on one pack level of an item ("each", "case", ...).
struct gtin_entry {
  std::string gtin;  ///< 8, 12, 13 or 14 digits.
  std::string unit;  ///< A unit of the item: the pack level the GTIN labels.

  friend auto operator==(const gtin_entry&, const gtin_entry&) -> bool = default;
};

struct item_definition {
  std::string code;  ///< Unique, non-empty, printable, at most 128 bytes.
  std::string description;
  unit_set units;  ///< Base unit and alternates.
  /// Every movement names a lot; lots carry expiry dates.
  bool lot_tracked = false;
  /// Every movement names a serial number (registered like a lot) and moves
  /// exactly one base unit; a serial is in stock at one place at most. An
  /// item is lot-tracked or serial-tracked, not both.
  bool serial_tracked = false;
  std::optional<int> shelf_life_days;  ///< Nominal life from production, if dated.
  std::vector<gtin_entry> gtins;
  std::map<std::string, std::string> attributes;  ///< Free key/value data (brand, size...).

  friend auto operator==(const item_definition&, const item_definition&) -> bool = default;
};

}  // namespace onhand
