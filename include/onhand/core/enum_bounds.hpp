// SPDX-License-Identifier: Apache-2.0
// File: onhand/core/enum_bounds.hpp
//
// The valid values of a persisted enum, declared once next to the enum. An
// enum whose values are stored (in events, in snapshots) specialises
// `enum_bounds` with its `last` value: its valid values are then exactly the
// contiguous 0..last, and decoding refuses any other. Values are never
// renumbered or removed, so a log written before an enumerator was added
// still decodes; adding one means moving `last` in the same header. Each
// persisted enum's test checks that every value up to `last`, and none past
// it, has a name, so a bound left behind fails a test.
//
// Example:
//
//   template <>
//   struct onhand::enum_bounds<onhand::lot_status> {
//     static constexpr auto last = onhand::lot_status::recalled;
//   };
//   static_assert(onhand::enum_size<onhand::lot_status> == 3);
#pragma once

#include <cstddef>
#include <type_traits>

namespace onhand {

/// Specialised for each persisted enum: `static constexpr Enum last`, its
/// highest valid value. Left undefined otherwise.
template <class Enum>
struct enum_bounds;

/// An enum with declared bounds, whose values start at 0 and are unsigned.
template <class Enum>
concept persisted_enum = std::is_enum_v<Enum> && std::is_unsigned_v<std::underlying_type_t<Enum>> &&
    std::is_same_v<std::remove_cv_t<decltype(enum_bounds<Enum>::last)>, Enum>;

/// How many valid values a persisted enum has (last + 1).
template <persisted_enum Enum>
inline constexpr std::size_t enum_size = static_cast<std::size_t>(enum_bounds<Enum>::last) + 1;

/// Whether `value` is one of a persisted enum's valid values.
template <persisted_enum Enum>
[[nodiscard]] constexpr auto is_valid_enum(std::underlying_type_t<Enum> value) noexcept -> bool {
  return static_cast<std::size_t>(value) < enum_size<Enum>;
}

}  // namespace onhand
