// SPDX-License-Identifier: Apache-2.0
// File: onhand/inventory.hpp
//
// The engine facade. An inventory owns a store (the event log) and the
// projections built from it: the catalog, the stock ledger and the
// idempotency index. Commands (define, post, reverse) are validated by their
// domain against the projections; a command either appends its events to
// the store and applies them, or returns a typed error and changes nothing,
// in memory or in the store. Queries read the projections; `read` hands a
// callback the whole state under one lock. docs/internals/architecture.md
// shows how a command flows through the engine.
//
// Thread safety: any number of threads may call any member concurrently.
// Queries share a reader lock; commands take the writer lock, so writers are
// serialized and readers never see half a command.
//
// Example:
//
//   auto inv = onhand::inventory::open(std::make_unique<onhand::memory_store>()).value();
//   auto each = onhand::unit_set{{"each", 0}};
//   auto soap = inv.define_item({.code = "SOAP", .units = each}).value();
//   auto vendor = inv.define_location({.code = "VENDOR", .kind =
//   onhand::location_kind::supplier}).value(); auto east = inv.define_location({.code =
//   "3PL-EAST"}).value(); auto posted = inv.post({.key = "po-1/1", .reason =
//   onhand::movement_reason::receipt,
//                           .lines = {{.item = soap, .from = vendor, .to = east,
//                                      .amount = onhand::quantity::units(100)}}});
//   inv.on_hand(soap, east);          // level 100
//   inv.totals(soap).in_transit;      // level 0
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/allocation/commands.hpp"
#include "onhand/allocation/queries.hpp"
#include "onhand/catalog/catalog.hpp"
#include "onhand/core/result.hpp"
#include "onhand/counting/commands.hpp"
#include "onhand/ledger/demand.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/ledger/policy.hpp"
#include "onhand/ledger/stock_position.hpp"
#include "onhand/orders/commands.hpp"
#include "onhand/orders/queries.hpp"
#include "onhand/orders/sales_commands.hpp"
#include "onhand/orders/sales_orders.hpp"
#include "onhand/orders/transfers.hpp"
#include "onhand/purchasing/commands.hpp"
#include "onhand/purchasing/queries.hpp"
#include "onhand/report/supply.hpp"
#include "onhand/state.hpp"
#include "onhand/storage/opening_report.hpp"
#include "onhand/storage/store.hpp"
#include "onhand/valuation/commands.hpp"
#include "onhand/valuation/queries.hpp"

namespace onhand {

struct inventory_options {
  ledger_policy policy;
  /// Defines the standard virtual locations (SUPPLIER, CUSTOMER,
  /// INVENTORY-LOSS, SCRAP) on open, if the log lacks them: the default
  /// counter-sides of receipt(), shipment(), adjustment() and scrap().
  bool standard_locations = false;
  /// The recording clock; defaults to the system clock. Tests, and loaders
  /// replaying dated history, inject their own. A posting reads it once,
  /// before it takes the writer lock, so threads posting at once call it at
  /// once. It should not throw; if it does, the
  /// exception leaves the posting before anything is validated or appended.
  std::function<timestamp()> clock;
  /// Called while open() replays the log, after each chunk of events it
  /// applies (4,096 at most), with the events replayed so far and the
  /// number it replays in all: the tail after the snapshot it starts from,
  /// or the whole log. The last call reports replayed == total; an empty
  /// tail makes no call. A snapshot whose tail does not replay is skipped and
  /// the count starts again for the next way of opening. It runs on the
  /// opening thread and should not throw; if it does, the exception leaves
  /// open(), no inventory is made and the store is closed as it was.
  replay_progress_fn replay_progress;
};

/// What became of one document of a batch (inventory::post_batch).
struct batch_entry {
  enum class status : std::uint8_t {
    posted,     ///< Posted now, or before under its key (posting.replayed).
    refused,    ///< Refused: batch_result::refusal(i) says why; nothing of it was posted.
    withdrawn,  ///< Valid, but not posted: an atomic batch had a refusal.
  };
  static constexpr std::uint32_t no_refusal = UINT32_MAX;
  posting posted;                      ///< When state is posted.
  std::uint32_t refusal = no_refusal;  ///< When refused: its index in batch_result::refusals.
  status state = status::withdrawn;
};

struct batch_result {
  std::vector<batch_entry> documents;  ///< One per document, in the batch's order.
  std::vector<error> refusals;         ///< The refused documents' errors, in batch order.
  std::size_t posted = 0;              ///< Documents posted (replays included).
  std::size_t refused = 0;

