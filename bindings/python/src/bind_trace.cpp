// SPDX-License-Identifier: Apache-2.0
// Recall trace and expiry risk on onhand._core.Inventory: rows as tuples,
// which onhand/_trace.py makes into DataFrames (Inventory.recall_trace,
// Inventory.expiry_risk). The queries are onhand/ledger/trace.hpp and
// onhand/ledger/expiry_risk.hpp, run under one reader lock each.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/expiry_risk.hpp"
#include "onhand/ledger/queries.hpp"
#include "onhand/ledger/trace.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

// The rows of documents between the lot's stock and one kind of virtual
// location: location, document, key, reason, effective, reference, line,
// quantity (signed as lot_trace says).
auto document_rows(const state& s, const std::vector<trace_document>& rows) -> py::list {
  py::list out;
  for (const auto& d : rows) {
    const auto& location = s.catalog.location(d.location);
    out.append(py::make_tuple(location.code, std::string(name_of(location.kind)), d.document.value,
                              d.key, std::string(name_of(d.reason)), to_python(d.effective),
                              d.reference.external_document, d.reference.external_line,
                              to_decimal(d.amount)));
  }
  return out;
}

// A lot of an item by codes; an unknown one is an UnknownCodeError naming
// the argument (without the receiving hint raise() adds for postings).
auto trace_ids(const inventory& self, const std::string& item, const std::string& lot)
    -> std::pair<item_id, lot_id> {
  const auto id = unwrap(self.item_by_code(item));
  auto found = self.lot_by_code(id, lot);
  if (!found) {
    auto err = std::move(found).error();
    bound_message(err.message);
    throw error_exception{std::move(err)};
  }
  return {id, *found};
}

}  // namespace

void bind_trace(inventory_class& cls) {
  cls.def(
      "_recall_trace",
      [](const inventory& self, const std::string& item, const std::string& lot) {
        const auto [item_id, lot_id] = trace_ids(self, item, lot);
        // The trace walks the log without the GIL; the rows are made after,
        // under a second reader lock (codes and documents are never removed).
        auto traced = without_gil([&] {
          return self.read([&](const state& s) { return trace_lot(s, item_id, lot_id); });
        });
        const auto trace = unwrap(std::move(traced));
        py::tuple out;
        self.read([&](const state& s) {
          const auto& c = s.catalog;
          py::list movements;
          for (const auto& m : trace.movements) {
            py::object reverses = py::none();
            if (!m.reverses.is_none()) reverses = py::str(std::string(document_key(s, m.reverses)));
            movements.append(py::make_tuple(m.document.value, m.key, std::string(name_of(m.reason)),
                                            to_python(m.effective), c.location(m.from).code,
                                            c.location(m.to).code, to_decimal(m.amount), reverses,
                                            m.paired_by_amount));
          }
          py::list locations;
          for (const auto& h : trace.holdings) {
            const auto& location = c.location(h.location);
            locations.append(py::make_tuple(location.code, std::string(name_of(location.kind)),
                                            to_decimal(h.balance.from_zero())));
          }
          py::list customers;
          for (const auto& t : trace.customers) {
            customers.append(py::make_tuple(c.location(t.location).code, to_decimal(t.shipped),
                                            to_decimal(t.returned), to_decimal(t.net)));
          }
          out = py::make_tuple(
              movements, locations, customers, document_rows(s, trace.customer_documents),
              document_rows(s, trace.other_destinations), document_rows(s, trace.sources));
        });
        return out;
      },
      py::arg("item"), py::arg("lot"));

  cls.def(
      "_expiry_risk",
      [](const inventory& self, int within_days, const py::object& on, const py::object& location,
         const py::object& unit_costs) {
        expiry_risk_options options{.on = on.is_none() ? today() : to_date(on, "on"),
                                    .within_days = within_days};
        if (!location.is_none()) {
          options.location = unwrap(self.location_by_code(to_text(location, "location")));
        }
        // Unit costs by item code (a dict, a pandas Series, any mapping with
        // items()), resolved to ids before the lock.
        std::unordered_map<std::uint32_t, money> costs;
        if (!unit_costs.is_none()) {
          if (!py::hasattr(unit_costs, "items")) {
            raise(make_error(
                errc::malformed_input,
                "unit_costs must map item codes to unit costs, not " + type_name(unit_costs),
                error_context{.field = "unit_costs"}));
          }
          for (const auto& pair : unit_costs.attr("items")()) {
            const auto entry = py::reinterpret_borrow<py::tuple>(pair);
            const auto code = to_text(entry[0], "unit_costs");
            auto id = self.item_by_code(code);
            if (!id) {
              auto err = std::move(id).error();
              err.context.field = "unit_costs";
              raise(std::move(err));
            }
            costs.insert_or_assign(id->value, to_money(entry[1], "unit_costs"));
          }
          options.unit_cost = [&](item_id item) -> std::optional<money> {
            const auto found = costs.find(item.value);
            if (found == costs.end()) return std::nullopt;
            return found->second;
          };
        }
        // Found without the GIL (unit_cost reads the C++ map above), then
        // made rows under a second reader lock.
        auto found = without_gil(
            [&] { return self.read([&](const state& s) { return expiry_risk(s, options); }); });
        const auto rows = unwrap(std::move(found));
        py::list out;
        self.read([&](const state& s) {
          const auto& c = s.catalog;
          for (const auto& r : rows) {
            out.append(py::make_tuple(
                c.item(r.item).code, c.location(r.location).code, c.lot(r.lot).code,
                to_python(r.expiry), r.days_to_expiry, r.expired, std::string(name_of(r.status)),
                to_decimal(r.amount), r.value ? to_decimal(*r.value) : py::none()));
          }
        });
        return out;
      },
      py::arg("within_days") = 30, py::arg("on") = py::none(), py::arg("location") = py::none(),
      py::arg("unit_costs") = py::none());
}

}  // namespace onhand::python
