// SPDX-License-Identifier: Apache-2.0
#include "ledger/commands.hpp"

#include <algorithm>
#include <map>

#include "onhand/detail/int128.hpp"
#include "onhand/detail/worst_error.hpp"

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
    const auto current =
        index == stock_ledger::none ? stock_level::zero() : ledger.account_at(index).on_hand;
    quantity after;
    quantity total_after;
    const auto total = index == stock_ledger::none ? ledger.total(n.key.item, n.key.location)
                                                   : ledger.total_of(index);
    if (add_overflows(current.from_zero(), n.delta, after) ||
        add_overflows(total.from_zero(), n.delta, total_after)) {
      worst.offer(make_error(errc::overflow, "the balance would overflow",
                             error_context{.item = cat.item(n.key.item).code,
                                           .location = cat.location(n.key.location).code}));
      continue;
    }
    if (!n.delta.is_negative() || s.may_go_negative(n.key.location)) continue;
    const auto lowest = index == stock_ledger::none
                            ? stock_level::zero()
                            : ledger.lowest_balance_from(index, stamp_.effective);
    if ((lowest + n.delta).is_negative()) {
      error_context context{.item = cat.item(n.key.item).code,
                            .location = cat.location(n.key.location).code,
                            .requested = -n.delta,
                            .available = lowest.from_zero()};
      if (!n.key.lot.is_none()) context.lot = cat.lot(n.key.lot).code;
      // Enough stock at the effective time, but not at some later time.
      const bool later =
          index != stock_ledger::none && lowest < ledger.balance_as_of(index, stamp_.effective);
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
    if (ledger.serial_in_stock(lot_id{lot}) + d > quantity::units(1)) {
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
  if (auto e = check_stock(s, doc)) worst.offer(std::move(*e));
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

}  // namespace onhand::detail
