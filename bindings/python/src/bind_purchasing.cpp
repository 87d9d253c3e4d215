// SPDX-License-Identifier: Apache-2.0
// Purchasing on onhand._core.Inventory: suppliers, supplier items, purchase
// orders and receipts against their lines, by codes. Rows go back as plain
// tuples; onhand/purchasing.py makes them into DataFrames. The rules are
// onhand/purchasing/commands.hpp and docs/concepts/purchasing.md.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"
#include "onhand/purchasing/commands.hpp"
#include "onhand/purchasing/queries.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

auto optional_share(const py::object& value, std::string_view field) -> std::optional<quantity> {
  if (value.is_none()) return std::nullopt;
  return to_quantity(value, field);
}

auto order_lines(inventory& self, const py::object& lines) -> std::vector<purchase_order_line> {
  if (!py::isinstance<py::list>(lines)) {
    raise(make_error(errc::malformed_input, "lines must be a list of dicts",
                     error_context{.field = "lines"}));
  }
  std::vector<purchase_order_line> out;
  std::size_t index = 0;
  for (const auto& entry : lines.cast<py::list>()) {
    if (!py::isinstance<py::dict>(entry)) {
      raise(make_error(errc::malformed_input, "a line must be a dict",
                       error_context{.field = "lines", .line = index}));
    }
    const auto line = entry.cast<py::dict>();
    auto field = [&](const char* name) -> py::object {
      if (!line.contains(name)) {
        raise(make_error(errc::malformed_input, std::string("a line needs '") + name + "'",
                         error_context{.field = name, .line = index}));
      }
      return line[name];
    };
    purchase_order_line l;
    l.item = unwrap(self.item_by_code(to_text(field("item"), "item")));
    l.amount = to_quantity(field("quantity"), "quantity");
    l.price = to_money(field("price"), "price");
    l.expected = to_date(field("expected"), "expected");
    l.destination = unwrap(self.location_by_code(to_text(field("to"), "to")));
    out.push_back(l);
    ++index;
  }
  return out;
}

// The item of line `line` of `order`, or none when there is no such line.
auto item_of_order_line(const inventory& self, const std::string& order, std::uint32_t line)
    -> item_id {
  return self.read([&](const state& s) {
    const auto id = s.purchasing.find_order(order);
    return id && line < s.purchasing.order(*id).lines.size()
               ? s.purchasing.order(*id).lines[line].line.item
               : item_id::none();
  });
}

// The lots a call names: `lots` as {lot: quantity}, else `amount` of `lot`.
auto lots_of(const inventory& self, item_id item, const py::object& amount, const py::object& lot,
             const py::object& lots) -> std::vector<received_lot> {
  auto lot_of = [&](const py::handle& code) {
    if (item.is_none()) return lot_id::none();
    return unwrap(self.lot_by_code(item, to_text(code, "lot")));
  };
  std::vector<received_lot> out;
  if (!lots.is_none()) {
    if (!py::isinstance<py::dict>(lots)) {
      raise(make_error(errc::malformed_input, "lots must be a dict of lot: quantity",
                       error_context{.field = "lots"}));
    }
    for (const auto& [code, quantity_of_lot] : lots.cast<py::dict>()) {
      out.push_back({lot_of(code), to_quantity(quantity_of_lot, "lots")});
    }
  } else if (!amount.is_none()) {
    out.push_back({lot.is_none() ? lot_id::none() : lot_of(lot), to_quantity(amount, "quantity")});
  }
  return out;
}

auto nan_or(double value) -> py::object {
  return std::isnan(value) ? py::object(py::float_(NAN)) : py::object(py::float_(value));
}

}  // namespace

