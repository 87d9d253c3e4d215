// SPDX-License-Identifier: Apache-2.0
#include "onhand/scan/gs1.hpp"

#include <limits>
#include <random>
#include <set>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/catalog/gtin.hpp"
#include "onhand/detail/text.hpp"

#include "gs1_testing.hpp"
#include "matchers.hpp"

namespace onhand::scan {
namespace {

using gs1_testing::expect_fault;
using gs1_testing::gtin;
using gs1_testing::parse;
using onhand::testing::HasError;
using onhand::testing::IsOk;
using onhand::testing::IsOkAndHolds;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const std::string gs = "\x1d";

auto ymd(int y, unsigned m, unsigned d) -> date { return year{y} / month{m} / day{d}; }

TEST(Gs1Parse, DataMatrixWithSymbologyIdentifier) {
  const std::string text =
      "]d2"
      "01" +
      gtin +
      "17261231"
      "10ABC123" +
      gs + "21XYZ";
  auto scan = parse(text);
  ASSERT_THAT(scan, IsOk());
  EXPECT_EQ(scan->symbology, symbology::datamatrix);
  ASSERT_EQ(scan->elements.size(), 4u);
  EXPECT_EQ(scan->elements[0].ai, "01");
  EXPECT_EQ(scan->elements[0].position, 3u);
  EXPECT_EQ(scan->elements[1].ai, "17");
  EXPECT_EQ(scan->elements[1].value, "261231");
  EXPECT_EQ(scan->elements[1].position, 19u);
  EXPECT_EQ(scan->elements[2].value, "ABC123");
  EXPECT_EQ(scan->elements[2].position, 27u);
  EXPECT_EQ(scan->elements[3].position, 36u);
  EXPECT_EQ(scan->gtin, gtin);
  EXPECT_EQ(scan->expiry, ymd(2026, 12, 31));
  EXPECT_EQ(scan->lot, "ABC123");
  EXPECT_EQ(scan->serial, "XYZ");
  EXPECT_TRUE(scan->unmet_associations.empty());
  EXPECT_EQ(to_bracketed(*scan), "(01)" + gtin + "(17)261231(10)ABC123(21)XYZ");
}

TEST(Gs1Parse, EverySymbologyIdentifierStandsForTheLeadingFnc1) {
  const std::string data = "01" + gtin + "10L1";
  for (auto [id, expected] : {std::pair{"]C1", symbology::gs1_128},
                              {"]d2", symbology::datamatrix},
                              {"]Q3", symbology::qr_code},
                              {"]e0", symbology::databar},
                              {"]J1", symbology::dotcode}}) {
    auto scan = parse(std::string(id) + data);
    ASSERT_THAT(scan, IsOk()) << id;
    EXPECT_EQ(scan->symbology, expected);
    EXPECT_EQ(scan->lot, "L1");
  }
  auto plain = parse(data);
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(plain->symbology, symbology::none);
  auto leading_fnc1 = parse(gs + data);
  ASSERT_THAT(leading_fnc1, IsOk());
  EXPECT_EQ(leading_fnc1->elements[0].position, 1u);
}

TEST(Gs1Parse, IdentifiersThatCarryABareGtin) {
  auto ean13 = parse("]E04006381333931");
  ASSERT_THAT(ean13, IsOk());
  EXPECT_EQ(ean13->symbology, symbology::ean_upc);
  EXPECT_EQ(ean13->gtin, "04006381333931");
  ASSERT_EQ(ean13->elements.size(), 1u);
  EXPECT_EQ(ean13->elements[0].ai, "01");

  // UPC-A 036000291452 (GS1 General Specifications) reaches ]E0 with its leading zero.
  auto upc = parse("]E00036000291452");
  ASSERT_THAT(upc, IsOk());
  EXPECT_EQ(upc->gtin, "00036000291452");
  // Without it the scanner is misconfigured: 12 digits are refused, not padded.
  expect_fault("]E0036000291452", errc::bad_length, 15);
  auto ean8 = parse("]E496385074");
  ASSERT_THAT(ean8, IsOk());
  EXPECT_EQ(ean8->gtin, "00000096385074");
  auto itf = parse("]I180614141123458");
  ASSERT_THAT(itf, IsOk());
  EXPECT_EQ(itf->symbology, symbology::itf_14);
  EXPECT_EQ(itf->gtin, "80614141123458");

  expect_fault("]E04006381333932", errc::bad_check_digit, 15);
  expect_fault("]E496385074000", errc::bad_length, 11);
  expect_fault("]I14006381333931", errc::bad_length, 16);
  expect_fault("]E0400638133393A", errc::bad_character, 15);
}

TEST(Gs1Parse, ARequiredFormRefusesTheOthers) {
  const std::string bracketed = "(01)" + gtin + "(10)L1";
  const std::string raw = "01" + gtin + "10L1";
  const std::string scanner = "]C1" + raw;
  auto with_form = [](std::string_view text, gs1_form form) {
    return parse_gs1(text, gs1_options{.reference_year = 2026, .form = form});
  };
  for (const auto& text : {bracketed, raw, scanner, gs + raw}) {
    EXPECT_THAT(with_form(text, gs1_form::any), IsOk()) << text;
  }
  EXPECT_THAT(with_form(bracketed, gs1_form::bracketed), IsOk());
  EXPECT_THAT(with_form(raw, gs1_form::raw), IsOk());
  EXPECT_THAT(with_form(gs + raw, gs1_form::raw), IsOk());  // FNC1 in first position
  EXPECT_THAT(with_form(scanner, gs1_form::scanner), IsOk());
  EXPECT_THAT(with_form("]E04006381333931", gs1_form::scanner), IsOk());
  for (auto form : {gs1_form::raw, gs1_form::scanner}) {
    auto refused = with_form(bracketed, form);
    ASSERT_THAT(refused, HasError(errc::malformed_input)) << name_of(form);
    EXPECT_EQ(refused.error().context.position, 0u);
  }
  EXPECT_THAT(with_form(raw, gs1_form::bracketed), HasError(errc::malformed_input));
  EXPECT_THAT(with_form(raw, gs1_form::scanner), HasError(errc::malformed_input));
  EXPECT_THAT(with_form(scanner, gs1_form::raw), HasError(errc::malformed_input));
  EXPECT_THAT(with_form(scanner, gs1_form::bracketed), HasError(errc::malformed_input));
  // Empty stays empty whatever the form.
  EXPECT_THAT(with_form("", gs1_form::bracketed), HasError(errc::empty_input));
}

TEST(Gs1Parse, OtherSymbologyIdentifiersAreNotGs1) {
  expect_fault(
      "]C0"
      "01" +
          gtin,
      errc::malformed_input, 0);
  expect_fault(
      "]d1"
      "01" +
          gtin,
      errc::malformed_input, 0);
}

TEST(Gs1Parse, BracketedHumanReadableForm) {
  auto scan = parse("(01)" + gtin + "(3103)001250(15)270600(10)L(2611)");
  ASSERT_THAT(scan, IsOk());
  ASSERT_EQ(scan->elements.size(), 4u);
  EXPECT_EQ(scan->elements[3].value, "L(2611)");  // "(2611)" names no AI: it is data
  EXPECT_EQ(scan->elements[1].position, 18u);
  EXPECT_EQ(scan->best_before, ymd(2027, 6, 30));
  ASSERT_EQ(scan->measures.size(), 1u);
  EXPECT_EQ(scan->measures[0].value, "1.250");
  EXPECT_EQ(scan->measures[0].name, "net_weight");
  EXPECT_EQ(scan->measures[0].unit, "kg");

  expect_fault("(01)" + gtin + "1", errc::bad_length, 18);
  expect_fault("(01)0950600013435", errc::bad_length, 17);
  expect_fault("(10)(01)" + gtin, errc::bad_length, 4);
  expect_fault("(01)" + gtin + "x(10)A", errc::bad_length, 18);
  expect_fault("(1)A", errc::unknown_application_identifier, 1);
  expect_fault("(14)123456", errc::unknown_application_identifier, 1);
  expect_fault("(01" + gtin, errc::malformed_input, 0);  // never closed
}

TEST(Gs1Parse, DayZeroMeansTheLastDayOfTheMonthForTheDateAis) {
  auto scan = parse("(01)" + gtin + "(11)260200(13)260400(15)261100(16)261200(17)280200");
  ASSERT_THAT(scan, IsOk());
  EXPECT_EQ(scan->production_date, ymd(2026, 2, 28));
  EXPECT_EQ(scan->packaging_date, ymd(2026, 4, 30));
  EXPECT_EQ(scan->best_before, ymd(2026, 11, 30));
  EXPECT_EQ(scan->sell_by, ymd(2026, 12, 31));
  EXPECT_EQ(scan->expiry, ymd(2028, 2, 29));  // leap year
  auto due = parse("(12)260900(8020)REF1(415)9506000134352");
  ASSERT_THAT(due, IsOk());
  EXPECT_EQ(due->due_date, ymd(2026, 9, 30));
  // Elsewhere a day is a day: (7006) first freeze date, (4326) release date.
  expect_fault("(01)" + gtin + "(7006)260200", errc::bad_date, 24);
  expect_fault("(00)106141411234567897(4326)260200", errc::bad_date, 28);
}

TEST(Gs1Parse, RejectsDatesThatAreNotOnTheCalendar) {
  expect_fault("(01)" + gtin + "(17)261301", errc::bad_date, 22);
  expect_fault("(01)" + gtin + "(17)261300", errc::bad_date, 22);
  expect_fault("(01)" + gtin + "(17)260231", errc::bad_date, 22);
  expect_fault("(01)" + gtin + "(11)290229", errc::bad_date, 22);  // 2029 is not a leap year
  EXPECT_THAT(parse("(01)" + gtin + "(11)280229"), IsOk());
  expect_fault("(01)" + gtin + "(17)26123A", errc::bad_character, 27);
  // Time components: (7003) expiry date and time, HHMM.
  EXPECT_THAT(parse("(01)" + gtin + "(7003)2612312359"), IsOk());
  expect_fault("(01)" + gtin + "(7003)2612312460", errc::bad_date, 30);
}

TEST(Gs1Parse, CenturyFollowsTheSlidingWindow) {
  // Reference 2026: 49 years back (1977) to 50 years ahead (2076).
  EXPECT_EQ(parse("(01)" + gtin + "(17)761231")->expiry, ymd(2076, 12, 31));
  EXPECT_EQ(parse("(01)" + gtin + "(17)770101")->expiry, ymd(1977, 1, 1));
  EXPECT_EQ(parse("(01)" + gtin + "(17)000101")->expiry, ymd(2000, 1, 1));
  EXPECT_EQ(parse("(01)" + gtin + "(17)101231", 2060)->expiry, ymd(2110, 12, 31));
  EXPECT_EQ(parse("(01)" + gtin + "(17)991231", 2001)->expiry, ymd(1999, 12, 31));
  EXPECT_EQ(parse("(01)" + gtin + "(17)500101", 2000)->expiry, ymd(2050, 1, 1));
  EXPECT_EQ(parse("(01)" + gtin + "(17)510101", 2000)->expiry, ymd(1951, 1, 1));
  EXPECT_EQ(resolve_two_digit_year(26, 2026), 2026);
  EXPECT_EQ(resolve_two_digit_year(76, 2026), 2076);
  EXPECT_EQ(resolve_two_digit_year(77, 2026), 1977);
  EXPECT_EQ(resolve_two_digit_year(49, 2099), 2149);
  EXPECT_EQ(resolve_two_digit_year(50, 2099), 2050);
  // The default reference is this year: a date this year keeps this century.
  auto now =
      parse_gs1("(01)" + gtin + "(17)" +
                std::to_string(static_cast<int>(
                                   date_of(timestamp(std::chrono::floor<std::chrono::microseconds>(
                                               std::chrono::system_clock::now())))
                                       .year()) %
                                   100 +
                               100)
                    .substr(1) +
                "0101");
  ASSERT_THAT(now, IsOk());
  EXPECT_EQ(now->expiry->year(), date_of(timestamp(std::chrono::floor<std::chrono::microseconds>(
                                             std::chrono::system_clock::now())))
                                     .year());
}

TEST(Gs1Parse, ImpliedDecimalsKeepTrailingZeros) {
  auto scan = parse("(01)" + gtin + "(3202)000500(3310)000012(3155)123456(3565)000001");
  ASSERT_THAT(scan, IsOk());
  ASSERT_EQ(scan->measures.size(), 4u);
  EXPECT_EQ(scan->measures[0], (gs1_measure{"3202", "net_weight", "lb", "5.00"}));
  EXPECT_EQ(scan->measures[1], (gs1_measure{"3310", "logistic_length", "m", "12"}));
  EXPECT_EQ(scan->measures[2], (gs1_measure{"3155", "net_volume", "l", "1.23456"}));
  EXPECT_EQ(scan->measures[3], (gs1_measure{"3565", "net_weight", "oz_t", "0.00001"}));
}

TEST(Gs1Parse, AmountsCarryCurrency) {
  auto scan = parse("(01)" + gtin + "(30)2(3932)978001995");
  ASSERT_THAT(scan, IsOk());
  ASSERT_EQ(scan->amounts.size(), 1u);
  EXPECT_EQ(scan->amounts[0], (gs1_amount{"3932", "price", "19.95", "978"}));
  EXPECT_EQ(scan->variable_count, 2);
  auto local = parse("(01)" + gtin + "(30)2(3929)5");
  ASSERT_THAT(local, IsOk());
  EXPECT_EQ(local->amounts[0], (gs1_amount{"3929", "price", "0.000000005", ""}));
  auto payable = parse("(255)9506000134352(3901)12340");
  ASSERT_THAT(payable, IsOk());
  EXPECT_EQ(payable->amounts[0], (gs1_amount{"3901", "amount_payable", "1234.0", ""}));
  // The currency code must be three digits before the amount.
  expect_fault("(8020)R(415)9506000134352(3912)97", errc::bad_length, 33);
}

TEST(Gs1Parse, VariableLengthFieldsEndAtSeparatorOrEnd) {
  const std::string text = "01" + gtin + "10LOT-7" + gs + "17261231" + "21" + std::string(20, 'S');
  auto scan = parse(text);
  ASSERT_THAT(scan, IsOk());
  EXPECT_EQ(scan->lot, "LOT-7");
  EXPECT_EQ(scan->serial, std::string(20, 'S'));
  // A separator after a fixed-length field, and a trailing one, are accepted.
  auto extra = parse("01" + gtin + gs + "10L" + gs);
  ASSERT_THAT(extra, IsOk());
  EXPECT_EQ(extra->lot, "L");
}

TEST(Gs1Parse, LengthFaults) {
  // Data beyond the maximum: the 21st character of a lot.
  expect_fault("01" + gtin + "10" + std::string(21, 'A'), errc::bad_length, 38);
  // An empty field.
  expect_fault("01" + gtin + "10" + gs + "17261231", errc::bad_length, 18);
  expect_fault("01" + gtin + "10", errc::bad_length, 18);
  // A separator inside a fixed-length field.
  expect_fault("01" + gtin.substr(0, 10) + gs + "1234", errc::bad_length, 12);
  // The data ends inside a fixed-length field.
  expect_fault("01" + gtin + "1726123", errc::bad_length, 23);
  // Two separators: no AI between them.
  expect_fault("01" + gtin + "10A" + gs + gs + "21B", errc::malformed_input, 20);
}

TEST(Gs1Parse, CharacterSets) {
  expect_fault("01" + gtin.substr(0, 13) + "X", errc::bad_character, 15);
  expect_fault("(01)" + gtin + "(10)AB C", errc::bad_character, 24);
  expect_fault("(01)" + gtin + "(10)AB#C", errc::bad_character, 24);  // '#' is not in CSET 82
  EXPECT_THAT(parse("(8010)#ABC-12/3(8011)42"), IsOk());              // but it is in CSET 39
  expect_fault("(8010)abc(8011)42", errc::bad_character, 6);          // CSET 39 has no lower case
  EXPECT_THAT(parse("(01)" + gtin + "(10)!\"%&'*+,-./:;<=>?_az"), IsOk());
}

TEST(Gs1Parse, CheckDigitsOfEveryKeyThatCarriesOne) {
  expect_fault("(01)09506000134353", errc::bad_check_digit, 17);
  expect_fault("(00)106141411234567898", errc::bad_check_digit, 21);
  expect_fault("(414)9506000134353", errc::bad_check_digit, 17);
  // GRAI: a zero, a 13-digit key with its check digit, an optional serial.
  EXPECT_THAT(parse("(8003)09506000134352ABC"), IsOk());
  expect_fault("(8003)09506000134351ABC", errc::bad_check_digit, 19);
  expect_fault("(8003)19506000134352", errc::malformed_input, 6);
  // GMN: alphanumeric check character pair (General Specifications example).
  EXPECT_THAT(parse("(8013)1987654Ad4X4bL5ttr2310c2K"), IsOk());
  expect_fault("(8013)1987654Ad4X4bL5ttr2310cXK", errc::bad_check_digit, 29);
  // GSRN, GSIN, GDTI.
  EXPECT_THAT(parse("(8018)106141411234567897"), IsOk());
  expect_fault("(402)06141411234567891", errc::bad_check_digit, 21);
  expect_fault("(253)9506000134353X", errc::bad_check_digit, 17);
}

TEST(Gs1Parse, UnknownApplicationIdentifiers) {
  expect_fault("2312345", errc::unknown_application_identifier, 0);
  expect_fault("01" + gtin + "04123", errc::unknown_application_identifier, 16);
  expect_fault(
      "]d2"
      "01" +
          gtin + "A1",
      errc::unknown_application_identifier, 19);
  expect_fault("01" + gtin + "3", errc::unknown_application_identifier, 16);
}

TEST(Gs1Parse, NoDataIsEmptyInputNotMalformed) {
  expect_fault("", errc::empty_input, 0);
  expect_fault("]d2", errc::empty_input, 3);
  expect_fault("]C1", errc::empty_input, 3);
  expect_fault("]E0", errc::empty_input, 3);
  expect_fault("]d2" + gs, errc::empty_input, 3);
  expect_fault(gs, errc::empty_input, 0);
  expect_fault("]X91", errc::malformed_input, 0);  // an identifier onhand does not know
}

TEST(Gs1Parse, UnterminatedBracketIsMalformedNotAnUnknownAi) {
  // 15 is a valid AI (best before); the input is cut before its ')'.
  expect_fault("(15", errc::malformed_input, 0);
  expect_fault("(01" + gtin, errc::malformed_input, 0);
  expect_fault("(", errc::malformed_input, 0);
  expect_fault("(23)1", errc::unknown_application_identifier, 1);  // closed, but no AI
}

TEST(Gs1Parse, RepeatsMustAgree) {
  auto same = parse("(01)" + gtin + "(10)A(10)A");
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->elements.size(), 3u);
  EXPECT_EQ(same->lot, "A");
  expect_fault("(01)" + gtin + "(10)A(10)B", errc::conflicting_repeat, 23);
}

TEST(Gs1Parse, MutuallyExclusiveAis) {
  expect_fault("(01)" + gtin + "(02)" + gtin + "(37)1", errc::exclusive_identifiers, 18);
  expect_fault("(01)" + gtin + "(3100)000001(3101)000010", errc::exclusive_identifiers, 30);
  expect_fault("(01)" + gtin + "(37)5", errc::exclusive_identifiers, 18);
  expect_fault("(01)" + gtin + "(21)S(235)T", errc::exclusive_identifiers, 23);
  // Different families of measures are fine together.
  EXPECT_THAT(parse("(01)" + gtin + "(3100)000001(3200)000002"), IsOk());
}

TEST(Gs1Parse, AssociationsAreReportedAndRejectedOnlyInStrictMode) {
  auto lot_only = parse("(10)L1(17)270131");
  ASSERT_THAT(lot_only, IsOk());
  ASSERT_EQ(lot_only->unmet_associations.size(), 2u);
  EXPECT_EQ(lot_only->unmet_associations[0],
            (gs1_unmet_association{"10", "01,02,03,8006,8026", 0}));
  EXPECT_EQ(lot_only->unmet_associations[1].ai, "17");
  EXPECT_EQ(lot_only->lot, "L1");

  auto strict = parse("(10)L1(17)270131", 2026, true);
  ASSERT_THAT(strict, HasError(errc::unmet_association));
  EXPECT_EQ(strict.error().context.position, 0u);
  EXPECT_EQ(strict.error().context.field, "(10)");

  // A logistic label: SSCC, content GTIN and count meet each other's rules.
  auto pallet = parse("(00)106141411234567897(02)" + gtin + "(37)40(10)L1", 2026, true);
  ASSERT_THAT(pallet, IsOk());
  EXPECT_EQ(pallet->sscc, "106141411234567897");
  EXPECT_EQ(pallet->content_gtin, gtin);
  EXPECT_EQ(pallet->count, 40);
  // Two requirements on one AI: (250) needs (01) or (8006), and (21).
  auto secondary = parse("(01)" + gtin + "(250)X");
  ASSERT_THAT(secondary, IsOk());
  ASSERT_EQ(secondary->unmet_associations.size(), 1u);
  EXPECT_EQ(secondary->unmet_associations[0].required, "21");
  // "+" joins AIs that must both be present: (8030) with (01) needs (21).
  auto signature = parse("(01)" + gtin + "(8030)abc_-09");
  ASSERT_THAT(signature, IsOk());
  ASSERT_EQ(signature->unmet_associations.size(), 1u);
  EXPECT_THAT(parse("(01)" + gtin + "(21)1(8030)abc", 2026, true), IsOk());
}

TEST(Gs1Parse, OtherContentRules) {
  EXPECT_THAT(parse("(01)" + gtin + "(8006)" + gtin + "0102"),
              HasError(errc::exclusive_identifiers));
  EXPECT_THAT(parse("(8006)" + gtin + "0102"), IsOk());
  expect_fault("(8006)" + gtin + "0302", errc::malformed_input, 20);
  // (8001) roll dimensions: width, length, diameter (non-zero), winding, splices.
  EXPECT_THAT(parse("(01)" + gtin + "(8001)01230401500110"), IsOk());
  expect_fault("(01)" + gtin + "(8001)012304015001100", errc::bad_length, 38);
  expect_fault("(01)" + gtin + "(8001)00000401500110", errc::malformed_input, 24);
  expect_fault("(01)" + gtin + "(8001)01230401500120", errc::malformed_input, 36);
  EXPECT_THAT(parse("(415)9506000134352(8007)GB82WEST12345698765432"), IsOk());
  expect_fault("(415)9506000134352(8007)GB82WEST12345698765433", errc::bad_check_digit, 24);
  expect_fault("(8010)A(8011)0123", errc::malformed_input, 13);
  expect_fault("(00)106141411234567897(4300)A%2", errc::malformed_input, 29);
}

}  // namespace
}  // namespace onhand::scan

