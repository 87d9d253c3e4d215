// SPDX-License-Identifier: Apache-2.0
// One seeded random walk across the operations domains (purchasing,
// transfers, counting, valuation) over one inventory, against a brute-force
// model written from the concept pages, not from the library: plain maps of
// on-hand per item × lot × location, the open purchase order lines, what
// each transfer has in transit, the count tasks, and, for valuation, every
// valued movement and costing change in effective-time order, valued again
// from scratch at each check (FIFO layers, average pools, standard value:
// docs/concepts/valuation.md) in exact millionths.
//
// Every step goes through the public inventory API only. After every step:
// on order per item × location; in transit per item × destination and per
// transfer line; the ledger's on-hand per item × lot × location; value and
// on-hand per item × location; the valuation layers hold the ledger's
// on-hand; the valuation report reconciles and sums to the model's total.
// verify() runs every fourth step. Refused commands must fail with the
// expected code and change nothing (a fingerprint of the state is
// compared). Every 64 steps a snapshot is taken and an inventory opened
// from it must hold the same state. At the end a second inventory opens
// from the last snapshot and the log after it, and a third replays the
// whole log: both must hold the same state.
//
// Environment: ONHAND_SEED=<n> runs that seed only; ONHAND_MODEL_STEPS=<n>
// sets the walk's length (default 400); ONHAND_MODEL_VERIFY=1 runs verify()
// after every step rather than every fourth. A failure names the seed and
// step.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/counting/queries.hpp"
#include "onhand/ledger/queries.hpp"
#include "onhand/orders/queries.hpp"
#include "onhand/purchasing/queries.hpp"
#include "onhand/report/supply.hpp"
#include "onhand/valuation/queries.hpp"

#include "environment.hpp"
#include "ledger_fixture.hpp"
#include "shared_store.hpp"

namespace onhand::testing {
namespace {

// Model money: millionths in an int64 (every figure of the walk fits).
using micros = std::int64_t;
constexpr micros per_unit = 1'000'000;

auto to_money(micros m) -> money { return money::from_raw(money::rep{m}); }

// a × b / c rounded half to even (c > 0), the concept page's one rounding
// rule. The walk's values times its amounts stay far below 2^63.
auto mul_div_even(micros a, std::int64_t b, std::int64_t c) -> micros {
  const auto n = a * b;
  auto q = n / c;
  const auto r = n % c < 0 ? -(n % c) : n % c;
  if (2 * r > c || (2 * r == c && q % 2 != 0)) q += n < 0 ? -1 : 1;
  return q;
}

// ---------------------------------------------------------------------------
// Valuation model

struct model_layer {
  std::int64_t units = 0;
  micros value = 0;
};

enum class entry_kind : std::uint8_t { movement, costing };

struct value_entry {
  timestamp effective;
  std::uint64_t sequence = 0;  // log order
  entry_kind kind = entry_kind::movement;
  location_id from, to;
  std::int64_t units = 0;
  std::optional<micros> unit_cost;  // a recorded receipt cost
  costing_method method = costing_method::fifo;
  micros standard = 0;
};

// A purchase order receipt is valued at its line's price per base unit:
// purchasing appends receipt_costed with the document
// (docs/concepts/purchasing.md, "Receiving").
auto po_receipt_cost(micros price) -> std::optional<micros> { return price; }

struct item_value_model {
  costing_method method = costing_method::fifo;
  micros standard = 0;
  std::optional<micros> last_cost;
  std::map<location_id, std::vector<model_layer>> layers;

  static auto held(const std::vector<model_layer>& ls) -> std::int64_t {
    std::int64_t n = 0;
    for (const auto& l : ls) n += l.units;
    return n;
  }
  static auto worth(const std::vector<model_layer>& ls) -> micros {
    micros v = 0;
    for (const auto& l : ls) v += l.value;
    return v;
  }

  void costing(const value_entry& e) {
    for (auto& [location, ls] : layers) {
      if (e.method != costing_method::fifo && ls.size() > 1) {
        ls = {model_layer{held(ls), worth(ls)}};
      }
      if (e.method == costing_method::standard && !ls.empty()) {
        ls.front().value = ls.front().units * e.standard;
      }
    }
    method = e.method;
    standard = e.standard;
  }

  // Takes `units` out of a location, oldest layer first: the pieces that leave.
  auto take(location_id at, std::int64_t units) -> std::vector<model_layer> {
    auto& ls = layers[at];
    if (method == costing_method::standard) {
      const auto before = worth(ls);
      const auto left = held(ls) - units;
      ls.clear();
      if (left != 0) ls.push_back({left, left * standard});
      return {model_layer{units, before - left * standard}};
    }
    std::vector<model_layer> pieces;
    while (units > 0) {
      EXPECT_FALSE(ls.empty()) << "the model issued stock it does not hold";
      if (ls.empty()) break;
      auto& first = ls.front();
      if (first.units <= units) {
        units -= first.units;
        pieces.push_back(first);
        ls.erase(ls.begin());
      } else {
        const auto stays = first.units - units;
        const auto stays_value = mul_div_even(first.value, stays, first.units);
        pieces.push_back({units, first.value - stays_value});
        first = {stays, stays_value};
        units = 0;
      }
    }
    return pieces;
  }

  void put(location_id at, const model_layer& piece) {
    auto& ls = layers[at];
    if (method == costing_method::standard) {
      const auto n = held(ls) + piece.units;
      ls.clear();
      if (n != 0) ls.push_back({n, n * standard});
    } else if (method == costing_method::moving_average && !ls.empty()) {
      ls.front().units += piece.units;
      ls.front().value += piece.value;
    } else {
      ls.push_back(piece);
    }
  }

