// SPDX-License-Identifier: Apache-2.0
// The ledger's commands: posting a movement document and reversing one.
//
// The posting validator owns the rules a document must pass (structure,
// lines, lot status and expiry, stock at every later time, serial numbers)
// and the scratch state of the stock check, kept between commands so that
// posting allocates nothing in the steady state. Its intent borrows the
// caller's document and carries the account slots it found, so apply looks
// no key up twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/ledger/documents.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/ledger/policy.hpp"
#include "onhand/state.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The ledger's event: projections apply a posting by reference, under the
// document's idempotency key.
constexpr auto domain_of(const posting_ref&) -> domain { return domain::ledger; }
inline auto as_applied(const document_posted& e) -> posting_ref { return applied(e); }
inline auto key_of_applied(const posting_ref& p) -> std::string_view { return p.document->key; }

class posting_validator {
 public:
  static constexpr std::size_t lines_max = 10'000;
  static constexpr std::size_t reference_length_max = 1'024;

  /// Validates `document`, recorded at `recorded`, as the reversal of
  /// `reverses` if that is not none. The intent borrows the document and
  /// this validator's stamp and slots: commit it before the next call.
  auto validate(const state& s, const movement_document& document, document_id reverses,
                timestamp recorded, const ledger_policy& policy) -> result<intent>;

  /// Judges a posting read from the log by the same rules, in the state
  /// before it: replay meets nothing the API could not have written. Only
  /// the back-dating window is not applied (it is the policy of the moment
  /// of posting, which the log does not record). Also: the key is new, the
  /// stamp's effective time is the one asked for, and a reversal reverses a
  /// document that may be reversed.
  auto validate_logged(const state& s, const posting_ref& posted) -> result<void>;

 private:
  // The rules of both, with stamp_ set: the document's shape, its lines, the
  // window (when given), lots, stock and serials.
  auto check(const state& s, const movement_document& document, const ledger_policy* window)
      -> result<void>;
  auto check_stock(const state& s, const movement_document& document) -> std::optional<error>;

  posting_stamp stamp_;
  struct net {
    balance_key key;
    quantity delta;
    std::uint32_t account;  // stock_ledger::none for an account the document creates
  };
  std::vector<net> nets_;
  std::vector<std::size_t> positions_;  // slot position per line side, for apply()
  std::vector<std::uint32_t> marks_;
  std::vector<std::uint32_t> mark_slots_;
  std::uint32_t mark_epoch_ = 0;
};

/// A line given by codes and units, as ids and base units. Of several
/// faults, the one of highest precedence (core/error.hpp): a lot given for
/// an item tracked by neither lot nor serial is a tracking_mismatch.
[[nodiscard]] auto resolve(const state& s, const line_spec& line) -> result<movement_line>;
/// A document given by codes, as ids; errors name the line and the key. If
/// a line does not resolve, the error is the one of highest precedence among
/// every line's faults and the document's shape, as posting would report.
[[nodiscard]] auto resolve(const state& s, const document_spec& spec) -> result<movement_document>;

/// Whether `stored` is the posting of `document` as the reversal of
/// `reverses`: what a retry under the same key must match.
[[nodiscard]] auto same_posting(const event& stored, const movement_document& document,
                                document_id reverses) -> bool;

/// The reversal of `original` (whose posted event is `stored`): every line
/// with source and destination swapped, under `key`.
[[nodiscard]] auto reversal_of(const event& stored, std::string key,
                               std::optional<timestamp> effective, document_reference reference)
    -> result<movement_document>;
/// already_reversed if `original` was reversed or is itself a reversal.
[[nodiscard]] auto check_reversible(const state& s, document_id original) -> result<void>;

/// The outcome of the document whose event is at `log_position`.
[[nodiscard]] auto posting_at(const state& s, std::uint64_t log_position, bool replayed) -> posting;

}  // namespace onhand::detail
