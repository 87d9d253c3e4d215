// SPDX-License-Identifier: Apache-2.0
// The count book in a snapshot: every count task and the open task of each
// account. The lookup by key is rebuilt on load.
#include "onhand/counting/count_book.hpp"

#include "engine/snapshot_io.hpp"

namespace onhand {

template <class Archive>
static void io(Archive& a, count_tolerance& t) {
  a(t.quantity_max, t.percent_max, t.value_max);
}
template <class Archive>
static void io(Archive& a, count_task& t) {
  a(t.key, t.item, t.location, t.lot, t.loss_location, t.abc_class, t.blind, t.tolerance,
    t.unit_cost, t.snapshot, t.started);
  a.enumeration(t.status, count_status::rejected);
  a(t.counts, t.counted, t.counted_at, t.expected, t.within_tolerance, t.approved, t.adjustment,
    t.closed);
}

void count_book::save(detail::snapshot_writer& out) const { out(tasks_, open_); }

void count_book::load(detail::snapshot_reader& in) {
  *this = count_book{};
  in(tasks_, open_);
  if (!in.ok()) return;
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    if (!by_key_.emplace(tasks_[i].key, static_cast<std::uint32_t>(i)).second) return in.fail();
  }
  for (const auto& [task_account, id] : open_) {
    if (id >= tasks_.size()) return in.fail();
  }
}

}  // namespace onhand
