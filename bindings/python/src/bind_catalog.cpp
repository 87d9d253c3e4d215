// SPDX-License-Identifier: Apache-2.0
// The catalog commands and lookups of onhand._core.Inventory.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

auto optional_int(const py::object& value, const char* field) -> std::optional<int> {
  if (value.is_none()) return std::nullopt;
  if (!is_integer(value)) {
    raise(make_error(errc::malformed_input, std::string(field) + " must be an int or None",
                     error_context{.field = field}));
  }
  return value.cast<int>();
}

// A whole number of digits, as an int64 (nullopt if it is not one).
auto whole_number(std::string_view text) -> std::optional<std::int64_t> {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, failure] = std::from_chars(text.data(), end, value);
  if (text.empty() || text.front() == '-' || failure != std::errc{} || stop != end) {
    return std::nullopt;
  }
  return value;
}

// A unit factor, exact: an int, a decimal.Decimal or decimal text with any
// number of places ("0.45359237"), or a fraction "45359237/100000000"; up to
// 18 significant digits on each side. A float is refused: it is not exact.
auto to_factor(const py::handle& value) -> unit_factor {
  auto fail = [&](errc code, const std::string& why) -> unit_factor {
    raise(make_error(code, "a unit factor " + why, error_context{.field = "alternates"}));
  };
  std::string text;
  if (py::isinstance<py::bool_>(value) || py::isinstance<py::float_>(value)) {
    return fail(errc::malformed_input,
                "must be an int, a Decimal or exact text such as '0.45359237' or "
                "'45359237/100000000' (a float is not exact)");
  }
  if (PyIndex_Check(value.ptr())) {
    text = py::str(py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr())));
  } else if (py::isinstance(value, py::module_::import("decimal").attr("Decimal"))) {
    if (!value.attr("is_finite")().cast<bool>())
      return fail(errc::malformed_input, "must be finite");
    // Plain notation without trailing zeros: Decimal("1E+2") is "100".
    text = py::str(py::module_::import("builtins").attr("format")(value.attr("normalize")(), "f"));
  } else if (py::isinstance<py::str>(value)) {
    text = value.cast<std::string>();
  } else {
    return fail(errc::malformed_input,
                "must be an int, a Decimal or exact text such as '0.45359237' or "
                "'45359237/100000000'");
  }
  if (const auto slash = text.find('/'); slash != std::string::npos) {
    const auto numerator = whole_number(std::string_view(text).substr(0, slash));
    const auto denominator = whole_number(std::string_view(text).substr(slash + 1));
    if (!numerator || !denominator) {
      return fail(errc::malformed_input, "fraction '" + text +
                                             "' must be two whole numbers below 2^63, as "
                                             "'45359237/100000000'");
    }
    auto factor = unit_factor::ratio(*numerator, *denominator);
    if (!factor) {
      auto err = std::move(factor).error();
      err.context.field = "alternates";
      raise(std::move(err));
    }
    return *factor;
  }
  if (!text.empty() && text.front() == '-') {
    return fail(errc::invalid_quantity, "must be positive, not " + text);
  }
  auto factor = unit_factor::parse(text);
  if (!factor) {
    auto err = std::move(factor).error();
    err.context.field = "alternates";
    raise(std::move(err));
  }
  return *factor;
}

// alternates: {"case": 12} (relative to the base unit) or
// {"pallet": ("40", "case")} (relative to another unit); factors exact.
auto make_units(const std::string& unit, int decimals, const py::dict& alternates) -> unit_set {
  auto units = unwrap(unit_set::make(base_unit{unit, decimals}));
  for (const auto& [name, spec] : alternates) {
    py::object factor_value = py::reinterpret_borrow<py::object>(spec);
    std::string relative_to = unit;
    if (py::isinstance<py::tuple>(spec) || py::isinstance<py::list>(spec)) {
      auto pair = spec.cast<py::sequence>();
      if (pair.size() != 2) {
        raise(make_error(errc::malformed_input, "an alternate is factor or (factor, unit)",
                         error_context{.field = "alternates"}));
      }
      factor_value = pair[0];
      if (!py::isinstance<py::str>(pair[1])) {
        raise(make_error(errc::malformed_input, "an alternate's unit must be a str",
                         error_context{.field = "alternates"}));
      }
      relative_to = pair[1].cast<std::string>();
    }
    if (!py::isinstance<py::str>(name)) {
      raise(make_error(errc::malformed_input, "an alternate unit's name must be a str",
                       error_context{.field = "alternates"}));
    }
    unwrap(units.add_alternate(name.cast<std::string>(), to_factor(factor_value), relative_to));
  }
  return units;
}

auto kind_from(const std::string& name) -> location_kind {
  return named_value(parse_location_kind, name, "kind",
                     "internal, supplier, customer, transit, inventory_loss, scrap or production");
}

auto status_from(const std::string& name) -> lot_status {
  return named_value(parse_lot_status, name, "status", "available, on_hold or recalled");
}

}  // namespace

