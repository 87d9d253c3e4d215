// SPDX-License-Identifier: Apache-2.0
#include "orders/codec.hpp"

#include <vector>

namespace onhand::detail {
namespace {

constexpr std::size_t decoded_transfer_lines_max = 10'000;  // a bound on what decode accepts
constexpr std::size_t transfer_line_bytes = 4 + 4 + 8;      // item, lot, amount
constexpr std::size_t amount_bytes = 8;

// Per-line amounts: a u32 count, then an i64 raw quantity each.
void write_amounts(writer& w, const std::vector<quantity>& amounts) {
  w.integer(static_cast<std::uint32_t>(amounts.size()));
  for (const auto amount : amounts) w.integer(amount.raw());
}

auto read_amounts(reader& r) -> std::vector<quantity> {
  const auto n = r.count(amount_bytes, decoded_transfer_lines_max);
  std::vector<quantity> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(quantity::from_raw(r.integer<std::int64_t>()));
  return out;
}

}  // namespace

void event_codec<transfer_opened>::write(writer& w, const transfer_opened& e) {
  w.text(e.key);
  w.integer(e.source.value);
  w.integer(e.destination.value);
  w.integer(e.transit.value);
  w.time(e.eta);
  w.time(e.recorded);
  w.integer(static_cast<std::uint32_t>(e.lines.size()));
  for (const auto& line : e.lines) {
    w.integer(line.item.value);
    w.integer(line.lot.value);
    w.integer(line.amount.raw());
  }
}

auto event_codec<transfer_opened>::read(reader& r) -> transfer_opened {
  transfer_opened e;
  e.key = r.text();
  e.source = location_id{r.integer<std::uint32_t>()};
  e.destination = location_id{r.integer<std::uint32_t>()};
  e.transit = location_id{r.integer<std::uint32_t>()};
  e.eta = r.time();
  e.recorded = r.time();
  const auto n = r.count(transfer_line_bytes, decoded_transfer_lines_max);
  e.lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    transfer_line line;
    line.item = item_id{r.integer<std::uint32_t>()};
    line.lot = lot_id{r.integer<std::uint32_t>()};
    line.amount = quantity::from_raw(r.integer<std::int64_t>());
    e.lines.push_back(line);
  }
  return e;
}

void event_codec<transfer_shipped>::write(writer& w, const transfer_shipped& e) {
  w.integer(e.transfer.value);
  w.time(e.eta);
  write_amounts(w, e.amounts);
}

auto event_codec<transfer_shipped>::read(reader& r) -> transfer_shipped {
  transfer_shipped e;
  e.transfer = transfer_id{r.integer<std::uint32_t>()};
  e.eta = r.time();
  e.amounts = read_amounts(r);
  return e;
}

void event_codec<transfer_received>::write(writer& w, const transfer_received& e) {
  w.integer(e.transfer.value);
  write_amounts(w, e.amounts);
}

auto event_codec<transfer_received>::read(reader& r) -> transfer_received {
  transfer_received e;
  e.transfer = transfer_id{r.integer<std::uint32_t>()};
  e.amounts = read_amounts(r);
  return e;
}

void event_codec<transfer_closed>::write(writer& w, const transfer_closed& e) {
  w.text(e.key);
  w.integer(e.transfer.value);
  w.integer(e.loss.value);
  w.text(e.reason);
  write_amounts(w, e.written_off);
  write_amounts(w, e.found);
}

auto event_codec<transfer_closed>::read(reader& r) -> transfer_closed {
  transfer_closed e;
  e.key = r.text();
  e.transfer = transfer_id{r.integer<std::uint32_t>()};
  e.loss = location_id{r.integer<std::uint32_t>()};
  e.reason = r.text();
  e.written_off = read_amounts(r);
  e.found = read_amounts(r);
  return e;
}

}  // namespace onhand::detail
