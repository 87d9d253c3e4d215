// SPDX-License-Identifier: Apache-2.0
// Purchasing: suppliers, purchase orders through their statuses, receipts
// against a line (in parts, in lots, within tolerance), what each refusal
// leaves unchanged, idempotent retries, scheduled receipts, and supplier
// performance with expected values worked out by hand.
#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class PurchasingTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    ASSERT_THAT(inv_->define_supplier({.code = "ACME",
                                       .name = "Acme Ltd",
                                       .location = vendor,
                                       .over_tolerance = q("0.1"),
                                       .under_tolerance = q("0.05")}),
                IsOk());
  }
  auto line(item_id item, const char* amount, location_id to, const char* expected,
            const char* price = "2.50") -> purchase_order_line {
    return {.item = item,
            .amount = q(amount),
            .price = m(price),
            .expected = day(expected),
            .destination = to};
  }
  auto create(std::string key, std::vector<purchase_order_line> lines,
              std::string supplier = "ACME") -> result<purchase_order_id> {
    return inv_->create_purchase_order({.key = std::move(key),
                                        .supplier = std::move(supplier),
                                        .currency = "EUR",
                                        .lines = std::move(lines)});
  }
  auto take(std::string key, std::string order, std::uint32_t at_line, const char* amount,
            lot_id lot = lot_id::none()) -> result<posting> {
    return inv_->receive({.key = std::move(key),
                          .order = std::move(order),
                          .line = at_line,
                          .lots = {{.lot = lot, .amount = q(amount)}}});
  }
  auto status(std::string_view order) -> purchase_order_status {
    return inv_->read(
        [&](const state& s) { return s.purchasing.order(*s.purchasing.find_order(order)).status; });
  }
  auto ordered(item_id item, location_id to) -> quantity {
    return inv_->read([&](const state& s) { return on_order(s, item, to); });
  }
  auto stock(item_id item, location_id at_location) -> quantity {
    return inv_->read([&](const state& s) { return on_hand(s, item, at_location).from_zero(); });
  }
  // A receipt of line 0 of the first order, as a writer past the commands could append it.
  auto forged_receipt(const char* amount) const -> receipt_recorded {
    return {.order = purchase_order_id{0},
            .line = 0,
            .supplier = supplier_id{0},
            .item = soap,
            .destination = east,
            .amount = q(amount),
            .received = now_};
  }
  // A refusal appends nothing and leaves a log that replays.
  void expect_unchanged(std::uint64_t before) {
    EXPECT_EQ(inv_->log_position(), before);
    EXPECT_THAT(inv_->verify(), IsOk());
  }
};

TEST_F(PurchasingTest, ReceivesALineInPartsUntilItIsComplete) {
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::draft);
  EXPECT_EQ(ordered(soap, east), q("100"));
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::sent);

  ASSERT_THAT(take("GRN-1", "PO-1", 0, "60"), IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::partially_received);
  EXPECT_EQ(ordered(soap, east), q("40"));
  EXPECT_EQ(stock(soap, east), q("60"));
  EXPECT_EQ(stock(soap, vendor), q("-60"));

  // 95 of 100 is complete with 5 % under tolerance.
  ASSERT_THAT(take("GRN-2", "PO-1", 0, "35"), IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::received);
  EXPECT_EQ(ordered(soap, east), q("0"));
  EXPECT_EQ(stock(soap, east), q("95"));
  EXPECT_THAT(inv_->verify(), IsOk());

  const auto before = inv_->log_position();
  EXPECT_THAT(take("GRN-3", "PO-1", 0, "1"), HasError(errc::wrong_purchase_order_status));
  expect_unchanged(before);
}

TEST_F(PurchasingTest, OverReceiptIsRefusedBeyondTheTolerance) {
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  const auto before = inv_->log_position();
  auto refused = take("GRN-1", "PO-1", 0, "111");
  ASSERT_THAT(refused, HasError(errc::over_receipt));
  EXPECT_EQ(refused.error().context.requested, q("111"));
  EXPECT_EQ(refused.error().context.available, q("110"));
  expect_unchanged(before);
  EXPECT_THAT(take("GRN-1", "PO-1", 0, "110"), IsOk());
  EXPECT_EQ(stock(soap, east), q("110"));
}

TEST_F(PurchasingTest, AnItemsToleranceOverridesTheSuppliers) {
  ASSERT_THAT(inv_->set_supplier_item({.supplier = "ACME",
                                       .item = soap,
                                       .price = m("2.40"),
                                       .currency = "EUR",
                                       .valid_from = day("2026-01-01"),
                                       .over_tolerance = q("0"),
                                       .under_tolerance = q("0")}),
              IsOk());
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  EXPECT_THAT(take("GRN-1", "PO-1", 0, "101"), HasError(errc::over_receipt));
  ASSERT_THAT(take("GRN-1", "PO-1", 0, "99"), IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::partially_received);
  EXPECT_EQ(ordered(soap, east), q("1"));
}

