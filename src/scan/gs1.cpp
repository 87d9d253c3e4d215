// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/gs1.hpp"

#include <array>
#include <chrono>
#include <cstring>

#include "onhand/catalog/gtin.hpp"
#include "onhand/core/assert.hpp"
#include "onhand/detail/text.hpp"
#include "onhand/scan/code_lists.hpp"

namespace onhand::scan {
namespace {

constexpr char group_separator = '\x1d';

// Membership tables for the GS1 character sets, indexed by byte.
struct character_tables {
  std::array<bool, 256> numeric{};
  std::array<bool, 256> cset82{};
  std::array<bool, 256> cset39{};
  std::array<bool, 256> base64url{};
  std::array<std::uint8_t, 256> cset82_value{};  // position in CSET 82, from 1 (0: not in it)
  std::array<std::uint8_t, 256> cset32_value{};  // position in CSET 32, from 1
};

constexpr auto make_character_tables() -> character_tables {
  character_tables t;
  constexpr std::string_view cset82 =
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  constexpr std::string_view cset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  constexpr std::string_view base64url =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  constexpr std::string_view cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  for (std::size_t i = 0; i < cset82.size(); ++i) {
    const auto c = static_cast<unsigned char>(cset82[i]);
    t.cset82[c] = true;
    t.cset82_value[c] = static_cast<std::uint8_t>(i + 1);
  }
  for (char c = '0'; c <= '9'; ++c) t.numeric[static_cast<unsigned char>(c)] = true;
  for (char c : cset39) t.cset39[static_cast<unsigned char>(c)] = true;
  for (char c : base64url) t.base64url[static_cast<unsigned char>(c)] = true;
  for (std::size_t i = 0; i < cset32.size(); ++i) {
    t.cset32_value[static_cast<unsigned char>(cset32[i])] = static_cast<std::uint8_t>(i + 1);
  }
  return t;
}

constexpr character_tables chars = make_character_tables();

auto table_of(character_set set) noexcept -> const std::array<bool, 256>& {
  switch (set) {
    case character_set::numeric:
      return chars.numeric;
    case character_set::cset82:
      return chars.cset82;
    case character_set::cset39:
      return chars.cset39;
    case character_set::base64url:
      return chars.base64url;
  }
  return chars.numeric;
}

auto set_name(character_set set) -> std::string_view {
  switch (set) {
    case character_set::numeric:
      return "digits";
    case character_set::cset82:
      return "GS1 CSET 82";
    case character_set::cset39:
      return "GS1 CSET 39";
    case character_set::base64url:
      return "base64url";
  }
  return "?";
}

// Whether the eight bytes at `p` are all '0'-'9' (SWAR: no byte below '0'
// after subtracting it, none above '9' after adding 0x46).
auto all_digits8(const char* p) noexcept -> bool {
  std::uint64_t x = 0;
  std::memcpy(&x, p, sizeof x);
  constexpr std::uint64_t zeros = 0x3030303030303030ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  const std::uint64_t below = x - zeros;                  // a byte < '0' borrows: high bit set
  const std::uint64_t above = x + 0x4646464646464646ULL;  // a byte > '9' carries into bit 7
  return ((below | above | x) & high) == 0;
}

// The offset of the first byte of `text` outside ASCII (bit 7 set), or its
// size: eight bytes at a time, then the byte that has the bit.
auto first_non_ascii(std::string_view text) noexcept -> std::size_t {
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, text.data() + i, sizeof x);
    if ((x & high) != 0) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

auto number_of(std::string_view digits) noexcept -> std::int64_t {
  std::int64_t n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

auto two(std::string_view s, std::size_t at) noexcept -> int {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

auto days_in_month(int y, int m) noexcept -> int {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// YYMMDD (or YYYYMMDD when `four_digit_year`), digits already checked.
auto read_date(std::string_view s, int reference_year, bool day_zero_allowed, bool four_digit_year)
    -> std::optional<date> {
  const int y = four_digit_year ? static_cast<int>(number_of(s.substr(0, 4)))
                                : resolve_two_digit_year(two(s, 0), reference_year);
  const std::size_t m_at = four_digit_year ? 4 : 2;
  const int m = two(s, m_at);
  int d = two(s, m_at + 2);
  if (m < 1 || m > 12) return std::nullopt;
  const int last = days_in_month(y, m);
  if (d == 0 && day_zero_allowed) d = last;
  if (d < 1 || d > last) return std::nullopt;
  return date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
              std::chrono::day{static_cast<unsigned>(d)}};
}

// The GS1 mod-10 check over characters already known to be digits.
auto check_digit_ok(std::string_view s) noexcept -> bool {
  // Weights 3, 1, 3, ... from the right of the body: two sums, one per weight,
  // each over every other digit.
  unsigned threes = 0;
  unsigned ones = 0;
  const std::size_t body = s.size() - 1;
  for (std::size_t i = body; i >= 2; i -= 2) {
    threes += static_cast<unsigned>(s[i - 1] - '0');
    ones += static_cast<unsigned>(s[i - 2] - '0');
  }
  if (body % 2 == 1) threes += static_cast<unsigned>(s[0] - '0');
  const unsigned sum = 3 * threes + ones;
  return (10 - sum % 10) % 10 == static_cast<unsigned>(s.back() - '0');
}

auto check_pair_ok(std::string_view s) noexcept -> bool {
  // GS1 alphanumeric check character pair: CSET 82 values (from 0) weighted
  // by primes from the right (2, 3, 5, ...), modulo 1021, split into two
  // CSET 32 characters.
  static constexpr int primes[] = {
      2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,
      61,  67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139,
      149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233,
      239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337,
      347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439,
      443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509};
  if (s.size() < 2 || s.size() - 2 > std::size(primes)) return false;
  const std::size_t n = s.size() - 2;
  int sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += (chars.cset82_value[static_cast<unsigned char>(s[i])] - 1) * primes[n - 1 - i];
  }
  sum %= 1021;
  const auto first = chars.cset32_value[static_cast<unsigned char>(s[n])];
  const auto second = chars.cset32_value[static_cast<unsigned char>(s[n + 1])];
  return first == (sum >> 5) + 1 && second == (sum & 31) + 1;
}

auto iban_ok(std::string_view s) noexcept -> bool {
  if (s.size() < 5) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool letter = c >= 'A' && c <= 'Z';
    if (i < 2 && !letter) return false;
    if (i >= 2 && i < 4 && !detail::is_ascii_digit(c)) return false;
    if (!letter && !detail::is_ascii_digit(c)) return false;
  }
  int remainder = 0;
  auto feed = [&remainder](char c) {
    if (detail::is_ascii_digit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      const int v = c - 'A' + 10;
      remainder = (remainder * 100 + v) % 97;
    }
  };
  for (std::size_t i = 4; i < s.size(); ++i) feed(s[i]);
  for (std::size_t i = 0; i < 4; ++i) feed(s[i]);
  return remainder == 1;
}

auto is_hex(char c) noexcept -> bool {
  return detail::is_ascii_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// The fault that a content rule finds in `part`, if any.
struct rule_fault {
  errc code;
  std::size_t offset;  // within part
  std::string_view what;
};

// `day_out` receives the date a date rule reads, so it is parsed once.
auto apply_rule(content_rule rule, std::string_view s, int reference_year, date& day_out)
    -> std::optional<rule_fault> {
  auto all_zero = [s] { return s.find_first_not_of('0') == std::string_view::npos; };
  switch (rule) {
    case content_rule::none:
      return std::nullopt;
    case content_rule::currency:
      if (is_iso4217_numeric(s)) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "no ISO 4217 numeric currency code"};
    case content_rule::country:
      if (is_iso3166_numeric(s)) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "no ISO 3166-1 numeric country code"};
    case content_rule::country_or_999:
      if (s == "999" || is_iso3166_numeric(s)) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "no ISO 3166-1 numeric country code nor 999"};
    case content_rule::check_digit:
      if (check_digit_ok(s)) return std::nullopt;
      return rule_fault{errc::bad_check_digit, s.size() - 1, "a wrong check digit"};
    case content_rule::check_pair:
      if (check_pair_ok(s)) return std::nullopt;
      return rule_fault{errc::bad_check_digit, s.size() < 2 ? 0 : s.size() - 2,
                        "a wrong check character pair"};
    case content_rule::date_yymmd0:
    case content_rule::date_yymmdd:
    case content_rule::date_yyyymmdd:
      if (auto day = read_date(s, reference_year, rule == content_rule::date_yymmd0,
                               rule == content_rule::date_yyyymmdd)) {
        day_out = *day;
        return std::nullopt;
      }
      return rule_fault{errc::bad_date, 0, "no calendar date"};
    case content_rule::hour:
      if (two(s, 0) <= 23) return std::nullopt;
      return rule_fault{errc::bad_date, 0, "no hour (00-23)"};
    case content_rule::minute:
    case content_rule::second:
      if (two(s, 0) <= 59) return std::nullopt;
      return rule_fault{errc::bad_date, 0, "no minute or second (00-59)"};
    case content_rule::hour_minute:
      if (two(s, 0) <= 23 && two(s, 2) <= 59) return std::nullopt;
      return rule_fault{errc::bad_date, 0, "no time of day (HHMM)"};
    case content_rule::country_list:
      if (s.size() % 3 != 0) {
        return rule_fault{errc::bad_length, s.size(), "not a list of three-digit country codes"};
      }
      for (std::size_t i = 0; i < s.size(); i += 3) {
        if (!is_iso3166_numeric(s.substr(i, 3))) {
          return rule_fault{errc::malformed_input, i, "no ISO 3166-1 numeric country code"};
        }
      }
      return std::nullopt;
    case content_rule::country_alpha2:
      if (is_iso3166_alpha2(s)) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "no ISO 3166-1 alpha-2 country code"};
    case content_rule::zero:
      if (s == "0") return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not the digit 0"};
    case content_rule::nonzero:
      if (!all_zero()) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "zero where a non-zero number is required"};
    case content_rule::yes_no:
      if (s == "0" || s == "1") return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not 0 or 1"};
    case content_rule::winding:
      if (s == "0" || s == "1" || s == "9") return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not a winding direction (0, 1 or 9)"};
    case content_rule::piece_of_total: {
      const int piece = two(s, 0);
      const int total = two(s, 2);
      if (piece >= 1 && total >= 1 && piece <= total) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not a piece number within its total"};
    }
    case content_rule::hyphen:
      if (s == "-") return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not a hyphen"};
    case content_rule::no_zero_prefix:
      if (s.size() == 1 || s[0] != '0') return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "a leading zero"};
    case content_rule::biological_sex:
      if (s == "0" || s == "1" || s == "2" || s == "9") return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not an ISO 5218 code (0, 1, 2, 9)"};
    case content_rule::position_in_sequence:
      if (s.size() == 3 && s[1] == '/' && s[0] >= '1' && s[0] <= '9' && s[2] >= '1' &&
          s[2] <= '9' && s[0] <= s[2]) {
        return std::nullopt;
      }
      return rule_fault{errc::malformed_input, 0, "not a position in sequence (n/m)"};
    case content_rule::media_type: {
      const int v = two(s, 0);
      if ((v >= 1 && v <= 10) || v >= 80) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "not an AIDC media type"};
    }
    case content_rule::latitude:
      if (number_of(s) <= 1'800'000'000) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "a latitude out of range"};
    case content_rule::longitude:
      if (number_of(s) <= 3'600'000'000) return std::nullopt;
      return rule_fault{errc::malformed_input, 0, "a longitude out of range"};
    case content_rule::percent_encoding:
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') continue;
        if (i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) continue;
        return rule_fault{errc::malformed_input, i, "a '%' not followed by two hex digits"};
      }
      return std::nullopt;
    case content_rule::iban:
      if (iban_ok(s)) return std::nullopt;
      return rule_fault{errc::bad_check_digit, 0, "no valid IBAN"};
    case content_rule::has_non_digit:
      for (char c : s) {
        if (!detail::is_ascii_digit(c)) return std::nullopt;
      }
      return rule_fault{errc::malformed_input, 0, "only digits where a letter is required"};
  }
  return std::nullopt;
}

