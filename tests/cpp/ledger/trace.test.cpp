// SPDX-License-Identifier: Apache-2.0
// The recall trace of a lot, on a history whose answers are worked out by
// hand below.
#include "onhand/ledger/trace.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ledger_fixture.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::LedgerTest;
using testing::level;
using testing::q;

class Trace : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    vendor_b = define({.code = "VENDOR-B", .kind = location_kind::supplier});
    acme = define({.code = "CUST-ACME", .kind = location_kind::customer});
    bolt = define({.code = "CUST-BOLT", .kind = location_kind::customer});
    crux = define({.code = "CUST-CRUX", .kind = location_kind::customer});
  }

  // Posts a one-line document of lot L-FRESH with an external reference,
  // an hour after the previous one.
  void post(const std::string& key, movement_reason reason, location_id from, location_id to,
            const char* amount, const std::string& reference) {
    now_ += std::chrono::hours{1};
    auto d = doc(key, reason, serum, from, to, amount, fresh);
    d.reference.external_document = reference;
    ASSERT_THAT(inv_->post(d), IsOk()) << key;
  }

  // Received from two suppliers, moved between two 3PLs through transit,
  // shipped to three customers, one return, one scrap, and one document
  // of two lines shipping from both 3PLs. Other stock of the item (another
  // lot) and of another item moves in between and must not show.
  void post_history() {
    post("po-1", movement_reason::receipt, vendor, east, "100", "PO-1");   // doc 0
    post("po-2", movement_reason::receipt, vendor_b, west, "60", "PO-2");  // doc 1
    ASSERT_THAT(receive("po-old", serum, east, "7", old), IsOk());         // doc 2
    post("tr-1", movement_reason::transfer, east, transit, "30", "");      // doc 3
    post("tr-2", movement_reason::transfer, transit, west, "30", "");      // doc 4
    ASSERT_THAT(receive("po-soap", soap, east, "9"), IsOk());              // doc 5
    post("so-10", movement_reason::shipment, east, acme, "40", "SO-10");   // doc 6
    post("so-11", movement_reason::shipment, west, bolt, "50", "SO-11");   // doc 7
    post("so-12", movement_reason::shipment, west, crux, "25", "SO-12");   // doc 8
    post("rma-5", movement_reason::returned, bolt, west, "10", "RMA-5");   // doc 9
    post("scrap-1", movement_reason::scrap, west, scrap, "5", "");         // doc 10
    now_ += std::chrono::hours{1};
    movement_document two{
        .key = "so-13",
        .reason = movement_reason::shipment,
        .reference = {.external_document = "SO-13"},
        .lines = {{.item = serum, .lot = fresh, .from = east, .to = acme, .amount = q("10")},
                  {.item = serum, .lot = old, .from = east, .to = acme, .amount = q("2")},
                  {.item = serum, .lot = fresh, .from = west, .to = crux, .amount = q("5")}}};
    ASSERT_THAT(inv_->post(two), IsOk());  // doc 11
  }

  auto trace(item_id item, lot_id lot) -> result<lot_trace> {
    return inv_->read([&](const state& s) { return trace_lot(s, item, lot); });
  }

  location_id vendor_b, acme, bolt, crux;
};

TEST_F(Trace, EveryMovementInLogOrder) {
  post_history();
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  struct expected {
    std::uint32_t document;
    const char* key;
    location_id from, to;
    const char* amount;
    bool paired_by_amount;
  };
  const std::vector<expected> rows = {
      {0, "po-1", vendor, east, "100", false},  {1, "po-2", vendor_b, west, "60", false},
      {3, "tr-1", east, transit, "30", false},  {4, "tr-2", transit, west, "30", false},
      {6, "so-10", east, acme, "40", false},    {7, "so-11", west, bolt, "50", false},
      {8, "so-12", west, crux, "25", false},    {9, "rma-5", bolt, west, "10", false},
      {10, "scrap-1", west, scrap, "5", false}, {11, "so-13", east, acme, "10", true},
      {11, "so-13", west, crux, "5", true},
  };
  ASSERT_EQ(t->movements.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& m = t->movements[i];
    SCOPED_TRACE(rows[i].key);
    EXPECT_EQ(m.document, document_id{rows[i].document});
    EXPECT_EQ(m.key, rows[i].key);
    EXPECT_EQ(m.from, rows[i].from);
    EXPECT_EQ(m.to, rows[i].to);
    EXPECT_EQ(m.amount, q(rows[i].amount));
    EXPECT_EQ(m.paired_by_amount, rows[i].paired_by_amount);
  }
  EXPECT_EQ(t->movements[7].reason, movement_reason::returned);
  EXPECT_EQ(t->movements[0].effective, testing::at("2026-11-27T10:00:00Z"));
}

