// SPDX-License-Identifier: Apache-2.0
// CSV import of master data and opening balances: an RFC 4180 reader, then
// per table a check of every row against the catalog (and the rows before
// it), and only when no row failed, the apply step.
#include "onhand/storage/csv_import.hpp"

#include <algorithm>
#include <charconv>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onhand/state.hpp"

namespace onhand {
namespace {

// One record of the file: its fields and the line it starts on, or the
// reason it cannot be read.
struct csv_record {
  std::size_t line = 0;
  std::vector<std::string> fields;
  std::string problem;
};

class csv_reader {
 public:
  csv_reader(std::istream& in, std::size_t field_max)
      : buffer_(in.rdbuf()), field_max_(field_max) {}

  auto next(csv_record& record) -> bool {
    record.fields.clear();
    record.problem.clear();
    record.line = line_;
    if (buffer_ == nullptr) return false;
    if (first_) {
      first_ = false;
      skip_bom();
    }
    if (is_eof(buffer_->sgetc())) return false;
    std::string field;
    bool quoted = false;      // inside quotes
    bool was_quoted = false;  // the field had quotes, now closed
    for (;;) {
      const auto c = buffer_->sbumpc();
      if (is_eof(c)) {
        if (quoted) set_problem(record, "a quoted field is not closed");
        record.fields.push_back(std::move(field));
        return true;
      }
      const auto ch = traits::to_char_type(c);
      if (quoted) {
        if (ch == '"') {
          if (buffer_->sgetc() == '"') {
            buffer_->sbumpc();
            field += '"';
          } else {
            quoted = false;
            was_quoted = true;
          }
        } else {
          if (ch == '\n') ++line_;
          append(record, field, ch);
        }
        continue;
      }
      if (ch == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && buffer_->sgetc() == '\n') buffer_->sbumpc();
        ++line_;
        record.fields.push_back(std::move(field));
        return true;
      } else if (ch == '"') {
        if (field.empty() && !was_quoted) {
          quoted = true;
        } else {
          set_problem(record, "a quote inside an unquoted field");
        }
      } else {
        if (was_quoted) set_problem(record, "text after a closing quote");
        append(record, field, ch);
      }
    }
  }

 private:
  using traits = std::char_traits<char>;
  static auto is_eof(traits::int_type c) -> bool { return traits::eq_int_type(c, traits::eof()); }
  static void set_problem(csv_record& record, std::string what) {
    if (record.problem.empty()) record.problem = std::move(what);
  }
  void append(csv_record& record, std::string& field, char ch) const {
    if (field.size() < field_max_) {
      field += ch;
    } else {
      set_problem(record, "a field longer than " + std::to_string(field_max_) + " bytes");
    }
  }
  void skip_bom() {
    static constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (buffer_->sgetc() != static_cast<unsigned char>(bom[0])) return;
    char got[3] = {};
    const auto n = buffer_->sgetn(got, 3);
    if (n == 3 && std::string_view(got, 3) == bom) return;
    for (auto i = n; i > 0; --i) buffer_->sungetc();  // not a BOM: read it as data
  }

  std::streambuf* buffer_;
  std::size_t field_max_;
  std::size_t line_ = 1;
  bool first_ = true;
};

// A data row, read by column name.
class row {
 public:
  row(const std::map<std::string, std::size_t, std::less<>>& columns, const csv_record& record,
      csv_report& report)
      : columns_(columns), record_(record), report_(report) {}

  [[nodiscard]] auto get(std::string_view column) const -> std::string_view {
    auto found = columns_.find(column);
    return found == columns_.end() ? std::string_view{} : record_.fields[found->second];
  }
  void fail(std::string_view column, errc code, std::string message) {
    failed_ = true;
    report_.errors.push_back({record_.line, code, std::string(column), std::move(message)});
  }
  void fail(std::string_view column, const error& e) { fail(column, e.code, e.message); }
  [[nodiscard]] auto failed() const -> bool { return failed_; }
  [[nodiscard]] auto line() const -> std::size_t { return record_.line; }

