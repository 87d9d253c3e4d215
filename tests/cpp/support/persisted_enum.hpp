// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/persisted_enum.hpp
//
// Ties a persisted enum's bounds (onhand/core/enum_bounds.hpp) to its names:
// every value in 0..last has its own name, which parses back to it, and no
// value past `last` has one (name_of falls back to an existing name). An
// enumerator added without moving `last` fails here:
//   onhand::testing::expect_bounds_match_names<onhand::lot_status>(onhand::parse_lot_status);
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "onhand/core/enum_bounds.hpp"

namespace onhand::testing {

template <persisted_enum Enum, class Parse>
void expect_bounds_match_names(Parse parse) {
  std::set<std::string_view> names;
  for (std::size_t value = 0; value < enum_size<Enum>; ++value) {
    const auto e = static_cast<Enum>(value);
    const auto name = name_of(e);
    EXPECT_FALSE(name.empty()) << "value " << value;
    EXPECT_TRUE(names.insert(name).second) << "value " << value << " repeats the name " << name;
    EXPECT_EQ(parse(name), e) << "value " << value << " does not parse back from " << name;
  }
  for (std::size_t value = enum_size<Enum>; value <= 255; ++value) {
    const auto name = name_of(static_cast<Enum>(value));
    EXPECT_TRUE(names.contains(name))
        << "value " << value << " is named " << name << " but lies past enum_bounds::last";
  }
}

}  // namespace onhand::testing
