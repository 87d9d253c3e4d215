// SPDX-License-Identifier: Apache-2.0
// Event codec, format version 1: [version u8][kind u8] then the fields in
// declaration order. Integers are little-endian fixed width, strings are a
// u32 length and the bytes, optionals a u8 flag and the value, dates i32
// days since 1970-01-01, timestamps i64 microseconds since the epoch.
#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

#include "onhand/events.hpp"

namespace onhand {
namespace {

constexpr std::uint8_t format_version = 1;
constexpr std::size_t lines_max = 100'000;  // a bound on what decode accepts

class writer {
 public:
  explicit writer(std::size_t size_hint) { out_.resize(size_hint); }
  /// Writes into `buffer`, reusing its capacity.
  writer(std::string&& buffer, std::size_t size_hint) : out_(std::move(buffer)) {
    out_.resize(size_hint);
  }

  template <class Int>
  void integer(Int value) {
    // Little-endian on the wire: on a little-endian host one memcpy.
    auto bits = static_cast<std::make_unsigned_t<Int>>(value);
    if constexpr (std::endian::native == std::endian::big) {
      std::make_unsigned_t<Int> swapped = 0;
      for (std::size_t i = 0; i < sizeof(Int); ++i) {
        swapped = static_cast<std::make_unsigned_t<Int>>((swapped << 8) | (bits & 0xff));
        bits = static_cast<std::make_unsigned_t<Int>>(bits >> 8);
      }
      bits = swapped;
    }
    std::memcpy(reserve(sizeof(Int)), &bits, sizeof(Int));
  }
  void text(std::string_view s) {
    integer(static_cast<std::uint32_t>(s.size()));
    if (!s.empty()) std::memcpy(reserve(s.size()), s.data(), s.size());
  }
  void flag(bool b) { integer(static_cast<std::uint8_t>(b ? 1 : 0)); }
  void day(const date& d) {
    integer(static_cast<std::int32_t>(std::chrono::sys_days{d}.time_since_epoch().count()));
  }
  void time(timestamp t) { integer(static_cast<std::int64_t>(t.time_since_epoch().count())); }
  template <class T, class F>
  void optional(const std::optional<T>& value, F&& write) {
    flag(value.has_value());
    if (value) write(*value);
  }
  auto take() -> std::string {
    out_.resize(used_);
    return std::move(out_);
  }

 private:
  // Room for `n` more bytes; the buffer doubles when a hint was short.
  auto reserve(std::size_t n) -> char* {
    if (used_ + n > out_.size()) [[unlikely]]
      grow(used_ + n);
    char* at = out_.data() + used_;
    used_ += n;
    return at;
  }
  [[gnu::noinline]] void grow(std::size_t size) { out_.resize(std::max(out_.size() * 2, size)); }
  std::string out_;
  std::size_t used_ = 0;
};

class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}
  [[nodiscard]] auto ok() const -> bool { return ok_; }
  [[nodiscard]] auto done() const -> bool { return ok_ && pos_ == in_.size(); }

