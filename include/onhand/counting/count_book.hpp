// SPDX-License-Identifier: Apache-2.0
// File: onhand/counting/count_book.hpp
//
// The counting domain's projection: every count task, its snapshot, its
// latest count and what became of it. It is built only from the counting
// events (onhand/counting/events.hpp); the queries over it (tasks due,
// variances, record accuracy) are in onhand/counting/queries.hpp.
//
// A task's lifecycle:
//
//   start ──► counting ──► submit ──► within tolerance ───────► adjusted
//                 ▲                └─► outside ─► awaiting_approval
//                 │                                 ├─ approve ─► adjusted
//                 └──────────── recount ────────────┤
//                                                   └─ reject ──► rejected
//
// Example:
//
//   inv.read([&](const onhand::state& s) {
//     auto id = s.counts.find("cc-2026-11/soap/east");
//     if (id) use(s.counts.at(*id).status);
//   });
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "onhand/core/result.hpp"
#include "onhand/counting/events.hpp"
#include "onhand/detail/snapshot_fwd.hpp"

namespace onhand {

struct state;

/// Where a count task stands.
enum class count_status : std::uint8_t {
  counting,           ///< Waiting for a count (new, or after a recount).
  awaiting_approval,  ///< Counted outside tolerance: approve, reject or recount.
  adjusted,           ///< Closed: the book was set to the count (an adjustment may be zero).
  rejected,           ///< Closed: the count was rejected, the book stands.
};
[[nodiscard]] auto name_of(count_status status) noexcept -> std::string_view;

struct count_task {
  std::string key;
  item_id item;
  location_id location;
  lot_id lot = lot_id::none();
  location_id loss_location;
  std::string abc_class;
  bool blind = false;
  count_tolerance tolerance;
  std::optional<money> unit_cost;
  quantity snapshot;
  timestamp started;
  count_status status = count_status::counting;
  std::uint32_t counts = 0;  ///< Counts submitted (the first and every recount).
  // The latest count (valid when counts > 0).
  quantity counted;
  timestamp counted_at;
  quantity expected;
  bool within_tolerance = false;
  bool approved = false;  ///< Closed by an approval rather than within tolerance.
  quantity adjustment;    ///< What was posted (adjusted tasks).
  std::optional<timestamp> closed;

  [[nodiscard]] auto is_open() const -> bool {
    return status == count_status::counting || status == count_status::awaiting_approval;
  }
  friend auto operator==(const count_task&, const count_task&) -> bool = default;
};

class count_book {
 public:
  /// The task started under `key`, if any.
  [[nodiscard]] auto find(std::string_view key) const -> std::optional<count_task_id>;
  [[nodiscard]] auto at(count_task_id id) const -> const count_task& {
    return tasks_.at(id.index());
  }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return tasks_.size(); }
  /// Every task, in the order they were started (ids are indexes).
  [[nodiscard]] auto all() const noexcept -> std::span<const count_task> { return tasks_; }
  /// The open task of an item and lot at a location, if any.
  [[nodiscard]] auto open_task(item_id item, location_id location, lot_id lot) const
      -> std::optional<count_task_id>;

  // The counting events, applied by the engine once validated and stored.
  void apply(const count_task_started& e, const state& s);
  void apply(const count_submitted& e, const state& s);
  void apply(const count_approved& e, const state& s);
  void apply(const count_rejected& e, const state& s);
  void apply(const recount_requested& e, const state& s);

  /// What must hold after every event: the key index and the open-task
  /// index match the tasks, at most one task is open per item, lot and
  /// location, and each task's fields fit its status. store_failure names
  /// the first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const count_book&, const count_book&) -> bool = default;

 private:
  using account = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;  // item, location, lot
  static auto account_of(const count_task& t) -> account {
    return {t.item.value, t.location.value, t.lot.value};
  }

  std::vector<count_task> tasks_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  std::map<account, std::uint32_t> open_;  // the open task of each account
};

}  // namespace onhand
