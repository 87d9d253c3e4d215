// SPDX-License-Identifier: Apache-2.0
// Golden vectors of the transfer and sales-order events (tags 64–67 and
// 72–76 of format version 1),
// written by hand from the byte layout in docs/reference/events.md:
// [version u8][tag u8] then the fields, integers little-endian, a text as a
// u32 length and its bytes, a timestamp as i64 microseconds since the epoch,
// a quantity as its i64 raw value (millionths), per-line amounts as a u32
// count and the raw values. They are never regenerated: each must decode to
// its value and re-encode to the same bytes forever.
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

auto micros(std::int64_t us) -> timestamp { return timestamp{std::chrono::microseconds{us}}; }
auto q(const char* text) -> quantity { return quantity::parse(text).value(); }

struct golden {
  std::string_view name;
  event value;
  std::string_view hex;
};

auto vectors() -> std::vector<golden> {
  return {
      {"transfer_opened",
       transfer_opened{.key = "T",
                       .source = location_id{1},
                       .destination = location_id{2},
                       .transit = location_id{3},
                       .eta = micros(0),
                       .lines = {{.item = item_id{4}, .lot = lot_id::none(), .amount = q("2")}},
                       .recorded = micros(1)},
       "0140"
       "0100000054"  // key "T"
       "01000000"
       "02000000"
       "03000000"          // source, destination, transit
       "0000000000000000"  // eta
       "0100000000000000"  // recorded
       "01000000"          // one line
       "04000000"
       "ffffffff"
       "80841e0000000000"},  // item 4, no lot, 2
      {"transfer_shipped", transfer_shipped{transfer_id{2}, micros(1'000'000), {q("1.5"), q("0")}},
       "0141"
       "02000000"          // transfer 2
       "40420f0000000000"  // eta: one second
       "02000000"
       "60e3160000000000"
       "0000000000000000"},  // 1.5, 0
      {"transfer_received", transfer_received{transfer_id{0}, {q("3")}},
       "0142"
       "00000000"
       "01000000"
       "c0c62d0000000000"},
      {"transfer_closed",
       transfer_closed{.key = "",
                       .transfer = transfer_id{1},
                       .loss = location_id{5},
                       .reason = "ab",
                       .written_off = {q("1")},
                       .found = {q("0")}},
       "0143"
       "00000000"  // key ""
       "01000000"
       "05000000"      // transfer 1, loss 5
       "020000006162"  // reason "ab"
       "01000000"
       "40420f0000000000"  // written off: 1
       "01000000"
       "0000000000000000"},  // found: 0
      {"sales_order_created",
       sales_order_created{
           .key = "S",
           .customer = "c",
           .channel = "",
           .locations = {location_id{2}},
           .lines = {{.item = item_id{4},
                      .amount = q("2"),
                      .requested = date{std::chrono::sys_days{std::chrono::days{2}}},
                      .priority = 1}},
           .recorded = micros(1)},
       "0148"
       "0100000053"        // key "S"
       "0100000063"        // customer "c"
       "00000000"          // channel ""
       "0100000000000000"  // recorded
       "01000000"
       "02000000"  // one location: 2
       "01000000"  // one line
       "04000000"
       "80841e0000000000"
       "02000000"
       "01000000"},  // item 4, 2, 1970-01-03, priority 1
      {"sales_order_allocated", sales_order_allocated{sales_order_id{3}, {{1, reservation_id{7}}}},
       "0149"
       "03000000"  // order 3
       "01000000"
       "01000000"
       "07000000"},  // line 1: reservation 7
      {"sales_order_cancelled", sales_order_cancelled{"K", sales_order_id{0}, {q("1.5"), q("0")}},
       "014a"
       "010000004b"  // key "K"
       "00000000"
       "02000000"
       "60e3160000000000"
       "0000000000000000"},  // 1.5, 0
      {"sales_order_shipped", sales_order_shipped{"K", sales_order_id{2}, 1},
       "014b"
       "010000004b"
       "02000000"
       "01000000"},  // order 2, line 1
      {"sales_order_returned",
       sales_order_returned{.key = "K",
                            .order = sales_order_id{2},
                            .line = 1,
                            .from = location_id{3},
                            .to = location_id{5},
                            .lot = lot_id::none(),
                            .amount = q("2.5"),
                            .reason = sales_return_reason::damaged},
       "014c"
       "010000004b"        // key "K"
       "02000000"          // order 2
       "01000000"          // line 1
       "03000000"          // from 3
       "05000000"          // to 5
       "ffffffff"          // no lot
       "a025260000000000"  // 2.5 = 2,500,000 millionths
       "01"},              // damaged
  };
}

TEST(TransferCodecGolden, EveryVectorDecodesAndReencodes) {
  for (const auto& g : vectors()) {
    SCOPED_TRACE(g.name);
    const auto bytes = from_hex(g.hex);
    auto decoded = decode(bytes);
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, g.value);
    EXPECT_EQ(encode(g.value), bytes);
  }
}

TEST(TransferCodecGolden, TruncatedOrPaddedBytesAreStoreFailures) {
  for (const auto& g : vectors()) {
    SCOPED_TRACE(g.name);
    const auto bytes = from_hex(g.hex);
    EXPECT_THAT(decode(bytes.substr(0, bytes.size() - 1)), HasError(errc::store_failure));
    EXPECT_THAT(decode(bytes + '\0'), HasError(errc::store_failure));
  }
  // A count of amounts beyond what the bytes hold.
  EXPECT_THAT(decode(from_hex("014200000000ffffff7f")), HasError(errc::store_failure));
}

TEST(TransferCodecGolden, KeysAreTheOpensAndAKeyedClosesOnly) {
  EXPECT_EQ(key_of(transfer_opened{.key = "TO-1"}), "TO-1");
  EXPECT_EQ(key_of(transfer_closed{.key = "c"}), "c");
  EXPECT_EQ(key_of(transfer_shipped{}), "");
  EXPECT_EQ(key_of(sales_order_created{.key = "SO-1"}), "SO-1");
  EXPECT_EQ(key_of(sales_order_cancelled{.key = "c"}), "c");
  EXPECT_EQ(key_of(sales_order_shipped{.key = "s"}), "s");
  EXPECT_EQ(key_of(sales_order_returned{.key = "r"}), "r");
  EXPECT_EQ(key_of(sales_order_allocated{}), "");
}

}  // namespace
}  // namespace onhand
