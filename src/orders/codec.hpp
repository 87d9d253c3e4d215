// SPDX-License-Identifier: Apache-2.0
// File: src/orders/codec.hpp
//
// The encoding of the orders domain's events, under its tag block 64–79
// (the tag table: src/engine/codec.cpp; the layouts: docs/reference/events.md).
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/detail/codec.hpp"
#include "onhand/orders/events.hpp"

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

}  // namespace onhand::detail
