// SPDX-License-Identifier: Apache-2.0
// Valuation on onhand._core.Inventory: costing methods, costed receipts, the
// value of stock, cost of goods sold, purchase price variance, the
// valuation report (as rows; onhand/_valuation.py makes the DataFrame), and
// landed-cost allocation. Money is decimal.Decimal both ways. The rules are
// docs/concepts/valuation.md.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/valuation/landed_cost.hpp"
#include "onhand/valuation/queries.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

auto basis_from(const std::string& name) -> allocation_basis {
  if (name == "quantity") return allocation_basis::quantity;
  if (name == "value") return allocation_basis::value;
  if (name == "weight") return allocation_basis::weight;
  raise(make_error(errc::malformed_input,
                   "by must be 'quantity', 'value' or 'weight', not '" + name + "'",
                   error_context{.field = "by"}));
}

// The item and location codes of a filter (None: any).
auto filter_of(const inventory& self, const py::object& item, const py::object& location)
    -> value_filter {
  value_filter filter;
  if (!item.is_none()) filter.item = unwrap(self.item_by_code(to_text(item, "item")));
  if (!location.is_none()) {
    filter.location = unwrap(self.location_by_code(to_text(location, "location")));
  }
  return filter;
}

}  // namespace

void bind_valuation(inventory_class& cls) {
  cls.def(
         "set_costing_method",
         [](inventory& self, const std::string& item, const std::string& method,
            const py::object& standard_cost) {
           costing_request request{.item = unwrap(self.item_by_code(item)),
                                   .method = named_value(parse_costing_method, method, "method",
                                                         "'fifo', 'moving_average' or 'standard'")};
           if (!standard_cost.is_none()) {
             request.standard_cost = to_money(standard_cost, "standard_cost");
           }
           auto done = without_gil([&] { return self.set_costing_method(request); });
           unwrap(std::move(done));
         },
         py::arg("item"), py::arg("method"), py::kw_only(), py::arg("standard_cost") = py::none(),
         "From now on values `item` by `method` ('fifo', 'moving_average' or 'standard', with "
         "standard_cost per base unit). The stock held is revalued; the same method and cost "
         "again is a no-op.")
      .def(
          "receive_costed",
          [](inventory& self, const std::string& item, const py::object& amount,
             const py::object& unit_cost, const std::string& to, const std::string& key,
             const std::string& source, const std::optional<std::string>& lot,
             const std::optional<std::string>& unit, const py::object& effective) {
            const auto cost = to_money(unit_cost, "unit_cost");
            auto doc = receipt(key,
                               stock_spec{.item = item,
                                          .amount = to_quantity(amount, "quantity"),
                                          .unit = unit.value_or(""),
                                          .lot = lot.value_or("")},
                               to, source);
            if (!effective.is_none()) doc.effective = to_timestamp(effective, "effective");
            const std::vector<money> costs{cost};
            auto posted = without_gil([&] { return self.post_costed_receipt(doc, costs); });
            return posting_dict(unwrap(std::move(posted)));
          },
          py::arg("item"), py::arg("quantity"), py::arg("unit_cost"), py::kw_only(), py::arg("to"),
          py::arg("key"), py::arg("source") = std::string(standard_locations::supplier),
          py::arg("lot") = py::none(), py::arg("unit") = py::none(),
          py::arg("effective") = py::none(),
          "Receives stock from a supplier at unit_cost per base unit (a Decimal, int or str), "
          "recorded with the receipt in one append. A retry under the same key with the same "
          "cost returns the posting again (replayed=True).")
      .def(
          "value_of",
          [](const inventory& self, const std::string& item, const std::string& location,
             const py::object& at) {
            const auto id = unwrap(self.item_by_code(item));
            const auto where = unwrap(self.location_by_code(location));
            std::optional<timestamp> when;
            if (!at.is_none()) when = to_timestamp(at, "at");
            const auto v = without_gil([&] { return self.value_of(id, where, when); });
            return py::make_tuple(to_decimal(v.on_hand), to_decimal(v.value));
          },
          py::arg("item"), py::arg("location"), py::kw_only(), py::arg("at") = py::none(),
          "(on_hand, value) of `item` at exactly `location`, now or as of `at`, as Decimals.")
      .def(
          "cost_of_goods_sold",
          [](const inventory& self, const py::object& start, const py::object& end,
             const py::object& item, const py::object& location) {
            const auto filter = filter_of(self, item, location);
            const auto from = to_timestamp(start, "start");
            const auto to = to_timestamp(end, "end");
            return to_decimal(
                without_gil([&] { return self.cost_of_goods_sold(from, to, filter); }));
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("item") = py::none(),
          py::arg("location") = py::none(),
          "Cost of goods sold effective in [start, end) (issues and negative-stock "
          "corrections), of `item` and at `location` if given: a Decimal.")
      .def(
          "purchase_price_variance",
          [](const inventory& self, const py::object& start, const py::object& end,
             const py::object& item, const py::object& location) {
            const auto filter = filter_of(self, item, location);
            const auto from = to_timestamp(start, "start");
            const auto to = to_timestamp(end, "end");
            return to_decimal(without_gil([&] {
              return self.read(
                  [&](const state& s) { return purchase_price_variance(s, from, to, filter); });
            }));
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("item") = py::none(),
          py::arg("location") = py::none(),
          "Purchase price variance of standard-cost items effective in [start, end): a Decimal "
          "(positive: paid more than standard).")
      .def(
          "_valuation_report",
          [](const inventory& self, const py::object& at) {
            const auto when = to_timestamp(at, "at");
            const auto rows = without_gil([&] { return self.valuation_report(when); });
            return self.read([&](const state& s) {
              py::list out;
              for (const auto& r : rows) {
                out.append(py::make_tuple(
                    s.catalog.item(r.item).code, s.catalog.location(r.location).code,
                    r.category.empty() ? py::object(py::none()) : py::object(py::str(r.category)),
                    std::string(name_of(r.method)), to_decimal(r.on_hand),
                    to_decimal(r.ledger_on_hand), to_decimal(r.value), to_decimal(r.unit_cost),
                    r.reconciled()));
              }
              return out;
            });
          },
          py::arg("at"),
          "Rows (item, location, category, method, on_hand, ledger_on_hand, value, unit_cost, "
          "reconciled) as of `at`.");
}

void bind_valuation_module(py::module_& m) {
  m.def(
      "allocate_landed_cost",
      [](const py::object& total, const py::list& lines, const std::string& by) {
        std::vector<landed_cost_line> parsed;
        std::size_t index = 0;
        for (const auto& entry : lines) {
          if (!py::isinstance<py::dict>(entry)) {
            raise(make_error(errc::malformed_input, "each line is a dict",
                             error_context{.field = "lines", .line = index}));
          }
          const auto line = entry.cast<py::dict>();
          landed_cost_line l;
          if (line.contains("quantity")) l.amount = to_quantity(line["quantity"], "quantity");
          if (line.contains("value")) l.value = to_money(line["value"], "value");
          if (line.contains("weight")) l.weight = to_quantity(line["weight"], "weight");
          parsed.push_back(l);
          ++index;
        }
        const auto amount = to_money(total, "total");
        const auto basis = basis_from(by);
        const auto shares =
            unwrap(without_gil([&] { return allocate_landed_cost(amount, parsed, basis); }));
        py::list out;
        for (const auto& share : shares) out.append(to_decimal(share));
        return out;
      },
      py::arg("total"), py::arg("lines"), py::kw_only(), py::arg("by") = "quantity",
      "Each line's share of `total` (Decimals that sum to it exactly): lines are dicts with "
      "quantity, value and/or weight; `by` names the basis. Remainders go one millionth each to "
      "the largest discarded remainders, ties to the earlier line.");
}

}  // namespace onhand::python
