// SPDX-License-Identifier: Apache-2.0
// Snapshots of the projections: a versioned binary image of every domain's
// projection at a log position between whole commands, so that opening
// replays only the log's tail after it.
//
//   offset  size  field
//   0       4     magic "ONSP"
//   4       4     format version (u32, snapshot_format_version)
//   8       8     log position (u64): the events the projections reflect
//   16      8     payload length (u64)
//   24      n     payload: one section per projection, in the order of
//                 projections::members() then the idempotency index, each
//                 a u8 section number (1, 2, ...), a u64 length and its bytes
//   24 + n  4     CRC-32C of bytes [0, 24 + n)
//
// Integers are little-endian. A snapshot is only ever trusted whole: the
// length, the checksum, the version and every section are checked before
// any of it replaces state, and a failure names what was wrong
// (docs/reference/store.md, "Snapshots").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "onhand/core/result.hpp"

#include "engine/projections.hpp"

namespace onhand::detail {

inline constexpr std::uint32_t snapshot_magic = 0x50534e4f;  // "ONSP" in file order
// 2: the sales-order book joined the projections (a section more).
// 3: each sales-order line records its deliveries and returns.
inline constexpr std::uint32_t snapshot_format_version = 3;
inline constexpr std::size_t snapshot_header_bytes = 24;
inline constexpr std::size_t snapshot_trailer_bytes = 4;

/// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78, initial and final
/// XOR 0xFFFFFFFF), continuing from `crc` (0 to start). The check value of
/// "123456789" is 0xE3069283. Uses the SSE4.2 instruction where the CPU has it.
[[nodiscard]] auto crc32c(std::string_view bytes, std::uint32_t crc = 0) noexcept -> std::uint32_t;
/// The same, by table only (what crc32c falls back to), for tests.
[[nodiscard]] auto crc32c_portable(std::string_view bytes, std::uint32_t crc = 0) noexcept
    -> std::uint32_t;

/// The snapshot of `p` at p.position, which must be between whole commands.
[[nodiscard]] auto encode_snapshot(const projections& p) -> std::string;

/// The log position a snapshot claims, after checking its length, checksum
/// and format version. Errors: store_failure naming the damage.
[[nodiscard]] auto snapshot_position(std::string_view bytes) -> result<std::uint64_t>;

/// Replaces `into` with the projections a snapshot holds. Errors:
/// store_failure naming the damage; `into` is then unspecified (the caller
/// starts over from empty projections).
[[nodiscard]] auto decode_snapshot(std::string_view bytes, projections& into) -> result<void>;

}  // namespace onhand::detail
