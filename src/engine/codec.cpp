// SPDX-License-Identifier: Apache-2.0
// The event codec's tag table and dispatch: encode, decode and key_of for
// every domain's events (onhand/events.hpp). Each domain encodes its own
// events (src/<domain>/codec.cpp) under tags from its own range; this file
// only checks the tags against the ranges and dispatches by version and tag.
// The format: docs/reference/events.md.
#include "onhand/detail/codec.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "onhand/events.hpp"

#include "allocation/codec.hpp"
#include "catalog/codec.hpp"
#include "counting/codec.hpp"
#include "ledger/codec.hpp"
#include "orders/codec.hpp"
#include "purchasing/codec.hpp"
#include "valuation/codec.hpp"

namespace onhand {
namespace {

using detail::event_codec;
using detail::reader;
using detail::writer;

// The tag table. An event is [format version u8][tag u8][fields]; a tag
// never changes meaning once a log may hold it. Each domain owns blocks of
// tags and picks its events' tags within them, so domains add events
// without colliding. Tags 1–5 were assigned before the blocks: they keep
// their meaning and their domains. Then blocks of 16 tags; a domain that
// runs out takes a second block from the reserve (128–255). Tag 0 is never
// an event (a zeroed record is not one). Changing this table means updating
// docs/reference/events.md.
struct tag_block {
  std::uint8_t first;
  std::uint8_t last;
  std::string_view owner;
};
constexpr std::array tag_blocks{
    tag_block{1, 4, "catalog"},       // item_defined, location_defined, lot_defined, lot_status_set
    tag_block{5, 5, "ledger"},        // document_posted
    tag_block{6, 15, "engine"},       // reserved: markers such as snapshots
    tag_block{16, 31, "catalog"},     // the next catalog events
    tag_block{32, 47, "ledger"},      // the next ledger events
    tag_block{48, 63, "allocation"},  // the allocation domain
    tag_block{64, 79, "orders"},      // the orders domain
    tag_block{80, 95, "purchasing"},  // the purchasing domain
    tag_block{96, 111, "counting"},   // the counting domain
    tag_block{112, 127, "valuation"},  // the valuation domain
};

constexpr auto owner_of(std::uint8_t tag) -> std::string_view {
  for (const auto& block : tag_blocks) {
    if (block.first <= tag && tag <= block.last) return block.owner;
  }
  return {};
}

// Calls f(std::type_identity<E>{}) for every event kind E.
template <class F>
constexpr void for_each_kind(F&& f) {
  const auto each = [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(std::type_identity<std::variant_alternative_t<I, event>>{}), ...);
  };
  each(std::make_index_sequence<std::variant_size_v<event>>{});
}

consteval auto tags_are_unique() -> bool {
  std::array<bool, 256> seen{};
  bool unique = true;
  for_each_kind([&]<class E>(std::type_identity<E>) {
    unique = unique && !seen[event_codec<E>::tag];
    seen[event_codec<E>::tag] = true;
  });
  return unique;
}
consteval auto tags_are_in_their_domains_blocks() -> bool {
  bool in_block = true;
  for_each_kind([&]<class E>(std::type_identity<E>) {
    in_block = in_block && owner_of(event_codec<E>::tag) == event_codec<E>::domain;
  });
  return in_block;
}
static_assert(tags_are_unique(), "two event kinds share a tag");
static_assert(tags_are_in_their_domains_blocks(), "an event's tag is outside its domain's blocks");

// Decoding: per format version, a reader per tag. A later version that
// changes an event's fields gets its own table, made from the previous one
// with that event's reader replaced (event_codec<E>::read_v2, say), and the
// older tables stay: a log holds events of every version it was written in.
using read_fn = event (*)(reader&);
using tag_readers = std::array<read_fn, 256>;

template <class E>
auto read_as_event(reader& r) -> event {
  return event_codec<E>::read(r);
}

constexpr tag_readers version_1 = [] {
  tag_readers readers{};
  for_each_kind(
      [&]<class E>(std::type_identity<E>) { readers[event_codec<E>::tag] = &read_as_event<E>; });
  return readers;
}();

auto readers_of(std::uint8_t version) -> const tag_readers* {
  switch (version) {
    case 1:
      return &version_1;
    default:
      return nullptr;
  }
}
static_assert(detail::format_version == 1, "a new format version needs its readers");

template <class E>
auto size_hint(const E& e) -> std::size_t {
  if constexpr (requires { event_codec<E>::size_hint(e); }) {
    return event_codec<E>::size_hint(e);
  } else {
    return 256;
  }
}

}  // namespace

auto encode(const event& e) -> std::string {
  return std::visit(
      [](const auto& ev) {
        using codec = event_codec<std::decay_t<decltype(ev)>>;
        writer w{size_hint(ev)};
        w.integer(detail::format_version);
        w.integer(codec::tag);
        codec::write(w, ev);
        return w.take();
      },
      e);
}

auto decode(std::string_view bytes) -> result<event> {
  reader r{bytes};
  const auto version = r.integer<std::uint8_t>();
  const auto tag = r.integer<std::uint8_t>();
  event out;
  const auto* readers = readers_of(version);
  if (readers == nullptr || (*readers)[tag] == nullptr) {
    r.fail();
  } else {
    out = (*readers)[tag](r);
  }
  if (!r.done()) {
    return make_error(errc::store_failure, "the store holds an event that does not decode (" +
                                               std::to_string(bytes.size()) + " bytes)");
  }
  return out;
}

auto key_of(const event& e) -> std::string_view {
  return std::visit(
      [](const auto& ev) -> std::string_view {
        using codec = event_codec<std::decay_t<decltype(ev)>>;
        if constexpr (requires { codec::key(ev); }) {
          return codec::key(ev);
        } else {
          return {};
        }
      },
      e);
}

}  // namespace onhand
