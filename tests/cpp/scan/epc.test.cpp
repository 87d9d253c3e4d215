// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/epc.hpp"

#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/detail/text.hpp"

#include "matchers.hpp"

namespace onhand::scan {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;
using onhand::testing::IsOkAndHolds;

// EPC Tag Data Standard worked examples (company prefix 0614141, filter 3).
constexpr const char* sgtin_hex = "3074257BF7194E4000001A85";
constexpr const char* sscc_hex = "3174257BF4499602D2000000";
constexpr const char* sgln_hex = "3274257BF460720000000190";

TEST(EpcDecode, Sgtin96WorkedExample) {
  auto tag = decode_epc(sgtin_hex);
  ASSERT_THAT(tag, IsOk());
  EXPECT_EQ(tag->scheme, epc_scheme::sgtin_96);
  EXPECT_EQ(tag->filter, 3);
  EXPECT_EQ(tag->company_prefix, "0614141");
  EXPECT_EQ(tag->reference, "812345");
  EXPECT_EQ(tag->serial, "6789");
  EXPECT_EQ(tag->gs1_key(), "80614141123458");
  EXPECT_EQ(tag->pure_identity_uri(), "urn:epc:id:sgtin:0614141.812345.6789");
  EXPECT_EQ(tag->tag_uri(), "urn:epc:tag:sgtin-96:3.0614141.812345.6789");
  EXPECT_THAT(encode_epc(*tag), IsOkAndHolds(std::string(sgtin_hex)));
  // Lower-case hexadecimal reads the same.
  EXPECT_THAT(decode_epc("3074257bf7194e4000001a85"), IsOkAndHolds(*tag));
}

TEST(EpcDecode, Sscc96WorkedExample) {
  auto tag = decode_epc(sscc_hex);
  ASSERT_THAT(tag, IsOk());
  EXPECT_EQ(tag->scheme, epc_scheme::sscc_96);
  EXPECT_EQ(tag->company_prefix, "0614141");
  EXPECT_EQ(tag->reference, "1234567890");
  EXPECT_EQ(tag->serial, "");
  EXPECT_EQ(tag->gs1_key(), "106141412345678908");
  EXPECT_EQ(tag->pure_identity_uri(), "urn:epc:id:sscc:0614141.1234567890");
  EXPECT_EQ(tag->tag_uri(), "urn:epc:tag:sscc-96:3.0614141.1234567890");
  EXPECT_THAT(encode_epc(*tag), IsOkAndHolds(std::string(sscc_hex)));
}

TEST(EpcDecode, Sgln96WorkedExample) {
  auto tag = decode_epc(sgln_hex);
  ASSERT_THAT(tag, IsOk());
  EXPECT_EQ(tag->scheme, epc_scheme::sgln_96);
  EXPECT_EQ(tag->company_prefix, "0614141");
  EXPECT_EQ(tag->reference, "12345");
  EXPECT_EQ(tag->serial, "400");
  EXPECT_EQ(tag->gs1_key(), "0614141123452");
  EXPECT_EQ(tag->pure_identity_uri(), "urn:epc:id:sgln:0614141.12345.400");
  EXPECT_THAT(encode_epc(*tag), IsOkAndHolds(std::string(sgln_hex)));
}

TEST(EpcDecode, EveryPartitionRoundTrips) {
  // GTIN 80614141123458 split at every company prefix length.
  for (std::size_t cp = 6; cp <= 12; ++cp) {
    auto tag = make_sgtin("80614141123458", cp, "274877906943", 1);  // the largest 38-bit serial
    ASSERT_THAT(tag, IsOk()) << cp;
    EXPECT_EQ(tag->company_prefix.size(), cp);
    EXPECT_EQ(tag->reference.size(), 13 - cp);
    auto hex = encode_epc(*tag);
    ASSERT_THAT(hex, IsOk());
    auto back = decode_epc(*hex);
    ASSERT_THAT(back, IsOk());
    EXPECT_EQ(*back, *tag);
    EXPECT_EQ(back->gs1_key(), "80614141123458");

    auto sscc = make_sscc("106141412345678908", cp, 2);
    ASSERT_THAT(sscc, IsOk()) << cp;
    EXPECT_EQ(decode_epc(*encode_epc(*sscc))->gs1_key(), "106141412345678908");
    auto sgln = make_sgln("0614141123452", cp, "2199023255551");  // the largest 41-bit extension
    ASSERT_THAT(sgln, IsOk()) << cp;
    EXPECT_EQ(decode_epc(*encode_epc(*sgln))->gs1_key(), "0614141123452");
  }
}

TEST(EpcDecode, RejectsBadInputNeverTruncates) {
  auto short_hex = decode_epc("3074257BF7194E4000001A8");
  ASSERT_THAT(short_hex, HasError(errc::bad_length));
  EXPECT_EQ(short_hex.error().context.position, 23u);
  EXPECT_THAT(decode_epc("3074257BF7194E4000001A8500"), HasError(errc::bad_length));
  EXPECT_THAT(decode_epc(""), HasError(errc::bad_length));
  auto not_hex = decode_epc("3074257BF7194E4000001G85");
  ASSERT_THAT(not_hex, HasError(errc::bad_character));
  EXPECT_EQ(not_hex.error().context.position, 21u);
  EXPECT_THAT(decode_epc("3574257BF7194E4000001A85"), HasError(errc::unsupported_epc_scheme));
  // Partition 7: header 30, filter 3 (011), partition 111 -> 0x7E.
  EXPECT_THAT(decode_epc("307E257BF7194E4000001A85"), HasError(errc::invalid_partition));
  // Partition 0 (12-digit prefix in 40 bits) holding 10^12: too many digits.
  EXPECT_THAT(decode_epc("3063A3529440004000000001"), HasError(errc::epc_value_out_of_range));
  // Partition 6 (7-digit item reference in 24 bits) holding 10^7.
  EXPECT_THAT(decode_epc("307878902625A00000000001"), HasError(errc::epc_value_out_of_range));
  // SSCC-96 reserved bits must be zero.
  EXPECT_THAT(decode_epc("3174257BF4499602D2000001"), HasError(errc::epc_value_out_of_range));
}

TEST(EpcEncode, RejectsValuesThatDoNotFit) {
  epc_identity tag = *decode_epc(sgtin_hex);
  auto big = tag;
  big.serial = "274877906944";  // 2^38
  EXPECT_THAT(encode_epc(big), HasError(errc::epc_value_out_of_range));
  auto leading_zero = tag;
  leading_zero.serial = "06789";
  EXPECT_THAT(encode_epc(leading_zero), HasError(errc::epc_value_out_of_range));
  auto letters = tag;
  letters.serial = "A1";
  EXPECT_THAT(encode_epc(letters), HasError(errc::bad_character));
  auto filter = tag;
  filter.filter = 8;
  EXPECT_THAT(encode_epc(filter), HasError(errc::epc_value_out_of_range));
  auto prefix = tag;
  prefix.company_prefix = "06141";
  EXPECT_THAT(encode_epc(prefix), HasError(errc::invalid_partition));
  auto reference = tag;
  reference.reference = "8123456";
  EXPECT_THAT(encode_epc(reference), HasError(errc::invalid_partition));
  EXPECT_THAT(make_sgtin("80614141123458", 5, "1"), HasError(errc::invalid_partition));
  EXPECT_THAT(make_sgtin("80614141123459", 7, "1"), HasError(errc::bad_check_digit));
  EXPECT_THAT(make_sscc("106141412345678909", 7), HasError(errc::bad_check_digit));
  EXPECT_THAT(make_sgln("061414112345", 7), HasError(errc::bad_length));
  EXPECT_THAT(make_sgln("0614141123452", 7, "2199023255552"),
              HasError(errc::epc_value_out_of_range));
}

TEST(EpcUri, ParsesPureIdentityAndTagUris) {
  auto pure = parse_epc_uri("urn:epc:id:sgtin:0614141.812345.6789", 3);
  ASSERT_THAT(pure, IsOk());
  EXPECT_THAT(encode_epc(*pure), IsOkAndHolds(std::string(sgtin_hex)));
  auto tag = parse_epc_uri("urn:epc:tag:sgtin-96:3.0614141.812345.6789");
  ASSERT_THAT(tag, IsOk());
  EXPECT_EQ(*tag, *pure);
  auto sscc = parse_epc_uri("urn:epc:tag:sscc-96:3.0614141.1234567890");
  ASSERT_THAT(sscc, IsOk());
  EXPECT_THAT(encode_epc(*sscc), IsOkAndHolds(std::string(sscc_hex)));
  auto sgln = parse_epc_uri("urn:epc:id:sgln:0614141.12345.400", 3);
  ASSERT_THAT(sgln, IsOk());
  EXPECT_THAT(encode_epc(*sgln), IsOkAndHolds(std::string(sgln_hex)));
  // A pure-identity SGTIN may carry an alphanumeric serial; it just has no 96-bit form.
  auto alnum = parse_epc_uri("urn:epc:id:sgtin:0614141.812345.A.7-b");
  ASSERT_THAT(alnum, IsOk());
  EXPECT_EQ(alnum->serial, "A.7-b");
  EXPECT_THAT(encode_epc(*alnum), HasError(errc::bad_character));
}

TEST(EpcUri, EscapesAreDecodedPerTheTagDataStandard) {
  // TDS: (01)70614141123451(21)32a/b is urn:epc:id:sgtin:0614141.712345.32a%2Fb.
  auto escaped = parse_epc_uri("urn:epc:id:sgtin:0614141.712345.32a%2Fb");
  ASSERT_THAT(escaped, IsOk());
  EXPECT_EQ(escaped->serial, "32a/b");
  EXPECT_EQ(escaped->gs1_key(), "70614141123451");
  EXPECT_EQ(escaped->pure_identity_uri(), "urn:epc:id:sgtin:0614141.712345.32a%2Fb");
  // Every character a serial must escape, and lower-case hex digits.
  auto all = parse_epc_uri(R"(urn:epc:id:sgtin:0614141.712345.%22%25%26%2f%3C%3E%3F%27)");
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->serial, R"("%&/<>?')");
  EXPECT_EQ(all->pure_identity_uri(), R"(urn:epc:id:sgtin:0614141.712345.%22%25%26%2F%3C%3E%3F')");
  EXPECT_THAT(parse_epc_uri(all->pure_identity_uri()), IsOkAndHolds(*all));
  // 20 characters once decoded, not 20 in the URI.
  EXPECT_THAT(parse_epc_uri("urn:epc:id:sgtin:0614141.712345.%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F"
                            "%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F"),
              IsOk());
  auto long_serial = parse_epc_uri("urn:epc:id:sgtin:0614141.712345.ABCDEFGHIJKLMNOPQRSTU");
  ASSERT_THAT(long_serial, HasError(errc::bad_length));
  EXPECT_EQ(long_serial.error().context.position, 52u);  // the 21st character
  // A broken escape, an escape outside CSET 82 (space, '#'), a '/' unescaped.
  auto broken = parse_epc_uri("urn:epc:id:sgtin:0614141.712345.1%2");
  ASSERT_THAT(broken, HasError(errc::malformed_input));
  EXPECT_EQ(broken.error().context.position, 33u);
  auto space = parse_epc_uri("urn:epc:id:sgtin:0614141.712345.a%20b");
  ASSERT_THAT(space, HasError(errc::bad_character));
  EXPECT_EQ(space.error().context.position, 33u);
  EXPECT_THAT(parse_epc_uri("urn:epc:id:sgtin:0614141.712345.a%23"), HasError(errc::bad_character));
  EXPECT_THAT(parse_epc_uri("urn:epc:id:sgtin:0614141.712345.a/b"), HasError(errc::bad_character));
  // The 96-bit tag URI still needs an integer: an escaped digit decodes, a letter does not.
  auto digit = parse_epc_uri("urn:epc:tag:sgtin-96:3.0614141.812345.67%38%39");
  ASSERT_THAT(digit, IsOk());
  EXPECT_EQ(digit->serial, "6789");
  auto letter = parse_epc_uri("urn:epc:tag:sgtin-96:3.0614141.812345.67%2F9");
  ASSERT_THAT(letter, HasError(errc::bad_character));
  EXPECT_EQ(letter.error().context.position, 40u);
}

TEST(EpcUri, SglnPureIdentityExtensionIsAlphanumeric) {
  // TDS: (414)0614141123452(254)32a/b is urn:epc:id:sgln:0614141.12345.32a%2Fb.
  auto sgln = parse_epc_uri("urn:epc:id:sgln:0614141.12345.32a%2Fb");
  ASSERT_THAT(sgln, IsOk());
  EXPECT_EQ(sgln->serial, "32a/b");
  EXPECT_EQ(sgln->gs1_key(), "0614141123452");
  EXPECT_EQ(sgln->pure_identity_uri(), "urn:epc:id:sgln:0614141.12345.32a%2Fb");
  // Leading zeros are data in AI (254); only SGLN-96 needs an integer.
  auto zero = parse_epc_uri("urn:epc:id:sgln:0614141.12345.0042");
  ASSERT_THAT(zero, IsOk());
  EXPECT_EQ(zero->serial, "0042");
  EXPECT_THAT(encode_epc(*zero), HasError(errc::epc_value_out_of_range));
  EXPECT_THAT(encode_epc(*sgln), HasError(errc::bad_character));
  EXPECT_THAT(parse_epc_uri("urn:epc:tag:sgln-96:3.0614141.12345.0042"),
              HasError(errc::epc_value_out_of_range));
  EXPECT_THAT(parse_epc_uri("urn:epc:tag:sgln-96:3.0614141.12345.A1"),
              HasError(errc::bad_character));
  EXPECT_THAT(parse_epc_uri("urn:epc:id:sgln:0614141.12345.ABCDEFGHIJKLMNOPQRSTU"),
              HasError(errc::bad_length));
}

TEST(EpcUri, ReportsFaultsWithPositions) {
  EXPECT_THAT(parse_epc_uri("urn:epc:id:giai:0614141.1"), HasError(errc::unsupported_epc_scheme));
  EXPECT_THAT(parse_epc_uri("urn:isbn:123"), HasError(errc::unsupported_epc_scheme));
  EXPECT_THAT(parse_epc_uri("urn:epc:id:sgtin:0614141.812345"), HasError(errc::malformed_input));
  auto prefix = parse_epc_uri("urn:epc:id:sgtin:06141.8123456.1");
  ASSERT_THAT(prefix, HasError(errc::invalid_partition));
  EXPECT_EQ(prefix.error().context.position, 17u);
  auto letter = parse_epc_uri("urn:epc:id:sgtin:06141X1.812345.1");
  ASSERT_THAT(letter, HasError(errc::bad_character));
  EXPECT_EQ(letter.error().context.position, 22u);
  EXPECT_THAT(parse_epc_uri("urn:epc:tag:sgtin-96:8.0614141.812345.1"),
              HasError(errc::epc_value_out_of_range));
  EXPECT_THAT(parse_epc_uri("urn:epc:tag:sgtin-96:3.0614141.812345.274877906944"),
              HasError(errc::epc_value_out_of_range));
  EXPECT_THAT(parse_epc_uri("urn:epc:id:sgtin:0614141.812345.a b"), HasError(errc::bad_character));
}

TEST(EpcPartition, FollowsTheCompanyPrefixLength) {
  // TDS examples: company prefix 0614141 (7 digits) is partition 5 in all three schemes.
  for (const char* hex : {sgtin_hex, sscc_hex, sgln_hex}) {
    auto tag = decode_epc(hex);
    ASSERT_THAT(tag, IsOk());
    EXPECT_EQ(tag->partition(), 5) << hex;
  }
  for (std::size_t cp = 6; cp <= 12; ++cp) {
    auto tag = make_sgtin("80614141123458", cp, "1");
    ASSERT_THAT(tag, IsOk());
    EXPECT_EQ(tag->partition(), static_cast<int>(12 - cp));
    auto hex = encode_epc(*tag);
    // The partition sits in bits 11-13: the low 3 bits of hex digits 3-4 shifted by 2.
    const auto bits = std::stoul(hex->substr(2, 2), nullptr, 16);
    EXPECT_EQ(static_cast<int>((bits >> 2) & 7U), tag->partition());
  }
  epc_identity odd;
  odd.company_prefix = "12345";
  EXPECT_EQ(odd.partition(), std::nullopt);
}

TEST(EpcGs1, DecodedTagsAsElementStringsAndBack) {
  // TDS worked examples: each tag and the element string it stands for.
  const std::pair<const char*, const char*> cases[] = {
      {sgtin_hex, "(01)80614141123458(21)6789"},
      {sscc_hex, "(00)106141412345678908"},  // extension 1, serial reference 234567890
      {sgln_hex, "(414)0614141123452(254)400"},
  };
  for (const auto& [hex, bracketed] : cases) {
    auto tag = decode_epc(hex);
    ASSERT_THAT(tag, IsOk());
    auto message = to_gs1(*tag);
    ASSERT_THAT(message, IsOk()) << hex;
    EXPECT_EQ(to_bracketed(*message), bracketed);
    auto back = from_gs1(*message, 7, tag->filter);
    ASSERT_THAT(back, IsOk()) << hex;
    EXPECT_EQ(*back, *tag);
    EXPECT_THAT(encode_epc(*back), IsOkAndHolds(std::string(hex)));
  }
  // Alphanumeric serials and extensions travel both ways (TDS: 32a/b).
  auto sgtin = parse_epc_uri("urn:epc:id:sgtin:0614141.712345.32a%2Fb");
  ASSERT_THAT(sgtin, IsOk());
  EXPECT_EQ(to_bracketed(*to_gs1(*sgtin)), "(01)70614141123451(21)32a/b");
  auto parsed = parse_gs1("(414)0614141123452(254)32a/b");
  ASSERT_THAT(parsed, IsOk());
  auto sgln = from_gs1(*parsed, 7);
  ASSERT_THAT(sgln, IsOk());
  EXPECT_EQ(sgln->pure_identity_uri(), "urn:epc:id:sgln:0614141.12345.32a%2Fb");
  // A GLN without extension is extension 0, and back without (254).
  auto plain = from_gs1(*parse_gs1("(414)0614141123452"), 7);
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(plain->serial, "0");
  EXPECT_EQ(to_bracketed(*to_gs1(*plain)), "(414)0614141123452");
}

TEST(EpcGs1, FaultsAreTyped) {
  EXPECT_THAT(from_gs1(*parse_gs1("(01)80614141123458"), 7),
              HasError(errc::unsupported_epc_scheme));  // a GTIN without serial is no SGTIN
  EXPECT_THAT(from_gs1(*parse_gs1("(00)106141411234567897"), 5), HasError(errc::invalid_partition));
  EXPECT_THAT(from_gs1(*parse_gs1("(00)106141411234567897"), 7, 8),
              HasError(errc::epc_value_out_of_range));
  gs1_message forged;
  forged.sscc = "106141411234567898";
  EXPECT_THAT(from_gs1(forged, 7), HasError(errc::bad_check_digit));
  epc_identity bad;
  bad.company_prefix = "06141X1";
  bad.reference = "812345";
  bad.serial = "1";
  EXPECT_THAT(to_gs1(bad), HasError(errc::bad_character));
  EXPECT_EQ(bad.gs1_key(), "");  // no digit string, no key (and no crash)
  auto tag = *decode_epc(sgtin_hex);
  tag.serial = "a b";  // a space is outside CSET 82
  auto spaced = to_gs1(tag);
  ASSERT_THAT(spaced, HasError(errc::bad_character));
  EXPECT_EQ(spaced.error().context.field, "(21)");
  EXPECT_EQ(spaced.error().context.position, std::nullopt);
}

TEST(EpcHostile, NonAsciiIsBadCharacterAtItsFirstByte) {
  // Twelve "é" are 24 bytes: before, the length passed and the message
  // quoted them; twenty were a bad_length at byte 24, past the 20th character.
  const std::string e12 = [] {
    std::string s;
    for (int i = 0; i < 12; ++i) s += "\xc3\xa9";
    return s;
  }();
  for (const auto& [hex, position] :
       {std::pair<std::string, std::size_t>{e12, 0}, {e12 + e12, 0}, {"30" + e12, 2}}) {
    auto tag = decode_epc(hex);
    ASSERT_THAT(tag, HasError(errc::bad_character));
    EXPECT_EQ(tag.error().context.position, position);
    EXPECT_EQ(tag.error().context.field, "epc");
    EXPECT_TRUE(detail::is_utf8(tag.error().message));
  }
  auto uri = parse_epc_uri("urn:epc:id:sgtin:\xc3\xa9");
  ASSERT_THAT(uri, HasError(errc::bad_character));
  EXPECT_EQ(uri.error().context.position, 17u);
  EXPECT_EQ(uri.error().context.field, "uri");
  EXPECT_THAT(parse_epc_uri("\xe2\x82\xac"), HasError(errc::bad_character));
}

TEST(EpcHostile, FieldsAreCheckedForDigitsBeforeTheirLength) {
  // Seven "é" are 14 bytes: a company prefix "of 14 digits" before.
  std::string e7;
  for (int i = 0; i < 7; ++i) e7 += "\xc3\xa9";
  epc_identity tag{epc_scheme::sgtin_96, 0, e7, "812345", "1"};
  auto encoded = encode_epc(tag);
  ASSERT_THAT(encoded, HasError(errc::bad_character));
  EXPECT_EQ(encoded.error().context.field, "company_prefix");
  EXPECT_EQ(encoded.error().context.position, 0u);
  EXPECT_THAT(to_gs1(tag), HasError(errc::bad_character));
}

TEST(EpcHostile, QuotedValuesAreCutAtACharacterBoundary) {
  // A serial of "1" and twenty "é": the quote stops at 32 bytes, which is
  // inside the 16th "é"; it must stop before it.
  std::string serial = "1";
  for (int i = 0; i < 20; ++i) serial += "\xc3\xa9";
  auto encoded = encode_epc(epc_identity{epc_scheme::sgtin_96, 0, "0614141", "812345", serial});
  ASSERT_THAT(encoded, HasError(errc::bad_character));
  EXPECT_EQ(encoded.error().context.position, 1u);
  EXPECT_TRUE(detail::is_utf8(encoded.error().message)) << encoded.error().message;
  EXPECT_LE(encoded.error().message.size(), 120u);
  const std::string long_uri = "urn:epc:xx:" + std::string(1'000'000, 'x');
  auto refused = parse_epc_uri(long_uri);
  ASSERT_THAT(refused, HasError(errc::unsupported_epc_scheme));
  EXPECT_LE(refused.error().message.size(), 120u);
}

}  // namespace
}  // namespace onhand::scan
