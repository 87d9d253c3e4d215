// SPDX-License-Identifier: Apache-2.0
// File: onhand/counting/events.hpp
//
// The counting domain's events: a count task started (with the snapshot of
// the book it starts from), a count submitted, and the decisions on a count
// outside tolerance (approve, reject, recount). A count never blocks
// operations: stock keeps moving while it is counted, and the adjustment is
// counted − expected, where expected is the book at the moment counted
// (the snapshot plus every movement posted since it, back-dated ones
// included). docs/concepts/cycle_counting.md states the rule.
//
// An event that adjusts stock (count_submitted within tolerance, or
// count_approved, with a non-zero adjustment) is followed in the same
// append by the ledger's document_posted that moves the difference between
// the counted location and the inventory-loss location, with reason
// `count`. Their encoding lives in src/counting/codec.cpp under the
// counting domain's tag block (96–111).
#pragma once

#include <optional>
#include <string>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

using count_task_id = dense_id<struct count_task_tag>;

/// When a count's variance is small enough to post without approval. Each
/// threshold that is set must hold; with none set, only an exact count
/// (variance zero) is within tolerance.
struct count_tolerance {
  /// |counted − expected| at most this, in the item's base unit.
  std::optional<quantity> quantity_max;
  /// |counted − expected| / expected × 100 at most this (5 is 5 %). A
  /// non-zero variance on an expected zero is outside any percentage.
  std::optional<quantity> percent_max;
  /// |counted − expected| × the task's unit cost at most this; a task with
  /// a value threshold must carry a unit cost.
  std::optional<money> value_max;
  friend auto operator==(const count_tolerance&, const count_tolerance&) -> bool = default;
};

/// A count task started: count `item` (in `lot`) at `location`; the book
/// held `snapshot` there at `recorded`.
struct count_task_started {
  std::string key;  ///< Its idempotency key and its handle.
  item_id item;
  location_id location;            ///< An internal location (a site, a zone, a bin).
  lot_id lot = lot_id::none();     ///< The lot counted; none for an untracked item.
  location_id loss_location;       ///< Where differences go: an inventory_loss location.
  std::string abc_class;           ///< The item's class for this count ("" none).
  bool blind = false;              ///< The counter is not shown the expected quantity.
  count_tolerance tolerance;       ///< Decides auto-post versus approval.
  std::optional<money> unit_cost;  ///< Values the variance; none: no value.
  quantity snapshot;               ///< The book at `recorded`: balance_as_of(recorded).
  timestamp recorded;
  friend auto operator==(const count_task_started&, const count_task_started&) -> bool = default;
};

/// A count was submitted: `counted` found at `counted_at`, when the book
/// said `expected`. Within tolerance with a non-zero variance, the
/// adjustment document follows in the same append.
struct count_submitted {
  std::string key;  ///< The submission's idempotency key.
  count_task_id task;
  quantity counted;
  timestamp counted_at;
  quantity expected;  ///< balance_as_of(counted_at) when submitted.
  bool within_tolerance = false;
  timestamp recorded;
  friend auto operator==(const count_submitted&, const count_submitted&) -> bool = default;
};

/// A count outside tolerance was approved: `adjustment` (counted − the book
/// at the counted time, when approved) is posted by the document that
/// follows in the same append, unless it is zero.
struct count_approved {
  std::string key;
  count_task_id task;
  quantity adjustment;
  timestamp recorded;
  friend auto operator==(const count_approved&, const count_approved&) -> bool = default;
};

/// A count outside tolerance was rejected: the book stands, the task closes.
struct count_rejected {
  std::string key;
  count_task_id task;
  timestamp recorded;
  friend auto operator==(const count_rejected&, const count_rejected&) -> bool = default;
};

/// A count outside tolerance is set aside: the task waits for another count.
struct recount_requested {
  std::string key;
  count_task_id task;
  timestamp recorded;
  friend auto operator==(const recount_requested&, const recount_requested&) -> bool = default;
};

}  // namespace onhand
