// SPDX-License-Identifier: Apache-2.0
// Replay meets only what the API could have written: a log holding an event
// that posting would have refused does not open (store_failure), whatever it
// holds, and never crashes the process. The event-log fuzz target's seed
// corpus runs here too, through the same body.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "onhand/onhand.hpp"

#include "event_log_fuzz.hpp"
#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;

auto open_log(const std::vector<event>& events) -> result<inventory> {
  auto log = std::make_unique<memory_store>();
  std::vector<std::string> bytes;
  for (const auto& e : events) bytes.push_back(encode(e));
  std::vector<event_view> views;
  for (std::size_t i = 0; i < events.size(); ++i) views.emplace_back(key_of(events[i]), bytes[i]);
  EXPECT_THAT(log->append(views, 0), IsOk());
  return inventory::open(std::move(log));
}

auto catalog() -> std::vector<event> {
  const unit_set each{{"each", 0}};
  return {location_defined{{.code = "VENDOR", .kind = location_kind::supplier}},
          location_defined{{.code = "EAST"}}, item_defined{{.code = "SOAP", .units = each}},
          item_defined{{.code = "LAPTOP", .units = each, .serial_tracked = true}},
          lot_defined{{.item = "LAPTOP", .code = "SN1"}}};
}

auto posting_event(std::string key, movement_line line, posting_stamp stamp = {}) -> event {
  return document_posted{
      .document = {.key = std::move(key), .reason = movement_reason::receipt, .lines = {line}},
      .stamp = stamp};
}

constexpr item_id soap{0};
constexpr item_id laptop{1};
constexpr location_id vendor{0};
constexpr location_id east{1};

TEST(Replay, AValidLogOpensAndVerifies) {
  auto events = catalog();
  events.push_back(posting_event(
      "po-1", {.item = soap, .from = vendor, .to = east, .amount = quantity::units(5)}));
  auto inv = open_log(events);
  ASSERT_THAT(inv, IsOk());
  EXPECT_EQ(inv->on_hand(soap, east), stock_level::at(quantity::units(5)));
  EXPECT_THAT(inv->verify(), IsOk());
}

// Each of these is a posting that posting refuses; written into a log by
// something else, it must stop the replay with store_failure.
TEST(Replay, RefusesPostingsTheApiCouldNotHaveWritten) {
  const movement_line fine{.item = soap, .from = vendor, .to = east, .amount = quantity::units(5)};
  auto with = [&](auto change) {
    auto line = fine;
    change(line);
    return line;
  };
  const std::vector<std::pair<const char*, event>> bad = {
      {"a serial without its serial number",
       posting_event("k", with([](movement_line& l) { l.item = laptop; }))},
      {"a serial moving two units", posting_event("k", with([](movement_line& l) {
                                                    l.item = laptop;
                                                    l.lot = lot_id{0};
                                                    l.amount = quantity::units(2);
                                                  }))},
      {"a zero quantity",
       posting_event("k", with([](movement_line& l) { l.amount = quantity{}; }))},
      {"a negative quantity",
       posting_event("k", with([](movement_line& l) { l.amount = quantity::units(-5); }))},
      {"the same source and destination",
       posting_event("k", with([](movement_line& l) { l.from = east; }))},
      {"stock that is not there",
       posting_event("k", with([](movement_line& l) { std::swap(l.from, l.to); }))},
      {"a balance that overflows", posting_event("k", with([](movement_line& l) {
                                                   l.amount = quantity::from_raw(INT64_MAX);
                                                 }))},
      {"an empty key", posting_event("", fine)},
      {"a reversal of itself", posting_event("k", fine, {.reverses = document_id{0}})},
  };
  for (const auto& [what, e] : bad) {
    SCOPED_TRACE(what);
    auto events = catalog();
    events.push_back(e);
    EXPECT_THAT(open_log(events), HasError(errc::store_failure));
  }
}

TEST(Replay, RefusesAKeyUsedTwiceAndASecondReversal) {
  auto events = catalog();
  const movement_line in{.item = soap, .from = vendor, .to = east, .amount = quantity::units(5)};
  events.push_back(posting_event("po-1", in));
  events.push_back(posting_event("po-1", in));
  EXPECT_THAT(open_log(events), HasError(errc::store_failure));

  events.pop_back();
  const movement_line back{.item = soap, .from = east, .to = vendor, .amount = quantity::units(1)};
  events.push_back(posting_event("rev-1", back, {.reverses = document_id{0}}));
  events.push_back(posting_event("rev-2", back, {.reverses = document_id{0}}));
  EXPECT_THAT(open_log(events), HasError(errc::store_failure));
}

TEST(Replay, SeedCorpusOfTheEventLogFuzzer) {
  namespace fs = std::filesystem;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(ONHAND_FUZZ_CORPUS_DIR) / "event_log")) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().string());
    fuzz::event_log_body(bytes.data(), bytes.size());
    ++files;
  }
  EXPECT_GE(files, 2U);
}

}  // namespace
}  // namespace onhand
