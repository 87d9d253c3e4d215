// SPDX-License-Identifier: Apache-2.0
// The valuation domain's part of the inventory facade: the lock, then the
// domain's validation through the engine, or its query.
#include <algorithm>
#include <mutex>

#include "onhand/valuation/queries.hpp"

#include "inventory_impl.hpp"
#include "ledger/commands.hpp"
#include "valuation/commands.hpp"

namespace onhand {
namespace {

// Whether the event just before a costed receipt's document holds the same costs.
auto same_costs(const result<event>& stored, const movement_document& document,
                std::span<const money> unit_costs) -> bool {
  const auto* costed = stored ? std::get_if<receipt_costed>(&*stored) : nullptr;
  return costed != nullptr && costed->document == document.key &&
         std::equal(costed->unit_costs.begin(), costed->unit_costs.end(), unit_costs.begin(),
                    unit_costs.end());
}

}  // namespace

auto inventory::set_costing_method(const costing_request& request) -> result<void> {
  const auto now = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed =
      engine.commit([&] { return detail::validate_costing(engine.view(), request, now); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::post_costed_receipt(const movement_document& document,
                                    std::span<const money> unit_costs) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  // A retry: the same document, and the event before it holds the same costs.
  auto same_receipt = [&](const event& stored) {
    if (!detail::same_posting(stored, document, document_id::none())) return false;
    const auto prior = engine.view().keys.find(document.key);
    if (!prior || prior->log_position == 0) return false;
    return same_costs(engine.read_event(prior->log_position - 1), document, unit_costs);
  };
  auto committed = engine.commit_keyed(
      {document.key, domain::ledger, "document"}, same_receipt, [&]() -> result<detail::intent> {
        const auto s = engine.view();
        auto made = impl_->validate_posting(document, document_id::none(), recorded);
        if (!made) return made;
        if (auto ok = detail::check_receipt_costs(s, document, unit_costs); !ok) {
          return std::move(ok).error();
        }
        // The costs first, then the document: the projection values the
        // document's lines with the costs it holds.
        made->events.insert(made->events.begin(),
                            detail::staged_event{event{receipt_costed{
                                document.key, {unit_costs.begin(), unit_costs.end()}}}});
        return made;
      });
  if (!committed) return std::move(committed).error();
  const auto document_position = committed->log_position + (committed->appended ? 1 : 0);
  return detail::posting_at(engine.view(), document_position, committed->replayed);
}

auto inventory::post_costed_receipt(const document_spec& spec, std::span<const money> unit_costs)
    -> result<posting> {
  auto document = read([&](const state& s) { return detail::resolve(s, spec); });
  if (!document) return std::move(document).error();
  return post_costed_receipt(*document, unit_costs);
}

auto inventory::value_of(item_id item, location_id location, std::optional<timestamp> at) const
    -> stock_value {
  return read([&](const state& s) {
    return at ? stock_value_as_of(s, item, location, *at) : stock_value_of(s, item, location);
  });
}

auto inventory::valuation_report(timestamp at) const -> std::vector<valuation_row> {
  return read([&](const state& s) { return onhand::valuation_report(s, at); });
}

auto inventory::cost_of_goods_sold(timestamp from, timestamp to, const value_filter& filter) const
    -> money {
  return read([&](const state& s) { return onhand::cost_of_goods_sold(s, from, to, filter); });
}

}  // namespace onhand
