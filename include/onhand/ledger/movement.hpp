// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/movement.hpp
//
// A movement document moves quantities of items from one location to
// another, in one or more lines that are posted atomically: all or none.
// Every movement has two sides (double entry), so receipts come *from* a
// supplier location and shipments go *to* a customer location; per item and
// lot, the sum over all locations stays exactly zero.
//
// Every document carries an idempotency key chosen by the caller and kept
// by the caller before it submits: a retry with the same key and the same
// content returns the original posting, the same key with other content is
// an idempotency_conflict (after TigerBeetle's reliable submission).
//
// Example:
//
//   onhand::movement_document doc{
//       .key = "po-88/1", .reason = onhand::movement_reason::receipt,
//       .lines = {{.item = serum, .lot = l2611, .from = vendor, .to = east,
//                  .amount = onhand::quantity::units(120)}}};
//   auto posted = inv.post(doc);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

/// Why stock moved. Persisted: values are stable.
enum class movement_reason : std::uint8_t {
  receipt = 0,
  shipment = 1,
  transfer = 2,
  adjustment = 3,
  scrap = 4,
  returned = 5,  ///< A return, from a customer or to a supplier ("return").
  count = 6,     ///< A cycle-count or stock-take correction.
};

/// Stored values are 0..last: a new value moves `last` (see core/enum_bounds.hpp).
template <>
struct enum_bounds<movement_reason> {
  static constexpr auto last = movement_reason::count;
};

[[nodiscard]] auto name_of(movement_reason reason) noexcept -> std::string_view;
[[nodiscard]] auto parse_movement_reason(std::string_view name) -> std::optional<movement_reason>;

/// What the document refers to outside onhand.
struct document_reference {
  std::string external_document;  ///< "PO-88", "SO-1042", ...
  std::string external_line;      ///< Line within that document.
  std::string note;               ///< Free text.

  friend auto operator==(const document_reference&, const document_reference&) -> bool = default;
};

/// One line: `amount` (> 0, in the item's base unit) of `item` (and `lot`)
/// from `from` to `to`.
struct movement_line {
  item_id item;
  lot_id lot = lot_id::none();  ///< Required for lot- and serial-tracked items, else none.
  location_id from;
  location_id to;
  quantity amount;

  friend auto operator==(const movement_line&, const movement_line&) -> bool = default;
};

struct movement_document {
  std::string key;  ///< Idempotency key, 1..128 bytes, chosen by the caller.
  movement_reason reason = movement_reason::transfer;
  /// When the movement happened; defaults to the recorded time. Earlier
  /// than the recorded time is back-dating, allowed within the ledger's
  /// window (ledger_policy::backdate_limit).
  std::optional<timestamp> effective;
  document_reference reference;
  std::vector<movement_line> lines;

  friend auto operator==(const movement_document&, const movement_document&) -> bool = default;
};

/// A line given by codes and in any unit of the item; inventory::resolve
/// turns it into a movement_line.
struct line_spec {
  std::string item;
  quantity amount;
  std::string unit;  ///< Empty: the item's base unit.
  std::string from;
  std::string to;
  std::string lot;  ///< Lot or serial code; empty for untracked items.
};

/// The outcome of a posted document.
struct posting {
  document_id document;            ///< Document number: 0, 1, 2... in posting order.
  std::uint64_t log_position = 0;  ///< Position of its event in the store's log.
  timestamp effective;
  timestamp recorded;
  /// True when this call was a retry and the original posting was returned.
  bool replayed = false;

  friend auto operator==(const posting& a, const posting& b) -> bool {
    return a.document == b.document && a.log_position == b.log_position &&
           a.effective == b.effective && a.recorded == b.recorded;
  }
};

}  // namespace onhand
