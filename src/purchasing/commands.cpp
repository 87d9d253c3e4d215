// SPDX-License-Identifier: Apache-2.0
#include "purchasing/commands.hpp"

#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "onhand/catalog/catalog.hpp"
#include "onhand/detail/int128.hpp"

#include "engine/checks.hpp"
#include "valuation/commands.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t order_lines_max = 10'000;
constexpr std::int32_t lead_time_days_max = 3'660;

auto fail(errc code, std::string message, std::string_view field, std::string document = {})
    -> error {
  return make_error(code, std::move(message),
                    error_context{.document = std::move(document), .field = std::string(field)});
}

auto known_item(const state& s, item_id item) -> result<void> {
  if (item.index() >= s.catalog.item_count())
    return fail(errc::unknown_code, "unknown item id", "item");
  return {};
}

// A location that exists and is of the kind wanted (physical, or a supplier).
auto known_location(const state& s, location_id location, bool physical, std::string_view field)
    -> result<void> {
  if (location.index() >= s.catalog.location_count()) {
    return fail(errc::unknown_code, "unknown location id", field);
  }
  const auto& l = s.catalog.location(location);
  const bool fits = physical ? holds_stock(l.kind) : l.kind == location_kind::supplier;
  if (!fits) {
    return make_error(errc::invalid_location,
                      "location '" + l.code + "' is not " +
                          (physical ? "an internal or transit location" : "a supplier location"),
                      error_context{.location = l.code, .field = std::string(field)});
  }
  return {};
}

auto check_share(quantity share, std::string_view field) -> result<void> {
  if (share.is_negative() || share > quantity::units(1)) {
    return fail(errc::invalid_parameter,
                std::string(field) + " must lie in [0, 1], not " + share.to_string(), field);
  }
  return {};
}

// A price >= 0 that the event encoding holds.
auto check_price(const money& price, std::string_view field) -> result<void> {
  if (price.is_negative() || price.raw() > money::rep{std::numeric_limits<std::int64_t>::max()}) {
    return fail(errc::invalid_parameter,
                std::string(field) + " must be at least 0 and at most 9223372036854.775807", field);
  }
  return {};
}

auto check_currency(std::string_view currency) -> result<void> {
  const bool letters =
      currency.size() == 3 &&
      std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!letters) {
    return fail(errc::malformed_input,
                "currency must be three capital letters (ISO 4217), not '" +
                    std::string(currency.substr(0, 16)) + "'",
                "currency");
  }
  return {};
}

// The error of a failed check, naming a document and a line when it does not yet.
auto located(result<void> r, std::string_view document, std::optional<std::size_t> line = {})
    -> result<void> {
  if (r) return r;
  auto e = std::move(r).error();
  if (e.context.document.empty()) e.context.document = std::string(document);
  if (line && !e.context.line) e.context.line = line;
  return e;
}

auto supplier_of(const state& s, std::string_view code) -> result<supplier_id> {
  if (auto id = s.purchasing.find_supplier(code)) return *id;
  return fail(errc::unknown_code, "unknown supplier '" + std::string(code.substr(0, 128)) + "'",
              "supplier");
}

auto order_of(const state& s, std::string_view key) -> result<purchase_order_id> {
  if (auto id = s.purchasing.find_order(key)) return *id;
  return fail(errc::unknown_purchase_order,
              "no purchase order '" + std::string(key.substr(0, 128)) + "'", "order",
              std::string(key.substr(0, 128)));
}

auto wrong_status(const purchase_order& o, std::string_view what) -> error {
  return fail(errc::wrong_purchase_order_status,
              "purchase order '" + o.key + "' is " + std::string(name_of(o.status)) + ": cannot " +
                  std::string(what),
              "order", o.key);
}

// A line number the order does not have.
auto no_such_line(const purchase_order& o, std::size_t line) -> error {
  return fail(errc::invalid_parameter,
              "purchase order '" + o.key + "' has no line " + std::to_string(line), "line", o.key);
}