  auto flag(std::string_view column) -> bool {
    const auto text = get(column);
    if (text.empty() || text == "false" || text == "0" || text == "no") return false;
    if (text == "true" || text == "1" || text == "yes") return true;
    fail(column, errc::malformed_input,
         std::string(column) + " must be true or false, not '" + std::string(text) + "'");
    return false;
  }
  auto whole(std::string_view column, int low, int high) -> std::optional<int> {
    const auto text = get(column);
    if (text.empty()) return std::nullopt;
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value < low || value > high) {
      fail(column, errc::malformed_input,
           std::string(column) + " must be a whole number from " + std::to_string(low) + " to " +
               std::to_string(high) + ", not '" + std::string(text) + "'");
      return std::nullopt;
    }
    return value;
  }
  auto required(std::string_view column) -> std::string {
    auto text = std::string(get(column));
    if (text.empty()) fail(column, errc::malformed_input, std::string(column) + " is empty");
    return text;
  }

 private:
  const std::map<std::string, std::size_t, std::less<>>& columns_;
  const csv_record& record_;
  csv_report& report_;
  bool failed_ = false;
};

// Reads the header and every row, calling `check(row&)` for each readable
// row; structural faults are reported here.
template <class Check>
void read_table(std::istream& in, const csv_options& options,
                std::initializer_list<std::string_view> required,
                std::initializer_list<std::string_view> optional, csv_report& report,
                Check&& check) {
  csv_reader reader(in, options.field_bytes_max);
  csv_record header;
  if (!reader.next(header)) {
    report.errors.push_back({1, errc::malformed_input, "", "the file has no header row"});
    return;
  }
  if (!header.problem.empty()) {
    report.errors.push_back({header.line, errc::malformed_input, "", header.problem});
    return;
  }
  std::map<std::string, std::size_t, std::less<>> columns;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const auto& name = header.fields[i];
    const bool known = std::find(required.begin(), required.end(), name) != required.end() ||
                       std::find(optional.begin(), optional.end(), name) != optional.end();
    if (!known) {
      report.errors.push_back(
          {header.line, errc::malformed_input, name, "unknown column '" + name + "'"});
    } else if (!columns.emplace(name, i).second) {
      report.errors.push_back(
          {header.line, errc::malformed_input, name, "column '" + name + "' appears twice"});
    }
  }
  for (auto name : required) {
    if (!columns.contains(name)) {
      report.errors.push_back({header.line, errc::malformed_input, std::string(name),
                               "the required column '" + std::string(name) + "' is missing"});
    }
  }
  if (!report.errors.empty()) return;
  csv_record record;
  while (reader.next(record)) {
    if (record.fields.size() == 1 && record.fields[0].empty() && record.problem.empty()) continue;
    ++report.rows;
    if (options.progress && options.progress_every != 0 &&
        report.rows % options.progress_every == 0) {
      options.progress(report.rows);
    }
    if (!record.problem.empty()) {
      report.errors.push_back({record.line, errc::malformed_input, "", record.problem});
      continue;
    }
    if (record.fields.size() != header.fields.size()) {
      report.errors.push_back({record.line, errc::malformed_input, "",
                               "the row has " + std::to_string(record.fields.size()) +
                                   " fields, the header " + std::to_string(header.fields.size())});
      continue;
    }
    row r(columns, record, report);
    check(r);
  }
  if (options.progress) options.progress(report.rows);
}

// Remembers the line of each code, to report a code given twice.
class seen_codes {
 public:
  auto first_time(row& r, std::string_view column, const std::string& code) -> bool {
    auto [it, inserted] = lines_.emplace(code, r.line());
    if (!inserted) {
      r.fail(column, errc::definition_conflict,
             "'" + code + "' is defined twice in the file, first on line " +
                 std::to_string(it->second));
    }
    return inserted;
  }
  [[nodiscard]] auto contains(const std::string& code) const -> bool {
    return lines_.contains(code);
  }