  /// The error of document `i`, or nullptr if it was not refused.
  [[nodiscard]] auto refusal(std::size_t i) const -> const error* {
    const auto at = documents[i].refusal;
    return at == batch_entry::no_refusal ? nullptr : &refusals[at];
  }
};

struct batch_options {
  /// All or nothing: if any document is refused, none is posted (the others
  /// are withdrawn). Otherwise each document is posted or refused on its own.
  bool atomic = false;
};

class inventory {
 public:
  /// The most documents one post_batch call takes.
  static constexpr std::size_t batch_documents_max = 1'000'000;

  /// Opens an inventory over a store: loads the newest usable snapshot the
  /// store holds and replays the log after it, or replays the whole log
  /// (opening() says which, and why a snapshot was skipped). Errors: the store's,
  /// store_failure for a log that does not decode or is inconsistent, or
  /// invalid_parameter for a negative limit in the policy.
  [[nodiscard]] static auto open(std::unique_ptr<store> log, inventory_options options = {})
      -> result<inventory>;

  inventory(inventory&&) noexcept;
  auto operator=(inventory&&) noexcept -> inventory&;
  ~inventory();

  // Catalog commands. Defining the same code with the same data again is a
  // no-op that returns the existing id; with different data it is a
  // definition_conflict.
  auto define_item(const item_definition& item) -> result<item_id>;
  auto define_location(const location_definition& location) -> result<location_id>;
  auto define_lot(const lot_definition& lot) -> result<lot_id>;
  /// Puts a lot on hold, recalls it, or releases it. Setting the current status is a no-op.
  auto set_lot_status(lot_id lot, lot_status status) -> result<void>;

  /// Turns a line given by codes and units into ids and base units.
  [[nodiscard]] auto resolve(const line_spec& line) const -> result<movement_line>;
  /// Posts a document atomically (see movement.hpp for idempotency).
  auto post(const movement_document& document) -> result<posting>;
  /// Posts a document given by codes (documents.hpp: receipt, shipment,
  /// ...), resolved under the same lock as the posting. An unknown code or
  /// unit is an error naming the line.
  auto post(const document_spec& document) -> result<posting>;
  /// Posts many documents in one call: one clock read, one lock, one append
  /// to the store. Each document is judged as if posted alone after the
  /// ones accepted before it in the batch (they may bring the stock it
  /// draws; a repeated key replays or conflicts as for post()), and is
  /// posted or refused on its own, or all or none with options.atomic.
  /// Errors (nothing posted): malformed_input for more than
  /// batch_documents_max documents; the store's.
  auto post_batch(std::span<const movement_document> documents, batch_options options = {})
      -> result<batch_result>;
  /// Posts the compensating document of the one posted under `original_key`:
  /// every line with source and destination swapped. A document is reversed
  /// at most once, and a reversal is not reversed (post anew instead).
  auto reverse(std::string_view original_key, std::string reversal_key,
               std::optional<timestamp> effective = std::nullopt, document_reference reference = {})
      -> result<posting>;

  // Lookups by code.
  // Reservations and available-to-promise (docs/concepts/atp.md). Each is
  // judged at the time the clock of inventory_options reads.

