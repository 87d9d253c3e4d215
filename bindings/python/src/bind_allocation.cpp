// SPDX-License-Identifier: Apache-2.0
// Reservations and available-to-promise on onhand._core.Inventory: reserve,
// commit, release, the reservation clock and channel quotas, by codes.
// Reservations and ATP positions go back as plain tuples; onhand/_allocation.py
// makes them into dataclasses and DataFrames. The rules are
// onhand/allocation/queries.hpp and docs/concepts/atp.md.
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "onhand/allocation/commands.hpp"
#include "onhand/allocation/expiry_waste.hpp"
#include "onhand/allocation/pick_plan.hpp"
#include "onhand/allocation/queries.hpp"
#include "onhand/allocation/reservations.hpp"
#include "onhand/allocation/time_phased.hpp"
#include "onhand/catalog/catalog.hpp"
#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/ledger/queries.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

// Text or None (an absent channel or customer) as text, "" for None.
auto optional_text(const py::object& value, std::string_view field) -> std::string {
  return value.is_none() ? std::string{} : to_text(value, field);
}

auto optional_str(const std::string& value) -> py::object {
  return value.empty() ? py::object(py::none()) : py::object(py::str(value));
}

// (key, item, location, quantity, committed, released, lapsed, remaining,
//  channel, customer, expires, recorded, status)
auto reservation_row(const state& s, const reservation& r) -> py::tuple {
  const auto& c = s.catalog;
  return py::make_tuple(
      r.key, c.item(r.item).code, c.location(r.location).code, to_decimal(r.amount),
      to_decimal(r.committed), to_decimal(r.released), to_decimal(r.lapsed),
      to_decimal(r.remaining()), optional_str(std::string(s.reservations.channel_name(r.channel))),
      optional_str(r.customer), r.expires ? to_python(*r.expires) : py::object(py::none()),
      to_python(r.recorded), std::string(name_of(r.status)));
}

auto reservation_by(const inventory& self, const std::string& key) -> py::tuple {
  const auto found = unwrap(self.reservation_by_key(key));
  return self.read([&](const state& s) { return reservation_row(s, found); });
}

// One ATP position with its codes, found without the GIL.
struct coded_position {
  std::string item;
  std::string location;
  atp_position figures;
};

// The ATP position of each item at each location given, or (every_location)
// at each internal location holding stock of the item itself. Touches no
// Python object: atp() runs it with the GIL released.
auto atp_positions(const inventory& self, const std::vector<item_id>& items,
                   const std::vector<location_id>& locations, bool every_location,
                   const std::string& channel) -> result<std::vector<coded_position>> {
  std::vector<coded_position> out;
  for (const auto item : items) {
    auto where = locations;
    if (every_location) {
      self.read([&](const state& s) {
        for (std::uint32_t l = 0; l < s.catalog.location_count(); ++l) {
          const location_id id{l};
          if (s.catalog.location(id).kind == location_kind::internal &&
              !onhand::on_hand(s, item, id).from_zero().is_zero()) {
            where.push_back(id);
          }
        }
      });
    }
    for (const auto location : where) {
      auto figures = self.available_to_promise(item, location, channel);
      if (!figures) return std::move(figures).error();
      auto [item_code, location_code] = self.read([&](const state& s) {
        return std::pair{s.catalog.item(item).code, s.catalog.location(location).code};
      });
      out.push_back({std::move(item_code), std::move(location_code), *figures});
    }
  }
  return out;
}

// (item, location, channel, on_hand, quarantined, usable, reserved, fenced, available)
auto position_row(const coded_position& p, const std::string& channel) -> py::tuple {
  const auto& f = p.figures;
  return py::make_tuple(p.item, p.location, optional_str(channel), to_decimal(f.on_hand),
                        to_decimal(f.quarantined), to_decimal(f.usable), to_decimal(f.reserved),
                        to_decimal(f.fenced), to_decimal(f.available));
}

// `amount` in `unit` of `item` as base units (no unit: already base).
auto base_amount(const inventory& self, const std::string& item, quantity amount,
                 const py::object& unit) -> quantity {
  if (unit.is_none()) return amount;
  const auto name = to_text(unit, "unit");
  const auto id = unwrap(self.item_by_code(item));
  auto base =
      self.read([&](const state& s) { return s.catalog.item(id).units.to_base(amount, name); });
  if (!base) {
    auto err = std::move(base).error();
    err.context.item = item;
    err.context.field = "unit";
    raise(std::move(err));
  }
  return *base;
}

