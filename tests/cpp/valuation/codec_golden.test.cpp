// SPDX-License-Identifier: Apache-2.0
// Golden vectors of the valuation events, format version 1, written out by
// hand from the layout in docs/reference/events.md (never generated from the
// encoder): each must decode to its value and re-encode to the same bytes.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "onhand/events.hpp"

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;

auto from_hex(std::string_view hex) -> std::string {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

auto money_of(std::int64_t raw) -> money { return money::from_raw(money::rep{raw}); }

TEST(ValuationCodecGolden, CostingMethodSet) {
  const event value = costing_method_set{.item = item_id{3},
                                         .method = costing_method::standard,
                                         .standard_cost = money_of(2'500'000),
                                         .effective = timestamp{std::chrono::seconds{1}}};
  const auto bytes = from_hex(
      "01"                  // format version 1
      "70"                  // tag 112
      "03000000"            // item 3
      "02"                  // standard
      "a025260000000000"    // 2.5 as 2,500,000 millionths
      "40420f0000000000");  // 1 s as 1,000,000 µs
  EXPECT_EQ(encode(value), bytes);
  auto decoded = decode(bytes);
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(*decoded, value);
}

TEST(ValuationCodecGolden, ReceiptCosted) {
  const event value = receipt_costed{.document = "R1", .unit_costs = {money_of(1'500'000), {}}};
  const auto bytes = from_hex(
      "01"
      "71"  // tag 113
      "02000000"
      "5231"                // "R1"
      "02000000"            // two costs
      "60e3160000000000"    // 1.5
      "0000000000000000");  // 0
  EXPECT_EQ(encode(value), bytes);
  auto decoded = decode(bytes);
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(*decoded, value);
}

TEST(ValuationCodecGolden, RejectsAnUnknownMethodAndATruncatedList) {
  EXPECT_THAT(decode(from_hex("01700300000003a02526000000000040420f0000000000")),
              HasError(errc::store_failure));
  EXPECT_THAT(decode(from_hex("01710200000052310200000060e3160000000000")),
              HasError(errc::store_failure));
}

}  // namespace
}  // namespace onhand
