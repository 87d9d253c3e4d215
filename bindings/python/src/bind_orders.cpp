// SPDX-License-Identifier: Apache-2.0
// Transfers between sites on onhand._core.Inventory: open, ship, receive and
// close a transfer order, by codes, and the queries over transfers. A
// transfer goes back as a plain tuple and its lines as tuples;
// onhand/_transfers.py makes them into dataclasses and DataFrames. The rules
// are onhand/orders/commands.hpp and docs/concepts/transfers.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/orders/commands.hpp"
#include "onhand/orders/queries.hpp"
#include "onhand/orders/transfers.hpp"
#include "onhand/report/supply.hpp"

#include "bindings.hpp"

namespace onhand::python {

auto location_of(const inventory& self, const py::handle& code, std::string_view field)
    -> location_id {
  auto found = self.location_by_code(to_text(code, field));
  if (!found) {
    auto err = std::move(found).error();
    err.context.field = std::string(field);
    raise(std::move(err));
  }
  return *found;
}

namespace {

// One order line: (item, quantity) or (item, quantity, lot), or a dict with
// item, quantity and lot.
auto order_line(const inventory& self, const py::handle& given, std::size_t index)
    -> transfer_line {
  py::object item, amount, lot = py::none();
  if (py::isinstance<py::dict>(given)) {
    const auto d = py::reinterpret_borrow<py::dict>(given);
    for (const auto& [name, value] : d) {
      const auto key = to_text(name, "lines");
      if (key == "item") {
        item = py::reinterpret_borrow<py::object>(value);
      } else if (key == "quantity") {
        amount = py::reinterpret_borrow<py::object>(value);
      } else if (key == "lot") {
        lot = py::reinterpret_borrow<py::object>(value);
      } else {
        raise(make_error(errc::malformed_input,
                         "a transfer line takes item, quantity and lot, not '" + key + "'",
                         error_context{.field = "lines", .line = index}));
      }
    }
  } else if (py::isinstance<py::tuple>(given) || py::isinstance<py::list>(given)) {
    const auto t = py::reinterpret_borrow<py::sequence>(given);
    if (t.size() == 2 || t.size() == 3) {
      item = t[0];
      amount = t[1];
      if (t.size() == 3) lot = t[2];
    }
  }
  if (!item || !amount) {
    raise(make_error(errc::malformed_input,
                     "a transfer line is (item, quantity[, lot]) or a dict with item and quantity",
                     error_context{.field = "lines", .line = index}));
  }
  transfer_line line;
  const auto code = to_text(item, "item");
  auto id = self.item_by_code(code);
  if (!id) {
    auto err = std::move(id).error();
    err.context.line = index;
    raise(std::move(err));
  }
  line.item = *id;
  line.amount = to_quantity(amount, "quantity");
  if (!lot.is_none()) {
    auto found = self.lot_by_code(*id, to_text(lot, "lot"));
    if (!found) {
      auto err = std::move(found).error();
      err.context.line = index;
      err.context.field = "lot";
      raise(std::move(err));
    }
    line.lot = *found;
  }
  return line;
}

// [(line index, quantity), ...] (or None: everything) as per-line amounts.
auto line_amounts(const py::object& given, std::string_view field)
    -> std::vector<transfer_line_amount> {
  std::vector<transfer_line_amount> out;
  if (given.is_none()) return out;
  const auto malformed = [&] {
    raise(make_error(errc::malformed_input,
                     std::string(field) +
                         " must be a list of (line index, quantity) pairs, or None, not " +
                         type_name(given),
                     error_context{.field = std::string(field)}));
  };
  // A list or a tuple only: other sequences (a 0-d numpy array) may refuse iteration.
  if (!py::isinstance<py::list>(given) && !py::isinstance<py::tuple>(given)) malformed();
  for (const auto& pair : given) {
    if (!py::isinstance<py::tuple>(pair) && !py::isinstance<py::list>(pair)) malformed();
    const auto both = py::reinterpret_borrow<py::sequence>(pair);
    if (both.size() != 2) malformed();
    const py::object line = both[0];
    const py::object amount = both[1];
    long long index = -1;
    if (is_integer(line)) {
      try {
        index = line.cast<long long>();
      } catch (const py::cast_error&) {
        index = -1;  // beyond any line
      }
    }
    if (index < 0) {
      raise(make_error(errc::malformed_input,
                       std::string(field) + " must pair line indexes (int >= 0) with quantities",
                       error_context{.field = std::string(field)}));
    }
    out.push_back({static_cast<std::size_t>(index), to_quantity(amount, field)});
  }
  return out;
}

auto optional_posting(const std::optional<posting>& p) -> py::object {
  return p ? py::object(posting_dict(*p)) : py::object(py::none());
}

// (key, source, destination, transit, eta, status, recorded, close_reason,
//  loss, lines) with lines as (line, item, lot, quantity, shipped, received,
//  in_transit, written_off, found, unshipped)
auto transfer_row(const state& s, const transfer_order& t) -> py::tuple {
  const auto& c = s.catalog;
  py::list lines;
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    const auto& line = t.lines[i];
    lines.append(py::make_tuple(
        i, c.item(line.item).code,
        line.lot.is_none() ? py::object(py::none()) : py::object(py::str(c.lot(line.lot).code)),
        to_decimal(line.amount), to_decimal(t.shipped[i]), to_decimal(t.received[i]),
        to_decimal(t.in_transit(i)), to_decimal(t.written_off[i]), to_decimal(t.found[i]),
        to_decimal(t.unshipped(i))));
  }
  return py::make_tuple(
      t.key, c.location(t.source).code, c.location(t.destination).code, c.location(t.transit).code,
      to_python(t.eta), std::string(name_of(t.status)), to_python(t.recorded),
      t.close_reason.empty() ? py::object(py::none()) : py::object(py::str(t.close_reason)),
      t.loss.is_none() ? py::object(py::none()) : py::object(py::str(c.location(t.loss).code)),
      lines);
}

}  // namespace

