// SPDX-License-Identifier: Apache-2.0
// daily_demand: a scripted week worked out by hand, the stock-out rule of
// position() (expired lots, held locations), bad arguments, and a seeded
// random history checked against a model kept by the test (what each
// document shipped, from where, on which day) and against position() per day.
#include "onhand/ledger/demand.hpp"

#include <chrono>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"

#include "environment.hpp"
#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::at;
using testing::day;
using testing::IsOk;
using testing::LedgerTest;

class DailyDemand : public LedgerTest {
 protected:
  auto table(const char* first, const char* last, std::vector<location_id> locations = {},
             std::vector<location_id> customers = {}) -> demand_table {
    auto out = inv_->daily_demand(day(first), day(last), locations, customers);
    EXPECT_THAT(out, IsOk());
    return out ? *out : demand_table{};
  }
  static auto row_of(const demand_table& t, item_id item, location_id location) -> std::size_t {
    for (std::size_t r = 0; r < t.items.size(); ++r) {
      if (t.items[r] == item && t.locations[r] == location) return r;
    }
    ADD_FAILURE() << "no row for the pair";
    return 0;
  }
  static auto demand_row(const demand_table& t, std::size_t r) -> std::vector<double> {
    const auto d = static_cast<std::size_t>(t.days);
    return {t.demand.begin() + static_cast<std::ptrdiff_t>(r * d),
            t.demand.begin() + static_cast<std::ptrdiff_t>((r + 1) * d)};
  }
  static auto stocked_row(const demand_table& t, std::size_t r) -> std::vector<std::uint8_t> {
    const auto d = static_cast<std::size_t>(t.days);
    return {t.stocked_out.begin() + static_cast<std::ptrdiff_t>(r * d),
            t.stocked_out.begin() + static_cast<std::ptrdiff_t>((r + 1) * d)};
  }
};

