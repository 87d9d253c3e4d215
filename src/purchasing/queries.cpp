// SPDX-License-Identifier: Apache-2.0
#include "onhand/purchasing/queries.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "onhand/detail/int128.hpp"
#include "onhand/state.hpp"

namespace onhand {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

auto sys_day(date d) -> std::chrono::sys_days { return std::chrono::sys_days{d}; }
auto days_of(timestamp t) -> std::chrono::sys_days {
  return std::chrono::floor<std::chrono::days>(t);
}

// One line's part in the metrics, once it is resolved.
struct line_outcome {
  bool resolved = false;
  timestamp at;  // when it was resolved
  bool in_full = false;
  bool on_time = false;
  std::optional<double> lead_time_days;
  quantity ordered;
  quantity filled;  // min(received, ordered)
};

// A line is resolved when it completed (by the receipt that completed it) or
// when its order was closed before it completed. Cancelled orders and open
// incomplete lines are not resolved.
auto outcome_of(const purchase_order& o, const purchase_order_line_state& l, quantity under)
    -> line_outcome {
  line_outcome out;
  if (l.complete) {
    out.resolved = true;
    out.at = *l.completed;
  } else if (o.status == purchase_order_status::closed) {
    out.resolved = true;
    out.at = *o.ended;
  } else {
    return out;
  }
  // Rejected stock (returned or scrapped after inspection) does not fill the
  // line; what is still in inspection does until it is rejected.
  const auto kept = l.received - l.rejected;
  out.in_full = l.complete && line_complete(l.line.amount, kept, under);
  const auto arrived = l.complete ? l.completed : l.last_receipt;
  out.on_time = arrived && days_of(*arrived) <= sys_day(l.line.expected);
  if (arrived && o.sent) {
    using days = std::chrono::duration<double, std::ratio<86400>>;
    out.lead_time_days = std::chrono::duration_cast<days>(*arrived - *o.sent).count();
  }
  out.ordered = l.line.amount;
  out.filled = std::min(kept, l.line.amount);
  return out;
}

struct accumulator {
  std::size_t lines = 0;
  std::size_t on_time = 0;
  std::size_t in_full = 0;
  std::size_t otif = 0;
  std::vector<double> lead_times;
  detail::int128 ordered = 0;
  detail::int128 filled = 0;
  money variance;
  money list_value;

  void add(const line_outcome& o) {
    ++lines;
    on_time += o.on_time ? 1 : 0;
    in_full += o.in_full ? 1 : 0;
    otif += o.on_time && o.in_full ? 1 : 0;
    if (o.lead_time_days) lead_times.push_back(*o.lead_time_days);
    ordered += o.ordered.raw();
    filled += o.filled.raw();
  }

  [[nodiscard]] auto row(std::string supplier, item_id item) const -> supplier_performance {
    supplier_performance r;
    r.supplier = std::move(supplier);
    r.item = item;
    r.lines = lines;
    const auto n = lead_times.size();
    r.lead_time_samples = n;
    double sum = 0;
    for (double x : lead_times) sum += x;
    r.lead_time_days_mean = n == 0 ? nan : sum / static_cast<double>(n);
    if (n < 2) {
      r.lead_time_days_stddev = nan;
    } else {
      double squares = 0;
      for (double x : lead_times)
        squares += (x - r.lead_time_days_mean) * (x - r.lead_time_days_mean);
      r.lead_time_days_stddev = std::sqrt(squares / static_cast<double>(n - 1));
    }
    const auto rate = [&](std::size_t k) {
      return lines == 0 ? nan : static_cast<double>(k) / static_cast<double>(lines);
    };
    r.on_time_rate = rate(on_time);
    r.in_full_rate = rate(in_full);
    r.otif_rate = rate(otif);
    r.fill_rate = ordered == 0 ? nan : static_cast<double>(filled) / static_cast<double>(ordered);
    r.price_variance = variance;
    r.price_variance_rate = list_value.is_zero() ? nan
                                                 : static_cast<double>(variance.raw()) /
                                                       static_cast<double>(list_value.raw());
    return r;
  }
};

// Every line resolved in [from, to), with its price variance added.
template <class Key, class KeyOf>
auto accumulate(const state& s, timestamp from, timestamp to, KeyOf key_of)
    -> std::map<Key, accumulator> {
  std::map<Key, accumulator> out;
  const auto& book = s.purchasing;
  for (const auto& o : book.orders()) {
    for (const auto& l : o.lines) {
      const auto outcome = outcome_of(o, l, book.tolerances(o.supplier, l.line.item).second);
      if (!outcome.resolved || outcome.at < from || outcome.at >= to) continue;
      auto& acc = out[key_of(o, l)];
      acc.add(outcome);
      const auto created = std::chrono::year_month_day{days_of(o.created)};
      if (const auto* list = book.price_on(o.supplier, l.line.item, created)) {
        auto paid = extend(l.received, l.line.price);
        auto listed = extend(l.received, list->price);
        if (paid && listed) {
          if (auto diff = checked_sub(*paid, *listed)) {
            if (auto sum = checked_add(acc.variance, *diff)) acc.variance = *sum;
          }
          if (auto sum = checked_add(acc.list_value, *listed)) acc.list_value = *sum;
        }
      }
    }
  }
  return out;
}

}  // namespace

