// SPDX-License-Identifier: Apache-2.0
#include "onhand/counting/count_book.hpp"

#include "onhand/state.hpp"

namespace onhand {

auto name_of(count_status status) noexcept -> std::string_view {
  switch (status) {
    case count_status::counting:
      return "counting";
    case count_status::awaiting_approval:
      return "awaiting_approval";
    case count_status::adjusted:
      return "adjusted";
    case count_status::rejected:
      return "rejected";
  }
  return "unknown";
}

auto count_book::find(std::string_view key) const -> std::optional<count_task_id> {
  const auto found = by_key_.find(std::string(key));
  if (found == by_key_.end()) return std::nullopt;
  return count_task_id{found->second};
}

auto count_book::open_task(item_id item, location_id location, lot_id lot) const
    -> std::optional<count_task_id> {
  const auto found = open_.find({item.value, location.value, lot.value});
  if (found == open_.end()) return std::nullopt;
  return count_task_id{found->second};
}

void count_book::apply(const count_task_started& e, const state&) {
  const auto id = static_cast<std::uint32_t>(tasks_.size());
  tasks_.push_back(count_task{.key = e.key,
                              .item = e.item,
                              .location = e.location,
                              .lot = e.lot,
                              .loss_location = e.loss_location,
                              .abc_class = e.abc_class,
                              .blind = e.blind,
                              .tolerance = e.tolerance,
                              .unit_cost = e.unit_cost,
                              .snapshot = e.snapshot,
                              .started = e.recorded});
  by_key_.emplace(e.key, id);
  open_[account_of(tasks_.back())] = id;
}

void count_book::apply(const count_submitted& e, const state&) {
  auto& t = tasks_.at(e.task.index());
  ++t.counts;
  t.counted = e.counted;
  t.counted_at = e.counted_at;
  t.expected = e.expected;
  t.within_tolerance = e.within_tolerance;
  if (e.within_tolerance) {
    t.status = count_status::adjusted;
    t.adjustment = e.counted - e.expected;
    t.closed = e.recorded;
    open_.erase(account_of(t));
  } else {
    t.status = count_status::awaiting_approval;
  }
}

void count_book::apply(const count_approved& e, const state&) {
  auto& t = tasks_.at(e.task.index());
  t.status = count_status::adjusted;
  t.approved = true;
  t.adjustment = e.adjustment;
  t.closed = e.recorded;
  open_.erase(account_of(t));
}

void count_book::apply(const count_rejected& e, const state&) {
  auto& t = tasks_.at(e.task.index());
  t.status = count_status::rejected;
  t.closed = e.recorded;
  open_.erase(account_of(t));
}

void count_book::apply(const recount_requested& e, const state&) {
  tasks_.at(e.task.index()).status = count_status::counting;
}

auto count_book::check_invariants(const state&) const -> result<void> {
  const auto fail = [](const std::string& what) {
    return make_error(errc::store_failure, "count tasks: " + what);
  };
  if (by_key_.size() != tasks_.size()) return fail("the key index does not match the tasks");
  std::size_t open = 0;
  for (std::uint32_t id = 0; id < tasks_.size(); ++id) {
    const auto& t = tasks_[id];
    const auto keyed = by_key_.find(t.key);
    if (keyed == by_key_.end() || keyed->second != id)
      return fail("task '" + t.key + "' unindexed");
    const auto indexed = open_.find(account_of(t));
    const bool listed = indexed != open_.end() && indexed->second == id;
    if (t.is_open() != listed) return fail("task '" + t.key + "' is misfiled as open or closed");
    if (t.is_open()) ++open;
    if (t.is_open() == t.closed.has_value()) return fail("task '" + t.key + "' closed time");
    if (t.status != count_status::counting && t.counts == 0) {
      return fail("task '" + t.key + "' was decided without a count");
    }
    if (t.status == count_status::adjusted && !t.approved &&
        t.adjustment != t.counted - t.expected) {
      return fail("task '" + t.key + "' adjusted other than count − expected");
    }
    if (t.status == count_status::awaiting_approval && t.within_tolerance) {
      return fail("task '" + t.key + "' awaits approval within tolerance");
    }
  }
  if (open != open_.size()) return fail("the open index lists closed tasks");
  return {};
}

}  // namespace onhand