// The week of 2026-11-20..26 (soap; every figure by hand):
//   20 08:00  receive 10 at EAST/A-01 and 5 at 3PL-WEST
//   21 10:00  so-1: 3 from EAST/A-01 to CUSTOMER
//   22 10:00  so-2: 4 from EAST/A-01 and 2 from 3PL-WEST to CUSTOMER (one document)
//   23 10:00  so-3: 3 from EAST/A-01 to CUSTOMER: EAST/A-01 is empty at the day's end
//   24 12:00  so-1 reversed: its -3 counts on the 21st; EAST/A-01 has 3 again
//   25 09:00  1 from 3PL-WEST to EAST/A-01 (a transfer: no demand), 1 from 3PL-WEST to
//             CUSTOMER-B (demand of another customer)
TEST_F(DailyDemand, AScriptedWeek) {
  const auto other = define({.code = "CUSTOMER-B", .kind = location_kind::customer});
  now_ = at("2026-11-20T08:00:00Z");
  ASSERT_THAT(receive("po-1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("po-2", soap, west, "5"), IsOk());
  now_ = at("2026-11-21T10:00:00Z");
  ASSERT_THAT(inv_->post(doc("so-1", movement_reason::shipment, soap, east_bin, customer, "3")),
              IsOk());
  now_ = at("2026-11-22T10:00:00Z");
  auto two = doc("so-2", movement_reason::shipment, soap, east_bin, customer, "4");
  two.lines.push_back({.item = soap, .from = west, .to = customer, .amount = testing::q("2")});
  ASSERT_THAT(inv_->post(two), IsOk());
  now_ = at("2026-11-23T10:00:00Z");
  ASSERT_THAT(inv_->post(doc("so-3", movement_reason::shipment, soap, east_bin, customer, "3")),
              IsOk());
  now_ = at("2026-11-24T12:00:00Z");
  ASSERT_THAT(inv_->reverse("so-1", "so-1/reversed"), IsOk());
  now_ = at("2026-11-25T09:00:00Z");
  ASSERT_THAT(inv_->post(doc("tr-1", movement_reason::transfer, soap, west, east_bin, "1")),
              IsOk());
  ASSERT_THAT(inv_->post(doc("so-4", movement_reason::shipment, soap, west, other, "1")), IsOk());

  const auto t = table("2026-11-20", "2026-11-26");
  ASSERT_EQ(t.days, 7);
  ASSERT_EQ(t.items.size(), 2U);  // soap at EAST/A-01 and 3PL-WEST: positions on the 26th
  // By item, then location id: EAST/A-01 was defined before 3PL-WEST.
  EXPECT_EQ(t.locations[0], east_bin);
  EXPECT_EQ(t.locations[1], west);
  EXPECT_EQ(demand_row(t, 0), (std::vector<double>{0, 0, 4, 3, 0, 0, 0}));
  EXPECT_EQ(stocked_row(t, 0), (std::vector<std::uint8_t>{0, 0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(demand_row(t, 1), (std::vector<double>{0, 0, 2, 0, 0, 1, 0}));
  EXPECT_EQ(stocked_row(t, 1), (std::vector<std::uint8_t>(7, 0)));

  // Only CUSTOMER: the 25th's shipment to CUSTOMER-B is not demand.
  const auto only = table("2026-11-20", "2026-11-26", {}, {customer});
  EXPECT_EQ(demand_row(only, row_of(only, soap, west)), (std::vector<double>{0, 0, 2, 0, 0, 0, 0}));
  // Only 3PL-WEST: one row.
  const auto west_only = table("2026-11-20", "2026-11-26", {west});
  ASSERT_EQ(west_only.items.size(), 1U);
  EXPECT_EQ(west_only.locations[0], west);
  // A window from the 22nd: so-1 and its reversal are outside it (the 21st).
  const auto later = table("2026-11-22", "2026-11-23");
  EXPECT_EQ(demand_row(later, row_of(later, soap, east_bin)), (std::vector<double>{4, 3}));
  // A window that ends before anything moved: no rows.
  EXPECT_TRUE(table("2026-11-01", "2026-11-19").items.empty());
}

TEST_F(DailyDemand, ADocumentFromTwoLocationsSplitsByWhatLeftEach) {
  // One line of 6 to CUSTOMER through a document that also moves stock
  // between the sources: EAST/A-01 gives 6 to the customer but receives 2
  // from 3PL-WEST; its outflow is 6 and 3PL-WEST's 2: shares 6·6/8 and 6·2/8.
  now_ = at("2026-11-20T08:00:00Z");
  ASSERT_THAT(receive("po-1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("po-2", soap, west, "5"), IsOk());
  auto mixed = doc("so-1", movement_reason::shipment, soap, east_bin, customer, "6");
  mixed.lines.push_back({.item = soap, .from = west, .to = east_bin, .amount = testing::q("2")});
  ASSERT_THAT(inv_->post(mixed), IsOk());
  const auto t = table("2026-11-20", "2026-11-20");
  EXPECT_DOUBLE_EQ(t.demand[row_of(t, soap, east_bin)], 4.5);
  EXPECT_DOUBLE_EQ(t.demand[row_of(t, soap, west)], 1.5);
}

TEST_F(DailyDemand, StockOutDaysFollowThePositionRule) {
  const auto held = define({.code = "QC", .hold = true});
  now_ = at("2026-12-10T08:00:00Z");
  ASSERT_THAT(receive("po-1", serum, east, "2", old), IsOk());  // L-OLD expires 12-15
  ASSERT_THAT(receive("po-2", soap, held, "7"), IsOk());
  const auto t = table("2026-12-13", "2026-12-17");
  // Usable on its expiry date, quarantined (so nothing available) from the 16th.
  EXPECT_EQ(stocked_row(t, row_of(t, serum, east)), (std::vector<std::uint8_t>{0, 0, 0, 1, 1}));
  // All stock at a held location is quarantined.
  EXPECT_EQ(stocked_row(t, row_of(t, soap, held)), (std::vector<std::uint8_t>(5, 1)));
  // A hold on the lot counts on every date (a status is not dated).
  ASSERT_THAT(inv_->set_lot_status(old, lot_status::on_hold), IsOk());
  const auto after = table("2026-12-13", "2026-12-17");
  EXPECT_EQ(stocked_row(after, row_of(after, serum, east)), (std::vector<std::uint8_t>(5, 1)));
}

TEST_F(DailyDemand, BadArgumentsAreTypedErrors) {
  EXPECT_EQ(inv_->daily_demand(day("2026-11-20"), day("2026-11-19")).error().code,
            errc::invalid_parameter);
  EXPECT_EQ(inv_->daily_demand(day("2016-01-01"), day("2026-11-19")).error().code,
            errc::invalid_parameter);
  const std::vector<location_id> unknown{location_id{9999}};
  EXPECT_EQ(inv_->daily_demand(day("2026-11-19"), day("2026-11-20"), unknown).error().code,
            errc::unknown_code);
  const std::vector<location_id> a_customer{customer};
  const auto not_internal = inv_->daily_demand(day("2026-11-19"), day("2026-11-20"), a_customer);
  EXPECT_EQ(not_internal.error().code, errc::invalid_location);
  EXPECT_EQ(not_internal.error().context.field, "locations");
  const std::vector<location_id> a_bin{east_bin};
  const auto not_customer = inv_->daily_demand(day("2026-11-19"), day("2026-11-20"), {}, a_bin);
  EXPECT_EQ(not_customer.error().code, errc::invalid_location);
  EXPECT_EQ(not_customer.error().context.field, "customers");
}

// A seeded month of receipts, shipments of one to three lines (to two
// customers), transfers and reversals, some back-dated. The model: what each
// document shipped from each location on its day; a reversal takes it back on
// the original's day. Stock-out days are checked against position().
TEST_F(DailyDemand, AgreesWithAModelOfARandomMonth) {
  const auto first = day("2026-10-01");
  const auto days = 30;
  for (const auto seed : testing::seeds_or({1, 2, 3})) {
    SetUp();  // a fresh inventory per seed
    const auto other = define({.code = "CUSTOMER-B", .kind = location_kind::customer});
    const std::vector<location_id> places{east, east_bin, west};
    const std::vector<item_id> goods{soap, flour};
    std::mt19937_64 rng(seed);
    std::map<std::tuple<std::uint32_t, std::uint32_t, int>, double> expected;
    std::map<std::string, std::vector<std::tuple<item_id, location_id, int, double>>> shipped;
    auto pick = [&](auto& v) { return v[rng() % v.size()]; };
    auto when = [&](int d) {
      return start_of(date{std::chrono::sys_days{first} + std::chrono::days{d}}) +
             std::chrono::hours{1 + static_cast<int>(rng() % 22)};
    };
    int keys = 0;
    for (int step = 0; step < 150; ++step) {
      const int d = static_cast<int>(rng() % days);
      now_ = when(std::min(days - 1, d + static_cast<int>(rng() % 3)));
      const auto key = "d" + std::to_string(keys++);
      const auto kind = rng() % 10;
      if (kind < 3) {
        ASSERT_THAT(receive(key, pick(goods), pick(places), "20"), IsOk());
      } else if (kind < 8) {
        movement_document doc{.key = key, .reason = movement_reason::shipment};
        doc.effective = when(d);
        const auto buyer = rng() % 2 == 0 ? customer : other;
        std::vector<std::tuple<item_id, location_id, int, double>> lines;
        for (auto n = 1 + rng() % 3; n > 0; --n) {
          const auto item = pick(goods);
          const auto from = pick(places);
          const auto amount = static_cast<int>(1 + rng() % 4);
          doc.lines.push_back(
              {.item = item, .from = from, .to = buyer, .amount = quantity::units(amount)});
          lines.emplace_back(item, from, d, amount);
        }
        if (inv_->post(doc)) {
          for (const auto& [item, from, on, amount] : lines) {
            expected[{item.value, from.value, on}] += amount;
          }
          shipped[key] = lines;
        }
      } else if (kind < 9) {
        auto move =
            doc(key, movement_reason::transfer, pick(goods), pick(places), pick(places), "1");
        move.effective = when(d);
        (void)inv_->post(move);  // may be refused: short, or the same location
      } else if (!shipped.empty()) {
        auto it = shipped.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(rng() % shipped.size()));
        if (inv_->reverse(it->first, key + "/reversal")) {
          for (const auto& [item, from, on, amount] : it->second) {
            expected[{item.value, from.value, on}] -= amount;
          }
          shipped.erase(it);
        }
      }
    }
    const auto last = date{std::chrono::sys_days{first} + std::chrono::days{days - 1}};
    auto t = inv_->daily_demand(first, last);
    ASSERT_THAT(t, IsOk());
    for (std::size_t r = 0; r < t->items.size(); ++r) {
      for (int d = 0; d < days; ++d) {
        const auto at_day = date{std::chrono::sys_days{first} + std::chrono::days{d}};
        const auto cell = r * days + static_cast<std::size_t>(d);
        const auto key = std::tuple{t->items[r].value, t->locations[r].value, d};
        const auto want = expected.count(key) ? expected.at(key) : 0.0;
        EXPECT_DOUBLE_EQ(t->demand[cell], want) << "seed " << seed << " row " << r << " day " << d;
        expected.erase(key);
        const auto p = inv_->position(t->items[r], t->locations[r], at_day);
        EXPECT_EQ(t->stocked_out[cell] != 0, !p.available.is_positive())
            << "seed " << seed << " row " << r << " day " << d;
      }
    }
    // Every modelled demand found a row (what is left nets to zero).
    for (const auto& [key, amount] : expected) EXPECT_EQ(amount, 0.0) << "seed " << seed;
  }
}

}  // namespace
}  // namespace onhand
