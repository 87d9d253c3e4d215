// SPDX-License-Identifier: Apache-2.0
// onhand.scan: GS1 barcodes and EPC RFID tags. Dates come out as
// datetime.date; measures and amounts as decimal.Decimal built from the exact
// string, so trailing zeros are kept (str(value) == "5.00").
#include <pybind11/stl.h>

#include "onhand/catalog/gtin.hpp"
#include "onhand/scan/epc.hpp"
#include "onhand/scan/gs1.hpp"
#include "onhand/scan/resolver.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

using namespace onhand::scan;

auto to_py_date(const std::optional<date>& day) -> py::object {
  if (!day) return py::none();
  static py::object date_class = py::module_::import("datetime").attr("date");
  return date_class(static_cast<int>(day->year()), static_cast<unsigned>(day->month()),
                    static_cast<unsigned>(day->day()));
}

auto exact_decimal(const std::string& text) -> py::object {
  static py::object decimal_class = py::module_::import("decimal").attr("Decimal");
  return decimal_class(text);
}

auto text_or_none(const std::optional<std::string>& s) -> py::object {
  return s ? py::object(py::str(*s)) : py::object(py::none());
}

auto count_or_none(const std::optional<std::int64_t>& n) -> py::object {
  return n ? py::object(py::int_(*n)) : py::object(py::none());
}

auto format_or_none(const std::optional<gtin_format>& format) -> py::object {
  return format ? py::object(py::int_(static_cast<int>(*format))) : py::object(py::none());
}

auto measures_of(const gs1_message& m) -> py::list {
  py::list out;
  for (const auto& x : m.measures) {
    py::dict d;
    d["ai"] = x.ai;
    d["name"] = std::string(x.name);
    d["unit"] = std::string(x.unit);
    d["value"] = exact_decimal(x.value);
    out.append(d);
  }
  return out;
}

auto amounts_of(const gs1_message& m) -> py::list {
  py::list out;
  for (const auto& x : m.amounts) {
    py::dict d;
    d["ai"] = x.ai;
    d["name"] = std::string(x.name);
    d["value"] = exact_decimal(x.value);
    d["currency"] = x.currency.empty() ? py::object(py::none()) : py::object(py::str(x.currency));
    out.append(d);
  }
  return out;
}

auto elements_of(const gs1_message& m) -> py::list {
  py::list out;
  for (const auto& e : m.elements) out.append(py::make_tuple(e.ai, e.value));
  return out;
}

auto unmet_of(const gs1_message& m) -> py::list {
  py::list out;
  for (const auto& u : m.unmet_associations) out.append(py::make_tuple(u.ai, u.required));
  return out;
}

auto message_dict(const gs1_message& m) -> py::dict {
  py::dict d;
  d["symbology"] = std::string(name_of(m.symbology));
  d["elements"] = elements_of(m);
  d["gtin"] = text_or_none(m.gtin);
  d["gtin_format"] = format_or_none(m.gtin_format);
  d["content_gtin"] = text_or_none(m.content_gtin);
  d["sscc"] = text_or_none(m.sscc);
  d["lot"] = text_or_none(m.lot);
  d["serial"] = text_or_none(m.serial);
  d["production_date"] = to_py_date(m.production_date);
  d["due_date"] = to_py_date(m.due_date);
  d["packaging_date"] = to_py_date(m.packaging_date);
  d["best_before"] = to_py_date(m.best_before);
  d["sell_by"] = to_py_date(m.sell_by);
  d["expiry"] = to_py_date(m.expiry);
  d["variable_count"] = count_or_none(m.variable_count);
  d["count"] = count_or_none(m.count);
  d["measures"] = measures_of(m);
  d["amounts"] = amounts_of(m);
  d["unmet_associations"] = unmet_of(m);
  return d;
}

