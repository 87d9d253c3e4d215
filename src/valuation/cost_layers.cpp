// SPDX-License-Identifier: Apache-2.0
// The valuation projection and the one function that values an item's
// timeline (docs/concepts/valuation.md states the rules this implements).
#include "onhand/valuation/cost_layers.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "onhand/state.hpp"

namespace onhand {
namespace {

using rep = money::rep;

auto plus(const money& a, const money& b) -> money { return money::from_raw(a.raw() + b.raw()); }
auto minus(const money& a, const money& b) -> money { return money::from_raw(a.raw() - b.raw()); }
auto negated(const money& a) -> money { return money::from_raw(-a.raw()); }

// amount × unit cost, rounded half to even to the millionth.
auto times(quantity amount, const money& unit_cost) -> money {
  return money::from_raw(detail::divide_rounded(rep{amount.raw()} * unit_cost.raw(),
                                                rep{quantity::scale}, rounding::half_even));
}

// The value of `part` of something of `whole` units valued `value`: its
// unit cost times `part`, rounded half to even; all of it when part is
// whole. The product is formed in 256 bits: a value near money's range
// times a quantity near its own does not overflow on the way.
auto share(const money& value, quantity part, quantity whole) -> money {
  if (part == whole) return value;
  using wide = boost::multiprecision::checked_int256_t;
  wide numerator = wide{value.raw()} * part.raw();
  wide denominator = whole.raw();
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  wide quotient = numerator / denominator;  // toward zero
  const wide remainder = numerator % denominator;
  const wide twice = 2 * (remainder < 0 ? wide{-remainder} : remainder);
  if (twice > denominator || (twice == denominator && quotient % 2 != 0)) {
    quotient += numerator < 0 ? -1 : 1;
  }
  return money::from_raw(static_cast<rep>(quotient));
}

template <class T>
auto order_key(const T& e) {
  if constexpr (requires { e.line; }) {
    return std::tuple{e.effective, e.log_position, e.line};
  } else {
    return std::tuple{e.effective, e.log_position, std::uint32_t{0}};
  }
}

// Values one item's timeline, step by step.
class valuer {
 public:
  valuer(item_id item, item_valuation& v) : item_{item}, v_{v} {}

  void step(const costing_change& c) {
    for (auto& l : v_.locations) {
      if (c.method != costing_method::fifo && l.layers.size() > 1) {
        l.layers = {cost_layer{l.on_hand(), l.value(), c.effective}};
      }
      if (c.method == costing_method::standard && !l.layers.empty()) {
        auto& pool = l.layers.front();
        const auto revalued = times(pool.amount, c.standard_cost);
        record(c.effective, c.log_position, l.location, value_change_kind::revaluation,
               movement_reason::adjustment, quantity{}, minus(revalued, pool.value));
        pool.value = revalued;
      }
    }
    v_.method = c.method;
    v_.standard_cost = c.standard_cost;
  }

  void step(const valued_movement& m) {
    const bool from_physical = m.from_physical;
    const bool to_physical = m.to_physical;
    if (to_physical && !from_physical) {
      auto& l = at(m.to);
      const auto value = m.unit_cost ? times(m.amount, *m.unit_cost) : uncosted_value(l, m.amount);
      if (m.unit_cost) v_.last_cost = *m.unit_cost;
      const auto booked =
          put(l, cost_layer{m.amount, value, m.effective}, m, value_change_kind::receipt);
      if (v_.method == costing_method::standard && booked != value) {
        record(m.effective, m.log_position, m.to, value_change_kind::purchase_price_variance,
               m.reason, m.amount, minus(value, booked));
      }
    } else if (from_physical && !to_physical) {
      const auto pieces = take(at(m.from), m.amount, m.effective);
      record(m.effective, m.log_position, m.from, value_change_kind::issue, m.reason, -m.amount,
             negated(sum(pieces)));
    } else if (from_physical && to_physical) {
      const auto pieces = take(at(m.from), m.amount, m.effective);
      const auto moved = sum(pieces);
      record(m.effective, m.log_position, m.from, value_change_kind::transfer_out, m.reason,
             -m.amount, negated(moved));
      record(m.effective, m.log_position, m.to, value_change_kind::transfer_in, m.reason, m.amount,
             moved);
      auto& to = at(m.to);
      money booked;
      for (const auto& piece : pieces) {
        booked = plus(booked, put(to, cost_layer{piece.amount, piece.value, m.effective}, m,
                                  value_change_kind::transfer_in));
      }
      if (booked != moved) {  // standard cost: the destination's pool is held at standard
        record(m.effective, m.log_position, m.to, value_change_kind::revaluation, m.reason,
               quantity{}, minus(booked, moved));
      }
    }
  }

