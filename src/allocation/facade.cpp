// SPDX-License-Identifier: Apache-2.0
// The allocation domain's part of the inventory facade: the lock, then the
// domain's validation through the engine, or its query.
#include <mutex>

#include "onhand/detail/worst_error.hpp"

#include "allocation/commands.hpp"
#include "inventory_impl.hpp"

namespace onhand {
namespace {

auto check_known(const state& s, item_id item, location_id location) -> result<void> {
  if (item.index() >= s.catalog.item_count()) {
    return make_error(errc::unknown_code, "unknown item id", error_context{.field = "item"});
  }
  if (location.index() >= s.catalog.location_count()) {
    return make_error(errc::unknown_code, "unknown location id",
                      error_context{.field = "location"});
  }
  return {};
}

}  // namespace

auto inventory::reserve(const reservation_request& request) -> result<reservation_id> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {request.key, domain::allocation, "reservation"},
      [&](const event& stored) { return detail::same_reservation(stored, request); },
      [&] { return detail::validate_reserve(engine.view(), request, recorded); });
  if (!committed) return std::move(committed).error();
  return *engine.view().reservations.find(request.key);
}

auto inventory::commit_reservation(const reservation_commit& commit) -> result<posting> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  const auto& document = commit.document;
  // A retry: the same document, and the event before it commits the same reservation.
  auto same_commit = [&](const event& stored) {
    if (!detail::same_posting(stored, document, document_id::none())) return false;
    const auto prior = engine.view().keys.find(document.key);
    const auto id = engine.view().reservations.find(commit.reservation);
    if (!prior || !id || prior->log_position == 0) return false;
    auto next = engine.read_event(prior->log_position - 1);
    const auto* committed = next ? std::get_if<reservation_committed>(&*next) : nullptr;
    return committed != nullptr && committed->reservation == *id;
  };
  auto committed = engine.commit_keyed(
      {document.key, domain::ledger, "document"}, same_commit, [&]() -> result<detail::intent> {
        const auto s = engine.view();
        // Both the document and the reservation are judged; the fault of
        // highest precedence is the answer.
        detail::worst_error faults;
        std::optional<quantity> amount;
        if (auto id = detail::open_reservation(s, commit.reservation); !id) {
          faults.offer(std::move(id).error());
        } else if (auto taken = detail::committed_amount(s, *id, document); !taken) {
          faults.offer(std::move(taken).error());
        } else {
          amount = *taken;
        }
        auto made = impl_->validator.validate(s, document, document_id::none(), recorded,
                                              impl_->options.policy);
        if (!made) faults.offer(std::move(made).error());
        if (faults.has()) return faults.take();
        const detail::freed_hold freed{*s.reservations.find(commit.reservation), *amount};
        if (auto kept = detail::check_promises(s, document, recorded, freed); !kept) {
          return std::move(kept).error();
        }
        // The commit first, then the document: replay judges the document
        // by the promise rule with the hold already given back, as here.
        made->events.insert(
            made->events.begin(),
            detail::staged_event{event{reservation_committed{freed.reservation, freed.amount}}});
        return made;
      });
  if (!committed) return std::move(committed).error();
  // A commit's first event is the reservation's; its document follows. A
  // retry finds the document by its key.
  const auto document_position = committed->log_position + (committed->appended ? 1 : 0);
  return detail::posting_at(engine.view(), document_position, committed->replayed);
}

auto inventory::release_reservation(const reservation_release& release) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {release.key, domain::allocation, "release"},
      [&](const event& stored) { return detail::same_release(stored, engine.view(), release); },
      [&] { return detail::validate_release(engine.view(), release); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::advance_reservation_clock(timestamp at) -> result<std::size_t> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  std::size_t lapsing = 0;
  auto committed = engine.commit([&]() -> result<detail::intent> {
    lapsing = engine.view().reservations.expiring_by(at).size();
    return detail::validate_clock(engine.view(), at);
  });
  if (!committed) return std::move(committed).error();
  return committed->appended ? lapsing : 0;
}

auto inventory::set_channel_quota(const quota_request& quota) -> result<void> {
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit([&] { return detail::validate_quota(engine.view(), quota); });
  if (!committed) return std::move(committed).error();
  return {};
}

auto inventory::available_to_promise(item_id item, location_id location,
                                     std::string_view channel) const -> result<atp_position> {
  const auto now = impl_->now();
  return read([&](const state& s) -> result<atp_position> {
    if (auto ok = check_known(s, item, location); !ok) return ok.error();
    return onhand::available_to_promise(s, item, location, channel, now);
  });
}

auto inventory::reservation_by_key(std::string_view key) const -> result<reservation> {
  return read([&](const state& s) -> result<reservation> {
    auto id = detail::open_reservation(s, key);
    if (!id) return id.error();
    return s.reservations.at(*id);
  });
}

}  // namespace onhand
