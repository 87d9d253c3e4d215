// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/date.hpp"

#include <cstdio>

namespace onhand {
namespace {

// Reads exactly `width` digits at `pos`; -1 if any is not a digit.
auto digits(std::string_view text, std::size_t pos, std::size_t width) -> long {
  if (pos + width > text.size()) return -1;
  long value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

auto bad(std::string_view text, std::string_view what) -> error {
  return make_error(errc::malformed_input,
                    "'" + std::string(text) + "' is not " + std::string(what),
                    error_context{.field = std::string(what)});
}

auto read_date(std::string_view text) -> std::optional<date> {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const long y = digits(text, 0, 4);
  const long m = digits(text, 5, 2);
  const long d = digits(text, 8, 2);
  if (y < 1 || m < 0 || d < 0) return std::nullopt;
  const date day{std::chrono::year{static_cast<int>(y)},
                 std::chrono::month{static_cast<unsigned>(m)},
                 std::chrono::day{static_cast<unsigned>(d)}};
  if (!day.ok()) return std::nullopt;
  return day;
}

}  // namespace

auto parse_date(std::string_view text) -> result<date> {
  auto day = read_date(text);
  if (!day || text.size() != 10) return bad(text, "an ISO date (YYYY-MM-DD)");
  return *day;
}

auto parse_timestamp(std::string_view text) -> result<timestamp> {
  const auto expected = "an ISO 8601 UTC timestamp";
  auto day = read_date(text);
  if (!day) return bad(text, expected);
  if (text.size() == 10) return start_of(*day);
  if (text.size() < 19 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':') {
    return bad(text, expected);
  }
  const long hh = digits(text, 11, 2);
  const long mm = digits(text, 14, 2);
  const long ss = digits(text, 17, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return bad(text, expected);
  std::size_t pos = 19;
  long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (count == 6) return bad(text, expected);  // finer than a microsecond would be lost
      micros = micros * 10 + (text[pos] - '0');
      ++pos;
      ++count;
    }
    if (count == 0) return bad(text, expected);
    for (; count < 6; ++count) micros *= 10;
  }
  long offset_minutes = 0;
  const auto zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    // UTC
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const long oh = digits(zone, 1, 2);
    const long om = digits(zone, 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return bad(text, expected);
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return bad(text, expected);  // a local time without an offset is ambiguous
  }
  using namespace std::chrono;
  return start_of(*day) + hours{hh} + minutes{mm} + seconds{ss} + microseconds{micros} -
         minutes{offset_minutes};
}

auto today() -> date {
  return date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

auto format(date day) -> std::string {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

auto format(timestamp at) -> std::string {
  using namespace std::chrono;
  const auto day_start = floor<days>(at);
  const hh_mm_ss time{at - day_start};
  char buffer[48];
  const auto micros = static_cast<long>(time.subseconds().count());
  std::string out = format(date{day_start});
  if (micros != 0) {
    std::snprintf(buffer, sizeof buffer, "T%02ld:%02ld:%02ld.%06ldZ",
                  static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()), micros);
  } else {
    std::snprintf(
        buffer, sizeof buffer, "T%02ld:%02ld:%02ldZ", static_cast<long>(time.hours().count()),
        static_cast<long>(time.minutes().count()), static_cast<long>(time.seconds().count()));
  }
  return out + buffer;
}

}  // namespace onhand
