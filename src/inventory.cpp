// SPDX-License-Identifier: Apache-2.0
// The facade: the lock, opening and syncing, and one commit or one query
// per public member. Validation lives in each domain's commands, the commit
// loop in the engine, queries in each domain's queries.
#include "onhand/inventory.hpp"

#include <mutex>
#include <shared_mutex>

#include "onhand/ledger/queries.hpp"

#include "catalog/commands.hpp"
#include "inventory_impl.hpp"
#include "ledger/commands.hpp"

namespace onhand {
namespace {

// A batch of documents judged by the promise rule too: each sees the lines
// of the documents accepted before it that move promised items.
class promise_checked {
 public:
  promise_checked(detail::document_batch& inner, const detail::engine& engine,
                  std::span<const movement_document> documents, timestamp recorded)
      : inner_(inner), engine_(engine), documents_(documents), recorded_(recorded) {}

  [[nodiscard]] auto count() const -> std::size_t { return inner_.count(); }
  [[nodiscard]] auto key(std::size_t i) const { return inner_.key(i); }
  [[nodiscard]] auto same_request(std::size_t i, const event& stored) const -> bool {
    return inner_.same_request(i, stored);
  }
  [[nodiscard]] auto same_as(std::size_t i, std::size_t j) const -> bool {
    return inner_.same_as(i, j);
  }
  auto validate(std::size_t i) -> result<detail::intent> {
    auto made = inner_.validate(i);
    if (!made) return made;
    if (auto kept = detail::check_promises(engine_.view(), documents_[i], recorded_, {}, &earlier_);
        !kept) {
      return std::move(kept).error();
    }
    return made;
  }
  void accept(std::size_t i) {
    inner_.accept(i);
    const auto s = engine_.view();
    if (!s.reservations.any_open()) return;
    for (const auto& line : documents_[i].lines) {
      if (s.reservations.any_open(line.item)) earlier_.push_back(line);
    }
  }
  void reset() {
    inner_.reset();
    earlier_.clear();
  }

 private:
  detail::document_batch& inner_;
  const detail::engine& engine_;
  std::span<const movement_document> documents_;
  timestamp recorded_;
  detail::pending_lines earlier_;
};

}  // namespace

inventory::inventory(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
inventory::inventory(inventory&&) noexcept = default;
auto inventory::operator=(inventory&&) noexcept -> inventory& = default;
inventory::~inventory() = default;

auto inventory::open(std::unique_ptr<store> log, inventory_options options) -> result<inventory> {
  ONHAND_ASSERT(log != nullptr, "an inventory needs a store");
  for (const auto& [limit, name] : {std::pair{options.policy.backdate_limit, "backdate_limit"},
                                    std::pair{options.policy.future_limit, "future_limit"}}) {
    if (limit.count() < 0) {
      return make_error(
          errc::invalid_parameter,
          std::string(name) + " must not be negative (unlimited: ledger_policy::unlimited)",
          error_context{.field = name});
    }
  }
  auto state = std::make_unique<impl>(std::move(log), std::move(options));
  auto& engine = state->engine;
  if (auto opened = engine.open(state->opening, state->options.replay_progress); !opened) {
    return std::move(opened).error();
  }
  if (state->options.standard_locations) {
    for (const auto& location : standard_locations::definitions()) {
      auto defined = engine.commit([&] { return detail::validate(engine.view(), location); });
      if (!defined) return std::move(defined).error();
    }
  }
  return inventory{std::move(state)};
}

auto inventory::lock_shared() const -> std::shared_lock<std::shared_mutex> {
  return std::shared_lock{impl_->mutex};
}
auto inventory::view() const -> state { return impl_->engine.view(); }

// Commands: the writer lock, then the domain's validation through the engine.

auto inventory::define_item(const item_definition& item) -> result<item_id> {
  std::unique_lock lock{impl_->mutex};
  return impl_->define(item);
}

auto inventory::define_location(const location_definition& location) -> result<location_id> {
  std::unique_lock lock{impl_->mutex};
  return impl_->define(location);
}

auto inventory::define_lot(const lot_definition& lot) -> result<lot_id> {
  std::unique_lock lock{impl_->mutex};
  return impl_->define(lot);
}

auto inventory::set_lot_status(lot_id lot, lot_status status) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed =
      engine.commit([&] { return detail::validate_lot_status(engine.view(), lot, status); });
  if (!committed) return std::move(committed).error();
  return {};
}

// Postings read the clock before they wait for the writer lock: a clock
// that is slow, or must take another lock (Python's), never runs under ours.

auto inventory::post(const movement_document& document) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  return impl_->post(document, document_id::none(), recorded);
}

