// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/csv_import.hpp
//
// CSV import of master data (items, locations, lots) and of opening
// balances, for moving an inventory into onhand from a spreadsheet or an
// older system. Files are RFC 4180: comma-separated, fields optionally in
// double quotes ("" for a quote, line breaks allowed inside), records ended
// by CRLF or LF, a UTF-8 byte order mark ignored. The first record names
// the columns, in any order; docs/how_to/import_csv.md lists them.
//
// Every row is checked before anything is applied, and every bad row is
// reported, with its line and the reason, in one csv_report: an import with
// errors applies nothing. Opening balances are posted as receipts from the
// virtual location OPENING-BALANCE (kind inventory_loss, defined on first
// use) in one atomic batch, each row one document under the key
// `key_prefix` + its line number, so a repeated import of the same file is
// replayed, not posted twice. (OPENING-BALANCE, once defined, stays defined
// even when the ledger then refuses a row of the batch.)
//
// Example:
//
//   std::ifstream items("items.csv");
//   auto report = onhand::import_items_csv(inv, items).value();
//   for (const auto& bad : report.errors) std::clog << bad.line << ": " << bad.message << '\n';
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/core/error.hpp"
#include "onhand/core/result.hpp"
#include "onhand/inventory.hpp"

namespace onhand {

/// The virtual location opening balances come from.
inline constexpr std::string_view opening_balance_location = "OPENING-BALANCE";

/// One bad row.
struct csv_row_error {
  std::size_t line = 0;  ///< Line of the file where the row starts, from 1.
  errc code{errc::malformed_input};
  std::string column;  ///< The offending column, or "" for the row as a whole.
  std::string message;
  friend auto operator==(const csv_row_error&, const csv_row_error&) -> bool = default;
};

/// What an import did.
struct csv_report {
  std::size_t rows = 0;     ///< Data rows read (the header not counted).
  std::size_t applied = 0;  ///< Rows applied: 0 whenever `errors` is not empty.
  std::vector<csv_row_error> errors;
  [[nodiscard]] auto ok() const noexcept -> bool { return errors.empty(); }
};

struct csv_options {
  /// Called with the number of rows read so far, every `progress_every`
  /// rows and once at the end of reading.
  std::function<void(std::size_t)> progress;
  std::size_t progress_every = 10'000;
  /// Opening balances: the idempotency key of a row is this and its line.
  std::string key_prefix = "opening:";
  /// A longer field is a bad row; what is beyond the limit is not kept.
  std::size_t field_bytes_max = std::size_t{1} << 20U;
};

/// Columns: code; optional description, base_unit ("each"), decimals (0),
/// lot_tracked, serial_tracked (false), shelf_life_days.
auto import_items_csv(inventory& inv, std::istream& in, const csv_options& options = {})
    -> result<csv_report>;
/// Columns: code; optional parent (defined before, or on an earlier row),
/// kind ("internal"), description, allow_negative, hold (false).
auto import_locations_csv(inventory& inv, std::istream& in, const csv_options& options = {})
    -> result<csv_report>;
/// Columns: item, code; optional expiry (YYYY-MM-DD), best_before_days,
/// removal_days, alert_days, status ("available").
auto import_lots_csv(inventory& inv, std::istream& in, const csv_options& options = {})
    -> result<csv_report>;
/// Columns: item, location, quantity; optional lot, unit (the base unit),
/// effective (an ISO 8601 UTC time; the recorded time if empty).
auto import_opening_balances_csv(inventory& inv, std::istream& in, const csv_options& options = {})
    -> result<csv_report>;

}  // namespace onhand
