// SPDX-License-Identifier: Apache-2.0
#include "orders/sales_commands.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <string>
#include <utility>

#include "onhand/allocation/pick_plan.hpp"
#include "onhand/allocation/queries.hpp"
#include "onhand/catalog/catalog.hpp"

#include "allocation/commands.hpp"
#include "engine/checks.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t sales_order_lines_max = 1'000;
constexpr std::size_t sales_order_locations_max = 16;

// The locations an order or an allocation names: known, internal, distinct.
auto check_locations(const state& s, const std::vector<location_id>& locations,
                     std::string_view key) -> result<void> {
  if (locations.empty() || locations.size() > sales_order_locations_max) {
    return make_error(errc::invalid_parameter, "a sales order names 1 to 16 locations",
                      error_context{.document = std::string(key), .field = "locations"});
  }
  for (std::size_t i = 0; i < locations.size(); ++i) {
    const auto location = locations[i];
    if (location.index() >= s.catalog.location_count()) {
      return make_error(errc::unknown_code, "unknown location id",
                        error_context{.document = std::string(key), .field = "locations"});
    }
    if (s.catalog.location(location).kind != location_kind::internal) {
      return make_error(errc::invalid_location,
                        "a sales order is filled from internal locations, not '" +
                            location_code(s, location) + "'",
                        error_context{.location = location_code(s, location),
                                      .document = std::string(key),
                                      .field = "locations"});
    }
    if (std::find(locations.begin(), locations.begin() + static_cast<std::ptrdiff_t>(i),
                  location) != locations.begin() + static_cast<std::ptrdiff_t>(i)) {
      return make_error(errc::invalid_parameter,
                        "location '" + location_code(s, location) + "' is named twice",
                        error_context{.location = location_code(s, location),
                                      .document = std::string(key),
                                      .field = "locations"});
    }
  }
  return {};
}

auto check_line(const state& s, const sales_order_line& line, std::size_t index,
                std::string_view key) -> result<void> {
  if (line.item.index() >= s.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id",
                      error_context{.document = std::string(key), .field = "item", .line = index});
  }
  if (!line.requested.ok()) {
    return make_error(errc::malformed_input, "the requested date is not a calendar date",
                      error_context{.item = item_code(s, line.item),
                                    .document = std::string(key),
                                    .field = "requested",
                                    .line = index});
  }
  if (auto ok = s.catalog.item(line.item).units.check_precision(line.amount); !ok) {
    auto err = std::move(ok).error();
    err.context.item = item_code(s, line.item);
    err.context.document = std::string(key);
    err.context.field = "amount";
    err.context.line = index;
    return err;
  }
  if (!line.amount.is_positive()) {
    return make_error(errc::invalid_quantity,
                      "an order line's amount must be positive, not " + line.amount.to_string(),
                      error_context{.item = item_code(s, line.item),
                                    .document = std::string(key),
                                    .field = "amount",
                                    .line = index});
  }
  return {};
}

// The rules of a sales order, for the command and for replay alike.
auto check_order(const state& s, const sales_order_created& e) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (!e.channel.empty()) {
    if (auto ok = validate_code(e.channel, "channel"); !ok) return ok;
  }
  if (e.customer.size() > text_length_max) {
    return make_error(errc::malformed_input, "customer is longer than 1024 bytes",
                      error_context{.document = e.key, .field = "customer"});
  }
  if (e.lines.empty() || e.lines.size() > sales_order_lines_max) {
    return make_error(errc::invalid_parameter, "a sales order has 1 to 1000 lines",
                      error_context{.document = e.key, .field = "lines"});
  }
  if (auto ok = check_locations(s, e.locations, e.key); !ok) return ok;
  for (std::size_t i = 0; i < e.lines.size(); ++i) {
    if (auto ok = check_line(s, e.lines[i], i, e.key); !ok) return ok;
  }
  return {};
}

// A key for the next reservation of `line` at `location`: the order's key,
// the line's index and the location's code; "#2", "#3"... for the next
// ones there (a top-up after a receipt), skipping keys already taken.
auto reservation_key(const state& s, const sales_order& o, std::size_t line, location_id location,
                     const std::vector<std::string>& taken) -> std::string {
  const auto base = o.key + "/" + std::to_string(line) + "@" + location_code(s, location);
  auto used = [&](const std::string& key) {
    return s.keys.find(key).has_value() ||
           std::find(taken.begin(), taken.end(), key) != taken.end();
  };
  if (!used(base)) return base;
  for (std::size_t n = 2;; ++n) {
    auto key = base + "#" + std::to_string(n);
    if (!used(key)) return key;
  }
}

