// SPDX-License-Identifier: Apache-2.0
// File: onhand/purchasing/events.hpp
//
// The purchasing domain's events: suppliers and what they sell, purchase
// orders and their changes, and receipts against them. A purchase order goes
//
//   draft ──send──► sent ──receive──► partially received ──► received
//     │               │                    │
//     └──cancel───────┴──► cancelled       └──close──► closed
//
// A receipt is one append: receipt_recorded, which says what arrived
// against which line, the valuation domain's receipt_costed with the line's
// price (left out for an unexpected receipt given no cost), then the
// ledger's document_posted that moves the stock from the supplier's location
// to the line's destination (or its inspection location). A release from
// inspection is inspection_released, then its document. Replay checks that
// each document matches its event and the costs the line's price
// (src/engine/engine.cpp). The
// encoding lives in src/purchasing/codec.cpp under the purchasing tag block.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {

/// A dense index of a supplier, in order of first definition.
using supplier_id = dense_id<struct supplier_tag>;
/// A dense index of a purchase order, in order of creation.
using purchase_order_id = dense_id<struct purchase_order_tag>;

/// A supplier was defined or its terms changed (the latest definition holds).
struct supplier_defined {
  std::string code;      ///< Unique, 1..128 bytes.
  std::string name;      ///< Free text.
  location_id location;  ///< Its location in the catalog (kind supplier): receipts come from it.
  /// Over-receipt tolerance as a share of the ordered quantity (0.05: 5 % more may arrive).
  quantity over_tolerance;
  /// Under-receipt tolerance: a line with at least (1 - under) of its quantity is complete.
  quantity under_tolerance;
  bool allow_unexpected = false;  ///< Whether goods may be received without a purchase order.
  friend auto operator==(const supplier_defined&, const supplier_defined&) -> bool = default;
};

/// A supplier's terms for an item, with one price period from `valid_from`.
struct supplier_item_set {
  supplier_id supplier;
  item_id item;
  std::string supplier_code;  ///< The supplier's own code for the item.
  money price;                ///< Per base unit of the item.
  std::string currency;       ///< ISO 4217 code ("EUR").
  date valid_from;            ///< The price holds on [valid_from, valid_to).
  std::optional<date> valid_to;
  quantity pack_size;                       ///< Orders are multiples of it (0: any).
  quantity minimum_order;                   ///< The least quantity a line may order (0: none).
  std::int32_t lead_time_days = 0;          ///< The quoted lead time.
  std::optional<quantity> over_tolerance;   ///< Overrides the supplier's, for this item.
  std::optional<quantity> under_tolerance;  ///< Overrides the supplier's, for this item.
  friend auto operator==(const supplier_item_set&, const supplier_item_set&) -> bool = default;
};

/// One line of a purchase order.
struct purchase_order_line {
  item_id item;
  quantity amount;  ///< Ordered, in the item's base unit; positive.
  money price;      ///< Agreed price per base unit.
  date expected;    ///< When it is due at the destination.
  location_id destination;
  friend auto operator==(const purchase_order_line&, const purchase_order_line&) -> bool = default;
};

/// A purchase order was created, as a draft.
struct purchase_order_created {
  std::string key;  ///< Its idempotency key and its handle ("PO-4411").
  supplier_id supplier;
  std::string currency;
  std::vector<purchase_order_line> lines;
  timestamp recorded;
  friend auto operator==(const purchase_order_created&, const purchase_order_created&)
      -> bool = default;
};

/// The order went to the supplier at `at`: lead times count from here.
struct purchase_order_sent {
  purchase_order_id order;
  timestamp at;
  friend auto operator==(const purchase_order_sent&, const purchase_order_sent&) -> bool = default;
};

/// A line's quantity or expected date changed.
struct purchase_order_line_changed {
  std::string key;  ///< The change's idempotency key.
  purchase_order_id order;
  std::uint32_t line = 0;
  quantity amount;
  date expected;
  friend auto operator==(const purchase_order_line_changed&, const purchase_order_line_changed&)
      -> bool = default;
};

/// A line's quantity, expected date and price changed: a change that names
/// a price (without one, the change is purchase_order_line_changed).
/// Receipts after it are valued at the new price; what arrived before keeps
/// the price it was received at.
struct purchase_order_line_repriced {
  std::string key;  ///< The change's idempotency key.
  purchase_order_id order;
  std::uint32_t line = 0;
  quantity amount;
  date expected;
  money price;  ///< Per base unit.
  friend auto operator==(const purchase_order_line_repriced&, const purchase_order_line_repriced&)
      -> bool = default;
};

/// The order was cancelled before anything arrived.
struct purchase_order_cancelled {
  purchase_order_id order;
  timestamp at;
  friend auto operator==(const purchase_order_cancelled&, const purchase_order_cancelled&)
      -> bool = default;
};

/// The order was closed: what did not arrive is no longer expected.
struct purchase_order_closed {
  purchase_order_id order;
  timestamp at;
  friend auto operator==(const purchase_order_closed&, const purchase_order_closed&)
      -> bool = default;
};

/// `amount` of `item` arrived from `supplier` at `destination`, against a
/// line of an order or, with `order` none, unexpected. The document posted
/// right after it (same append) moves exactly that.
struct receipt_recorded {
  purchase_order_id order;  ///< none: an unexpected receipt.
  std::uint32_t line = 0;
  supplier_id supplier;
  item_id item;
  location_id destination;
  quantity amount;
  timestamp received;  ///< The document's effective time.
  friend auto operator==(const receipt_recorded&, const receipt_recorded&) -> bool = default;
};

/// From now on, `supplier`'s receipts of `item` against an order go to the
/// internal location `location` for inspection instead of the line's
/// destination; `location` none: straight into the destination. Receipts
/// made before keep where they went.
struct inspection_set {
  supplier_id supplier;
  item_id item;
  location_id location = location_id::none();
  friend auto operator==(const inspection_set&, const inspection_set&) -> bool = default;
};

/// What an inspection decided about stock a line received into inspection.
/// Persisted: values are stable.
enum class inspection_outcome : std::uint8_t {
  accepted = 0,  ///< Into the line's destination (a transfer).
  returned = 1,  ///< Back to the supplier's location (a return).
  scrapped = 2,  ///< To a location of kind scrap (scrap).
};
template <>
struct enum_bounds<inspection_outcome> {
  static constexpr auto last = inspection_outcome::scrapped;
};
/// "accepted", "returned", "scrapped".
[[nodiscard]] auto name_of(inspection_outcome outcome) noexcept -> std::string_view;
[[nodiscard]] auto parse_inspection_outcome(std::string_view name)
    -> std::optional<inspection_outcome>;

/// `amount` of what line `line` of `order` holds in inspection at `from`
/// left it, to `to`, by `outcome`. The document posted right after it (same
/// append) moves exactly that.
struct inspection_released {
  purchase_order_id order;
  std::uint32_t line = 0;
  inspection_outcome outcome = inspection_outcome::accepted;
  location_id from;  ///< The inspection location.
  location_id to;    ///< The destination, the supplier's location, or scrap.
  quantity amount;
  std::string reason;  ///< Why it was rejected; empty when accepted.
  timestamp released;  ///< The document's effective time.
  friend auto operator==(const inspection_released&, const inspection_released&) -> bool = default;
};

}  // namespace onhand
