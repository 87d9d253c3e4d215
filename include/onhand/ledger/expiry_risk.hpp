// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/expiry_risk.hpp
//
// Expiry risk: the stock in lots that expire within a number of days of a
// date, per lot and location, already expired stock included and flagged,
// with its value when the caller gives unit costs. A read-only query over a
// state view, like those of onhand/ledger/queries.hpp.
//
// onhand has no valuation yet (no cost layers): the unit cost of an item is
// the caller's, given as a function, and the value is quantity × that cost,
// exact to money's 6 decimals.
//
// Example:
//
//   auto rows = inv.read([&](const onhand::state& s) {
//     return onhand::expiry_risk(s, {.on = onhand::parse_date("2027-01-10").value(),
//                                    .within_days = 30});
//   });
//   for (const auto& r : rows.value()) warn(r.lot, r.days_to_expiry, r.amount);
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "onhand/catalog/lot.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/state.hpp"

namespace onhand {

struct expiry_risk_options {
  date on;               ///< The evaluation date (UTC).
  int within_days = 30;  ///< Expiring on or before on + within_days; >= 0.
  /// Only this location and every location below it; none: every location.
  location_id location = location_id::none();
  /// The unit cost of an item in its base unit; nullopt (or an empty
  /// function) leaves the value out.
  std::function<std::optional<money>(item_id)> unit_cost;
};

/// Stock of one lot at one internal or transit location.
struct expiry_risk_row {
  item_id item;
  lot_id lot;
  location_id location;
  date expiry;
  /// expiry - on, in days: 0 expires on the evaluation date and is still
  /// usable then; negative is already expired.
  int days_to_expiry = 0;
  bool expired = false;  ///< expiry before `on` (days_to_expiry < 0).
  lot_status status = lot_status::available;
  quantity amount;             ///< On hand as of the end of `on`; > 0.
  std::optional<money> value;  ///< amount × unit cost, when a cost was given.

  friend auto operator==(const expiry_risk_row&, const expiry_risk_row&) -> bool = default;
};

/// The stock, as of the end of `options.on` (as position() counts it), in
/// lots whose expiry is on or before on + within_days, at internal and
/// transit locations (within `options.location` when given). Lots without
/// an expiry, untracked stock and non-positive balances are left out; lots
/// on hold or recalled are in, with their status. Sorted by expiry, then
/// item, location and lot code.
///
/// Errors: invalid_parameter (field "within_days") for a negative number of
/// days; unknown_code (field "location") for an undefined location; overflow
/// when a value leaves money's range. Cost: O(a + r log r) for a accounts
/// in the ledger and r rows.
[[nodiscard]] auto expiry_risk(const state& s, const expiry_risk_options& options)
    -> result<std::vector<expiry_risk_row>>;

}  // namespace onhand
