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

// The longest text an exact value may have: a quantity or money amount has
// at most 19 significant digits, so anything longer (leading zeros aside) is
// refused before it is parsed or quoted.
constexpr std::size_t max_exact_text = 256;

[[noreturn]] void refuse_exact(std::string_view field, errc code, const std::string& message) {
  raise(make_error(code, std::string(field) + message, error_context{.field = std::string(field)}));
}

// repr() of a value, at most 40 characters, for messages.
auto short_text(py::handle value) -> std::string {
  std::string text = py::repr(value);
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

// The exact text of an int, Decimal or str argument; floats are refused.
auto exact_text(py::handle value, std::string_view field) -> std::string {
  if (py::isinstance<py::bool_>(value) || py::isinstance<py::float_>(value)) {
    raise(make_error(errc::malformed_input,
                     std::string(field) +
                         " must be exact: pass a decimal.Decimal, an int or a str, not a " +
                         type_name(value),
                     error_context{.field = std::string(field)}));
  }
  // The range is checked before a value is written out as text: an int of
  // 10**5000 or Decimal('1E+999999999') would otherwise expand to thousands of
  // digits (or a gigabyte) only to be refused.
  if (py::isinstance<py::str>(value)) {
    auto text = to_text(value, field);
    if (text.size() > max_exact_text) {
      refuse_exact(field, errc::malformed_input,
                   " has " + std::to_string(text.size()) +
                       " characters; an exact value has at most " + std::to_string(max_exact_text));
    }
    return text;
  }
  if (is_integer(value)) {
    py::int_ number(py::reinterpret_borrow<py::object>(value));
    if (number.attr("bit_length")().cast<int>() > 64) {
      refuse_exact(field, errc::overflow, " is out of range (more than 64 bits)");
    }
    return py::str(number);
  }
  if (py::isinstance(value, decimal_class())) {
    if (!value.attr("is_finite")().cast<bool>()) {
      refuse_exact(field, errc::malformed_input,
                   " must be a finite number, not " + py::str(value).cast<std::string>());
    }
    py::object exact = py::reinterpret_borrow<py::object>(value);
    if (!exact.attr("is_zero")().cast<bool>() && exact.attr("adjusted")().cast<long long>() > 40) {
      refuse_exact(field, errc::overflow, " is out of range (" + short_text(exact) + ")");
    }
    // Trailing zeros beyond any scale onhand keeps are dropped (normalized
    // without rounding); what remains must be short enough to write out.
    auto decimal = py::module_::import("decimal");
    static auto* unbounded = new py::object(decimal.attr("Context")(
        py::arg("prec") = decimal.attr("MAX_PREC"), py::arg("Emin") = decimal.attr("MIN_EMIN"),
        py::arg("Emax") = decimal.attr("MAX_EMAX")));
    if (exact.attr("as_tuple")().attr("exponent").cast<long long>() <
        -static_cast<long long>(max_exact_text)) {
      exact = exact.attr("normalize")(*unbounded);
    }
    auto parts = exact.attr("as_tuple")();
    if (parts.attr("exponent").cast<long long>() < -static_cast<long long>(max_exact_text) ||
        py::len(parts.attr("digits")) > max_exact_text) {
      refuse_exact(field, errc::malformed_input,
                   " has more digits than an exact value keeps (" + short_text(exact) + ")");
    }
    return py::str(py::module_::import("builtins").attr("format")(exact, "f"));
  }
  raise(make_error(
      errc::malformed_input,
      std::string(field) + " must be a decimal.Decimal, an int or a str, not a " + type_name(value),
      error_context{.field = std::string(field)}));
}

[[noreturn]] void refuse(std::string_view field, const std::string& message) {
  raise(make_error(errc::malformed_input, std::string(field) + message,
                   error_context{.field = std::string(field)}));
}

// Whether a value is an instance of numpy.<name>. numpy is looked up only if
// it is imported: a value cannot be a numpy scalar otherwise.
auto is_numpy(py::handle value, const char* name) -> bool {
  auto modules = py::module_::import("sys").attr("modules");
  if (!modules.contains("numpy")) return false;
  return py::isinstance(value, modules["numpy"].attr(name));
}

// A numpy.datetime64 as ISO 8601 text without an offset, to the microsecond
// ("YYYY-MM-DD" when `day`); NaT and finer values are refused.
auto datetime64_text(py::handle value, std::string_view field, bool day) -> std::string {
  if (py::str(value).cast<std::string>() == "NaT") {
    refuse(field, day ? " is NaT (not a date)" : " is NaT (not a time)");
  }
  const char* unit = day ? "datetime64[D]" : "datetime64[us]";
  py::object coarse = value.attr("astype")(unit);
  if (!coarse.equal(value)) {
    refuse(field, day ? " is a calendar date: pass a numpy.datetime64 at midnight"
                      : " is finer than a microsecond");
  }
  return py::str(coarse);
}

}  // namespace

