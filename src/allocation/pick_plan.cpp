// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/pick_plan.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <tuple>

namespace onhand {
namespace {

auto days_between(date from, date to) -> std::int64_t {
  return (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
}

auto parameter_error(std::string_view field, std::string message,
                     std::optional<std::size_t> line = std::nullopt) -> error {
  return make_error(errc::invalid_parameter, std::move(message),
                    {.field = std::string(field), .line = line});
}

auto check_request(std::span<const lot_candidate> candidates, const pick_request& request)
    -> std::optional<error> {
  const auto& minimum = request.minimum;
  const auto& shelf_life = request.item_shelf_life_days;
  if (shelf_life && *shelf_life <= 0) {
    return parameter_error(
        "item_shelf_life_days",
        "the item's shelf life must be at least 1 day, got " + std::to_string(*shelf_life));
  }
  if (minimum.days && *minimum.days < 0) {
    return parameter_error(
        "minimum.days",
        "a minimum remaining shelf life cannot be negative, got " + std::to_string(*minimum.days));
  }
  if (minimum.days && shelf_life && *minimum.days > *shelf_life) {
    return parameter_error("minimum.days", "a minimum remaining shelf life of " +
                                               std::to_string(*minimum.days) +
                                               " days is longer than the item's shelf life of " +
                                               std::to_string(*shelf_life) + " days");
  }
  if (minimum.share) {
    if (!(*minimum.share > 0.0 && *minimum.share <= 1.0)) {
      return parameter_error("minimum.share", "a minimum shelf-life share must be in (0, 1], got " +
                                                  std::to_string(*minimum.share));
    }
    if (!shelf_life) {
      return parameter_error("item_shelf_life_days",
                             "a minimum shelf-life share needs the item's shelf life in days");
    }
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].removal_days < 0) {
      return parameter_error("removal_days",
                             "removal_days cannot be negative, got " +
                                 std::to_string(candidates[i].removal_days) + " for candidate " +
                                 std::to_string(i),
                             i);
    }
  }
  quantity total;
  for (const auto& candidate : candidates) {
    if (add_overflows(total, candidate.usable, total)) {
      return make_error(errc::overflow, "the candidates' usable quantities overflow their sum",
                        {.field = "usable"});
    }
  }
  if (!request.wanted.is_positive()) {
    return make_error(errc::invalid_quantity,
                      "the wanted quantity must be positive, got " + request.wanted.to_string(),
                      {.field = "wanted", .requested = request.wanted});
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].usable.is_negative()) {
      return make_error(errc::invalid_quantity,
                        "a candidate's usable quantity cannot be negative, got " +
                            candidates[i].usable.to_string() + " for candidate " +
                            std::to_string(i),
                        {.field = "usable", .line = i});
    }
  }
  return std::nullopt;
}

// Why a candidate cannot be picked on the request's day, or success.
auto unusable_reason(const lot_candidate& candidate, const pick_request& request)
    -> std::optional<errc> {
  if (candidate.expiry && days_between(request.on, *candidate.expiry) < 0) return errc::lot_expired;
  if (candidate.status != lot_status::available) return errc::lot_quarantined;
  if (!candidate.expiry) return std::nullopt;  // undated stock passes shelf-life minimums
  const auto remaining = days_between(request.on, *candidate.expiry);
  if (request.minimum.days && remaining < *request.minimum.days) {
    return errc::insufficient_shelf_life;
  }
  if (request.minimum.share &&
      static_cast<double>(remaining) / static_cast<double>(*request.item_shelf_life_days) <
          *request.minimum.share) {
    return errc::insufficient_shelf_life;
  }
  return std::nullopt;
}

// The sort key of a usable candidate: compared lexicographically.
struct pick_key {
  std::uint32_t site = 0;     // site rank, or 0 when sites do not order the fill
  std::uint8_t undated = 0;   // FEFO only: undated stock last
  std::int64_t primary = 0;   // FEFO: removal day; FIFO: receipt; LIFO: negated receipt
  std::int64_t received = 0;  // FEFO only: receipt
  std::string_view lot_code;
  std::uint32_t site_tie = 0;  // across_sites: the closer site on a full tie
  std::uint32_t index = 0;     // candidate order
};

auto operator<(const pick_key& a, const pick_key& b) -> bool {
  return std::tie(a.site, a.undated, a.primary, a.received, a.lot_code, a.site_tie, a.index) <
         std::tie(b.site, b.undated, b.primary, b.received, b.lot_code, b.site_tie, b.index);
}

