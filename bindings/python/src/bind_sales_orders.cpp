// SPDX-License-Identifier: Apache-2.0
// Sales orders on onhand._core.Inventory, by codes: create, allocate, ship
// a line, cancel, take back a return, and the order as it stands. An order goes back as a
// plain tuple and its lines as tuples; onhand/_sales_orders.py makes them
// into dataclasses. The rules are onhand/orders/sales_commands.hpp and
// docs/concepts/sales_orders.md.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/orders/sales_commands.hpp"
#include "onhand/orders/sales_orders.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

auto locations_of(const inventory& self, const py::object& given) -> std::vector<location_id> {
  std::vector<location_id> out;
  if (given.is_none()) return out;
  if (py::isinstance<py::str>(given)) return {location_of(self, given, "locations")};
  if (!py::isinstance<py::list>(given) && !py::isinstance<py::tuple>(given)) {
    raise(make_error(errc::malformed_input,
                     "locations must be a list of location codes, not " + type_name(given),
                     error_context{.field = "locations"}));
  }
  for (const auto& code : given) out.push_back(location_of(self, code, "locations"));
  return out;
}

// An index >= 0: any Python or numpy integer, read without a cast that
// could throw (2**64 or 10**5000 is refused like -1, with a typed error).
auto small_index(const py::handle& value, std::string_view field) -> std::size_t {
  long long index = -1;
  int overflow = 0;
  if (is_integer(value)) {
    if (PyObject* number = PyNumber_Index(value.ptr()); number != nullptr) {
      index = PyLong_AsLongLongAndOverflow(number, &overflow);
      Py_DECREF(number);
    }
    if (PyErr_Occurred() != nullptr) PyErr_Clear();
  }
  if (index < 0 || overflow != 0) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be an integer from 0 to 2**63-1, not " +
                         (is_integer(value) ? "one out of that range" : type_name(value)),
                     error_context{.field = std::string(field)}));
  }
  return static_cast<std::size_t>(index);
}

// One order line: (item, quantity, requested[, priority]) or a dict with
// item, quantity, requested and priority.
auto sales_line(const inventory& self, const py::handle& given, std::size_t index)
    -> sales_order_line {
  py::object item, amount, requested, priority = py::int_(0);
  if (py::isinstance<py::dict>(given)) {
    for (const auto& [name, value] : py::reinterpret_borrow<py::dict>(given)) {
      const auto key = to_text(name, "lines");
      auto held = py::reinterpret_borrow<py::object>(value);
      if (key == "item") {
        item = held;
      } else if (key == "quantity") {
        amount = held;
      } else if (key == "requested") {
        requested = held;
      } else if (key == "priority") {
        priority = held;
      } else {
        raise(make_error(
            errc::malformed_input,
            "a sales-order line takes item, quantity, requested and priority, not '" + key + "'",
            error_context{.field = "lines", .line = index}));
      }
    }
  } else if ((py::isinstance<py::tuple>(given) || py::isinstance<py::list>(given)) &&
             (py::len(given) == 3 || py::len(given) == 4)) {
    const auto t = py::reinterpret_borrow<py::sequence>(given);
    item = t[0];
    amount = t[1];
    requested = t[2];
    if (t.size() == 4) priority = t[3];
  }
  if (!item || !amount || !requested) {
    raise(make_error(errc::malformed_input,
                     "a sales-order line is (item, quantity, requested[, priority]) or a dict "
                     "with item, quantity and requested",
                     error_context{.field = "lines", .line = index}));
  }
  try {
    const auto id = unwrap(self.item_by_code(to_text(item, "item")));
    const auto rank = small_index(priority, "priority");
    if (rank > UINT32_MAX) {
      raise(make_error(errc::malformed_input, "priority is beyond 4294967295",
                       error_context{.field = "priority"}));
    }
    return {.item = id,
            .amount = to_quantity(amount, "quantity"),
            .requested = to_date(requested, "requested"),
            .priority = static_cast<std::uint32_t>(rank)};
  } catch (error_exception& refused) {
    refused.value.context.line = index;
    throw;
  }
}

