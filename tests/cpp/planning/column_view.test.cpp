// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/column_view.hpp"

#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace onhand::planning {
namespace {

TEST(ColumnView, ScalarsBroadcastAndCopiesKeepTheirValue) {
  auto original = std::make_unique<column_view>(2.5);
  const column_view copy = *original;
  column_view assigned(0.0);
  assigned = *original;
  original.reset();  // the copies must not point into the destroyed view
  EXPECT_TRUE(copy.broadcasts());
  EXPECT_EQ(copy.size(), 1);
  EXPECT_EQ(copy[0], 2.5);
  EXPECT_EQ(copy[123456], 2.5);
  EXPECT_EQ(assigned[7], 2.5);
}

TEST(ColumnView, ArraysAndSpansAreViewedNotCopied) {
  Eigen::ArrayXd values(3);
  values << 1.0, 2.0, 3.0;
  const column_view view = values;
  values[1] = 20.0;
  EXPECT_FALSE(view.broadcasts());
  EXPECT_EQ(view.size(), 3);
  EXPECT_EQ(view[1], 20.0);
  const std::vector<double> one{4.0};
  const column_view single = std::span<const double>(one);
  EXPECT_TRUE(single.broadcasts());  // a column of size 1 repeats, as in numpy
  EXPECT_EQ(single[2], 4.0);
  const std::vector<double> none;
  EXPECT_EQ(column_view(std::span<const double>(none)).size(), 0);
}

}  // namespace
}  // namespace onhand::planning