// A line's quantity: positive, in the item's precision, and within the
// supplier's terms for the item (minimum order, multiple of the pack size).
auto check_line_amount(const state& s, supplier_id supplier, item_id item, quantity amount,
                       std::size_t line) -> result<void> {
  auto located = [&](error e) {
    e.context.line = line;
    e.context.item = s.catalog.item(item).code;
    e.context.field = "amount";
    return e;
  };
  if (auto ok = s.catalog.item(item).units.check_precision(amount); !ok) {
    return located(std::move(ok).error());
  }
  if (!amount.is_positive()) {
    return located(make_error(errc::invalid_quantity,
                              "a line's amount must be positive, not " + amount.to_string()));
  }
  const auto* terms = s.purchasing.find_supplier_item(supplier, item);
  if (terms == nullptr) return {};
  if (amount < terms->terms.minimum_order) {
    return located(make_error(errc::invalid_quantity, "the supplier's minimum order is " +
                                                          terms->terms.minimum_order.to_string() +
                                                          ", not " + amount.to_string()));
  }
  const auto pack = terms->terms.pack_size;
  if (pack.is_positive() && amount.raw() % pack.raw() != 0) {
    return located(make_error(errc::invalid_quantity, "the amount " + amount.to_string() +
                                                          " is not a multiple of the pack size " +
                                                          pack.to_string()));
  }
  return {};
}

auto check_order_line(const state& s, supplier_id supplier, const purchase_order_line& line,
                      std::size_t index) -> result<void> {
  auto at_line = [&](result<void> r) { return located(std::move(r), {}, index); };
  if (auto ok = at_line(known_item(s, line.item)); !ok) return ok;
  if (auto ok = at_line(known_location(s, line.destination, true, "destination")); !ok) return ok;
  if (auto ok = at_line(check_price(line.price, "price")); !ok) return ok;
  return check_line_amount(s, supplier, line.item, line.amount, index);
}

// Where a receipt against a line goes: the inspection location its
// supplier item names, else the line's destination.
auto receipt_destination(const state& s, const purchase_order& o,
                         const purchase_order_line_state& line) -> location_id {
  const auto inspection = s.purchasing.inspection_of(o.supplier, line.line.item);
  return inspection.is_none() ? line.line.destination : inspection;
}

auto reason_of(inspection_outcome outcome) -> movement_reason {
  switch (outcome) {
    case inspection_outcome::accepted:
      return movement_reason::transfer;
    case inspection_outcome::returned:
      return movement_reason::returned;
    case inspection_outcome::scrapped:
      return movement_reason::scrap;
  }
  return movement_reason::transfer;
}

// The sum of a request's lots, each positive; `what` names the request.
auto sum_of_lots(std::span<const received_lot> lots, const std::string& key, std::string_view what)
    -> result<quantity> {
  quantity sum;
  for (std::size_t i = 0; i < lots.size(); ++i) {
    const auto amount = lots[i].amount;
    if (!amount.is_positive()) {
      auto e =
          fail(errc::invalid_quantity,
               "a " + std::string(what) + " amount must be positive, not " + amount.to_string(),
               "lots", key);
      e.context.line = i;
      return e;
    }
    if (add_overflows(sum, amount, sum)) {
      return fail(errc::overflow, "the " + std::string(what) + " amounts overflow", "lots", key);
    }
  }
  return sum;
}

auto check_supplier(const state& s, const supplier_defined& e) -> result<void> {
  if (auto ok = validate_code(e.code, "code"); !ok) return ok;
  if (e.name.size() > text_length_max) {
    return fail(errc::malformed_input, "name is longer than 1024 bytes", "name");
  }
  if (auto ok = known_location(s, e.location, false, "location"); !ok) return ok;
  if (auto ok = check_share(e.over_tolerance, "over_tolerance"); !ok) return ok;
  return check_share(e.under_tolerance, "under_tolerance");
}

}  // namespace

