// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/date.hpp"

#include <ctime>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand {
namespace {

using namespace std::chrono;
using testing::HasError;

TEST(Dates, ParseAndFormat) {
  const auto day = parse_date("2028-05-31").value();
  EXPECT_EQ(day, year{2028} / May / 31);
  EXPECT_EQ(format(day), "2028-05-31");
  EXPECT_EQ(format(parse_date("2024-02-29").value()), "2024-02-29");
}

TEST(Dates, RejectInvalidCalendarDates) {
  for (const char* text : {"2023-02-29", "2028-13-01", "2028-00-10", "2028-05-32", "28-05-31",
                           "2028/05/31", "2028-5-31", "", "2028-05-31x", "0000-01-01"}) {
    EXPECT_THAT(parse_date(text), HasError(errc::malformed_input)) << text;
  }
}

TEST(Timestamps, ParseUtcAndOffsets) {
  const auto at = parse_timestamp("2026-11-27T09:30:00Z").value();
  EXPECT_EQ(format(at), "2026-11-27T09:30:00Z");
  EXPECT_EQ(parse_timestamp("2026-11-27T10:30:00+01:00").value(), at);
  EXPECT_EQ(parse_timestamp("2026-11-27T04:30:00-05:00").value(), at);
  EXPECT_EQ(format(parse_timestamp("2026-11-27T09:30:00.25Z").value()),
            "2026-11-27T09:30:00.250000Z");
  EXPECT_EQ(parse_timestamp("2026-11-27").value(), start_of(year{2026} / November / 27));
  EXPECT_EQ(date_of(at), year{2026} / November / 27);
}

TEST(Timestamps, RejectAmbiguousOrMalformed) {
  for (const char* text : {"2026-11-27T09:30:00", "2026-11-27T24:00:00Z", "2026-11-27T09:60:00Z",
                           "2026-11-27T09:30:00.1234567Z", "2026-11-27T09:30Z",
                           "2026-11-27T09:30:00.Z", "2026-11-27T09:30:00+0100", "yesterday"}) {
    EXPECT_THAT(parse_timestamp(text), HasError(errc::malformed_input)) << text;
  }
}

// The C library's UTC calendar (time, gmtime_r) is the second method. The
// date may change between two readings, so today() must equal one of them.
auto c_library_today() -> date {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return year{utc.tm_year + 1900} / month{static_cast<unsigned>(utc.tm_mon + 1)} /
         std::chrono::day{static_cast<unsigned>(utc.tm_mday)};
}

TEST(Dates, TodayIsTheUtcDateOfTheSystemClock) {
  const auto before = c_library_today();
  const auto now = today();
  const auto after = c_library_today();
  EXPECT_TRUE(now == before || now == after) << format(now);
  EXPECT_TRUE(now.ok());
}

}  // namespace
}  // namespace onhand
