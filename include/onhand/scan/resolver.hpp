// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/resolver.hpp
//
// From a scan to stock: a `scan_resolver` turns a parsed GS1 barcode or an
// SGTIN RFID tag into a `scan_line` (item, unit, quantity, lot, expiry,
// serial) ready for a receipt or pick line. It looks GTINs up through the
// small `gtin_catalog` interface, so any catalog (onhand's, an ERP's, a test
// table) can stand behind it. The resolver only reads: it never changes the
// catalog or the ledger.
//
// Example:
//
//   struct my_catalog : onhand::scan::gtin_catalog { ... };   // GTIN -> item, pack level
//   onhand::scan::scan_resolver resolver{catalog};
//   auto line = resolver.resolve("]d2" "0119506000134359" "17261231" "10L2611");
//   line->item;            // "SERUM-30ML"
//   line->unit;            // "case"
//   line->pack_quantity;   // 1 (case)
//   line->base_quantity;   // 12 (each): the case holds 12
//   line->expiry;          // 2026-12-31
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "onhand/core/date.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/scan/epc.hpp"
#include "onhand/scan/gs1.hpp"

namespace onhand::scan {

/// What a catalog knows about one GTIN: the item it packs and at which level.
struct gtin_entry {
  /// The longest item code, in bytes: the engine's limit for codes.
  static constexpr std::size_t item_length_max = 128;

  std::string item;  ///< Item code: 1 to item_length_max bytes of UTF-8, no control character.
  std::string unit;  ///< The pack level's unit name: "each", "inner", "case", "kg".
  quantity units_per_pack;  ///< How many base units of the item one pack holds: more than 0.

  friend auto operator==(const gtin_entry&, const gtin_entry&) -> bool = default;
};

/// Whether a catalog entry can stand behind a scan: malformed_input naming
/// `item` or `unit` for an empty, over-long or non-UTF-8 code or unit name
/// (or one with a control character), invalid_quantity naming
/// `units_per_pack` for a pack of zero or fewer units. A catalog calls it
/// when it registers a GTIN; the resolver calls it on every entry it is
/// given, so a catalog that skips it still cannot yield a line of -12 units.
[[nodiscard]] auto validate(const gtin_entry& entry) -> result<void>;

/// The lookups a resolver needs. Implementations must be safe to call from
/// several threads at once if the resolver is shared.
class gtin_catalog {
 public:
  gtin_catalog() = default;
  gtin_catalog(const gtin_catalog&) = default;
  auto operator=(const gtin_catalog&) -> gtin_catalog& = default;
  virtual ~gtin_catalog() = default;

  /// The entry of a GTIN-14, or nullopt when the catalog does not know it.
  [[nodiscard]] virtual auto find_gtin(std::string_view gtin14) const
      -> std::optional<gtin_entry> = 0;
  /// The expiry on record for a lot of an item, or nullopt when the lot is
  /// new or has no expiry.
  [[nodiscard]] virtual auto known_expiry(std::string_view item, std::string_view lot) const
      -> std::optional<date> = 0;
};

/// A scan resolved to stock terms.
struct scan_line {
  std::string gtin;  ///< The GTIN-14 that was looked up.
  std::string item;
  std::string unit;        ///< The pack level scanned.
  quantity pack_quantity;  ///< How many `unit`s: (30) or (37) when present, else 1;
                           ///< for a unit that is a measure ("kg"), the measure.
  quantity base_quantity;  ///< pack_quantity x units_per_pack, in the item's base unit.
  std::optional<std::string> lot;
  std::optional<date> expiry;
  std::optional<std::string> serial;
  std::optional<std::string> sscc;  ///< The logistic unit, for a (00)+(02)+(37) label.

  friend auto operator==(const scan_line&, const scan_line&) -> bool = default;
};

/// Turns scans into lines, through a catalog that must outlive it.
class scan_resolver {
 public:
  explicit scan_resolver(const gtin_catalog& catalog) noexcept : catalog_(&catalog) {}

  /// Resolves a parsed barcode. The trade item is (01), or (02) with its
  /// count (37) on a logistic label. Errors: malformed_input (no GTIN in the
  /// scan), unknown_gtin (the catalog does not know it; position of the AI),
  /// those of validate() for an entry the catalog should not have given,
  /// lot_expiry_mismatch (the scanned expiry differs from the lot's on
  /// record; item, lot and position of (17)), overflow, precision_exceeded.
  [[nodiscard]] auto resolve(const gs1_message& scan) const -> result<scan_line>;
  /// Parses `text` with parse_gs1 and resolves it; the parser's errors pass through.
  [[nodiscard]] auto resolve(std::string_view text, const gs1_options& options = {}) const
      -> result<scan_line>;
  /// Resolves an SGTIN tag: one pack with a serial. Other schemes:
  /// unsupported_epc_scheme (they name no trade item).
  [[nodiscard]] auto resolve(const epc_identity& tag) const -> result<scan_line>;

 private:
  const gtin_catalog* catalog_;
};

}  // namespace onhand::scan
