// SPDX-License-Identifier: Apache-2.0
// File: onhand/purchasing/purchasing_book.hpp
//
// The purchasing domain's projection: suppliers, their terms per item,
// purchase orders with what each line received, every receipt, and the
// quantity on order per item and destination. It is built only from the
// purchasing events (onhand/purchasing/events.hpp); the queries over it are
// in onhand/purchasing/queries.hpp and the rules in docs/concepts/purchasing.md.
//
// A line is complete once it received at least (1 - under tolerance) of its
// quantity; what remains of an incomplete line of an open order is on order.
//
// Example:
//
//   inv.read([&](const onhand::state& s) {
//     auto po = s.purchasing.find_order("PO-4411");
//     if (po) use(s.purchasing.order(*po).status);
//   });
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "onhand/core/result.hpp"
#include "onhand/detail/snapshot_fwd.hpp"
#include "onhand/purchasing/events.hpp"

namespace onhand {

struct state;

/// Where a purchase order stands.
enum class purchase_order_status : std::uint8_t {
  draft,
  sent,
  partially_received,  ///< Something arrived; some line is not complete.
  received,            ///< Every line is complete.
  closed,              ///< Closed before every line was complete.
  cancelled,
};
[[nodiscard]] auto name_of(purchase_order_status status) noexcept -> std::string_view;

struct supplier {
  supplier_defined terms;
  friend auto operator==(const supplier&, const supplier&) -> bool = default;
};

/// A supplier's terms for an item, with its price periods by start date.
struct supplier_item {
  supplier_item_set terms;  ///< The latest terms set (and its price period).
  std::map<std::int32_t, supplier_item_set> prices;  ///< By valid_from (days since epoch).
  friend auto operator==(const supplier_item&, const supplier_item&) -> bool = default;
};

struct purchase_order_line_state {
  purchase_order_line line;
  quantity received;
  bool complete = false;               ///< Received at least (1 - under tolerance) of it.
  std::optional<timestamp> completed;  ///< When the receipt that completed it arrived.
  std::optional<timestamp> last_receipt;
  quantity in_inspection;  ///< Received into inspection and not released yet.
  quantity rejected;       ///< Released from inspection back to the supplier or to scrap.
  location_id inspected_at = location_id::none();  ///< Where its inspected receipts went.
  friend auto operator==(const purchase_order_line_state&, const purchase_order_line_state&)
      -> bool = default;
};

struct purchase_order {
  std::string key;
  supplier_id supplier;
  std::string currency;
  std::vector<purchase_order_line_state> lines;
  purchase_order_status status = purchase_order_status::draft;
  timestamp created;
  std::optional<timestamp> sent;
  std::optional<timestamp> ended;  ///< When it was closed or cancelled.
  /// Whether receipts and changes are still accepted.
  [[nodiscard]] auto open() const noexcept -> bool {
    return status == purchase_order_status::draft || status == purchase_order_status::sent ||
           status == purchase_order_status::partially_received;
  }
  friend auto operator==(const purchase_order&, const purchase_order&) -> bool = default;
};

class purchasing_book {
 public:
  [[nodiscard]] auto find_supplier(std::string_view code) const -> std::optional<supplier_id>;
  [[nodiscard]] auto supplier_at(supplier_id id) const -> const supplier& {
    return suppliers_.at(id.index());
  }
  [[nodiscard]] auto supplier_count() const noexcept -> std::size_t { return suppliers_.size(); }
  /// The supplier's terms for the item, if set.
  [[nodiscard]] auto find_supplier_item(supplier_id supplier, item_id item) const
      -> const supplier_item*;
  /// The price period in force on `day`, if any.
  [[nodiscard]] auto price_on(supplier_id supplier, item_id item, date day) const
      -> const supplier_item_set*;
  /// Every supplier item, by (supplier, item).
  [[nodiscard]] auto supplier_items() const
      -> const std::map<std::pair<std::uint32_t, std::uint32_t>, supplier_item>& {
    return items_;
  }
  /// Where a supplier's receipts of an item go for inspection (none: not inspected).
  [[nodiscard]] auto inspection_of(supplier_id supplier, item_id item) const -> location_id;
  /// The tolerances (over, under) that apply to a supplier's item.
  [[nodiscard]] auto tolerances(supplier_id supplier, item_id item) const
      -> std::pair<quantity, quantity>;

  [[nodiscard]] auto find_order(std::string_view key) const -> std::optional<purchase_order_id>;
  [[nodiscard]] auto order(purchase_order_id id) const -> const purchase_order& {
    return orders_.at(id.index());
  }
  [[nodiscard]] auto orders() const noexcept -> std::span<const purchase_order> { return orders_; }
  /// Every receipt, in log order.
  [[nodiscard]] auto receipts() const noexcept -> std::span<const receipt_recorded> {
    return receipts_;
  }
  /// What is on order of `item` for `destination`: the remainders of the
  /// incomplete lines of open orders.
  [[nodiscard]] auto on_order(item_id item, location_id destination) const -> quantity;
  /// Every (item, destination) with something on order.
  [[nodiscard]] auto on_order_all() const -> const std::map<std::uint64_t, quantity>& {
    return on_order_;
  }

  void apply(const supplier_defined& e, const state& s);
  void apply(const supplier_item_set& e, const state& s);
  void apply(const purchase_order_created& e, const state& s);
  void apply(const purchase_order_sent& e, const state& s);
  void apply(const purchase_order_line_changed& e, const state& s);
  void apply(const purchase_order_cancelled& e, const state& s);
  void apply(const purchase_order_closed& e, const state& s);
  void apply(const receipt_recorded& e, const state& s);
  void apply(const purchase_order_line_repriced& e, const state& s);
  void apply(const inspection_set& e, const state& s);
  void apply(const inspection_released& e, const state& s);

  /// What must hold after every event: each order's status fits its lines,
  /// a line is complete exactly when it received enough, and the on-order
  /// totals equal the sums of the open remainders. store_failure names the
  /// first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const purchasing_book&, const purchasing_book&) -> bool = default;

 private:
  /// What an order's line still brings (0 once complete or when the order is not open).
  [[nodiscard]] static auto remainder(const purchase_order& o, const purchase_order_line_state& l)
      -> quantity;
  void count_on_order(const purchase_order& o, bool add);
  void settle(purchase_order& o) const;

  std::vector<supplier> suppliers_;
  std::unordered_map<std::string, std::uint32_t> supplier_by_code_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, supplier_item> items_;
  std::vector<purchase_order> orders_;
  std::unordered_map<std::string, std::uint32_t> order_by_key_;
  std::vector<receipt_recorded> receipts_;
  std::map<std::uint64_t, quantity> on_order_;  // item << 32 | destination; non-zero only
  std::map<std::pair<std::uint32_t, std::uint32_t>, location_id> inspections_;  // set ones only
};

/// Whether `received` of `ordered` completes a line with under tolerance `under`
/// (received >= ordered × (1 - under), exactly).
[[nodiscard]] auto line_complete(quantity ordered, quantity received, quantity under) -> bool;
/// Whether `received` of `ordered` stays within over tolerance `over`
/// (received <= ordered × (1 + over), exactly).
[[nodiscard]] auto within_over_tolerance(quantity ordered, quantity received, quantity over)
    -> bool;

}  // namespace onhand
