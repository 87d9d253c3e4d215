// SPDX-License-Identifier: Apache-2.0
// Count tasks: the snapshot, submission within and outside tolerance, the
// decisions (approve, reject, recount), what each refusal leaves unchanged,
// retries under a key, the rule that stock moved during a count is not
// adjusted twice (with movements in, out and back-dated), and the queries
// (counts due, variances, record accuracy), with expected values worked out
// by hand in the comments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/counting/queries.hpp"
#include "onhand/ledger/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

class CountingTest : public LedgerTest {
 protected:
  auto start(std::string key, item_id item, location_id location, count_tolerance tolerance = {},
             lot_id lot = lot_id::none(), std::string abc_class = "A",
             std::optional<money> unit_cost = std::nullopt) -> result<count_task_id> {
    return inv_->start_count({.key = std::move(key),
                              .item = item,
                              .location = location,
                              .lot = lot,
                              .loss_location = loss,
                              .abc_class = std::move(abc_class),
                              .blind = false,
                              .tolerance = tolerance,
                              .unit_cost = unit_cost});
  }
  auto submit(std::string key, std::string task, const char* counted,
              std::optional<timestamp> counted_at = std::nullopt) -> result<count_outcome> {
    return inv_->submit_count({.key = std::move(key),
                               .task = std::move(task),
                               .counted = q(counted),
                               .counted_at = counted_at});
  }
  auto ship(const std::string& key, item_id item, location_id from, const char* amount)
      -> result<posting> {
    return inv_->post(doc(key, movement_reason::shipment, item, from, customer, amount));
  }
  auto book(item_id item, location_id location) -> quantity {
    return inv_->balance(item, location).from_zero();
  }
  auto task(std::string_view key) -> count_task { return inv_->count_task_by_key(key).value(); }
  void later(std::chrono::minutes minutes) { now_ += minutes; }

  static auto units(std::int64_t n) -> count_tolerance {
    return {.quantity_max = quantity::units(n), .percent_max = {}, .value_max = {}};
  }
};

