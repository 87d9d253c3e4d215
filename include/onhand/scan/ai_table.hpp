// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/ai_table.hpp
//
// The GS1 Application Identifier table: every AI of the GS1 General
// Specifications (as tabulated in the GS1 Barcode Syntax Dictionary), with
// its data components (character set, length, content rules such as check
// digits and dates), whether it is of predefined length (no FNC1 needed after
// it), its decimal places (310n-369n, 390n-395n), and the AIs it requires or
// excludes. The element-string parser (gs1.hpp) is driven entirely by it.
//
// Example:
//
//   const auto* expiry = onhand::scan::find_ai("17");
//   expiry->title;                 // "USE BY or EXPIRY"
//   expiry->fixed_length();        // true: six digits, YYMMDD with day 00 allowed
//   onhand::scan::find_ai("3103")->decimals;   // 3
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace onhand::scan {

/// The character sets of GS1 data fields.
enum class character_set : std::uint8_t {
  numeric,    ///< N: digits 0-9.
  cset82,     ///< X: the 82 characters of GS1 CSET 82 (ISO 646 invariant subset).
  cset39,     ///< Y: GS1 CSET 39 (# - / 0-9 A-Z).
  base64url,  ///< Z: RFC 4648 base64url without padding (digital signature, AI 8030).
};

/// A content rule applied to a component after its character set.
enum class content_rule : std::uint8_t {
  none,
  check_digit,           ///< GS1 mod-10 check digit in the last position.
  check_pair,            ///< GS1 alphanumeric check character pair (GMN, MUDI).
  date_yymmd0,           ///< YYMMDD, day 00 standing for the last day of the month.
  date_yymmdd,           ///< YYMMDD, a real calendar day.
  date_yyyymmdd,         ///< YYYYMMDD.
  hour,                  ///< HH, 00-23.
  minute,                ///< MM, 00-59.
  second,                ///< SS, 00-59.
  hour_minute,           ///< HHMM.
  currency,              ///< ISO 4217 numeric currency code (three digits).
  country,               ///< ISO 3166 numeric country code (three digits).
  country_or_999,        ///< ISO 3166 numeric country code, or 999 for unknown.
  country_list,          ///< One to five ISO 3166 numeric codes, three digits each.
  country_alpha2,        ///< ISO 3166 alpha-2 (two capital letters).
  zero,                  ///< The digit 0.
  nonzero,               ///< A number other than zero.
  yes_no,                ///< 0 or 1.
  winding,               ///< 0, 1 or 9 (AI 8001).
  piece_of_total,        ///< NNTT: piece number 1..total (AIs 8006, 8026).
  hyphen,                ///< The character '-'.
  no_zero_prefix,        ///< No leading zero unless the value is "0".
  biological_sex,        ///< ISO 5218: 0, 1, 2 or 9.
  position_in_sequence,  ///< "n/m" with 1 <= n <= m <= 9.
  media_type,            ///< AIDC media type 01-10 or 80-99.
  latitude,              ///< Ten digits, 0..1800000000.
  longitude,             ///< Ten digits, 0..3600000000.
  percent_encoding,      ///< '%' only before two hexadecimal digits.
  iban,                  ///< ISO 13616 IBAN with a valid mod-97 check.
  has_non_digit,         ///< At least one character is not a digit.
};

/// One data component of an AI ("N6,yymmd0", "[X..17]").
struct ai_component {
  character_set charset = character_set::numeric;
  std::uint8_t min_length = 0;  ///< Equal to max_length for a fixed-length component.
  std::uint8_t max_length = 0;
  bool optional = false;
  std::array<content_rule, 2> rules{};
};

/// A pattern over AIs: "310n" matches 3100-3109, "31nn" 3100-3199, "01" itself.
struct ai_pattern {
  std::uint16_t first = 0;  ///< The lowest AI it matches, as a number.
  std::uint16_t last = 0;   ///< The highest.
  std::uint8_t length = 0;  ///< Length of the AIs it matches (0: an unused slot).
  /// For a pattern without 'n': the index of its AI in all_ais(), else -1.
  std::int16_t exact_index = -1;
  /// For a pattern without 'n': its AI's key_bit (see ai_definition).
  std::uint64_t bit = 0;

  [[nodiscard]] constexpr auto matches(std::uint16_t ai, std::uint8_t ai_length) const noexcept
      -> bool {
    return ai_length == length && ai >= first && ai <= last;
  }
};

/// A requirement: one of `alternatives` must be present, where each
/// alternative is one AI pattern or two joined with '+' ("01+21").
struct ai_requirement {
  std::array<std::array<ai_pattern, 2>, 10> alternatives{};
  std::uint8_t alternative_count = 0;
  /// Per alternative without 'n' patterns: the key_bits of its AIs, else 0.
  std::array<std::uint64_t, 10> masks{};
  std::string_view text;  ///< As written in the table: "01,02,03,8006,8026".
};

/// One Application Identifier.
struct ai_definition {
  std::array<char, 4> code{};  ///< The AI's digits; see ai().
  std::uint8_t code_length = 0;
  std::uint16_t number = 0;  ///< The AI as a number (with code_length, identifies it).
  std::int16_t index = 0;    ///< Position in all_ais().
  /// A bit of its own when some association or exclusion names this AI, so
  /// the rules test a scan's AIs with one mask; else 0.
  std::uint64_t key_bit = 0;
  std::string_view title;          ///< The GS1 data title: "BEST BEFORE or BEST BY".
  bool predefined_length = false;  ///< In the GS1 table of predefined lengths: no FNC1 after it.
  std::int8_t decimals = -1;       ///< Implied decimal places (last AI digit), or -1.
  std::array<ai_component, 5> components{};
  std::uint8_t component_count = 0;
  std::uint8_t min_length = 0;  ///< Of the whole data field.
  std::uint8_t max_length = 0;
  std::array<ai_requirement, 2> requirements{};
  std::uint8_t requirement_count = 0;
  std::array<ai_pattern, 10> exclusions{};
  std::uint8_t exclusion_count = 0;
  /// The key_bits of the AIs its exclusions name, when each names one AI
  /// (`exclusions_by_mask`): a scan's AIs are then tested with one mask.
  std::uint64_t exclusion_mask = 0;
  bool exclusions_by_mask = false;

  [[nodiscard]] auto ai() const noexcept -> std::string_view { return {code.data(), code_length}; }
  /// Whether the data field always has the same length (no optional or
  /// variable component).
  [[nodiscard]] auto fixed_length() const noexcept -> bool { return min_length == max_length; }
};

/// The definition of the AI spelt `ai` ("01", "3103"), or nullptr when the
/// GS1 General Specifications define no such AI.
[[nodiscard]] auto find_ai(std::string_view ai) noexcept -> const ai_definition*;

/// The definition of the AI that starts `data`, the AI being 2, 3 or 4 of
/// its leading digits (GS1 AIs are prefix-free); nullptr when none does.
[[nodiscard]] auto match_ai(std::string_view data) noexcept -> const ai_definition*;

/// Every AI, in ascending order of its digits.
[[nodiscard]] auto all_ais() noexcept -> std::span<const ai_definition>;

}  // namespace onhand::scan
