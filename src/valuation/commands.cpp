// SPDX-License-Identifier: Apache-2.0
#include "valuation/commands.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include "onhand/catalog/catalog.hpp"

namespace onhand::detail {
namespace {

auto check_costing(const state& s, item_id item, costing_method method, const money& standard_cost)
    -> result<void> {
  if (item.index() >= s.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id", error_context{.field = "item"});
  }
  const auto& code = s.catalog.item(item).code;
  if (auto ok = check_cost(standard_cost, "standard_cost"); !ok) {
    auto err = std::move(ok).error();
    err.context.item = code;
    return err;
  }
  if (method != costing_method::standard && !standard_cost.is_zero()) {
    return make_error(errc::invalid_parameter,
                      "a standard cost is given for the standard method only",
                      error_context{.item = code, .field = "standard_cost"});
  }
  return {};
}

}  // namespace

auto check_cost(const money& cost, std::string_view field) -> result<void> {
  if (cost.is_negative()) {
    return make_error(errc::invalid_cost,
                      std::string(field) + " must be zero or more, not " + cost.to_string(),
                      error_context{.field = std::string(field)});
  }
  if (cost.raw() > money::rep{std::numeric_limits<std::int64_t>::max()}) {
    return make_error(errc::invalid_cost,
                      std::string(field) + " is beyond the largest cost onhand records",
                      error_context{.field = std::string(field)});
  }
  return {};
}

auto validate_costing(const state& s, const costing_request& request, timestamp now)
    -> result<intent> {
  if (auto ok = check_costing(s, request.item, request.method, request.standard_cost); !ok) {
    return ok.error();
  }
  const auto& current = s.valuation.current(request.item);
  if (current.method == request.method && current.standard_cost == request.standard_cost) {
    return intent{};
  }
  return intent::of(event{costing_method_set{.item = request.item,
                                             .method = request.method,
                                             .standard_cost = request.standard_cost,
                                             .effective = now}});
}

auto check_receipt_costs(const state& s, const movement_document& document,
                         std::span<const money> unit_costs) -> result<void> {
  if (unit_costs.size() != document.lines.size()) {
    return make_error(
        errc::cost_mismatch,
        "a costed receipt gives one unit cost per line: " + std::to_string(document.lines.size()) +
            " lines, " + std::to_string(unit_costs.size()) + " costs",
        error_context{.document = document.key, .field = "unit_costs"});
  }
  for (std::size_t i = 0; i < unit_costs.size(); ++i) {
    if (auto ok = check_cost(unit_costs[i], "unit_costs"); !ok) {
      auto err = std::move(ok).error();
      err.context.document = document.key;
      err.context.line = i;
      err.message = "line " + std::to_string(i + 1) + ": " + err.message;
      return err;
    }
    const auto& line = document.lines[i];
    const bool known = line.from.index() < s.catalog.location_count() &&
                       line.to.index() < s.catalog.location_count();
    if (known && (s.physical(line.from) || !s.physical(line.to))) {
      return make_error(errc::cost_mismatch,
                        "line " + std::to_string(i + 1) +
                            " does not bring stock in from outside: only inbound lines "
                            "(from a supplier, customer or other virtual location into an "
                            "internal or transit one) carry a cost",
                        error_context{.location = s.catalog.location(line.from).code,
                                      .document = document.key,
                                      .field = "unit_costs",
                                      .line = i});
    }
  }
  return {};
}

auto check_logged(const costing_method_set& e, const state& s) -> result<void> {
  return check_costing(s, e.item, e.method, e.standard_cost);
}

auto check_logged(const receipt_costed& e, const state&) -> result<void> {
  if (auto ok = validate_code(e.document, "document"); !ok) return ok;
  for (const auto& cost : e.unit_costs) {
    if (auto ok = check_cost(cost, "unit_costs"); !ok) return ok;
  }
  return {};
}

}  // namespace onhand::detail
