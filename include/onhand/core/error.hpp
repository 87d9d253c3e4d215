// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/error.hpp
//
// Every business-rule failure in onhand is an `error`: a stable code from the
// one `errc` enum, the canonical kind that tells a caller whether and how to
// retry, the offending context (codes, quantities, position in a text), and a
// sentence for people. Errors are values (see result.hpp); nothing throws for
// a failed command.
//
// The codes live in one table, `errc_table`, in precedence order. The list of
// all codes, their names, kinds and precedence derive from it, and so do the
// Python exception classes; docs/reference/errors.md is checked against it.
// Values are reserved in blocks of 30 per domain, so each domain adds codes
// without renumbering another's:
//
//   1–29     core and ledger              120–149  purchasing
//   30–59    scanning                     150–179  counting
//   60–89    allocation and reservations  180–209  valuation
//   90–119   orders                       210–239  storage
//
// To add a code: an enumerator with the next free value of its domain, a row
// in `errc_table` where its precedence belongs, its case in the completeness
// check of src/core/error.cpp (the dev build names it if missing), and a
// section at the same place in docs/reference/errors.md.
//
// Example:
//
//   auto posted = inv.post(doc);
//   if (!posted && posted.error().code == onhand::errc::insufficient_stock)
//     log(posted.error().message);   // names item, location, requested, available
//   std::clog << posted.error() << '\n';  // "insufficient_stock: 'SOAP' at ..."
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// The domain that owns a block of `error_domain_width` code values, from width × its index
/// (core from 1): a domain adds codes in its own block and never renumbers another's.
enum class error_domain : std::uint8_t {
  core,        ///< 1–29: core types, catalog and the stock ledger.
  scan,        ///< 30–59: barcode, GS1 and EPC input.
  allocation,  ///< 60–89: allocation and reservations.
  orders,      ///< 90–119: sales and transfer orders.
  purchasing,  ///< 120–149: purchasing and receiving.
  counting,    ///< 150–179: cycle counts.
  valuation,   ///< 180–209: cost layers and valuation.
  storage,     ///< 210–239: store adapters.
};

/// How many values each domain owns.
inline constexpr std::uint16_t error_domain_width = 30;

/// The one error-code enum of onhand: names and stable values.
///
/// Values are persisted and exposed to Python; a new code takes the next free
/// value of its domain's block (see error_domain) and never reuses one.
/// Precedence is the order of `errc_table` below; the enumerators are declared
/// in that order too, so the header reads the same both ways.
enum class errc : std::uint16_t {
  malformed_input = 1,  ///< Text or structure that cannot be read: bad number, date, code.
  empty_input = 43,     ///< A scan with no data: empty, or a bare identifier.
  unknown_application_identifier = 30,  ///< Digits where a GS1 AI is expected name no AI.
  bad_character = 31,                   ///< A character outside the field's character set.
  bad_length = 32,               ///< A field too short, too long, empty, or cut by a separator.
  bad_check_digit = 33,          ///< A GS1 check digit (or check character pair) is wrong.
  bad_date = 34,                 ///< A date or time field that is not a real date or time.
  conflicting_repeat = 35,       ///< The same AI occurs twice with different values.
  exclusive_identifiers = 36,    ///< Two AIs that must not appear together.
  unmet_association = 37,        ///< An AI lacks the AI it requires (strict mode only).
  unsupported_epc_scheme = 38,   ///< An EPC header or URI scheme other than SGTIN, SSCC, SGLN.
  invalid_partition = 39,        ///< An EPC partition value or company prefix length not defined.
  epc_value_out_of_range = 40,   ///< A value that does not fit its EPC field or partition.
  unknown_gtin = 41,             ///< A scanned GTIN that the catalog does not know.
  lot_expiry_mismatch = 42,      ///< A scanned expiry that disagrees with the lot on record.
  invalid_parameter = 2,         ///< A parameter outside its domain (service level, horizon, ...).
  idempotency_conflict = 3,      ///< The key was used before with a different payload.
  concurrency_conflict = 4,      ///< The store's log moved past the expected position.
  unknown_code = 5,              ///< An item, location, lot or document code is not defined.
  unknown_reservation = 60,      ///< A reservation id or key that names no reservation.
  unknown_transfer = 90,         ///< A transfer key or id that names no transfer order.
  unknown_sales_order = 93,      ///< A sales-order key that names no sales order.
  unknown_purchase_order = 120,  ///< An order key that names no purchase order.
  unknown_count_task = 150,      ///< A count task key that names no task.
  definition_conflict = 6,       ///< A code is redefined with different data.
  unit_mismatch = 7,             ///< A unit the item does not have, or an inexact factor.
  precision_exceeded = 8,        ///< More decimals than the unit (or onhand) can hold.
  overflow = 9,                  ///< A quantity or amount left the representable range.
  invalid_quantity = 10,         ///< Zero, negative or otherwise unusable quantity.
  invalid_cost = 180,            ///< A negative cost, or one beyond what a log can record.
  cost_mismatch = 181,           ///< Receipt costs that do not match the document's inbound lines.
  tracking_mismatch = 11,        ///< Lot or serial missing where required, or given where not.
  invalid_location = 12,         ///< Same source and destination, or a location kind not allowed.
  backdate_not_allowed = 13,     ///< Effective time outside the ledger's back-dating window.
  clock_regression = 64,         ///< A clock value earlier than one the inventory already saw.
  lot_expired = 14,              ///< The lot's expiry date is before the evaluation date.
  lot_quarantined = 15,          ///< The lot is on hold or recalled.
  insufficient_shelf_life = 63,  ///< A lot's remaining shelf life is below the required minimum.
  already_reversed = 16,         ///< The document was reversed before, or is itself a reversal.
  already_resolved = 61,         ///< The reservation (or order line) holds nothing more to resolve.
  exceeds_reservation = 62,      ///< More than the reservation still holds.
  transfer_already_closed = 91,  ///< The transfer was closed: nothing more moves on it.
  exceeds_transfer = 92,         ///< More than is left to ship, or than is in transit.
  exceeds_shipment = 94,  ///< A return of more than a sales-order line shipped, less returns.
  wrong_purchase_order_status = 121,  ///< The order's status does not allow the command.
  unexpected_receipt = 122,           ///< No order given, and the supplier does not allow that.
  over_receipt = 123,                 ///< More than the line's quantity and over tolerance.
  not_inspected = 124,       ///< A release from inspection of a line that received none into it.
  exceeds_inspection = 125,  ///< More than the line holds in inspection.
  count_in_progress = 151,   ///< The item is being counted at the location by an open task.
  wrong_count_status = 152,  ///< The count task is not in the status the command needs.
  insufficient_stock = 17,   ///< The source location would go below zero at some time.
  store_unavailable = 18,    ///< The store is busy or unreachable.
  store_failure = 19,        ///< The store failed or its contents are inconsistent.
};

