// SPDX-License-Identifier: Apache-2.0
// inventory::post_batch: many documents in one call, each judged as if
// posted alone after the ones accepted before it, one append to the store.
// The randomized equivalence with posting one by one is in
// simulation.test.cpp; these are the rules, case by case, with values
// worked out by hand.
#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::level;
using status = batch_entry::status;

class Batch : public testing::LedgerTest {
 protected:
  auto ship(std::string key, item_id item, location_id from, const char* amount)
      -> movement_document {
    return doc(std::move(key), movement_reason::shipment, item, from, customer, amount);
  }
  auto receipt(std::string key, item_id item, location_id to, const char* amount)
      -> movement_document {
    return doc(std::move(key), movement_reason::receipt, item, vendor, to, amount);
  }
};

TEST_F(Batch, ALaterDocumentDrawsOnStockAnEarlierOneBrings) {
  const std::vector<movement_document> batch = {
      receipt("r-1", soap, east, "10"), ship("s-1", soap, east, "7"), ship("s-2", soap, east, "4")};
  auto r = inv_->post_batch(batch);
  ASSERT_THAT(r, IsOk());
  ASSERT_EQ(r->documents.size(), 3U);
  EXPECT_EQ(r->posted, 2U);
  EXPECT_EQ(r->refused, 1U);
  EXPECT_EQ(r->documents[0].state, status::posted);
  EXPECT_EQ(r->documents[1].state, status::posted);
  // 10 received, 7 shipped: 3 left, 4 asked.
  ASSERT_EQ(r->documents[2].state, status::refused);
  EXPECT_EQ(r->refusal(2)->code, errc::insufficient_stock);
  EXPECT_EQ(r->refusal(2)->context.available, testing::q("3"));
  EXPECT_EQ(r->documents[0].posted.document.value + 1, r->documents[1].posted.document.value);
  EXPECT_EQ(r->documents[0].posted.log_position + 1, r->documents[1].posted.log_position);
  EXPECT_EQ(inv_->on_hand(soap, east), level("3"));
  EXPECT_FALSE(inv_->read([](const state& s) { return s.keys.find("s-2").has_value(); }));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Batch, OneAppendToTheStoreAndOneClockRead) {
  int reads = 0;
  auto owned = std::make_unique<memory_store>();
  auto* log = owned.get();
  inventory_options options;
  options.clock = [&] {
    ++reads;
    return now_;
  };
  auto inv = inventory::open(std::move(owned), options).value();
  auto vendor_id = inv.define_location({.code = "V", .kind = location_kind::supplier}).value();
  auto here = inv.define_location({.code = "H"}).value();
  auto item = inv.define_item({.code = "I", .units = unit_set{{"each", 0}}}).value();
  const auto before = log->end().value();
  std::vector<movement_document> batch;
  for (int i = 0; i < 5; ++i) {
    batch.push_back(
        doc("k" + std::to_string(i), movement_reason::receipt, item, vendor_id, here, "1"));
  }
  reads = 0;
  auto r = inv.post_batch(batch);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(log->end().value(), before + 5);
  for (const auto& entry : r->documents) EXPECT_EQ(entry.posted.recorded, now_);
}

TEST_F(Batch, ARefusedDocumentLeavesNoTrace) {
  ASSERT_THAT(receive("r-0", soap, east, "5"), IsOk());
  const auto position = inv_->log_position();
  auto bad = ship("bad", soap, east, "1");
  bad.lines[0].to = bad.lines[0].from;  // invalid_location
  const std::vector<movement_document> batch = {bad, ship("s-1", soap, east, "2")};
  auto r = inv_->post_batch(batch);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->documents[0].state, status::refused);
  EXPECT_EQ(r->refusal(0)->code, errc::invalid_location);
  EXPECT_EQ(r->documents[1].state, status::posted);
  EXPECT_EQ(inv_->log_position(), position + 1);
  EXPECT_EQ(inv_->on_hand(soap, east), level("3"));
  // The refused key is free: posting under it now works.
  auto good = ship("bad", soap, east, "1");
  EXPECT_THAT(inv_->post(good), IsOk());
}

TEST_F(Batch, AnAtomicBatchWithARefusalPostsNothing) {
  const auto position = inv_->log_position();
  const std::vector<movement_document> batch = {receipt("r-1", soap, east, "10"),
                                                ship("s-1", soap, east, "11"),
                                                ship("s-2", soap, east, "1")};
  auto r = inv_->post_batch(batch, {.atomic = true});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->posted, 0U);
  EXPECT_EQ(r->refused, 1U);
  EXPECT_EQ(r->documents[0].state, status::withdrawn);
  EXPECT_EQ(r->documents[1].state, status::refused);
  EXPECT_EQ(r->refusal(1)->code, errc::insufficient_stock);
  EXPECT_EQ(r->documents[2].state, status::withdrawn);
  EXPECT_EQ(inv_->log_position(), position);
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
  // Without the refused one, the same batch posts whole.
  auto fixed = batch;
  fixed[1].lines[0].amount = testing::q("9");
  auto again = inv_->post_batch(fixed, {.atomic = true});
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->posted, 3U);
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
  EXPECT_EQ(inv_->log_position(), position + 3);
}

