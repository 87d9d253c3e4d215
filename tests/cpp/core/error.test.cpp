// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/error.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace onhand {
namespace {

TEST(ErrorCodes, ValuesAreStableAndNamesUnique) {
  // Persisted and exposed to Python: changing one is a breaking change.
  EXPECT_EQ(static_cast<int>(errc::malformed_input), 1);
  EXPECT_EQ(static_cast<int>(errc::idempotency_conflict), 3);
  EXPECT_EQ(static_cast<int>(errc::unknown_code), 5);
  EXPECT_EQ(static_cast<int>(errc::insufficient_stock), 17);
  EXPECT_EQ(static_cast<int>(errc::store_failure), 19);
  EXPECT_EQ(static_cast<int>(errc::unknown_application_identifier), 30);
  EXPECT_EQ(static_cast<int>(errc::lot_expiry_mismatch), 42);
  std::set<std::string_view> names;
  std::set<int> values;
  for (errc code : all_errc) {
    EXPECT_NE(name_of(code), "unknown");
    names.insert(name_of(code));
    values.insert(static_cast<int>(code));
  }
  EXPECT_EQ(names.size(), std::size(all_errc));
  EXPECT_EQ(values.size(), std::size(all_errc));
}

TEST(ErrorCodes, KindsGuideRetries) {
  EXPECT_EQ(kind_of(errc::insufficient_stock), error_kind::failed_precondition);
  EXPECT_EQ(kind_of(errc::concurrency_conflict), error_kind::aborted);
  EXPECT_EQ(kind_of(errc::store_unavailable), error_kind::unavailable);
  EXPECT_EQ(kind_of(errc::unknown_code), error_kind::not_found);
  EXPECT_EQ(kind_of(errc::malformed_input), error_kind::invalid_argument);
  EXPECT_EQ(kind_of(errc::overflow), error_kind::out_of_range);
  EXPECT_EQ(kind_of(errc::idempotency_conflict), error_kind::already_exists);
  EXPECT_EQ(name_of(error_kind::failed_precondition), "failed_precondition");
  EXPECT_EQ(kind_of(errc::bad_check_digit), error_kind::invalid_argument);
  EXPECT_EQ(kind_of(errc::unknown_gtin), error_kind::not_found);
}

TEST(ErrorValue, CarriesContext) {
  auto err = make_error(errc::insufficient_stock, "not enough",
                        error_context{.item = "SERUM-30ML",
                                      .location = "3PL-EAST",
                                      .requested = quantity::units(5),
                                      .available = quantity::units(2)});
  EXPECT_EQ(err.kind(), error_kind::failed_precondition);
  EXPECT_EQ(err.context.item, "SERUM-30ML");
  EXPECT_EQ(err.context.available, quantity::units(2));
}

}  // namespace
}  // namespace onhand