auto fail(errc code, std::size_t position, std::string_view ai, std::string message) -> error {
  return make_error(code, std::move(message),
                    error_context{.field = ai.empty() ? std::string() : "(" + std::string(ai) + ")",
                                  .position = position});
}

auto quoted_ai(const ai_definition& def) -> std::string {
  return "(" + std::string(def.ai()) + ")";
}

// A value as a message quotes it: its first 48 bytes, then "...". The parser
// quotes only values that passed their character set, so ASCII.
auto quoted(std::string_view value) -> std::string {
  return "'" + detail::quote_prefix(value, 48) + "'";
}

// result<void> for the hot path: `return {}` on a result<void> value-initialises
// it, which zeroes a whole onhand::error each time; status's user-provided
// constructor does not.
class status {
 public:
  status() noexcept {}  // NOLINT(modernize-use-equals-default): see above
  status(error fault) : fault_(std::move(fault)) {}  // NOLINT: implicit, as result<void>
  explicit operator bool() const noexcept { return !fault_.has_value(); }
  auto take() && -> error { return std::move(*fault_); }

 private:
  std::optional<error> fault_;
};

// Checks the components of one element's data; `at` is its offset in the input.
// The date of the first date component goes to `day_out`.
auto check_value(const ai_definition& def, std::string_view value, std::size_t at,
                 int reference_year, date& day_out) -> status {
  if (value.empty()) {
    return fail(errc::bad_length, at, def.ai(), "AI " + quoted_ai(def) + " has no data");
  }
  if (value.size() > def.max_length) {
    return fail(errc::bad_length, at + def.max_length, def.ai(),
                "AI " + quoted_ai(def) + " holds at most " + std::to_string(def.max_length) +
                    " characters");
  }
  std::size_t offset = 0;
  for (std::size_t k = 0; k < def.component_count; ++k) {
    const auto& c = def.components[k];
    const std::size_t remaining = value.size() - offset;
    if (remaining == 0 && c.optional) break;
    const bool fixed = c.min_length == c.max_length;
    if (remaining == 0 || (fixed && remaining < c.max_length)) {
      return fail(errc::bad_length, at + value.size(), def.ai(),
                  "AI " + quoted_ai(def) + " is too short: it needs " +
                      std::to_string(def.min_length) + " characters");
    }
    const std::size_t take = fixed ? c.max_length : std::min<std::size_t>(remaining, c.max_length);
    const auto part = value.substr(offset, take);
    const auto& allowed = table_of(c.charset);
    // Digits eight at a time; the byte loop below finds any fault's position.
    std::size_t checked = 0;
    if (c.charset == character_set::numeric) {
      while (checked + 8 <= part.size() && all_digits8(part.data() + checked)) checked += 8;
    }
    // Without a branch per byte; the loop below finds the fault, if any.
    bool all_allowed = true;
    for (std::size_t i = checked; i < part.size(); ++i) {
      all_allowed &= allowed[static_cast<unsigned char>(part[i])];
    }
    for (std::size_t i = checked; !all_allowed && i < part.size(); ++i) {
      if (!allowed[static_cast<unsigned char>(part[i])]) {
        return fail(errc::bad_character, at + offset + i, def.ai(),
                    "AI " + quoted_ai(def) + " allows only " + std::string(set_name(c.charset)) +
                        ", not byte " + std::to_string(static_cast<unsigned char>(part[i])) +
                        " at position " + std::to_string(at + offset + i));
      }
    }
    for (auto rule : c.rules) {
      if (rule == content_rule::none) continue;
      if (auto fault = apply_rule(rule, part, reference_year, day_out)) {
        return fail(
            fault->code, at + offset + fault->offset, def.ai(),
            "AI " + quoted_ai(def) + " value " + quoted(part) + " has " + std::string(fault->what));
      }
    }
    offset += take;
  }
  if (offset < value.size()) {
    return fail(
        errc::bad_length, at + offset, def.ai(),
        "AI " + quoted_ai(def) + " has data beyond its " + std::to_string(offset) + " characters");
  }
  return {};
}

