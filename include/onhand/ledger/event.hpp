// SPDX-License-Identifier: Apache-2.0
// File: onhand/ledger/event.hpp
//
// Events are the source of truth: every change, catalog included, is one
// event appended to the store before it is applied, and every projection is
// a function of the event sequence. An event is encoded to a compact,
// versioned, little-endian byte string; decoding checks every length and
// enum, so a damaged log is a store_failure, never undefined behaviour.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "onhand/catalog/item.hpp"
#include "onhand/catalog/location.hpp"
#include "onhand/catalog/lot.hpp"
#include "onhand/core/result.hpp"
#include "onhand/ledger/movement.hpp"

namespace onhand {

struct item_defined {
  item_definition item;
  friend auto operator==(const item_defined&, const item_defined&) -> bool = default;
};
struct location_defined {
  location_definition location;
  friend auto operator==(const location_defined&, const location_defined&) -> bool = default;
};
struct lot_defined {
  lot_definition lot;
  friend auto operator==(const lot_defined&, const lot_defined&) -> bool = default;
};
struct lot_status_set {
  lot_id lot;
  lot_status status = lot_status::available;
  friend auto operator==(const lot_status_set&, const lot_status_set&) -> bool = default;
};
/// What posting adds to a requested document: its resolved times and the
/// document it reverses, if any.
struct posting_stamp {
  timestamp effective;  ///< Resolved effective time.
  timestamp recorded;
  std::uint32_t reverses = UINT32_MAX;  ///< Document number it reverses, if a reversal.
  friend auto operator==(const posting_stamp&, const posting_stamp&) -> bool = default;
};
struct document_posted {
  movement_document document;  ///< As requested (effective as given).
  posting_stamp stamp;
  friend auto operator==(const document_posted&, const document_posted&) -> bool = default;
};

using event =
    std::variant<item_defined, location_defined, lot_defined, lot_status_set, document_posted>;

/// The event's bytes (format version 1).
[[nodiscard]] auto encode(const event& e) -> std::string;
/// The bytes of document_posted{document, stamp}, without copying the document.
[[nodiscard]] auto encode_posting(const movement_document& document, const posting_stamp& stamp)
    -> std::string;
/// The same, written into `out` (replacing its contents, reusing its capacity).
void encode_posting_into(std::string& out, const movement_document& document,
                         const posting_stamp& stamp);
/// The event, or store_failure for bytes that are not a valid event.
[[nodiscard]] auto decode(std::string_view bytes) -> result<event>;
/// The idempotency key an event carries ("" for catalog events, which are
/// idempotent by content).
[[nodiscard]] auto key_of(const event& e) -> std::string_view;

}  // namespace onhand