  /// Holds stock for a channel or customer, if the channel may be promised
  /// that much at the location now; a retry under the key returns the
  /// original reservation. Errors: insufficient_stock (with what is
  /// available), unknown_code, invalid_location, invalid_quantity,
  /// invalid_parameter (expires before the reservation clock), malformed_input.
  auto reserve(const reservation_request& request) -> result<reservation_id>;
  /// Ships (part of) a reservation by posting `commit.document`; the
  /// posting and the reservation's new state are one append. Errors: the
  /// posting's, unknown_reservation, already_resolved, exceeds_reservation,
  /// invalid_location (a line that does not leave the reservation's location).
  auto commit_reservation(const reservation_commit& commit) -> result<posting>;
  /// Gives back (part of) a reservation. Errors: unknown_reservation,
  /// already_resolved, exceeds_reservation, invalid_quantity, malformed_input.
  auto release_reservation(const reservation_release& release) -> result<void>;
  /// Moves the reservation clock to `at`: every open reservation that
  /// expires at or before it lapses. Returns how many lapsed. Setting the
  /// time it already has changes nothing. Errors: clock_regression.
  auto advance_reservation_clock(timestamp at) -> result<std::size_t>;
  /// Sets, changes or (value 0) removes a channel's quota. Errors:
  /// unknown_code, invalid_location, invalid_quantity, invalid_parameter
  /// (a share above 1; a quota inside or around another of the channel's).
  auto set_channel_quota(const quota_request& quota) -> result<void>;
  /// What `channel` ("" none) may be promised of `item` at `location` (and
  /// below) now. Errors: unknown_code.
  [[nodiscard]] auto available_to_promise(item_id item, location_id location,
                                          std::string_view channel = {}) const
      -> result<atp_position>;
  /// The reservation made under `key`. Errors: unknown_reservation.
  [[nodiscard]] auto reservation_by_key(std::string_view key) const -> result<reservation>;

  [[nodiscard]] auto item_by_code(std::string_view code) const -> result<item_id>;
  [[nodiscard]] auto location_by_code(std::string_view code) const -> result<location_id>;
  [[nodiscard]] auto lot_by_code(item_id item, std::string_view code) const -> result<lot_id>;

  // Balances. Unknown ids or keys that never moved read as zero.
  [[nodiscard]] auto balance(item_id item, location_id location, lot_id lot = lot_id::none()) const
      -> stock_level;
  [[nodiscard]] auto balance_as_of(item_id item, location_id location, lot_id lot,
                                   timestamp at) const -> stock_level;
  /// All lots of an item at one location.
  [[nodiscard]] auto on_hand(item_id item, location_id location) const -> stock_level;
  [[nodiscard]] auto on_hand_as_of(item_id item, location_id location, timestamp at) const
      -> stock_level;
  /// All lots of an item at a location and every location below it.
  [[nodiscard]] auto on_hand_within(item_id item, location_id root) const -> stock_level;
  [[nodiscard]] auto on_hand_within_as_of(item_id item, location_id root, timestamp at) const
      -> stock_level;
  /// One lot of an item at a location and every location below it.
  [[nodiscard]] auto balance_within(item_id item, location_id root, lot_id lot) const
      -> stock_level;
  [[nodiscard]] auto balance_within_as_of(item_id item, location_id root, lot_id lot,
                                          timestamp at) const -> stock_level;
  /// An item's stock over the business, all lots or one: on hand (internal
  /// locations), in transit (transit locations) and owned (both).
  [[nodiscard]] auto totals(item_id item, std::optional<lot_id> lot = std::nullopt) const
      -> item_totals;
  [[nodiscard]] auto totals_as_of(item_id item, timestamp at,
                                  std::optional<lot_id> lot = std::nullopt) const -> item_totals;

  [[nodiscard]] auto position(item_id item, location_id location, date day) const -> stock_position;
  /// Positions of an item at every internal and transit location it has moved through.
  [[nodiscard]] auto positions(item_id item, date day) const -> std::vector<stock_position>;
  /// The stock position of `items` (empty: all) within each of `locations`
  /// (empty: every site) now, with what is reserved, on order and in
  /// transit, and the inventory position (onhand/report/supply.hpp).
  [[nodiscard]] auto supply_positions(std::span<const item_id> items = {},
                                      std::span<const location_id> locations = {}) const
      -> result<std::vector<supply_position>>;

  /// An item's movements at one location, or at all its physical locations.
  [[nodiscard]] auto history(item_id item, std::optional<location_id> location = {}) const
      -> std::vector<history_row>;
  /// Every item's movements at a location; running balances are per item.
  [[nodiscard]] auto location_history(location_id location) const -> std::vector<history_row>;
  /// Daily demand per item × internal location over first..last, with the
  /// stock-out days (onhand/ledger/demand.hpp).
  [[nodiscard]] auto daily_demand(date first, date last,
                                  std::span<const location_id> locations = {},
                                  std::span<const location_id> customers = {}) const
      -> result<demand_table>;