 private:
  std::map<std::string, std::size_t, std::less<>> lines_;
};

// Applies checked definitions one by one (each is idempotent by content).
template <class Definition, class Define>
auto apply_all(std::vector<Definition>& definitions, csv_report& report, Define&& define)
    -> result<csv_report> {
  if (!report.ok()) return std::move(report);
  for (const auto& definition : definitions) {
    if (auto done = define(definition); !done) return std::move(done).error();
    ++report.applied;
  }
  return std::move(report);
}

}  // namespace

auto import_items_csv(inventory& inv, std::istream& in, const csv_options& options)
    -> result<csv_report> {
  csv_report report;
  std::vector<item_definition> items;
  seen_codes seen;
  read_table(
      in, options, {"code"},
      {"description", "base_unit", "decimals", "lot_tracked", "serial_tracked", "shelf_life_days"},
      report, [&](row& r) {
        item_definition item;
        item.code = r.required("code");
        item.description = std::string(r.get("description"));
        const auto unit = r.get("base_unit");
        const auto decimals = r.whole("decimals", 0, 6);
        auto units =
            unit_set::make({unit.empty() ? "each" : std::string(unit), decimals.value_or(0)});
        if (!units) r.fail("base_unit", units.error());
        item.lot_tracked = r.flag("lot_tracked");
        item.serial_tracked = r.flag("serial_tracked");
        item.shelf_life_days = r.whole("shelf_life_days", 0, 1'000'000);
        if (r.failed() || !seen.first_time(r, "code", item.code)) return;
        item.units = std::move(*units);
        auto valid = inv.read([&](const state& s) { return s.catalog.validate(item); });
        if (!valid) return r.fail(valid.error().context.field, valid.error());
        items.push_back(std::move(item));
      });
  return apply_all(items, report, [&](const auto& item) { return inv.define_item(item); });
}

auto import_locations_csv(inventory& inv, std::istream& in, const csv_options& options)
    -> result<csv_report> {
  csv_report report;
  std::vector<location_definition> locations;
  seen_codes seen;
  read_table(in, options, {"code"}, {"parent", "kind", "description", "allow_negative", "hold"},
             report, [&](row& r) {
               location_definition location;
               location.code = r.required("code");
               location.parent = std::string(r.get("parent"));
               location.description = std::string(r.get("description"));
               const auto kind = r.get("kind");
               if (!kind.empty()) {
                 auto parsed = parse_location_kind(kind);
                 if (!parsed) {
                   r.fail("kind", errc::malformed_input,
                          "kind names no location kind: '" + std::string(kind) + "'");
                 } else {
                   location.kind = *parsed;
                 }
               }
               location.allow_negative = r.flag("allow_negative");
               location.hold = r.flag("hold");
               if (r.failed() || !seen.first_time(r, "code", location.code)) return;
               // A parent defined on an earlier row is checked when that row is applied.
               auto checked = location;
               if (seen.contains(location.parent)) checked.parent.clear();
               auto valid = inv.read([&](const state& s) { return s.catalog.validate(checked); });
               if (!valid) return r.fail(valid.error().context.field, valid.error());
               locations.push_back(std::move(location));
             });
  return apply_all(locations, report,
                   [&](const auto& location) { return inv.define_location(location); });
}

