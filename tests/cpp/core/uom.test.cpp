// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/uom.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace onhand {
namespace {

using testing::HasError;
using testing::IsOk;
using testing::IsOkAndHolds;

auto q(const char* text) -> quantity { return quantity::parse(text).value(); }

auto each_units() -> unit_set {
  unit_set units{base_unit{"each", 0}};
  EXPECT_THAT(units.add_alternate("case", unit_factor::parse("12").value(), "each"), IsOk());
  EXPECT_THAT(units.add_alternate("pallet", unit_factor::parse("40").value(), "case"), IsOk());
  return units;
}

TEST(UnitFactor, ParsesExactRationals) {
  EXPECT_EQ(unit_factor::parse("12").value(), (unit_factor{12, 1}));
  EXPECT_EQ(unit_factor::parse("0.45359237").value(), (unit_factor{45359237, 100000000}));
  EXPECT_EQ(unit_factor::parse("0.5").value(), (unit_factor{1, 2}));
  EXPECT_EQ(unit_factor::parse("0.5")->to_string(), "1/2");
  EXPECT_THAT(unit_factor::parse("0"), HasError(errc::invalid_quantity));
  EXPECT_THAT(unit_factor::parse("-2"), HasError(errc::malformed_input));
  EXPECT_THAT(unit_factor::parse("1."), HasError(errc::malformed_input));
  EXPECT_THAT(unit_factor::parse(""), HasError(errc::malformed_input));
  EXPECT_THAT(unit_factor::parse("12345678901234567890"), HasError(errc::overflow));
  EXPECT_THAT(unit_factor::ratio(3, 0), HasError(errc::invalid_quantity));
}

TEST(UnitSet, ConvertsThroughChainedAlternates) {
  const auto units = each_units();
  EXPECT_THAT(units.to_base(q("2"), "pallet"), IsOkAndHolds(q("960")));
  EXPECT_THAT(units.to_base(q("3"), "case"), IsOkAndHolds(q("36")));
  EXPECT_THAT(units.to_base(q("5"), "each"), IsOkAndHolds(q("5")));
  EXPECT_THAT(units.from_base(q("30"), "case"), IsOkAndHolds(q("2.5")));
  EXPECT_EQ(units.factor("pallet").value(), (unit_factor{480, 1}));
}

TEST(UnitSet, RefusesWhatTheBaseUnitCannotHold) {
  const auto units = each_units();
  EXPECT_THAT(units.to_base(q("0.5"), "each"), HasError(errc::precision_exceeded));
  EXPECT_THAT(units.to_base(q("0.1"), "case"), HasError(errc::precision_exceeded));  // 1.2 each
  EXPECT_THAT(units.to_base(q("0.25"), "case"), IsOkAndHolds(q("3")));
  EXPECT_THAT(units.check_precision(q("1.5")), HasError(errc::precision_exceeded));
}

TEST(UnitSet, KilogramsWithPounds) {
  unit_set kg{base_unit{"kg", 3}};
  ASSERT_THAT(kg.add_alternate("lb", unit_factor::parse("0.45359237").value(), "kg"), IsOk());
  ASSERT_THAT(kg.add_alternate("g", unit_factor::parse("0.001").value(), "kg"), IsOk());
  EXPECT_THAT(kg.to_base(q("1"), "lb"), HasError(errc::precision_exceeded));     // 0.45359237
  EXPECT_THAT(kg.to_base(q("1000"), "lb"), HasError(errc::precision_exceeded));  // 453.59237
  EXPECT_THAT(kg.to_base(q("100000"), "lb"), IsOkAndHolds(q("45359.237")));
  EXPECT_THAT(kg.to_base(q("1250"), "g"), IsOkAndHolds(q("1.25")));
  EXPECT_THAT(kg.to_base(q("0.5"), "g"), HasError(errc::precision_exceeded));
}

TEST(UnitSet, DefinitionErrorsLeaveTheSetUnchanged) {
  auto units = each_units();
  const auto before = units;
  EXPECT_THAT(units.add_alternate("case", unit_factor{6, 1}, "each"),
              HasError(errc::definition_conflict));
  EXPECT_THAT(units.add_alternate("each", unit_factor{6, 1}, "each"),
              HasError(errc::definition_conflict));
  EXPECT_THAT(units.add_alternate("crate", unit_factor{6, 1}, "box"),
              HasError(errc::unit_mismatch));
  EXPECT_THAT(units.add_alternate("", unit_factor{6, 1}, "each"), HasError(errc::malformed_input));
  EXPECT_THAT(units.add_alternate("huge", unit_factor{INT64_MAX, 1}, "pallet"),
              HasError(errc::overflow));
  EXPECT_EQ(units, before);
  EXPECT_THAT(units.to_base(q("1"), "box"), HasError(errc::unit_mismatch));
}

TEST(UnitSet, ValidatesBaseUnit) {
  EXPECT_THAT(unit_set::make(base_unit{"kg", 3}), IsOk());
  EXPECT_THAT(unit_set::make(base_unit{"kg", 7}), HasError(errc::precision_exceeded));
  EXPECT_THAT(unit_set::make(base_unit{"kg", -1}), HasError(errc::precision_exceeded));
  EXPECT_THAT(unit_set::make(base_unit{"", 0}), HasError(errc::malformed_input));
}

TEST(UnitSet, UnitNamesAreNamesLikeCodes) {
  for (const auto& name : {std::string("k\ng"), std::string("k\0g", 3), std::string("\xff"),
                           std::string(unit_set::name_length_max + 1, 'u')}) {
    EXPECT_THAT(unit_set::make(base_unit{name, 0}), HasError(errc::malformed_input));
    auto units = unit_set::make(base_unit{"each", 0}).value();
    EXPECT_THAT(units.add_alternate(name, unit_factor{12, 1}, "each"),
                HasError(errc::malformed_input));
    EXPECT_TRUE(units.alternates().empty());
  }
}

}  // namespace
}  // namespace onhand
