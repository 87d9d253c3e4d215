// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/pick_plan.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <string>

namespace onhand {
namespace {

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
  // One pass over the candidates; the faults are reported in precedence order after it.
  std::optional<std::size_t> bad_removal;
  std::optional<std::size_t> negative;
  bool overflowed = false;
  quantity total;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& candidate = candidates[i];
    if (candidate.removal_days < 0 && !bad_removal) bad_removal = i;
    if (candidate.usable.is_negative() && !negative) negative = i;
    overflowed = overflowed || add_overflows(total, candidate.usable, total);
  }
  if (bad_removal) {
    return parameter_error("removal_days",
                           "removal_days cannot be negative, got " +
                               std::to_string(candidates[*bad_removal].removal_days) +
                               " for candidate " + std::to_string(*bad_removal),
                           *bad_removal);
  }
  if (overflowed) {
    return make_error(errc::overflow, "the candidates' usable quantities overflow their sum",
                      {.field = "usable"});
  }
  if (!request.wanted.is_positive()) {
    return make_error(errc::invalid_quantity,
                      "the wanted quantity must be positive, got " + request.wanted.to_string(),
                      {.field = "wanted", .requested = request.wanted});
  }
  if (negative) {
    return make_error(errc::invalid_quantity,
                      "a candidate's usable quantity cannot be negative, got " +
                          candidates[*negative].usable.to_string() + " for candidate " +
                          std::to_string(*negative),
                      {.field = "usable", .line = *negative});
  }
  return std::nullopt;
}

// The day numbers the rules compare: the request's day and a candidate's expiry, each converted
// from the calendar once per call.
struct dated_candidate {
  const lot_candidate& candidate;
  std::optional<std::int64_t> expiry;

  dated_candidate(const lot_candidate& c)  // NOLINT: implicit, a view with its expiry's number
      : candidate(c), expiry(c.expiry ? std::optional(day_number(*c.expiry)) : std::nullopt) {}
};

// Why a candidate cannot be picked on day `on`, or nothing.
auto unusable_reason(const dated_candidate& dated, std::int64_t on, const pick_request& request)
    -> std::optional<errc> {
  if (dated.expiry && *dated.expiry < on) return errc::lot_expired;
  if (dated.candidate.status != lot_status::available) return errc::lot_quarantined;
  if (!dated.expiry) return std::nullopt;  // undated stock passes shelf-life minimums
  const auto remaining = *dated.expiry - on;
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

// The sort key of a usable candidate. Plain integers without initializers, so a buffer of keys
// costs nothing to declare; the lot code, compared only on a tie, is read from the candidate.
struct pick_key {
  std::uint32_t site;    // site rank, or 0 when the fill ignores sites
  std::int64_t primary;  // FEFO: removal day (undated: the largest); FIFO: receipt; LIFO: -receipt
  std::int64_t secondary;  // FEFO: receipt; else 0
  std::uint32_t site_tie;  // across_sites: the closer site on a full tie
  std::uint32_t index;     // the candidate; its order is the last tie-break
};

auto key_of(const dated_candidate& dated, std::uint32_t index, const pick_request& request)
    -> pick_key {
  const auto& candidate = dated.candidate;
  const auto received = candidate.first_received.time_since_epoch().count();
  const bool across = request.fill == site_fill::across_sites;
  pick_key key{.site = across ? 0 : candidate.site_rank,
               .primary = 0,
               .secondary = 0,
               .site_tie = across ? candidate.site_rank : 0,
               .index = index};
  switch (request.strategy) {
    case removal_strategy::fefo:
      key.primary = dated.expiry ? *dated.expiry - candidate.removal_days : INT64_MAX;
      key.secondary = received;
      break;
    case removal_strategy::fifo:
      key.primary = received;
      break;
    case removal_strategy::lifo:
      // Receipts are microseconds since 1970 in an int64: negating one cannot overflow for
      // any timestamp a calendar date can name.
      key.primary = -received;
      break;
  }
  return key;
}

// insufficient_stock, naming the lot of a lot-specific request when it has stock here.
auto shortage(std::span<const lot_candidate> candidates, const pick_request& request,
              quantity available, std::string message) -> error {
  error_context context{.field = "wanted", .requested = request.wanted, .available = available};
  if (request.lot) {
    for (const auto& candidate : candidates) {
      if (candidate.lot == *request.lot) {
        context.lot = std::string(candidate.lot_code);
        break;
      }
    }
  }
  return make_error(errc::insufficient_stock, std::move(message), std::move(context));
}

// The refusal of a lot-specific request whose lot has stock and none of it usable: the reason
// of highest precedence among its candidates.
auto refuse_lot(std::span<const lot_candidate> candidates, std::int64_t on,
                const pick_request& request) -> std::optional<error> {
  std::optional<errc> worst;
  std::string_view code;
  bool any = false;
  for (const auto& candidate : candidates) {
    if (candidate.lot != *request.lot) continue;
    any = true;
    code = candidate.lot_code;
    const auto reason = unusable_reason(candidate, on, request);
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
  const auto on = day_number(request.on);
  if (request.lot) {
    if (auto refused = refuse_lot(candidates, on, request)) return *std::move(refused);
  }

  // The usable candidates' keys, in a buffer on the stack for the usual handful of lots.
  constexpr std::size_t inline_keys = 32;
  std::array<pick_key, inline_keys> stack_keys;  // NOLINT: filled before it is read
  std::vector<pick_key> heap_keys;
  std::span<pick_key> buffer(stack_keys);
  if (candidates.size() > inline_keys) {
    heap_keys.resize(candidates.size());
    buffer = heap_keys;
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& candidate = candidates[i];
    if (request.lot && candidate.lot != *request.lot) continue;
    if (candidate.usable.is_zero()) continue;
    const dated_candidate dated(candidate);
    if (unusable_reason(dated, on, request)) continue;
    buffer[count++] = key_of(dated, static_cast<std::uint32_t>(i), request);
  }
  const auto keys = buffer.first(count);
  std::sort(keys.begin(), keys.end(), [&](const pick_key& a, const pick_key& b) {
    if (a.site != b.site) return a.site < b.site;
    if (a.primary != b.primary) return a.primary < b.primary;
    if (a.secondary != b.secondary) return a.secondary < b.secondary;
    const auto code_a = candidates[a.index].lot_code;
    const auto code_b = candidates[b.index].lot_code;
    if (code_a != code_b) return code_a < code_b;
    if (a.site_tie != b.site_tie) return a.site_tie < b.site_tie;
    return a.index < b.index;
  });

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
      return shortage(candidates, request, available,
                      "no single site can fill " + request.wanted.to_string() +
                          "; the most one site has is " + available.to_string());
    }
  } else {
    for (const auto& key : keys) available += candidates[key.index].usable;
    if (available < request.wanted && !request.partial) {
      return shortage(candidates, request, available,
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
