// SPDX-License-Identifier: Apache-2.0
// The counting domain's commands. Each validates against the state and
// returns its event or an error; the same rules judge an event read back
// from the log (check_logged), so replay and verify() accept exactly what
// the commands could have written. A count that adjusts stock appends its
// event and the ledger document built by adjustment_document in one batch;
// the facade (src/counting/facade.cpp) validates that document by the
// ledger's rules and the promise rule, and replay pairs the two events by
// check_adjustment (src/engine/engine.cpp, log_checker).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "onhand/counting/commands.hpp"
#include "onhand/ledger/movement.hpp"
#include "onhand/state.hpp"

#include "engine/intent.hpp"

namespace onhand::detail {

// The counting domain's events and the keys they carry.
constexpr auto domain_of(const count_task_started&) -> domain { return domain::counting; }
constexpr auto domain_of(const count_submitted&) -> domain { return domain::counting; }
constexpr auto domain_of(const count_approved&) -> domain { return domain::counting; }
constexpr auto domain_of(const count_rejected&) -> domain { return domain::counting; }
constexpr auto domain_of(const recount_requested&) -> domain { return domain::counting; }
inline auto key_of_applied(const count_task_started& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const count_submitted& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const count_approved& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const count_rejected& e) -> std::string_view { return e.key; }
inline auto key_of_applied(const recount_requested& e) -> std::string_view { return e.key; }

/// Whether a variance (counted − expected) is within a task's tolerance.
[[nodiscard]] auto is_within_tolerance(const count_tolerance& tolerance,
                                       const std::optional<money>& unit_cost, quantity expected,
                                       quantity variance) -> bool;

/// The task started under `key`, or unknown_count_task.
[[nodiscard]] auto find_task(const state& s, std::string_view key) -> result<count_task_id>;

/// The start event, its snapshot taken from the book at `recorded`.
[[nodiscard]] auto start_event(const state& s, const count_request& request, timestamp recorded)
    -> result<count_task_started>;
[[nodiscard]] auto same_start(const event& stored, const count_request& request) -> bool;

[[nodiscard]] auto submission_event(const state& s, const count_submission& request,
                                    timestamp recorded) -> result<count_submitted>;
[[nodiscard]] auto same_submission(const event& stored, const state& s,
                                   const count_submission& request) -> bool;

/// The approval of a task awaiting it: the adjustment is counted − the book
/// at the counted time, now.
[[nodiscard]] auto approval_event(const state& s, const count_decision& request, timestamp recorded)
    -> result<count_approved>;
[[nodiscard]] auto validate_rejection(const state& s, const count_decision& request,
                                      timestamp recorded) -> result<intent>;
[[nodiscard]] auto validate_recount(const state& s, const count_decision& request,
                                    timestamp recorded) -> result<intent>;
/// Whether a stored decision (approval, rejection, recount) is `request`'s.
template <class Decision>
[[nodiscard]] auto same_decision(const event& stored, const state& s, const count_decision& request)
    -> bool {
  const auto* decided = std::get_if<Decision>(&stored);
  const auto id = s.counts.find(request.task);
  return decided != nullptr && id && decided->task == *id;
}

/// An adjustment a count event asks the next document to post.
struct count_adjustment {
  count_task_id task;
  quantity amount;  ///< counted − expected: positive is a gain, negative a loss.
  std::string key;  ///< The document's idempotency key.
  timestamp effective;
};
/// What a count event posts, if anything (read in the state before it).
[[nodiscard]] auto adjustment_of(const count_submitted& e) -> std::optional<count_adjustment>;
[[nodiscard]] auto adjustment_of(const count_approved& e, const state& s)
    -> std::optional<count_adjustment>;
/// The key of the document a count event posts: its own key + "/adjustment".
[[nodiscard]] auto adjustment_key(std::string_view key) -> std::string;
/// The ledger document of an adjustment: one line between the task's
/// location and its loss location, reason count, effective at the counted time.
[[nodiscard]] auto adjustment_document(const state& s, const count_adjustment& adjustment)
    -> movement_document;
/// Whether `document`, logged after a count event, is the adjustment it asks for.
[[nodiscard]] auto check_adjustment(const state& s, const count_adjustment& adjustment,
                                    const movement_document& document) -> result<void>;

// What replay must trust about a counting event from the log.
[[nodiscard]] auto check_logged(const count_task_started& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const count_submitted& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const count_approved& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const count_rejected& e, const state& s) -> result<void>;
[[nodiscard]] auto check_logged(const recount_requested& e, const state& s) -> result<void>;

}  // namespace onhand::detail