void bind_orders(inventory_class& cls) {
  cls.def(
         "_open_transfer",
         [](inventory& self, const std::string& key, const py::object& source,
            const py::object& destination, const py::object& transit, const py::object& eta,
            const py::object& lines) {
           transfer_request request{.key = key,
                                    .source = location_of(self, source, "source"),
                                    .destination = location_of(self, destination, "destination"),
                                    .transit = location_of(self, transit, "transit"),
                                    .eta = to_timestamp(eta, "eta")};
           if (!py::isinstance<py::list>(lines) && !py::isinstance<py::tuple>(lines)) {
             raise(make_error(
                 errc::malformed_input,
                 "lines must be a list of (item, quantity[, lot]), not " + type_name(lines),
                 error_context{.field = "lines"}));
           }
           std::size_t index = 0;
           for (const auto& line : lines) request.lines.push_back(order_line(self, line, index++));
           unwrap(without_gil([&] { return self.open_transfer(request); }));
           return self.read(
               [&](const state& s) { return transfer_row(s, unwrap(self.transfer_by_key(key))); });
         },
         py::arg("key"), py::arg("source"), py::arg("destination"), py::kw_only(),
         py::arg("transit"), py::arg("eta"), py::arg("lines"),
         "Opens a transfer order under `key`: lines of (item, quantity[, lot]) from `source` "
         "to `destination` through the transit location `transit`, expected at `eta`. Returns "
         "the transfer's row; a retry under the same key returns it again.")
      .def(
          "ship_transfer",
          [](inventory& self, const std::string& transfer, const py::object& lines,
             const std::string& key, const py::object& eta) {
            transfer_shipment shipment{
                .key = key, .transfer = transfer, .lines = line_amounts(lines, "lines")};
            if (!eta.is_none()) shipment.eta = to_timestamp(eta, "eta");
            return posting_dict(unwrap(without_gil([&] { return self.ship_transfer(shipment); })));
          },
          py::arg("transfer"), py::arg("lines") = py::none(), py::kw_only(), py::arg("key"),
          py::arg("eta") = py::none(),
          "Ships (part of) the transfer opened under `transfer`, source -> transit, as one "
          "document under `key`: `lines` is a list of (line index, quantity) (None: everything "
          "not shipped yet); `eta` is this shipment's (None: the transfer's). Returns the posting; "
          "a "
          "retry under the same key returns it again (replayed=True).")
      .def(
          "receive_transfer",
          [](inventory& self, const std::string& transfer, const py::object& lines,
             const std::string& key) {
            transfer_receipt receipt{
                .key = key, .transfer = transfer, .lines = line_amounts(lines, "lines")};
            return posting_dict(
                unwrap(without_gil([&] { return self.receive_transfer(receipt); })));
          },
          py::arg("transfer"), py::arg("lines") = py::none(), py::kw_only(), py::arg("key"),
          "Receives (part of) what is in transit of the transfer, transit -> destination, as "
          "one document under `key`: `lines` is a list of (line index, quantity) (None: "
          "everything in transit). Returns the posting.")
      .def(
          "close_transfer",
          [](inventory& self, const std::string& transfer, const std::string& key,
             const py::object& reason, const py::object& loss, const py::object& found) {
            transfer_close close{.key = key,
                                 .transfer = transfer,
                                 .loss = location_of(self, loss, "loss"),
                                 .found = line_amounts(found, "found")};
            if (!reason.is_none()) close.reason = to_text(reason, "reason");
            return optional_posting(
                unwrap(without_gil([&] { return self.close_transfer(close); })));
          },
          py::arg("transfer"), py::kw_only(), py::arg("key"), py::arg("reason") = py::none(),
          py::arg("loss") = std::string(standard_locations::inventory_loss),
          py::arg("found") = py::none(),
          "Closes the transfer under `key`. What is still in transit is posted to `loss` (an "
          "inventory_loss location, default INVENTORY-LOSS) and `found` ((line index, "
          "quantity) pairs that arrived beyond what was shipped) from there to the destination, in "
          "one document whose note is `reason` (required for such a discrepancy). What was "
          "never shipped is cancelled. Returns that document's posting, or None when nothing "
          "moved.")
      .def(
          "_transfer",
          [](const inventory& self, const std::string& key) {
            return self.read(
                [&](const state& s) { return transfer_row(s, unwrap(self.transfer_by_key(key))); });
          },
          py::arg("key"))
      .def(
          "_transfers",
          [](const inventory& self, bool open_only) {
            return query_rows(
                self,
                [&](const state& s) {
                  std::vector<transfer_order> found;
                  if (open_only) {
                    for (const auto id : open_transfers(s)) found.push_back(s.transfers.at(id));
                  } else {
                    const auto all = s.transfers.all();
                    found.assign(all.begin(), all.end());
                  }
                  return found;
                },
                [](const state& s, const auto& found) {
                  py::list rows;
                  for (const auto& t : found) rows.append(transfer_row(s, t));
                  return rows;
                });
          },
          py::arg("open_only") = false)
      .def(
          "_in_transit",
          [](const inventory& self, const py::object& item, const py::object& destination) {
            std::optional<item_id> only_item;
            std::optional<location_id> only_destination;
            if (!item.is_none()) only_item = unwrap(self.item_by_code(to_text(item, "item")));
            if (!destination.is_none()) {
              only_destination = unwrap(self.location_by_code(to_text(destination, "destination")));
            }
            return query_rows(
                self,
                [&](const state& s) {
                  return in_transit_by_destination(s, only_item, only_destination);
                },
                [](const state& s, const auto& found) {
                  py::list rows;
                  for (const auto& row : found) {
                    rows.append(py::make_tuple(s.catalog.item(row.item).code,
                                               s.catalog.location(row.destination).code,
                                               to_python(row.eta), to_decimal(row.amount)));
                  }
                  return rows;
                });
          },
          py::arg("item") = py::none(), py::arg("destination") = py::none())
      .def(
          "scheduled_receipts",
          [](const inventory& self, const py::object& item, const py::object& location,
             bool include_unshipped) {
            const auto id = unwrap(self.item_by_code(to_text(item, "item")));
            const auto at = unwrap(self.location_by_code(to_text(location, "location")));
            return query_rows(
                self,
                [&](const state& s) { return scheduled_receipts(s, id, at, include_unshipped); },
                [](const state&, const auto& found) {
                  py::list rows;
                  for (const auto& r : found) {
                    rows.append(py::make_tuple(to_python(r.day), to_decimal(r.amount)));
                  }
                  return rows;
                });
          },
          py::arg("item"), py::arg("location"), py::kw_only(), py::arg("include_unshipped") = false,
          "The receipts `location` (or a location below it) can expect of `item`, summed per "
          "day: a list of (date, Decimal) by day. The sent purchase orders' open remainders on "
          "their expected dates, what is in transit on its shipment's ETA and, with "
          "include_unshipped, what open transfers have not shipped yet. The form "
          "onhand.allocation.time_phased_atp takes as receipts.");
}

}  // namespace onhand::python
