// SPDX-License-Identifier: Apache-2.0
// File: onhand/valuation/events.hpp
//
// The valuation domain's events: how an item is costed, and what the lines
// of a receipt cost. Movement lines carry no cost, so a costed receipt is
// two events in one append: the ledger's document_posted, then
// receipt_costed with one unit cost per line of that document. Every other
// movement is valued by the rules of docs/concepts/valuation.md. Their
// encoding lives in src/valuation/codec.cpp under the valuation domain's tag
// block (112–127).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/core/date.hpp"
#include "onhand/core/enum_bounds.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"

namespace onhand {

/// How an item's stock is valued. Persisted: values are stable.
enum class costing_method : std::uint8_t {
  fifo = 0,            ///< Cost layers, issued oldest first (the default).
  moving_average = 1,  ///< One pool per location, issued at its average cost.
  standard = 2,        ///< At a set standard cost; receipts record purchase price variance.
};
template <>
struct enum_bounds<costing_method> {
  static constexpr auto last = costing_method::standard;
};
/// "fifo", "moving_average", "standard".
[[nodiscard]] auto name_of(costing_method method) noexcept -> std::string_view;
[[nodiscard]] auto parse_costing_method(std::string_view name) -> std::optional<costing_method>;

/// From `effective` on, `item` is valued by `method` (and, for the standard
/// method, at `standard_cost` per base unit). A change revalues the stock
/// held at that time: see docs/concepts/valuation.md.
struct costing_method_set {
  item_id item;
  costing_method method = costing_method::fifo;
  money standard_cost;  ///< Per base unit; zero unless the method is standard.
  timestamp effective;
  friend auto operator==(const costing_method_set&, const costing_method_set&) -> bool = default;
};

/// The document posted just before it (in the same append), whose key is
/// `document`, received its lines at these unit costs, one per line, in
/// line order, per base unit.
struct receipt_costed {
  std::string document;
  std::vector<money> unit_costs;
  friend auto operator==(const receipt_costed&, const receipt_costed&) -> bool = default;
};

}  // namespace onhand
