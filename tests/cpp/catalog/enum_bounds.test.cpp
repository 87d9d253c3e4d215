// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "onhand/catalog/location.hpp"
#include "onhand/catalog/lot.hpp"

#include "persisted_enum.hpp"

namespace onhand {
namespace {

TEST(CatalogEnumBounds, EveryLocationKindUpToTheBoundHasAName) {
  testing::expect_bounds_match_names<location_kind>(parse_location_kind);
}

TEST(CatalogEnumBounds, EveryLotStatusUpToTheBoundHasAName) {
  testing::expect_bounds_match_names<lot_status>(parse_lot_status);
}

}  // namespace
}  // namespace onhand
