// SPDX-License-Identifier: Apache-2.0
// A seeded, randomized, model-based test of reservations (the ledger's
// simulation test is the pattern). A workload of receipts, reservations at
// nested locations and for channels, partial commits, releases, plain
// shipments and transfers, quota changes and clock moves runs against the
// inventory and against a model that keeps plain lists and evaluates every
// rule of docs/concepts/atp.md by brute force (sums over all reservations,
// not running totals). Some locations are held apart (location_definition::
// hold, one chosen by the seed): their stock is on hand but never usable,
// and a commit cannot pick from them. After every step: each outcome as
// predicted, every reservation as the model has it, the ATP (and the on
// hand and quarantined stock) of every location for every channel equal,
// and the invariant "reserved within ≤ usable within" at every location.
// verify() every 250 steps.
//
// Environment: ONHAND_SEED=<n> replays a run, ONHAND_SIM_OPS=<n> sets its
// length (default 100000; this test runs a fortieth of it).
#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "onhand/allocation/queries.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

auto env_or(const char* name, std::uint64_t fallback) -> std::uint64_t {
  const char* value = std::getenv(name);
  return value != nullptr ? std::strtoull(value, nullptr, 10) : fallback;
}

struct model_reservation {
  std::string key;
  std::uint32_t location = 0;
  std::string channel;
  std::int64_t remaining = 0;  // whole units
  std::int64_t expires = -1;   // step; -1 none
  reservation_status status = reservation_status::open;
};

struct model_quota {
  std::uint32_t location = 0;
  std::string channel;
  std::int64_t value = 0;
};

class AllocationSimulation : public LedgerTest {
 protected:
  // Physical locations of the fixture, and their parents among them.
  std::vector<location_id> places;
  std::map<std::uint32_t, std::int64_t> balance;  // location -> units of SOAP
  std::vector<model_reservation> reservations;
  std::vector<model_quota> quotas;
  std::vector<std::uint32_t> hold_set;  // locations defined with hold
  std::int64_t clock = -1;

  static auto at_step(std::int64_t step) -> timestamp {
    return at("2026-11-28T00:00:00Z") + std::chrono::minutes{step};
  }
  template <class T>
  static auto done(const result<T>& r) -> result<void> {
    if (!r) return r.error();
    return {};
  }

  // The location tree, read once: whether a location lies within another.
  std::map<std::pair<std::uint32_t, std::uint32_t>, bool> tree;
  void learn_tree() {
    inv_->read([&](const state& s) {
      for (std::uint32_t a = 0; a < s.catalog.location_count(); ++a) {
        for (std::uint32_t b = 0; b < s.catalog.location_count(); ++b) {
          tree[{a, b}] = s.catalog.is_within(location_id{a}, location_id{b});
        }
      }
    });
  }
  [[nodiscard]] auto within(std::uint32_t location, std::uint32_t ancestor) const -> bool {
    return tree.at({location, ancestor});
  }
  // Whether a location is held: it or one above it was defined with hold.
  [[nodiscard]] auto held(std::uint32_t location) const -> bool {
    return std::any_of(hold_set.begin(), hold_set.end(),
                       [&](std::uint32_t h) { return within(location, h); });
  }
  [[nodiscard]] auto on_hand(std::uint32_t node, bool held_only = false) const -> std::int64_t {
    std::int64_t sum = 0;
    for (const auto& [location, units] : balance) {
      if (within(location, node) && (!held_only || held(location))) sum += units;
    }
    return sum;
  }
  [[nodiscard]] auto usable(std::uint32_t node) const -> std::int64_t {
    return on_hand(node) - on_hand(node, true);
  }
  [[nodiscard]] auto reserved(std::uint32_t node, const std::string* channel = nullptr) const
      -> std::int64_t {
    std::int64_t sum = 0;
    for (const auto& r : reservations) {
      if (r.status == reservation_status::open && within(r.location, node) &&
          (channel == nullptr || r.channel == *channel)) {
        sum += r.remaining;
      }
    }
    return sum;
  }
  [[nodiscard]] auto fenced(std::uint32_t node, const std::string& channel) const -> std::int64_t {
    std::int64_t sum = 0;
    for (const auto& q : quotas) {
      if (q.channel == channel || !within(q.location, node)) continue;
      sum += std::max<std::int64_t>(0, q.value - reserved(q.location, &q.channel));
    }
    return sum;
  }
  // A location and every one above it, innermost first.
  [[nodiscard]] auto chain(std::uint32_t node) const -> std::vector<std::uint32_t> {
    std::vector<std::uint32_t> out;
    for (const auto& [pair, inside] : tree) {
      if (pair.first == node && inside) out.push_back(pair.second);
    }
    std::sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
      return within(a, b) && a != b;  // inner before outer
    });
    return out;
  }
  [[nodiscard]] auto atp(std::uint32_t node, const std::string& channel) const -> std::int64_t {
    std::int64_t least = INT64_MAX;
    for (const auto n : chain(node)) {
      least = std::min(least, usable(n) - reserved(n) - fenced(n, channel));
    }
    return std::max<std::int64_t>(0, least);
  }
  // Whether taking `units` out of `from` (to outside every place) keeps
  // every promise, with `freed` units of reservation `r` given back.
  [[nodiscard]] auto keeps_promises(std::uint32_t from, std::int64_t units,
                                    const model_reservation* r) const -> bool {
    for (const auto n : chain(from)) {
      auto held = reserved(n);
      if (r != nullptr && within(r->location, n)) held -= units;
      if (held > 0 && usable(n) - units < held) return false;
    }
    return true;
  }
};

