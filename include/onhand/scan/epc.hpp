// SPDX-License-Identifier: Apache-2.0
// File: onhand/scan/epc.hpp
//
// EPC RFID tags (GS1 EPC Tag Data Standard): the 96-bit SGTIN, SSCC and SGLN
// encodings, decoded from the 24 hexadecimal digits a reader reports into
// their fields (filter, company prefix, reference, serial or extension), into
// the GS1 key they carry (GTIN-14, SSCC, GLN, each with its check digit) and
// into URIs; and encoded back. A field that does not fit its bits or its
// partition is an error, never truncated.
//
// Example:
//
//   auto tag = onhand::scan::decode_epc("3074257BF7194E4000001A85");
//   tag->gs1_key();             // "80614141123458" (GTIN-14)
//   tag->serial;                // "6789"
//   tag->pure_identity_uri();   // "urn:epc:id:sgtin:0614141.812345.6789"
//   auto back = onhand::scan::encode_epc(*tag);   // "3074257BF7194E4000001A85"
//   tag->partition();           // 5: a 7-digit company prefix
//   onhand::scan::to_bracketed(*onhand::scan::to_gs1(*tag));   // "(01)80614141123458(21)6789"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "onhand/core/result.hpp"
#include "onhand/scan/gs1.hpp"

namespace onhand::scan {

/// The EPC schemes onhand reads and writes.
enum class epc_scheme : std::uint8_t {
  sgtin_96,  ///< Serialised GTIN: a trade item instance (header 0x30).
  sscc_96,   ///< Serial Shipping Container Code: a logistic unit (header 0x31).
  sgln_96,   ///< GLN with extension: a physical location (header 0x32).
};

/// The scheme's name in tag URIs: "sgtin-96", "sscc-96", "sgln-96".
[[nodiscard]] auto name_of(epc_scheme scheme) noexcept -> std::string_view;

/// The fields of an EPC, as digit strings (leading zeros are significant).
struct epc_identity {
  epc_scheme scheme = epc_scheme::sgtin_96;
  int filter = 0;              ///< 0-7: the kind of object (1 point of sale item, 2 case, ...).
  std::string company_prefix;  ///< GS1 Company Prefix, 6 to 12 digits.
  /// SGTIN: indicator digit + item reference; SSCC: extension digit +
  /// serial reference; SGLN: location reference (may be empty).
  std::string reference;
  /// SGTIN: serial number; SGLN: extension ("0" when there is none); SSCC: empty.
  /// Decoded: a URI's %xx escapes are resolved ("32a/b", written "32a%2Fb").
  std::string serial;

  /// The partition value of the 96-bit encoding, 0-6: 12 minus the number of
  /// digits of the company prefix (a 7-digit prefix is partition 5). Empty
  /// when the prefix does not have 6 to 12 characters.
  [[nodiscard]] auto partition() const noexcept -> std::optional<int>;

  /// The GS1 key with its check digit: GTIN-14, SSCC (18 digits) or GLN (13).
  [[nodiscard]] auto gs1_key() const -> std::string;
  /// "urn:epc:id:sgtin:0614141.812345.6789"
  [[nodiscard]] auto pure_identity_uri() const -> std::string;
  /// "urn:epc:tag:sgtin-96:3.0614141.812345.6789" (carries the filter).
  [[nodiscard]] auto tag_uri() const -> std::string;

  friend auto operator==(const epc_identity&, const epc_identity&) -> bool = default;
};

/// Decodes a 96-bit EPC from exactly 24 hexadecimal digits (either case).
/// Errors: bad_character at the first byte outside ASCII, before any other
/// fault (so a position is a character index too), bad_length (not 24
/// digits), bad_character (not hexadecimal, with its position), unsupported_epc_scheme (header
/// other than 0x30, 0x31, 0x32), invalid_partition (partition 7), epc_value_out_of_range (a field
/// with more digits than its partition allows, or non-zero SSCC reserved bits).
[[nodiscard]] auto decode_epc(std::string_view hex) -> result<epc_identity>;

/// Encodes an EPC as 24 upper-case hexadecimal digits. Errors:
/// invalid_partition (company prefix not 6-12 digits, or reference of the
/// wrong length for it), bad_character (a non-digit), epc_value_out_of_range
/// (filter outside 0-7, a serial or extension with a leading zero or past its
/// 38 or 41 bits).
[[nodiscard]] auto encode_epc(const epc_identity& epc) -> result<std::string>;

/// Parses a pure-identity URI ("urn:epc:id:sgtin:0614141.812345.6789",
/// "urn:epc:id:sscc:...", "urn:epc:id:sgln:...") taking `filter` for the
/// tag, or a tag URI ("urn:epc:tag:sgtin-96:3.0614141.812345.6789") whose
/// filter wins. A pure-identity URI's serial (SGTIN, AI 21) or extension
/// (SGLN, AI 254) is 1-20 characters of GS1 CSET 82 with its %xx escapes
/// decoded ("32a%2Fb" is "32a/b"); a tag URI's (-96) is an integer without a
/// leading zero. Errors: bad_character at the first byte outside ASCII,
/// before any other fault; unsupported_epc_scheme, malformed_input (structure,
/// a cut escape), invalid_partition, bad_character, bad_length,
/// epc_value_out_of_range; positions are offsets into `uri`.
[[nodiscard]] auto parse_epc_uri(std::string_view uri, int filter = 0) -> result<epc_identity>;

/// The GS1 element string an EPC stands for (Tag Data Standard, "EPC to GS1
/// element string"), parsed and checked: SGTIN (01) GTIN-14 + (21) serial;
/// SSCC (00); SGLN (414) GLN + (254) extension, without (254) when the
/// extension is "0". Errors: those of the company prefix and reference
/// (bad_character, invalid_partition) and those of parse_gs1 for the
/// serial or extension (bad_character, bad_length), without a position
/// (`context.field` names the AI).
[[nodiscard]] auto to_gs1(const epc_identity& epc) -> result<gs1_message>;

/// The EPC a GS1 element string stands for, given the length of its GS1
/// Company Prefix (which the element string does not carry): an SGTIN when
/// it has (01) and (21), else an SSCC when it has (00), else an SGLN when it
/// has (414) (extension from (254), "0" without it). The serial or extension
/// stays alphanumeric; encode_epc says whether a 96-bit tag can hold it.
/// Errors: unsupported_epc_scheme (none of those keys), invalid_partition
/// (prefix length outside 6-12), epc_value_out_of_range (filter outside 0-7).
[[nodiscard]] auto from_gs1(const gs1_message& message, std::size_t company_prefix_length,
                            int filter = 0) -> result<epc_identity>;

/// An SGTIN from a GTIN (8-14 digits), the length of its GS1 Company Prefix
/// (6-12) and a serial number.
[[nodiscard]] auto make_sgtin(std::string_view gtin, std::size_t company_prefix_length,
                              std::string_view serial, int filter = 0) -> result<epc_identity>;
/// An SSCC-96 identity from an 18-digit SSCC.
[[nodiscard]] auto make_sscc(std::string_view sscc, std::size_t company_prefix_length,
                             int filter = 0) -> result<epc_identity>;
/// An SGLN identity from a 13-digit GLN and an extension ("0": none).
[[nodiscard]] auto make_sgln(std::string_view gln, std::size_t company_prefix_length,
                             std::string_view extension = "0", int filter = 0)
    -> result<epc_identity>;

}  // namespace onhand::scan