void bind_catalog(inventory_class& cls) {
  cls.def(
         "define_item",
         [](inventory& self, const std::string& code, const std::string& unit, int decimals,
            const py::dict& alternates, bool lot_tracked, bool serial_tracked,
            const py::object& shelf_life_days, const std::string& description,
            const std::map<std::string, std::string>& gtins,
            const std::map<std::string, std::string>& attributes) {
           item_definition item{.code = code,
                                .description = description,
                                .units = make_units(unit, decimals, alternates),
                                .lot_tracked = lot_tracked,
                                .serial_tracked = serial_tracked,
                                .shelf_life_days = optional_int(shelf_life_days, "shelf_life_days"),
                                .attributes = attributes};
           for (const auto& [gtin, pack] : gtins) item.gtins.push_back({gtin, pack});
           unwrap(without_gil([&] { return self.define_item(item); }));
         },
         py::arg("code"), py::kw_only(), py::arg("unit") = "each", py::arg("decimals") = 0,
         py::arg("alternates") = py::dict(), py::arg("lot_tracked") = false,
         py::arg("serial_tracked") = false, py::arg("shelf_life_days") = py::none(),
         py::arg("description") = "", py::arg("gtins") = std::map<std::string, std::string>{},
         py::arg("attributes") = std::map<std::string, std::string>{},
         "Defines an item; the same definition again is a no-op, a different one an error.")
      .def(
          "define_location",
          [](inventory& self, const std::string& code, const std::string& kind,
             const std::optional<std::string>& parent, bool allow_negative,
             const std::string& description, bool hold) {
            const location_definition definition{.code = code,
                                                 .description = description,
                                                 .parent = parent.value_or(""),
                                                 .kind = kind_from(kind),
                                                 .allow_negative = allow_negative,
                                                 .hold = hold};
            unwrap(without_gil([&] { return self.define_location(definition); }));
          },
          py::arg("code"), py::kw_only(), py::arg("kind") = "internal",
          py::arg("parent") = py::none(), py::arg("allow_negative") = false,
          py::arg("description") = "", py::arg("hold") = false,
          "Defines a location; the same definition again is a no-op, a different one an error. "
          "hold=True holds the stock there and below it apart (inspection, QC, damaged): on "
          "hand and quarantined, never available to promise.")
      .def(
          "define_lot",
          [](inventory& self, const std::string& item, const std::string& lot,
             const py::object& expiry, const py::object& best_before_days,
             const py::object& removal_days, const py::object& alert_days) {
            lot_definition definition{.item = item, .code = lot};
            if (!expiry.is_none()) definition.expiry = to_date(expiry, "expiry");
            definition.best_before_days = optional_int(best_before_days, "best_before_days");
            definition.removal_days = optional_int(removal_days, "removal_days");
            definition.alert_days = optional_int(alert_days, "alert_days");
            unwrap(without_gil([&] { return self.define_lot(definition); }));
          },
          py::arg("item"), py::arg("lot"), py::kw_only(), py::arg("expiry") = py::none(),
          py::arg("best_before_days") = py::none(), py::arg("removal_days") = py::none(),
          py::arg("alert_days") = py::none())
      .def(
          "set_lot_status",
          [](inventory& self, const std::string& item, const std::string& lot,
             const std::string& status) {
            const auto id = unwrap(self.item_by_code(item));
            const auto which = unwrap(self.lot_by_code(id, lot));
            const auto to = status_from(status);
            unwrap(without_gil([&] { return self.set_lot_status(which, to); }));
          },
          py::arg("item"), py::arg("lot"), py::arg("status"),
          "Sets a lot 'available', 'on_hold' or 'recalled'.")
      .def("items",
           [](const inventory& self) {
             return without_gil([&] {
               return self.read([](const state& s) {
                 const auto& c = s.catalog;
                 std::vector<std::string> codes;
                 for (std::uint32_t i = 0; i < c.item_count(); ++i)
                   codes.push_back(c.item(item_id{i}).code);
                 return codes;
               });
             });
           })
      .def("locations",
           [](const inventory& self) {
             return without_gil([&] {
               return self.read([](const state& s) {
                 const auto& c = s.catalog;
                 std::vector<std::string> codes;
                 for (std::uint32_t i = 0; i < c.location_count(); ++i) {
                   codes.push_back(c.location(location_id{i}).code);
                 }
                 return codes;
               });
             });
           })
      .def(
          "location",
          [](const inventory& self, const std::string& code) {
            const auto id = unwrap(self.location_by_code(code));
            return self.read([&](const state& s) {
              const auto& l = s.catalog.location(id);
              py::dict out;
              out["code"] = l.code;
              out["description"] = l.description;
              out["parent"] = l.parent.empty() ? py::object(py::none()) : py::str(l.parent);
              out["kind"] = std::string(name_of(l.kind));
              out["allow_negative"] = l.allow_negative;
              out["hold"] = l.hold;
              out["held"] = s.catalog.is_held(id);
              return out;
            });
          },
          py::arg("code"),
          "A location's definition as a dict: code, description, parent (None for a root), "
          "kind, allow_negative, hold (as defined) and held (hold set on it or on a location "
          "above it: its stock is quarantined).");
}

}  // namespace onhand::python
