// SPDX-License-Identifier: Apache-2.0
#include "purchasing/codec.hpp"

#include <cstddef>
#include <cstdint>

#include "engine/codec_values.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t decoded_order_lines_max = 10'000;  // a bound on what decode accepts
// item u32, amount i64, price i64, expected i32, destination u32
constexpr std::size_t order_line_bytes = 4 + 8 + 8 + 4 + 4;

// The events that say what happened to an order, and when.
template <class E>
void write_order_at(writer& w, const E& e) {
  w.integer(e.order.value);
  w.time(e.at);
}
template <class E>
auto read_order_at(reader& r) -> E {
  E e;
  e.order = purchase_order_id{r.integer<std::uint32_t>()};
  e.at = r.time();
  return e;
}

// A line change's fields, which a repricing writes before its price.
template <class E>
void write_line_change(writer& w, const E& e) {
  w.text(e.key);
  w.integer(e.order.value);
  w.integer(e.line);
  write_quantity(w, e.amount);
  w.day(e.expected);
}
template <class E>
auto read_line_change(reader& r) -> E {
  E e;
  e.key = r.text();
  e.order = purchase_order_id{r.integer<std::uint32_t>()};
  e.line = r.integer<std::uint32_t>();
  e.amount = read_quantity(r);
  e.expected = r.day();
  return e;
}

}  // namespace

void event_codec<supplier_defined>::write(writer& w, const supplier_defined& e) {
  w.text(e.code);
  w.text(e.name);
  w.integer(e.location.value);
  write_quantity(w, e.over_tolerance);
  write_quantity(w, e.under_tolerance);
  w.flag(e.allow_unexpected);
}

auto event_codec<supplier_defined>::read(reader& r) -> supplier_defined {
  supplier_defined e;
  e.code = r.text();
  e.name = r.text();
  e.location = location_id{r.integer<std::uint32_t>()};
  e.over_tolerance = read_quantity(r);
  e.under_tolerance = read_quantity(r);
  e.allow_unexpected = r.flag();
  return e;
}

void event_codec<supplier_item_set>::write(writer& w, const supplier_item_set& e) {
  w.integer(e.supplier.value);
  w.integer(e.item.value);
  w.text(e.supplier_code);
  write_money(w, e.price);
  w.text(e.currency);
  w.day(e.valid_from);
  w.optional(e.valid_to, [&](const date& d) { w.day(d); });
  write_quantity(w, e.pack_size);
  write_quantity(w, e.minimum_order);
  w.integer(e.lead_time_days);
  w.optional(e.over_tolerance, [&](quantity q) { write_quantity(w, q); });
  w.optional(e.under_tolerance, [&](quantity q) { write_quantity(w, q); });
}

auto event_codec<supplier_item_set>::read(reader& r) -> supplier_item_set {
  supplier_item_set e;
  e.supplier = supplier_id{r.integer<std::uint32_t>()};
  e.item = item_id{r.integer<std::uint32_t>()};
  e.supplier_code = r.text();
  e.price = read_money(r);
  e.currency = r.text();
  e.valid_from = r.day();
  e.valid_to = r.optional<date>([&] { return r.day(); });
  e.pack_size = read_quantity(r);
  e.minimum_order = read_quantity(r);
  e.lead_time_days = r.integer<std::int32_t>();
  e.over_tolerance = r.optional<quantity>([&] { return read_quantity(r); });
  e.under_tolerance = r.optional<quantity>([&] { return read_quantity(r); });
  return e;
}

void event_codec<purchase_order_created>::write(writer& w, const purchase_order_created& e) {
  w.text(e.key);
  w.integer(e.supplier.value);
  w.text(e.currency);
  w.integer(static_cast<std::uint32_t>(e.lines.size()));
  for (const auto& line : e.lines) {
    w.integer(line.item.value);
    write_quantity(w, line.amount);
    write_money(w, line.price);
    w.day(line.expected);
    w.integer(line.destination.value);
  }
  w.time(e.recorded);
}

