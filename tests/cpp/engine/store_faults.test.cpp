// SPDX-License-Identifier: Apache-2.0
// Store faults, injected by faulty_store (tests/cpp/support/faulty_store.hpp)
// under an inventory: appends that never reach the log, appends written but
// reported as failed, torn appends, failing reads.
//
// A seeded random walk of postings, batches, reservations, commits and
// releases runs with faults injected at random; the client retries every
// command under its key while the answer is an injected store_failure, as a
// client that lost its connection would. Against a plain model (stock per
// item × lot × location, what each reservation holds) every acknowledged
// command is applied exactly once: a written-but-unacknowledged command's
// retry is the original (replayed), never a second posting. After every step
// the inventory agrees with the model and with its log; verify() every fifth
// step; at the end a second inventory replays the log to the same state.
//
// A torn append (the first event of a command's batch written, the rest
// not) leaves the inventory at the end of the last whole command: every
// later command and a fresh open answer store_failure, and nothing of the
// torn command shows.
//
// Environment: ONHAND_SEED=<n> runs that seed only; ONHAND_FAULT_STEPS=<n>
// sets the walk's length (default 300).
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/queries.hpp"

#include "environment.hpp"
#include "faulty_store.hpp"
#include "ledger_fixture.hpp"
#include "shared_store.hpp"

namespace onhand::testing {
namespace {

class store_fault_world {
 public:
  explicit store_fault_world(std::uint64_t seed) : rng_(seed) {
    log_ = std::make_shared<memory_store>();
    options_.clock = [this] { return now_; };
    // The world is defined without faults, then opened again under them.
    {
      auto plain = inventory::open(std::make_unique<shared_store>(log_), options_).value();
      auto define = [&](const location_definition& d) { return plain.define_location(d).value(); };
      vendor_ = define({.code = "VENDOR", .kind = location_kind::supplier});
      customer_ = define({.code = "CUSTOMER", .kind = location_kind::customer});
      sites_ = {define({.code = "EAST"}), define({.code = "WEST"})};
      const unit_set each{base_unit{"each", 0}};
      soap_ = plain.define_item({.code = "SOAP", .units = each}).value();
      serum_ = plain.define_item({.code = "SERUM", .units = each, .lot_tracked = true}).value();
      lots_ = {plain.define_lot({.item = "SERUM", .code = "L1"}).value(),
               plain.define_lot({.item = "SERUM", .code = "L2"}).value()};
    }
    auto faulty = std::make_unique<faulty_store>(
        log_, [this](std::string_view what, std::size_t) { return plan(what); });
    store_ = faulty.get();
    store_->pause(true);
    inv_ = std::make_unique<inventory>(inventory::open(std::move(faulty), options_).value());
    store_->pause(false);
  }

  void walk(std::uint64_t steps) {
    for (step_ = 0; step_ < steps; ++step_) {
      now_ += std::chrono::minutes{1 + pick(30)};
      where_ = "step " + std::to_string(step_);
      one_step();
      if (::testing::Test::HasFailure()) return;
      check();
      if (::testing::Test::HasFailure()) return;
    }
    store_->pause(true);
    ASSERT_THAT(inv_->verify(), IsOk());
    const auto second = inventory::open(std::make_unique<shared_store>(log_), options_).value();
    EXPECT_TRUE(inv_->same_state(second));
    // The walk did what it is for.
    EXPECT_GT(unacked_, steps / 20) << "acknowledgements lost";
    EXPECT_GT(lost_, steps / 20) << "appends lost";
    EXPECT_GT(failed_reads_, 0U) << "reads failed";
    EXPECT_GT(replayed_, 0U) << "retries answered with the original";
    std::printf(
        "store faults: %llu steps, %zu lost appends, %zu unacknowledged, %zu failed reads, "
        "%zu commands answered by their original\n",
        static_cast<unsigned long long>(steps), lost_, unacked_, failed_reads_, replayed_);
  }

 private:
  using account = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;  // item, lot, location
  struct hold {
    std::string key;
    location_id site;
    std::int64_t remaining = 0;
  };

  auto pick(std::uint64_t n) -> std::uint64_t { return rng_() % n; }

