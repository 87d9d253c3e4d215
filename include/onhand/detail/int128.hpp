// SPDX-License-Identifier: Apache-2.0
// File: onhand/detail/int128.hpp
//
// The compiler's 128-bit integers (GCC and Clang), named once so -Wpedantic
// stays quiet. Internal: used for exact intermediate products.
#pragma once

namespace onhand::detail {
__extension__ using int128 = __int128;
__extension__ using uint128 = unsigned __int128;
// std::numeric_limits knows no __int128 in strict ISO mode, so the bound is spelled out.
inline constexpr int128 int128_max = static_cast<int128>((static_cast<uint128>(1) << 127) - 1);
}  // namespace onhand::detail
