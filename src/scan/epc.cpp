// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/epc.hpp"

#include <array>
#include <cstdint>

#include "onhand/catalog/gtin.hpp"
#include "onhand/detail/int128.hpp"
#include "onhand/detail/text.hpp"

namespace onhand::scan {
namespace {

using detail::uint128;

// One row of a partition table: bits and digits of the company prefix and
// of the reference that follows it.
struct partition_row {
  int prefix_bits;
  int prefix_digits;
  int reference_bits;
  int reference_digits;
};

constexpr std::array<partition_row, 7> sgtin_partitions{{{40, 12, 4, 1},
                                                         {37, 11, 7, 2},
                                                         {34, 10, 10, 3},
                                                         {30, 9, 14, 4},
                                                         {27, 8, 17, 5},
                                                         {24, 7, 20, 6},
                                                         {20, 6, 24, 7}}};
constexpr std::array<partition_row, 7> sscc_partitions{{{40, 12, 18, 5},
                                                        {37, 11, 21, 6},
                                                        {34, 10, 24, 7},
                                                        {30, 9, 28, 8},
                                                        {27, 8, 31, 9},
                                                        {24, 7, 34, 10},
                                                        {20, 6, 38, 11}}};
constexpr std::array<partition_row, 7> sgln_partitions{{{40, 12, 1, 0},
                                                        {37, 11, 4, 1},
                                                        {34, 10, 7, 2},
                                                        {30, 9, 11, 3},
                                                        {27, 8, 14, 4},
                                                        {24, 7, 17, 5},
                                                        {20, 6, 21, 6}}};

struct scheme_info {
  epc_scheme scheme;
  std::uint8_t header;
  const std::array<partition_row, 7>* partitions;
  int tail_bits;  // serial, reserved or extension bits after the reference
  std::string_view name;
};

constexpr std::array<scheme_info, 3> schemes{{
    {epc_scheme::sgtin_96, 0x30, &sgtin_partitions, 38, "sgtin"},
    {epc_scheme::sscc_96, 0x31, &sscc_partitions, 24, "sscc"},
    {epc_scheme::sgln_96, 0x32, &sgln_partitions, 41, "sgln"},
}};

auto info_of(epc_scheme scheme) -> const scheme_info& {
  return schemes[static_cast<std::size_t>(scheme)];
}

// An input as quoted in a message: at most its first 32 bytes, cut at a
// UTF-8 character boundary.
auto quoted_tag(std::string_view text) -> std::string {
  return "'" + detail::quote_prefix(text, 32) + "'";
}

// bad_character at the first byte of `text` outside ASCII, if any. A tag's
// hex digits and an EPC URI are ASCII; refusing the first other byte before
// anything else keeps messages from quoting part of a UTF-8 character, and
// makes every position a character index as well as a byte offset.
auto non_ascii_fault(std::string_view text, std::string_view field) -> std::optional<error> {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      return make_error(
          errc::bad_character,
          "byte " + std::to_string(byte) + " at position " + std::to_string(i) + " is not ASCII",
          error_context{.field = std::string(field), .position = i});
    }
  }
  return std::nullopt;
}

auto pow10(int digits) -> std::uint64_t {
  std::uint64_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p;
}

auto fault(errc code, std::string message, std::string field, std::size_t position = 0) -> error {
  return make_error(code, std::move(message),
                    error_context{.field = std::move(field), .position = position});
}

// `value` as exactly `digits` decimal digits.
auto padded(std::uint64_t value, int digits) -> std::string {
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out;
}

// All digits, or the position of the first that is not.
auto non_digit_at(std::string_view s) -> std::optional<std::size_t> {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!detail::is_ascii_digit(s[i])) return i;
  }
  return std::nullopt;
}

