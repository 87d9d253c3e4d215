// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/resolver.hpp"

#include "onhand/core/uom.hpp"
#include "onhand/detail/int128.hpp"
#include "onhand/detail/text.hpp"

namespace onhand::scan {
namespace {

// a x b exactly, or overflow / precision_exceeded.
auto multiply(quantity a, quantity b, std::string_view item) -> result<quantity> {
  const auto product = static_cast<detail::int128>(a.raw()) * b.raw();
  if (product % quantity::scale != 0) {
    return make_error(errc::precision_exceeded,
                      "the scanned quantity of " + std::string(item) + " needs more than " +
                          std::to_string(quantity::decimals) + " decimals in base units",
                      error_context{.item = std::string(item)});
  }
  const auto raw = product / quantity::scale;
  if (raw > INT64_MAX || raw < INT64_MIN) {
    return make_error(errc::overflow,
                      "the scanned quantity of " + std::string(item) + " is out of range",
                      error_context{.item = std::string(item)});
  }
  return quantity::from_raw(static_cast<quantity::rep>(raw));
}

auto position_of(const gs1_message& scan, std::string_view ai) -> std::optional<std::size_t> {
  for (const auto& e : scan.elements) {
    if (e.ai == ai) return e.position;
  }
  return std::nullopt;
}

}  // namespace

auto validate(const gtin_entry& entry) -> result<void> {
  if (auto ok = detail::check_name(entry.item, "item code", "item", gtin_entry::item_length_max);
      !ok) {
    return ok;
  }
  if (auto ok = detail::check_name(entry.unit, "unit name", "unit", unit_set::name_length_max);
      !ok) {
    return ok;
  }
  if (!entry.units_per_pack.is_positive()) {
    return make_error(errc::invalid_quantity,
                      "units_per_pack must be more than 0, not " + entry.units_per_pack.to_string(),
                      error_context{.item = entry.item, .field = "units_per_pack"});
  }
  return {};
}

auto scan_resolver::resolve(const gs1_message& scan) const -> result<scan_line> {
  const bool trade_item = scan.gtin.has_value();
  if (!trade_item && !scan.content_gtin) {
    return make_error(errc::malformed_input,
                      "the scan carries no GTIN, (01) or (02): scan the label's other barcode too",
                      error_context{.field = "gtin"});
  }
  const std::string_view ai = trade_item ? "01" : "02";
  scan_line line;
  line.gtin = trade_item ? *scan.gtin : *scan.content_gtin;
  auto entry = catalog_->find_gtin(line.gtin);
  if (!entry) {
    return make_error(
        errc::unknown_gtin, "GTIN " + line.gtin + " is not in the catalog",
        error_context{.field = "(" + std::string(ai) + ")", .position = position_of(scan, ai)});
  }
  if (auto valid = validate(*entry); !valid) {
    auto err = std::move(valid).error();
    err.message = "the catalog's entry for GTIN " + line.gtin + ": " + err.message;
    return err;
  }
  line.item = entry->item;
  line.unit = entry->unit;
  line.lot = scan.lot;
  line.expiry = scan.expiry;
  line.serial = scan.serial;
  line.sscc = scan.sscc;

  // How many packs: a count when the label has one; for a unit that is a
  // measure (a variable-measure item sold by the kg), the measure itself.
  line.pack_quantity = quantity::units(1);
  const auto count = trade_item ? scan.variable_count : scan.count;
  if (count) line.pack_quantity = quantity::units(*count);
  for (const auto& m : scan.measures) {
    if (m.unit == entry->unit && (m.name == "net_weight" || m.name == "net_volume")) {
      auto measured = quantity::parse(m.value);
      if (!measured) return std::move(measured).error();
      line.pack_quantity = *measured;
    }
  }
  auto base = multiply(line.pack_quantity, entry->units_per_pack, line.item);
  if (!base) return std::move(base).error();
  line.base_quantity = *base;

  if (line.lot && line.expiry) {
    if (auto known = catalog_->known_expiry(line.item, *line.lot);
        known && *known != *line.expiry) {
      return make_error(errc::lot_expiry_mismatch,
                        "lot " + *line.lot + " of " + line.item + " expires " + format(*known) +
                            " on record, but the label says " + format(*line.expiry),
                        error_context{.item = line.item,
                                      .lot = *line.lot,
                                      .field = "(17)",
                                      .position = position_of(scan, "17")});
    }
  }
  return line;
}

auto scan_resolver::resolve(std::string_view text, const gs1_options& options) const
    -> result<scan_line> {
  auto parsed = parse_gs1(text, options);
  if (!parsed) return std::move(parsed).error();
  return resolve(*parsed);
}

auto scan_resolver::resolve(const epc_identity& tag) const -> result<scan_line> {
  if (tag.scheme != epc_scheme::sgtin_96) {
    return make_error(errc::unsupported_epc_scheme,
                      "an " + std::string(name_of(tag.scheme)) +
                          " tag names no trade item; only SGTIN tags resolve to stock",
                      error_context{.field = "scheme"});
  }
  gs1_message scan;
  scan.gtin = tag.gs1_key();
  scan.serial = tag.serial;
  return resolve(scan);
}

}  // namespace onhand::scan