TEST_F(Batch, ARepeatedKeyInsideTheBatchReplaysOrConflicts) {
  const auto first = receipt("r-1", soap, east, "10");
  auto other = first;
  other.lines[0].amount = testing::q("11");
  const std::vector<movement_document> batch = {first, first, other};
  auto r = inv_->post_batch(batch);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->documents[0].state, status::posted);
  EXPECT_FALSE(r->documents[0].posted.replayed);
  ASSERT_EQ(r->documents[1].state, status::posted);
  EXPECT_TRUE(r->documents[1].posted.replayed);
  EXPECT_EQ(r->documents[1].posted, r->documents[0].posted);
  ASSERT_EQ(r->documents[2].state, status::refused);
  EXPECT_EQ(r->refusal(2)->code, errc::idempotency_conflict);
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
  // And across batches: the same document replays, another conflicts.
  auto next = inv_->post_batch(std::vector<movement_document>{other, first});
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->refusal(0)->code, errc::idempotency_conflict);
  EXPECT_TRUE(next->documents[1].posted.replayed);
  EXPECT_EQ(next->documents[1].posted, r->documents[0].posted);
  EXPECT_EQ(inv_->on_hand(soap, east), level("10"));
}

TEST_F(Batch, MalformedInputOutranksAKeyConflictInsideTheBatch) {
  const auto first = receipt("r-1", soap, east, "10");
  auto malformed = first;
  malformed.lines.clear();  // a document without lines: malformed_input
  auto r = inv_->post_batch(std::vector<movement_document>{first, malformed});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->refusal(1)->code, errc::malformed_input);
}

TEST_F(Batch, ABackDatedDocumentSeesLaterOnesOfTheBatch) {
  // Committed: 10 received at 09:00. The batch ships 8 at 12:00, then a
  // shipment of 5 back-dated to 10:00: after it, 12:00 would hold -3.
  ASSERT_THAT(receive("r-0", soap, east, "10"), IsOk());
  now_ = testing::at("2026-11-27T12:00:00Z");
  auto late = ship("s-late", soap, east, "8");
  auto back = ship("s-back", soap, east, "5");
  back.effective = testing::at("2026-11-27T10:00:00Z");
  auto small = ship("s-small", soap, east, "2");
  small.effective = testing::at("2026-11-27T10:00:00Z");
  auto r = inv_->post_batch(std::vector<movement_document>{late, back, small});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->documents[0].state, status::posted);
  ASSERT_EQ(r->documents[1].state, status::refused);
  EXPECT_EQ(r->refusal(1)->code, errc::insufficient_stock);
  EXPECT_EQ(r->refusal(1)->context.available, testing::q("2"));
  EXPECT_NE(r->refusal(1)->message.find("later point in time"), std::string::npos);
  EXPECT_EQ(r->documents[2].state, status::posted);
  EXPECT_EQ(inv_->on_hand(soap, east), level("0"));
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Batch, AChainThroughAccountsTheBatchCreates) {
  // WEST and TRANSIT hold no SOAP yet: the batch creates the accounts.
  const std::vector<movement_document> batch = {
      receipt("r-1", soap, east, "6"),
      doc("t-1", movement_reason::transfer, soap, east, transit, "6"),
      doc("t-2", movement_reason::transfer, soap, transit, west, "4"),
      doc("t-3", movement_reason::transfer, soap, transit, west, "3")};
  auto r = inv_->post_batch(batch);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->posted, 3U);
  EXPECT_EQ(r->refusal(3)->code, errc::insufficient_stock);
  EXPECT_EQ(r->refusal(3)->context.available, testing::q("2"));
  EXPECT_EQ(inv_->on_hand(soap, west), level("4"));
  EXPECT_EQ(inv_->on_hand(soap, transit), level("2"));
}

TEST_F(Batch, ASerialNumberIsInStockOncePerBatch) {
  auto serial = inv_->define_lot({.item = "LAPTOP", .code = "SN-1"}).value();
  const auto in = doc("in-1", movement_reason::receipt, laptop, vendor, east, "1", serial);
  const auto twice = doc("in-2", movement_reason::receipt, laptop, vendor, west, "1", serial);
  auto r = inv_->post_batch(std::vector<movement_document>{in, twice});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->documents[0].state, status::posted);
  ASSERT_EQ(r->documents[1].state, status::refused);
  EXPECT_EQ(r->refusal(1)->code, errc::tracking_mismatch);
}

TEST_F(Batch, ARollUpThatWouldOverflowIsRefusedAsOneByOne) {
  // Two lots at one location: each account fits, their sum (the item's
  // total there) would not: 2 x 5e12 units is past the 9.2e12 of a quantity.
  const auto big = "5000000000000";
  const std::vector<movement_document> batch = {
      doc("r-1", movement_reason::receipt, serum, vendor, east, big, fresh),
      doc("r-2", movement_reason::receipt, serum, vendor, east, big, old)};
  auto r = inv_->post_batch(batch);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->documents[0].state, status::posted);
  ASSERT_EQ(r->documents[1].state, status::refused);
  EXPECT_EQ(r->refusal(1)->code, errc::overflow);
  EXPECT_THAT(inv_->verify(), IsOk());
}

TEST_F(Batch, AnEmptyBatchPostsNothing) {
  const auto position = inv_->log_position();
  auto r = inv_->post_batch(std::vector<movement_document>{});
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->documents.empty());
  EXPECT_EQ(inv_->log_position(), position);
}

}  // namespace
}  // namespace onhand
