// SPDX-License-Identifier: Apache-2.0
// Posting, reversal, balances, positions and histories on onhand._core.Inventory.
// Rows go back as plain tuples; onhand/frames.py makes DataFrames of them.
#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "onhand/catalog/catalog.hpp"
#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/ledger/queries.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

auto text(const py::dict& line, const char* name, bool required) -> std::string {
  if (!line.contains(name) || line[name].is_none()) {
    if (required) {
      raise(make_error(errc::malformed_input, std::string("a line needs '") + name + "'",
                       error_context{.field = name}));
    }
    return {};
  }
  if (!py::isinstance<py::str>(line[name])) {
    raise(make_error(errc::malformed_input, std::string("a line's '") + name + "' must be a str",
                     error_context{.field = name}));
  }
  return to_text(line[name], name);  // refuses a str that has no UTF-8 form
}

// A line key onhand does not know (a typo such as "units") would otherwise
// be ignored and the line posted without it.
void check_line_keys(const py::dict& line, std::size_t index) {
  static constexpr std::array<std::string_view, 6> known{"item", "quantity", "source",
                                                         "to",   "unit",     "lot"};
  for (const auto& [key, value] : line) {
    if (!py::isinstance<py::str>(key)) {
      raise(make_error(errc::malformed_input,
                       "line " + std::to_string(index) + " has a key that is not a str (a " +
                           type_name(key) + ")",
                       error_context{.field = "lines", .line = index}));
    }
    const std::string name = to_text(key, "lines");
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      raise(make_error(errc::malformed_input,
                       "line " + std::to_string(index) + " has an unknown key '" + name +
                           "' (a line takes item, quantity, source, to, unit and lot)",
                       error_context{.field = name, .line = index}));
    }
  }
}

}  // namespace

auto line_from(const py::dict& line, std::size_t index) -> line_spec {
  try {
    check_line_keys(line, index);
    if (!line.contains("quantity")) {
      raise(make_error(errc::malformed_input, "a line needs 'quantity'",
                       error_context{.field = "quantity"}));
    }
    return line_spec{.item = text(line, "item", true),
                     .amount = to_quantity(line["quantity"], "quantity"),
                     .unit = text(line, "unit", false),
                     .from = text(line, "source", true),
                     .to = text(line, "to", true),
                     .lot = text(line, "lot", false)};
  } catch (error_exception& refused) {
    refused.value.context.line = index;
    throw;
  }
}

auto reason_from(const std::string& name) -> movement_reason {
  return named_value(parse_movement_reason, name, "reason",
                     "receipt, shipment, transfer, adjustment, scrap, return or count");
}

auto posting_dict(const posting& p) -> py::dict {
  py::dict out;
  out["document"] = p.document.value;
  out["log_position"] = p.log_position;
  out["effective"] = to_python(p.effective);
  out["recorded"] = to_python(p.recorded);
  out["replayed"] = p.replayed;
  return out;
}