auto key_of(const lot_candidate& candidate, std::uint32_t index, const pick_request& request)
    -> pick_key {
  const auto received = candidate.first_received.time_since_epoch().count();
  pick_key key{.lot_code = candidate.lot_code, .index = index};
  if (request.fill == site_fill::across_sites) {
    key.site_tie = candidate.site_rank;
  } else {
    key.site = candidate.site_rank;
  }
  switch (request.strategy) {
    case removal_strategy::fefo:
      key.undated = candidate.expiry ? 0 : 1;
      key.primary = candidate.expiry
                        ? std::chrono::sys_days{*candidate.expiry}.time_since_epoch().count() -
                              candidate.removal_days
                        : 0;
      key.received = received;
      break;
    case removal_strategy::fifo:
      key.primary = received;
      break;
    case removal_strategy::lifo:
      // Receipts are microseconds since 1970 in an int64: negation cannot overflow for any
      // timestamp a calendar date can name.
      key.primary = -received;
      break;
  }
  return key;
}

auto shortage(const pick_request& request, quantity available, std::string message) -> error {
  return make_error(errc::insufficient_stock, std::move(message),
                    {.field = "wanted", .requested = request.wanted, .available = available});
}

// The refusal of a lot-specific request whose lot has stock and none of it usable: the reason
// of highest precedence among its candidates.
auto refuse_lot(std::span<const lot_candidate> candidates, const pick_request& request)
    -> std::optional<error> {
  std::optional<errc> worst;
  std::string_view code;
  bool any = false;
  for (const auto& candidate : candidates) {
    if (candidate.lot != *request.lot) continue;
    any = true;
    code = candidate.lot_code;
    const auto reason = unusable_reason(candidate, request);
    if (!reason) return std::nullopt;
    if (!worst || precedence_of(*reason) < precedence_of(*worst)) worst = reason;
  }
  if (!any) return std::nullopt;
  std::string message = "lot '" + std::string(code) + "' ";
  switch (*worst) {
    case errc::lot_expired:
      message += "has expired by " + format(request.on);
      break;
    case errc::lot_quarantined:
      message += "is on hold or recalled";
      break;
    default:
      message += "has less remaining shelf life on " + format(request.on) + " than required";
      break;
  }
  return make_error(*worst, std::move(message), {.lot = std::string(code), .field = "lot"});
}

}  // namespace

auto plan_picks(std::span<const lot_candidate> candidates, const pick_request& request)
    -> result<pick_plan> {
  if (auto invalid = check_request(candidates, request)) return *std::move(invalid);
  if (request.lot) {
    if (auto refused = refuse_lot(candidates, request)) return *std::move(refused);
  }

  std::vector<pick_key> keys;
  keys.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& candidate = candidates[i];
    if (request.lot && candidate.lot != *request.lot) continue;
    if (candidate.usable.is_zero() || unusable_reason(candidate, request)) continue;
    keys.push_back(key_of(candidate, static_cast<std::uint32_t>(i), request));
  }
  std::sort(keys.begin(), keys.end());

  // The keys to fill from: all of them, or those of the chosen site (one_site).
  auto first = keys.begin();
  auto last = keys.end();
  quantity available;  // the sums cannot overflow: check_request summed every candidate
  if (request.fill == site_fill::one_site) {
    auto best_first = first;
    auto best_last = first;
    quantity best;
    for (auto site_first = keys.begin(); site_first != keys.end();) {
      auto site_last = site_first;
      quantity site_total;
      while (site_last != keys.end() && site_last->site == site_first->site) {
        site_total += candidates[site_last->index].usable;
        ++site_last;
      }
      if (site_total > best) {
        best = site_total;
        best_first = site_first;
        best_last = site_last;
      }
      if (site_total >= request.wanted) break;  // the first site in rank order that fills it
      site_first = site_last;
    }
    first = best_first;
    last = best_last;
    available = best;
    if (available < request.wanted && !request.partial) {
      return shortage(request, available,
                      "no single site can fill " + request.wanted.to_string() +
                          "; the most one site has is " + available.to_string());
    }
  } else {
    for (const auto& key : keys) available += candidates[key.index].usable;
    if (available < request.wanted && !request.partial) {
      return shortage(request, available,
                      request.wanted.to_string() + " wanted, " + available.to_string() +
                          " usable on " + format(request.on));
    }
  }

  pick_plan plan;
  quantity left = request.wanted;
  for (auto key = first; key != last && left.is_positive(); ++key) {
    const auto& candidate = candidates[key->index];
    const auto amount = std::min(left, candidate.usable);
    plan.lines.push_back({.location = candidate.location, .lot = candidate.lot, .amount = amount});
    left -= amount;
  }
  plan.allocated = request.wanted - left;
  plan.backordered = left;
  return plan;
}

}  // namespace onhand
