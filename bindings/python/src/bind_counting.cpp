// SPDX-License-Identifier: Apache-2.0
// The counting domain on Inventory: count tasks (start, submit, approve,
// reject, recount) and the rows behind the count sheet, the variance table,
// the count list due and record accuracy, which onhand/__init__.py makes
// into DataFrames (docs/concepts/cycle_counting.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "onhand/catalog/catalog.hpp"
#include "onhand/counting/commands.hpp"
#include "onhand/counting/queries.hpp"
#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

auto none_or(const std::optional<quantity>& value) -> py::object {
  return value ? to_decimal(*value) : py::object(py::none());
}
auto none_or(const std::optional<money>& value) -> py::object {
  return value ? to_decimal(*value) : py::object(py::none());
}
auto lot_code(const state& s, lot_id lot) -> py::object {
  return lot.is_none() ? py::object(py::none()) : py::object(py::str(s.catalog.lot(lot).code));
}

auto task_dict(const state& s, const count_task& t) -> py::dict {
  py::dict d;
  d["key"] = t.key;
  d["item"] = s.catalog.item(t.item).code;
  d["location"] = s.catalog.location(t.location).code;
  d["lot"] = lot_code(s, t.lot);
  d["loss_location"] = s.catalog.location(t.loss_location).code;
  d["abc_class"] = t.abc_class.empty() ? py::object(py::none()) : py::object(py::str(t.abc_class));
  d["blind"] = t.blind;
  d["status"] = std::string(name_of(t.status));
  d["snapshot"] = to_decimal(t.snapshot);
  d["started"] = to_python(t.started);
  d["counts"] = t.counts;
  d["counted"] = t.counts > 0 ? to_decimal(t.counted) : py::object(py::none());
  d["counted_at"] = t.counts > 0 ? to_python(t.counted_at) : py::object(py::none());
  d["expected"] = t.counts > 0 ? to_decimal(t.expected) : py::object(py::none());
  d["within_tolerance"] =
      t.counts > 0 ? py::object(py::bool_(t.within_tolerance)) : py::object(py::none());
  d["approved"] = t.approved;
  d["adjustment"] = to_decimal(t.adjustment);
  d["closed"] = t.closed ? to_python(*t.closed) : py::object(py::none());
  d["tolerance_quantity"] = none_or(t.tolerance.quantity_max);
  d["tolerance_percent"] = none_or(t.tolerance.percent_max);
  d["tolerance_value"] = none_or(t.tolerance.value_max);
  d["unit_cost"] = none_or(t.unit_cost);
  return d;
}

auto outcome_dict(const inventory& self, const count_outcome& o) -> py::dict {
  py::dict d;
  d["task"] = self.read([&](const state& s) { return s.counts.at(o.task).key; });
  d["status"] = std::string(name_of(o.status));
  d["expected"] = to_decimal(o.expected);
  d["variance"] = to_decimal(o.variance);
  d["adjustment"] = to_decimal(o.adjustment);
  d["document"] = o.document ? py::object(py::int_(o.document->value)) : py::object(py::none());
  d["replayed"] = o.replayed;
  return d;
}

auto optional_quantity(const py::object& value, std::string_view field) -> std::optional<quantity> {
  if (value.is_none()) return std::nullopt;
  return to_quantity(value, field);
}
auto optional_money(const py::object& value, std::string_view field) -> std::optional<money> {
  if (value.is_none()) return std::nullopt;
  return to_money(value, field);
}

// A number of days: an int in 1..36500 (a hundred years).
auto to_days(py::handle value, const std::string& field) -> std::int32_t {
  if (!is_integer(value)) {
    raise(make_error(errc::malformed_input,
                     field + " must be an int (days), not " + type_name(value),
                     error_context{.field = field}));
  }
  const auto days = py::int_(py::reinterpret_borrow<py::object>(value));
  if (days < py::int_(1) || days > py::int_(36'500)) {
    raise(make_error(errc::invalid_parameter, field + " must be 1..36500 days",
                     error_context{.field = field}));
  }
  return days.cast<std::int32_t>();
}

auto to_dict(const py::object& value, const char* field) -> py::dict {
  if (!py::isinstance<py::dict>(value)) {
    raise(make_error(errc::malformed_input,
                     std::string(field) + " must be a dict, not " + type_name(value),
                     error_context{.field = field}));
  }
  return py::reinterpret_borrow<py::dict>(value);
}

auto decision(const py::object& task, const py::object& key) -> count_decision {
  return count_decision{.key = to_text(key, "key"), .task = to_text(task, "task")};
}

}  // namespace

