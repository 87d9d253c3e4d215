// SPDX-License-Identifier: Apache-2.0
#include "onhand/valuation/landed_cost.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace onhand {

auto allocate_landed_cost(const money& total, std::span<const landed_cost_line> lines,
                          allocation_basis basis) -> result<std::vector<money>> {
  using rep = money::rep;
  if (total.is_negative()) {
    return make_error(errc::invalid_cost,
                      "the landed cost must be zero or more, not " + total.to_string(),
                      error_context{.field = "total"});
  }
  std::vector<rep> weights;
  weights.reserve(lines.size());
  rep sum = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if (line.amount.is_negative() || line.weight.is_negative()) {
      return make_error(
          errc::invalid_quantity, "line " + std::to_string(i + 1) + ": a negative amount or weight",
          error_context{.field = line.amount.is_negative() ? "amount" : "weight", .line = i});
    }
    if (line.value.is_negative()) {
      return make_error(errc::invalid_cost, "line " + std::to_string(i + 1) + ": a negative value",
                        error_context{.field = "value", .line = i});
    }
    rep w = 0;
    switch (basis) {
      case allocation_basis::quantity:
        w = line.amount.raw();
        break;
      case allocation_basis::value:
        w = line.value.raw();
        break;
      case allocation_basis::weight:
        w = line.weight.raw();
        break;
    }
    weights.push_back(w);
    sum += w;
  }
  std::vector<money> shares(lines.size());
  if (total.is_zero()) return shares;
  if (sum == 0) {
    return make_error(errc::invalid_parameter,
                      "the lines' basis sums to zero: nothing to spread the landed cost by",
                      error_context{.field = "basis"});
  }
  // Floor of each exact share, then the leftover millionths by largest remainder.
  std::vector<rep> remainders(lines.size());
  rep given = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const rep exact = total.raw() * weights[i];
    const rep floor = exact / sum;
    remainders[i] = exact % sum;
    shares[i] = money::from_raw(floor);
    given += floor;
  }
  std::vector<std::size_t> order(lines.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  auto left = total.raw() - given;
  for (std::size_t k = 0; left > 0; ++k, left -= 1) {
    const auto i = order[k];
    shares[i] = money::from_raw(shares[i].raw() + 1);
  }
  return shares;
}

}  // namespace onhand
