// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/time_phased.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace onhand {
namespace {

auto day_number(date day) -> std::int64_t {
  return std::chrono::sys_days{day}.time_since_epoch().count();
}

// The bucket of a dated entry: days before the horizon count on its first day; nullopt after it.
auto bucket_of(date day, std::int64_t first_day, int days) -> std::optional<std::size_t> {
  const auto offset = std::max<std::int64_t>(day_number(day) - first_day, 0);
  if (offset >= days) return std::nullopt;
  return static_cast<std::size_t>(offset);
}

auto check_days(int days) -> std::optional<error> {
  if (days > 0 && days <= atp_horizon_days_max) return std::nullopt;
  return make_error(errc::invalid_parameter,
                    "days must be in 1.." + std::to_string(atp_horizon_days_max) + ", got " +
                        std::to_string(days),
                    {.field = "days"});
}

// The cumulative supply and demand of one item over the horizon, checked: overflow first (it
// ranks before invalid_quantity), then the first negative amount. `item` names the item of a
// column input in the errors.
auto check_item(quantity on_hand, std::span<const dated_quantity> receipts,
                std::span<const dated_quantity> demands, std::int64_t first_day, int days,
                std::optional<std::size_t> item) -> std::optional<error> {
  quantity supply = on_hand;
  quantity demand;
  bool overflowed = false;
  for (const auto& receipt : receipts) {
    if (bucket_of(receipt.day, first_day, days)) {
      overflowed = overflowed || add_overflows(supply, receipt.amount, supply);
    }
  }
  for (const auto& entry : demands) {
    if (bucket_of(entry.day, first_day, days)) {
      overflowed = overflowed || add_overflows(demand, entry.amount, demand);
    }
  }
  const auto where = [&](std::string text) {
    return item ? text + " of item " + std::to_string(*item) : text;
  };
  if (overflowed) {
    return make_error(errc::overflow, where("the cumulative supply or demand overflows"),
                      {.field = "receipts", .line = item});
  }
  if (on_hand.is_negative()) {
    return make_error(errc::invalid_quantity,
                      where("on hand cannot be negative, got " + on_hand.to_string()),
                      {.field = "on_hand", .line = item});
  }
  const auto negative = [&](std::span<const dated_quantity> entries,
                            std::string_view field) -> std::optional<error> {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].amount.is_negative()) {
        return make_error(errc::invalid_quantity,
                          where(std::string(field) + " " + std::to_string(i) +
                                " cannot be negative, got " + entries[i].amount.to_string()),
                          {.field = std::string(field), .line = item ? item : i});
      }
    }
    return std::nullopt;
  };
  if (auto e = negative(receipts, "receipts")) return e;
  return negative(demands, "demands");
}

// net[k] += receipts - demands of bucket k; `net` has `days` entries.
void add_net(std::span<const dated_quantity> receipts, std::span<const dated_quantity> demands,
             std::int64_t first_day, int days, std::span<quantity::rep> net) {
  for (const auto& receipt : receipts) {
    if (auto k = bucket_of(receipt.day, first_day, days)) net[*k] += receipt.amount.raw();
  }
  for (const auto& entry : demands) {
    if (auto k = bucket_of(entry.day, first_day, days)) net[*k] -= entry.amount.raw();
  }
}

// In place: net per day becomes ATP per day (prefix sums from on hand, then the suffix minimum
// floored at 0). Checked inputs keep every partial sum S(d) - D(d) within range.
void net_to_atp(quantity on_hand, std::span<quantity::rep> net) {
  quantity::rep level = on_hand.raw();
  for (auto& value : net) value = level += value;
  quantity::rep floor = INT64_MAX;
  for (auto value = net.rbegin(); value != net.rend(); ++value) {
    floor = std::min(floor, *value);
    *value = std::max<quantity::rep>(floor, 0);
  }
}

auto check_offsets(std::span<const std::size_t> offsets, std::size_t items, std::size_t entries,
                   std::string_view field) -> std::optional<error> {
  bool ok = offsets.size() == items + 1 && offsets.front() == 0 && offsets.back() == entries;
  for (std::size_t i = 0; ok && i < items; ++i) ok = offsets[i] <= offsets[i + 1];
  if (ok) return std::nullopt;
  return make_error(errc::invalid_parameter,
                    std::string(field) +
                        " must have one entry per item plus one, start at 0, never decrease and "
                        "end at the number of entries",
                    {.field = std::string(field)});
}

}  // namespace

