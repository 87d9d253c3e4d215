// SPDX-License-Identifier: Apache-2.0
// The counting domain's event encoding (docs/reference/events.md). Money
// travels as its decimal text ("2.35"), which money::parse reads back
// exactly; a text that does not parse fails the decoding.
#include "counting/codec.hpp"

#include "engine/codec_values.hpp"

namespace onhand::detail {
namespace {

void write_money_text(writer& w, const money& m) { w.text(m.to_string()); }

auto read_money_text(reader& r) -> money {
  auto parsed = money::parse(r.text());
  if (!parsed) {
    r.fail();
    return money{};
  }
  return *parsed;
}

}  // namespace

void event_codec<count_task_started>::write(writer& w, const count_task_started& e) {
  w.text(e.key);
  w.integer(e.item.value);
  w.integer(e.location.value);
  w.integer(e.lot.value);
  w.integer(e.loss_location.value);
  w.text(e.abc_class);
  w.flag(e.blind);
  w.optional(e.tolerance.quantity_max, [&](quantity q) { write_quantity(w, q); });
  w.optional(e.tolerance.percent_max, [&](quantity q) { write_quantity(w, q); });
  w.optional(e.tolerance.value_max, [&](const money& m) { write_money_text(w, m); });
  w.optional(e.unit_cost, [&](const money& m) { write_money_text(w, m); });
  write_quantity(w, e.snapshot);
  w.time(e.recorded);
}

auto event_codec<count_task_started>::read(reader& r) -> count_task_started {
  count_task_started e;
  e.key = r.text();
  e.item = item_id{r.integer<std::uint32_t>()};
  e.location = location_id{r.integer<std::uint32_t>()};
  e.lot = lot_id{r.integer<std::uint32_t>()};
  e.loss_location = location_id{r.integer<std::uint32_t>()};
  e.abc_class = r.text();
  e.blind = r.flag();
  e.tolerance.quantity_max = r.optional<quantity>([&] { return read_quantity(r); });
  e.tolerance.percent_max = r.optional<quantity>([&] { return read_quantity(r); });
  e.tolerance.value_max = r.optional<money>([&] { return read_money_text(r); });
  e.unit_cost = r.optional<money>([&] { return read_money_text(r); });
  e.snapshot = read_quantity(r);
  e.recorded = r.time();
  return e;
}

void event_codec<count_submitted>::write(writer& w, const count_submitted& e) {
  w.text(e.key);
  w.integer(e.task.value);
  write_quantity(w, e.counted);
  w.time(e.counted_at);
  write_quantity(w, e.expected);
  w.flag(e.within_tolerance);
  w.time(e.recorded);
}

auto event_codec<count_submitted>::read(reader& r) -> count_submitted {
  count_submitted e;
  e.key = r.text();
  e.task = count_task_id{r.integer<std::uint32_t>()};
  e.counted = read_quantity(r);
  e.counted_at = r.time();
  e.expected = read_quantity(r);
  e.within_tolerance = r.flag();
  e.recorded = r.time();
  return e;
}

void event_codec<count_approved>::write(writer& w, const count_approved& e) {
  w.text(e.key);
  w.integer(e.task.value);
  write_quantity(w, e.adjustment);
  w.time(e.recorded);
}

auto event_codec<count_approved>::read(reader& r) -> count_approved {
  count_approved e;
  e.key = r.text();
  e.task = count_task_id{r.integer<std::uint32_t>()};
  e.adjustment = read_quantity(r);
  e.recorded = r.time();
  return e;
}

// A rejection and a recount request share their layout: key, task, recorded.
template <class Decision>
void write_decision(writer& w, const Decision& e) {
  w.text(e.key);
  w.integer(e.task.value);
  w.time(e.recorded);
}
template <class Decision>
auto read_decision(reader& r) -> Decision {
  Decision e;
  e.key = r.text();
  e.task = count_task_id{r.integer<std::uint32_t>()};
  e.recorded = r.time();
  return e;
}

void event_codec<count_rejected>::write(writer& w, const count_rejected& e) {
  write_decision(w, e);
}
auto event_codec<count_rejected>::read(reader& r) -> count_rejected {
  return read_decision<count_rejected>(r);
}
void event_codec<recount_requested>::write(writer& w, const recount_requested& e) {
  write_decision(w, e);
}
auto event_codec<recount_requested>::read(reader& r) -> recount_requested {
  return read_decision<recount_requested>(r);
}

}  // namespace onhand::detail