/// One row of `errc_table`.
struct errc_row {
  errc code;              ///< The enumerator.
  std::string_view name;  ///< Its stable name, the enumerator's spelling ("insufficient_stock").
  error_kind kind;        ///< What a caller should do about it.
  error_domain domain;    ///< The domain whose block holds `value`.
  std::uint16_t value;    ///< The persisted value, pinned here: it must equal the enumerator's.
};

// A row spells its enumerator once, so the name cannot drift from it.
#define ONHAND_ERRC_ROW(code, kind, domain, value) \
  errc_row { errc::code, #code, error_kind::kind, error_domain::domain, value }

/// Every code in precedence order: when a command has several faults, it
/// reports the one listed first. Everything else about codes derives from this
/// table: `all_errc`, `name_of`, `kind_of`, `precedence_of`, the Python
/// exception classes, and the check of docs/reference/errors.md.
// clang-format off
inline constexpr errc_row errc_table[] = {
    ONHAND_ERRC_ROW(malformed_input,                invalid_argument,    core, 1),
    ONHAND_ERRC_ROW(empty_input,                    invalid_argument,    scan, 43),
    ONHAND_ERRC_ROW(unknown_application_identifier, invalid_argument,    scan, 30),
    ONHAND_ERRC_ROW(bad_character,                  invalid_argument,    scan, 31),
    ONHAND_ERRC_ROW(bad_length,                     invalid_argument,    scan, 32),
    ONHAND_ERRC_ROW(bad_check_digit,                invalid_argument,    scan, 33),
    ONHAND_ERRC_ROW(bad_date,                       invalid_argument,    scan, 34),
    ONHAND_ERRC_ROW(conflicting_repeat,             invalid_argument,    scan, 35),
    ONHAND_ERRC_ROW(exclusive_identifiers,          invalid_argument,    scan, 36),
    ONHAND_ERRC_ROW(unmet_association,              invalid_argument,    scan, 37),
    ONHAND_ERRC_ROW(unsupported_epc_scheme,         invalid_argument,    scan, 38),
    ONHAND_ERRC_ROW(invalid_partition,              invalid_argument,    scan, 39),
    ONHAND_ERRC_ROW(epc_value_out_of_range,         invalid_argument,    scan, 40),
    ONHAND_ERRC_ROW(unknown_gtin,                   not_found,           scan, 41),
    ONHAND_ERRC_ROW(lot_expiry_mismatch,            invalid_argument,    scan, 42),
    ONHAND_ERRC_ROW(invalid_parameter,              invalid_argument,    core, 2),
    ONHAND_ERRC_ROW(idempotency_conflict,           already_exists,      core, 3),
    ONHAND_ERRC_ROW(concurrency_conflict,           aborted,             core, 4),
    ONHAND_ERRC_ROW(unknown_code,                   not_found,           core, 5),
    ONHAND_ERRC_ROW(unknown_reservation,            not_found,           allocation, 60),
    ONHAND_ERRC_ROW(unknown_transfer,               not_found,           orders, 90),
    ONHAND_ERRC_ROW(unknown_sales_order,            not_found,           orders, 93),
    ONHAND_ERRC_ROW(unknown_purchase_order,         not_found,           purchasing, 120),
    ONHAND_ERRC_ROW(unknown_count_task,             not_found,           counting, 150),
    ONHAND_ERRC_ROW(definition_conflict,            already_exists,      core, 6),
    ONHAND_ERRC_ROW(unit_mismatch,                  invalid_argument,    core, 7),
    ONHAND_ERRC_ROW(precision_exceeded,             invalid_argument,    core, 8),
    ONHAND_ERRC_ROW(overflow,                       out_of_range,        core, 9),
    ONHAND_ERRC_ROW(invalid_quantity,               invalid_argument,    core, 10),
    ONHAND_ERRC_ROW(invalid_cost,                   invalid_argument,    valuation, 180),
    ONHAND_ERRC_ROW(cost_mismatch,                  invalid_argument,    valuation, 181),
    ONHAND_ERRC_ROW(tracking_mismatch,              invalid_argument,    core, 11),
    ONHAND_ERRC_ROW(invalid_location,               invalid_argument,    core, 12),
    ONHAND_ERRC_ROW(backdate_not_allowed,           invalid_argument,    core, 13),
    ONHAND_ERRC_ROW(clock_regression,               invalid_argument,    allocation, 64),
    ONHAND_ERRC_ROW(lot_expired,                    failed_precondition, core, 14),
    ONHAND_ERRC_ROW(lot_quarantined,                failed_precondition, core, 15),
    ONHAND_ERRC_ROW(insufficient_shelf_life,        failed_precondition, allocation, 63),
    ONHAND_ERRC_ROW(already_reversed,               failed_precondition, core, 16),
    ONHAND_ERRC_ROW(already_resolved,               failed_precondition, allocation, 61),
    ONHAND_ERRC_ROW(exceeds_reservation,            failed_precondition, allocation, 62),
    ONHAND_ERRC_ROW(transfer_already_closed,        failed_precondition, orders, 91),
    ONHAND_ERRC_ROW(exceeds_transfer,               failed_precondition, orders, 92),
    ONHAND_ERRC_ROW(exceeds_shipment,               failed_precondition, orders, 94),
    ONHAND_ERRC_ROW(wrong_purchase_order_status,    failed_precondition, purchasing, 121),
    ONHAND_ERRC_ROW(unexpected_receipt,             failed_precondition, purchasing, 122),
    ONHAND_ERRC_ROW(over_receipt,                   failed_precondition, purchasing, 123),
    ONHAND_ERRC_ROW(not_inspected,                  failed_precondition, purchasing, 124),
    ONHAND_ERRC_ROW(exceeds_inspection,             failed_precondition, purchasing, 125),
    ONHAND_ERRC_ROW(count_in_progress,              failed_precondition, counting, 151),
    ONHAND_ERRC_ROW(wrong_count_status,             failed_precondition, counting, 152),
    ONHAND_ERRC_ROW(insufficient_stock,             failed_precondition, core, 17),
    ONHAND_ERRC_ROW(store_unavailable,              unavailable,         core, 18),
    ONHAND_ERRC_ROW(store_failure,                  internal,            core, 19),
};
// clang-format on

#undef ONHAND_ERRC_ROW

namespace detail {

constexpr auto every_errc_row(auto predicate) -> bool {
  for (const auto& row : errc_table) {
    if (!predicate(row)) return false;
  }
  return true;
}

constexpr auto no_two_errc_rows(auto same) -> bool {
  for (std::size_t i = 0; i < std::size(errc_table); ++i) {
    for (std::size_t j = i + 1; j < std::size(errc_table); ++j) {
      if (same(errc_table[i], errc_table[j])) return false;
    }
  }
  return true;
}

// Python builds class names from these: lower case words joined by single underscores.
constexpr auto is_snake_case(std::string_view name) -> bool {
  if (name.empty() || name.front() == '_' || name.back() == '_') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const bool letter = name[i] >= 'a' && name[i] <= 'z';
    if (!letter && !(name[i] == '_' && name[i - 1] != '_')) return false;
  }
  return true;
}

}  // namespace detail

