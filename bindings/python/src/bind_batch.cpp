// SPDX-License-Identifier: Apache-2.0
// Inventory._post_batch: documents given as columns, one row per line
// (onhand/__init__.py's Inventory.post_batch turns a DataFrame or arrays into
// these columns). Consecutive rows under one key are one document. Codes
// are looked up once per distinct code; each row's text is read in place
// from its str; the documents go to inventory::post_batch in one call, with
// the GIL released. A row that cannot be read (a float quantity, NaN, an
// unknown code) refuses its document with the error post() would give and
// leaves the others alone.
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pybind11/numpy.h>

#include "onhand/inventory.hpp"

#include "bindings.hpp"

namespace onhand::python {
namespace {

constexpr std::int64_t no_time = INT64_MIN;

// One column of str (or None) values, as views of the strs' UTF-8.
class text_column {
 public:
  text_column(const py::object& column, std::string_view name, std::size_t rows) : name_(name) {
    if (column.is_none()) return;
    array_ = py::array::ensure(column);
    if (!array_ || array_.ndim() != 1 || array_.dtype().kind() != 'O' ||
        static_cast<std::size_t>(array_.shape(0)) != rows) {
      raise(make_error(errc::malformed_input,
                       "column '" + std::string(name) + "' must be " + std::to_string(rows) +
                           " values of str (an object column)",
                       error_context{.field = std::string(name)}));
    }
    array_ = py::array::ensure(array_, py::array::c_style);
    data_ = static_cast<PyObject* const*>(array_.data());
  }
  [[nodiscard]] auto present() const -> bool { return data_ != nullptr; }
  /// The row's text; empty for None, NaN or a missing column. Anything else
  /// but a str is an error for the row.
  [[nodiscard]] auto at(std::size_t row) const -> result<std::string_view> {
    if (data_ == nullptr) return std::string_view{};
    PyObject* value = data_[row];
    if (value == Py_None) return std::string_view{};
    if (PyFloat_Check(value) && std::isnan(PyFloat_AS_DOUBLE(value))) return std::string_view{};
    if (!PyUnicode_Check(value)) {
      return make_error(errc::malformed_input,
                        "'" + name_ + "' must be a str, not " + type_name(value),
                        error_context{.field = name_});
    }
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(value, &size);
    if (utf8 == nullptr) {
      PyErr_Clear();
      return make_error(errc::malformed_input,
                        "'" + name_ + "' is not valid text (a lone surrogate)",
                        error_context{.field = name_});
    }
    return std::string_view{utf8, static_cast<std::size_t>(size)};
  }

 private:
  std::string name_;
  py::array array_;
  PyObject* const* data_ = nullptr;
};

// The quantity column: int64 (whole base units, or whole units of the row's
// unit) or objects (Decimal, int, str) read exactly.
class quantity_column {
 public:
  quantity_column(const py::object& column, std::size_t rows) {
    auto array = py::array::ensure(column);
    if (!array || array.ndim() != 1 || static_cast<std::size_t>(array.shape(0)) != rows) {
      raise(make_error(errc::malformed_input,
                       "column 'quantity' must hold " + std::to_string(rows) + " values",
                       error_context{.field = "quantity"}));
    }
    const auto kind = array.dtype().kind();
    if (kind == 'f' || kind == 'c') {
      raise(make_error(errc::malformed_input,
                       "column 'quantity' holds floats, which are not exact: give integers, "
                       "Decimal or str",
                       error_context{.field = "quantity"}));
    }
    if (kind == 'i' || kind == 'u' || kind == 'b') {
      if (kind == 'b') {
        raise(make_error(errc::malformed_input, "column 'quantity' holds booleans",
                         error_context{.field = "quantity"}));
      }
      integers_ =
          py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(array);
      integer_ = true;
      if (!integers_ || (kind == 'u' && array.dtype().itemsize() == 8)) {
        // uint64 beyond int64: read each as an object (exact, range-checked).
        integer_ = false;
        objects_ = py::array::ensure(array.attr("astype")("object"), py::array::c_style);
      }
    } else if (kind == 'O') {
      objects_ = py::array::ensure(array, py::array::c_style);
    } else {
      raise(make_error(errc::malformed_input,
                       "column 'quantity' must hold integers, Decimal or str, not dtype " +
                           py::str(array.dtype()).cast<std::string>(),
                       error_context{.field = "quantity"}));
    }
  }
  [[nodiscard]] auto at(std::size_t row) const -> result<quantity> {
    if (integer_) {
      const auto value = integers_.at(static_cast<py::ssize_t>(row));
      constexpr auto max_whole = INT64_MAX / quantity::scale;
      if (value > max_whole || value < -max_whole) {
        return make_error(errc::overflow, "quantity " + std::to_string(value) + " is too large",
                          error_context{.field = "quantity"});
      }
      return quantity::units(value);
    }
    auto* value = static_cast<PyObject* const*>(objects_.data())[row];
    try {
      return to_quantity(value, "quantity");
    } catch (error_exception& refused) {
      return std::move(refused.value);
    }
  }

