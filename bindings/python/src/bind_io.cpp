// SPDX-License-Identifier: Apache-2.0
// The JSON Lines export/import and the CSV imports, as private functions of
// _core that onhand/_io.py wraps (file names in, plain tuples out).
#include <fstream>
#include <string>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "onhand/inventory.hpp"
#include "onhand/storage/csv_import.hpp"
#include "onhand/storage/jsonl.hpp"
#include "onhand/storage/sqlite_store.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

[[noreturn]] void unreadable(const std::string& path, const char* field, const char* what) {
  raise(make_error(errc::malformed_input, std::string("cannot ") + what + " '" + path + "'",
                   error_context{.field = field}));
}

auto import_csv(inventory& inv, const std::string& table, const std::string& path,
                const py::object& progress, std::size_t progress_every,
                const std::string& key_prefix) -> py::tuple {
  std::ifstream in(path, std::ios::binary);
  if (!in) unreadable(path, "path", "read");
  csv_options options;
  options.progress_every = progress_every;
  options.key_prefix = key_prefix;
  if (!progress.is_none()) {
    options.progress = [progress](std::size_t rows) { progress(rows); };
  }
  result<csv_report> report;
  if (table == "items") {
    report = import_items_csv(inv, in, options);
  } else if (table == "locations") {
    report = import_locations_csv(inv, in, options);
  } else if (table == "lots") {
    report = import_lots_csv(inv, in, options);
  } else if (table == "opening_balances") {
    report = import_opening_balances_csv(inv, in, options);
  } else {
    raise(make_error(
        errc::invalid_parameter,
        "table must be 'items', 'locations', 'lots' or 'opening_balances', not '" + table + "'",
        error_context{.field = "table"}));
  }
  auto done = unwrap(std::move(report));
  py::list errors;
  for (const auto& e : done.errors) {
    errors.append(py::make_tuple(e.line, std::string(name_of(e.code)), e.column, e.message));
  }
  return py::make_tuple(done.rows, done.applied, errors);
}

}  // namespace

void bind_io(py::module_& m) {
  m.def(
      "_export_jsonl",
      [](const std::string& source, const std::string& target) {
        py::gil_scoped_release unlocked;
        auto log = unwrap(sqlite_store::open(source));
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        if (!out) unreadable(target, "path", "write");
        return unwrap(export_jsonl(*log, out));
      },
      py::arg("source"), py::arg("target"),
      "Writes the SQLite log at source to target as JSON Lines; returns the event count.");
  m.def(
      "_import_jsonl",
      [](const std::string& source, const std::string& target) {
        py::gil_scoped_release unlocked;
        std::ifstream in(source, std::ios::binary);
        if (!in) unreadable(source, "path", "read");
        auto log = unwrap(sqlite_store::open(target));
        return unwrap(import_jsonl(in, *log));
      },
      py::arg("source"), py::arg("target"),
      "Appends the JSON Lines at source to the empty SQLite log at target; returns the count.");
  m.def("_import_csv", &import_csv, py::arg("inventory"), py::arg("table"), py::arg("path"),
        py::arg("progress"), py::arg("progress_every"), py::arg("key_prefix"),
        "Imports a CSV file into the inventory; returns (rows, applied, errors).");
}

}  // namespace onhand::python
