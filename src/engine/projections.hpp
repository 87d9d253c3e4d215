// SPDX-License-Identifier: Apache-2.0
// The projections aggregate: every domain's projection, the idempotency
// index and the log position, with one listening dispatch. An event reaches
// every projection that has `apply(const E&, const state&)` for it, in
// member order (lower domains first, so a projection may read the lower
// ones it depends on while it applies). Replay, commands and verify() all
// apply through here, so every projection is consistent with the log by
// construction.
//
// Adding a domain adds its commands header above, a member below and to
// `members()`, and the member to the public state view. Each domain's
// commands header says, for its events, which domain they belong to
// (`domain_of`), what key they carry (`key_of_applied`, for keyed events)
// and, where projections apply a borrowed view, `as_applied`.
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>

#include "onhand/catalog/catalog.hpp"
#include "onhand/events.hpp"
#include "onhand/idempotency.hpp"
#include "onhand/ledger/stock_ledger.hpp"
#include "onhand/state.hpp"

#include "allocation/commands.hpp"
#include "catalog/commands.hpp"
#include "counting/commands.hpp"
#include "ledger/commands.hpp"
#include "orders/commands.hpp"
#include "orders/sales_commands.hpp"
#include "purchasing/commands.hpp"
#include "valuation/commands.hpp"

namespace onhand::detail {

struct projections {
  onhand::catalog catalog;
  stock_ledger ledger;
  reservation_book reservations;
  transfer_book transfers;
  purchasing_book purchasing;
  count_book counts;
  valuation_book valuation;
  sales_order_book sales_orders;
  idempotency_index keys;
  std::uint64_t position = 0;

  [[nodiscard]] auto view() const -> state {
    return {catalog, ledger,    reservations, transfers, purchasing,
            counts,  valuation, sales_orders, keys,      position};
  }

  /// Every domain's projection, in dependency order: the member list.
  auto members() {
    return std::tie(catalog, ledger, reservations, transfers, purchasing, counts, valuation,
                    sales_orders);
  }
  [[nodiscard]] auto members() const {
    return std::tie(catalog, ledger, reservations, transfers, purchasing, counts, valuation,
                    sales_orders);
  }

  /// Calls f(projection) for every domain's projection, in dependency order.
  template <class F>
  void each(F&& f) {
    std::apply([&](auto&... p) { (f(p), ...); }, members());
  }
  template <class F>
  void each(F&& f) const {
    std::apply([&](const auto&... p) { (f(p), ...); }, members());
  }

  /// Each projection's check_invariants, in dependency order: the first failure.
  [[nodiscard]] auto check_invariants() const -> result<void> {
    result<void> out;
    const auto v = view();
    each([&](const auto& projection) {
      if (out) out = projection.check_invariants(v);
    });
    return out;
  }

  /// Applies one event at `position`, in the form projections receive it.
  template <class Applied>
  void apply(const Applied& e) {
    const auto v = view();
    if (const auto key = key_of_applied(e); !key.empty()) keys.add(key, position, domain_of(e));
    each([&](auto& projection) {
      if constexpr (requires { projection.apply(e, v); }) projection.apply(e, v);
    });
    ++position;
  }
  /// Applies an event decoded from the log.
  void apply_event(const event& e) {
    std::visit([&](const auto& ev) { apply(as_applied(ev)); }, e);
  }
  /// Applies a borrowed posting a command staged.
  void apply_staged(const posting_ref& e) { apply(e); }
  /// Applies an event a command staged.
  void apply_staged(const staged_event& e) {
    std::visit(
        [&](const auto& staged) {
          if constexpr (std::is_same_v<std::decay_t<decltype(staged)>, event>) {
            apply_event(staged);
          } else {
            apply(staged);
          }
        },
        e);
  }

  friend auto operator==(const projections& a, const projections& b) -> bool {
    return a.position == b.position && a.keys == b.keys && a.members() == b.members();
  }
};

}  // namespace onhand::detail