void bind_purchasing(inventory_class& cls) {
  cls.def(
         "define_supplier",
         [](inventory& self, const std::string& code, const std::string& location,
            const std::string& name, const py::object& over_tolerance,
            const py::object& under_tolerance, bool allow_unexpected) {
           supplier_definition d{.code = code,
                                 .name = name,
                                 .location = unwrap(self.location_by_code(location)),
                                 .over_tolerance = to_quantity(over_tolerance, "over_tolerance"),
                                 .under_tolerance = to_quantity(under_tolerance, "under_tolerance"),
                                 .allow_unexpected = allow_unexpected};
           unwrap(without_gil([&] { return self.define_supplier(d); }));
         },
         py::arg("code"), py::kw_only(), py::arg("location") = "SUPPLIER", py::arg("name") = "",
         py::arg("over_tolerance") = 0, py::arg("under_tolerance") = 0,
         py::arg("allow_unexpected") = false,
         "Defines a supplier (or changes its terms): receipts come from `location`; a line may "
         "receive up to (1 + over_tolerance) of its quantity and is complete at "
         "(1 - under_tolerance) of it.")
      .def(
          "set_supplier_item",
          [](inventory& self, const std::string& supplier, const std::string& item,
             const py::object& price, const std::string& currency, const py::object& valid_from,
             const py::object& valid_to, const std::string& supplier_code,
             const py::object& pack_size, const py::object& minimum_order, int lead_time_days,
             const py::object& over_tolerance, const py::object& under_tolerance) {
            supplier_item_terms t{
                .supplier = supplier,
                .item = unwrap(self.item_by_code(item)),
                .supplier_code = supplier_code,
                .price = to_money(price, "price"),
                .currency = currency,
                .valid_from = to_date(valid_from, "valid_from"),
                .pack_size = to_quantity(pack_size, "pack_size"),
                .minimum_order = to_quantity(minimum_order, "minimum_order"),
                .lead_time_days = lead_time_days,
                .over_tolerance = optional_share(over_tolerance, "over_tolerance"),
                .under_tolerance = optional_share(under_tolerance, "under_tolerance")};
            if (!valid_to.is_none()) t.valid_to = to_date(valid_to, "valid_to");
            unwrap(without_gil([&] { return self.set_supplier_item(t); }));
          },
          py::arg("supplier"), py::arg("item"), py::kw_only(), py::arg("price"),
          py::arg("currency"), py::arg("valid_from"), py::arg("valid_to") = py::none(),
          py::arg("supplier_code") = "", py::arg("pack_size") = 0, py::arg("minimum_order") = 0,
          py::arg("lead_time_days") = 0, py::arg("over_tolerance") = py::none(),
          py::arg("under_tolerance") = py::none(),
          "Sets a supplier's terms for an item and its price from valid_from.")
      .def(
          "create_purchase_order",
          [](inventory& self, const std::string& key, const std::string& supplier,
             const py::object& lines, const std::string& currency) {
            purchase_order_request r{.key = key,
                                     .supplier = supplier,
                                     .currency = currency,
                                     .lines = order_lines(self, lines)};
            unwrap(without_gil([&] { return self.create_purchase_order(r); }));
          },
          py::arg("key"), py::arg("supplier"), py::arg("lines"), py::kw_only(), py::arg("currency"),
          "Creates a draft purchase order under `key`; each line is a dict of item, quantity, "
          "price, expected and to.")
      .def(
          "send_purchase_order",
          [](inventory& self, const std::string& order) {
            unwrap(without_gil([&] { return self.send_purchase_order(order); }));
          },
          py::arg("order"), "Sends a draft order; lead times count from now.")
      .def(
          "cancel_purchase_order",
          [](inventory& self, const std::string& order) {
            unwrap(without_gil([&] { return self.cancel_purchase_order(order); }));
          },
          py::arg("order"), "Cancels an order that received nothing.")
      .def(
          "close_purchase_order",
          [](inventory& self, const std::string& order) {
            unwrap(without_gil([&] { return self.close_purchase_order(order); }));
          },
          py::arg("order"), "Closes a sent order: what did not arrive is no longer on order.")
      .def(
          "change_purchase_order_line",
          [](inventory& self, const std::string& order, std::uint32_t line,
             const py::object& amount, const py::object& expected, const std::string& key,
             const py::object& price) {
            purchase_order_change c{.key = key,
                                    .order = order,
                                    .line = line,
                                    .amount = to_quantity(amount, "quantity"),
                                    .expected = to_date(expected, "expected")};
            if (!price.is_none()) c.price = to_money(price, "price");
            unwrap(without_gil([&] { return self.change_purchase_order_line(c); }));
          },
          py::arg("order"), py::arg("line"), py::arg("quantity"), py::kw_only(),
          py::arg("expected"), py::arg("key"), py::arg("price") = py::none(),
          "Changes a line's quantity and expected date (and, given `price`, its price per base "
          "unit for what arrives from now on) under the idempotency key `key`.")
      .def(
          "receive_purchase",
          [](inventory& self, const std::string& order, std::uint32_t line,
             const py::object& amount, const std::string& key, const py::object& lot,
             const py::object& lots, const py::object& effective, const py::object& supplier,
             const py::object& item, const py::object& to, const py::object& unit_cost) {
            receipt_request r{.key = key, .order = order, .line = line};
            if (!effective.is_none()) r.effective = to_timestamp(effective, "effective");
            if (!unit_cost.is_none()) r.unit_cost = to_money(unit_cost, "unit_cost");
            item_id item_of_line = item_id::none();
            if (order.empty()) {
              if (supplier.is_none() || item.is_none() || to.is_none()) {
                raise(make_error(errc::malformed_input,
                                 "a receipt without an order names supplier, item and to",
                                 error_context{.field = "order"}));
              }
              r.supplier = to_text(supplier, "supplier");
              r.item = item_of_line = unwrap(self.item_by_code(to_text(item, "item")));
              r.destination = unwrap(self.location_by_code(to_text(to, "to")));
            } else {
              item_of_line = item_of_order_line(self, order, line);
            }
            r.lots = lots_of(self, item_of_line, amount, lot, lots);
            return posting_dict(unwrap(without_gil([&] { return self.receive(r); })));
          },
          py::arg("order"), py::arg("line") = 0, py::arg("quantity") = py::none(), py::kw_only(),
          py::arg("key"), py::arg("lot") = py::none(), py::arg("lots") = py::none(),
          py::arg("effective") = py::none(), py::arg("supplier") = py::none(),
          py::arg("item") = py::none(), py::arg("to") = py::none(),
          py::arg("unit_cost") = py::none(),
          "Receives `quantity` (of `lot`), or `lots` as {lot: quantity}, against line `line` of "
          "`order` (\"\" with supplier, item and to: an unexpected receipt, valued at "
          "`unit_cost` when given), as one document under `key`; a line's receipt is valued at "
          "its price.")
      .def(
          "set_inspection",
          [](inventory& self, const std::string& supplier, const std::string& item,
             const py::object& location) {
            inspection_terms t{.supplier = supplier, .item = unwrap(self.item_by_code(item))};
            if (!location.is_none()) {
              t.location = unwrap(self.location_by_code(to_text(location, "location")));
            }
            unwrap(without_gil([&] { return self.set_inspection(t); }));
          },
          py::arg("supplier"), py::arg("item"), py::arg("location") = py::none(),
          "From now on, receipts of `item` from `supplier` against an order go to the internal "
          "location `location` for inspection (None: straight to the line's destination).")
      .def(
          "release_inspection",
          [](inventory& self, const std::string& order, std::uint32_t line,
             const py::object& amount, const std::string& key, const std::string& outcome,
             const py::object& lot, const py::object& lots, const py::object& scrap,
             const std::string& reason, const py::object& effective) {
            inspection_release r{.key = key, .order = order, .line = line, .reason = reason};
            const auto parsed = parse_inspection_outcome(outcome);
            if (!parsed) {
              raise(make_error(errc::invalid_parameter,
                               "outcome must be accepted, returned or scrapped, not '" +
                                   outcome.substr(0, 32) + "'",
                               error_context{.field = "outcome"}));
            }
            r.outcome = *parsed;
            if (!effective.is_none()) r.effective = to_timestamp(effective, "effective");
            if (!scrap.is_none()) r.scrap = unwrap(self.location_by_code(to_text(scrap, "scrap")));
            r.lots = lots_of(self, item_of_order_line(self, order, line), amount, lot, lots);
            return posting_dict(unwrap(without_gil([&] { return self.release_inspection(r); })));
          },
          py::arg("order"), py::arg("line") = 0, py::arg("quantity") = py::none(), py::kw_only(),
          py::arg("key"), py::arg("outcome") = "accepted", py::arg("lot") = py::none(),
          py::arg("lots") = py::none(), py::arg("scrap") = py::none(), py::arg("reason") = "",
          py::arg("effective") = py::none(),
          "Releases `quantity` (of `lot`), or `lots`, of what line `line` of `order` holds in "
          "inspection: accepted into the line's destination, returned to the supplier or "
          "scrapped (to `scrap`), with a `reason` when rejected, as one document under `key`.")
      .def("_in_inspection",
           [](const inventory& self) {
             return query_rows(
                 self, [](const state& s) { return in_inspection(s); },
                 [](const state& s, const auto& found) {
                   py::list rows;
                   for (const auto& h : found) {
                     rows.append(py::make_tuple(h.order, h.line, s.catalog.item(h.item).code,
                                                s.catalog.location(h.location).code,
                                                s.catalog.location(h.destination).code,
                                                to_decimal(h.amount), to_decimal(h.rejected)));
                   }
                   return rows;
                 });
           })
      .def(
          "on_order",
          [](const inventory& self, const std::string& item, const std::string& location) {
            const auto i = unwrap(self.item_by_code(item));
            const auto l = unwrap(self.location_by_code(location));
            return to_decimal(without_gil(
                [&] { return self.read([&](const state& s) { return on_order(s, i, l); }); }));
          },
          py::arg("item"), py::arg("location"),
          "What is on order of `item` for `location`: the open lines' remainders.")
      .def("_supplier_items",
           [](const inventory& self) {
             return query_rows(
                 self,
                 [](const state& s) {
                   std::vector<supplier_item_set> found;
                   for (const auto& [key, held] : s.purchasing.supplier_items()) {
                     found.push_back(held.terms);
                   }
                   return found;
                 },
                 [](const state& s, const auto& found) {
                   py::list rows;
                   for (const auto& t : found) {
                     rows.append(py::make_tuple(
                         s.purchasing.supplier_at(t.supplier).terms.code,
                         s.catalog.item(t.item).code, t.supplier_code, to_decimal(t.price),
                         t.currency, to_python(t.valid_from),
                         t.valid_to ? to_python(*t.valid_to) : py::none(), to_decimal(t.pack_size),
                         to_decimal(t.minimum_order), t.lead_time_days));
                   }
                   return rows;
                 });
           })
      .def("_purchase_lines",
           [](const inventory& self) {
             return query_rows(
                 self, [](const state& s) { return open_lines(s); },
                 [](const state& s, const auto& found) {
                   py::list rows;
                   for (const auto& l : found) {
                     rows.append(py::make_tuple(
                         l.order, l.line, l.supplier, s.catalog.item(l.item).code,
                         s.catalog.location(l.destination).code, to_decimal(l.ordered),
                         to_decimal(l.received), to_decimal(l.remaining), to_python(l.expected),
                         std::string(name_of(l.status))));
                   }
                   return rows;
                 });
           })
      .def(
          "_purchase_receipts",
          [](const inventory& self, const py::object& item, const py::object& location) {
            const auto i =
                item.is_none() ? item_id::none() : unwrap(self.item_by_code(to_text(item, "item")));
            const auto l = location.is_none()
                               ? location_id::none()
                               : unwrap(self.location_by_code(to_text(location, "location")));
            return query_rows(
                self, [&](const state& s) { return purchase_receipts(s, i, l); },
                [](const state& s, const auto& found) {
                  py::list rows;
                  for (const auto& r : found) {
                    rows.append(py::make_tuple(s.catalog.item(r.item).code,
                                               s.catalog.location(r.location).code,
                                               to_decimal(r.amount), to_python(r.day), r.source));
                  }
                  return rows;
                });
          },
          py::arg("item") = py::none(), py::arg("location") = py::none())
      .def("_lead_time_observations",
           [](const inventory& self) {
             return query_rows(
                 self, [](const state& s) { return lead_time_observations(s); },
                 [](const state& s, const auto& found) {
                   py::list rows;
                   for (const auto& r : found) {
                     rows.append(py::make_tuple(r.supplier, s.catalog.item(r.item).code,
                                                s.catalog.location(r.destination).code,
                                                to_python(r.sent), to_python(r.received), r.days,
                                                r.order, r.line));
                   }
                   return rows;
                 });
           })
      .def(
          "_supplier_performance",
          [](const inventory& self, const py::object& start, const py::object& end,
             const std::string& by) {
            const auto from = to_timestamp(start, "start");
            const auto to = to_timestamp(end, "end");
            if (by != "supplier" && by != "item") {
              raise(make_error(errc::invalid_parameter, "by must be 'supplier' or 'item'",
                               error_context{.field = "by"}));
            }
            return query_rows(
                self,
                [&](const state& s) {
                  return by == "item" ? supplier_performance_by_item(s, from, to)
                                      : supplier_performance_by_supplier(s, from, to);
                },
                [](const state& s, const auto& table) {
                  py::list rows;
                  for (const auto& r : table) {
                    rows.append(py::make_tuple(
                        r.supplier,
                        r.item.is_none() ? py::object(py::none())
                                         : py::object(py::str(s.catalog.item(r.item).code)),
                        r.lines, r.lead_time_samples, nan_or(r.lead_time_days_mean),
                        nan_or(r.lead_time_days_stddev), nan_or(r.on_time_rate),
                        nan_or(r.in_full_rate), nan_or(r.otif_rate), nan_or(r.fill_rate),
                        to_decimal(r.price_variance), nan_or(r.price_variance_rate)));
                  }
                  return rows;
                });
          },
          py::arg("start"), py::arg("end"), py::arg("by") = "supplier");
}

}  // namespace onhand::python
