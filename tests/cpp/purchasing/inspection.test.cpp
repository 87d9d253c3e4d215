// SPDX-License-Identifier: Apache-2.0
// Inspection: receipts of an inspected supplier item go to the inspection
// location, and releases move them on (accepted to the line's destination,
// returned to the supplier, scrapped), each as one append with its
// document; refusals, retries, the query, supplier performance counting
// what was kept, replay of a forged release, and a seeded workload checked
// against a model of the rules after every step.
#include <map>
#include <random>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/ledger/queries.hpp"
#include "onhand/purchasing/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class InspectionTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    ASSERT_THAT(inv_->define_supplier({.code = "ACME",
                                       .name = "Acme Ltd",
                                       .location = vendor,
                                       .over_tolerance = q("0"),
                                       .under_tolerance = q("0")}),
                IsOk());
    ASSERT_THAT(inv_->set_inspection({.supplier = "ACME", .item = soap, .location = west}), IsOk());
    ASSERT_THAT(inv_->create_purchase_order({.key = "PO-1",
                                             .supplier = "ACME",
                                             .currency = "EUR",
                                             .lines = {{.item = soap,
                                                        .amount = q("10"),
                                                        .price = m("2"),
                                                        .expected = day("2026-12-10"),
                                                        .destination = east},
                                                       {.item = flour,
                                                        .amount = q("5"),
                                                        .price = m("1"),
                                                        .expected = day("2026-12-10"),
                                                        .destination = east}}}),
                IsOk());
    ASSERT_THAT(inv_->send_purchase_order("PO-1"), IsOk());
  }
  auto take(std::string key, std::uint32_t at_line, const char* amount) -> result<posting> {
    return inv_->receive(
        {.key = std::move(key), .order = "PO-1", .line = at_line, .lots = {{.amount = q(amount)}}});
  }
  auto release(std::string key, inspection_outcome outcome, const char* amount,
               std::string reason = {}, std::uint32_t at_line = 0) -> result<posting> {
    return inv_->release_inspection({.key = std::move(key),
                                     .order = "PO-1",
                                     .line = at_line,
                                     .outcome = outcome,
                                     .lots = {{.amount = q(amount)}},
                                     .scrap = scrap,
                                     .reason = std::move(reason)});
  }
  auto stock(item_id item, location_id where) -> quantity {
    return inv_->read([&](const state& s) { return on_hand(s, item, where).from_zero(); });
  }
  auto held() -> std::vector<inspection_holding> {
    return inv_->read([](const state& s) { return in_inspection(s); });
  }
};