auto form_of(const std::string& name) -> gs1_form {
  for (auto form : {gs1_form::any, gs1_form::bracketed, gs1_form::raw, gs1_form::scanner}) {
    if (name == name_of(form)) return form;
  }
  raise(make_error(errc::invalid_parameter,
                   "form '" + name.substr(0, 32) + "' is not any, bracketed, raw or scanner",
                   error_context{.field = "form"}));
}

auto scheme_of(const std::string& name) -> epc_scheme {
  if (name == "sgtin-96" || name == "sgtin") return epc_scheme::sgtin_96;
  if (name == "sscc-96" || name == "sscc") return epc_scheme::sscc_96;
  if (name == "sgln-96" || name == "sgln") return epc_scheme::sgln_96;
  raise(make_error(errc::unsupported_epc_scheme,
                   "EPC scheme '" + name.substr(0, 32) + "' is not sgtin-96, sscc-96 or sgln-96",
                   error_context{.field = "scheme"}));
}

// An int argument as a C++ integer: a Python int or numpy integer (not a
// bool) from `min` to `max`. Another type is malformed_input; an int outside
// the range, however large, is `code` with the range, both naming `field`.
template <class Int>
auto int_argument(py::handle value, const char* field, errc code, Int min, Int max) -> Int {
  if (!is_integer(value)) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be an int, not " + type_name(value),
                     error_context{.field = field}));
  }
  const py::int_ number(py::reinterpret_borrow<py::object>(value));
  int overflow = 0;
  const long long n = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
  if (overflow != 0 || n < static_cast<long long>(min) || n > static_cast<long long>(max)) {
    const std::string shown =
        overflow != 0
            ? "an int of " + py::str(number.attr("bit_length")()).cast<std::string>() + " bits"
            : std::to_string(n);
    raise(make_error(code,
                     std::string(field) + " must be from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not " + shown,
                     error_context{.field = field}));
  }
  return static_cast<Int>(n);
}

// gs1_options from the Python arguments; reference_year is None or an int of
// the range parse_gs1 documents (refused as parse_gs1 refuses it, however large).
auto options_of(py::handle reference_year, bool strict, const std::string& form) -> gs1_options {
  gs1_options options{.strict = strict, .form = form_of(form)};
  if (!reference_year.is_none()) {
    options.reference_year =
        int_argument(reference_year, "reference_year", errc::invalid_parameter,
                     gs1_options::reference_year_min, gs1_options::reference_year_max);
  }
  return options;
}

auto filter_of(py::handle filter) -> int {
  return int_argument(filter, "filter", errc::epc_value_out_of_range, 0, 7);
}

auto company_prefix_length_of(py::handle length) -> std::size_t {
  return int_argument(length, "company_prefix_length", errc::invalid_partition, std::size_t{6},
                      std::size_t{12});
}

// A GS1 key or digit string as given to the GTIN helpers: a character outside
// ASCII is bad_character at its index, before the C++ check, whose message
// would quote a prefix of the text cut at a byte count.
auto ascii_key(const std::string& text, const char* field) -> const std::string& {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      raise(make_error(errc::bad_character,
                       std::string(field) + " has a character outside ASCII at position " +
                           std::to_string(i) + ": a GS1 key is digits",
                       error_context{.field = field, .position = i}));
    }
  }
  return text;
}

// Calls a catalog callable. What it raises becomes invalid_parameter naming
// it, as the inventory's clock does: the call is the caller's code, and its
// failure is not the scan's.
template <class... Args>
auto call_back(const py::object& callable, const char* name, Args&&... args) -> py::object {
  try {
    return callable(std::forward<Args>(args)...);
  } catch (py::error_already_set& raised) {
    raise(make_error(errc::invalid_parameter, std::string(name) + " raised " + raised.what(),
                     error_context{.field = name}));
  }
}