// "000500" with 2 decimals -> "5.00"; keeps trailing zeros, drops leading ones.
// Written into a buffer and made a string once: appending piece by piece
// costs a length check and a copy call per piece.
auto implied_decimal(std::string_view digits, int decimals) -> std::string {
  // The AI table's decimal AIs have at most 15 digits and 9 decimals.
  ONHAND_ASSERT(digits.size() <= 15 && decimals >= 0 && decimals <= 9, "AI table changed");
  const auto n = static_cast<std::ptrdiff_t>(digits.size());
  const std::ptrdiff_t split = n - decimals;
  std::array<char, 32> buffer;
  std::size_t size = 0;
  std::string_view whole = split > 0 ? digits.substr(0, static_cast<std::size_t>(split)) : "";
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (whole.empty()) whole = "0";
  for (char c : whole) buffer[size++] = c;
  if (decimals > 0) {
    buffer[size++] = '.';
    for (std::ptrdiff_t i = split; i < 0; ++i) buffer[size++] = '0';
    for (char c : digits.substr(static_cast<std::size_t>(split > 0 ? split : 0))) {
      buffer[size++] = c;
    }
  }
  return {buffer.data(), size};
}

struct measure_kind {
  std::string_view name;
  std::string_view unit;
};

// Indexed by the second and third AI digits of 31n-36n: (AI / 10) - 310.
constexpr measure_kind measure_kinds[60] = {
    // 310-319
    {"net_weight", "kg"},
    {"length", "m"},
    {"width", "m"},
    {"height", "m"},
    {"area", "m2"},
    {"net_volume", "l"},
    {"net_volume", "m3"},
    {},
    {},
    {},
    // 320-329
    {"net_weight", "lb"},
    {"length", "in"},
    {"length", "ft"},
    {"length", "yd"},
    {"width", "in"},
    {"width", "ft"},
    {"width", "yd"},
    {"height", "in"},
    {"height", "ft"},
    {"height", "yd"},
    // 330-339
    {"gross_weight", "kg"},
    {"logistic_length", "m"},
    {"logistic_width", "m"},
    {"logistic_height", "m"},
    {"logistic_area", "m2"},
    {"logistic_volume", "l"},
    {"logistic_volume", "m3"},
    {"kg_per_m2", "kg/m2"},
    {},
    {},
    // 340-349
    {"gross_weight", "lb"},
    {"logistic_length", "in"},
    {"logistic_length", "ft"},
    {"logistic_length", "yd"},
    {"logistic_width", "in"},
    {"logistic_width", "ft"},
    {"logistic_width", "yd"},
    {"logistic_height", "in"},
    {"logistic_height", "ft"},
    {"logistic_height", "yd"},
    // 350-359
    {"area", "in2"},
    {"area", "ft2"},
    {"area", "yd2"},
    {"logistic_area", "in2"},
    {"logistic_area", "ft2"},
    {"logistic_area", "yd2"},
    {"net_weight", "oz_t"},
    {"net_volume", "oz"},
    {},
    {},
    // 360-369
    {"net_volume", "qt"},
    {"net_volume", "gal"},
    {"logistic_volume", "qt"},
    {"logistic_volume", "gal"},
    {"net_volume", "in3"},
    {"net_volume", "ft3"},
    {"net_volume", "yd3"},
    {"logistic_volume", "in3"},
    {"logistic_volume", "ft3"},
    {"logistic_volume", "yd3"},
};

