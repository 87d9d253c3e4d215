// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "onhand/events.hpp"

#include "matchers.hpp"
#include "persisted_enum.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;

auto samples() -> std::vector<event> {
  unit_set units{base_unit{"each", 0}};
  EXPECT_THAT(units.add_alternate("case", unit_factor{12, 1}, "each"), IsOk());
  item_definition item{.code = "SERUM-30ML",
                       .description = "Serum, 30 ml",
                       .units = units,
                       .lot_tracked = true,
                       .shelf_life_days = 540,
                       .gtins = {{"4006381333931", "each"}},
                       .attributes = {{"brand", "Lumen"}, {"size", "30ml"}}};
  lot_definition lot{.item = "SERUM-30ML",
                     .code = "L2611",
                     .expiry = parse_date("2028-05-31").value(),
                     .alert_days = 90,
                     .status = lot_status::on_hold};
  document_posted posted{.document = {.key = "po-88/1",
                                      .reason = movement_reason::receipt,
                                      .effective = parse_timestamp("2026-11-27T08:00:00Z").value(),
                                      .reference = {"PO-88", "1", "first delivery"},
                                      .lines = {{item_id{0}, lot_id{0}, location_id{1},
                                                 location_id{2}, quantity::units(120)},
                                                {item_id{0}, lot_id{0}, location_id{1},
                                                 location_id{3}, quantity::from_raw(1)}}},
                         .stamp = {.effective = parse_timestamp("2026-11-27T08:00:00Z").value(),
                                   .recorded = parse_timestamp("2026-11-27T09:00:00.5Z").value(),
                                   .reverses = document_id{7}}};
  return {item_defined{item},
          location_defined{{.code = "3PL-EAST/A",
                            .description = "zone A",
                            .parent = "3PL-EAST",
                            .kind = location_kind::internal,
                            .allow_negative = true}},
          lot_defined{lot}, lot_status_set{lot_id{3}, lot_status::recalled}, posted};
}

TEST(EventCodec, RoundTripsEveryKind) {
  for (const auto& e : samples()) {
    auto decoded = decode(encode(e));
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, e);
  }
  EXPECT_EQ(key_of(samples().back()), "po-88/1");
  EXPECT_EQ(key_of(samples().front()), "");
}

TEST(EventCodec, EveryTruncationIsAStoreFailure) {
  for (const auto& e : samples()) {
    const auto bytes = encode(e);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      EXPECT_THAT(decode(std::string_view{bytes}.substr(0, n)), HasError(errc::store_failure));
    }
    EXPECT_THAT(decode(bytes + "x"), HasError(errc::store_failure));
  }
}

TEST(EventCodec, RejectsUnknownVersionsKindsAndEnums) {
  auto bytes = encode(samples().back());
  auto wrong_version = bytes;
  wrong_version[0] = 2;
  EXPECT_THAT(decode(wrong_version), HasError(errc::store_failure));
  auto wrong_kind = bytes;
  wrong_kind[1] = 99;
  EXPECT_THAT(decode(wrong_kind), HasError(errc::store_failure));
  auto bad_status = encode(lot_status_set{lot_id{1}, lot_status::on_hold});
  bad_status.back() = 9;  // not a lot_status
  EXPECT_THAT(decode(bad_status), HasError(errc::store_failure));
}

// Every value up to an enum's bound decodes and every value past it is a
// store_failure, at the enum's place in each event that stores one.
template <class Enum>
void expect_decoding_follows_bounds(const event& sample, std::size_t enum_at) {
  const auto bytes = encode(sample);
  ASSERT_LT(enum_at, bytes.size());
  ASSERT_EQ(static_cast<unsigned char>(bytes[enum_at]), 0U) << "the sample holds value 0 there";
  for (std::size_t value = 0; value <= 255; ++value) {
    auto patched = bytes;
    patched[enum_at] = static_cast<char>(value);
    if (value < enum_size<Enum>) {
      auto decoded = decode(patched);
      ASSERT_THAT(decoded, IsOk()) << "value " << value;
      EXPECT_EQ(encode(*decoded), patched) << "value " << value;
    } else {
      EXPECT_THAT(decode(patched), HasError(errc::store_failure)) << "value " << value;
    }
  }
}

TEST(EventCodec, EnumsDecodeExactlyWithinTheirBounds) {
  // [version][tag][lot u32][status u8]
  expect_decoding_follows_bounds<lot_status>(lot_status_set{lot_id{1}, lot_status::available}, 6);
  // [version][tag][code "A"][description ""][parent ""][kind u8][allow_negative u8]
  expect_decoding_follows_bounds<location_kind>(
      location_defined{{.code = "A", .kind = location_kind::internal}}, 2 + 5 + 4 + 4);
  // [version][tag][item "I"][code "L"][4 absent optionals][status u8]
  expect_decoding_follows_bounds<lot_status>(lot_defined{{.item = "I", .code = "L"}},
                                             2 + 5 + 5 + 4);
  // [version][tag][key "k"][reason u8]...
  expect_decoding_follows_bounds<movement_reason>(
      document_posted{.document = {.key = "k", .reason = movement_reason::receipt}}, 2 + 5);
}

TEST(EventCodec, EveryMovementReasonUpToTheBoundHasAName) {
  testing::expect_bounds_match_names<movement_reason>(parse_movement_reason);
}

}  // namespace
}  // namespace onhand
