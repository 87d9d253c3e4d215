// SPDX-License-Identifier: Apache-2.0
// The valuation domain's commands. Each validates against the state and
// returns an intent or an error; the same rules judge an event read back
// from the log (check_logged, and check_receipt_costs for the document
// that follows a receipt_costed), so replay accepts exactly what the
// commands could have written.
#pragma once

#include <span>

#include "onhand/ledger/movement.hpp"
#include "onhand/state.hpp"
#include "onhand/valuation/commands.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The valuation domain's events carry no idempotency key of their own (a
// costed receipt is retried by its document's key), so their domain is never
// recorded in the key index.
constexpr auto domain_of(const costing_method_set&) -> domain { return domain::ledger; }
constexpr auto domain_of(const receipt_costed&) -> domain { return domain::ledger; }

/// A cost (unit, standard or landed): zero or more, and within what a log
/// can hold (i64 millionths). invalid_cost names `field`.
[[nodiscard]] auto check_cost(const money& cost, std::string_view field) -> result<void>;

/// The costing change `request` asks for, effective at `now`; an empty
/// intent when the item is valued so already.
[[nodiscard]] auto validate_costing(const state& s, const costing_request& request, timestamp now)
    -> result<intent>;

/// The rule of a costed receipt: one unit cost per line, each valid, and
/// every line brings stock from outside (supplier, customer, loss...) into
/// an internal or transit location.
[[nodiscard]] auto check_receipt_costs(const state& s, const movement_document& document,
                                       std::span<const money> unit_costs) -> result<void>;

// What replay must trust about a valuation event from the log.
[[nodiscard]] auto check_logged(const costing_method_set& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const receipt_costed& e, const state& s) -> result<void>;

}  // namespace onhand::detail
