// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/gs1.hpp
//
// GS1 element strings as scanners deliver them, parsed exactly: the raw
// data of a GS1-128, GS1 DataMatrix, GS1 QR Code, GS1 DataBar or GS1 DotCode
// symbol (FNC1 separators sent as ASCII 29, GS), with or without the
// symbology identifier (]C1, ]d2, ]Q3, ]e0, ]J1); the ]E0, ]E4 and ]I1
// identifiers of EAN/UPC and ITF-14, whose data is a bare GTIN; and the
// human-readable bracketed form "(01)09506000134352(17)261231(10)L1".
//
// Every element is checked against the AI table (ai_table.hpp): character
// set, length, check digit, date, and the other content rules; then the
// message as a whole: an AI repeated with a different value, AIs that
// exclude each other, and (in strict mode) AIs whose required companions are
// missing. The result keeps the elements in order with their raw values and
// the normalized fields a receiving or picking line needs.
//
// Example:
//
//   // ]d2 = GS1 DataMatrix; (01) GTIN, (17) expiry, (10) lot, GS, (21) serial
//   auto scan = onhand::scan::parse_gs1("]d2" "0109506000134352" "17261231" "10L2611\x1d" "21S1");
//   scan->gtin;      // "09506000134352"
//   scan->expiry;    // 2026-12-31 (day 00 would mean the month's last day)
//   scan->lot;       // "L2611"
//   auto bad = onhand::scan::parse_gs1("(01)09506000134353");
//   bad.error().code;              // errc::bad_check_digit
//   bad.error().context.position;  // 17: the check digit
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/catalog/gtin.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/result.hpp"
#include "onhand/scan/ai_table.hpp"
#include "onhand/scan/inline_vector.hpp"

namespace onhand::scan {

/// How the scanned data was carried, from its symbology identifier.
enum class symbology : std::uint8_t {
  none,        ///< No identifier: raw element string, or the bracketed form.
  gs1_128,     ///< ]C1
  datamatrix,  ///< ]d2
  qr_code,     ///< ]Q3
  databar,     ///< ]e0 (GS1 DataBar and composite)
  dotcode,     ///< ]J1
  ean_upc,     ///< ]E0: EAN-13, UPC-A or UPC-E as exactly 13 digits (UPC with its leading 0)
  ean_8,       ///< ]E4: EAN-8
  itf_14,      ///< ]I1: ITF-14 with its check digit
};

/// The symbology's name: "gs1_128", "datamatrix", ...
[[nodiscard]] auto name_of(symbology s) noexcept -> std::string_view;

/// One element string: an AI and its data, as scanned.
struct gs1_element {
  std::string ai;
  std::string value;
  std::size_t position = 0;                   ///< Offset of the AI in the input, from 0.
  const ai_definition* definition = nullptr;  ///< The AI's table entry (title, rules).

  friend auto operator==(const gs1_element&, const gs1_element&) -> bool = default;
};

/// A trade measure (AIs 310n-369n): the value as an exact decimal string
/// with the AI's implied decimals, trailing zeros kept ("5.00").
struct gs1_measure {
  std::string ai;
  std::string_view name;  ///< "net_weight", "gross_weight", "length", "logistic_volume", ...
  std::string_view unit;  ///< "kg", "lb", "m", "in", "m2", "l", "m3", "gal", ...
  std::string value;

  friend auto operator==(const gs1_measure&, const gs1_measure&) -> bool = default;
};

/// A monetary or percentage field (AIs 390n-395n): exact decimal string,
/// trailing zeros kept, and the ISO 4217 numeric currency where the AI
/// carries one (391n, 393n).
struct gs1_amount {
  std::string ai;
  std::string_view name;  ///< "amount_payable", "price", "percent_off", "price_per_uom"
  std::string value;
  std::string currency;  ///< "978" for EUR; empty when the AI has none.

  friend auto operator==(const gs1_amount&, const gs1_amount&) -> bool = default;
};

/// A GS1 association rule that the message does not meet: `ai` requires one
/// of `required` ("01,02,03,8006,8026"; "01+21" means both).
struct gs1_unmet_association {
  std::string ai;
  std::string required;
  std::size_t position = 0;  ///< Offset of the AI in the input.

  friend auto operator==(const gs1_unmet_association&, const gs1_unmet_association&)
      -> bool = default;
};

/// A parsed scan.
struct gs1_message {
  // Provided, so that a new message (parse_gs1 builds one in its result) is
  // built member by member rather than first zeroed whole: several hundred
  // bytes the members then overwrite.
  gs1_message() noexcept {}  // NOLINT(modernize-use-equals-default)

  // A label carries up to about six elements and at most a measure or two:
  // those are held inside the message, so that a new message is built
  // without allocating (inline_vector.hpp); more spill to the heap.
  static constexpr std::size_t elements_inline = 6;
  static constexpr std::size_t measures_inline = 2;

  scan::symbology symbology = symbology::none;
  /// In input order, repeats included.
  inline_vector<gs1_element, elements_inline> elements;