  auto plan(std::string_view what) -> store_fault {
    const auto roll = pick(100);
    store_fault fault = store_fault::none;
    if (what == "append") {
      if (roll < 15)
        fault = store_fault::lost;
      else if (roll < 30)
        fault = store_fault::unacked;
    } else if (roll < 3) {
      fault = store_fault::failed_read;
    }
    if (fault == store_fault::lost) ++lost_;
    if (fault == store_fault::unacked) {
      ++unacked_;
      unacked_now_ = true;
    }
    if (fault == store_fault::failed_read) ++failed_reads_;
    return fault;
  }

  // Sends `command` until its answer is not an injected fault; says whether
  // an append of it was written without acknowledgement on the way.
  template <class Command>
  auto acked(Command command) {
    unacked_now_ = false;
    for (int attempt = 0; attempt < 100; ++attempt) {
      auto r = command();
      if (r || !faulty_store::is_injected(r.error())) return r;
    }
    ADD_FAILURE() << where_ << ": 100 attempts all failed";
    store_->pause(true);
    auto r = command();
    store_->pause(false);
    return r;
  }
  // A posting's answer: the original (replayed) exactly when a write of it
  // was not acknowledged.
  void expect_posted(const result<posting>& r) {
    ASSERT_THAT(r, IsOk()) << where_;
    EXPECT_EQ(r->replayed, unacked_now_) << where_;
    if (r->replayed) ++replayed_;
  }

  auto free_at(location_id site) -> std::int64_t {
    std::int64_t held = 0;
    for (const auto& h : holds_) {
      if (h.site == site) held += h.remaining;
    }
    return stock_[{soap_.value, lot_id::none().value, site.value}] - held;
  }
  auto line(item_id item, lot_id lot, location_id from, location_id to, std::int64_t n) const
      -> movement_line {
    return {.item = item, .lot = lot, .from = from, .to = to, .amount = quantity::units(n)};
  }
  void move(const movement_line& l) {
    const auto n = l.amount.raw() / quantity::scale;
    stock_[{l.item.value, l.lot.value, l.from.value}] -= n;
    stock_[{l.item.value, l.lot.value, l.to.value}] += n;
  }
  auto key() const -> std::string { return "s" + std::to_string(step_); }

