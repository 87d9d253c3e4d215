// SPDX-License-Identifier: Apache-2.0
#include "onhand/catalog/gtin.hpp"

#include <string>

#include "onhand/detail/text.hpp"

namespace onhand {
namespace {

// The input as quoted in a message: at most its first 32 bytes, so that a
// long or hostile input does not end up whole in logs.
auto quoted(std::string_view text) -> std::string {
  constexpr std::size_t limit = 32;
  if (text.size() <= limit) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, limit)) + "...'";
}

// Sum with weights 3,1,3,... from the right of `digits`; all must be digits.
auto weighted_sum(std::string_view digits) noexcept -> int {
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return sum;
}

}  // namespace

auto gs1_check_digit(std::string_view digits) -> result<int> {
  if (digits.empty()) {
    return make_error(errc::bad_length, "a check digit needs at least one digit to cover",
                      error_context{.field = "digits", .position = 0});
  }
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (!detail::is_ascii_digit(digits[i])) {
      return make_error(errc::bad_character,
                        quoted(digits) + " has a non-digit at position " + std::to_string(i),
                        error_context{.field = "digits", .position = i});
    }
  }
  return (10 - weighted_sum(digits) % 10) % 10;
}

auto has_valid_check_digit(std::string_view key) noexcept -> bool {
  if (key.size() < 2) return false;
  for (char c : key) {
    if (!detail::is_ascii_digit(c)) return false;
  }
  const auto body = key.substr(0, key.size() - 1);
  return (10 - weighted_sum(body) % 10) % 10 == key.back() - '0';
}

auto validate_gtin(std::string_view gtin) -> result<void> {
  for (std::size_t i = 0; i < gtin.size(); ++i) {
    if (!detail::is_ascii_digit(gtin[i])) {
      return make_error(
          errc::bad_character,
          "GTIN " + quoted(gtin) + " has a non-digit at position " + std::to_string(i),
          error_context{.field = "gtin", .position = i});
    }
  }
  const auto n = gtin.size();
  if (n != 8 && n != 12 && n != 13 && n != 14) {
    return make_error(errc::bad_length,
                      "a GTIN has 8, 12, 13 or 14 digits, not " + std::to_string(n),
                      error_context{.field = "gtin", .position = n < 14 ? n : std::size_t{14}});
  }
  if (!has_valid_check_digit(gtin)) {
    const int expected = (10 - weighted_sum(gtin.substr(0, n - 1)) % 10) % 10;
    return make_error(
        errc::bad_check_digit,
        "GTIN '" + std::string(gtin) + "' should end in check digit " + std::to_string(expected),
        error_context{.field = "gtin", .position = n - 1});
  }
  return {};
}

auto gtin_format_of(std::string_view gtin) -> result<gtin_format> {
  if (auto valid = validate_gtin(gtin); !valid) return std::move(valid).error();
  return static_cast<gtin_format>(gtin.size());
}

auto normalize_gtin(std::string_view gtin) -> result<std::string> {
  if (auto valid = validate_gtin(gtin); !valid) return std::move(valid).error();
  std::string out(14 - gtin.size(), '0');
  out.append(gtin);
  return out;
}

}  // namespace onhand
