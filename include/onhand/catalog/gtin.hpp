// SPDX-License-Identifier: Apache-2.0
// File: onhand/catalog/gtin.hpp
//
// The catalog's GTIN rules, shared with scan (which parses labels that carry
// GTINs, SSCCs and GLNs). GS1 keys that end in a mod-10 check digit (GTIN, SSCC, GLN, GRAI, ...):
// computing and verifying the check digit, and validating a GTIN-8, -12, -13
// or -14 and widening it to the GTIN-14 that the catalog and the GS1 element
// strings use. A GTIN is a fixed-width number: leading zeros are part of it,
// so GTINs travel as digit strings, never as integers.
//
// Example:
//
//   onhand::gs1_check_digit("950110153000");       // 3
//   onhand::normalize_gtin("9501101530003");       // "09501101530003"
//   onhand::normalize_gtin("9501101530004");       // bad_check_digit, position 12
//   onhand::gtin_format_of("96385074");            // gtin_format::gtin_8
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "onhand/core/result.hpp"

namespace onhand {

/// The GS1 mod-10 check digit of `digits` (a key without its check digit):
/// weights 3 and 1 alternate from the right, starting with 3.
/// Errors: bad_character (with its position) for a non-digit, bad_length for
/// an empty string.
[[nodiscard]] auto gs1_check_digit(std::string_view digits) -> result<int>;

/// Whether `key` (digits ending in their check digit) carries the right check
/// digit. False for an empty string or any non-digit.
[[nodiscard]] auto has_valid_check_digit(std::string_view key) noexcept -> bool;

/// Checks a GTIN-8, GTIN-12, GTIN-13 or GTIN-14: digits only, one of those
/// lengths, right check digit. Errors: bad_character, bad_length,
/// bad_check_digit, each with the 0-based position of the fault.
[[nodiscard]] auto validate_gtin(std::string_view gtin) -> result<void>;

/// The four GTIN formats, valued by their number of digits.
enum class gtin_format : std::uint8_t {
  gtin_8 = 8,    ///< EAN-8.
  gtin_12 = 12,  ///< UPC-A (and UPC-E, which expands to it).
  gtin_13 = 13,  ///< EAN-13.
  gtin_14 = 14,  ///< ITF-14, and every GTIN in a GS1 element string (AI 01, 02).
};

/// Which format a valid GTIN was given in, from its length; "4006381333931"
/// is a GTIN-13, "04006381333931" (the same trade item) a GTIN-14.
/// Errors as for validate_gtin.
[[nodiscard]] auto gtin_format_of(std::string_view gtin) -> result<gtin_format>;

/// A valid GTIN of any length as a GTIN-14 (left-padded with zeros), so that
/// "4006381333931" and "04006381333931" name the same trade item.
/// Errors as for validate_gtin.
[[nodiscard]] auto normalize_gtin(std::string_view gtin) -> result<std::string>;

}  // namespace onhand