// The table's rules. Completeness (every enumerator has a row) is checked in src/core/error.cpp.
static_assert(detail::every_errc_row([](const errc_row& row) {
                return static_cast<std::uint16_t>(row.code) == row.value;
              }),
              "errc_table: a row's value differs from its enumerator's; values never change");
static_assert(detail::every_errc_row([](const errc_row& row) {
                return row.value != 0 &&
                       row.value / error_domain_width == static_cast<std::uint16_t>(row.domain);
              }),
              "errc_table: a value lies outside its domain's block (see error_domain)");
static_assert(detail::no_two_errc_rows([](const errc_row& a, const errc_row& b) {
                return a.value == b.value;
              }),
              "errc_table: two rows have the same value (or the same code)");
static_assert(detail::no_two_errc_rows([](const errc_row& a, const errc_row& b) {
                return a.name == b.name;
              }),
              "errc_table: two rows have the same name");
static_assert(detail::every_errc_row([](const errc_row& row) {
                return detail::is_snake_case(row.name);
              }),
              "errc_table: a name is not snake_case");

namespace detail {

// Where each value's row is in errc_table, or the table's size if no row has it. One slot
// per value of every domain's block (storage is the last domain); the rows' values are
// unique and below 240, so a rank fits a byte.
inline constexpr auto errc_index = [] {
  constexpr auto domains = static_cast<std::size_t>(error_domain::storage) + 1;
  std::array<std::uint8_t, domains * error_domain_width> index{};
  index.fill(static_cast<std::uint8_t>(std::size(errc_table)));
  for (std::size_t i = 0; i < std::size(errc_table); ++i) {
    index[errc_table[i].value] = static_cast<std::uint8_t>(i);
  }
  return index;
}();

}  // namespace detail

