// SPDX-License-Identifier: Apache-2.0
// The counting domain's part of the inventory facade: the lock, then the
// domain's validation through the engine. A count that adjusts stock
// appends its event and the ledger's adjustment document in one batch,
// the document judged by the ledger's rules and the promise rule, as
// inventory::commit_reservation does for a shipment.
#include <mutex>

#include "onhand/ledger/queries.hpp"

#include "counting/commands.hpp"
#include "inventory_impl.hpp"

namespace onhand {
namespace {

// The intent of a count event, followed by its adjustment document if it
// posts one. `document` (the caller's) holds the document until the commit ends.
template <class CountEvent>
auto with_adjustment(detail::posting_validator& validator, const ledger_policy& policy,
                     const state& s, CountEvent e,
                     std::optional<detail::count_adjustment> adjustment,
                     movement_document& document, timestamp recorded) -> result<detail::intent> {
  auto out = detail::intent::of(event{std::move(e)});
  if (!adjustment) return out;
  document = detail::adjustment_document(s, *adjustment);
  if (s.keys.find(document.key)) {
    return make_error(errc::idempotency_conflict,
                      "the adjustment's key '" + document.key + "' was used before",
                      error_context{.document = document.key, .field = "key"});
  }
  auto made = validator.validate(s, document, document_id::none(), recorded, policy);
  if (!made) return name_short_lines(s, document, std::move(made).error());
  if (auto kept = detail::check_promises(s, document, recorded); !kept) {
    return std::move(kept).error();
  }
  for (auto& staged : made->events) out.events.push_back(std::move(staged));
  return out;
}

// The outcome of a count event at `log_position`, from the state after it.
auto outcome_of(const state& s, count_task_id id, quantity posted, std::string_view event_key,
                bool replayed) -> count_outcome {
  const auto& t = s.counts.at(id);
  return count_outcome{.task = id,
                       .status = t.status,
                       .expected = t.expected,
                       .variance = t.counted - t.expected,
                       .adjustment = posted,
                       .document = find_document(s, detail::adjustment_key(event_key)),
                       .replayed = replayed};
}

// A decision that posts nothing (a rejection, a recount), under its key.
template <class Decision, class Validate>
auto commit_decision(detail::engine& engine, std::shared_mutex& mutex, timestamp recorded,
                     const count_decision& decision, std::string_view noun, Validate validate)
    -> result<void> {
  std::unique_lock lock{mutex};
  auto committed = engine.commit_keyed(
      {decision.key, domain::counting, noun},
      [&](const event& stored) {
        return detail::same_decision<Decision>(stored, engine.view(), decision);
      },
      [&] { return validate(engine.view(), decision, recorded); });
  if (!committed) return std::move(committed).error();
  return {};
}

}  // namespace

auto inventory::start_count(const count_request& request) -> result<count_task_id> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  auto committed = engine.commit_keyed(
      {request.key, domain::counting, "count task"},
      [&](const event& stored) { return detail::same_start(stored, request); },
      [&]() -> result<detail::intent> {
        auto e = detail::start_event(engine.view(), request, recorded);
        if (!e) return e.error();
        return detail::intent::of(event{*std::move(e)});
      });
  if (!committed) return std::move(committed).error();
  return *engine.view().counts.find(request.key);
}

auto inventory::submit_count(const count_submission& submission) -> result<count_outcome> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  movement_document document;
  auto committed = engine.commit_keyed(
      {submission.key, domain::counting, "count"},
      [&](const event& stored) {
        return detail::same_submission(stored, engine.view(), submission);
      },
      [&]() -> result<detail::intent> {
        const auto s = engine.view();
        auto e = detail::submission_event(s, submission, recorded);
        if (!e) return e.error();
        auto adjustment = detail::adjustment_of(*e);
        return with_adjustment(impl_->validator, impl_->options.policy, s, *std::move(e),
                               std::move(adjustment), document, recorded);
      });
  if (!committed) return std::move(committed).error();
  const auto s = engine.view();
  auto stored = engine.read_event(committed->log_position);
  if (!stored) return std::move(stored).error();
  const auto& e = std::get<count_submitted>(*stored);
  const auto posted = e.within_tolerance ? e.counted - e.expected : quantity{};
  return outcome_of(s, e.task, posted, e.key, committed->replayed);
}

auto inventory::approve_count(const count_decision& decision) -> result<count_outcome> {
  const auto recorded = impl_->now();
  std::unique_lock lock{impl_->mutex};
  auto& engine = impl_->engine;
  movement_document document;
  auto committed = engine.commit_keyed(
      {decision.key, domain::counting, "approval"},
      [&](const event& stored) {
        return detail::same_decision<count_approved>(stored, engine.view(), decision);
      },
      [&]() -> result<detail::intent> {
        const auto s = engine.view();
        auto e = detail::approval_event(s, decision, recorded);
        if (!e) return e.error();
        auto adjustment = detail::adjustment_of(*e, s);
        return with_adjustment(impl_->validator, impl_->options.policy, s, *std::move(e),
                               std::move(adjustment), document, recorded);
      });
  if (!committed) return std::move(committed).error();
  auto stored = engine.read_event(committed->log_position);
  if (!stored) return std::move(stored).error();
  const auto& e = std::get<count_approved>(*stored);
  return outcome_of(engine.view(), e.task, e.adjustment, e.key, committed->replayed);
}

auto inventory::reject_count(const count_decision& decision) -> result<void> {
  return commit_decision<count_rejected>(impl_->engine, impl_->mutex, impl_->now(), decision,
                                         "rejection", detail::validate_rejection);
}

auto inventory::request_recount(const count_decision& decision) -> result<void> {
  return commit_decision<recount_requested>(impl_->engine, impl_->mutex, impl_->now(), decision,
                                            "recount", detail::validate_recount);
}

auto inventory::count_task_by_key(std::string_view key) const -> result<count_task> {
  return read([&](const state& s) -> result<count_task> {
    auto id = detail::find_task(s, key);
    if (!id) return id.error();
    return s.counts.at(*id);
  });
}

}  // namespace onhand
