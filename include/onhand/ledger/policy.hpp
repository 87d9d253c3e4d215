// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/policy.hpp
//
// The rules of the ledger that are the business's to choose, given to an
// inventory when it is opened (inventory_options::policy).
//
// Example:
//
//   onhand::inventory_options options;
//   options.policy.backdate_limit = std::chrono::days{365};   // loading last year's history
#pragma once

#include <chrono>

namespace onhand {

struct ledger_policy {
  /// How far before its recording time a document may be effective.
  /// Back-dated postings are checked against every later balance.
  std::chrono::microseconds backdate_limit = std::chrono::days{31};
  /// How far after its recording time a document may be effective (clock skew).
  std::chrono::microseconds future_limit = std::chrono::minutes{5};
};

}  // namespace onhand
