// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/stock_ledger.hpp
//
// The stock-ledger projection: one account per item × location × lot, each
// with its current balance and its entries (document, delta) in effective-
// time order, the posted documents' headers, and how many units of each
// serial number are in physical stock. It is a pure function of the events
// applied to it (document_posted, and lot_defined for the serials); the
// documents' idempotency keys are in the engine's idempotency index.
//
// The queries most callers want (on-hand, positions, histories) are in
// onhand/ledger/queries.hpp; this header is the projection itself.
//
// Layout follows the hot queries: a balance is one flat-hash probe and one
// load; an entry costs 16 bytes, so a movement line (two entries) costs 32
// bytes of history. Back-dated entries are inserted in place, and only the
// entries after them are ever walked (for the negative-stock check and for
// balances as of a past time).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/detail/flat_index.hpp"
#include "onhand/detail/snapshot_fwd.hpp"
#include "onhand/events.hpp"

namespace onhand {

struct state;
namespace detail {
class posting_validator;
}

/// What an account is of: an item at a location, in a lot (or none).
struct balance_key {
  item_id item;
  location_id location;
  lot_id lot = lot_id::none();

  friend auto operator==(const balance_key&, const balance_key&) -> bool = default;
};

/// One posting to an account.
struct ledger_entry {
  std::uint32_t document = 0;
  quantity delta;

  friend auto operator==(const ledger_entry&, const ledger_entry&) -> bool = default;
};

struct account {
  balance_key key;
  stock_level on_hand;                ///< After every entry, whatever their times.
  std::vector<ledger_entry> entries;  ///< Ordered by (effective time, document).
  std::uint32_t item_location = 0;    ///< Index of its item × location roll-up.
  /// Effective time of its last entry: whether a new entry appends (the
  /// common case) is answered without touching the documents.
  std::int64_t latest_effective_us = INT64_MIN;

  friend auto operator==(const account&, const account&) -> bool = default;
};

/// A posted document without its lines (those stay in the event log).
struct document_header {
  std::int64_t effective_us = 0;
  std::int64_t recorded_us = 0;
  std::uint64_t log_position = 0;
  document_id reverses = document_id::none();     ///< Document it reverses, if any.
  document_id reversed_by = document_id::none();  ///< Document that reversed it, if any.
  std::uint32_t line_count = 0;
  movement_reason reason = movement_reason::transfer;

  [[nodiscard]] auto effective() const -> timestamp {
    return timestamp{std::chrono::microseconds{effective_us}};
  }
  [[nodiscard]] auto recorded() const -> timestamp {
    return timestamp{std::chrono::microseconds{recorded_us}};
  }
  friend auto operator==(const document_header&, const document_header&) -> bool = default;
};

namespace detail {
struct balance_key_hash {
  auto operator()(const balance_key& k) const noexcept -> std::size_t {
    const auto packed = (static_cast<std::uint64_t>(k.item.value) << 32) | k.location.value;
    return mix64(packed ^ mix64(k.lot.value));
  }
};
struct u64_hash {
  auto operator()(std::uint64_t k) const noexcept -> std::size_t { return mix64(k); }
};
struct item_location_key {
  std::uint64_t packed = 0;
  friend auto operator==(const item_location_key&, const item_location_key&) -> bool = default;
};
struct item_location_hash {
  auto operator()(const item_location_key& k) const noexcept -> std::size_t {
    return mix64(k.packed);
  }
};
}  // namespace detail

class stock_ledger {
 public:
  static constexpr std::uint32_t none = UINT32_MAX;

  /// The account index of a key, or `none`.
  [[nodiscard]] auto find(const balance_key& key) const noexcept -> std::uint32_t {
    return accounts_index_.find(key);
  }
  [[nodiscard]] auto account_at(std::uint32_t index) const -> const account& {
    return accounts_[index];
  }
  [[nodiscard]] auto account_count() const noexcept -> std::size_t { return accounts_.size(); }

