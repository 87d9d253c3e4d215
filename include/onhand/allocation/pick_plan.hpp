// SPDX-License-Identifier: Apache-2.0
// File: onhand/allocation/pick_plan.hpp
//
// Pick plans: which lots, at which locations, fill a request for one item, by
// a removal strategy (FEFO, FIFO, LIFO) and a rule for spreading the request
// over sites. A pure function over plain inputs: the caller (the allocation
// domain) gathers the candidates from its projections, with other commitments
// already taken off, and turns the plan into events.
//
// The rules are those of docs/concepts/lots-and-fefo.md (normative):
//   - A candidate is usable on day d when its lot status is available and it
//     is not expired (expired when expiry < d; the expiry date itself is usable).
//   - A minimum remaining shelf life of m days needs expiry - d >= m; a share p
//     needs (expiry - d) / item shelf-life days >= p. Undated stock passes both.
//   - FEFO: removal date (expiry - removal_days) ascending, undated last; ties by
//     first receipt at the location, then lot code. FIFO: first receipt
//     ascending, LIFO: descending, ties by lot code. Remaining ties keep the
//     order of the candidates.
//   - "Closest location first" is site_fill::by_preference: sites in the
//     caller's rank order, the strategy's order within each site.
//
// Example:
//
//   std::vector<onhand::lot_candidate> stock = ...;   // one per lot and location
//   auto plan = onhand::plan_picks(stock, {.wanted = onhand::quantity::units(30),
//                                          .on = onhand::parse_date("2027-03-01").value()});
//   if (plan) for (const auto& line : plan->lines) pick(line.location, line.lot, line.amount);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "onhand/catalog/lot.hpp"
#include "onhand/core/date.hpp"
#include "onhand/core/ids.hpp"
#include "onhand/core/quantity.hpp"
#include "onhand/core/result.hpp"

namespace onhand {

/// Usable stock of one lot (or untracked stock, lot_id::none()) at one location (a bin or a site).
struct lot_candidate {
  location_id location;         ///< Where the stock is; never a held one (catalog::is_held).
  std::uint32_t site_rank = 0;  ///< The site holding it, as the caller's preference (0 first):
                                ///< one rank per site, shared by its locations.
  lot_id lot;                   ///< The lot; none for untracked stock.
  std::string_view lot_code;    ///< The lot's code: the last FEFO/FIFO tie-break; empty if none.
  std::optional<date> expiry;   ///< Undated stock never expires and is picked last by FEFO.
  int removal_days = 0;         ///< FEFO orders by removal date = expiry - removal_days (>= 0).
  lot_status status = lot_status::available;  ///< Only available stock is picked.
  timestamp first_received;                   ///< First receipt of the lot at this location.
  quantity usable;  ///< What may be allocated: other commitments already off (>= 0).
};

/// The order in which lots are taken within a site (or over all sites, site_fill::across_sites).
enum class removal_strategy : std::uint8_t {
  fefo,  ///< First expired, first out: removal date ascending, undated last.
  fifo,  ///< First in, first out: first receipt ascending.
  lifo,  ///< Last in, first out: first receipt descending.
};

/// How a request is spread over sites (site_rank).
enum class site_fill : std::uint8_t {
  by_preference,  ///< Site by site in rank order, the strategy's order within each: closest first.
  across_sites,   ///< The strategy's order over all sites together; ties by site rank.
  one_site,       ///< One site only: the first in rank order that fills the whole request.
};

/// The shortest remaining shelf life a customer or order line accepts, in days or as a
/// share of the item's shelf life; both may be given, and then both must hold.
struct shelf_life_minimum {
  std::optional<int> days;      ///< expiry - day >= days; 0 <= days <= the item's shelf life.
  std::optional<double> share;  ///< (expiry - day) / item shelf-life days >= share; in (0, 1].
};

/// What to pick.
struct pick_request {
  quantity wanted;  ///< > 0.
  date on;          ///< The day the stock is picked.
  removal_strategy strategy = removal_strategy::fefo;
  site_fill fill = site_fill::by_preference;
  bool partial = false;                     ///< Allocate what there is and backorder the rest.
  shelf_life_minimum minimum;               ///< None by default.
  std::optional<int> item_shelf_life_days;  ///< Needed by a share minimum; > 0.
  std::optional<lot_id> lot;                ///< Only this lot (a lot-specific request).
};

/// One pick: an amount of one lot at one location.
struct pick_line {
  location_id location;
  lot_id lot;
  quantity amount;  ///< > 0.

  friend auto operator==(const pick_line&, const pick_line&) -> bool = default;
};

/// The lines in the order they are taken; allocated + backordered = wanted.
struct pick_plan {
  std::vector<pick_line> lines;
  quantity allocated;    ///< The sum of the lines.
  quantity backordered;  ///< Not covered: 0 unless the request allows partial.

  friend auto operator==(const pick_plan&, const pick_plan&) -> bool = default;
};

/// The plan that fills `request` from `candidates` by the rules above.
///
/// Errors, in precedence order (nothing is allocated on an error):
///   - invalid_parameter: a negative minimum in days, or one beyond the item's shelf life; a
///     share outside (0, 1] or without the item's shelf life; a shelf life <= 0; a negative
///     removal_days (context.line: the candidate).
///   - overflow: the candidates' usable quantities do not sum within range.
///   - invalid_quantity: wanted <= 0, or a negative usable (context.line: the candidate).
///   - lot_expired, lot_quarantined, insufficient_shelf_life: a lot-specific request whose lot
///     has stock but none of it usable, for that reason (context.lot: its code).
///   - insufficient_stock: less usable than wanted and partial not allowed; with one_site, no
///     single site has enough (context.requested, context.available: the most one plan could take;
///     context.lot: the lot of a lot-specific request).
[[nodiscard]] auto plan_picks(std::span<const lot_candidate> candidates,
                              const pick_request& request) -> result<pick_plan>;

}  // namespace onhand
