// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/codec.hpp
//
// The building blocks of the event codec (onhand/events.hpp), for every
// domain's encoder and decoder: `writer` appends little-endian fields to a
// sized buffer with one memcpy each, `reader` reads them back and checks
// every length, flag and enum on the way, turning any damage into a failed
// read rather than undefined behaviour. `event_codec<Event>` is what a
// domain specialises, in its src/<domain>/codec.hpp, to give an event its
// tag, its domain and its fields' encoding; src/engine/codec.cpp holds the
// tag table. The format is described in docs/reference/events.md.
//
// Field encodings: integers are little-endian fixed width; a string is a u32
// length and the bytes; an optional a u8 flag (0 or 1) and the value if 1; a
// bool a u8 0 or 1; a date an i32 count of days since 1970-01-01; a timestamp
// an i64 count of microseconds since 1970-01-01T00:00Z; a persisted enum a
// u8 within its enum_bounds.
//
// Example:
//
//   onhand::detail::writer w{64};
//   w.text("3PL-EAST");
//   w.enumeration(onhand::location_kind::internal);
//   auto bytes = w.take();
//   onhand::detail::reader r{bytes};
//   auto code = r.text();
//   auto kind = r.enumeration<onhand::location_kind>();
//   bool valid = r.done();  // everything read, nothing left over, nothing damaged
#pragma once

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"

namespace onhand::detail {

/// The format version encoders write: the first byte of every event. The
/// decoder reads this version and every earlier one.
inline constexpr std::uint8_t format_version = 1;

/// Appends fields to a buffer sized up front; it grows (doubling) only when
/// the size hint was short.
class writer {
 public:
  explicit writer(std::size_t size_hint) { out_.resize(size_hint); }
  /// Writes into `buffer`, reusing its capacity (its contents are replaced).
  writer(std::string&& buffer, std::size_t size_hint) : out_(std::move(buffer)) {
    out_.resize(size_hint);
  }

  template <class Int>
  void integer(Int value) {
    static_assert(std::is_integral_v<Int> && !std::is_same_v<Int, bool>);
    // Little-endian on the wire: on a little-endian host one memcpy.
    auto bits = static_cast<std::make_unsigned_t<Int>>(value);
    if constexpr (std::endian::native == std::endian::big) {
      std::make_unsigned_t<Int> swapped = 0;
      for (std::size_t i = 0; i < sizeof(Int); ++i) {
        swapped = static_cast<std::make_unsigned_t<Int>>((swapped << 8) | (bits & 0xff));
        bits = static_cast<std::make_unsigned_t<Int>>(bits >> 8);
      }
      bits = swapped;
    }
    std::memcpy(reserve(sizeof(Int)), &bits, sizeof(Int));
  }
  void text(std::string_view s) {
    integer(static_cast<std::uint32_t>(s.size()));
    if (!s.empty()) std::memcpy(reserve(s.size()), s.data(), s.size());
  }
  void flag(bool b) { integer(static_cast<std::uint8_t>(b ? 1 : 0)); }
  void day(const date& d) {
    integer(static_cast<std::int32_t>(std::chrono::sys_days{d}.time_since_epoch().count()));
  }
  void time(timestamp t) { integer(static_cast<std::int64_t>(t.time_since_epoch().count())); }
  template <persisted_enum Enum>
  void enumeration(Enum value) {
    static_assert(sizeof(Enum) == 1, "a persisted enum is one byte on the wire");
    integer(static_cast<std::uint8_t>(value));
  }
  template <class T, class F>
  void optional(const std::optional<T>& value, F&& write) {
    flag(value.has_value());
    if (value) std::forward<F>(write)(*value);
  }
  /// The bytes written; the writer is empty afterwards.
  auto take() -> std::string {
    out_.resize(used_);
    used_ = 0;
    return std::move(out_);
  }

 private:
  // Room for `n` more bytes; the buffer doubles when a hint was short.
  auto reserve(std::size_t n) -> char* {
    if (used_ + n > out_.size()) [[unlikely]]
      grow(used_ + n);
    char* at = out_.data() + used_;
    used_ += n;
    return at;
  }
  [[gnu::noinline]] void grow(std::size_t size) { out_.resize(std::max(out_.size() * 2, size)); }
  std::string out_;
  std::size_t used_ = 0;
};

/// Reads fields back. A read past the end, a flag other than 0 or 1, an enum
/// out of its bounds or a count too large for the bytes left marks the reader
/// failed; reads after that return zero values. Check `done()` at the end.
class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}
  [[nodiscard]] auto ok() const -> bool { return ok_; }
  /// Whether every read succeeded and every byte was read.
  [[nodiscard]] auto done() const -> bool { return ok_ && pos_ == in_.size(); }

  template <class Int>
  auto integer() -> Int {
    static_assert(std::is_integral_v<Int> && !std::is_same_v<Int, bool> && sizeof(Int) <= 8);
    if (!need(sizeof(Int))) return Int{};
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) {
      bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    }
    pos_ += sizeof(Int);
    return static_cast<Int>(bits);
  }
  auto text() -> std::string {
    const auto size = integer<std::uint32_t>();
    if (!need(size)) return {};
    std::string out(in_.substr(pos_, size));
    pos_ += size;
    return out;
  }
  auto flag() -> bool {
    const auto value = integer<std::uint8_t>();
    if (value > 1) ok_ = false;
    return value == 1;
  }
  auto day() -> date {
    return date{std::chrono::sys_days{std::chrono::days{integer<std::int32_t>()}}};
  }
  auto time() -> timestamp { return timestamp{std::chrono::microseconds{integer<std::int64_t>()}}; }
  /// A value within the enum's bounds (onhand/core/enum_bounds.hpp).
  template <persisted_enum Enum>
  auto enumeration() -> Enum {
    static_assert(sizeof(Enum) == 1, "a persisted enum is one byte on the wire");
    const auto value = integer<std::uint8_t>();
    if (!is_valid_enum<Enum>(value)) ok_ = false;
    return static_cast<Enum>(value);
  }
  template <class T, class F>
  auto optional(F&& read) -> std::optional<T> {
    if (!flag()) return std::nullopt;
    return std::forward<F>(read)();
  }
  /// A count of following records, each at least `record_bytes` long.
  auto count(std::size_t record_bytes, std::size_t max) -> std::size_t {
    const auto n = integer<std::uint32_t>();
    if (n > max || n * record_bytes > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  void fail() { ok_ = false; }

 private:
  auto need(std::size_t n) -> bool {
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

/// Specialised by each domain for each of its events (src/<domain>/codec.hpp):
///
///   static constexpr std::uint8_t tag;           // within the domain's tag range
///   static constexpr std::string_view domain;    // "catalog", "ledger", ...
///   static void write(writer&, const Event&);    // the fields, after the tag
///   static auto read(reader&) -> Event;          // the fields of format version 1
///
/// and optionally `size_hint(const Event&) -> std::size_t` (the encoded size,
/// header included, or a little more) and `key(const Event&) ->
/// std::string_view` (the idempotency key the event carries).
template <class Event>
struct event_codec;

}  // namespace onhand::detail
