// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/error.hpp
//
// Every business-rule failure in onhand is an `error`: a stable code from the
// one `errc` enum, the canonical kind that tells a caller whether and how to
// retry, the offending context (codes, quantities, position in a text), and a
// sentence for people. Errors are values (see result.hpp); nothing throws for
// a failed command.
//
// Example:
//
//   auto posted = inv.post(doc);
//   if (!posted && posted.error().code == onhand::errc::insufficient_stock)
//     log(posted.error().message);   // names item, location, requested, available
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "onhand/core/quantity.hpp"

namespace onhand {

/// What the caller should do about an error (after absl::StatusCode).
enum class error_kind : std::uint8_t {
  invalid_argument,     ///< The input itself is wrong; retrying it will fail again.
  not_found,            ///< A code names nothing that is defined.
  already_exists,       ///< A definition or key collides with a different one.
  failed_precondition,  ///< The state does not allow it (stock, lot status); fix the state first.
  aborted,              ///< Lost a race with another writer; retry the whole command.
  out_of_range,         ///< A number left its representable range.
  unavailable,          ///< The store is busy or unreachable; the same call may be retried.
  internal,             ///< A fault in onhand or its store; report it.
};

/// The one error-code enum of onhand.
///
/// Declaration order is precedence: when a command has several faults, it
/// reports the one declared first. Values are stable and persisted; a new
/// code takes a new value and is inserted where its precedence belongs.
/// docs/reference/errors.md has one section per code saying when it fires.
enum class errc : std::uint16_t {
  malformed_input = 1,  ///< Text or structure that cannot be read: bad number, date, code.
  // Scan input (docs/scanning.md): kinds of malformed input, most basic first.
  unknown_application_identifier = 30,  ///< Digits where a GS1 AI is expected name no AI.
  bad_character = 31,                   ///< A character outside the field's character set.
  bad_length = 32,              ///< A field too short, too long, empty, or cut by a separator.
  bad_check_digit = 33,         ///< A GS1 check digit (or check character pair) is wrong.
  bad_date = 34,                ///< A date or time field that is not a real date or time.
  conflicting_repeat = 35,      ///< The same AI occurs twice with different values.
  exclusive_identifiers = 36,   ///< Two AIs that must not appear together.
  unmet_association = 37,       ///< An AI lacks the AI it requires (strict mode only).
  unsupported_epc_scheme = 38,  ///< An EPC header or URI scheme other than SGTIN, SSCC, SGLN.
  invalid_partition = 39,       ///< An EPC partition value or company prefix length not defined.
  epc_value_out_of_range = 40,  ///< A value that does not fit its EPC field or partition.
  unknown_gtin = 41,            ///< A scanned GTIN that the catalog does not know.
  lot_expiry_mismatch = 42,     ///< A scanned expiry that disagrees with the lot on record.
  invalid_parameter = 2,        ///< A parameter outside its domain (service level, horizon, ...).
  idempotency_conflict = 3,     ///< The key was used before with a different payload.
  concurrency_conflict = 4,     ///< The store's log moved past the expected position.
  unknown_code = 5,             ///< An item, location, lot or document code is not defined.
  definition_conflict = 6,      ///< A code is redefined with different data.
  unit_mismatch = 7,            ///< A unit the item does not have, or an inexact factor.
  precision_exceeded = 8,       ///< More decimals than the unit (or onhand) can hold.
  overflow = 9,                 ///< A quantity or amount left the representable range.
  invalid_quantity = 10,        ///< Zero, negative or otherwise unusable quantity.
  tracking_mismatch = 11,       ///< Lot or serial missing where required, or given where not.
  invalid_location = 12,        ///< Same source and destination, or a location kind not allowed.
  backdate_not_allowed = 13,    ///< Effective time outside the ledger's back-dating window.
  lot_expired = 14,             ///< The lot's expiry date is before the evaluation date.
  lot_quarantined = 15,         ///< The lot is on hold or recalled.
  already_reversed = 16,        ///< The document was reversed before, or is itself a reversal.
  insufficient_stock = 17,      ///< The source location would go below zero at some time.
  store_unavailable = 18,       ///< The store is busy or unreachable.
  store_failure = 19,           ///< The store failed or its contents are inconsistent.
};

/// Every code, in precedence order (for tables, bindings and tests).
inline constexpr errc all_errc[] = {
    errc::malformed_input,      errc::unknown_application_identifier,
    errc::bad_character,        errc::bad_length,
    errc::bad_check_digit,      errc::bad_date,
    errc::conflicting_repeat,   errc::exclusive_identifiers,
    errc::unmet_association,    errc::unsupported_epc_scheme,
    errc::invalid_partition,    errc::epc_value_out_of_range,
    errc::unknown_gtin,         errc::lot_expiry_mismatch,
    errc::invalid_parameter,    errc::idempotency_conflict,
    errc::concurrency_conflict, errc::unknown_code,
    errc::definition_conflict,  errc::unit_mismatch,
    errc::precision_exceeded,   errc::overflow,
    errc::invalid_quantity,     errc::tracking_mismatch,
    errc::invalid_location,     errc::backdate_not_allowed,
    errc::lot_expired,          errc::lot_quarantined,
    errc::already_reversed,     errc::insufficient_stock,
    errc::store_unavailable,    errc::store_failure,
};

/// The canonical kind of a code.
[[nodiscard]] auto kind_of(errc code) noexcept -> error_kind;
/// The code's stable name, as in docs/reference/errors.md ("insufficient_stock").
[[nodiscard]] auto name_of(errc code) noexcept -> std::string_view;
/// The kind's name ("failed_precondition").
[[nodiscard]] auto name_of(error_kind kind) noexcept -> std::string_view;

/// What an error is about. Fields that do not apply are empty.
struct error_context {
  std::string item;                     ///< Item code.
  std::string location;                 ///< Location code.
  std::string lot;                      ///< Lot or serial code.
  std::string document;                 ///< Idempotency key or document reference.
  std::string field;                    ///< Name of the offending field or parameter.
  std::optional<quantity> requested;    ///< Quantity asked for, in base units.
  std::optional<quantity> available;    ///< Quantity there was, in base units.
  std::optional<std::size_t> position;  ///< Offset into a parsed text, from 0.
  std::optional<std::size_t> line;      ///< Index of the offending document line, from 0.

  friend auto operator==(const error_context&, const error_context&) -> bool = default;
};

/// A business-rule failure.
struct error {
  errc code{errc::malformed_input};
  error_context context;
  std::string message;

  [[nodiscard]] auto kind() const noexcept -> error_kind { return kind_of(code); }
  friend auto operator==(const error&, const error&) -> bool = default;
};

/// Builds an error; the message should be a sentence naming the problem.
[[nodiscard]] auto make_error(errc code, std::string message, error_context context = {}) -> error;

}  // namespace onhand
