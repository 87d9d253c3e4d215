// SPDX-License-Identifier: Apache-2.0
// The JSON Lines export and import: a history with every event kind goes
// out and back (same state, byte-identical re-export), a few events are
// checked against lines written by hand from docs/reference/jsonl.md, and
// hostile lines are refused with the line number, appending nothing.
#include "onhand/storage/jsonl.hpp"

#include <array>
#include <memory>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/storage/memory_store.hpp"

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using ::testing::HasSubstr;
using testing::IsOk;
using testing::IsOkAndHolds;

auto at(const char* text) -> timestamp { return parse_timestamp(text).value(); }
auto qty(const char* text) -> quantity { return quantity::parse(text).value(); }

// An inventory over a memory store that the test can still read.
struct logged_inventory {
  memory_store* log = nullptr;
  std::unique_ptr<inventory> inv;
  timestamp now = at("2026-03-01T08:00:00.000001Z");

  logged_inventory() {
    auto owned = std::make_unique<memory_store>();
    log = owned.get();
    inventory_options options;
    options.clock = [this] { return now; };
    inv = std::make_unique<inventory>(inventory::open(std::move(owned), options).value());
  }
};

auto all_records(const store& log) -> std::vector<event_record> {
  std::vector<event_record> out;
  EXPECT_THAT(log.read(0, 1'000'000, out), IsOk());
  return out;
}

auto export_text(const store& log) -> std::string {
  std::ostringstream out;
  EXPECT_THAT(export_jsonl(log, out), IsOk());
  return out.str();
}

// A history with every event kind of onhand/events.hpp.
void build_history(logged_inventory& h) {
  auto& inv = *h.inv;
  for (const auto& [code, kind] : std::array{std::pair{"SUPPLIER", location_kind::supplier},
                                             std::pair{"CUSTOMER", location_kind::customer},
                                             std::pair{"WH", location_kind::internal}}) {
    ASSERT_THAT(inv.define_location({.code = code, .kind = kind}), IsOk());
  }
  ASSERT_THAT(inv.define_location({.code = "WH/A1",
                                   .description = "bin \"A1\"\nfront",
                                   .parent = "WH",
                                   .kind = location_kind::internal,
                                   .allow_negative = true}),
              IsOk());
  item_definition soap{.code = "SOAP", .description = "Soap, 100 g ☺"};
  soap.units = unit_set::make({"each", 0}).value();
  ASSERT_THAT(soap.units.add_alternate("case", unit_factor::ratio(12, 1).value(), "each"), IsOk());
  soap.gtins.push_back({"04006381333931", "each"});
  soap.attributes = {{"brand", "Acme"}, {"size", "100g"}};
  ASSERT_THAT(inv.define_item(soap), IsOk());
  item_definition milk{.code = "MILK", .lot_tracked = true, .shelf_life_days = 10};
  milk.units = unit_set::make({"l", 3}).value();
  ASSERT_THAT(inv.define_item(milk), IsOk());
  ASSERT_THAT(inv.define_lot({.item = "MILK",
                              .code = "L1",
                              .expiry = parse_date("2026-03-11").value(),
                              .best_before_days = 2,
                              .alert_days = 3}),
              IsOk());
  ASSERT_THAT(inv.define_lot({.item = "MILK", .code = "L2"}), IsOk());
  const auto sup = inv.location_by_code("SUPPLIER").value();
  const auto cus = inv.location_by_code("CUSTOMER").value();
  const auto wh = inv.location_by_code("WH").value();
  const auto bin = inv.location_by_code("WH/A1").value();
  const auto soap_id = inv.item_by_code("SOAP").value();
  const auto milk_id = inv.item_by_code("MILK").value();
  const auto l1 = inv.lot_by_code(milk_id, "L1").value();
  const auto l2 = inv.lot_by_code(milk_id, "L2").value();

  movement_document receipt{.key = "R-1",
                            .reason = movement_reason::receipt,
                            .effective = at("2026-02-28T23:59:59.999999Z"),
                            .reference = {"PO-88", "10", "first, \"quoted\""}};
  receipt.lines = {{soap_id, lot_id::none(), sup, bin, qty("40")},
                   {milk_id, l1, sup, bin, qty("12.250")},
                   {milk_id, l2, sup, wh, qty("3.5")}};
  ASSERT_THAT(inv.post(receipt), IsOk());
  h.now += std::chrono::seconds(5);
  ASSERT_THAT(inv.post(movement_document{.key = "X-1",
                                         .reason = movement_reason::shipment,
                                         .lines = {{soap_id, lot_id::none(), bin, cus, qty("1")}}}),
              IsOk());
  ASSERT_THAT(inv.reverse("X-1", "X-1-rev"), IsOk());
  ASSERT_THAT(inv.set_lot_status(l2, lot_status::on_hold), IsOk());
  ASSERT_THAT(inv.set_channel_quota({soap_id, wh, "web", quota_kind::share, qty("0.25")}), IsOk());
  ASSERT_THAT(inv.set_channel_quota({soap_id, wh, "shop", quota_kind::fixed, qty("5")}), IsOk());
  ASSERT_THAT(inv.reserve({.key = "RES-1",
                           .item = soap_id,
                           .location = wh,
                           .amount = qty("6"),
                           .channel = "shop",
                           .customer = "Ana",
                           .expires = at("2026-03-02T00:00:00Z")}),
              IsOk());
  ASSERT_THAT(inv.reserve({.key = "RES-2", .item = soap_id, .location = wh, .amount = qty("2")}),
              IsOk());
  ASSERT_THAT(
      inv.commit_reservation(
          {"RES-1", movement_document{.key = "SHIP-1",
                                      .reason = movement_reason::shipment,
                                      .lines = {{soap_id, lot_id::none(), bin, cus, qty("2")}}}}),
      IsOk());
  ASSERT_THAT(inv.release_reservation({"REL-1", "RES-1", qty("1")}), IsOk());
  ASSERT_THAT(inv.advance_reservation_clock(at("2026-03-03T00:00:00Z")), IsOk());
  ASSERT_THAT(
      inv.set_costing_method({soap_id, costing_method::standard, money::parse("1.25").value()}),
      IsOk());
  const std::vector<money> costs{money::parse("1.2").value()};
  ASSERT_THAT(inv.post_costed_receipt(
                  movement_document{.key = "R-2",
                                    .reason = movement_reason::receipt,
                                    .lines = {{soap_id, lot_id::none(), sup, wh, qty("4")}}},
                  costs),
              IsOk());
}

