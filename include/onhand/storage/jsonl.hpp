// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/jsonl.hpp
//
// The event log as JSON Lines: one JSON object per event, in log order, in a
// stable, versioned schema (docs/reference/jsonl.md). Quantities are exact
// decimal strings, times ISO 8601 UTC with microseconds, and every id is
// written as its number and, beside it, the code the catalog knows it by.
// On import the numbers are what counts; the codes are checked against them.
//
// import_jsonl reads every line, checks it strictly (unknown or missing
// fields, wrong types, numbers out of range, ids that are not the next one or
// name nothing defined earlier in the file), then replays the whole log in a
// scratch inventory, and only then appends it to `into` in one atomic batch.
// Any fault is malformed_input (or the replay's store_failure) naming the
// line, and nothing is appended.
//
// Example:
//
//   std::ofstream out("log.jsonl");
//   onhand::export_jsonl(source_store, out).value();
//   std::ifstream in("log.jsonl");
//   onhand::memory_store copy;
//   onhand::import_jsonl(in, copy).value();   // the same events, re-encoded
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>

#include "onhand/core/result.hpp"
#include "onhand/storage/store.hpp"

namespace onhand {

/// The newest version of the schema. Each line's "v" field is the lowest
/// version that can express it: 2 only for a location_defined with `hold`
/// set, so a log without held locations exports as it always did.
inline constexpr int jsonl_version = 2;

struct jsonl_options {
  /// A longer line is refused before it is read further.
  std::size_t line_bytes_max = std::size_t{16} << 20U;
};

/// Writes every event of `log` to `out`, one line each; returns how many.
/// Errors: the store's, store_failure for a log that does not decode, or
/// an output stream that failed.
auto export_jsonl(const store& log, std::ostream& out) -> result<std::uint64_t>;

/// Reads events from `in` and appends them to `into`, which must be empty
/// (invalid_parameter otherwise); returns how many. Errors: malformed_input
/// with context.line the 0-based index of the bad line (the message says
/// "line N", counting from 1) and context.field the offending field;
/// store_failure when the events do not replay; the store's. Nothing is
/// appended on any error.
auto import_jsonl(std::istream& in, store& into, const jsonl_options& options = {})
    -> result<std::uint64_t>;

}  // namespace onhand
