// SPDX-License-Identifier: Apache-2.0
// File: src/storage/json.hpp (private to onhand_core)
//
// A small, strict JSON reader and writer for the subset the JSON Lines
// export emits: objects, arrays, strings, integers, true, false and null.
// The reader refuses anything else (fractions, exponents, duplicate keys,
// trailing text, lone surrogates, control characters in strings) and stops
// at a nesting depth limit, so hostile input is an error, never a deep
// recursion or an unbounded allocation beyond the text it was given.
//
// Example:
//
//   auto doc = onhand::json::parse(R"({"v":1,"kind":"x"})");   // result<value>
//   std::string out;
//   onhand::json::write_string(out, "a\"b");                   // "a\"b" with escapes
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "onhand/core/result.hpp"

namespace onhand::json {

/// How deep arrays and objects may nest.
inline constexpr std::size_t depth_max = 16;

struct value;
using array = std::vector<value>;
/// Members in their order in the text; keys are unique.
using object = std::vector<std::pair<std::string, value>>;

/// An integer kept as its text, so that no precision is lost before the
/// field that reads it decides its range.
struct integer {
  std::string text;
};

struct value {
  std::variant<std::nullptr_t, bool, integer, std::string, std::unique_ptr<array>,
               std::unique_ptr<object>>
      data;
  [[nodiscard]] auto type_name() const -> std::string_view;
};

/// The one value in `text`, or malformed_input naming the byte offset
/// (context.position) and what was expected.
[[nodiscard]] auto parse(std::string_view text) -> result<value>;

/// Appends `text` as a JSON string: quotes, escapes for '"', '\\' and control
/// characters; UTF-8 is copied as is.
void write_string(std::string& out, std::string_view text);

}  // namespace onhand::json
