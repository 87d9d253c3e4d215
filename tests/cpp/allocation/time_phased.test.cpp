// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/time_phased.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "days.hpp"

namespace onhand {
namespace {

using allocation_testing::day;
using allocation_testing::units;
using onhand::testing::HasError;
using onhand::testing::IsOk;

auto atp_of(const std::vector<atp_bucket>& buckets) -> std::vector<std::int64_t> {
  std::vector<std::int64_t> out;
  out.reserve(buckets.size());
  for (const auto& b : buckets) out.push_back(b.atp.raw() / quantity::scale);
  return out;
}

// The textbook case: 100 on hand, 30 owed on day 1, 100 on day 3, 10 on day 4; 50 arrive on
// day 2 and 60 on day 4. Worked by hand:
//   day     0    1    2    3    4
//   S     100  100  150  150  210
//   D       0   30   30  130  140
//   S-D   100   70  120   20   70
//   ATP    20   20   20   20   70
// Only 20 can be promised before day 4, though 100 are on the shelf on day 0: the 100 owed on
// day 3 would otherwise be uncovered.
TEST(TimePhasedAtp, LaterCommitmentIsNeverUncovered) {
  const std::vector<dated_quantity> receipts{{day(2), units(50)}, {day(4), units(60)}};
  const std::vector<dated_quantity> demands{
      {day(1), units(30)}, {day(3), units(100)}, {day(4), units(10)}};
  auto buckets = time_phased_atp(units(100), receipts, demands, day(0), 5);
  ASSERT_THAT(buckets, IsOk());
  EXPECT_EQ(atp_of(*buckets), (std::vector<std::int64_t>{20, 20, 20, 20, 70}));
  EXPECT_EQ((*buckets)[2], (atp_bucket{day(2), units(150), units(30), units(20)}));
  EXPECT_EQ((*buckets)[4], (atp_bucket{day(4), units(210), units(140), units(70)}));
  EXPECT_EQ(promise_date(*buckets, units(20)), day(0));
  EXPECT_EQ(promise_date(*buckets, units(21)), day(4));
  EXPECT_EQ(promise_date(*buckets, units(70)), day(4));
  EXPECT_EQ(promise_date(*buckets, units(71)), std::nullopt);

  // Without the 100 on day 3, day 0 could promise 70 (the 30 on day 1 bounds it).
  const std::vector<dated_quantity> fewer{{day(1), units(30)}, {day(4), units(10)}};
  auto before = time_phased_atp(units(100), receipts, fewer, day(0), 5);
  EXPECT_EQ(atp_of(*before), (std::vector<std::int64_t>{70, 70, 120, 120, 170}));
}

// More owed than will ever be there: ATP is 0 throughout, never negative.
TEST(TimePhasedAtp, FlooredAtZero) {
  const std::vector<dated_quantity> demands{{day(2), units(80)}};
  auto buckets = time_phased_atp(units(50), {}, demands, day(0), 4);
  EXPECT_EQ(atp_of(*buckets), (std::vector<std::int64_t>{0, 0, 0, 0}));
  EXPECT_EQ(promise_date(*buckets, units(1)), std::nullopt);
  EXPECT_EQ(promise_date(*buckets, quantity{}), day(0));
}

// Overdue receipts and demands count on the first day; anything after the horizon is ignored.
TEST(TimePhasedAtp, OverdueCountsOnTheFirstDayBeyondTheHorizonIsIgnored) {
  const std::vector<dated_quantity> receipts{{day(-3), units(5)}, {day(9), units(1000)}};
  const std::vector<dated_quantity> demands{{day(-1), units(2)}, {day(3), units(1000)}};
  auto buckets = time_phased_atp(units(10), receipts, demands, day(0), 3);
  ASSERT_THAT(buckets, IsOk());
  EXPECT_EQ((*buckets)[0], (atp_bucket{day(0), units(15), units(2), units(13)}));
  EXPECT_EQ(atp_of(*buckets), (std::vector<std::int64_t>{13, 13, 13}));
  EXPECT_EQ((*buckets)[2].day, day(2));
}

TEST(TimePhasedAtp, Errors) {
  const std::vector<dated_quantity> negative{{day(1), units(-1)}};
  EXPECT_THAT(time_phased_atp(units(1), {}, {}, day(0), 0), HasError(errc::invalid_parameter));
  EXPECT_THAT(time_phased_atp(units(1), {}, {}, day(0), -5), HasError(errc::invalid_parameter));
  EXPECT_THAT(time_phased_atp(units(1), {}, {}, day(0), 3661), HasError(errc::invalid_parameter));
  EXPECT_THAT(time_phased_atp(units(1), {}, {}, day(0), 3660), IsOk());
  EXPECT_THAT(time_phased_atp(units(-1), {}, {}, day(0), 5), HasError(errc::invalid_quantity));
  auto bad_receipt = time_phased_atp(units(1), negative, {}, day(0), 5);
  ASSERT_THAT(bad_receipt, HasError(errc::invalid_quantity));
  EXPECT_EQ(bad_receipt.error().context.field, "receipts");
  auto bad_demand = time_phased_atp(units(1), {}, negative, day(0), 5);
  ASSERT_THAT(bad_demand, HasError(errc::invalid_quantity));
  EXPECT_EQ(bad_demand.error().context.field, "demands");
  // A negative amount after the horizon is still bad input.
  const std::vector<dated_quantity> late_negative{{day(99), units(-1)}};
  EXPECT_THAT(time_phased_atp(units(1), late_negative, {}, day(0), 5),
              HasError(errc::invalid_quantity));
  const auto huge = quantity::from_raw(INT64_MAX / 2 + 1);
  const std::vector<dated_quantity> two_huge{{day(1), huge}, {day(2), huge}};
  EXPECT_THAT(time_phased_atp(units(1), two_huge, {}, day(0), 5), HasError(errc::overflow));
  EXPECT_THAT(time_phased_atp(units(1), {}, two_huge, day(0), 5), HasError(errc::overflow));
}

// The definitions evaluated directly, O(days^2): S and D summed from the raw entries for every
// day, the minimum taken over every later day.
auto brute_force(quantity on_hand, const std::vector<dated_quantity>& receipts,
                 const std::vector<dated_quantity>& demands, int from, int days)
    -> std::vector<atp_bucket> {
  const auto offset = [](const dated_quantity& e) {
    return static_cast<int>((std::chrono::sys_days{e.day} - std::chrono::sys_days{day(0)}).count());
  };
  const auto through = [&](const std::vector<dated_quantity>& entries, int d) {
    quantity sum;
    for (const auto& e : entries) {
      if (offset(e) <= d) sum += e.amount;
    }
    return sum;
  };
  std::vector<atp_bucket> out;
  for (int d = from; d < from + days; ++d) {
    quantity lowest = on_hand + through(receipts, d) - through(demands, d);
    for (int later = d; later < from + days; ++later) {
      lowest = std::min(lowest, on_hand + through(receipts, later) - through(demands, later));
    }
    out.push_back({day(d), on_hand + through(receipts, d), through(demands, d),
                   std::max(lowest, quantity{})});
  }
  return out;
}

struct random_item {
  quantity on_hand;
  std::vector<dated_quantity> receipts;
  std::vector<dated_quantity> demands;
};

auto random_item_of(std::mt19937_64& rng) -> random_item {
  std::uniform_int_distribution<int> count(0, 6);
  std::uniform_int_distribution<int> when(-4, 24);
  std::uniform_int_distribution<std::int64_t> amount(0, 40'000'000);
  random_item item{.on_hand = quantity::from_raw(amount(rng))};
  for (int n = count(rng); n > 0; --n) {
    item.receipts.push_back({day(when(rng)), quantity::from_raw(amount(rng))});
  }
  for (int n = count(rng); n > 0; --n) {
    item.demands.push_back({day(when(rng)), quantity::from_raw(amount(rng) * 2)});
  }
  return item;
}

TEST(TimePhasedAtp, MatchesTheDefinitionOnRandomCases) {
  std::mt19937_64 rng(20261205);
  std::uniform_int_distribution<int> horizon(1, 20);
  for (int trial = 0; trial < 3000; ++trial) {
    const auto item = random_item_of(rng);
    const int days = horizon(rng);
    auto buckets = time_phased_atp(item.on_hand, item.receipts, item.demands, day(0), days);
    ASSERT_THAT(buckets, IsOk());
    ASSERT_EQ(*buckets, brute_force(item.on_hand, item.receipts, item.demands, 0, days))
        << "trial " << trial;
    // The promise date is the first day whose ATP covers the quantity, found by a scan.
    const auto wanted =
        quantity::from_raw(std::uniform_int_distribution<std::int64_t>(0, 60'000'000)(rng));
    std::optional<date> first;
    for (const auto& b : *buckets) {
      if (!first && b.atp >= wanted) first = b.day;
    }
    ASSERT_EQ(promise_date(*buckets, wanted), first);
  }
}

TEST(TimePhasedAtpColumns, MatchesOneItemAtATime) {
  std::mt19937_64 rng(7);
  const int days = 15;
  std::vector<random_item> items(200);
  for (auto& item : items) item = random_item_of(rng);
  std::vector<quantity> on_hand;
  std::vector<std::size_t> receipt_offsets{0};
  std::vector<std::size_t> demand_offsets{0};
  std::vector<dated_quantity> receipts;
  std::vector<dated_quantity> demands;
  for (const auto& item : items) {
    on_hand.push_back(item.on_hand);
    receipts.insert(receipts.end(), item.receipts.begin(), item.receipts.end());
    demands.insert(demands.end(), item.demands.begin(), item.demands.end());
    receipt_offsets.push_back(receipts.size());
    demand_offsets.push_back(demands.size());
  }
  const atp_columns columns{on_hand, receipt_offsets, receipts, demand_offsets, demands};
  auto atp = time_phased_atp_columns(columns, day(0), days);
  ASSERT_THAT(atp, IsOk());
  ASSERT_EQ(atp->size(), items.size() * days);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto expected =
        brute_force(items[i].on_hand, items[i].receipts, items[i].demands, 0, days);
    for (int d = 0; d < days; ++d) {
      ASSERT_EQ((*atp)[i * days + static_cast<std::size_t>(d)],
                expected[static_cast<std::size_t>(d)].atp)
          << "item " << i << " day " << d;
    }
  }
}

TEST(TimePhasedAtpColumns, Errors) {
  const std::vector<quantity> on_hand{units(1), units(2)};
  const std::vector<std::size_t> two{0, 0, 0};
  const std::vector<std::size_t> short_offsets{0, 0};
  const std::vector<std::size_t> decreasing{0, 1, 0};
  const std::vector<dated_quantity> none;
  auto columns = atp_columns{on_hand, two, none, two, none};
  EXPECT_THAT(time_phased_atp_columns(columns, day(0), 5), IsOk());
  EXPECT_THAT(time_phased_atp_columns(columns, day(0), 0), HasError(errc::invalid_parameter));
  columns.receipt_offsets = short_offsets;
  EXPECT_THAT(time_phased_atp_columns(columns, day(0), 5), HasError(errc::invalid_parameter));
  columns.receipt_offsets = two;
  columns.demand_offsets = decreasing;
  EXPECT_THAT(time_phased_atp_columns(columns, day(0), 5), HasError(errc::invalid_parameter));

  // A bad second item: the error names it, and the output buffer is untouched.
  const std::vector<quantity> bad_on_hand{units(1), units(-2)};
  columns = atp_columns{bad_on_hand, two, none, two, none};
  std::vector<quantity> out(10, units(7));
  auto failed = time_phased_atp_columns(columns, day(0), 5, out);
  ASSERT_THAT(failed, HasError(errc::invalid_quantity));
  EXPECT_EQ(failed.error().context.line, 1U);
  EXPECT_EQ(out, std::vector<quantity>(10, units(7)));
  std::vector<quantity> wrong_size(9);
  EXPECT_THAT(
      time_phased_atp_columns(atp_columns{on_hand, two, none, two, none}, day(0), 5, wrong_size),
      HasError(errc::invalid_parameter));
}

}  // namespace
}  // namespace onhand