class message_builder {
 public:
  message_builder(std::string_view text, const gs1_options& options, gs1_message& out)
      : text_(text), out_(out) {
    if (options.reference_year) {
      reference_year_ = *options.reference_year;
    } else {
      const auto today =
          date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
      reference_year_ = static_cast<int>(today.year());
    }
    strict_ = options.strict;
    form_ = options.form;
  }

  auto run() -> status {
    if (reference_year_ < gs1_options::reference_year_min ||
        reference_year_ > gs1_options::reference_year_max) {
      return make_error(errc::invalid_parameter,
                        "reference_year must be from " +
                            std::to_string(gs1_options::reference_year_min) + " to " +
                            std::to_string(gs1_options::reference_year_max) + ", not " +
                            std::to_string(reference_year_),
                        error_context{.field = "reference_year"});
    }
    // No GS1 data carrier holds a byte outside ASCII. Reporting the first one
    // before anything else keeps every later message ASCII (none can quote
    // half a UTF-8 character) and every position a character index too.
    if (const auto at = first_non_ascii(text_); at < text_.size()) {
      return fail(errc::bad_character, at, "",
                  "byte " + std::to_string(static_cast<unsigned char>(text_[at])) +
                      " at position " + std::to_string(at) +
                      " is not ASCII: a GS1 scan holds ASCII characters only");
    }
    if (auto r = check_empty(); !r) return r;
    if (auto r = check_form(); !r) return r;
    std::size_t start = 0;
    if (text_.size() >= 3 && text_[0] == ']') {
      const auto id = text_.substr(0, 3);
      start = 3;
      // The two characters after ']' as one number: a switch, not string compares.
      switch (static_cast<unsigned char>(id[1]) << 8 | static_cast<unsigned char>(id[2])) {
        case 'C' << 8 | '1':
          out_.symbology = symbology::gs1_128;
          break;
        case 'd' << 8 | '2':
          out_.symbology = symbology::datamatrix;
          break;
        case 'Q' << 8 | '3':
          out_.symbology = symbology::qr_code;
          break;
        case 'e' << 8 | '0':
          out_.symbology = symbology::databar;
          break;
        case 'J' << 8 | '1':
          out_.symbology = symbology::dotcode;
          break;
        case 'E' << 8 | '0':
        case 'E' << 8 | '4':
        case 'I' << 8 | '1':
          return bare_gtin(id);
        default:
          break;
      }
      if (out_.symbology == symbology::none) {
        return fail(errc::malformed_input, 0, "",
                    "symbology identifier '" + std::string(id) + "' carries no GS1 data");
      }
    }
    if (start == 0 && !text_.empty() && text_[0] == '(') {
      if (auto r = bracketed(); !r) return r;
    } else {
      if (auto r = raw(start); !r) return r;
    }
    if (out_.elements.empty()) {
      return fail(errc::malformed_input, text_.size(), "", "the scan holds no element string");
    }
    return check_message();
  }