auto inventory::post(const document_spec& spec) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  // Resolved against the view the commit loop validates with: again after
  // it caught up with other writers. A spec that does not resolve goes
  // through the key check all the same, so the key and the content compete
  // by precedence as for a document by ids. (A spec that does not resolve
  // now never did: the catalog only grows, so it cannot be a retry.)
  auto resolved_at = engine.view().log_position;
  auto document = detail::resolve(engine.view(), spec);
  auto current = [&]() -> result<movement_document>& {
    if (engine.view().log_position != resolved_at) {
      resolved_at = engine.view().log_position;
      document = detail::resolve(engine.view(), spec);
    }
    return document;
  };
  auto committed = engine.commit_keyed(
      {spec.key, domain::ledger, "document"},
      [&](const event& stored) {
        const auto& doc = current();
        return doc && detail::same_posting(stored, *doc, document_id::none());
      },
      [&]() -> result<detail::intent> {
        const auto& doc = current();
        if (!doc) return doc.error();
        return impl_->validate_posting(*doc, document_id::none(), recorded);
      });
  if (!committed) return std::move(committed).error();
  return detail::posting_at(engine.view(), committed->log_position, committed->replayed);
}

auto inventory::post_batch(std::span<const movement_document> documents, batch_options options)
    -> result<batch_result> {
  if (documents.size() > batch_documents_max) {
    return make_error(errc::malformed_input,
                      "a batch holds at most " + std::to_string(batch_documents_max) +
                          " documents, not " + std::to_string(documents.size()),
                      error_context{.field = "documents"});
  }
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  detail::document_batch documents_batch{engine.projections(), impl_->validator, documents,
                                         recorded, impl_->options.policy};
  promise_checked batch{documents_batch, engine, documents, recorded};
  auto committed = engine.commit_batch(batch, options.atomic);
  if (!committed) return std::move(committed).error();
  batch_result out;
  out.refusals = std::move(committed->refusals);
  out.documents.resize(committed->slots.size());
  for (std::size_t i = 0; i < committed->slots.size(); ++i) {
    const auto& slot = committed->slots[i];
    auto& entry = out.documents[i];
    using outcome = detail::batch_slot::outcome;
    if (slot.what == outcome::appended || slot.what == outcome::replayed) {
      entry.state = batch_entry::status::posted;
      entry.posted =
          detail::posting_at(engine.view(), slot.log_position, slot.what == outcome::replayed);
      ++out.posted;
    } else if (slot.what == outcome::refused) {
      entry.state = batch_entry::status::refused;
      entry.refusal = slot.refusal;
      ++out.refused;
    }
  }
  return out;
}

auto inventory::reverse(std::string_view original_key, std::string reversal_key,
                        std::optional<timestamp> effective, document_reference reference)
    -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  const auto original = find_document(engine.view(), original_key);
  if (!original) {
    // Refused either way; through the key check, so that a reversal key
    // another request holds is the idempotency_conflict it outranks.
    auto refused = engine.commit_keyed(
        {reversal_key, domain::ledger, "document"}, [](const event&) { return false; },
        [&]() -> result<detail::intent> {
          return make_error(
              errc::unknown_code,
              "no document was posted under key '" + std::string(original_key) + "'",
              error_context{.document = std::string(original_key), .field = "document"});
        });
    ONHAND_ASSERT(!refused, "a reversal of nothing is refused");
    return std::move(refused).error();
  }
  auto stored = engine.read_event(engine.view().ledger.document(*original).log_position);
  if (!stored) return std::move(stored).error();
  auto doc = detail::reversal_of(*stored, std::move(reversal_key), effective, std::move(reference));
  if (!doc) return std::move(doc).error();
  // A retry of this reversal replays; only a new reversal is refused.
  if (!engine.view().keys.find(doc->key)) {
    if (auto ok = detail::check_reversible(engine.view(), *original); !ok) return ok.error();
  }
  return impl_->post(*doc, *original, recorded);
}

// Queries: the reader lock, then the domain's query.

auto inventory::resolve(const line_spec& line) const -> result<movement_line> {
  return read([&](const state& s) { return detail::resolve(s, line); });
}