void bind_counting(inventory_class& cls) {
  cls.def(
         "start_count",
         [](inventory& self, const std::string& key, const std::string& item,
            const std::string& location, const py::object& lot, const std::string& loss_location,
            const py::object& abc_class, bool blind, const py::object& tolerance_quantity,
            const py::object& tolerance_percent, const py::object& tolerance_value,
            const py::object& unit_cost) {
           count_request request{
               .key = key,
               .abc_class = abc_class.is_none() ? std::string{} : to_text(abc_class, "abc_class"),
               .blind = blind,
               .tolerance = {.quantity_max =
                                 optional_quantity(tolerance_quantity, "tolerance_quantity"),
                             .percent_max =
                                 optional_quantity(tolerance_percent, "tolerance_percent"),
                             .value_max = optional_money(tolerance_value, "tolerance_value")},
               .unit_cost = optional_money(unit_cost, "unit_cost")};
           request.item = unwrap(self.item_by_code(item));
           request.location = unwrap(self.location_by_code(location));
           request.loss_location = unwrap(self.location_by_code(loss_location));
           if (!lot.is_none()) {
             request.lot = unwrap(self.lot_by_code(request.item, to_text(lot, "lot")));
           }
           auto started = without_gil([&] { return self.start_count(request); });
           const auto id = unwrap(std::move(started));
           return self.read([&](const state& s) { return task_dict(s, s.counts.at(id)); });
         },
         py::arg("key"), py::arg("item"), py::arg("location"), py::kw_only(),
         py::arg("lot") = py::none(),
         py::arg("loss_location") = std::string(standard_locations::inventory_loss),
         py::arg("abc_class") = py::none(), py::arg("blind") = false,
         py::arg("tolerance_quantity") = py::none(), py::arg("tolerance_percent") = py::none(),
         py::arg("tolerance_value") = py::none(), py::arg("unit_cost") = py::none(),
         "Starts a count task under `key` for item (and lot) at location, snapshotting the "
         "book now; returns the task as a dict. A count within every tolerance given "
         "(quantity, percent of the expected quantity, value at unit_cost; none given: exact "
         "counts only) is posted when submitted, others wait for approval. Differences go "
         "to and from loss_location (default INVENTORY-LOSS).")
      .def(
          "submit_count",
          [](inventory& self, const std::string& task, const py::object& counted,
             const std::string& key, const py::object& counted_at) {
            count_submission submission{
                .key = key, .task = task, .counted = to_quantity(counted, "counted")};
            if (!counted_at.is_none()) {
              submission.counted_at = to_timestamp(counted_at, "counted_at");
            }
            auto done = without_gil([&] { return self.submit_count(submission); });
            return outcome_dict(self, unwrap(std::move(done)));
          },
          py::arg("task"), py::arg("counted"), py::kw_only(), py::arg("key"),
          py::arg("counted_at") = py::none(),
          "Submits what was counted for the task (in the item's base unit) at counted_at "
          "(default now). The variance is counted minus the book at counted_at, which holds "
          "every movement posted since the snapshot: within tolerance it is posted at once. "
          "Returns task, status, expected, variance, adjustment, document, replayed.")
      .def(
          "approve_count",
          [](inventory& self, const py::object& task, const py::object& key) {
            const auto request = decision(task, key);
            auto done = without_gil([&] { return self.approve_count(request); });
            return outcome_dict(self, unwrap(std::move(done)));
          },
          py::arg("task"), py::kw_only(), py::arg("key"),
          "Approves a count awaiting approval: posts counted minus the book at the counted "
          "time. Returns the outcome as submit_count does.")
      .def(
          "reject_count",
          [](inventory& self, const py::object& task, const py::object& key) {
            const auto request = decision(task, key);
            auto done = without_gil([&] { return self.reject_count(request); });
            unwrap(std::move(done));
          },
          py::arg("task"), py::kw_only(), py::arg("key"),
          "Rejects a count awaiting approval: the book stands and the task closes.")
      .def(
          "request_recount",
          [](inventory& self, const py::object& task, const py::object& key) {
            const auto request = decision(task, key);
            auto done = without_gil([&] { return self.request_recount(request); });
            unwrap(std::move(done));
          },
          py::arg("task"), py::kw_only(), py::arg("key"),
          "Sets a count awaiting approval aside: the task waits for another count.")
      .def(
          "count_task",
          [](const inventory& self, const std::string& key) {
            const auto t = unwrap(self.count_task_by_key(key));
            return self.read([&](const state& s) { return task_dict(s, t); });
          },
          py::arg("key"), "The count task started under `key`, as a dict.")
      .def("_count_sheet",
           [](const inventory& self) {
             return query_rows(
                 self, [](const state& s) { return count_sheet(s); },
                 [](const state& s, const auto& sheet) {
                   py::list rows;
                   for (const auto& line : sheet) {
                     rows.append(py::make_tuple(line.key, s.catalog.item(line.item).code,
                                                s.catalog.location(line.location).code,
                                                lot_code(s, line.lot), none_or(line.expected)));
                   }
                   return rows;
                 });
           })
      .def("_count_variances",
           [](const inventory& self) {
             return query_rows(
                 self, [](const state& s) { return count_variances(s); },
                 [](const state& s, const auto& variances) {
                   py::list rows;
                   for (const auto& v : variances) {
                     rows.append(py::make_tuple(
                         v.key, s.catalog.item(v.item).code, s.catalog.location(v.location).code,
                         lot_code(s, v.lot),
                         v.abc_class.empty() ? py::object(py::none())
                                             : py::object(py::str(v.abc_class)),
                         std::string(name_of(v.status)), to_decimal(v.snapshot),
                         to_decimal(v.movements), to_decimal(v.expected), to_decimal(v.counted),
                         to_decimal(v.variance), none_or(v.percent), none_or(v.value),
                         v.within_tolerance, to_decimal(v.adjustment), v.counts,
                         to_python(v.counted_at)));
                   }
                   return rows;
                 });
           })
      .def(
          "_counts_due",
          [](const inventory& self, const py::object& frequencies, const py::object& classes,
             const py::object& day, const py::object& locations) {
            count_plan plan;
            for (const auto& [name, days] : to_dict(frequencies, "frequencies")) {
              plan.classes.push_back({to_text(name, "frequencies"), to_days(days, "frequencies")});
            }
            for (const auto& [name, days] : to_dict(locations, "locations")) {
              plan.locations.push_back({unwrap(self.location_by_code(to_text(name, "locations"))),
                                        to_days(days, "locations")});
            }
            std::vector<item_class> item_classes;
            for (const auto& [item, abc_class] : to_dict(classes, "classes")) {
              item_classes.push_back({unwrap(self.item_by_code(to_text(item, "classes"))),
                                      to_text(abc_class, "classes")});
            }
            const auto on = to_date(day, "day");
            return query_rows(
                self, [&](const state& s) { return counts_due(s, plan, item_classes, on); },
                [](const state& s, const auto& due) {
                  py::list rows;
                  if (!due) raise(due.error());
                  for (const auto& d : due.value()) {
                    rows.append(py::make_tuple(
                        s.catalog.item(d.item).code, s.catalog.location(d.location).code,
                        d.abc_class.empty() ? py::object(py::none())
                                            : py::object(py::str(d.abc_class)),
                        d.frequency_days,
                        d.last_counted ? to_python(*d.last_counted) : py::object(py::none()),
                        to_python(d.due)));
                  }
                  return rows;
                });
          },
          py::arg("frequencies"), py::arg("classes"), py::arg("day"), py::arg("locations"))
      .def(
          "_record_accuracy",
          [](const inventory& self, const std::string& by, const py::object& start,
             const py::object& end) {
            accuracy_grouping grouping = accuracy_grouping::abc_class;
            if (by == "location") {
              grouping = accuracy_grouping::location;
            } else if (by == "month") {
              grouping = accuracy_grouping::month;
            } else if (by != "abc_class") {
              raise(make_error(errc::malformed_input, "by must be abc_class, location or month",
                               error_context{.field = "by"}));
            }
            std::optional<date> from;
            std::optional<date> to;
            if (!start.is_none()) from = to_date(start, "start");
            if (!end.is_none()) to = to_date(end, "end");
            return query_rows(
                self, [&](const state& s) { return record_accuracy(s, grouping, from, to); },
                [](const state&, const auto& groups) {
                  py::list rows;
                  for (const auto& r : groups) {
                    rows.append(py::make_tuple(r.group, r.counts, r.within, to_decimal(r.share)));
                  }
                  return rows;
                });
          },
          py::arg("by"), py::arg("start"), py::arg("end"));
}

}  // namespace onhand::python