TEST_F(Trace, WhereItIsNow) {
  post_history();
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  // East: +100 - 30 (to transit) - 40 (acme) - 10 (so-13) = 20.
  // West: +60 + 30 (from transit) - 50 - 25 + 10 (return) - 5 (scrap) - 5 (so-13) = 15.
  // Transit: +30 - 30 = 0, left out.
  EXPECT_EQ(t->holdings, (std::vector<trace_holding>{{east, level("20")}, {west, level("15")}}));
}

TEST_F(Trace, ForwardToCustomersAndElsewhere) {
  post_history();
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  // acme: 40 + 10; bolt: 50 shipped, 10 back; crux: 25 + 5.
  EXPECT_EQ(t->customers, (std::vector<trace_customer>{{acme, q("50"), q("0"), q("50")},
                                                       {bolt, q("50"), q("10"), q("40")},
                                                       {crux, q("30"), q("0"), q("30")}}));
  struct expected {
    location_id location;
    std::uint32_t document;
    const char* reference;
    const char* amount;
  };
  const std::vector<expected> rows = {{acme, 6, "SO-10", "40"},  {bolt, 7, "SO-11", "50"},
                                      {crux, 8, "SO-12", "25"},  {bolt, 9, "RMA-5", "-10"},
                                      {acme, 11, "SO-13", "10"}, {crux, 11, "SO-13", "5"}};
  ASSERT_EQ(t->customer_documents.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& d = t->customer_documents[i];
    SCOPED_TRACE(rows[i].reference);
    EXPECT_EQ(d.location, rows[i].location);
    EXPECT_EQ(d.document, document_id{rows[i].document});
    EXPECT_EQ(d.reference.external_document, rows[i].reference);
    EXPECT_EQ(d.amount, q(rows[i].amount));
  }
  ASSERT_EQ(t->other_destinations.size(), 1U);
  EXPECT_EQ(t->other_destinations[0].location, scrap);
  EXPECT_EQ(t->other_destinations[0].key, "scrap-1");
  EXPECT_EQ(t->other_destinations[0].reason, movement_reason::scrap);
  EXPECT_EQ(t->other_destinations[0].amount, q("5"));
}

TEST_F(Trace, BackwardToTheReceipts) {
  post_history();
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  ASSERT_EQ(t->sources.size(), 2U);
  EXPECT_EQ(t->sources[0].location, vendor);
  EXPECT_EQ(t->sources[0].key, "po-1");
  EXPECT_EQ(t->sources[0].reference.external_document, "PO-1");
  EXPECT_EQ(t->sources[0].amount, q("100"));
  EXPECT_EQ(t->sources[0].effective, testing::at("2026-11-27T10:00:00Z"));
  EXPECT_EQ(t->sources[1].location, vendor_b);
  EXPECT_EQ(t->sources[1].reference.external_document, "PO-2");
  EXPECT_EQ(t->sources[1].amount, q("60"));
}

TEST_F(Trace, ConservationAcrossTheLists) {
  // A second method: what came in from suppliers equals what is held, what
  // customers keep and what went elsewhere.
  post_history();
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  quantity in;
  for (const auto& d : t->sources) in += d.amount;
  quantity out;
  for (const auto& h : t->holdings) out += h.balance.from_zero();
  for (const auto& c : t->customers) out += c.net;
  for (const auto& d : t->other_destinations) out += d.amount;
  EXPECT_EQ(in, q("160"));
  EXPECT_EQ(out, in);
}

TEST_F(Trace, OtherLotOfTheItem) {
  post_history();
  const auto t = trace(serum, old);
  ASSERT_THAT(t, IsOk());
  ASSERT_EQ(t->movements.size(), 2U);
  EXPECT_EQ(t->movements[1].document, document_id{11});
  EXPECT_FALSE(t->movements[1].paired_by_amount);  // one source, one destination
  EXPECT_EQ(t->holdings, (std::vector<trace_holding>{{east, level("5")}}));
  EXPECT_EQ(t->customers, (std::vector<trace_customer>{{acme, q("2"), q("0"), q("2")}}));
}

TEST_F(Trace, LotThatNeverMoved) {
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(*t, (lot_trace{.item = serum, .lot = fresh}));
}