  void movement(const value_entry& e, bool from_physical, bool to_physical) {
    if (to_physical && !from_physical) {
      micros value = 0;
      if (e.unit_cost) {
        value = e.units * *e.unit_cost;
        last_cost = e.unit_cost;
      } else if (method == costing_method::standard) {
        value = e.units * standard;
      } else if (const auto& ls = layers[e.to];
                 method == costing_method::moving_average && !ls.empty() && ls.front().units > 0) {
        value = mul_div_even(ls.front().value, e.units, ls.front().units);
      } else {
        value = e.units * last_cost.value_or(0);
      }
      put(e.to, {e.units, value});
    } else if (from_physical && !to_physical) {
      take(e.from, e.units);
    } else if (from_physical && to_physical) {
      for (const auto& piece : take(e.from, e.units)) put(e.to, piece);
    }
  }
};

// ---------------------------------------------------------------------------
// Purchasing, transfer and counting models

constexpr std::int64_t over_percent = 10;  // supplier ACME; BETA has no tolerance
constexpr std::int64_t under_percent = 5;

struct po_line_model {
  item_id item;
  location_id destination;
  std::int64_t ordered = 0;
  std::int64_t received = 0;
  bool complete = false;
  micros price = 0;
};

struct po_model {
  std::string key;
  bool acme = true;
  std::vector<po_line_model> lines;
  purchase_order_status status = purchase_order_status::draft;
  [[nodiscard]] auto open() const -> bool {
    return status == purchase_order_status::draft || status == purchase_order_status::sent ||
           status == purchase_order_status::partially_received;
  }
  [[nodiscard]] auto receivable() const -> bool {
    return status == purchase_order_status::sent ||
           status == purchase_order_status::partially_received;
  }
  void settle() {
    if (!receivable() && status != purchase_order_status::received) return;
    bool all = true;
    bool any = false;
    for (const auto& l : lines) {
      all = all && l.complete;
      any = any || l.received > 0;
    }
    status = all   ? purchase_order_status::received
             : any ? purchase_order_status::partially_received
                   : purchase_order_status::sent;
  }
};

struct transfer_line_model {
  item_id item;
  lot_id lot = lot_id::none();
  std::int64_t amount = 0;
  std::int64_t shipped = 0;
  std::int64_t received = 0;
  std::int64_t written_off = 0;
  [[nodiscard]] auto in_transit() const -> std::int64_t { return shipped - received - written_off; }
};

struct transfer_model {
  std::string key;
  location_id source, destination;
  std::vector<transfer_line_model> lines;
  bool closed = false;
};

struct count_model {
  std::string key;
  item_id item;
  lot_id lot = lot_id::none();
  location_id location;
  count_status status = count_status::counting;
  std::int64_t counted = 0;
  timestamp counted_at;
};

struct ledger_move {
  timestamp effective;
  item_id item;
  lot_id lot;
  location_id from, to;
  std::int64_t units = 0;
};

// A command that succeeded, to be sent again: same payload (the original
// outcome) or another payload under the same key (idempotency_conflict).
struct retry {
  std::function<void()> same;
  std::function<void()> other;
};

class operations_walk {
 public:
  void open_world() {
    log_ = std::make_shared<memory_store>();
    options_.clock = [this] { return now_; };
    inv_ = std::make_unique<inventory>(
        inventory::open(std::make_unique<shared_store>(log_), options_).value());
    auto define = [&](const location_definition& d) { return inv_->define_location(d).value(); };
    vendor_a_ = define({.code = "VENDOR-A", .kind = location_kind::supplier});
    vendor_b_ = define({.code = "VENDOR-B", .kind = location_kind::supplier});
    customer_ = define({.code = "CUSTOMER", .kind = location_kind::customer});
    loss_ = define({.code = "LOSS", .kind = location_kind::inventory_loss});
    truck_ = define({.code = "TRUCK", .kind = location_kind::transit});
    const auto wh1 = define({.code = "WH1"});
    const auto wh1_bin = define({.code = "WH1/B1", .parent = "WH1"});
    const auto wh2 = define({.code = "WH2"});
    const auto wh2_bin = define({.code = "WH2/B1", .parent = "WH2"});
    const auto wh3 = define({.code = "WH3"});
    internal_ = {wh1, wh1_bin, wh2, wh2_bin, wh3};
    site_ = {{wh1, 1}, {wh1_bin, 1}, {wh2, 2}, {wh2_bin, 2}, {wh3, 3}};
    physical_ = internal_;
    physical_.push_back(truck_);
    ASSERT_THAT(inv_->define_supplier({.code = "ACME",
                                       .location = vendor_a_,
                                       .over_tolerance = q("0.10"),
                                       .under_tolerance = q("0.05"),
                                       .allow_unexpected = true}),
                IsOk());
    ASSERT_THAT(inv_->define_supplier({.code = "BETA", .location = vendor_b_}), IsOk());
    const unit_set each{base_unit{"each", 0}};
    items_.push_back(inv_->define_item({.code = "FIFO-1", .units = each}).value());
    items_.push_back(inv_->define_item({.code = "AVG-1", .units = each}).value());
    items_.push_back(inv_->define_item({.code = "STD-1", .units = each}).value());
    items_.push_back(
        inv_->define_item({.code = "LOT-1", .units = each, .lot_tracked = true}).value());
    lotted_ = items_[3];
    lots_ = {inv_->define_lot({.item = "LOT-1", .code = "L1"}).value(),
             inv_->define_lot({.item = "LOT-1", .code = "L2"}).value()};
    set_method(items_[1], costing_method::moving_average, 0);
    set_method(items_[2], costing_method::standard, 1'250'000);
  }

  // ----- model bookkeeping -----

  auto physical(location_id l) const -> bool {
    return std::find(physical_.begin(), physical_.end(), l) != physical_.end();
  }
  auto stock(item_id item, lot_id lot, location_id at) -> std::int64_t& {
    return stock_[{item, lot, at}];
  }
  // One ledger line accepted by the library: the model moves it too.
  void moved(item_id item, lot_id lot, location_id from, location_id to, std::int64_t units,
             std::optional<micros> cost = std::nullopt, std::optional<timestamp> effective = {}) {
    const auto when = effective.value_or(now_);
    if (physical(from)) stock(item, lot, from) -= units;
    if (physical(to)) stock(item, lot, to) += units;
    ledger_.push_back({when, item, lot, from, to, units});
    values_[item].push_back({.effective = when,
                             .sequence = sequence_++,
                             .from = from,
                             .to = to,
                             .units = units,
                             .unit_cost = cost});
  }
  void set_method(item_id item, costing_method method, micros standard) {
    ASSERT_THAT(inv_->set_costing_method({item, method, to_money(standard)}), IsOk());
    costing_now_[item] = {method, standard};
    values_[item].push_back({.effective = now_,
                             .sequence = sequence_++,
                             .kind = entry_kind::costing,
                             .method = method,
                             .standard = standard});
  }
  auto book_as_of(item_id item, lot_id lot, location_id at, timestamp t) const -> std::int64_t {
    std::int64_t n = 0;
    for (const auto& m : ledger_) {
      if (m.item != item || m.lot != lot || m.effective > t) continue;
      if (m.to == at) n += m.units;
      if (m.from == at) n -= m.units;
    }
    return n;
  }
  // Whether a change of `delta` effective at `t` keeps the balance at or
  // above zero at every time from `t` on.
  auto stays_non_negative(item_id item, lot_id lot, location_id at, timestamp t,
                          std::int64_t delta) const -> bool {
    if (delta >= 0) return true;
    std::vector<ledger_move> later;
    for (const auto& m : ledger_) {
      if (m.item == item && m.lot == lot && m.effective > t && (m.to == at || m.from == at)) {
        later.push_back(m);
      }
    }
    std::stable_sort(later.begin(), later.end(),
                     [](const auto& a, const auto& b) { return a.effective < b.effective; });
    auto n = book_as_of(item, lot, at, t) + delta;
    if (n < 0) return false;
    for (const auto& m : later) {
      n += (m.to == at ? m.units : 0) - (m.from == at ? m.units : 0);
      if (n < 0) return false;
    }
    return true;
  }
  auto valued(item_id item) const -> item_value_model {
    item_value_model v;
    auto entries = values_.contains(item) ? values_.at(item) : std::vector<value_entry>{};
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return std::tie(a.effective, a.sequence) < std::tie(b.effective, b.sequence);
    });
    for (const auto& e : entries) {
      if (e.kind == entry_kind::costing) {
        v.costing(e);
      } else {
        v.movement(e, physical(e.from), physical(e.to));
      }
    }
    return v;
  }
  auto lot_of(item_id item) -> lot_id { return item == lotted_ ? lots_[pick(2)] : lot_id::none(); }
  auto lots_for(item_id item) const -> std::vector<lot_id> {
    return item == lotted_ ? lots_ : std::vector<lot_id>{lot_id::none()};
  }

