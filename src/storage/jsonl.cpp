// SPDX-License-Identifier: Apache-2.0
// The JSON Lines export and import of the event log. The schema, field by
// field, is docs/reference/jsonl.md; keep the two in step, and add a field
// only with a new version number.
#include "onhand/storage/jsonl.hpp"

#include <charconv>
#include <cstdio>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "onhand/core/error.hpp"
#include "onhand/events.hpp"
#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"

#include "storage/json.hpp"

namespace onhand {
namespace {

constexpr std::size_t read_chunk = 4'096;

auto format_micros(timestamp at) -> std::string {
  using namespace std::chrono;
  const auto day_start = floor<days>(at);
  const hh_mm_ss time{at - day_start};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "T%02ld:%02ld:%02ld.%06ldZ",
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()),
                static_cast<long>(time.subseconds().count()));
  return format(date{day_start}) + buffer;
}

auto quota_kind_name(quota_kind kind) -> std::string_view {
  return kind == quota_kind::share ? "share" : "fixed";
}

// What the log defined so far: the codes behind the dense ids, and how many
// documents and reservations were numbered. Export reads codes from it;
// import checks ids and codes against it.
struct code_book {
  std::vector<std::string> items;
  std::unordered_map<std::string, std::uint32_t> item_ids;
  std::vector<std::string> locations;
  std::vector<std::pair<std::uint32_t, std::string>> lots;  // item id, lot code
  std::uint32_t documents = 0;
  std::uint32_t reservations = 0;
  std::uint32_t transfers = 0;

  void add(const event& e) {
    if (const auto* item = std::get_if<item_defined>(&e)) {
      item_ids.emplace(item->item.code, static_cast<std::uint32_t>(items.size()));
      items.push_back(item->item.code);
    } else if (const auto* location = std::get_if<location_defined>(&e)) {
      locations.push_back(location->location.code);
    } else if (const auto* lot = std::get_if<lot_defined>(&e)) {
      auto found = item_ids.find(lot->lot.item);
      lots.emplace_back(found == item_ids.end() ? UINT32_MAX : found->second, lot->lot.code);
    } else if (std::holds_alternative<document_posted>(e)) {
      ++documents;
    } else if (std::holds_alternative<reservation_made>(e)) {
      ++reservations;
    } else if (std::holds_alternative<transfer_opened>(e)) {
      ++transfers;
    }
  }
  [[nodiscard]] auto item(item_id id) const -> std::string {
    return id.index() < items.size() ? items[id.index()] : std::string();
  }
  [[nodiscard]] auto location(location_id id) const -> std::string {
    return id.index() < locations.size() ? locations[id.index()] : std::string();
  }
  [[nodiscard]] auto lot(lot_id id) const -> std::string {
    return id.index() < lots.size() ? lots[id.index()].second : std::string();
  }
  [[nodiscard]] auto lot_item(lot_id id) const -> std::string {
    return id.index() < lots.size() && lots[id.index()].first < items.size()
               ? items[lots[id.index()].first]
               : std::string();
  }
};

// ---- writing ---------------------------------------------------------------

// One JSON object, written member by member.
class object_writer {
 public:
  explicit object_writer(std::string& out) : out_(out) { out_ += '{'; }
  void close() { out_ += '}'; }

  void key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    json::write_string(out_, name);
    out_ += ':';
  }
  void text(std::string_view name, std::string_view value) {
    key(name);
    json::write_string(out_, value);
  }
  void number(std::string_view name, std::int64_t value) {
    key(name);
    out_ += std::to_string(value);
  }
  void flag(std::string_view name, bool value) {
    key(name);
    out_ += value ? "true" : "false";
  }
  void null(std::string_view name) {
    key(name);
    out_ += "null";
  }
  template <class Tag>
  void id(std::string_view name, dense_id<Tag> value) {
    if (value.is_none()) {
      null(name);
    } else {
      number(name, value.value);
    }
  }
  void optional_number(std::string_view name, std::optional<int> value) {
    if (value) {
      number(name, *value);
    } else {
      null(name);
    }
  }
  void time(std::string_view name, std::optional<timestamp> value) {
    if (value) {
      text(name, format_micros(*value));
    } else {
      null(name);
    }
  }
  void amount(std::string_view name, quantity value) { text(name, value.to_string()); }

 private:
  std::string& out_;
  bool first_ = true;
};

