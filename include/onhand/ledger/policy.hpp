// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/policy.hpp
//
// The rules of the ledger that are the business's to choose, given to an
// inventory when it is opened (inventory_options::policy).
//
// The window: a document may be effective at most `backdate_limit` before
// and `future_limit` after its recorded time (the inventory's clock). Either
// limit may be `ledger_policy::unlimited`, e.g. to load years of history from
// a legacy system; a negative limit is an invalid_parameter when opening.
// The window is checked when a document is posted, not when the log is
// replayed, so narrowing it later never invalidates what was posted.
//
// Example:
//
//   onhand::inventory_options options;
//   options.policy.backdate_limit = std::chrono::days{365};   // loading last year's history
//   options.policy.backdate_limit = onhand::ledger_policy::unlimited;   // or all of it
#pragma once

#include <chrono>

namespace onhand {

struct ledger_policy {
  /// No limit: any effective time is inside the window on that side.
  static constexpr std::chrono::microseconds unlimited = std::chrono::microseconds::max();

  /// How far before its recording time a document may be effective.
  /// Back-dated postings are checked against every later balance.
  std::chrono::microseconds backdate_limit = std::chrono::days{31};
  /// How far after its recording time a document may be effective (clock skew).
  std::chrono::microseconds future_limit = std::chrono::minutes{5};
};

}  // namespace onhand