  std::optional<std::string> gtin;  ///< (01), or the GTIN of ]E0/]E4/]I1, as GTIN-14.
  /// The format `gtin` was scanned in: gtin_8 (]E4), gtin_12 (]E0 with its
  /// leading zero: a UPC-A), gtin_13 (]E0), gtin_14 (]I1, and (01), which
  /// always carries 14 digits).
  std::optional<onhand::gtin_format> gtin_format;
  std::optional<std::string> content_gtin;     ///< (02): GTIN of the trade items contained.
  std::optional<std::string> sscc;             ///< (00)
  std::optional<std::string> lot;              ///< (10) batch or lot
  std::optional<std::string> serial;           ///< (21)
  std::optional<date> production_date;         ///< (11)
  std::optional<date> due_date;                ///< (12)
  std::optional<date> packaging_date;          ///< (13)
  std::optional<date> best_before;             ///< (15)
  std::optional<date> sell_by;                 ///< (16)
  std::optional<date> expiry;                  ///< (17) use by or expiry
  std::optional<std::int64_t> variable_count;  ///< (30) count of items in a variable-measure item
  std::optional<std::int64_t> count;           ///< (37) count of trade items contained (with 02)
  inline_vector<gs1_measure, measures_inline> measures;
  std::vector<gs1_amount> amounts;
  /// Association rules not met. Not an error by default: one label often
  /// spreads its data over several symbols scanned separately.
  std::vector<gs1_unmet_association> unmet_associations;

  /// The raw value of the first element with this AI, if any.
  [[nodiscard]] auto find(std::string_view ai) const noexcept -> const std::string*;
};

/// The form a scan arrives in. A station that knows what its scanner sends
/// names the form, so that input in another form is refused rather than read
/// by a guess (a bracketed string typed into a raw-data field, a scanner
/// whose symbology identifiers are switched off).
enum class gs1_form : std::uint8_t {
  any,        ///< Guess from the first character: ']' scanner, '(' bracketed, else raw.
  bracketed,  ///< The human-readable form "(01)09506000134352(17)261231".
  raw,        ///< The element string with GS separators, no symbology identifier.
  scanner,    ///< Scanner output: a symbology identifier (]C1, ]d2, ]E0, ...) then the data.
};

/// The form's name: "any", "bracketed", "raw", "scanner".
[[nodiscard]] auto name_of(gs1_form form) noexcept -> std::string_view;

/// How to read two-digit years, and whether association rules are errors.
struct gs1_options {
  /// The range of `reference_year`: the years whose whole window (49 years
  /// back to 50 ahead) lies in 1..9999, the years a `date` is read and
  /// written with (parse_date, format), so every two-digit year resolves to
  /// a real date. Another year is invalid_parameter naming reference_year.
  static constexpr int reference_year_min = 50;
  static constexpr int reference_year_max = 9949;
  /// The year that the GS1 sliding window centres on: a YY within 49 years
  /// before to 50 years after it, from reference_year_min to
  /// reference_year_max. Empty: the current (UTC) year.
  std::optional<int> reference_year;
  /// Reject a message whose association rules are not met (unmet_association).
  bool strict = false;
  /// The form the input must be in (malformed_input otherwise); `any` guesses it.
  gs1_form form = gs1_form::any;
};

/// Parses one scan. Errors carry `context.position`, the 0-based offset of
/// the fault in `text`, and `context.field`, the AI concerned:
/// - invalid_parameter: `options.reference_year` outside its range (checked
///   first, field "reference_year", no position);
/// - bad_character for a byte outside ASCII, before any other fault of the
///   text: no GS1 symbology carries one, and since every byte before the
///   position is then ASCII, the position is also the character index of the
///   fault in text decoded as UTF-8. Messages never quote a non-ASCII byte;
/// - empty_input: no data, or only a symbology identifier;
/// - malformed_input: an unknown symbology identifier, input not in the
///   required `options.form`, a '(' never closed, a separator where an AI is
///   expected, a content rule other than those below broken;
/// - unknown_application_identifier: digits that start no AI;
/// - bad_character, bad_length, bad_check_digit, bad_date: one element;
/// - conflicting_repeat, exclusive_identifiers: the message;
/// - unmet_association: strict mode only.
[[nodiscard]] auto parse_gs1(std::string_view text, const gs1_options& options = {})
    -> result<gs1_message>;

/// The same, into a message that the caller reuses across scans (a scanning
/// station's loop): `out` is cleared first, keeping its allocated capacity,
/// so a warm message parses without allocating. On error `out` is left
/// cleared.
[[nodiscard]] auto parse_gs1_into(std::string_view text, gs1_message& out,
                                  const gs1_options& options = {}) -> result<void>;

/// The century-resolved year of a two-digit year by the GS1 sliding window
/// (General Specifications 7.12): 49 years back to 50 years ahead of
/// `reference_year`, which must be within gs1_options::reference_year_min
/// and reference_year_max (outside, the year may leave 1..9999 or overflow).
[[nodiscard]] constexpr auto resolve_two_digit_year(int yy, int reference_year) noexcept -> int {
  const int century = reference_year - ((reference_year % 100) + 100) % 100;
  const int difference = yy - ((reference_year % 100) + 100) % 100;
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

/// Formats a message back as the bracketed human-readable form,
/// "(01)09506000134352(17)261231".
[[nodiscard]] auto to_bracketed(const gs1_message& message) -> std::string;

/// Formats a message as its canonical unbracketed element string, the data a
/// GS1-128 or DataMatrix encodes after its leading FNC1: elements in order,
/// a GS (FNC1) after every element whose AI is not of predefined length
/// (General Specifications, figure 7.8.5-2), except the last; no GS after a
/// predefined-length element. "0109506000134352" "10L1" "\x1d" "17261231" has
/// no symbology identifier; prefix one ("]d2") for a scanner's output.
[[nodiscard]] auto to_element_string(const gs1_message& message) -> std::string;

}  // namespace onhand::scan