void write_fields(object_writer& w, std::string& out, const code_book& book,
                  const item_defined& e) {
  const auto& item = e.item;
  w.number("item", static_cast<std::int64_t>(book.items.size()));
  w.text("code", item.code);
  w.text("description", item.description);
  w.text("base_unit", item.units.base().name);
  w.number("decimals", item.units.base().decimals);
  w.key("alternates");
  out += '[';
  for (std::size_t i = 0; i < item.units.alternates().size(); ++i) {
    const auto& unit = item.units.alternates()[i];
    if (i != 0) out += ',';
    object_writer a(out);
    a.text("name", unit.name);
    a.number("numerator", unit.to_base.numerator);
    a.number("denominator", unit.to_base.denominator);
    a.close();
  }
  out += ']';
  w.flag("lot_tracked", item.lot_tracked);
  w.flag("serial_tracked", item.serial_tracked);
  w.optional_number("shelf_life_days", item.shelf_life_days);
  w.key("gtins");
  out += '[';
  for (std::size_t i = 0; i < item.gtins.size(); ++i) {
    if (i != 0) out += ',';
    object_writer g(out);
    g.text("gtin", item.gtins[i].gtin);
    g.text("unit", item.gtins[i].unit);
    g.close();
  }
  out += ']';
  w.key("attributes");
  object_writer attributes(out);
  for (const auto& [name, value] : item.attributes) attributes.text(name, value);
  attributes.close();
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const location_defined& e) {
  w.number("location", static_cast<std::int64_t>(book.locations.size()));
  w.text("code", e.location.code);
  w.text("description", e.location.description);
  w.text("parent", e.location.parent);
  w.text("location_kind", name_of(e.location.kind));
  w.flag("allow_negative", e.location.allow_negative);
  // Version 2 (see line_version): written only when set.
  if (e.location.hold) w.flag("hold", true);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const lot_defined& e) {
  const auto& lot = e.lot;
  w.number("lot", static_cast<std::int64_t>(book.lots.size()));
  auto item = book.item_ids.find(lot.item);
  w.number("item", item == book.item_ids.end() ? -1 : item->second);
  w.text("item_code", lot.item);
  w.text("code", lot.code);
  if (lot.expiry) {
    w.text("expiry", format(*lot.expiry));
  } else {
    w.null("expiry");
  }
  w.optional_number("best_before_days", lot.best_before_days);
  w.optional_number("removal_days", lot.removal_days);
  w.optional_number("alert_days", lot.alert_days);
  w.text("status", name_of(lot.status));
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const lot_status_set& e) {
  w.id("lot", e.lot);
  w.text("item_code", book.lot_item(e.lot));
  w.text("lot_code", book.lot(e.lot));
  w.text("status", name_of(e.status));
}

// A line's item and lot, each by id with its code beside it.
void write_item_lot(object_writer& l, const code_book& book, item_id item, lot_id lot) {
  l.id("item", item);
  l.text("item_code", book.item(item));
  l.id("lot", lot);
  if (lot.is_none()) {
    l.null("lot_code");
  } else {
    l.text("lot_code", book.lot(lot));
  }
}

void write_fields(object_writer& w, std::string& out, const code_book& book,
                  const document_posted& e) {
  const auto& doc = e.document;
  w.number("document", book.documents);
  w.text("document_key", doc.key);
  w.text("reason", name_of(doc.reason));
  w.time("effective", doc.effective);
  w.time("effective_at", e.stamp.effective);
  w.time("recorded", e.stamp.recorded);
  w.id("reverses", e.stamp.reverses);
  w.text("external_document", doc.reference.external_document);
  w.text("external_line", doc.reference.external_line);
  w.text("note", doc.reference.note);
  w.key("lines");
  out += '[';
  for (std::size_t i = 0; i < doc.lines.size(); ++i) {
    const auto& line = doc.lines[i];
    if (i != 0) out += ',';
    object_writer l(out);
    write_item_lot(l, book, line.item, line.lot);
    l.id("from", line.from);
    l.text("from_code", book.location(line.from));
    l.id("to", line.to);
    l.text("to_code", book.location(line.to));
    l.amount("amount", line.amount);
    l.close();
  }
  out += ']';
}

// The item and location a reservation or a quota is about.
void write_place(object_writer& w, const code_book& book, item_id item, location_id location) {
  w.id("item", item);
  w.text("item_code", book.item(item));
  w.id("location", location);
  w.text("location_code", book.location(location));
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const reservation_made& e) {
  w.number("reservation", book.reservations);
  w.text("reservation_key", e.key);
  write_place(w, book, e.item, e.location);
  w.amount("amount", e.amount);
  w.text("channel", e.channel);
  w.text("customer", e.customer);
  w.time("expires", e.expires);
  w.time("recorded", e.recorded);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const reservation_committed& e) {
  w.id("reservation", e.reservation);
  w.amount("amount", e.amount);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const reservation_released& e) {
  w.id("reservation", e.reservation);
  w.text("release_key", e.key);
  w.amount("amount", e.amount);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const reservation_clock_set& e) {
  w.time("at", e.at);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const channel_quota_set& e) {
  write_place(w, book, e.item, e.location);
  w.text("channel", e.channel);
  w.text("quota_kind", quota_kind_name(e.kind));
  w.amount("value", e.value);
}

// A location given by id with its code beside it.
void write_location(object_writer& w, const code_book& book, std::string_view name,
                    location_id location) {
  w.id(name, location);
  const auto code = std::string(name) + "_code";
  if (location.is_none()) {
    w.null(code);
  } else {
    w.text(code, book.location(location));
  }
}

// Per-line amounts of a transfer event: an array of decimal strings.
void write_amounts(object_writer& w, std::string& out, std::string_view name,
                   const std::vector<quantity>& amounts) {
  w.key(name);
  out += '[';
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    if (i != 0) out += ',';
    json::write_string(out, amounts[i].to_string());
  }
  out += ']';
}

void write_fields(object_writer& w, std::string& out, const code_book& book,
                  const transfer_opened& e) {
  w.number("transfer", book.transfers);
  w.text("transfer_key", e.key);
  write_location(w, book, "source", e.source);
  write_location(w, book, "destination", e.destination);
  write_location(w, book, "transit", e.transit);
  w.time("eta", e.eta);
  w.time("recorded", e.recorded);
  w.key("lines");
  out += '[';
  for (std::size_t i = 0; i < e.lines.size(); ++i) {
    const auto& line = e.lines[i];
    if (i != 0) out += ',';
    object_writer l(out);
    write_item_lot(l, book, line.item, line.lot);
    l.amount("amount", line.amount);
    l.close();
  }
  out += ']';
}

void write_fields(object_writer& w, std::string& out, const code_book& /*book*/,
                  const transfer_shipped& e) {
  w.id("transfer", e.transfer);
  w.time("eta", e.eta);
  write_amounts(w, out, "amounts", e.amounts);
}

