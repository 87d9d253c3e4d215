// SPDX-License-Identifier: Apache-2.0
#include "onhand/counting/queries.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "onhand/catalog/catalog.hpp"
#include "onhand/detail/int128.hpp"
#include "onhand/ledger/queries.hpp"

namespace onhand {
namespace {

auto abs(quantity q) -> quantity { return q.is_negative() ? -q : q; }

auto plan_error(std::string message, std::string field) -> error {
  return make_error(errc::invalid_parameter, std::move(message),
                    error_context{.field = std::move(field)});
}

// The frequency of the nearest location rule at or above `location`.
auto location_frequency(const state& s, const count_plan& plan, location_id location)
    -> std::optional<std::int32_t> {
  for (auto at = location; !at.is_none(); at = s.catalog.parent(at)) {
    for (const auto& rule : plan.locations) {
      if (rule.location == at) return rule.frequency_days;
    }
  }
  return std::nullopt;
}

}  // namespace

auto counts_due(const state& s, const count_plan& plan, std::span<const item_class> classes,
                date day) -> result<std::vector<count_due>> {
  std::map<std::string, std::int32_t, std::less<>> class_frequency;
  for (const auto& rule : plan.classes) {
    if (rule.frequency_days <= 0) {
      return plan_error("class '" + rule.abc_class + "' has a frequency of " +
                            std::to_string(rule.frequency_days) + " days: it must be positive",
                        "classes.frequency_days");
    }
    if (!class_frequency.emplace(rule.abc_class, rule.frequency_days).second) {
      return plan_error("class '" + rule.abc_class + "' is ruled twice", "classes.abc_class");
    }
  }
  for (const auto& rule : plan.locations) {
    if (rule.location.index() >= s.catalog.location_count()) {
      return make_error(errc::unknown_code, "unknown location id in a location rule",
                        error_context{.field = "locations.location"});
    }
    if (rule.frequency_days <= 0) {
      return plan_error("a location rule's frequency must be positive, not " +
                            std::to_string(rule.frequency_days),
                        "locations.frequency_days");
    }
  }
  std::map<std::uint32_t, std::string> class_of;
  for (const auto& c : classes) {
    if (c.item.index() >= s.catalog.item_count()) {
      return make_error(errc::unknown_code, "unknown item id in the classes",
                        error_context{.field = "classes.item"});
    }
    class_of[c.item.value] = c.abc_class;
  }
  // The latest adjusted count and the open tasks of each item and location.
  using place = std::pair<std::uint32_t, std::uint32_t>;
  std::map<place, date> last_counted;
  std::map<place, bool> open;
  for (const auto& t : s.counts.all()) {
    const place at{t.item.value, t.location.value};
    if (t.is_open()) open[at] = true;
    if (t.status != count_status::adjusted) continue;
    const auto counted = date_of(t.counted_at);
    auto [found, added] = last_counted.emplace(at, counted);
    if (!added && std::chrono::sys_days{found->second} < std::chrono::sys_days{counted}) {
      found->second = counted;
    }
  }
  std::vector<count_due> out;
  for (std::uint32_t i = 0; i < s.catalog.item_count(); ++i) {
    const item_id item{i};
    const auto cls = class_of.find(i);
    const std::string abc_class = cls == class_of.end() ? std::string{} : cls->second;
    const auto by_class = class_frequency.find(abc_class);
    const bool classed = cls != class_of.end() && by_class != class_frequency.end();
    if (!classed && plan.locations.empty()) continue;
    for (const auto& p : positions(s, item, day)) {
      if (s.catalog.location(p.location).kind != location_kind::internal) continue;
      auto frequency = location_frequency(s, plan, p.location);
      if (!frequency && classed) frequency = by_class->second;
      if (!frequency) continue;
      const place at{i, p.location.value};
      if (open.contains(at)) continue;
      const auto last = last_counted.find(at);
      std::optional<date> counted;
      date due = day;
      if (last != last_counted.end()) {
        counted = last->second;
        due = date{std::chrono::sys_days{last->second} + std::chrono::days{*frequency}};
        if (std::chrono::sys_days{due} > std::chrono::sys_days{day}) continue;
      }
      out.push_back(count_due{.item = item,
                              .location = p.location,
                              .abc_class = classed ? abc_class : std::string{},
                              .frequency_days = *frequency,
                              .last_counted = counted,
                              .due = due});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const count_due& a, const count_due& b) {
    return std::tuple{std::chrono::sys_days{a.due}, a.item.value, a.location.value} <
           std::tuple{std::chrono::sys_days{b.due}, b.item.value, b.location.value};
  });
  return out;
}

auto count_variances(const state& s) -> std::vector<count_variance> {
  std::vector<count_variance> out;
  const auto tasks = s.counts.all();
  for (std::uint32_t id = 0; id < tasks.size(); ++id) {
    const auto& t = tasks[id];
    if (t.counts == 0) continue;
    count_variance row{.task = count_task_id{id},
                       .key = t.key,
                       .item = t.item,
                       .location = t.location,
                       .lot = t.lot,
                       .abc_class = t.abc_class,
                       .status = t.status,
                       .snapshot = t.snapshot,
                       .movements = t.expected - t.snapshot,
                       .expected = t.expected,
                       .counted = t.counted,
                       .variance = t.counted - t.expected,
                       .percent = std::nullopt,
                       .value = std::nullopt,
                       .within_tolerance = t.within_tolerance,
                       .adjustment = t.adjustment,
                       .counts = t.counts,
                       .counted_at = t.counted_at};
    if (!t.expected.is_zero()) {
      // variance / expected × 100 at quantity's scale, toward zero.
      const auto numerator =
          static_cast<detail::int128>(row.variance.raw()) * 100 * quantity::scale;
      const auto percent = numerator / abs(t.expected).raw();
      if (percent <= INT64_MAX && percent >= INT64_MIN) {
        row.percent = quantity::from_raw(static_cast<std::int64_t>(percent));
      }
    }
    if (t.unit_cost) {
      if (auto value = extend(row.variance, *t.unit_cost); value) row.value = *value;
    }
    out.push_back(std::move(row));
  }
  return out;
}

auto count_sheet(const state& s) -> std::vector<count_sheet_line> {
  std::vector<count_sheet_line> out;
  const auto tasks = s.counts.all();
  for (std::uint32_t id = 0; id < tasks.size(); ++id) {
    const auto& t = tasks[id];
    if (t.status != count_status::counting) continue;
    out.push_back(
        count_sheet_line{.task = count_task_id{id},
                         .key = t.key,
                         .item = t.item,
                         .location = t.location,
                         .lot = t.lot,
                         .status = t.status,
                         .expected = t.blind ? std::nullopt : std::optional<quantity>{t.snapshot}});
  }
  return out;
}

auto record_accuracy(const state& s, accuracy_grouping by, std::optional<date> from,
                     std::optional<date> to) -> std::vector<accuracy_row> {
  std::map<std::string, accuracy_row> groups;
  for (const auto& t : s.counts.all()) {
    if (t.status != count_status::adjusted) continue;
    const auto day = std::chrono::sys_days{date_of(t.counted_at)};
    if (from && day < std::chrono::sys_days{*from}) continue;
    if (to && day > std::chrono::sys_days{*to}) continue;
    std::string group;
    switch (by) {
      case accuracy_grouping::abc_class:
        group = t.abc_class;
        break;
      case accuracy_grouping::location:
        group = s.catalog.location(t.location).code;
        break;
      case accuracy_grouping::month:
        group = format(date_of(t.counted_at)).substr(0, 7);
        break;
    }
    auto& row = groups[group];
    row.group = group;
    ++row.counts;
    if (t.within_tolerance) ++row.within;
  }
  std::vector<accuracy_row> out;
  for (auto& [group, row] : groups) {
    row.share = quantity::from_raw(static_cast<std::int64_t>(
        static_cast<detail::int128>(row.within) * quantity::scale / row.counts));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace onhand