 private:
  static auto same_unit_cost(const cost_layer& a, const cost_layer& b) -> bool {
    return a.amount.is_positive() &&
           a.value.raw() * rep{b.amount.raw()} == b.value.raw() * rep{a.amount.raw()};
  }
  static auto sum(const std::vector<cost_layer>& pieces) -> money {
    money total;
    for (const auto& p : pieces) total = plus(total, p.value);
    return total;
  }

  auto at(location_id location) -> location_layers& {
    auto& ls = v_.locations;
    auto it =
        std::lower_bound(ls.begin(), ls.end(), location,
                         [](const location_layers& l, location_id id) { return l.location < id; });
    if (it == ls.end() || it->location != location) it = ls.insert(it, location_layers{location});
    return *it;
  }

  void record(timestamp effective, std::uint64_t position, location_id location,
              value_change_kind kind, movement_reason reason, quantity amount, const money& value) {
    if (amount.is_zero() && value.is_zero()) return;
    v_.journal.push_back(value_change{.effective = effective,
                                      .log_position = position,
                                      .item = item_,
                                      .location = location,
                                      .kind = kind,
                                      .reason = reason,
                                      .amount = amount,
                                      .value = value});
  }

  // The cost of stock without a recorded one: see docs/concepts/valuation.md.
  auto uncosted_value(const location_layers& l, quantity amount) const -> money {
    if (v_.method == costing_method::standard) return times(amount, v_.standard_cost);
    if (v_.method == costing_method::moving_average && !l.layers.empty() &&
        l.layers.front().amount.is_positive()) {
      return share(l.layers.front().value, amount, l.layers.front().amount);
    }
    return times(amount, v_.last_cost.value_or(money{}));
  }
  auto negative_cost() const -> money {
    if (v_.method == costing_method::standard) return v_.standard_cost;
    return v_.last_cost.value_or(money{});
  }

  // Takes `amount` (> 0) out of a location: the pieces that leave, each
  // with its value. Beyond what the location holds, the shortfall becomes
  // (or deepens) its negative layer at the last cost.
  auto take(location_layers& l, quantity amount, timestamp effective) -> std::vector<cost_layer> {
    std::vector<cost_layer> pieces;
    auto& layers = l.layers;
    if (v_.method == costing_method::standard) {
      const auto held = l.on_hand();
      const auto before = l.value();
      const auto left = held - amount;
      const auto after = times(left, v_.standard_cost);
      layers.clear();
      if (!left.is_zero()) layers.push_back(cost_layer{left, after, effective});
      pieces.push_back(cost_layer{amount, minus(before, after), effective});
      return pieces;
    }
    auto remaining = amount;
    while (remaining.is_positive() && !layers.empty() && layers.front().amount.is_positive()) {
      auto& first = layers.front();
      if (first.amount <= remaining) {
        remaining = remaining - first.amount;
        pieces.push_back(first);
        layers.erase(layers.begin());
      } else {
        const auto stays = first.amount - remaining;
        const auto stays_value = share(first.value, stays, first.amount);
        pieces.push_back(cost_layer{remaining, minus(first.value, stays_value), first.received});
        first.amount = stays;
        first.value = stays_value;
        remaining = quantity{};
      }
    }
    if (remaining.is_positive()) {
      const auto value = times(remaining, negative_cost());
      if (layers.empty()) {
        layers.push_back(cost_layer{-remaining, negated(value), effective});
      } else {
        layers.back().amount = layers.back().amount - remaining;
        layers.back().value = minus(layers.back().value, value);
      }
      pieces.push_back(cost_layer{remaining, value, effective});
    }
    return pieces;
  }