namespace onhand::scan {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

TEST(Gs1ParseInto, ReusesTheMessageAndClearsItOnError) {
  gs1_message message;
  const gs1_options options{.reference_year = 2026};
  ASSERT_THAT(parse_gs1_into("(01)09506000134352(3103)001250(10)A", message, options),
              ::onhand::testing::IsOk());
  EXPECT_EQ(message.measures.size(), 1u);
  ASSERT_THAT(parse_gs1_into("(01)09506000134352(17)261231", message, options),
              ::onhand::testing::IsOk());
  // Nothing of the previous scan is left over.
  EXPECT_EQ(message.elements.size(), 2u);
  EXPECT_TRUE(message.measures.empty());
  EXPECT_EQ(message.lot, std::nullopt);
  EXPECT_EQ(message.expiry, year{2026} / month{12} / day{31});
  // The same result as parse_gs1.
  auto fresh = parse_gs1("(01)09506000134352(17)261231", options);
  ASSERT_THAT(fresh, ::onhand::testing::IsOk());
  EXPECT_EQ(fresh->elements, message.elements);
  auto failed = parse_gs1_into("(01)09506000134352(17)261331", message, options);
  ASSERT_THAT(failed, ::onhand::testing::HasError(errc::bad_date));
  EXPECT_TRUE(message.elements.empty());
  EXPECT_EQ(message.gtin, std::nullopt);
  EXPECT_EQ(message.expiry, std::nullopt);
}

}  // namespace
}  // namespace onhand::scan