// A list of codes (items or locations) as ids; `field` names the argument.
template <class Find>
auto ids_of(const py::object& codes, const char* field, Find find) {
  std::vector<decltype(unwrap(find(std::string{})))> out;
  py::iterator each;
  try {
    if (py::isinstance<py::str>(codes)) throw py::type_error("a str is not a list of codes");
    each = py::iter(codes);
  } catch (py::error_already_set&) {
    each = py::iterator();
  } catch (py::type_error&) {
    each = py::iterator();
  }
  if (!each) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a list of codes, not " + type_name(codes),
                     error_context{.field = field}));
  }
  for (; each != py::iterator::sentinel(); ++each) {
    out.push_back(unwrap(find(to_text(*each, field))));
  }
  return out;
}

// The commit document: either the reservation's item, `amount` of it from
// `source` (default: the reservation's location) to `to`, or `lines` as
// post() takes them.
auto commit_document(const inventory& self, const std::string& reservation, const std::string& key,
                     const py::object& amount, const py::object& source, const std::string& to,
                     const py::object& lot, const py::object& unit, const py::object& lines,
                     const std::string& reason) -> movement_document {
  movement_document doc{.key = key, .reason = reason_from(reason)};
  std::vector<line_spec> specs;
  if (amount.is_none() == lines.is_none()) {
    raise(make_error(errc::malformed_input,
                     "give quantity (of the reserved item) or lines (as post() takes), not " +
                         std::string(amount.is_none() ? "neither" : "both"),
                     error_context{.field = "quantity"}));
  }
  if (!lines.is_none()) {
    if (!source.is_none() || !lot.is_none() || !unit.is_none()) {
      raise(make_error(errc::malformed_input, "with lines, give source, lot and unit in each line",
                       error_context{.field = "lines"}));
    }
    if (!py::isinstance<py::list>(lines)) {
      raise(make_error(errc::malformed_input,
                       "lines must be a list of dicts, not " + type_name(lines),
                       error_context{.field = "lines"}));
    }
    std::size_t index = 0;
    for (const auto& entry : lines.cast<py::list>()) {
      if (!py::isinstance<py::dict>(entry)) {
        raise(make_error(errc::malformed_input, "each line is a dict",
                         error_context{.field = "lines", .line = index}));
      }
      specs.push_back(line_from(entry.cast<py::dict>(), index));
      ++index;
    }
  } else {
    const auto moved = to_quantity(amount, "quantity");
    // The document's own faults outrank the reservation's: the key first.
    unwrap(validate_code(key, "document"));
    const auto held = unwrap(self.reservation_by_key(reservation));
    const auto [item, location] = self.read([&](const state& s) {
      return std::pair{s.catalog.item(held.item).code, s.catalog.location(held.location).code};
    });
    specs.push_back(line_spec{.item = item,
                              .amount = moved,
                              .unit = optional_text(unit, "unit"),
                              .from = source.is_none() ? location : to_text(source, "source"),
                              .to = to,
                              .lot = optional_text(lot, "lot")});
  }
  for (std::size_t index = 0; index < specs.size(); ++index) {
    auto resolved = self.resolve(specs[index]);
    if (!resolved) {
      auto err = std::move(resolved).error();
      err.context.line = index;
      raise(std::move(err));
    }
    doc.lines.push_back(*resolved);
  }
  return doc;
}

}  // namespace

