// SPDX-License-Identifier: Apache-2.0
// File: onhand/storage/opening_report.hpp
//
// How an inventory rebuilt its projections when it opened: from the newest
// usable snapshot the store holds and the log's tail after it, or by
// replaying the whole log; and every snapshot it passed over, with why.
// A snapshot is skipped, never trusted in part, when its bytes are damaged
// (length, checksum), it has a format version this build does not read, it
// claims a position beyond the log's end, or the log's tail does not
// follow from it (docs/concepts/storage.md, "Snapshots").
//
// Example:
//
//   auto inv = onhand::inventory::open(std::move(store)).value();
//   const auto report = inv.opening();
//   for (const auto& s : report.skipped) log(s.log_position, s.reason);
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace onhand {

/// Told how far a replay has come: events replayed so far, and in all
/// (inventory_options::replay_progress).
using replay_progress_fn = std::function<void(std::uint64_t replayed, std::uint64_t total)>;

/// A snapshot opening did not use, and why.
struct skipped_snapshot {
  std::uint64_t log_position = 0;  ///< Where the store says it was taken.
  std::string reason;

  friend auto operator==(const skipped_snapshot&, const skipped_snapshot&) -> bool = default;
};

struct opening_report {
  /// The log position of the snapshot the projections were loaded from;
  /// nullopt when opening replayed the whole log.
  std::optional<std::uint64_t> snapshot_position;
  /// Events replayed after the snapshot (or from the log's start).
  std::uint64_t replayed_events = 0;
  /// Snapshots passed over, newest first.
  std::vector<skipped_snapshot> skipped;

  friend auto operator==(const opening_report&, const opening_report&) -> bool = default;
};

}  // namespace onhand