 private:
  // Empty input, or a symbology identifier with nothing after it but an
  // optional FNC1: no data was scanned, which is not malformed data.
  auto check_empty() const -> status {
    auto rest = text_;
    std::size_t at = 0;
    if (rest.size() >= 3 && rest[0] == ']') {
      rest.remove_prefix(3);
      at = 3;
    }
    if (rest.empty() || rest == std::string_view(&group_separator, 1)) {
      return fail(errc::empty_input, at, "",
                  at == 0 ? "the scan is empty"
                          : "the scan holds only its symbology identifier '" +
                                std::string(text_.substr(0, 3)) + "'");
    }
    return {};
  }

  // The input's form, when the caller requires one.
  auto check_form() const -> status {
    const char first = text_[0];
    const gs1_form seen = first == ']'   ? gs1_form::scanner
                          : first == '(' ? gs1_form::bracketed
                                         : gs1_form::raw;
    if (form_ == gs1_form::any || form_ == seen) return {};
    static constexpr std::string_view described[] = {
        "", "the bracketed form, '(' first", "raw data, an AI or GS first",
        "scanner output, a symbology identifier (']C1', ']d2', ...) first"};
    return fail(errc::malformed_input, 0, "",
                "the scan must be " + std::string(described[static_cast<int>(form_)]) +
                    ", but it is " + std::string(described[static_cast<int>(seen)]));
  }

  auto raw(std::size_t pos) -> status {
    const std::size_t n = text_.size();
    if (pos < n && text_[pos] == group_separator) ++pos;  // FNC1 in first position
    while (pos < n) {
      if (text_[pos] == group_separator) {
        return fail(errc::malformed_input, pos, "",
                    "a separator at position " + std::to_string(pos) + " where an AI is expected");
      }
      const ai_definition* def = match_ai(text_.substr(pos));
      if (def == nullptr) return unknown_ai(pos);
      const std::size_t value_at = pos + def->code_length;
      std::size_t end = 0;
      std::size_t next = 0;
      if (def->fixed_length()) {
        end = value_at + def->max_length;
        if (end > n) {
          // Cut short: by a separator (reported where it is) or by the end.
          std::size_t at = value_at;
          while (at < n && text_[at] != group_separator) ++at;
          return fail(errc::bad_length, at, def->ai(),
                      at < n
                          ? "a separator inside fixed-length AI " + quoted_ai(*def) +
                                " at position " + std::to_string(at)
                          : "the data ends inside fixed-length AI " + quoted_ai(*def) +
                                ", which needs " + std::to_string(def->max_length) + " characters");
        }
        next = end < n && text_[end] == group_separator ? end + 1 : end;
      } else {
        end = value_at;
        while (end < n && text_[end] != group_separator) ++end;
        next = end < n ? end + 1 : end;
      }
      if (auto r = add(*def, pos, value_at, text_.substr(value_at, end - value_at)); !r) {
        // No character set holds GS: inside a fixed-length field it cuts the
        // field short, a length fault rather than a character fault.
        auto fault = std::move(r).take();
        const auto at = fault.context.position.value_or(0);
        if (fault.code == errc::bad_character && at < n && text_[at] == group_separator) {
          return fail(errc::bad_length, at, def->ai(),
                      "a separator inside fixed-length AI " + quoted_ai(*def) + " at position " +
                          std::to_string(at));
        }
        return fault;
      }
      pos = next;
    }
    return {};
  }

