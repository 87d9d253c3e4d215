// SPDX-License-Identifier: Apache-2.0
// The catalog's events, format version 1: the fields in declaration order
// (docs/reference/events.md).
#include "catalog/codec.hpp"

#include <cstdint>
#include <utility>

namespace onhand::detail {
namespace {

// The bits of location_defined's flag byte.
constexpr std::uint8_t location_flag_allow_negative = 1U << 0;
constexpr std::uint8_t location_flag_hold = 1U << 1;
constexpr std::uint8_t location_flags_known = location_flag_allow_negative | location_flag_hold;

}  // namespace

void event_codec<item_defined>::write(writer& w, const item_defined& e) {
  const auto& item = e.item;
  w.text(item.code);
  w.text(item.description);
  w.text(item.units.base().name);
  w.integer(static_cast<std::uint8_t>(item.units.base().decimals));
  w.integer(static_cast<std::uint32_t>(item.units.alternates().size()));
  for (const auto& alt : item.units.alternates()) {
    w.text(alt.name);
    w.integer(alt.to_base.numerator);
    w.integer(alt.to_base.denominator);
  }
  w.flag(item.lot_tracked);
  w.flag(item.serial_tracked);
  w.optional(item.shelf_life_days, [&](int d) { w.integer(static_cast<std::int32_t>(d)); });
  w.integer(static_cast<std::uint32_t>(item.gtins.size()));
  for (const auto& g : item.gtins) {
    w.text(g.gtin);
    w.text(g.unit);
  }
  w.integer(static_cast<std::uint32_t>(item.attributes.size()));
  for (const auto& [k, v] : item.attributes) {
    w.text(k);
    w.text(v);
  }
}

auto event_codec<item_defined>::read(reader& r) -> item_defined {
  item_definition item;
  item.code = r.text();
  item.description = r.text();
  base_unit base;
  base.name = r.text();
  base.decimals = r.integer<std::uint8_t>();
  if (base.decimals > quantity::decimals) r.fail();
  unit_set units{base};
  for (auto n = r.count(16, 1'000); n > 0 && r.ok(); --n) {
    auto name = r.text();
    const auto numerator = r.integer<std::int64_t>();
    const auto denominator = r.integer<std::int64_t>();
    if (numerator <= 0 || denominator <= 0) {
      r.fail();
      break;
    }
    // Alternates are stored already relative to the base unit.
    if (!units.add_alternate(std::move(name), unit_factor{numerator, denominator}, base.name)) {
      r.fail();
    }
  }
  item.units = std::move(units);
  item.lot_tracked = r.flag();
  item.serial_tracked = r.flag();
  item.shelf_life_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
  for (auto n = r.count(8, 1'000); n > 0 && r.ok(); --n) {
    gtin_entry g;
    g.gtin = r.text();
    g.unit = r.text();
    item.gtins.push_back(std::move(g));
  }
  for (auto n = r.count(8, 10'000); n > 0 && r.ok(); --n) {
    auto k = r.text();
    item.attributes[std::move(k)] = r.text();
  }
  return item_defined{std::move(item)};
}

void event_codec<location_defined>::write(writer& w, const location_defined& e) {
  const auto& l = e.location;
  w.text(l.code);
  w.text(l.description);
  w.text(l.parent);
  w.enumeration(l.kind);
  // One byte of flags: bit 0 allow_negative, bit 1 hold. A log written
  // before hold existed has 0 or 1 there and reads unchanged.
  w.integer(static_cast<std::uint8_t>((l.allow_negative ? location_flag_allow_negative : 0U) |
                                      (l.hold ? location_flag_hold : 0U)));
}

auto event_codec<location_defined>::read(reader& r) -> location_defined {
  location_definition l;
  l.code = r.text();
  l.description = r.text();
  l.parent = r.text();
  l.kind = r.enumeration<location_kind>();
  const auto flags = r.integer<std::uint8_t>();
  if ((flags & ~location_flags_known) != 0) r.fail();  // a bit this version does not know
  l.allow_negative = (flags & location_flag_allow_negative) != 0;
  l.hold = (flags & location_flag_hold) != 0;
  return location_defined{std::move(l)};
}

void event_codec<lot_defined>::write(writer& w, const lot_defined& e) {
  const auto& l = e.lot;
  w.text(l.item);
  w.text(l.code);
  w.optional(l.expiry, [&](const date& d) { w.day(d); });
  for (const auto& days : {l.best_before_days, l.removal_days, l.alert_days}) {
    w.optional(days, [&](int d) { w.integer(static_cast<std::int32_t>(d)); });
  }
  w.enumeration(l.status);
}

auto event_codec<lot_defined>::read(reader& r) -> lot_defined {
  lot_definition l;
  l.item = r.text();
  l.code = r.text();
  l.expiry = r.optional<date>([&] { return r.day(); });
  l.best_before_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
  l.removal_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
  l.alert_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
  l.status = r.enumeration<lot_status>();
  return lot_defined{std::move(l)};
}

void event_codec<lot_status_set>::write(writer& w, const lot_status_set& e) {
  w.integer(e.lot.value);
  w.enumeration(e.status);
}

auto event_codec<lot_status_set>::read(reader& r) -> lot_status_set {
  lot_status_set s;
  s.lot = lot_id{r.integer<std::uint32_t>()};
  s.status = r.enumeration<lot_status>();
  return s;
}

}  // namespace onhand::detail