auto check_logged(const supplier_defined& e, const state& s) -> result<void> {
  return check_supplier(s, e);
}

auto validate_supplier(const state& s, const supplier_definition& d) -> result<intent> {
  supplier_defined e{
      d.code, d.name, d.location, d.over_tolerance, d.under_tolerance, d.allow_unexpected};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  if (auto id = s.purchasing.find_supplier(e.code);
      id && s.purchasing.supplier_at(*id).terms == e) {
    return intent{};
  }
  return intent::of(event{std::move(e)});
}

auto check_logged(const supplier_item_set& e, const state& s) -> result<void> {
  if (e.supplier.index() >= s.purchasing.supplier_count()) {
    return fail(errc::unknown_code, "unknown supplier", "supplier");
  }
  if (auto ok = known_item(s, e.item); !ok) return ok;
  if (e.supplier_code.size() > text_length_max) {
    return fail(errc::malformed_input, "supplier_code is longer than 1024 bytes", "supplier_code");
  }
  if (auto ok = check_price(e.price, "price"); !ok) return ok;
  if (auto ok = check_currency(e.currency); !ok) return ok;
  if (e.valid_to && std::chrono::sys_days{*e.valid_to} <= std::chrono::sys_days{e.valid_from}) {
    return fail(errc::invalid_parameter, "valid_to must be after valid_from", "valid_to");
  }
  if (e.pack_size.is_negative()) {
    return fail(errc::invalid_quantity, "pack_size must not be negative", "pack_size");
  }
  if (e.minimum_order.is_negative()) {
    return fail(errc::invalid_quantity, "minimum_order must not be negative", "minimum_order");
  }
  if (e.lead_time_days < 0 || e.lead_time_days > lead_time_days_max) {
    return fail(errc::invalid_parameter, "lead_time_days must lie in [0, 3660]", "lead_time_days");
  }
  if (e.over_tolerance) {
    if (auto ok = check_share(*e.over_tolerance, "over_tolerance"); !ok) return ok;
  }
  if (e.under_tolerance) return check_share(*e.under_tolerance, "under_tolerance");
  return {};
}

auto validate_supplier_item(const state& s, const supplier_item_terms& t) -> result<intent> {
  auto supplier = supplier_of(s, t.supplier);
  if (!supplier) return supplier.error();
  supplier_item_set e{*supplier,       t.item,           t.supplier_code,  t.price,
                      t.currency,      t.valid_from,     t.valid_to,       t.pack_size,
                      t.minimum_order, t.lead_time_days, t.over_tolerance, t.under_tolerance};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  if (const auto* known = s.purchasing.find_supplier_item(*supplier, t.item)) {
    const auto day =
        static_cast<std::int32_t>(std::chrono::sys_days{e.valid_from}.time_since_epoch().count());
    const auto period = known->prices.find(day);
    if (known->terms == e && period != known->prices.end() && period->second == e) return intent{};
  }
  return intent::of(event{std::move(e)});
}

auto check_logged(const purchase_order_created& e, const state& s) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (s.purchasing.find_order(e.key)) {
    return fail(errc::idempotency_conflict, "purchase order '" + e.key + "' exists", "key", e.key);
  }
  if (e.supplier.index() >= s.purchasing.supplier_count()) {
    return fail(errc::unknown_code, "unknown supplier", "supplier", e.key);
  }
  if (auto ok = check_currency(e.currency); !ok) return ok;
  if (e.lines.empty() || e.lines.size() > order_lines_max) {
    return fail(errc::invalid_parameter, "an order has 1 to 10000 lines", "lines", e.key);
  }
  for (std::size_t i = 0; i < e.lines.size(); ++i) {
    if (auto ok = check_order_line(s, e.supplier, e.lines[i], i); !ok) {
      return located(std::move(ok), e.key);
    }
  }
  return {};
}