  // Where the bracketed value that starts at `from` ends: at the next "(AI)"
  // that names a defined AI, or at the end of the text.
  auto bracketed_value_end(std::size_t from) const -> std::size_t {
    for (std::size_t i = from; i < text_.size(); ++i) {
      if (text_[i] != '(') continue;
      std::size_t j = i + 1;
      while (j < text_.size() && j - i <= 5 && detail::is_ascii_digit(text_[j])) ++j;
      const std::size_t digits = j - i - 1;
      if (digits >= 2 && digits <= 4 && j < text_.size() && text_[j] == ')' &&
          find_ai(text_.substr(i + 1, digits)) != nullptr) {
        return i;
      }
    }
    return text_.size();
  }

  auto bracketed() -> status {
    std::size_t pos = 0;
    while (pos < text_.size()) {
      if (text_[pos] != '(') {
        return fail(errc::malformed_input, pos, "",
                    "'(' expected at position " + std::to_string(pos));
      }
      const auto close = text_.find(')', pos + 1);
      if (close == std::string_view::npos) {
        return fail(errc::malformed_input, pos, "",
                    "the '(' at position " + std::to_string(pos) + " is never closed");
      }
      const ai_definition* def = find_ai(text_.substr(pos + 1, close - pos - 1));
      if (def == nullptr) return unknown_ai(pos + 1);
      const std::size_t value_at = close + 1;
      const std::size_t end = bracketed_value_end(value_at);
      if (auto r = add(*def, pos, value_at, text_.substr(value_at, end - value_at)); !r) return r;
      pos = end;
    }
    return {};
  }

  auto unknown_ai(std::size_t pos) const -> error {
    std::size_t end = pos;
    while (end < text_.size() && end - pos < 4 && detail::is_ascii_digit(text_[end])) ++end;
    const auto seen = text_.substr(pos, end - pos);
    return fail(errc::unknown_application_identifier, pos, seen,
                seen.empty() ? "no AI at position " + std::to_string(pos)
                             : "'" + std::string(seen) + "' at position " + std::to_string(pos) +
                                   " starts no GS1 Application Identifier");
  }

  auto bare_gtin(std::string_view id) -> status {
    out_.symbology = id == "]E0"   ? symbology::ean_upc
                     : id == "]E4" ? symbology::ean_8
                                   : symbology::itf_14;
    const auto data = text_.substr(3);
    const std::size_t expected = id == "]E0" ? 13 : id == "]E4" ? 8 : 14;
    // ]E0 always carries 13 digits: UPC-A arrives with its leading zero, so
    // 12 digits mean a scanner configured to drop it, which is not trusted.
    if (data.size() != expected) {
      return fail(errc::bad_length, 3 + std::min(data.size(), expected), "01",
                  "symbology " + std::string(id) + " carries a GTIN of " +
                      std::to_string(expected) + " digits, not " + std::to_string(data.size()));
    }
    auto normalized = normalize_gtin(data);
    if (!normalized) {
      auto err = std::move(normalized).error();
      err.context.position = 3 + *err.context.position;
      return err;
    }
    const auto* def = find_ai("01");
    out_.elements.push_back(gs1_element{"01", *normalized, 3, def});
    out_.gtin = std::move(*normalized);
    // An EAN-13 that starts with 0 is a UPC-A (GTIN-12) in EAN-13 form.
    out_.gtin_format = id == "]E4"      ? gtin_format::gtin_8
                       : id == "]I1"    ? gtin_format::gtin_14
                       : data[0] == '0' ? gtin_format::gtin_12
                                        : gtin_format::gtin_13;
    return check_message();
  }

  auto add(const ai_definition& def, std::size_t ai_at, std::size_t value_at,
           std::string_view value) -> status {
    date day;
    if (auto r = check_value(def, value, value_at, reference_year_, day); !r) return r;
    // Built in place from a prvalue: a temporary element moved in would copy
    // its two short strings a second time (a move of a short string is a
    // copy), and assigning to the fields of an empty one goes through
    // std::string's general replace.
    out_.elements.emplace_back_from([&] {
      return gs1_element{std::string(def.ai()), std::string(value), ai_at, &def};
    });
    // The two-digit date AIs are normalized here, from the date just read;
    // a repeat must carry the same value, so it sets the same date.
    if (def.code_length == 2) {
      switch (def.number) {
        case 11:
          out_.production_date = day;
          break;
        case 12:
          out_.due_date = day;
          break;
        case 13:
          out_.packaging_date = day;
          break;
        case 15:
          out_.best_before = day;
          break;
        case 16:
          out_.sell_by = day;
          break;
        case 17:
          out_.expiry = day;
          break;
        default:
          break;
      }
    }
    return {};
  }

