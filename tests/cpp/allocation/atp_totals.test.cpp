// SPDX-License-Identifier: Apache-2.0
// Available-to-promise read from the reservation book's totals against the
// same rule evaluated from the stock ledger's accounts and the list of
// reservations (docs/concepts/atp.md), over a seeded random workload that
// reaches every case the totals must hand back to the accounts: postings
// effective later than now (and the clock passing them), lot-tracked stock
// (lots put on hold, a lot expiring), a location that may go negative, a
// transit location, nested locations, a held zone with a bin below it,
// reservations and quotas of channels.
// After every step every field of the ATP of every item, location and
// channel is compared; verify() (replay, equality of the projections,
// invariants, which recompute the totals) every 50 steps and at the end.
#include <algorithm>
#include <array>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/allocation/queries.hpp"
#include "onhand/catalog/lot.hpp"
#include "onhand/state.hpp"

#include "ledger_fixture.hpp"

namespace onhand::testing {
namespace {

// Whether `location` or one above it is defined with hold, read from the
// definitions (not from catalog::is_held).
auto held_by_definition(const state& s, location_id location) -> bool {
  for (auto at = location; !at.is_none(); at = s.catalog.parent(at)) {
    if (s.catalog.location(at).hold) return true;
  }
  return false;
}

// The rule, from the accounts: per location of the chain, usable stock
// (lowest balance from now on, 0 in a quarantined lot or at a held
// location), on hand, open
// reservations and other channels' fixed quotas less what they hold.
auto atp_by_accounts(const state& s, item_id item, location_id location, std::string_view channel,
                     timestamp now) -> atp_position {
  const date today{std::chrono::floor<std::chrono::days>(now)};
  atp_position out{.item = item, .location = location, .channel = std::nullopt};
  std::optional<quantity> least;
  for (auto at = location; !at.is_none(); at = s.catalog.parent(at)) {
    quantity on_hand, quarantined, usable, reserved, fenced;
    for (const auto index : s.ledger.accounts_of(item)) {
      const auto& a = s.ledger.account_at(index);
      if (!s.physical(a.key.location) || !s.catalog.is_within(a.key.location, at)) continue;
      const auto held = std::max(s.ledger.balance_as_of(index, now).from_zero(), quantity{});
      const bool held_back =
          held_by_definition(s, a.key.location) ||
          (!a.key.lot.is_none() && is_quarantined(s.catalog.lot(a.key.lot), today));
      on_hand += held;
      if (held_back) {
        quarantined += held;
      } else {
        usable += std::max(s.ledger.lowest_balance_from(index, now).from_zero(), quantity{});
      }
    }
    const auto within = [&](const reservation& r, location_id place) {
      return r.item == item && r.status == reservation_status::open &&
             s.catalog.is_within(r.location, place);
    };
    for (const auto& r : s.reservations.all()) {
      if (within(r, at)) reserved += r.remaining();
    }
    for (const auto& quota : s.reservations.quotas_of(item)) {
      if (s.reservations.channel_name(quota.channel) == channel ||
          !s.catalog.is_within(quota.location, at)) {
        continue;
      }
      quantity taken;
      for (const auto& r : s.reservations.all()) {
        if (within(r, quota.location) && r.channel == quota.channel) taken += r.remaining();
      }
      if (quota.value > taken) fenced += quota.value - taken;
    }
    if (at == location) {
      out.on_hand = on_hand;
      out.quarantined = quarantined;
      out.usable = usable;
      out.reserved = reserved;
      out.fenced = fenced;
    }
    const auto atp = usable - reserved - fenced;
    least = least ? std::min(*least, atp) : atp;
  }
  out.available = least && least->is_positive() ? *least : quantity{};
  return out;
}

class AtpTotals : public LedgerTest {};

TEST_F(AtpTotals, EveryFieldMatchesTheAccountsAtEveryStep) {
  std::mt19937_64 random{20261205};
  const auto pick = [&](const auto& list) { return list[random() % list.size()]; };
  const std::array items{soap, serum, flour};
  const auto qc = define({.code = "EAST/QC", .parent = "3PL-EAST", .hold = true});
  const auto qc_bin = define({.code = "EAST/QC-01", .parent = "EAST/QC"});
  const std::array stock_places{east, east_zone, east_bin, west, south, transit, qc, qc_bin};
  const std::array places{east, east_zone, east_bin, west, south, transit, qc, qc_bin, customer};
  const std::array<std::string_view, 4> channels{"", "web", "b2b", "never-used"};
  const std::array<std::string_view, 3> reserving{"", "web", "b2b"};
  const auto amount = [&](item_id item) {
    const auto whole = static_cast<std::int64_t>(1 + random() % 40);
    return item == flour ? quantity::from_raw(whole * 250'000) : quantity::units(whole);
  };
  const auto lot_of = [&](item_id item) {
    return item == serum ? (random() % 2 == 0 ? fresh : old) : lot_id::none();
  };
  int key = 0;
  int later = 0;     // receipts effective after the clock
  int reserved = 0;  // reservations made
  int quotas = 0;    // quotas set, changed or removed
  const auto next_key = [&] { return "k-" + std::to_string(++key); };
  for (int step = 0; step < 600; ++step) {
    const auto item = pick(items);
    switch (random() % 9) {
      case 0:
      case 1: {  // a receipt, effective now, earlier or later
        auto receipt = doc(next_key(), movement_reason::receipt, item, vendor, pick(stock_places),
                           "1", lot_of(item));
        receipt.lines[0].amount = amount(item) + amount(item) + amount(item);
        // Up to two days back, or up to 4 minutes ahead (the ledger's future_limit is 5).
        const auto shift = static_cast<std::int64_t>(random() % 7) - 2;
        if (shift < 0) receipt.effective = now_ + std::chrono::hours{24 * shift};
        if (shift > 0) receipt.effective = now_ + std::chrono::minutes{shift};
        if (inv_->post(receipt) && shift > 0) ++later;
        break;
      }
      case 2:
      case 3: {  // a transfer or a shipment, maybe later; refused when short
        const auto to = random() % 3 == 0 ? customer : pick(stock_places);
        auto move = doc(next_key(), movement_reason::transfer, item, pick(stock_places), to, "1",
                        lot_of(item));
        move.lines[0].amount = amount(item);
        if (random() % 4 == 0) move.effective = now_ + std::chrono::minutes{random() % 5};
        (void)inv_->post(move);
        break;
      }
      case 4:
        if (inv_->reserve({.key = next_key(),
                           .item = item,
                           .location = pick(stock_places),
                           .amount = quantity::units(static_cast<std::int64_t>(1 + random() % 5)),
                           .channel = std::string(pick(reserving))})) {
          ++reserved;
        }
        break;
      case 5: {  // give back a random open reservation
        const auto open = inv_->read([&](const state& s) {
          std::vector<std::string> keys;
          for (const auto& r : s.reservations.all()) {
            if (r.status == reservation_status::open) keys.push_back(r.key);
          }
          return keys;
        });
        if (!open.empty())
          (void)inv_->release_reservation({.key = next_key(), .reservation = pick(open)});
        break;
      }
      case 6:
        if (inv_->set_channel_quota({.item = item,
                                     .location = pick(stock_places),
                                     .channel = random() % 2 == 0 ? "web" : "b2b",
                                     .value = random() % 3 == 0 ? quantity{} : amount(item)})) {
          ++quotas;
        }
        break;
      case 7:
        (void)inv_->set_lot_status(random() % 2 == 0 ? fresh : old,
                                   random() % 3 == 0 ? lot_status::on_hold : lot_status::available);
        break;
      default:  // the clock moves by minutes or by up to two days (the old lot expires)
        now_ += random() % 2 == 0 ? std::chrono::minutes{1 + random() % 3}
                                  : std::chrono::minutes{60 * (1 + random() % 48)};
        break;
    }
    inv_->read([&](const state& s) {
      for (const auto it : items) {
        for (const auto place : places) {
          for (const auto channel : channels) {
            auto want = atp_by_accounts(s, it, place, channel, now_);
            const auto got = available_to_promise(s, it, place, channel, now_);
            want.channel = got.channel;
            ASSERT_EQ(got, want) << "step " << step << ", item " << it.value << ", location "
                                 << place.value << ", channel '" << channel << "'";
          }
          ASSERT_EQ(usable_within(s, it, place, now_),
                    atp_by_accounts(s, it, place, "", now_).usable);
        }
      }
    });
    if (step % 50 == 49) {
      ASSERT_THAT(inv_->verify(), IsOk()) << "step " << step;
    }
  }
  ASSERT_THAT(inv_->verify(), IsOk());
  // The workload reached the cases it is for.
  EXPECT_GT(later, 10);
  EXPECT_GT(reserved, 20);
  EXPECT_GT(quotas, 10);
  inv_->read([&](const state& s) {
    EXPECT_GT(s.ledger.document_count(), 100U);
    EXPECT_FALSE(s.ledger.accounts_of(serum).empty());
    EXPECT_FALSE(s.ledger.accounts_of(soap, qc).empty() &&
                 s.ledger.accounts_of(soap, qc_bin).empty());
  });
}

TEST_F(AtpTotals, ThePositionNamesTheChannelByItsIndex) {
  ASSERT_THAT(receive("r1", soap, east, "10"), IsOk());
  ASSERT_THAT(
      inv_->reserve(
          {.key = "c1", .item = soap, .location = east, .amount = q("4"), .channel = "web"}),
      IsOk());
  const auto web = inv_->available_to_promise(soap, east, "web").value();
  const auto none = inv_->available_to_promise(soap, east).value();
  const auto unknown = inv_->available_to_promise(soap, east, "b2b").value();
  inv_->read([&](const state& s) {
    EXPECT_EQ(web.channel, s.reservations.find_channel("web"));
    EXPECT_EQ(s.reservations.channel_name(*web.channel), "web");
  });
  EXPECT_EQ(none.channel, std::optional<std::uint32_t>{0});
  EXPECT_EQ(unknown.channel, std::nullopt);
  EXPECT_EQ(web.available, q("6"));
  EXPECT_EQ(unknown.available, q("6"));
}

}  // namespace
}  // namespace onhand::testing
