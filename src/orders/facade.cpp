// SPDX-License-Identifier: Apache-2.0
// The orders domain's part of the inventory facade: the lock, then the
// domain's validation through the engine, or its query. A shipment, a
// receipt and a close with a discrepancy append the transfer's event and
// the ledger document that moves the stock as one batch, under the
// command's key (the document's), like inventory::commit_reservation.
#include <mutex>

#include "inventory_impl.hpp"
#include "orders/commands.hpp"

namespace onhand {
namespace {

// Whether the event before the document at `document_position` is an `E`
// of transfer `id`: a retry of the command that appended both.
template <class E, class Engine>
auto preceded_by(const Engine& engine, std::uint64_t document_position,
                 std::optional<transfer_id> id) -> bool {
  if (!id || document_position == 0) return false;
  auto before = engine.read_event(document_position - 1);
  const auto* moved = before ? std::get_if<E>(&*before) : nullptr;
  return moved != nullptr && moved->transfer == *id;
}

// Appends a transfer event and the document that moves its stock, under
// `key`: `make(state)` judges the request and returns the event. A close
// that moves nothing appends its event alone, under its own key.
template <class E, class Impl, class Make>
auto move_stock(Impl& impl, const std::string& key, std::string_view transfer, Make&& make)
    -> result<std::optional<posting>> {
  const auto recorded = impl.now();
  std::unique_lock lock{impl.mutex};
  auto& engine = impl.engine;
  // A close without a discrepancy is keyed in the orders domain; every
  // other movement's key is its document's.
  const auto prior = engine.view().keys.find(key);
  const auto owner = prior ? prior->domain : domain::ledger;
  auto same = [&](const event& stored) {
    const auto id = engine.view().transfers.find(transfer);
    if constexpr (std::is_same_v<E, transfer_closed>) {
      if (const auto* closed = std::get_if<transfer_closed>(&stored)) {
        return id && closed->transfer == *id;
      }
    }
    return std::holds_alternative<document_posted>(stored) &&
           preceded_by<E>(engine, engine.view().keys.find(key)->log_position, id);
  };
  movement_document document;
  auto committed =
      engine.commit_keyed({key, owner, "transfer movement"}, same, [&]() -> result<detail::intent> {
        const auto s = engine.view();
        if (auto ok = validate_code(key, "key"); !ok) return ok.error();
        auto moved = make(s);
        if (!moved) return std::move(moved).error();
        document = detail::transfer_document(*moved, s, key);
        if (document.lines.empty()) return detail::intent::of(event{std::move(*moved)});
        auto made = impl.validate_posting(document, document_id::none(), recorded);
        if (!made) return made;
        // The transfer's event first, then the document: replay knows the
        // lines the document must move before it reads it.
        made->events.insert(made->events.begin(), detail::staged_event{event{std::move(*moved)}});
        return made;
      });
  if (!committed) return std::move(committed).error();
  const auto s = engine.view();
  auto stored = engine.read_event(committed->log_position);
  if (!stored) return std::move(stored).error();
  // A close that moved nothing carries its key; any other first event is followed by a document.
  if (const auto* closed = std::get_if<transfer_closed>(&*stored); closed && !closed->key.empty()) {
    return std::optional<posting>{};
  }
  const auto document_position = committed->log_position + (committed->appended ? 1 : 0);
  return std::optional<posting>{detail::posting_at(s, document_position, committed->replayed)};
}

}  // namespace

auto inventory::open_transfer(const transfer_request& request) -> result<transfer_id> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {request.key, domain::orders, "transfer"},
      [&](const event& stored) { return detail::same_transfer(stored, request); },
      [&] { return detail::validate_open(engine.view(), request, recorded); });
  if (!committed) return std::move(committed).error();
  return *engine.view().transfers.find(request.key);
}

auto inventory::ship_transfer(const transfer_shipment& shipment) -> result<posting> {
  auto moved = move_stock<transfer_shipped>(
      *impl_, shipment.key, shipment.transfer,
      [&](const state& s) { return detail::shipment_event(s, shipment); });
  if (!moved) return std::move(moved).error();
  return **moved;
}

auto inventory::receive_transfer(const transfer_receipt& receipt) -> result<posting> {
  auto moved = move_stock<transfer_received>(
      *impl_, receipt.key, receipt.transfer,
      [&](const state& s) { return detail::receipt_event(s, receipt); });
  if (!moved) return std::move(moved).error();
  return **moved;
}

auto inventory::close_transfer(const transfer_close& close) -> result<std::optional<posting>> {
  return move_stock<transfer_closed>(*impl_, close.key, close.transfer,
                                     [&](const state& s) { return detail::close_event(s, close); });
}

auto inventory::transfer_by_key(std::string_view key) const -> result<transfer_order> {
  return read([&](const state& s) -> result<transfer_order> {
    auto id = detail::find_transfer(s, key);
    if (!id) return id.error();
    return s.transfers.at(*id);
  });
}

}  // namespace onhand
