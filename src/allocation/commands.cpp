// SPDX-License-Identifier: Apache-2.0
#include "allocation/commands.hpp"

#include <algorithm>

#include "onhand/allocation/queries.hpp"

#include "engine/checks.hpp"

namespace onhand::detail {
namespace {

// The item and location a reservation or quota names: defined, and a
// location that holds stock.
auto check_place(const state& s, item_id item, location_id location) -> result<void> {
  if (item.index() >= s.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id", error_context{.field = "item"});
  }
  if (location.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown location id",
                      error_context{.item = item_code(s, item), .field = "location"});
  }
  if (!s.physical(location)) {
    return make_error(errc::invalid_location,
                      "location '" + location_code(s, location) +
                          "' holds no stock: reserve at an internal or transit location",
                      error_context{.item = item_code(s, item),
                                    .location = location_code(s, location),
                                    .field = "location"});
  }
  return {};
}

// A positive quantity the item's base unit can hold.
auto check_amount(const state& s, item_id item, quantity amount, std::string_view field)
    -> result<void> {
  const auto& units = s.catalog.item(item).units;
  if (auto ok = units.check_precision(amount); !ok) {
    auto err = std::move(ok).error();
    err.context.item = item_code(s, item);
    err.context.field = std::string(field);
    return err;
  }
  if (!amount.is_positive()) {
    return make_error(errc::invalid_quantity,
                      std::string(field) + " must be positive, not " + amount.to_string(),
                      error_context{.item = item_code(s, item), .field = std::string(field)});
  }
  return {};
}

auto check_text(std::string_view text, std::string_view field) -> result<void> {
  if (text.size() > text_length_max) {
    return make_error(errc::malformed_input, std::string(field) + " is longer than 1024 bytes",
                      error_context{.field = std::string(field)});
  }
  return {};
}

// The rules of a reservation, for the command and for replay alike.
auto check_reservation(const state& s, const reservation_made& e) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (!e.channel.empty()) {
    if (auto ok = validate_code(e.channel, "channel"); !ok) return ok;
  }
  if (auto ok = check_text(e.customer, "customer"); !ok) return ok;
  if (const auto clock = s.reservations.clock(); e.expires && clock && *e.expires <= *clock) {
    return make_error(errc::invalid_parameter,
                      "the reservation expires at or before the reservation clock (" +
                          format(*clock) + "): it would lapse at once",
                      error_context{.document = e.key, .field = "expires"});
  }
  if (auto ok = check_place(s, e.item, e.location); !ok) return ok;
  if (auto ok = check_amount(s, e.item, e.amount, "amount"); !ok) return ok;
  const auto atp = available_to_promise(s, e.item, e.location, e.channel, e.recorded);
  if (e.amount > atp.available) {
    const auto channel = e.channel.empty() ? std::string{} : " for channel '" + e.channel + "'";
    return make_error(errc::insufficient_stock,
                      "only " + atp.available.to_string() + " of '" + item_code(s, e.item) +
                          "' is available to promise at '" + location_code(s, e.location) + "'" +
                          channel + ", not " + e.amount.to_string(),
                      error_context{.item = item_code(s, e.item),
                                    .location = location_code(s, e.location),
                                    .document = e.key,
                                    .requested = e.amount,
                                    .available = atp.available});
  }
  return {};
}

auto check_resolution(const state& s, reservation_id id, quantity amount) -> result<void> {
  const auto& r = s.reservations.at(id);
  if (r.status != reservation_status::open) {
    return make_error(errc::already_resolved,
                      "reservation '" + r.key + "' is " + std::string(name_of(r.status)),
                      error_context{.item = item_code(s, r.item), .document = r.key});
  }
  if (auto ok = check_amount(s, r.item, amount, "amount"); !ok) return ok;
  if (amount > r.remaining()) {
    return make_error(errc::exceeds_reservation,
                      "reservation '" + r.key + "' holds " + r.remaining().to_string() + ", not " +
                          amount.to_string(),
                      error_context{.item = item_code(s, r.item),
                                    .location = location_code(s, r.location),
                                    .document = r.key,
                                    .requested = amount,
                                    .available = r.remaining()});
  }
  return {};
}