 private:
  py::array_t<std::int64_t> integers_;
  py::array objects_;
  bool integer_ = false;  // integers_ holds the column, else objects_
};

struct batch_columns {
  text_column keys, items, sources, tos, lots, units, reasons, references;
  quantity_column quantities;
  py::array_t<std::int64_t> effective;  // microseconds since the epoch, or no_time
  bool has_effective = false;
};

// Codes looked up once per distinct code.
class code_cache {
 public:
  explicit code_cache(const inventory& inv) : inv_(inv) {}
  auto item(std::string_view code) -> std::optional<item_id> {
    return lookup(items_, code, [&] { return inv_.item_by_code(code); });
  }
  auto location(std::string_view code) -> std::optional<location_id> {
    return lookup(locations_, code, [&] { return inv_.location_by_code(code); });
  }
  auto lot(item_id item, std::string_view code) -> std::optional<lot_id> {
    auto& of_item = lots_[item.value];
    return lookup(of_item, code, [&] { return inv_.lot_by_code(item, code); });
  }
  auto units(item_id item) -> const unit_set& {
    auto found = units_.find(item.value);
    if (found == units_.end()) {
      found = units_
                  .emplace(item.value,
                           inv_.read([&](const state& s) { return s.catalog.item(item).units; }))
                  .first;
    }
    return found->second;
  }
  auto tracked(item_id item) -> bool {
    auto found = tracked_.find(item.value);
    if (found == tracked_.end()) {
      found = tracked_
                  .emplace(item.value, inv_.read([&](const state& s) {
                    const auto& definition = s.catalog.item(item);
                    return definition.lot_tracked || definition.serial_tracked;
                  }))
                  .first;
    }
    return found->second;
  }

 private:
  template <class Id, class Find>
  static auto lookup(std::unordered_map<std::string_view, std::optional<Id>>& cache,
                     std::string_view code, Find&& find) -> std::optional<Id> {
    auto found = cache.find(code);
    if (found != cache.end()) return found->second;
    auto id = find();
    std::optional<Id> value = id ? std::optional<Id>{*id} : std::nullopt;
    cache.emplace(code, value);
    return value;
  }

