// SPDX-License-Identifier: Apache-2.0
#include "onhand/purchasing/purchasing_book.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "onhand/detail/int128.hpp"
#include "onhand/state.hpp"

namespace onhand {
namespace {

auto inconsistent_purchasing(std::string what) -> error {
  return make_error(errc::store_failure, "purchasing: " + std::move(what));
}

auto day_key(date d) -> std::int32_t {
  return static_cast<std::int32_t>(std::chrono::sys_days{d}.time_since_epoch().count());
}

// ordered × (1 + sign × share) in raw units, times the share's scale: exact.
auto scaled_limit(quantity ordered, quantity share, int sign) -> detail::int128 {
  const detail::int128 scale = quantity::units(1).raw();
  return static_cast<detail::int128>(ordered.raw()) * (scale + sign * share.raw());
}

}  // namespace

auto line_complete(quantity ordered, quantity received, quantity under) -> bool {
  const detail::int128 scale = quantity::units(1).raw();
  return static_cast<detail::int128>(received.raw()) * scale >= scaled_limit(ordered, under, -1);
}

auto within_over_tolerance(quantity ordered, quantity received, quantity over) -> bool {
  const detail::int128 scale = quantity::units(1).raw();
  return static_cast<detail::int128>(received.raw()) * scale <= scaled_limit(ordered, over, 1);
}

auto name_of(inspection_outcome outcome) noexcept -> std::string_view {
  switch (outcome) {
    case inspection_outcome::accepted:
      return "accepted";
    case inspection_outcome::returned:
      return "returned";
    case inspection_outcome::scrapped:
      return "scrapped";
  }
  return "unknown";
}

auto parse_inspection_outcome(std::string_view name) -> std::optional<inspection_outcome> {
  for (const auto o :
       {inspection_outcome::accepted, inspection_outcome::returned, inspection_outcome::scrapped}) {
    if (name_of(o) == name) return o;
  }
  return std::nullopt;
}

auto name_of(purchase_order_status status) noexcept -> std::string_view {
  switch (status) {
    case purchase_order_status::draft:
      return "draft";
    case purchase_order_status::sent:
      return "sent";
    case purchase_order_status::partially_received:
      return "partially_received";
    case purchase_order_status::received:
      return "received";
    case purchase_order_status::closed:
      return "closed";
    case purchase_order_status::cancelled:
      return "cancelled";
  }
  return "unknown";
}

auto purchasing_book::find_supplier(std::string_view code) const -> std::optional<supplier_id> {
  const auto found = supplier_by_code_.find(std::string(code));
  if (found == supplier_by_code_.end()) return std::nullopt;
  return supplier_id{found->second};
}

auto purchasing_book::find_supplier_item(supplier_id supplier, item_id item) const
    -> const supplier_item* {
  const auto found = items_.find({supplier.value, item.value});
  return found == items_.end() ? nullptr : &found->second;
}

auto purchasing_book::price_on(supplier_id supplier, item_id item, date day) const
    -> const supplier_item_set* {
  const auto* terms = find_supplier_item(supplier, item);
  if (terms == nullptr) return nullptr;
  // The latest period that starts on or before the day, if it still runs.
  auto period = terms->prices.upper_bound(day_key(day));
  if (period == terms->prices.begin()) return nullptr;
  --period;
  const auto& set = period->second;
  if (set.valid_to && day_key(*set.valid_to) <= day_key(day)) return nullptr;
  return &set;
}

auto purchasing_book::tolerances(supplier_id supplier, item_id item) const
    -> std::pair<quantity, quantity> {
  const auto& terms = suppliers_.at(supplier.index()).terms;
  std::pair<quantity, quantity> out{terms.over_tolerance, terms.under_tolerance};
  if (const auto* own = find_supplier_item(supplier, item)) {
    if (own->terms.over_tolerance) out.first = *own->terms.over_tolerance;
    if (own->terms.under_tolerance) out.second = *own->terms.under_tolerance;
  }
  return out;
}

auto purchasing_book::find_order(std::string_view key) const -> std::optional<purchase_order_id> {
  const auto found = order_by_key_.find(std::string(key));
  if (found == order_by_key_.end()) return std::nullopt;
  return purchase_order_id{found->second};
}

auto purchasing_book::on_order(item_id item, location_id destination) const -> quantity {
  const auto found = on_order_.find(detail::item_location_bits(item, destination));
  return found == on_order_.end() ? quantity{} : found->second;
}

auto purchasing_book::remainder(const purchase_order& o, const purchase_order_line_state& l)
    -> quantity {
  if (!o.open() || l.complete || l.received >= l.line.amount) return quantity{};
  return l.line.amount - l.received;
}

void purchasing_book::count_on_order(const purchase_order& o, bool add) {
  for (const auto& l : o.lines) {
    const auto rest = remainder(o, l);
    if (rest.is_zero()) continue;
    auto& total = on_order_[detail::item_location_bits(l.line.item, l.line.destination)];
    total += add ? rest : -rest;
    if (total.is_zero())
      on_order_.erase(detail::item_location_bits(l.line.item, l.line.destination));
  }
}

void purchasing_book::settle(purchase_order& o) const {
  if (o.status == purchase_order_status::draft || !o.open()) return;
  const bool all =
      std::all_of(o.lines.begin(), o.lines.end(), [](const auto& l) { return l.complete; });
  const bool any = std::any_of(o.lines.begin(), o.lines.end(),
                               [](const auto& l) { return l.received.is_positive(); });
  o.status = all   ? purchase_order_status::received
             : any ? purchase_order_status::partially_received
                   : purchase_order_status::sent;
}

void purchasing_book::apply(const supplier_defined& e, const state&) {
  const auto [it, inserted] =
      supplier_by_code_.emplace(e.code, static_cast<std::uint32_t>(suppliers_.size()));
  if (inserted) {
    suppliers_.push_back(supplier{e});
  } else {
    suppliers_[it->second].terms = e;
  }
}

void purchasing_book::apply(const supplier_item_set& e, const state&) {
  auto& item = items_[{e.supplier.value, e.item.value}];
  item.terms = e;
  item.prices[day_key(e.valid_from)] = e;
}

void purchasing_book::apply(const purchase_order_created& e, const state&) {
  purchase_order o;
  o.key = e.key;
  o.supplier = e.supplier;
  o.currency = e.currency;
  o.created = e.recorded;
  o.lines.reserve(e.lines.size());
  for (const auto& line : e.lines) o.lines.push_back({.line = line});
  order_by_key_.emplace(e.key, static_cast<std::uint32_t>(orders_.size()));
  orders_.push_back(std::move(o));
  count_on_order(orders_.back(), true);
}

void purchasing_book::apply(const purchase_order_sent& e, const state&) {
  auto& o = orders_.at(e.order.index());
  o.status = purchase_order_status::sent;
  o.sent = e.at;
}

void purchasing_book::apply(const purchase_order_line_changed& e, const state&) {
  auto& o = orders_.at(e.order.index());
  count_on_order(o, false);
  auto& l = o.lines.at(e.line);
  l.line.amount = e.amount;
  l.line.expected = e.expected;
  const auto under = tolerances(o.supplier, l.line.item).second;
  const bool was = l.complete;
  l.complete = l.received.is_positive() && line_complete(l.line.amount, l.received, under);
  if (l.complete && !was) l.completed = l.last_receipt;
  if (!l.complete) l.completed.reset();
  settle(o);
  count_on_order(o, true);
}

void purchasing_book::apply(const purchase_order_line_repriced& e, const state& s) {
  apply(purchase_order_line_changed{e.key, e.order, e.line, e.amount, e.expected}, s);
  orders_.at(e.order.index()).lines.at(e.line).line.price = e.price;
}

auto purchasing_book::inspection_of(supplier_id supplier, item_id item) const -> location_id {
  const auto found = inspections_.find({supplier.value, item.value});
  return found == inspections_.end() ? location_id::none() : found->second;
}

void purchasing_book::apply(const inspection_set& e, const state&) {
  if (e.location.is_none()) {
    inspections_.erase({e.supplier.value, e.item.value});
  } else {
    inspections_[{e.supplier.value, e.item.value}] = e.location;
  }
}

void purchasing_book::apply(const inspection_released& e, const state&) {
  auto& l = orders_.at(e.order.index()).lines.at(e.line);
  l.in_inspection -= e.amount;
  if (e.outcome != inspection_outcome::accepted) l.rejected += e.amount;
}

void purchasing_book::apply(const purchase_order_cancelled& e, const state&) {
  auto& o = orders_.at(e.order.index());
  count_on_order(o, false);
  o.status = purchase_order_status::cancelled;
  o.ended = e.at;
}

void purchasing_book::apply(const purchase_order_closed& e, const state&) {
  auto& o = orders_.at(e.order.index());
  count_on_order(o, false);
  o.status = purchase_order_status::closed;
  o.ended = e.at;
}

void purchasing_book::apply(const receipt_recorded& e, const state&) {
  receipts_.push_back(e);
  if (e.order.is_none()) return;
  auto& o = orders_.at(e.order.index());
  count_on_order(o, false);
  auto& l = o.lines.at(e.line);
  l.received += e.amount;
  l.last_receipt = e.received;
  if (e.destination != l.line.destination) {
    l.in_inspection += e.amount;
    l.inspected_at = e.destination;
  }
  if (!l.complete &&
      line_complete(l.line.amount, l.received, tolerances(o.supplier, l.line.item).second)) {
    l.complete = true;
    l.completed = e.received;
  }
  settle(o);
  count_on_order(o, true);
}

auto purchasing_book::check_invariants(const state& s) const -> result<void> {
  std::map<std::uint64_t, quantity> sums;
  for (const auto& o : orders_) {
    if (o.supplier.index() >= suppliers_.size())
      return inconsistent_purchasing("an order of no supplier");
    bool all = true;
    bool any = false;
    for (const auto& l : o.lines) {
      if (l.received.is_negative())
        return inconsistent_purchasing("a line received less than nothing");
      if (l.in_inspection.is_negative() || l.rejected.is_negative() ||
          l.received - l.rejected < l.in_inspection) {
        return inconsistent_purchasing("a line holds in inspection more than it received and kept");
      }
      if (l.complete && !l.received.is_positive())
        return inconsistent_purchasing("a line complete empty");
      if (l.complete != l.completed.has_value())
        return inconsistent_purchasing("a line's completion time");
      if (l.line.item.index() >= s.catalog.item_count())
        return inconsistent_purchasing("a line of no item");
      all = all && l.complete;
      any = any || l.received.is_positive();
      const auto rest = remainder(o, l);
      if (!rest.is_zero())
        sums[detail::item_location_bits(l.line.item, l.line.destination)] += rest;
    }
    const auto expected_status = all   ? purchase_order_status::received
                                 : any ? purchase_order_status::partially_received
                                       : purchase_order_status::sent;
    const bool settled =
        o.status == purchase_order_status::draft || o.status == purchase_order_status::closed ||
        o.status == purchase_order_status::cancelled || o.status == expected_status;
    if (!settled)
      return inconsistent_purchasing("order '" + o.key + "' has a status its lines do not give");
    if (o.status == purchase_order_status::draft && any) {
      return inconsistent_purchasing("a draft order received goods");
    }
  }
  if (sums != on_order_)
    return inconsistent_purchasing("on order differs from the open lines' remainders");
  return {};
}

}  // namespace onhand