namespace onhand::scan {
namespace {

TEST(Gs1ParseEdges, SeparatorsAndSpecialFormats) {
  const gs1_options options{.reference_year = 2026};
  // In the bracketed form a GS is just a character outside CSET 82.
  auto bracketed_gs = parse_gs1(
      "(01)09506000134352(10)A\x1d"
      "B",
      options);
  ASSERT_THAT(bracketed_gs, ::onhand::testing::HasError(errc::bad_character));
  EXPECT_EQ(bracketed_gs.error().context.position, 23u);
  // A bad character before a separator in a fixed-length field is reported first.
  auto first_fault = parse_gs1(
      "010950600A\x1d"
      "1343521",
      options);
  ASSERT_THAT(first_fault, ::onhand::testing::HasError(errc::bad_character));
  EXPECT_EQ(first_fault.error().context.position, 9u);
  // The delivery dates 4324/4325 are YYMMD0 in the GS1 table: day 00 is allowed.
  EXPECT_THAT(parse_gs1("(00)106141411234567897(4324)2612001200", options),
              ::onhand::testing::IsOk());
  // Base64url for the digital signature: no '+' or '/'.
  auto signature = parse_gs1("(01)09506000134352(21)1(8030)ab+c", options);
  ASSERT_THAT(signature, ::onhand::testing::HasError(errc::bad_character));
  EXPECT_EQ(signature.error().context.position, 31u);
  // A repeat does not report its unmet associations twice.
  auto twice = parse_gs1("(10)A(10)A", options);
  ASSERT_THAT(twice, ::onhand::testing::IsOk());
  EXPECT_EQ(twice->unmet_associations.size(), 1u);
}

// The parser's mod-10 check against the catalog's (a second implementation)
// for keys of every length the AI table uses, with every candidate digit.
TEST(Gs1CheckDigit, AgreesWithTheCatalogForEveryDigit) {
  std::mt19937 random(20261205);
  const std::pair<std::string, std::size_t> keys[] = {
      {"(00)", 18}, {"(01)", 14}, {"(414)", 13}, {"(8017)", 18}, {"(253)", 13}};
  for (const auto& [ai, length] : keys) {
    for (int round = 0; round < 200; ++round) {
      std::string body;
      for (std::size_t i = 0; i + 1 < length; ++i) body += static_cast<char>('0' + random() % 10);
      const int right = *gs1_check_digit(body);
      for (int digit = 0; digit < 10; ++digit) {
        const std::string text = ai + body + static_cast<char>('0' + digit);
        auto parsed = parse(text);
        if (digit == right) {
          EXPECT_THAT(parsed, IsOk()) << text;
        } else {
          EXPECT_THAT(parsed, HasError(errc::bad_check_digit)) << text;
        }
      }
    }
  }
}

}  // namespace
}  // namespace onhand::scan

