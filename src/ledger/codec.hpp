// SPDX-License-Identifier: Apache-2.0
// File: src/ledger/codec.hpp
//
// The encoding of the ledger's event. document_posted keeps tag 5, assigned
// before tags were ranged per domain; new ledger events take tags from 32–47
// (the tag table: src/engine/codec.cpp). Posting encodes through
// encode_posting_into (onhand/events.hpp), which borrows the document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "onhand/detail/codec.hpp"
#include "onhand/ledger/events.hpp"

namespace onhand::detail {

template <>
struct event_codec<document_posted> {
  static constexpr std::uint8_t tag = 5;
  static constexpr std::string_view domain = "ledger";
  static auto size_hint(const document_posted& e) -> std::size_t;
  static void write(writer& w, const document_posted& e);
  static auto read(reader& r) -> document_posted;
  static auto key(const document_posted& e) -> std::string_view { return e.document.key; }
};

}  // namespace onhand::detail
