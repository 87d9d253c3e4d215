// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/text.hpp
//
// The one rule for names that people and other systems give onhand (item,
// location and lot codes, idempotency keys, unit names): well-formed UTF-8,
// no control characters, a bounded length. Everything the API appends to the
// log passes it, and replay applies it again, so a log never holds a name
// that its readers (Python's str among them) cannot read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "onhand/core/result.hpp"

namespace onhand::detail {

/// Whether `text` is well-formed UTF-8: no stray continuation bytes, no
/// overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
[[nodiscard]] auto is_utf8(std::string_view text) noexcept -> bool;

/// Whether `c` is one of the ASCII digits '0' to '9' (std::isdigit depends on
/// the C locale; codes, GTINs and EPCs do not).
[[nodiscard]] constexpr auto is_ascii_digit(char c) noexcept -> bool {
  return c >= '0' && c <= '9';
}

/// At most `bytes_max` bytes of `text` for a message, cut at a character
/// boundary, with "..." when cut.
[[nodiscard]] auto quote_prefix(std::string_view text, std::size_t bytes_max = 64) -> std::string;

/// malformed_input naming `field` unless `text` is 1 to `bytes_max` bytes of
/// UTF-8 with no control character (below U+0020, or U+007F). `what` names
/// the text in the message ("item code").
[[nodiscard]] auto check_name(std::string_view text, std::string_view what, std::string_view field,
                              std::size_t bytes_max) -> result<void>;

}  // namespace onhand::detail