  void one_step() {
    const auto op = pick(100);
    const auto site = sites_[pick(2)];
    if (op < 20) {  // receive soap, or a serum lot
      const bool lotted = pick(2) == 0;
      const auto l = line(lotted ? serum_ : soap_, lotted ? lots_[pick(2)] : lot_id::none(),
                          vendor_, site, 1 + static_cast<std::int64_t>(pick(40)));
      auto r = acked([&] {
        return inv_->post({.key = key(), .reason = movement_reason::receipt, .lines = {l}});
      });
      expect_posted(r);
      move(l);
    } else if (op < 35) {  // ship soap not held by reservations, or a serum lot
      const bool lotted = pick(2) == 0;
      const auto lot = lotted ? lots_[pick(2)] : lot_id::none();
      const auto have = lotted ? stock_[{serum_.value, lot.value, site.value}] : free_at(site);
      if (have <= 0) return;
      const auto l = line(lotted ? serum_ : soap_, lot, site, customer_,
                          1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(have))));
      auto r = acked([&] {
        return inv_->post({.key = key(), .reason = movement_reason::shipment, .lines = {l}});
      });
      expect_posted(r);
      move(l);
    } else if (op < 45) {  // three receipts in one atomic batch: one append of three events
      std::vector<movement_document> docs;
      for (int i = 0; i < 3; ++i) {
        docs.push_back({.key = key() + "/" + std::to_string(i),
                        .reason = movement_reason::receipt,
                        .lines = {line(soap_, lot_id::none(), vendor_, sites_[pick(2)],
                                       1 + static_cast<std::int64_t>(pick(10)))}});
      }
      auto r = acked([&] { return inv_->post_batch(docs, {.atomic = true}); });
      ASSERT_THAT(r, IsOk()) << where_;
      ASSERT_EQ(r->posted, 3U) << where_;
      for (const auto& d : r->documents) EXPECT_EQ(d.posted.replayed, unacked_now_) << where_;
      for (const auto& d : docs) move(d.lines.front());
    } else if (op < 60) {  // reserve soap
      const auto free = free_at(site);
      if (free <= 0) return;
      const auto n = 1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(free)));
      auto r = acked([&] {
        return inv_->reserve(
            {.key = key(), .item = soap_, .location = site, .amount = quantity::units(n)});
      });
      ASSERT_THAT(r, IsOk()) << where_;
      holds_.push_back({key(), site, n});
    } else if (op < 80) {  // ship part of a reservation (a commit: two events in one append)
      if (holds_.empty()) return;
      auto& h = holds_[pick(holds_.size())];
      if (h.remaining == 0) return;
      const auto l =
          line(soap_, lot_id::none(), h.site, customer_,
               1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(h.remaining))));
      auto r = acked([&] {
        return inv_->commit_reservation(
            {.reservation = h.key,
             .document = {.key = key(), .reason = movement_reason::shipment, .lines = {l}}});
      });
      expect_posted(r);
      move(l);
      h.remaining -= l.amount.raw() / quantity::scale;
    } else if (op < 90) {  // give back part of a reservation
      if (holds_.empty()) return;
      auto& h = holds_[pick(holds_.size())];
      if (h.remaining == 0) return;
      const auto n = 1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(h.remaining)));
      auto r = acked([&] {
        return inv_->release_reservation(
            {.key = key(), .reservation = h.key, .amount = quantity::units(n)});
      });
      ASSERT_THAT(r, IsOk()) << where_;
      h.remaining -= n;
    } else {  // a transfer between the sites
      const auto to = site == sites_[0] ? sites_[1] : sites_[0];
      const auto free = free_at(site);
      if (free <= 0) return;
      const auto l = line(soap_, lot_id::none(), site, to,
                          1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(free))));
      auto r = acked([&] {
        return inv_->post({.key = key(), .reason = movement_reason::transfer, .lines = {l}});
      });
      expect_posted(r);
      move(l);
    }
  }

  void check() {
    store_->pause(true);
    EXPECT_EQ(inv_->log_position(), log_->end().value()) << where_ << ": behind its log";
    inv_->read([&](const state& s) {
      for (const auto& [key, units] : stock_) {
        const auto& [item, lot, at] = key;
        EXPECT_EQ(balance(s, item_id{item}, location_id{at}, lot_id{lot}).from_zero(),
                  quantity::units(units))
            << where_ << ": item " << item << " lot " << lot << " at " << at;
      }
      for (const auto& h : holds_) {
        const auto id = s.reservations.find(h.key);
        ASSERT_TRUE(id.has_value()) << where_ << ": " << h.key;
        EXPECT_EQ(s.reservations.at(*id).remaining(), quantity::units(h.remaining))
            << where_ << ": " << h.key;
      }
    });
    if (step_ % 5 == 0) {
      EXPECT_THAT(inv_->verify(), IsOk()) << where_;
    }
    store_->pause(false);
  }

  std::mt19937_64 rng_;
  std::shared_ptr<memory_store> log_;
  inventory_options options_;
  timestamp now_ = at("2026-12-01T08:00:00Z");
  faulty_store* store_ = nullptr;
  std::unique_ptr<inventory> inv_;
  location_id vendor_, customer_;
  std::vector<location_id> sites_;
  item_id soap_, serum_;
  std::vector<lot_id> lots_;
  std::map<account, std::int64_t> stock_;
  std::vector<hold> holds_;
  std::uint64_t step_ = 0;
  std::string where_;
  bool unacked_now_ = false;
  std::size_t lost_ = 0, unacked_ = 0, failed_reads_ = 0, replayed_ = 0;
};

TEST(StoreFaults, EveryAcknowledgedCommandIsAppliedOnceWhateverFails) {
  const auto steps = env_or("ONHAND_FAULT_STEPS", 300);
  const auto seeds = seeds_or({20261206, 11, 4242});
  for (const auto seed : seeds) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    store_fault_world world{seed};
    world.walk(steps);
    if (::testing::Test::HasFailure()) return;
  }
}

// ----- torn appends: the log ends inside a command's batch -----