  // Message-level rules, in precedence order, then the normalized fields.
  auto check_message() -> status {
    const auto& elements = out_.elements;
    const std::size_t n = elements.size();
    // The scan's AIs as one mask of key bits, for the rule checks below.
    keys_ = 0;
    for (const auto& e : elements) keys_ |= e.definition->key_bit;
    // A repeat is an element whose AI occurs earlier in the scan; it must
    // agree with the first occurrence, and is then skipped by the rules below.
    std::uint64_t repeats = 0;  // bit i: element i repeats an earlier one (first 64 elements)
    for (std::size_t j = 1; j < n; ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        if (elements[i].definition != elements[j].definition) continue;
        if (elements[i].value != elements[j].value) {
          return fail(errc::conflicting_repeat, elements[j].position, elements[j].ai,
                      "AI (" + elements[j].ai + ") occurs twice with different values (" +
                          quoted(elements[i].value) + " and " + quoted(elements[j].value) + ")");
        }
        if (j < 64) repeats |= std::uint64_t{1} << j;
      }
    }
    auto repeated = [&](std::size_t i) {
      if (i < 64) return (repeats >> i & 1U) != 0;
      for (std::size_t k = 0; k < i; ++k) {
        if (elements[k].definition == elements[i].definition) return true;
      }
      return false;
    };
    for (std::size_t i = 0; i < n; ++i) {
      const auto& a = *elements[i].definition;
      if (a.exclusions_by_mask) {
        // As present() below, an AI never excludes itself.
        if ((keys_ & a.exclusion_mask & ~a.key_bit) != 0) return exclusive_pair();
        continue;
      }
      for (std::size_t k = 0; k < a.exclusion_count; ++k) {
        if (present(a.exclusions[k], &a)) return exclusive_pair();
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (repeated(i)) continue;
      const auto& def = *elements[i].definition;
      for (std::size_t r = 0; r < def.requirement_count; ++r) {
        if (met(def.requirements[r])) continue;
        if (strict_) {
          return fail(errc::unmet_association, elements[i].position, elements[i].ai,
                      "AI (" + elements[i].ai + ") requires one of " +
                          std::string(def.requirements[r].text));
        }
        out_.unmet_associations.push_back(gs1_unmet_association{
            elements[i].ai, std::string(def.requirements[r].text), elements[i].position});
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!repeated(i)) normalize(elements[i]);
    }
    return {};
  }

  static auto excludes(const ai_definition& a, const ai_definition& b) noexcept -> bool {
    for (std::size_t k = 0; k < a.exclusion_count; ++k) {
      if (a.exclusions[k].matches(b.number, b.code_length)) return true;
    }
    return false;
  }

