// SPDX-License-Identifier: Apache-2.0
#include "onhand/allocation/expiry_waste.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>
#include <string>

namespace onhand {
namespace {

// round(days × rate) in raw units (6 decimals), capped at `cap`: demand beyond everything the
// lots hold changes nothing, and the cap keeps a long horizon at a high rate within range.
auto cumulative_demand(std::int64_t days, double rate, quantity::rep cap) -> quantity::rep {
  if (days <= 0) return 0;
  const long double raw = static_cast<long double>(rate) * static_cast<long double>(days) *
                          static_cast<long double>(quantity::scale);
  if (raw >= static_cast<long double>(cap)) return cap;
  return std::llround(raw);
}

}  // namespace

auto project_expiry_waste(std::span<const expiring_lot> lots, double rate_per_day, date start)
    -> result<expiry_waste> {
  if (!(rate_per_day > 0.0 && std::isfinite(rate_per_day))) {
    std::ostringstream text;
    text.precision(17);
    text << "rate_per_day must be a positive finite number, got " << rate_per_day;
    return make_error(errc::invalid_parameter, text.str(), {.field = "rate_per_day"});
  }
  quantity total;
  for (const auto& lot : lots) {
    if (add_overflows(total, lot.amount, total)) {
      return make_error(errc::overflow, "the lots' amounts overflow their sum", {.field = "lots"});
    }
  }
  for (std::size_t i = 0; i < lots.size(); ++i) {
    if (lots[i].amount.is_negative()) {
      return make_error(errc::invalid_quantity,
                        "lot " + std::to_string(i) + " cannot hold a negative amount, got " +
                            lots[i].amount.to_string(),
                        {.field = "amount", .line = i});
    }
  }

  // FEFO: by expiry, ties in input order.
  std::vector<std::size_t> order(lots.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::chrono::sys_days{lots[a].expiry} < std::chrono::sys_days{lots[b].expiry};
  });

  // Lot i is served by the demand of the days through its expiry that the lots before it in
  // FEFO order did not take: earlier lots expire first, so they take every unit they can before
  // it, and it takes every unit it can before the later ones.
  expiry_waste projection{.consumed = std::vector<quantity>(lots.size()),
                          .waste = std::vector<quantity>(lots.size())};
  quantity::rep served = 0;  // cumulative demand taken so far
  for (const auto i : order) {
    const auto days =
        (std::chrono::sys_days{lots[i].expiry} - std::chrono::sys_days{start}).count() + 1;
    const auto open =
        std::max<quantity::rep>(cumulative_demand(days, rate_per_day, total.raw()) - served, 0);
    const auto taken = std::min(open, lots[i].amount.raw());
    served += taken;
    projection.consumed[i] = quantity::from_raw(taken);
    projection.waste[i] = lots[i].amount - projection.consumed[i];
    projection.total_waste += projection.waste[i];
  }
  return projection;
}

}  // namespace onhand