// The quota rules, for the command and for replay alike.
auto check_quota(const state& s, const channel_quota_set& e) -> result<void> {
  if (auto ok = validate_code(e.channel, "channel"); !ok) return ok;
  if (auto ok = check_place(s, e.item, e.location); !ok) return ok;
  if (e.value.is_negative()) {
    return make_error(errc::invalid_quantity, "a quota must not be negative",
                      error_context{.item = item_code(s, e.item), .field = "value"});
  }
  if (e.kind == quota_kind::share && e.value > quantity::units(1)) {
    return make_error(errc::invalid_parameter,
                      "a share quota is at most 1, not " + e.value.to_string(),
                      error_context{.item = item_code(s, e.item), .field = "value"});
  }
  if (e.kind == quota_kind::fixed) {
    if (auto ok = s.catalog.item(e.item).units.check_precision(e.value); !ok) return ok;
  }
  const auto channel = s.reservations.find_channel(e.channel);
  for (const auto& q : s.reservations.quotas_of(e.item)) {
    if (!channel || q.channel != *channel || q.location == e.location) continue;
    if (s.catalog.is_within(q.location, e.location) ||
        s.catalog.is_within(e.location, q.location)) {
      return make_error(errc::invalid_parameter,
                        "channel '" + e.channel + "' has a quota of '" + item_code(s, e.item) +
                            "' at '" + location_code(s, q.location) +
                            "', which contains or lies within '" + location_code(s, e.location) +
                            "': a channel's quotas of an item sit on separate locations",
                        error_context{.item = item_code(s, e.item),
                                      .location = location_code(s, e.location),
                                      .field = "location"});
    }
  }
  return {};
}

}  // namespace

auto reservation_event(const reservation_request& request, timestamp recorded) -> reservation_made {
  return {request.key,     request.item,     request.location, request.amount,
          request.channel, request.customer, request.expires,  recorded};
}

auto same_reservation(const event& stored, const reservation_request& request) -> bool {
  const auto* made = std::get_if<reservation_made>(&stored);
  return made != nullptr && made->item == request.item && made->location == request.location &&
         made->amount == request.amount && made->channel == request.channel &&
         made->customer == request.customer && made->expires == request.expires;
}

auto validate_reserve(const state& s, const reservation_request& request, timestamp recorded)
    -> result<intent> {
  auto made = reservation_event(request, recorded);
  if (auto ok = check_reservation(s, made); !ok) return ok.error();
  return intent::of(event{std::move(made)});
}

auto open_reservation(const state& s, std::string_view key) -> result<reservation_id> {
  const auto id = s.reservations.find(key);
  if (!id) {
    return make_error(errc::unknown_reservation,
                      "no reservation was made under key '" + std::string(key) + "'",
                      error_context{.document = std::string(key), .field = "reservation"});
  }
  return *id;
}

auto committed_amount(const state& s, reservation_id id, const movement_document& document)
    -> result<quantity> {
  auto total = commit_lines_amount(s, id, document);
  if (!total) return total;
  if (auto ok = check_resolution(s, id, *total); !ok) return ok.error();
  return total;
}