void bind_allocation(inventory_class& cls) {
  cls.def(
         "_reserve",
         [](inventory& self, const std::string& key, const std::string& item,
            const std::string& location, const py::object& amount, const py::object& channel,
            const py::object& customer, const py::object& expires, const py::object& unit) {
           reservation_request request{.key = key,
                                       .amount = to_quantity(amount, "quantity"),
                                       .channel = optional_text(channel, "channel"),
                                       .customer = optional_text(customer, "customer")};
           if (!expires.is_none()) request.expires = to_timestamp(expires, "expires");
           request.item = unwrap(self.item_by_code(item));
           request.location = unwrap(self.location_by_code(location));
           request.amount = base_amount(self, item, request.amount, unit);
           auto made = without_gil([&] { return self.reserve(request); });
           const auto id = unwrap(std::move(made));
           return self.read(
               [&](const state& s) { return reservation_row(s, s.reservations.at(id)); });
         },
         py::arg("key"), py::arg("item"), py::arg("location"), py::arg("quantity"), py::kw_only(),
         py::arg("channel") = py::none(), py::arg("customer") = py::none(),
         py::arg("expires") = py::none(), py::arg("unit") = py::none(),
         "The reservation's row, once made (or found: a retry under its key).")
      .def(
          "commit_reservation",
          [](inventory& self, const std::string& reservation, const py::object& amount,
             const std::string& key, const py::object& source, const std::string& to,
             const py::object& lot, const py::object& unit, const py::object& lines,
             const std::string& reason, const py::object& effective, const std::string& reference,
             const std::string& external_line, const std::string& note) {
            reservation_commit commit{
                .reservation = reservation,
                .document = commit_document(self, reservation, key, amount, source, to, lot, unit,
                                            lines, reason)};
            if (!effective.is_none())
              commit.document.effective = to_timestamp(effective, "effective");
            commit.document.reference = {reference, external_line, note};
            auto posted = without_gil([&] { return self.commit_reservation(commit); });
            return posting_dict(unwrap(std::move(posted)));
          },
          py::arg("reservation"), py::arg("quantity") = py::none(), py::kw_only(), py::arg("key"),
          py::arg("source") = py::none(), py::arg("to") = std::string(standard_locations::customer),
          py::arg("lot") = py::none(), py::arg("unit") = py::none(), py::arg("lines") = py::none(),
          py::arg("reason") = "shipment", py::arg("effective") = py::none(),
          py::arg("reference") = "", py::arg("external_line") = "", py::arg("note") = "",
          "Ships (part of) the reservation made under `reservation` as one document under `key`: "
          "quantity of the reserved item from source (default: the reservation's location; a "
          "location below it for stock held there) to `to` (default CUSTOMER), of lot; or lines "
          "as post() takes them, for a commit from several lots or bins. Every line must take "
          "the item out of the reservation's location. Returns the posting, as post() does; a "
          "retry under the same key returns it again (replayed=True).")
      .def(
          "release_reservation",
          [](inventory& self, const std::string& reservation, const py::object& amount,
             const std::string& key) {
            reservation_release release{.key = key, .reservation = reservation};
            if (!amount.is_none()) release.amount = to_quantity(amount, "quantity");
            auto done = without_gil([&] { return self.release_reservation(release); });
            unwrap(std::move(done));
          },
          py::arg("reservation"), py::arg("quantity") = py::none(), py::kw_only(), py::arg("key"),
          "Gives back quantity of the reservation (None: everything it still holds), under the "
          "idempotency key `key`.")
      .def(
          "advance_reservation_clock",
          [](inventory& self, const py::object& at) {
            const auto when = to_timestamp(at, "at");
            auto lapsed = without_gil([&] { return self.advance_reservation_clock(when); });
            return unwrap(std::move(lapsed));
          },
          py::arg("at"),
          "Moves the reservation clock to `at` (an aware datetime): every open reservation "
          "expiring at or before it lapses. Returns how many lapsed. The clock never goes back "
          "(ClockRegressionError); the time it has already changes nothing.")
      .def(
          "set_channel_quota",
          [](inventory& self, const std::string& item, const std::string& location,
             const std::string& channel, const py::object& amount, const py::object& share) {
            if (amount.is_none() == share.is_none()) {
              raise(make_error(errc::malformed_input,
                               "give quantity (a fixed quota) or share (of usable stock), not " +
                                   std::string(amount.is_none() ? "neither" : "both"),
                               error_context{.field = "quantity"}));
            }
            quota_request quota{.channel = channel};
            if (share.is_none()) {
              quota.value = to_quantity(amount, "quantity");
            } else {
              quota.kind = quota_kind::share;
              // A float share is read as the digits it prints (0.1 is 0.1).
              quota.value = to_quantity(py::isinstance<py::float_>(share)
                                            ? py::object(py::repr(share))
                                            : py::reinterpret_borrow<py::object>(share),
                                        "share");
            }
            quota.item = unwrap(self.item_by_code(item));
            quota.location = unwrap(self.location_by_code(location));
            auto done = without_gil([&] { return self.set_channel_quota(quota); });
            unwrap(std::move(done));
          },
          py::arg("item"), py::arg("location"), py::arg("channel"),
          py::arg("quantity") = py::none(), py::kw_only(), py::arg("share") = py::none(),
          "Sets the channel's standing quota of item at location (and below it): a fixed "
          "quantity, or a share in (0, 1] of the usable stock there (rounded down to the "
          "item's precision). Exactly one of them; 0 removes the quota.")
      .def("_reservation", &reservation_by, py::arg("key"))
      .def(
          "_reservations",
          [](const inventory& self, const py::object& item, const py::object& status) {
            std::optional<item_id> only;
            if (!item.is_none()) only = unwrap(self.item_by_code(to_text(item, "item")));
            std::optional<std::string> wanted;
            if (!status.is_none()) {
              wanted = to_text(status, "status");
              if (*wanted != "open" && *wanted != "committed" && *wanted != "released" &&
                  *wanted != "lapsed") {
                raise(make_error(errc::malformed_input,
                                 "status must be open, committed, released or lapsed",
                                 error_context{.field = "status"}));
              }
            }
            return query_rows(
                self,
                [&](const state& s) {
                  std::vector<reservation> found;
                  for (const auto& r : s.reservations.all()) {
                    if (only && r.item != *only) continue;
                    if (wanted && name_of(r.status) != *wanted) continue;
                    found.push_back(r);
                  }
                  return found;
                },
                [](const state& s, const auto& found) {
                  py::list rows;
                  for (const auto& r : found) rows.append(reservation_row(s, r));
                  return rows;
                });
          },
          py::arg("item") = py::none(), py::arg("status") = py::none())
      .def(
          "_available_to_promise",
          [](const inventory& self, const std::string& item, const std::string& location,
             const py::object& channel) {
            const auto name = optional_text(channel, "channel");
            const std::vector<item_id> items{unwrap(self.item_by_code(item))};
            const std::vector<location_id> locations{unwrap(self.location_by_code(location))};
            auto found =
                without_gil([&] { return atp_positions(self, items, locations, false, name); });
            return position_row(unwrap(std::move(found)).front(), name);
          },
          py::arg("item"), py::arg("location"), py::arg("channel") = py::none())
      .def(
          "_atp",
          [](const inventory& self, const py::object& items, const py::object& locations,
             const py::object& channel) {
            const auto name = optional_text(channel, "channel");
            std::vector<item_id> item_ids;
            if (!items.is_none()) {
              item_ids = ids_of(items, "items",
                                [&](const std::string& code) { return self.item_by_code(code); });
            } else {
              self.read([&](const state& s) {
                for (std::uint32_t i = 0; i < s.catalog.item_count(); ++i) {
                  item_ids.push_back(item_id{i});
                }
              });
            }
            std::vector<location_id> location_ids;
            if (!locations.is_none()) {
              location_ids = ids_of(locations, "locations", [&](const std::string& code) {
                return self.location_by_code(code);
              });
            }
            // The positions are found without the GIL, then made rows.
            const bool every_location = locations.is_none();
            auto found = without_gil(
                [&] { return atp_positions(self, item_ids, location_ids, every_location, name); });
            py::list rows;
            for (const auto& p : unwrap(std::move(found))) rows.append(position_row(p, name));
            return rows;
          },
          py::arg("items") = py::none(), py::arg("locations") = py::none(),
          py::arg("channel") = py::none())
      .def(
          "_supply_positions",
          [](const inventory& self, const py::object& items, const py::object& locations) {
            std::vector<item_id> item_ids;
            if (!items.is_none()) {
              item_ids = ids_of(items, "items",
                                [&](const std::string& code) { return self.item_by_code(code); });
            }
            std::vector<location_id> location_ids;
            if (!locations.is_none()) {
              location_ids = ids_of(locations, "locations", [&](const std::string& code) {
                return self.location_by_code(code);
              });
            }
            const auto positions =
                unwrap(without_gil([&] { return self.supply_positions(item_ids, location_ids); }));
            py::list rows;
            self.read([&](const state& s) {
              for (const auto& p : positions) {
                rows.append(py::make_tuple(
                    s.catalog.item(p.item).code, s.catalog.location(p.location).code,
                    to_decimal(p.on_hand), to_decimal(p.quarantined), to_decimal(p.usable),
                    to_decimal(p.reserved), to_decimal(p.allocated), to_decimal(p.available),
                    to_decimal(p.on_order), to_decimal(p.in_transit), to_decimal(p.backordered),
                    to_decimal(p.inventory_position)));
              }
            });
            return rows;
          },
          py::arg("items") = py::none(), py::arg("locations") = py::none());
}