  template <class Int>
  auto integer() -> Int {
    if (!need(sizeof(Int))) return Int{};
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) {
      bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    }
    pos_ += sizeof(Int);
    return static_cast<Int>(bits);
  }
  auto text() -> std::string {
    const auto size = integer<std::uint32_t>();
    if (!need(size)) return {};
    std::string out(in_.substr(pos_, size));
    pos_ += size;
    return out;
  }
  auto flag() -> bool {
    const auto value = integer<std::uint8_t>();
    if (value > 1) ok_ = false;
    return value == 1;
  }
  auto day() -> date {
    return date{std::chrono::sys_days{std::chrono::days{integer<std::int32_t>()}}};
  }
  auto time() -> timestamp { return timestamp{std::chrono::microseconds{integer<std::int64_t>()}}; }
  template <class T, class F>
  auto optional(F&& read) -> std::optional<T> {
    if (!flag()) return std::nullopt;
    return read();
  }
  template <class Enum>
  auto enumeration(std::uint8_t max) -> Enum {
    const auto value = integer<std::uint8_t>();
    if (value > max) ok_ = false;
    return static_cast<Enum>(value);
  }
  /// A count of following records, each at least `record_bytes` long.
  auto count(std::size_t record_bytes, std::size_t max) -> std::size_t {
    const auto n = integer<std::uint32_t>();
    if (n > max || n * record_bytes > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  void fail() { ok_ = false; }

 private:
  auto need(std::size_t n) -> bool {
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

enum class kind : std::uint8_t {
  item_defined = 1,
  location_defined = 2,
  lot_defined = 3,
  lot_status_set = 4,
  document_posted = 5,
};

void write_item(writer& w, const item_definition& item) {
  w.text(item.code);
  w.text(item.description);
  w.text(item.units.base().name);
  w.integer(static_cast<std::uint8_t>(item.units.base().decimals));
  w.integer(static_cast<std::uint32_t>(item.units.alternates().size()));
  for (const auto& alt : item.units.alternates()) {
    w.text(alt.name);
    w.integer(alt.to_base.numerator);
    w.integer(alt.to_base.denominator);
  }
  w.flag(item.lot_tracked);
  w.flag(item.serial_tracked);
  w.optional(item.shelf_life_days, [&](int d) { w.integer(static_cast<std::int32_t>(d)); });
  w.integer(static_cast<std::uint32_t>(item.gtins.size()));
  for (const auto& g : item.gtins) {
    w.text(g.gtin);
    w.text(g.unit);
  }
  w.integer(static_cast<std::uint32_t>(item.attributes.size()));
  for (const auto& [k, v] : item.attributes) {
    w.text(k);
    w.text(v);
  }
}

auto read_item(reader& r) -> item_definition {
  item_definition item;
  item.code = r.text();
  item.description = r.text();
  base_unit base;
  base.name = r.text();
  base.decimals = r.integer<std::uint8_t>();
  if (base.decimals > quantity::decimals) r.fail();
  unit_set units{base};
  for (auto n = r.count(16, 1'000); n > 0 && r.ok(); --n) {
    auto name = r.text();
    const auto numerator = r.integer<std::int64_t>();
    const auto denominator = r.integer<std::int64_t>();
    if (numerator <= 0 || denominator <= 0) {
      r.fail();
      break;
    }
    // Alternates are stored already relative to the base unit.
    if (!units.add_alternate(std::move(name), unit_factor{numerator, denominator}, base.name)) {
      r.fail();
    }
  }
  item.units = std::move(units);
  item.lot_tracked = r.flag();
  item.serial_tracked = r.flag();
  item.shelf_life_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
  for (auto n = r.count(8, 1'000); n > 0 && r.ok(); --n) {
    gtin_entry g;
    g.gtin = r.text();
    g.unit = r.text();
    item.gtins.push_back(std::move(g));
  }
  for (auto n = r.count(8, 10'000); n > 0 && r.ok(); --n) {
    auto k = r.text();
    item.attributes[std::move(k)] = r.text();
  }
  return item;
}

void write_document(writer& w, const movement_document& doc, const posting_stamp& stamp) {
  w.text(doc.key);
  w.integer(static_cast<std::uint8_t>(doc.reason));
  w.optional(doc.effective, [&](timestamp t) { w.time(t); });
  w.text(doc.reference.external_document);
  w.text(doc.reference.external_line);
  w.text(doc.reference.note);
  w.time(stamp.effective);
  w.time(stamp.recorded);
  w.integer(stamp.reverses.value);
  w.integer(static_cast<std::uint32_t>(doc.lines.size()));
  for (const auto& line : doc.lines) {
    w.integer(line.item.value);
    w.integer(line.lot.value);
    w.integer(line.from.value);
    w.integer(line.to.value);
    w.integer(line.amount.raw());
  }
}

auto read_document(reader& r) -> document_posted {
  document_posted posted;
  auto& doc = posted.document;
  doc.key = r.text();
  doc.reason = r.enumeration<movement_reason>(static_cast<std::uint8_t>(movement_reason::count));
  doc.effective = r.optional<timestamp>([&] { return r.time(); });
  doc.reference.external_document = r.text();
  doc.reference.external_line = r.text();
  doc.reference.note = r.text();
  posted.stamp.effective = r.time();
  posted.stamp.recorded = r.time();
  posted.stamp.reverses = document_id{r.integer<std::uint32_t>()};
  const auto n = r.count(24, lines_max);
  doc.lines.reserve(n);
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    movement_line line;
    line.item = item_id{r.integer<std::uint32_t>()};
    line.lot = lot_id{r.integer<std::uint32_t>()};
    line.from = location_id{r.integer<std::uint32_t>()};
    line.to = location_id{r.integer<std::uint32_t>()};
    line.amount = quantity::from_raw(r.integer<std::int64_t>());
    doc.lines.push_back(line);
  }
  return posted;
}

}  // namespace

auto name_of(movement_reason reason) noexcept -> std::string_view {
  switch (reason) {
    case movement_reason::receipt:
      return "receipt";
    case movement_reason::shipment:
      return "shipment";
    case movement_reason::transfer:
      return "transfer";
    case movement_reason::adjustment:
      return "adjustment";
    case movement_reason::scrap:
      return "scrap";
    case movement_reason::returned:
      return "return";
    case movement_reason::count:
      return "count";
  }
  return "transfer";
}

auto parse_movement_reason(std::string_view name) -> std::optional<movement_reason> {
  for (auto reason : {movement_reason::receipt, movement_reason::shipment,
                      movement_reason::transfer, movement_reason::adjustment,
                      movement_reason::scrap, movement_reason::returned, movement_reason::count}) {
    if (name_of(reason) == name) return reason;
  }
  return std::nullopt;
}

void encode_posting_into(std::string& out, const movement_document& d, const posting_stamp& stamp) {
  writer w{std::move(out), 64 + d.key.size() + d.reference.external_document.size() +
                               d.reference.external_line.size() + d.reference.note.size() +
                               24 * d.lines.size()};
  w.integer(format_version);
  w.integer(static_cast<std::uint8_t>(kind::document_posted));
  write_document(w, d, stamp);
  out = w.take();
}

auto encode(const event& e) -> std::string {
  if (const auto* posted = std::get_if<document_posted>(&e)) {
    std::string out;
    encode_posting_into(out, posted->document, posted->stamp);
    return out;
  }
  writer w{256};
  w.integer(format_version);
  std::visit(
      [&](const auto& ev) {
        using type = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<type, item_defined>) {
          w.integer(static_cast<std::uint8_t>(kind::item_defined));
          write_item(w, ev.item);
        } else if constexpr (std::is_same_v<type, location_defined>) {
          w.integer(static_cast<std::uint8_t>(kind::location_defined));
          const auto& l = ev.location;
          w.text(l.code);
          w.text(l.description);
          w.text(l.parent);
          w.integer(static_cast<std::uint8_t>(l.kind));
          w.flag(l.allow_negative);
        } else if constexpr (std::is_same_v<type, lot_defined>) {
          w.integer(static_cast<std::uint8_t>(kind::lot_defined));
          const auto& l = ev.lot;
          w.text(l.item);
          w.text(l.code);
          w.optional(l.expiry, [&](const date& d) { w.day(d); });
          for (const auto& days : {l.best_before_days, l.removal_days, l.alert_days}) {
            w.optional(days, [&](int d) { w.integer(static_cast<std::int32_t>(d)); });
          }
          w.integer(static_cast<std::uint8_t>(l.status));
        } else if constexpr (std::is_same_v<type, lot_status_set>) {
          w.integer(static_cast<std::uint8_t>(kind::lot_status_set));
          w.integer(ev.lot.value);
          w.integer(static_cast<std::uint8_t>(ev.status));
        }
      },
      e);
  return w.take();
}

auto decode(std::string_view bytes) -> result<event> {
  reader r{bytes};
  const auto version = r.integer<std::uint8_t>();
  const auto tag = r.integer<std::uint8_t>();
  event out;
  if (version != format_version) {
    r.fail();
  } else {
    switch (static_cast<kind>(tag)) {
      case kind::item_defined:
        out = item_defined{read_item(r)};
        break;
      case kind::location_defined: {
        location_definition l;
        l.code = r.text();
        l.description = r.text();
        l.parent = r.text();
        l.kind = r.enumeration<location_kind>(static_cast<std::uint8_t>(location_kind::production));
        l.allow_negative = r.flag();
        out = location_defined{std::move(l)};
        break;
      }
      case kind::lot_defined: {
        lot_definition l;
        l.item = r.text();
        l.code = r.text();
        l.expiry = r.optional<date>([&] { return r.day(); });
        l.best_before_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
        l.removal_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
        l.alert_days = r.optional<int>([&] { return r.integer<std::int32_t>(); });
        l.status = r.enumeration<lot_status>(static_cast<std::uint8_t>(lot_status::recalled));
        out = lot_defined{std::move(l)};
        break;
      }
      case kind::lot_status_set: {
        lot_status_set s;
        s.lot = lot_id{r.integer<std::uint32_t>()};
        s.status = r.enumeration<lot_status>(static_cast<std::uint8_t>(lot_status::recalled));
        out = std::move(s);
        break;
      }
      case kind::document_posted:
        out = read_document(r);
        break;
      default:
        r.fail();
    }
  }
  if (!r.done()) {
    return make_error(errc::store_failure, "the store holds an event that does not decode (" +
                                               std::to_string(bytes.size()) + " bytes)");
  }
  return out;
}

auto key_of(const event& e) -> std::string_view {
  if (const auto* posted = std::get_if<document_posted>(&e)) return posted->document.key;
  return {};
}

}  // namespace onhand