auto time_phased_atp(quantity on_hand, std::span<const dated_quantity> receipts,
                     std::span<const dated_quantity> demands, date from, int days)
    -> result<std::vector<atp_bucket>> {
  if (auto e = check_days(days)) return *std::move(e);
  const auto first_day = day_number(from);
  if (auto e = check_item(on_hand, receipts, demands, first_day, days, std::nullopt)) {
    return *std::move(e);
  }
  std::vector<atp_bucket> buckets(static_cast<std::size_t>(days));
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    buckets[k].day = date{std::chrono::sys_days{from} + std::chrono::days{k}};
  }
  for (const auto& receipt : receipts) {
    if (auto k = bucket_of(receipt.day, first_day, days)) buckets[*k].supply += receipt.amount;
  }
  for (const auto& entry : demands) {
    if (auto k = bucket_of(entry.day, first_day, days)) buckets[*k].demand += entry.amount;
  }
  quantity supply = on_hand;
  quantity demand;
  for (auto& bucket : buckets) {
    bucket.supply = supply += bucket.supply;
    bucket.demand = demand += bucket.demand;
  }
  quantity floor = quantity::from_raw(INT64_MAX);
  for (auto bucket = buckets.rbegin(); bucket != buckets.rend(); ++bucket) {
    floor = std::min(floor, bucket->supply - bucket->demand);
    bucket->atp = std::max(floor, quantity{});
  }
  return buckets;
}

auto promise_date(std::span<const atp_bucket> buckets, quantity wanted) -> std::optional<date> {
  for (const auto& bucket : buckets) {
    if (bucket.atp >= wanted) return bucket.day;
  }
  return std::nullopt;
}

auto time_phased_atp_columns(const atp_columns& items, date from, int days, std::span<quantity> atp)
    -> result<void> {
  if (auto e = check_days(days)) return *std::move(e);
  const auto count = items.on_hand.size();
  if (auto e =
          check_offsets(items.receipt_offsets, count, items.receipts.size(), "receipt_offsets")) {
    return *std::move(e);
  }
  if (auto e = check_offsets(items.demand_offsets, count, items.demands.size(), "demand_offsets")) {
    return *std::move(e);
  }
  const auto width = static_cast<std::size_t>(days);
  if (atp.size() != count * width) {
    return make_error(errc::invalid_parameter,
                      "the output must hold items × days = " + std::to_string(count * width) +
                          " values, got " + std::to_string(atp.size()),
                      {.field = "atp"});
  }
  const auto first_day = day_number(from);
  const auto receipts_of = [&](std::size_t i) {
    return items.receipts.subspan(items.receipt_offsets[i],
                                  items.receipt_offsets[i + 1] - items.receipt_offsets[i]);
  };
  const auto demands_of = [&](std::size_t i) {
    return items.demands.subspan(items.demand_offsets[i],
                                 items.demand_offsets[i + 1] - items.demand_offsets[i]);
  };
  // Every item is checked before any output is written.
  for (std::size_t i = 0; i < count; ++i) {
    if (auto e = check_item(items.on_hand[i], receipts_of(i), demands_of(i), first_day, days, i)) {
      return *std::move(e);
    }
  }
  // One row of raw values, reused: the per-day work is integer adds and a running minimum.
  std::vector<quantity::rep> row(width);
  for (std::size_t i = 0; i < count; ++i) {
    std::fill(row.begin(), row.end(), 0);
    add_net(receipts_of(i), demands_of(i), first_day, days, row);
    net_to_atp(items.on_hand[i], row);
    for (std::size_t k = 0; k < width; ++k) atp[i * width + k] = quantity::from_raw(row[k]);
  }
  return {};
}

auto time_phased_atp_columns(const atp_columns& items, date from, int days)
    -> result<std::vector<quantity>> {
  if (auto e = check_days(days)) return *std::move(e);
  std::vector<quantity> atp(items.on_hand.size() * static_cast<std::size_t>(days));
  if (auto done = time_phased_atp_columns(items, from, days, atp); !done) {
    return std::move(done).error();
  }
  return atp;
}

}  // namespace onhand