auto order_event(const state& s, const purchase_order_request& request, timestamp recorded)
    -> result<purchase_order_created> {
  if (auto ok = validate_code(request.key, "key"); !ok) return ok.error();
  auto supplier = supplier_of(s, request.supplier);
  if (!supplier) return supplier.error();
  purchase_order_created e{request.key, *supplier, request.currency, request.lines, recorded};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  return e;
}

auto same_order(const event& stored, const state& s, const purchase_order_request& request)
    -> bool {
  const auto* made = std::get_if<purchase_order_created>(&stored);
  const auto supplier = s.purchasing.find_supplier(request.supplier);
  return made != nullptr && supplier && made->supplier == *supplier &&
         made->currency == request.currency && made->lines == request.lines;
}

auto validate_order(const state& s, const purchase_order_request& request, timestamp recorded)
    -> result<intent> {
  auto made = order_event(s, request, recorded);
  if (!made) return made.error();
  return intent::of(event{std::move(*made)});
}

auto check_logged(const purchase_order_sent& e, const state& s) -> result<void> {
  if (e.order.index() >= s.purchasing.orders().size()) {
    return fail(errc::unknown_purchase_order, "no such purchase order", "order");
  }
  const auto& o = s.purchasing.order(e.order);
  if (o.status != purchase_order_status::draft) return wrong_status(o, "send it");
  return {};
}

auto validate_send(const state& s, std::string_view order, timestamp at) -> result<intent> {
  auto id = order_of(s, order);
  if (!id) return id.error();
  const auto status = s.purchasing.order(*id).status;
  // Sending again is a no-op, like setting a status that is set.
  if (status == purchase_order_status::sent ||
      status == purchase_order_status::partially_received ||
      status == purchase_order_status::received) {
    return intent{};
  }
  purchase_order_sent e{*id, at};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  return intent::of(event{e});
}

auto check_logged(const purchase_order_cancelled& e, const state& s) -> result<void> {
  if (e.order.index() >= s.purchasing.orders().size()) {
    return fail(errc::unknown_purchase_order, "no such purchase order", "order");
  }
  const auto& o = s.purchasing.order(e.order);
  if (o.status != purchase_order_status::draft && o.status != purchase_order_status::sent) {
    return wrong_status(o, "cancel it (close an order that received goods)");
  }
  return {};
}

auto validate_cancel(const state& s, std::string_view order, timestamp at) -> result<intent> {
  auto id = order_of(s, order);
  if (!id) return id.error();
  if (s.purchasing.order(*id).status == purchase_order_status::cancelled) return intent{};
  purchase_order_cancelled e{*id, at};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  return intent::of(event{e});
}

auto check_logged(const purchase_order_closed& e, const state& s) -> result<void> {
  if (e.order.index() >= s.purchasing.orders().size()) {
    return fail(errc::unknown_purchase_order, "no such purchase order", "order");
  }
  const auto& o = s.purchasing.order(e.order);
  if (o.status != purchase_order_status::sent &&
      o.status != purchase_order_status::partially_received) {
    return wrong_status(o, "close it");
  }
  return {};
}

auto validate_close(const state& s, std::string_view order, timestamp at) -> result<intent> {
  auto id = order_of(s, order);
  if (!id) return id.error();
  if (s.purchasing.order(*id).status == purchase_order_status::closed) return intent{};
  purchase_order_closed e{*id, at};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  return intent::of(event{e});
}

auto check_logged(const purchase_order_line_changed& e, const state& s) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (e.order.index() >= s.purchasing.orders().size()) {
    return fail(errc::unknown_purchase_order, "no such purchase order", "order", e.key);
  }
  const auto& o = s.purchasing.order(e.order);
  if (e.line >= o.lines.size()) {
    return no_such_line(o, e.line);
  }
  if (!o.open()) return wrong_status(o, "change it");
  if (auto ok = check_line_amount(s, o.supplier, o.lines[e.line].line.item, e.amount, e.line);
      !ok) {
    return located(std::move(ok), o.key);
  }
  const auto received = o.lines[e.line].received;
  if (e.amount < received) {
    return make_error(errc::invalid_quantity,
                      "the line received " + received.to_string() + " already: cannot order " +
                          e.amount.to_string(),
                      error_context{.document = o.key,
                                    .field = "amount",
                                    .requested = e.amount,
                                    .available = received,
                                    .line = e.line});
  }
  return {};
}

