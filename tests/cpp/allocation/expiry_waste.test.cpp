// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/expiry_waste.hpp"

#include <chrono>
#include <cmath>
#include <limits>
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

// 4 a day from day 0. Lot A (10, expires day 2) is gone by day 2 (12 asked for by then).
// Lot B (40, day 9) serves the 2 left over on day 2 and 4 a day on days 3..9: 30; 10 expire.
// Lot C (5, day 9) shares B's expiry and comes after it (input order): nothing reaches it.
TEST(ExpiryWaste, WorkedExample) {
  const std::vector<expiring_lot> lots{
      {day(2), units(10)}, {day(9), units(40)}, {day(9), units(5)}};
  auto projection = project_expiry_waste(lots, 4.0, day(0));
  ASSERT_THAT(projection, IsOk());
  EXPECT_EQ(projection->consumed, (std::vector<quantity>{units(10), units(30), units(0)}));
  EXPECT_EQ(projection->waste, (std::vector<quantity>{units(0), units(10), units(5)}));
  EXPECT_EQ(projection->total_waste, units(15));
}

// Input order does not matter for FEFO; a lot expired before the start is waste in full; the
// expiry day itself is still served.
TEST(ExpiryWaste, ExpiredBeforeStartAndTheExpiryDay) {
  const std::vector<expiring_lot> lots{
      {day(5), units(20)}, {day(-1), units(7)}, {day(0), units(3)}};
  auto projection = project_expiry_waste(lots, 2.0, day(0));
  ASSERT_THAT(projection, IsOk());
  // Day 0: 2 from the lot expiring day 0 (1 left, wasted). Days 1..5: 10 from the day-5 lot.
  EXPECT_EQ(projection->consumed, (std::vector<quantity>{units(10), units(0), units(2)}));
  EXPECT_EQ(projection->waste, (std::vector<quantity>{units(10), units(7), units(1)}));
  EXPECT_EQ(projection->total_waste, units(18));
}

// A fractional rate is rounded once on the cumulative demand: 0.3 a day over 10 days is 3 exactly.
TEST(ExpiryWaste, FractionalRateDoesNotDrift) {
  const std::vector<expiring_lot> lots{{day(9), units(5)}};
  auto projection = project_expiry_waste(lots, 0.3, day(0));
  ASSERT_THAT(projection, IsOk());
  EXPECT_EQ(projection->consumed[0], units(3));
  EXPECT_EQ(projection->total_waste, units(2));
  auto thirds = project_expiry_waste(lots, 1.0 / 3.0, day(0));
  EXPECT_EQ(thirds->consumed[0], quantity::from_raw(3'333'333));  // 10/3 to 6 decimals
}

TEST(ExpiryWaste, Errors) {
  const std::vector<expiring_lot> lots{{day(1), units(5)}, {day(2), units(-1)}};
  for (double rate : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::infinity()}) {
    auto failed = project_expiry_waste(lots, rate, day(0));
    ASSERT_THAT(failed, HasError(errc::invalid_parameter)) << rate;
    EXPECT_EQ(failed.error().context.field, "rate_per_day");
  }
  auto negative = project_expiry_waste(lots, 1.0, day(0));
  ASSERT_THAT(negative, HasError(errc::invalid_quantity));
  EXPECT_EQ(negative.error().context.line, 1U);
  const auto huge = quantity::from_raw(INT64_MAX / 2 + 1);
  const std::vector<expiring_lot> two_huge{{day(1), huge}, {day(2), huge}};
  EXPECT_THAT(project_expiry_waste(two_huge, 1.0, day(0)), HasError(errc::overflow));
  EXPECT_THAT(project_expiry_waste({}, 1.0, day(0)), IsOk());
}

// The second method: the days simulated one by one. Each day's demand (the growth of the
// rounded cumulative demand) goes to the unexpired lot with stock that expires first (the
// lowest index on a tie); what a lot holds at the end of its expiry day is waste.
auto simulate(const std::vector<expiring_lot>& lots, double rate, date start) -> expiry_waste {
  const auto offset = [&](date d) {
    return (std::chrono::sys_days{d} - std::chrono::sys_days{start}).count();
  };
  std::vector<std::int64_t> left(lots.size());
  for (std::size_t i = 0; i < lots.size(); ++i) left[i] = lots[i].amount.raw();
  std::int64_t last = -1;
  for (const auto& lot : lots) last = std::max<std::int64_t>(last, offset(lot.expiry));
  const auto cumulative = [&](std::int64_t n) {
    return std::llround(static_cast<long double>(rate) * static_cast<long double>(n) * 1e6L);
  };
  for (std::int64_t n = 0; n <= last; ++n) {
    std::int64_t want = cumulative(n + 1) - cumulative(n);
    while (want > 0) {
      std::optional<std::size_t> pick;
      for (std::size_t i = 0; i < lots.size(); ++i) {
        if (left[i] == 0 || offset(lots[i].expiry) < n) continue;
        if (!pick || offset(lots[i].expiry) < offset(lots[*pick].expiry)) pick = i;
      }
      if (!pick) break;  // nothing to serve it: lost
      const auto take = std::min(want, left[*pick]);
      left[*pick] -= take;
      want -= take;
    }
  }
  expiry_waste out;
  for (std::size_t i = 0; i < lots.size(); ++i) {
    out.consumed.push_back(lots[i].amount - quantity::from_raw(left[i]));
    out.waste.push_back(quantity::from_raw(left[i]));
    out.total_waste += quantity::from_raw(left[i]);
  }
  return out;
}

TEST(ExpiryWaste, MatchesADayByDaySimulation) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> count(0, 7);
  std::uniform_int_distribution<int> expiry(-5, 40);
  std::uniform_int_distribution<std::int64_t> amount(0, 30'000'000);
  const double rates[] = {0.25, 1.0, 1.7, 2.0, 3.3333, 5.0, 12.5};
  std::uniform_int_distribution<std::size_t> rate_index(0, std::size(rates) - 1);
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<expiring_lot> lots;
    for (int n = count(rng); n > 0; --n) {
      lots.push_back({day(expiry(rng)), quantity::from_raw(amount(rng))});
    }
    const double rate = rates[rate_index(rng)];
    auto projection = project_expiry_waste(lots, rate, day(0));
    ASSERT_THAT(projection, IsOk());
    ASSERT_EQ(*projection, simulate(lots, rate, day(0))) << "trial " << trial;
  }
}

}  // namespace
}  // namespace onhand
