// SPDX-License-Identifier: Apache-2.0
// Customer returns of shipped sales-order lines: the rules a return must
// meet, for the command and for replay alike, and the plan of what it
// appends (docs/concepts/sales_orders.md, "Returns").
#include <algorithm>
#include <string>

#include "onhand/catalog/catalog.hpp"

#include "engine/checks.hpp"
#include "orders/sales_commands.hpp"

namespace onhand::detail {
namespace {

// What the line delivered to `from` of `lot`, less what came back of it.
auto returnable(const sales_order& o, std::uint32_t line, location_id from, lot_id lot)
    -> quantity {
  for (const auto& d : o.deliveries[line]) {
    if (d.to == from && d.lot == lot) return d.delivered - d.returned;
  }
  return quantity{};
}

// The first customer location the line delivered `lot` to with anything
// not yet returned; none if there is none.
auto first_returnable(const sales_order& o, std::uint32_t line, lot_id lot) -> location_id {
  for (const auto& d : o.deliveries[line]) {
    if (d.lot == lot && d.returned < d.delivered) return d.to;
  }
  return location_id::none();
}

// A known location of `kind`, named in `where` (with `field`) for errors;
// `role` says what it is for ("comes back to", "comes from").
auto check_kind(const state& s, location_id location, location_kind kind, const char* role,
                error_context& where) -> result<void> {
  if (location.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown location id", where);
  }
  where.location = location_code(s, location);
  if (s.catalog.location(location).kind != kind) {
    return make_error(errc::invalid_location,
                      std::string("a return ") + role + " a location of kind " +
                          std::string(name_of(kind)) + ", not '" + where.location + "'",
                      where);
  }
  return {};
}

// Where a return may go: an internal location, not held for resellable
// goods, held (a quarantine location) for any other reason.
auto check_destination(const state& s, const sales_order_returned& e, error_context where)
    -> result<void> {
  where.field = "to";
  if (auto ok = check_kind(s, e.to, location_kind::internal, "comes back to", where); !ok) {
    return ok;
  }
  const bool resellable = e.reason == sales_return_reason::resellable;
  if (resellable == s.catalog.is_held(e.to)) {
    return make_error(errc::invalid_location,
                      resellable ? "a resellable return goes to usable stock, and '" +
                                       where.location + "' is held"
                                 : "a return that is not resellable goes to a held (quarantine) "
                                   "location, and '" +
                                       where.location + "' is not held",
                      where);
  }
  return {};
}

// The rules of a return, for the command and for replay alike: the order's
// line, the amount, where it goes, the lot, and what the line delivered
// there and has not had back.
auto check_return(const state& s, const sales_order_returned& e) -> result<void> {
  if (e.order.index() >= s.sales_orders.size()) {
    return make_error(errc::unknown_sales_order, "a return names an unknown sales order");
  }
  if (auto ok = check_line_index(s, e.order, e.line); !ok) return ok;
  const auto& o = s.sales_orders.at(e.order);
  const auto item = o.lines[e.line].item;
  const auto& defined = s.catalog.item(item);
  error_context where{.item = item_code(s, item), .document = o.key, .line = e.line};
  if (auto ok = defined.units.check_precision(e.amount); !ok) {
    auto err = std::move(ok).error();
    err.context = where;
    err.context.field = "amount";
    return err;
  }
  if (!e.amount.is_positive()) {
    where.field = "amount";
    return make_error(errc::invalid_quantity,
                      "a return's amount must be positive, not " + e.amount.to_string(), where);
  }
  if (auto ok = check_destination(s, e, where); !ok) return ok;
  where.field = "lot";
  const bool tracked = defined.lot_tracked || defined.serial_tracked;
  if (tracked && e.lot.is_none()) {
    return make_error(errc::tracking_mismatch,
                      "item '" + where.item + "' is tracked: a return names the lot", where);
  }
  if (!tracked && !e.lot.is_none()) {
    return make_error(errc::tracking_mismatch,
                      "item '" + where.item + "' is not tracked: a return names no lot", where);
  }
  if (!e.lot.is_none()) {
    if (e.lot.index() >= s.catalog.lot_count()) {
      return make_error(errc::unknown_code, "unknown lot id", where);
    }
    where.lot = s.catalog.lot(e.lot).code;
  }
  where.field = "from";
  if (!e.from.is_none()) {
    if (auto ok = check_kind(s, e.from, location_kind::customer, "comes from", where); !ok) {
      return ok;
    }
  }
  const auto left = e.from.is_none() ? quantity{} : returnable(o, e.line, e.from, e.lot);
  if (e.amount > left) {
    where.field = "amount";
    where.requested = e.amount;
    where.available = left;
    return make_error(errc::exceeds_shipment,
                      "line " + std::to_string(e.line) + " of order '" + o.key + "' has " +
                          left.to_string() + " shipped" +
                          (where.lot.empty() ? "" : " of lot '" + where.lot + "'") +
                          " and not returned, not " + e.amount.to_string(),
                      where);
  }
  return {};
}

}  // namespace

auto same_return(const event& stored, const state& s, const sales_return_request& request) -> bool {
  const auto* made = std::get_if<sales_order_returned>(&stored);
  const auto id = s.sales_orders.find(request.order);
  return made != nullptr && id && made->order == *id && made->line == request.line &&
         made->amount == request.amount && made->to == request.to &&
         made->reason == request.reason && made->lot == request.lot &&
         (request.from.is_none() || made->from == request.from);
}

auto plan_return(const state& s, const sales_return_request& request) -> result<return_plan> {
  if (auto ok = validate_code(request.key, "key"); !ok) return ok.error();
  auto id = find_sales_order(s, request.order);
  if (!id) return id.error();
  if (auto ok = check_line_index(s, *id, request.line); !ok) return ok.error();
  const auto& o = s.sales_orders.at(*id);
  const auto line = static_cast<std::uint32_t>(request.line);
  return_plan plan{.returned = {.key = request.key,
                                .order = *id,
                                .line = line,
                                .from = request.from,
                                .to = request.to,
                                .lot = request.lot,
                                .amount = request.amount,
                                .reason = request.reason}};
  if (plan.returned.from.is_none()) plan.returned.from = first_returnable(o, line, request.lot);
  if (auto ok = check_return(s, plan.returned); !ok) return ok.error();
  plan.document = {.key = request.key + "/1",
                   .reason = movement_reason::returned,
                   .effective = request.effective,
                   .reference = {.external_document = o.key, .external_line = std::to_string(line)},
                   .lines = {{.item = o.lines[line].item,
                              .lot = request.lot,
                              .from = plan.returned.from,
                              .to = request.to,
                              .amount = request.amount}}};
  if (s.keys.find(plan.document.key)) {
    return make_error(errc::idempotency_conflict,
                      "the document key '" + plan.document.key + "' of this return is taken",
                      error_context{.document = request.key, .field = "key"});
  }
  return plan;
}

auto check_logged(const sales_order_returned& e, const state& s) -> result<void> {
  if (auto ok = check_new_key(s, e.key); !ok) return ok;
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  return check_return(s, e);
}

}  // namespace onhand::detail