auto to_u64(std::string_view digits) -> std::uint64_t {
  std::uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// A serial or extension stored as an integer field of `bits` bits: digits,
// no leading zero, below 2^bits.
auto check_integer_field(std::string_view value, int bits, std::string_view field)
    -> result<std::uint64_t> {
  if (value.empty()) {
    return fault(errc::epc_value_out_of_range, "the " + std::string(field) + " is empty",
                 std::string(field));
  }
  if (auto at = non_digit_at(value)) {
    return fault(errc::bad_character,
                 "the " + std::string(field) + " " + quoted_tag(value) +
                     " must be all digits to fit a 96-bit tag",
                 std::string(field), *at);
  }
  if (value.size() > 1 && value[0] == '0') {
    return fault(errc::epc_value_out_of_range,
                 "the " + std::string(field) + " " + quoted_tag(value) +
                     " has a leading zero, which a 96-bit tag cannot keep",
                 std::string(field));
  }
  const std::uint64_t limit = std::uint64_t{1} << bits;
  if (value.size() > 19 || to_u64(value) >= limit) {
    return fault(errc::epc_value_out_of_range,
                 "the " + std::string(field) + " " + quoted_tag(value) + " does not fit " +
                     std::to_string(bits) + " bits",
                 std::string(field));
  }
  return to_u64(value);
}

// GS1 AI encodable character set 82, the characters of an AI (21) serial
// or an AI (254) extension.
auto in_cset82(char c) noexcept -> bool {
  return c > ' ' && c < 0x7f && std::string_view("#$@[\\]^`{|}~").find(c) == std::string_view::npos;
}

// The CSET 82 characters that a URI writes as %xx (Tag Data Standard,
// GS3A3Component: all others appear as themselves).
auto needs_escape(char c) noexcept -> bool {
  return std::string_view("\"%&/<>?").find(c) != std::string_view::npos;
}

auto read_hex(char c) noexcept -> int {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A serial or extension written in a URI: %xx escapes written back.
void append_escaped(std::string& out, std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char c : value) {
    if (needs_escape(c)) {
      out += '%';
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
}

// A URI's serial or extension field (a GS3A3Component) decoded: each %xx
// escape becomes its character, which must be in CSET 82, as must every
// character written as itself; 1 to 20 characters once decoded.
// `at` is the field's offset in the URI, for error positions; `sources`
// receives each decoded character's offset in the URI.
auto decode_component(std::string_view field, std::size_t at, std::string_view name,
                      std::array<std::size_t, 20>& sources) -> result<std::string> {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    const std::size_t from = i;
    if (c == '%') {
      const int high = i + 2 < field.size() ? read_hex(field[i + 1]) : -1;
      const int low = i + 2 < field.size() ? read_hex(field[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return fault(
            errc::malformed_input,
            "a '%' in the EPC URI " + std::string(name) + " is not followed by two hex digits",
            std::string(name), at + i);
      }
      c = static_cast<char>(high * 16 + low);
      i += 2;
      if (!in_cset82(c)) {
        return fault(errc::bad_character,
                     "an escape in the EPC URI " + std::string(name) +
                         " decodes to a character outside GS1 CSET 82",
                     std::string(name), at + from);
      }
    } else {
      const bool plain = detail::is_ascii_digit(c) || (c >= 'A' && c <= 'Z') ||
                         (c >= 'a' && c <= 'z') ||
                         std::string_view("!'()*+,-.:;=_").find(c) != std::string_view::npos;
      if (!plain) {
        return fault(errc::bad_character,
                     "character not allowed unescaped in an EPC URI " + std::string(name),
                     std::string(name), at + i);
      }
    }
    if (out.size() == sources.size()) {
      return fault(errc::bad_length,
                   "an EPC URI " + std::string(name) + " has at most 20 characters",
                   std::string(name), at + from);
    }
    sources[out.size()] = at + from;
    out += c;
  }
  if (out.empty()) {
    return fault(errc::bad_length, "an EPC URI " + std::string(name) + " has 1 to 20 characters",
                 std::string(name), at);
  }
  return out;
}

// Empty for a body that is no digit string (a hand-built identity).
auto with_check_digit(std::string body) -> std::string {
  auto digit = gs1_check_digit(body);
  if (!digit) return {};
  body.push_back(static_cast<char>('0' + *digit));
  return body;
}

auto bits_of(uint128 value, int from_msb, int count) -> std::uint64_t {
  const int shift = 96 - from_msb - count;
  const uint128 mask = (static_cast<uint128>(1) << count) - 1;
  return static_cast<std::uint64_t>((value >> shift) & mask);
}

// The company prefix and reference of an identity: digits, a prefix of 6 to
// 12 digits and a reference of the length its partition gives.
auto check_key_fields(const epc_identity& epc) -> result<void> {
  const auto& info = info_of(epc.scheme);
  // Characters first (bad_character precedes invalid_partition), so that a
  // length is only ever counted in digits.
  if (auto at = non_digit_at(epc.company_prefix)) {
    return fault(errc::bad_character, "the company prefix must be all digits", "company_prefix",
                 *at);
  }
  if (auto at = non_digit_at(epc.reference)) {
    return fault(errc::bad_character, "the reference must be all digits", "reference", *at);
  }
  const auto prefix_length = epc.company_prefix.size();
  if (prefix_length < 6 || prefix_length > 12) {
    return fault(errc::invalid_partition,
                 "a GS1 Company Prefix has 6 to 12 digits, not " + std::to_string(prefix_length),
                 "company_prefix");
  }
  const auto& row = (*info.partitions)[12 - prefix_length];
  if (epc.reference.size() != static_cast<std::size_t>(row.reference_digits)) {
    return fault(errc::invalid_partition,
                 "with a " + std::to_string(prefix_length) + "-digit company prefix the " +
                     std::string(info.name) + " reference has " +
                     std::to_string(row.reference_digits) + " digits, not " +
                     std::to_string(epc.reference.size()),
                 "reference");
  }
  return {};
}

}  // namespace

auto name_of(epc_scheme scheme) noexcept -> std::string_view {
  switch (scheme) {
    case epc_scheme::sgtin_96:
      return "sgtin-96";
    case epc_scheme::sscc_96:
      return "sscc-96";
    case epc_scheme::sgln_96:
      return "sgln-96";
  }
  return "sgtin-96";
}

auto epc_identity::gs1_key() const -> std::string {
  switch (scheme) {
    case epc_scheme::sgtin_96:
    case epc_scheme::sscc_96:
      if (reference.empty()) return {};
      return with_check_digit(reference.substr(0, 1) + company_prefix + reference.substr(1));
    case epc_scheme::sgln_96:
      return with_check_digit(company_prefix + reference);
  }
  return {};
}

auto epc_identity::partition() const noexcept -> std::optional<int> {
  const auto digits = company_prefix.size();
  if (digits < 6 || digits > 12) return std::nullopt;
  return static_cast<int>(12 - digits);
}

auto epc_identity::pure_identity_uri() const -> std::string {
  std::string out = "urn:epc:id:";
  out += info_of(scheme).name;
  out += ':';
  out += company_prefix;
  out += '.';
  out += reference;
  if (scheme != epc_scheme::sscc_96) {
    out += '.';
    append_escaped(out, serial);
  }
  return out;
}

auto epc_identity::tag_uri() const -> std::string {
  std::string out = "urn:epc:tag:";
  out += name_of(scheme);
  out += ':';
  out += std::to_string(filter);
  out += '.';
  out += company_prefix;
  out += '.';
  out += reference;
  if (scheme != epc_scheme::sscc_96) {
    out += '.';
    append_escaped(out, serial);
  }
  return out;
}

auto decode_epc(std::string_view hex) -> result<epc_identity> {
  if (auto bad = non_ascii_fault(hex, "epc")) return std::move(*bad);
  if (hex.size() != 24) {
    return fault(errc::bad_length,
                 "a 96-bit EPC has 24 hexadecimal digits, not " + std::to_string(hex.size()), "epc",
                 std::min<std::size_t>(hex.size(), 24));
  }
  uint128 value = 0;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const int digit = read_hex(hex[i]);
    if (digit < 0) {
      return fault(errc::bad_character,
                   "'" + std::string(hex) + "' has a non-hexadecimal character at position " +
                       std::to_string(i),
                   "epc", i);
    }
    value = (value << 4) | static_cast<uint128>(digit);
  }
  const auto header = static_cast<std::uint8_t>(bits_of(value, 0, 8));
  const scheme_info* info = nullptr;
  for (const auto& s : schemes) {
    if (s.header == header) info = &s;
  }
  if (info == nullptr) {
    return fault(
        errc::unsupported_epc_scheme,
        "EPC header 0x" + std::string(hex.substr(0, 2)) + " is not SGTIN-96, SSCC-96 or SGLN-96",
        "header", 0);
  }
  epc_identity out;
  out.scheme = info->scheme;
  out.filter = static_cast<int>(bits_of(value, 8, 3));
  const auto partition = bits_of(value, 11, 3);
  if (partition > 6) {
    return fault(errc::invalid_partition, "EPC partition 7 is not defined", "partition", 2);
  }
  const auto& row = (*info->partitions)[partition];
  const auto prefix = bits_of(value, 14, row.prefix_bits);
  const auto reference = bits_of(value, 14 + row.prefix_bits, row.reference_bits);
  const auto tail = bits_of(value, 96 - info->tail_bits, info->tail_bits);
  if (prefix >= pow10(row.prefix_digits)) {
    return fault(errc::epc_value_out_of_range,
                 "company prefix " + std::to_string(prefix) + " has more than " +
                     std::to_string(row.prefix_digits) + " digits (partition " +
                     std::to_string(partition) + ")",
                 "company_prefix", 3);
  }
  if (reference >= pow10(row.reference_digits)) {
    return fault(errc::epc_value_out_of_range,
                 "reference " + std::to_string(reference) + " has more than " +
                     std::to_string(row.reference_digits) + " digits (partition " +
                     std::to_string(partition) + ")",
                 "reference", 3);
  }
  out.company_prefix = padded(prefix, row.prefix_digits);
  out.reference = padded(reference, row.reference_digits);
  if (info->scheme == epc_scheme::sscc_96) {
    if (tail != 0) {
      return fault(errc::epc_value_out_of_range, "the 24 reserved bits of an SSCC-96 must be zero",
                   "reserved", 18);
    }
  } else {
    out.serial = std::to_string(tail);
  }
  return out;
}

auto encode_epc(const epc_identity& epc) -> result<std::string> {
  const auto& info = info_of(epc.scheme);
  if (epc.filter < 0 || epc.filter > 7) {
    return fault(errc::epc_value_out_of_range,
                 "filter " + std::to_string(epc.filter) + " is outside 0-7", "filter");
  }
  if (auto checked = check_key_fields(epc); !checked) return std::move(checked).error();
  const auto partition = 12 - epc.company_prefix.size();
  const auto& row = (*info.partitions)[partition];
  std::uint64_t tail = 0;
  if (epc.scheme != epc_scheme::sscc_96) {
    auto checked = check_integer_field(epc.serial, info.tail_bits,
                                       epc.scheme == epc_scheme::sgtin_96 ? "serial" : "extension");
    if (!checked) return std::move(checked).error();
    tail = *checked;
  }
  uint128 value = info.header;
  value = (value << 3) | static_cast<uint128>(epc.filter);
  value = (value << 3) | static_cast<uint128>(partition);
  value = (value << row.prefix_bits) | static_cast<uint128>(to_u64(epc.company_prefix));
  value = (value << row.reference_bits) | static_cast<uint128>(to_u64(epc.reference));
  value = (value << info.tail_bits) | static_cast<uint128>(tail);
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out(24, '0');
  for (int i = 23; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = digits[static_cast<std::size_t>(value & 0xF)];
    value >>= 4;
  }
  return out;
}

auto parse_epc_uri(std::string_view uri, int filter) -> result<epc_identity> {
  if (auto bad = non_ascii_fault(uri, "uri")) return std::move(*bad);
  epc_identity out;
  out.filter = filter;
  std::size_t at = 0;
  bool tag = false;
  if (uri.starts_with("urn:epc:id:")) {
    at = 11;
  } else if (uri.starts_with("urn:epc:tag:")) {
    at = 12;
    tag = true;
  } else {
    return fault(errc::unsupported_epc_scheme,
                 quoted_tag(uri) + " is not an EPC URI (urn:epc:id: or urn:epc:tag:)", "uri", 0);
  }
  const auto colon = uri.find(':', at);
  if (colon == std::string_view::npos) {
    return fault(errc::malformed_input, "the EPC URI has no scheme", "uri", at);
  }
  const auto scheme = uri.substr(at, colon - at);
  bool found = false;
  for (const auto& s : schemes) {
    if ((tag && scheme == name_of(s.scheme)) || (!tag && scheme == s.name)) {
      out.scheme = s.scheme;
      found = true;
    }
  }
  if (!found) {
    return fault(errc::unsupported_epc_scheme,
                 "EPC scheme " + quoted_tag(scheme) + " is not " +
                     (tag ? "sgtin-96, sscc-96 or sgln-96" : "sgtin, sscc or sgln"),
                 "uri", at);
  }
  // Split the rest at '.'.
  std::array<std::string_view, 4> parts{};
  std::array<std::size_t, 4> starts{};
  std::size_t count = 0;
  std::size_t from = colon + 1;
  const std::size_t wanted = (out.scheme == epc_scheme::sscc_96 ? 2u : 3u) + (tag ? 1u : 0u);
  while (true) {
    const auto dot = uri.find('.', from);
    starts[count] = from;
    if (count + 1 == wanted || dot == std::string_view::npos) {
      parts[count++] = uri.substr(from);  // the serial may itself hold '.'
      break;
    }
    parts[count++] = uri.substr(from, dot - from);
    from = dot + 1;
  }
  if (count != wanted) {
    return fault(
        errc::malformed_input,
        "the EPC URI has " + std::to_string(count) + " fields, not " + std::to_string(wanted),
        "uri", uri.size());
  }
  std::size_t k = 0;
  if (tag) {
    if (parts[0].size() != 1 || !detail::is_ascii_digit(parts[0][0]) || parts[0][0] > '7') {
      return fault(errc::epc_value_out_of_range, "the filter must be one digit 0-7", "filter",
                   starts[0]);
    }
    out.filter = parts[0][0] - '0';
    k = 1;
  }
  out.company_prefix = std::string(parts[k]);
  out.reference = std::string(parts[k + 1]);
  for (std::size_t i = k; i < k + 2; ++i) {
    if (auto bad = non_digit_at(parts[i])) {
      return fault(errc::bad_character, "EPC URI fields before the serial are all digits",
                   i == k ? "company_prefix" : "reference", starts[i] + *bad);
    }
  }
  const auto prefix_length = out.company_prefix.size();
  if (prefix_length < 6 || prefix_length > 12) {
    return fault(errc::invalid_partition,
                 "a GS1 Company Prefix has 6 to 12 digits, not " + std::to_string(prefix_length),
                 "company_prefix", starts[k]);
  }
  const auto& row = (*info_of(out.scheme).partitions)[12 - prefix_length];
  if (out.reference.size() != static_cast<std::size_t>(row.reference_digits)) {
    return fault(errc::invalid_partition,
                 "with a " + std::to_string(prefix_length) +
                     "-digit company prefix the reference has " +
                     std::to_string(row.reference_digits) + " digits, not " +
                     std::to_string(out.reference.size()),
                 "reference", starts[k + 1]);
  }
  if (out.scheme != epc_scheme::sscc_96) {
    // SGTIN serial (AI 21) and SGLN extension (AI 254): CSET 82, 1-20
    // characters, %xx escapes decoded. Only the 96-bit tag encodings (the
    // tag URI) restrict them to an integer without a leading zero.
    const std::string_view name = out.scheme == epc_scheme::sgtin_96 ? "serial" : "extension";
    std::array<std::size_t, 20> sources{};
    auto decoded = decode_component(parts[k + 2], starts[k + 2], name, sources);
    if (!decoded) return std::move(decoded).error();
    out.serial = std::move(*decoded);
    if (tag) {
      auto checked = check_integer_field(out.serial, info_of(out.scheme).tail_bits, name);
      if (!checked) {
        auto err = std::move(checked).error();
        err.context.position =
            sources[std::min<std::size_t>(err.context.position.value_or(0), out.serial.size() - 1)];
        return err;
      }
    }
  }
  if (out.filter < 0 || out.filter > 7) {
    return fault(errc::epc_value_out_of_range,
                 "filter " + std::to_string(out.filter) + " is outside 0-7", "filter");
  }
  return out;
}

auto make_sgtin(std::string_view gtin, std::size_t company_prefix_length, std::string_view serial,
                int filter) -> result<epc_identity> {
  auto normalized = normalize_gtin(gtin);
  if (!normalized) return std::move(normalized).error();
  if (company_prefix_length < 6 || company_prefix_length > 12) {
    return fault(errc::invalid_partition, "a GS1 Company Prefix has 6 to 12 digits",
                 "company_prefix");
  }
  const auto& g = *normalized;
  epc_identity out;
  out.scheme = epc_scheme::sgtin_96;
  out.filter = filter;
  out.company_prefix = g.substr(1, company_prefix_length);
  out.reference = g.substr(0, 1) + g.substr(1 + company_prefix_length, 12 - company_prefix_length);
  out.serial = std::string(serial);
  if (auto encoded = encode_epc(out); !encoded) return std::move(encoded).error();
  return out;
}

namespace {

// A GS1 key of `length` digits with its check digit, and a company prefix
// length an EPC partition can hold; `name` names the key in messages.
auto check_key(std::string_view key, std::size_t length, std::string_view name,
               std::size_t company_prefix_length) -> result<void> {
  const std::string field(name == "SSCC" ? "sscc" : "gln");
  if (auto at = non_digit_at(key)) {
    return fault(errc::bad_character, "a " + std::string(name) + " is all digits", field, *at);
  }
  if (key.size() != length) {
    return fault(errc::bad_length,
                 "a " + std::string(name) + " has " + std::to_string(length) + " digits, not " +
                     std::to_string(key.size()),
                 field, std::min(key.size(), length));
  }
  if (!has_valid_check_digit(key)) {
    return fault(errc::bad_check_digit,
                 std::string(name) + " " + std::string(key) + " has a wrong check digit", field,
                 length - 1);
  }
  if (company_prefix_length < 6 || company_prefix_length > 12) {
    return fault(errc::invalid_partition, "a GS1 Company Prefix has 6 to 12 digits",
                 "company_prefix");
  }
  return {};
}

}  // namespace

auto make_sscc(std::string_view sscc, std::size_t company_prefix_length, int filter)
    -> result<epc_identity> {
  if (auto checked = check_key(sscc, 18, "SSCC", company_prefix_length); !checked) {
    return std::move(checked).error();
  }
  epc_identity out;
  out.scheme = epc_scheme::sscc_96;
  out.filter = filter;
  out.company_prefix = std::string(sscc.substr(1, company_prefix_length));
  out.reference = std::string(sscc.substr(0, 1)) +
                  std::string(sscc.substr(1 + company_prefix_length, 16 - company_prefix_length));
  if (auto encoded = encode_epc(out); !encoded) return std::move(encoded).error();
  return out;
}

auto make_sgln(std::string_view gln, std::size_t company_prefix_length, std::string_view extension,
               int filter) -> result<epc_identity> {
  if (auto checked = check_key(gln, 13, "GLN", company_prefix_length); !checked) {
    return std::move(checked).error();
  }
  epc_identity out;
  out.scheme = epc_scheme::sgln_96;
  out.filter = filter;
  out.company_prefix = std::string(gln.substr(0, company_prefix_length));
  out.reference = std::string(gln.substr(company_prefix_length, 12 - company_prefix_length));
  out.serial = std::string(extension);
  if (auto encoded = encode_epc(out); !encoded) return std::move(encoded).error();
  return out;
}

auto to_gs1(const epc_identity& epc) -> result<gs1_message> {
  if (auto checked = check_key_fields(epc); !checked) return std::move(checked).error();
  // Raw data, the alphanumeric field last: no separator is needed, and no
  // character of the serial can be mistaken for one (CSET 82 has no GS).
  std::string text;
  switch (epc.scheme) {
    case epc_scheme::sgtin_96:
      text = "01" + epc.gs1_key() + "21" + epc.serial;
      break;
    case epc_scheme::sscc_96:
      text = "00" + epc.gs1_key();
      break;
    case epc_scheme::sgln_96:
      text = "414" + epc.gs1_key();
      if (epc.serial != "0") text += "254" + epc.serial;
      break;
  }
  auto parsed = parse_gs1(text, gs1_options{.reference_year = 2000, .form = gs1_form::raw});
  if (!parsed) {
    auto err = std::move(parsed).error();
    err.context.position.reset();  // an offset into a string the caller never saw
    return err;
  }
  return parsed;
}

auto from_gs1(const gs1_message& message, std::size_t company_prefix_length, int filter)
    -> result<epc_identity> {
  if (company_prefix_length < 6 || company_prefix_length > 12) {
    return fault(errc::invalid_partition, "a GS1 Company Prefix has 6 to 12 digits",
                 "company_prefix");
  }
  if (filter < 0 || filter > 7) {
    return fault(errc::epc_value_out_of_range,
                 "filter " + std::to_string(filter) + " is outside 0-7", "filter");
  }
  // Keys as the parser normalized and checked them; a hand-built message is
  // checked again here (digits, length, check digit).
  auto key_ok = [](const std::string& key, std::size_t length) {
    return key.size() == length && !non_digit_at(key) && has_valid_check_digit(key);
  };
  epc_identity out;
  out.filter = filter;
  const auto cp = company_prefix_length;
  if (message.gtin && message.serial) {
    const auto& g = *message.gtin;
    if (!key_ok(g, 14)) {
      return fault(errc::bad_check_digit, "the message's GTIN is not a valid GTIN-14", "(01)");
    }
    out.scheme = epc_scheme::sgtin_96;
    out.company_prefix = g.substr(1, cp);
    out.reference = g.substr(0, 1) + g.substr(1 + cp, 12 - cp);
    out.serial = *message.serial;
    return out;
  }
  if (message.sscc) {
    const auto& sscc = *message.sscc;
    if (!key_ok(sscc, 18)) {
      return fault(errc::bad_check_digit, "the message's SSCC is not a valid SSCC", "(00)");
    }
    out.scheme = epc_scheme::sscc_96;
    out.company_prefix = sscc.substr(1, cp);
    out.reference = sscc.substr(0, 1) + sscc.substr(1 + cp, 16 - cp);
    return out;
  }
  if (const auto* gln = message.find("414")) {
    if (!key_ok(*gln, 13)) {
      return fault(errc::bad_check_digit, "the message's GLN is not a valid GLN", "(414)");
    }
    out.scheme = epc_scheme::sgln_96;
    out.company_prefix = gln->substr(0, cp);
    out.reference = gln->substr(cp, 12 - cp);
    const auto* extension = message.find("254");
    out.serial = extension != nullptr ? *extension : "0";
    return out;
  }
  return fault(errc::unsupported_epc_scheme,
               "the message has no (01) with (21), no (00) and no (414): it names no SGTIN, SSCC "
               "or SGLN",
               "message");
}

}  // namespace onhand::scan