// Picks: a list of (location, quantity[, lot]).
auto picks_of(const inventory& self, const py::object& given, item_id item)
    -> std::vector<sales_order_pick> {
  std::vector<sales_order_pick> out;
  if (given.is_none()) return out;
  if (!py::isinstance<py::list>(given) && !py::isinstance<py::tuple>(given)) {
    raise(make_error(errc::malformed_input,
                     "picks must be a list of (location, quantity[, lot]), not " + type_name(given),
                     error_context{.field = "picks"}));
  }
  std::size_t index = 0;
  for (const auto& pick : given) {
    if ((!py::isinstance<py::tuple>(pick) && !py::isinstance<py::list>(pick)) ||
        (py::len(pick) != 2 && py::len(pick) != 3)) {
      raise(make_error(errc::malformed_input, "a pick is (location, quantity[, lot])",
                       error_context{.field = "picks", .line = index}));
    }
    const auto t = py::reinterpret_borrow<py::sequence>(pick);
    sales_order_pick p{.location = location_of(self, t[0], "picks"),
                       .amount = to_quantity(t[1], "picks")};
    if (t.size() == 3 && !t[2].is_none()) {
      p.lot = unwrap(self.lot_by_code(item, to_text(t[2], "lot")));
    }
    out.push_back(p);
    ++index;
  }
  return out;
}

// (key, customer, channel, locations, recorded, lines); each line is
// (line, item, requested, priority, ordered, allocated, shipped,
// cancelled, backordered, returned).
auto order_row(const inventory& self, const sales_order_status& order) -> py::tuple {
  return self.read([&](const state& s) {
    py::list locations;
    for (const auto location : order.locations) locations.append(s.catalog.location(location).code);
    py::list lines;
    for (std::size_t i = 0; i < order.lines.size(); ++i) {
      const auto& l = order.lines[i];
      lines.append(py::make_tuple(i, s.catalog.item(l.item).code, to_python(l.requested),
                                  l.priority, to_decimal(l.ordered), to_decimal(l.allocated),
                                  to_decimal(l.shipped), to_decimal(l.cancelled),
                                  to_decimal(l.backordered), to_decimal(l.returned)));
    }
    return py::make_tuple(order.key, order.customer,
                          order.channel.empty() ? py::object(py::none()) : py::str(order.channel),
                          py::tuple(locations), to_python(order.recorded), lines);
  });
}

// The item of an order's line, if the order and the line exist (the
// command names what does not).
auto line_item(const inventory& self, const std::string& order, std::size_t line)
    -> std::optional<item_id> {
  return self.read([&](const state& s) -> std::optional<item_id> {
    const auto id = s.sales_orders.find(order);
    if (!id || line >= s.sales_orders.at(*id).lines.size()) return {};
    return s.sales_orders.at(*id).lines[line].item;
  });
}

auto return_reason_of(const std::string& name) -> sales_return_reason {
  if (name == "resellable") return sales_return_reason::resellable;
  if (name == "damaged") return sales_return_reason::damaged;
  if (name == "expired") return sales_return_reason::expired;
  if (name == "other") return sales_return_reason::other;
  raise(make_error(errc::invalid_parameter,
                   "a return's reason is resellable, damaged, expired or other, not '" + name + "'",
                   error_context{.field = "reason"}));
}

}  // namespace

