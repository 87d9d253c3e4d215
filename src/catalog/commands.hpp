// SPDX-License-Identifier: Apache-2.0
// The catalog's commands: definitions of items, locations and lots, and lot
// status changes. Each validates against the state and returns an intent
// (the event to append) or an error; a definition identical to an existing
// one, or a status already set, is an empty intent (a no-op).
#pragma once

#include "onhand/catalog/catalog.hpp"
#include "onhand/state.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The catalog's events: content-idempotent, so they carry no key.
constexpr auto domain_of(const item_defined&) -> domain { return domain::catalog; }
constexpr auto domain_of(const location_defined&) -> domain { return domain::catalog; }
constexpr auto domain_of(const lot_defined&) -> domain { return domain::catalog; }
constexpr auto domain_of(const lot_status_set&) -> domain { return domain::catalog; }

[[nodiscard]] auto validate(const state& s, const item_definition& item) -> result<intent>;
[[nodiscard]] auto validate(const state& s, const location_definition& location) -> result<intent>;
[[nodiscard]] auto validate(const state& s, const lot_definition& lot) -> result<intent>;
[[nodiscard]] auto validate_lot_status(const state& s, lot_id lot, lot_status status)
    -> result<intent>;

/// The id a committed definition has (new or existing).
[[nodiscard]] auto defined_id(const state& s, const item_definition& item) -> item_id;
[[nodiscard]] auto defined_id(const state& s, const location_definition& location) -> location_id;
[[nodiscard]] auto defined_id(const state& s, const lot_definition& lot) -> lot_id;

// What replay must trust about a catalog event from the log: a definition
// is new and valid, a status names a defined lot.
[[nodiscard]] auto check_logged(const item_defined& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const location_defined& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const lot_defined& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const lot_status_set& e, const state& s) -> result<void>;

}  // namespace onhand::detail