  // Puts `piece` into a location and records it as `kind` (receipt,
  // transfer_in: the caller records transfers as a whole). Returns the
  // value the location's stock took in for it before any correction.
  auto put(location_layers& l, const cost_layer& piece, const valued_movement& m,
           value_change_kind kind) -> money {
    auto& layers = l.layers;
    if (v_.method == costing_method::standard) {
      const auto before = l.value();
      const auto held = l.on_hand() + piece.amount;
      const auto after = times(held, v_.standard_cost);
      layers.clear();
      if (!held.is_zero()) layers.push_back(cost_layer{held, after, piece.received});
      const auto booked = minus(after, before);
      if (kind == value_change_kind::receipt) {
        record(m.effective, m.log_position, l.location, kind, m.reason, piece.amount, booked);
      }
      return booked;
    }
    if (kind == value_change_kind::receipt) {
      record(m.effective, m.log_position, l.location, kind, m.reason, piece.amount, piece.value);
    }
    auto rest = piece;
    if (!layers.empty() && layers.front().amount.is_negative()) {
      // Fill the negative layer: the stock issued short meets its real cost.
      auto& short_layer = layers.front();
      const auto owed = -short_layer.amount;
      const auto filled = std::min(owed, piece.amount);
      const auto filled_in = share(piece.value, filled, piece.amount);
      const auto filled_at = share(negated(short_layer.value), filled, owed);
      short_layer.amount = short_layer.amount + filled;
      short_layer.value = plus(short_layer.value, filled_at);
      if (short_layer.amount.is_zero()) layers.erase(layers.begin());
      record(m.effective, m.log_position, l.location, value_change_kind::negative_stock_correction,
             m.reason, quantity{}, minus(filled_at, filled_in));
      rest.amount = piece.amount - filled;
      rest.value = minus(piece.value, filled_in);
    }
    if (rest.amount.is_positive()) {
      if (v_.method == costing_method::moving_average && !layers.empty()) {
        auto& pool = layers.front();
        pool.amount = pool.amount + rest.amount;
        pool.value = plus(pool.value, rest.value);
        pool.received = rest.received;
      } else if (!layers.empty() && same_unit_cost(layers.back(), rest)) {
        // Merged, exactly: equal unit costs value every part of the two alike.
        auto& last = layers.back();
        last.amount = last.amount + rest.amount;
        last.value = plus(last.value, rest.value);
      } else {
        layers.push_back(rest);
      }
    }
    return piece.value;
  }

