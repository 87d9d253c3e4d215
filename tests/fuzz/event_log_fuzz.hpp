// SPDX-License-Identifier: Apache-2.0
// File: tests/fuzz/event_log_fuzz.hpp
//
// The body of the event-log fuzz target: an input is a log of records, each
// [length u8][bytes], read by an inventory as a store's contents. Whatever
// the bytes, decoding and replay end in a value or a typed error, never a
// crash: a log an inventory opens passes verify(), opens again to the same
// state, and every event that decodes re-encodes to itself.
//
// Example:
//
//   onhand::fuzz::event_log_body(reinterpret_cast<const char*>(data), size);
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/events.hpp"
#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"

namespace onhand::fuzz {

inline void require_log(bool holds, const char* invariant) {
  if (!holds) {
    std::fprintf(stderr, "event log fuzz invariant broken: %s\n", invariant);
    std::abort();
  }
}

inline void event_log_body(const char* data, std::size_t size) {
  constexpr std::size_t records_max = 64;
  std::vector<event_record> records;
  for (std::size_t at = 0; at < size && records.size() < records_max;) {
    const auto length = static_cast<unsigned char>(data[at++]);
    const auto take = std::min<std::size_t>(length, size - at);
    records.push_back(event_record{{}, std::string(data + at, take)});
    at += take;
  }
  for (auto& record : records) {
    auto decoded = decode(record.payload);
    if (!decoded) {
      require_log(decoded.error().code == errc::store_failure, "a bad event is a store_failure");
      continue;
    }
    record.key = std::string(key_of(*decoded));
    auto again = decode(encode(*decoded));
    require_log(again.has_value() && *again == *decoded, "a decoded event re-encodes to itself");
  }
  auto make_store = [&] {
    auto log = std::make_unique<memory_store>();
    const std::vector<event_view> views(records.begin(), records.end());
    require_log(log->append(views, 0).has_value(), "a memory store takes any bytes");
    return log;
  };
  auto opened = inventory::open(make_store());
  if (!opened) {
    require_log(opened.error().code == errc::store_failure, "a bad log is a store_failure");
    return;
  }
  auto verified = opened->verify();
  require_log(verified.has_value() || verified.error().code == errc::store_failure,
              "verify answers ok or store_failure");
  auto reopened = inventory::open(make_store());
  require_log(reopened.has_value() && reopened->same_state(*opened),
              "a log that opens once opens again to the same state");
}

}  // namespace onhand::fuzz