namespace {

// --- onhand._core.allocation: the pure algorithms over columns -------------
// onhand/allocation.py turns DataFrames, dicts of columns and lists of rows
// into the equal-length lists these take.

// The length of column `field`, which must be a list of `size` values.
auto column(const py::object& values, const char* field, std::size_t size) -> py::list {
  if (!py::isinstance<py::list>(values) || py::len(values) != size) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a list of " + std::to_string(size) + " values",
                     error_context{.field = field}));
  }
  return py::reinterpret_borrow<py::list>(values);
}

// An int argument (not a bool) in the range of int, or a typed error naming it.
auto small_int(py::handle value, const char* field) -> int {
  if (!is_integer(value)) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be an int, not " + type_name(value),
                     error_context{.field = field}));
  }
  const auto number = py::reinterpret_borrow<py::object>(value).cast<py::int_>();
  if (number < py::int_(std::numeric_limits<int>::min()) ||
      number > py::int_(std::numeric_limits<int>::max())) {
    raise(make_error(errc::invalid_parameter, std::string(field) + " is out of range",
                     error_context{.field = field}));
  }
  return number.cast<int>();
}

// A finite float argument (a float, an int or a Decimal), or a typed error naming it.
auto finite(py::handle value, const char* field) -> double {
  if (!py::isinstance<py::float_>(value) && !is_integer(value) &&
      !py::isinstance(value, py::module_::import("decimal").attr("Decimal"))) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a number, not " + type_name(value),
                     error_context{.field = field}));
  }
  double number = std::numeric_limits<double>::quiet_NaN();
  try {
    // A Decimal NaN (even a signaling one) and an int beyond double are not finite.
    const auto as_float = py::float_(py::reinterpret_borrow<py::object>(value));
    number = as_float.cast<double>();
  } catch (py::error_already_set&) {
    number = std::numeric_limits<double>::quiet_NaN();
  }
  if (!std::isfinite(number)) {
    raise(make_error(errc::invalid_parameter, std::string(field) + " must be a finite number",
                     error_context{.field = field}));
  }
  return number;
}

