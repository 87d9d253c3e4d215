// SPDX-License-Identifier: Apache-2.0
// Expiry risk: lots expiring within N days, on a history whose answers are
// worked out by hand below.
#include "onhand/ledger/expiry_risk.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::day;
using testing::HasError;
using testing::IsOk;
using testing::LedgerTest;
using testing::q;

class ExpiryRisk : public LedgerTest {
 protected:
  // Lots of SERUM (received 2026-11-27) and where they lie:
  //   L-PAST  expires 2026-12-01   3 at 3PL-WEST
  //   L-OLD   expires 2026-12-15  10 at 3PL-EAST, 4 at EAST/A-01 (below 3PL-EAST)
  //   L-HELD  expires 2026-12-20   2 at 3PL-WEST, on hold
  //   L-EDGE  expires 2027-01-09   6 in TRANSIT
  //   L-OUT   expires 2027-01-10   8 at 3PL-WEST
  //   L-FRESH expires 2027-06-30   5 at 3PL-WEST
  //   L-NONE  no expiry            9 at 3PL-WEST
  // and 12 SOAP (no lots) at 3PL-EAST.
  void post_history() {
    const auto lot = [&](const char* code, std::optional<date> expiry) {
      return inv_->define_lot({.item = "SERUM", .code = code, .expiry = expiry}).value();
    };
    const auto past = lot("L-PAST", day("2026-12-01"));
    const auto held = lot("L-HELD", day("2026-12-20"));
    const auto edge = lot("L-EDGE", day("2027-01-09"));
    const auto beyond = lot("L-OUT", day("2027-01-10"));
    const auto undated = lot("L-NONE", std::nullopt);
    ASSERT_THAT(receive("r1", serum, west, "3", past), IsOk());
    ASSERT_THAT(receive("r2", serum, east, "10", old), IsOk());
    ASSERT_THAT(receive("r3", serum, east_bin, "4", old), IsOk());
    ASSERT_THAT(receive("r4", serum, west, "2", held), IsOk());
    ASSERT_THAT(receive("r5", serum, west, "6", edge), IsOk());
    ASSERT_THAT(inv_->post(doc("t5", movement_reason::transfer, serum, west, transit, "6", edge)),
                IsOk());
    ASSERT_THAT(receive("r6", serum, west, "8", beyond), IsOk());
    ASSERT_THAT(receive("r7", serum, west, "5", fresh), IsOk());
    ASSERT_THAT(receive("r8", serum, west, "9", undated), IsOk());
    ASSERT_THAT(receive("r9", soap, east, "12"), IsOk());
    ASSERT_THAT(inv_->set_lot_status(held, lot_status::on_hold), IsOk());
  }

  auto risk(const expiry_risk_options& options) -> result<std::vector<expiry_risk_row>> {
    return inv_->read([&](const state& s) { return expiry_risk(s, options); });
  }

  // Rows as "lot@location qty days" strings, for readable comparisons.
  auto brief(const std::vector<expiry_risk_row>& rows) -> std::vector<std::string> {
    std::vector<std::string> out;
    inv_->read([&](const state& s) {
      for (const auto& r : rows) {
        out.push_back(s.catalog.lot(r.lot).code + "@" + s.catalog.location(r.location).code + " " +
                      r.amount.to_string() + " " + std::to_string(r.days_to_expiry));
      }
    });
    return out;
  }
};

TEST_F(ExpiryRisk, WithinThirtyDaysSortedByExpiry) {
  post_history();
  // On 2026-12-10, 30 days reach 2027-01-09: L-EDGE is in (30 days), L-OUT
  // (31) is not; L-PAST expired 9 days ago and is flagged.
  const auto rows = risk({.on = day("2026-12-10"), .within_days = 30});
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ(brief(*rows), (std::vector<std::string>{"L-PAST@3PL-WEST 3 -9", "L-OLD@3PL-EAST 10 5",
                                                    "L-OLD@EAST/A-01 4 5", "L-HELD@3PL-WEST 2 10",
                                                    "L-EDGE@TRANSIT 6 30"}));
  EXPECT_TRUE((*rows)[0].expired);
  EXPECT_FALSE((*rows)[1].expired);
  EXPECT_EQ((*rows)[0].expiry, day("2026-12-01"));
  EXPECT_EQ((*rows)[3].status, lot_status::on_hold);
  for (const auto& r : *rows) EXPECT_FALSE(r.value.has_value());
}

TEST_F(ExpiryRisk, ExpiryDayItselfIsNotExpired) {
  post_history();
  const auto rows = risk({.on = day("2026-12-15"), .within_days = 0});
  ASSERT_THAT(rows, IsOk());
  // L-PAST (expired), and L-OLD on its expiry date: 0 days, still usable.
  EXPECT_EQ(brief(*rows), (std::vector<std::string>{"L-PAST@3PL-WEST 3 -14", "L-OLD@3PL-EAST 10 0",
                                                    "L-OLD@EAST/A-01 4 0"}));
  EXPECT_FALSE((*rows)[1].expired);
}

TEST_F(ExpiryRisk, LocationSubtree) {
  post_history();
  const auto rows = risk({.on = day("2026-12-10"), .within_days = 30, .location = east});
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ(brief(*rows), (std::vector<std::string>{"L-OLD@3PL-EAST 10 5", "L-OLD@EAST/A-01 4 5"}));
  const auto zone = risk({.on = day("2026-12-10"), .within_days = 30, .location = east_zone});
  ASSERT_THAT(zone, IsOk());
  EXPECT_EQ(brief(*zone), (std::vector<std::string>{"L-OLD@EAST/A-01 4 5"}));
}

TEST_F(ExpiryRisk, ValuedWithTheCallersUnitCosts) {
  post_history();
  const auto cost = money::parse("2.35").value();
  const auto rows = risk({.on = day("2026-12-10"),
                          .within_days = 30,
                          .unit_cost = [&](item_id item) -> std::optional<money> {
                            if (item == serum) return cost;
                            return std::nullopt;
                          }});
  ASSERT_THAT(rows, IsOk());
  // 3 × 2.35, 10 × 2.35, 4 × 2.35, 2 × 2.35, 6 × 2.35.
  const std::vector<const char*> values = {"7.05", "23.5", "9.4", "4.7", "14.1"};
  ASSERT_EQ(rows->size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ((*rows)[i].value, money::parse(values[i]).value()) << i;
  }
}

TEST_F(ExpiryRisk, StockAsOfTheEvaluationDate) {
  post_history();
  // Everything was received on 2026-11-27: the day before, nothing is held.
  const auto before = risk({.on = day("2026-11-26"), .within_days = 400});
  ASSERT_THAT(before, IsOk());
  EXPECT_TRUE(before->empty());
}

TEST_F(ExpiryRisk, BadInputIsNamed) {
  post_history();
  const auto negative = risk({.on = day("2026-12-10"), .within_days = -1});
  EXPECT_THAT(negative, HasError(errc::invalid_parameter));
  EXPECT_EQ(negative.error().context.field, "within_days");
  const auto unknown = risk({.on = day("2026-12-10"), .location = location_id{999}});
  EXPECT_THAT(unknown, HasError(errc::unknown_code));
  EXPECT_EQ(unknown.error().context.field, "location");
}

}  // namespace
}  // namespace onhand
