// SPDX-License-Identifier: Apache-2.0
#include "orders/commands.hpp"

#include <algorithm>

#include "onhand/catalog/catalog.hpp"

#include "engine/checks.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t transfer_lines_max = 10'000;

// A location the transfer names: defined, and of the kind its role needs.
auto check_location(const state& s, location_id location, bool transit, std::string_view field)
    -> result<void> {
  if (location.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown location id",
                      error_context{.field = std::string(field)});
  }
  const auto kind = s.catalog.location(location).kind;
  const auto wanted = transit ? location_kind::transit : location_kind::internal;
  if (kind != wanted) {
    return make_error(
        errc::invalid_location,
        "the " + std::string(field) + " '" + location_code(s, location) + "' is " +
            std::string(name_of(kind)) + ", not " + std::string(name_of(wanted)),
        error_context{.location = location_code(s, location), .field = std::string(field)});
  }
  return {};
}

// A quantity of a line's item: the item's precision, and positive (or, for
// per-line amounts of an event, not negative).
auto check_amount(const state& s, item_id item, quantity amount, bool zero_allowed,
                  std::string_view field, std::size_t line) -> result<void> {
  if (auto ok = s.catalog.item(item).units.check_precision(amount); !ok) {
    auto err = std::move(ok).error();
    err.context.item = item_code(s, item);
    err.context.field = std::string(field);
    err.context.line = line;
    return err;
  }
  if (amount.is_negative() || (!zero_allowed && amount.is_zero())) {
    return make_error(
        errc::invalid_quantity, std::string(field) + " must be positive, not " + amount.to_string(),
        error_context{.item = item_code(s, item), .field = std::string(field), .line = line});
  }
  return {};
}

auto check_line(const state& s, const transfer_line& line, std::size_t index) -> result<void> {
  if (line.item.index() >= s.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id",
                      error_context{.field = "lines", .line = index});
  }
  const auto& item = s.catalog.item(line.item);
  const bool tracked = item.lot_tracked || item.serial_tracked;
  if (!line.lot.is_none() &&
      (line.lot.index() >= s.catalog.lot_count() || s.catalog.lot_item(line.lot) != line.item)) {
    return make_error(errc::unknown_code, "the lot is not a lot of '" + item.code + "'",
                      error_context{.item = item.code, .field = "lot", .line = index});
  }
  if (tracked == line.lot.is_none()) {
    return make_error(errc::tracking_mismatch,
                      tracked ? "'" + item.code + "' is tracked: the line needs a lot"
                              : "'" + item.code + "' is not tracked: the line takes no lot",
                      error_context{.item = item.code, .field = "lot", .line = index});
  }
  return check_amount(s, line.item, line.amount, false, "amount", index);
}

// The rules of a transfer order, for the command and for replay alike.
auto check_transfer(const state& s, const transfer_opened& e) -> result<void> {
  if (auto ok = validate_code(e.key, "key"); !ok) return ok;
  if (auto ok = check_location(s, e.source, false, "source"); !ok) return ok;
  if (auto ok = check_location(s, e.destination, false, "destination"); !ok) return ok;
  if (auto ok = check_location(s, e.transit, true, "transit"); !ok) return ok;
  if (s.catalog.is_within(e.source, e.destination) ||
      s.catalog.is_within(e.destination, e.source)) {
    return make_error(errc::invalid_location,
                      "a transfer goes between sites: '" + location_code(s, e.source) + "' and '" +
                          location_code(s, e.destination) + "' are one site",
                      error_context{.location = location_code(s, e.destination),
                                    .document = e.key,
                                    .field = "destination"});
  }
  if (e.lines.empty() || e.lines.size() > transfer_lines_max) {
    return make_error(errc::invalid_parameter, "a transfer has 1 to 10000 lines",
                      error_context{.document = e.key, .field = "lines"});
  }
  for (std::size_t i = 0; i < e.lines.size(); ++i) {
    if (auto ok = check_line(s, e.lines[i], i); !ok) return ok;
  }
  return {};
}