// Dated amounts from two columns of a (day, quantity) table.
auto dated(const py::object& days, const py::object& amounts, const char* field)
    -> std::vector<dated_quantity> {
  if (!py::isinstance<py::list>(days)) {
    raise(make_error(errc::malformed_input, std::string(field) + " must be a list",
                     error_context{.field = field}));
  }
  const auto day_list = py::reinterpret_borrow<py::list>(days);
  const auto amount_list = column(amounts, field, day_list.size());
  std::vector<dated_quantity> out;
  out.reserve(day_list.size());
  for (std::size_t i = 0; i < day_list.size(); ++i) {
    try {
      out.push_back({to_date(day_list[i], field), to_quantity(amount_list[i], field)});
    } catch (error_exception& refused) {
      refused.value.context.line = i;
      throw;
    }
  }
  return out;
}

auto buckets_of(const py::object& on_hand, const py::object& receipt_days,
                const py::object& receipt_amounts, const py::object& demand_days,
                const py::object& demand_amounts, const py::object& start, const py::object& days)
    -> std::vector<atp_bucket> {
  const auto stock = to_quantity(on_hand, "on_hand");
  const auto receipts = dated(receipt_days, receipt_amounts, "receipts");
  const auto demands = dated(demand_days, demand_amounts, "demands");
  const auto first = to_date(start, "start");
  const auto horizon = small_int(days, "days");
  return unwrap(
      without_gil([&] { return time_phased_atp(stock, receipts, demands, first, horizon); }));
}

// A 1-D numpy array argument (anything numpy.asarray takes), C-ordered.
auto vector_array(const py::object& value, const char* field) -> py::array {
  auto array = py::array::ensure(value, py::array::c_style);
  if (!array || array.ndim() != 1) {
    PyErr_Clear();
    raise(make_error(errc::malformed_input, std::string(field) + " must be a 1-D array",
                     error_context{.field = field}));
  }
  return array;
}

// Quantities from a 1-D array: integers (whole base units) or objects (Decimal,
// int, str) read exactly; floats are refused, as everywhere (they are not exact).
auto quantity_array(const py::object& value, const char* field) -> std::vector<quantity> {
  const auto array = vector_array(value, field);
  const auto kind = array.dtype().kind();
  if (kind != 'i' && kind != 'u' && kind != 'O') {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must hold integers, Decimal or str, not dtype " +
                         py::str(array.dtype()).cast<std::string>(),
                     error_context{.field = field}));
  }
  const auto objects = py::list(array.attr("tolist")());
  std::vector<quantity> out;
  out.reserve(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    try {
      out.push_back(to_quantity(objects[i], field));
    } catch (error_exception& refused) {
      refused.value.context.line = i;
      throw;
    }
  }
  return out;
}