auto inventory::item_by_code(std::string_view code) const -> result<item_id> {
  return read([&](const state& s) { return s.catalog.item_by_code(code); });
}
auto inventory::location_by_code(std::string_view code) const -> result<location_id> {
  return read([&](const state& s) { return s.catalog.location_by_code(code); });
}
auto inventory::lot_by_code(item_id item, std::string_view code) const -> result<lot_id> {
  return read([&](const state& s) -> result<lot_id> {
    if (item.index() >= s.catalog.item_count()) {
      return make_error(errc::unknown_code, "unknown item id", error_context{.field = "item"});
    }
    return s.catalog.lot_by_code(item, code);
  });
}

auto inventory::balance(item_id item, location_id location, lot_id lot) const -> stock_level {
  return read([&](const state& s) { return onhand::balance(s, item, location, lot); });
}
auto inventory::balance_as_of(item_id item, location_id location, lot_id lot, timestamp at) const
    -> stock_level {
  return read([&](const state& s) { return onhand::balance_as_of(s, item, location, lot, at); });
}
auto inventory::on_hand(item_id item, location_id location) const -> stock_level {
  return read([&](const state& s) { return onhand::on_hand(s, item, location); });
}
auto inventory::on_hand_as_of(item_id item, location_id location, timestamp at) const
    -> stock_level {
  return read([&](const state& s) { return onhand::on_hand_as_of(s, item, location, at); });
}
auto inventory::on_hand_within(item_id item, location_id root) const -> stock_level {
  return read([&](const state& s) { return onhand::on_hand_within(s, item, root); });
}
auto inventory::on_hand_within_as_of(item_id item, location_id root, timestamp at) const
    -> stock_level {
  return read([&](const state& s) { return onhand::on_hand_within_as_of(s, item, root, at); });
}
auto inventory::balance_within(item_id item, location_id root, lot_id lot) const -> stock_level {
  return read([&](const state& s) { return onhand::balance_within(s, item, root, lot); });
}
auto inventory::balance_within_as_of(item_id item, location_id root, lot_id lot, timestamp at) const
    -> stock_level {
  return read([&](const state& s) { return onhand::balance_within_as_of(s, item, root, lot, at); });
}
auto inventory::totals(item_id item, std::optional<lot_id> lot) const -> item_totals {
  return read([&](const state& s) { return onhand::totals(s, item, lot); });
}
auto inventory::totals_as_of(item_id item, timestamp at, std::optional<lot_id> lot) const
    -> item_totals {
  return read([&](const state& s) { return onhand::totals_as_of(s, item, at, lot); });
}
auto inventory::position(item_id item, location_id location, date day) const -> stock_position {
  return read([&](const state& s) { return onhand::position(s, item, location, day); });
}
auto inventory::positions(item_id item, date day) const -> std::vector<stock_position> {
  return read([&](const state& s) { return onhand::positions(s, item, day); });
}
auto inventory::history(item_id item, std::optional<location_id> location) const
    -> std::vector<history_row> {
  return read([&](const state& s) { return onhand::history(s, item, location); });
}
auto inventory::location_history(location_id location) const -> std::vector<history_row> {
  return read([&](const state& s) { return onhand::location_history(s, location); });
}
auto inventory::daily_demand(date first, date last, std::span<const location_id> locations,
                             std::span<const location_id> customers) const -> result<demand_table> {
  return read(
      [&](const state& s) { return onhand::daily_demand(s, first, last, locations, customers); });
}

// The log.

auto inventory::verify() const -> result<void> {
  auto lock = lock_shared();
  return impl_->engine.verify();
}

auto inventory::sync() -> result<void> {
  std::unique_lock lock{impl_->mutex};
  return impl_->engine.catch_up();
}

auto inventory::snapshot() -> result<std::uint64_t> {
  std::unique_lock lock{impl_->mutex};
  return impl_->engine.snapshot();
}

auto inventory::opening() const -> opening_report {
  auto lock = lock_shared();
  return impl_->opening;
}

auto inventory::log_position() const -> std::uint64_t {
  return read([](const state& s) { return s.log_position; });
}

auto inventory::same_state(const inventory& other) const -> bool {
  if (this == &other) return true;
  auto lock = lock_shared();
  auto other_lock = other.lock_shared();
  return impl_->engine.projections() == other.impl_->engine.projections();
}

}  // namespace onhand
