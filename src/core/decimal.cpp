// SPDX-License-Identifier: Apache-2.0
#include "onhand/detail/decimal.hpp"

#include <algorithm>

namespace onhand::detail {

auto parse_fixed(std::string_view text, int decimals, int128 limit, std::string_view what)
    -> result<int128> {
  auto malformed = [&] {
    return make_error(errc::malformed_input,
                      "'" + std::string(text) + "' is not a plain decimal " + std::string(what),
                      error_context{.field = std::string(what)});
  };
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  int128 value = 0;
  std::size_t int_digits = 0;
  std::size_t frac_digits = 0;
  bool overflowed = false;
  for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++int_digits) {
    const int digit = text[pos] - '0';
    if (overflowed || value > (limit - digit) / 10) {
      overflowed = true;
      continue;
    }
    value = value * 10 + digit;
  }
  int128 frac = 0;
  bool excess = false;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++frac_digits) {
      if (static_cast<int>(frac_digits) < decimals) {
        frac = frac * 10 + (text[pos] - '0');
      } else if (text[pos] != '0') {
        excess = true;
      }
    }
    if (frac_digits == 0) return malformed();  // "12." is a typo more often than a number
  }
  if (pos != text.size() || int_digits == 0) return malformed();
  for (auto i = static_cast<int>(std::min(frac_digits, static_cast<std::size_t>(decimals)));
       i < decimals; ++i)
    frac *= 10;
  if (excess) {
    return make_error(
        errc::precision_exceeded,
        "'" + std::string(text) + "' has more than " + std::to_string(decimals) + " decimals",
        error_context{.field = std::string(what)});
  }
  int128 scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  if (overflowed || value > limit / scale) {
    return make_error(errc::overflow,
                      "'" + std::string(text) + "' is out of range for a " + std::string(what),
                      error_context{.field = std::string(what)});
  }
  value = value * scale + frac;
  if (value > limit) {
    return make_error(errc::overflow,
                      "'" + std::string(text) + "' is out of range for a " + std::string(what),
                      error_context{.field = std::string(what)});
  }
  return negative ? -value : value;
}

auto format_fixed(int128 raw, int decimals, int fixed_decimals) -> std::string {
  const bool negative = raw < 0;
  uint128 magnitude = negative ? static_cast<uint128>(-(raw + 1)) + 1 : static_cast<uint128>(raw);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  while (static_cast<int>(digits.size()) <= decimals) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  std::string whole = digits.substr(0, digits.size() - static_cast<std::size_t>(decimals));
  std::string frac = digits.substr(digits.size() - static_cast<std::size_t>(decimals));
  if (fixed_decimals < 0) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  } else {
    ONHAND_ASSERT(fixed_decimals <= decimals, "too many decimals requested");
    frac.resize(static_cast<std::size_t>(fixed_decimals));
  }
  std::string out = negative ? "-" : "";
  out += whole;
  if (!frac.empty()) out += "." + frac;
  return out;
}

}  // namespace onhand::detail
