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

auto cannot(const std::string& path, const char* field, const char* what) -> error {
  return make_error(errc::malformed_input, std::string("cannot ") + what + " '" + path + "'",
                    error_context{.field = field});
}

[[noreturn]] void unreadable(const std::string& path, const char* field, const char* what) {
  raise(cannot(path, field, what));
}

auto import_csv(inventory& inv, const std::string& table, const std::string& path,
                const py::object& progress, std::size_t progress_every,
                const std::string& key_prefix) -> py::tuple {
  std::ifstream in(path, std::ios::binary);
  if (!in) unreadable(path, "path", "read");
  csv_options options;
  options.progress_every = progress_every;
  options.key_prefix = key_prefix;
  // The import reads the file and posts without the GIL; the progress
  // callable takes it for each call (no inventory lock is held then). It is
  // held by reference, so no copy of it is made or dropped without the GIL.
  if (!progress.is_none()) {
    options.progress = [&progress](std::size_t rows) {
      py::gil_scoped_acquire gil;
      progress(rows);
    };
  }
  using importer = result<csv_report> (*)(inventory&, std::istream&, const csv_options&);
  importer run = nullptr;
  if (table == "items") {
    run = &import_items_csv;
  } else if (table == "locations") {
    run = &import_locations_csv;
  } else if (table == "lots") {
    run = &import_lots_csv;
  } else if (table == "opening_balances") {
    run = &import_opening_balances_csv;
  } else {
    raise(make_error(
        errc::invalid_parameter,
        "table must be 'items', 'locations', 'lots' or 'opening_balances', not '" + table + "'",
        error_context{.field = "table"}));
  }
  auto report = without_gil([&] { return run(inv, in, options); });
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
        auto exported = without_gil([&]() -> result<std::uint64_t> {
          auto log = sqlite_store::open(source);
          if (!log) return std::move(log).error();
          std::ofstream out(target, std::ios::binary | std::ios::trunc);
          if (!out) return cannot(target, "path", "write");
          return export_jsonl(**log, out);
        });
        return unwrap(std::move(exported));
      },
      py::arg("source"), py::arg("target"),
      "Writes the SQLite log at source to target as JSON Lines; returns the event count.");
  m.def(
      "_import_jsonl",
      [](const std::string& source, const std::string& target) {
        auto imported = without_gil([&]() -> result<std::uint64_t> {
          std::ifstream in(source, std::ios::binary);
          if (!in) return cannot(source, "path", "read");
          auto log = sqlite_store::open(target);
          if (!log) return std::move(log).error();
          return import_jsonl(in, **log);
        });
        return unwrap(std::move(imported));
      },
      py::arg("source"), py::arg("target"),
      "Appends the JSON Lines at source to the empty SQLite log at target; returns the count.");
  m.def("_import_csv", &import_csv, py::arg("inventory"), py::arg("table"), py::arg("path"),
        py::arg("progress"), py::arg("progress_every"), py::arg("key_prefix"),
        "Imports a CSV file into the inventory; returns (rows, applied, errors).");
}

}  // namespace onhand::python