auto import_lots_csv(inventory& inv, std::istream& in, const csv_options& options)
    -> result<csv_report> {
  csv_report report;
  std::vector<lot_definition> lots;
  seen_codes seen;
  read_table(in, options, {"item", "code"},
             {"expiry", "best_before_days", "removal_days", "alert_days", "status"}, report,
             [&](row& r) {
               lot_definition lot;
               lot.item = r.required("item");
               lot.code = r.required("code");
               if (const auto expiry = r.get("expiry"); !expiry.empty()) {
                 auto day = parse_date(expiry);
                 if (!day) {
                   r.fail("expiry", day.error());
                 } else {
                   lot.expiry = *day;
                 }
               }
               lot.best_before_days = r.whole("best_before_days", 0, 1'000'000);
               lot.removal_days = r.whole("removal_days", 0, 1'000'000);
               lot.alert_days = r.whole("alert_days", 0, 1'000'000);
               if (const auto status = r.get("status"); !status.empty()) {
                 auto parsed = parse_lot_status(status);
                 if (!parsed) {
                   r.fail("status", errc::malformed_input,
                          "status names no lot status: '" + std::string(status) + "'");
                 } else {
                   lot.status = *parsed;
                 }
               }
               if (r.failed() || !seen.first_time(r, "code", lot.item + '\n' + lot.code)) return;
               auto valid = inv.read([&](const state& s) { return s.catalog.validate(lot); });
               if (!valid) return r.fail(valid.error().context.field, valid.error());
               lots.push_back(std::move(lot));
             });
  return apply_all(lots, report, [&](const auto& lot) { return inv.define_lot(lot); });
}

auto import_opening_balances_csv(inventory& inv, std::istream& in, const csv_options& options)
    -> result<csv_report> {
  csv_report report;
  std::vector<movement_document> documents;
  std::vector<std::size_t> lines;
  read_table(in, options, {"item", "location", "quantity"}, {"lot", "unit", "effective"}, report,
             [&](row& r) {
               movement_document doc;
               doc.key = options.key_prefix + std::to_string(r.line());
               doc.reason = movement_reason::receipt;
               doc.reference.note = "opening balance";
               movement_line line;
               auto item = inv.item_by_code(r.required("item"));
               if (!item) r.fail("item", item.error());
               auto location = inv.location_by_code(r.required("location"));
               if (!location) r.fail("location", location.error());
               auto amount = quantity::parse(r.required("quantity"));
               if (!amount) r.fail("quantity", amount.error());
               if (const auto effective = r.get("effective"); !effective.empty()) {
                 auto at = parse_timestamp(effective);
                 if (!at) {
                   r.fail("effective", at.error());
                 } else {
                   doc.effective = *at;
                 }
               }
               if (r.failed()) return;
               line.item = *item;
               line.to = *location;
               if (const auto lot = r.get("lot"); !lot.empty()) {
                 auto id = inv.lot_by_code(*item, lot);
                 if (!id) return r.fail("lot", id.error());
                 line.lot = *id;
               }
               auto base = inv.read([&](const state& s) {
                 const auto& units = s.catalog.item(*item).units;
                 const auto unit = r.get("unit");
                 return units.to_base(*amount,
                                      unit.empty() ? std::string_view(units.base().name) : unit);
               });
               if (!base) return r.fail("unit", base.error());
               line.amount = *base;
               doc.lines.push_back(line);
               documents.push_back(std::move(doc));
               lines.push_back(r.line());
             });
  if (!report.ok()) return report;
  auto source = inv.location_by_code(opening_balance_location);
  if (!source) {
    source = inv.define_location({.code = std::string(opening_balance_location),
                                  .description = "Where opening balances come from",
                                  .kind = location_kind::inventory_loss});
    if (!source) return std::move(source).error();
  }
  for (auto& doc : documents) doc.lines.front().from = *source;
  auto posted = inv.post_batch(documents, {.atomic = true});
  if (!posted) return std::move(posted).error();
  for (std::size_t i = 0; i < documents.size(); ++i) {
    if (const auto* refused = posted->refusal(i)) {
      report.errors.push_back({lines[i], refused->code, refused->context.field, refused->message});
    }
  }
  if (report.ok()) report.applied = posted->posted;
  return report;
}

}  // namespace onhand
