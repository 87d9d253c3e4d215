// SPDX-License-Identifier: Apache-2.0
// The archive each projection saves itself to and loads itself from in a
// snapshot (src/<domain>/snapshot.cpp). One `io` function per projection
// serves both directions: `a(x, y, z)` writes the fields with a
// snapshot_writer and reads them back into the same members with a
// snapshot_reader, so the two cannot drift apart.
//
// Field encodings are those of the event codec (onhand/detail/codec.hpp):
// little-endian integers, a string as a u32 length and its bytes, an
// optional as a flag and the value. Beyond those: a container is a u32
// count and its elements; money is a sign byte and its 128-bit magnitude;
// an id is its u32 value; an event struct embedded in a projection is
// written by its event codec. Reading never trusts a count: every count is
// checked against the bytes left before anything is allocated, and a
// failed read makes every later read return zero values (check ok()).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/detail/codec.hpp"

namespace onhand::detail {

template <class T>
struct is_dense_id : std::false_type {};
template <class Tag>
struct is_dense_id<dense_id<Tag>> : std::true_type {};

template <class T>
concept snapshot_map = requires {
  typename T::key_type;
  typename T::mapped_type;
};
template <class T>
concept snapshot_set = requires {
  typename T::key_type;
}
&&!snapshot_map<T>;
template <class T>
concept snapshot_sequence = requires(T& t) {
  t.resize(0);
  t.begin();
}
&&!std::is_same_v<T, std::string>;
template <class T>
concept has_event_codec = requires {
  event_codec<T>::tag;
};

class snapshot_writer {
 public:
  static constexpr bool reading = false;
  explicit snapshot_writer(std::size_t size_hint = 4'096) : w_(size_hint) {}

  template <class... T>
  void operator()(const T&... values) {
    (put(values), ...);
  }
  /// An enum that no event persists: a byte, at most `last`.
  template <class Enum>
  void enumeration(const Enum& value, Enum /*last*/) {
    static_assert(sizeof(Enum) == 1);
    w_.integer(static_cast<std::uint8_t>(value));
  }
  /// A vector of a type without an `io` of its own: `f(element)` for each.
  template <class T, class F>
  void each(const std::vector<T>& values, F&& f) {
    count(values.size());
    for (const auto& v : values) f(const_cast<T&>(v));  // f only reads it
  }
  /// Whether every read succeeded (always, for a writer).
  [[nodiscard]] static auto ok() -> bool { return true; }
  auto take() -> std::string { return w_.take(); }

 private:
  void count(std::size_t n) { w_.integer(static_cast<std::uint32_t>(n)); }

  template <class T>
  void put(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      w_.flag(v);
    } else if constexpr (std::is_enum_v<T>) {
      static_assert(persisted_enum<T>, "use enumeration(value, last) for this enum");
      w_.enumeration(v);
    } else if constexpr (std::is_integral_v<T>) {
      w_.integer(v);
    } else if constexpr (is_dense_id<T>::value) {
      w_.integer(v.value);
    } else if constexpr (std::is_same_v<T, quantity>) {
      w_.integer(v.raw());
    } else if constexpr (std::is_same_v<T, stock_level>) {
      w_.integer(v.from_zero().raw());
    } else if constexpr (std::is_same_v<T, money>) {
      put_money(v);
    } else if constexpr (std::is_same_v<T, timestamp>) {
      w_.time(v);
    } else if constexpr (std::is_same_v<T, date>) {
      w_.day(v);
    } else if constexpr (std::is_same_v<T, std::string>) {
      w_.text(v);
    } else if constexpr (requires {
                           typename T::value_type;
                           v.has_value();
                         }) {
      w_.flag(v.has_value());
      if (v) put(*v);
    } else if constexpr (requires { std::tuple_size<T>::value; }) {
      std::apply([&](const auto&... parts) { (put(parts), ...); }, v);
    } else if constexpr (snapshot_map<T> || snapshot_set<T> || snapshot_sequence<T>) {
      count(v.size());
      for (const auto& element : v) put(element);
    } else if constexpr (has_event_codec<T>) {
      event_codec<T>::write(w_, v);
    } else {
      io(*this, const_cast<T&>(v));  // io only reads it when writing
    }
  }
  void put_money(const money& m);

