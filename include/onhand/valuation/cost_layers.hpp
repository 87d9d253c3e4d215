// SPDX-License-Identifier: Apache-2.0
// File: onhand/valuation/cost_layers.hpp
//
// The valuation projection: per item, the movements that touch its
// physical stock and its costing changes, in effective-time order, and
// what valuing them gives: cost layers per location and a journal of every
// change of stock value (receipts, issues, transfers, corrections,
// revaluations) with the purchase price variances beside it.
//
// Layers are per item × location (internal and transit locations; lots
// share their item's layers). A layer is a quantity and its exact value;
// its unit cost is value / quantity. Rounding happens in one place, by one
// rule: when part of a layer leaves, the part that stays is valued at the
// layer's unit cost rounded half to even to the millionth (money's
// precision), and what leaves takes the rest, so value is conserved
// exactly and no rounding accumulates. The full rules:
// docs/concepts/valuation.md.
//
// Example:
//
//   auto value = inv.read([&](const onhand::state& s) {
//     return onhand::stock_value_as_of(s, soap, east, onhand::at("2026-12-31T23:59:59Z")).value;
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"
#include "onhand/detail/snapshot_fwd.hpp"
#include "onhand/ledger/events.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/valuation/events.hpp"

namespace onhand {

struct state;

/// Stock at one location received together at one unit cost (FIFO), or a
/// location's whole pool (moving average, standard). A negative layer is
/// stock issued beyond what was held, valued at the last cost.
struct cost_layer {
  quantity amount;
  money value;
  timestamp received;  ///< When it arrived at the location.
  friend auto operator==(const cost_layer&, const cost_layer&) -> bool = default;
};

/// What changed the value of stock (or, for purchase_price_variance, was
/// recorded beside it).
enum class value_change_kind : std::uint8_t {
  receipt,                    ///< Stock arrived from outside the physical locations.
  issue,                      ///< Stock left to a customer, scrap, loss...: cost of goods sold.
  transfer_in,                ///< Stock arrived from another physical location, with its cost.
  transfer_out,               ///< Stock left for another physical location, with its cost.
  negative_stock_correction,  ///< Stock issued below zero met its real cost: into COGS.
  revaluation,                ///< A costing change revalued the stock held.
  purchase_price_variance,    ///< Standard cost: receipt cost minus value at standard.
};
[[nodiscard]] auto name_of(value_change_kind kind) noexcept -> std::string_view;

/// One entry of the valuation journal. For every kind but
/// purchase_price_variance, `value` is the change of the location's stock
/// value, so the journal up to a time sums to the stock value at that time.
struct value_change {
  timestamp effective;
  std::uint64_t log_position = 0;  ///< Of the event that caused it.
  item_id item;
  location_id location;
  value_change_kind kind = value_change_kind::receipt;
  movement_reason reason = movement_reason::transfer;  ///< Of the movement, if one caused it.
  quantity amount;                                     ///< Signed: positive in, negative out.
  money value;                                         ///< Signed.
  friend auto operator==(const value_change&, const value_change&) -> bool = default;
};

/// A movement line that touches an item's physical stock, as valuation keeps it.
struct valued_movement {
  timestamp effective;
  std::uint64_t log_position = 0;
  std::uint32_t line = 0;
  location_id from;
  location_id to;
  quantity amount;
  movement_reason reason = movement_reason::transfer;
  std::optional<money> unit_cost;  ///< The recorded cost of an inbound line, if any.
  bool from_physical = false;      ///< Whether `from` holds stock (internal or transit).
  bool to_physical = false;        ///< Whether `to` holds stock.
  friend auto operator==(const valued_movement&, const valued_movement&) -> bool = default;
};

/// An item's costing change, in its timeline.
struct costing_change {
  timestamp effective;
  std::uint64_t log_position = 0;
  costing_method method = costing_method::fifo;
  money standard_cost;
  friend auto operator==(const costing_change&, const costing_change&) -> bool = default;
};

/// An item's layers at one location.
struct location_layers {
  location_id location;
  std::vector<cost_layer> layers;  ///< FIFO order: the first is issued first.
  [[nodiscard]] auto on_hand() const -> quantity;
  [[nodiscard]] auto value() const -> money;
  friend auto operator==(const location_layers&, const location_layers&) -> bool = default;
};

/// An item valued up to some time: its costing, its layers, its journal.
struct item_valuation {
  costing_method method = costing_method::fifo;
  money standard_cost;
  std::optional<money> last_cost;          ///< The latest recorded receipt cost.
  std::vector<location_layers> locations;  ///< By location id.
  std::vector<value_change> journal;       ///< In timeline order.