auto change_event(const state& s, const purchase_order_change& change)
    -> result<purchase_order_line_changed> {
  if (auto ok = validate_code(change.key, "key"); !ok) return ok.error();
  auto id = order_of(s, change.order);
  if (!id) return id.error();
  purchase_order_line_changed e{change.key, *id, change.line, change.amount, change.expected};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  return e;
}

auto same_change(const event& stored, const state& s, const purchase_order_change& change) -> bool {
  const auto id = s.purchasing.find_order(change.order);
  auto same = [&](const auto& made) {
    return id && made.order == *id && made.line == change.line && made.amount == change.amount &&
           made.expected == change.expected;
  };
  if (const auto* made = std::get_if<purchase_order_line_changed>(&stored)) {
    return !change.price && same(*made);
  }
  const auto* made = std::get_if<purchase_order_line_repriced>(&stored);
  return made != nullptr && change.price && made->price == *change.price && same(*made);
}

auto validate_change(const state& s, const purchase_order_change& change) -> result<intent> {
  auto made = change_event(s, change);
  if (!made) return made.error();
  if (!change.price) return intent::of(event{std::move(*made)});
  if (auto ok = located(check_price(*change.price, "price"), change.order, change.line); !ok) {
    return ok.error();
  }
  return intent::of(event{purchase_order_line_repriced{
      std::move(made->key), made->order, made->line, made->amount, made->expected, *change.price}});
}

auto check_logged(const purchase_order_line_repriced& e, const state& s) -> result<void> {
  if (auto ok = check_logged(
          purchase_order_line_changed{e.key, e.order, e.line, e.amount, e.expected}, s);
      !ok) {
    return ok;
  }
  return located(check_price(e.price, "price"), e.key, e.line);
}

auto check_logged(const receipt_recorded& e, const state& s) -> result<void> {
  if (e.supplier.index() >= s.purchasing.supplier_count()) {
    return fail(errc::unknown_code, "unknown supplier", "supplier");
  }
  if (auto ok = known_item(s, e.item); !ok) return ok;
  if (auto ok = known_location(s, e.destination, true, "destination"); !ok) return ok;
  if (!e.amount.is_positive()) {
    return fail(errc::invalid_quantity, "a receipt's amount must be positive", "lots");
  }
  if (e.order.is_none()) {
    const auto& supplier = s.purchasing.supplier_at(e.supplier).terms;
    if (!supplier.allow_unexpected) {
      return fail(errc::unexpected_receipt,
                  "supplier '" + supplier.code + "' does not allow receipts without an order",
                  "order");
    }
    return {};
  }
  if (e.order.index() >= s.purchasing.orders().size()) {
    return fail(errc::unknown_purchase_order, "no such purchase order", "order");
  }
  const auto& o = s.purchasing.order(e.order);
  if (e.line >= o.lines.size()) {
    return no_such_line(o, e.line);
  }
  if (o.status != purchase_order_status::sent &&
      o.status != purchase_order_status::partially_received) {
    return wrong_status(o, "receive against it");
  }
  const auto& line = o.lines[e.line];
  if (e.supplier != o.supplier || e.item != line.line.item ||
      e.destination != receipt_destination(s, o, line)) {
    return fail(errc::store_failure, "a receipt names another supplier, item or destination",
                "line", o.key);
  }
  if (e.destination != line.line.destination && line.in_inspection.is_positive() &&
      line.inspected_at != e.destination) {
    const auto& held = s.catalog.location(line.inspected_at).code;
    return make_error(errc::invalid_location,
                      "line " + std::to_string(e.line) + " of '" + o.key + "' holds " +
                          line.in_inspection.to_string() + " in inspection at '" + held +
                          "': release it before receiving into another inspection location",
                      error_context{.location = held, .document = o.key, .line = e.line});
  }
  const auto over = s.purchasing.tolerances(o.supplier, line.line.item).first;
  quantity total;
  if (add_overflows(line.received, e.amount, total) ||
      !within_over_tolerance(line.line.amount, total, over)) {
    const auto most = quantity::from_raw(static_cast<std::int64_t>(
        static_cast<detail::int128>(line.line.amount.raw()) *
        (quantity::units(1).raw() + over.raw()) / quantity::units(1).raw()));
    return make_error(errc::over_receipt,
                      "line " + std::to_string(e.line) + " of '" + o.key + "' ordered " +
                          line.line.amount.to_string() + " and may receive at most " +
                          most.to_string(),
                      error_context{.item = s.catalog.item(e.item).code,
                                    .document = o.key,
                                    .field = "lots",
                                    .requested = total,
                                    .available = most,
                                    .line = e.line});
  }
  return {};
}

