// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/code_lists.hpp
//
// The ISO code lists that GS1 Application Identifiers carry values from, so
// that a label's country or currency is checked against the list and not only
// for its three digits: ISO 3166-1 numeric country codes (AIs 421-426,
// 7030-7039, 8009-style lists in 423 and 425), ISO 3166-1 alpha-2 (4307) and
// ISO 4217 numeric currency codes (391n, 393n). The lists are data in one
// source file, src/scan/code_lists.cpp, whose comments name each list's
// edition; `iso3166_edition` and `iso4217_edition` say the same at run time.
// The lists change outside onhand (a new country, a new currency): update
// that file from the maintenance agencies' lists and its tests.
//
// Example:
//
//   onhand::scan::is_iso3166_numeric("276");   // true: Germany
//   onhand::scan::is_iso3166_numeric("999");   // false (7030-7039 accept 999 separately)
//   onhand::scan::is_iso4217_numeric("978");   // true: euro
#pragma once

#include <string_view>

namespace onhand::scan {

/// The edition of the ISO 3166-1 list onhand checks against.
inline constexpr std::string_view iso3166_edition =
    "ISO 3166-1:2020, 249 countries, as carried by iso-codes 4.15.0";
/// The edition of the ISO 4217 list onhand checks against.
inline constexpr std::string_view iso4217_edition =
    "ISO 4217:2015 list one, as carried by iso-codes 4.15.0, plus ZWG (924, June 2024)";

/// Whether `code` is three digits naming an ISO 3166-1 country ("276").
[[nodiscard]] auto is_iso3166_numeric(std::string_view code) noexcept -> bool;
/// Whether `code` is an ISO 3166-1 alpha-2 country code ("DE").
[[nodiscard]] auto is_iso3166_alpha2(std::string_view code) noexcept -> bool;
/// Whether `code` is three digits naming an ISO 4217 currency or fund ("978").
[[nodiscard]] auto is_iso4217_numeric(std::string_view code) noexcept -> bool;

}  // namespace onhand::scan