  /// Re-derives every projection from the store's log and compares it with
  /// memory; also checks conservation and non-negativity at every point in
  /// time. store_failure names the first difference.
  [[nodiscard]] auto verify() const -> result<void>;

  /// Reads new events that other writers appended to the store.
  auto sync() -> result<void>;
  /// Writes a snapshot of every projection at the current log position to
  /// the store, which keeps the newest few (store::snapshots_kept); the next
  /// open() loads it and replays only the events after it. Returns that
  /// position. Errors: the store's (store_failure from a store that keeps no
  /// snapshots). Costs one pass over the projections under the writer lock.
  ///
  ///   auto at = inv.snapshot();  // result<std::uint64_t>
  auto snapshot() -> result<std::uint64_t>;
  /// How open() rebuilt the projections: from which snapshot, how many
  /// events it replayed, and which snapshots it skipped and why.
  [[nodiscard]] auto opening() const -> opening_report;
  /// How many events this inventory has applied.
  [[nodiscard]] auto log_position() const -> std::uint64_t;

  /// Runs `f(const state&)` under the reader lock, for many lookups at the
  /// cost of one lock: the projections of every domain, and their queries
  /// (onhand/ledger/queries.hpp, ...) take the state.
  template <class F>
  auto read(F&& f) const {
    auto lock = lock_shared();
    return std::forward<F>(f)(view());
  }

  /// Whether two inventories hold identical projections (replay determinism).
  [[nodiscard]] auto same_state(const inventory& other) const -> bool;

  // Transfers between sites (docs/concepts/transfers.md): a transfer order
  // ships source → transit and is received transit → destination, each in
  // parts, each movement one append of the transfer's event and its ledger
  // document; a retry under a key returns the original outcome.

  /// Opens a transfer order. Errors: unknown_code, invalid_location (source
  /// or destination not internal, or one site; transit not a transit
  /// location), tracking_mismatch, invalid_quantity, precision_exceeded,
  /// invalid_parameter (no lines), malformed_input, idempotency_conflict.
  auto open_transfer(const transfer_request& request) -> result<transfer_id>;
  /// Ships (part of) a transfer, source → transit. Errors: the posting's
  /// (insufficient_stock at the source, ...), unknown_transfer,
  /// transfer_already_closed, exceeds_transfer (more than is left to ship),
  /// invalid_parameter (a line index), invalid_quantity.
  auto ship_transfer(const transfer_shipment& shipment) -> result<posting>;
  /// Receives (part of) what is in transit, transit → destination. Errors:
  /// as ship_transfer; exceeds_transfer for more than is in transit.
  auto receive_transfer(const transfer_receipt& receipt) -> result<posting>;
  /// Closes a transfer: what is in transit is posted to the loss location
  /// and what was found beyond it from there to the destination, in one
  /// document with the reason as its note (nullopt: nothing moved).
  /// Errors: unknown_transfer, transfer_already_closed, invalid_location
  /// (loss), invalid_parameter (no reason for a discrepancy), the posting's.
  auto close_transfer(const transfer_close& close) -> result<std::optional<posting>>;
  /// The transfer opened under `key`. Errors: unknown_transfer.
  [[nodiscard]] auto transfer_by_key(std::string_view key) const -> result<transfer_order>;

