// SPDX-License-Identifier: Apache-2.0
#include "onhand/detail/text.hpp"

#include <cstdint>

namespace onhand::detail {

auto is_utf8(std::string_view text) noexcept -> bool {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      code = lead & 0x1fU;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      code = lead & 0x0fU;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      code = lead & 0x07U;
    } else {
      return false;  // a continuation byte, an overlong lead (c0, c1) or beyond f4
    }
    if (text.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0U) != 0x80U) return false;
      code = (code << 6) | (next & 0x3fU);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return false;
    i += length;
  }
  return true;
}

auto quote_prefix(std::string_view text, std::size_t bytes_max) -> std::string {
  if (text.size() <= bytes_max) return std::string(text);
  auto cut = bytes_max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0U) == 0x80U) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

auto check_name(std::string_view text, std::string_view what, std::string_view field,
                std::size_t bytes_max) -> result<void> {
  auto refuse = [&](const std::string& why) {
    return make_error(errc::malformed_input, std::string(what) + " " + why,
                      error_context{.field = std::string(field)});
  };
  if (text.empty() || text.size() > bytes_max) {
    return refuse("must have 1 to " + std::to_string(bytes_max) + " bytes, not " +
                  std::to_string(text.size()));
  }
  if (!is_utf8(text)) return refuse("is not valid UTF-8");
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return refuse("'" + quote_prefix(text) + "' contains a control character");
    }
  }
  return {};
}

}  // namespace onhand::detail