void write_fields(object_writer& w, std::string& out, const code_book& /*book*/,
                  const transfer_received& e) {
  w.id("transfer", e.transfer);
  write_amounts(w, out, "amounts", e.amounts);
}

void write_fields(object_writer& w, std::string& out, const code_book& book,
                  const transfer_closed& e) {
  w.id("transfer", e.transfer);
  w.text("close_key", e.key);
  write_location(w, book, "loss", e.loss);
  w.text("reason", e.reason);
  write_amounts(w, out, "written_off", e.written_off);
  write_amounts(w, out, "found", e.found);
}

// The purchasing and sales-order events travel as their version-1
// encoding, in lowercase hex under "encoded" (docs/reference/jsonl.md): the
// codec's checks and replay's judge them on import like any other event.
template <class T>
concept purchasing_event =
    std::is_same_v<T, supplier_defined> || std::is_same_v<T, supplier_item_set> ||
    std::is_same_v<T, purchase_order_created> || std::is_same_v<T, purchase_order_sent> ||
    std::is_same_v<T, purchase_order_line_changed> || std::is_same_v<T, purchase_order_cancelled> ||
    std::is_same_v<T, purchase_order_closed> || std::is_same_v<T, receipt_recorded> ||
    std::is_same_v<T, purchase_order_line_repriced> || std::is_same_v<T, inspection_set> ||
    std::is_same_v<T, inspection_released> || std::is_same_v<T, sales_order_created> ||
    std::is_same_v<T, sales_order_allocated> || std::is_same_v<T, sales_order_cancelled> ||
    std::is_same_v<T, sales_order_shipped> || std::is_same_v<T, sales_order_returned>;

template <purchasing_event T>
void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/, const T& e) {
  static constexpr std::string_view digits = "0123456789abcdef";
  const auto bytes = encode(event{e});
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    const auto c = static_cast<unsigned char>(byte);
    hex.push_back(digits[c >> 4]);
    hex.push_back(digits[c & 15]);
  }
  w.text("encoded", hex);
}

// Counting: an optional quantity or money is its decimal text, or null.
template <class Decimal>
void write_optional(object_writer& w, std::string_view name, const std::optional<Decimal>& value) {
  if (value) {
    w.text(name, value->to_string());
  } else {
    w.null(name);
  }
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const count_task_started& e) {
  w.text("task_key", e.key);
  write_place(w, book, e.item, e.location);
  w.id("lot", e.lot);
  w.id("loss_location", e.loss_location);
  w.text("abc_class", e.abc_class);
  w.flag("blind", e.blind);
  write_optional(w, "quantity_max", e.tolerance.quantity_max);
  write_optional(w, "percent_max", e.tolerance.percent_max);
  write_optional(w, "value_max", e.tolerance.value_max);
  write_optional(w, "unit_cost", e.unit_cost);
  w.amount("snapshot", e.snapshot);
  w.time("recorded", e.recorded);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const count_submitted& e) {
  w.text("count_key", e.key);
  w.id("task", e.task);
  w.amount("counted", e.counted);
  w.time("counted_at", e.counted_at);
  w.amount("expected", e.expected);
  w.flag("within_tolerance", e.within_tolerance);
  w.time("recorded", e.recorded);
}

void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const count_approved& e) {
  w.text("count_key", e.key);
  w.id("task", e.task);
  w.amount("adjustment", e.adjustment);
  w.time("recorded", e.recorded);
}

template <class Decision>
void write_decision_fields(object_writer& w, const Decision& e) {
  w.text("count_key", e.key);
  w.id("task", e.task);
  w.time("recorded", e.recorded);
}
void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const count_rejected& e) {
  write_decision_fields(w, e);
}
void write_fields(object_writer& w, std::string& /*out*/, const code_book& /*book*/,
                  const recount_requested& e) {
  write_decision_fields(w, e);
}

// The valuation domain's events. Money is its exact decimal text.
void write_fields(object_writer& w, std::string& /*out*/, const code_book& book,
                  const costing_method_set& e) {
  w.id("item", e.item);
  w.text("item_code", book.item(e.item));
  w.text("method", name_of(e.method));
  w.text("standard_cost", e.standard_cost.to_string());
  w.time("effective", e.effective);
}

void write_fields(object_writer& w, std::string& out, const code_book& /*book*/,
                  const receipt_costed& e) {
  w.text("document_key", e.document);
  w.key("unit_costs");
  out += '[';
  for (std::size_t i = 0; i < e.unit_costs.size(); ++i) {
    if (i != 0) out += ',';
    out += '"' + e.unit_costs[i].to_string() + '"';
  }
  out += ']';
}