  // The first pair (in input order) of AIs that exclude each other.
  auto exclusive_pair() const -> error {
    const auto& elements = out_.elements;
    for (std::size_t j = 1; j < elements.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        const auto& a = *elements[i].definition;
        const auto& b = *elements[j].definition;
        if (&a == &b || !(excludes(a, b) || excludes(b, a))) continue;
        return fail(
            errc::exclusive_identifiers, elements[j].position, elements[j].ai,
            "AIs (" + elements[i].ai + ") and (" + elements[j].ai + ") must not appear together");
      }
    }
    ONHAND_ASSERT(false, "an exclusion was found but no pair");
    return fail(errc::exclusive_identifiers, 0, "", "AIs that must not appear together");
  }

  // Whether an AI matching `p` (other than `self`) is in the message. A scan
  // holds a handful of elements, so a loop beats any index (even zeroing a
  // bitmap of the table costs more).
  auto present(const ai_pattern& p, const ai_definition* self = nullptr) const noexcept -> bool {
    const std::int16_t skip = self != nullptr ? self->index : std::int16_t{-1};
    if (p.exact_index >= 0) return p.exact_index != skip && (keys_ & p.bit) != 0;
    for (const auto& e : out_.elements) {
      const auto* def = e.definition;
      if (def != self && p.matches(def->number, def->code_length)) return true;
    }
    return false;
  }

  auto met(const ai_requirement& req) const noexcept -> bool {
    for (std::size_t a = 0; a < req.alternative_count; ++a) {
      const auto mask = req.masks[a];
      if (mask != 0) {
        if ((keys_ & mask) == mask) return true;
        continue;
      }
      bool all = true;
      for (const auto& p : req.alternatives[a]) {
        if (p.length != 0 && !present(p)) all = false;
      }
      if (all) return true;
    }
    return false;
  }

  void normalize(const gs1_element& e) {
    const auto& def = *e.definition;
    if (def.code_length == 2) {
      switch (def.number) {
        case 0:
          out_.sscc.emplace(e.value);
          return;
        case 1:
          out_.gtin.emplace(e.value);
          if (!out_.gtin_format) out_.gtin_format = gtin_format::gtin_14;  // else ]E0/]E4/]I1
          return;
        case 2:
          out_.content_gtin.emplace(e.value);
          return;
        case 10:
          out_.lot.emplace(e.value);
          return;
        case 21:
          out_.serial.emplace(e.value);
          return;
        case 30:
          out_.variable_count = number_of(e.value);
          return;
        case 37:
          out_.count = number_of(e.value);
          return;
        default:
          return;  // the dates (11-17) were set by add()
      }
    }
    if (def.decimals < 0) return;
    const int family = def.number / 10;  // 310 .. 369, 390 .. 395
    if (family >= 310 && family <= 369) {
      const auto& kind = measure_kinds[family - 310];
      // Built in place from a prvalue, as the elements are (add()).
      out_.measures.emplace_back_from([&] {
        return gs1_measure{e.ai, kind.name, kind.unit, implied_decimal(e.value, def.decimals)};
      });
      return;
    }
    const bool with_currency = family == 391 || family == 393;
    std::string_view digits = e.value;
    std::string currency;
    if (with_currency) {
      currency = std::string(digits.substr(0, 3));
      digits.remove_prefix(3);
    }
    std::string_view name = "amount_payable";
    if (family == 392 || family == 393) name = "price";
    if (family == 394) name = "percent_off";
    if (family == 395) name = "price_per_uom";
    auto& amount = out_.amounts.emplace_back();
    amount.ai = e.ai;
    amount.name = name;
    amount.value = implied_decimal(digits, def.decimals);
    amount.currency = std::move(currency);
  }

  std::string_view text_;
  gs1_message& out_;
  int reference_year_ = 2000;
  bool strict_ = false;
  gs1_form form_ = gs1_form::any;
  std::uint64_t keys_ = 0;  // key_bit of every AI in the scan
};

// Empties a message but keeps the capacity of its vectors and strings.
void clear(gs1_message& m) {
  m.symbology = symbology::none;
  m.elements.clear();
  m.gtin.reset();
  m.gtin_format.reset();
  m.content_gtin.reset();
  m.sscc.reset();
  m.lot.reset();
  m.serial.reset();
  m.production_date.reset();
  m.due_date.reset();
  m.packaging_date.reset();
  m.best_before.reset();
  m.sell_by.reset();
  m.expiry.reset();
  m.variable_count.reset();
  m.count.reset();
  m.measures.clear();
  m.amounts.clear();
  m.unmet_associations.clear();
}

}  // namespace

auto name_of(symbology s) noexcept -> std::string_view {
  switch (s) {
    case symbology::none:
      return "none";
    case symbology::gs1_128:
      return "gs1_128";
    case symbology::datamatrix:
      return "datamatrix";
    case symbology::qr_code:
      return "qr_code";
    case symbology::databar:
      return "databar";
    case symbology::dotcode:
      return "dotcode";
    case symbology::ean_upc:
      return "ean_upc";
    case symbology::ean_8:
      return "ean_8";
    case symbology::itf_14:
      return "itf_14";
  }
  return "none";
}

auto name_of(gs1_form form) noexcept -> std::string_view {
  switch (form) {
    case gs1_form::any:
      return "any";
    case gs1_form::bracketed:
      return "bracketed";
    case gs1_form::raw:
      return "raw";
    case gs1_form::scanner:
      return "scanner";
  }
  return "any";
}

auto gs1_message::find(std::string_view ai) const noexcept -> const std::string* {
  for (const auto& e : elements) {
    if (e.ai == ai) return &e.value;
  }
  return nullptr;
}

auto parse_gs1(std::string_view text, const gs1_options& options) -> result<gs1_message> {
  // Built in place in the result, which is returned as is: no move of the message.
  result<gs1_message> parsed(std::in_place);
  message_builder builder(text, options, *parsed);
  if (auto r = builder.run(); !r) parsed = result<gs1_message>(std::move(r).take());
  return parsed;
}

auto parse_gs1_into(std::string_view text, gs1_message& out, const gs1_options& options)
    -> result<void> {
  clear(out);
  message_builder builder(text, options, out);
  if (auto r = builder.run(); !r) {
    clear(out);
    return std::move(r).take();
  }
  result<void> ok;  // default-initialised: no zeroing (see status)
  return ok;
}

auto to_bracketed(const gs1_message& message) -> std::string {
  std::string out;
  for (const auto& e : message.elements) {
    out += '(';
    out += e.ai;
    out += ')';
    out += e.value;
  }
  return out;
}

auto to_element_string(const gs1_message& message) -> std::string {
  std::string out;
  const auto& elements = message.elements;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const auto& e = elements[i];
    out += e.ai;
    out += e.value;
    const bool predefined = e.definition != nullptr && e.definition->predefined_length;
    if (!predefined && i + 1 < elements.size()) out += group_separator;
  }
  return out;
}

}  // namespace onhand::scan
