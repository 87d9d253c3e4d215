// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/date.hpp
//
// Dates and times. Expiry, best-before and other calendar facts are `date`s
// (std::chrono::year_month_day); when something happened is a `timestamp`,
// UTC with microsecond resolution. "Expired" means the expiry date is before
// the evaluation date: a lot expiring today is still usable today.
//
// Example:
//
//   auto expiry = onhand::parse_date("2028-05-31").value();
//   auto at = onhand::parse_timestamp("2026-11-27T09:30:00Z").value();
//   onhand::format(expiry);    // "2028-05-31"
//   auto day = onhand::today();  // the current date in UTC
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "onhand/core/result.hpp"

namespace onhand {

using date = std::chrono::year_month_day;
using timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// Parses "YYYY-MM-DD" (a real calendar date, years 1..9999); else malformed_input.
[[nodiscard]] auto parse_date(std::string_view text) -> result<date>;
/// Parses ISO 8601 UTC: "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+00:00)" or a plain date
/// (midnight UTC). Other offsets are converted to UTC. Else malformed_input.
[[nodiscard]] auto parse_timestamp(std::string_view text) -> result<timestamp>;

/// "YYYY-MM-DD".
[[nodiscard]] auto format(date day) -> std::string;
/// "YYYY-MM-DDTHH:MM:SS.ffffffZ" (fraction omitted when zero).
[[nodiscard]] auto format(timestamp at) -> std::string;

/// The calendar date (UTC) of a timestamp.
[[nodiscard]] inline auto date_of(timestamp at) -> date {
  return date{std::chrono::floor<std::chrono::days>(at)};
}
/// The current date in UTC, from the system clock: the default evaluation
/// date of expiries and positions. Code that must be reproducible passes a
/// date instead (the inventory's own clock, inventory_options::clock, gives
/// recorded times, not this).
[[nodiscard]] auto today() -> date;

/// Days since 1970-01-01 (negative before it): a date as a number, for
/// keys, buckets and differences.
[[nodiscard]] inline auto day_number(date day) -> std::int64_t {
  return std::chrono::sys_days{day}.time_since_epoch().count();
}

/// Midnight UTC at the start of a date.
[[nodiscard]] inline auto start_of(date day) -> timestamp {
  return timestamp{std::chrono::sys_days{day}};
}

}  // namespace onhand