TEST_F(Trace, SeveralLinesBetweenTheSameTwoPlacesStayExact) {
  ASSERT_THAT(receive("po-1", serum, east, "10", fresh), IsOk());
  movement_document d{
      .key = "tr-1",
      .lines = {{.item = serum, .lot = fresh, .from = east, .to = west, .amount = q("3")},
                {.item = serum, .lot = fresh, .from = east, .to = west, .amount = q("4")}}};
  ASSERT_THAT(inv_->post(d), IsOk());
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  ASSERT_EQ(t->movements.size(), 3U);
  EXPECT_EQ(t->movements[1].amount, q("3"));
  EXPECT_EQ(t->movements[2].amount, q("4"));
  EXPECT_FALSE(t->movements[2].paired_by_amount);
}

TEST_F(Trace, ChainedLinesInOneDocumentPairBySize) {
  // east -> transit 6 and transit -> west 6 in one document: transit is
  // both a source and a destination, and no line runs from a place to itself.
  ASSERT_THAT(receive("po-1", serum, east, "10", fresh), IsOk());
  movement_document d{
      .key = "tr-1",
      .lines = {{.item = serum, .lot = fresh, .from = east, .to = transit, .amount = q("6")},
                {.item = serum, .lot = fresh, .from = transit, .to = west, .amount = q("6")}}};
  ASSERT_THAT(inv_->post(d), IsOk());
  const auto t = trace(serum, fresh);
  ASSERT_THAT(t, IsOk());
  ASSERT_EQ(t->movements.size(), 3U);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_NE(t->movements[i].from, t->movements[i].to);
    EXPECT_EQ(t->movements[i].amount, q("6"));
  }
  EXPECT_EQ(t->holdings, (std::vector<trace_holding>{{east, level("4")}, {west, level("6")}}));
}

TEST_F(Trace, UnknownItemOrLotIsNamed) {
  const auto serial = inv_->define_lot({.item = "LAPTOP", .code = "SN-1"}).value();
  const auto unknown_item = trace(item_id{999}, fresh);
  EXPECT_THAT(unknown_item, HasError(errc::unknown_code));
  EXPECT_EQ(unknown_item.error().context.field, "item");
  for (const auto lot : {serial, lot_id::none(), lot_id{999}}) {
    const auto wrong = trace(serum, lot);
    EXPECT_THAT(wrong, HasError(errc::unknown_code));
    EXPECT_EQ(wrong.error().context.field, "lot");
    EXPECT_EQ(wrong.error().context.item, "SERUM");
  }
}

