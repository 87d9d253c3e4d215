// SPDX-License-Identifier: Apache-2.0
// What a domain's validation hands the engine: the events a command appends,
// as one atomic batch. An event is either owned by the intent (a catalog
// definition, small and rare) or borrowed from the command (a posted
// document, the hot path), so validation copies nothing the caller already
// holds. An empty intent is a no-op: the command changes nothing and
// appends nothing (a repeated definition, a status already set).
#pragma once

#include <string_view>
#include <variant>

#include <boost/container/small_vector.hpp>

#include "onhand/events.hpp"
#include "onhand/idempotency.hpp"

namespace onhand::detail {

// The hooks by which a domain tells the engine about its events; a domain's
// commands header overloads them for its own event types.
/// The form in which projections receive an event: itself by default.
template <class E>
auto as_applied(const E& e) -> const E& {
  return e;
}
/// The idempotency key an applied event carries: none by default.
template <class E>
auto key_of_applied(const E&) -> std::string_view {
  return {};
}

/// The idempotency key a command is committed under, and what it is.
struct command_key {
  std::string_view key;  ///< Empty: the command carries no key.
  domain owner = domain::ledger;
  std::string_view noun;  ///< The request in a conflict's message ("document").
};

/// One event to append: owned, or a borrowed posting.
using staged_event = std::variant<event, posting_ref>;

struct intent {
  /// Events in log order. One inline: most commands append one event.
  boost::container::small_vector<staged_event, 1> events;

  [[nodiscard]] auto empty() const noexcept -> bool { return events.empty(); }

  /// An intent of one event.
  template <class E>
  [[nodiscard]] static auto of(E&& e) -> intent {
    intent out;
    out.events.emplace_back(std::forward<E>(e));
    return out;
  }
};

}  // namespace onhand::detail
