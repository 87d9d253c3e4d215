// SPDX-License-Identifier: Apache-2.0
// Reservations and available-to-promise on onhand._core.Inventory: reserve,
// commit, release, the reservation clock and channel quotas, by codes.
// Reservations and ATP positions go back as plain tuples; onhand/_allocation.py
// makes them into dataclasses and DataFrames. The rules are
// onhand/allocation/queries.hpp and docs/concepts/atp.md.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/allocation/commands.hpp"
#include "onhand/allocation/queries.hpp"
#include "onhand/allocation/reservations.hpp"
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

// (item, location, channel, on_hand, quarantined, usable, reserved, fenced, available)
auto position_row(const inventory& self, item_id item, location_id location,
                  const std::string& channel) -> py::tuple {
  const auto p = unwrap(self.available_to_promise(item, location, channel));
  const auto [item_code, location_code] = self.read([&](const state& s) {
    return std::pair{s.catalog.item(item).code, s.catalog.location(location).code};
  });
  return py::make_tuple(item_code, location_code, optional_str(channel), to_decimal(p.on_hand),
                        to_decimal(p.quarantined), to_decimal(p.usable), to_decimal(p.reserved),
                        to_decimal(p.fenced), to_decimal(p.available));
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
           result<reservation_id> made = [&] {
             py::gil_scoped_release release;
             return self.reserve(request);
           }();
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
            result<posting> posted = [&] {
              py::gil_scoped_release release;
              return self.commit_reservation(commit);
            }();
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
            result<void> done = [&] {
              py::gil_scoped_release unlocked;
              return self.release_reservation(release);
            }();
            unwrap(std::move(done));
          },
          py::arg("reservation"), py::arg("quantity") = py::none(), py::kw_only(), py::arg("key"),
          "Gives back quantity of the reservation (None: everything it still holds), under the "
          "idempotency key `key`.")
      .def(
          "advance_reservation_clock",
          [](inventory& self, const py::object& at) {
            const auto when = to_timestamp(at, "at");
            result<std::size_t> lapsed = [&] {
              py::gil_scoped_release release;
              return self.advance_reservation_clock(when);
            }();
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
            result<void> done = [&] {
              py::gil_scoped_release release;
              return self.set_channel_quota(quota);
            }();
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
            py::list rows;
            self.read([&](const state& s) {
              for (const auto& r : s.reservations.all()) {
                if (only && r.item != *only) continue;
                if (wanted && name_of(r.status) != *wanted) continue;
                rows.append(reservation_row(s, r));
              }
            });
            return rows;
          },
          py::arg("item") = py::none(), py::arg("status") = py::none())
      .def(
          "_available_to_promise",
          [](const inventory& self, const std::string& item, const std::string& location,
             const py::object& channel) {
            return position_row(self, unwrap(self.item_by_code(item)),
                                unwrap(self.location_by_code(location)),
                                optional_text(channel, "channel"));
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
            py::list rows;
            for (const auto item : item_ids) {
              auto where = location_ids;
              if (locations.is_none()) {
                // Every internal location holding stock of the item itself.
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
              for (const auto location : where)
                rows.append(position_row(self, item, location, name));
            }
            return rows;
          },
          py::arg("items") = py::none(), py::arg("locations") = py::none(),
          py::arg("channel") = py::none());
}

}  // namespace onhand::python