TEST_F(Trace, AgreesWithAModelOfRandomDocuments) {
  // A second method: the test keeps every line it posts and works out each
  // part of the trace from them. Documents have 1-3 lines over two lots;
  // receipts are sometimes back-dated, so the accounts' entries are not in
  // document order.
  std::mt19937_64 random(20261205);
  const auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  const std::vector<location_id> physical = {east, west, transit};
  const std::vector<location_id> from_places = {vendor, vendor_b, east, west, transit, acme, bolt};
  const std::vector<location_id> to_places = {east, west, transit, acme, bolt, crux, scrap, vendor};
  const std::vector<lot_id> lots = {fresh, old};
  std::map<std::pair<lot_id, location_id>, std::int64_t> held;  // physical only
  std::vector<std::vector<movement_line>> posted;               // per document
  int back_dated_count = 0;
  int paired_count = 0;  // rows the trace could only pair by amount
  for (int n = 0; n < 300; ++n) {
    now_ += std::chrono::minutes{7};
    movement_document d{.key = "d" + std::to_string(n)};
    const bool back_dated = pick(5) == 0;
    if (back_dated) d.effective = now_ - std::chrono::hours{1 + pick(48)};
    const auto lines = 1 + pick(3);
    auto left = held;  // what this document may still take
    for (std::size_t i = 0; i < lines; ++i) {
      const auto lot = lots[pick(2)];
      auto from = back_dated ? (pick(2) == 0 ? vendor : vendor_b) : from_places[pick(7)];
      auto to = back_dated ? physical[pick(3)] : to_places[pick(8)];
      if (from == to) continue;
      std::int64_t most = 10;
      if (std::find(physical.begin(), physical.end(), from) != physical.end()) {
        most = std::min<std::int64_t>(most, left[{lot, from}]);
      }
      if (most <= 0) continue;
      const auto amount = 1 + static_cast<std::int64_t>(pick(static_cast<std::size_t>(most)));
      left[{lot, from}] -= amount;
      d.lines.push_back(
          {.item = serum, .lot = lot, .from = from, .to = to, .amount = quantity::units(amount)});
    }
    if (d.lines.empty()) continue;
    ASSERT_THAT(inv_->post(d), IsOk()) << d.key;
    for (const auto& l : d.lines) {
      held[{l.lot, l.from}] -= l.amount.raw() / quantity::units(1).raw();
      held[{l.lot, l.to}] += l.amount.raw() / quantity::units(1).raw();
    }
    posted.push_back(d.lines);
    back_dated_count += back_dated ? 1 : 0;
  }
  const auto is_physical = [&](location_id l) {
    return std::find(physical.begin(), physical.end(), l) != physical.end();
  };
  for (const auto lot : lots) {
    SCOPED_TRACE(lot.value);
    const auto t = trace(serum, lot);
    ASSERT_THAT(t, IsOk());
    std::vector<trace_holding> holdings;
    for (const auto l : physical) {
      if (held[{lot, l}] != 0)
        holdings.push_back({l, stock_level::at(quantity::units(held[{lot, l}]))});
    }
    std::sort(holdings.begin(), holdings.end(),
              [](const auto& x, const auto& y) { return x.location < y.location; });
    EXPECT_EQ(t->holdings, holdings);

    std::map<location_id, trace_customer> customers;
    std::vector<std::tuple<std::uint32_t, location_id, quantity>> sources;
    std::size_t row = 0;
    for (std::uint32_t number = 0; number < posted.size(); ++number) {
      std::vector<movement_line> mine;
      for (const auto& l : posted[number]) {
        if (l.lot == lot) mine.push_back(l);
      }
      if (mine.empty()) continue;
      std::set<location_id> froms;
      std::set<location_id> tos;
      std::map<location_id, quantity> net;
      for (const auto& l : mine) {
        froms.insert(l.from);
        tos.insert(l.to);
        net[l.from] -= l.amount;
        net[l.to] += l.amount;
      }
      // The trace's rows of this document.
      std::map<location_id, quantity> traced;
      std::vector<trace_movement> rows;
      while (row < t->movements.size() && t->movements[row].document == document_id{number}) {
        rows.push_back(t->movements[row++]);
      }
      ASSERT_FALSE(rows.empty()) << number;
      for (const auto& m : rows) {
        EXPECT_NE(m.from, m.to);
        EXPECT_EQ(m.paired_by_amount, froms.size() > 1 || tos.size() > 1) << number;
        paired_count += m.paired_by_amount ? 1 : 0;
        traced[m.from] -= m.amount;
        traced[m.to] += m.amount;
      }
      if (froms.size() == 1 && tos.size() == 1) {
        ASSERT_EQ(rows.size(), mine.size()) << number;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          EXPECT_EQ(rows[i].from, mine[i].from);
          EXPECT_EQ(rows[i].to, mine[i].to);
          EXPECT_EQ(rows[i].amount, mine[i].amount);
        }
      }
      std::erase_if(net, [](const auto& e) { return e.second.is_zero(); });
      std::erase_if(traced, [](const auto& e) { return e.second.is_zero(); });
      EXPECT_EQ(traced, net) << number;
      for (const auto& [location, amount] : net) {
        if (location == acme || location == bolt || location == crux) {
          auto& c =
              customers.try_emplace(location, trace_customer{location, {}, {}, {}}).first->second;
          if (amount.is_negative()) {
            c.returned -= amount;
          } else {
            c.shipped += amount;
          }
          c.net += amount;
        } else if (location == vendor || location == vendor_b) {
          sources.emplace_back(number, location, -amount);
        } else {
          EXPECT_TRUE(is_physical(location) || location == scrap);
        }
      }
    }
    EXPECT_EQ(row, t->movements.size());
    std::vector<trace_customer> expected_customers;
    for (const auto& [location, c] : customers) expected_customers.push_back(c);
    EXPECT_EQ(t->customers, expected_customers);
    ASSERT_EQ(t->sources.size(), sources.size());
    for (std::size_t i = 0; i < sources.size(); ++i) {
      EXPECT_EQ(t->sources[i].document, document_id{std::get<0>(sources[i])});
      EXPECT_EQ(t->sources[i].location, std::get<1>(sources[i]));
      EXPECT_EQ(t->sources[i].amount, std::get<2>(sources[i]));
    }
  }
  // The workload reaches the cases it is for.
  EXPECT_GT(back_dated_count, 20);
  EXPECT_GT(paired_count, 20);
}

}  // namespace
}  // namespace onhand
