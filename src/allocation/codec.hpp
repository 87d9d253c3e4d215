// SPDX-License-Identifier: Apache-2.0
// File: src/allocation/codec.hpp
//
// The encoding of the allocation domain's events, under its tag block 48–63
// (the tag table: src/engine/codec.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/allocation/events.hpp"
#include "onhand/detail/codec.hpp"

namespace onhand::detail {

template <>
struct event_codec<reservation_made> {
  static constexpr std::uint8_t tag = 48;
  static constexpr std::string_view domain = "allocation";
  static void write(writer& w, const reservation_made& e);
  static auto read(reader& r) -> reservation_made;
  static auto key(const reservation_made& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<reservation_committed> {
  static constexpr std::uint8_t tag = 49;
  static constexpr std::string_view domain = "allocation";
  static void write(writer& w, const reservation_committed& e);
  static auto read(reader& r) -> reservation_committed;
};

template <>
struct event_codec<reservation_released> {
  static constexpr std::uint8_t tag = 50;
  static constexpr std::string_view domain = "allocation";
  static void write(writer& w, const reservation_released& e);
  static auto read(reader& r) -> reservation_released;
  static auto key(const reservation_released& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<reservation_clock_set> {
  static constexpr std::uint8_t tag = 51;
  static constexpr std::string_view domain = "allocation";
  static void write(writer& w, const reservation_clock_set& e);
  static auto read(reader& r) -> reservation_clock_set;
};

template <>
struct event_codec<channel_quota_set> {
  static constexpr std::uint8_t tag = 52;
  static constexpr std::string_view domain = "allocation";
  static void write(writer& w, const channel_quota_set& e);
  static auto read(reader& r) -> channel_quota_set;
};

}  // namespace onhand::detail