void bind_sales_orders(inventory_class& cls) {
  cls.def(
         "_create_sales_order",
         [](inventory& self, const std::string& key, const std::string& customer,
            const py::object& channel, const py::object& locations, const py::object& lines) {
           sales_order_request request{
               .key = key, .customer = customer, .locations = locations_of(self, locations)};
           if (!channel.is_none()) request.channel = to_text(channel, "channel");
           if (!py::isinstance<py::list>(lines) && !py::isinstance<py::tuple>(lines)) {
             raise(make_error(errc::malformed_input,
                              "lines must be a list of (item, quantity, requested[, priority]), "
                              "not " +
                                  type_name(lines),
                              error_context{.field = "lines"}));
           }
           std::size_t index = 0;
           for (const auto& line : lines) request.lines.push_back(sales_line(self, line, index++));
           unwrap(without_gil([&] { return self.create_sales_order(request); }));
           return order_row(self, unwrap(self.sales_order_by_key(key)));
         },
         py::arg("key"), py::kw_only(), py::arg("customer") = "", py::arg("channel") = py::none(),
         py::arg("locations"), py::arg("lines"),
         "Creates a sales order under `key`; returns its row (a retry returns it again).")
      .def(
          "_allocate_sales_order",
          [](inventory& self, const std::string& order, const py::object& line,
             const py::object& locations) {
            sales_order_allocation allocation{.order = order,
                                              .locations = locations_of(self, locations)};
            if (!line.is_none()) allocation.line = small_index(line, "line");
            return order_row(
                self, unwrap(without_gil([&] { return self.allocate_sales_order(allocation); })));
          },
          py::arg("order"), py::kw_only(), py::arg("line") = py::none(),
          py::arg("locations") = py::none(),
          "Allocates the order's open lines (or one); returns the order's row.")
      .def(
          "_ship_sales_order_line",
          [](inventory& self, const std::string& order, const py::object& line,
             const py::object& amount, const std::string& key, const py::object& source,
             const std::string& to, const py::object& picks, bool release_rest) {
            sales_order_shipment shipment{.key = key,
                                          .order = order,
                                          .line = small_index(line, "line"),
                                          .to = location_of(self, py::str(to), "to"),
                                          .release_rest = release_rest};
            if (!source.is_none()) shipment.from = location_of(self, source, "source");
            if (!amount.is_none()) shipment.amount = to_quantity(amount, "quantity");
            if (!picks.is_none()) {
              const auto item = line_item(self, order, shipment.line);
              if (item) shipment.picks = picks_of(self, picks, *item);
            }
            return order_row(
                self, unwrap(without_gil([&] { return self.ship_sales_order_line(shipment); })));
          },
          py::arg("order"), py::arg("line"), py::arg("quantity") = py::none(), py::kw_only(),
          py::arg("key"), py::arg("source") = py::none(),
          py::arg("to") = std::string(standard_locations::customer), py::arg("picks") = py::none(),
          py::arg("release_rest") = false,
          "Ships what a line holds at one location; returns the order's row.")
      .def(
          "_return_sales_order_line",
          [](inventory& self, const std::string& order, const py::object& line,
             const py::object& amount, const std::string& key, const py::object& to,
             const std::string& reason, const py::object& lot, const py::object& source,
             const py::object& effective) {
            sales_return_request request{.key = key,
                                         .order = order,
                                         .line = small_index(line, "line"),
                                         .amount = to_quantity(amount, "quantity"),
                                         .to = location_of(self, to, "to"),
                                         .reason = return_reason_of(reason)};
            if (!source.is_none()) request.from = location_of(self, source, "source");
            if (!effective.is_none()) request.effective = to_timestamp(effective, "effective");
            if (!lot.is_none()) {
              if (const auto item = line_item(self, order, request.line)) {
                request.lot = unwrap(self.lot_by_code(*item, to_text(lot, "lot")));
              }
            }
            auto posted = without_gil([&] { return self.return_sales_order_line(request); });
            return posting_dict(unwrap(std::move(posted)));
          },
          py::arg("order"), py::arg("line"), py::arg("quantity"), py::kw_only(), py::arg("key"),
          py::arg("to"), py::arg("reason"), py::arg("lot") = py::none(),
          py::arg("source") = py::none(), py::arg("effective") = py::none(),
          "Takes back goods a customer returns of a shipped line; returns the posting.")
      .def(
          "_cancel_sales_order",
          [](inventory& self, const std::string& order, const py::object& line,
             const std::string& key) {
            sales_order_cancel cancel{.key = key, .order = order};
            if (!line.is_none()) cancel.line = small_index(line, "line");
            return order_row(self,
                             unwrap(without_gil([&] { return self.cancel_sales_order(cancel); })));
          },
          py::arg("order"), py::arg("line") = py::none(), py::kw_only(), py::arg("key"),
          "Cancels a line (or every line) of the order; returns the order's row.")
      .def(
          "_sales_order",
          [](const inventory& self, const std::string& key) {
            return order_row(self, unwrap(self.sales_order_by_key(key)));
          },
          py::arg("key"), "The order created under `key`, as its row.");
}

}  // namespace onhand::python
