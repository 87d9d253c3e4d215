// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/time_phased.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace onhand {
namespace {

// The bucket of every dated entry: days before the horizon count on its first day; `outside`
// after it. Converting a calendar date costs more than the rest of an entry's work, so it is
// done once, here, for the checks and the sums both.
constexpr std::int32_t outside = -1;

auto buckets_of(std::span<const dated_quantity> entries, std::int64_t first_day, int days)
    -> std::vector<std::int32_t> {
  std::vector<std::int32_t> buckets(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto offset = std::max<std::int64_t>(day_number(entries[i].day) - first_day, 0);
    buckets[i] = offset < days ? static_cast<std::int32_t>(offset) : outside;
  }
  return buckets;
}

// One input: the entries and their buckets.
struct bucketed {
  std::span<const dated_quantity> entries;
  std::span<const std::int32_t> buckets;

  [[nodiscard]] auto subspan(std::size_t first, std::size_t last) const -> bucketed {
    return {entries.subspan(first, last - first), buckets.subspan(first, last - first)};
  }
};

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
auto check_item(quantity on_hand, const bucketed& receipts, const bucketed& demands,
                std::optional<std::size_t> item) -> std::optional<error> {
  quantity supply = on_hand;
  quantity demand;
  bool overflowed = false;
  for (std::size_t i = 0; i < receipts.entries.size(); ++i) {
    if (receipts.buckets[i] != outside) {
      overflowed = overflowed || add_overflows(supply, receipts.entries[i].amount, supply);
    }
  }
  for (std::size_t i = 0; i < demands.entries.size(); ++i) {
    if (demands.buckets[i] != outside) {
      overflowed = overflowed || add_overflows(demand, demands.entries[i].amount, demand);
    }
  }
  const auto where = [&](const std::string& text) {
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
  if (auto e = negative(receipts.entries, "receipts")) return e;
  return negative(demands.entries, "demands");
}

// net[k] += receipts - demands of bucket k; `net` has one entry per day.
void add_net(const bucketed& receipts, const bucketed& demands, std::span<quantity::rep> net) {
  for (std::size_t i = 0; i < receipts.entries.size(); ++i) {
    if (const auto k = receipts.buckets[i]; k != outside) {
      net[static_cast<std::size_t>(k)] += receipts.entries[i].amount.raw();
    }
  }
  for (std::size_t i = 0; i < demands.entries.size(); ++i) {
    if (const auto k = demands.buckets[i]; k != outside) {
      net[static_cast<std::size_t>(k)] -= demands.entries[i].amount.raw();
    }
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
  const auto receipt_buckets = buckets_of(receipts, first_day, days);
  const auto demand_buckets = buckets_of(demands, first_day, days);
  const bucketed supply_in{receipts, receipt_buckets};
  const bucketed demand_in{demands, demand_buckets};
  if (auto e = check_item(on_hand, supply_in, demand_in, std::nullopt)) return *std::move(e);
  std::vector<atp_bucket> buckets(static_cast<std::size_t>(days));
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    buckets[k].day = date{std::chrono::sys_days{from} + std::chrono::days{k}};
  }
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    if (const auto k = receipt_buckets[i]; k != outside) {
      buckets[static_cast<std::size_t>(k)].supply += receipts[i].amount;
    }
  }
  for (std::size_t i = 0; i < demands.size(); ++i) {
    if (const auto k = demand_buckets[i]; k != outside) {
      buckets[static_cast<std::size_t>(k)].demand += demands[i].amount;
    }
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
  const auto receipt_buckets = buckets_of(items.receipts, first_day, days);
  const auto demand_buckets = buckets_of(items.demands, first_day, days);
  const bucketed all_receipts{items.receipts, receipt_buckets};
  const bucketed all_demands{items.demands, demand_buckets};
  const auto receipts_of = [&](std::size_t i) {
    return all_receipts.subspan(items.receipt_offsets[i], items.receipt_offsets[i + 1]);
  };
  const auto demands_of = [&](std::size_t i) {
    return all_demands.subspan(items.demand_offsets[i], items.demand_offsets[i + 1]);
  };
  // Every item is checked before any output is written.
  for (std::size_t i = 0; i < count; ++i) {
    if (auto e = check_item(items.on_hand[i], receipts_of(i), demands_of(i), i)) {
      return *std::move(e);
    }
  }
  // One row of raw values, reused: the per-day work is integer adds and a running minimum.
  std::vector<quantity::rep> row(width);
  for (std::size_t i = 0; i < count; ++i) {
    std::fill(row.begin(), row.end(), 0);
    add_net(receipts_of(i), demands_of(i), row);
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
