// SPDX-License-Identifier: Apache-2.0
// Log formatting: quantities, levels, money and errors as text and on streams.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "onhand/core/error.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {
namespace {

template <class T>
auto streamed(const T& value) -> std::string {
  std::ostringstream out;
  out << value;
  return out.str();
}

TEST(Format, QuantitiesLevelsAndMoneyPrintTheirExactDecimals) {
  const auto q = quantity::parse("-12.500").value();
  EXPECT_EQ(streamed(q), "-12.5");
  EXPECT_EQ(to_string(q), "-12.5");
  EXPECT_EQ(streamed(quantity::from_raw(1)), "0.000001");
  EXPECT_EQ(streamed(stock_level::at(quantity::units(7))), "7");
  EXPECT_EQ(to_string(stock_level::zero()), "0");
  const auto price = money::parse("1999.990000").value();
  EXPECT_EQ(streamed(price), "1999.99");
  EXPECT_EQ(to_string(price), "1999.99");
}

TEST(Format, AnErrorIsOneLineWithItsCodeName) {
  const auto e =
      make_error(errc::insufficient_stock, "'SOAP' at '3PL-EAST': 9 requested, 7 available",
                 error_context{.item = "SOAP"});
  EXPECT_EQ(to_string(e), "insufficient_stock: 'SOAP' at '3PL-EAST': 9 requested, 7 available");
  EXPECT_EQ(streamed(e), to_string(e));
  auto lined = make_error(errc::malformed_input, "a line needs 'quantity'\nsee the docs",
                          error_context{.field = "quantity", .line = 5});
  EXPECT_EQ(to_string(lined), "malformed_input: a line needs 'quantity' see the docs [line 5]");
  lined.context.lines.push_back(error_line{5, quantity::units(1), quantity{}});
  EXPECT_EQ(to_string(lined), "malformed_input: a line needs 'quantity' see the docs");
  EXPECT_EQ(streamed(errc::lot_expired), "lot_expired");
  EXPECT_EQ(streamed(error_kind::failed_precondition), "failed_precondition");
  EXPECT_EQ(to_string(make_error(errc::store_failure, "")), "store_failure: ");
}

}  // namespace
}  // namespace onhand