  item_id item_;
  item_valuation& v_;
};

}  // namespace

auto name_of(costing_method method) noexcept -> std::string_view {
  switch (method) {
    case costing_method::fifo:
      return "fifo";
    case costing_method::moving_average:
      return "moving_average";
    case costing_method::standard:
      return "standard";
  }
  return "unknown";
}

auto parse_costing_method(std::string_view name) -> std::optional<costing_method> {
  for (const auto method :
       {costing_method::fifo, costing_method::moving_average, costing_method::standard}) {
    if (name_of(method) == name) return method;
  }
  return std::nullopt;
}

auto name_of(value_change_kind kind) noexcept -> std::string_view {
  switch (kind) {
    case value_change_kind::receipt:
      return "receipt";
    case value_change_kind::issue:
      return "issue";
    case value_change_kind::transfer_in:
      return "transfer_in";
    case value_change_kind::transfer_out:
      return "transfer_out";
    case value_change_kind::negative_stock_correction:
      return "negative_stock_correction";
    case value_change_kind::revaluation:
      return "revaluation";
    case value_change_kind::purchase_price_variance:
      return "purchase_price_variance";
  }
  return "unknown";
}

auto location_layers::on_hand() const -> quantity {
  quantity total;
  for (const auto& l : layers) total = total + l.amount;
  return total;
}

auto location_layers::value() const -> money {
  money total;
  for (const auto& l : layers) total = plus(total, l.value);
  return total;
}

auto item_valuation::at(location_id location) const -> const location_layers* {
  auto it =
      std::lower_bound(locations.begin(), locations.end(), location,
                       [](const location_layers& l, location_id id) { return l.location < id; });
  return it != locations.end() && it->location == location ? &*it : nullptr;
}

namespace detail {
namespace {

constexpr std::size_t checkpoint_interval = 64;

auto key_of(const valuation_checkpoint& cp) {
  return std::tuple{cp.effective, cp.log_position, cp.line};
}

// Steps `v` over the entries of `history` from the counts (m, c) on, while
// they are due by `until`; with `checkpoints`, records one every interval.
void fold(item_id item, const item_history& history, item_valuation& v, std::size_t m,
          std::size_t c, std::optional<timestamp> until,
          std::vector<valuation_checkpoint>* checkpoints) {
  valuer step{item, v};
  const auto due = [&](timestamp t) { return !until || t <= *until; };
  const auto& movements = history.movements;
  const auto& costing = history.costing;
  while (true) {
    const bool has_m = m < movements.size() && due(movements[m].effective);
    const bool has_c = c < costing.size() && due(costing[c].effective);
    if (!has_m && !has_c) break;
    std::tuple<timestamp, std::uint64_t, std::uint32_t> key;
    if (has_c && (!has_m || order_key(costing[c]) < order_key(movements[m]))) {
      key = order_key(costing[c]);
      step.step(costing[c++]);
    } else {
      key = order_key(movements[m]);
      step.step(movements[m++]);
    }
    if (checkpoints != nullptr && (m + c) % checkpoint_interval == 0) {
      auto& cp = checkpoints->emplace_back();
      std::tie(cp.effective, cp.log_position, cp.line) = key;
      cp.movements = m;
      cp.costing = c;
      cp.journal = v.journal.size();
      // The state without its journal: copying the journal here would make
      // every checkpoint cost the item's whole history.
      cp.state.method = v.method;
      cp.state.standard_cost = v.standard_cost;
      cp.state.last_cost = v.last_cost;
      cp.state.locations = v.locations;
    }
  }
}

// The valuation at checkpoint `cp` of an item whose full journal is `journal`.
// `journal` is the item's journal up to some later point, moved in: only
// what follows the checkpoint is dropped, so a restore costs what it undoes.
auto restore(const valuation_checkpoint& cp, std::vector<value_change> journal) -> item_valuation {
  auto v = cp.state;
  journal.erase(journal.begin() + static_cast<std::ptrdiff_t>(cp.journal), journal.end());
  v.journal = std::move(journal);
  return v;
}

// Adds `e` to an item's timeline. When it comes last and `may_step`, the
// current valuation steps over it (the common case) and the answer is true;
// otherwise the caller values the item again from a checkpoint.
template <class Entry>
auto add_to_timeline(item_id item, item_history& history, item_valuation& current,
                     std::vector<valuation_checkpoint>& checkpoints, std::vector<Entry>& list,
                     const Entry& e, bool may_step) -> bool {
  const auto before = [](const auto& a, const auto& b) { return order_key(a) < order_key(b); };
  const bool last = (history.movements.empty() || before(history.movements.back(), e)) &&
                    (history.costing.empty() || before(history.costing.back(), e));
  if (last && may_step) {
    const auto m = history.movements.size();
    const auto c = history.costing.size();
    list.push_back(e);
    fold(item, history, current, m, c, std::nullopt, &checkpoints);
    return true;
  }
  list.insert(std::upper_bound(list.begin(), list.end(), e, before), e);
  return false;
}

}  // namespace

auto value_item(item_id item, const item_history& history, std::optional<timestamp> until)
    -> item_valuation {
  item_valuation out;
  fold(item, history, out, 0, 0, until, nullptr);
  return out;
}

}  // namespace detail

auto valuation_book::slot(item_id item) -> item_slot& {
  if (item.index() >= items_.size()) items_.resize(item.index() + 1);
  return items_[item.index()];
}

auto valuation_book::history(item_id item) const -> const item_history& {
  static const item_history empty;
  return item.index() < items_.size() ? items_[item.index()].history : empty;
}

auto valuation_book::current(item_id item) const -> const item_valuation& {
  static const item_valuation empty;
  return item.index() < items_.size() ? items_[item.index()].current : empty;
}

auto valuation_book::as_of(item_id item, timestamp at) const -> item_valuation {
  if (item.index() >= items_.size()) return {};
  const auto& slot_of = items_[item.index()];
  const auto& cps = slot_of.checkpoints;
  // The last checkpoint whose entries are all effective at or before `at`.
  auto after = std::upper_bound(
      cps.begin(), cps.end(), at,
      [](timestamp t, const detail::valuation_checkpoint& cp) { return t < cp.effective; });
  if (after == cps.begin()) return detail::value_item(item, slot_of.history, at);
  const auto& cp = *std::prev(after);
  auto v = detail::restore(cp, slot_of.current.journal);
  detail::fold(item, slot_of.history, v, cp.movements, cp.costing, at, nullptr);
  return v;
}

void valuation_book::revalue(item_id item, item_slot& slot_of, timestamp effective,
                             std::uint64_t log_position) {
  auto& cps = slot_of.checkpoints;
  const auto from = std::tuple{effective, log_position, std::uint32_t{0}};
  while (!cps.empty() && !(detail::key_of(cps.back()) < from)) cps.pop_back();
  item_valuation v;
  std::size_t m = 0;
  std::size_t c = 0;
  if (!cps.empty()) {
    v = detail::restore(cps.back(), std::move(slot_of.current.journal));
    m = cps.back().movements;
    c = cps.back().costing;
  }
  detail::fold(item, slot_of.history, v, m, c, std::nullopt, &cps);
  slot_of.current = std::move(v);
}

void valuation_book::apply(const posting_ref& posted, const state& s) {
  const auto& document = *posted.document;
  const receipt_costed* costs = nullptr;
  if (pending_ && pending_->document == document.key) costs = &*pending_;
  // Items whose new movements do not come last in their timeline: valued again.
  std::vector<item_id> to_revalue;
  for (std::uint32_t i = 0; i < document.lines.size(); ++i) {
    const auto& line = document.lines[i];
    if (!s.physical(line.from) && !s.physical(line.to)) continue;
    valued_movement m{.effective = posted.stamp->effective,
                      .log_position = s.log_position,
                      .line = i,
                      .from = line.from,
                      .to = line.to,
                      .amount = line.amount,
                      .reason = document.reason,
                      .from_physical = s.physical(line.from),
                      .to_physical = s.physical(line.to)};
    if (costs != nullptr && i < costs->unit_costs.size()) m.unit_cost = costs->unit_costs[i];
    auto& item = slot(line.item);
    const bool revaluing =
        std::find(to_revalue.begin(), to_revalue.end(), line.item) != to_revalue.end();
    if (!detail::add_to_timeline(line.item, item.history, item.current, item.checkpoints,
                                 item.history.movements, m, !revaluing) &&
        !revaluing) {
      to_revalue.push_back(line.item);
    }
  }
  for (const auto item : to_revalue) {
    revalue(item, slot(item), posted.stamp->effective, s.log_position);
  }
  pending_.reset();
}

void valuation_book::apply(const costing_method_set& e, const state& s) {
  auto& item = slot(e.item);
  costing_change c{.effective = e.effective,
                   .log_position = s.log_position,
                   .method = e.method,
                   .standard_cost = e.standard_cost};
  if (!detail::add_to_timeline(e.item, item.history, item.current, item.checkpoints,
                               item.history.costing, c, true)) {
    revalue(e.item, item, e.effective, s.log_position);
  }
}

void valuation_book::apply(const receipt_costed& e, const state&) { pending_ = e; }

auto valuation_book::check_invariants(const state& s) const -> result<void> {
  auto broken = [](const std::string& what) {
    return make_error(errc::store_failure, "valuation: " + what);
  };
  if (pending_) return broken("receipt costs without their document");
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const item_id item{static_cast<std::uint32_t>(i)};
    const auto& v = items_[i].current;
    const auto& code = s.catalog.item(item).code;
    std::map<location_id, money> journal_of;
    for (const auto& change : v.journal) {
      if (change.kind != value_change_kind::purchase_price_variance) {
        journal_of[change.location] = plus(journal_of[change.location], change.value);
      }
    }
    for (const auto& l : v.locations) {
      const auto& where = s.catalog.location(l.location).code;
      const auto at = "item '" + code + "' at '" + where + "'";
      if (l.on_hand() != s.ledger.total(item, l.location).from_zero()) {
        return broken(at + ": layers hold " + l.on_hand().to_string() + ", the ledger " +
                      s.ledger.total(item, l.location).to_string());
      }
      bool negative = false;
      for (const auto& layer : l.layers) {
        if (layer.amount.is_zero()) return broken(at + ": an empty layer");
        negative = negative || layer.amount.is_negative();
      }
      if (negative && l.layers.size() != 1) {
        return broken(at + ": a negative layer beside others");
      }
      if (v.method != costing_method::fifo && l.layers.size() > 1) {
        return broken(at + ": a pool of several layers");
      }
      if (v.method == costing_method::standard &&
          l.value() != times(l.on_hand(), v.standard_cost)) {
        return broken(at + ": not valued at standard cost");
      }
      const auto journal = journal_of[l.location];
      if (journal != l.value()) {
        return broken(at + ": the journal sums to " + journal.to_string() + ", the layers to " +
                      l.value().to_string());
      }
    }
    for (const auto account : s.ledger.accounts_of(item)) {
      const auto location = s.ledger.account_at(account).key.location;
      if (s.physical(location) && v.at(location) == nullptr &&
          !s.ledger.total(item, location).from_zero().is_zero()) {
        return broken("item '" + code + "' has stock at '" + s.catalog.location(location).code +
                      "' and no layers");
      }
    }
  }
  return {};
}

}  // namespace onhand
