// SPDX-License-Identifier: Apache-2.0
// File: onhand/counting/queries.hpp
//
// Queries of the counting domain over `const state&`: the count list due
// on a date under a count plan, the variance of every count, and inventory
// record accuracy by class, location or period. The rules:
// docs/concepts/cycle_counting.md.
//
// Example:
//
//   onhand::count_plan plan{.classes = {{"A", 30}, {"B", 90}, {"C", 365}}};
//   auto due = inv.read([&](const onhand::state& s) {
//     return onhand::counts_due(s, plan, classes, onhand::parse_date("2026-12-01").value());
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/counting/count_book.hpp"
#include "onhand/state.hpp"

namespace onhand {

/// How often items of an ABC class are counted.
struct count_class_rule {
  std::string abc_class;
  std::int32_t frequency_days = 0;  ///< Positive.
};
/// How often everything at a location (and below it) is counted; it
/// overrides the class frequency there. The nearest rule above an item's
/// location applies.
struct count_location_rule {
  location_id location;
  std::int32_t frequency_days = 0;  ///< Positive.
};
struct count_plan {
  std::vector<count_class_rule> classes;
  std::vector<count_location_rule> locations;
};
/// An item's ABC class, as the plan reads it (from a classification such as
/// onhand::planning::abc_classify, or the caller's own).
struct item_class {
  item_id item;
  std::string abc_class;
};

/// An item at a location due for a count.
struct count_due {
  item_id item;
  location_id location;
  std::string abc_class;             ///< "" when a location rule alone applies.
  std::int32_t frequency_days = 0;   ///< The rule that applies.
  std::optional<date> last_counted;  ///< The latest adjusted count's date, if any.
  date due;                          ///< last_counted + frequency, or `day` if never counted.
  friend auto operator==(const count_due&, const count_due&) -> bool = default;
};

/// Every item at an internal location that holds or held it whose count is
/// due on or before `day`: never counted (by an adjusted task), or counted
/// `frequency_days` or more before it. Items without a class, at locations
/// without a rule, are not planned; an item and location with an open task
/// are left out (they are being counted). Ordered by due date, item,
/// location. Errors: invalid_parameter (a frequency not positive, a class
/// ruled twice), unknown_code (a rule's location or a class's item).
[[nodiscard]] auto counts_due(const state& s, const count_plan& plan,
                              std::span<const item_class> classes, date day)
    -> result<std::vector<count_due>>;

/// The variance of a task's latest count.
struct count_variance {
  count_task_id task;
  std::string key;
  item_id item;
  location_id location;
  lot_id lot = lot_id::none();
  std::string abc_class;
  count_status status = count_status::counting;
  quantity snapshot;   ///< The book when the task started.
  quantity movements;  ///< Posted since the snapshot, effective by the counted time.
  quantity expected;   ///< snapshot + movements: the book at the counted time.
  quantity counted;
  quantity variance;                ///< counted − expected.
  std::optional<quantity> percent;  ///< variance / expected × 100 (6 decimals, toward zero).
  std::optional<money> value;       ///< variance × unit cost.
  bool within_tolerance = false;
  quantity adjustment;  ///< Posted (adjusted tasks).
  std::uint32_t counts = 0;
  timestamp counted_at;
};

/// One row per task that has a count, in task order.
[[nodiscard]] auto count_variances(const state& s) -> std::vector<count_variance>;

/// A line of the count sheet: what a counter is shown of an open task.
struct count_sheet_line {
  count_task_id task;
  std::string key;
  item_id item;
  location_id location;
  lot_id lot = lot_id::none();
  count_status status = count_status::counting;
  /// The snapshot, or nullopt for a blind count: the counter counts
  /// without knowing what the book says.
  std::optional<quantity> expected;
  friend auto operator==(const count_sheet_line&, const count_sheet_line&) -> bool = default;
};
/// The open tasks waiting for a count, in task order.
[[nodiscard]] auto count_sheet(const state& s) -> std::vector<count_sheet_line>;

/// How record accuracy is grouped.
enum class accuracy_grouping : std::uint8_t {
  abc_class,  ///< By the tasks' class.
  location,   ///< By the counted location's code.
  month,      ///< By the counted time's month, "YYYY-MM".
};
struct accuracy_row {
  std::string group;
  std::uint32_t counts = 0;  ///< Adjusted tasks.
  std::uint32_t within = 0;  ///< Of them, their final count within tolerance.
  quantity share;            ///< within / counts, 6 decimals toward zero.
  friend auto operator==(const accuracy_row&, const accuracy_row&) -> bool = default;
};
/// Inventory record accuracy: among adjusted tasks counted in [from, to]
/// (dates, inclusive; open ends for nullopt), the share whose final count
/// was within tolerance, by group, in group order. Rejected and open tasks
/// are left out.
[[nodiscard]] auto record_accuracy(const state& s, accuracy_grouping by,
                                   std::optional<date> from = std::nullopt,
                                   std::optional<date> to = std::nullopt)
    -> std::vector<accuracy_row>;

}  // namespace onhand