TEST_F(CountingTest, AStartSnapshotsTheBook) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  const auto id = start("cc-1", soap, east_bin).value();
  const auto t = task("cc-1");
  EXPECT_EQ(inv_->count_task_by_key("cc-1").value(),
            inv_->read([&](const state& s) { return s.counts.at(id); }));
  EXPECT_EQ(t.snapshot, q("10"));
  EXPECT_EQ(t.status, count_status::counting);
  EXPECT_EQ(t.started, now_);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, AnExactCountClosesTheTaskAndPostsNothing) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin), IsOk());
  const auto before = inv_->log_position();
  const auto outcome = submit("cc-1/1", "cc-1", "10").value();
  EXPECT_EQ(outcome.status, count_status::adjusted);
  EXPECT_EQ(outcome.variance, q("0"));
  EXPECT_EQ(outcome.document, std::nullopt);
  EXPECT_EQ(inv_->log_position(), before + 1);  // the count event alone
  EXPECT_EQ(book(soap, east_bin), q("10"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, ACountWithinToleranceIsPostedToTheLossLocationInOneAppend) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(1)), IsOk());
  const auto before = inv_->log_position();
  later(std::chrono::minutes{5});
  const auto outcome = submit("cc-1/1", "cc-1", "9").value();
  EXPECT_EQ(outcome.status, count_status::adjusted);
  EXPECT_EQ(outcome.expected, q("10"));
  EXPECT_EQ(outcome.variance, q("-1"));
  EXPECT_EQ(outcome.adjustment, q("-1"));
  ASSERT_TRUE(outcome.document.has_value());
  EXPECT_EQ(inv_->log_position(), before + 2);  // the count, then its document
  EXPECT_EQ(book(soap, east_bin), q("9"));
  EXPECT_EQ(book(soap, loss), q("1"));
  const auto rows = inv_->history(soap, east_bin);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows.back().reason, movement_reason::count);
  // A gain comes from the loss location.
  ASSERT_THAT(start("cc-2", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("cc-2/1", "cc-2", "10"), IsOk());
  EXPECT_EQ(book(soap, east_bin), q("10"));
  EXPECT_EQ(book(soap, loss), q("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, ACountOutsideToleranceWaitsForApprovalThenPosts) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(1)), IsOk());
  auto outcome = submit("cc-1/1", "cc-1", "6").value();
  EXPECT_EQ(outcome.status, count_status::awaiting_approval);
  EXPECT_EQ(outcome.adjustment, q("0"));
  EXPECT_EQ(book(soap, east_bin), q("10"));
  outcome = inv_->approve_count({.key = "cc-1/ok", .task = "cc-1"}).value();
  EXPECT_EQ(outcome.status, count_status::adjusted);
  EXPECT_EQ(outcome.adjustment, q("-4"));
  EXPECT_EQ(book(soap, east_bin), q("6"));
  EXPECT_TRUE(task("cc-1").approved);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, ARejectedCountLeavesTheBookAndARecountCountsAgain) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("cc-1/1", "cc-1", "4"), IsOk());
  ASSERT_THAT(inv_->request_recount({.key = "cc-1/re", .task = "cc-1"}), IsOk());
  EXPECT_EQ(task("cc-1").status, count_status::counting);
  ASSERT_THAT(submit("cc-1/2", "cc-1", "3"), IsOk());
  EXPECT_EQ(task("cc-1").counts, 2U);
  ASSERT_THAT(inv_->reject_count({.key = "cc-1/no", .task = "cc-1"}), IsOk());
  EXPECT_EQ(task("cc-1").status, count_status::rejected);
  EXPECT_EQ(book(soap, east_bin), q("10"));
  // A closed task frees the place for the next one.
  EXPECT_THAT(start("cc-2", soap, east_bin), IsOk());
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, StockMovedDuringACountIsNotAdjustedTwice) {
  // 10 in the bin since 07:00 when the count starts at 09:00.
  now_ = at("2026-11-27T07:00:00Z");
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  now_ = at("2026-11-27T09:00:00Z");
  const auto started = now_;
  ASSERT_THAT(start("cc-1", soap, east_bin, units(0)), IsOk());
  // During the count: 5 in (09:10), 3 out (09:20), and at 09:30 a posting
  // back-dated to 08:00 (before the snapshot) moving 2 to another location.
  later(std::chrono::minutes{10});
  ASSERT_THAT(receive("r2", soap, east_bin, "5"), IsOk());
  later(std::chrono::minutes{10});
  ASSERT_THAT(ship("s1", soap, east_bin, "3"), IsOk());
  later(std::chrono::minutes{10});
  auto back = doc("t1", movement_reason::transfer, soap, east_bin, west, "2");
  back.effective = started - std::chrono::hours{1};
  ASSERT_THAT(inv_->post(back), IsOk());
  // The counter finishes at 09:40 and finds 10 (= 10 + 5 − 3 − 2): no variance.
  later(std::chrono::minutes{10});
  auto outcome = submit("cc-1/1", "cc-1", "10").value();
  EXPECT_EQ(outcome.expected, q("10"));
  EXPECT_EQ(outcome.variance, q("0"));
  EXPECT_EQ(outcome.document, std::nullopt);
  EXPECT_EQ(book(soap, east_bin), q("10"));
  const auto rows = inv_->read([](const state& s) { return count_variances(s); });
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].snapshot, q("10"));
  EXPECT_EQ(rows[0].movements, q("0"));  // +5 − 3 − 2
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, ACountedTimeBeforeLaterMovementsAdjustsAsOfThatTime) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(5)), IsOk());
  later(std::chrono::minutes{10});
  const auto counted_at = now_;  // 09:10: the counter finds 8.
  later(std::chrono::minutes{10});
  ASSERT_THAT(ship("s1", soap, east_bin, "4"), IsOk());  // 09:20, after the count.
  later(std::chrono::minutes{10});
  // Submitted at 09:30 for 09:10: expected is the book then (10), not now (6).
  const auto outcome = submit("cc-1/1", "cc-1", "8", counted_at).value();
  EXPECT_EQ(outcome.expected, q("10"));
  EXPECT_EQ(outcome.adjustment, q("-2"));
  // The book as of the count equals the count; now it is the count minus the
  // 4 shipped after it.
  EXPECT_EQ(inv_->balance_as_of(soap, east_bin, lot_id::none(), counted_at).from_zero(), q("8"));
  EXPECT_EQ(book(soap, east_bin), q("4"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, PercentAndValueTolerancesDecide) {
  ASSERT_THAT(receive("r1", soap, east_bin, "20"), IsOk());
  const count_tolerance ten_percent{.quantity_max = {}, .percent_max = q("10"), .value_max = {}};
  // −2 of 20 is 10 %: within, posted (the book is 18 then).
  ASSERT_THAT(start("p1", soap, east_bin, ten_percent), IsOk());
  EXPECT_EQ(submit("p1/1", "p1", "18").value().status, count_status::adjusted);
  // +2 of 18 is 11.1 %: outside.
  ASSERT_THAT(start("p2", soap, east_bin, ten_percent), IsOk());
  EXPECT_EQ(submit("p2/1", "p2", "20").value().status, count_status::awaiting_approval);
  ASSERT_THAT(inv_->reject_count({.key = "p2/no", .task = "p2"}), IsOk());
  // −1 of 18 is 5.6 %: within (the book is 17 then).
  ASSERT_THAT(start("p3", soap, east_bin, ten_percent), IsOk());
  EXPECT_EQ(submit("p3/1", "p3", "17").value().status, count_status::adjusted);
  // At 2.50 a unit and at most 5.00: +3 (7.50) is outside, −2 (5.00) within.
  const count_tolerance five{
      .quantity_max = {}, .percent_max = {}, .value_max = money::parse("5").value()};
  ASSERT_THAT(start("v1", soap, east_bin, five, lot_id::none(), "B", money::parse("2.50").value()),
              IsOk());
  EXPECT_EQ(submit("v1/1", "v1", "20").value().status, count_status::awaiting_approval);
  ASSERT_THAT(inv_->request_recount({.key = "v1/re", .task = "v1"}), IsOk());
  EXPECT_EQ(submit("v1/2", "v1", "15").value().status, count_status::adjusted);
  const auto rows = inv_->read([](const state& s) { return count_variances(s); });
  const auto& v1 = rows.back();
  EXPECT_EQ(v1.key, "v1");
  EXPECT_EQ(v1.variance, q("-2"));
  EXPECT_EQ(v1.value, money::parse("-5").value());
  EXPECT_EQ(v1.percent, q("-11.764705"));      // −2 / 17 × 100 = −11.7647058..., toward zero
  EXPECT_EQ(rows[1].percent, q("11.111111"));  // p2: +2 / 18 × 100
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, RefusalsNameTheArgumentAndChangeNothing) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", serum, east_bin, "10", fresh), IsOk());
  const auto before = inv_->log_position();
  const auto refused = [&](result<count_task_id> r, errc code, std::string_view field) {
    ASSERT_THAT(r, HasError(code));
    EXPECT_EQ(r.error().context.field, field);
  };
  refused(start("", soap, east_bin), errc::malformed_input, "key");
  refused(start("a", item_id{99}, east_bin), errc::unknown_code, "item");
  refused(start("a", soap, location_id{99}), errc::unknown_code, "location");
  refused(start("a", soap, transit), errc::invalid_location, "location");
  refused(start("a", soap, vendor), errc::invalid_location, "location");
  refused(
      inv_->start_count({.key = "a", .item = soap, .location = east_bin, .loss_location = scrap}),
      errc::invalid_location, "loss_location");
  refused(start("a", serum, east_bin), errc::tracking_mismatch, "lot");
  refused(start("a", soap, east_bin, {}, fresh), errc::tracking_mismatch, "lot");
  refused(start("a", soap, east_bin, units(-1)), errc::invalid_parameter, "tolerance.quantity_max");
  refused(start("a", soap, east_bin, {.quantity_max = {}, .percent_max = {}, .value_max = money{}}),
          errc::invalid_parameter, "unit_cost");
  refused(start("a", soap, east_bin, {}, lot_id::none(), "bad\nclass"), errc::malformed_input,
          "abc_class");
  EXPECT_EQ(inv_->log_position(), before);

  ASSERT_THAT(start("cc-1", soap, east_bin, units(1)), IsOk());
  refused(start("cc-2", soap, east_bin), errc::count_in_progress, "");
  const auto opened = inv_->log_position();
  const auto submit_refused = [&](result<count_outcome> r, errc code, std::string_view field) {
    ASSERT_THAT(r, HasError(code));
    EXPECT_EQ(r.error().context.field, field);
  };
  submit_refused(submit("s", "nope", "1"), errc::unknown_count_task, "task");
  submit_refused(submit("s", "cc-1", "-1"), errc::invalid_quantity, "counted");
  submit_refused(submit("s", "cc-1", "1.5"), errc::precision_exceeded, "counted");
  submit_refused(submit("s", "cc-1", "1", now_ - std::chrono::minutes{1}), errc::invalid_parameter,
                 "counted_at");
  submit_refused(submit("s", "cc-1", "1", now_ + std::chrono::minutes{1}), errc::invalid_parameter,
                 "counted_at");
  EXPECT_THAT(inv_->approve_count({.key = "d", .task = "cc-1"}),
              HasError(errc::wrong_count_status));
  EXPECT_THAT(inv_->reject_count({.key = "d", .task = "cc-1"}), HasError(errc::wrong_count_status));
  EXPECT_THAT(inv_->request_recount({.key = "d", .task = "cc-1"}),
              HasError(errc::wrong_count_status));
  EXPECT_THAT(inv_->reject_count({.key = "d", .task = "nope"}), HasError(errc::unknown_count_task));
  EXPECT_EQ(inv_->log_position(), opened);
  ASSERT_THAT(submit("s", "cc-1", "10"), IsOk());
  submit_refused(submit("s2", "cc-1", "10"), errc::wrong_count_status, "");
  EXPECT_THAT(inv_->count_task_by_key("nope"), HasError(errc::unknown_count_task));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, AnAdjustmentTheLedgerRefusesLeavesNoTrace) {
  // The count finds 2 at 09:00, but 8 were shipped after it: a loss of 8 as
  // of 09:00 would take the bin below zero later on.
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(10)), IsOk());
  const auto counted_at = now_;
  later(std::chrono::minutes{10});
  ASSERT_THAT(ship("s1", soap, east_bin, "8"), IsOk());
  const auto before = inv_->log_position();
  EXPECT_THAT(submit("cc-1/1", "cc-1", "2", counted_at), HasError(errc::insufficient_stock));
  EXPECT_EQ(inv_->log_position(), before);
  EXPECT_EQ(task("cc-1").status, count_status::counting);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, RetriesUnderAKeyReturnTheOriginalOutcome) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  const auto id = start("cc-1", soap, east_bin, units(2)).value();
  EXPECT_THAT(start("cc-1", soap, east_bin, units(2)), IsOkAndHolds(id));
  EXPECT_THAT(start("cc-1", soap, east_bin, units(3)), HasError(errc::idempotency_conflict));
  const auto first = submit("cc-1/1", "cc-1", "9").value();
  const auto position = inv_->log_position();
  const auto again = submit("cc-1/1", "cc-1", "9").value();
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.document, first.document);
  EXPECT_EQ(again.adjustment, first.adjustment);
  EXPECT_EQ(inv_->log_position(), position);
  EXPECT_THAT(submit("cc-1/1", "cc-1", "8"), HasError(errc::idempotency_conflict));
  // The adjustment's own key is taken too.
  EXPECT_THAT(
      inv_->post(doc("cc-1/1/adjustment", movement_reason::receipt, soap, vendor, east, "1")),
      HasError(errc::idempotency_conflict));
  EXPECT_EQ(book(soap, east_bin), q("9"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, LotTrackedItemsAreCountedPerLot) {
  ASSERT_THAT(receive("r1", serum, east_bin, "10", fresh), IsOk());
  ASSERT_THAT(receive("r2", serum, east_bin, "5", old), IsOk());
  ASSERT_THAT(start("cc-f", serum, east_bin, units(5), fresh), IsOk());
  ASSERT_THAT(start("cc-o", serum, east_bin, units(5), old), IsOk());
  EXPECT_EQ(task("cc-o").snapshot, q("5"));
  ASSERT_THAT(submit("cc-f/1", "cc-f", "7"), IsOk());
  EXPECT_EQ(inv_->balance(serum, east_bin, fresh).from_zero(), q("7"));
  EXPECT_EQ(inv_->balance(serum, east_bin, old).from_zero(), q("5"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(CountingTest, TheCountListFollowsClassAndLocationFrequencies) {
  now_ = at("2026-11-01T09:00:00Z");
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", flour, west, "10"), IsOk());
  ASSERT_THAT(receive("r3", soap, west, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(0)), IsOk());
  ASSERT_THAT(submit("cc-1/1", "cc-1", "10"), IsOk());  // soap at the bin: counted 2026-11-01
  const std::vector<item_class> classes{{soap, "A"}, {flour, "C"}};
  count_plan plan{.classes = {{"A", 30}, {"B", 90}, {"C", 365}}, .locations = {}};
  const auto due = [&](const count_plan& p, const char* day) {
    return inv_
        ->read([&](const state& s) { return counts_due(s, p, classes, onhand::testing::day(day)); })
        .value();
  };
  // On 2026-11-20: soap at west and flour at west were never counted; soap
  // at the bin was counted 19 days ago (due 2026-12-01).
  auto list = due(plan, "2026-11-20");
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].item, soap);
  EXPECT_EQ(list[0].location, west);
  EXPECT_EQ(list[1].item, flour);
  EXPECT_EQ(list[1].abc_class, "C");
  // On 2026-12-01 the bin is due again (30 days after 2026-11-01) and sorts first.
  list = due(plan, "2026-12-01");
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].location, east_bin);
  EXPECT_EQ(list[0].last_counted, onhand::testing::day("2026-11-01"));
  EXPECT_EQ(list[0].due, onhand::testing::day("2026-12-01"));
  // A location rule of 7 days under 3PL-EAST makes the bin due on 2026-11-08.
  plan.locations = {{east, 7}};
  list = due(plan, "2026-11-08");
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].location, east_bin);
  EXPECT_EQ(list[0].frequency_days, 7);
  plan.classes.push_back({"A", 10});
  EXPECT_THAT(
      inv_->read([&](const state& s) { return counts_due(s, plan, classes, day("2026-11-08")); }),
      HasError(errc::invalid_parameter));
}