auto open_lines(const state& s) -> std::vector<open_line> {
  std::vector<open_line> out;
  const auto& book = s.purchasing;
  for (const auto& o : book.orders()) {
    if (!o.open()) continue;
    for (std::uint32_t i = 0; i < o.lines.size(); ++i) {
      const auto& l = o.lines[i];
      if (l.complete || l.received >= l.line.amount) continue;
      out.push_back({o.key, i, book.supplier_at(o.supplier).terms.code, l.line.item,
                     l.line.destination, l.line.amount, l.received, l.line.amount - l.received,
                     l.line.expected, o.status});
    }
  }
  return out;
}

auto in_inspection(const state& s) -> std::vector<inspection_holding> {
  std::vector<inspection_holding> out;
  for (const auto& o : s.purchasing.orders()) {
    for (std::uint32_t i = 0; i < o.lines.size(); ++i) {
      const auto& l = o.lines[i];
      if (!l.in_inspection.is_positive()) continue;
      out.push_back(
          {o.key, i, l.line.item, l.inspected_at, l.line.destination, l.in_inspection, l.rejected});
    }
  }
  return out;
}

auto on_order(const state& s, item_id item, location_id destination) -> quantity {
  return s.purchasing.on_order(item, destination);
}

auto purchase_receipts(const state& s, item_id item, location_id location)
    -> std::vector<scheduled_receipt> {
  std::vector<scheduled_receipt> out;
  for (const auto& line : open_lines(s)) {
    if (line.status == purchase_order_status::draft) continue;
    if (!item.is_none() && line.item != item) continue;
    if (!location.is_none() && line.destination != location) continue;
    out.push_back({line.item, line.destination, line.remaining, line.expected,
                   line.order + "/" + std::to_string(line.line)});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return sys_day(a.day) < sys_day(b.day); });
  return out;
}

auto as_dated(std::span<const scheduled_receipt> receipts) -> std::vector<dated_quantity> {
  std::vector<dated_quantity> out;
  out.reserve(receipts.size());
  for (const auto& r : receipts) out.push_back({r.day, r.amount});
  return out;
}

auto lead_time_observations(const state& s) -> std::vector<lead_time_observation> {
  std::vector<lead_time_observation> out;
  const auto& book = s.purchasing;
  for (const auto& o : book.orders()) {
    for (std::uint32_t i = 0; i < o.lines.size(); ++i) {
      const auto& l = o.lines[i];
      if (!l.complete || !o.sent) continue;
      const auto outcome = outcome_of(o, l, book.tolerances(o.supplier, l.line.item).second);
      if (!outcome.lead_time_days) continue;
      out.push_back({o.key, i, book.supplier_at(o.supplier).terms.code, l.line.item,
                     l.line.destination, *o.sent, outcome.at, *outcome.lead_time_days});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.received < b.received; });
  return out;
}

auto supplier_performance_by_supplier(const state& s, timestamp from, timestamp to)
    -> std::vector<supplier_performance> {
  auto groups = accumulate<std::uint32_t>(
      s, from, to, [](const purchase_order& o, const auto&) { return o.supplier.value; });
  std::vector<supplier_performance> out;
  for (const auto& [supplier, acc] : groups) {
    out.push_back(
        acc.row(s.purchasing.supplier_at(supplier_id{supplier}).terms.code, item_id::none()));
  }
  return out;
}

auto supplier_performance_by_item(const state& s, timestamp from, timestamp to)
    -> std::vector<supplier_performance> {
  using key = std::pair<std::uint32_t, std::uint32_t>;
  auto groups = accumulate<key>(s, from, to, [](const purchase_order& o, const auto& l) {
    return key{o.supplier.value, l.line.item.value};
  });
  std::vector<supplier_performance> out;
  for (const auto& [k, acc] : groups) {
    out.push_back(
        acc.row(s.purchasing.supplier_at(supplier_id{k.first}).terms.code, item_id{k.second}));
  }
  return out;
}

}  // namespace onhand