TEST(jsonl, round_trip_of_every_event_kind) {
  logged_inventory original;
  build_history(original);
  const auto text = export_text(*original.log);
  for (const char* kind :
       {"item_defined", "location_defined", "lot_defined", "lot_status_set", "document_posted",
        "reservation_made", "reservation_committed", "reservation_released",
        "reservation_clock_set", "channel_quota_set", "costing_method_set", "receipt_costed"}) {
    EXPECT_THAT(text, HasSubstr(std::string("\"kind\":\"") + kind + "\"")) << kind;
  }

  auto owned = std::make_unique<memory_store>();
  auto* copy_log = owned.get();
  std::istringstream in(text);
  ASSERT_THAT(import_jsonl(in, *copy_log), IsOkAndHolds(original.log->end().value()));
  // The same records, byte for byte, and the same re-export.
  EXPECT_EQ(all_records(*copy_log), all_records(*original.log));
  EXPECT_EQ(export_text(*copy_log), text);
  auto copy = inventory::open(std::move(owned)).value();
  EXPECT_TRUE(copy.same_state(*original.inv));
}

TEST(jsonl, lines_match_the_documented_schema) {
  logged_inventory h;
  auto& inv = *h.inv;
  ASSERT_THAT(inv.define_location({.code = "SUPPLIER", .kind = location_kind::supplier}), IsOk());
  ASSERT_THAT(inv.define_location({.code = "WH"}), IsOk());
  item_definition soap{.code = "SOAP"};
  soap.units = unit_set::make({"kg", 3}).value();
  ASSERT_THAT(soap.units.add_alternate("lb", unit_factor::parse("0.45359237").value(), "kg"),
              IsOk());
  ASSERT_THAT(inv.define_item(soap), IsOk());
  ASSERT_THAT(inv.post(movement_document{.key = "R-1",
                                         .reason = movement_reason::receipt,
                                         .lines = {{item_id{0}, lot_id::none(), location_id{0},
                                                    location_id{1}, qty("2.5")}}}),
              IsOk());
  ASSERT_THAT(
      inv.reserve(
          {.key = "RES-1", .item = item_id{0}, .location = location_id{1}, .amount = qty("1.25")}),
      IsOk());
  const std::string expected =
      R"({"v":1,"position":0,"kind":"location_defined","key":"","location":0,"code":"SUPPLIER","description":"","parent":"","location_kind":"supplier","allow_negative":false})"
      "\n"
      R"({"v":1,"position":1,"kind":"location_defined","key":"","location":1,"code":"WH","description":"","parent":"","location_kind":"internal","allow_negative":false})"
      "\n"
      R"({"v":1,"position":2,"kind":"item_defined","key":"","item":0,"code":"SOAP","description":"","base_unit":"kg","decimals":3,"alternates":[{"name":"lb","numerator":45359237,"denominator":100000000}],"lot_tracked":false,"serial_tracked":false,"shelf_life_days":null,"gtins":[],"attributes":{}})"
      "\n"
      R"({"v":1,"position":3,"kind":"document_posted","key":"R-1","document":0,"document_key":"R-1","reason":"receipt","effective":null,"effective_at":"2026-03-01T08:00:00.000001Z","recorded":"2026-03-01T08:00:00.000001Z","reverses":null,"external_document":"","external_line":"","note":"","lines":[{"item":0,"item_code":"SOAP","lot":null,"lot_code":null,"from":0,"from_code":"SUPPLIER","to":1,"to_code":"WH","amount":"2.5"}]})"
      "\n"
      R"({"v":1,"position":4,"kind":"reservation_made","key":"RES-1","reservation":0,"reservation_key":"RES-1","item":0,"item_code":"SOAP","location":1,"location_code":"WH","amount":"1.25","channel":"","customer":"","expires":null,"recorded":"2026-03-01T08:00:00.000001Z"})"
      "\n";
  EXPECT_EQ(export_text(*h.log), expected);
  // And the hand-written lines import to the same records.
  memory_store back;
  std::istringstream in(expected);
  ASSERT_THAT(import_jsonl(in, back), IsOkAndHolds(5U));
  EXPECT_EQ(all_records(back), all_records(*h.log));
}

