// SPDX-License-Identifier: Apache-2.0
// The rule of a stock position at the end of a day, shared by the position
// queries (queries.cpp) and daily demand's stock-out days (demand.cpp), so
// that both judge a day the same way.
#pragma once

#include <chrono>

#include "onhand/core/date.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/ledger/stock_ledger.hpp"
#include "onhand/state.hpp"

namespace onhand::detail {

/// The last instant of a date (UTC): balances as of it include every entry
/// effective that day.
inline auto end_of(date day) -> timestamp {
  return start_of(date{std::chrono::sys_days{day} + std::chrono::days{1}}) -
         std::chrono::microseconds{1};
}

/// Of `held`, account `a`'s balance at the end of `day`, what is quarantined:
/// all of a positive balance at a held location (location_definition::hold)
/// or in a lot unusable that day (expired before it, on hold, recalled).
inline auto quarantined_part(const state& s, const account& a, bool location_held, quantity held,
                             date day) -> quantity {
  const bool unusable =
      location_held || (!a.key.lot.is_none() && is_quarantined(s.catalog.lot(a.key.lot), day));
  return unusable && held.is_positive() ? held : quantity{};
}

/// Available of a position: on hand less quarantined, never below zero.
inline auto available_part(stock_level on_hand, quantity quarantined) -> quantity {
  const auto usable = on_hand.from_zero() - quarantined;
  return usable.is_negative() ? quantity{} : usable;
}

}  // namespace onhand::detail