  /// Balance of one account (zero if it never moved): one probe of the
  /// index, whose slot carries the balance.
  [[nodiscard]] auto balance(const balance_key& key) const noexcept -> stock_level {
    const auto* slot = accounts_index_.find_slot(key);
    return slot == nullptr ? stock_level::zero() : slot->payload;
  }
  /// Balance of one account after every entry effective at or before `at`.
  [[nodiscard]] auto balance_as_of(std::uint32_t account_index, timestamp at) const -> stock_level;
  /// Sum over the lots of an item at a location.
  [[nodiscard]] auto total(item_id item, location_id location) const noexcept -> stock_level;
  /// The item × location sum an account belongs to.
  [[nodiscard]] auto total_of(std::uint32_t account_index) const noexcept -> stock_level {
    return item_locations_[accounts_[account_index].item_location].total;
  }
  /// Accounts (lots) of an item at a location.
  [[nodiscard]] auto accounts_of(item_id item, location_id location) const
      -> std::span<const std::uint32_t>;
  /// Accounts of an item anywhere, in creation order.
  [[nodiscard]] auto accounts_of(item_id item) const -> std::span<const std::uint32_t>;

  [[nodiscard]] auto document_count() const noexcept -> std::size_t { return documents_.size(); }
  [[nodiscard]] auto document(document_id id) const -> const document_header& {
    return documents_[id.index()];
  }
  /// The document's external reference (empty fields when it had none).
  [[nodiscard]] auto document_reference(document_id id) const -> const onhand::document_reference&;
  /// The document whose event is at `log_position`, if one is.
  [[nodiscard]] auto document_at(std::uint64_t log_position) const -> std::optional<document_id>;
  /// Units of a serial number in physical (internal and transit) stock: 0 or 1.
  [[nodiscard]] auto serial_in_stock(lot_id serial) const -> quantity {
    return serial.index() < serial_in_stock_.size() ? serial_in_stock_[serial.index()] : quantity{};
  }

  /// The smallest running balance of an account at any time at or after
  /// `from` (including its balance as of `from`), after each document (a
  /// document is one instant): what a negative delta effective at `from`
  /// must not exceed.
  [[nodiscard]] auto lowest_balance_from(std::uint32_t account_index, timestamp from) const
      -> stock_level;

  /// Applies a posted document whose event is at `s.log_position`. Its
  /// `slots`, if given, are the index slots of every line's source and
  /// destination account (2 per line, in order), found by the posting
  /// validator with no change since; replay gives none.
  void apply(const posting_ref& posted, const state& s);
  /// A new lot may be a serial number: it starts out of stock.
  void apply(const lot_defined& defined, const state& s);

  /// What must hold after every event: per item and lot the balances sum to
  /// zero over all locations (conservation), and no location that may not
  /// go negative is below zero after any document, at any point in time.
  /// store_failure names the first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Heap bytes held (accounts, entries, documents, indexes), for reports.
  [[nodiscard]] auto memory_bytes() const -> std::size_t;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const stock_ledger& a, const stock_ledger& b) -> bool;

 private:
  template <class Archive>
  void io(Archive& a);  // both directions of save() and load()
  friend class detail::posting_validator;
  /// Where an account's index slot is (npos if it has none), and the account
  /// found there: the posting validator passes these positions to apply()
  /// so that no key is looked up twice.
  static constexpr std::size_t npos = SIZE_MAX;
  [[nodiscard]] auto find_position(const balance_key& key) const noexcept -> std::size_t {
    return accounts_index_.find_position(key);
  }
  [[nodiscard]] auto account_at_position(std::size_t position) const noexcept -> std::uint32_t {
    return accounts_index_.slot_at(position).value;
  }

  struct item_location {
    balance_key key;  // lot is none
    stock_level total;
    std::vector<std::uint32_t> accounts;
  };
  using account_slot =
      detail::flat_index<balance_key, detail::balance_key_hash, stock_level>::slot_type;

  /// The index slot of an account, created when new.
  auto account_slot_for(const balance_key& key) -> account_slot&;
  auto item_location_for(item_id item, location_id location) -> item_location&;
  /// Index of the first entry effective after `at`.
  [[nodiscard]] auto first_after(const account& a, std::int64_t at_us) const -> std::size_t;

  std::vector<account> accounts_;
  // Each slot carries a copy of its account's balance, so that a lookup
  // touches one cache line. apply() writes both in one place; operator==
  // (and so verify) compares them.
  detail::flat_index<balance_key, detail::balance_key_hash, stock_level> accounts_index_;
  std::vector<item_location> item_locations_;
  detail::flat_index<detail::item_location_key, detail::item_location_hash> item_locations_index_;
  std::vector<std::vector<std::uint32_t>> item_accounts_;

  std::vector<document_header> documents_;
  std::unordered_map<std::uint32_t, onhand::document_reference> references_;  // non-empty only
  std::vector<quantity> serial_in_stock_;  // per lot id (0 for lots that are not serials)
};

}  // namespace onhand
