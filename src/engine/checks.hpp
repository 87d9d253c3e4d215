// SPDX-License-Identifier: Apache-2.0
// Checks and message helpers that several domains' command validation
// shares. One definition each: the domains' commands would otherwise carry
// copies under the same names, which a unity build of the library (the
// default, ONHAND_UNITY_BUILD) may put into one file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "onhand/catalog/catalog.hpp"
#include "onhand/core/error.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/result.hpp"
#include "onhand/state.hpp"

namespace onhand::detail {

/// The longest free text a command stores (a reason, a customer, a name).
inline constexpr std::size_t text_length_max = 1'024;

/// An item's code for a message, or "" when the id is not in the catalog
/// (replay of a damaged log reports such ids before it reads their codes).
inline auto item_code(const state& s, item_id item) -> std::string {
  return item.index() < s.catalog.item_count() ? s.catalog.item(item).code : std::string{};
}
/// A location's code for a message, or "" when the id is not in the catalog.
inline auto location_code(const state& s, location_id location) -> std::string {
  return location.index() < s.catalog.location_count() ? s.catalog.location(location).code
                                                       : std::string{};
}

/// For replay: store_failure when an event brings a key the log used before
/// (the engine gives every key one event that introduces it).
inline auto check_new_key(const state& s, std::string_view key) -> result<void> {
  if (s.keys.find(key)) {
    return make_error(errc::store_failure, "the key '" + std::string(key) + "' was used before");
  }
  return {};
}

}  // namespace onhand::detail
