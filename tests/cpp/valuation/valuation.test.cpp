// SPDX-License-Identifier: Apache-2.0
// Valuation by each costing method, with expected values worked out by hand
// from the rules of docs/concepts/valuation.md: FIFO layers, the moving
// average and its rounding, standard cost with purchase price variance,
// negative stock and its correction, transfers, back-dated postings, and
// what each refusal leaves unchanged.
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/valuation/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class ValuationTest : public LedgerTest {
 protected:
  auto buy(std::string key, item_id item, location_id to, const char* amount, const char* cost,
           std::optional<timestamp> effective = std::nullopt) -> result<posting> {
    auto document = doc(std::move(key), movement_reason::receipt, item, vendor, to, amount);
    document.effective = effective;
    const std::vector<money> costs{m(cost)};
    return inv_->post_costed_receipt(document, costs);
  }
  auto ship(std::string key, item_id item, location_id from, const char* amount,
            std::optional<timestamp> effective = std::nullopt) -> result<posting> {
    auto document = doc(std::move(key), movement_reason::shipment, item, from, customer, amount);
    document.effective = effective;
    return inv_->post(document);
  }
  auto value(item_id item, location_id location) -> money {
    return inv_->value_of(item, location).value;
  }
  auto cogs() -> money {
    return inv_->cost_of_goods_sold(at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
  }
  void costing(item_id item, costing_method method, const char* standard = "0") {
    ASSERT_THAT(inv_->set_costing_method({item, method, m(standard)}), IsOk());
  }
};

TEST_F(ValuationTest, FifoIssuesTheOldestLayersFirst) {
  ASSERT_THAT(buy("r1", soap, east, "10", "2.00"), IsOk());
  ASSERT_THAT(buy("r2", soap, east, "5", "3.00"), IsOk());
  ASSERT_THAT(ship("s1", soap, east, "12"), IsOk());
  // 10 × 2.00 + 2 × 3.00 leave; 3 × 3.00 stay.
  EXPECT_EQ(cogs(), m("26"));
  EXPECT_EQ(inv_->value_of(soap, east), (stock_value{q("3"), m("9")}));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, MovingAverageRoundsWhatStaysAndConservesValue) {
  costing(soap, costing_method::moving_average);
  ASSERT_THAT(buy("r1", soap, east, "1", "1.00"), IsOk());
  ASSERT_THAT(buy("r2", soap, east, "2", "0.50"), IsOk());
  // Pool: 3 units worth 2.00. What stays is valued at 2/3 each, half to even.
  ASSERT_THAT(ship("s1", soap, east, "1"), IsOk());
  EXPECT_EQ(value(soap, east), m("1.333333"));  // 2 × 0.6666…
  ASSERT_THAT(ship("s2", soap, east, "1"), IsOk());
  EXPECT_EQ(value(soap, east), m("0.666666"));  // 1.333333 / 2 = 0.6666665, to even
  ASSERT_THAT(ship("s3", soap, east, "1"), IsOk());
  EXPECT_EQ(value(soap, east), m("0"));
  EXPECT_EQ(cogs(), m("2"));  // 0.666667 + 0.666667 + 0.666666: nothing lost
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, StandardCostRecordsPurchasePriceVariance) {
  costing(soap, costing_method::standard, "2.50");
  ASSERT_THAT(buy("r1", soap, east, "10", "2.35"), IsOk());
  EXPECT_EQ(value(soap, east), m("25"));
  ASSERT_THAT(ship("s1", soap, east, "4"), IsOk());
  EXPECT_EQ(cogs(), m("10"));
  EXPECT_EQ(value(soap, east), m("15"));
  const auto ppv = inv_->read([&](const state& s) {
    return purchase_price_variance(s, at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
  });
  EXPECT_EQ(ppv, m("-1.5"));  // paid 23.50 for what stands at 25.00
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, NegativeStockIsValuedAtLastCostThenCorrected) {
  ASSERT_THAT(buy("r1", soap, south, "5", "2.00"), IsOk());
  ASSERT_THAT(ship("s1", soap, south, "8"), IsOk());
  EXPECT_EQ(cogs(), m("16"));  // 5 × 2.00 held + 3 × 2.00 at the last cost
  EXPECT_EQ(inv_->value_of(soap, south), (stock_value{q("-3"), m("-6")}));
  ASSERT_THAT(buy("r2", soap, south, "10", "3.00"), IsOk());
  // The 3 issued short cost 3.00 each, not 2.00: 3 more into COGS.
  EXPECT_EQ(cogs(), m("19"));
  EXPECT_EQ(inv_->value_of(soap, south), (stock_value{q("7"), m("21")}));
  // Everything bought (10 + 30) is either sold or held.
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, TransfersMoveLayersAndConserveValue) {
  ASSERT_THAT(buy("r1", soap, east, "10", "2"), IsOk());
  ASSERT_THAT(buy("r2", soap, east, "10", "4"), IsOk());
  ASSERT_THAT(inv_->post(doc("t1", movement_reason::transfer, soap, east, west, "15")), IsOk());
  EXPECT_EQ(value(soap, west), m("40"));  // 10 × 2 + 5 × 4
  EXPECT_EQ(value(soap, east), m("20"));  // 5 × 4
  ASSERT_THAT(ship("s1", soap, west, "5"), IsOk());
  EXPECT_EQ(cogs(), m("10"));  // the oldest layer at west: 2 each
  EXPECT_EQ(checked_add(checked_add(cogs(), value(soap, east)).value(), value(soap, west)).value(),
            m("60"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, BackDatedReceiptRevaluesLaterIssuesAndAsOfValues) {
  // A costing change takes effect when it is recorded: before the movements here.
  now_ = at("2026-11-01T00:00:00Z");
  costing(soap, costing_method::moving_average);
  now_ = at("2026-11-27T09:00:00Z");
  ASSERT_THAT(buy("r1", soap, east, "10", "2", at("2026-11-20T08:00:00Z")), IsOk());
  ASSERT_THAT(ship("s1", soap, east, "5", at("2026-11-24T08:00:00Z")), IsOk());
  EXPECT_EQ(cogs(), m("10"));
  // Received on the 22nd, recorded later: the issue of the 24th took from a 20-unit pool of 70.
  ASSERT_THAT(buy("r2", soap, east, "10", "5", at("2026-11-22T08:00:00Z")), IsOk());
  EXPECT_EQ(cogs(), m("17.5"));
  EXPECT_EQ(value(soap, east), m("52.5"));
  EXPECT_EQ(inv_->value_of(soap, east, at("2026-11-21T00:00:00Z")),
            (stock_value{q("10"), m("20")}));
  EXPECT_EQ(inv_->value_of(soap, east, at("2026-11-23T00:00:00Z")),
            (stock_value{q("20"), m("70")}));
  EXPECT_EQ(inv_->cost_of_goods_sold(at("2026-11-24T00:00:00Z"), at("2026-11-25T00:00:00Z")),
            m("17.5"));
  EXPECT_EQ(inv_->cost_of_goods_sold(at("2026-11-25T00:00:00Z"), at("2026-11-26T00:00:00Z")),
            m("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, ACostingChangeRevaluesTheStockHeld) {
  ASSERT_THAT(buy("r1", soap, east, "10", "2"), IsOk());
  ASSERT_THAT(buy("r2", soap, east, "10", "4"), IsOk());
  costing(soap, costing_method::standard, "3.50");
  EXPECT_EQ(value(soap, east), m("70"));
  const auto changes = inv_->read([&](const state& s) {
    return value_changes(s, at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
  });
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[2].kind, value_change_kind::revaluation);
  EXPECT_EQ(changes[2].value, m("10"));  // 60 → 70
  costing(soap, costing_method::moving_average);
  ASSERT_THAT(ship("s1", soap, east, "5"), IsOk());
  EXPECT_EQ(cogs(), m("17.5"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, UncostedInboundStockTakesTheLastCost) {
  ASSERT_THAT(buy("r1", soap, east, "10", "2.40"), IsOk());
  ASSERT_THAT(inv_->post(doc("gain", movement_reason::count, soap, loss, east, "5")), IsOk());
  EXPECT_EQ(value(soap, east), m("36"));  // 15 × 2.40
  // Never costed: zero.
  ASSERT_THAT(receive("r2", flour, east, "3"), IsOk());
  EXPECT_EQ(value(flour, east), m("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, RefusalsNameTheArgumentAndChangeNothing) {
  ASSERT_THAT(buy("r1", soap, east, "10", "2"), IsOk());
  const auto before = inv_->log_position();
  auto document = doc("r2", movement_reason::receipt, soap, vendor, east, "1");
  const std::vector<money> two{m("1"), m("2")};
  auto refused = inv_->post_costed_receipt(document, two);
  ASSERT_THAT(refused, HasError(errc::cost_mismatch));
  EXPECT_EQ(refused.error().context.field, "unit_costs");
  const std::vector<money> negative{m("-1")};
  refused = inv_->post_costed_receipt(document, negative);
  ASSERT_THAT(refused, HasError(errc::invalid_cost));
  EXPECT_EQ(refused.error().context.field, "unit_costs");
  const std::vector<money> one{m("1")};
  refused =
      inv_->post_costed_receipt(doc("t1", movement_reason::transfer, soap, east, west, "1"), one);
  ASSERT_THAT(refused, HasError(errc::cost_mismatch));
  EXPECT_THAT(inv_->set_costing_method({soap, costing_method::standard, m("-2")}),
              HasError(errc::invalid_cost));
  EXPECT_THAT(inv_->set_costing_method({soap, costing_method::fifo, m("2")}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(inv_->set_costing_method({item_id{999}, costing_method::fifo, m("0")}),
              HasError(errc::unknown_code));
  // The ledger's own refusals come first: stock the vendor cannot send is none of ours.
  EXPECT_THAT(buy("r3", soap, east, "0", "1"), HasError(errc::invalid_quantity));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(value(soap, east), m("20"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, ARetryReturnsTheOriginalAndOtherCostsConflict) {
  auto first = buy("r1", soap, east, "10", "2");
  ASSERT_THAT(first, IsOk());
  auto again = buy("r1", soap, east, "10", "2");
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->document, first->document);
  EXPECT_THAT(buy("r1", soap, east, "10", "3"), HasError(errc::idempotency_conflict));
  EXPECT_EQ(value(soap, east), m("20"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ValuationTest, TheReportReconcilesWithTheLedgerByCategory) {
  const auto towel = inv_->define_item({.code = "TOWEL",
                                        .units = unit_set{{"each", 0}},
                                        .attributes = {{"category", "linen"}}})
                         .value();
  ASSERT_THAT(buy("r0", towel, east, "2", "7.5"), IsOk());
  ASSERT_THAT(buy("r1", soap, east, "10", "2"), IsOk());
  ASSERT_THAT(buy("r2", soap, west, "4", "2.5"), IsOk());
  ASSERT_THAT(ship("s1", soap, east, "3"), IsOk());
  auto rows = inv_->valuation_report(now_);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows.back().category, "linen");
  EXPECT_EQ(rows.back().value, m("15"));
  rows.pop_back();
  EXPECT_EQ(rows[0].location, east);
  EXPECT_EQ(rows[0].on_hand, q("7"));
  EXPECT_EQ(rows[0].value, m("14"));
  EXPECT_EQ(rows[0].unit_cost, m("2"));
  EXPECT_EQ(rows[1].value, m("10"));
  for (const auto& row : inv_->valuation_report(now_)) {
    EXPECT_TRUE(row.reconciled());
    EXPECT_EQ(row.ledger_on_hand, inv_->on_hand(row.item, row.location).from_zero());
  }
}

}  // namespace
}  // namespace onhand::testing
