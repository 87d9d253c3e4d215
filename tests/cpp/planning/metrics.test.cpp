// SPDX-License-Identifier: Apache-2.0
#include "onhand/planning/metrics.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand::planning {
namespace {

using Eigen::ArrayXd;
using Eigen::ArrayXXd;
using testing::HasError;
using testing::IsOk;

const double nan = std::nan("");

// Two series: errors (actual - forecast) are {2, -1, 3, 0} and {-4, 0, -2, -2}.
auto actual() -> ArrayXXd {
  ArrayXXd a(4, 2);
  a << 10, 4, 8, 5, 5, 0, 2, 6;
  return a;
}
auto forecast() -> ArrayXXd {
  ArrayXXd f(4, 2);
  f << 8, 8, 9, 5, 2, 2, 2, 8;
  return f;
}

TEST(ErrorMetrics, MeanAbsoluteAndRootMeanSquared) {
  auto mae = mean_absolute_error(actual(), forecast());
  ASSERT_THAT(mae, IsOk());
  EXPECT_DOUBLE_EQ((*mae)(0), 6.0 / 4);
  EXPECT_DOUBLE_EQ((*mae)(1), 8.0 / 4);
  auto rmse = root_mean_squared_error(actual(), forecast());
  ASSERT_THAT(rmse, IsOk());
  EXPECT_DOUBLE_EQ((*rmse)(0), std::sqrt(14.0 / 4));
  EXPECT_DOUBLE_EQ((*rmse)(1), std::sqrt(24.0 / 4));
}

TEST(ErrorMetrics, BiasIsPositiveWhenUnderForecasting) {
  auto bias = forecast_bias(actual(), forecast());
  ASSERT_THAT(bias, IsOk());
  EXPECT_DOUBLE_EQ((*bias)(0), 1.0);   // forecasts too low on average
  EXPECT_DOUBLE_EQ((*bias)(1), -2.0);  // too high
}

TEST(ErrorMetrics, MapeSkipsZeroActualsAndIsInPercent) {
  auto mape = mean_absolute_percentage_error(actual(), forecast());
  ASSERT_THAT(mape, IsOk());
  EXPECT_DOUBLE_EQ((*mape)(0), 100.0 * (2.0 / 10 + 1.0 / 8 + 3.0 / 5 + 0.0 / 2) / 4);
  EXPECT_DOUBLE_EQ((*mape)(1), 100.0 * (4.0 / 4 + 0.0 / 5 + 2.0 / 6) / 3);  // actual 0 skipped
  auto none = mean_absolute_percentage_error(ArrayXXd::Zero(3, 1), ArrayXXd::Ones(3, 1));
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(std::isnan((*none)(0)));
}

TEST(ErrorMetrics, ErrorStandardDeviationUsesNMinusOne) {
  auto sd = error_standard_deviation(actual(), forecast());
  ASSERT_THAT(sd, IsOk());
  // Errors {2, -1, 3, 0}: mean 1, squared deviations 1 + 4 + 4 + 1 = 10.
  EXPECT_DOUBLE_EQ((*sd)(0), std::sqrt(10.0 / 3));
  // Errors {-4, 0, -2, -2}: mean -2, squared deviations 4 + 4 + 0 + 0 = 8.
  EXPECT_DOUBLE_EQ((*sd)(1), std::sqrt(8.0 / 3));
}

TEST(ErrorMetrics, NaNForecastsAreSkipped) {
  ArrayXXd f = forecast();
  f(0, 0) = nan;  // like the undefined first fitted values
  auto mae = mean_absolute_error(actual(), f);
  ASSERT_THAT(mae, IsOk());
  EXPECT_DOUBLE_EQ((*mae)(0), 4.0 / 3);
  auto sd = error_standard_deviation(actual(), f);
  EXPECT_DOUBLE_EQ((*sd)(0), std::sqrt(((-1 - 2.0 / 3) * (-1 - 2.0 / 3) +
                                        (3 - 2.0 / 3) * (3 - 2.0 / 3) + (2.0 / 3) * (2.0 / 3)) /
                                       2));
  ArrayXXd all_nan = ArrayXXd::Constant(4, 2, nan);
  EXPECT_TRUE(mean_absolute_error(actual(), all_nan)->isNaN().all());
  EXPECT_TRUE(error_standard_deviation(actual().topRows(1), forecast().topRows(1))->isNaN().all());
}

TEST(ErrorMetrics, MaseScalesByInSampleNaiveError) {
  ArrayXXd training(5, 1);
  training << 1, 3, 2, 6, 4;  // naive errors 2, 1, 4, 2: mean 2.25
  auto mase = mean_absolute_scaled_error(actual().col(0), forecast().col(0), training);
  ASSERT_THAT(mase, IsOk());
  EXPECT_DOUBLE_EQ((*mase)(0), 1.5 / 2.25);
  // Seasonal naive, m = 2: |2-1|, |6-3|, |4-2| -> mean 2.
  auto seasonal = mean_absolute_scaled_error(actual().col(0), forecast().col(0), training, 2);
  EXPECT_DOUBLE_EQ((*seasonal)(0), 1.5 / 2.0);
  auto flat =
      mean_absolute_scaled_error(actual().col(0), forecast().col(0), ArrayXXd::Constant(5, 1, 3.0));
  EXPECT_TRUE(std::isnan((*flat)(0)));
}

TEST(ErrorMetrics, RejectsShapesInfinitiesAndSeasons) {
  EXPECT_EQ(mean_absolute_error(actual(), forecast().topRows(3)).error().context.field, "forecast");
  EXPECT_EQ(mean_absolute_error(ArrayXXd(0, 2), ArrayXXd(0, 2)).error().context.field, "actual");
  ArrayXXd f = forecast();
  f(1, 1) = std::numeric_limits<double>::infinity();
  EXPECT_THAT(root_mean_squared_error(actual(), f), HasError(errc::invalid_parameter));
  ArrayXXd training = ArrayXXd::Ones(5, 2);
  EXPECT_EQ(mean_absolute_scaled_error(actual(), forecast(), training, 5).error().context.field,
            "season_length");
  EXPECT_EQ(mean_absolute_scaled_error(actual(), forecast(), training, 0).error().context.field,
            "season_length");
  EXPECT_EQ(
      mean_absolute_scaled_error(actual(), forecast(), ArrayXXd::Ones(5, 3)).error().context.field,
      "training");
}

}  // namespace
}  // namespace onhand::planning