  // ----- the state's fingerprint: what a refused command must not change -----

  struct fingerprint {
    std::uint64_t log_position = 0;
    std::vector<valuation_row> report;
    std::vector<open_line> lines;
    std::vector<in_transit_row> transit;
    std::vector<count_sheet_line> sheet;
    friend auto operator==(const fingerprint&, const fingerprint&) -> bool = default;
  };
  auto take_fingerprint() const -> fingerprint {
    auto f = inv_->read([&](const state& s) {
      return fingerprint{0, valuation_report(s, now_), open_lines(s), in_transit_by_destination(s),
                         count_sheet(s)};
    });
    f.log_position = inv_->log_position();
    return f;
  }
  // A command that must be refused with `code` and change nothing.
  template <class F>
  void refused(errc code, F&& command, const std::string& what) {
    const auto before = take_fingerprint();
    const auto r = command();
    ASSERT_FALSE(r.has_value()) << where_ << ": " << what << " was accepted";
    EXPECT_EQ(r.error().code, code) << where_ << ": " << what << ": " << r.error().message;
    EXPECT_EQ(take_fingerprint(), before) << where_ << ": " << what << " changed the state";
    ++refusals_;
  }

  // ----- the steps -----

  auto pick(std::uint64_t n) -> std::uint64_t { return rng_() % n; }
  // Mostly one of the elements that satisfy `useful` (when there is one),
  // sometimes any: refusals stay frequent without crowding out the rest.
  template <class T, class P>
  auto likely(std::vector<T>& all, P useful) -> T& {
    std::vector<std::size_t> good;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (useful(all[i])) good.push_back(i);
    }
    if (good.empty() || pick(4) == 0) return all[pick(all.size())];
    return all[good[pick(good.size())]];
  }
  // A retry of a posting command with the same payload: the original posting.
  template <class Again>
  auto same_posting(Again again, posting first) -> std::function<void()> {
    return [this, again, first] {
      const auto r = again();
      ASSERT_THAT(r, IsOk()) << where_;
      EXPECT_TRUE(r->replayed) << where_;
      EXPECT_EQ(*r, first) << where_;
    };
  }
  // Another payload under a key already used: idempotency_conflict.
  template <class Other>
  auto conflicting(Other other, std::string what) -> std::function<void()> {
    return [this, other, what] { refused(errc::idempotency_conflict, other, what); };
  }
  auto any_item() -> item_id { return items_[pick(items_.size())]; }
  auto any_internal() -> location_id { return internal_[pick(internal_.size())]; }

  void create_po() {
    po_model o{.key = "PO-" + std::to_string(pos_.size()), .acme = pick(4) != 0};
    std::vector<purchase_order_line> lines;
    for (auto n = 1 + pick(2); n > 0; --n) {
      po_line_model l{.item = any_item(),
                      .destination = any_internal(),
                      .ordered = 1 + static_cast<std::int64_t>(pick(40)),
                      .price = static_cast<micros>(50 + pick(500)) * 10'000};
      lines.push_back({.item = l.item,
                       .amount = quantity::units(l.ordered),
                       .price = to_money(l.price),
                       .expected = day("2026-12-20"),
                       .destination = l.destination});
      o.lines.push_back(l);
    }
    const purchase_order_request request{
        .key = o.key, .supplier = o.acme ? "ACME" : "BETA", .currency = "EUR", .lines = lines};
    const auto id = inv_->create_purchase_order(request);
    ASSERT_THAT(id, IsOk()) << where_;
    if (pick(2) == 0) {  // half the orders go out at once
      ASSERT_THAT(inv_->send_purchase_order(o.key), IsOk()) << where_;
      o.status = purchase_order_status::sent;
    }
    pos_.push_back(o);
    auto other = request;
    other.lines.front().amount = other.lines.front().amount + quantity::units(1);
    retries_.push_back({[this, request, id = *id] {
                          const auto again = inv_->create_purchase_order(request);
                          ASSERT_THAT(again, IsOk()) << where_;
                          EXPECT_EQ(*again, id) << where_;
                        },
                        [this, other] {
                          refused(
                              errc::idempotency_conflict,
                              [&] { return inv_->create_purchase_order(other); }, "changed PO");
                        }});
  }

  void po_command(po_model& o) {
    const auto op = pick(4);
    if (op == 0) {
      const bool ok = o.status == purchase_order_status::draft;
      const bool noop = o.status == purchase_order_status::sent ||
                        o.status == purchase_order_status::partially_received ||
                        o.status == purchase_order_status::received;
      if (ok || noop) {
        ASSERT_THAT(inv_->send_purchase_order(o.key), IsOk()) << where_;
        if (ok) o.status = purchase_order_status::sent;
      } else {
        refused(
            errc::wrong_purchase_order_status, [&] { return inv_->send_purchase_order(o.key); },
            "send");
      }
    } else if (op == 1) {
      const bool ok =
          o.status == purchase_order_status::draft || o.status == purchase_order_status::sent;
      if (ok || o.status == purchase_order_status::cancelled) {
        ASSERT_THAT(inv_->cancel_purchase_order(o.key), IsOk()) << where_;
        o.status = purchase_order_status::cancelled;
      } else {
        refused(
            errc::wrong_purchase_order_status, [&] { return inv_->cancel_purchase_order(o.key); },
            "cancel");
      }
    } else if (op == 2) {
      const bool ok = o.receivable();
      if (ok || o.status == purchase_order_status::closed) {
        ASSERT_THAT(inv_->close_purchase_order(o.key), IsOk()) << where_;
        o.status = purchase_order_status::closed;
      } else {
        refused(
            errc::wrong_purchase_order_status, [&] { return inv_->close_purchase_order(o.key); },
            "close");
      }
    } else {
      const auto i = pick(o.lines.size());
      auto& l = o.lines[i];
      const auto amount = 1 + static_cast<std::int64_t>(pick(50));
      const purchase_order_change change{.key = "CH-" + std::to_string(keys_++),
                                         .order = o.key,
                                         .line = static_cast<std::uint32_t>(i),
                                         .amount = quantity::units(amount),
                                         .expected = day("2026-12-22")};
      if (o.open() && amount >= l.received) {
        ASSERT_THAT(inv_->change_purchase_order_line(change), IsOk()) << where_;
        l.ordered = amount;
        const auto under = o.acme ? under_percent : 0;
        l.complete = l.received > 0 && l.received * 100 >= l.ordered * (100 - under);
        o.settle();
      } else {
        refused(
            o.open() ? errc::invalid_quantity : errc::wrong_purchase_order_status,
            [&] { return inv_->change_purchase_order_line(change); }, "change of " + o.key);
      }
    }
  }

  void receive_po(po_model& o) {
    const auto i = pick(o.lines.size());
    auto& l = o.lines[i];
    const auto left = std::max<std::int64_t>(l.ordered - l.received, 1);
    const auto amount = 1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(left) + 4));
    const auto lot = lot_of(l.item);
    const receipt_request request{.key = "GR-" + std::to_string(keys_++),
                                  .order = o.key,
                                  .line = static_cast<std::uint32_t>(i),
                                  .lots = {{.lot = lot, .amount = quantity::units(amount)}}};
    const auto over = o.acme ? over_percent : 0;
    if (!o.receivable()) {
      refused(
          errc::wrong_purchase_order_status, [&] { return inv_->receive(request); },
          "receipt on " + o.key);
      return;
    }
    if ((l.received + amount) * 100 > l.ordered * (100 + over)) {
      refused(
          errc::over_receipt, [&] { return inv_->receive(request); }, "over receipt");
      return;
    }
    const auto posted = inv_->receive(request);
    ASSERT_THAT(posted, IsOk()) << where_;
    moved(l.item, lot, o.acme ? vendor_a_ : vendor_b_, l.destination, amount,
          po_receipt_cost(l.price));
    l.received += amount;
    const auto under = o.acme ? under_percent : 0;
    if (!l.complete && l.received * 100 >= l.ordered * (100 - under)) l.complete = true;
    o.settle();
    auto other = request;
    other.lots.front().amount = quantity::units(amount + 1);
    retries_.push_back(
        {same_posting([this, request] { return inv_->receive(request); }, *posted),
         conflicting([this, other] { return inv_->receive(other); }, "changed receipt")});
  }

  void unexpected_receipt() {
    const bool acme = pick(3) != 0;
    const auto item = any_item();
    const auto lot = lot_of(item);
    const auto amount = 1 + static_cast<std::int64_t>(pick(20));
    const receipt_request request{.key = "UR-" + std::to_string(keys_++),
                                  .lots = {{.lot = lot, .amount = quantity::units(amount)}},
                                  .supplier = acme ? "ACME" : "BETA",
                                  .item = item,
                                  .destination = any_internal()};
    if (!acme) {
      refused(
          errc::unexpected_receipt, [&] { return inv_->receive(request); },
          "unexpected receipt from BETA");
      return;
    }
    ASSERT_THAT(inv_->receive(request), IsOk()) << where_;
    moved(item, lot, vendor_a_, request.destination, amount);
  }

  void costed_receipt() {
    const auto item = any_item();
    const auto lot = lot_of(item);
    const auto amount = 1 + static_cast<std::int64_t>(pick(25));
    const micros cost = static_cast<micros>(pick(900)) * 10'000 + static_cast<micros>(pick(3));
    const movement_document document{.key = "CR-" + std::to_string(keys_++),
                                     .reason = movement_reason::receipt,
                                     .lines = {{.item = item,
                                                .lot = lot,
                                                .from = vendor_a_,
                                                .to = physical_[pick(physical_.size())],
                                                .amount = quantity::units(amount)}}};
    const std::vector<money> costs{to_money(cost)};
    const auto posted = inv_->post_costed_receipt(document, costs);
    ASSERT_THAT(posted, IsOk()) << where_;
    moved(item, lot, vendor_a_, document.lines.front().to, amount, cost);
    const std::vector<money> other{to_money(cost + 10'000)};
    retries_.push_back(
        {same_posting(
             [this, document, costs] { return inv_->post_costed_receipt(document, costs); },
             *posted),
         conflicting([this, document, other] { return inv_->post_costed_receipt(document, other); },
                     "costed receipt at another cost")});
  }

  // A shipment to the customer, or a move between two physical locations.
  void post_movement(bool shipment) {
    auto item = any_item();
    auto lot = lot_of(item);
    auto from = internal_[pick(internal_.size())];
    std::int64_t bounded = 15;
    if (pick(4) != 0) {  // mostly from stock that is there
      std::vector<std::tuple<item_id, lot_id, location_id>> held;
      for (const auto& [key, units] : stock_) {
        if (units > 0 && std::get<2>(key) != truck_) held.push_back(key);
      }
      if (!held.empty()) std::tie(item, lot, from) = held[pick(held.size())];
      bounded = std::max<std::int64_t>(stock(item, lot, from), 1) + 1;
    }
    auto to = customer_;
    if (!shipment) {
      to = internal_[pick(internal_.size())];
      if (to == from) to = truck_;
    }
    const auto amount = 1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(bounded)));
    const movement_document document{
        .key = (shipment ? "SO-" : "MV-") + std::to_string(keys_++),
        .reason = shipment ? movement_reason::shipment : movement_reason::transfer,
        .lines = {
            {.item = item, .lot = lot, .from = from, .to = to, .amount = quantity::units(amount)}}};
    if (stock(item, lot, from) < amount) {
      refused(
          errc::insufficient_stock, [&] { return inv_->post(document); }, "short movement");
      return;
    }
    const auto posted = inv_->post(document);
    ASSERT_THAT(posted, IsOk()) << where_;
    moved(item, lot, from, to, amount);
    auto other = document;
    other.lines.front().amount = quantity::units(amount + 1);
    retries_.push_back(
        {same_posting([this, document] { return inv_->post(document); }, *posted),
         conflicting([this, other] { return inv_->post(other); }, "changed document")});
  }

  void open_transfer() {
    transfer_model t{.key = "TO-" + std::to_string(transfers_.size())};
    t.source = any_internal();
    do {
      t.destination = any_internal();
    } while (site_.at(t.destination) == site_.at(t.source));
    std::vector<transfer_line> lines;
    for (auto n = 1 + pick(2); n > 0; --n) {
      transfer_line_model l{.item = any_item()};
      l.lot = lot_of(l.item);
      l.amount = 1 + static_cast<std::int64_t>(pick(20));
      lines.push_back({.item = l.item, .lot = l.lot, .amount = quantity::units(l.amount)});
      t.lines.push_back(l);
    }
    ASSERT_THAT(inv_->open_transfer({.key = t.key,
                                     .source = t.source,
                                     .destination = t.destination,
                                     .transit = truck_,
                                     .eta = now_ + std::chrono::days{2},
                                     .lines = lines}),
                IsOk())
        << where_;
    transfers_.push_back(t);
  }

  void transfer_command(transfer_model& t) {
    const auto op = pick(4);
    if (op <= 1) {  // ship a part of every line, or what is left
      transfer_shipment shipment{.key = t.key + "/s" + std::to_string(keys_++), .transfer = t.key};
      std::vector<std::int64_t> amounts(t.lines.size(), 0);
      bool exceeds = false;
      std::map<std::pair<item_id, lot_id>, std::int64_t> need;
      for (std::size_t i = 0; i < t.lines.size(); ++i) {
        const auto left = t.lines[i].amount - t.lines[i].shipped;
        amounts[i] = pick(5) == 0 ? left + 1
                                  : std::min<std::int64_t>(std::max<std::int64_t>(left, 1),
                                                           1 + static_cast<std::int64_t>(pick(10)));
        if (amounts[i] > left) exceeds = true;
        need[{t.lines[i].item, t.lines[i].lot}] += amounts[i];
        shipment.lines.push_back({.line = i, .amount = quantity::units(amounts[i])});
      }
      if (t.closed) {
        refused(
            errc::transfer_already_closed, [&] { return inv_->ship_transfer(shipment); },
            "ship closed");
        return;
      }
      if (exceeds) {
        refused(
            errc::exceeds_transfer, [&] { return inv_->ship_transfer(shipment); },
            "ship beyond the order");
        return;
      }
      for (const auto& [key, units] : need) {
        if (stock(key.first, key.second, t.source) < units) {
          refused(
              errc::insufficient_stock, [&] { return inv_->ship_transfer(shipment); },
              "ship without stock");
          return;
        }
      }
      const auto posted = inv_->ship_transfer(shipment);
      ASSERT_THAT(posted, IsOk()) << where_;
      for (std::size_t i = 0; i < t.lines.size(); ++i) {
        t.lines[i].shipped += amounts[i];
        moved(t.lines[i].item, t.lines[i].lot, t.source, truck_, amounts[i]);
      }
      retries_.push_back(
          {same_posting([this, shipment] { return inv_->ship_transfer(shipment); }, *posted), {}});
    } else if (op == 2) {  // receive a part of what is in transit
      transfer_receipt receipt{.key = t.key + "/r" + std::to_string(keys_++), .transfer = t.key};
      std::vector<std::int64_t> amounts(t.lines.size(), 0);
      bool exceeds = false;
      for (std::size_t i = 0; i < t.lines.size(); ++i) {
        const auto in_transit = t.lines[i].in_transit();
        if (in_transit == 0 && pick(2) == 0) continue;
        amounts[i] =
            pick(4) == 0 ? in_transit + 1 : std::max<std::int64_t>(1, in_transit - pick(3));
        if (amounts[i] > in_transit) exceeds = true;
        receipt.lines.push_back({.line = i, .amount = quantity::units(amounts[i])});
      }
      if (receipt.lines.empty()) return;
      if (t.closed) {
        refused(
            errc::transfer_already_closed, [&] { return inv_->receive_transfer(receipt); },
            "receive closed");
        return;
      }
      if (exceeds) {
        refused(
            errc::exceeds_transfer, [&] { return inv_->receive_transfer(receipt); },
            "receive beyond transit");
        return;
      }
      ASSERT_THAT(inv_->receive_transfer(receipt), IsOk()) << where_;
      for (std::size_t i = 0; i < t.lines.size(); ++i) {
        if (amounts[i] == 0) continue;
        t.lines[i].received += amounts[i];
        moved(t.lines[i].item, t.lines[i].lot, truck_, t.destination, amounts[i]);
      }
    } else {  // close
      // What is in transit is written off; sometimes a line was found to
      // have brought more than was shipped.
      transfer_close close{.key = t.key + "/c" + std::to_string(keys_++),
                           .transfer = t.key,
                           .loss = loss_,
                           .reason = "lost on the road"};
      std::vector<std::int64_t> found(t.lines.size(), 0);
      for (std::size_t i = 0; i < t.lines.size(); ++i) {
        if (pick(3) != 0) continue;
        found[i] = 1 + static_cast<std::int64_t>(pick(3));
        close.found.push_back({.line = i, .amount = quantity::units(found[i])});
      }
      if (t.closed) {
        refused(
            errc::transfer_already_closed, [&] { return inv_->close_transfer(close); },
            "close closed");
        return;
      }
      const auto closed = inv_->close_transfer(close);
      ASSERT_THAT(closed, IsOk()) << where_;
      retries_.push_back({[this, close, first = *closed] {
                            const auto again = inv_->close_transfer(close);
                            ASSERT_THAT(again, IsOk()) << where_;
                            EXPECT_EQ(again->has_value(), first.has_value()) << where_;
                            if (first) {
                              EXPECT_EQ(**again, *first) << where_;
                            }
                          },
                          {}});
      for (auto& l : t.lines) {
        const auto gone = l.in_transit();
        if (gone == 0) continue;
        l.written_off += gone;
        moved(l.item, l.lot, truck_, loss_, gone);
      }
      for (std::size_t i = 0; i < t.lines.size(); ++i) {
        if (found[i] > 0) moved(t.lines[i].item, t.lines[i].lot, loss_, t.destination, found[i]);
      }
      t.closed = true;
    }
  }

  void start_count() {
    const auto item = any_item();
    const auto lot = lot_of(item);
    const auto at = any_internal();
    const count_request request{.key = "CC-" + std::to_string(counts_.size()),
                                .item = item,
                                .location = at,
                                .lot = lot,
                                .loss_location = loss_,
                                .abc_class = "A",
                                .tolerance = {.quantity_max = quantity::units(2)}};
    const bool busy = std::any_of(counts_.begin(), counts_.end(), [&](const count_model& c) {
      return c.item == item && c.lot == lot && c.location == at &&
             (c.status == count_status::counting || c.status == count_status::awaiting_approval);
    });
    if (busy) {
      refused(
          errc::count_in_progress, [&] { return inv_->start_count(request); },
          "second count of one item and location");
      return;
    }
    ASSERT_THAT(inv_->start_count(request), IsOk()) << where_;
    counts_.push_back({.key = request.key, .item = item, .lot = lot, .location = at});
  }

  // The adjustment of a count effective at `c.counted_at`, as the model
  // posts it: counted − the book at that time.
  void adjust(count_model& c, std::int64_t adjustment) {
    ++adjusted_;
    if (adjustment > 0) moved(c.item, c.lot, loss_, c.location, adjustment, {}, c.counted_at);
    if (adjustment < 0) moved(c.item, c.lot, c.location, loss_, -adjustment, {}, c.counted_at);
    c.status = count_status::adjusted;
    // Never adjusted twice: the book as of the count is the count, and the
    // book now is the count plus every movement effective after it.
    std::int64_t after = 0;
    for (const auto& m : ledger_) {
      if (m.item != c.item || m.lot != c.lot || m.effective <= c.counted_at) continue;
      if (m.to == c.location) after += m.units;
      if (m.from == c.location) after -= m.units;
    }
    if (after != 0) ++adjusted_after_moves_;
    EXPECT_EQ(inv_->balance(c.item, c.location, c.lot).from_zero(),
              quantity::units(c.counted + after))
        << where_ << ": count " << c.key;
  }

  // Stock moves at a location being counted: a costed receipt, or a
  // shipment of part of what is there; the next step of the count must
  // not adjust it again.
  void move_during(const count_model& c) {
    const auto held = stock(c.item, c.lot, c.location);
    const bool out = held > 0 && pick(2) == 0;
    const auto amount = out ? 1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(held)))
                            : 1 + static_cast<std::int64_t>(pick(5));
    const movement_document document{
        .key = "DC-" + std::to_string(keys_++),
        .reason = out ? movement_reason::shipment : movement_reason::receipt,
        .lines = {{.item = c.item,
                   .lot = c.lot,
                   .from = out ? c.location : vendor_a_,
                   .to = out ? customer_ : c.location,
                   .amount = quantity::units(amount)}}};
    const micros cost = static_cast<micros>(100 + pick(300)) * 10'000;
    const auto posted = out ? inv_->post(document)
                            : inv_->post_costed_receipt(document, std::vector{to_money(cost)});
    ASSERT_THAT(posted, IsOk()) << where_;
    moved(c.item, c.lot, document.lines.front().from, document.lines.front().to, amount,
          out ? std::nullopt : std::optional{cost});
    now_ += std::chrono::minutes{1};
  }

  void count_command(count_model& c) {
    if ((c.status == count_status::counting || c.status == count_status::awaiting_approval) &&
        pick(2) == 0) {
      move_during(c);
    }
    // Mostly the command the task's status expects.
    auto op = pick(4);
    if (pick(4) != 0) {
      if (c.status == count_status::counting) op = 0;
      if (c.status == count_status::awaiting_approval) op = 2 + pick(2) * pick(2);
    }
    if (op <= 1) {  // submit
      const auto book = stock(c.item, c.lot, c.location);
      const auto counted = std::max<std::int64_t>(0, book + static_cast<std::int64_t>(pick(9)) - 4);
      const count_submission submission{.key = c.key + "/n" + std::to_string(keys_++),
                                        .task = c.key,
                                        .counted = quantity::units(counted)};
      if (c.status != count_status::counting) {
        refused(
            errc::wrong_count_status, [&] { return inv_->submit_count(submission); },
            "submit to " + c.key);
        return;
      }
      const auto outcome = inv_->submit_count(submission);
      ASSERT_THAT(outcome, IsOk()) << where_;
      c.counted = counted;
      c.counted_at = now_;
      EXPECT_EQ(outcome->expected, quantity::units(book)) << where_;
      if (std::abs(counted - book) <= 2) {
        EXPECT_EQ(outcome->status, count_status::adjusted) << where_;
        EXPECT_EQ(outcome->adjustment, quantity::units(counted - book)) << where_;
        adjust(c, counted - book);
      } else {
        EXPECT_EQ(outcome->status, count_status::awaiting_approval) << where_;
        c.status = count_status::awaiting_approval;
      }
    } else if (op == 2) {  // approve
      const count_decision decision{.key = c.key + "/a" + std::to_string(keys_++), .task = c.key};
      if (c.status != count_status::awaiting_approval) {
        refused(
            errc::wrong_count_status, [&] { return inv_->approve_count(decision); },
            "approve " + c.key);
        return;
      }
      const auto adjustment = c.counted - book_as_of(c.item, c.lot, c.location, c.counted_at);
      if (!stays_non_negative(c.item, c.lot, c.location, c.counted_at, adjustment)) {
        refused(
            errc::insufficient_stock, [&] { return inv_->approve_count(decision); },
            "approval that takes stock below zero later");
        return;
      }
      const auto outcome = inv_->approve_count(decision);
      ASSERT_THAT(outcome, IsOk()) << where_;
      EXPECT_EQ(outcome->adjustment, quantity::units(adjustment)) << where_;
      adjust(c, adjustment);
      retries_.push_back({[this, decision, first = *outcome] {
                            const auto again = inv_->approve_count(decision);
                            ASSERT_THAT(again, IsOk()) << where_;
                            EXPECT_TRUE(again->replayed) << where_;
                            EXPECT_EQ(again->adjustment, first.adjustment) << where_;
                          },
                          {}});
    } else {  // reject or recount
      const bool reject = pick(2) == 0;
      const count_decision decision{.key = c.key + "/d" + std::to_string(keys_++), .task = c.key};
      if (c.status != count_status::awaiting_approval) {
        refused(
            errc::wrong_count_status,
            [&] { return reject ? inv_->reject_count(decision) : inv_->request_recount(decision); },
            "decide " + c.key);
        return;
      }
      ASSERT_THAT(reject ? inv_->reject_count(decision) : inv_->request_recount(decision), IsOk())
          << where_;
      c.status = reject ? count_status::rejected : count_status::counting;
    }
  }

  void change_costing() {
    const auto item = any_item();
    const auto method = static_cast<costing_method>(pick(3));
    const micros standard =
        method == costing_method::standard ? static_cast<micros>(10 + pick(400)) * 10'000 : 0;
    if (costing_now_[item] == std::pair{method, standard}) return;  // a no-op, not an event
    set_method(item, method, standard);
  }

  void invalid_command() {
    const auto item = items_[pick(3)];  // not lot-tracked
    const auto at = any_internal();
    switch (pick(8)) {
      case 0:
        refused(
            errc::invalid_quantity,
            [&] {
              return inv_->post(movement_document{
                  .key = "X-" + std::to_string(keys_++),
                  .reason = movement_reason::shipment,
                  .lines = {{.item = item, .from = at, .to = customer_, .amount = quantity{}}}});
            },
            "a zero shipment");
        break;
      case 1:
        refused(
            errc::tracking_mismatch,
            [&] {
              return inv_->post(movement_document{.key = "X-" + std::to_string(keys_++),
                                                  .reason = movement_reason::receipt,
                                                  .lines = {{.item = lotted_,
                                                             .from = vendor_a_,
                                                             .to = at,
                                                             .amount = quantity::units(1)}}});
            },
            "a lot-tracked receipt without a lot");
        break;
      case 2:
        refused(
            errc::unknown_purchase_order,
            [&] {
              return inv_->receive({.key = "X-" + std::to_string(keys_++),
                                    .order = "PO-NONE",
                                    .lots = {{.amount = quantity::units(1)}}});
            },
            "a receipt against no order");
        break;
      case 3:
        refused(
            errc::unknown_transfer,
            [&] {
              return inv_->ship_transfer(
                  {.key = "X-" + std::to_string(keys_++), .transfer = "TO-NONE"});
            },
            "shipping no transfer");
        break;
      case 4:
        refused(
            errc::unknown_count_task,
            [&] {
              return inv_->submit_count({.key = "X-" + std::to_string(keys_++),
                                         .task = "CC-NONE",
                                         .counted = quantity::units(1)});
            },
            "counting no task");
        break;
      case 5:
        refused(
            errc::invalid_cost,
            [&] {
              return inv_->set_costing_method(
                  {item, costing_method::standard, to_money(-per_unit)});
            },
            "a negative standard cost");
        break;
      case 6:
        refused(
            errc::cost_mismatch,
            [&] {
              const movement_document d{
                  .key = "X-" + std::to_string(keys_++),
                  .reason = movement_reason::receipt,
                  .lines = {
                      {.item = item, .from = vendor_a_, .to = at, .amount = quantity::units(1)}}};
              return inv_->post_costed_receipt(d, std::vector{to_money(per_unit), to_money(0)});
            },
            "a costed receipt with two costs for one line");
        break;
      default:
        refused(
            errc::invalid_location,
            [&] {
              return inv_->start_count({.key = "X-" + std::to_string(keys_++),
                                        .item = item,
                                        .location = customer_,
                                        .loss_location = loss_,
                                        .tolerance = {.quantity_max = quantity::units(1)}});
            },
            "counting at a customer");
        break;
    }
  }

  void step() {
    now_ += std::chrono::minutes{1 + pick(90)};
    const auto op = pick(100);
    if (op < 8 || pos_.empty()) {
      create_po();
    } else if (op < 18) {
      po_command(likely(pos_, [](const po_model& o) { return o.open(); }));
    } else if (op < 30) {
      receive_po(likely(pos_, [](const po_model& o) { return o.receivable(); }));
    } else if (op < 34) {
      unexpected_receipt();
    } else if (op < 44) {
      costed_receipt();
    } else if (op < 52) {
      post_movement(true);
    } else if (op < 57) {
      post_movement(false);
    } else if (op < 61 || (op < 70 && transfers_.empty())) {
      open_transfer();
    } else if (op < 70) {
      transfer_command(likely(transfers_, [](const transfer_model& t) { return !t.closed; }));
    } else if (op < 74 || (op < 87 && counts_.empty())) {
      start_count();
    } else if (op < 87) {
      count_command(likely(counts_, [](const count_model& c) {
        return c.status == count_status::counting || c.status == count_status::awaiting_approval;
      }));
    } else if (op < 90) {
      change_costing();
    } else if (op < 95) {
      if (retries_.empty()) return;
      const auto& r = retries_[pick(retries_.size())];
      if (pick(2) == 0 || !r.other) {
        const auto before = take_fingerprint();
        r.same();
        EXPECT_EQ(take_fingerprint(), before) << where_ << ": a retry changed the state";
        ++retried_;
      } else {
        r.other();
      }
    } else {
      invalid_command();
    }
  }

  // ----- the checks after every step -----

  void check() {
    // verify() replays the whole log: the walk's dominant cost, so every
    // few steps (and at the end); ONHAND_MODEL_VERIFY=1 after every step.
    if (verify_every_step_ || step_ % 4 == 0) {
      ASSERT_THAT(inv_->verify(), IsOk()) << where_;
    }
    inv_->read([&](const state& s) {
      // On order: the open lines' remainders, per item × destination.
      std::map<std::pair<item_id, location_id>, std::int64_t> on_order_model;
      for (const auto& o : pos_) {
        if (!o.open()) continue;
        for (const auto& l : o.lines) {
          if (!l.complete && l.received < l.ordered) {
            on_order_model[{l.item, l.destination}] += l.ordered - l.received;
          }
        }
      }
      // In transit: per transfer line, and per item × destination.
      std::map<std::pair<item_id, location_id>, std::int64_t> transit_model;
      for (const auto& t : transfers_) {
        const auto id = s.transfers.find(t.key);
        ASSERT_TRUE(id.has_value()) << where_ << ": " << t.key;
        const auto* order = &s.transfers.at(*id);
        for (std::size_t i = 0; i < t.lines.size(); ++i) {
          EXPECT_EQ(order->in_transit(i), quantity::units(t.lines[i].in_transit()))
              << where_ << ": " << t.key << " line " << i;
          transit_model[{t.lines[i].item, t.destination}] += t.lines[i].in_transit();
        }
      }
      std::map<std::pair<item_id, location_id>, std::int64_t> transit_library;
      for (const auto& row : in_transit_by_destination(s)) {
        transit_library[{row.item, row.destination}] += row.amount.raw() / quantity::scale;
      }
      check_supply(s, transit_model);
      micros total_model = 0;
      for (const auto item : items_) {
        for (const auto at : internal_) {
          const auto want = on_order_model.contains({item, at}) ? on_order_model[{item, at}] : 0;
          EXPECT_EQ(on_order(s, item, at), quantity::units(want)) << where_ << ": on order";
          const auto moving = transit_model.contains({item, at}) ? transit_model[{item, at}] : 0;
          const auto seen = transit_library.contains({item, at}) ? transit_library[{item, at}] : 0;
          EXPECT_EQ(seen, moving) << where_ << ": in transit";
        }
        // The ledger's on-hand per lot and location.
        for (const auto at : physical_) {
          std::int64_t all_lots = 0;
          for (const auto lot : lots_for(item)) {
            const auto want = stock(item, lot, at);
            all_lots += want;
            EXPECT_EQ(balance(s, item, at, lot).from_zero(), quantity::units(want))
                << where_ << ": on hand";
          }
          EXPECT_EQ(on_hand(s, item, at).from_zero(), quantity::units(all_lots))
              << where_ << ": on hand, all lots";
        }
        // Valuation, from the model's own replay.
        const auto model = valued(item);
        const auto& current = s.valuation.current(item);
        for (const auto at : physical_) {
          std::int64_t units = 0;
          for (const auto lot : lots_for(item)) units += stock(item, lot, at);
          const auto it = model.layers.find(at);
          const auto worth = it == model.layers.end() ? 0 : item_value_model::worth(it->second);
          const auto held = it == model.layers.end() ? 0 : item_value_model::held(it->second);
          EXPECT_EQ(held, units) << where_ << ": the model's layers against its ledger";
          const auto value = stock_value_of(s, item, at);
          EXPECT_EQ(value.on_hand, quantity::units(units)) << where_;
          EXPECT_EQ(value.value, to_money(worth))
              << where_ << ": value of item " << item.value << " at " << at.value;
          quantity layered;
          if (const auto* l = current.at(at)) layered = l->on_hand();
          EXPECT_EQ(layered, quantity::units(units)) << where_ << ": layers against the ledger";
          total_model += worth;
        }
      }
      money report_total;
      for (const auto& row : valuation_report(s, now_)) {
        EXPECT_TRUE(row.reconciled()) << where_;
        report_total = money::from_raw(report_total.raw() + row.value.raw());
      }
      EXPECT_EQ(report_total, to_money(total_model)) << where_ << ": the report's total";
    });
  }

  // The supply position per item and site (supply_positions with no
  // locations: the three sites), from the model: on hand within the site,
  // the sent lines' remainders and what is in transit to locations in it.
  // The walk holds nothing quarantined and reserves nothing, so the
  // inventory position is on hand + on order + in transit.
  void check_supply(const state& s,
                    const std::map<std::pair<item_id, location_id>, std::int64_t>& transit) {
    struct figures {
      std::int64_t on_hand = 0;
      std::int64_t on_order = 0;
      std::int64_t in_transit = 0;
    };
    std::map<std::pair<item_id, int>, figures> model;
    for (const auto item : items_) {
      for (const auto at : internal_) {
        for (const auto lot : lots_for(item))
          model[{item, site_.at(at)}].on_hand += stock(item, lot, at);
      }
    }
    for (const auto& o : pos_) {
      if (!o.receivable()) continue;
      for (const auto& l : o.lines) {
        if (!l.complete && l.received < l.ordered) {
          model[{l.item, site_.at(l.destination)}].on_order += l.ordered - l.received;
        }
      }
    }
    for (const auto& [key, amount] : transit)
      model[{key.first, site_.at(key.second)}].in_transit += amount;
    std::map<std::pair<item_id, int>, figures> seen;
    const auto rows = supply_positions(s, {}, {}, now_);
    ASSERT_TRUE(rows.has_value()) << where_;
    for (const auto& row : *rows) {
      ASSERT_TRUE(site_.contains(row.location)) << where_ << ": a row outside the sites";
      EXPECT_TRUE(row.location == internal_[0] || row.location == internal_[2] ||
                  row.location == internal_[4])
          << where_ << ": rows are per site, not per bin";
      EXPECT_EQ(row.quarantined, quantity{}) << where_;
      EXPECT_EQ(row.reserved, quantity{}) << where_;
      EXPECT_EQ(row.usable, row.on_hand) << where_;
      EXPECT_EQ(row.available, row.on_hand) << where_;
      EXPECT_EQ(row.inventory_position, row.on_hand + row.on_order + row.in_transit) << where_;
      auto& f = seen[{row.item, site_.at(row.location)}];
      f.on_hand = row.on_hand.raw() / quantity::scale;
      f.on_order = row.on_order.raw() / quantity::scale;
      f.in_transit = row.in_transit.raw() / quantity::scale;
    }
    for (const auto& [key, want] : model) {
      const auto it = seen.find(key);
      const figures got = it == seen.end() ? figures{} : it->second;
      const auto what = where_ + ": supply position of item " + std::to_string(key.first.value) +
                        " at site " + std::to_string(key.second);
      EXPECT_EQ(got.on_hand, want.on_hand) << what << ", on hand";
      EXPECT_EQ(got.on_order, want.on_order) << what << ", on order";
      EXPECT_EQ(got.in_transit, want.in_transit) << what << ", in transit";
      if (want.on_hand == 0 && want.on_order == 0 && want.in_transit == 0) {
        EXPECT_EQ(it, seen.end()) << what << ": a row of zeros";
      }
    }
  }

  // A snapshot now, and an inventory opened from it (and the log's tail,
  // which is empty): every projection as the walk left it.
  void snapshot_and_reopen() {
    const auto taken = inv_->snapshot();
    ASSERT_THAT(taken, IsOk()) << where_;
    const auto reopened = inventory::open(std::make_unique<shared_store>(log_), options_).value();
    EXPECT_EQ(reopened.opening().snapshot_position, *taken) << where_;
    EXPECT_TRUE(reopened.opening().skipped.empty()) << where_;
    EXPECT_TRUE(inv_->same_state(reopened)) << where_;
    EXPECT_THAT(reopened.verify(), IsOk()) << where_;
  }

  void run(std::uint64_t seed, std::uint64_t steps) {
    rng_.seed(seed);
    open_world();
    for (std::uint64_t i = 0; i < steps; ++i) {
      step_ = i;
      where_ = "seed " + std::to_string(seed) + " step " + std::to_string(i);
      step();
      if (::testing::Test::HasFatalFailure()) return;
      check();
      if (::testing::Test::HasFailure()) return;
      if (i % 64 == 40) snapshot_and_reopen();
      if (::testing::Test::HasFailure()) return;
    }
    ASSERT_THAT(inv_->verify(), IsOk()) << "seed " << seed;
    // The walk did what it is for: it neither refuses everything nor never
    // refuses, and it reached counts, retries and closed transfers.
    if (steps >= 200) {
      EXPECT_GT(sequence_, steps / 4) << "seed " << seed << ": valued movements";
      EXPECT_GT(refusals_, steps / 10) << "seed " << seed;
      EXPECT_LT(refusals_, steps / 2) << "seed " << seed;
      EXPECT_GT(retried_, 0U) << "seed " << seed;
      EXPECT_GT(adjusted_, 0U) << "seed " << seed;
      EXPECT_GT(adjusted_after_moves_, 0U) << "seed " << seed;
      EXPECT_TRUE(std::any_of(transfers_.begin(), transfers_.end(),
                              [](const transfer_model& t) { return t.closed; }))
          << "seed " << seed;
    }
    // Replay: a second inventory over the same log holds the same state,
    // opened from the walk's last snapshot and the events after it.
    const auto second = inventory::open(std::make_unique<shared_store>(log_), options_).value();
    EXPECT_TRUE(inv_->same_state(second)) << "seed " << seed;
    if (steps > 40) {
      EXPECT_TRUE(second.opening().snapshot_position.has_value()) << "seed " << seed;
      EXPECT_GT(second.opening().replayed_events, 0U) << "seed " << seed;
    }
    const auto replayed = inventory::open(copy_log(*log_), options_).value();
    EXPECT_EQ(replayed.opening().snapshot_position, std::nullopt);
    EXPECT_TRUE(replayed.same_state(second)) << "seed " << seed;
    const auto query = [&](const inventory& inv) {
      return inv.read([&](const state& s) {
        return std::tuple{valuation_report(s, now_), open_lines(s), in_transit_by_destination(s),
                          count_variances(s).size()};
      });
    };
    EXPECT_EQ(query(*inv_), query(second)) << "seed " << seed;
    std::printf(
        "operations model: seed %llu, %llu steps, %zu refusals, %zu retries, %zu counts "
        "adjusted (%zu with stock moved after the count)\n",
        static_cast<unsigned long long>(seed), static_cast<unsigned long long>(steps), refusals_,
        retried_, adjusted_, adjusted_after_moves_);
  }

  std::shared_ptr<memory_store> log_;
  inventory_options options_;
  std::unique_ptr<inventory> inv_;
  timestamp now_ = at("2026-11-27T09:00:00Z");
  std::mt19937_64 rng_;
  std::string where_;
  std::uint64_t step_ = 0;
  bool verify_every_step_ = env_or("ONHAND_MODEL_VERIFY", 0) != 0;

  location_id vendor_a_, vendor_b_, customer_, loss_, truck_;
  std::vector<location_id> internal_, physical_;
  std::map<location_id, int> site_;
  std::vector<item_id> items_;
  item_id lotted_;
  std::vector<lot_id> lots_;

  std::map<std::tuple<item_id, lot_id, location_id>, std::int64_t> stock_;
  std::vector<ledger_move> ledger_;
  std::map<item_id, std::vector<value_entry>> values_;
  std::map<item_id, std::pair<costing_method, micros>> costing_now_;
  std::uint64_t sequence_ = 0;
  std::vector<po_model> pos_;
  std::vector<transfer_model> transfers_;
  std::vector<count_model> counts_;
  std::vector<retry> retries_;
  std::size_t keys_ = 0;
  std::size_t refusals_ = 0;
  std::size_t retried_ = 0;
  std::size_t adjusted_ = 0;
  std::size_t adjusted_after_moves_ = 0;
};

auto seeds() -> std::vector<std::uint64_t> {
  if (const char* one = std::getenv("ONHAND_SEED")) return {std::strtoull(one, nullptr, 10)};
  return {20261205, 7, 424242};
}

TEST(OperationsModel, RandomWalkAgreesWithTheModel) {
  const auto steps = env_or("ONHAND_MODEL_STEPS", 400);
  for (const auto seed : seeds()) {
    operations_walk walk;  // a fresh world and model per seed
    walk.run(seed, steps);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace onhand::testing
