// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/error.hpp"

#include <cstddef>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "onhand/detail/worst_error.hpp"

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
  EXPECT_EQ(static_cast<int>(errc::empty_input), 43);
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

// The table is the precedence; these are the orderings the docs promise.
static_assert(precedence_of(errc::malformed_input) == 0);
static_assert(precedence_of(errc::malformed_input) < precedence_of(errc::bad_check_digit));
static_assert(precedence_of(errc::lot_expiry_mismatch) < precedence_of(errc::invalid_parameter));
static_assert(precedence_of(errc::unknown_code) < precedence_of(errc::invalid_quantity));
static_assert(precedence_of(errc::lot_quarantined) < precedence_of(errc::insufficient_stock));
static_assert(precedence_of(errc::store_failure) == std::size(errc_table) - 1);
static_assert(name_of(errc::insufficient_stock) == "insufficient_stock");
static_assert(kind_of(errc::unknown_gtin) == error_kind::not_found);

TEST(ErrorCodes, EverythingDerivesFromTheTable) {
  ASSERT_EQ(std::size(all_errc), std::size(errc_table));
  for (std::size_t i = 0; i < std::size(errc_table); ++i) {
    const auto& row = errc_table[i];
    SCOPED_TRACE(row.name);
    EXPECT_EQ(all_errc[i], row.code);
    EXPECT_EQ(precedence_of(row.code), i);
    EXPECT_EQ(name_of(row.code), row.name);
    EXPECT_EQ(kind_of(row.code), row.kind);
    EXPECT_EQ(static_cast<int>(row.code), row.value);
    EXPECT_EQ(row.value / error_domain_width, static_cast<int>(row.domain));
  }
}

TEST(ErrorCodes, DomainsOwnTheirBlocks) {
  EXPECT_EQ(static_cast<int>(error_domain::scan) * error_domain_width, 30);
  EXPECT_EQ(static_cast<int>(error_domain::allocation) * error_domain_width, 60);
  EXPECT_EQ(static_cast<int>(error_domain::orders) * error_domain_width, 90);
  EXPECT_EQ(static_cast<int>(error_domain::purchasing) * error_domain_width, 120);
  EXPECT_EQ(static_cast<int>(error_domain::counting) * error_domain_width, 150);
  EXPECT_EQ(static_cast<int>(error_domain::valuation) * error_domain_width, 180);
  EXPECT_EQ(static_cast<int>(error_domain::storage) * error_domain_width, 210);
}

TEST(ErrorCodes, AValueThatIsNoCodeRanksLast) {
  for (int value : {0, 20, 29, 59, 239, 240, 65535}) {
    const auto code = static_cast<errc>(value);
    EXPECT_EQ(precedence_of(code), std::size(errc_table)) << value;
    EXPECT_EQ(name_of(code), "unknown") << value;
    EXPECT_EQ(kind_of(code), error_kind::internal) << value;
  }
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

TEST(WorstError, KeepsTheErrorOfHighestPrecedence) {
  detail::worst_error worst;
  EXPECT_FALSE(worst.has());
  worst.offer(make_error(errc::insufficient_stock, "line 0"));
  worst.offer(make_error(errc::invalid_quantity, "line 1"));
  worst.offer(make_error(errc::store_failure, "line 2"));
  // unknown_code outranks invalid_quantity although its value is lower: the table decides.
  worst.offer(make_error(errc::unknown_code, "line 3"));
  worst.offer(make_error(errc::lot_expired, "line 4"));
  ASSERT_TRUE(worst.has());
  const auto kept = worst.take();
  EXPECT_EQ(kept.code, errc::unknown_code);
  EXPECT_EQ(kept.message, "line 3");
  EXPECT_FALSE(worst.has());
}

TEST(WorstError, PrecedenceIsTheTableOrderNotTheValue) {
  detail::worst_error worst;
  worst.offer(make_error(errc::malformed_input, "value 1"));
  worst.offer(make_error(errc::bad_check_digit, "value 33"));
  EXPECT_EQ(worst.take().code, errc::malformed_input);
  worst.offer(make_error(errc::invalid_parameter, "value 2"));
  worst.offer(make_error(errc::bad_check_digit, "value 33"));
  EXPECT_EQ(worst.take().code, errc::bad_check_digit);
}

TEST(WorstError, ATieKeepsTheFirstOffered) {
  detail::worst_error worst;
  worst.offer(make_error(errc::insufficient_stock, "first", error_context{.line = 0}));
  worst.offer(make_error(errc::insufficient_stock, "second", error_context{.line = 1}));
  worst.offer(make_error(errc::store_failure, "lower"));
  const auto kept = worst.take();
  EXPECT_EQ(kept.message, "first");
  EXPECT_EQ(kept.context.line, 0U);
}

}  // namespace
}  // namespace onhand
