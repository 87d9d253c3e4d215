// SPDX-License-Identifier: Apache-2.0
// File: onhand/valuation/landed_cost.hpp
//
// Landed costs (freight, duty, insurance) spread over a receipt's lines, as
// a pure function: by quantity, by value or by weight. Each line gets its
// exact share, total × basis / Σ basis, rounded down to the millionth; the
// millionths left over go one each to the lines with the largest discarded
// remainders, ties to the earlier line (the largest remainder method). The
// shares therefore sum to the total exactly, and no line is more than one
// millionth from its exact share. Add a line's share / quantity to its unit
// cost before posting the costed receipt.
//
// Example:
//
//   std::vector<onhand::landed_cost_line> lines{{.amount = q("10"), .value = m("100")},
//                                               {.amount = q("20"), .value = m("50")}};
//   auto shares = onhand::allocate_landed_cost(m("30"), lines, onhand::allocation_basis::value);
//   // 20 and 10
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {

/// What landed costs are spread by.
enum class allocation_basis : std::uint8_t {
  quantity,  ///< The line's amount in base units.
  value,     ///< The line's value (amount × unit cost).
  weight,    ///< The line's weight, in any one unit for all lines.
};

/// A receipt line as landed-cost allocation sees it.
struct landed_cost_line {
  quantity amount;  ///< Base units; zero or more.
  money value;      ///< Zero or more.
  quantity weight;  ///< Zero or more.
};

/// Each line's share of `total` (zero or more). Errors: invalid_cost for a
/// negative total or line value (field "total" or "value"),
/// invalid_quantity for a negative amount or weight, invalid_parameter when
/// the lines' basis sums to zero while the total is not zero (field
/// "basis").
[[nodiscard]] auto allocate_landed_cost(const money& total, std::span<const landed_cost_line> lines,
                                        allocation_basis basis) -> result<std::vector<money>>;

}  // namespace onhand
