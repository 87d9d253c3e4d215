// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/inventory_gtins.hpp
//
// An inventory's catalog as the scan resolver's gtin_catalog: GTINs map to
// the item and pack level they were defined with (item_definition::gtins),
// units per pack come from the item's exact unit factors, and a lot's
// expiry on record is the one its definition carries. With it, a scan at the
// receiving dock becomes a receipt line in one step.
//
// Example:
//
//   onhand::scan::inventory_gtins gtins{inv};
//   onhand::scan::scan_resolver resolver{gtins};
//   auto line = resolver.resolve("]d2" "0109506000134352" "17280531" "10L2611");
//   // line->item == "SERUM-30ML", line->base_quantity == 12 for a case GTIN
#pragma once

#include "onhand/inventory.hpp"
#include "onhand/scan/resolver.hpp"

namespace onhand::scan {

class inventory_gtins final : public gtin_catalog {
 public:
  /// Reads `inv`'s catalog at each lookup; `inv` must outlive this object.
  explicit inventory_gtins(const inventory& inv) noexcept : inventory_(&inv) {}

  /// The item and pack level of a GTIN-14. A pack level whose size is not an
  /// exact quantity of the base unit reads as unknown.
  [[nodiscard]] auto find_gtin(std::string_view gtin14) const -> std::optional<gtin_entry> override;
  [[nodiscard]] auto known_expiry(std::string_view item, std::string_view lot) const
      -> std::optional<date> override;

 private:
  const inventory* inventory_;
};

}  // namespace onhand::scan