namespace {

auto stock(const std::string& item, const py::object& amount,
           const std::optional<std::string>& unit, const std::optional<std::string>& lot)
    -> stock_spec {
  return stock_spec{.item = item,
                    .amount = to_quantity(amount, "quantity"),
                    .unit = unit.value_or(""),
                    .lot = lot.value_or("")};
}

// What receive() checks before it defines a new lot, so that a receipt
// refused for itself leaves nothing behind: the key, the effective time's
// form, and the line without its lot (codes, unit, quantity, precision,
// locations, the item's tracking). The posting checks all of it again, and
// what only it can judge (the back-dating window, the reference's length,
// stock at a source that is not virtual) comes after the lot's definition. Whether to define the
// lot: not under a key that is taken, where the posting is a replay (the lot
// exists) or an idempotency_conflict.
auto check_receipt(const inventory& self, const document_spec& doc, const py::object& effective)
    -> bool {
  unwrap(validate_code(doc.key, "document"));
  if (!effective.is_none()) (void)to_timestamp(effective, "effective");
  // A taken key outranks every fault of the line (the posting reports it).
  if (self.read([&](const state& s) { return s.keys.find(doc.key).has_value(); })) return false;
  auto line = doc.lines.front();
  line.lot.clear();
  auto resolving = self.resolve(line);
  if (!resolving) {
    auto refused = std::move(resolving).error();
    refused.context.line = 0;  // as the posting names it
    raise(std::move(refused));
  }
  const auto resolved = *resolving;
  const auto [tracked, serial] = self.read([&](const state& s) {
    const auto& item = s.catalog.item(resolved.item);
    return std::pair{item.lot_tracked || item.serial_tracked, item.serial_tracked};
  });
  error_context context{.item = line.item, .lot = doc.lines.front().lot, .line = 0};
  if (!resolved.amount.is_positive()) {
    context.field = "quantity";
    raise(make_error(errc::invalid_quantity,
                     "quantity must be positive, not " + resolved.amount.to_string(), context));
  }
  if (!tracked) {
    context.field = "lot";
    raise(make_error(errc::tracking_mismatch,
                     "item '" + line.item + "' is not lot- or serial-tracked", context));
  }
  if (serial && resolved.amount != quantity::units(1)) {
    context.field = "quantity";
    raise(make_error(errc::invalid_quantity, "a serial number moves exactly 1", context));
  }
  if (resolved.from == resolved.to) {
    context.location = line.from;
    raise(make_error(errc::invalid_location, "source and destination are the same", context));
  }
  return true;
}

// Sets the header fields every posting method takes, resolves the codes and
// posts, under one writer lock and without the GIL.
auto post_spec(inventory& self, document_spec doc, const py::object& effective,
               const std::string& reference, const std::string& external_line,
               const std::string& note) -> py::dict {
  if (!effective.is_none()) doc.effective = to_timestamp(effective, "effective");
  doc.reference = {reference, external_line, note};
  auto posted = without_gil([&] { return self.post(doc); });
  return posting_dict(unwrap(std::move(posted)));
}

// A lot of an item by code; a lot given for an item tracked by neither lot
// nor serial is a tracking_mismatch, as when posting.
auto lot_of(const inventory& self, item_id item, const std::string& code) -> lot_id {
  const auto [tracked, item_code] = self.read([&](const state& s) {
    const auto& definition = s.catalog.item(item);
    return std::pair{definition.lot_tracked || definition.serial_tracked, definition.code};
  });
  if (!tracked) {
    raise(make_error(
        errc::tracking_mismatch,
        "item '" + item_code + "' is not lot- or serial-tracked: it has no lot '" + code + "'",
        error_context{.item = item_code, .lot = code, .field = "lot"}));
  }
  return unwrap(self.lot_by_code(item, code));
}

auto lot_code(const catalog& c, lot_id lot) -> py::object {
  return lot.is_none() ? py::object(py::none()) : py::object(py::str(c.lot(lot).code));
}

}  // namespace

