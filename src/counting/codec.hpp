// SPDX-License-Identifier: Apache-2.0
// File: src/counting/codec.hpp
//
// The encoding of the counting domain's events, under its tag block 96–111
// (the tag table: src/engine/codec.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/counting/events.hpp"
#include "onhand/detail/codec.hpp"

namespace onhand::detail {

template <>
struct event_codec<count_task_started> {
  static constexpr std::uint8_t tag = 96;
  static constexpr std::string_view domain = "counting";
  static void write(writer& w, const count_task_started& e);
  static auto read(reader& r) -> count_task_started;
  static auto key(const count_task_started& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<count_submitted> {
  static constexpr std::uint8_t tag = 97;
  static constexpr std::string_view domain = "counting";
  static void write(writer& w, const count_submitted& e);
  static auto read(reader& r) -> count_submitted;
  static auto key(const count_submitted& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<count_approved> {
  static constexpr std::uint8_t tag = 98;
  static constexpr std::string_view domain = "counting";
  static void write(writer& w, const count_approved& e);
  static auto read(reader& r) -> count_approved;
  static auto key(const count_approved& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<count_rejected> {
  static constexpr std::uint8_t tag = 99;
  static constexpr std::string_view domain = "counting";
  static void write(writer& w, const count_rejected& e);
  static auto read(reader& r) -> count_rejected;
  static auto key(const count_rejected& e) -> std::string_view { return e.key; }
};

template <>
struct event_codec<recount_requested> {
  static constexpr std::uint8_t tag = 100;
  static constexpr std::string_view domain = "counting";
  static void write(writer& w, const recount_requested& e);
  static auto read(reader& r) -> recount_requested;
  static auto key(const recount_requested& e) -> std::string_view { return e.key; }
};

}  // namespace onhand::detail