TEST_F(InspectionTest, ReceiptsGoToInspectionAndReleasesMoveThemOn) {
  ASSERT_THAT(take("GRN-1", 0, "10"), IsOk());
  EXPECT_EQ(stock(soap, west), q("10"));
  EXPECT_EQ(stock(soap, east), q("0"));
  // Not inspected: flour goes straight to the destination.
  ASSERT_THAT(take("GRN-2", 1, "5"), IsOk());
  EXPECT_EQ(stock(flour, east), q("5"));
  ASSERT_EQ(held().size(), 1U);
  EXPECT_EQ(held()[0], (inspection_holding{"PO-1", 0, soap, west, east, q("10"), q("0")}));

  ASSERT_THAT(release("REL-1", inspection_outcome::accepted, "7"), IsOk());
  ASSERT_THAT(release("REL-2", inspection_outcome::returned, "2", "damaged"), IsOk());
  ASSERT_THAT(release("REL-3", inspection_outcome::scrapped, "1", "contaminated"), IsOk());
  EXPECT_EQ(stock(soap, east), q("7"));
  EXPECT_EQ(stock(soap, west), q("0"));
  EXPECT_EQ(stock(soap, vendor), q("-8"));  // 10 received, 2 returned
  EXPECT_EQ(stock(soap, scrap), q("1"));
  EXPECT_TRUE(held().empty());
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(InspectionTest, RefusalsAreTypedAndChangeNothing) {
  const auto before_any = inv_->log_position();
  auto not_inspected = release("REL-1", inspection_outcome::accepted, "1");
  ASSERT_THAT(not_inspected, HasError(errc::not_inspected));
  EXPECT_EQ(not_inspected.error().context.field, "line");
  EXPECT_EQ(inv_->log_position(), before_any);

  ASSERT_THAT(take("GRN-1", 0, "4"), IsOk());
  ASSERT_THAT(take("GRN-2", 1, "5"), IsOk());
  const auto before = inv_->log_position();
  auto beyond = release("REL-1", inspection_outcome::accepted, "5");
  ASSERT_THAT(beyond, HasError(errc::exceeds_inspection));
  EXPECT_EQ(beyond.error().context.requested, q("5"));
  EXPECT_EQ(beyond.error().context.available, q("4"));
  EXPECT_THAT(release("REL-1", inspection_outcome::accepted, "1", {}, 1),
              HasError(errc::not_inspected));
  auto no_reason = release("REL-1", inspection_outcome::returned, "1");
  ASSERT_THAT(no_reason, HasError(errc::invalid_parameter));
  EXPECT_EQ(no_reason.error().context.field, "reason");
  auto bad_scrap = inv_->release_inspection({.key = "REL-1",
                                             .order = "PO-1",
                                             .outcome = inspection_outcome::scrapped,
                                             .lots = {{.amount = q("1")}},
                                             .scrap = east,
                                             .reason = "broken"});
  ASSERT_THAT(bad_scrap, HasError(errc::invalid_location));
  EXPECT_EQ(bad_scrap.error().context.field, "scrap");
  EXPECT_THAT(inv_->release_inspection({.key = "REL-1", .order = "PO-9"}),
              HasError(errc::unknown_purchase_order));
  EXPECT_THAT(release("REL-1", inspection_outcome::accepted, "0"),
              HasError(errc::invalid_quantity));
  EXPECT_THAT(inv_->set_inspection({.supplier = "ACME", .item = soap, .location = vendor}),
              HasError(errc::invalid_location));
  EXPECT_THAT(inv_->set_inspection({.supplier = "NOPE", .item = soap, .location = west}),
              HasError(errc::unknown_code));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(InspectionTest, RetriesReturnTheOriginalRelease) {
  ASSERT_THAT(take("GRN-1", 0, "4"), IsOk());
  auto first = release("REL-1", inspection_outcome::returned, "1", "damaged");
  ASSERT_THAT(first, IsOk());
  const auto after = inv_->log_position();
  auto again = release("REL-1", inspection_outcome::returned, "1", "damaged");
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->document, first->document);
  EXPECT_THAT(release("REL-1", inspection_outcome::accepted, "1"),
              HasError(errc::idempotency_conflict));
  EXPECT_EQ(inv_->log_position(), after);
}

TEST_F(InspectionTest, InspectionEndsForLaterReceiptsOnly) {
  ASSERT_THAT(take("GRN-1", 0, "4"), IsOk());
  ASSERT_THAT(inv_->set_inspection({.supplier = "ACME", .item = soap}), IsOk());
  ASSERT_THAT(take("GRN-2", 0, "6"), IsOk());
  EXPECT_EQ(stock(soap, west), q("4"));
  EXPECT_EQ(stock(soap, east), q("6"));
  ASSERT_THAT(release("REL-1", inspection_outcome::accepted, "4"), IsOk());
  EXPECT_EQ(stock(soap, east), q("10"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

// The line completes when the goods arrive; supplier performance counts
// what was kept: 10 ordered, 10 received, 3 returned: not in full, fill 7/10.
TEST_F(InspectionTest, SupplierPerformanceCountsWhatWasKept) {
  ASSERT_THAT(take("GRN-1", 0, "10"), IsOk());
  ASSERT_THAT(take("GRN-2", 1, "5"), IsOk());
  ASSERT_THAT(release("REL-1", inspection_outcome::accepted, "7"), IsOk());
  ASSERT_THAT(release("REL-2", inspection_outcome::returned, "3", "damaged"), IsOk());
  const auto rows = inv_->read([&](const state& s) {
    return supplier_performance_by_item(s, at("2000-01-01T00:00:00Z"), at("2100-01-01T00:00:00Z"));
  });
  ASSERT_EQ(rows.size(), 2U);
  for (const auto& r : rows) {
    if (r.item == soap) {
      EXPECT_EQ(r.in_full_rate, 0.0);
      EXPECT_NEAR(r.fill_rate, 0.7, 1e-12);
    } else {
      EXPECT_EQ(r.in_full_rate, 1.0);
      EXPECT_EQ(r.fill_rate, 1.0);
    }
  }
}

TEST_F(InspectionTest, ReplayRefusesAReleaseWhoseDocumentMovesSomethingElse) {
  ASSERT_THAT(take("GRN-1", 0, "4"), IsOk());
  const auto released = encode(event{inspection_released{.order = purchase_order_id{0},
                                                         .line = 0,
                                                         .outcome = inspection_outcome::accepted,
                                                         .from = west,
                                                         .to = east,
                                                         .amount = q("3"),
                                                         .released = now_}});
  const auto document = encode(event{
      document_posted{.document = doc("REL-X", movement_reason::transfer, soap, west, east, "2"),
                      .stamp = {.effective = now_, .recorded = now_}}});
  const std::vector<event_view> pair{{"", released}, {"REL-X", document}};
  ASSERT_THAT(store_->append(pair, inv_->log_position()), IsOk());
  EXPECT_THAT(inv_->sync(), HasError(errc::store_failure));
}

TEST_F(InspectionTest, ReplayRefusesAReleaseBeyondWhatIsInInspection) {
  ASSERT_THAT(take("GRN-1", 0, "4"), IsOk());
  const auto released = encode(event{inspection_released{.order = purchase_order_id{0},
                                                         .line = 0,
                                                         .outcome = inspection_outcome::accepted,
                                                         .from = west,
                                                         .to = east,
                                                         .amount = q("5"),
                                                         .released = now_}});
  const auto document = encode(event{
      document_posted{.document = doc("REL-X", movement_reason::transfer, soap, west, east, "5"),
                      .stamp = {.effective = now_, .recorded = now_}}});
  const std::vector<event_view> pair{{"", released}, {"REL-X", document}};
  ASSERT_THAT(store_->append(pair, inv_->log_position()), IsOk());
  EXPECT_THAT(inv_->sync(), HasError(errc::store_failure));
}

// A seeded workload of receipts and releases against a model that keeps, per
// line, what is in inspection, and per location what it holds; every
// outcome and the stock are compared, and the log replays, after each step.
TEST_F(InspectionTest, RandomWorkloadMatchesAModel) {
  std::mt19937 random{20261205};
  quantity model_received;
  quantity model_in_inspection;
  std::map<location_id, quantity> model_stock;
  const quantity ordered = q("10");
  for (int step = 0; step < 60; ++step) {
    const auto key = "K-" + std::to_string(step);
    const auto amount = quantity::units(std::uniform_int_distribution<int>{1, 4}(random));
    const int what = std::uniform_int_distribution<int>{0, 3}(random);
    if (what == 0) {
      auto got =
          inv_->receive({.key = key, .order = "PO-1", .line = 0, .lots = {{.amount = amount}}});
      const bool fits = model_received + amount <= ordered;
      ASSERT_EQ(got.has_value(), fits) << step;
      if (fits) {
        model_received += amount;
        model_in_inspection += amount;
        model_stock[west] += amount;
      }
    } else {
      const auto outcome = static_cast<inspection_outcome>(what - 1);
      auto got = inv_->release_inspection(
          {.key = key,
           .order = "PO-1",
           .outcome = outcome,
           .lots = {{.amount = amount}},
           .scrap = scrap,
           .reason = outcome == inspection_outcome::accepted ? "" : "failed"});
      const bool fits = amount <= model_in_inspection;
      ASSERT_EQ(got.has_value(), fits) << step;
      if (!fits) {
        ASSERT_EQ(got.error().code,
                  model_received.is_positive() ? errc::exceeds_inspection : errc::not_inspected);
        continue;
      }
      model_in_inspection -= amount;
      model_stock[west] -= amount;
      const auto to = outcome == inspection_outcome::accepted   ? east
                      : outcome == inspection_outcome::returned ? vendor
                                                                : scrap;
      model_stock[to] += amount;
    }
    for (const auto where : {west, east, scrap}) {
      ASSERT_EQ(stock(soap, where), model_stock[where]) << step;
    }
    const auto h = held();
    ASSERT_EQ(h.empty() ? quantity{} : h[0].amount, model_in_inspection) << step;
    ASSERT_THAT(inv_->verify(), IsOk()) << step;
  }
}

}  // namespace
}  // namespace onhand::testing