void bind_ledger(inventory_class& cls) {
  cls.def(
         "post",
         [](inventory& self, const py::list& lines, const std::string& key,
            const std::string& reason, const py::object& effective, const std::string& reference,
            const std::string& external_line, const std::string& note) {
           document_spec doc{.key = key, .reason = reason_from(reason)};
           std::size_t index = 0;
           for (const auto& entry : lines) {
             if (!py::isinstance<py::dict>(entry)) {
               raise(make_error(errc::malformed_input, "each line is a dict",
                                error_context{.field = "lines", .line = index}));
             }
             doc.lines.push_back(line_from(entry.cast<py::dict>(), index));
             ++index;
           }
           return post_spec(self, std::move(doc), effective, reference, external_line, note);
         },
         py::arg("lines"), py::kw_only(), py::arg("key"), py::arg("reason") = "transfer",
         py::arg("effective") = py::none(), py::arg("reference") = "",
         py::arg("external_line") = "", py::arg("note") = "",
         "Posts a movement document atomically. lines: dicts with item, quantity, source, to "
         "and optionally unit and lot.")
      .def(
          "receive",
          [](inventory& self, const std::string& item, const py::object& amount,
             const std::string& to, const std::string& key, const std::string& source,
             const std::optional<std::string>& lot, const py::object& expiry,
             const std::optional<std::string>& unit, const py::object& effective,
             const std::string& reference, const std::string& external_line,
             const std::string& note) {
            if (!expiry.is_none() && !lot) {
              raise(make_error(errc::malformed_input,
                               "expiry= needs lot=: an expiry date belongs to a lot",
                               error_context{.item = item, .field = "lot"}));
            }
            std::optional<date> expiry_day;
            if (!expiry.is_none()) expiry_day = to_date(expiry, "expiry");
            auto doc = receipt(key, stock(item, amount, unit, lot), to, source);
            // A refused receipt leaves no lot behind: what the receipt alone
            // decides is checked before the lot is defined.
            if (lot && check_receipt(self, doc, effective)) {
              if (expiry_day) {
                const lot_definition definition{.item = item, .code = *lot, .expiry = *expiry_day};
                unwrap(without_gil([&] { return self.define_lot(definition); }));
              } else {
                define_lot_by_shelf_life(self, item, *lot, effective);
              }
            }
            return post_spec(self, std::move(doc), effective, reference, external_line, note);
          },
          py::arg("item"), py::arg("quantity"), py::kw_only(), py::arg("to"), py::arg("key"),
          py::arg("source") = std::string(standard_locations::supplier),
          py::arg("lot") = py::none(), py::arg("expiry") = py::none(), py::arg("unit") = py::none(),
          py::arg("effective") = py::none(), py::arg("reference") = "",
          py::arg("external_line") = "", py::arg("note") = "",
          "Receives stock from a supplier. With expiry, the lot is defined first (a no-op if it "
          "exists with the same data); a new lot without expiry on an item with shelf_life_days "
          "is defined expiring at the receipt date (UTC) + shelf life. The receipt's key, "
          "quantity, unit, codes and the item's tracking are checked before the lot is defined; "
          "a receipt refused for its effective time (outside the back-dating window), a reference "
          "field over 1024 bytes, or stock at a source that is not virtual leaves the lot defined "
          "(a definition has no stock effect).")
      .def(
          "ship",
          [](inventory& self, const std::string& item, const py::object& amount,
             const std::string& source, const std::string& key, const std::string& to,
             const std::optional<std::string>& lot, const std::optional<std::string>& unit,
             const py::object& effective, const std::string& reference,
             const std::string& external_line, const std::string& note) {
            return post_spec(self, shipment(key, stock(item, amount, unit, lot), source, to),
                             effective, reference, external_line, note);
          },
          py::arg("item"), py::arg("quantity"), py::kw_only(), py::arg("source"), py::arg("key"),
          py::arg("to") = std::string(standard_locations::customer), py::arg("lot") = py::none(),
          py::arg("unit") = py::none(), py::arg("effective") = py::none(),
          py::arg("reference") = "", py::arg("external_line") = "", py::arg("note") = "",
          "Ships stock to a customer.")
      .def(
          "transfer",
          [](inventory& self, const std::string& item, const py::object& amount,
             const std::string& source, const std::string& to, const std::string& key,
             const std::optional<std::string>& lot, const std::optional<std::string>& unit,
             const py::object& effective, const std::string& reference,
             const std::string& external_line, const std::string& note) {
            return post_spec(self, transfer(key, stock(item, amount, unit, lot), source, to),
                             effective, reference, external_line, note);
          },
          py::arg("item"), py::arg("quantity"), py::kw_only(), py::arg("source"), py::arg("to"),
          py::arg("key"), py::arg("lot") = py::none(), py::arg("unit") = py::none(),
          py::arg("effective") = py::none(), py::arg("reference") = "",
          py::arg("external_line") = "", py::arg("note") = "", "Moves stock between two locations.")
      .def(
          "adjust",
          [](inventory& self, const std::string& item, const py::object& amount,
             const std::string& location, const std::string& key,
             const std::optional<std::string>& lot, const std::optional<std::string>& unit,
             const std::string& reason, const py::object& effective, const std::string& reference,
             const std::string& external_line, const std::string& note) {
            return post_spec(
                self,
                adjustment(key, stock(item, amount, unit, lot), location, reason_from(reason)),
                effective, reference, external_line, note);
          },
          py::arg("item"), py::arg("quantity"), py::kw_only(), py::arg("location"), py::arg("key"),
          py::arg("lot") = py::none(), py::arg("unit") = py::none(),
          py::arg("reason") = "adjustment", py::arg("effective") = py::none(),
          py::arg("reference") = "", py::arg("external_line") = "", py::arg("note") = "",
          "Adds (positive) or removes (negative) stock against inventory loss/gain.")
      .def(
          "scrap",
          [](inventory& self, const std::string& item, const py::object& amount,
             const std::string& source, const std::string& key,
             const std::optional<std::string>& lot, const std::optional<std::string>& unit,
             const py::object& effective, const std::string& reference,
             const std::string& external_line, const std::string& note) {
            return post_spec(self, scrap(key, stock(item, amount, unit, lot), source), effective,
                             reference, external_line, note);
          },
          py::arg("item"), py::arg("quantity"), py::kw_only(), py::arg("source"), py::arg("key"),
          py::arg("lot") = py::none(), py::arg("unit") = py::none(),
          py::arg("effective") = py::none(), py::arg("reference") = "",
          py::arg("external_line") = "", py::arg("note") = "", "Writes stock off to scrap.")
      .def(
          "reverse",
          [](inventory& self, const std::string& key, const std::string& new_key,
             const py::object& effective, const std::string& note) {
            std::optional<timestamp> at;
            if (!effective.is_none()) at = to_timestamp(effective, "effective");
            const document_reference reference{"", "", note};
            return posting_dict(
                unwrap(without_gil([&] { return self.reverse(key, new_key, at, reference); })));
          },
          py::arg("key"), py::kw_only(), py::arg("new_key"), py::arg("effective") = py::none(),
          py::arg("note") = "", "Posts the compensating document of the one posted under key.")
      .def(
          "balance",
          [](const inventory& self, const std::string& item,
             const std::optional<std::string>& location, const std::optional<std::string>& lot,
             const py::object& as_of, bool within) {
            const auto id = unwrap(self.item_by_code(item));
            std::optional<timestamp> at;
            if (!as_of.is_none()) at = to_timestamp(as_of, "as_of");
            std::optional<lot_id> one_lot;
            if (lot) one_lot = lot_of(self, id, *lot);
            if (!location) {
              if (within) {
                raise(make_error(errc::invalid_parameter,
                                 "within=True sums a location and those below it: give the "
                                 "location",
                                 error_context{.field = "within"}));
              }
              // The whole business: on hand at internal locations (totals()
              // has in transit and owned too).
              // As of a time, a pass over the item's history: without the GIL.
              const auto t = without_gil([&] {
                return at ? self.totals_as_of(id, *at, one_lot) : self.totals(id, one_lot);
              });
              return to_decimal(t.on_hand.from_zero());
            }
            const auto where = unwrap(self.location_by_code(*location));
            const auto level = without_gil([&] {
              if (within) {
                return one_lot ? (at ? self.balance_within_as_of(id, where, *one_lot, *at)
                                     : self.balance_within(id, where, *one_lot))
                               : (at ? self.on_hand_within_as_of(id, where, *at)
                                     : self.on_hand_within(id, where));
              }
              return one_lot ? (at ? self.balance_as_of(id, where, *one_lot, *at)
                                   : self.balance(id, where, *one_lot))
                             : (at ? self.on_hand_as_of(id, where, *at) : self.on_hand(id, where));
            });
            return to_decimal(level.from_zero());
          },
          py::arg("item"), py::arg("location") = py::none(), py::kw_only(),
          py::arg("lot") = py::none(), py::arg("as_of") = py::none(), py::arg("within") = false,
          "Stock of an item as a Decimal, all lots or one (lot=), now or as_of a past time: at "
          "a location (within=True adds every location below it), or, without a location, on "
          "hand at every internal location (not in transit: see totals()).")
      .def(
          "totals",
          [](const inventory& self, const std::string& item, const std::optional<std::string>& lot,
             const py::object& as_of) {
            const auto id = unwrap(self.item_by_code(item));
            std::optional<lot_id> one_lot;
            if (lot) one_lot = lot_of(self, id, *lot);
            std::optional<timestamp> at;
            if (!as_of.is_none()) at = to_timestamp(as_of, "as_of");
            const auto t = without_gil([&] {
              return at ? self.totals_as_of(id, *at, one_lot) : self.totals(id, one_lot);
            });
            py::dict out;
            out["on_hand"] = to_decimal(t.on_hand.from_zero());
            out["in_transit"] = to_decimal(t.in_transit.from_zero());
            out["owned"] = to_decimal(t.owned.from_zero());
            return out;
          },
          py::arg("item"), py::kw_only(), py::arg("lot") = py::none(),
          py::arg("as_of") = py::none(),
          "An item's stock over the whole business as a dict of Decimals: on_hand (internal "
          "locations), in_transit (transit locations) and owned (both); all lots or one, now or "
          "as_of a past time.")
      .def(
          "_totals",
          [](const inventory& self, const std::optional<std::string>& item,
             const py::object& as_of) {
            std::optional<timestamp> at;
            if (!as_of.is_none()) at = to_timestamp(as_of, "as_of");
            std::vector<item_id> items;
            if (item) {
              items.push_back(unwrap(self.item_by_code(*item)));
            } else {
              self.read([&](const state& s) {
                for (std::uint32_t i = 0; i < s.catalog.item_count(); ++i) {
                  items.push_back(item_id{i});
                }
              });
            }
            // The figures without the GIL (as of a time, each is a pass over
            // the item's history), then the rows.
            struct item_row {
              std::string code;
              item_totals figures;
            };
            const auto found = without_gil([&] {
              return self.read([&](const state& s) {
                std::vector<item_row> out;
                out.reserve(items.size());
                for (auto id : items) {
                  out.push_back(
                      {s.catalog.item(id).code, at ? totals_as_of(s, id, *at) : totals(s, id)});
                }
                return out;
              });
            });
            py::list rows;
            for (const auto& [code, t] : found) {
              rows.append(py::make_tuple(code, to_decimal(t.on_hand.from_zero()),
                                         to_decimal(t.in_transit.from_zero()),
                                         to_decimal(t.owned.from_zero())));
            }
            return rows;
          },
          py::arg("item") = py::none(), py::arg("as_of") = py::none(),
          "Rows (item, on_hand, in_transit, owned) of Decimals, one per item (or the one "
          "given), now or as_of a past time: the figures of totals(), for a DataFrame.")
      .def(
          "_location_kinds",
          [](const inventory& self) {
            const auto found = without_gil([&] {
              return self.read([](const state& s) {
                std::vector<std::pair<std::string, std::string_view>> out;
                out.reserve(s.catalog.location_count());
                for (std::uint32_t i = 0; i < s.catalog.location_count(); ++i) {
                  const auto& l = s.catalog.location(location_id{i});
                  out.emplace_back(l.code, name_of(l.kind));
                }
                return out;
              });
            });
            py::dict kinds;
            for (const auto& [code, kind] : found)
              kinds[py::str(code)] = py::str(std::string(kind));
            return kinds;
          },
          "{location code: kind}, e.g. 'internal' or 'transit': which position rows are on "
          "hand and which in transit.")
      .def(
          "_positions",
          [](const inventory& self, const std::optional<std::string>& item, const py::object& day) {
            const date on = day.is_none() ? today() : to_date(day, "day");
            std::vector<item_id> items;
            if (item) {
              items.push_back(unwrap(self.item_by_code(*item)));
            } else {
              self.read([&](const state& s) {
                const auto& c = s.catalog;
                for (std::uint32_t i = 0; i < c.item_count(); ++i) items.push_back(item_id{i});
              });
            }
            // Every item's positions without the GIL, then the rows.
            const auto found = without_gil([&] {
              std::vector<std::vector<stock_position>> out;
              out.reserve(items.size());
              for (auto id : items) out.push_back(self.positions(id, on));
              return out;
            });
            py::list rows;
            for (const auto& positions : found) {
              self.read([&](const state& s) {
                const auto& c = s.catalog;
                for (const auto& p : positions) {
                  const auto& where = c.location(p.location);
                  rows.append(py::make_tuple(c.item(p.item).code, where.code,
                                             std::string(name_of(where.kind)),
                                             to_decimal(p.on_hand.from_zero()),
                                             to_decimal(p.quarantined), to_decimal(p.available)));
                }
              });
            }
            return rows;
          },
          py::arg("item") = py::none(), py::arg("day") = py::none(),
          "Rows (item, location, kind, on_hand, quarantined, available) as of the end of day "
          "(UTC; default today), at every internal and transit location the item had moved "
          "through by then: kind says which (internal: on hand, transit: in transit).")
      .def(
          "_history",
          [](const inventory& self, const std::optional<std::string>& item,
             const std::optional<std::string>& location) {
            std::vector<history_row> rows;
            if (item) {
              const auto id = unwrap(self.item_by_code(*item));
              std::optional<location_id> where;
              if (location) where = unwrap(self.location_by_code(*location));
              rows = without_gil([&] { return self.history(id, where); });
            } else if (location) {
              const auto where = unwrap(self.location_by_code(*location));
              rows = without_gil([&] { return self.location_history(where); });
            } else {
              raise(make_error(errc::invalid_parameter, "history needs an item or a location",
                               error_context{.field = "item"}));
            }
            py::list out;
            self.read([&](const state& s) {
              const auto& c = s.catalog;
              for (const auto& r : rows) {
                py::object reverses = py::none();
                if (!r.reverses.is_none())
                  reverses = py::str(std::string(document_key(s, r.reverses)));
                out.append(py::make_tuple(to_python(r.effective), to_python(r.recorded),
                                          r.document.value, r.key, std::string(name_of(r.reason)),
                                          c.item(r.item).code, c.location(r.location).code,
                                          lot_code(c, r.lot), to_decimal(r.delta),
                                          to_decimal(r.running_balance.from_zero()), reverses));
              }
            });
            return out;
          },
          py::arg("item") = py::none(), py::arg("location") = py::none())
      .def(
          "_daily_demand",
          [](const inventory& self, const py::object& first, const py::object& last,
             const std::vector<std::string>& locations, const std::vector<std::string>& customers) {
            const date from = to_date(first, "start");
            const date to = to_date(last, "end");
            auto ids = [&](const std::vector<std::string>& codes) {
              std::vector<location_id> out;
              out.reserve(codes.size());
              for (const auto& code : codes) out.push_back(unwrap(self.location_by_code(code)));
              return out;
            };
            const auto where = ids(locations);
            const auto buyers = ids(customers);
            auto table = without_gil([&] { return self.daily_demand(from, to, where, buyers); });
            const auto t = unwrap(std::move(table));
            const auto rows = static_cast<py::ssize_t>(t.items.size());
            const auto days = static_cast<py::ssize_t>(t.days);
            py::list items;
            py::list places;
            self.read([&](const state& s) {
              for (std::size_t i = 0; i < t.items.size(); ++i) {
                items.append(py::str(s.catalog.item(t.items[i]).code));
                places.append(py::str(s.catalog.location(t.locations[i]).code));
              }
            });
            py::array_t<double> demand({rows, days});
            std::copy(t.demand.begin(), t.demand.end(), demand.mutable_data());
            py::array_t<bool> stocked_out({rows, days});
            std::transform(t.stocked_out.begin(), t.stocked_out.end(), stocked_out.mutable_data(),
                           [](std::uint8_t flag) { return flag != 0; });
            return py::make_tuple(items, places, demand, stocked_out);
          },
          py::arg("start"), py::arg("end"), py::arg("locations"), py::arg("customers"),
          "(items, locations, demand, stocked_out) of daily_demand (onhand/ledger/demand.hpp): "
          "pairs × days float64 and bool arrays; empty location lists mean all of the kind.")
      .def(
          "verify",
          [](const inventory& self) {
            auto verified = without_gil([&] { return self.verify(); });
            unwrap(std::move(verified));
          },
          "Re-derives every balance from the log; raises StoreFailureError on a difference.")
      .def_property_readonly("log_position", &inventory::log_position);
}

}  // namespace onhand::python
