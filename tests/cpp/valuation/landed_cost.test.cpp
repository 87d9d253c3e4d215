// SPDX-License-Identifier: Apache-2.0
// Landed-cost allocation: shares worked out by hand, the remainder rule,
// and, over random receipts, shares that sum to the total exactly and each
// lie within one millionth of the exact rational share (computed here with
// 128-bit integers, independently of the rounding in the code).
#include "onhand/valuation/landed_cost.hpp"

#include <random>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;

auto m(const char* text) -> money { return money::parse(text).value(); }
auto q(const char* text) -> quantity { return quantity::parse(text).value(); }

TEST(LandedCost, SplitsByEachBasis) {
  const std::vector<landed_cost_line> lines{
      {.amount = q("10"), .value = m("100"), .weight = q("1")},
      {.amount = q("30"), .value = m("50"), .weight = q("3")}};
  EXPECT_EQ(allocate_landed_cost(m("40"), lines, allocation_basis::quantity).value(),
            (std::vector<money>{m("10"), m("30")}));
  EXPECT_EQ(allocate_landed_cost(m("30"), lines, allocation_basis::value).value(),
            (std::vector<money>{m("20"), m("10")}));
  EXPECT_EQ(allocate_landed_cost(m("8"), lines, allocation_basis::weight).value(),
            (std::vector<money>{m("2"), m("6")}));
}

TEST(LandedCost, LeftoverMillionthsGoToTheLargestRemaindersThenTheEarlierLine) {
  const std::vector<landed_cost_line> thirds(3, {.amount = q("1")});
  // 100 / 3 = 33.333333|33…: one millionth is left, the remainders tie, the first line takes it.
  EXPECT_EQ(allocate_landed_cost(m("100"), thirds, allocation_basis::quantity).value(),
            (std::vector<money>{m("33.333334"), m("33.333333"), m("33.333333")}));
  // 1, 2 of 3 against 0.000002: exact shares 0.00000066…, 0.00000133…; remainders 2/3 and 1/3.
  const std::vector<landed_cost_line> uneven{{.amount = q("1")}, {.amount = q("2")}};
  EXPECT_EQ(allocate_landed_cost(m("0.000002"), uneven, allocation_basis::quantity).value(),
            (std::vector<money>{m("0.000001"), m("0.000001")}));
}

TEST(LandedCost, RefusesWhatCannotBeSpread) {
  const std::vector<landed_cost_line> none{{.amount = q("0")}};
  EXPECT_THAT(allocate_landed_cost(m("5"), none, allocation_basis::quantity),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(allocate_landed_cost(m("0"), none, allocation_basis::quantity), IsOk());
  EXPECT_THAT(allocate_landed_cost(m("-1"), none, allocation_basis::quantity),
              HasError(errc::invalid_cost));
  const std::vector<landed_cost_line> negative{{.amount = q("-1")}};
  EXPECT_THAT(allocate_landed_cost(m("1"), negative, allocation_basis::quantity),
              HasError(errc::invalid_quantity));
}

TEST(LandedCost, RandomSharesSumExactlyAndStayWithinAMillionth) {
  std::mt19937_64 rng{20261205};
  using rep = money::rep;
  for (int round = 0; round < 500; ++round) {
    std::vector<landed_cost_line> lines(1 + rng() % 8);
    rep basis_total = 0;
    for (auto& line : lines) {
      line.amount = quantity::from_raw(static_cast<std::int64_t>(rng() % 50'000'000));
      basis_total += line.amount.raw();
    }
    if (basis_total == 0) continue;
    const auto total = money::from_raw(rep{static_cast<std::int64_t>(rng() % 10'000'000'000)});
    auto shares = allocate_landed_cost(total, lines, allocation_basis::quantity);
    ASSERT_THAT(shares, IsOk());
    rep sum = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      sum += (*shares)[i].raw();
      // |share × Σ − total × basis| < Σ: within one millionth of the exact share.
      const rep scaled = (*shares)[i].raw() * basis_total;
      const rep exact = total.raw() * rep{lines[i].amount.raw()};
      const rep gap = scaled > exact ? scaled - exact : exact - scaled;
      EXPECT_LT(gap, basis_total);
    }
    EXPECT_EQ(sum, total.raw());
  }
}

}  // namespace
}  // namespace onhand
