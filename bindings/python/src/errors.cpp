// SPDX-License-Identifier: Apache-2.0
// onhand.Error and one subclass per errc, raised from onhand::error values.
// A class mixes in the builtin that fits its kind, so `except ValueError`
// and `except LookupError` work as Python users expect.
#include <Python.h>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "bindings.hpp"

namespace onhand::python {
namespace {

// One class per row of errc_table, at the row's index, and onhand.Error in the
// last slot. Built once at import; the module keeps references, so these stay
// alive. The translator looks a code up by precedence_of, which gives the last
// slot for a value that has no row, so a missing code is raised as onhand.Error
// and the lookup cannot throw. (No binding can produce such a value: C++ errors
// are built from errc enumerators, and src/core/error.cpp checks at compile time
// that every enumerator has a row.)
auto classes() -> std::array<PyObject*, std::size(errc_table) + 1>& {
  static std::array<PyObject*, std::size(errc_table) + 1> table{};
  return table;
}

// "insufficient_stock" -> "InsufficientStockError"; error.hpp checks that names are snake_case.
auto class_name(std::string_view code_name) -> std::string {
  std::string out;
  bool upper = true;
  for (char c : code_name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out + "Error";
}

auto builtin_for(error_kind kind) -> PyObject* {
  switch (kind) {
    case error_kind::invalid_argument:
      return PyExc_ValueError;
    case error_kind::not_found:
      return PyExc_LookupError;
    case error_kind::out_of_range:
      return PyExc_OverflowError;
    default:
      return nullptr;
  }
}

void translate(const error_exception& thrown) {
  const auto& err = thrown.value;
  PyObject* cls = classes()[precedence_of(err.code)];
  py::object instance = py::reinterpret_borrow<py::object>(cls)(err.message);
  instance.attr("code") = std::string(name_of(err.code));
  instance.attr("kind") = std::string(name_of(err.kind()));
  const auto& c = err.context;
  auto text_or_none = [](const std::string& s) -> py::object {
    return s.empty() ? py::object(py::none()) : py::object(py::str(s));
  };
  instance.attr("item") = text_or_none(c.item);
  instance.attr("location") = text_or_none(c.location);
  instance.attr("lot") = text_or_none(c.lot);
  instance.attr("document") = text_or_none(c.document);
  instance.attr("field") = text_or_none(c.field);
  instance.attr("requested") = c.requested ? to_decimal(*c.requested) : py::object(py::none());
  instance.attr("available") = c.available ? to_decimal(*c.available) : py::object(py::none());
  instance.attr("position") =
      c.position ? py::object(py::int_(*c.position)) : py::object(py::none());
  instance.attr("line") = c.line ? py::object(py::int_(*c.line)) : py::object(py::none());
  py::list lines;
  for (const auto& l : c.lines) {
    py::dict line;
    line["line"] = l.line;
    line["requested"] = to_decimal(l.requested);
    line["available"] = to_decimal(l.available);
    lines.append(line);
  }
  instance.attr("lines") = lines;
  PyErr_SetObject(cls, instance.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  PyObject* base = PyErr_NewExceptionWithDoc(
      "onhand.Error",
      "Base of every onhand error. Attributes: code, kind, item, location, lot, document, "
      "field, requested, available, position, line (None where they do not apply), and "
      "lines: the document lines behind an InsufficientStockError of a posting, as dicts "
      "with line, requested and available (empty otherwise).",
      PyExc_Exception, nullptr);
  m.attr("Error") = py::reinterpret_steal<py::object>(base);
  classes().back() = base;
  for (std::size_t rank = 0; rank < std::size(errc_table); ++rank) {
    const errc_row& row = errc_table[rank];
    const auto name = class_name(row.name);
    PyObject* builtin = builtin_for(row.kind);
    py::tuple bases = builtin != nullptr ? py::make_tuple(py::handle(base), py::handle(builtin))
                                         : py::make_tuple(py::handle(base));
    const std::string qualified = "onhand." + name;
    PyObject* cls = PyErr_NewException(qualified.c_str(), bases.ptr(), nullptr);
    m.attr(name.c_str()) = py::reinterpret_steal<py::object>(cls);
    // The class says which code it stands for, as its instances do.
    py::handle(cls).attr("code") = std::string(row.name);
    py::handle(cls).attr("kind") = std::string(name_of(row.kind));
    classes()[rank] = cls;
  }
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const error_exception& e) {
      translate(e);
    }
  });
}

}  // namespace onhand::python