auto type_name(py::handle value) -> std::string {
  return py::str(value.get_type().attr("__name__"));
}

auto to_text(py::handle value, std::string_view field) -> std::string {
  if (!py::isinstance<py::str>(value)) {
    refuse(field, " must be a str, not a " + type_name(value));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();  // a lone surrogate: the str has no UTF-8 form
    refuse(field, " is not valid text (it holds a lone surrogate)");
  }
  return {data, static_cast<std::size_t>(size)};
}

auto is_integer(py::handle value) -> bool {
  if (py::isinstance<py::bool_>(value)) return false;
  return py::isinstance<py::int_>(value) || is_numpy(value, "integer");
}

namespace {}  // namespace

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
  std::string text;
  if (py::isinstance(value, datetime.attr("datetime"))) {
    // A datetime (pandas.Timestamp among them) at midnight names its date.
    if (py::str(value).cast<std::string>() == "NaT") refuse(field, " is NaT (not a date)");
    const bool midnight =
        value.attr("hour").cast<int>() == 0 && value.attr("minute").cast<int>() == 0 &&
        value.attr("second").cast<int>() == 0 && value.attr("microsecond").cast<int>() == 0 &&
        py::getattr(value, "nanosecond", py::int_(0)).cast<int>() == 0;
    if (!midnight) {
      refuse(field, " is a calendar date: pass a datetime.date (or a datetime at midnight), not " +
                        py::str(value).cast<std::string>());
    }
    text = py::str(value.attr("date")().attr("isoformat")());
  } else if (py::isinstance(value, datetime.attr("date"))) {
    text = py::str(value.attr("isoformat")());
  } else if (py::isinstance<py::str>(value)) {
    text = to_text(value, field);
  } else if (is_numpy(value, "datetime64")) {
    text = datetime64_text(value, field, true);
  } else {
    refuse(field, " must be a datetime.date, a numpy.datetime64 or 'YYYY-MM-DD', not a " +
                      type_name(value));
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
    if (py::str(value).cast<std::string>() == "NaT") refuse(field, " is NaT (not a time)");
    if (value.attr("utcoffset")().is_none()) {
      refuse(field, " is a naive datetime (" + py::str(value).cast<std::string>() +
                        "): add its UTC offset, e.g. tzinfo=datetime.timezone.utc "
                        "(Timestamp.tz_localize for pandas)");
    }
    text = py::str(value.attr("isoformat")());
  } else if (py::isinstance(value, datetime.attr("date"))) {
    text = py::str(value.attr("isoformat")());
  } else if (py::isinstance<py::str>(value)) {
    text = to_text(value, field);
  } else if (is_numpy(value, "datetime64")) {
    // numpy keeps no offset; its own clock (datetime64("now")) is UTC, so is this.
    text = datetime64_text(value, field, false) + "Z";
  } else {
    refuse(field,
           " must be a datetime.datetime with an offset, a numpy.datetime64 or ISO 8601 "
           "text, not a " +
               type_name(value));
  }
  auto parsed = parse_timestamp(text);
  if (!parsed) {
    if (text.size() >= 19 && parse_timestamp(text + "Z")) {
      refuse(field, " '" + text + "' has no UTC offset: add one, e.g. '" + text + "Z' or '" + text +
                        "+02:00'");
    }
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
      [](py::handle amount, py::handle unit_price, py::handle rounding_mode) {
        const std::string mode = to_text(rounding_mode, "rounding");
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
          raise(make_error(errc::invalid_parameter,
                           "unknown rounding mode " + short_text(rounding_mode) +
                               " (half_even, half_up, down, up, floor or ceiling)",
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