  /// The layers at `location`, or null if the item never was there.
  [[nodiscard]] auto at(location_id location) const -> const location_layers*;
  friend auto operator==(const item_valuation&, const item_valuation&) -> bool = default;
};

/// An item's valuation timeline: what valuing it replays.
struct item_history {
  std::vector<valued_movement> movements;  ///< By (effective, log position, line).
  std::vector<costing_change> costing;     ///< By (effective, log position).
  friend auto operator==(const item_history&, const item_history&) -> bool = default;
};

namespace detail {
/// An item valued over a prefix of its timeline: where a back-dated entry
/// or an as-of query starts valuing again, instead of from the beginning.
struct valuation_checkpoint {
  timestamp effective;  ///< The order key of the last entry included.
  std::uint64_t log_position = 0;
  std::uint32_t line = 0;
  std::size_t movements = 0;  ///< Entries of each list included.
  std::size_t costing = 0;
  std::size_t journal = 0;  ///< Journal entries up to here (`state` keeps none).
  item_valuation state;
};
}  // namespace detail

/// The valuation projection.
class valuation_book {
 public:
  void apply(const posting_ref& posted, const state& s);
  void apply(const costing_method_set& e, const state& s);
  void apply(const receipt_costed& e, const state& s);

  /// Layers match the ledger's on-hand per item × location, each location's
  /// value is the sum of its layers and of its journal, pools have one
  /// layer, standard pools are valued at standard.
  [[nodiscard]] auto check_invariants(const state& s) const -> result<void>;

  /// The item's timeline (empty for an item never moved or costed).
  [[nodiscard]] auto history(item_id item) const -> const item_history&;
  /// The item valued with every event applied.
  [[nodiscard]] auto current(item_id item) const -> const item_valuation&;
  /// The item valued with the timeline up to and including `at`.
  [[nodiscard]] auto as_of(item_id item, timestamp at) const -> item_valuation;
  /// How many items have a timeline slot (ids below it may be looked up).
  [[nodiscard]] auto item_slots() const noexcept -> std::size_t { return items_.size(); }
  /// A receipt's costs waiting for their document (the next event), if any.
  [[nodiscard]] auto pending_costs() const -> const std::optional<receipt_costed>& {
    return pending_;
  }

  /// Writes the projection into a snapshot section, and reads one back in
  /// place of everything it held (src/<domain>/snapshot.cpp). Damaged bytes
  /// fail `in` and leave a projection the caller must discard.
  void save(detail::snapshot_writer& out) const;
  void load(detail::snapshot_reader& in);

  friend auto operator==(const valuation_book&, const valuation_book&) -> bool = default;

 private:
  template <class Archive>
  void io(Archive& a);  // both directions of save() and load()
  struct item_slot {
    item_history history;
    item_valuation current;
    /// Every 64 entries of the timeline; derived from the two above.
    std::vector<detail::valuation_checkpoint> checkpoints;
    friend auto operator==(const item_slot& a, const item_slot& b) -> bool {
      return a.history == b.history && a.current == b.current;
    }
  };
  /// Values the item again from its last checkpoint before `effective`
  /// (at `log_position`): what a back-dated entry changes.
  static void revalue(item_id item, item_slot& slot, timestamp effective,
                      std::uint64_t log_position);
  auto slot(item_id item) -> item_slot&;
  std::vector<item_slot> items_;
  std::optional<receipt_costed> pending_;
};

namespace detail {
/// Values `history` up to and including `until` (everything if nullopt).
/// The one valuation function: the projection steps it one event at a
/// time, and its as-of queries replay the timeline through it.
[[nodiscard]] auto value_item(item_id item, const item_history& history,
                              std::optional<timestamp> until) -> item_valuation;
}  // namespace detail

}  // namespace onhand