// CSR offsets from a 1-D array of non-negative integers.
auto offset_array(const py::object& value, const char* field) -> std::vector<std::size_t> {
  const auto array = vector_array(value, field);
  const auto kind = array.dtype().kind();
  if (kind != 'i' && kind != 'u') {
    raise(make_error(errc::malformed_input, std::string(field) + " must hold integers",
                     error_context{.field = field}));
  }
  const auto values = py::array_t<std::int64_t, py::array::forcecast>::ensure(array);
  std::vector<std::size_t> out;
  out.reserve(static_cast<std::size_t>(values.size()));
  for (py::ssize_t i = 0; i < values.size(); ++i) {
    const auto offset = values.at(i);
    if (offset < 0) {
      raise(make_error(errc::invalid_parameter, std::string(field) + " must not be negative",
                       error_context{.field = field, .line = static_cast<std::size_t>(i)}));
    }
    out.push_back(static_cast<std::size_t>(offset));
  }
  return out;
}

// Days from a 1-D datetime64 array (any unit, at midnight), paired with quantities.
auto dated_arrays(const py::object& day_values, const py::object& amount_values, const char* field)
    -> std::vector<dated_quantity> {
  const auto array = vector_array(day_values, field);
  if (array.dtype().kind() != 'M') {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " days must be a numpy datetime64 array, not dtype " +
                         py::str(array.dtype()).cast<std::string>(),
                     error_context{.field = field}));
  }
  const py::object in_days = array.attr("astype")("datetime64[D]");
  if (!py::bool_(array.attr("__eq__")(in_days).attr("all")())) {
    raise(make_error(errc::invalid_parameter,
                     std::string(field) + " days must be dates (at midnight), not NaT",
                     error_context{.field = field}));
  }
  const auto counts = py::array_t<std::int64_t>::ensure(in_days.attr("view")("int64"));
  const auto amounts = quantity_array(amount_values, field);
  if (amounts.size() != static_cast<std::size_t>(counts.size())) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " days and quantities differ in length",
                     error_context{.field = field}));
  }
  std::vector<dated_quantity> out;
  out.reserve(amounts.size());
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    const auto since_epoch = std::chrono::days{counts.at(static_cast<py::ssize_t>(i))};
    out.push_back({date{std::chrono::sys_days{since_epoch}}, amounts[i]});
  }
  return out;
}

}  // namespace

