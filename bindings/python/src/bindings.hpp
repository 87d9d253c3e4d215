// SPDX-License-Identifier: Apache-2.0
// File: bindings/python/src/bindings.hpp
//
// What the bind_<area>.cpp files share: their entry points, the error
// bridge, and the Decimal conversions. module.cpp only wires them together.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <pybind11/pybind11.h>

#include "onhand/core/error.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {
class inventory;
}

namespace onhand::python {

namespace py = pybind11;

void bind_errors(py::module_& m);
void bind_core(py::module_& m);
/// onhand._core.Inventory: created by bind_inventory, which hands the class
/// to each domain's binding in turn.
using inventory_class = py::class_<inventory>;
void bind_inventory(py::module_& m);
void bind_catalog(inventory_class& cls);
void bind_ledger(inventory_class& cls);
void bind_batch(inventory_class& cls);           // documents as columns
void bind_scan_inventory(inventory_class& cls);  // the scan-to-stock adapter
void bind_lots(inventory_class& cls);            // the lot-level view
void bind_trace(inventory_class& cls);           // recall trace and expiry risk
void bind_allocation(inventory_class& cls);      // reservations and available-to-promise
void bind_purchasing(inventory_class& cls);      // suppliers, purchase orders, receipts
void bind_counting(inventory_class& cls);        // cycle counts
void bind_orders(inventory_class& cls);          // transfers between sites
void bind_sales_orders(inventory_class& cls);    // sales orders
void bind_valuation(inventory_class& cls);       // costing, costed receipts, value, COGS
/// Defines `lot` of `item` with expiry = receipt date (UTC) + the item's
/// shelf_life_days, when the item is tracked, has a shelf life, and the lot
/// is not defined yet; otherwise does nothing. `effective` is the receipt's
/// effective time (None: now).
void define_lot_by_shelf_life(inventory& self, const std::string& item, const std::string& lot,
                              const py::object& effective);
void bind_planning(py::module_& m);
void bind_planning_forecast(py::module_& m);  // called by bind_planning
void bind_scan(py::module_& m);
void bind_allocation_module(py::module_& m);  // pick plans, time-phased ATP, expiry waste
void bind_valuation_module(py::module_& m);   // landed-cost allocation

/// Carries an onhand::error to the translator, which raises the matching
/// onhand.Error subclass with .code and the context fields.
struct error_exception {
  onhand::error value;
};

/// Raises an error as its onhand.Error subclass. Hints that name Python
/// arguments, which the C++ message cannot give, are added here (an undefined
/// lot: how a lot comes to be defined).
/// A message that quotes at most a bounded part of the input: a 1 MB code
/// or key gives a message of a few hundred bytes, cut at UTF-8 character
/// boundaries.
inline void bound_message(std::string& message) {
  constexpr std::size_t max_message = 600;
  if (message.size() <= max_message) return;
  std::size_t cut = max_message - 100;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  std::size_t resume = message.size() - 80;
  while (resume < message.size() && (static_cast<unsigned char>(message[resume]) & 0xC0) == 0x80) {
    ++resume;
  }
  message = message.substr(0, cut) + "... (" +
            std::to_string(message.size() - cut - (message.size() - resume)) +
            " bytes left out) ..." + message.substr(resume);
}

[[noreturn]] inline void raise(onhand::error err) {
  bound_message(err.message);
  if (err.code == errc::unknown_code && err.context.field == "lot") {
    err.message +=
        ": receive it with lot= and expiry= (or shelf_life_days on the item), or define it "
        "first with define_lot(item, lot, expiry=...)";
  }
  throw error_exception{std::move(err)};
}

/// Runs `work` with the GIL released and returns what it returns, so other
/// Python threads run while onhand reads or writes its store or computes
/// over many rows (docs/reference/python_gil.md). `work` touches no Python
/// object: the arguments are read into C++ values before, and the result
/// (a result<T>, unwrapped by the caller) is turned into Python objects
/// after, with the GIL held again. The inventory's own locks keep concurrent
/// calls consistent.
template <class Work>
auto without_gil(Work&& work) -> decltype(std::forward<Work>(work)()) {
  py::gil_scoped_release released;
  return std::forward<Work>(work)();
}

/// A query over the projections that makes Python rows: `query(state)` runs
/// under the inventory's reader lock without the GIL and returns C++ values,
/// then `rows(state, found)` makes the Python objects with the GIL, under a
/// second reader lock (codes, lots and documents are never removed, so the
/// ids `found` holds still name the same things).
template <class Inventory, class Query, class Rows>
auto query_rows(const Inventory& self, Query&& query, Rows&& rows) {
  auto found = without_gil([&] { return self.read(std::forward<Query>(query)); });
  return self.read([&](const auto& s) { return std::forward<Rows>(rows)(s, found); });
}

/// The value of a result, or the matching Python exception.
template <class T>
auto unwrap(result<T>&& r) -> T {
  if (!r) raise(std::move(r).error());
  return std::move(r).value();
}
inline void unwrap(result<void>&& r) {
  if (!r) raise(std::move(r).error());
}

/// The value of a name parsed by `parse` (e.g. parse_location_kind), or a
/// MalformedInputError naming `field` and listing the `allowed` names.
template <class Parse>
auto named_value(Parse parse, const std::string& name, const char* field, const char* allowed) {
  auto parsed = parse(name);
  if (!parsed) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be " + allowed + ", not '" + name + "'",
                     error_context{.field = field}));
  }
  return *parsed;
}

