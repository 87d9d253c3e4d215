// SPDX-License-Identifier: Apache-2.0
// The sales orders' part of the inventory facade: the lock, then the
// domain's validation through the engine, or its query. An allocation, a
// cancellation and a shipment each append their events as one batch.
#include <mutex>

#include "inventory_impl.hpp"
#include "orders/sales_commands.hpp"

namespace onhand {

auto inventory::create_sales_order(const sales_order_request& request) -> result<sales_order_id> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {request.key, domain::orders, "sales order"},
      [&](const event& stored) { return detail::same_sales_order(stored, request); },
      [&] { return detail::validate_create(engine.view(), request, recorded); });
  if (!committed) return std::move(committed).error();
  return *engine.view().sales_orders.find(request.key);
}

auto inventory::allocate_sales_order(const sales_order_allocation& allocation)
    -> result<sales_order_status> {
  const auto now = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed =
      engine.commit([&] { return detail::validate_allocate(engine.view(), allocation, now); });
  if (!committed) return std::move(committed).error();
  const auto s = engine.view();
  return s.sales_orders.status(*s.sales_orders.find(allocation.order), s.reservations);
}

auto inventory::cancel_sales_order(const sales_order_cancel& cancel) -> result<sales_order_status> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {cancel.key, domain::orders, "cancellation"},
      [&](const event& stored) { return detail::same_cancel(stored, engine.view(), cancel); },
      [&] { return detail::validate_cancel(engine.view(), cancel); });
  if (!committed) return std::move(committed).error();
  const auto s = engine.view();
  return s.sales_orders.status(*s.sales_orders.find(cancel.order), s.reservations);
}

auto inventory::ship_sales_order_line(const sales_order_shipment& shipment)
    -> result<sales_order_status> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto& validator = impl_->validator;
  std::optional<detail::shipment_plan> plan;
  auto committed = engine.commit_keyed(
      {shipment.key, domain::orders, "shipment"},
      [&](const event& stored) {
        const auto s = engine.view();
        if (!detail::same_shipment(stored, s, shipment)) return false;
        if (!shipment.amount) return true;
        // What it shipped: the commits that follow the shipment's event.
        quantity shipped;
        for (auto at = s.keys.find(shipment.key)->log_position + 1; at < s.log_position; at += 2) {
          auto next = engine.read_event(at);
          const auto* commit = next ? std::get_if<reservation_committed>(&*next) : nullptr;
          if (commit == nullptr) break;
          shipped += commit->amount;
        }
        return shipped == *shipment.amount;
      },
      [&]() -> result<detail::intent> {
        const auto s = engine.view();
        auto planned = detail::plan_shipment(s, shipment, recorded);
        if (!planned) return std::move(planned).error();
        plan = std::move(*planned);
        // Each commit's document is judged as posting it would be, seeing
        // the ones before it in this shipment; each takes exactly what it
        // gives back of its own reservation, so the promise rule judges it
        // alone.
        auto out = detail::intent::of(event{plan->shipped});
        validator.begin_batch(plan->documents.size());
        for (std::size_t i = 0; i < plan->documents.size(); ++i) {
          const auto& document = plan->documents[i];
          const auto [reservation, amount] = plan->commits[i];
          if (auto taken = detail::committed_amount(s, reservation, document); !taken) {
            return std::move(taken).error();
          }
          auto made = validator.validate_in_batch(s, document, i, recorded, impl_->options.policy);
          if (!made) return made;
          if (auto kept = detail::check_promises(s, document, recorded,
                                                 detail::freed_hold{reservation, amount});
              !kept) {
            return std::move(kept).error();
          }
          validator.accept(s, document, i);
          out.events.emplace_back(event{reservation_committed{reservation, amount}});
          for (auto& staged : made->events) out.events.push_back(std::move(staged));
        }
        for (auto& release : plan->releases) out.events.emplace_back(event{std::move(release)});
        return out;
      });
  validator.end_batch();
  if (!committed) return std::move(committed).error();
  const auto s = engine.view();
  return s.sales_orders.status(*s.sales_orders.find(shipment.order), s.reservations);
}

auto inventory::return_sales_order_line(const sales_return_request& request) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  // The intent borrows the plan's document: it outlives the commit.
  std::optional<detail::return_plan> plan;
  auto committed = engine.commit_keyed(
      {request.key, domain::orders, "return"},
      [&](const event& stored) { return detail::same_return(stored, engine.view(), request); },
      [&]() -> result<detail::intent> {
        const auto s = engine.view();
        auto planned = detail::plan_return(s, request);
        if (!planned) return std::move(planned).error();
        plan = std::move(*planned);
        auto made = impl_->validator.validate(s, plan->document, document_id::none(), recorded,
                                              impl_->options.policy);
        if (!made) return made;
        if (auto kept = detail::check_promises(s, plan->document, recorded); !kept) {
          return std::move(kept).error();
        }
        made->events.insert(made->events.begin(),
                            detail::staged_event{event{std::move(plan->returned)}});
        return made;
      });
  if (!committed) return std::move(committed).error();
  // The return's event comes first; its document follows. A retry finds
  // the document after the event its key names.
  return detail::posting_at(engine.view(), committed->log_position + 1, committed->replayed);
}

auto inventory::sales_order_by_key(std::string_view key) const -> result<sales_order_status> {
  return read([&](const state& s) -> result<sales_order_status> {
    auto id = detail::find_sales_order(s, key);
    if (!id) return id.error();
    return s.sales_orders.status(*id, s.reservations);
  });
}

}  // namespace onhand