// A gtin_catalog backed by two Python callables, for notebooks and tests:
// find_gtin(gtin14) -> (item, unit, units_per_pack) or None, and
// known_expiry(item, lot) -> datetime.date or None. A value of the wrong
// shape or type is a typed error naming the part that is wrong; the entry's
// values are then checked by the resolver (scan::validate).
class callable_catalog final : public gtin_catalog {
 public:
  callable_catalog(py::object find, py::object expiry)
      : find_(std::move(find)), expiry_(std::move(expiry)) {
    if (!PyCallable_Check(find_.ptr())) {
      raise(make_error(errc::malformed_input,
                       "find_gtin must be a callable, gtin14 -> (item, unit, units_per_pack) "
                       "or None, not " +
                           type_name(find_),
                       error_context{.field = "find_gtin"}));
    }
    if (!expiry_.is_none() && !PyCallable_Check(expiry_.ptr())) {
      raise(make_error(errc::malformed_input,
                       "known_expiry must be None or a callable, (item, lot) -> datetime.date "
                       "or None, not " +
                           type_name(expiry_),
                       error_context{.field = "known_expiry"}));
    }
  }

  auto find_gtin(std::string_view gtin14) const -> std::optional<scan::gtin_entry> override {
    py::object found = call_back(find_, "find_gtin", std::string(gtin14));
    if (found.is_none()) return std::nullopt;
    const bool sequence = py::isinstance<py::tuple>(found) || py::isinstance<py::list>(found);
    if (!sequence || py::len(found) != 3) {
      raise(make_error(errc::invalid_parameter,
                       "find_gtin must return (item, unit, units_per_pack) or None, not " +
                           (sequence ? "a " + type_name(found) + " of " +
                                           std::to_string(py::len(found)) + " values"
                                     : "a " + type_name(found)),
                       error_context{.field = "find_gtin"}));
    }
    auto entry = py::reinterpret_borrow<py::sequence>(found);
    return scan::gtin_entry{to_text(entry[0], "item"), to_text(entry[1], "unit"),
                            to_quantity(entry[2], "units_per_pack")};
  }
  auto known_expiry(std::string_view item, std::string_view lot) const
      -> std::optional<date> override {
    if (expiry_.is_none()) return std::nullopt;
    py::object known = call_back(expiry_, "known_expiry", std::string(item), std::string(lot));
    if (known.is_none()) return std::nullopt;
    return to_date(known, "known_expiry");
  }

 private:
  py::object find_;
  py::object expiry_;
};

auto line_dict(const scan_line& line) -> py::dict {
  py::dict d;
  d["gtin"] = line.gtin;
  d["item"] = line.item;
  d["unit"] = line.unit;
  d["pack_quantity"] = to_decimal(line.pack_quantity);
  d["base_quantity"] = to_decimal(line.base_quantity);
  d["lot"] = text_or_none(line.lot);
  d["expiry"] = to_py_date(line.expiry);
  d["serial"] = text_or_none(line.serial);
  d["sscc"] = text_or_none(line.sscc);
  return d;
}

// Owns its catalog, so the Python object keeps the callables alive.
struct py_resolver {
  callable_catalog catalog;
  scan_resolver resolver{catalog};

  py_resolver(py::object find, py::object expiry) : catalog(std::move(find), std::move(expiry)) {}
  py_resolver(const py_resolver&) = delete;
  auto operator=(const py_resolver&) -> py_resolver& = delete;
};

}  // namespace