auto commit_lines_amount(const state& s, reservation_id id, const movement_document& document)
    -> result<quantity> {
  const auto& r = s.reservations.at(id);
  quantity total;
  for (std::size_t i = 0; i < document.lines.size(); ++i) {
    const auto& line = document.lines[i];
    const bool known = line.from.index() < s.catalog.location_count() &&
                       line.to.index() < s.catalog.location_count();
    if (line.item != r.item || !known || !s.catalog.is_within(line.from, r.location) ||
        s.catalog.is_within(line.to, r.location)) {
      return make_error(errc::invalid_location,
                        "line " + std::to_string(i) + " of a commit must move '" +
                            item_code(s, r.item) + "' from within '" +
                            location_code(s, r.location) + "' to outside it",
                        error_context{.item = item_code(s, r.item),
                                      .location = location_code(s, r.location),
                                      .document = document.key,
                                      .line = i});
    }
    // Stock held apart was never promised: a commit cannot pick it.
    if (s.catalog.is_held(line.from)) {
      return make_error(errc::invalid_location,
                        "line " + std::to_string(i) + " of a commit takes '" +
                            item_code(s, r.item) + "' from '" + location_code(s, line.from) +
                            "', which is held apart: its stock cannot fill a reservation",
                        error_context{.item = item_code(s, r.item),
                                      .location = location_code(s, line.from),
                                      .document = document.key,
                                      .field = "from",
                                      .line = i});
    }
    if (auto ok = checked_add(total, line.amount); ok) {
      total = *ok;
    } else {
      return ok.error();
    }
  }
  return total;
}

auto touches_promises(const state& s, const movement_document& document) -> bool {
  if (!s.reservations.any_open()) return false;
  return std::any_of(document.lines.begin(), document.lines.end(),
                     [&](const movement_line& line) { return s.reservations.any_open(line.item); });
}

auto check_promises(const state& s, const movement_document& document, timestamp now,
                    const std::optional<freed_hold>& freed, const pending_lines* earlier)
    -> result<void> {
  if (!touches_promises(s, document)) return {};
  const auto today = date{std::chrono::floor<std::chrono::days>(now)};
  const auto counts = [&](const movement_line& line) {
    const bool known = line.item.index() < s.catalog.item_count() &&
                       line.from.index() < s.catalog.location_count() &&
                       line.to.index() < s.catalog.location_count();
    return known && s.reservations.any_open(line.item) &&
           (line.lot.is_none() || !is_quarantined(s.catalog.lot(line.lot), today));
  };
  // Stock at a held location is not usable: taking it from there takes no
  // usable stock, and putting it there takes it out of the usable stock of
  // every location above the source, not only up to the common one.
  const auto usable_at = [&](location_id at) { return !s.catalog.is_held(at); };
  // The net usable stock the document (after the batch's earlier ones)
  // takes out of each location above a line's source.
  struct outflow {
    item_id item;
    location_id location;
    quantity amount;
  };
  std::vector<outflow> out;
  const auto change = [&](item_id item, location_id at, quantity amount) {
    const auto found = std::find_if(out.begin(), out.end(), [&](const outflow& o) {
      return o.item == item && o.location == at;
    });
    if (found == out.end()) {
      out.push_back({item, at, amount});
    } else {
      found->amount += amount;
    }
  };
  // A line takes from every location above its source up to the first
  // that also holds its destination, and gives to those above the
  // destination (when it is effective by now: a later receipt does not
  // make stock usable now).
  const auto add = [&](const movement_line& line, bool gives) {
    if (!counts(line)) return;
    const bool from_usable = usable_at(line.from);
    const bool to_usable = usable_at(line.to);
    if (from_usable) {
      for (auto at = line.from; !at.is_none() && !(to_usable && s.catalog.is_within(line.to, at));
           at = s.catalog.parent(at)) {
        change(line.item, at, line.amount);
      }
    }
    if (!gives || !to_usable) return;
    for (auto at = line.to; !at.is_none() && !(from_usable && s.catalog.is_within(line.from, at));
         at = s.catalog.parent(at)) {
      change(line.item, at, -line.amount);
    }
  };
  if (earlier != nullptr) {
    for (const auto& line : *earlier) add(line, false);
  }
  const bool effective_now = !document.effective || *document.effective <= now;
  for (const auto& line : document.lines) add(line, effective_now);
  for (const auto& o : out) {
    if (!o.amount.is_positive()) continue;
    auto reserved = s.reservations.reserved_within(o.item, o.location);
    if (freed) {
      const auto& r = s.reservations.at(freed->reservation);
      if (r.item == o.item && s.catalog.is_within(r.location, o.location)) {
        reserved -= freed->amount;
      }
    }
    if (!reserved.is_positive()) continue;
    const auto usable = usable_within(s, o.item, o.location, now);
    if (usable - o.amount < reserved) {
      const auto spare = usable > reserved ? usable - reserved : quantity{};
      return make_error(errc::insufficient_stock,
                        "'" + location_code(s, o.location) + "' holds " + usable.to_string() +
                            " usable '" + item_code(s, o.item) + "', of which " +
                            reserved.to_string() + " is reserved: the document would take " +
                            o.amount.to_string() + " (commit the reservations to ship them)",
                        error_context{.item = item_code(s, o.item),
                                      .location = location_code(s, o.location),
                                      .document = document.key,
                                      .requested = o.amount,
                                      .available = spare});
    }
  }
  return {};
}