auto receipt_of(const state& s, const receipt_request& request, timestamp recorded)
    -> result<receipt_intent> {
  receipt_intent out;
  auto& r = out.receipt;
  if (!request.order.empty()) {
    auto id = order_of(s, request.order);
    if (!id) return id.error();
    const auto& o = s.purchasing.order(*id);
    if (request.line >= o.lines.size()) {
      return no_such_line(o, request.line);
    }
    r.order = *id;
    r.line = request.line;
    r.supplier = o.supplier;
    r.item = o.lines[request.line].line.item;
    r.destination = receipt_destination(s, o, o.lines[request.line]);
  } else {
    auto supplier = supplier_of(s, request.supplier);
    if (!supplier) return supplier.error();
    r.supplier = *supplier;
    r.item = request.item;
    r.destination = request.destination;
  }
  if (request.lots.empty()) {
    return fail(errc::invalid_parameter, "a receipt names at least one lot and amount", "lots",
                request.key);
  }
  auto sum = sum_of_lots(request.lots, request.key, "received");
  if (!sum) return sum.error();
  r.amount = *sum;
  r.received = request.effective.value_or(recorded);
  if (auto ok = located(check_logged(r, s), request.key); !ok) return ok.error();
  if (request.unit_cost) {
    if (!request.order.empty()) {
      return fail(errc::invalid_parameter,
                  "a receipt against an order is valued at the line's price: give no unit_cost",
                  "unit_cost", request.key);
    }
    if (auto ok = located(check_cost(*request.unit_cost, "unit_cost"), request.key); !ok) {
      return ok.error();
    }
  }
  auto& d = out.document;
  d.key = request.key;
  d.reason = movement_reason::receipt;
  d.effective = request.effective;
  d.reference.external_document = request.order;
  if (!request.order.empty()) d.reference.external_line = std::to_string(request.line);
  const auto from = s.purchasing.supplier_at(r.supplier).terms.location;
  d.lines.reserve(request.lots.size());
  for (const auto& lot : request.lots) {
    d.lines.push_back(
        {.item = r.item, .lot = lot.lot, .from = from, .to = r.destination, .amount = lot.amount});
  }
  // Every line at the order line's price, or at the caller's cost.
  std::optional<money> unit_cost = request.unit_cost;
  if (!r.order.is_none()) unit_cost = s.purchasing.order(r.order).lines[r.line].line.price;
  if (unit_cost) out.costs = receipt_costed{d.key, std::vector<money>(d.lines.size(), *unit_cost)};
  return out;
}