void bind_scan(py::module_& m) {
  // GTIN helpers.
  m.def(
      "gtin_check_digit",
      [](const std::string& digits) {
        return unwrap(gs1_check_digit(ascii_key(digits, "digits")));
      },
      py::arg("digits"), "The GS1 mod-10 check digit of a key given without it.");
  m.def(
      "is_valid_gtin", [](const std::string& gtin) { return validate_gtin(gtin).has_value(); },
      py::arg("gtin"), "Whether a GTIN-8/12/13/14 has the right length, digits and check digit.");
  m.def(
      "validate_gtin",
      [](const std::string& gtin) { unwrap(validate_gtin(ascii_key(gtin, "gtin"))); },
      py::arg("gtin"),
      "Raises BadCharacterError, BadLengthError or BadCheckDigitError (with .position) "
      "unless the GTIN is valid.");
  m.def(
      "normalize_gtin",
      [](const std::string& gtin) { return unwrap(normalize_gtin(ascii_key(gtin, "gtin"))); },
      py::arg("gtin"), "A valid GTIN of any length as a GTIN-14.");
  m.def(
      "gtin_format",
      [](const std::string& gtin) {
        return static_cast<int>(unwrap(gtin_format_of(ascii_key(gtin, "gtin"))));
      },
      py::arg("gtin"),
      "Which format a valid GTIN was given in: 8, 12, 13 or 14 (its number of digits).");

  // GS1 element strings.
  py::class_<gs1_message>(m, "Gs1Message", "A parsed GS1 scan (see parse_gs1).")
      .def_property_readonly("symbology",
                             [](const gs1_message& s) { return std::string(name_of(s.symbology)); })
      .def_property_readonly("elements", &elements_of,
                             "[(ai, value), ...] in input order, repeats included.")
      .def_property_readonly(
          "positions",
          [](const gs1_message& s) {
            py::list out;
            for (const auto& e : s.elements) out.append(e.position);
            return out;
          },
          "Offset of each element's AI in the input.")
      .def_property_readonly("gtin", [](const gs1_message& s) { return text_or_none(s.gtin); })
      .def_property_readonly(
          "gtin_format", [](const gs1_message& s) { return format_or_none(s.gtin_format); },
          "The format the GTIN was scanned in: 8 (]E4), 12 (]E0 with a leading 0: UPC-A), "
          "13 (]E0), 14 (]I1 and (01)); None without a GTIN.")
      .def_property_readonly("content_gtin",
                             [](const gs1_message& s) { return text_or_none(s.content_gtin); })
      .def_property_readonly("sscc", [](const gs1_message& s) { return text_or_none(s.sscc); })
      .def_property_readonly("lot", [](const gs1_message& s) { return text_or_none(s.lot); })
      .def_property_readonly("serial", [](const gs1_message& s) { return text_or_none(s.serial); })
      .def_property_readonly("production_date",
                             [](const gs1_message& s) { return to_py_date(s.production_date); })
      .def_property_readonly("due_date",
                             [](const gs1_message& s) { return to_py_date(s.due_date); })
      .def_property_readonly("packaging_date",
                             [](const gs1_message& s) { return to_py_date(s.packaging_date); })
      .def_property_readonly("best_before",
                             [](const gs1_message& s) { return to_py_date(s.best_before); })
      .def_property_readonly("sell_by", [](const gs1_message& s) { return to_py_date(s.sell_by); })
      .def_property_readonly("expiry", [](const gs1_message& s) { return to_py_date(s.expiry); })
      .def_property_readonly("variable_count",
                             [](const gs1_message& s) { return count_or_none(s.variable_count); })
      .def_property_readonly("count", [](const gs1_message& s) { return count_or_none(s.count); })
      .def_property_readonly("measures", &measures_of,
                             "[{'ai', 'name', 'unit', 'value': Decimal}, ...]")
      .def_property_readonly("amounts", &amounts_of,
                             "[{'ai', 'name', 'value': Decimal, 'currency': str | None}, ...]")
      .def_property_readonly("unmet_associations", &unmet_of,
                             "[(ai, required), ...]: association rules the scan does not meet.")
      .def("to_dict", &message_dict, "Every field as a plain dict.")
      .def("bracketed", &to_bracketed, "The human-readable form: '(01)...(17)...'.")
      .def("element_string", &to_element_string,
           "The canonical unbracketed element string: GS (\\x1d) after each element whose AI "
           "is not of predefined length, except the last; no symbology identifier.")
      .def("__repr__", [](const gs1_message& s) { return "<Gs1Message " + to_bracketed(s) + ">"; });

  m.def(
      "parse_gs1",
      [](const std::string& text, const py::object& reference_year, bool strict,
         const std::string& form) {
        return unwrap(parse_gs1(text, options_of(reference_year, strict, form)));
      },
      py::arg("text"), py::arg("reference_year") = py::none(), py::arg("strict") = false,
      py::arg("form") = "any",
      "Parses a GS1 scan: raw data with GS (\\x1d) separators, with or without a symbology "
      "identifier (]C1 ]d2 ]Q3 ]e0 ]J1, or ]E0 ]E4 ]I1 for a bare GTIN), or the bracketed "
      "form '(01)...(17)...'. Two-digit years follow the GS1 sliding window around "
      "reference_year (default: this year). strict=True rejects unmet association rules. "
      "form='bracketed', 'raw' or 'scanner' requires that form (MalformedInputError "
      "otherwise); 'any' guesses it. "
      "reference_year is from 50 to 9949 (InvalidParameterError otherwise). "
      "Errors raise onhand exceptions with .position, the 0-based index of the fault in text; "
      "a character outside ASCII is a BadCharacterError at the first one.");

  // EPC tags.
  py::class_<epc_identity>(m, "EpcTag", "The fields of an SGTIN-96, SSCC-96 or SGLN-96 tag.")
      .def_property_readonly("scheme",
                             [](const epc_identity& e) { return std::string(name_of(e.scheme)); })
      .def_readonly("filter", &epc_identity::filter)
      .def_readonly("company_prefix", &epc_identity::company_prefix)
      .def_readonly("reference", &epc_identity::reference)
      .def_readonly("serial", &epc_identity::serial)
      .def_property_readonly(
          "partition", [](const epc_identity& e) { return e.partition(); },
          "The 96-bit partition value, 0-6: 12 minus the company prefix's digits.")
      .def_property_readonly("gs1_key", &epc_identity::gs1_key,
                             "GTIN-14, SSCC or GLN with its check digit.")
      .def_property_readonly("uri", &epc_identity::pure_identity_uri, "Pure-identity URI.")
      .def_property_readonly("tag_uri", &epc_identity::tag_uri)
      .def(
          "to_hex", [](const epc_identity& e) { return unwrap(encode_epc(e)); },
          "The 24 hexadecimal digits of the 96-bit tag.")
      .def(
          "to_gs1", [](const epc_identity& e) { return unwrap(to_gs1(e)); },
          "The GS1 element string the EPC stands for, as a Gs1Message: (01)+(21), (00), or "
          "(414) with (254) unless the extension is '0'.")
      .def("__eq__", [](const epc_identity& a, const epc_identity& b) { return a == b; })
      .def("__repr__", [](const epc_identity& e) { return "<EpcTag " + e.tag_uri() + ">"; });

  m.def(
      "decode_epc", [](const std::string& hex) { return unwrap(decode_epc(hex)); }, py::arg("hex"),
      "Decodes 24 hexadecimal digits of an SGTIN-96, SSCC-96 or SGLN-96 tag.");
  m.def(
      "epc_from_gs1",
      [](const py::object& message, const py::object& company_prefix_length,
         const py::object& filter) {
        if (!py::isinstance<gs1_message>(message)) {
          raise(
              make_error(errc::malformed_input,
                         "message must be a Gs1Message (from parse_gs1), not " + type_name(message),
                         error_context{.field = "message"}));
        }
        return unwrap(from_gs1(message.cast<const gs1_message&>(),
                               company_prefix_length_of(company_prefix_length), filter_of(filter)));
      },
      py::arg("message"), py::arg("company_prefix_length"), py::arg("filter") = 0,
      "The EPC a parsed GS1 message stands for: SGTIN from (01)+(21), else SSCC from (00), "
      "else SGLN from (414) (+ (254)); the company prefix length (6-12) is not in the message.");
  m.def(
      "parse_epc_uri",
      [](const std::string& uri, const py::object& filter) {
        return unwrap(parse_epc_uri(uri, filter_of(filter)));
      },
      py::arg("uri"), py::arg("filter") = 0,
      "Parses urn:epc:id:sgtin|sscc|sgln:... (with `filter`) or urn:epc:tag:...-96:F.... .");
  m.def(
      "encode_epc",
      [](const std::string& scheme, const py::object& filter, const std::string& company_prefix,
         const std::string& reference, const std::string& serial) {
        epc_identity e{scheme_of(scheme), filter_of(filter), company_prefix, reference, serial};
        return unwrap(encode_epc(e));
      },
      py::arg("scheme"), py::arg("filter"), py::arg("company_prefix"), py::arg("reference"),
      py::arg("serial") = "", "Encodes EPC fields as 24 hexadecimal digits.");
  m.def(
      "encode_sgtin",
      [](const std::string& gtin, const py::object& company_prefix_length,
         const std::string& serial, const py::object& filter) {
        return unwrap(encode_epc(unwrap(make_sgtin(ascii_key(gtin, "gtin"),
                                                   company_prefix_length_of(company_prefix_length),
                                                   serial, filter_of(filter)))));
      },
      py::arg("gtin"), py::arg("company_prefix_length"), py::arg("serial"), py::arg("filter") = 0,
      "SGTIN-96 hex from a GTIN, its company prefix length (6-12) and a numeric serial.");
  m.def(
      "encode_sscc",
      [](const std::string& sscc, const py::object& company_prefix_length,
         const py::object& filter) {
        return unwrap(encode_epc(unwrap(
            make_sscc(sscc, company_prefix_length_of(company_prefix_length), filter_of(filter)))));
      },
      py::arg("sscc"), py::arg("company_prefix_length"), py::arg("filter") = 0,
      "SSCC-96 hex from an 18-digit SSCC.");
  m.def(
      "encode_sgln",
      [](const std::string& gln, const py::object& company_prefix_length,
         const std::string& extension, const py::object& filter) {
        return unwrap(encode_epc(unwrap(make_sgln(
            gln, company_prefix_length_of(company_prefix_length), extension, filter_of(filter)))));
      },
      py::arg("gln"), py::arg("company_prefix_length"), py::arg("extension") = "0",
      py::arg("filter") = 0, "SGLN-96 hex from a 13-digit GLN and an extension.");

  py::class_<py_resolver>(m, "ScanResolver",
                          "Turns scans into stock lines through a catalog given as callables.")
      .def(py::init<py::object, py::object>(), py::arg("find_gtin"),
           py::arg("known_expiry") = py::none(),
           "find_gtin(gtin14) -> (item, unit, units_per_pack) or None; "
           "known_expiry(item, lot) -> datetime.date or None. A returned value of the wrong "
           "shape or type is an onhand error naming it (item, unit, units_per_pack, "
           "known_expiry); an empty item, or units_per_pack of 0 or less, is refused too. "
           "An exception a callable raises becomes InvalidParameterError naming it.")
      .def(
          "resolve",
          [](const py_resolver& r, const std::string& text, const py::object& reference_year,
             bool strict, const std::string& form) {
            return line_dict(
                unwrap(r.resolver.resolve(text, options_of(reference_year, strict, form))));
          },
          py::arg("text"), py::arg("reference_year") = py::none(), py::arg("strict") = false,
          py::arg("form") = "any",
          "Parses a GS1 scan and resolves it: dict with gtin, item, unit, pack_quantity, "
          "base_quantity (Decimal), lot, expiry (date), serial, sscc. Raises UnknownGtinError, "
          "LotExpiryMismatchError or the parser's errors.")
      .def(
          "resolve_epc",
          [](const py_resolver& r, const std::string& hex) {
            return line_dict(unwrap(r.resolver.resolve(unwrap(decode_epc(hex)))));
          },
          py::arg("hex"), "Decodes an SGTIN-96 tag and resolves it to one pack.");
}

}  // namespace onhand::python
