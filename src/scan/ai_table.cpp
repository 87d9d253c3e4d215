// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/ai_table.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "onhand/core/assert.hpp"

namespace onhand::scan {
namespace {

struct ai_row {
  std::string_view first;
  std::string_view last;
  bool predefined_length;
  std::string_view spec;
  std::string_view attributes;
  std::string_view title;
};

constexpr ai_row rows[] = {
#include "ai_rows.inc"
};

auto to_number(std::string_view digits) -> std::uint16_t {
  std::uint16_t n = 0;
  for (char c : digits) n = static_cast<std::uint16_t>(n * 10 + (c - '0'));
  return n;
}

auto split(std::string_view text, char sep) -> std::vector<std::string_view> {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const auto at = text.find(sep);
    const auto part = text.substr(0, at);
    if (!part.empty()) parts.push_back(part);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

auto rule_named(std::string_view name) -> content_rule {
  struct named {
    std::string_view name;
    content_rule rule;
  };
  static constexpr named table[] = {
      {"csum", content_rule::check_digit},
      {"csumalpha", content_rule::check_pair},
      {"yymmd0", content_rule::date_yymmd0},
      {"yymmdd", content_rule::date_yymmdd},
      {"yyyymmdd", content_rule::date_yyyymmdd},
      {"hh", content_rule::hour},
      {"mi", content_rule::minute},
      {"ss", content_rule::second},
      {"hhmi", content_rule::hour_minute},
      {"iso4217", content_rule::currency},
      {"iso3166", content_rule::country},
      {"iso3166999", content_rule::country_or_999},
      {"iso3166list", content_rule::country_list},
      {"iso3166alpha2", content_rule::country_alpha2},
      {"zero", content_rule::zero},
      {"nonzero", content_rule::nonzero},
      {"yesno", content_rule::yes_no},
      {"winding", content_rule::winding},
      {"pieceoftotal", content_rule::piece_of_total},
      {"hyphen", content_rule::hyphen},
      {"nozeroprefix", content_rule::no_zero_prefix},
      {"iso5218", content_rule::biological_sex},
      {"posinseqslash", content_rule::position_in_sequence},
      {"mediatype", content_rule::media_type},
      {"latitude", content_rule::latitude},
      {"longitude", content_rule::longitude},
      {"pcenc", content_rule::percent_encoding},
      {"iban", content_rule::iban},
      {"hasnondigit", content_rule::has_non_digit},
  };
  for (const auto& entry : table) {
    if (entry.name == name) return entry.rule;
  }
  ONHAND_CHECK(false, "AI table names an unknown content rule");
  return content_rule::none;
}

// "N6,yymmd0" or "[X..17]" -> component.
auto parse_component(std::string_view text) -> ai_component {
  ai_component c;
  auto parts = split(text, ',');
  auto type = parts.at(0);
  if (type.front() == '[') {
    c.optional = true;
    type.remove_prefix(1);
    ONHAND_CHECK(type.back() == ']', "unbalanced optional component in AI table");
    type.remove_suffix(1);
  }
  switch (type.front()) {
    case 'N':
      c.charset = character_set::numeric;
      break;
    case 'X':
      c.charset = character_set::cset82;
      break;
    case 'Y':
      c.charset = character_set::cset39;
      break;
    case 'Z':
      c.charset = character_set::base64url;
      break;
    default:
      ONHAND_CHECK(false, "AI table names an unknown character set");
  }
  type.remove_prefix(1);
  if (type.starts_with("..")) {
    c.min_length = 1;
    c.max_length = static_cast<std::uint8_t>(to_number(type.substr(2)));
  } else {
    c.min_length = c.max_length = static_cast<std::uint8_t>(to_number(type));
  }
  std::size_t next_rule = 0;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    ONHAND_CHECK(next_rule < c.rules.size(), "too many content rules for one component");
    c.rules[next_rule++] = rule_named(parts[i]);
  }
  return c;
}

// "310n" -> 3100..3109 of length 4.
auto parse_pattern(std::string_view text) -> ai_pattern {
  ai_pattern p;
  p.length = static_cast<std::uint8_t>(text.size());
  std::uint16_t low = 0;
  std::uint16_t high = 0;
  for (char c : text) {
    low = static_cast<std::uint16_t>(low * 10 + (c == 'n' ? 0 : c - '0'));
    high = static_cast<std::uint16_t>(high * 10 + (c == 'n' ? 9 : c - '0'));
  }
  p.first = low;
  p.last = high;
  return p;
}

auto build_definition(const ai_row& row, std::string_view code) -> ai_definition {
  ai_definition d;
  std::copy(code.begin(), code.end(), d.code.begin());
  d.code_length = static_cast<std::uint8_t>(code.size());
  d.number = to_number(code);
  d.title = row.title;
  d.predefined_length = row.predefined_length;
  const bool decimal_family =
      code.size() == 4 && ((code[0] == '3' && code[1] >= '1' && code[1] <= '6') ||
                           (code[0] == '3' && code[1] == '9' && code[2] <= '5'));
  if (decimal_family) d.decimals = static_cast<std::int8_t>(code[3] - '0');
  for (auto part : split(row.spec, ' ')) {
    ONHAND_CHECK(d.component_count < d.components.size(), "too many components for one AI");
    const auto c = parse_component(part);
    d.components[d.component_count++] = c;
    if (!c.optional) d.min_length = static_cast<std::uint8_t>(d.min_length + c.min_length);
    d.max_length = static_cast<std::uint8_t>(d.max_length + c.max_length);
  }
  for (auto attribute : split(row.attributes, ' ')) {
    if (attribute.starts_with("req=")) {
      auto& req = d.requirements.at(d.requirement_count++);
      req.text = attribute.substr(4);
      for (auto alternative : split(req.text, ',')) {
        auto& slot = req.alternatives.at(req.alternative_count++);
        auto members = split(alternative, '+');
        ONHAND_CHECK(members.size() <= slot.size(), "too many AIs joined in one requirement");
        for (std::size_t i = 0; i < members.size(); ++i) slot[i] = parse_pattern(members[i]);
      }
    } else if (attribute.starts_with("ex=")) {
      for (auto pattern : split(attribute.substr(3), ',')) {
        d.exclusions.at(d.exclusion_count++) = parse_pattern(pattern);
      }
    }
  }
  return d;
}

struct table {
  std::vector<ai_definition> definitions;
  // Index into definitions by the AI's digits, per AI length (-1: none).
  std::vector<std::int16_t> by_two = std::vector<std::int16_t>(100, -1);
  std::vector<std::int16_t> by_three = std::vector<std::int16_t>(1000, -1);
  std::vector<std::int16_t> by_four = std::vector<std::int16_t>(10000, -1);
  std::array<std::uint8_t, 100> length_by_prefix{};  // AI length by its first two digits

