// SPDX-License-Identifier: Apache-2.0
// File: src/purchasing/codec.hpp
//
// The encoding of the purchasing domain's events, under its tag block 80–95
// (the tag table: src/engine/codec.cpp). Prices travel as their raw money
// value in a signed 64-bit integer (millionths); the commands refuse a price
// that does not fit.
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/detail/codec.hpp"
#include "onhand/purchasing/events.hpp"

namespace onhand::detail {

#define ONHAND_PURCHASING_CODEC(event, tag_value)            \
  template <>                                                \
  struct event_codec<event> {                                \
    static constexpr std::uint8_t tag = tag_value;           \
    static constexpr std::string_view domain = "purchasing"; \
    static void write(writer& w, const event& e);            \
    static auto read(reader& r) -> event;                    \
  };

ONHAND_PURCHASING_CODEC(supplier_defined, 80)
ONHAND_PURCHASING_CODEC(supplier_item_set, 81)
ONHAND_PURCHASING_CODEC(purchase_order_sent, 83)
ONHAND_PURCHASING_CODEC(purchase_order_cancelled, 85)
ONHAND_PURCHASING_CODEC(purchase_order_closed, 86)
ONHAND_PURCHASING_CODEC(receipt_recorded, 87)
ONHAND_PURCHASING_CODEC(inspection_set, 89)
ONHAND_PURCHASING_CODEC(inspection_released, 90)
#undef ONHAND_PURCHASING_CODEC

template <>
struct event_codec<purchase_order_created> {
  static constexpr std::uint8_t tag = 82;
  static constexpr std::string_view domain = "purchasing";
  static void write(writer& w, const purchase_order_created& e);
  static auto read(reader& r) -> purchase_order_created;
  static auto key(const purchase_order_created& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<purchase_order_line_changed> {
  static constexpr std::uint8_t tag = 84;
  static constexpr std::string_view domain = "purchasing";
  static void write(writer& w, const purchase_order_line_changed& e);
  static auto read(reader& r) -> purchase_order_line_changed;
  static auto key(const purchase_order_line_changed& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<purchase_order_line_repriced> {
  static constexpr std::uint8_t tag = 88;
  static constexpr std::string_view domain = "purchasing";
  static void write(writer& w, const purchase_order_line_repriced& e);
  static auto read(reader& r) -> purchase_order_line_repriced;
  static auto key(const purchase_order_line_repriced& e) -> std::string_view { return e.key; }
};

}  // namespace onhand::detail