namespace onhand::scan {
namespace {

TEST(Gs1Message, FindsRawValuesAndNamesItsSymbology) {
  auto scan = parse_gs1(
      "]Q3"
      "0109506000134352"
      "7003261231235"
      "9",
      gs1_options{.reference_year = 2026});
  ASSERT_THAT(scan, ::onhand::testing::IsOk());
  ASSERT_NE(scan->find("7003"), nullptr);
  EXPECT_EQ(*scan->find("7003"), "2612312359");
  EXPECT_EQ(scan->find("17"), nullptr);
  EXPECT_EQ(scan->elements[1].definition->title, "EXPIRY TIME");
  EXPECT_EQ(name_of(scan->symbology), "qr_code");
  EXPECT_EQ(name_of(symbology::ean_8), "ean_8");
}

TEST(Gs1ElementString, SeparatorOnlyAfterElementsOfNoPredefinedLength) {
  // (01) and (17) are in the General Specifications' table of predefined
  // lengths; (10), (30) and the fixed-length (8005) are not.
  auto scan = parse("(01)" + gtin + "(10)L1(17)261231(30)5(8005)000365(21)S1");
  ASSERT_THAT(scan, IsOk());
  const std::string expected = "01" + gtin + "10L1" + gs + "17261231" + "305" + gs + "8005000365" +
                               gs + "21S1";  // nothing after the last
  EXPECT_EQ(to_element_string(*scan), expected);
  auto again = parse(expected);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(to_bracketed(*again), to_bracketed(*scan));
  // Raw input with optional separators comes out canonical.
  auto padded = parse("]d2" + gs + "01" + gtin + gs + "10L1" + gs);
  ASSERT_THAT(padded, IsOk());
  EXPECT_EQ(to_element_string(*padded), "01" + gtin + "10L1");
  EXPECT_EQ(to_element_string(gs1_message{}), "");
}

TEST(Gs1GtinFormat, TheFormatTheGtinWasScannedIn) {
  // GS1 General Specifications examples: EAN-8 96385074, UPC-A 036000291452,
  // EAN-13 4006381333931, ITF-14 / GTIN-14 80614141123458.
  EXPECT_THAT(gtin_format_of("96385074"), IsOkAndHolds(gtin_format::gtin_8));
  EXPECT_THAT(gtin_format_of("036000291452"), IsOkAndHolds(gtin_format::gtin_12));
  EXPECT_THAT(gtin_format_of("4006381333931"), IsOkAndHolds(gtin_format::gtin_13));
  EXPECT_THAT(gtin_format_of("80614141123458"), IsOkAndHolds(gtin_format::gtin_14));
  EXPECT_THAT(gtin_format_of("9638507"), HasError(errc::bad_length));
  EXPECT_THAT(gtin_format_of("96385075"), HasError(errc::bad_check_digit));
  EXPECT_EQ(parse("]E496385074")->gtin_format, gtin_format::gtin_8);
  EXPECT_EQ(parse("]E00036000291452")->gtin_format, gtin_format::gtin_12);
  EXPECT_EQ(parse("]E04006381333931")->gtin_format, gtin_format::gtin_13);
  EXPECT_EQ(parse("]I180614141123458")->gtin_format, gtin_format::gtin_14);
  EXPECT_EQ(parse("(01)" + gtin)->gtin_format, gtin_format::gtin_14);
  EXPECT_EQ(parse("(00)106141411234567897")->gtin_format, std::nullopt);
}

}  // namespace
// Hostile text: bytes outside ASCII, and inputs of a megabyte.

TEST(Gs1Hostile, NonAsciiIsBadCharacterAtItsFirstByte) {
  // "é" is C3 A9 in UTF-8; every byte before the fault is ASCII, so the
  // offset is also the index of the character in the decoded text.
  const std::pair<std::string, std::size_t> cases[] = {
      {"(01)\xc3\xa9", 4},         // was bad_length: (01) too short
      {"]a\xc3\xa9", 2},           // was a message quoting "]a\xc3"
      {"]C1\xc3\xa9", 3},          // was unknown_application_identifier
      {"\xc3\xa9", 0},             //
      {"(10)ab(21)\xc3\xa9", 10},  //
      {"(99999)\xe2\x82\xac", 7},  // the euro sign outranks the unknown AI
      {"0109506000134352\xf0\x9f\x92\xa9", 16},
  };
  for (const auto& [text, position] : cases) {
    auto parsed = parse(text);
    ASSERT_THAT(parsed, HasError(errc::bad_character)) << text;
    EXPECT_EQ(parsed.error().context.position, position) << text;
    EXPECT_TRUE(detail::is_utf8(parsed.error().message)) << parsed.error().message;
    EXPECT_THAT(parsed.error().message, ::testing::HasSubstr("not ASCII"));
  }
}

TEST(Gs1Hostile, MessagesAreBoundedAndWholeCharacters) {
  const std::string mb(1'000'000, 'x');
  const std::string digits(1'000'000, '9');
  const std::string inputs[] = {
      "(10)" + mb,
      "10" + mb,
      "]C1" + mb,
      "(" + mb,
      std::string(1'000'000, '('),
      "(01)" + digits,
      "01" + digits,
      "(21)" + mb + "\xc3\xa9",
      "]d2" + std::string(500'000, '\x1d'),
      "(10)A(10)" + std::string(20, 'B'),  // a conflicting repeat quotes both values
      "(10)" + std::string(20, 'A') + "(10)" + std::string(20, 'B'),
      std::string(500'000, '\xc3') + "\xa9",
  };
  for (const auto& text : inputs) {
    auto parsed = parse(text);
    ASSERT_FALSE(parsed.has_value()) << text.substr(0, 40);
    EXPECT_LE(parsed.error().message.size(), 300u) << parsed.error().message.substr(0, 300);
    EXPECT_TRUE(detail::is_utf8(parsed.error().message));
    ASSERT_TRUE(parsed.error().context.position.has_value());
    EXPECT_LE(*parsed.error().context.position, text.size());
  }
}

// The resolved years of every YY by brute force: the 100 years from
// reference - 49 to reference + 50, each congruent to its YY modulo 100.
TEST(Gs1ReferenceYear, WindowOfEveryValidYearIsItsHundredYears) {
  for (int reference = gs1_options::reference_year_min;
       reference <= gs1_options::reference_year_max; ++reference) {
    std::set<int> years;
    for (int yy = 0; yy < 100; ++yy) {
      const int y = resolve_two_digit_year(yy, reference);
      ASSERT_EQ(((y % 100) + 100) % 100, yy) << reference;
      ASSERT_GE(y, 1) << reference;
      ASSERT_LE(y, 9999) << reference;
      years.insert(y);
    }
    ASSERT_EQ(years.size(), 100u) << reference;
    ASSERT_EQ(*years.begin(), reference - 49) << reference;
    ASSERT_EQ(*years.rbegin(), reference + 50) << reference;
  }
  // Just outside, a two-digit year leaves 1..9999: year 0, year 10000.
  EXPECT_EQ(resolve_two_digit_year(0, gs1_options::reference_year_min - 1), 0);
  EXPECT_EQ(resolve_two_digit_year(0, gs1_options::reference_year_max + 1), 10000);
}

TEST(Gs1ReferenceYear, EdgesOfTheRangeParse) {
  auto low = parse("(17)000101", gs1_options::reference_year_min);
  ASSERT_THAT(low, IsOk());
  EXPECT_EQ(low->expiry, ymd(100, 1, 1));
  auto high = parse("(17)991231", gs1_options::reference_year_max);
  ASSERT_THAT(high, IsOk());
  EXPECT_EQ(high->expiry, ymd(9999, 12, 31));
}

TEST(Gs1ReferenceYear, OutsideTheRangeIsInvalidParameter) {
  // 0 read YY 26 as year 26; 2^31 - 1 overflowed to year -22.
  for (int reference : {0, gs1_options::reference_year_min - 1, gs1_options::reference_year_max + 1,
                        -1, std::numeric_limits<int>::max(), std::numeric_limits<int>::min()}) {
    auto parsed = parse("(17)261231", reference);
    ASSERT_THAT(parsed, HasError(errc::invalid_parameter)) << reference;
    EXPECT_EQ(parsed.error().context.field, "reference_year");
    EXPECT_FALSE(parsed.error().context.position.has_value());
    EXPECT_THAT(parsed.error().message, ::testing::HasSubstr(std::to_string(reference)));
    gs1_message reused;
    reused.lot = "kept?";
    auto into = parse_gs1_into("(17)261231", reused, gs1_options{.reference_year = reference});
    ASSERT_THAT(into, HasError(errc::invalid_parameter));
    EXPECT_FALSE(reused.lot.has_value());  // cleared, as on every error
  }
  // The parameter is checked before the text.
  EXPECT_THAT(parse("\xc3\xa9", 0), HasError(errc::invalid_parameter));
}

}  // namespace onhand::scan
