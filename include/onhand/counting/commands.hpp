// SPDX-License-Identifier: Apache-2.0
// File: onhand/counting/commands.hpp
//
// What a caller asks of the counting domain: start a count task (which
// snapshots the book), submit a count, and approve, reject or recount a
// count outside tolerance. Each is one member of `inventory`
// (onhand/inventory.hpp); the rules are in docs/concepts/cycle_counting.md.
//
// Example:
//
//   auto task = inv.start_count({.key = "cc-1", .item = soap, .location = bin_a1,
//                                .loss_location = loss, .abc_class = "A",
//                                .tolerance = {.quantity_max = onhand::quantity::units(1)}});
//   auto outcome = inv.submit_count({.key = "cc-1/count", .task = "cc-1",
//                                    .counted = onhand::quantity::units(41)});
#pragma once

#include <optional>
#include <string>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/counting/count_book.hpp"
#include "onhand/counting/events.hpp"

namespace onhand {

/// Starts counting `item` (in `lot`) at `location`.
struct count_request {
  std::string key;  ///< Required: the idempotency key, and the task's handle.
  item_id item;
  location_id location;         ///< An internal location.
  lot_id lot = lot_id::none();  ///< Required for a lot-tracked item, else none.
  location_id loss_location;    ///< An inventory_loss location: the other side of adjustments.
  std::string abc_class;        ///< Free text, at most 16 bytes ("" none).
  bool blind = false;
  count_tolerance tolerance;
  std::optional<money> unit_cost;  ///< Non-negative; needed for a value tolerance.
};

/// A count of a task: `counted` found at `counted_at` (default: when it is
/// recorded). The counted time lies between the task's start and now.
struct count_submission {
  std::string key;   ///< Required: the submission's idempotency key.
  std::string task;  ///< The task's key.
  quantity counted;  ///< Zero or more, in the item's base unit.
  std::optional<timestamp> counted_at;
};

/// Approve, reject or recount a task's count outside tolerance.
struct count_decision {
  std::string key;   ///< Required: the decision's idempotency key.
  std::string task;  ///< The task's key.
};

/// What a submission or an approval did.
struct count_outcome {
  count_task_id task;
  count_status status = count_status::counting;
  quantity expected;    ///< The book at the counted time.
  quantity variance;    ///< counted − expected.
  quantity adjustment;  ///< Posted now (zero when nothing was posted).
  /// The adjustment document's posting, when one was posted.
  std::optional<document_id> document;
  bool replayed = false;  ///< A retry: the original outcome.
};

}  // namespace onhand