class TornAppend : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    vendor = define({.code = "VENDOR", .kind = location_kind::supplier});
    customer = define({.code = "CUSTOMER", .kind = location_kind::customer});
    east = define({.code = "3PL-EAST"});
    ASSERT_THAT(receive("r1", soap, east, "20"), IsOk());
    ASSERT_THAT(inv_->reserve({.key = "cart-1", .item = soap, .location = east, .amount = q("10")}),
                IsOk());
    // The same log, shared: one inventory writes through a store that tears.
    log_ = std::make_shared<memory_store>();
    const auto copy = copy_log(*store_);
    std::vector<event_record> records;
    ASSERT_TRUE(copy->read(0, SIZE_MAX, records).has_value());
    const std::vector<event_view> views(records.begin(), records.end());
    ASSERT_TRUE(log_->append(views, 0).has_value());
    auto faulty = std::make_unique<faulty_store>(log_, [this](std::string_view what, std::size_t) {
      return what == "append" && tear_ ? store_fault::torn : store_fault::none;
    });
    faulty_ = faulty.get();
    inventory_options options;
    options.clock = [this] { return now_; };
    torn_ = std::make_unique<inventory>(inventory::open(std::move(faulty), options).value());
  }
  auto figures(const inventory& inv) const {
    return std::tuple{inv.log_position(), inv.balance(soap, east, lot_id::none()),
                      inv.reservation_by_key("cart-1").value().remaining()};
  }
  std::shared_ptr<memory_store> log_;
  faulty_store* faulty_ = nullptr;
  std::unique_ptr<inventory> torn_;
  bool tear_ = false;
};

TEST_F(TornAppend, TheInventoryStaysAtTheLastWholeCommandAndRefusesTheRest) {
  const auto before = figures(*torn_);
  tear_ = true;
  // A commit appends reservation_committed, then its document: torn after the first.
  const auto commit = torn_->commit_reservation(
      {.reservation = "cart-1",
       .document = doc("ship-1", movement_reason::shipment, soap, east, customer, "4")});
  ASSERT_THAT(commit, HasError(errc::store_failure));
  EXPECT_TRUE(faulty_store::is_injected(commit.error()));
  tear_ = false;
  EXPECT_EQ(log_->end().value(), std::get<0>(before) + 1) << "the lead alone was written";
  // Nothing of the torn command shows, and every later command says why it cannot go on.
  EXPECT_EQ(figures(*torn_), before);
  const auto next = torn_->post(doc("r2", movement_reason::receipt, soap, vendor, east, "1"));
  ASSERT_THAT(next, HasError(errc::store_failure));
  EXPECT_NE(next.error().message.find("ends inside a command's batch"), std::string::npos)
      << next.error().message;
  EXPECT_EQ(figures(*torn_), before);
  EXPECT_THAT(torn_->verify(), HasError(errc::store_failure));
  // A fresh open refuses the log, with the same reason.
  auto reopened = inventory::open(std::make_unique<shared_store>(log_));
  ASSERT_THAT(reopened, HasError(errc::store_failure));
  EXPECT_NE(reopened.error().message.find("ends inside a command's batch"), std::string::npos);
}

TEST_F(TornAppend, ABatchWhoseDocumentStartsTheNextReadIsWhole) {
  // Replay reads the log in chunks of 4,096 events: a commit whose lead is
  // the last event of a chunk has its document in the next one.
  const auto position = inv_->log_position();
  std::vector<movement_document> docs;
  for (std::uint64_t i = position; i < 4'095; ++i) {
    docs.push_back(doc("f" + std::to_string(i), movement_reason::receipt, soap, vendor, east, "1"));
  }
  ASSERT_THAT(inv_->post_batch(docs, {.atomic = true}), IsOk());
  ASSERT_EQ(inv_->log_position(), 4'095U);
  ASSERT_THAT(inv_->commit_reservation({.reservation = "cart-1",
                                        .document = doc("ship-1", movement_reason::shipment, soap,
                                                        east, customer, "4")}),
              IsOk());
  const auto reopened = inventory::open(copy_log(*store_)).value();
  EXPECT_TRUE(inv_->same_state(reopened));
  EXPECT_THAT(reopened.verify(), IsOk());
}

}  // namespace
}  // namespace onhand::testing
