// SPDX-License-Identifier: Apache-2.0
// Result columns own their memory: every call returns new, independent
// columns that outlive later calls, at any size (small ones from the heap,
// large ones in a mapping of their own).
#include <cstdint>
#include <utility>

#include <gtest/gtest.h>

#include "onhand/planning/column_block.hpp"
#include "onhand/planning/safety_stock.hpp"

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using onhand::testing::IsOk;

// z(0.95), mpmath: sqrt(2) * erfinv(0.9), 30 digits.
constexpr double z95 = 1.6448536269514722;

// d = row index, sigma_d = 10, L = 4: sigma_LTD = 20, SS = 20 z95, ROP = 4 d + SS.
auto rows_input(const Eigen::ArrayXd& d) -> cycle_service_input {
  return {.demand_mean = d, .demand_std = 10.0, .lead_time = 4.0, .service_level = 0.95};
}

void expect_rows(const reorder_point_columns& r, Eigen::Index n) {
  ASSERT_EQ(r.rows(), n);
  ASSERT_EQ(r.reorder_point.size(), n);
  for (Eigen::Index i = 0; i < n; i += 997) {
    EXPECT_NEAR(r.z[i], z95, 1e-15) << i;
    EXPECT_NEAR(r.sigma[i], 20.0, 1e-12) << i;
    EXPECT_NEAR(r.safety_stock[i], 20.0 * z95, 1e-12) << i;
    EXPECT_NEAR(r.reorder_point[i], 4.0 * static_cast<double>(i) + 20.0 * z95, 1e-9) << i;
  }
}

// Small (heap) and large (several megabytes per column, a mapping of their own).
class ResultColumns : public ::testing::TestWithParam<Eigen::Index> {};

TEST_P(ResultColumns, TwoCallsAreIndependentAndOutliveTheNextCall) {
  const Eigen::Index n = GetParam();
  const Eigen::ArrayXd d = Eigen::ArrayXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
  auto first = reorder_point(rows_input(d));
  ASSERT_THAT(first, IsOk());
  auto second = reorder_point(rows_input(d));
  ASSERT_THAT(second, IsOk());
  // Distinct memory, every column of each.
  EXPECT_NE(first->reorder_point.data(), second->reorder_point.data());
  EXPECT_NE(first->z.data(), second->z.data());
  // Writing one result does not change the other.
  first->reorder_point.setConstant(-1.0);
  first->z.setZero();
  expect_rows(*second, n);
  second->safety_stock.setConstant(7.0);
  EXPECT_TRUE(((first->safety_stock - 20.0 * z95).abs() < 1e-12).all());
  // A later call, and the end of an earlier result, leave a result intact.
  { auto third = reorder_point(rows_input(d)); }
  auto fourth = reorder_point(rows_input(Eigen::ArrayXd::Zero(n)));
  ASSERT_THAT(fourth, IsOk());
  EXPECT_TRUE((first->reorder_point == -1.0).all());
  EXPECT_TRUE((second->safety_stock == 7.0).all());
  EXPECT_TRUE(((fourth->reorder_point - 20.0 * z95).abs() < 1e-12).all());
}

TEST_P(ResultColumns, CopyIsDeepAndMoveHandsTheMemoryOver) {
  const Eigen::Index n = GetParam();
  const Eigen::ArrayXd d = Eigen::ArrayXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
  auto r = reorder_point(rows_input(d));
  ASSERT_THAT(r, IsOk());
  reorder_point_columns copy = *r;
  EXPECT_NE(copy.sigma.data(), r->sigma.data());
  r->sigma.setZero();
  expect_rows(copy, n);

  const double* const block = copy.z.data();
  reorder_point_columns moved = std::move(copy);
  EXPECT_EQ(moved.z.data(), block);
  EXPECT_EQ(copy.rows(), 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(copy.reorder_point.size(), 0);
  expect_rows(moved, n);

  reorder_point_columns assigned;
  assigned = moved;
  moved.reorder_point.setZero();
  expect_rows(assigned, n);
  // Eigen code keeps working: copies out, expressions over the views.
  const Eigen::ArrayXd trigger = assigned.reorder_point;
  EXPECT_EQ(trigger.size(), n);
  EXPECT_NEAR((assigned.reorder_point - assigned.safety_stock).maxCoeff(),
              4.0 * static_cast<double>(n - 1), 1e-9);
}

TEST_P(ResultColumns, ReusedColumnsKeepTheirBlockForTheSameRowCount) {
  const Eigen::Index n = GetParam();
  const Eigen::ArrayXd d = Eigen::ArrayXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
  reorder_point_columns reused;
  ASSERT_THAT(reorder_point(rows_input(d), reused), IsOk());
  const double* const block = reused.z.data();
  ASSERT_THAT(reorder_point(rows_input(d), reused), IsOk());
  EXPECT_EQ(reused.z.data(), block);
  expect_rows(reused, n);
  const Eigen::ArrayXd fewer = d.head(n / 2);
  ASSERT_THAT(reorder_point(rows_input(fewer), reused), IsOk());
  expect_rows(reused, n / 2);
}

INSTANTIATE_TEST_SUITE_P(Rows, ResultColumns, ::testing::Values(3, 1'000, 1'000'003));

TEST(ColumnBlock, PlacesLargeBlocksInHugePageAlignedMappings) {
  const column_block empty;
  EXPECT_EQ(empty.data(), nullptr);
  const column_block small(10);
  EXPECT_FALSE(small.mapped());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small.data()) % 64, 0U);
  column_block large(std::size_t{1} << 20);  // 8 MiB
#if defined(__linux__)
  EXPECT_TRUE(large.mapped());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.data()) % (std::uintptr_t{1} << 21), 0U);
#endif
  large.data()[(std::size_t{1} << 20) - 1] = 1.0;  // the whole block is writable
  column_block taken = std::move(large);
  EXPECT_EQ(large.data(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(taken.data()[(std::size_t{1} << 20) - 1], 1.0);
}

}  // namespace
}  // namespace onhand::planning
