// SPDX-License-Identifier: Apache-2.0
// Decimal conversions and the core value helpers.
#include <pybind11/stl.h>

#include "onhand/core/date.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

// Held for the life of the process: never destroyed after the interpreter.
auto decimal_class() -> py::object {
  static auto* cls = new py::object(py::module_::import("decimal").attr("Decimal"));
  return *cls;
}

// The exact text of an int, Decimal or str argument; floats are refused.
auto exact_text(py::handle value, std::string_view field) -> std::string {
  if (py::isinstance<py::bool_>(value) || py::isinstance<py::float_>(value)) {
    raise(make_error(errc::malformed_input,
                     std::string(field) +
                         " must be exact: pass a decimal.Decimal, an int or a str, not a " +
                         std::string(py::str(value.get_type().attr("__name__"))),
                     error_context{.field = std::string(field)}));
  }
  if (py::isinstance<py::int_>(value) || py::isinstance<py::str>(value)) {
    return py::str(value);
  }
  if (py::isinstance(value, decimal_class())) {
    return py::str(py::module_::import("builtins").attr("format")(value, "f"));
  }
  raise(make_error(errc::malformed_input,
                   std::string(field) + " must be a decimal.Decimal, an int or a str",
                   error_context{.field = std::string(field)}));
}

}  // namespace

auto to_quantity(py::handle value, std::string_view field) -> quantity {
  auto parsed = quantity::parse(exact_text(value, field));
  if (!parsed) {
    auto err = std::move(parsed).error();
    err.context.field = std::string(field);
    raise(std::move(err));
  }
  return *parsed;
}

auto to_decimal(quantity value) -> py::object { return decimal_class()(value.to_string()); }

auto to_money(py::handle value, std::string_view field) -> money {
  auto parsed = money::parse(exact_text(value, field));
  if (!parsed) {
    auto err = std::move(parsed).error();
    err.context.field = std::string(field);
    raise(std::move(err));
  }
  return *parsed;
}

auto to_decimal(const money& value) -> py::object { return decimal_class()(value.to_string()); }

auto to_date(py::handle value, std::string_view field) -> date {
  auto datetime = py::module_::import("datetime");
  if (py::isinstance(value, datetime.attr("datetime"))) {
    raise(
        make_error(errc::malformed_input,
                   std::string(field) + " is a calendar date: pass a datetime.date, not a datetime",
                   error_context{.field = std::string(field)}));
  }
  std::string text;
  if (py::isinstance(value, datetime.attr("date"))) {
    text = py::str(value.attr("isoformat")());
  } else if (py::isinstance<py::str>(value)) {
    text = py::str(value);
  } else {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a datetime.date or 'YYYY-MM-DD'",
                     error_context{.field = std::string(field)}));
  }
  auto parsed = parse_date(text);
  if (!parsed) {
    auto err = std::move(parsed).error();
    err.context.field = std::string(field);
    raise(std::move(err));
  }
  return *parsed;
}

auto to_timestamp(py::handle value, std::string_view field) -> timestamp {
  auto datetime = py::module_::import("datetime");
  std::string text;
  if (py::isinstance(value, datetime.attr("datetime"))) {
    py::object moment = py::reinterpret_borrow<py::object>(value);
    if (moment.attr("tzinfo").is_none()) {
      moment = moment.attr("replace")(py::arg("tzinfo") = datetime.attr("timezone").attr("utc"));
    }
    text = py::str(moment.attr("isoformat")());
  } else if (py::isinstance(value, datetime.attr("date"))) {
    text = py::str(value.attr("isoformat")());
  } else if (py::isinstance<py::str>(value)) {
    text = py::str(value);
  } else {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a datetime.datetime or ISO 8601 text",
                     error_context{.field = std::string(field)}));
  }
  auto parsed = parse_timestamp(text);
  if (!parsed) {
    auto err = std::move(parsed).error();
    err.context.field = std::string(field);
    raise(std::move(err));
  }
  return *parsed;
}

auto to_python(date value) -> py::object {
  return py::module_::import("datetime")
      .attr("date")(static_cast<int>(value.year()), static_cast<unsigned>(value.month()),
                    static_cast<unsigned>(value.day()));
}

auto to_python(timestamp value) -> py::object {
  auto datetime = py::module_::import("datetime");
  static auto* epoch = new py::object(datetime.attr("datetime")(
      1970, 1, 1, py::arg("tzinfo") = datetime.attr("timezone").attr("utc")));
  return *epoch +
         datetime.attr("timedelta")(py::arg("microseconds") = value.time_since_epoch().count());
}

void bind_core(py::module_& m) {
  m.def(
      "quantity", [](py::handle value) { return to_decimal(to_quantity(value, "value")); },
      py::arg("value"),
      "Validates an exact quantity (Decimal, int or str) and returns it as a Decimal.");
  m.def(
      "extend",
      [](py::handle amount, py::handle unit_price, const std::string& mode) {
        rounding r = rounding::half_even;
        if (mode == "half_even")
          r = rounding::half_even;
        else if (mode == "half_up")
          r = rounding::half_up;
        else if (mode == "down")
          r = rounding::down;
        else if (mode == "up")
          r = rounding::up;
        else if (mode == "floor")
          r = rounding::floor;
        else if (mode == "ceiling")
          r = rounding::ceiling;
        else
          raise(make_error(errc::invalid_parameter, "unknown rounding mode '" + mode + "'",
                           error_context{.field = "rounding"}));
        return to_decimal(
            unwrap(extend(to_quantity(amount, "amount"), to_money(unit_price, "unit_price"), r)));
      },
      py::arg("amount"), py::arg("unit_price"), py::arg("rounding") = "half_even",
      "amount × unit_price as an exact Decimal, rounded to 6 decimals by `rounding`.");
  m.attr("error_codes") = [] {
    py::dict codes;
    for (const errc_row& row : errc_table) codes[py::str(std::string(row.name))] = row.value;
    return codes;
  }();
}

}  // namespace onhand::python