// Imports `text` into an empty store and expects malformed_input at `line`
// (0-based) naming `field`, with nothing appended.
void expect_refused(const std::string& text, std::size_t line, const std::string& field,
                    errc code = errc::malformed_input) {
  memory_store into;
  std::istringstream in(text);
  auto imported = import_jsonl(in, into);
  ASSERT_THAT(imported, HasError(code)) << text;
  EXPECT_EQ(imported.error().context.line, std::optional<std::size_t>(line))
      << imported.error().message;
  EXPECT_EQ(imported.error().context.field, field) << imported.error().message;
  EXPECT_THAT(imported.error().message, HasSubstr("line " + std::to_string(line + 1)));
  EXPECT_EQ(into.end().value(), 0U);
}

const std::string good_location =
    R"({"v":1,"position":0,"kind":"location_defined","key":"","location":0,"code":"WH","description":"","parent":"","location_kind":"internal","allow_negative":false})";

auto with(std::string line, const std::string& from, const std::string& to) -> std::string {
  const auto at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return line.replace(at, from.size(), to);
}

TEST(jsonl, hostile_lines_are_refused_whole) {
  const auto second = with(with(good_location, "\"position\":0", "\"position\":1"),
                           "\"location\":0", "\"location\":1");
  const auto ok = good_location + "\n";
  // Truncated line.
  expect_refused(ok + second.substr(0, 40) + "\n", 1, "");
  // Wrong types.
  expect_refused(ok + with(second, "\"allow_negative\":false", "\"allow_negative\":0"), 1,
                 "allow_negative");
  expect_refused(with(good_location, "\"code\":\"WH\"", "\"code\":7"), 0, "code");
  // Huge numbers, fractions.
  expect_refused(with(good_location, "\"location\":0", "\"location\":99999999999999999999"), 0,
                 "location");
  expect_refused(with(good_location, "\"location\":0", "\"location\":0.0"), 0, "");
  // Not the next id; a position out of order; a version we do not know.
  expect_refused(ok + with(second, "\"location\":1", "\"location\":0"), 1, "location");
  expect_refused(ok + good_location, 1, "position");
  expect_refused(with(good_location, "\"v\":1", "\"v\":3"), 0, "v");
  expect_refused(with(good_location, "\"v\":1", "\"v\":0"), 0, "v");
  // Unknown and missing fields, duplicate keys, unknown kinds and enum names.
  expect_refused(with(good_location, "\"key\":\"\"", "\"key\":\"\",\"extra\":1"), 0, "extra");
  expect_refused(with(good_location, ",\"allow_negative\":false", ""), 0, "allow_negative");
  expect_refused(with(good_location, "\"key\":\"\"", "\"key\":\"\",\"key\":\"\""), 0, "");
  expect_refused(with(good_location, "location_defined", "location_deleted"), 0, "kind");
  expect_refused(with(good_location, "\"internal\"", "\"attic\""), 0, "location_kind");
  // Deep nesting.
  expect_refused(ok + std::string(100'000, '[') + std::string(100'000, ']'), 1, "");
  // Not an object; an empty line; invalid escapes.
  expect_refused(ok + "[1]\n", 1, "");
  expect_refused(ok + "\n" + second, 1, "");
  expect_refused(with(good_location, "\"WH\"", "\"W\\x\""), 0, "");
  // A code beside an id that names something else.
  const std::string item =
      R"({"v":1,"position":1,"kind":"item_defined","key":"","item":0,"code":"SOAP","description":"","base_unit":"each","decimals":0,"alternates":[],"lot_tracked":false,"serial_tracked":false,"shelf_life_days":null,"gtins":[],"attributes":{}})";
  const std::string quota =
      R"({"v":1,"position":2,"kind":"channel_quota_set","key":"","item":0,"item_code":"SOAP","location":0,"location_code":"WH","channel":"web","quota_kind":"fixed","value":"5"})";
  memory_store fine;
  std::istringstream good_in(ok + item + "\n" + quota + "\n");
  EXPECT_THAT(import_jsonl(good_in, fine), IsOkAndHolds(3U));
  expect_refused(ok + item + "\n" + with(quota, "\"WH\"", "\"XX\""), 2, "location_code");
  expect_refused(ok + item + "\n" + with(quota, "\"location\":0", "\"location\":5"), 2,
                 "location_code");
  expect_refused(ok + item + "\n" + with(quota, "\"5\"", "\"5.0000001\""), 2, "value");
  expect_refused(ok + item + "\n" + with(quota, "\"5\"", "5"), 2, "value");
}

TEST(jsonl, events_that_do_not_replay_append_nothing) {
  // A reservation clock that goes back reads well line by line, but does not replay.
  memory_store into;
  const std::string text =
      R"({"v":1,"position":0,"kind":"reservation_clock_set","key":"","at":"2026-03-01T00:00:00.000000Z"})"
      "\n"
      R"({"v":1,"position":1,"kind":"reservation_clock_set","key":"","at":"2026-01-01T00:00:00.000000Z"})"
      "\n";
  std::istringstream in(text);
  auto imported = import_jsonl(in, into);
  ASSERT_THAT(imported, HasError(errc::store_failure));
  EXPECT_THAT(imported.error().message, HasSubstr("do not replay"));
  EXPECT_EQ(into.end().value(), 0U);
}

TEST(jsonl, import_needs_an_empty_store) {
  memory_store into;
  std::istringstream first(good_location + "\n");
  ASSERT_THAT(import_jsonl(first, into), IsOkAndHolds(1U));
  std::istringstream again(good_location + "\n");
  auto imported = import_jsonl(again, into);
  EXPECT_THAT(imported, HasError(errc::invalid_parameter));
  EXPECT_EQ(imported.error().context.field, "into");
  EXPECT_EQ(into.end().value(), 1U);
}

// A stream of `size` bytes of 'x' made on the fly, so that a 100 MB line
// costs no memory.
class endless_line : public std::streambuf {
 public:
  explicit endless_line(std::size_t size) : left_(size) { chunk_.fill('x'); }

 protected:
  auto underflow() -> int_type override {
    if (left_ == 0) return traits_type::eof();
    const auto n = std::min(left_, chunk_.size());
    left_ -= n;
    setg(chunk_.data(), chunk_.data(), chunk_.data() + n);
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::array<char, 65'536> chunk_{};
  std::size_t left_;
};

TEST(jsonl, a_100_mb_line_is_refused_at_the_limit) {
  endless_line source(std::size_t{100} << 20U);
  std::istream in(&source);
  memory_store into;
  auto imported = import_jsonl(in, into, {.line_bytes_max = std::size_t{1} << 20U});
  ASSERT_THAT(imported, HasError(errc::malformed_input));
  EXPECT_THAT(imported.error().message, HasSubstr("longer than 1048576 bytes"));
  EXPECT_EQ(into.end().value(), 0U);
  // The default limit stops it too, having read only the limit.
  endless_line again(std::size_t{100} << 20U);
  std::istream in2(&again);
  EXPECT_THAT(import_jsonl(in2, into), HasError(errc::malformed_input));
}

// A held location needs version 2 of the schema, its line only: the others
// stay version 1, and a version-1 line cannot carry the flag.
TEST(jsonl, a_held_location_is_a_version_2_line) {
  logged_inventory h;
  ASSERT_THAT(h.inv->define_location({.code = "WH"}), IsOk());
  ASSERT_THAT(h.inv->define_location({.code = "WH/QC", .parent = "WH", .hold = true}), IsOk());
  const std::string expected =
      good_location + "\n" +
      R"({"v":2,"position":1,"kind":"location_defined","key":"","location":1,"code":"WH/QC","description":"","parent":"WH","location_kind":"internal","allow_negative":false,"hold":true})"
      "\n";
  EXPECT_EQ(export_text(*h.log), expected);
  memory_store back;
  std::istringstream in(expected);
  ASSERT_THAT(import_jsonl(in, back), IsOkAndHolds(2U));
  EXPECT_EQ(all_records(back), all_records(*h.log));

  const auto held = expected.substr(expected.find('\n') + 1);
  expect_refused(good_location + "\n" + with(held, "\"v\":2", "\"v\":1"), 1, "hold");
  expect_refused(good_location + "\n" + with(held, ",\"hold\":true", ""), 1, "hold");
  expect_refused(good_location + "\n" + with(held, "\"hold\":true", "\"hold\":1"), 1, "hold");
}

}  // namespace
}  // namespace onhand