template <class T>
constexpr auto kind_name() -> std::string_view {
  if constexpr (std::is_same_v<T, item_defined>) return "item_defined";
  if constexpr (std::is_same_v<T, location_defined>) return "location_defined";
  if constexpr (std::is_same_v<T, lot_defined>) return "lot_defined";
  if constexpr (std::is_same_v<T, lot_status_set>) return "lot_status_set";
  if constexpr (std::is_same_v<T, document_posted>) return "document_posted";
  if constexpr (std::is_same_v<T, reservation_made>) return "reservation_made";
  if constexpr (std::is_same_v<T, reservation_committed>) return "reservation_committed";
  if constexpr (std::is_same_v<T, reservation_released>) return "reservation_released";
  if constexpr (std::is_same_v<T, reservation_clock_set>) return "reservation_clock_set";
  if constexpr (std::is_same_v<T, channel_quota_set>) return "channel_quota_set";
  if constexpr (std::is_same_v<T, transfer_opened>) return "transfer_opened";
  if constexpr (std::is_same_v<T, transfer_shipped>) return "transfer_shipped";
  if constexpr (std::is_same_v<T, transfer_received>) return "transfer_received";
  if constexpr (std::is_same_v<T, transfer_closed>) return "transfer_closed";
  if constexpr (std::is_same_v<T, supplier_defined>) return "supplier_defined";
  if constexpr (std::is_same_v<T, supplier_item_set>) return "supplier_item_set";
  if constexpr (std::is_same_v<T, purchase_order_created>) return "purchase_order_created";
  if constexpr (std::is_same_v<T, purchase_order_sent>) return "purchase_order_sent";
  if constexpr (std::is_same_v<T, purchase_order_line_changed>) {
    return "purchase_order_line_changed";
  }
  if constexpr (std::is_same_v<T, purchase_order_cancelled>) return "purchase_order_cancelled";
  if constexpr (std::is_same_v<T, purchase_order_closed>) return "purchase_order_closed";
  if constexpr (std::is_same_v<T, receipt_recorded>) return "receipt_recorded";
  if constexpr (std::is_same_v<T, purchase_order_line_repriced>) {
    return "purchase_order_line_repriced";
  }
  if constexpr (std::is_same_v<T, inspection_set>) return "inspection_set";
  if constexpr (std::is_same_v<T, inspection_released>) return "inspection_released";
  if constexpr (std::is_same_v<T, count_task_started>) return "count_task_started";
  if constexpr (std::is_same_v<T, count_submitted>) return "count_submitted";
  if constexpr (std::is_same_v<T, count_approved>) return "count_approved";
  if constexpr (std::is_same_v<T, count_rejected>) return "count_rejected";
  if constexpr (std::is_same_v<T, recount_requested>) return "recount_requested";
  if constexpr (std::is_same_v<T, costing_method_set>) return "costing_method_set";
  if constexpr (std::is_same_v<T, receipt_costed>) return "receipt_costed";
  if constexpr (std::is_same_v<T, sales_order_created>) return "sales_order_created";
  if constexpr (std::is_same_v<T, sales_order_allocated>) return "sales_order_allocated";
  if constexpr (std::is_same_v<T, sales_order_cancelled>) return "sales_order_cancelled";
  if constexpr (std::is_same_v<T, sales_order_shipped>) return "sales_order_shipped";
  if constexpr (std::is_same_v<T, sales_order_returned>) return "sales_order_returned";
}

// The lowest schema version that expresses `e`: version 2 added `hold` to
// location_defined, so only a held location needs it.
auto line_version(const event& e) -> int {
  const auto* location = std::get_if<location_defined>(&e);
  return location != nullptr && location->location.hold ? 2 : 1;
}

void write_line(std::string& out, std::uint64_t position, std::string_view key, const event& e,
                const code_book& book) {
  std::visit(
      [&](const auto& ev) {
        object_writer w(out);
        w.number("v", line_version(e));
        w.number("position", static_cast<std::int64_t>(position));
        w.text("kind", kind_name<std::decay_t<decltype(ev)>>());
        w.text("key", key);
        write_fields(w, out, book, ev);
        w.close();
      },
      e);
  out += '\n';
}

// ---- reading ---------------------------------------------------------------

// A line's fault. Thrown only inside read_line and caught there, so that the
// field readers below stay one call each; it never leaves this file.
struct bad_line {
  error fault;
};

class fields {
 public:
  fields(const json::object& members, std::size_t line, std::string prefix = {})
      : members_(members), used_(members.size(), false), line_(line), prefix_(std::move(prefix)) {}

  int version = 1;  ///< The line's "v", once read.

  [[noreturn]] void fail(std::string_view name, const std::string& what) const {
    const auto field = prefix_ + std::string(name);
    throw bad_line{
        make_error(errc::malformed_input,
                   "line " + std::to_string(line_ + 1) + ": field '" + field + "' " + what,
                   error_context{.field = field, .line = line_})};
  }

  auto get(std::string_view name) -> const json::value& {
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (members_[i].first == name) {
        used_[i] = true;
        return members_[i].second;
      }
    }
    fail(name, "is missing");
  }

  void finish() const {
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (!used_[i]) fail(members_[i].first, "is not part of the schema");
    }
  }

  template <class T>
  auto as(std::string_view name, const json::value& v, std::string_view expected) -> const T& {
    const auto* found = std::get_if<T>(&v.data);
    if (found == nullptr) {
      fail(name, "must be " + std::string(expected) + ", not " + std::string(v.type_name()));
    }
    return *found;
  }

  auto text(std::string_view name) -> std::string {
    return as<std::string>(name, get(name), "a string");
  }
  auto flag(std::string_view name) -> bool { return as<bool>(name, get(name), "a boolean"); }
  auto is_null(std::string_view name) -> bool {
    return std::holds_alternative<std::nullptr_t>(get(name).data);
  }

  auto integer(std::string_view name, std::int64_t low, std::int64_t high) -> std::int64_t {
    const auto& digits = as<json::integer>(name, get(name), "an integer").text;
    std::int64_t value = 0;
    const auto* end = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (ec != std::errc{} || ptr != end || value < low || value > high) {
      fail(name, "must be an integer from " + std::to_string(low) + " to " + std::to_string(high) +
                     ", not " + digits);
    }
    return value;
  }
  auto optional_integer(std::string_view name) -> std::optional<int> {
    if (is_null(name)) return std::nullopt;
    return static_cast<int>(integer(name, INT32_MIN, INT32_MAX));
  }
  template <class Id>
  auto id(std::string_view name) -> Id {
    return Id{static_cast<std::uint32_t>(integer(name, 0, INT32_MAX))};
  }
  template <class Id>
  auto optional_id(std::string_view name) -> Id {
    if (is_null(name)) return Id::none();
    return id<Id>(name);
  }
  auto amount(std::string_view name) -> quantity {
    auto parsed = quantity::parse(text(name));
    if (!parsed) fail(name, "must be a decimal string: " + parsed.error().message);
    return *parsed;
  }
  auto time(std::string_view name) -> timestamp {
    auto parsed = parse_timestamp(text(name));
    if (!parsed) fail(name, "must be an ISO 8601 UTC time: " + parsed.error().message);
    return *parsed;
  }
  auto optional_time(std::string_view name) -> std::optional<timestamp> {
    if (is_null(name)) return std::nullopt;
    return time(name);
  }
  auto array(std::string_view name) -> const json::array& {
    return *as<std::unique_ptr<json::array>>(name, get(name), "an array");
  }
  auto nested(std::string_view name, const json::value& v, std::size_t index) -> fields {
    const auto& members = *as<std::unique_ptr<json::object>>(name, v, "an object");
    return fields(members, line_, prefix_ + std::string(name) + "[" + std::to_string(index) + "].");
  }
  auto object(std::string_view name) -> const json::object& {
    return *as<std::unique_ptr<json::object>>(name, get(name), "an object");
  }
  template <class E>
  auto named(std::string_view name, std::optional<E> (*parse)(std::string_view)) -> E {
    auto value = text(name);
    auto parsed = parse(value);
    if (!parsed) fail(name, "names no value: '" + value + "'");
    return *parsed;
  }
  [[nodiscard]] auto line() const -> std::size_t { return line_; }

 private:
  const json::object& members_;
  std::vector<bool> used_;
  std::size_t line_;
  std::string prefix_;
};