  // Sales orders (onhand/orders/sales_commands.hpp, docs/concepts/sales_orders.md):
  // an order's lines hold stock through reservations made for them, so
  // allocated, shipped and backordered always match its reservations.
  /// Creates a sales order. Errors: malformed_input (key, channel,
  /// customer, a date), invalid_parameter (no lines or more than 1000, no
  /// location or more than 16, one twice), unknown_code, invalid_location
  /// (not internal), invalid_quantity, precision_exceeded,
  /// idempotency_conflict (the key holds another request).
  auto create_sales_order(const sales_order_request& request) -> result<sales_order_id>;
  /// Reserves, for each open line (highest priority first, then earliest
  /// requested), what is available to the order's channel at each location
  /// in turn; the rest stays backordered. All of it is one append, or
  /// nothing. Allocating again tops up what is backordered; with nothing
  /// available it changes nothing. Returns the order as it then stands.
  /// Errors: unknown_sales_order, invalid_parameter (a line index, the
  /// locations), unknown_code, invalid_location.
  auto allocate_sales_order(const sales_order_allocation& allocation) -> result<sales_order_status>;
  /// Ships what a line holds at one location: each of the line's
  /// reservations there is committed with a document that moves its part
  /// of the picks (the caller's, or FEFO) to the customer location, all in
  /// one append. Less than is held is a short pick: the rest stays held,
  /// or with release_rest goes back to backordered. Errors: the posting's
  /// (insufficient_stock, lot_expired, ...), unknown_sales_order,
  /// invalid_parameter (a line index, picks that do not add up),
  /// invalid_location (`to` not a customer location, a pick outside the
  /// allocation's location), already_resolved (nothing held there),
  /// exceeds_reservation, invalid_quantity, malformed_input,
  /// idempotency_conflict.
  auto ship_sales_order_line(const sales_order_shipment& shipment) -> result<sales_order_status>;
  /// Takes back goods a customer returns of a shipped line: one document
  /// (reason `returned`, keyed "<key>/1") moves them from the customer
  /// location the line shipped to, back to `request.to` (usable stock for a
  /// resellable return, a held location otherwise), and the line's
  /// `returned` grows. A retry under the key returns the same posting.
  /// Errors: the posting's, unknown_sales_order, invalid_parameter (a line
  /// index), invalid_quantity, precision_exceeded, unknown_code,
  /// invalid_location, tracking_mismatch, exceeds_shipment (more than the
  /// line shipped there, of that lot, less what came back), malformed_input,
  /// idempotency_conflict.
  auto return_sales_order_line(const sales_return_request& request) -> result<posting>;
  /// Cancels a line, or every line: what they hold is released and what
  /// they lack is no longer backordered. Errors: unknown_sales_order,
  /// invalid_parameter (a line index), already_resolved (nothing left to
  /// cancel), malformed_input, idempotency_conflict.
  auto cancel_sales_order(const sales_order_cancel& cancel) -> result<sales_order_status>;
  /// The order created under `key` and where each of its lines stands.
  /// Errors: unknown_sales_order.
  [[nodiscard]] auto sales_order_by_key(std::string_view key) const -> result<sales_order_status>;

  // Purchasing (onhand/purchasing/commands.hpp, docs/concepts/purchasing.md).
  // Send, cancel and close are recorded at the inventory's clock; repeating
  // one that is done is a no-op. Order and change keys are idempotency keys:
  // a retry returns the original outcome.
  /// Defines a supplier or changes its terms. Errors: malformed_input,
  /// unknown_code / invalid_location (location), invalid_parameter (tolerances).
  auto define_supplier(const supplier_definition& supplier) -> result<supplier_id>;
  /// Sets a supplier's terms for an item and its price from valid_from.
  auto set_supplier_item(const supplier_item_terms& terms) -> result<void>;
  /// Creates a purchase order as a draft. Errors: unknown_code (supplier,
  /// item, destination), invalid_quantity (amount, minimum order, pack size),
  /// invalid_location, invalid_parameter, idempotency_conflict.
  auto create_purchase_order(const purchase_order_request& order) -> result<purchase_order_id>;
  /// Sends a draft order. Errors: unknown_purchase_order, wrong_purchase_order_status.
  auto send_purchase_order(std::string_view order) -> result<void>;
  /// Changes a line's quantity and expected date.
  auto change_purchase_order_line(const purchase_order_change& change) -> result<void>;
  /// Cancels an order that received nothing.
  auto cancel_purchase_order(std::string_view order) -> result<void>;
  /// Closes a sent order: what did not arrive is no longer on order.
  auto close_purchase_order(std::string_view order) -> result<void>;
  /// Receives goods against a line (or unexpected goods): the receipt, its
  /// costs (the line's price, or the unexpected receipt's unit_cost) and its
  /// ledger document in one append. Errors: the posting's,
  /// unknown_purchase_order, wrong_purchase_order_status, over_receipt,
  /// unexpected_receipt, invalid_parameter (line, lots, unit_cost on a line),
  /// invalid_cost (unit_cost), invalid_location (another inspection location).
  auto receive(const receipt_request& receipt) -> result<posting>;
  /// From now on, receipts of `terms.item` from `terms.supplier` against an
  /// order go to `terms.location` for inspection (none: no inspection).
  /// Errors: unknown_code, invalid_location (not an internal location).
  auto set_inspection(const inspection_terms& terms) -> result<void>;
  /// Releases part of what a line holds in inspection: accepted into the
  /// line's destination, returned to the supplier or scrapped, the event and
  /// its ledger document in one append. Errors: the posting's,
  /// unknown_purchase_order, not_inspected, exceeds_inspection,
  /// invalid_parameter (line, lots, reason), invalid_location (scrap).
  auto release_inspection(const inspection_release& release) -> result<posting>;