TEST_F(CountingTest, RecordAccuracyIsTheShareOfCountsWithinTolerance) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", soap, west, "10"), IsOk());
  // Three adjusted counts of class A (two within), one of class B (within),
  // one rejected (left out).
  ASSERT_THAT(start("a1", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("a1/1", "a1", "10"), IsOk());
  ASSERT_THAT(start("a2", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("a2/1", "a2", "9"), IsOk());
  ASSERT_THAT(start("a3", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("a3/1", "a3", "5"), IsOk());
  ASSERT_THAT(inv_->approve_count({.key = "a3/ok", .task = "a3"}), IsOk());
  ASSERT_THAT(start("b1", soap, west, units(1), lot_id::none(), "B"), IsOk());
  ASSERT_THAT(submit("b1/1", "b1", "10"), IsOk());
  ASSERT_THAT(start("b2", soap, west, units(1), lot_id::none(), "B"), IsOk());
  ASSERT_THAT(submit("b2/1", "b2", "1"), IsOk());
  ASSERT_THAT(inv_->reject_count({.key = "b2/no", .task = "b2"}), IsOk());
  const auto by_class =
      inv_->read([](const state& s) { return record_accuracy(s, accuracy_grouping::abc_class); });
  ASSERT_EQ(by_class.size(), 2U);
  EXPECT_EQ(by_class[0], (accuracy_row{"A", 3, 2, q("0.666666")}));
  EXPECT_EQ(by_class[1], (accuracy_row{"B", 1, 1, q("1")}));
  const auto by_location =
      inv_->read([](const state& s) { return record_accuracy(s, accuracy_grouping::location); });
  ASSERT_EQ(by_location.size(), 2U);
  EXPECT_EQ(by_location[0].group, "3PL-WEST");
  EXPECT_EQ(by_location[1].group, "EAST/A-01");
  const auto by_month =
      inv_->read([](const state& s) { return record_accuracy(s, accuracy_grouping::month); });
  ASSERT_EQ(by_month.size(), 1U);
  EXPECT_EQ(by_month[0], (accuracy_row{"2026-11", 4, 3, q("0.75")}));
  const auto none = inv_->read([](const state& s) {
    return record_accuracy(s, accuracy_grouping::month, day("2026-12-01"));
  });
  EXPECT_TRUE(none.empty());
}

TEST_F(CountingTest, ABlindCountHidesTheExpectedQuantityFromTheSheet) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(receive("r2", soap, west, "4"), IsOk());
  ASSERT_THAT(start("open", soap, west), IsOk());
  ASSERT_THAT(inv_->start_count({.key = "blind",
                                 .item = soap,
                                 .location = east_bin,
                                 .loss_location = loss,
                                 .blind = true}),
              IsOk());
  const auto sheet = inv_->read([](const state& s) { return count_sheet(s); });
  ASSERT_EQ(sheet.size(), 2U);
  EXPECT_EQ(sheet[0].expected, q("4"));
  EXPECT_EQ(sheet[1].key, "blind");
  EXPECT_EQ(sheet[1].expected, std::nullopt);
  EXPECT_TRUE(task("blind").blind);
}

TEST_F(CountingTest, TheLogReplaysIntoTheSameTasks) {
  ASSERT_THAT(receive("r1", soap, east_bin, "10"), IsOk());
  ASSERT_THAT(start("cc-1", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("cc-1/1", "cc-1", "9"), IsOk());
  ASSERT_THAT(start("cc-2", soap, east_bin, units(1)), IsOk());
  ASSERT_THAT(submit("cc-2/1", "cc-2", "3"), IsOk());
  ASSERT_THAT(inv_->approve_count({.key = "cc-2/ok", .task = "cc-2"}), IsOk());
  auto copy = std::make_unique<memory_store>();
  std::vector<event_record> records;
  ASSERT_THAT(store_->read(0, 1'000, records), IsOk());
  std::vector<event_view> views;
  for (const auto& r : records) views.emplace_back(r.key, r.payload);
  ASSERT_THAT(copy->append(views, 0), IsOk());
  auto reopened = inventory::open(std::move(copy)).value();
  EXPECT_TRUE(reopened.same_state(*inv_));

  // A count event that should post an adjustment but is not followed by it
  // does not open.
  auto broken = std::make_unique<memory_store>();
  std::vector<event_view> cut;
  for (std::size_t i = 0; i + 1 < views.size(); ++i) cut.push_back(views[i]);
  ASSERT_THAT(broken->append(cut, 0), IsOk());
  EXPECT_THAT(inventory::open(std::move(broken)), HasError(errc::store_failure));
}

}  // namespace
}  // namespace onhand::testing
