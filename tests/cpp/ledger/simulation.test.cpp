// SPDX-License-Identifier: Apache-2.0
// A seeded, randomized, model-based test of the ledger (after TigerBeetle's
// workload + auditor). A workload mixes valid and invalid documents,
// back-dated postings, documents whose lines chain through locations (a line
// drawing on stock another line of the document brings), retries with the
// same key, key reuse with other content, reversals and new definitions. A reference model that
// knows only the rules (and keeps every entry in plain maps) predicts each outcome; after every
// step the test checks DESIGN.md's invariants: conservation, non-negativity, idempotency,
// atomicity, and (periodically) replay determinism and verify().
//
// Environment: ONHAND_SEED=<n> replays a run, ONHAND_SIM_OPS=<n> sets its
// length (default 100000). A failure prints the seed and the step.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"
#include "shared_store.hpp"

namespace onhand {
namespace {

using testing::IsOk;

auto env_or(const char* name, std::uint64_t fallback) -> std::uint64_t {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

struct model_line {
  std::uint32_t item, lot, from, to;
  std::int64_t amount;  // raw
};

struct model_document {
  std::string key;
  movement_document request;
  std::int64_t effective = 0;
  std::uint32_t number = 0;
  bool is_reversal = false;
  bool reversed = false;
};

// The reference: rules only, plain containers.
struct model {
  using account_key =
      std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;  // item, location, lot
  std::map<account_key, std::map<std::pair<std::int64_t, std::uint32_t>, std::int64_t>> entries;
  std::map<account_key, std::int64_t> balances;
  std::map<std::string, model_document> documents;
  std::vector<std::string> keys;  // in posting order
  std::uint32_t next_number = 0;

  [[nodiscard]] auto balance(const account_key& key) const -> std::int64_t {
    auto found = balances.find(key);
    return found == balances.end() ? 0 : found->second;
  }
  // Lowest running balance at or after `t` (balance as of t included).
  [[nodiscard]] auto lowest_from(const account_key& key, std::int64_t t) const -> std::int64_t {
    auto current = balance(key);
    auto found = entries.find(key);
    if (found == entries.end()) return current;
    std::int64_t later = 0;
    std::vector<std::int64_t> suffix;
    for (auto it = found->second.rbegin(); it != found->second.rend() && it->first.first > t;
         ++it) {
      suffix.push_back(it->second);
      later += it->second;
    }
    auto level = current - later;
    auto lowest = level;
    for (auto it = suffix.rbegin(); it != suffix.rend(); ++it) {
      level += *it;
      lowest = std::min(lowest, level);
    }
    return lowest;
  }
  void apply(const movement_document& d, std::int64_t t) {
    for (const auto& l : d.lines) {
      for (auto [location, sign] : {std::pair{l.from.value, -1}, std::pair{l.to.value, 1}}) {
        account_key key{l.item.value, location, l.lot.value};
        entries[key][{t, next_number}] += sign * l.amount.raw();
        balances[key] += sign * l.amount.raw();
      }
    }
    ++next_number;
  }
};

class Simulation : public testing::LedgerTest {
 protected:
  std::mt19937_64 random_;
  model model_;
  std::vector<location_id> locations_;
  std::vector<item_id> items_;

  auto pick(std::uint64_t n) -> std::uint64_t { return random_() % n; }
  auto chance(double p) -> bool { return std::uniform_real_distribution<>(0, 1)(random_) < p; }

  auto may_go_negative(location_id l) -> bool {
    return l == south || l == vendor || l == customer || l == loss || l == scrap;
  }

  auto random_line() -> movement_line {
    movement_line line;
    line.item = items_[pick(items_.size())];
    line.from = locations_[pick(locations_.size())];
    do {
      line.to = locations_[pick(locations_.size())];
    } while (line.to == line.from);
    if (line.item == serum) line.lot = pick(2) == 0 ? fresh : old;
    const auto whole = static_cast<std::int64_t>(1 + pick(20));
    line.amount =
        line.item == flour
            ? quantity::from_raw(whole * 1'000'000 + static_cast<std::int64_t>(pick(1000)) * 1000)
            : quantity::units(whole);
    return line;
  }

  // A document whose lines chain through locations: stock goes from a start
  // (the supplier or a physical location) through 1-3 physical locations,
  // each line drawing on what the line before it brings, and the lines are
  // shuffled so a line may come before the one it draws on. Now and then a
  // hop draws more than it was brought, so the chain needs stock of its own.
  auto random_chain(std::string key) -> movement_document {
    const std::array<location_id, 5> physical = {east, east_bin, west, south, transit};
    movement_document d{.key = std::move(key), .reason = movement_reason::transfer};
    const auto item = items_[pick(items_.size())];
    const auto lot = item == serum ? (pick(2) == 0 ? fresh : old) : lot_id::none();
    std::vector<location_id> path{chance(0.5) ? vendor : physical[pick(physical.size())]};
    const auto hops = 2 + pick(3);
    while (path.size() < hops + 1) {
      const auto next = physical[pick(physical.size())];
      if (std::find(path.begin(), path.end(), next) == path.end()) path.push_back(next);
    }
    auto amount = static_cast<std::int64_t>(1 + pick(20));
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      const auto raw = item == flour
                           ? amount * 1'000'000 + static_cast<std::int64_t>(pick(1000)) * 1000
                           : amount * 1'000'000;
      d.lines.push_back({.item = item,
                         .lot = lot,
                         .from = path[i],
                         .to = path[i + 1],
                         .amount = quantity::from_raw(raw)});
      if (chance(0.2)) amount += static_cast<std::int64_t>(1 + pick(5));  // draws more than it got
    }
    std::shuffle(d.lines.begin(), d.lines.end(), random_);
    return d;
  }

  // The model's verdict for a structurally valid document effective at t.
  auto expected(const movement_document& d, std::int64_t t, std::int64_t now)
      -> std::optional<errc> {
    const auto limit = std::chrono::microseconds{std::chrono::days{31}}.count();
    const auto future = std::chrono::microseconds{std::chrono::minutes{5}}.count();
    if (t < now - limit || t > now + future) return errc::backdate_not_allowed;
    const auto day = date_of(timestamp{std::chrono::microseconds{t}});
    for (const auto& l : d.lines) {
      if (l.to != customer || l.lot.is_none()) continue;
      const auto expiry = l.lot == old ? testing::day("2026-12-15") : testing::day("2027-06-30");
      if (std::chrono::sys_days{expiry} < std::chrono::sys_days{day}) return errc::lot_expired;
    }
    std::map<model::account_key, std::int64_t> net;
    for (const auto& l : d.lines) {
      net[{l.item.value, l.from.value, l.lot.value}] -= l.amount.raw();
      net[{l.item.value, l.to.value, l.lot.value}] += l.amount.raw();
    }
    for (const auto& [key, delta] : net) {
      if (delta >= 0 || may_go_negative(location_id{std::get<1>(key)})) continue;
      if (model_.lowest_from(key, t) + delta < 0) return errc::insufficient_stock;
    }
    return std::nullopt;
  }

  void check_invariants(const std::set<model::account_key>& touched) {
    // Engine balances match the model where the step touched them.
    for (const auto& key : touched) {
      const auto [item, location, lot] = key;
      ASSERT_EQ(inv_->balance(item_id{item}, location_id{location}, lot_id{lot}).from_zero().raw(),
                model_.balance(key));
    }
    // Conservation and non-negativity over every account.
    inv_->read([&](const state& s) {
      const auto& cat = s.catalog;
      const auto& ledger = s.ledger;
      std::map<std::pair<std::uint32_t, std::uint32_t>, std::int64_t> sums;
      for (std::uint32_t i = 0; i < ledger.account_count(); ++i) {
        const auto& a = ledger.account_at(i);
        sums[{a.key.item.value, a.key.lot.value}] += a.on_hand.from_zero().raw();
        if (holds_stock(cat.location(a.key.location).kind) &&
            !cat.location(a.key.location).allow_negative) {
          ASSERT_FALSE(a.on_hand.is_negative()) << cat.location(a.key.location).code;
        }
      }
      for (const auto& [key, sum] : sums) ASSERT_EQ(sum, 0) << "item " << key.first;
    });
  }
};

TEST_F(Simulation, InvariantsHoldUnderARandomWorkload) {
  const auto seed = env_or("ONHAND_SEED", 20261127);
  const auto operations = env_or("ONHAND_SIM_OPS", 100'000);
  random_.seed(seed);
  locations_ = {vendor, customer, loss, scrap, east, east_bin, west, south, transit};
  items_ = {soap, flour, serum};
  now_ = testing::at("2026-11-01T00:00:00Z");
  std::uint64_t posted = 0, refused = 0, replayed = 0, chains = 0;

  for (std::uint64_t step = 0; step < operations; ++step) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", step " + std::to_string(step) +
                 " (replay with ONHAND_SEED=" + std::to_string(seed) + ")");
    now_ += std::chrono::minutes{static_cast<long>(pick(180))};
    const auto now_us = now_.time_since_epoch().count();
    const auto position_before = inv_->log_position();
    std::set<model::account_key> touched;
    const auto roll = pick(100);

    if (roll < 8 && !model_.keys.empty()) {
      // Retry an earlier document, or reuse its key for something else.
      const auto& key = model_.keys[pick(model_.keys.size())];
      const auto& original = model_.documents.at(key);
      auto request = original.request;
      const bool same = chance(0.5);
      if (!same) request.lines[0].amount += quantity::units(1);
      auto r = inv_->post(request);
      if (same && !original.is_reversal) {
        ASSERT_THAT(r, IsOk());
        ASSERT_TRUE(r->replayed);
        ASSERT_EQ(r->document.value, original.number);
        ++replayed;
      } else {
        ASSERT_THAT(r, testing::HasError(errc::idempotency_conflict));
        ++refused;
      }
      ASSERT_EQ(inv_->log_position(), position_before);
    } else if (roll < 14) {
      // Invalid input of one kind: refused with that code, nothing applied.
      auto d = movement_document{.key = "bad-" + std::to_string(step), .lines = {random_line()}};
      errc expect = errc::invalid_quantity;
      switch (pick(5)) {
        case 0:
          d.lines[0].amount = quantity{};
          break;
        case 1:
          d.lines[0].item = item_id{1000};
          expect = errc::unknown_code;
          break;
        case 2:
          d.lines[0].to = d.lines[0].from;
          expect = errc::invalid_location;
          break;
        case 3:
          d.lines[0].item = soap;
          d.lines[0].lot = lot_id::none();
          d.lines[0].amount = quantity::from_raw(1'500'000);
          expect = errc::precision_exceeded;
          break;
        default:
          d.key.clear();
          expect = errc::malformed_input;
          break;
      }
      ASSERT_THAT(inv_->post(d), testing::HasError(expect));
      ASSERT_EQ(inv_->log_position(), position_before);
      ++refused;
    } else if (roll < 20 && !model_.keys.empty()) {
      // Reverse a random document.
      const auto key = model_.keys[pick(model_.keys.size())];
      auto& original = model_.documents.at(key);
      const auto reversal_key = "rev-" + std::to_string(step);
      auto r = inv_->reverse(key, reversal_key);
      if (original.is_reversal || original.reversed) {
        ASSERT_THAT(r, testing::HasError(errc::already_reversed));
        ++refused;
      } else {
        movement_document request{.key = reversal_key,
                                  .reason = original.request.reason,
                                  .lines = original.request.lines};
        for (auto& l : request.lines) std::swap(l.from, l.to);
        const auto verdict = expected(request, now_us, now_us);
        if (verdict) {
          ASSERT_THAT(r, testing::HasError(*verdict));
          ++refused;
        } else {
          ASSERT_THAT(r, IsOk());
          ASSERT_EQ(r->document.value, model_.next_number);
          original.reversed = true;
          model_.documents[reversal_key] = {reversal_key,       request, now_us,
                                            model_.next_number, true,    false};
          model_.keys.push_back(reversal_key);
          model_.apply(request, now_us);
          ++posted;
        }
      }
      for (const auto& l : original.request.lines) {
        touched.insert({l.item.value, l.from.value, l.lot.value});
        touched.insert({l.item.value, l.to.value, l.lot.value});
      }
    } else {
      // A new document: 1-3 lines or a chain through locations, sometimes
      // back-dated, now and then outside the window.
      movement_document d{.key = "doc-" + std::to_string(step),
                          .reason = static_cast<movement_reason>(pick(7))};
      if (roll >= 85) {
        d = random_chain(d.key);
        ++chains;
      } else {
        const auto lines = 1 + pick(3);
        for (std::uint64_t i = 0; i < lines; ++i) d.lines.push_back(random_line());
        if (roll < 60) {  // mostly receipts, so stock accumulates
          d.lines[0].from = vendor;
          if (d.lines[0].to == vendor) d.lines[0].to = east;
        }
      }
      std::int64_t t = now_us;
      if (chance(0.15)) {
        d.effective = now_ - std::chrono::hours{static_cast<long>(pick(24 * 35))};
        t = d.effective->time_since_epoch().count();
      }
      const auto verdict = expected(d, t, now_us);
      auto r = inv_->post(d);
      if (verdict) {
        ASSERT_THAT(r, testing::HasError(*verdict));
        ASSERT_EQ(inv_->log_position(), position_before);
        ++refused;
      } else {
        ASSERT_THAT(r, IsOk());
        ASSERT_EQ(r->document.value, model_.next_number);
        model_.documents[d.key] = {d.key, d, t, model_.next_number, false, false};
        model_.keys.push_back(d.key);
        model_.apply(d, t);
        ++posted;
      }
      for (const auto& l : d.lines) {
        touched.insert({l.item.value, l.from.value, l.lot.value});
        touched.insert({l.item.value, l.to.value, l.lot.value});
      }
    }
    check_invariants(touched);
    if (HasFatalFailure()) return;
    if ((step + 1) % 20'000 == 0 || step + 1 == operations) {
      ASSERT_THAT(inv_->verify(), IsOk());
      auto replayed_inventory = inventory::open(testing::copy_log(*store_));
      ASSERT_THAT(replayed_inventory, IsOk());
      ASSERT_TRUE(replayed_inventory->same_state(*inv_));
    }
  }
  // The workload must exercise both outcomes to mean anything.
  EXPECT_GT(posted, operations / 3);
  EXPECT_GT(refused, operations / 20);
  EXPECT_GT(replayed, operations / 50);
  EXPECT_GT(chains, operations / 20);
  std::printf("simulation: seed %llu, %llu operations: %llu posted, %llu refused, %llu replayed\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(operations),
              static_cast<unsigned long long>(posted), static_cast<unsigned long long>(refused),
              static_cast<unsigned long long>(replayed));
}

// Documents whose lines chain through locations, half of them back-dated:
// posting (which nets a document's lines per account) and verify() (which
// checks every account after each document, at every point in time) must
// judge each of them alike, so verify() runs after every posting.
TEST_F(Simulation, ChainedDocumentsPostAndVerifyAlike) {
  const auto seed = env_or("ONHAND_SEED", 20261205);
  const auto operations = env_or("ONHAND_SIM_OPS", 100'000) / 200;
  random_.seed(seed);
  locations_ = {vendor, customer, loss, scrap, east, east_bin, west, south, transit};
  items_ = {soap, flour, serum};
  now_ = testing::at("2026-11-01T00:00:00Z");
  std::uint64_t posted = 0, refused = 0;
  for (std::uint64_t step = 0; step < operations; ++step) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", step " + std::to_string(step));
    now_ += std::chrono::minutes{static_cast<long>(pick(180))};
    const auto now_us = now_.time_since_epoch().count();
    const auto position_before = inv_->log_position();
    auto d = random_chain("chain-" + std::to_string(step));
    if (step % 3 == 0) {  // keep stock coming: the chain starts at the supplier
      const auto first = std::find_if(d.lines.begin(), d.lines.end(), [&](const movement_line& l) {
        return std::none_of(d.lines.begin(), d.lines.end(),
                            [&](const movement_line& m) { return m.to == l.from; });
      });
      first->from = vendor;
    }
    std::int64_t t = now_us;
    if (chance(0.5)) {
      d.effective = now_ - std::chrono::hours{static_cast<long>(pick(24 * 30))};
      t = d.effective->time_since_epoch().count();
    }
    const auto verdict = expected(d, t, now_us);
    auto r = inv_->post(d);
    std::set<model::account_key> touched;
    for (const auto& l : d.lines) {
      touched.insert({l.item.value, l.from.value, l.lot.value});
      touched.insert({l.item.value, l.to.value, l.lot.value});
    }
    if (verdict) {
      ASSERT_THAT(r, testing::HasError(*verdict));
      ASSERT_EQ(inv_->log_position(), position_before);
      ++refused;
    } else {
      ASSERT_THAT(r, IsOk());
      model_.apply(d, t);
      ++posted;
      ASSERT_THAT(inv_->verify(), IsOk());
    }
    check_invariants(touched);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(posted, operations / 4);
  EXPECT_GT(refused, operations / 20);
  std::printf("chains: seed %llu: %llu posted, %llu refused\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(posted),
              static_cast<unsigned long long>(refused));
}

// Batches of random documents (valid and invalid ones, chains, back-dated
// ones, keys repeated inside a batch and keys of earlier batches; now and
// then an atomic batch) go through post_batch into one inventory and one by
// one into a twin opened from the same log. Every document's outcome (the
// posting, or the error's code and message) and the two states must be the
// same after every batch, and verify() must hold.
TEST_F(Simulation, ABatchEqualsItsDocumentsPostedOneByOne) {
  const auto seed = env_or("ONHAND_SEED", 20261206);
  const auto batches = std::max<std::uint64_t>(env_or("ONHAND_SIM_OPS", 100'000) / 500, 10);
  random_.seed(seed);
  locations_ = {vendor, customer, loss, scrap, east, east_bin, west, south, transit};
  items_ = {soap, flour, serum};
  now_ = testing::at("2026-11-01T00:00:00Z");
  inventory_options options;
  options.clock = [this] { return now_; };
  auto twin_store = testing::copy_log(*store_);
  const auto* twin_log = twin_store.get();
  auto twin = inventory::open(std::move(twin_store), options).value();
  std::vector<movement_document> earlier;
  std::uint64_t posted = 0, refused = 0, replayed = 0, withdrawn = 0;
  for (std::uint64_t b = 0; b < batches; ++b) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", batch " + std::to_string(b));
    now_ += std::chrono::minutes{static_cast<long>(pick(600))};
    std::vector<movement_document> batch(1 + pick(64));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& d = batch[i];
      const auto key = "b" + std::to_string(b) + "-" + std::to_string(i);
      const auto roll = pick(100);
      if (roll < 12 && (i > 0 || !earlier.empty())) {
        // A repeat of a document of this batch or an earlier one, same or changed.
        const bool inside = i > 0 && (earlier.empty() || chance(0.6));
        d = inside ? batch[pick(i)] : earlier[pick(earlier.size())];
        if (chance(0.4)) d.lines[0].amount += quantity::units(1);
        continue;
      }
      if (roll < 40) {
        d = random_chain(key);
      } else {
        d = movement_document{.key = key, .reason = static_cast<movement_reason>(pick(7))};
        for (auto lines = 1 + pick(3); lines > 0; --lines) d.lines.push_back(random_line());
        if (roll < 75) {
          d.lines[0].from = vendor;
          if (d.lines[0].to == vendor) d.lines[0].to = east;
        }
        if (roll >= 95) d.lines[0].amount = quantity{};  // invalid_quantity
      }
      if (chance(0.2)) d.effective = now_ - std::chrono::hours{static_cast<long>(pick(24 * 33))};
    }
    const bool atomic = chance(0.1);
    auto r = inv_->post_batch(batch, {.atomic = atomic});
    ASSERT_THAT(r, IsOk());
    ASSERT_EQ(r->documents.size(), batch.size());
    // The same documents one by one: for an atomic batch, tried on a copy first.
    bool all_valid = true;
    std::vector<result<posting>> trial_results;
    if (atomic) {
      auto trial = inventory::open(testing::copy_log(*twin_log), options).value();
      for (const auto& d : batch) {
        trial_results.push_back(trial.post(d));
        all_valid = all_valid && trial_results.back().has_value();
      }
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& entry = r->documents[i];
      if (atomic && !all_valid) {
        // Refused exactly where one by one refuses, the others withdrawn.
        if (trial_results[i]) {
          ASSERT_EQ(entry.state, batch_entry::status::withdrawn) << i;
          ++withdrawn;
        } else {
          ASSERT_EQ(entry.state, batch_entry::status::refused) << i;
          ASSERT_EQ(r->refusal(i)->message, trial_results[i].error().message) << i;
          ++refused;
        }
        continue;
      }
      auto one = twin.post(batch[i]);
      if (one) {
        ASSERT_EQ(entry.state, batch_entry::status::posted) << i;
        ASSERT_EQ(entry.posted, *one) << i;
        ASSERT_EQ(entry.posted.replayed, one->replayed) << i;
        ++(one->replayed ? replayed : posted);
      } else {
        ASSERT_EQ(entry.state, batch_entry::status::refused) << i;
        ASSERT_EQ(r->refusal(i)->code, one.error().code) << i << ": " << one.error().message;
        ASSERT_EQ(r->refusal(i)->message, one.error().message) << i;
        ++refused;
      }
    }
    ASSERT_TRUE(twin.same_state(*inv_));
    for (auto& d : batch) earlier.push_back(std::move(d));
    if ((b + 1) % 25 == 0 || b + 1 == batches) {
      ASSERT_THAT(inv_->verify(), IsOk());
    }
  }
  EXPECT_GT(posted, batches * 5);
  EXPECT_GT(refused, batches);
  EXPECT_GT(replayed, batches / 2);
  std::printf(
      "batches: seed %llu, %llu batches: %llu posted, %llu refused, %llu replayed, "
      "%llu withdrawn\n",
      static_cast<unsigned long long>(seed), static_cast<unsigned long long>(batches),
      static_cast<unsigned long long>(posted), static_cast<unsigned long long>(refused),
      static_cast<unsigned long long>(replayed), static_cast<unsigned long long>(withdrawn));
}

}  // namespace
}  // namespace onhand
