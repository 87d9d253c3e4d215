// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/queries.hpp"

#include <algorithm>
#include <vector>

#include "onhand/detail/int128.hpp"
#include "onhand/state.hpp"

namespace onhand {
namespace {

// Stock of an item within each location of a chain (a location and every
// one above it, innermost first): per chain index, what lies within it.
struct chain_stock {
  std::vector<location_id> chain;
  std::vector<quantity> on_hand;
  std::vector<quantity> quarantined;
  std::vector<quantity> usable;
};

// The stock of the first `levels` locations of the chain from `location` up.
auto stock_along(const state& s, item_id item, location_id location, timestamp now,
                 std::size_t levels = SIZE_MAX) -> chain_stock {
  chain_stock out;
  for (auto at = location; !at.is_none() && out.chain.size() < levels; at = s.catalog.parent(at)) {
    out.chain.push_back(at);
  }
  levels = out.chain.size();
  out.on_hand.resize(levels);
  out.quarantined.resize(levels);
  out.usable.resize(levels);
  if (item.index() >= s.catalog.item_count()) return out;
  const auto today = date_of(now);
  // A location with nothing below it, alone: only its own accounts.
  const bool alone = levels == 1 && s.catalog.children(location).empty();
  const auto accounts = alone ? s.ledger.accounts_of(item, location) : s.ledger.accounts_of(item);
  for (const auto index : accounts) {
    const auto& a = s.ledger.account_at(index);
    if (!s.physical(a.key.location)) continue;
    // The innermost location of the chain that holds the account, if any.
    std::size_t level = levels;
    for (auto at = a.key.location; !at.is_none() && level == levels; at = s.catalog.parent(at)) {
      const auto found = std::find(out.chain.begin(), out.chain.end(), at);
      if (found != out.chain.end()) level = static_cast<std::size_t>(found - out.chain.begin());
    }
    if (level == levels) continue;
    const auto held = std::max(s.ledger.balance_as_of(index, now).from_zero(), quantity{});
    const bool quarantined =
        s.catalog.is_held(a.key.location) ||
        (!a.key.lot.is_none() && is_quarantined(s.catalog.lot(a.key.lot), today));
    const auto lowest = s.ledger.lowest_balance_from(index, now).from_zero();
    const auto usable = quarantined ? quantity{} : std::max(lowest, quantity{});
    out.on_hand[level] += held;
    if (quarantined) out.quarantined[level] += held;
    out.usable[level] += usable;
  }
  // Each location of the chain holds everything the ones inside it hold.
  for (std::size_t level = 1; level < levels; ++level) {
    out.on_hand[level] += out.on_hand[level - 1];
    out.quarantined[level] += out.quarantined[level - 1];
    out.usable[level] += out.usable[level - 1];
  }
  return out;
}

// A share of a usable quantity, rounded down to the item's base unit.
auto share_of(quantity share, quantity usable, int decimals) -> quantity {
  const auto product = static_cast<detail::int128>(share.raw()) * usable.raw() / quantity::scale;
  std::int64_t step = 1;
  for (int i = decimals; i < quantity::decimals; ++i) step *= 10;
  const auto raw = static_cast<std::int64_t>(product);
  return quantity::from_raw(raw - raw % step);
}

// Other channels' remaining quotas within `location`.
auto fenced_within(const state& s, item_id item, location_id location,
                   std::optional<std::uint32_t> channel, timestamp now) -> quantity {
  quantity out;
  for (const auto& quota : s.reservations.quotas_of(item)) {
    if ((channel && quota.channel == *channel) || !s.catalog.is_within(quota.location, location)) {
      continue;
    }
    const auto level = quota.kind == quota_kind::fixed
                           ? quota.value
                           : share_of(quota.value, usable_within(s, item, quota.location, now),
                                      s.catalog.item(item).units.base().decimals);
    const auto taken = s.reservations.reserved_within(item, quota.location, quota.channel);
    if (level > taken) out += level - taken;
  }
  return out;
}

// The ATP from the accounts and the reservation book's lists: what the
// totals give when a level's usable stock is not settled at `now`.
[[gnu::noinline]] auto atp_from_accounts(const state& s, item_id item, location_id location,
                                         std::optional<std::uint32_t> channel, timestamp now,
                                         std::size_t levels, atp_position& out) -> void {
  const auto stock = stock_along(s, item, location, now, levels);
  std::optional<quantity> least;
  for (std::size_t level = 0; level < stock.chain.size(); ++level) {
    const auto at = stock.chain[level];
    const auto reserved = s.reservations.reserved_within(item, at);
    const auto fenced = fenced_within(s, item, at, channel, now);
    const auto atp = stock.usable[level] - reserved - fenced;
    if (level == 0) {
      out.on_hand = stock.on_hand[0];
      out.quarantined = stock.quarantined[0];
      out.usable = stock.usable[0];
      out.reserved = reserved;
      out.fenced = fenced;
    }
    least = least ? std::min(*least, atp) : atp;
  }
  out.available = least && least->is_positive() ? *least : quantity{};
}

}  // namespace

auto usable_within(const state& s, item_id item, location_id location, timestamp now) -> quantity {
  const auto* totals = s.reservations.totals_within(item, location);
  if (totals == nullptr) return {};
  if (totals->settled_at(now)) return totals->usable_settled;
  return stock_along(s, item, location, now).usable.front();
}

auto available_to_promise(const state& s, item_id item, location_id location,
                          std::optional<std::uint32_t> channel, timestamp now) -> atp_position {
  atp_position out{.item = item, .location = location, .channel = channel};
  // The totals of every location of the chain, from `location` up. A
  // location can set the minimum only if it is `location` or lies below
  // the last one where something is reserved or fenced (`levels`): above
  // that, a level's atp is its usable stock, which holds everything
  // `location`'s holds. Where every such level is settled at `now`, its
  // totals are the answer; the other levels' atp may be taken too, as they
  // cannot be lower. No totals within `location`: nothing was ever posted,
  // reserved or fenced there, and every figure is zero.
  std::size_t levels = 1;
  std::size_t first_unsettled = SIZE_MAX;
  bool fenced = false;
  quantity least = quantity::from_raw(INT64_MAX);
  std::size_t depth = 0;
  s.reservations.walk_up(item, location, [&](const place_totals& totals) {
    if (totals.reserved.is_positive() || totals.quotas > 0) levels = depth + 1;
    fenced = fenced || totals.quotas > 0;
    if (!totals.settled_at(now)) {
      first_unsettled = std::min(first_unsettled, depth);
    } else {
      least = std::min(least, totals.usable_settled - totals.reserved);
    }
    if (depth++ == 0) {
      out.on_hand = totals.usable_settled + totals.held_settled;
      out.quarantined = totals.held_settled;
      out.usable = totals.usable_settled;
      out.reserved = totals.reserved;
    }
    return true;
  });
  if (depth == 0) return out;
  if (first_unsettled < levels) {
    atp_from_accounts(s, item, location, channel, now, levels, out);
    return out;
  }
  if (fenced) {  // again, with the quotas of the levels that can set the minimum
    least = quantity::from_raw(INT64_MAX);
    auto at = location;
    std::size_t level = 0;
    s.reservations.walk_up(item, location, [&](const place_totals& totals) {
      const auto fence = totals.quotas > 0 ? fenced_within(s, item, at, channel, now) : quantity{};
      if (level == 0) out.fenced = fence;
      least = std::min(least, totals.usable_settled - totals.reserved - fence);
      at = s.catalog.parent(at);
      return ++level < levels;
    });
  }
  out.available = least.is_positive() ? least : quantity{};
  return out;
}

auto available_to_promise(const state& s, item_id item, location_id location,
                          std::string_view channel, timestamp now) -> atp_position {
  return available_to_promise(s, item, location, s.reservations.find_channel(channel), now);
}

}  // namespace onhand