// Checks that `code`, given beside an id, is the code the log defined for it.
void check_code(fields& f, std::string_view name, const std::string& expected, bool known) {
  if (!known) f.fail(name, "belongs to an id that no earlier line defines");
  auto given = f.text(name);
  if (given != expected) {
    f.fail(name, "is '" + given + "', but the id names '" + expected + "'");
  }
}

auto read_item(fields& f, const code_book& book) -> event {
  if (f.integer("item", 0, INT32_MAX) != static_cast<std::int64_t>(book.items.size())) {
    f.fail("item", "must be the next item id, " + std::to_string(book.items.size()));
  }
  item_definition item;
  item.code = f.text("code");
  item.description = f.text("description");
  base_unit base{f.text("base_unit"), static_cast<int>(f.integer("decimals", 0, 6))};
  auto units = unit_set::make(base);
  if (!units) f.fail("base_unit", units.error().message);
  const auto& alternates = f.array("alternates");
  for (std::size_t i = 0; i < alternates.size(); ++i) {
    auto a = f.nested("alternates", alternates[i], i);
    auto name = a.text("name");
    auto factor = unit_factor::ratio(a.integer("numerator", 1, INT64_MAX),
                                     a.integer("denominator", 1, INT64_MAX));
    if (!factor) a.fail("numerator", factor.error().message);
    a.finish();
    if (auto added = units->add_alternate(name, *factor, base.name); !added) {
      a.fail("name", added.error().message);
    }
  }
  item.units = std::move(*units);
  item.lot_tracked = f.flag("lot_tracked");
  item.serial_tracked = f.flag("serial_tracked");
  item.shelf_life_days = f.optional_integer("shelf_life_days");
  const auto& gtins = f.array("gtins");
  for (std::size_t i = 0; i < gtins.size(); ++i) {
    auto g = f.nested("gtins", gtins[i], i);
    item.gtins.push_back({g.text("gtin"), g.text("unit")});
    g.finish();
  }
  for (const auto& [name, value] : f.object("attributes")) {
    const auto* text = std::get_if<std::string>(&value.data);
    if (text == nullptr) f.fail("attributes", "must map names to strings");
    item.attributes.emplace(name, *text);
  }
  return item_defined{std::move(item)};
}

auto read_location(fields& f, const code_book& book) -> event {
  if (f.integer("location", 0, INT32_MAX) != static_cast<std::int64_t>(book.locations.size())) {
    f.fail("location", "must be the next location id, " + std::to_string(book.locations.size()));
  }
  location_definition location;
  location.code = f.text("code");
  location.description = f.text("description");
  location.parent = f.text("parent");
  location.kind = f.named<location_kind>("location_kind", parse_location_kind);
  location.allow_negative = f.flag("allow_negative");
  // Version 2 added hold; a version-1 line that has it is refused as a field
  // outside the schema.
  if (f.version >= 2) location.hold = f.flag("hold");
  return location_defined{std::move(location)};
}

auto read_lot(fields& f, const code_book& book) -> event {
  if (f.integer("lot", 0, INT32_MAX) != static_cast<std::int64_t>(book.lots.size())) {
    f.fail("lot", "must be the next lot id, " + std::to_string(book.lots.size()));
  }
  const auto item = f.id<item_id>("item");
  lot_definition lot;
  lot.item = book.item(item);
  check_code(f, "item_code", lot.item, item.index() < book.items.size());
  lot.code = f.text("code");
  if (!f.is_null("expiry")) {
    auto day = parse_date(f.text("expiry"));
    if (!day) f.fail("expiry", "must be a date: " + day.error().message);
    lot.expiry = *day;
  }
  lot.best_before_days = f.optional_integer("best_before_days");
  lot.removal_days = f.optional_integer("removal_days");
  lot.alert_days = f.optional_integer("alert_days");
  lot.status = f.named<lot_status>("status", parse_lot_status);
  return lot_defined{std::move(lot)};
}