auto check_logged(const inspection_set& e, const state& s) -> result<void> {
  if (e.supplier.index() >= s.purchasing.supplier_count()) {
    return fail(errc::unknown_code, "unknown supplier", "supplier");
  }
  if (auto ok = known_item(s, e.item); !ok) return ok;
  if (e.location.is_none()) return {};
  if (e.location.index() >= s.catalog.location_count()) {
    return fail(errc::unknown_code, "unknown location id", "location");
  }
  const auto& l = s.catalog.location(e.location);
  if (l.kind != location_kind::internal) {
    return make_error(errc::invalid_location,
                      "location '" + l.code +
                          "' is not an internal location: inspection holds "
                          "the stock it receives",
                      error_context{.location = l.code, .field = "location"});
  }
  return {};
}

auto validate_inspection(const state& s, const inspection_terms& terms) -> result<intent> {
  auto supplier = supplier_of(s, terms.supplier);
  if (!supplier) return supplier.error();
  inspection_set e{*supplier, terms.item, terms.location};
  if (auto ok = check_logged(e, s); !ok) return ok.error();
  if (s.purchasing.inspection_of(e.supplier, e.item) == e.location) return intent{};
  return intent::of(event{e});
}

auto check_logged(const inspection_released& e, const state& s) -> result<void> {
  if (e.order.index() >= s.purchasing.orders().size()) {
    return fail(errc::unknown_purchase_order, "no such purchase order", "order");
  }
  const auto& o = s.purchasing.order(e.order);
  if (e.line >= o.lines.size()) {
    return no_such_line(o, e.line);
  }
  const auto& line = o.lines[e.line];
  if (line.inspected_at.is_none()) {
    return make_error(
        errc::not_inspected,
        "line " + std::to_string(e.line) + " of '" + o.key + "' received nothing into inspection",
        error_context{.document = o.key, .field = "line", .line = e.line});
  }
  if (!e.amount.is_positive()) {
    return fail(errc::invalid_quantity, "a released amount must be positive", "lots", o.key);
  }
  if (e.amount > line.in_inspection) {
    return make_error(errc::exceeds_inspection,
                      "line " + std::to_string(e.line) + " of '" + o.key + "' holds " +
                          line.in_inspection.to_string() + " in inspection, not " +
                          e.amount.to_string(),
                      error_context{.item = s.catalog.item(line.line.item).code,
                                    .location = s.catalog.location(line.inspected_at).code,
                                    .document = o.key,
                                    .field = "lots",
                                    .requested = e.amount,
                                    .available = line.in_inspection,
                                    .line = e.line});
  }
  if (e.from != line.inspected_at) {
    return fail(errc::store_failure, "a release from another location than the inspection's",
                "line", o.key);
  }
  const bool rejected = e.outcome != inspection_outcome::accepted;
  if (e.reason.size() > text_length_max) {
    return fail(errc::malformed_input, "reason is longer than 1024 bytes", "reason", o.key);
  }
  if (rejected == e.reason.empty()) {
    return fail(errc::invalid_parameter,
                rejected ? "a rejection gives its reason" : "an acceptance gives no reason",
                "reason", o.key);
  }
  switch (e.outcome) {
    case inspection_outcome::accepted:
      if (e.to != line.line.destination) {
        return fail(errc::store_failure, "an acceptance goes to the line's destination", "line",
                    o.key);
      }
      break;
    case inspection_outcome::returned:
      if (e.to != s.purchasing.supplier_at(o.supplier).terms.location) {
        return fail(errc::store_failure, "a return goes to the supplier's location", "line", o.key);
      }
      break;
    case inspection_outcome::scrapped: {
      if (e.to.is_none() || e.to.index() >= s.catalog.location_count()) {
        return fail(errc::unknown_code, "unknown scrap location", "scrap", o.key);
      }
      const auto& l = s.catalog.location(e.to);
      if (l.kind != location_kind::scrap) {
        return make_error(errc::invalid_location,
                          "location '" + l.code + "' is not a scrap location",
                          error_context{.location = l.code, .document = o.key, .field = "scrap"});
      }
      break;
    }
  }
  return {};
}

