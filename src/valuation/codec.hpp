// SPDX-License-Identifier: Apache-2.0
// File: src/valuation/codec.hpp
//
// The encoding of the valuation domain's events, under its tag block
// 112–127 (the tag table: src/engine/codec.cpp). Money travels as an i64
// count of millionths: the commands refuse any cost beyond that range.
#pragma once

#include <cstdint>
#include <string_view>

#include "onhand/detail/codec.hpp"
#include "onhand/valuation/events.hpp"

namespace onhand::detail {

template <>
struct event_codec<costing_method_set> {
  static constexpr std::uint8_t tag = 112;
  static constexpr std::string_view domain = "valuation";
  static void write(writer& w, const costing_method_set& e);
  static auto read(reader& r) -> costing_method_set;
};

template <>
struct event_codec<receipt_costed> {
  static constexpr std::uint8_t tag = 113;
  static constexpr std::string_view domain = "valuation";
  static void write(writer& w, const receipt_costed& e);
  static auto read(reader& r) -> receipt_costed;
};

}  // namespace onhand::detail