TEST_F(AllocationSimulation, EveryStepMatchesTheModel) {
  const auto seed = env_or("ONHAND_SEED", 20261205);
  const auto steps = env_or("ONHAND_SIM_OPS", 100'000) / 40;
  std::mt19937_64 random{seed};
  const auto all = define({.code = "ALL"});
  const auto site = define({.code = "SITE", .parent = "ALL"});
  const auto bin = define({.code = "SITE/BIN", .parent = "SITE"});
  const bool other_held = random() % 2 == 0;
  const auto other = define({.code = "OTHER", .parent = "ALL", .hold = other_held});
  const auto qc = define({.code = "SITE/QC", .parent = "SITE", .hold = true});
  const auto qc_bin = define({.code = "SITE/QC/BIN", .parent = "SITE/QC"});
  places = {all, site, bin, other, qc, qc_bin};
  hold_set = {qc.value};
  if (other_held) hold_set.push_back(other.value);
  learn_tree();
  const std::array<std::string, 3> channels{"", "web", "b2b"};
  const auto pick = [&](auto& list) -> auto& { return list[random() % list.size()]; };
  const auto units = [&](std::int64_t max) {
    return static_cast<std::int64_t>(1 + random() % max);
  };
  std::uint64_t ok = 0;
  std::uint64_t refused = 0;

  for (std::uint64_t step = 0; step < steps; ++step) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", step " + std::to_string(step) +
                 " (replay with ONHAND_SEED=" + std::to_string(seed) + ")");
    const auto key = "k" + std::to_string(step);
    const auto dice = random() % 100;
    bool expected = true;
    result<void> outcome;
    if (dice < 15) {  // a receipt
      const auto to = pick(places);
      const auto n = units(8);
      outcome = done(inv_->post(
          doc(key, movement_reason::receipt, soap, vendor, to, std::to_string(n).c_str())));
      balance[to.value] += n;
    } else if (dice < 45) {  // a reservation
      const auto at = pick(places);
      const auto& channel = pick(channels);
      const auto n = units(6);
      const std::int64_t expires =
          random() % 3 == 0 ? clock + 1 + static_cast<std::int64_t>(random() % 40) : -1;
      expected = n <= atp(at.value, channel);
      std::optional<timestamp> when;
      if (expires >= 0) when = at_step(expires);
      outcome = done(inv_->reserve({.key = key,
                                    .item = soap,
                                    .location = at,
                                    .amount = quantity::units(n),
                                    .channel = channel,
                                    .expires = when}));
      if (expected) reservations.push_back({key, at.value, channel, n, expires});
    } else if (dice < 75 && !reservations.empty()) {  // a commit or a release
      auto& r = pick(reservations);
      const auto n = units(4);
      if (dice < 60) {
        // Ship n from a place within the reservation's location.
        std::vector<location_id> sources;
        for (const auto p : places) {
          if (within(p.value, r.location)) sources.push_back(p);
        }
        const auto from = pick(sources);
        expected = r.status == reservation_status::open && n <= r.remaining &&
                   balance[from.value] >= n && !held(from.value) &&
                   keeps_promises(from.value, n, &r);
        outcome = done(
            inv_->commit_reservation({.reservation = r.key,
                                      .document = doc(key, movement_reason::shipment, soap, from,
                                                      customer, std::to_string(n).c_str())}));
        if (expected) {
          balance[from.value] -= n;
          r.remaining -= n;
          if (r.remaining == 0) r.status = reservation_status::committed;
        }
      } else {
        const bool all_of_it = random() % 2 == 0;
        const auto amount = all_of_it ? r.remaining : n;
        expected = r.status == reservation_status::open && amount <= r.remaining;
        reservation_release release{.key = key, .reservation = r.key};
        if (!all_of_it) release.amount = quantity::units(n);
        outcome = inv_->release_reservation(release);
        if (expected) {
          r.remaining -= amount;
          if (r.remaining == 0) r.status = reservation_status::released;
        }
      }
    } else if (dice < 88) {  // a plain shipment or transfer
      const auto from = pick(places);
      const auto n = units(5);
      const bool transfer = random() % 2 == 0;
      auto to = transfer ? pick(places) : customer;
      if (to == from) to = customer;
      // What the move takes out of the usable stock of each location above
      // its source: nothing from a held one; up to the first that holds
      // its destination, unless that is held (then all the way up).
      bool keeps = balance[from.value] >= n;
      const bool to_usable = to == customer || !held(to.value);
      for (const auto node : held(from.value) ? std::vector<std::uint32_t>{} : chain(from.value)) {
        if (to_usable && within(to.value, node)) break;
        const auto promised = reserved(node);
        if (promised > 0 && usable(node) - n < promised) keeps = false;
      }
      expected = keeps;
      outcome = done(inv_->post(
          doc(key, movement_reason::transfer, soap, from, to, std::to_string(n).c_str())));
      if (expected) {
        balance[from.value] -= n;
        if (to != customer) balance[to.value] += n;
      }
    } else if (dice < 94) {  // the clock
      const auto to = clock + static_cast<std::int64_t>(random() % 12);
      outcome = done(inv_->advance_reservation_clock(at_step(to)));
      expected = to >= clock;
      if (expected) {
        clock = to;
        for (auto& r : reservations) {
          if (r.status == reservation_status::open && r.expires >= 0 && r.expires <= clock) {
            r.status = reservation_status::lapsed;
            r.remaining = 0;
          }
        }
      }
    } else {  // a quota
      const auto at = pick(places);
      const auto& channel = channels[1 + random() % 2];
      const auto value = static_cast<std::int64_t>(random() % 12);
      // A channel's quotas sit on separate locations.
      bool separate = true;
      for (const auto& q : quotas) {
        if (q.channel == channel && q.location != at.value &&
            (within(q.location, at.value) || within(at.value, q.location))) {
          separate = false;
        }
      }
      expected = separate;
      outcome = inv_->set_channel_quota(
          {.item = soap, .location = at, .channel = channel, .value = quantity::units(value)});
      if (expected) {
        std::erase_if(quotas, [&](const model_quota& q) {
          return q.location == at.value && q.channel == channel;
        });
        if (value > 0) quotas.push_back({at.value, channel, value});
      }
    }
    ASSERT_EQ(outcome.has_value(), expected)
        << (outcome ? std::string("accepted") : outcome.error().message);
    (expected ? ok : refused) += 1;

    for (const auto& r : reservations) {
      // The open ones every step, all of them every 100 steps.
      if (r.status != reservation_status::open && step % 100 != 0) continue;
      const auto actual = inv_->reservation_by_key(r.key).value();
      ASSERT_EQ(actual.remaining(), quantity::units(r.remaining)) << r.key;
      ASSERT_EQ(actual.status, r.status) << r.key;
    }
    for (const auto place : places) {
      ASSERT_LE(reserved(place.value), usable(place.value));
      const auto position = inv_->available_to_promise(soap, place, "").value();
      ASSERT_EQ(position.on_hand, quantity::units(on_hand(place.value))) << "at " << place.value;
      ASSERT_EQ(position.quarantined, quantity::units(on_hand(place.value, true)))
          << "at " << place.value;
      ASSERT_EQ(position.usable, quantity::units(usable(place.value))) << "at " << place.value;
      for (const auto& channel : channels) {
        ASSERT_EQ(inv_->available_to_promise(soap, place, channel).value().available,
                  quantity::units(atp(place.value, channel)))
            << "at " << place.value << " for '" << channel << "'";
      }
    }
    if (step % 250 == 0) {
      ASSERT_THAT(inv_->verify(), IsOk());
    }
  }
  ASSERT_THAT(inv_->verify(), IsOk());
  std::printf("allocation simulation: seed %llu, %llu steps: %llu accepted, %llu refused\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(steps),
              static_cast<unsigned long long>(ok), static_cast<unsigned long long>(refused));
  EXPECT_GT(refused, steps / 20);
}

}  // namespace
}  // namespace onhand::testing