auto release_of(const state& s, const inspection_release& request, timestamp recorded)
    -> result<release_intent> {
  auto id = order_of(s, request.order);
  if (!id) return id.error();
  const auto& o = s.purchasing.order(*id);
  if (request.line >= o.lines.size()) {
    return no_such_line(o, request.line);
  }
  if (!is_valid_enum<inspection_outcome>(static_cast<std::uint8_t>(request.outcome))) {
    return fail(errc::invalid_parameter, "unknown inspection outcome", "outcome", request.key);
  }
  if (request.lots.empty()) {
    return fail(errc::invalid_parameter, "a release names at least one lot and amount", "lots",
                request.key);
  }
  const auto& line = o.lines[request.line];
  release_intent out;
  auto& r = out.release;
  r.order = *id;
  r.line = request.line;
  r.outcome = request.outcome;
  r.from = line.inspected_at;
  r.reason = request.reason;
  switch (request.outcome) {
    case inspection_outcome::accepted:
      r.to = line.line.destination;
      break;
    case inspection_outcome::returned:
      r.to = s.purchasing.supplier_at(o.supplier).terms.location;
      break;
    case inspection_outcome::scrapped:
      r.to = request.scrap;
      break;
  }
  auto sum = sum_of_lots(request.lots, request.key, "released");
  if (!sum) return sum.error();
  r.amount = *sum;
  r.released = request.effective.value_or(recorded);
  if (auto ok = located(check_logged(r, s), request.key); !ok) return ok.error();
  auto& d = out.document;
  d.key = request.key;
  d.reason = reason_of(r.outcome);
  d.effective = request.effective;
  d.reference.external_document = o.key;
  d.reference.external_line = std::to_string(request.line);
  d.reference.note = r.reason;
  d.lines.reserve(request.lots.size());
  for (const auto& lot : request.lots) {
    d.lines.push_back(
        {.item = line.line.item, .lot = lot.lot, .from = r.from, .to = r.to, .amount = lot.amount});
  }
  return out;
}

auto release_matches(const state& s, const inspection_released& release, const posting_ref& posted)
    -> result<void> {
  const auto& d = *posted.document;
  const auto item = s.purchasing.order(release.order).lines.at(release.line).line.item;
  quantity sum;
  bool lines_fit = d.reason == reason_of(release.outcome) && !d.lines.empty();
  for (const auto& line : d.lines) {
    lines_fit = lines_fit && line.item == item && line.from == release.from &&
                line.to == release.to && !add_overflows(sum, line.amount, sum);
  }
  if (!lines_fit || sum != release.amount || posted.stamp->effective != release.released) {
    return make_error(errc::store_failure, "a release's document moves something else");
  }
  return {};
}

auto receipt_priced(const state& s, const receipt_recorded& receipt, const receipt_costed& costs)
    -> result<void> {
  if (receipt.order.is_none()) return {};
  const auto& price = s.purchasing.order(receipt.order).lines.at(receipt.line).line.price;
  for (const auto& cost : costs.unit_costs) {
    if (cost != price) {
      return make_error(errc::store_failure, "a receipt's costs are not its order line's price");
    }
  }
  return {};
}

auto receipt_matches(const state& s, const receipt_recorded& receipt, const posting_ref& posted)
    -> result<void> {
  const auto& d = *posted.document;
  const auto from = s.purchasing.supplier_at(receipt.supplier).terms.location;
  quantity sum;
  bool lines_fit = d.reason == movement_reason::receipt && !d.lines.empty();
  for (const auto& line : d.lines) {
    lines_fit = lines_fit && line.item == receipt.item && line.from == from &&
                line.to == receipt.destination && !add_overflows(sum, line.amount, sum);
  }
  if (!lines_fit || sum != receipt.amount || posted.stamp->effective != receipt.received) {
    return make_error(errc::store_failure, "a receipt's document moves something else");
  }
  return {};
}

}  // namespace onhand::detail