auto event_codec<purchase_order_created>::read(reader& r) -> purchase_order_created {
  purchase_order_created e;
  e.key = r.text();
  e.supplier = supplier_id{r.integer<std::uint32_t>()};
  e.currency = r.text();
  const auto n = r.count(order_line_bytes, decoded_order_lines_max);
  e.lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    purchase_order_line line;
    line.item = item_id{r.integer<std::uint32_t>()};
    line.amount = read_quantity(r);
    line.price = read_money(r);
    line.expected = r.day();
    line.destination = location_id{r.integer<std::uint32_t>()};
    e.lines.push_back(line);
  }
  e.recorded = r.time();
  return e;
}

void event_codec<purchase_order_sent>::write(writer& w, const purchase_order_sent& e) {
  write_order_at(w, e);
}

auto event_codec<purchase_order_sent>::read(reader& r) -> purchase_order_sent {
  return read_order_at<purchase_order_sent>(r);
}

void event_codec<purchase_order_line_changed>::write(writer& w,
                                                     const purchase_order_line_changed& e) {
  write_line_change(w, e);
}

auto event_codec<purchase_order_line_changed>::read(reader& r) -> purchase_order_line_changed {
  return read_line_change<purchase_order_line_changed>(r);
}

void event_codec<purchase_order_line_repriced>::write(writer& w,
                                                      const purchase_order_line_repriced& e) {
  write_line_change(w, e);
  write_money(w, e.price);
}

auto event_codec<purchase_order_line_repriced>::read(reader& r) -> purchase_order_line_repriced {
  auto e = read_line_change<purchase_order_line_repriced>(r);
  e.price = read_money(r);
  return e;
}

void event_codec<purchase_order_cancelled>::write(writer& w, const purchase_order_cancelled& e) {
  write_order_at(w, e);
}

auto event_codec<purchase_order_cancelled>::read(reader& r) -> purchase_order_cancelled {
  return read_order_at<purchase_order_cancelled>(r);
}

void event_codec<purchase_order_closed>::write(writer& w, const purchase_order_closed& e) {
  write_order_at(w, e);
}

auto event_codec<purchase_order_closed>::read(reader& r) -> purchase_order_closed {
  return read_order_at<purchase_order_closed>(r);
}

void event_codec<receipt_recorded>::write(writer& w, const receipt_recorded& e) {
  w.integer(e.order.value);
  w.integer(e.line);
  w.integer(e.supplier.value);
  w.integer(e.item.value);
  w.integer(e.destination.value);
  write_quantity(w, e.amount);
  w.time(e.received);
}

auto event_codec<receipt_recorded>::read(reader& r) -> receipt_recorded {
  receipt_recorded e;
  e.order = purchase_order_id{r.integer<std::uint32_t>()};
  e.line = r.integer<std::uint32_t>();
  e.supplier = supplier_id{r.integer<std::uint32_t>()};
  e.item = item_id{r.integer<std::uint32_t>()};
  e.destination = location_id{r.integer<std::uint32_t>()};
  e.amount = read_quantity(r);
  e.received = r.time();
  return e;
}

void event_codec<inspection_set>::write(writer& w, const inspection_set& e) {
  w.integer(e.supplier.value);
  w.integer(e.item.value);
  w.integer(e.location.value);
}

auto event_codec<inspection_set>::read(reader& r) -> inspection_set {
  inspection_set e;
  e.supplier = supplier_id{r.integer<std::uint32_t>()};
  e.item = item_id{r.integer<std::uint32_t>()};
  e.location = location_id{r.integer<std::uint32_t>()};
  return e;
}

void event_codec<inspection_released>::write(writer& w, const inspection_released& e) {
  w.integer(e.order.value);
  w.integer(e.line);
  w.enumeration(e.outcome);
  w.integer(e.from.value);
  w.integer(e.to.value);
  write_quantity(w, e.amount);
  w.text(e.reason);
  w.time(e.released);
}

auto event_codec<inspection_released>::read(reader& r) -> inspection_released {
  inspection_released e;
  e.order = purchase_order_id{r.integer<std::uint32_t>()};
  e.line = r.integer<std::uint32_t>();
  e.outcome = r.enumeration<inspection_outcome>();
  e.from = location_id{r.integer<std::uint32_t>()};
  e.to = location_id{r.integer<std::uint32_t>()};
  e.amount = read_quantity(r);
  e.reason = r.text();
  e.released = r.time();
  return e;
}

}  // namespace onhand::detail
