// SPDX-License-Identifier: Apache-2.0
// File: tests/fuzz/scan_fuzz.hpp
//
// The bodies of the scan fuzz targets: each feeds one input to a parser and
// checks the invariants that must hold whatever the input (no crash, error
// positions inside the input, round trips). The libFuzzer targets call them,
// and so does the GoogleTest replay of the seed corpus, so the corpus runs in
// every build, with any compiler.
//
// Example:
//
//   onhand::fuzz::gs1_body(reinterpret_cast<const char*>(data), size);
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "onhand/catalog/gtin.hpp"
#include "onhand/scan/epc.hpp"
#include "onhand/scan/gs1.hpp"

namespace onhand::fuzz {

inline void require(bool holds, const char* invariant) {
  if (!holds) {
    std::fprintf(stderr, "scan fuzz invariant broken: %s\n", invariant);
    std::abort();
  }
}

template <class T>
void require_position_inside(const result<T>& r, std::size_t size) {
  if (r) return;
  const auto& position = r.error().context.position;
  require(!position || *position <= size, "an error position lies inside the input");
}

// The parsers of scanned text refuse the first byte outside ASCII before
// anything else, so whatever the input (invalid UTF-8 among it), a message
// is ASCII, never part of a character, and of bounded length.
template <class T>
void require_plain_message(const result<T>& r) {
  if (r) return;
  const auto& message = r.error().message;
  require(message.size() <= 300, "a message quotes a bounded part of the input");
  for (char c : message) {
    require(static_cast<unsigned char>(c) < 0x80, "a message is ASCII");
  }
}

inline void gs1_body(const char* data, std::size_t size) {
  const std::string_view input(data, size);
  for (bool strict : {false, true}) {
    auto parsed =
        scan::parse_gs1(input, scan::gs1_options{.reference_year = 2026, .strict = strict});
    require_position_inside(parsed, size);
    require_plain_message(parsed);
    if (!parsed) continue;
    require(!parsed->elements.empty(), "a parsed scan has an element");
    bool has_paren = false;
    for (const auto& e : parsed->elements) {
      require(e.position < size, "an element starts inside the input");
      require(e.definition != nullptr && e.definition->ai() == e.ai, "an element knows its AI");
      has_paren = has_paren || e.value.find('(') != std::string::npos;
    }
    if (strict) require(parsed->unmet_associations.empty(), "strict mode leaves nothing unmet");
    // The canonical element string always parses back to the same elements.
    auto raw = scan::parse_gs1(scan::to_element_string(*parsed),
                               scan::gs1_options{.reference_year = 2026, .strict = strict});
    require(raw.has_value() && raw->elements.size() == parsed->elements.size(),
            "the element string of a scan parses back");
    for (std::size_t i = 0; i < raw->elements.size(); ++i) {
      require(raw->elements[i].ai == parsed->elements[i].ai &&
                  raw->elements[i].value == parsed->elements[i].value,
              "the element string keeps every element");
    }
    // A scan that names an SGTIN, SSCC or SGLN converts to it and back.
    if (auto epc = scan::from_gs1(*parsed, 7, 1)) {
      auto back = scan::to_gs1(*epc);
      require(back.has_value(), "an EPC made from a scan has an element string");
      auto again_epc = scan::from_gs1(*back, 7, 1);
      require(again_epc.has_value() && *again_epc == *epc, "EPC to element string round-trips");
    }
    if (has_paren) continue;  // the bracketed form cannot always carry '(' in data
    auto again = scan::parse_gs1(scan::to_bracketed(*parsed),
                                 scan::gs1_options{.reference_year = 2026, .strict = strict});
    require(again.has_value(), "the bracketed form of a scan parses");
    require(again->elements.size() == parsed->elements.size(), "the bracketed form round-trips");
    for (std::size_t i = 0; i < again->elements.size(); ++i) {
      require(again->elements[i].ai == parsed->elements[i].ai &&
                  again->elements[i].value == parsed->elements[i].value,
              "the bracketed form keeps every element");
    }
    require(again->expiry == parsed->expiry && again->measures == parsed->measures,
            "the bracketed form keeps the normalized fields");
  }
}

inline void epc_hex_body(const char* data, std::size_t size) {
  const std::string_view input(data, size);
  auto tag = scan::decode_epc(input);
  require_position_inside(tag, size);
  require_plain_message(tag);
  if (!tag) return;
  auto hex = scan::encode_epc(*tag);
  require(hex.has_value(), "a decoded tag encodes");
  std::string upper(input);
  for (auto& c : upper) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  }
  require(*hex == upper, "decode then encode gives the input back");
  auto from_uri = scan::parse_epc_uri(tag->tag_uri());
  require(from_uri.has_value() && *from_uri == *tag, "the tag URI parses back to the tag");
  require(has_valid_check_digit(tag->gs1_key()), "the GS1 key carries its check digit");
  require(tag->partition() == static_cast<int>(12 - tag->company_prefix.size()),
          "a decoded tag has a partition");
  auto message = scan::to_gs1(*tag);
  require(message.has_value(), "a decoded tag has an element string");
  auto back = scan::from_gs1(*message, tag->company_prefix.size(), tag->filter);
  require(back.has_value() && *back == *tag, "tag to element string and back is the same tag");
}

inline void epc_uri_body(const char* data, std::size_t size) {
  const std::string_view input(data, size);
  auto tag = scan::parse_epc_uri(input, 1);
  require_position_inside(tag, size);
  require_plain_message(tag);
  if (!tag) return;
  if (auto message = scan::to_gs1(*tag)) {
    auto back = scan::from_gs1(*message, tag->company_prefix.size(), tag->filter);
    require(back.has_value() && *back == *tag, "a URI's element string gives the URI's EPC");
  }
  auto pure = scan::parse_epc_uri(tag->pure_identity_uri(), tag->filter);
  require(pure.has_value() && *pure == *tag,
          "the pure-identity URI (escapes included) parses back");
  auto hex = scan::encode_epc(*tag);
  if (!hex) return;  // e.g. an alphanumeric SGTIN serial has no 96-bit form
  auto back = scan::decode_epc(*hex);
  require(back.has_value() && *back == *tag, "an encodable URI round-trips through hex");
}

inline void gtin_body(const char* data, std::size_t size) {
  const std::string_view input(data, size);
  auto normalized = normalize_gtin(input);
  require_position_inside(normalized, size);
  require(normalized.has_value() == validate_gtin(input).has_value(),
          "normalize and validate agree");
  if (!normalized) return;
  require(normalized->size() == 14 && has_valid_check_digit(*normalized),
          "a normalized GTIN has 14 digits and its check digit");
  auto format = gtin_format_of(input);
  require(format.has_value() && static_cast<std::size_t>(*format) == size,
          "a valid GTIN's format is its length");
  auto digit = gs1_check_digit(input.substr(0, size - 1));
  require(digit.has_value() && *digit == input.back() - '0', "the check digit is recomputed");
}

}  // namespace onhand::fuzz