// What stays open of each line: ordered − cancelled − shipped − allocated.
auto open_of(const state& s, sales_order_id id, std::uint32_t line) -> quantity {
  return s.sales_orders.line_status(id, line, s.reservations).backordered;
}

}  // namespace

auto same_sales_order(const event& stored, const sales_order_request& request) -> bool {
  const auto* made = std::get_if<sales_order_created>(&stored);
  return made != nullptr && made->customer == request.customer &&
         made->channel == request.channel && made->locations == request.locations &&
         made->lines == request.lines;
}

auto validate_create(const state& s, const sales_order_request& request, timestamp recorded)
    -> result<intent> {
  sales_order_created made{.key = request.key,
                           .customer = request.customer,
                           .channel = request.channel,
                           .locations = request.locations,
                           .lines = request.lines,
                           .recorded = recorded};
  if (auto ok = check_order(s, made); !ok) return ok.error();
  return intent::of(event{std::move(made)});
}

auto find_sales_order(const state& s, std::string_view key) -> result<sales_order_id> {
  const auto id = s.sales_orders.find(key);
  if (!id) {
    return make_error(errc::unknown_sales_order,
                      "no sales order was created under key '" + std::string(key) + "'",
                      error_context{.document = std::string(key), .field = "order"});
  }
  return *id;
}

auto check_line_index(const state& s, sales_order_id id, std::size_t line) -> result<void> {
  const auto& o = s.sales_orders.at(id);
  if (line >= o.lines.size()) {
    return make_error(errc::invalid_parameter,
                      "order '" + o.key + "' has " + std::to_string(o.lines.size()) +
                          " lines; there is no line " + std::to_string(line),
                      error_context{.document = o.key, .field = "line", .line = line});
  }
  return {};
}

auto validate_allocate(const state& s, const sales_order_allocation& allocation, timestamp now)
    -> result<intent> {
  auto id = find_sales_order(s, allocation.order);
  if (!id) return id.error();
  const auto& o = s.sales_orders.at(*id);
  if (allocation.line) {
    if (auto ok = check_line_index(s, *id, *allocation.line); !ok) return ok.error();
  }
  const auto& locations = allocation.locations.empty() ? o.locations : allocation.locations;
  if (auto ok = check_locations(s, locations, o.key); !ok) return ok.error();

  // The lines in allocation order: priority (highest first), then the
  // requested date, then line order.
  std::vector<std::uint32_t> lines;
  for (std::uint32_t i = 0; i < o.lines.size(); ++i) {
    if (!allocation.line || *allocation.line == i) lines.push_back(i);
  }
  std::stable_sort(lines.begin(), lines.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& la = o.lines[a];
    const auto& lb = o.lines[b];
    if (la.priority != lb.priority) return la.priority > lb.priority;
    return la.requested < lb.requested;
  });

  // What this allocation reserves of each item within each location (and
  // every location above it): the ATP the state shows at a location, less
  // what this allocation already took within it, is what is left there.
  std::map<std::pair<std::uint32_t, std::uint32_t>, quantity> taken;
  auto chain = [&](location_id location) {
    std::vector<location_id> out;
    for (auto at = location; !at.is_none(); at = s.catalog.parent(at)) out.push_back(at);
    return out;
  };
  auto available_at = [&](item_id item, location_id location) {
    std::optional<quantity> least;
    for (const auto at : chain(location)) {
      const auto atp = available_to_promise(s, item, at, o.channel, now).available -
                       taken[{item.value, at.value}];
      if (!least || atp < *least) least = atp;
    }
    return std::max(quantity{}, least.value_or(quantity{}));
  };

  intent out;
  sales_order_allocated linked{.order = *id};
  std::vector<std::string> keys;
  const auto first = static_cast<std::uint32_t>(s.reservations.size());
  for (const auto line : lines) {
    const auto item = o.lines[line].item;
    auto open = open_of(s, *id, line);
    for (const auto location : locations) {
      if (!open.is_positive()) break;
      const auto amount = std::min(open, available_at(item, location));
      if (!amount.is_positive()) continue;
      reservation_request request{.key = reservation_key(s, o, line, location, keys),
                                  .item = item,
                                  .location = location,
                                  .amount = amount,
                                  .channel = o.channel,
                                  .customer = o.customer};
      auto made = validate_reserve(s, request, now);
      if (!made) return made.error();
      keys.push_back(request.key);
      for (auto& staged : made->events) out.events.push_back(std::move(staged));
      linked.links.push_back(
          {line, reservation_id{first + static_cast<std::uint32_t>(linked.links.size())}});
      for (const auto at : chain(location)) taken[{item.value, at.value}] += amount;
      open -= amount;
    }
  }
  if (linked.links.empty()) return intent{};
  out.events.emplace_back(event{std::move(linked)});
  return out;
}

