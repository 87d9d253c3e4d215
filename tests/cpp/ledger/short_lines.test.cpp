// SPDX-License-Identifier: Apache-2.0
// name_short_lines(): the lines behind an insufficient_stock error, with
// amounts worked out by hand from the stock each test receives.
#include <string>

#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::LedgerTest;
using testing::q;

class ShortLines : public LedgerTest {
 protected:
  auto line(item_id item, location_id from, location_id to, const char* amount,
            lot_id lot = lot_id::none()) -> movement_line {
    return movement_line{.item = item, .lot = lot, .from = from, .to = to, .amount = q(amount)};
  }
  // Posts `doc` and expects insufficient_stock, whose lines posting names
  // itself (naming them again changes nothing).
  auto refused(const movement_document& doc) -> error {
    const auto before = inv_->log_position();
    auto posted = inv_->post(doc);
    EXPECT_THAT(posted, HasError(errc::insufficient_stock));
    EXPECT_EQ(inv_->log_position(), before);
    if (posted) return error{};
    auto e = std::move(posted).error();
    EXPECT_FALSE(e.context.lines.empty());
    EXPECT_EQ(inv_->read([&](const state& s) { return name_short_lines(s, doc, e); }), e);
    return e;
  }
};

TEST_F(ShortLines, EveryLineTakingFromTheShortAccountIsNamed) {
  ASSERT_THAT(receive("po-1", soap, east, "7"), IsOk());
  ASSERT_THAT(receive("po-2", soap, west, "3"), IsOk());
  // East: -5 (line 0) +1 (line 1) -4 (line 2) = -8 against 7 held; the west
  // gives 1 of its 3 and is not short.
  const movement_document doc{
      .key = "so-1",
      .reason = movement_reason::shipment,
      .lines = {line(soap, east, customer, "5"), line(soap, west, east, "1"),
                line(soap, east, customer, "4")}};
  const auto e = refused(doc);
  EXPECT_EQ(e.context.item, "SOAP");
  EXPECT_EQ(e.context.location, "3PL-EAST");
  EXPECT_EQ(e.context.requested, q("8"));
  EXPECT_EQ(e.context.available, q("7"));
  ASSERT_EQ(e.context.lines.size(), 2U);
  EXPECT_EQ(e.context.lines[0], (error_line{0, q("5"), q("7")}));
  EXPECT_EQ(e.context.lines[1], (error_line{2, q("4"), q("7")}));
  EXPECT_EQ(e.context.line, 0U);
  EXPECT_EQ(e.message,
            "'SOAP' at '3PL-EAST': 8 requested, 7 available; line 0 takes 5, line 2 takes 4");
}

TEST_F(ShortLines, OnlyTheShortLotsLinesAreNamed) {
  ASSERT_THAT(receive("po-1", serum, east, "10", fresh), IsOk());
  ASSERT_THAT(receive("po-2", serum, east, "4", old), IsOk());
  // Fresh: 5 of 10, fine. Old: 5 of 4, short by 1; only line 1 takes from it.
  const movement_document doc{
      .key = "so-1",
      .reason = movement_reason::shipment,
      .lines = {line(serum, east, customer, "5", fresh), line(serum, east, customer, "5", old)}};
  const auto e = refused(doc);
  EXPECT_EQ(e.context.lot, "L-OLD");
  ASSERT_EQ(e.context.lines.size(), 1U);
  EXPECT_EQ(e.context.lines[0], (error_line{1, q("5"), q("4")}));
  EXPECT_EQ(e.context.line, 1U);
}

TEST_F(ShortLines, AOneLineDocumentKeepsItsMessage) {
  ASSERT_THAT(receive("po-1", soap, east, "2"), IsOk());
  const auto doc = this->doc("so-1", movement_reason::shipment, soap, east, customer, "3");
  const auto e = refused(doc);
  EXPECT_EQ(e.message, "'SOAP' at '3PL-EAST': 3 requested, 2 available");
  ASSERT_EQ(e.context.lines.size(), 1U);
  EXPECT_EQ(e.context.lines[0], (error_line{0, q("3"), q("2")}));
  EXPECT_EQ(e.context.line, 0U);
}

TEST_F(ShortLines, OtherErrorsAndNamedErrorsComeBackUnchanged) {
  const auto doc = this->doc("so-1", movement_reason::shipment, soap, east, customer, "3");
  const auto other = make_error(errc::invalid_quantity, "quantity must be positive");
  const auto same = inv_->read([&](const state& s) { return name_short_lines(s, doc, other); });
  EXPECT_EQ(same, other);
  auto named = make_error(errc::insufficient_stock, "named",
                          error_context{.item = "SOAP", .location = "3PL-EAST"});
  named.context.lines.push_back(error_line{4, q("1"), q("0")});
  EXPECT_EQ(inv_->read([&](const state& s) { return name_short_lines(s, doc, named); }), named);
  // A document with ids this catalog does not have names nothing.
  const movement_document stranger{.key = "x", .lines = {line(item_id{99}, east, customer, "1")}};
  auto unnamed = make_error(errc::insufficient_stock, "short",
                            error_context{.item = "SOAP", .location = "3PL-EAST"});
  EXPECT_EQ(inv_->read([&](const state& s) { return name_short_lines(s, stranger, unnamed); }),
            unnamed);
}

}  // namespace
}  // namespace onhand
