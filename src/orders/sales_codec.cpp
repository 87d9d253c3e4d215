// SPDX-License-Identifier: Apache-2.0
// The encoding of the sales-order events, tags 72–76 of the orders domain
// (layouts: docs/reference/events.md).
#include <vector>

#include "engine/codec_values.hpp"
#include "orders/codec.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t decoded_sales_lines_max = 10'000;  // a bound on what decode accepts
constexpr std::size_t sales_line_bytes = 4 + 8 + 4 + 4;  // item, amount, requested, priority
constexpr std::size_t sales_link_bytes = 4 + 4;          // line, reservation
constexpr std::size_t sales_location_bytes = 4;
constexpr std::size_t sales_amount_bytes = 8;

}  // namespace

void event_codec<sales_order_created>::write(writer& w, const sales_order_created& e) {
  w.text(e.key);
  w.text(e.customer);
  w.text(e.channel);
  w.time(e.recorded);
  w.integer(static_cast<std::uint32_t>(e.locations.size()));
  for (const auto location : e.locations) w.integer(location.value);
  w.integer(static_cast<std::uint32_t>(e.lines.size()));
  for (const auto& line : e.lines) {
    w.integer(line.item.value);
    write_quantity(w, line.amount);
    w.day(line.requested);
    w.integer(line.priority);
  }
}

auto event_codec<sales_order_created>::read(reader& r) -> sales_order_created {
  sales_order_created e;
  e.key = r.text();
  e.customer = r.text();
  e.channel = r.text();
  e.recorded = r.time();
  const auto locations = r.count(sales_location_bytes, decoded_sales_lines_max);
  e.locations.reserve(locations);
  for (std::size_t i = 0; i < locations; ++i) {
    e.locations.push_back(location_id{r.integer<std::uint32_t>()});
  }
  const auto n = r.count(sales_line_bytes, decoded_sales_lines_max);
  e.lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    sales_order_line line;
    line.item = item_id{r.integer<std::uint32_t>()};
    line.amount = read_quantity(r);
    line.requested = r.day();
    line.priority = r.integer<std::uint32_t>();
    e.lines.push_back(line);
  }
  return e;
}

void event_codec<sales_order_allocated>::write(writer& w, const sales_order_allocated& e) {
  w.integer(e.order.value);
  w.integer(static_cast<std::uint32_t>(e.links.size()));
  for (const auto& link : e.links) {
    w.integer(link.line);
    w.integer(link.reservation.value);
  }
}

auto event_codec<sales_order_allocated>::read(reader& r) -> sales_order_allocated {
  sales_order_allocated e;
  e.order = sales_order_id{r.integer<std::uint32_t>()};
  const auto n = r.count(sales_link_bytes, decoded_sales_lines_max);
  e.links.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    sales_order_link link;
    link.line = r.integer<std::uint32_t>();
    link.reservation = reservation_id{r.integer<std::uint32_t>()};
    e.links.push_back(link);
  }
  return e;
}

void event_codec<sales_order_cancelled>::write(writer& w, const sales_order_cancelled& e) {
  w.text(e.key);
  w.integer(e.order.value);
  w.integer(static_cast<std::uint32_t>(e.amounts.size()));
  for (const auto amount : e.amounts) write_quantity(w, amount);
}

auto event_codec<sales_order_cancelled>::read(reader& r) -> sales_order_cancelled {
  sales_order_cancelled e;
  e.key = r.text();
  e.order = sales_order_id{r.integer<std::uint32_t>()};
  const auto n = r.count(sales_amount_bytes, decoded_sales_lines_max);
  e.amounts.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    e.amounts.push_back(read_quantity(r));
  }
  return e;
}

void event_codec<sales_order_shipped>::write(writer& w, const sales_order_shipped& e) {
  w.text(e.key);
  w.integer(e.order.value);
  w.integer(e.line);
}

auto event_codec<sales_order_shipped>::read(reader& r) -> sales_order_shipped {
  sales_order_shipped e;
  e.key = r.text();
  e.order = sales_order_id{r.integer<std::uint32_t>()};
  e.line = r.integer<std::uint32_t>();
  return e;
}

void event_codec<sales_order_returned>::write(writer& w, const sales_order_returned& e) {
  w.text(e.key);
  w.integer(e.order.value);
  w.integer(e.line);
  w.integer(e.from.value);
  w.integer(e.to.value);
  w.integer(e.lot.value);
  write_quantity(w, e.amount);
  w.enumeration(e.reason);
}

auto event_codec<sales_order_returned>::read(reader& r) -> sales_order_returned {
  sales_order_returned e;
  e.key = r.text();
  e.order = sales_order_id{r.integer<std::uint32_t>()};
  e.line = r.integer<std::uint32_t>();
  e.from = location_id{r.integer<std::uint32_t>()};
  e.to = location_id{r.integer<std::uint32_t>()};
  e.lot = lot_id{r.integer<std::uint32_t>()};
  e.amount = read_quantity(r);
  e.reason = r.enumeration<sales_return_reason>();
  return e;
}

}  // namespace onhand::detail