auto release_event(const state& s, const reservation_release& request)
    -> result<reservation_released> {
  auto id = open_reservation(s, request.reservation);
  if (!id) return id.error();
  const auto amount = request.amount.value_or(s.reservations.at(*id).remaining());
  return reservation_released{request.key, *id, amount};
}

auto same_release(const event& stored, const state& s, const reservation_release& request) -> bool {
  const auto* released = std::get_if<reservation_released>(&stored);
  const auto id = s.reservations.find(request.reservation);
  return released != nullptr && id && released->reservation == *id &&
         (!request.amount || released->amount == *request.amount);
}

auto validate_release(const state& s, const reservation_release& request) -> result<intent> {
  if (auto ok = validate_code(request.key, "key"); !ok) return ok.error();
  auto released = release_event(s, request);
  if (!released) return released.error();
  if (auto ok = check_resolution(s, released->reservation, released->amount); !ok) {
    return ok.error();
  }
  return intent::of(event{std::move(*released)});
}

auto validate_clock(const state& s, timestamp at) -> result<intent> {
  const auto clock = s.reservations.clock();
  if (clock && at < *clock) {
    return make_error(
        errc::clock_regression,
        "the reservation clock is at " + format(*clock) + "; it cannot go back to " + format(at),
        error_context{.field = "at"});
  }
  if (clock && at == *clock) return intent{};
  return intent::of(event{reservation_clock_set{at}});
}

auto validate_quota(const state& s, const quota_request& request) -> result<intent> {
  channel_quota_set e{request.item, request.location, request.channel, request.kind, request.value};
  if (auto ok = check_quota(s, e); !ok) return ok.error();
  // Setting what is set, or removing what is not, changes nothing.
  const auto channel = s.reservations.find_channel(request.channel);
  const auto quotas = s.reservations.quotas_of(request.item);
  const auto current = std::find_if(quotas.begin(), quotas.end(), [&](const channel_quota& q) {
    return channel && q.channel == *channel && q.location == request.location;
  });
  if (current == quotas.end() ? request.value.is_zero()
                              : current->kind == request.kind && current->value == request.value) {
    return intent{};
  }
  return intent::of(event{std::move(e)});
}

auto check_logged(const reservation_made& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  return check_reservation(s, e);
}

auto check_logged(const reservation_committed& e, const state& s) -> result<void> {
  if (e.reservation.index() >= s.reservations.size()) {
    return make_error(errc::store_failure, "a commit names an unknown reservation id");
  }
  return check_resolution(s, e.reservation, e.amount);
}

auto check_logged(const reservation_released& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (e.reservation.index() >= s.reservations.size()) {
    return make_error(errc::store_failure, "a release names an unknown reservation id");
  }
  return check_resolution(s, e.reservation, e.amount);
}

auto check_logged(const reservation_clock_set& e, const state& s) -> result<void> {
  auto made = validate_clock(s, e.at);
  if (!made) return made.error();
  if (made->empty()) return make_error(errc::store_failure, "the clock is set to what it was");
  return {};
}

auto check_logged(const channel_quota_set& e, const state& s) -> result<void> {
  auto made = validate_quota(s, {e.item, e.location, e.channel, e.kind, e.value});
  if (!made) return made.error();
  if (made->empty()) return make_error(errc::store_failure, "a quota is set to what it was");
  return {};
}

}  // namespace onhand::detail