  const inventory& inv_;
  std::unordered_map<std::string_view, std::optional<item_id>> items_;
  std::unordered_map<std::string_view, std::optional<location_id>> locations_;
  std::unordered_map<std::uint32_t, std::unordered_map<std::string_view, std::optional<lot_id>>>
      lots_;
  std::unordered_map<std::uint32_t, unit_set> units_;
  std::unordered_map<std::uint32_t, bool> tracked_;
};

// One row as a line; on any fault, the error post() gives for it (through
// inventory::resolve, which ranks the faults of a line by precedence).
auto line_of(inventory& inv, code_cache& codes, const batch_columns& c, std::size_t row)
    -> result<movement_line> {
  auto item_code = c.items.at(row);
  auto from = c.sources.at(row);
  auto to = c.tos.at(row);
  auto lot = c.lots.at(row);
  auto unit = c.units.at(row);
  auto amount = c.quantities.at(row);
  for (auto* text : {&item_code, &from, &to, &lot, &unit}) {
    if (!*text) return std::move(*text).error();
  }
  if (!amount) return std::move(amount).error();
  for (auto [text, name] :
       {std::pair{&item_code, "item"}, std::pair{&from, "source"}, std::pair{&to, "to"}}) {
    if ((*text)->empty()) {
      return make_error(errc::malformed_input, std::string("a line needs '") + name + "'",
                        error_context{.field = name});
    }
  }
  movement_line line{item_id{}, lot_id::none(), location_id{}, location_id{}, *amount};
  bool fast = true;
  if (auto id = codes.item(*item_code)) {
    line.item = *id;
  } else {
    fast = false;
  }
  if (auto id = codes.location(*from)) {
    line.from = *id;
  } else {
    fast = false;
  }
  if (auto id = codes.location(*to)) {
    line.to = *id;
  } else {
    fast = false;
  }
  if (fast && !lot->empty()) {
    auto id = codes.tracked(line.item) ? codes.lot(line.item, *lot) : std::nullopt;
    if (id) {
      line.lot = *id;
    } else {
      fast = false;
    }
  }
  if (fast && !unit->empty()) {
    auto base = codes.units(line.item).to_base(*amount, *unit);
    if (base) {
      line.amount = *base;
    } else {
      fast = false;
    }
  }
  if (fast) return line;
  return inv.resolve(line_spec{.item = std::string(*item_code),
                               .amount = *amount,
                               .unit = std::string(*unit),
                               .from = std::string(*from),
                               .to = std::string(*to),
                               .lot = std::string(*lot)});
}

// A row's header field that must agree over its document's rows.
auto header_differs(const text_column& column, std::size_t first, std::size_t row) -> bool {
  auto a = column.at(first);
  auto b = column.at(row);
  return !a || !b || *a != *b;
}

}  // namespace

void bind_batch(inventory_class& cls) {
  cls.def(
      "_post_batch",
      [](inventory& self, const py::object& keys, const py::object& items,
         const py::object& sources, const py::object& tos, const py::object& quantities,
         const py::object& lots, const py::object& units, const py::object& effective,
         const py::object& reasons, const py::object& references, bool atomic) {
        const auto key_array = py::array::ensure(keys);
        if (!key_array || key_array.ndim() != 1) {
          raise(make_error(errc::malformed_input, "column 'key' must be one-dimensional",
                           error_context{.field = "key"}));
        }
        const auto rows = static_cast<std::size_t>(key_array.shape(0));
        batch_columns c{text_column(keys, "key", rows),
                        text_column(items, "item", rows),
                        text_column(sources, "source", rows),
                        text_column(tos, "to", rows),
                        text_column(lots, "lot", rows),
                        text_column(units, "unit", rows),
                        text_column(reasons, "reason", rows),
                        text_column(references, "reference", rows),
                        quantity_column(quantities, rows),
                        {},
                        !effective.is_none()};
        if (!effective.is_none()) {
          c.effective =
              py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(
                  effective);
          if (!c.effective || c.effective.ndim() != 1 ||
              static_cast<std::size_t>(c.effective.shape(0)) != rows) {
            raise(make_error(errc::malformed_input,
                             "column 'effective' must hold " + std::to_string(rows) + " times",
                             error_context{.field = "effective"}));
          }
        }
        // Rows to documents: consecutive rows under one key.
        std::vector<movement_document> documents;
        documents.reserve(rows);                  // at most one per row
        std::vector<std::size_t> first_rows;      // per document
        std::vector<std::string_view> key_views;  // per document
        // A document with a row that did not read: its index in `faults`
        // (the row and the error), or none.
        constexpr auto none = UINT32_MAX;
        std::vector<std::uint32_t> fault_of;
        std::vector<std::pair<std::size_t, error>> faults;
        auto fault = [&](std::size_t row, error e) {
          fault_of.back() = static_cast<std::uint32_t>(faults.size());
          faults.emplace_back(row, std::move(e));
        };
        auto faulty = [&] { return fault_of.back() != none; };
        code_cache codes(self);
        std::string_view current_key;
        for (std::size_t row = 0; row < rows; ++row) {
          auto key = c.keys.at(row);
          const auto key_text = key ? *key : std::string_view{};
          if (row == 0 || key_text != current_key || !key) {
            current_key = key_text;
            documents.emplace_back();
            first_rows.push_back(row);
            fault_of.push_back(none);
            key_views.push_back(key_text);
            auto& doc = documents.back();
            doc.key = std::string(key_text);
            if (!key) {
              fault(row, std::move(key).error());
              continue;
            }
            auto reason = c.reasons.at(row);
            if (reason && !reason->empty()) {
              if (auto parsed = parse_movement_reason(*reason)) {
                doc.reason = *parsed;
              } else {
                fault(row, make_error(errc::malformed_input,
                                      "unknown reason '" + std::string(*reason) +
                                          "' (receipt, shipment, transfer, adjustment, scrap, "
                                          "return or count)",
                                      error_context{.field = "reason"}));
              }
            } else if (!reason) {
              fault(row, std::move(reason).error());
            }
            if (c.has_effective && c.effective.at(static_cast<py::ssize_t>(row)) != no_time) {
              doc.effective = timestamp{
                  std::chrono::microseconds{c.effective.at(static_cast<py::ssize_t>(row))}};
            }
            if (auto reference = c.references.at(row); reference) {
              doc.reference.external_document = std::string(*reference);
            } else if (!faulty()) {
              fault(row, std::move(reference).error());
            }
          } else if (!faulty()) {
            const auto first = first_rows.back();
            const bool effective_differs =
                c.has_effective && c.effective.at(static_cast<py::ssize_t>(first)) !=
                                       c.effective.at(static_cast<py::ssize_t>(row));
            if (header_differs(c.reasons, first, row) || header_differs(c.references, first, row) ||
                effective_differs) {
              fault(row, make_error(errc::malformed_input,
                                    "the rows of document '" + std::string(key_text) +
                                        "' differ in reason, effective or reference",
                                    error_context{.document = std::string(key_text)}));
            }
          }
          if (faulty()) continue;
          auto line = line_of(self, codes, c, row);
          if (!line) {
            auto err = std::move(line).error();
            err.context.document = std::string(key_text);
            err.context.line = row - first_rows.back();
            fault(row, std::move(err));
            continue;
          }
          documents.back().lines.push_back(*line);
        }
        // The documents that read go to the inventory (without a copy when
        // every one did); those that did not are refused as they are.
        std::vector<movement_document> readable;
        std::vector<std::size_t> readable_index;
        if (!faults.empty()) {
          for (std::size_t d = 0; d < documents.size(); ++d) {
            if (fault_of[d] != none) continue;
            readable_index.push_back(d);
            readable.push_back(std::move(documents[d]));
          }
        }
        const auto& sent = faults.empty() ? documents : readable;
        batch_result posted;
        if (!(atomic && !faults.empty())) {
          posted = unwrap(without_gil([&] { return self.post_batch(sent, {.atomic = atomic}); }));
        } else {
          posted.documents.resize(sent.size());  // withdrawn
        }
        // Per document, as arrays: first row, status (0 posted, 1 replayed,
        // 2 refused, 3 withdrawn), document number and log position (-1:
        // none); per refusal, as lists: row, key, code, message.
        const auto count = static_cast<py::ssize_t>(documents.size());
        py::array_t<std::int64_t> rows_out(count), numbers(count), positions(count);
        py::array_t<std::uint8_t> status(count);
        auto* row_at = rows_out.mutable_data();
        auto* number_at = numbers.mutable_data();
        auto* position_at = positions.mutable_data();
        auto* status_at = status.mutable_data();
        py::list error_rows, error_keys, error_codes, error_messages;
        auto refuse = [&](std::size_t row, std::string_view key, const error& err) {
          error_rows.append(row);
          error_keys.append(py::str(key.data(), key.size()));
          error_codes.append(py::str(std::string(name_of(err.code))));
          auto message = err.message;
          bound_message(message);
          error_messages.append(py::str(message));
        };
        std::size_t next_sent = 0;
        for (std::size_t d = 0; d < documents.size(); ++d) {
          const auto first = first_rows[d];
          row_at[d] = static_cast<std::int64_t>(first);
          number_at[d] = -1;
          position_at[d] = -1;
          if (fault_of[d] != none) {
            status_at[d] = 2;
            const auto& [row, err] = faults[fault_of[d]];
            refuse(row, key_views[d], err);
            continue;
          }
          const auto sent_index = next_sent++;
          const auto& entry = posted.documents[sent_index];
          switch (entry.state) {
            case batch_entry::status::posted:
              status_at[d] = entry.posted.replayed ? 1 : 0;
              number_at[d] = entry.posted.document.value;
              position_at[d] = static_cast<std::int64_t>(entry.posted.log_position);
              break;
            case batch_entry::status::refused: {
              status_at[d] = 2;
              const auto& err = *posted.refusal(sent_index);
              refuse(first + err.context.line.value_or(0), key_views[d], err);
              break;
            }
            case batch_entry::status::withdrawn:
              status_at[d] = 3;
              break;
          }
        }
        return py::make_tuple(py::make_tuple(rows_out, status, numbers, positions),
                              py::make_tuple(error_rows, error_keys, error_codes, error_messages));
      },
      py::arg("keys"), py::arg("items"), py::arg("sources"), py::arg("tos"), py::arg("quantities"),
      py::arg("lots"), py::arg("units"), py::arg("effective"), py::arg("reasons"),
      py::arg("references"), py::arg("atomic"));
}

}  // namespace onhand::python