// The transfer an event names, not closed.
auto open_transfer_at(const state& s, transfer_id id) -> result<void> {
  if (id.index() >= s.transfers.size()) {
    return make_error(errc::unknown_transfer, "an event names an unknown transfer id",
                      error_context{.field = "transfer"});
  }
  const auto& t = s.transfers.at(id);
  if (t.status == transfer_status::closed) {
    return make_error(errc::transfer_already_closed, "transfer '" + t.key + "' is closed",
                      error_context{.document = t.key, .field = "transfer"});
  }
  return {};
}

// Per-line amounts of an event: one per line, none negative, each at most
// `limit(line)`, and (unless `zero_allowed`) one of them positive.
template <class Limit>
auto check_amounts(const state& s, const transfer_order& t, const std::vector<quantity>& amounts,
                   std::string_view what, bool zero_allowed, Limit&& limit) -> result<void> {
  if (amounts.size() != t.lines.size()) {
    return make_error(errc::store_failure, "an event's amounts do not match its transfer's lines");
  }
  bool any = false;
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    const auto& line = t.lines[i];
    if (auto ok = check_amount(s, line.item, amounts[i], true, "amount", i); !ok) return ok;
    const auto most = limit(i);
    if (amounts[i] > most) {
      return make_error(errc::exceeds_transfer,
                        "line " + std::to_string(i) + " of transfer '" + t.key + "' has " +
                            most.to_string() + " of '" + item_code(s, line.item) + "' " +
                            std::string(what) + ", not " + amounts[i].to_string(),
                        error_context{.item = item_code(s, line.item),
                                      .document = t.key,
                                      .field = "lines",
                                      .requested = amounts[i],
                                      .available = most,
                                      .line = i});
    }
    any = any || amounts[i].is_positive();
  }
  if (!any && !zero_allowed) {
    return make_error(errc::exceeds_transfer,
                      "transfer '" + t.key + "' has nothing " + std::string(what),
                      error_context{.document = t.key, .field = "lines"});
  }
  return {};
}

auto check_shipment(const state& s, const transfer_shipped& e) -> result<void> {
  if (auto ok = open_transfer_at(s, e.transfer); !ok) return ok;
  const auto& t = s.transfers.at(e.transfer);
  return check_amounts(s, t, e.amounts, "left to ship", false,
                       [&](std::size_t i) { return t.lines[i].amount - t.shipped[i]; });
}

auto check_receipt(const state& s, const transfer_received& e) -> result<void> {
  if (auto ok = open_transfer_at(s, e.transfer); !ok) return ok;
  const auto& t = s.transfers.at(e.transfer);
  return check_amounts(s, t, e.amounts, "in transit", false,
                       [&](std::size_t i) { return t.in_transit(i); });
}

auto moves_anything(const transfer_closed& e) -> bool {
  const auto positive = [](quantity q) { return q.is_positive(); };
  return std::any_of(e.written_off.begin(), e.written_off.end(), positive) ||
         std::any_of(e.found.begin(), e.found.end(), positive);
}

auto check_close(const state& s, const transfer_closed& e) -> result<void> {
  if (auto ok = open_transfer_at(s, e.transfer); !ok) return ok;
  const auto& t = s.transfers.at(e.transfer);
  if (e.written_off.size() != t.lines.size() || e.found.size() != t.lines.size()) {
    return make_error(errc::store_failure, "a close's amounts do not match its transfer's lines");
  }
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    if (e.written_off[i] != t.in_transit(i)) {
      return make_error(errc::store_failure, "a close writes off other than what is in transit");
    }
    if (auto ok = check_amount(s, t.lines[i].item, e.found[i], true, "found", i); !ok) return ok;
  }
  if (e.reason.size() > text_length_max) {
    return make_error(errc::malformed_input, "reason is longer than 1024 bytes",
                      error_context{.document = t.key, .field = "reason"});
  }
  if (!moves_anything(e)) return {};
  if (e.loss.index() >= s.catalog.location_count()) {
    return make_error(
        errc::invalid_location,
        "transfer '" + t.key + "' closes with a discrepancy: name the inventory_loss location",
        error_context{.document = t.key, .field = "loss"});
  }
  if (s.catalog.location(e.loss).kind != location_kind::inventory_loss) {
    return make_error(
        errc::invalid_location,
        "the loss location '" + location_code(s, e.loss) + "' is " +
            std::string(name_of(s.catalog.location(e.loss).kind)) + ", not inventory_loss",
        error_context{.location = location_code(s, e.loss), .document = t.key, .field = "loss"});
  }
  if (e.reason.empty()) {
    return make_error(errc::invalid_parameter,
                      "transfer '" + t.key + "' closes with a discrepancy: give a reason",
                      error_context{.document = t.key, .field = "reason"});
  }
  return {};
}