auto read_lot_status(fields& f, const code_book& book) -> event {
  const auto lot = f.id<lot_id>("lot");
  const bool known = lot.index() < book.lots.size();
  check_code(f, "item_code", book.lot_item(lot), known);
  check_code(f, "lot_code", book.lot(lot), known);
  return lot_status_set{lot, f.named<lot_status>("status", parse_lot_status)};
}

void read_item_lot(fields& l, const code_book& book, item_id& item, lot_id& lot) {
  item = l.id<item_id>("item");
  check_code(l, "item_code", book.item(item), item.index() < book.items.size());
  lot = l.optional_id<lot_id>("lot");
  if (lot.is_none()) {
    if (!l.is_null("lot_code")) l.fail("lot_code", "must be null when lot is null");
  } else {
    check_code(l, "lot_code", book.lot(lot), lot.index() < book.lots.size());
  }
}

auto read_document(fields& f, const code_book& book) -> event {
  if (f.integer("document", 0, INT32_MAX) != book.documents) {
    f.fail("document", "must be the next document number, " + std::to_string(book.documents));
  }
  document_posted e;
  auto& doc = e.document;
  doc.key = f.text("document_key");
  doc.reason = f.named<movement_reason>("reason", parse_movement_reason);
  doc.effective = f.optional_time("effective");
  e.stamp.effective = f.time("effective_at");
  e.stamp.recorded = f.time("recorded");
  e.stamp.reverses = f.optional_id<document_id>("reverses");
  if (!e.stamp.reverses.is_none() && e.stamp.reverses.value >= book.documents) {
    f.fail("reverses", "must name an earlier document");
  }
  doc.reference.external_document = f.text("external_document");
  doc.reference.external_line = f.text("external_line");
  doc.reference.note = f.text("note");
  const auto& lines = f.array("lines");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto l = f.nested("lines", lines[i], i);
    movement_line line;
    read_item_lot(l, book, line.item, line.lot);
    line.from = l.id<location_id>("from");
    check_code(l, "from_code", book.location(line.from), line.from.index() < book.locations.size());
    line.to = l.id<location_id>("to");
    check_code(l, "to_code", book.location(line.to), line.to.index() < book.locations.size());
    line.amount = l.amount("amount");
    l.finish();
    doc.lines.push_back(line);
  }
  return e;
}

void read_place(fields& f, const code_book& book, item_id& item, location_id& location) {
  item = f.id<item_id>("item");
  check_code(f, "item_code", book.item(item), item.index() < book.items.size());
  location = f.id<location_id>("location");
  check_code(f, "location_code", book.location(location), location.index() < book.locations.size());
}

auto read_reservation(fields& f, const code_book& book) -> event {
  if (f.integer("reservation", 0, INT32_MAX) != book.reservations) {
    f.fail("reservation", "must be the next reservation id, " + std::to_string(book.reservations));
  }
  reservation_made e;
  e.key = f.text("reservation_key");
  read_place(f, book, e.item, e.location);
  e.amount = f.amount("amount");
  e.channel = f.text("channel");
  e.customer = f.text("customer");
  e.expires = f.optional_time("expires");
  e.recorded = f.time("recorded");
  return e;
}

auto existing_reservation(fields& f, const code_book& book) -> reservation_id {
  const auto id = f.id<reservation_id>("reservation");
  if (id.value >= book.reservations) f.fail("reservation", "must name an earlier reservation");
  return id;
}

auto read_quota(fields& f, const code_book& book) -> event {
  channel_quota_set e;
  read_place(f, book, e.item, e.location);
  e.channel = f.text("channel");
  const auto kind = f.text("quota_kind");
  if (kind != "fixed" && kind != "share") f.fail("quota_kind", "must be 'fixed' or 'share'");
  e.kind = kind == "share" ? quota_kind::share : quota_kind::fixed;
  e.value = f.amount("value");
  return e;
}

auto read_location_field(fields& f, const code_book& book, std::string_view name, bool may_be_none)
    -> location_id {
  const auto code = std::string(name) + "_code";
  if (may_be_none && f.is_null(name)) {
    if (!f.is_null(code)) f.fail(code, "must be null when " + std::string(name) + " is null");
    return location_id::none();
  }
  const auto location = f.id<location_id>(name);
  check_code(f, code, book.location(location), location.index() < book.locations.size());
  return location;
}

auto read_amounts(fields& f, std::string_view name) -> std::vector<quantity> {
  std::vector<quantity> out;
  for (const auto& v : f.array(name)) {
    auto parsed = quantity::parse(f.as<std::string>(name, v, "an array of decimal strings"));
    if (!parsed) f.fail(name, "must hold decimal strings: " + parsed.error().message);
    out.push_back(*parsed);
  }
  return out;
}

auto existing_transfer(fields& f, const code_book& book) -> transfer_id {
  const auto id = f.id<transfer_id>("transfer");
  if (id.value >= book.transfers) f.fail("transfer", "must name an earlier transfer");
  return id;
}

auto read_transfer(fields& f, const code_book& book) -> event {
  if (f.integer("transfer", 0, INT32_MAX) != book.transfers) {
    f.fail("transfer", "must be the next transfer id, " + std::to_string(book.transfers));
  }
  transfer_opened e;
  e.key = f.text("transfer_key");
  e.source = read_location_field(f, book, "source", false);
  e.destination = read_location_field(f, book, "destination", false);
  e.transit = read_location_field(f, book, "transit", false);
  e.eta = f.time("eta");
  e.recorded = f.time("recorded");
  const auto& lines = f.array("lines");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto l = f.nested("lines", lines[i], i);
    transfer_line line;
    read_item_lot(l, book, line.item, line.lot);
    line.amount = l.amount("amount");
    l.finish();
    e.lines.push_back(line);
  }
  return e;
}

