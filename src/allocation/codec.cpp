// SPDX-License-Identifier: Apache-2.0
#include "allocation/codec.hpp"

namespace onhand::detail {

void event_codec<reservation_made>::write(writer& w, const reservation_made& e) {
  w.text(e.key);
  w.integer(e.item.value);
  w.integer(e.location.value);
  w.integer(e.amount.raw());
  w.text(e.channel);
  w.text(e.customer);
  w.optional(e.expires, [&](timestamp t) { w.time(t); });
  w.time(e.recorded);
}

auto event_codec<reservation_made>::read(reader& r) -> reservation_made {
  reservation_made e;
  e.key = r.text();
  e.item = item_id{r.integer<std::uint32_t>()};
  e.location = location_id{r.integer<std::uint32_t>()};
  e.amount = quantity::from_raw(r.integer<std::int64_t>());
  e.channel = r.text();
  e.customer = r.text();
  e.expires = r.optional<timestamp>([&] { return r.time(); });
  e.recorded = r.time();
  return e;
}

void event_codec<reservation_committed>::write(writer& w, const reservation_committed& e) {
  w.integer(e.reservation.value);
  w.integer(e.amount.raw());
}

auto event_codec<reservation_committed>::read(reader& r) -> reservation_committed {
  reservation_committed e;
  e.reservation = reservation_id{r.integer<std::uint32_t>()};
  e.amount = quantity::from_raw(r.integer<std::int64_t>());
  return e;
}

void event_codec<reservation_released>::write(writer& w, const reservation_released& e) {
  w.text(e.key);
  w.integer(e.reservation.value);
  w.integer(e.amount.raw());
}

auto event_codec<reservation_released>::read(reader& r) -> reservation_released {
  reservation_released e;
  e.key = r.text();
  e.reservation = reservation_id{r.integer<std::uint32_t>()};
  e.amount = quantity::from_raw(r.integer<std::int64_t>());
  return e;
}

void event_codec<reservation_clock_set>::write(writer& w, const reservation_clock_set& e) {
  w.time(e.at);
}

auto event_codec<reservation_clock_set>::read(reader& r) -> reservation_clock_set {
  return reservation_clock_set{r.time()};
}

void event_codec<channel_quota_set>::write(writer& w, const channel_quota_set& e) {
  w.integer(e.item.value);
  w.integer(e.location.value);
  w.text(e.channel);
  w.enumeration(e.kind);
  w.integer(e.value.raw());
}

auto event_codec<channel_quota_set>::read(reader& r) -> channel_quota_set {
  channel_quota_set e;
  e.item = item_id{r.integer<std::uint32_t>()};
  e.location = location_id{r.integer<std::uint32_t>()};
  e.channel = r.text();
  e.kind = r.enumeration<quota_kind>();
  e.value = quantity::from_raw(r.integer<std::int64_t>());
  return e;
}

}  // namespace onhand::detail
