// SPDX-License-Identifier: Apache-2.0
// File: src/orders/codec.hpp
//
// The encoding of the orders domain's events, under its tag block 64–79
// (the tag table: src/engine/codec.cpp; the layouts: docs/reference/events.md):
// transfers 64–67, sales orders 72–76 (src/orders/sales_codec.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/detail/codec.hpp"
#include "onhand/orders/events.hpp"
#include "onhand/orders/sales_events.hpp"

namespace onhand::detail {

template <>
struct event_codec<transfer_opened> {
  static constexpr std::uint8_t tag = 64;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const transfer_opened& e);
  static auto read(reader& r) -> transfer_opened;
  static auto key(const transfer_opened& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<transfer_shipped> {
  static constexpr std::uint8_t tag = 65;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const transfer_shipped& e);
  static auto read(reader& r) -> transfer_shipped;
};

template <>
struct event_codec<transfer_received> {
  static constexpr std::uint8_t tag = 66;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const transfer_received& e);
  static auto read(reader& r) -> transfer_received;
};

template <>
struct event_codec<transfer_closed> {
  static constexpr std::uint8_t tag = 67;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const transfer_closed& e);
  static auto read(reader& r) -> transfer_closed;
  static auto key(const transfer_closed& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<sales_order_created> {
  static constexpr std::uint8_t tag = 72;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const sales_order_created& e);
  static auto read(reader& r) -> sales_order_created;
  static auto key(const sales_order_created& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<sales_order_allocated> {
  static constexpr std::uint8_t tag = 73;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const sales_order_allocated& e);
  static auto read(reader& r) -> sales_order_allocated;
};

template <>
struct event_codec<sales_order_cancelled> {
  static constexpr std::uint8_t tag = 74;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const sales_order_cancelled& e);
  static auto read(reader& r) -> sales_order_cancelled;
  static auto key(const sales_order_cancelled& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<sales_order_shipped> {
  static constexpr std::uint8_t tag = 75;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const sales_order_shipped& e);
  static auto read(reader& r) -> sales_order_shipped;
  static auto key(const sales_order_shipped& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<sales_order_returned> {
  static constexpr std::uint8_t tag = 76;
  static constexpr std::string_view domain = "orders";
  static void write(writer& w, const sales_order_returned& e);
  static auto read(reader& r) -> sales_order_returned;
  static auto key(const sales_order_returned& e) -> std::string_view { return e.key; }
};

}  // namespace onhand::detail