auto same_cancel(const event& stored, const state& s, const sales_order_cancel& cancel) -> bool {
  const auto* made = std::get_if<sales_order_cancelled>(&stored);
  const auto id = s.sales_orders.find(cancel.order);
  if (made == nullptr || !id || made->order != *id) return false;
  if (!cancel.line) return true;
  for (std::size_t i = 0; i < made->amounts.size(); ++i) {
    if (i != *cancel.line && !made->amounts[i].is_zero()) return false;
  }
  return true;
}

auto validate_cancel(const state& s, const sales_order_cancel& cancel) -> result<intent> {
  if (auto ok = validate_code(cancel.key, "key"); !ok) return ok.error();
  auto id = find_sales_order(s, cancel.order);
  if (!id) return id.error();
  const auto& o = s.sales_orders.at(*id);
  if (cancel.line) {
    if (auto ok = check_line_index(s, *id, *cancel.line); !ok) return ok.error();
  }
  sales_order_cancelled cancelled{.key = cancel.key, .order = *id};
  cancelled.amounts.resize(o.lines.size());
  std::vector<reservation_released> releases;
  for (std::uint32_t line = 0; line < o.lines.size(); ++line) {
    if (cancel.line && *cancel.line != line) continue;
    const auto status = s.sales_orders.line_status(*id, line, s.reservations);
    cancelled.amounts[line] = status.allocated + status.backordered;
    for (const auto r : o.reservations[line]) {
      const auto& held = s.reservations.at(r);
      if (!held.remaining().is_positive()) continue;
      auto key = cancel.key + "#" + std::to_string(releases.size() + 1);
      if (s.keys.find(key)) {
        return make_error(errc::idempotency_conflict,
                          "the release key '" + key + "' of this cancellation is taken",
                          error_context{.document = cancel.key, .field = "key"});
      }
      releases.push_back({std::move(key), r, held.remaining()});
    }
  }
  const bool any = std::any_of(cancelled.amounts.begin(), cancelled.amounts.end(),
                               [](quantity q) { return q.is_positive(); });
  if (!any) {
    return make_error(errc::already_resolved,
                      "order '" + o.key + "' has nothing left to cancel" +
                          (cancel.line ? " on line " + std::to_string(*cancel.line) : ""),
                      error_context{.document = o.key, .field = "line"});
  }
  intent out = intent::of(event{std::move(cancelled)});
  for (auto& r : releases) out.events.emplace_back(event{std::move(r)});
  return out;
}

auto check_logged(const sales_order_created& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  return check_order(s, e);
}

auto check_logged(const sales_order_allocated& e, const state& s) -> result<void> {
  if (e.order.index() >= s.sales_orders.size()) {
    return make_error(errc::store_failure, "an allocation names an unknown sales order");
  }
  const auto& o = s.sales_orders.at(e.order);
  std::map<std::uint32_t, quantity> added;
  for (const auto& link : e.links) {
    if (link.line >= o.lines.size() || link.reservation.index() >= s.reservations.size() ||
        s.sales_orders.line_of(link.reservation)) {
      return make_error(errc::store_failure,
                        "an allocation links an unknown line, or an unknown or linked reservation");
    }
    const auto& held = s.reservations.at(link.reservation);
    if (held.item != o.lines[link.line].item ||
        s.reservations.channel_name(held.channel) != o.channel) {
      return make_error(errc::store_failure,
                        "an allocation links a reservation of another item or channel");
    }
    added[link.line] += held.remaining();
  }
  for (const auto& [line, amount] : added) {
    if (amount > open_of(s, e.order, line)) {
      return make_error(errc::store_failure, "an allocation holds more than a line lacks");
    }
  }
  if (e.links.empty()) return make_error(errc::store_failure, "an allocation links nothing");
  return {};
}

