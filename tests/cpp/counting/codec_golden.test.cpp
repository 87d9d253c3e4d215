// SPDX-License-Identifier: Apache-2.0
// The golden vector of count_task_started (format version 1, tag 96), spelled
// field by field from the layout in docs/reference/events.md (every counting
// event's vector is in tests/cpp/ledger/codec_golden.test.cpp with the others):
// every integer little-endian, a text as its u32 length then its bytes, an
// optional as a flag byte then the value, money as its decimal text. Each
// must decode to its value and re-encode to the same bytes forever.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "onhand/events.hpp"

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::IsOk;

auto from_hex(std::string_view hex) -> std::string {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

constexpr auto one_second = timestamp{std::chrono::seconds{1}};

struct golden {
  std::string_view name;
  event value;
  std::string hex;
};

auto vectors() -> std::vector<golden> {
  return {
      {"count_task_started",
       count_task_started{.key = "c1",
                          .item = item_id{1},
                          .location = location_id{2},
                          .lot = lot_id::none(),
                          .loss_location = location_id{3},
                          .abc_class = "A",
                          .blind = true,
                          .tolerance = {.quantity_max = quantity::units(2),
                                        .percent_max = std::nullopt,
                                        .value_max = money::parse("5").value()},
                          .unit_cost = money::parse("2.35").value(),
                          .snapshot = quantity::units(10),
                          .recorded = one_second},
       // version 1, tag 0x60; key "c1"; item 1; location 2; lot none; loss 3;
       // class "A"; blind; quantity_max 2 (2,000,000 raw); no percent_max;
       // value_max "5"; unit_cost "2.35"; snapshot 10 (10,000,000 raw); 1 s.
       std::string("0160") + "02000000" + "6331" + "01000000" + "02000000" + "ffffffff" +
           "03000000" + "01000000" + "41" + "01" + "01" + "80841e0000000000" + "00" + "01" +
           "01000000" + "35" + "01" + "04000000" + "322e3335" + "8096980000000000" +
           "40420f0000000000"},
  };
}

TEST(CountingCodecGolden, EachVectorDecodesToItsValueAndEncodesToItsBytes) {
  for (const auto& g : vectors()) {
    SCOPED_TRACE(std::string(g.name));
    const auto bytes = from_hex(g.hex);
    EXPECT_EQ(encode(g.value), bytes);
    auto back = decode(bytes);
    ASSERT_THAT(back, IsOk());
    EXPECT_EQ(*back, g.value);
  }
}

TEST(CountingCodecGolden, ATruncatedOrPaddedEventDoesNotDecode) {
  for (const auto& g : vectors()) {
    SCOPED_TRACE(std::string(g.name));
    const auto bytes = from_hex(g.hex);
    EXPECT_FALSE(decode(bytes.substr(0, bytes.size() - 1)));
    EXPECT_FALSE(decode(bytes + '\0'));
  }
}

TEST(CountingCodecGolden, UnreadableMoneyDoesNotDecode) {
  // The unit cost's text "2.35" replaced by "2x35".
  auto hex = vectors().front().hex;
  hex.replace(hex.find("322e3335"), 8, "32783335");
  EXPECT_FALSE(decode(from_hex(hex)));
}

}  // namespace
}  // namespace onhand
