// SPDX-License-Identifier: Apache-2.0
#include "onhand/orders/transfers.hpp"

#include <algorithm>

#include "onhand/core/error.hpp"

namespace onhand {
namespace {

auto all_received(const transfer_order& t) -> bool {
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    if (t.received[i] != t.lines[i].amount) return false;
  }
  return true;
}

void add_each(std::vector<quantity>& to, const std::vector<quantity>& amounts) {
  for (std::size_t i = 0; i < to.size() && i < amounts.size(); ++i) to[i] += amounts[i];
}

}  // namespace

auto name_of(transfer_status status) noexcept -> std::string_view {
  switch (status) {
    case transfer_status::open:
      return "open";
    case transfer_status::shipped:
      return "shipped";
    case transfer_status::received:
      return "received";
    case transfer_status::closed:
      return "closed";
  }
  return "unknown";
}

auto transfer_book::find(std::string_view key) const -> std::optional<transfer_id> {
  const auto found = by_key_.find(std::string(key));
  if (found == by_key_.end()) return std::nullopt;
  return transfer_id{found->second};
}

void transfer_book::apply(const transfer_opened& e, const state&) {
  const auto id = static_cast<std::uint32_t>(transfers_.size());
  transfer_order t;
  t.key = e.key;
  t.source = e.source;
  t.destination = e.destination;
  t.transit = e.transit;
  t.eta = e.eta;
  t.lines = e.lines;
  t.recorded = e.recorded;
  const auto zeros = std::vector<quantity>(e.lines.size());
  t.shipped = zeros;
  t.received = zeros;
  t.written_off = zeros;
  t.found = zeros;
  transfers_.push_back(std::move(t));
  by_key_.emplace(e.key, id);
  open_.insert(id);
}

void transfer_book::apply(const transfer_shipped& e, const state&) {
  auto& t = transfers_.at(e.transfer.index());
  add_each(t.shipped, e.amounts);
  t.shipments.push_back({e.eta, e.amounts});
  t.status = all_received(t) ? transfer_status::received : transfer_status::shipped;
}

void transfer_book::apply(const transfer_received& e, const state&) {
  auto& t = transfers_.at(e.transfer.index());
  add_each(t.received, e.amounts);
  t.status = all_received(t) ? transfer_status::received : transfer_status::shipped;
}

void transfer_book::apply(const transfer_closed& e, const state&) {
  auto& t = transfers_.at(e.transfer.index());
  add_each(t.written_off, e.written_off);
  add_each(t.found, e.found);
  t.loss = e.loss;
  t.close_reason = e.reason;
  t.status = transfer_status::closed;
  open_.erase(e.transfer.value);
}

auto transfer_book::check_invariants(const state&) const -> result<void> {
  const auto broken = [](const transfer_order& t, const std::string& what) -> result<void> {
    return make_error(errc::store_failure, "transfer '" + t.key + "': " + what);
  };
  if (by_key_.size() != transfers_.size()) {
    return make_error(errc::store_failure, "transfers: the key index differs from the transfers");
  }
  for (std::uint32_t id = 0; id < transfers_.size(); ++id) {
    const auto& t = transfers_[id];
    const auto n = t.lines.size();
    if (t.shipped.size() != n || t.received.size() != n || t.written_off.size() != n ||
        t.found.size() != n) {
      return broken(t, "its per-line quantities do not match its lines");
    }
    bool any_shipped = false;
    for (std::size_t i = 0; i < n; ++i) {
      quantity in_shipments;
      for (const auto& shipment : t.shipments) in_shipments += shipment.amounts.at(i);
      if (in_shipments != t.shipped[i]) return broken(t, "its shipments do not add up");
      if (t.shipped[i].is_negative() || t.received[i].is_negative() ||
          t.written_off[i].is_negative() || t.found[i].is_negative() ||
          t.shipped[i] > t.lines[i].amount || t.received[i] + t.written_off[i] > t.shipped[i]) {
        return broken(t, "line " + std::to_string(i) + " has impossible quantities");
      }
      if (t.status == transfer_status::closed && !t.in_transit(i).is_zero()) {
        return broken(t, "it is closed with stock in transit");
      }
      any_shipped = any_shipped || t.shipped[i].is_positive();
    }
    const bool listed_open = open_.contains(id);
    const bool fits = [&] {
      switch (t.status) {
        case transfer_status::open:
          return listed_open && !any_shipped;
        case transfer_status::shipped:
          return listed_open && any_shipped && !all_received(t);
        case transfer_status::received:
          return listed_open && all_received(t);
        case transfer_status::closed:
          return !listed_open;
      }
      return false;
    }();
    if (!fits) return broken(t, "its status does not fit its quantities");
  }
  if (open_.size() > transfers_.size() ||
      (!open_.empty() && *open_.rbegin() >= transfers_.size())) {
    return make_error(errc::store_failure, "transfers: the open set names unknown transfers");
  }
  return {};
}

}  // namespace onhand