void bind_allocation_module(py::module_& m) {
  m.def(
      "_plan_picks",
      [](const py::object& location_column, const py::object& lots, const py::object& amounts,
         const py::object& expiries, const py::object& received, const py::object& site_ranks,
         const py::object& removal_days, const py::object& statuses, const py::object& wanted,
         const py::object& on, const py::object& strategy, const py::object& fill,
         const py::object& partial, const py::object& min_days, const py::object& min_share,
         const py::object& shelf_life_days, const py::object& lot) {
        if (!py::isinstance<py::list>(location_column)) {
          raise(make_error(errc::malformed_input, "the stock's location column must be a list",
                           error_context{.field = "location"}));
        }
        const auto locations = py::reinterpret_borrow<py::list>(location_column);
        const auto size = locations.size();
        const auto lot_list = column(lots, "lot", size);
        const auto amount_list = column(amounts, "quantity", size);
        const auto expiry_list = column(expiries, "expiry", size);
        const auto received_list = column(received, "received", size);
        const auto rank_list = column(site_ranks, "site_rank", size);
        const auto removal_list = column(removal_days, "removal_days", size);
        const auto status_list = column(statuses, "status", size);
        pick_request request{.wanted = to_quantity(wanted, "quantity"), .on = to_date(on, "on")};
        request.strategy = named_value(
            [](const std::string& name) -> std::optional<removal_strategy> {
              if (name == "fefo") return removal_strategy::fefo;
              if (name == "fifo") return removal_strategy::fifo;
              if (name == "lifo") return removal_strategy::lifo;
              return std::nullopt;
            },
            to_text(strategy, "strategy"), "strategy", "fefo, fifo or lifo");
        request.fill = named_value(
            [](const std::string& name) -> std::optional<site_fill> {
              if (name == "by_preference") return site_fill::by_preference;
              if (name == "across_sites") return site_fill::across_sites;
              if (name == "one_site") return site_fill::one_site;
              return std::nullopt;
            },
            to_text(fill, "fill"), "fill", "by_preference, across_sites or one_site");
        if (!py::isinstance<py::bool_>(partial) &&
            std::string(py::str(py::type::of(partial).attr("__name__"))) != "bool_") {
          raise(make_error(errc::malformed_input,
                           "partial must be a bool, not " + type_name(partial),
                           error_context{.field = "partial"}));
        }
        request.partial = py::cast<bool>(py::bool_(partial));
        if (!min_days.is_none()) request.minimum.days = small_int(min_days, "min_days");
        if (!min_share.is_none()) request.minimum.share = finite(min_share, "min_share");
        if (!shelf_life_days.is_none()) {
          request.item_shelf_life_days = small_int(shelf_life_days, "shelf_life_days");
        }
        // Codes as ids: locations and lots by first appearance.
        std::vector<std::string> location_codes;
        std::vector<std::string> lot_codes;
        std::map<std::string, std::uint32_t> location_index;
        std::map<std::string, std::uint32_t> lot_index;
        auto index_of = [](std::map<std::string, std::uint32_t>& index,
                           std::vector<std::string>& codes, std::string code) {
          const auto [at, added] =
              index.try_emplace(code, static_cast<std::uint32_t>(codes.size()));
          if (added) codes.push_back(std::move(code));
          return at->second;
        };
        std::vector<lot_candidate> candidates(size);
        for (std::size_t i = 0; i < size; ++i) {
          try {
            auto& c = candidates[i];
            c.location = location_id{
                index_of(location_index, location_codes, to_text(locations[i], "location"))};
            if (!lot_list[i].is_none()) {
              c.lot = lot_id{index_of(lot_index, lot_codes, to_text(lot_list[i], "lot"))};
            }
            c.usable = to_quantity(amount_list[i], "quantity");
            if (!expiry_list[i].is_none()) c.expiry = to_date(expiry_list[i], "expiry");
            if (!received_list[i].is_none()) {
              c.first_received = to_timestamp(received_list[i], "received");
            }
            const auto rank = small_int(rank_list[i], "site_rank");
            if (rank < 0) {
              raise(make_error(errc::invalid_parameter, "site_rank must not be negative",
                               error_context{.field = "site_rank"}));
            }
            c.site_rank = static_cast<std::uint32_t>(rank);
            c.removal_days = small_int(removal_list[i], "removal_days");
            c.status = named_value(parse_lot_status, to_text(status_list[i], "status"), "status",
                                   "available, on_hold or recalled");
          } catch (error_exception& refused) {
            refused.value.context.line = i;
            throw;
          }
        }
        if (!lot.is_none()) {
          request.lot = lot_id{index_of(lot_index, lot_codes, to_text(lot, "lot"))};
        }
        // The codes live in lot_codes now: no more additions below.
        for (auto& c : candidates) {
          if (!c.lot.is_none()) c.lot_code = lot_codes[c.lot.value];
        }
        auto planned = without_gil([&] { return plan_picks(candidates, request); });
        if (!planned) {
          auto err = std::move(planned).error();
          if (err.context.line && *err.context.line < size) {
            err.context.location = location_codes[candidates[*err.context.line].location.value];
          }
          raise(std::move(err));
        }
        py::list rows;
        for (const auto& line : planned->lines) {
          rows.append(py::make_tuple(location_codes[line.location.value],
                                     line.lot.is_none()
                                         ? py::object(py::none())
                                         : py::object(py::str(lot_codes[line.lot.value])),
                                     to_decimal(line.amount)));
        }
        return py::make_tuple(rows, to_decimal(planned->allocated),
                              to_decimal(planned->backordered));
      },
      py::arg("locations"), py::arg("lots"), py::arg("quantities"), py::arg("expiries"),
      py::arg("received"), py::arg("site_ranks"), py::arg("removal_days"), py::arg("statuses"),
      py::arg("quantity"), py::arg("on"), py::arg("strategy"), py::arg("fill"), py::arg("partial"),
      py::arg("min_days"), py::arg("min_share"), py::arg("shelf_life_days"), py::arg("lot"));

  m.def(
      "_time_phased_atp",
      [](const py::object& on_hand, const py::object& receipt_days,
         const py::object& receipt_amounts, const py::object& demand_days,
         const py::object& demand_amounts, const py::object& start, const py::object& days) {
        py::list rows;
        for (const auto& b : buckets_of(on_hand, receipt_days, receipt_amounts, demand_days,
                                        demand_amounts, start, days)) {
          rows.append(py::make_tuple(to_python(b.day), to_decimal(b.supply), to_decimal(b.demand),
                                     to_decimal(b.atp)));
        }
        return rows;
      },
      py::arg("on_hand"), py::arg("receipt_days"), py::arg("receipt_quantities"),
      py::arg("demand_days"), py::arg("demand_quantities"), py::arg("start"), py::arg("days"));

  m.def(
      "_time_phased_atp_columns",
      [](const py::object& on_hand, const py::object& receipt_offsets,
         const py::object& receipt_days, const py::object& receipt_amounts,
         const py::object& demand_offsets, const py::object& demand_days,
         const py::object& demand_amounts, const py::object& start, const py::object& days,
         bool exact) -> py::object {
        const auto stock = quantity_array(on_hand, "on_hand");
        const auto receipt_index = offset_array(receipt_offsets, "receipt_offsets");
        const auto receipts = dated_arrays(receipt_days, receipt_amounts, "receipts");
        const auto demand_index = offset_array(demand_offsets, "demand_offsets");
        const auto demands = dated_arrays(demand_days, demand_amounts, "demands");
        const auto horizon = small_int(days, "days");
        const atp_columns columns{stock, receipt_index, receipts, demand_index, demands};
        const auto first = to_date(start, "start");
        const auto atp =
            unwrap(without_gil([&] { return time_phased_atp_columns(columns, first, horizon); }));
        const auto rows = static_cast<py::ssize_t>(stock.size());
        const auto width = static_cast<py::ssize_t>(horizon);
        if (exact) {
          py::list values;
          for (const auto value : atp) values.append(to_decimal(value));
          return py::module_::import("numpy")
              .attr("array")(values, "object")
              .attr("reshape")(rows, width);
        }
        py::array_t<double> out({rows, width});
        auto* data = out.mutable_data();
        for (std::size_t i = 0; i < atp.size(); ++i) {
          data[i] = static_cast<double>(atp[i].raw()) / static_cast<double>(quantity::scale);
        }
        return out;
      },
      py::arg("on_hand"), py::arg("receipt_offsets"), py::arg("receipt_days"),
      py::arg("receipt_quantities"), py::arg("demand_offsets"), py::arg("demand_days"),
      py::arg("demand_quantities"), py::arg("start"), py::arg("days"), py::arg("exact"));

  m.def(
      "_promise_date",
      [](const py::object& wanted, const py::object& on_hand, const py::object& receipt_days,
         const py::object& receipt_amounts, const py::object& demand_days,
         const py::object& demand_amounts, const py::object& start, const py::object& days) {
        const auto amount = to_quantity(wanted, "quantity");
        if (!amount.is_positive()) {
          raise(make_error(errc::invalid_quantity,
                           "quantity must be positive, not " + amount.to_string(),
                           error_context{.field = "quantity"}));
        }
        const auto buckets = buckets_of(on_hand, receipt_days, receipt_amounts, demand_days,
                                        demand_amounts, start, days);
        const auto when = promise_date(buckets, amount);
        return when ? to_python(*when) : py::object(py::none());
      },
      py::arg("quantity"), py::arg("on_hand"), py::arg("receipt_days"),
      py::arg("receipt_quantities"), py::arg("demand_days"), py::arg("demand_quantities"),
      py::arg("start"), py::arg("days"));

  m.def(
      "_project_expiry_waste",
      [](const py::object& expiries, const py::object& amounts, const py::object& rate,
         const py::object& start) {
        if (!py::isinstance<py::list>(expiries)) {
          raise(make_error(errc::malformed_input, "lots must be a list",
                           error_context{.field = "lots"}));
        }
        const auto expiry_list = py::reinterpret_borrow<py::list>(expiries);
        const auto amount_list = column(amounts, "quantity", expiry_list.size());
        std::vector<expiring_lot> lots;
        lots.reserve(expiry_list.size());
        for (std::size_t i = 0; i < expiry_list.size(); ++i) {
          try {
            lots.push_back(
                {to_date(expiry_list[i], "expiry"), to_quantity(amount_list[i], "quantity")});
          } catch (error_exception& refused) {
            refused.value.context.line = i;
            throw;
          }
        }
        const auto per_day = finite(rate, "rate_per_day");
        const auto first = to_date(start, "start");
        const auto waste =
            unwrap(without_gil([&] { return project_expiry_waste(lots, per_day, first); }));
        py::list rows;
        for (std::size_t i = 0; i < lots.size(); ++i) {
          rows.append(py::make_tuple(to_python(lots[i].expiry), to_decimal(lots[i].amount),
                                     to_decimal(waste.consumed[i]), to_decimal(waste.waste[i])));
        }
        return py::make_tuple(rows, to_decimal(waste.total_waste));
      },
      py::arg("expiries"), py::arg("quantities"), py::arg("rate_per_day"), py::arg("start"));
}

}  // namespace onhand::python