/// The Python type name of a value, for messages.
auto type_name(py::handle value) -> std::string;
/// A str argument as UTF-8; anything else (bytes among them) or a str with a
/// lone surrogate is a MalformedInputError naming `field`.
auto to_text(py::handle value, std::string_view field) -> std::string;
/// Whether a value is an int (not a bool) or a numpy integer.
auto is_integer(py::handle value) -> bool;

/// decimal.Decimal, int (or numpy integer) or str to an exact quantity; a float is refused
/// (malformed_input) because it is not exact. `field` names the argument.
auto to_quantity(py::handle value, std::string_view field) -> quantity;
/// An exact decimal.Decimal.
auto to_decimal(quantity value) -> py::object;
auto to_money(py::handle value, std::string_view field) -> money;
auto to_decimal(const money& value) -> py::object;

}  // namespace onhand::python

#include "onhand/core/date.hpp"

namespace onhand::python {

/// datetime.date, a datetime or numpy.datetime64 at midnight (pandas.Timestamp
/// among them), or "YYYY-MM-DD" to a date.
auto to_date(py::handle value, std::string_view field) -> date;
/// An aware datetime.datetime (pandas.Timestamp among them), a datetime.date
/// (its start, UTC), a numpy.datetime64 (UTC, as numpy's own clock), or ISO
/// 8601 text with an offset or Z to a timestamp. A naive datetime or text is
/// refused with a message saying to add the offset.
auto to_timestamp(py::handle value, std::string_view field) -> timestamp;
auto to_python(date value) -> py::object;       ///< datetime.date
auto to_python(timestamp value) -> py::object;  ///< aware datetime.datetime in UTC

}  // namespace onhand::python

#include "onhand/ledger/movement.hpp"

namespace onhand::python {

/// One post() line (a dict: item, quantity, source, to, unit, lot) as codes;
/// every error it raises names the line `index` (bind_ledger.cpp).
auto line_from(const py::dict& line, std::size_t index) -> line_spec;
auto reason_from(const std::string& name) -> movement_reason;
/// A posting as post() returns it: document, log_position, effective, recorded, replayed.
auto posting_dict(const posting& p) -> py::dict;

}  // namespace onhand::python

#include "onhand/core/ids.hpp"

namespace onhand::python {

/// The location a code names; an unknown code is an UnknownCodeError naming
/// `field` (bind_orders.cpp).
auto location_of(const inventory& self, const py::handle& code, std::string_view field)
    -> location_id;

}  // namespace onhand::python