  writer w_;
};

class snapshot_reader {
 public:
  static constexpr bool reading = true;
  explicit snapshot_reader(std::string_view in) : r_(in), size_(in.size()) {}

  template <class... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  template <class Enum>
  void enumeration(Enum& value, Enum last) {
    const auto raw = r_.integer<std::uint8_t>();
    if (raw > static_cast<std::uint8_t>(last)) r_.fail();
    value = r_.ok() ? static_cast<Enum>(raw) : Enum{};
  }
  template <class T, class F>
  void each(std::vector<T>& values, F&& f) {
    values.clear();
    values.resize(count());
    for (auto& v : values) f(v);
    if (!ok()) values.clear();
  }
  [[nodiscard]] auto ok() const -> bool { return r_.ok(); }
  /// Whether every read succeeded and every byte was read.
  [[nodiscard]] auto done() const -> bool { return r_.done(); }
  void fail() { r_.fail(); }

 private:
  // Every element takes at least one byte: a count beyond the bytes left is damage.
  auto count() -> std::size_t { return r_.count(1, size_); }

  template <class T>
  void get(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      v = r_.flag();
    } else if constexpr (std::is_enum_v<T>) {
      static_assert(persisted_enum<T>, "use enumeration(value, last) for this enum");
      v = r_.enumeration<T>();
    } else if constexpr (std::is_integral_v<T>) {
      v = r_.integer<T>();
    } else if constexpr (is_dense_id<T>::value) {
      v.value = r_.integer<std::uint32_t>();
    } else if constexpr (std::is_same_v<T, quantity>) {
      v = quantity::from_raw(r_.integer<std::int64_t>());
    } else if constexpr (std::is_same_v<T, stock_level>) {
      v = stock_level::at(quantity::from_raw(r_.integer<std::int64_t>()));
    } else if constexpr (std::is_same_v<T, money>) {
      v = get_money();
    } else if constexpr (std::is_same_v<T, timestamp>) {
      v = r_.time();
    } else if constexpr (std::is_same_v<T, date>) {
      v = r_.day();
    } else if constexpr (std::is_same_v<T, std::string>) {
      v = r_.text();
    } else if constexpr (requires {
                           typename T::value_type;
                           v.has_value();
                         }) {
      v.reset();
      if (r_.flag()) get(v.emplace());
    } else if constexpr (requires { std::tuple_size<T>::value; }) {
      std::apply([&](auto&... parts) { (get(parts), ...); }, v);
    } else if constexpr (snapshot_map<T>) {
      v.clear();
      for (auto n = count(); n > 0 && ok(); --n) {
        typename T::key_type key{};
        typename T::mapped_type mapped{};
        get(key);
        get(mapped);
        v.emplace(std::move(key), std::move(mapped));
      }
    } else if constexpr (snapshot_set<T>) {
      v.clear();
      for (auto n = count(); n > 0 && ok(); --n) {
        typename T::key_type key{};
        get(key);
        v.insert(std::move(key));
      }
    } else if constexpr (snapshot_sequence<T>) {
      v.clear();
      v.resize(count());
      for (auto& element : v) get(element);
    } else if constexpr (has_event_codec<T>) {
      v = event_codec<T>::read(r_);
    } else {
      io(*this, v);
    }
    if (!ok()) v = T{};
  }
  auto get_money() -> money;

  reader r_;
  std::size_t size_;
};

inline void snapshot_writer::put_money(const money& m) {
  using rep = money::rep;
  const bool negative = m.raw() < 0;
  const rep magnitude = negative ? rep(-m.raw()) : m.raw();
  w_.flag(negative);
  w_.integer(static_cast<std::uint64_t>(magnitude & rep(UINT64_MAX)));
  w_.integer(static_cast<std::uint64_t>(magnitude >> 64));
}

inline auto snapshot_reader::get_money() -> money {
  using rep = money::rep;
  const bool negative = r_.flag();
  const auto low = r_.integer<std::uint64_t>();
  const auto high = r_.integer<std::uint64_t>();
  // The magnitude of a checked 128-bit integer fits 127 bits.
  if (high >> 63 != 0) r_.fail();
  if (!r_.ok()) return money{};
  rep magnitude = rep(high);
  magnitude <<= 64;
  magnitude |= rep(low);
  return money::from_raw(negative ? rep(-magnitude) : magnitude);
}

}  // namespace onhand::detail
