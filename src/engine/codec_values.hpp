// SPDX-License-Identifier: Apache-2.0
// How the domains' event codecs write onhand's value types, beyond the plain
// fields of onhand/detail/codec.hpp: a quantity as its raw i64 count of
// base-unit millionths, money as its raw i64 (the prices and costs of
// purchasing and valuation events; their commands keep every one within
// i64 millionths). Counting's events write money as
// decimal text (counting/codec.cpp) and keep doing so: logs must decode.
#pragma once

#include <cstdint>

#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/detail/codec.hpp"

namespace onhand::detail {

inline void write_quantity(writer& w, quantity q) { w.integer(q.raw()); }
inline auto read_quantity(reader& r) -> quantity {
  return quantity::from_raw(r.integer<std::int64_t>());
}

inline void write_money(writer& w, const money& m) {
  w.integer(static_cast<std::int64_t>(m.raw()));
}
inline auto read_money(reader& r) -> money {
  return money::from_raw(money::rep{r.integer<std::int64_t>()});
}

}  // namespace onhand::detail