  // Counting (onhand/counting/commands.hpp, docs/concepts/cycle_counting.md),
  // defined in src/counting/facade.cpp. Each command is keyed: a retry
  // returns the original outcome.

  /// Starts a count task: snapshots the book of the item (and lot) at the
  /// location now. Errors: malformed_input, unknown_code, invalid_location,
  /// tracking_mismatch, invalid_parameter (a tolerance), count_in_progress,
  /// idempotency_conflict.
  auto start_count(const count_request& request) -> result<count_task_id>;
  /// Submits a count: within the task's tolerance the difference to the book
  /// at the counted time is posted at once (one append with the ledger's
  /// adjustment document), else the task awaits approval. Errors:
  /// unknown_count_task, wrong_count_status, invalid_quantity,
  /// precision_exceeded, invalid_parameter (counted_at), and the posting's
  /// (backdate_not_allowed, insufficient_stock, ...).
  auto submit_count(const count_submission& submission) -> result<count_outcome>;
  /// Approves a count awaiting approval: posts counted − the book at the
  /// counted time now. Errors: as submit_count's.
  auto approve_count(const count_decision& decision) -> result<count_outcome>;
  /// Rejects a count awaiting approval: the book stands, the task closes.
  auto reject_count(const count_decision& decision) -> result<void>;
  /// Sets a count awaiting approval aside: the task waits for another count.
  auto request_recount(const count_decision& decision) -> result<void>;
  /// The task started under `key`. Errors: unknown_count_task.
  [[nodiscard]] auto count_task_by_key(std::string_view key) const -> result<count_task>;

  // Valuation (docs/concepts/valuation.md): costing methods, costed
  // receipts, the value of stock and cost of goods sold.
  /// From now on (the clock's time), values `request.item` by its method;
  /// the stock held is revalued (see the concept page). Setting the method
  /// and cost an item already has is a no-op. Errors: unknown_code,
  /// invalid_cost, invalid_parameter (a standard cost for another method).
  auto set_costing_method(const costing_request& request) -> result<void>;
  /// Posts `document`, a receipt whose every line brings stock in from a
  /// virtual location, with the unit cost of each line (per base unit, in
  /// line order), as one append. A retry under the same key with the same
  /// document and costs returns the original posting. Errors: post()'s,
  /// cost_mismatch, invalid_cost.
  auto post_costed_receipt(const movement_document& document, std::span<const money> unit_costs)
      -> result<posting>;
  /// The same, for a document given by codes and units (costs per base unit).
  auto post_costed_receipt(const document_spec& document, std::span<const money> unit_costs)
      -> result<posting>;
  /// `item` at exactly `location`: its on-hand and value, now or as of `at`.
  [[nodiscard]] auto value_of(item_id item, location_id location,
                              std::optional<timestamp> at = std::nullopt) const -> stock_value;
  /// The valuation report as of `at` (onhand/valuation/queries.hpp).
  [[nodiscard]] auto valuation_report(timestamp at) const -> std::vector<valuation_row>;
  /// Cost of goods sold effective in [from, to).
  [[nodiscard]] auto cost_of_goods_sold(timestamp from, timestamp to,
                                        const value_filter& filter = {}) const -> money;

 private:
  struct impl;
  explicit inventory(std::unique_ptr<impl> state);
  [[nodiscard]] auto lock_shared() const -> std::shared_lock<std::shared_mutex>;
  [[nodiscard]] auto view() const -> state;
  std::unique_ptr<impl> impl_;
};

}  // namespace onhand