  auto index_of(std::size_t length) -> std::vector<std::int16_t>& {
    return length == 2 ? by_two : length == 3 ? by_three : by_four;
  }

  table() {
    for (const auto& row : rows) {
      const auto first = to_number(row.first);
      const auto last = to_number(row.last);
      for (auto n = first; n <= last; ++n) {
        char digits[4] = {};
        auto value = n;
        for (std::size_t i = row.first.size(); i-- > 0;) {
          digits[i] = static_cast<char>('0' + value % 10);
          value = static_cast<std::uint16_t>(value / 10);
        }
        definitions.push_back(build_definition(row, std::string_view(digits, row.first.size())));
      }
    }
    std::sort(definitions.begin(), definitions.end(),
              [](const ai_definition& a, const ai_definition& b) { return a.ai() < b.ai(); });
    for (std::size_t i = 0; i < definitions.size(); ++i) {
      auto& d = definitions[i];
      d.index = static_cast<std::int16_t>(i);
      index_of(d.code_length)[d.number] = d.index;
      const auto prefix = static_cast<std::size_t>((d.code[0] - '0') * 10 + (d.code[1] - '0'));
      ONHAND_CHECK(length_by_prefix[prefix] == 0 || length_by_prefix[prefix] == d.code_length,
                   "AIs that share two leading digits must share their length");
      length_by_prefix[prefix] = d.code_length;
    }
    // Exact patterns point straight at their AI, so rule checks test a bit.
    std::size_t next_bit = 0;
    auto resolve = [this, &next_bit](ai_pattern& p) {
      if (p.length == 0 || p.first != p.last) return;
      p.exact_index = index_of(p.length)[p.first];
      if (p.exact_index < 0) return;
      auto& named = definitions[static_cast<std::size_t>(p.exact_index)];
      if (named.key_bit == 0) {
        ONHAND_CHECK(next_bit < 64, "more AIs named by rules than key bits");
        named.key_bit = std::uint64_t{1} << next_bit++;
      }
      p.bit = named.key_bit;
    };
    for (auto& d : definitions) {
      for (auto& p : d.exclusions) resolve(p);
      d.exclusions_by_mask = true;
      for (std::size_t k = 0; k < d.exclusion_count; ++k) {
        const auto& p = d.exclusions[k];
        d.exclusions_by_mask = d.exclusions_by_mask && p.first == p.last;
        d.exclusion_mask |= p.bit;  // 0 for an AI the table does not define: never present
      }
      for (auto& r : d.requirements) {
        for (std::size_t a = 0; a < r.alternative_count; ++a) {
          std::uint64_t mask = 0;
          bool exact = true;
          for (auto& p : r.alternatives[a]) {
            if (p.length == 0) continue;
            resolve(p);
            exact = exact && p.bit != 0;
            mask |= p.bit;
          }
          r.masks[a] = exact ? mask : 0;
        }
      }
    }
  }
};

auto the_table() -> const table& {
  static const table instance;
  return instance;
}

auto digit_value(char c) noexcept -> int { return c >= '0' && c <= '9' ? c - '0' : -1; }

}  // namespace

auto find_ai(std::string_view ai) noexcept -> const ai_definition* {
  if (ai.size() < 2 || ai.size() > 4) return nullptr;
  const auto* found = match_ai(ai);
  return found != nullptr && found->code_length == ai.size() ? found : nullptr;
}

auto match_ai(std::string_view data) noexcept -> const ai_definition* {
  // GS1 fixes an AI's length by its first two digits, so one lookup finds it.
  const auto& t = the_table();
  if (data.size() < 2) return nullptr;
  const int a = digit_value(data[0]);
  const int b = digit_value(data[1]);
  if (a < 0 || b < 0) return nullptr;
  const std::size_t length = t.length_by_prefix[static_cast<std::size_t>(a * 10 + b)];
  if (length == 0 || data.size() < length) return nullptr;
  int n = a * 10 + b;
  for (std::size_t i = 2; i < length; ++i) {
    const int d = digit_value(data[i]);
    if (d < 0) return nullptr;
    n = n * 10 + d;
  }
  const auto& index = length == 2 ? t.by_two : length == 3 ? t.by_three : t.by_four;
  const auto found = index[static_cast<std::size_t>(n)];
  return found < 0 ? nullptr : &t.definitions[static_cast<std::size_t>(found)];
}

auto all_ais() noexcept -> std::span<const ai_definition> { return the_table().definitions; }

}  // namespace onhand::scan
