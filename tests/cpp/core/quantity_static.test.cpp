// SPDX-License-Identifier: Apache-2.0
// Compile-time negative tests: what must not compile (STYLE.md rule 9). If
// this file compiles, the type rules hold.
#include <concepts>

#include "onhand/core/ids.hpp"
#include "onhand/core/money.hpp"
#include "onhand/core/quantity.hpp"

namespace onhand {
namespace {

template <class A, class B>
concept addable = requires(A a, B b) {
  a + b;
};
template <class A, class B>
concept subtractable = requires(A a, B b) {
  a - b;
};

// A level plus a level is meaningless: a balance added to a balance.
static_assert(!addable<stock_level, stock_level>);
// A level plus a movement is a level; a level minus a level is a movement.
static_assert(std::same_as<decltype(stock_level{} + quantity{}), stock_level>);
static_assert(std::same_as<decltype(stock_level{} - stock_level{}), quantity>);
// A level is not silently a quantity, nor a quantity a level.
static_assert(!std::convertible_to<stock_level, quantity>);
static_assert(!std::convertible_to<quantity, stock_level>);
static_assert(!std::equality_comparable_with<stock_level, quantity>);
// Raw integers and floating point never become quantities implicitly.
static_assert(!std::convertible_to<long, quantity>);
static_assert(!std::convertible_to<double, quantity>);
static_assert(!addable<quantity, int>);
static_assert(!addable<quantity, double>);
// Money and quantities do not mix: extend() is the one bridge.
static_assert(!addable<money, quantity>);
static_assert(!std::convertible_to<quantity, money>);
static_assert(!std::convertible_to<double, money>);
// Ids of different kinds are different types.
static_assert(!std::convertible_to<item_id, location_id>);
static_assert(!std::equality_comparable_with<item_id, location_id>);

// Exact constants at compile time.
static_assert(quantity::units(12).raw() == 12'000'000);
static_assert((stock_level::zero() + quantity::units(3) - stock_level::zero()) ==
              quantity::units(3));
static_assert(quantity::from_raw(1'500'000).fits_decimals(1));
static_assert(!quantity::from_raw(1'500'000).fits_decimals(0));

}  // namespace
}  // namespace onhand
