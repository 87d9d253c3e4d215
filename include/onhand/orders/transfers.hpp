// SPDX-License-Identifier: Apache-2.0
// File: onhand/orders/transfers.hpp
//
// The orders domain's projection: every transfer order with, per line, what
// was ordered, shipped, received, written off and found, and its shipments
// with their ETAs. It is built only from the orders events
// (onhand/orders/events.hpp); the queries over it are in
// onhand/orders/queries.hpp.
//
// Per line, always: received + written_off <= shipped <= ordered, and what
// is in transit is shipped - received - written_off. Receipts take from the
// earliest shipments first, so each shipment still in transit keeps its ETA.
//
// Example:
//
//   inv.read([&](const onhand::state& s) {
//     auto id = s.transfers.find("TO-7");
//     if (id) use(s.transfers.at(*id).in_transit(0));
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "onhand/core/result.hpp"
#include "onhand/detail/snapshot_fwd.hpp"
#include "onhand/orders/events.hpp"

namespace onhand {

struct state;

/// Where a transfer stands.
enum class transfer_status : std::uint8_t {
  open,      ///< Nothing shipped yet.
  shipped,   ///< Shipped in part or in full; not everything received.
  received,  ///< Every line received in full.
  closed,    ///< Closed: nothing more moves.
};
[[nodiscard]] auto name_of(transfer_status status) noexcept -> std::string_view;

/// One shipment of a transfer: its ETA and what it carried of each line.
struct transfer_shipment_record {
  timestamp eta;
  std::vector<quantity> amounts;
  friend auto operator==(const transfer_shipment_record&, const transfer_shipment_record&)
      -> bool = default;
};

struct transfer_order {
  std::string key;
  location_id source;
  location_id destination;
  location_id transit;
  timestamp eta;
  std::vector<transfer_line> lines;
  timestamp recorded;
  std::vector<quantity> shipped;      ///< Per line.
  std::vector<quantity> received;     ///< Per line.
  std::vector<quantity> written_off;  ///< Per line: in transit when it closed.
  std::vector<quantity> found;        ///< Per line: arrived beyond what was shipped.
  std::vector<transfer_shipment_record> shipments;
  location_id loss = location_id::none();
  std::string close_reason;
  transfer_status status = transfer_status::open;

  /// What of line `line` is on its way.
  [[nodiscard]] auto in_transit(std::size_t line) const -> quantity {
    return shipped[line] - received[line] - written_off[line];
  }
  /// What of line `line` is not shipped yet (zero once closed).
  [[nodiscard]] auto unshipped(std::size_t line) const -> quantity {
    return status == transfer_status::closed ? quantity{} : lines[line].amount - shipped[line];
  }
  friend auto operator==(const transfer_order&, const transfer_order&) -> bool = default;
};

class transfer_book {
 public:
  /// The transfer opened under `key`, if any.
  [[nodiscard]] auto find(std::string_view key) const -> std::optional<transfer_id>;
  [[nodiscard]] auto at(transfer_id id) const -> const transfer_order& {
    return transfers_.at(id.index());
  }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return transfers_.size(); }
  /// Every transfer, in the order they were opened (ids are indexes).
  [[nodiscard]] auto all() const noexcept -> std::span<const transfer_order> { return transfers_; }
  /// The transfers not closed, by id.
  [[nodiscard]] auto open_ids() const noexcept -> const std::set<std::uint32_t>& { return open_; }

  // The orders events, applied by the engine once validated and stored.
  void apply(const transfer_opened& e, const state& s);
  void apply(const transfer_shipped& e, const state& s);
  void apply(const transfer_received& e, const state& s);
  void apply(const transfer_closed& e, const state& s);

  /// What must hold after every event: per line received + written_off <=
  /// shipped <= ordered, the shipments add up to what was shipped, a
  /// transfer's status fits its quantities, and the open set holds exactly
  /// the transfers not closed. store_failure names the first violation.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const transfer_book&, const transfer_book&) -> bool = default;

 private:
  std::vector<transfer_order> transfers_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  std::set<std::uint32_t> open_;
};

}  // namespace onhand
