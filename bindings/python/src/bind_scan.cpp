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

auto from_py_date(py::handle value) -> date {
  const auto y = value.attr("year").cast<int>();
  const auto mo = value.attr("month").cast<unsigned>();
  const auto d = value.attr("day").cast<unsigned>();
  return std::chrono::year{y} / std::chrono::month{mo} / std::chrono::day{d};
}

// A gtin_catalog backed by two Python callables, for notebooks and tests:
// find_gtin(gtin14) -> (item, unit, units_per_pack) or None, and
// known_expiry(item, lot) -> datetime.date or None.
class callable_catalog final : public gtin_catalog {
 public:
  callable_catalog(py::function find, py::object expiry)
      : find_(std::move(find)), expiry_(std::move(expiry)) {}

  auto find_gtin(std::string_view gtin14) const -> std::optional<gtin_entry> override {
    py::object found = find_(std::string(gtin14));
    if (found.is_none()) return std::nullopt;
    auto entry = found.cast<py::tuple>();
    if (entry.size() != 3) {
      raise(make_error(errc::invalid_parameter,
                       "find_gtin must return (item, unit, units_per_pack) or None",
                       error_context{.field = "find_gtin"}));
    }
    return gtin_entry{entry[0].cast<std::string>(), entry[1].cast<std::string>(),
                      to_quantity(entry[2], "units_per_pack")};
  }
  auto known_expiry(std::string_view item, std::string_view lot) const
      -> std::optional<date> override {
    if (expiry_.is_none()) return std::nullopt;
    py::object known = expiry_(std::string(item), std::string(lot));
    if (known.is_none()) return std::nullopt;
    return from_py_date(known);
  }

 private:
  py::function find_;
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

  py_resolver(py::function find, py::object expiry) : catalog(std::move(find), std::move(expiry)) {}
  py_resolver(const py_resolver&) = delete;
  auto operator=(const py_resolver&) -> py_resolver& = delete;
};

}  // namespace

void bind_scan(py::module_& m) {
  // GTIN helpers.
  m.def(
      "gtin_check_digit", [](const std::string& digits) { return unwrap(gs1_check_digit(digits)); },
      py::arg("digits"), "The GS1 mod-10 check digit of a key given without it.");
  m.def(
      "is_valid_gtin", [](const std::string& gtin) { return validate_gtin(gtin).has_value(); },
      py::arg("gtin"), "Whether a GTIN-8/12/13/14 has the right length, digits and check digit.");
  m.def(
      "validate_gtin", [](const std::string& gtin) { unwrap(validate_gtin(gtin)); },
      py::arg("gtin"),
      "Raises BadCharacterError, BadLengthError or BadCheckDigitError (with .position) "
      "unless the GTIN is valid.");
  m.def(
      "normalize_gtin", [](const std::string& gtin) { return unwrap(normalize_gtin(gtin)); },
      py::arg("gtin"), "A valid GTIN of any length as a GTIN-14.");
  m.def(
      "gtin_format",
      [](const std::string& gtin) { return static_cast<int>(unwrap(gtin_format_of(gtin))); },
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
      [](const std::string& text, std::optional<int> reference_year, bool strict,
         const std::string& form) {
        return unwrap(parse_gs1(
            text, gs1_options{
                      .reference_year = reference_year, .strict = strict, .form = form_of(form)}));
      },
      py::arg("text"), py::arg("reference_year") = py::none(), py::arg("strict") = false,
      py::arg("form") = "any",
      "Parses a GS1 scan: raw data with GS (\\x1d) separators, with or without a symbology "
      "identifier (]C1 ]d2 ]Q3 ]e0 ]J1, or ]E0 ]E4 ]I1 for a bare GTIN), or the bracketed "
      "form '(01)...(17)...'. Two-digit years follow the GS1 sliding window around "
      "reference_year (default: this year). strict=True rejects unmet association rules. "
      "form='bracketed', 'raw' or 'scanner' requires that form (MalformedInputError "
      "otherwise); 'any' guesses it. "
      "Errors raise onhand exceptions with .position, the 0-based offset of the fault.");

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
      [](const gs1_message& message, std::size_t company_prefix_length, int filter) {
        return unwrap(from_gs1(message, company_prefix_length, filter));
      },
      py::arg("message"), py::arg("company_prefix_length"), py::arg("filter") = 0,
      "The EPC a parsed GS1 message stands for: SGTIN from (01)+(21), else SSCC from (00), "
      "else SGLN from (414) (+ (254)); the company prefix length (6-12) is not in the message.");
  m.def(
      "parse_epc_uri",
      [](const std::string& uri, int filter) { return unwrap(parse_epc_uri(uri, filter)); },
      py::arg("uri"), py::arg("filter") = 0,
      "Parses urn:epc:id:sgtin|sscc|sgln:... (with `filter`) or urn:epc:tag:...-96:F.... .");
  m.def(
      "encode_epc",
      [](const std::string& scheme, int filter, const std::string& company_prefix,
         const std::string& reference, const std::string& serial) {
        epc_identity e{scheme_of(scheme), filter, company_prefix, reference, serial};
        return unwrap(encode_epc(e));
      },
      py::arg("scheme"), py::arg("filter"), py::arg("company_prefix"), py::arg("reference"),
      py::arg("serial") = "", "Encodes EPC fields as 24 hexadecimal digits.");
  m.def(
      "encode_sgtin",
      [](const std::string& gtin, std::size_t company_prefix_length, const std::string& serial,
         int filter) {
        return unwrap(encode_epc(unwrap(make_sgtin(gtin, company_prefix_length, serial, filter))));
      },
      py::arg("gtin"), py::arg("company_prefix_length"), py::arg("serial"), py::arg("filter") = 0,
      "SGTIN-96 hex from a GTIN, its company prefix length (6-12) and a numeric serial.");
  m.def(
      "encode_sscc",
      [](const std::string& sscc, std::size_t company_prefix_length, int filter) {
        return unwrap(encode_epc(unwrap(make_sscc(sscc, company_prefix_length, filter))));
      },
      py::arg("sscc"), py::arg("company_prefix_length"), py::arg("filter") = 0,
      "SSCC-96 hex from an 18-digit SSCC.");
  m.def(
      "encode_sgln",
      [](const std::string& gln, std::size_t company_prefix_length, const std::string& extension,
         int filter) {
        return unwrap(encode_epc(unwrap(make_sgln(gln, company_prefix_length, extension, filter))));
      },
      py::arg("gln"), py::arg("company_prefix_length"), py::arg("extension") = "0",
      py::arg("filter") = 0, "SGLN-96 hex from a 13-digit GLN and an extension.");

  py::class_<py_resolver>(m, "ScanResolver",
                          "Turns scans into stock lines through a catalog given as callables.")
      .def(py::init<py::function, py::object>(), py::arg("find_gtin"),
           py::arg("known_expiry") = py::none(),
           "find_gtin(gtin14) -> (item, unit, units_per_pack) or None; "
           "known_expiry(item, lot) -> datetime.date or None.")
      .def(
          "resolve",
          [](const py_resolver& r, const std::string& text, std::optional<int> reference_year,
             bool strict, const std::string& form) {
            return line_dict(
                unwrap(r.resolver.resolve(text, gs1_options{.reference_year = reference_year,
                                                            .strict = strict,
                                                            .form = form_of(form)})));
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