/// A code's place in `errc_table`: lower ranks first. A value that is no code
/// ranks last, at the table's size.
[[nodiscard]] constexpr auto precedence_of(errc code) noexcept -> std::size_t {
  const auto value = static_cast<std::size_t>(code);
  return value < detail::errc_index.size() ? detail::errc_index[value] : std::size(errc_table);
}

/// Every code, in precedence order (for tables, bindings and tests).
inline constexpr auto all_errc = [] {
  std::array<errc, std::size(errc_table)> codes{};
  for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = errc_table[i].code;
  return codes;
}();

/// The canonical kind of a code (`internal` for a value that is no code).
[[nodiscard]] constexpr auto kind_of(errc code) noexcept -> error_kind {
  const auto rank = precedence_of(code);
  return rank < std::size(errc_table) ? errc_table[rank].kind : error_kind::internal;
}
/// The code's stable name, as in docs/reference/errors.md ("insufficient_stock"),
/// or "unknown" for a value that is no code.
[[nodiscard]] constexpr auto name_of(errc code) noexcept -> std::string_view {
  const auto rank = precedence_of(code);
  return rank < std::size(errc_table) ? errc_table[rank].name : std::string_view("unknown");
}
/// The kind's name ("failed_precondition").
[[nodiscard]] auto name_of(error_kind kind) noexcept -> std::string_view;

/// One document line behind an error, with its amounts in base units.
struct error_line {
  std::size_t line = 0;  ///< Index of the line in the document, from 0.
  quantity requested;    ///< What the line takes from its source.
  quantity available;    ///< What the source had: shared by the lines that take from it.

  friend auto operator==(const error_line&, const error_line&) -> bool = default;
};

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
  /// The lines behind an insufficient_stock error of a posting: every line
  /// that takes from the short account, in document order (`line` is the
  /// first). Filled by name_short_lines() (onhand/ledger/queries.hpp).
  std::vector<error_line> lines;

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

/// One line for logs: "<code name>: <message>", with " [line N]" when the
/// error names one document line (not its `lines`, named in the message), and line breaks in the
/// message replaced by spaces. Example: "insufficient_stock: 'SOAP' at '3PL-EAST': 9 requested, 7
/// available".
[[nodiscard]] auto to_string(const error& e) -> std::string;
/// Writes to_string(e).
auto operator<<(std::ostream& out, const error& e) -> std::ostream&;
/// Writes the code's name ("insufficient_stock").
auto operator<<(std::ostream& out, errc code) -> std::ostream&;
/// Writes the kind's name ("failed_precondition").
auto operator<<(std::ostream& out, error_kind kind) -> std::ostream&;

}  // namespace onhand
