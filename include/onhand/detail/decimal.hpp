// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/decimal.hpp
//
// Shared text <-> fixed-point conversion for quantity and money. Internal.
#pragma once

#include <string>
#include <string_view>

#include "onhand/core/result.hpp"
#include "onhand/detail/int128.hpp"

namespace onhand::detail {

/// Parses a plain decimal into a count of 10^-decimals units, within ±limit.
/// malformed_input, precision_exceeded (a non-zero digit past `decimals`) or overflow.
[[nodiscard]] auto parse_fixed(std::string_view text, int decimals, int128 limit,
                               std::string_view what) -> result<int128>;

/// Formats a count of 10^-decimals units; `fixed_decimals` < 0 means shortest.
[[nodiscard]] auto format_fixed(int128 raw, int decimals, int fixed_decimals) -> std::string;

}  // namespace onhand::detail