// A request's per-line amounts as one amount per line of the transfer:
// every index known and given once, every amount positive. Empty: `all(line)`.
template <class All>
auto amounts_of(const state& s, const transfer_order& t,
                const std::vector<transfer_line_amount>& lines, std::string_view field, All&& all)
    -> result<std::vector<quantity>> {
  std::vector<quantity> out(t.lines.size());
  if (lines.empty()) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = all(i);
    return out;
  }
  std::vector<bool> given(t.lines.size());
  for (std::size_t j = 0; j < lines.size(); ++j) {
    const auto& asked = lines[j];
    if (asked.line >= t.lines.size() || given[asked.line]) {
      return make_error(
          errc::invalid_parameter,
          "entry " + std::to_string(j) + " of " + std::string(field) + " names line " +
              std::to_string(asked.line) +
              (asked.line >= t.lines.size() ? ", which transfer '" + t.key + "' does not have"
                                            : " a second time"),
          error_context{.document = t.key, .field = std::string(field), .line = j});
    }
    given[asked.line] = true;
    if (auto ok = check_amount(s, t.lines[asked.line].item, asked.amount, false, "amount", j);
        !ok) {
      return ok.error();
    }
    out[asked.line] = asked.amount;
  }
  return out;
}

auto document_of(const transfer_order& t, std::vector<movement_line> lines, movement_reason reason,
                 std::string key, std::string note) -> movement_document {
  movement_document d;
  d.key = std::move(key);
  d.reason = reason;
  d.reference.external_document = t.key;
  d.reference.note = std::move(note);
  d.lines = std::move(lines);
  return d;
}

}  // namespace

auto opened_event(const transfer_request& request, timestamp recorded) -> transfer_opened {
  return {request.key,   request.source, request.destination, request.transit, request.eta,
          request.lines, recorded};
}

auto same_transfer(const event& stored, const transfer_request& request) -> bool {
  const auto* opened = std::get_if<transfer_opened>(&stored);
  return opened != nullptr && opened->source == request.source &&
         opened->destination == request.destination && opened->transit == request.transit &&
         opened->eta == request.eta && opened->lines == request.lines;
}

auto validate_open(const state& s, const transfer_request& request, timestamp recorded)
    -> result<intent> {
  auto opened = opened_event(request, recorded);
  if (auto ok = check_transfer(s, opened); !ok) return ok.error();
  return intent::of(event{std::move(opened)});
}

auto find_transfer(const state& s, std::string_view key) -> result<transfer_id> {
  const auto id = s.transfers.find(key);
  if (!id) {
    return make_error(errc::unknown_transfer,
                      "no transfer was opened under key '" + std::string(key) + "'",
                      error_context{.document = std::string(key), .field = "transfer"});
  }
  return *id;
}

auto shipment_event(const state& s, const transfer_shipment& request) -> result<transfer_shipped> {
  auto id = find_transfer(s, request.transfer);
  if (!id) return id.error();
  if (auto ok = open_transfer_at(s, *id); !ok) return ok.error();
  const auto& t = s.transfers.at(*id);
  auto amounts = amounts_of(s, t, request.lines, "lines",
                            [&](std::size_t i) { return t.lines[i].amount - t.shipped[i]; });
  if (!amounts) return amounts.error();
  transfer_shipped e{*id, request.eta.value_or(t.eta), std::move(*amounts)};
  if (auto ok = check_shipment(s, e); !ok) return ok.error();
  return e;
}

auto receipt_event(const state& s, const transfer_receipt& request) -> result<transfer_received> {
  auto id = find_transfer(s, request.transfer);
  if (!id) return id.error();
  if (auto ok = open_transfer_at(s, *id); !ok) return ok.error();
  const auto& t = s.transfers.at(*id);
  auto amounts =
      amounts_of(s, t, request.lines, "lines", [&](std::size_t i) { return t.in_transit(i); });
  if (!amounts) return amounts.error();
  transfer_received e{*id, std::move(*amounts)};
  if (auto ok = check_receipt(s, e); !ok) return ok.error();
  return e;
}

