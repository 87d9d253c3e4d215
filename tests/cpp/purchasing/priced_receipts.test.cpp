// SPDX-License-Identifier: Apache-2.0
// A receipt against a purchase order is valued at the line's price: FIFO
// layers, standard cost with its purchase price variance, a line repriced
// between two receipts, unexpected receipts with and without a cost, retries,
// and replay refusing a batch another writer forged. Expected values are
// worked out by hand from docs/concepts/valuation.md.
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/valuation/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class PricedReceiptTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    ASSERT_THAT(inv_->define_supplier({.code = "ACME",
                                       .name = "Acme Ltd",
                                       .location = vendor,
                                       .over_tolerance = q("0"),
                                       .under_tolerance = q("0"),
                                       .allow_unexpected = true}),
                IsOk());
  }
  auto line(item_id item, const char* amount, const char* price) -> purchase_order_line {
    return {.item = item,
            .amount = q(amount),
            .price = m(price),
            .expected = day("2026-12-10"),
            .destination = east};
  }
  void order(std::string key, std::vector<purchase_order_line> lines) {
    ASSERT_THAT(inv_->create_purchase_order(
                    {.key = key, .supplier = "ACME", .currency = "EUR", .lines = std::move(lines)}),
                IsOk());
    ASSERT_THAT(inv_->send_purchase_order(key), IsOk());
  }
  auto take(std::string key, std::string po, std::uint32_t at_line, const char* amount)
      -> result<posting> {
    return inv_->receive({.key = std::move(key),
                          .order = std::move(po),
                          .line = at_line,
                          .lots = {{.amount = q(amount)}}});
  }
  auto unexpected(std::string key, const char* amount, std::optional<money> cost)
      -> result<posting> {
    return inv_->receive({.key = std::move(key),
                          .lots = {{.amount = q(amount)}},
                          .supplier = "ACME",
                          .item = soap,
                          .destination = east,
                          .unit_cost = cost});
  }
  auto ship(std::string key, const char* amount) -> result<posting> {
    return inv_->post(doc(std::move(key), movement_reason::shipment, soap, east, customer, amount));
  }
  auto value() -> money { return inv_->value_of(soap, east).value; }
  auto cogs() -> money {
    return inv_->cost_of_goods_sold(at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
  }
  auto ppv() -> money {
    return inv_->read([&](const state& s) {
      return purchase_price_variance(s, at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
    });
  }
};

TEST_F(PricedReceiptTest, FifoLayersHoldTheOrderLinesPrices) {
  order("PO-1", {line(soap, "10", "2.00"), line(soap, "5", "3.00")});
  ASSERT_THAT(take("GRN-1", "PO-1", 0, "10"), IsOk());
  ASSERT_THAT(take("GRN-2", "PO-1", 1, "5"), IsOk());
  EXPECT_EQ(value(), m("35"));  // 10 × 2.00 + 5 × 3.00
  ASSERT_THAT(ship("S-1", "12"), IsOk());
  EXPECT_EQ(cogs(), m("26"));  // 10 × 2.00 + 2 × 3.00, oldest first
  EXPECT_EQ(inv_->value_of(soap, east), (stock_value{q("3"), m("9")}));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PricedReceiptTest, StandardCostRecordsTheVarianceToTheOrderPrice) {
  ASSERT_THAT(inv_->set_costing_method({soap, costing_method::standard, m("2.50")}), IsOk());
  order("PO-1", {line(soap, "10", "2.35")});
  ASSERT_THAT(take("GRN-1", "PO-1", 0, "10"), IsOk());
  EXPECT_EQ(value(), m("25"));  // at standard
  EXPECT_EQ(ppv(), m("-1.5"));  // (2.35 − 2.50) × 10
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PricedReceiptTest, ARepricedLineValuesEachReceiptAtItsOwnPrice) {
  order("PO-1", {line(soap, "10", "2.00")});
  ASSERT_THAT(take("GRN-1", "PO-1", 0, "4"), IsOk());
  ASSERT_THAT(inv_->change_purchase_order_line({.key = "CHG-1",
                                                .order = "PO-1",
                                                .line = 0,
                                                .amount = q("10"),
                                                .expected = day("2026-12-12"),
                                                .price = m("2.60")}),
              IsOk());
  ASSERT_THAT(take("GRN-2", "PO-1", 0, "6"), IsOk());
  EXPECT_EQ(value(), m("23.6"));  // 4 × 2.00 + 6 × 2.60
  ASSERT_THAT(ship("S-1", "5"), IsOk());
  EXPECT_EQ(cogs(), m("10.6"));  // 4 × 2.00 + 1 × 2.60
  const auto price = inv_->read([](const state& s) {
    return s.purchasing.order(*s.purchasing.find_order("PO-1")).lines[0].line.price;
  });
  EXPECT_EQ(price, m("2.60"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PricedReceiptTest, AChangeRetriesAndRefusesAnotherPrice) {
  order("PO-1", {line(soap, "10", "2.00")});
  const purchase_order_change change{.key = "CHG-1",
                                     .order = "PO-1",
                                     .line = 0,
                                     .amount = q("10"),
                                     .expected = day("2026-12-12"),
                                     .price = m("2.60")};
  ASSERT_THAT(inv_->change_purchase_order_line(change), IsOk());
  const auto after = inv_->log_position();
  EXPECT_THAT(inv_->change_purchase_order_line(change), IsOk());
  EXPECT_EQ(inv_->log_position(), after);
  auto other = change;
  other.price = m("2.70");
  EXPECT_THAT(inv_->change_purchase_order_line(other), HasError(errc::idempotency_conflict));
  other.price.reset();
  EXPECT_THAT(inv_->change_purchase_order_line(other), HasError(errc::idempotency_conflict));
  other.key = "CHG-2";
  other.price = m("-1");
  auto refused = inv_->change_purchase_order_line(other);
  ASSERT_THAT(refused, HasError(errc::invalid_parameter));
  EXPECT_EQ(refused.error().context.field, "price");
  EXPECT_EQ(inv_->log_position(), after);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PricedReceiptTest, UnexpectedReceiptsArePricedOnlyWhenGivenACost) {
  ASSERT_THAT(unexpected("U-1", "4", m("1.25")), IsOk());
  EXPECT_EQ(value(), m("5"));
  // Unpriced: valued at the last cost, as any inbound without a recorded cost.
  ASSERT_THAT(unexpected("U-2", "2", std::nullopt), IsOk());
  EXPECT_EQ(value(), m("7.5"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PricedReceiptTest, RetriesReturnTheOriginalAndAnotherCostConflicts) {
  order("PO-1", {line(soap, "10", "2.00")});
  auto first = take("GRN-1", "PO-1", 0, "4");
  ASSERT_THAT(first, IsOk());
  const auto after = inv_->log_position();
  auto again = take("GRN-1", "PO-1", 0, "4");
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->document, first->document);

  auto priced = unexpected("U-1", "1", m("1.25"));
  ASSERT_THAT(priced, IsOk());
  const auto priced_at = inv_->log_position();
  auto retried = unexpected("U-1", "1", m("1.25"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_TRUE(retried->replayed);
  EXPECT_EQ(retried->document, priced->document);
  EXPECT_THAT(unexpected("U-1", "1", m("1.30")), HasError(errc::idempotency_conflict));
  EXPECT_THAT(unexpected("U-1", "1", std::nullopt), HasError(errc::idempotency_conflict));
  EXPECT_EQ(inv_->log_position(), priced_at);
  EXPECT_GT(priced_at, after);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PricedReceiptTest, BadCostsAreRefusedNamingTheArgument) {
  order("PO-1", {line(soap, "10", "2.00")});
  const auto before = inv_->log_position();
  auto negative = unexpected("U-1", "1", m("-0.01"));
  ASSERT_THAT(negative, HasError(errc::invalid_cost));
  EXPECT_EQ(negative.error().context.field, "unit_cost");
  auto on_order = inv_->receive({.key = "GRN-1",
                                 .order = "PO-1",
                                 .line = 0,
                                 .lots = {{.amount = q("1")}},
                                 .unit_cost = m("1")});
  ASSERT_THAT(on_order, HasError(errc::invalid_parameter));
  EXPECT_EQ(on_order.error().context.field, "unit_cost");
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->verify(), IsOk());
}

// The batch a receipt appends, as another writer could append it: replay
// judges it by the command's rules.
class ForgedReceiptTest : public PricedReceiptTest {
 protected:
  void SetUp() override {
    PricedReceiptTest::SetUp();
    order("PO-1", {line(soap, "10", "2.00")});
  }
  auto recorded() const -> std::string {
    return encode(event{receipt_recorded{.order = purchase_order_id{0},
                                         .line = 0,
                                         .supplier = supplier_id{0},
                                         .item = soap,
                                         .destination = east,
                                         .amount = q("4"),
                                         .received = now_}});
  }
  static auto costed(const char* cost) -> std::string {
    return encode(event{receipt_costed{.document = "GRN-X", .unit_costs = {m(cost)}}});
  }
  auto document() const -> std::string {
    return encode(event{
        document_posted{.document = doc("GRN-X", movement_reason::receipt, soap, vendor, east, "4"),
                        .stamp = {.effective = now_, .recorded = now_}}});
  }
  // Appends the events as one batch, as another writer could, and replays them.
  auto replay(const std::vector<std::string>& batch) -> result<void> {
    std::vector<event_view> views;
    for (const auto& bytes : batch)
      views.push_back({&bytes == &batch.back() ? "GRN-X" : "", bytes});
    if (auto appended = store_->append(views, inv_->log_position()); !appended) {
      return appended.error();
    }
    return inv_->sync();
  }
};

TEST_F(ForgedReceiptTest, TheCommandsBatchReplays) {
  ASSERT_THAT(replay({recorded(), costed("2.00"), document()}), IsOk());
  EXPECT_EQ(value(), m("8"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(ForgedReceiptTest, AnEventBetweenTheLeadsAndTheDocumentIsRefused) {
  const auto between =
      encode(event{purchase_order_sent{.order = purchase_order_id{0}, .at = now_}});
  EXPECT_THAT(replay({recorded(), costed("2.00"), between, document()}),
              HasError(errc::store_failure));
}

TEST_F(ForgedReceiptTest, CostsAtAnotherPriceThanTheLinesAreRefused) {
  EXPECT_THAT(replay({recorded(), costed("1.00"), document()}), HasError(errc::store_failure));
}

// Costs twice, or before the receipt: not a command's batch.
TEST_F(ForgedReceiptTest, CostsJoinOnlyAReceipt) {
  EXPECT_THAT(replay({recorded(), costed("2.00"), costed("2.00"), document()}),
              HasError(errc::store_failure));
}

TEST_F(ForgedReceiptTest, CostsFirstThenTheReceiptIsRefused) {
  EXPECT_THAT(replay({costed("2.00"), recorded(), document()}), HasError(errc::store_failure));
}

TEST_F(ForgedReceiptTest, CostsForAnotherDocumentAreRefused) {
  const auto other = encode(event{receipt_costed{.document = "GRN-Y", .unit_costs = {m("2.00")}}});
  EXPECT_THAT(replay({recorded(), other, document()}), HasError(errc::store_failure));
}

}  // namespace
}  // namespace onhand::testing
