// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/sales_orders.hpp
//
// The sales-order projection: every sales order as created, what was
// cancelled of each line, and the reservations made for each line. What a
// line holds (allocated) and what it shipped are read from those
// reservations in the reservation book, so they can never disagree with
// it; what the line still lacks is
//
//   backordered = ordered − cancelled − shipped − allocated  (never negative).
//
// What a line delivered is recorded per customer location and lot from the
// documents of its reservations' commits, and what came back of it from
// its returns: returned ≤ delivered for each, so returned ≤ shipped.
//
// The rules are in docs/concepts/sales_orders.md.
//
// Example:
//
//   auto order = inv.sales_order_by_key("SO-1001").value();
//   for (const auto& line : order.lines) use(line.allocated, line.backordered);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "onhand/allocation/events.hpp"
#include "onhand/core/result.hpp"
#include "onhand/detail/snapshot_fwd.hpp"
#include "onhand/ledger/events.hpp"
#include "onhand/orders/sales_events.hpp"

namespace onhand {

struct state;
class reservation_book;

/// What one line delivered to one customer location, of one lot (none for
/// untracked items), and what came back of it.
struct sales_order_delivery {
  location_id to;
  lot_id lot = lot_id::none();
  quantity delivered;
  quantity returned;
  friend auto operator==(const sales_order_delivery&, const sales_order_delivery&)
      -> bool = default;
};

/// A sales order as the projection keeps it.
struct sales_order {
  std::string key;
  std::string customer;
  std::string channel;
  std::vector<location_id> locations;
  std::vector<sales_order_line> lines;
  timestamp recorded;
  std::vector<quantity> cancelled;                            ///< Per line.
  std::vector<std::vector<reservation_id>> reservations;      ///< Per line, in the order made.
  std::vector<std::vector<sales_order_delivery>> deliveries;  ///< Per line, in the order made.
  friend auto operator==(const sales_order&, const sales_order&) -> bool = default;
};

/// Where one line of a sales order stands.
struct sales_order_line_status {
  item_id item;
  date requested;
  std::uint32_t priority = 0;
  quantity ordered;
  quantity cancelled;
  quantity shipped;      ///< Committed from the line's reservations.
  quantity allocated;    ///< What the line's reservations still hold.
  quantity backordered;  ///< ordered − cancelled − shipped − allocated.
  quantity returned;     ///< Came back from the customer (part of shipped).
  friend auto operator==(const sales_order_line_status&, const sales_order_line_status&)
      -> bool = default;
};

/// A sales order with where each of its lines stands.
struct sales_order_status {
  sales_order_id id;
  std::string key;
  std::string customer;
  std::string channel;
  std::vector<location_id> locations;
  timestamp recorded;
  std::vector<sales_order_line_status> lines;
  friend auto operator==(const sales_order_status&, const sales_order_status&) -> bool = default;
};

class sales_order_book {
 public:
  /// The order created under `key`, if any.
  [[nodiscard]] auto find(std::string_view key) const -> std::optional<sales_order_id>;
  [[nodiscard]] auto at(sales_order_id id) const -> const sales_order& {
    return orders_.at(id.index());
  }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return orders_.size(); }
  /// Every order, in the order they were created (ids are indexes).
  [[nodiscard]] auto all() const noexcept -> std::span<const sales_order> { return orders_; }
  /// The order and line a reservation was made for, if it was made for one.
  [[nodiscard]] auto line_of(reservation_id reservation) const
      -> std::optional<std::pair<sales_order_id, std::uint32_t>>;
  /// Every reservation made for an order line (in no particular order).
  [[nodiscard]] auto linked() const noexcept -> std::span<const reservation_id> { return linked_; }

  /// Where order `id` and each of its lines stand, read with `reservations`.
  [[nodiscard]] auto status(sales_order_id id, const reservation_book& reservations) const
      -> sales_order_status;
  /// The same for one line.
  [[nodiscard]] auto line_status(sales_order_id id, std::uint32_t line,
                                 const reservation_book& reservations) const
      -> sales_order_line_status;

  // The sales-order events, applied by the engine once validated and stored.
  void apply(const sales_order_created& e, const state& s);
  void apply(const sales_order_allocated& e, const state& s);
  void apply(const sales_order_cancelled& e, const state& s);
  void apply(const sales_order_shipped& e, const state& s);
  void apply(const sales_order_returned& e, const state& s);
  // A commit of a line's reservation, and the document that follows it:
  // what the document moves to customer locations is the line's delivery.
  void apply(const reservation_committed& e, const state& s);
  void apply(const posting_ref& e, const state& s);

  /// What must hold after every event: per line, cancelled + shipped +
  /// allocated <= ordered; returned <= delivered per customer location and
  /// lot, and delivered <= shipped per line; every linked reservation is of the line's item
  /// and the order's channel, and linked once. store_failure names the
  /// first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/orders/sales_orders.cpp). Damaged
  /// bytes fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const sales_order_book& a, const sales_order_book& b) -> bool {
    return a.orders_ == b.orders_;
  }

 private:
  std::vector<sales_order> orders_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  std::vector<reservation_id> linked_;
  // reservation index -> (order index, line)
  std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> line_of_;
  // The line whose reservation was just committed, until its document is
  // applied (both are in one append, so it is never set between appends).
  std::optional<std::pair<std::uint32_t, std::uint32_t>> committing_;
};

}  // namespace onhand