TEST_F(PurchasingTest, RefusalsNameTheArgumentAndChangeNothing) {
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  const auto before = inv_->log_position();

  EXPECT_THAT(take("G1", "PO-1", 0, "1"), HasError(errc::wrong_purchase_order_status));
  EXPECT_THAT(take("G1", "PO-9", 0, "1"), HasError(errc::unknown_purchase_order));
  auto unknown_supplier = create("PO-2", {line(soap, "1", east, "2026-12-10")}, "NOBODY");
  ASSERT_THAT(unknown_supplier, HasError(errc::unknown_code));
  EXPECT_EQ(unknown_supplier.error().context.field, "supplier");
  auto zero = create("PO-2", {line(soap, "0", east, "2026-12-10")});
  ASSERT_THAT(zero, HasError(errc::invalid_quantity));
  EXPECT_EQ(zero.error().context.field, "amount");
  EXPECT_EQ(zero.error().context.line, 0U);
  EXPECT_THAT(create("PO-2", {line(soap, "0.5", east, "2026-12-10")}),
              HasError(errc::precision_exceeded));
  auto to_vendor = create("PO-2", {line(soap, "1", vendor, "2026-12-10")});
  ASSERT_THAT(to_vendor, HasError(errc::invalid_location));
  EXPECT_EQ(to_vendor.error().context.field, "destination");
  EXPECT_THAT(create("PO-2", {}), HasError(errc::invalid_parameter));
  EXPECT_THAT(create("PO-2", {line(soap, "1", east, "2026-12-10", "-1")}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(create("", {line(soap, "1", east, "2026-12-10")}), HasError(errc::malformed_input));
  EXPECT_THAT(inv_->create_purchase_order({.key = "PO-2",
                                           .supplier = "ACME",
                                           .currency = "euro",
                                           .lines = {line(soap, "1", east, "2026-12-10")}}),
              HasError(errc::malformed_input));
  EXPECT_THAT(inv_->close_purchase_order("PO-1"), HasError(errc::wrong_purchase_order_status));
  EXPECT_THAT(inv_->send_purchase_order("PO-9"), HasError(errc::unknown_purchase_order));
  EXPECT_THAT(inv_->define_supplier({.code = "BAD", .location = east}),
              HasError(errc::invalid_location));
  EXPECT_THAT(inv_->define_supplier({.code = "BAD", .location = vendor, .over_tolerance = q("2")}),
              HasError(errc::invalid_parameter));
  EXPECT_THAT(inv_->set_supplier_item({.supplier = "ACME",
                                       .item = soap,
                                       .currency = "EUR",
                                       .valid_from = day("2026-02-01"),
                                       .valid_to = day("2026-01-01")}),
              HasError(errc::invalid_parameter));
  expect_unchanged(before);

  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  const auto sent = inv_->log_position();
  EXPECT_THAT(take("G1", "PO-1", 3, "1"), HasError(errc::invalid_parameter));
  EXPECT_THAT(inv_->receive({.key = "G1", .order = "PO-1"}), HasError(errc::invalid_parameter));
  EXPECT_THAT(take("G1", "PO-1", 0, "-1"), HasError(errc::invalid_quantity));
  EXPECT_THAT(inv_->receive({.key = "G1",
                             .lots = {{.amount = q("1")}},
                             .supplier = "ACME",
                             .item = soap,
                             .destination = east}),
              HasError(errc::unexpected_receipt));
  expect_unchanged(sent);

  ASSERT_THAT(take("G1", "PO-1", 0, "10"), IsOk());
  const auto received = inv_->log_position();
  EXPECT_THAT(inv_->cancel_purchase_order("PO-1"), HasError(errc::wrong_purchase_order_status));
  auto below = inv_->change_purchase_order_line(
      {.key = "C1", .order = "PO-1", .line = 0, .amount = q("9"), .expected = day("2026-12-10")});
  ASSERT_THAT(below, HasError(errc::invalid_quantity));
  EXPECT_EQ(below.error().context.available, q("10"));
  expect_unchanged(received);
}

TEST_F(PurchasingTest, MinimumOrderAndPackSizeApplyToLines) {
  ASSERT_THAT(inv_->set_supplier_item({.supplier = "ACME",
                                       .item = soap,
                                       .supplier_code = "S-1",
                                       .price = m("2.40"),
                                       .currency = "EUR",
                                       .valid_from = day("2026-01-01"),
                                       .pack_size = q("12"),
                                       .minimum_order = q("24"),
                                       .lead_time_days = 10}),
              IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(create("PO-1", {line(soap, "12", east, "2026-12-10")}),
              HasError(errc::invalid_quantity));
  EXPECT_THAT(create("PO-1", {line(soap, "30", east, "2026-12-10")}),
              HasError(errc::invalid_quantity));
  expect_unchanged(before);
  EXPECT_THAT(create("PO-1", {line(soap, "36", east, "2026-12-10")}), IsOk());
}

TEST_F(PurchasingTest, RetriesReturnTheOriginalOutcome) {
  auto first = create("PO-1", {line(soap, "100", east, "2026-12-10")});
  ASSERT_THAT(first, IsOk());
  auto again = create("PO-1", {line(soap, "100", east, "2026-12-10")});
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, *first);
  EXPECT_THAT(create("PO-1", {line(soap, "99", east, "2026-12-10")}),
              HasError(errc::idempotency_conflict));
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  const auto sent = inv_->log_position();
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  EXPECT_EQ(inv_->log_position(), sent);

  auto posted = take("GRN-1", "PO-1", 0, "40");
  ASSERT_THAT(posted, IsOk());
  const auto after = inv_->log_position();
  auto retried = take("GRN-1", "PO-1", 0, "40");
  ASSERT_THAT(retried, IsOk());
  EXPECT_TRUE(retried->replayed);
  EXPECT_EQ(retried->document, posted->document);
  EXPECT_EQ(inv_->log_position(), after);
  EXPECT_EQ(stock(soap, east), q("40"));
  EXPECT_THAT(take("GRN-1", "PO-1", 0, "41"), HasError(errc::idempotency_conflict));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PurchasingTest, ReceivesLotsAsTheLedgerRequires) {
  ASSERT_THAT(create("PO-1", {line(serum, "50", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(take("GRN-1", "PO-1", 0, "10"), HasError(errc::tracking_mismatch));
  expect_unchanged(before);
  ASSERT_THAT(
      inv_->receive({.key = "GRN-1",
                     .order = "PO-1",
                     .lots = {{.lot = fresh, .amount = q("30")}, {.lot = old, .amount = q("20")}}}),
      IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::received);
  EXPECT_EQ(inv_->read([&](const state& s) { return balance(s, serum, east, fresh).from_zero(); }),
            q("30"));
  EXPECT_EQ(stock(serum, east), q("50"));
}

TEST_F(PurchasingTest, ClosingAnOrderTakesItsRemainderOffOrder) {
  ASSERT_THAT(
      create("PO-1", {line(soap, "100", east, "2026-12-10"), line(soap, "10", west, "2026-12-11")}),
      IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  ASSERT_THAT(take("GRN-1", "PO-1", 0, "30"), IsOk());
  EXPECT_EQ(ordered(soap, east), q("70"));
  EXPECT_EQ(ordered(soap, west), q("10"));
  ASSERT_THAT(inv_->close_purchase_order("PO-1"), IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::closed);
  EXPECT_EQ(ordered(soap, east), q("0"));
  EXPECT_EQ(ordered(soap, west), q("0"));
  EXPECT_THAT(take("GRN-2", "PO-1", 0, "1"), HasError(errc::wrong_purchase_order_status));
  ASSERT_THAT(create("PO-2", {line(soap, "5", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->cancel_purchase_order("PO-2"), IsOk());
  EXPECT_EQ(status("PO-2"), purchase_order_status::cancelled);
  EXPECT_EQ(ordered(soap, east), q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PurchasingTest, ChangesMoveTheRemainderAndTheDate) {
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  ASSERT_THAT(take("GRN-1", "PO-1", 0, "40"), IsOk());
  ASSERT_THAT(inv_->change_purchase_order_line({.key = "C1",
                                                .order = "PO-1",
                                                .line = 0,
                                                .amount = q("60"),
                                                .expected = day("2026-12-20")}),
              IsOk());
  EXPECT_EQ(ordered(soap, east), q("20"));
  auto receipts = inv_->read([&](const state& s) { return purchase_receipts(s, soap, east); });
  ASSERT_EQ(receipts.size(), 1U);
  EXPECT_EQ(receipts[0].day, day("2026-12-20"));
  EXPECT_EQ(receipts[0].amount, q("20"));
  // Down to what arrived (within 5 % of 42): the line is complete.
  ASSERT_THAT(inv_->change_purchase_order_line({.key = "C2",
                                                .order = "PO-1",
                                                .line = 0,
                                                .amount = q("42"),
                                                .expected = day("2026-12-20")}),
              IsOk());
  EXPECT_EQ(status("PO-1"), purchase_order_status::received);
  EXPECT_EQ(ordered(soap, east), q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PurchasingTest, UnexpectedReceiptsNeedTheSuppliersConsent) {
  ASSERT_THAT(inv_->define_supplier({.code = "ACME",
                                     .name = "Acme Ltd",
                                     .location = vendor,
                                     .over_tolerance = q("0.1"),
                                     .under_tolerance = q("0.05"),
                                     .allow_unexpected = true}),
              IsOk());
  ASSERT_THAT(inv_->receive({.key = "G1",
                             .lots = {{.amount = q("7")}},
                             .supplier = "ACME",
                             .item = soap,
                             .destination = west}),
              IsOk());
  EXPECT_EQ(stock(soap, west), q("7"));
  EXPECT_EQ(inv_->read([&](const state& s) { return s.purchasing.receipts().size(); }), 1U);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(PurchasingTest, ScheduledReceiptsFeedTimePhasedAtp) {
  ASSERT_THAT(create("PO-1", {line(soap, "50", east, "2026-12-03")}), IsOk());
  ASSERT_THAT(
      create("PO-2", {line(soap, "30", east, "2026-12-01"), line(flour, "5", east, "2026-12-01")}),
      IsOk());
  ASSERT_THAT(create("PO-3", {line(soap, "99", east, "2026-12-02")}), IsOk());  // a draft
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-2"), IsOk());
  ASSERT_THAT(take("GRN-1", "PO-2", 0, "10"), IsOk());
  auto receipts = inv_->read([&](const state& s) { return purchase_receipts(s, soap, east); });
  ASSERT_EQ(receipts.size(), 2U);
  EXPECT_EQ(receipts[0], (scheduled_receipt{soap, east, q("20"), day("2026-12-01"), "PO-2/0"}));
  EXPECT_EQ(receipts[1], (scheduled_receipt{soap, east, q("50"), day("2026-12-03"), "PO-1/0"}));
  // Drafts are on order but not scheduled.
  EXPECT_EQ(ordered(soap, east), q("169"));
  // On hand 10; receipts 20 on day 1 and 50 on day 3; demand 60 on day 2:
  // S = 10 30 30 80, D = 0 0 60 60, S-D = 10 30 -30 20 → ATP 0 0 0 20.
  const auto dated = as_dated(receipts);
  std::vector<dated_quantity> demand{{day("2026-12-02"), q("60")}};
  auto buckets = time_phased_atp(q("10"), dated, demand, day("2026-11-30"), 4);
  ASSERT_THAT(buckets, IsOk());
  EXPECT_EQ((*buckets)[3].atp, q("20"));
  EXPECT_EQ((*buckets)[0].atp, q("0"));
}

// Replay judges a receipt by the command's rules and pairs it with its
// document: a log another writer forged is refused, whoever appended it.
TEST_F(PurchasingTest, ReplayRefusesAReceiptWithoutItsDocumentOrBeyondTolerance) {
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  const auto forged = forged_receipt("5");
  const auto bytes = encode(event{forged});
  const std::vector<event_view> alone{{"", bytes}};
  ASSERT_THAT(store_->append(alone, inv_->log_position()), IsOk());
  EXPECT_THAT(inv_->sync(), HasError(errc::store_failure));
}

TEST_F(PurchasingTest, ReplayRefusesAnOverReceiptWithItsDocument) {
  ASSERT_THAT(create("PO-1", {line(soap, "100", east, "2026-12-10")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  const auto forged = forged_receipt("200");
  const auto receipt = encode(event{forged});
  const auto document = encode(event{
      document_posted{.document = doc("GRN-X", movement_reason::receipt, soap, vendor, east, "200"),
                      .stamp = {.effective = now_, .recorded = now_}}});
  const std::vector<event_view> pair{{"", receipt}, {"GRN-X", document}};
  ASSERT_THAT(store_->append(pair, inv_->log_position()), IsOk());
  EXPECT_THAT(inv_->sync(), HasError(errc::store_failure));
}

// Expected values worked out by hand (docs/concepts/purchasing.md, "Supplier performance"):
// PO-A sent 11-01 00:00: soap 10 due 11-10, complete 11-08 00:00 (7 days, on time, in full);
// flour 5 due 11-05, 3 arrive 11-06 12:00 (5.5 days, late), closed 11-20 (short).
// PO-B sent 11-02 00:00: soap 20 due 11-12, complete 11-12 18:00 (10.75 days, on time).
TEST_F(PurchasingTest, SupplierPerformanceMatchesHandComputedValues) {
  ASSERT_THAT(inv_->define_supplier({.code = "ACME", .location = vendor}), IsOk());
  ASSERT_THAT(inv_->set_supplier_item({.supplier = "ACME",
                                       .item = soap,
                                       .price = m("1.90"),
                                       .currency = "EUR",
                                       .valid_from = day("2026-10-01")}),
              IsOk());
  now_ = at("2026-11-01T00:00:00Z");
  ASSERT_THAT(create("PO-A", {line(soap, "10", east, "2026-11-10", "2.00"),
                              line(flour, "5", east, "2026-11-05", "1.00")}),
              IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-A"), IsOk());
  now_ = at("2026-11-02T00:00:00Z");
  ASSERT_THAT(create("PO-B", {line(soap, "20", east, "2026-11-12", "1.90")}), IsOk());
  ASSERT_THAT(inv_->send_purchase_order("PO-B"), IsOk());
  now_ = at("2026-11-06T12:00:00Z");
  ASSERT_THAT(take("G2", "PO-A", 1, "3"), IsOk());
  now_ = at("2026-11-08T00:00:00Z");
  ASSERT_THAT(take("G1", "PO-A", 0, "10"), IsOk());
  now_ = at("2026-11-12T18:00:00Z");
  ASSERT_THAT(take("G3", "PO-B", 0, "20"), IsOk());
  now_ = at("2026-11-20T00:00:00Z");
  ASSERT_THAT(inv_->close_purchase_order("PO-A"), IsOk());

  auto rows = inv_->read([&](const state& s) {
    return supplier_performance_by_supplier(s, at("2026-11-01T00:00:00Z"),
                                            at("2026-12-01T00:00:00Z"));
  });
  ASSERT_EQ(rows.size(), 1U);
  const auto& r = rows[0];
  EXPECT_EQ(r.supplier, "ACME");
  EXPECT_EQ(r.lines, 3U);
  EXPECT_EQ(r.lead_time_samples, 3U);
  EXPECT_NEAR(r.lead_time_days_mean, 7.75, 1e-12);
  EXPECT_NEAR(r.lead_time_days_stddev, std::sqrt(7.3125), 1e-12);
  EXPECT_NEAR(r.on_time_rate, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.in_full_rate, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.otif_rate, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.fill_rate, 33.0 / 35.0, 1e-12);
  EXPECT_EQ(r.price_variance, m("1.00"));
  EXPECT_NEAR(r.price_variance_rate, 1.0 / 57.0, 1e-12);

  auto items = inv_->read([&](const state& s) {
    return supplier_performance_by_item(s, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
  });
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0].item, soap);
  EXPECT_NEAR(items[0].lead_time_days_mean, 8.875, 1e-12);
  EXPECT_NEAR(items[0].lead_time_days_stddev, 3.75 / std::sqrt(2.0), 1e-12);
  EXPECT_EQ(items[1].item, flour);
  EXPECT_TRUE(std::isnan(items[1].lead_time_days_stddev));
  EXPECT_NEAR(items[1].fill_rate, 0.6, 1e-12);
  EXPECT_TRUE(std::isnan(items[1].price_variance_rate));

  // The window is half-open on resolution times: PO-A's soap (11-08) is out.
  auto later = inv_->read([&](const state& s) {
    return supplier_performance_by_supplier(s, at("2026-11-08T00:00:01Z"),
                                            at("2026-11-20T00:00:00Z"));
  });
  ASSERT_EQ(later.size(), 1U);
  EXPECT_EQ(later[0].lines, 1U);  // PO-B's soap; PO-A's flour closed at the window's end
  EXPECT_NEAR(later[0].lead_time_days_mean, 10.75, 1e-12);

  // One lead-time observation per completed line, by completion: the flour
  // line, closed short, gives none (performance counts it to its last receipt).
  const auto observed = inv_->read([&](const state& s) { return lead_time_observations(s); });
  ASSERT_EQ(observed.size(), 2U);
  EXPECT_EQ(observed[0],
            (lead_time_observation{"PO-A", 0, "ACME", soap, east, at("2026-11-01T00:00:00Z"),
                                   at("2026-11-08T00:00:00Z"), 7.0}));
  EXPECT_EQ(observed[1],
            (lead_time_observation{"PO-B", 0, "ACME", soap, east, at("2026-11-02T00:00:00Z"),
                                   at("2026-11-12T18:00:00Z"), 10.75}));
}

}  // namespace
}  // namespace onhand::testing
