// SPDX-License-Identifier: Apache-2.0
// The purchasing domain's part of the inventory facade: the lock, then the
// domain's validation through the engine.
#include <mutex>
#include <span>

#include "inventory_impl.hpp"
#include "purchasing/commands.hpp"
#include "valuation/commands.hpp"

namespace onhand {
namespace {

// Whether a stored document's lines are the lots a request names, in order.
auto same_lots(const movement_document& d, std::span<const received_lot> lots) -> bool {
  if (d.lines.size() != lots.size()) return false;
  for (std::size_t i = 0; i < lots.size(); ++i) {
    if (d.lines[i].lot != lots[i].lot || d.lines[i].amount != lots[i].amount) return false;
  }
  return true;
}

}  // namespace

auto inventory::define_supplier(const supplier_definition& supplier) -> result<supplier_id> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed =
      engine.commit([&] { return detail::validate_supplier(engine.view(), supplier); });
  if (!committed) return std::move(committed).error();
  return *engine.view().purchasing.find_supplier(supplier.code);
}

auto inventory::set_supplier_item(const supplier_item_terms& terms) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed =
      engine.commit([&] { return detail::validate_supplier_item(engine.view(), terms); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::create_purchase_order(const purchase_order_request& order)
    -> result<purchase_order_id> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {order.key, domain::purchasing, "purchase order"},
      [&](const event& stored) { return detail::same_order(stored, engine.view(), order); },
      [&] { return detail::validate_order(engine.view(), order, recorded); });
  if (!committed) return std::move(committed).error();
  return *engine.view().purchasing.find_order(order.key);
}

auto inventory::send_purchase_order(std::string_view order) -> result<void> {
  const auto at = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit([&] { return detail::validate_send(engine.view(), order, at); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::change_purchase_order_line(const purchase_order_change& change) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {change.key, domain::purchasing, "order change"},
      [&](const event& stored) { return detail::same_change(stored, engine.view(), change); },
      [&] { return detail::validate_change(engine.view(), change); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::cancel_purchase_order(std::string_view order) -> result<void> {
  const auto at = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit([&] { return detail::validate_cancel(engine.view(), order, at); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::close_purchase_order(std::string_view order) -> result<void> {
  const auto at = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit([&] { return detail::validate_close(engine.view(), order, at); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::receive(const receipt_request& receipt) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  // Kept outside validation: the intent borrows the document.
  std::optional<detail::receipt_intent> made;
  // A retry: the same document, before it the same costs (if any), and
  // before those the same receipt.
  auto same_receipt = [&](const event& stored) {
    const auto* posted = std::get_if<document_posted>(&stored);
    if (posted == nullptr || posted->document.key != receipt.key) return false;
    const auto prior = engine.view().keys.find(receipt.key);
    if (!prior || prior->log_position == 0) return false;
    auto position = prior->log_position - 1;
    auto before = engine.read_event(position);
    if (!before) return false;
    // An order's receipt is valued at the line's price, which the request
    // does not name; an unexpected one at the cost it gives.
    const auto* costs = std::get_if<receipt_costed>(&*before);
    std::optional<money> unit_cost;
    if (costs != nullptr && !costs->unit_costs.empty()) unit_cost = costs->unit_costs.front();
    if (receipt.order.empty() && unit_cost != receipt.unit_cost) return false;
    if (costs != nullptr) {
      if (position == 0) return false;
      before = engine.read_event(--position);
    }
    const auto* recorded_event = before ? std::get_if<receipt_recorded>(&*before) : nullptr;
    if (recorded_event == nullptr) return false;
    // What the request names must be what was received; the state has
    // moved on since (the line received it), so compare the request's parts.
    const auto& d = posted->document;
    if (d.reference.external_document != receipt.order || d.effective != receipt.effective ||
        !same_lots(d, receipt.lots)) {
      return false;
    }
    return receipt.order.empty() ? recorded_event->order.is_none()
                                 : recorded_event->line == receipt.line;
  };
  auto committed = engine.commit_keyed(
      {receipt.key, domain::ledger, "document"}, same_receipt, [&]() -> result<detail::intent> {
        const auto s = engine.view();
        auto built = detail::receipt_of(s, receipt, recorded);
        if (!built) return std::move(built).error();
        made = std::move(*built);
        auto posted = impl_->validate_posting(made->document, document_id::none(), recorded);
        if (!posted) return posted;
        // The receipt first, then its costs, then the document: replay pairs
        // them in that order, and the valuation projection keeps the costs
        // for the document that follows.
        if (made->costs) {
          if (auto ok = detail::check_receipt_costs(s, made->document, made->costs->unit_costs);
              !ok) {
            return std::move(ok).error();
          }
          posted->events.insert(posted->events.begin(), detail::staged_event{event{*made->costs}});
        }
        posted->events.insert(posted->events.begin(), detail::staged_event{event{made->receipt}});
        return posted;
      });
  if (!committed) return std::move(committed).error();
  const std::uint64_t before_document = made && made->costs ? 2 : 1;
  const auto document_position =
      committed->log_position + (committed->appended ? before_document : 0);
  return detail::posting_at(engine.view(), document_position, committed->replayed);
}

auto inventory::set_inspection(const inspection_terms& terms) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit([&] { return detail::validate_inspection(engine.view(), terms); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::release_inspection(const inspection_release& release) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  std::optional<detail::release_intent> made;
  // A retry: the same document, and the event before it is the same release.
  auto same_release = [&](const event& stored) {
    const auto* posted = std::get_if<document_posted>(&stored);
    if (posted == nullptr || posted->document.key != release.key) return false;
    const auto prior = engine.view().keys.find(release.key);
    if (!prior || prior->log_position == 0) return false;
    auto before = engine.read_event(prior->log_position - 1);
    const auto* released = before ? std::get_if<inspection_released>(&*before) : nullptr;
    const auto& d = posted->document;
    if (released == nullptr || released->outcome != release.outcome ||
        released->line != release.line || released->reason != release.reason ||
        d.reference.external_document != release.order || d.effective != release.effective ||
        !same_lots(d, release.lots)) {
      return false;
    }
    return release.outcome != inspection_outcome::scrapped || released->to == release.scrap;
  };
  auto committed = engine.commit_keyed(
      {release.key, domain::ledger, "document"}, same_release, [&]() -> result<detail::intent> {
        auto built = detail::release_of(engine.view(), release, recorded);
        if (!built) return std::move(built).error();
        made = std::move(*built);
        auto posted = impl_->validate_posting(made->document, document_id::none(), recorded);
        if (!posted) return posted;
        // The release first, then the document: replay pairs them in that order.
        posted->events.insert(posted->events.begin(), detail::staged_event{event{made->release}});
        return posted;
      });
  if (!committed) return std::move(committed).error();
  const auto document_position = committed->log_position + (committed->appended ? 1 : 0);
  return detail::posting_at(engine.view(), document_position, committed->replayed);
}

}  // namespace onhand
