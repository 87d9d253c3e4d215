// SPDX-License-Identifier: Apache-2.0
// File: src/catalog/codec.hpp
//
// The encoding of the catalog's events. They keep tags 1–4, assigned before
// tags were ranged per domain; new catalog events take tags from 16–31 (the
// tag table: src/engine/codec.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/catalog/events.hpp"
#include "onhand/detail/codec.hpp"

namespace onhand::detail {

template <>
struct event_codec<item_defined> {
  static constexpr std::uint8_t tag = 1;
  static constexpr std::string_view domain = "catalog";
  static void write(writer& w, const item_defined& e);
  static auto read(reader& r) -> item_defined;
};

template <>
struct event_codec<location_defined> {
  static constexpr std::uint8_t tag = 2;
  static constexpr std::string_view domain = "catalog";
  static void write(writer& w, const location_defined& e);
  static auto read(reader& r) -> location_defined;
};

template <>
struct event_codec<lot_defined> {
  static constexpr std::uint8_t tag = 3;
  static constexpr std::string_view domain = "catalog";
  static void write(writer& w, const lot_defined& e);
  static auto read(reader& r) -> lot_defined;
};

template <>
struct event_codec<lot_status_set> {
  static constexpr std::uint8_t tag = 4;
  static constexpr std::string_view domain = "catalog";
  static void write(writer& w, const lot_status_set& e);
  static auto read(reader& r) -> lot_status_set;
};

}  // namespace onhand::detail
