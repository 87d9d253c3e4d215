// SPDX-License-Identifier: Apache-2.0
#include "engine/snapshot.hpp"

#include <array>
#include <cstring>

#include "engine/snapshot_io.hpp"

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace onhand {

// The idempotency index is the engine's: its keys back to back, with each
// key's position and domain. The hash lookup is rebuilt by adding the keys
// again in log order, each checked to be new and later than the one before.
void idempotency_index::save(detail::snapshot_writer& out) const {
  out(positions_);
  out.each(domains_, [&](onhand::domain& d) { out.enumeration(d, domain::counting); });
  out(keys_, offsets_);
}

void idempotency_index::load(detail::snapshot_reader& in) {
  *this = idempotency_index{};
  std::vector<std::uint64_t> positions;
  std::vector<onhand::domain> domains;
  std::string keys;
  std::vector<std::uint64_t> offsets;
  in(positions);
  in.each(domains, [&](onhand::domain& d) { in.enumeration(d, domain::counting); });
  in(keys, offsets);
  if (!in.ok()) return;
  if (domains.size() != positions.size() || offsets.size() != positions.size() + 1 ||
      offsets.front() != 0 || offsets.back() != keys.size()) {
    return in.fail();
  }
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (offsets[i + 1] <= offsets[i] || (i > 0 && positions[i] <= positions[i - 1])) {
      return in.fail();
    }
    const auto k = std::string_view{keys}.substr(offsets[i], offsets[i + 1] - offsets[i]);
    if (find(k)) return in.fail();
    add(k, positions[i], domains[i]);
  }
}

namespace detail {
namespace {

constexpr auto crc_table = [] {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78U : c >> 1;
    table[i] = c;
  }
  return table;
}();

#if defined(__x86_64__)
[[gnu::target("sse4.2")]] auto crc32c_hardware(std::string_view bytes, std::uint32_t crc) noexcept
    -> std::uint32_t {
  std::uint64_t c = ~crc;
  const char* at = bytes.data();
  std::size_t left = bytes.size();
  for (; left >= 8; left -= 8, at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, 8);
    c = _mm_crc32_u64(c, word);
  }
  auto c32 = static_cast<std::uint32_t>(c);
  for (; left > 0; --left, ++at) c32 = _mm_crc32_u8(c32, static_cast<unsigned char>(*at));
  return ~c32;
}
#endif

void put_u32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u64(std::string& out, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
auto get_u32(std::string_view in, std::size_t at) -> std::uint32_t {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
  return v;
}
auto get_u64(std::string_view in, std::size_t at) -> std::uint64_t {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + i]);
  return v;
}

auto damaged(const std::string& why) -> error {
  return make_error(errc::store_failure, "snapshot: " + why);
}

// Every section in order: the domains' projections, then the idempotency index.
template <class Projections, class F>
void each_section(Projections& p, F&& f) {
  std::uint8_t number = 0;
  p.each([&](auto& projection) { f(++number, projection); });
  f(++number, p.keys);
}

}  // namespace

auto crc32c_portable(std::string_view bytes, std::uint32_t crc) noexcept -> std::uint32_t {
  crc = ~crc;
  for (const char ch : bytes) {
    crc = crc_table[(crc ^ static_cast<unsigned char>(ch)) & 0xff] ^ (crc >> 8);
  }
  return ~crc;
}

auto crc32c(std::string_view bytes, std::uint32_t crc) noexcept -> std::uint32_t {
#if defined(__x86_64__)
  static const bool hardware = __builtin_cpu_supports("sse4.2");
  if (hardware) return crc32c_hardware(bytes, crc);
#endif
  return crc32c_portable(bytes, crc);
}

auto encode_snapshot(const projections& p) -> std::string {
  std::string out(snapshot_header_bytes, '\0');
  each_section(p, [&](std::uint8_t number, const auto& projection) {
    snapshot_writer section;
    projection.save(section);
    const auto bytes = section.take();
    const auto at = out.size();
    out.resize(at + 9);
    out[at] = static_cast<char>(number);
    put_u64(out, at + 1, bytes.size());
    out += bytes;
  });
  put_u32(out, 0, snapshot_magic);
  put_u32(out, 4, snapshot_format_version);
  put_u64(out, 8, p.position);
  put_u64(out, 16, out.size() - snapshot_header_bytes);
  const auto crc = crc32c(out);
  out.resize(out.size() + snapshot_trailer_bytes);
  put_u32(out, out.size() - snapshot_trailer_bytes, crc);
  return out;
}

auto snapshot_position(std::string_view bytes) -> result<std::uint64_t> {
  if (bytes.size() < snapshot_header_bytes + snapshot_trailer_bytes) {
    return damaged("only " + std::to_string(bytes.size()) + " bytes, shorter than its header");
  }
  if (get_u32(bytes, 0) != snapshot_magic) return damaged("not a snapshot (wrong magic)");
  if (const auto version = get_u32(bytes, 4); version != snapshot_format_version) {
    return damaged("format version " + std::to_string(version) + "; this build reads version " +
                   std::to_string(snapshot_format_version));
  }
  const auto payload = get_u64(bytes, 16);
  if (payload != bytes.size() - snapshot_header_bytes - snapshot_trailer_bytes) {
    return damaged("the header says " + std::to_string(payload) + " payload bytes, " +
                   std::to_string(bytes.size() - snapshot_header_bytes - snapshot_trailer_bytes) +
                   " are there");
  }
  const auto body = bytes.substr(0, bytes.size() - snapshot_trailer_bytes);
  if (crc32c(body) != get_u32(bytes, body.size())) return damaged("the checksum does not match");
  return get_u64(bytes, 8);
}

auto decode_snapshot(std::string_view bytes, projections& into) -> result<void> {
  auto position = snapshot_position(bytes);
  if (!position) return std::move(position).error();
  into = projections{};
  auto payload = bytes.substr(snapshot_header_bytes,
                              bytes.size() - snapshot_header_bytes - snapshot_trailer_bytes);
  std::optional<error> failed;
  each_section(into, [&](std::uint8_t number, auto& projection) {
    if (failed) return;
    if (payload.size() < 9 || static_cast<std::uint8_t>(payload[0]) != number) {
      failed = damaged("section " + std::to_string(number) + " is missing");
      return;
    }
    const auto length = get_u64(payload, 1);
    if (length > payload.size() - 9) {
      failed = damaged("section " + std::to_string(number) + " runs past the end");
      return;
    }
    snapshot_reader section{payload.substr(9, length)};
    projection.load(section);
    if (!section.done()) failed = damaged("section " + std::to_string(number) + " is damaged");
    payload.remove_prefix(9 + length);
  });
  if (failed) return *std::move(failed);
  if (!payload.empty()) return damaged("bytes after the last section");
  into.position = *position;
  return {};
}

}  // namespace detail
}  // namespace onhand
