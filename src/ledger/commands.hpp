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
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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

  // Batches. Between begin_batch and end_batch, validate_in_batch judges a
  // document as if the documents accept()ed before it in the batch were
  // posted (they are not yet: the batch is appended once, at its end), so a
  // batch judges each document exactly as posting them one by one would.
  // The intent borrows the document and a stamp kept until end_batch.

  /// Starts a batch of at most `documents` documents, forgetting any other.
  void begin_batch(std::size_t documents);
  auto validate_in_batch(const state& s, const movement_document& document, std::size_t index,
                         timestamp recorded, const ledger_policy& policy) -> result<intent>;
  /// Counts document `index`, validated last, as posted for the rest of the batch.
  void accept(const state& s, const movement_document& document, std::size_t index);
  void end_batch();

 private:
  // The rules of both, with stamp_ set: the document's shape, its lines, the
  // window (when given), lots, stock and serials.
  auto check(const state& s, const movement_document& document, const ledger_policy* window)
      -> result<void>;
  auto check_stock(const state& s, const movement_document& document) -> std::optional<error>;

  // What the documents accepted earlier in a batch add to the accounts they
  // touch: per account its net change and, chained in batch order, each
  // document's net delta (a document is one instant). Found by a mark per
  // existing account (one load, as the stock check's own marks), or by key
  // for the accounts the batch creates.
  struct pending_entry {
    std::int64_t effective_us = 0;
    std::uint32_t document = 0;  // index in the batch
    std::uint32_t next = 0;      // next entry of the account + 1; 0: none
    quantity delta;
  };
  struct pending_account {
    balance_key key;
    quantity sum;
    std::uint32_t first = 0;  // entry index + 1
    std::uint32_t last = 0;
    std::int64_t latest_effective_us = INT64_MIN;  // of its entries
  };
  struct batch_overlay {
    std::vector<pending_entry> entries;
    std::vector<pending_account> accounts;
    std::vector<std::uint32_t> marks;    // per ledger account: the epoch it was touched in
    std::vector<std::uint32_t> account;  // per ledger account: its pending account
    std::uint32_t epoch = 0;
    std::unordered_map<balance_key, std::uint32_t, balance_key_hash>
        created;                                          // accounts new to the ledger
    std::unordered_map<std::uint32_t, quantity> serials;  // only serial-tracked lots
    quantity moved;                     // sum of |net delta| accepted: bounds any roll-up's change
    std::vector<posting_stamp> stamps;  // per document of the batch
    std::size_t last_validated = SIZE_MAX;
    bool active = false;
  };
  [[nodiscard]] auto pending_of(const balance_key& key, std::uint32_t account) const
      -> const pending_account*;
  /// What the pending documents add to an item × location roll-up.
  [[nodiscard]] auto pending_total(const balance_key& key) const -> quantity;
  /// An account's balance at `from_us` and its lowest balance after any
  /// later document, with the pending entries merged in: what
  /// lowest_balance_from and balance_as_of answer once they are posted.
  [[nodiscard]] auto lowest_with_pending(const stock_ledger& ledger, std::uint32_t account,
                                         const pending_account& pending, std::int64_t from_us)
      -> std::pair<stock_level, stock_level>;
  std::vector<pending_entry> merge_scratch_;

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
  batch_overlay batch_;
};

struct projections;

/// Documents posted as one batch: the Batch of engine::commit_batch, each
/// document judged by `validator` as posting would, seeing the documents
/// accepted before it.
class document_batch {
 public:
  document_batch(const projections& current, posting_validator& validator,
                 std::span<const movement_document> documents, timestamp recorded,
                 const ledger_policy& policy);
  document_batch(const document_batch&) = delete;
  auto operator=(const document_batch&) -> document_batch& = delete;
  ~document_batch() { validator_.end_batch(); }

  [[nodiscard]] auto count() const -> std::size_t { return documents_.size(); }
  [[nodiscard]] auto key(std::size_t i) const -> command_key {
    return {documents_[i].key, domain::ledger, "document"};
  }
  [[nodiscard]] auto same_request(std::size_t i, const event& stored) const -> bool;
  [[nodiscard]] auto same_as(std::size_t i, std::size_t j) const -> bool {
    return documents_[i] == documents_[j];
  }
  auto validate(std::size_t i) -> result<intent>;
  void accept(std::size_t i);
  void reset() { validator_.begin_batch(documents_.size()); }

 private:
  const projections& current_;
  posting_validator& validator_;
  std::span<const movement_document> documents_;
  timestamp recorded_;
  const ledger_policy& policy_;
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
