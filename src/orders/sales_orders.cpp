// SPDX-License-Identifier: Apache-2.0
// The sales-order book: the orders, their cancellations and the links to
// the reservations made for their lines; where a line stands is read from
// those reservations. Also its snapshot section (the lookups are rebuilt on
// load).
#include "onhand/orders/sales_orders.hpp"

#include <algorithm>
#include <string>

#include "onhand/allocation/reservations.hpp"
#include "onhand/core/error.hpp"
#include "onhand/state.hpp"

#include "engine/snapshot_io.hpp"

namespace onhand {

auto sales_order_book::find(std::string_view key) const -> std::optional<sales_order_id> {
  const auto found = by_key_.find(std::string(key));
  if (found == by_key_.end()) return std::nullopt;
  return sales_order_id{found->second};
}

auto sales_order_book::line_of(reservation_id reservation) const
    -> std::optional<std::pair<sales_order_id, std::uint32_t>> {
  const auto found = line_of_.find(reservation.value);
  if (found == line_of_.end()) return std::nullopt;
  return std::pair{sales_order_id{found->second.first}, found->second.second};
}

auto sales_order_book::line_status(sales_order_id id, std::uint32_t line,
                                   const reservation_book& reservations) const
    -> sales_order_line_status {
  const auto& o = orders_.at(id.index());
  const auto& l = o.lines.at(line);
  sales_order_line_status out{.item = l.item,
                              .requested = l.requested,
                              .priority = l.priority,
                              .ordered = l.amount,
                              .cancelled = o.cancelled.at(line)};
  for (const auto r : o.reservations.at(line)) {
    const auto& held = reservations.at(r);
    out.shipped += held.committed;
    out.allocated += held.remaining();
  }
  for (const auto& d : o.deliveries.at(line)) out.returned += d.returned;
  out.backordered = std::max(quantity{}, out.ordered - out.cancelled - out.shipped - out.allocated);
  return out;
}

auto sales_order_book::status(sales_order_id id, const reservation_book& reservations) const
    -> sales_order_status {
  const auto& o = orders_.at(id.index());
  sales_order_status out{.id = id,
                         .key = o.key,
                         .customer = o.customer,
                         .channel = o.channel,
                         .locations = o.locations,
                         .recorded = o.recorded};
  out.lines.reserve(o.lines.size());
  for (std::uint32_t i = 0; i < o.lines.size(); ++i) {
    out.lines.push_back(line_status(id, i, reservations));
  }
  return out;
}

void sales_order_book::apply(const sales_order_created& e, const state&) {
  const auto id = static_cast<std::uint32_t>(orders_.size());
  sales_order o{.key = e.key,
                .customer = e.customer,
                .channel = e.channel,
                .locations = e.locations,
                .lines = e.lines,
                .recorded = e.recorded};
  o.cancelled.resize(e.lines.size());
  o.reservations.resize(e.lines.size());
  o.deliveries.resize(e.lines.size());
  orders_.push_back(std::move(o));
  by_key_.emplace(e.key, id);
}

void sales_order_book::apply(const sales_order_allocated& e, const state&) {
  auto& o = orders_.at(e.order.index());
  for (const auto& link : e.links) {
    o.reservations.at(link.line).push_back(link.reservation);
    linked_.push_back(link.reservation);
    line_of_.emplace(link.reservation.value, std::pair{e.order.value, link.line});
  }
}

void sales_order_book::apply(const sales_order_cancelled& e, const state&) {
  auto& o = orders_.at(e.order.index());
  for (std::size_t i = 0; i < o.cancelled.size() && i < e.amounts.size(); ++i) {
    o.cancelled[i] += e.amounts[i];
  }
}

// A shipment changes nothing here: the commits that follow it change the
// line's reservations, which is where shipped is read from.
void sales_order_book::apply(const sales_order_shipped&, const state&) {}

void sales_order_book::apply(const reservation_committed& e, const state&) {
  committing_ = std::nullopt;
  if (const auto found = line_of_.find(e.reservation.value); found != line_of_.end()) {
    committing_ = found->second;
  }
}

void sales_order_book::apply(const posting_ref& e, const state& s) {
  if (!committing_) return;
  const auto [order, line] = *committing_;
  committing_ = std::nullopt;
  auto& o = orders_.at(order);
  auto& deliveries = o.deliveries.at(line);
  for (const auto& l : e.document->lines) {
    if (l.item != o.lines.at(line).item || !l.amount.is_positive() ||
        s.catalog.location(l.to).kind != location_kind::customer) {
      continue;
    }
    const auto found = std::find_if(deliveries.begin(), deliveries.end(),
                                    [&](const auto& d) { return d.to == l.to && d.lot == l.lot; });
    if (found != deliveries.end()) {
      found->delivered += l.amount;
    } else {
      deliveries.push_back({.to = l.to, .lot = l.lot, .delivered = l.amount});
    }
  }
}

void sales_order_book::apply(const sales_order_returned& e, const state&) {
  auto& deliveries = orders_.at(e.order.index()).deliveries.at(e.line);
  for (auto& d : deliveries) {
    if (d.to == e.from && d.lot == e.lot) {
      d.returned += e.amount;
      return;
    }
  }
}

auto sales_order_book::check_invariants(const state& s) const -> result<void> {
  auto broken = [](const std::string& why) {
    return make_error(errc::store_failure, "sales orders: " + why);
  };
  std::size_t links = 0;
  for (std::uint32_t id = 0; id < orders_.size(); ++id) {
    const auto& o = orders_[id];
    if (o.cancelled.size() != o.lines.size() || o.reservations.size() != o.lines.size() ||
        o.deliveries.size() != o.lines.size()) {
      return broken("order '" + o.key + "' has per-line records of another length");
    }
    for (std::uint32_t line = 0; line < o.lines.size(); ++line) {
      for (const auto r : o.reservations[line]) {
        ++links;
        if (r.index() >= s.reservations.size()) {
          return broken("order '" + o.key + "' links an unknown reservation");
        }
        const auto& held = s.reservations.at(r);
        const auto owner = line_of(r);
        if (held.item != o.lines[line].item ||
            s.reservations.channel_name(held.channel) != o.channel || !owner ||
            owner->first.value != id || owner->second != line) {
          return broken("reservation '" + held.key + "' does not fit order '" + o.key + "'");
        }
      }
      const auto status = line_status(sales_order_id{id}, line, s.reservations);
      if (status.cancelled.is_negative() ||
          status.cancelled + status.shipped + status.allocated > status.ordered) {
        return broken("line " + std::to_string(line) + " of order '" + o.key +
                      "' holds, shipped or cancelled more than was ordered");
      }
      quantity delivered;
      for (const auto& d : o.deliveries[line]) {
        delivered += d.delivered;
        if (d.returned.is_negative() || d.returned > d.delivered) {
          return broken("line " + std::to_string(line) + " of order '" + o.key +
                        "' has more back than it delivered");
        }
      }
      if (delivered > status.shipped) {
        return broken("line " + std::to_string(line) + " of order '" + o.key +
                      "' delivered more than it shipped");
      }
    }
  }
  if (links != linked_.size() || links != line_of_.size()) {
    return broken("a reservation is linked twice");
  }
  return {};
}

template <class Archive>
static void io(Archive& a, sales_order_line& l) {
  a(l.item, l.amount, l.requested, l.priority);
}
template <class Archive>
static void io(Archive& a, sales_order_delivery& d) {
  a(d.to, d.lot, d.delivered, d.returned);
}
template <class Archive>
static void io(Archive& a, sales_order& o) {
  a(o.key, o.customer, o.channel, o.locations, o.lines, o.recorded, o.cancelled, o.reservations,
    o.deliveries);
}

void sales_order_book::save(detail::snapshot_writer& out) const { out(orders_); }

void sales_order_book::load(detail::snapshot_reader& in) {
  *this = sales_order_book{};
  in(orders_);
  if (!in.ok()) return;
  for (std::uint32_t i = 0; i < orders_.size(); ++i) {
    const auto& o = orders_[i];
    if (o.cancelled.size() != o.lines.size() || o.reservations.size() != o.lines.size() ||
        o.deliveries.size() != o.lines.size()) {
      return in.fail();
    }
    if (!by_key_.emplace(o.key, i).second) return in.fail();
    for (std::uint32_t line = 0; line < o.reservations.size(); ++line) {
      for (const auto r : o.reservations[line]) {
        if (!line_of_.emplace(r.value, std::pair{i, line}).second) return in.fail();
        linked_.push_back(r);
      }
    }
  }
}

}  // namespace onhand