auto close_event(const state& s, const transfer_close& request) -> result<transfer_closed> {
  auto id = find_transfer(s, request.transfer);
  if (!id) return id.error();
  if (auto ok = open_transfer_at(s, *id); !ok) return ok.error();
  const auto& t = s.transfers.at(*id);
  auto found =
      request.found.empty()
          ? result<std::vector<quantity>>{std::vector<quantity>(t.lines.size())}
          : amounts_of(s, t, request.found, "found", [](std::size_t) { return quantity{}; });
  if (!found) return found.error();
  transfer_closed e{{}, *id, request.loss, request.reason, {}, std::move(*found)};
  e.written_off.resize(t.lines.size());
  for (std::size_t i = 0; i < t.lines.size(); ++i) e.written_off[i] = t.in_transit(i);
  if (!moves_anything(e)) e.key = request.key;
  if (auto ok = check_close(s, e); !ok) return ok.error();
  return e;
}

auto transfer_document_lines(const transfer_shipped& e, const state& s)
    -> std::vector<movement_line> {
  const auto& t = s.transfers.at(e.transfer);
  std::vector<movement_line> out;
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    if (!e.amounts[i].is_positive()) continue;
    out.push_back({t.lines[i].item, t.lines[i].lot, t.source, t.transit, e.amounts[i]});
  }
  return out;
}

auto transfer_document_lines(const transfer_received& e, const state& s)
    -> std::vector<movement_line> {
  const auto& t = s.transfers.at(e.transfer);
  std::vector<movement_line> out;
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    if (!e.amounts[i].is_positive()) continue;
    out.push_back({t.lines[i].item, t.lines[i].lot, t.transit, t.destination, e.amounts[i]});
  }
  return out;
}

auto transfer_document_lines(const transfer_closed& e, const state& s)
    -> std::vector<movement_line> {
  const auto& t = s.transfers.at(e.transfer);
  std::vector<movement_line> out;
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    if (e.written_off[i].is_positive()) {
      out.push_back({t.lines[i].item, t.lines[i].lot, t.transit, e.loss, e.written_off[i]});
    }
  }
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    if (e.found[i].is_positive()) {
      out.push_back({t.lines[i].item, t.lines[i].lot, e.loss, t.destination, e.found[i]});
    }
  }
  return out;
}

template <class E>
auto transfer_document(const E& e, const state& s, std::string key) -> movement_document {
  const auto& t = s.transfers.at(e.transfer);
  if constexpr (std::is_same_v<E, transfer_closed>) {
    return document_of(t, transfer_document_lines(e, s), movement_reason::adjustment,
                       std::move(key), e.reason);
  } else {
    return document_of(t, transfer_document_lines(e, s), movement_reason::transfer, std::move(key),
                       {});
  }
}
template auto transfer_document(const transfer_shipped&, const state&, std::string)
    -> movement_document;
template auto transfer_document(const transfer_received&, const state&, std::string)
    -> movement_document;
template auto transfer_document(const transfer_closed&, const state&, std::string)
    -> movement_document;

auto check_logged(const transfer_opened& e, const state& s) -> result<void> {
  if (s.keys.find(e.key)) {
    return make_error(errc::store_failure, "the key '" + e.key + "' was used before");
  }
  return check_transfer(s, e);
}

auto check_logged(const transfer_shipped& e, const state& s) -> result<void> {
  return check_shipment(s, e);
}

auto check_logged(const transfer_received& e, const state& s) -> result<void> {
  return check_receipt(s, e);
}

auto check_logged(const transfer_closed& e, const state& s) -> result<void> {
  if (auto ok = check_close(s, e); !ok) return ok;
  if (moves_anything(e) != e.key.empty()) {
    return make_error(errc::store_failure,
                      "a close carries its key exactly when no document follows it");
  }
  if (!e.key.empty()) {
    if (auto ok = validate_code(e.key, "key"); !ok) return ok;
    if (s.keys.find(e.key)) {
      return make_error(errc::store_failure, "the key '" + e.key + "' was used before");
    }
  }
  return {};
}

}  // namespace onhand::detail
