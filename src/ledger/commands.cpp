// SPDX-License-Identifier: Apache-2.0
#include "ledger/commands.hpp"

#include <algorithm>
#include <map>

#include "onhand/detail/int128.hpp"
#include "onhand/detail/worst_error.hpp"
#include "onhand/ledger/queries.hpp"

#include "engine/projections.hpp"

namespace onhand::detail {
namespace {

auto line_error(const state& s, errc code, std::string message, const movement_line& line,
                std::size_t index) -> error {
  error_context context;
  const auto& cat = s.catalog;
  if (line.item.index() < cat.item_count()) context.item = cat.item(line.item).code;
  if (!line.lot.is_none() && line.lot.index() < cat.lot_count()) {
    context.lot = cat.lot(line.lot).code;
  }
  context.line = index;
  return make_error(code, "line " + std::to_string(index) + ": " + std::move(message),
                    std::move(context));
}

// Lot status and expiry: nothing unusable goes to a customer or production.
[[gnu::always_inline]] inline auto check_lot_usable(const state& s, const movement_line& line,
                                                    std::size_t index, date day)
    -> std::optional<error> {
  if (line.lot.is_none()) return std::nullopt;
  const auto kind = s.catalog.location(line.to).kind;
  if (kind != location_kind::customer && kind != location_kind::production) return std::nullopt;
  const auto& lot = s.catalog.lot(line.lot);
  if (lot.status != lot_status::available) {
    return line_error(s, errc::lot_quarantined,
                      "lot '" + lot.code + "' is " + std::string(name_of(lot.status)), line, index);
  }
  if (lot.expiry && std::chrono::sys_days{*lot.expiry} < std::chrono::sys_days{day}) {
    return line_error(s, errc::lot_expired,
                      "lot '" + lot.code + "' expired on " + format(*lot.expiry), line, index);
  }
  return std::nullopt;
}

// A duration as people say it: "31 days", "5 minutes", "90 seconds", "1500 microseconds".
auto describe(std::chrono::microseconds d) -> std::string {
  using namespace std::chrono;
  const auto count = d.count();
  for (const auto& [unit, name] : {std::pair{microseconds{days{1}}.count(), "day"},
                                   std::pair{microseconds{hours{1}}.count(), "hour"},
                                   std::pair{microseconds{minutes{1}}.count(), "minute"},
                                   std::pair{microseconds{seconds{1}}.count(), "second"}}) {
    if (count % unit == 0) {
      const auto n = count / unit;
      return std::to_string(n) + " " + name + (n == 1 ? "" : "s");
    }
  }
  return std::to_string(count) + " microseconds";
}

// Whether `effective` lies in the back-dating window around `recorded`.
// Exact for any times and limits: the difference is taken in 128 bits.
auto in_window(timestamp effective, timestamp recorded, const ledger_policy& policy) -> bool {
  const auto ahead = static_cast<int128>(effective.time_since_epoch().count()) -
                     static_cast<int128>(recorded.time_since_epoch().count());
  const bool back = ahead < 0;
  const auto limit = back ? policy.backdate_limit : policy.future_limit;
  return limit == ledger_policy::unlimited || (back ? -ahead : ahead) <= limit.count();
}

// Why `effective` is outside the window: the side and the limit.
auto outside_window(timestamp effective, timestamp recorded, const ledger_policy& policy)
    -> std::string {
  const bool back = effective < recorded;
  return "effective time " + format(effective) + " is " + (back ? "before" : "after") +
         " its recorded time " + format(recorded) + " by more than the ledger allows (" +
         describe(back ? policy.backdate_limit : policy.future_limit) +
         (back ? "; ledger_policy::backdate_limit)" : "; ledger_policy::future_limit)");
}

// Structural checks of one line: ids, tracking, quantity, locations.
auto check_line(const state& s, const movement_line& line, std::size_t index)
    -> std::optional<error> {
  const auto& cat = s.catalog;
  if (line.item.index() >= cat.item_count()) {
    return line_error(s, errc::unknown_code, "unknown item id", line, index);
  }
  for (auto location : {line.from, line.to}) {
    if (location.index() >= cat.location_count()) {
      return line_error(s, errc::unknown_code, "unknown location id", line, index);
    }
  }
  const auto& item = cat.item(line.item);
  if (!line.lot.is_none() && line.lot.index() >= cat.lot_count()) {
    return line_error(s, errc::unknown_code, "unknown lot id", line, index);
  }
  worst_error worst;
  if (!line.amount.is_positive()) {
    worst.offer(line_error(s, errc::invalid_quantity,
                           "quantity must be positive, not " + line.amount.to_string(), line,
                           index));
  } else if (!line.amount.fits_decimals(item.units.base().decimals)) {
    worst.offer(line_error(s, errc::precision_exceeded,
                           line.amount.to_string() + " " + item.units.base().name +
                               " has more decimals than the unit allows",
                           line, index));
  }
  const bool tracked = item.lot_tracked || item.serial_tracked;
  if (tracked && line.lot.is_none()) {
    worst.offer(line_error(
        s, errc::tracking_mismatch,
        "item '" + item.code + "' needs a " + (item.serial_tracked ? "serial number" : "lot"), line,
        index));
  } else if (!tracked && !line.lot.is_none()) {
    worst.offer(line_error(s, errc::tracking_mismatch,
                           "item '" + item.code + "' is not lot- or serial-tracked", line, index));
  } else if (tracked && cat.lot_item(line.lot) != line.item) {
    worst.offer(
        line_error(s, errc::tracking_mismatch, "the lot belongs to another item", line, index));
  } else if (item.serial_tracked && line.amount != quantity::units(1)) {
    worst.offer(line_error(s, errc::invalid_quantity,
                           "a serial number moves exactly 1 " + item.units.base().name, line,
                           index));
  }
  if (line.from == line.to) {
    auto e =
        line_error(s, errc::invalid_location, "source and destination are the same", line, index);
    e.context.location = cat.location(line.from).code;
    worst.offer(std::move(e));
  }
  if (worst.has()) return worst.take();
  return std::nullopt;
}

// The document's shape: key, line count, reference lengths. Its faults are
// malformed_input, the code of highest precedence, so it is checked first.
// Inlined, as are the line checks below: posting's hot path calls each once.
[[gnu::always_inline]] inline auto check_shape(const std::string& key, std::size_t line_count,
                                               const document_reference& reference)
    -> std::optional<error> {
  if (auto ok = validate_code(key, "document"); !ok) {
    auto err = std::move(ok).error();
    err.context.document = key;
    return err;
  }
  constexpr auto lines_max = posting_validator::lines_max;
  if (line_count == 0 || line_count > lines_max) {
    return make_error(errc::malformed_input,
                      "a document needs 1 to " + std::to_string(lines_max) + " lines, not " +
                          std::to_string(line_count),
                      error_context{.document = key, .field = "lines"});
  }
  for (const auto* text :
       {&reference.external_document, &reference.external_line, &reference.note}) {
    if (text->size() > posting_validator::reference_length_max) {
      return make_error(errc::malformed_input, "a reference field is longer than 1024 bytes",
                        error_context{.document = key, .field = "reference"});
    }
  }
  return std::nullopt;
}

// |q|, saturating (a bound, so INT64_MIN may read as INT64_MAX).
constexpr auto magnitude(quantity q) -> quantity {
  const auto raw = q.raw();
  return quantity::from_raw(raw >= 0 ? raw : raw == INT64_MIN ? INT64_MAX : -raw);
}

// The intent of a posting, built in the result that returns it: moving an
// intent would move its inline event variant.
auto posting_intent(const posting_ref& posted) -> result<intent> {
  result<intent> made{std::in_place};
  made->events.emplace_back(posted);
  return made;
}

}  // namespace

// Net effect per account, and the stock checks over every later time. A
// document is one instant: lines touching the same account are summed
// first, so a line may draw on stock another line of the document brings.
auto posting_validator::check_stock(const state& s, const movement_document& document)
    -> std::optional<error> {
  const auto& ledger = s.ledger;
  auto& deltas = nets_;
  deltas.clear();
  // Existing accounts are found by a mark per account (no quadratic search
  // for long documents); the few accounts a document creates are compared
  // among themselves.
  if (++mark_epoch_ == 0) {
    std::fill(marks_.begin(), marks_.end(), 0U);
    mark_epoch_ = 1;
  }
  if (marks_.size() < ledger.account_count()) {
    marks_.resize(ledger.account_count(), 0U);
    mark_slots_.resize(ledger.account_count());
  }
  positions_.clear();
  auto add = [&](const balance_key& key, quantity delta) -> bool {
    const auto position = ledger.find_position(key);
    positions_.push_back(position);
    const auto account =
        position == stock_ledger::npos ? stock_ledger::none : ledger.account_at_position(position);
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
      return line_error(s, errc::overflow, "the document's quantities overflow", line, i);
    }
  }
  worst_error worst;
  const auto& cat = s.catalog;
  for (const auto& n : deltas) {
    const auto index = n.account;
    auto current =
        index == stock_ledger::none ? stock_level::zero() : ledger.account_at(index).on_hand;
    quantity after;
    quantity total_after;
    auto total = index == stock_ledger::none ? ledger.total(n.key.item, n.key.location)
                                             : ledger.total_of(index);
    // Within a batch, what the documents accepted before this one add. A
    // roll-up changes by at most what the batch moved: looked at exactly
    // only when that bound could overflow it.
    const pending_account* pending = nullptr;
    if (batch_.active) {
      pending = pending_of(n.key, index);
      if (pending != nullptr) current += pending->sum;
      quantity bound;
      if (add_overflows(magnitude(total.from_zero()), batch_.moved, bound) ||
          add_overflows(bound, magnitude(n.delta), bound)) {
        total += pending_total(n.key);
      }
    }
    if (add_overflows(current.from_zero(), n.delta, after) ||
        add_overflows(total.from_zero(), n.delta, total_after)) {
      worst.offer(make_error(errc::overflow, "the balance would overflow",
                             error_context{.item = cat.item(n.key.item).code,
                                           .location = cat.location(n.key.location).code}));
      continue;
    }
    if (!n.delta.is_negative() || s.may_go_negative(n.key.location)) continue;
    const auto effective_us = stamp_.effective.time_since_epoch().count();
    const auto [lowest, at_effective] =
        pending != nullptr ? lowest_with_pending(ledger, index, *pending, effective_us)
        : index == stock_ledger::none
            ? std::pair{stock_level::zero(), stock_level::zero()}
            : std::pair{ledger.lowest_balance_from(index, stamp_.effective), stock_level::zero()};
    if ((lowest + n.delta).is_negative()) {
      error_context context{.item = cat.item(n.key.item).code,
                            .location = cat.location(n.key.location).code,
                            .requested = -n.delta,
                            .available = lowest.from_zero()};
      if (!n.key.lot.is_none()) context.lot = cat.lot(n.key.lot).code;
      // Enough stock at the effective time, but not at some later time.
      const bool later = pending != nullptr
                             ? lowest < at_effective
                             : index != stock_ledger::none &&
                                   lowest < ledger.balance_as_of(index, stamp_.effective);
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
    if (s.physical(line.from)) d -= line.amount;
    if (s.physical(line.to)) d += line.amount;
  }
  for (const auto& [lot, d] : serial_delta) {
    auto in_stock = ledger.serial_in_stock(lot_id{lot});
    if (batch_.active) {
      if (auto found = batch_.serials.find(lot); found != batch_.serials.end()) {
        in_stock += found->second;
      }
    }
    if (in_stock + d > quantity::units(1)) {
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

auto posting_validator::validate(const state& s, const movement_document& doc, document_id reverses,
                                 timestamp recorded, const ledger_policy& policy)
    -> result<intent> {
  stamp_ = posting_stamp{doc.effective.value_or(recorded), recorded, reverses};
  if (auto ok = check(s, doc, &policy); !ok) return std::move(ok).error();
  return posting_intent(posting_ref{&doc, &stamp_, positions_});
}

void posting_validator::begin_batch(std::size_t documents) {
  end_batch();
  batch_.stamps.resize(documents);
  if (++batch_.epoch == 0) {
    std::fill(batch_.marks.begin(), batch_.marks.end(), 0U);
    batch_.epoch = 1;
  }
  batch_.active = true;
}

void posting_validator::end_batch() {
  batch_.entries.clear();
  batch_.accounts.clear();
  batch_.created.clear();
  batch_.serials.clear();
  batch_.stamps.clear();
  batch_.moved = quantity{};
  batch_.last_validated = SIZE_MAX;
  batch_.active = false;
}

auto posting_validator::pending_of(const balance_key& key, std::uint32_t account) const
    -> const pending_account* {
  if (account != stock_ledger::none) {
    if (account >= batch_.marks.size() || batch_.marks[account] != batch_.epoch) return nullptr;
    return &batch_.accounts[batch_.account[account]];
  }
  auto found = batch_.created.find(key);
  return found == batch_.created.end() ? nullptr : &batch_.accounts[found->second];
}

auto posting_validator::pending_total(const balance_key& key) const -> quantity {
  quantity sum;
  for (const auto& a : batch_.accounts) {
    if (a.key.item == key.item && a.key.location == key.location) sum += a.sum;
  }
  return sum;
}

auto posting_validator::validate_in_batch(const state& s, const movement_document& doc,
                                          std::size_t index, timestamp recorded,
                                          const ledger_policy& policy) -> result<intent> {
  ONHAND_ASSERT(batch_.active && index < batch_.stamps.size(), "a document outside its batch");
  stamp_ = posting_stamp{doc.effective.value_or(recorded), recorded, document_id::none()};
  batch_.last_validated = SIZE_MAX;
  if (auto ok = check(s, doc, &policy); !ok) return std::move(ok).error();
  batch_.stamps[index] = stamp_;
  batch_.last_validated = index;
  // No slots: the documents before it may create accounts and move them.
  return posting_intent(posting_ref{&doc, &batch_.stamps[index], {}});
}

void posting_validator::accept(const state& s, const movement_document& doc, std::size_t index) {
  // The stock check of this document, just run, netted it per account.
  ONHAND_ASSERT(batch_.last_validated == index, "accept() follows the document's validation");
  const auto effective_us = batch_.stamps[index].effective.time_since_epoch().count();
  if (batch_.marks.size() < s.ledger.account_count()) {
    batch_.marks.resize(s.ledger.account_count(), 0U);
    batch_.account.resize(s.ledger.account_count());
  }
  for (const auto& n : nets_) {
    std::uint32_t at = 0;
    if (n.account != stock_ledger::none) {
      if (batch_.marks[n.account] == batch_.epoch) {
        at = batch_.account[n.account];
      } else {
        at = static_cast<std::uint32_t>(batch_.accounts.size());
        batch_.accounts.push_back({n.key, quantity{}, 0, 0});
        batch_.marks[n.account] = batch_.epoch;
        batch_.account[n.account] = at;
      }
    } else {
      auto [found, created] =
          batch_.created.try_emplace(n.key, static_cast<std::uint32_t>(batch_.accounts.size()));
      if (created) batch_.accounts.push_back({n.key, quantity{}, 0, 0});
      at = found->second;
    }
    auto& pending = batch_.accounts[at];
    pending.sum += n.delta;
    pending.latest_effective_us = std::max(pending.latest_effective_us, effective_us);
    batch_.entries.push_back({effective_us, static_cast<std::uint32_t>(index), 0, n.delta});
    const auto entry = static_cast<std::uint32_t>(batch_.entries.size());
    if (pending.last != 0) {
      batch_.entries[pending.last - 1].next = entry;
    } else {
      pending.first = entry;
    }
    pending.last = entry;
    if (add_overflows(batch_.moved, magnitude(n.delta), batch_.moved)) {
      batch_.moved = quantity::from_raw(INT64_MAX);
    }
  }
  for (const auto& line : doc.lines) {
    if (!s.catalog.item(line.item).serial_tracked) continue;
    auto& in_stock = batch_.serials[line.lot.value];
    if (s.physical(line.from)) in_stock -= line.amount;
    if (s.physical(line.to)) in_stock += line.amount;
  }
}

auto posting_validator::lowest_with_pending(const stock_ledger& ledger, std::uint32_t account,
                                            const pending_account& pending, std::int64_t from_us)
    -> std::pair<stock_level, stock_level> {
  // The committed entries effective after `from` and the pending ones,
  // merged in posting order: by effective time, and at one time committed
  // documents first (the pending ones are numbered after them), each
  // document one instant, as stock_ledger::lowest_balance_from walks them.
  const bool exists = account != stock_ledger::none;
  // The common case: nothing, committed or pending, is effective after
  // `from` (a batch in time order), so the lowest is the balance now.
  if (pending.latest_effective_us <= from_us &&
      (!exists || ledger.accounts_[account].latest_effective_us <= from_us)) {
    const auto now =
        (exists ? ledger.accounts_[account].on_hand : stock_level::zero()) + pending.sum;
    return {now, now};
  }
  auto& later = merge_scratch_;
  later.clear();
  for (auto e = pending.first; e != 0; e = batch_.entries[e - 1].next) {
    later.push_back(batch_.entries[e - 1]);
  }
  // Chained in batch order: a stable sort by time gives (time, batch order).
  std::stable_sort(later.begin(), later.end(), [](const pending_entry& a, const pending_entry& b) {
    return a.effective_us < b.effective_us;
  });
  static const std::vector<ledger_entry> no_entries;
  const auto& entries = exists ? ledger.accounts_[account].entries : no_entries;
  auto i = exists ? ledger.first_after(ledger.accounts_[account], from_us) : std::size_t{0};
  auto level = exists ? ledger.accounts_[account].on_hand : stock_level::zero();
  for (auto k = i; k < entries.size(); ++k) level -= entries[k].delta;
  auto j = std::size_t{0};
  for (; j < later.size() && later[j].effective_us <= from_us; ++j) level += later[j].delta;
  const auto at_from = level;
  auto lowest = level;
  auto effective_of = [&](const ledger_entry& e) {
    return ledger.documents_[e.document].effective_us;
  };
  while (i < entries.size() || j < later.size()) {
    if (i < entries.size() &&
        (j == later.size() || effective_of(entries[i]) <= later[j].effective_us)) {
      const auto document = entries[i].document;
      for (; i < entries.size() && entries[i].document == document; ++i) level += entries[i].delta;
    } else {
      level += later[j++].delta;  // one entry per document and account
    }
    lowest = std::min(lowest, level);
  }
  return {lowest, at_from};
}

auto posting_validator::validate_logged(const state& s, const posting_ref& posted) -> result<void> {
  const auto& doc = *posted.document;
  stamp_ = *posted.stamp;
  if (stamp_.effective != doc.effective.value_or(stamp_.recorded)) {
    return make_error(errc::store_failure,
                      "document '" + doc.key + "' has an effective time other than it asked for");
  }
  if (s.keys.find(doc.key)) {
    return make_error(errc::store_failure, "key '" + doc.key + "' is used twice");
  }
  if (!stamp_.reverses.is_none()) {
    if (stamp_.reverses.index() >= s.ledger.document_count()) {
      return make_error(errc::store_failure, "a reversal of an unknown document");
    }
    if (auto ok = check_reversible(s, stamp_.reverses); !ok) return ok;
  }
  // The back-dating window is the policy of the moment a document was
  // posted, which the log does not record; every other rule applies.
  return check(s, doc, nullptr);
}

auto posting_validator::check(const state& s, const movement_document& doc,
                              const ledger_policy* window) -> result<void> {
  if (auto e = check_shape(doc.key, doc.lines.size(), doc.reference)) return std::move(*e);
  worst_error worst;
  for (std::size_t i = 0; i < doc.lines.size(); ++i) {
    if (auto e = check_line(s, doc.lines[i], i)) worst.offer(std::move(*e));
  }
  if (worst.has()) {
    auto err = worst.take();
    err.context.document = doc.key;
    return err;
  }
  const auto recorded = stamp_.recorded;
  if (window != nullptr && doc.effective && !in_window(stamp_.effective, recorded, *window)) {
    return make_error(errc::backdate_not_allowed,
                      outside_window(stamp_.effective, recorded, *window),
                      error_context{.document = doc.key, .field = "effective"});
  }
  const auto day = date_of(stamp_.effective);
  for (std::size_t i = 0; i < doc.lines.size(); ++i) {
    if (auto e = check_lot_usable(s, doc.lines[i], i, day)) worst.offer(std::move(*e));
  }
  if (auto e = check_stock(s, doc)) {
    // The lines behind a shortfall, named in the error (one rule for
    // posting, batches and replay).
    worst.offer(e->code == errc::insufficient_stock ? name_short_lines(s, doc, std::move(*e))
                                                    : std::move(*e));
  }
  if (worst.has()) {
    auto err = worst.take();
    err.context.document = doc.key;
    return err;
  }
  return {};
}

namespace {

// Resolves one line given by codes, offering each fault it finds (unknown
// codes, a lot where the item has none, a unit it lacks, a precision it
// exceeds) to `worst`, so that the documented precedence picks among them:
// a lot on an untracked item is a tracking_mismatch (no lot of it can
// exist), not an unknown lot. The line, if every code resolved.
auto resolve_line(const state& s, const line_spec& line, worst_error& worst)
    -> std::optional<movement_line> {
  const auto& cat = s.catalog;
  bool resolved = true;
  auto take = [&](auto&& found, auto& into) {
    if (found) {
      into = *found;
    } else {
      worst.offer(std::move(found).error());
      resolved = false;
    }
  };
  // What check_line would also find in a line that does not resolve.
  auto offer_line_faults = [&] {
    if (!line.amount.is_positive()) {
      worst.offer(make_error(errc::invalid_quantity,
                             "quantity must be positive, not " + line.amount.to_string(),
                             error_context{.item = line.item, .field = "quantity"}));
    }
    if (line.from == line.to) {
      worst.offer(make_error(errc::invalid_location, "source and destination are the same",
                             error_context{.item = line.item, .location = line.from}));
    }
  };
  movement_line out{item_id{}, lot_id::none(), location_id{}, location_id{}, line.amount};
  take(cat.item_by_code(line.item), out.item);
  const bool item_known = resolved;
  take(cat.location_by_code(line.from), out.from);
  take(cat.location_by_code(line.to), out.to);
  if (!item_known) {
    offer_line_faults();
    return std::nullopt;  // nothing more to resolve without the item
  }
  const auto& item = cat.item(out.item);
  if (!line.lot.empty()) {
    if (!item.lot_tracked && !item.serial_tracked) {
      worst.offer(make_error(errc::tracking_mismatch,
                             "item '" + item.code + "' is not lot- or serial-tracked",
                             error_context{.item = item.code, .lot = line.lot, .field = "lot"}));
      resolved = false;
    } else {
      take(cat.lot_by_code(out.item, line.lot), out.lot);
    }
  }
  auto base =
      item.units.to_base(line.amount, line.unit.empty() ? item.units.base().name : line.unit);
  if (base) {
    out.amount = *base;
  } else {
    auto err = std::move(base).error();
    err.context.item = line.item;
    worst.offer(std::move(err));
    resolved = false;
  }
  if (!resolved) {
    offer_line_faults();
    return std::nullopt;
  }
  return out;
}

}  // namespace

auto resolve(const state& s, const line_spec& line) -> result<movement_line> {
  worst_error worst;
  auto out = resolve_line(s, line, worst);
  if (!out) return worst.take();
  return *out;
}

auto resolve(const state& s, const document_spec& spec) -> result<movement_document> {
  movement_document out{spec.key, spec.reason, spec.effective, spec.reference, {}};
  out.lines.reserve(spec.lines.size());
  worst_error worst;
  bool resolved = true;
  for (std::size_t i = 0; i < spec.lines.size(); ++i) {
    worst_error line_worst;
    if (auto line = resolve_line(s, spec.lines[i], line_worst)) {
      out.lines.push_back(*line);
    } else {
      auto err = line_worst.take();
      err.context.line = i;
      worst.offer(std::move(err));
      resolved = false;
    }
  }
  if (resolved) return out;
  // What the document's validation would also find (its shape, and the
  // faults of the lines that did resolve) competes by precedence too.
  if (auto e = check_shape(spec.key, spec.lines.size(), spec.reference)) {
    worst.offer(std::move(*e));
  }
  for (std::size_t i = 0; i < spec.lines.size(); ++i) {
    worst_error ignored;
    if (auto line = resolve_line(s, spec.lines[i], ignored)) {
      if (auto e = check_line(s, *line, i)) worst.offer(std::move(*e));
    }
  }
  auto err = worst.take();
  err.context.document = spec.key;
  return err;
}

auto same_posting(const event& stored, const movement_document& document, document_id reverses)
    -> bool {
  const auto* posted = std::get_if<document_posted>(&stored);
  return posted != nullptr && posted->document == document && posted->stamp.reverses == reverses;
}

auto reversal_of(const event& stored, std::string key, std::optional<timestamp> effective,
                 document_reference reference) -> result<movement_document> {
  const auto* posted = std::get_if<document_posted>(&stored);
  if (posted == nullptr) {
    return make_error(errc::store_failure, "the log position of a document holds another event");
  }
  movement_document doc{std::move(key), posted->document.reason, effective, std::move(reference),
                        posted->document.lines};
  for (auto& line : doc.lines) std::swap(line.from, line.to);
  return doc;
}

auto check_reversible(const state& s, document_id original) -> result<void> {
  const auto& header = s.ledger.document(original);
  const auto original_key = std::string(s.keys.key_at(header.log_position));
  if (header.reversed_by.is_none() && header.reverses.is_none()) return {};
  return make_error(
      errc::already_reversed,
      !header.reverses.is_none()
          ? "document '" + original_key + "' is itself a reversal"
          : "document '" + original_key + "' was reversed by '" +
                std::string(s.keys.key_at(s.ledger.document(header.reversed_by).log_position)) +
                "'",
      error_context{.document = original_key});
}

auto posting_at(const state& s, std::uint64_t log_position, bool replayed) -> posting {
  const auto number = s.ledger.document_at(log_position);
  ONHAND_ASSERT(number.has_value(), "a committed posting is in the ledger");
  const auto& header = s.ledger.document(*number);
  return posting{*number, header.log_position, header.effective(), header.recorded(), replayed};
}

document_batch::document_batch(const projections& current, posting_validator& validator,
                               std::span<const movement_document> documents, timestamp recorded,
                               const ledger_policy& policy)
    : current_(current),
      validator_(validator),
      documents_(documents),
      recorded_(recorded),
      policy_(policy) {
  validator_.begin_batch(documents_.size());
}

auto document_batch::same_request(std::size_t i, const event& stored) const -> bool {
  return same_posting(stored, documents_[i], document_id::none());
}

auto document_batch::validate(std::size_t i) -> result<intent> {
  return validator_.validate_in_batch(current_.view(), documents_[i], i, recorded_, policy_);
}

void document_batch::accept(std::size_t i) { validator_.accept(current_.view(), documents_[i], i); }

}  // namespace onhand::detail
