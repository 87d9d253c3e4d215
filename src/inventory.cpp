// SPDX-License-Identifier: Apache-2.0
#include "onhand/inventory.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>

namespace onhand {
namespace {

constexpr std::size_t lines_max = 10'000;
constexpr std::size_t reference_length_max = 1'024;
constexpr int append_attempts_max = 16;
constexpr std::size_t replay_chunk = 4'096;

// Precedence of a code: its place in all_errc (declaration order).
auto precedence(errc code) -> std::size_t {
  for (std::size_t i = 0; i < std::size(all_errc); ++i) {
    if (all_errc[i] == code) return i;
  }
  return std::size(all_errc);
}

// Keeps the error of highest precedence among several.
class worst_error {
 public:
  void offer(error e) {
    if (!error_ || precedence(e.code) < precedence(error_->code)) error_ = std::move(e);
  }
  [[nodiscard]] auto has() const -> bool { return error_.has_value(); }
  auto take() -> error { return std::move(*error_); }

 private:
  std::optional<error> error_;
};

auto system_now() -> timestamp {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace

// Everything an inventory derives from its log.
struct projections {
  onhand::catalog catalog;
  stock_ledger ledger;
  std::vector<quantity> serial_in_stock;  // per lot id: physical on-hand of a serial
  std::uint64_t position = 0;

  [[nodiscard]] auto physical(location_id id) const -> bool {
    return holds_stock(catalog.location(id).kind);
  }
  [[nodiscard]] auto may_go_negative(location_id id) const -> bool {
    const auto& l = catalog.location(id);
    return !holds_stock(l.kind) || l.allow_negative;
  }

  // Checks what replay must trust about an event from the log: ids in range.
  [[nodiscard]] auto check(const event& e) const -> result<void> {
    auto bad = [&](const std::string& what) {
      return make_error(errc::store_failure, "event " + std::to_string(position) +
                                                 " in the log is inconsistent: " + what);
    };
    if (const auto* item = std::get_if<item_defined>(&e)) {
      auto ok = catalog.validate(item->item);
      if (!ok || ok->has_value()) return bad("item " + item->item.code);
    } else if (const auto* location = std::get_if<location_defined>(&e)) {
      auto ok = catalog.validate(location->location);
      if (!ok || ok->has_value()) return bad("location " + location->location.code);
    } else if (const auto* lot = std::get_if<lot_defined>(&e)) {
      auto ok = catalog.validate(lot->lot);
      if (!ok || ok->has_value()) return bad("lot " + lot->lot.code);
    } else if (const auto* status = std::get_if<lot_status_set>(&e)) {
      if (status->lot.index() >= catalog.lot_count()) return bad("unknown lot id");
    } else if (const auto* posted = std::get_if<document_posted>(&e)) {
      if (!posted->stamp.reverses.is_none() &&
          posted->stamp.reverses.index() >= ledger.document_count()) {
        return bad("reversal of an unknown document");
      }
      for (const auto& line : posted->document.lines) {
        if (line.item.index() >= catalog.item_count() ||
            line.from.index() >= catalog.location_count() ||
            line.to.index() >= catalog.location_count() ||
            (!line.lot.is_none() && (line.lot.index() >= catalog.lot_count() ||
                                     catalog.lot_item(line.lot) != line.item))) {
          return bad("a line names an unknown id");
        }
      }
    }
    return {};
  }

  // Reads, checks and applies every event the store holds beyond `position`.
  auto replay_from(const store& log) -> result<void> {
    std::vector<event_record> records;
    while (true) {
      records.clear();
      if (auto read = log.read(position, replay_chunk, records); !read) return read;
      if (records.empty()) return {};
      for (const auto& record : records) {
        auto decoded = decode(record.payload);
        if (!decoded) return std::move(decoded).error();
        if (auto ok = check(*decoded); !ok) return ok;
        apply(*decoded);
      }
    }
  }

  void apply(const event& e) {
    std::visit(
        [&](const auto& ev) {
          using type = std::decay_t<decltype(ev)>;
          if constexpr (std::is_same_v<type, item_defined>) {
            catalog.add(ev.item);
          } else if constexpr (std::is_same_v<type, location_defined>) {
            catalog.add(ev.location);
          } else if constexpr (std::is_same_v<type, lot_defined>) {
            catalog.add(ev.lot);
            serial_in_stock.emplace_back();
          } else if constexpr (std::is_same_v<type, lot_status_set>) {
            catalog.set_status(ev.lot, ev.status);
          } else {
            apply_document(ev.document, ev.stamp);
            return;
          }
          ++position;
        },
        e);
  }

  void apply_document(const movement_document& document, const posting_stamp& stamp,
                      std::span<const std::size_t> positions = {}) {
    ledger.apply(document, stamp, position, positions);
    for (const auto& line : document.lines) {
      if (!catalog.item(line.item).serial_tracked) continue;
      auto& in_stock = serial_in_stock[line.lot.index()];
      if (physical(line.from)) in_stock -= line.amount;
      if (physical(line.to)) in_stock += line.amount;
    }
    ++position;
  }
};

struct inventory::impl {
  std::unique_ptr<store> log;
  inventory_options options;
  mutable std::shared_mutex mutex;
  projections state;
  // Scratch kept between commands (writers are serialized): the encoded
  // event, and the stock check's per-account sums and marks.
  std::string payload_;
  struct net {
    balance_key key;
    quantity delta;
    std::uint32_t account;  // stock_ledger::none for an account the document creates
  };
  std::vector<net> nets_;
  std::vector<std::size_t> positions_;  // slot position per line side, for apply()
  std::vector<std::uint32_t> marks_;
  std::vector<std::uint32_t> mark_slots_;
  std::uint32_t mark_epoch_ = 0;

  auto now() const -> timestamp { return options.clock ? options.clock() : system_now(); }

  // Reads and applies what the store holds beyond our position.
  auto catch_up() -> result<void> { return state.replay_from(*log); }

  // What a command appends and applies: a catalog event, or a document
  // (referenced, not copied) with its stamp.
  struct pending {
    std::optional<event> catalog_event;
    const movement_document* document = nullptr;
    posting_stamp stamp;
  };

  // Appends one event at our position and applies it; on a concurrency
  // conflict (or a refusal from a stale view), catches up and asks `build`
  // again. `build` returns nothing for a no-op.
  template <class Build>
  auto commit(Build&& build) -> result<std::uint64_t> {
    for (int attempt = 0; attempt < append_attempts_max; ++attempt) {
      auto made = build();
      if (!made) {
        // A refusal may come from a stale view when others share the log:
        // look once more with what they appended before answering.
        auto end = log->end();
        if (!end || *end == state.position) return std::move(made).error();
        if (auto synced = catch_up(); !synced) return synced.error();
        continue;
      }
      if (!made->has_value()) return state.position;
      const pending& p = **made;
      std::string_view key;
      if (p.document != nullptr) {
        key = p.document->key;
        encode_posting_into(payload_, *p.document, p.stamp);
      } else {
        payload_ = encode(*p.catalog_event);
      }
      const event_view record{key, payload_};
      auto appended = log->append(std::span{&record, 1}, state.position);
      if (appended) {
        const auto at = state.position;
        if (p.document != nullptr) {
          state.apply_document(*p.document, p.stamp, positions_);
        } else {
          state.apply(*p.catalog_event);
        }
        return at;
      }
      if (appended.error().code != errc::concurrency_conflict) return std::move(appended).error();
      if (auto synced = catch_up(); !synced) return synced.error();
    }
    return make_error(errc::concurrency_conflict, "the store kept moving; gave up after " +
                                                      std::to_string(append_attempts_max) +
                                                      " attempts");
  }

  auto line_error(errc code, std::string message, const movement_line& line, std::size_t index)
      -> error {
    error_context context;
    const auto& cat = state.catalog;
    if (line.item.index() < cat.item_count()) context.item = cat.item(line.item).code;
    if (!line.lot.is_none() && line.lot.index() < cat.lot_count()) {
      context.lot = cat.lot(line.lot).code;
    }
    context.line = index;
    return make_error(code, "line " + std::to_string(index) + ": " + std::move(message),
                      std::move(context));
  }

  // Structural checks of one line: ids, tracking, quantity, locations.
  auto check_line(const movement_line& line, std::size_t index) -> std::optional<error> {
    const auto& cat = state.catalog;
    if (line.item.index() >= cat.item_count()) {
      return line_error(errc::unknown_code, "unknown item id", line, index);
    }
    for (auto location : {line.from, line.to}) {
      if (location.index() >= cat.location_count()) {
        return line_error(errc::unknown_code, "unknown location id", line, index);
      }
    }
    const auto& item = cat.item(line.item);
    if (!line.lot.is_none() && line.lot.index() >= cat.lot_count()) {
      return line_error(errc::unknown_code, "unknown lot id", line, index);
    }
    worst_error worst;
    if (!line.amount.is_positive()) {
      worst.offer(line_error(errc::invalid_quantity,
                             "quantity must be positive, not " + line.amount.to_string(), line,
                             index));
    } else if (!line.amount.fits_decimals(item.units.base().decimals)) {
      worst.offer(line_error(errc::precision_exceeded,
                             line.amount.to_string() + " " + item.units.base().name +
                                 " has more decimals than the unit allows",
                             line, index));
    }
    const bool tracked = item.lot_tracked || item.serial_tracked;
    if (tracked && line.lot.is_none()) {
      worst.offer(line_error(
          errc::tracking_mismatch,
          "item '" + item.code + "' needs a " + (item.serial_tracked ? "serial number" : "lot"),
          line, index));
    } else if (!tracked && !line.lot.is_none()) {
      worst.offer(line_error(errc::tracking_mismatch,
                             "item '" + item.code + "' is not lot- or serial-tracked", line,
                             index));
    } else if (tracked && cat.lot_item(line.lot) != line.item) {
      worst.offer(
          line_error(errc::tracking_mismatch, "the lot belongs to another item", line, index));
    } else if (item.serial_tracked && line.amount != quantity::units(1)) {
      worst.offer(line_error(errc::invalid_quantity,
                             "a serial number moves exactly 1 " + item.units.base().name, line,
                             index));
    }
    if (line.from == line.to) {
      auto e =
          line_error(errc::invalid_location, "source and destination are the same", line, index);
      e.context.location = cat.location(line.from).code;
      worst.offer(std::move(e));
    }
    if (worst.has()) return worst.take();
    return std::nullopt;
  }

  // Lot status and expiry: nothing unusable goes to a customer or production.
  auto check_lot_usable(const movement_line& line, std::size_t index, date day)
      -> std::optional<error> {
    if (line.lot.is_none()) return std::nullopt;
    const auto kind = state.catalog.location(line.to).kind;
    if (kind != location_kind::customer && kind != location_kind::production) return std::nullopt;
    const auto& lot = state.catalog.lot(line.lot);
    if (lot.status != lot_status::available) {
      return line_error(errc::lot_quarantined,
                        "lot '" + lot.code + "' is " + std::string(name_of(lot.status)), line,
                        index);
    }
    if (lot.expiry && std::chrono::sys_days{*lot.expiry} < std::chrono::sys_days{day}) {
      return line_error(errc::lot_expired,
                        "lot '" + lot.code + "' expired on " + format(*lot.expiry), line, index);
    }
    return std::nullopt;
  }

  // Net effect per account, and the stock checks over every later time.
  auto check_stock(const movement_document& document, const posting_stamp& stamp)
      -> std::optional<error> {
    auto& deltas = nets_;
    deltas.clear();
    // Lines touching the same account are summed first. Existing accounts are
    // found by a mark per account (no quadratic search for long documents);
    // the few accounts a document creates are compared among themselves.
    if (++mark_epoch_ == 0) {
      std::fill(marks_.begin(), marks_.end(), 0U);
      mark_epoch_ = 1;
    }
    if (marks_.size() < state.ledger.account_count()) {
      marks_.resize(state.ledger.account_count(), 0U);
      mark_slots_.resize(state.ledger.account_count());
    }
    positions_.clear();
    auto add = [&](const balance_key& key, quantity delta) -> bool {
      const auto position = state.ledger.find_position(key);
      positions_.push_back(position);
      const auto account = position == stock_ledger::npos
                               ? stock_ledger::none
                               : state.ledger.account_at_position(position);
      if (account != stock_ledger::none) {
        if (marks_[account] == mark_epoch_) {
          auto& n = deltas[mark_slots_[account]];
          return !add_overflows(n.delta, delta, n.delta);
        }
        marks_[account] = mark_epoch_;
        mark_slots_[account] = static_cast<std::uint32_t>(deltas.size());
      } else {
        for (auto& n : deltas) {
          if (n.account == stock_ledger::none && n.key == key) {
            return !add_overflows(n.delta, delta, n.delta);
          }
        }
      }
      deltas.push_back({key, delta, account});
      return true;
    };
    const auto& lines = document.lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& line = lines[i];
      if (!add({line.item, line.from, line.lot}, -line.amount) ||
          !add({line.item, line.to, line.lot}, line.amount)) {
        return line_error(errc::overflow, "the document's quantities overflow", line, i);
      }
    }
    worst_error worst;
    const auto& cat = state.catalog;
    for (const auto& n : deltas) {
      const auto index = n.account;
      const auto current = index == stock_ledger::none ? stock_level::zero()
                                                       : state.ledger.account_at(index).on_hand;
      quantity after;
      quantity total_after;
      const auto total = index == stock_ledger::none
                             ? state.ledger.total(n.key.item, n.key.location)
                             : state.ledger.total_of(index);
      if (add_overflows(current.from_zero(), n.delta, after) ||
          add_overflows(total.from_zero(), n.delta, total_after)) {
        worst.offer(make_error(errc::overflow, "the balance would overflow",
                               error_context{.item = cat.item(n.key.item).code,
                                             .location = cat.location(n.key.location).code}));
        continue;
      }
      if (!n.delta.is_negative() || state.may_go_negative(n.key.location)) continue;
      const auto lowest = index == stock_ledger::none
                              ? stock_level::zero()
                              : state.ledger.lowest_balance_from(index, stamp.effective);
      if ((lowest + n.delta).is_negative()) {
        error_context context{.item = cat.item(n.key.item).code,
                              .location = cat.location(n.key.location).code,
                              .requested = -n.delta,
                              .available = lowest.from_zero()};
        if (!n.key.lot.is_none()) context.lot = cat.lot(n.key.lot).code;
        // Enough stock at the effective time, but not at some later time.
        const bool later = index != stock_ledger::none &&
                           lowest < state.ledger.balance_as_of(index, stamp.effective);
        auto message = "'" + context.item + "' at '" + context.location +
                       "': " + (-n.delta).to_string() + " requested, " + lowest.to_string() +
                       " available" +
                       (later ? " at a later point in time (the posting is back-dated)" : "");
        worst.offer(make_error(errc::insufficient_stock, std::move(message), std::move(context)));
      }
    }
    // A serial number is in stock at one place at most.
    std::map<std::uint32_t, quantity> serial_delta;  // allocates only for serial items
    for (const auto& line : lines) {
      if (!cat.item(line.item).serial_tracked) continue;
      auto& d = serial_delta[line.lot.value];
      if (state.physical(line.from)) d -= line.amount;
      if (state.physical(line.to)) d += line.amount;
    }
    for (const auto& [lot, d] : serial_delta) {
      if (state.serial_in_stock[lot] + d > quantity::units(1)) {
        const auto& definition = cat.lot(lot_id{lot});
        worst.offer(make_error(
            errc::tracking_mismatch,
            "serial '" + definition.code + "' of '" + definition.item + "' is already in stock",
            error_context{.item = definition.item, .lot = definition.code}));
      }
    }
    if (worst.has()) return worst.take();
    return std::nullopt;
  }

  // Validates a document and resolves its times.
  auto prepare(const movement_document& doc, document_id reverses, timestamp recorded)
      -> result<posting_stamp> {
    const error_context doc_context{.document = doc.key};
    if (auto ok = validate_code(doc.key, "document"); !ok) {
      auto err = std::move(ok).error();
      err.context.document = doc.key;
      return err;
    }
    if (doc.lines.empty() || doc.lines.size() > lines_max) {
      return make_error(errc::malformed_input,
                        "a document needs 1 to " + std::to_string(lines_max) + " lines, not " +
                            std::to_string(doc.lines.size()),
                        error_context{.document = doc.key, .field = "lines"});
    }
    for (const auto* text :
         {&doc.reference.external_document, &doc.reference.external_line, &doc.reference.note}) {
      if (text->size() > reference_length_max) {
        return make_error(errc::malformed_input, "a reference field is longer than 1024 bytes",
                          error_context{.document = doc.key, .field = "reference"});
      }
    }
    worst_error worst;
    for (std::size_t i = 0; i < doc.lines.size(); ++i) {
      if (auto e = check_line(doc.lines[i], i)) worst.offer(std::move(*e));
    }
    if (worst.has()) {
      auto err = worst.take();
      err.context.document = doc.key;
      return err;
    }
    const posting_stamp stamp{doc.effective.value_or(recorded), recorded, reverses};
    const auto& policy = options.policy;
    if (stamp.effective < recorded - policy.backdate_limit ||
        stamp.effective > recorded + policy.future_limit) {
      return make_error(errc::backdate_not_allowed,
                        "effective time " + format(stamp.effective) +
                            " is outside the ledger's window around " + format(recorded),
                        error_context{.document = doc.key, .field = "effective"});
    }
    const auto day = date_of(stamp.effective);
    for (std::size_t i = 0; i < doc.lines.size(); ++i) {
      if (auto e = check_lot_usable(doc.lines[i], i, day)) worst.offer(std::move(*e));
    }
    if (auto e = check_stock(doc, stamp)) worst.offer(std::move(*e));
    if (worst.has()) {
      auto err = worst.take();
      err.context.document = doc.key;
      return err;
    }
    return stamp;
  }

  auto stored_document(std::uint32_t number) const -> result<document_posted> {
    std::vector<event_record> records;
    const auto& header = state.ledger.document(number);
    if (auto read = log->read(header.log_position, 1, records); !read) return read.error();
    if (records.size() != 1) {
      return make_error(errc::store_failure, "the store lost document " + std::to_string(number));
    }
    auto decoded = decode(records.front().payload);
    if (!decoded) return std::move(decoded).error();
    if (const auto* posted = std::get_if<document_posted>(&*decoded)) return *posted;
    return make_error(errc::store_failure, "the log position of document " +
                                               std::to_string(number) + " holds another event");
  }

  auto posting_of(std::uint32_t number, bool replayed) const -> posting {
    const auto& header = state.ledger.document(number);
    return posting{number, header.log_position, header.effective(), header.recorded(), replayed};
  }

  // An earlier document under the same key: the original posting if it is
  // the same request, else idempotency_conflict.
  auto replay_or_conflict(std::uint32_t number, const movement_document& doc,
                          document_id reverses) const -> result<posting> {
    auto stored = stored_document(number);
    if (!stored) return std::move(stored).error();
    if (stored->document == doc && stored->stamp.reverses == reverses) {
      return posting_of(number, true);
    }
    return make_error(errc::idempotency_conflict,
                      "key '" + doc.key + "' was used for a different document",
                      error_context{.document = doc.key});
  }

  auto post(const movement_document& doc, document_id reverses) -> result<posting> {
    const auto recorded = now();
    std::optional<posting> replayed;
    auto committed = commit([&]() -> result<std::optional<pending>> {
      // A retry (possibly of a key another writer posted while we caught up).
      if (auto number = state.ledger.find_document(doc.key)) {
        auto again = replay_or_conflict(*number, doc, reverses);
        if (!again) return std::move(again).error();
        replayed = *again;
        return std::optional<pending>{};
      }
      auto stamp = prepare(doc, reverses, recorded);
      if (!stamp) return std::move(stamp).error();
      return std::optional<pending>{pending{std::nullopt, &doc, *stamp}};
    });
    if (!committed) return std::move(committed).error();
    if (replayed) return *replayed;
    return posting_of(static_cast<std::uint32_t>(state.ledger.document_count() - 1), false);
  }

  template <class Definition, class Event>
  auto define(const Definition& definition) {
    using id_type = typename decltype(state.catalog.validate(definition))::value_type::value_type;
    std::optional<id_type> existing;
    auto committed = commit([&]() -> result<std::optional<pending>> {
      auto checked = state.catalog.validate(definition);
      if (!checked) return std::move(checked).error();
      existing = *checked;
      if (existing) return std::optional<pending>{};
      return std::optional<pending>{pending{event{Event{definition}}}};
    });
    return committed.and_then([&](std::uint64_t) -> result<id_type> {
      if (existing) return *existing;
      return lookup(definition);
    });
  }
  auto lookup(const item_definition& d) const -> result<item_id> {
    return *state.catalog.find_item(d.code);
  }
  auto lookup(const location_definition& d) const -> result<location_id> {
    return *state.catalog.find_location(d.code);
  }
  auto lookup(const lot_definition& d) const -> result<lot_id> {
    return *state.catalog.find_lot(*state.catalog.find_item(d.item), d.code);
  }
};

inventory::inventory(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
inventory::inventory(inventory&&) noexcept = default;
auto inventory::operator=(inventory&&) noexcept -> inventory& = default;
inventory::~inventory() = default;

auto inventory::open(std::unique_ptr<store> log, inventory_options options) -> result<inventory> {
  ONHAND_ASSERT(log != nullptr, "an inventory needs a store");
  auto state = std::make_unique<impl>();
  state->log = std::move(log);
  state->options = std::move(options);
  if (auto replayed = state->catch_up(); !replayed) return std::move(replayed).error();
  return inventory{std::move(state)};
}

auto inventory::lock_shared() const -> std::shared_lock<std::shared_mutex> {
  return std::shared_lock{impl_->mutex};
}
auto inventory::catalog_view() const -> const catalog& { return impl_->state.catalog; }
auto inventory::ledger_view() const -> const stock_ledger& { return impl_->state.ledger; }

auto inventory::define_item(const item_definition& item) -> result<item_id> {
  std::unique_lock lock{impl_->mutex};
  return impl_->define<item_definition, item_defined>(item);
}

auto inventory::define_location(const location_definition& location) -> result<location_id> {
  std::unique_lock lock{impl_->mutex};
  return impl_->define<location_definition, location_defined>(location);
}

auto inventory::define_lot(const lot_definition& lot) -> result<lot_id> {
  std::unique_lock lock{impl_->mutex};
  return impl_->define<lot_definition, lot_defined>(lot);
}

auto inventory::set_lot_status(lot_id lot, lot_status status) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto committed = impl_->commit([&]() -> result<std::optional<impl::pending>> {
    const auto& cat = impl_->state.catalog;
    if (lot.index() >= cat.lot_count()) {
      return make_error(errc::unknown_code, "unknown lot id", error_context{.field = "lot"});
    }
    if (cat.lot(lot).status == status) return std::optional<impl::pending>{};
    return std::optional<impl::pending>{impl::pending{event{lot_status_set{lot, status}}}};
  });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::resolve(const line_spec& line) const -> result<movement_line> {
  auto lock = lock_shared();
  const auto& cat = impl_->state.catalog;
  auto item = cat.item_by_code(line.item);
  if (!item) return std::move(item).error();
  auto from = cat.location_by_code(line.from);
  if (!from) return std::move(from).error();
  auto to = cat.location_by_code(line.to);
  if (!to) return std::move(to).error();
  movement_line out{*item, lot_id::none(), *from, *to, line.amount};
  if (!line.lot.empty()) {
    auto lot = cat.lot_by_code(*item, line.lot);
    if (!lot) return std::move(lot).error();
    out.lot = *lot;
  }
  const auto& units = cat.item(*item).units;
  auto base = units.to_base(line.amount, line.unit.empty() ? units.base().name : line.unit);
  if (!base) {
    auto err = std::move(base).error();
    err.context.item = line.item;
    return err;
  }
  out.amount = *base;
  return out;
}

auto inventory::post(const movement_document& document) -> result<posting> {
  std::unique_lock lock{impl_->mutex};
  return impl_->post(document, document_id::none());
}

auto inventory::reverse(std::string_view original_key, std::string reversal_key,
                        std::optional<timestamp> effective, document_reference reference)
    -> result<posting> {
  std::unique_lock lock{impl_->mutex};
  auto& state = impl_->state;
  auto original = state.ledger.find_document(original_key);
  if (!original) {
    return make_error(errc::unknown_code,
                      "no document was posted under key '" + std::string(original_key) + "'",
                      error_context{.document = std::string(original_key), .field = "document"});
  }
  auto stored = impl_->stored_document(*original);
  if (!stored) return std::move(stored).error();
  movement_document doc{std::move(reversal_key), stored->document.reason, effective,
                        std::move(reference), stored->document.lines};
  for (auto& line : doc.lines) std::swap(line.from, line.to);
  // A retry of this reversal replays; only a new reversal is refused.
  if (state.ledger.find_document(doc.key)) return impl_->post(doc, document_id{*original});
  const auto& header = state.ledger.document(*original);
  if (header.reversed_by != UINT32_MAX || header.reverses != UINT32_MAX) {
    return make_error(errc::already_reversed,
                      header.reverses != UINT32_MAX
                          ? "document '" + std::string(original_key) + "' is itself a reversal"
                          : "document '" + std::string(original_key) + "' was reversed by '" +
                                std::string(state.ledger.document_key(header.reversed_by)) + "'",
                      error_context{.document = std::string(original_key)});
  }
  return impl_->post(doc, document_id{*original});
}

auto inventory::item_by_code(std::string_view code) const -> result<item_id> {
  auto lock = lock_shared();
  return impl_->state.catalog.item_by_code(code);
}
auto inventory::location_by_code(std::string_view code) const -> result<location_id> {
  auto lock = lock_shared();
  return impl_->state.catalog.location_by_code(code);
}
auto inventory::lot_by_code(item_id item, std::string_view code) const -> result<lot_id> {
  auto lock = lock_shared();
  if (item.index() >= impl_->state.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id", error_context{.field = "item"});
  }
  return impl_->state.catalog.lot_by_code(item, code);
}

auto inventory::balance(item_id item, location_id location, lot_id lot) const -> stock_level {
  auto lock = lock_shared();
  return impl_->state.ledger.balance(balance_key{item, location, lot});
}

auto inventory::balance_as_of(item_id item, location_id location, lot_id lot, timestamp at) const
    -> stock_level {
  auto lock = lock_shared();
  const auto& ledger = impl_->state.ledger;
  const auto index = ledger.find(balance_key{item, location, lot});
  return index == stock_ledger::none ? stock_level::zero() : ledger.balance_as_of(index, at);
}

auto inventory::on_hand(item_id item, location_id location) const -> stock_level {
  auto lock = lock_shared();
  return impl_->state.ledger.total(item, location);
}

auto inventory::on_hand_as_of(item_id item, location_id location, timestamp at) const
    -> stock_level {
  auto lock = lock_shared();
  const auto& ledger = impl_->state.ledger;
  auto total = stock_level::zero();
  for (auto index : ledger.accounts_of(item, location)) {
    total += ledger.balance_as_of(index, at).from_zero();
  }
  return total;
}

auto inventory::on_hand_within(item_id item, location_id root) const -> stock_level {
  auto lock = lock_shared();
  const auto& state = impl_->state;
  if (root.index() >= state.catalog.location_count()) return stock_level::zero();
  auto total = stock_level::zero();
  for (auto location : state.catalog.subtree(root)) {
    total += state.ledger.total(item, location).from_zero();
  }
  return total;
}

auto inventory::on_hand_total(item_id item) const -> stock_level {
  return on_hand_total_as_of(item, timestamp::max());
}

auto inventory::on_hand_total_as_of(item_id item, timestamp at) const -> stock_level {
  auto lock = lock_shared();
  const auto& state = impl_->state;
  auto total = stock_level::zero();
  for (auto index : state.ledger.accounts_of(item)) {
    const auto& a = state.ledger.account_at(index);
    if (!state.physical(a.key.location)) continue;
    total +=
        (at == timestamp::max() ? a.on_hand : state.ledger.balance_as_of(index, at)).from_zero();
  }
  return total;
}

namespace {
auto position_of(const projections& state, item_id item, location_id location, date day)
    -> stock_position {
  stock_position out{item, location, state.ledger.total(item, location), {}, {}};
  for (auto index : state.ledger.accounts_of(item, location)) {
    const auto& a = state.ledger.account_at(index);
    if (!a.key.lot.is_none() && is_quarantined(state.catalog.lot(a.key.lot), day) &&
        a.on_hand.from_zero().is_positive()) {
      out.quarantined += a.on_hand.from_zero();
    }
  }
  const auto usable = out.on_hand.from_zero() - out.quarantined;
  out.available = usable.is_negative() ? quantity{} : usable;
  return out;
}
}  // namespace

auto inventory::position(item_id item, location_id location, date day) const -> stock_position {
  auto lock = lock_shared();
  return position_of(impl_->state, item, location, day);
}

auto inventory::positions(item_id item, date day) const -> std::vector<stock_position> {
  auto lock = lock_shared();
  const auto& state = impl_->state;
  std::vector<location_id> locations;
  for (auto index : state.ledger.accounts_of(item)) {
    const auto location = state.ledger.account_at(index).key.location;
    if (state.physical(location) &&
        std::find(locations.begin(), locations.end(), location) == locations.end()) {
      locations.push_back(location);
    }
  }
  std::sort(locations.begin(), locations.end());
  std::vector<stock_position> out;
  out.reserve(locations.size());
  for (auto location : locations) out.push_back(position_of(state, item, location, day));
  return out;
}

namespace {
// Rows of the given accounts in (effective, document) order; `group` says
// which rows share a running balance.
template <class Group>
auto rows_of(const projections& state, const std::vector<std::uint32_t>& accounts, Group group)
    -> std::vector<history_row> {
  const auto& ledger = state.ledger;
  std::vector<history_row> rows;
  for (auto index : accounts) {
    const auto& a = ledger.account_at(index);
    for (const auto& entry : a.entries) {
      const auto& header = ledger.document(entry.document);
      rows.push_back(history_row{entry.document,
                                 std::string(ledger.document_key(entry.document)),
                                 header.reason,
                                 header.effective(),
                                 header.recorded(),
                                 a.key.item,
                                 a.key.location,
                                 a.key.lot,
                                 entry.delta,
                                 {},
                                 header.reverses});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const history_row& x, const history_row& y) {
    return std::pair{x.effective, x.document} < std::pair{y.effective, y.document};
  });
  std::map<std::uint64_t, stock_level> running;
  for (auto& row : rows) {
    auto& level = running[group(row)];
    level += row.delta;
    row.running_balance = level;
  }
  return rows;
}
}  // namespace

auto inventory::history(item_id item, std::optional<location_id> location) const
    -> std::vector<history_row> {
  auto lock = lock_shared();
  const auto& state = impl_->state;
  std::vector<std::uint32_t> accounts;
  if (location) {
    const auto span = state.ledger.accounts_of(item, *location);
    accounts.assign(span.begin(), span.end());
  } else {
    for (auto index : state.ledger.accounts_of(item)) {
      if (state.physical(state.ledger.account_at(index).key.location)) accounts.push_back(index);
    }
  }
  return rows_of(state, accounts, [](const history_row&) { return std::uint64_t{0}; });
}

auto inventory::location_history(location_id location) const -> std::vector<history_row> {
  auto lock = lock_shared();
  const auto& state = impl_->state;
  std::vector<std::uint32_t> accounts;
  for (std::size_t i = 0; i < state.catalog.item_count(); ++i) {
    const auto span = state.ledger.accounts_of(item_id{static_cast<std::uint32_t>(i)}, location);
    accounts.insert(accounts.end(), span.begin(), span.end());
  }
  return rows_of(state, accounts,
                 [](const history_row& row) { return std::uint64_t{row.item.value}; });
}

auto inventory::verify() const -> result<void> {
  auto lock = lock_shared();
  const auto& state = impl_->state;
  projections fresh;
  if (auto replayed = fresh.replay_from(*impl_->log); !replayed) return replayed;
  auto failure = [](const std::string& what) {
    return make_error(errc::store_failure, "verify: " + what);
  };
  if (fresh.position != state.position) {
    return failure("the log holds " + std::to_string(fresh.position) + " events, memory applied " +
                   std::to_string(state.position));
  }
  if (!(fresh.catalog == state.catalog)) return failure("the catalog differs from the log");
  if (!(fresh.ledger == state.ledger)) return failure("the balances differ from the log");
  if (fresh.serial_in_stock != state.serial_in_stock) {
    return failure("serial stock differs from the log");
  }
  // Conservation: per item and lot, the sum over all locations is zero.
  std::map<std::pair<std::uint32_t, std::uint32_t>, quantity> sums;
  for (std::size_t i = 0; i < state.ledger.account_count(); ++i) {
    const auto& a = state.ledger.account_at(static_cast<std::uint32_t>(i));
    sums[{a.key.item.value, a.key.lot.value}] += a.on_hand.from_zero();
    // Non-negativity at every point in time, where the policy requires it.
    if (state.may_go_negative(a.key.location)) continue;
    auto level = stock_level::zero();
    for (const auto& entry : a.entries) {
      level += entry.delta;
      if (level.is_negative()) {
        return failure("'" + state.catalog.item(a.key.item).code + "' at '" +
                       state.catalog.location(a.key.location).code + "' goes negative");
      }
    }
  }
  for (const auto& [key, sum] : sums) {
    if (!sum.is_zero()) {
      return failure("item '" + state.catalog.item(item_id{key.first}).code +
                     "' does not sum to zero over all locations");
    }
  }
  return {};
}

auto inventory::sync() -> result<void> {
  std::unique_lock lock{impl_->mutex};
  return impl_->catch_up();
}

auto inventory::log_position() const -> std::uint64_t {
  auto lock = lock_shared();
  return impl_->state.position;
}

auto inventory::same_state(const inventory& other) const -> bool {
  if (this == &other) return true;
  auto lock = lock_shared();
  auto other_lock = other.lock_shared();
  const auto& a = impl_->state;
  const auto& b = other.impl_->state;
  return a.position == b.position && a.catalog == b.catalog && a.ledger == b.ledger &&
         a.serial_in_stock == b.serial_in_stock;
}

}  // namespace onhand