auto read_transfer_close(fields& f, const code_book& book) -> event {
  transfer_closed e;
  e.transfer = existing_transfer(f, book);
  e.key = f.text("close_key");
  e.loss = read_location_field(f, book, "loss", true);
  e.reason = f.text("reason");
  e.written_off = read_amounts(f, "written_off");
  e.found = read_amounts(f, "found");
  return e;
}

// A purchasing or sales-order event from its "encoded" hex, which must
// decode to the kind named.
auto read_purchasing(fields& f, std::string_view kind) -> std::optional<event> {
  if (!kind.starts_with("supplier_") && !kind.starts_with("purchase_order_") &&
      !kind.starts_with("inspection_") && kind != "receipt_recorded" &&
      !kind.starts_with("sales_order_")) {
    return std::nullopt;
  }
  const auto hex = f.text("encoded");
  std::string bytes;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) f.fail("encoded", "must be lowercase hex digits");
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  if (hex.size() % 2 != 0) f.fail("encoded", "must have an even number of hex digits");
  auto decoded = decode(bytes);
  if (!decoded) f.fail("encoded", "is not an event's encoding");
  const auto named =
      std::visit([](const auto& e) { return kind_name<std::decay_t<decltype(e)>>(); }, *decoded);
  if (named != kind)
    f.fail("encoded", "encodes a " + std::string(named) + ", not a " + std::string(kind));
  return *std::move(decoded);
}

// Counting: the events' fields as written above; replay judges their consistency.
auto read_optional_quantity(fields& f, std::string_view name) -> std::optional<quantity> {
  if (f.is_null(name)) return std::nullopt;
  return f.amount(name);
}
auto read_optional_money(fields& f, std::string_view name) -> std::optional<money> {
  if (f.is_null(name)) return std::nullopt;
  auto parsed = money::parse(f.text(name));
  if (!parsed) f.fail(name, "must be a decimal string: " + parsed.error().message);
  return *parsed;
}

auto read_count_task(fields& f, const code_book& book) -> event {
  count_task_started e;
  e.key = f.text("task_key");
  read_place(f, book, e.item, e.location);
  e.lot = f.optional_id<lot_id>("lot");
  e.loss_location = f.id<location_id>("loss_location");
  e.abc_class = f.text("abc_class");
  e.blind = f.flag("blind");
  e.tolerance.quantity_max = read_optional_quantity(f, "quantity_max");
  e.tolerance.percent_max = read_optional_quantity(f, "percent_max");
  e.tolerance.value_max = read_optional_money(f, "value_max");
  e.unit_cost = read_optional_money(f, "unit_cost");
  e.snapshot = f.amount("snapshot");
  e.recorded = f.time("recorded");
  return e;
}

auto read_count_event(fields& f, std::string_view kind) -> event {
  auto key = f.text("count_key");
  const auto task = f.id<count_task_id>("task");
  if (kind == "count_submitted") {
    count_submitted e{.key = std::move(key), .task = task};
    e.counted = f.amount("counted");
    e.counted_at = f.time("counted_at");
    e.expected = f.amount("expected");
    e.within_tolerance = f.flag("within_tolerance");
    e.recorded = f.time("recorded");
    return e;
  }
  if (kind == "count_approved") {
    count_approved e{.key = std::move(key), .task = task};
    e.adjustment = f.amount("adjustment");
    e.recorded = f.time("recorded");
    return e;
  }
  if (kind == "count_rejected") return count_rejected{std::move(key), task, f.time("recorded")};
  return recount_requested{std::move(key), task, f.time("recorded")};
}

auto read_money(fields& f, std::string_view name, const std::string& text) -> money {
  auto parsed = money::parse(text);
  if (!parsed) f.fail(name, "must be a decimal amount: " + parsed.error().message);
  return *parsed;
}

auto read_costing(fields& f, const code_book& book) -> event {
  costing_method_set e;
  e.item = f.id<item_id>("item");
  check_code(f, "item_code", book.item(e.item), e.item.index() < book.items.size());
  const auto method = parse_costing_method(f.text("method"));
  if (!method) f.fail("method", "must be 'fifo', 'moving_average' or 'standard'");
  e.method = *method;
  e.standard_cost = read_money(f, "standard_cost", f.text("standard_cost"));
  e.effective = f.time("effective");
  return e;
}

auto read_costs(fields& f) -> event {
  receipt_costed e;
  e.document = f.text("document_key");
  for (const auto& cost : f.array("unit_costs")) {
    const auto* text = std::get_if<std::string>(&cost.data);
    if (text == nullptr) f.fail("unit_costs", "must be a list of decimal strings");
    e.unit_costs.push_back(read_money(f, "unit_costs", *text));
  }
  return e;
}