auto check_logged(const sales_order_cancelled& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (e.order.index() >= s.sales_orders.size()) {
    return make_error(errc::store_failure, "a cancellation names an unknown sales order");
  }
  const auto& o = s.sales_orders.at(e.order);
  if (e.amounts.size() != o.lines.size()) {
    return make_error(errc::store_failure, "a cancellation has another number of lines");
  }
  for (std::uint32_t line = 0; line < o.lines.size(); ++line) {
    const auto status = s.sales_orders.line_status(e.order, line, s.reservations);
    if (e.amounts[line].is_negative() || e.amounts[line] > status.allocated + status.backordered) {
      return make_error(errc::store_failure, "a cancellation cancels more than a line has open");
    }
  }
  return {};
}

auto check_logged(const sales_order_shipped& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (e.order.index() >= s.sales_orders.size() ||
      e.line >= s.sales_orders.at(e.order).lines.size()) {
    return make_error(errc::store_failure, "a shipment names an unknown sales order line");
  }
  return {};
}

}  // namespace onhand::detail

namespace onhand::detail {
namespace {

// FEFO picks of `wanted` of `item` within `from`: every account there with
// stock, at a location not held apart, as plan_picks (onhand/allocation/
// pick_plan.hpp) orders them on the day of `now`.
auto fefo_picks(const state& s, item_id item, location_id from, quantity wanted, timestamp now)
    -> result<std::vector<sales_order_pick>> {
  std::vector<lot_candidate> candidates;
  for (const auto index : s.ledger.accounts_of(item)) {
    const auto& a = s.ledger.account_at(index);
    const auto location = a.key.location;
    if (!a.on_hand.from_zero().is_positive() || !s.physical(location) ||
        s.catalog.is_held(location) || !s.catalog.is_within(location, from)) {
      continue;
    }
    lot_candidate c{.location = location, .lot = a.key.lot, .usable = a.on_hand.from_zero()};
    if (!a.entries.empty()) {
      c.first_received = s.ledger.document(document_id{a.entries.front().document}).effective();
    }
    if (!a.key.lot.is_none()) {
      const auto& lot = s.catalog.lot(a.key.lot);
      c.lot_code = lot.code;
      c.expiry = lot.expiry;
      c.removal_days = lot.removal_days.value_or(0);
      c.status = lot.status;
    }
    candidates.push_back(c);
  }
  const pick_request request{.wanted = wanted,
                             .on = date{std::chrono::floor<std::chrono::days>(now)}};
  auto plan = plan_picks(candidates, request);
  if (!plan) {
    auto err = std::move(plan).error();
    err.context.item = item_code(s, item);
    err.context.location = location_code(s, from);
    return err;
  }
  std::vector<sales_order_pick> out;
  for (const auto& p : plan->lines) out.push_back({p.location, p.lot, p.amount});
  return out;
}

}  // namespace

auto same_shipment(const event& stored, const state& s, const sales_order_shipment& request)
    -> bool {
  const auto* made = std::get_if<sales_order_shipped>(&stored);
  const auto id = s.sales_orders.find(request.order);
  return made != nullptr && id && made->order == *id && made->line == request.line;
}

auto plan_shipment(const state& s, const sales_order_shipment& request, timestamp now)
    -> result<shipment_plan> {
  if (auto ok = validate_code(request.key, "key"); !ok) return ok.error();
  auto id = find_sales_order(s, request.order);
  if (!id) return id.error();
  if (auto ok = check_line_index(s, *id, request.line); !ok) return ok.error();
  const auto& o = s.sales_orders.at(*id);
  const auto item = o.lines[request.line].item;
  const error_context where{.item = item_code(s, item), .document = o.key, .line = request.line};
  if (request.to.index() >= s.catalog.location_count() ||
      s.catalog.location(request.to).kind != location_kind::customer) {
    auto err =
        make_error(errc::invalid_location, "a sales order ships to a customer location", where);
    err.context.field = "to";
    return err;
  }
  // The line's open reservations at `from` (or where the first one is).
  auto from = request.from;
  if (!from.is_none() && from.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown location id", where);
  }
  std::vector<reservation_id> held_there;
  quantity held;
  for (const auto r : o.reservations[request.line]) {
    const auto& reservation = s.reservations.at(r);
    if (!reservation.remaining().is_positive()) continue;
    if (from.is_none()) from = reservation.location;
    if (reservation.location != from) continue;
    held_there.push_back(r);
    held += reservation.remaining();
  }
  if (held_there.empty()) {
    auto err = make_error(errc::already_resolved,
                          "line " + std::to_string(request.line) + " of order '" + o.key +
                              "' holds nothing" +
                              (from.is_none() ? "" : " at '" + location_code(s, from) + "'"),
                          where);
    err.context.location = location_code(s, from);
    return err;
  }
  const auto amount = request.amount.value_or(held);
  if (auto ok = s.catalog.item(item).units.check_precision(amount); !ok) return ok.error();
  if (!amount.is_positive()) {
    auto err = make_error(errc::invalid_quantity,
                          "a shipment's amount must be positive, not " + amount.to_string(), where);
    err.context.field = "amount";
    return err;
  }
  if (amount > held) {
    auto err = make_error(errc::exceeds_reservation,
                          "line " + std::to_string(request.line) + " of order '" + o.key +
                              "' holds " + held.to_string() + " at '" + location_code(s, from) +
                              "', not " + amount.to_string(),
                          where);
    err.context.location = location_code(s, from);
    err.context.requested = amount;
    err.context.available = held;
    return err;
  }
  std::vector<sales_order_pick> picks = request.picks;
  if (picks.empty()) {
    auto planned = fefo_picks(s, item, from, amount, now);
    if (!planned) return planned.error();
    picks = std::move(*planned);
  } else {
    quantity total;
    for (const auto& p : picks) total += p.amount;
    if (total != amount) {
      auto err = make_error(
          errc::invalid_parameter,
          "the picks add up to " + total.to_string() + ", not " + amount.to_string(), where);
      err.context.field = "picks";
      return err;
    }
  }

  // The picks, in order, fill the reservations in the order they were made.
  shipment_plan plan{.shipped = {.key = request.key,
                                 .order = *id,
                                 .line = static_cast<std::uint32_t>(request.line)}};
  std::size_t next = 0;
  quantity taken_from_pick;
  quantity left = amount;
  for (const auto r : held_there) {
    auto want = std::min(s.reservations.at(r).remaining(), left);
    if (!want.is_positive()) break;
    left -= want;
    movement_document document{.key = request.key + "/" + std::to_string(plan.documents.size() + 1),
                               .reason = movement_reason::shipment};
    const auto committed = want;
    while (want.is_positive() && next < picks.size()) {
      const auto& p = picks[next];
      const auto part = std::min(want, p.amount - taken_from_pick);
      document.lines.push_back(
          {.item = item, .lot = p.lot, .from = p.location, .to = request.to, .amount = part});
      want -= part;
      taken_from_pick += part;
      if (taken_from_pick == p.amount) {
        ++next;
        taken_from_pick = quantity{};
      }
    }
    plan.commits.emplace_back(r, committed);
    plan.documents.push_back(std::move(document));
  }
  if (request.release_rest) {
    for (std::size_t i = 0; i < held_there.size(); ++i) {
      const auto r = held_there[i];
      const auto rest = s.reservations.at(r).remaining() -
                        (i < plan.commits.size() ? plan.commits[i].second : quantity{});
      if (!rest.is_positive()) continue;
      plan.releases.push_back(
          {request.key + "/release-" + std::to_string(plan.releases.size() + 1), r, rest});
    }
  }
  for (const auto& d : plan.documents) {
    if (s.keys.find(d.key)) {
      return make_error(errc::idempotency_conflict,
                        "the document key '" + d.key + "' of this shipment is taken", where);
    }
  }
  for (const auto& r : plan.releases) {
    if (s.keys.find(r.key)) {
      return make_error(errc::idempotency_conflict,
                        "the release key '" + r.key + "' of this shipment is taken", where);
    }
  }
  return plan;
}

}  // namespace onhand::detail
