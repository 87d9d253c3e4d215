// SPDX-License-Identifier: Apache-2.0
#include "storage/json.hpp"

#include <cstdio>

#include "onhand/core/error.hpp"

namespace onhand::json {

auto value::type_name() const -> std::string_view {
  switch (data.index()) {
    case 0:
      return "null";
    case 1:
      return "a boolean";
    case 2:
      return "an integer";
    case 3:
      return "a string";
    case 4:
      return "an array";
    default:
      return "an object";
  }
}

namespace {

class parser {
 public:
  explicit parser(std::string_view text) : text_(text) {}

  auto run() -> result<value> {
    auto parsed = parse_value(0);
    if (!parsed) return parsed;
    skip_space();
    if (pos_ != text_.size()) return fail("the end of the line");
    return parsed;
  }

 private:
  auto fail(std::string_view expected) const -> error {
    std::string message = "expected " + std::string(expected) + " at byte " + std::to_string(pos_);
    return make_error(errc::malformed_input, std::move(message), error_context{.position = pos_});
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }

  auto literal(std::string_view word) -> bool {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  auto parse_value(std::size_t depth) -> result<value> {
    skip_space();
    if (pos_ >= text_.size()) return fail("a value");
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= depth_max)
        return fail("at most " + std::to_string(depth_max) + " nested levels");
      return c == '{' ? parse_object(depth + 1) : parse_array(depth + 1);
    }
    if (c == '"') {
      auto text = parse_string();
      if (!text) return std::move(text).error();
      return value{std::move(*text)};
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_integer();
    if (literal("true")) return value{true};
    if (literal("false")) return value{false};
    if (literal("null")) return value{nullptr};
    return fail("a value");
  }

  auto parse_integer() -> result<value> {
    const auto start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') return fail("a digit");
    if (text_[pos_] == '0' && pos_ + 1 < text_.size() && text_[pos_ + 1] >= '0' &&
        text_[pos_ + 1] <= '9') {
      return fail("no leading zero");
    }
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      return fail("an integer (fractions and exponents are not used)");
    }
    if (pos_ - start > 20) return fail("an integer of at most 20 characters");
    return value{integer{std::string(text_.substr(start, pos_ - start))}};
  }

  auto hex4() -> std::optional<std::uint32_t> {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      code <<= 4U;
      if (h >= '0' && h <= '9') {
        code |= static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        code |= static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        code |= static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        return std::nullopt;
      }
    }
    return code;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6U));
      out += static_cast<char>(0x80 | (code & 0x3FU));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12U));
      out += static_cast<char>(0x80 | ((code >> 6U) & 0x3FU));
      out += static_cast<char>(0x80 | (code & 0x3FU));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18U));
      out += static_cast<char>(0x80 | ((code >> 12U) & 0x3FU));
      out += static_cast<char>(0x80 | ((code >> 6U) & 0x3FU));
      out += static_cast<char>(0x80 | (code & 0x3FU));
    }
  }

  auto parse_string() -> result<std::string> {
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) return fail("the closing quote of a string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) return fail("no control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) return fail("an escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto code = hex4();
          if (!code) return fail("four hex digits");
          if (*code >= 0xDC00 && *code <= 0xDFFF) return fail("no lone low surrogate");
          if (*code >= 0xD800 && *code <= 0xDBFF) {
            if (!literal("\\u")) return fail("a low surrogate");
            auto low = hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF) return fail("a low surrogate");
            *code = 0x10000 + ((*code - 0xD800) << 10U) + (*low - 0xDC00);
          }
          append_utf8(out, *code);
          break;
        }
        default:
          --pos_;
          return fail("a valid escape");
      }
    }
  }

  auto parse_array(std::size_t depth) -> result<value> {
    ++pos_;
    auto items = std::make_unique<array>();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return value{std::move(items)};
    }
    while (true) {
      auto item = parse_value(depth);
      if (!item) return item;
      items->push_back(std::move(*item));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return value{std::move(items)};
      }
      return fail("',' or ']'");
    }
  }

  auto parse_object(std::size_t depth) -> result<value> {
    ++pos_;
    auto members = std::make_unique<object>();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return value{std::move(members)};
    }
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return fail("a key");
      const auto key_at = pos_;
      auto key = parse_string();
      if (!key) return std::move(key).error();
      for (const auto& member : *members) {
        if (member.first == *key) {
          pos_ = key_at;
          return fail("no duplicate key '" + *key + "'");
        }
      }
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return fail("':'");
      ++pos_;
      auto item = parse_value(depth);
      if (!item) return item;
      members->emplace_back(std::move(*key), std::move(*item));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return value{std::move(members)};
      }
      return fail("',' or '}'");
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

auto parse(std::string_view text) -> result<value> { return parser(text).run(); }

void write_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

}  // namespace onhand::json