auto read_event(fields& f, std::string_view kind, const code_book& book) -> event {
  if (kind == "item_defined") return read_item(f, book);
  if (kind == "location_defined") return read_location(f, book);
  if (kind == "lot_defined") return read_lot(f, book);
  if (kind == "lot_status_set") return read_lot_status(f, book);
  if (kind == "document_posted") return read_document(f, book);
  if (kind == "reservation_made") return read_reservation(f, book);
  if (kind == "reservation_committed") {
    const auto id = existing_reservation(f, book);
    return reservation_committed{id, f.amount("amount")};
  }
  if (kind == "reservation_released") {
    const auto id = existing_reservation(f, book);
    auto key = f.text("release_key");
    return reservation_released{std::move(key), id, f.amount("amount")};
  }
  if (kind == "reservation_clock_set") return reservation_clock_set{f.time("at")};
  if (kind == "channel_quota_set") return read_quota(f, book);
  if (kind == "transfer_opened") return read_transfer(f, book);
  if (kind == "transfer_shipped") {
    const auto id = existing_transfer(f, book);
    const auto eta = f.time("eta");
    return transfer_shipped{id, eta, read_amounts(f, "amounts")};
  }
  if (kind == "transfer_received") {
    const auto id = existing_transfer(f, book);
    return transfer_received{id, read_amounts(f, "amounts")};
  }
  if (kind == "transfer_closed") return read_transfer_close(f, book);
  if (auto purchasing = read_purchasing(f, kind)) return *std::move(purchasing);
  if (kind == "count_task_started") return read_count_task(f, book);
  if (kind == "count_submitted" || kind == "count_approved" || kind == "count_rejected" ||
      kind == "recount_requested") {
    return read_count_event(f, kind);
  }
  if (kind == "costing_method_set") return read_costing(f, book);
  if (kind == "receipt_costed") return read_costs(f);
  f.fail("kind", "names no event kind: '" + std::string(kind) + "'");
}

auto line_error(std::size_t line, const error& cause) -> error {
  auto e = cause;
  e.context.line = line;
  e.message = "line " + std::to_string(line + 1) + ": " + cause.message;
  return e;
}

// One line into one record: the key and the event's encoding.
auto read_line(std::string_view text, std::size_t line, code_book& book) -> result<event_record> {
  auto parsed = json::parse(text);
  if (!parsed) return line_error(line, parsed.error());
  const auto* members = std::get_if<std::unique_ptr<json::object>>(&parsed->data);
  if (members == nullptr) {
    return make_error(errc::malformed_input,
                      "line " + std::to_string(line + 1) + ": an event must be a JSON object",
                      error_context{.line = line});
  }
  try {
    fields f(**members, line);
    f.version = static_cast<int>(f.integer("v", 0, INT32_MAX));
    if (f.version < 1 || f.version > jsonl_version) {
      f.fail("v", "must be 1 to " + std::to_string(jsonl_version));
    }
    if (f.integer("position", 0, INT64_MAX) != static_cast<std::int64_t>(line)) {
      f.fail("position", "must be " + std::to_string(line) + ", the line's index");
    }
    const auto kind = f.text("kind");
    auto key = f.text("key");
    auto e = read_event(f, kind, book);
    f.finish();
    auto payload = encode(e);
    if (auto back = decode(payload); !back) return line_error(line, back.error());
    book.add(e);
    return event_record{std::move(key), std::move(payload)};
  } catch (const bad_line& bad) {
    return bad.fault;
  }
}

// The next line of `in` without its '\n', or nullopt at the end; refuses a
// line longer than `limit` as soon as it passes it.
auto next_line(std::istream& in, std::size_t limit, std::size_t line, std::string& out)
    -> result<bool> {
  out.clear();
  auto* buffer = in.rdbuf();
  if (buffer == nullptr) return false;
  using traits = std::char_traits<char>;
  for (;;) {
    const auto c = buffer->sbumpc();
    if (traits::eq_int_type(c, traits::eof())) return !out.empty();
    if (traits::to_char_type(c) == '\n') return true;
    if (out.size() == limit) {
      return make_error(errc::malformed_input,
                        "line " + std::to_string(line + 1) + " is longer than " +
                            std::to_string(limit) + " bytes",
                        error_context{.line = line});
    }
    out += traits::to_char_type(c);
  }
}

}  // namespace

auto export_jsonl(const store& log, std::ostream& out) -> result<std::uint64_t> {
  auto end = log.end();
  if (!end) return std::move(end).error();
  code_book book;
  std::vector<event_record> records;
  std::string text;
  for (std::uint64_t position = 0; position < *end;) {
    records.clear();
    if (auto read = log.read(position, read_chunk, records); !read) return read.error();
    if (records.empty()) break;
    text.clear();
    for (const auto& record : records) {
      auto e = decode(record.payload);
      if (!e) {
        return make_error(errc::store_failure, "the event at position " + std::to_string(position) +
                                                   " does not decode: " + e.error().message);
      }
      write_line(text, position, record.key, *e, book);
      book.add(*e);
      ++position;
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) return make_error(errc::store_failure, "the output stream failed");
  }
  return *end;
}

auto import_jsonl(std::istream& in, store& into, const jsonl_options& options)
    -> result<std::uint64_t> {
  code_book book;
  std::vector<event_record> records;
  std::string text;
  for (std::size_t line = 0;; ++line) {
    auto more = next_line(in, options.line_bytes_max, line, text);
    if (!more) return std::move(more).error();
    if (!*more) break;
    auto record = read_line(text, line, book);
    if (!record) return std::move(record).error();
    records.push_back(std::move(*record));
  }
  auto end = into.end();
  if (!end) return std::move(end).error();
  if (*end != 0) {
    return make_error(errc::invalid_parameter,
                      "the store to import into holds " + std::to_string(*end) +
                          " events; import needs an empty one",
                      error_context{.field = "into"});
  }
  const std::vector<event_view> views(records.begin(), records.end());
  // The log must replay before it is appended for real.
  auto scratch = std::make_unique<memory_store>();
  if (auto copied = scratch->append(views, 0); !copied) return std::move(copied).error();
  if (auto replayed = inventory::open(std::move(scratch)); !replayed) {
    auto e = std::move(replayed).error();
    e.message = "the imported events do not replay: " + e.message;
    return e;
  }
  auto appended = into.append(views, 0);
  if (!appended) return std::move(appended).error();
  return records.size();
}

}  // namespace onhand
