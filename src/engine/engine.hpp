// SPDX-License-Identifier: Apache-2.0
// The engine under the inventory facade: the store, the projections built
// from it, and the commit loop every command goes through.
//
//   command ─► validate(state) ─► intent ─► append to the store ─► apply to
//   every projection ─► outcome
//
// A command's validation reads the projections and returns an intent (the
// events to append) or an error; the engine appends the intent's events as
// one atomic batch at the log position the projections reflect, and only
// once the store accepted them applies them. When another writer appended
// first (concurrency_conflict), or a refusal may come from a stale view, the
// engine reads what the others appended and validates again. Keyed commands
// go through the idempotency index first: a key used before for the same
// request returns the original outcome, for another request an
// idempotency_conflict, unless the request also has a fault that the error
// table ranks above the conflict (malformed input).
//
// Not thread-safe by itself: the facade holds the lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onhand/storage/store.hpp"

#include "engine/intent.hpp"
#include "engine/projections.hpp"

namespace onhand::detail {

/// The idempotency key a command is committed under, and what it is.
struct command_key {
  std::string_view key;  ///< Empty: the command carries no key.
  domain owner = domain::ledger;
  std::string_view noun;  ///< The request in a conflict's message ("document").
};

/// What a commit did.
struct committed {
  /// The log position of the command's first event: appended now, or, for
  /// a retry, appended by the original command. For a no-op, the log's end.
  std::uint64_t log_position = 0;
  bool appended = false;  ///< Events were appended and applied.
  bool replayed = false;  ///< A retry: the key was used before for the same request.
};

class engine {
 public:
  static constexpr int append_attempts_max = 16;

  explicit engine(std::unique_ptr<store> log) : log_(std::move(log)) {}

  [[nodiscard]] auto projections() const -> const detail::projections& { return state_; }
  [[nodiscard]] auto view() const -> state { return state_.view(); }
  [[nodiscard]] auto log() const -> const store& { return *log_; }

  /// Reads, checks and applies every event the store holds beyond our position.
  auto catch_up() -> result<void> { return replay(*log_, state_); }
  /// Reads, checks and applies every event `log` holds beyond `into.position`:
  /// the one replay loop of opening, catching up and verify().
  static auto replay(const store& log, detail::projections& into) -> result<void>;
  /// The event at a log position.
  [[nodiscard]] auto read_event(std::uint64_t log_position) const -> result<event>;
  /// Replays the whole log into fresh projections, compares them with ours,
  /// then checks every projection's invariants. store_failure names the
  /// first difference.
  [[nodiscard]] auto verify() const -> result<void>;

  /// Commits an unkeyed command: `validate()` returns result<intent>.
  template <class Validate>
  auto commit(Validate&& validate) -> result<committed> {
    return commit_keyed(
        command_key{}, [](const event&) { return false; }, std::forward<Validate>(validate));
  }

  /// Commits a command under an idempotency key. `same_request(event)` says
  /// whether the event a prior command under the key appended is what this
  /// command would append: then the prior outcome is returned, replayed.
  template <class SameRequest, class Validate>
  auto commit_keyed(const command_key& command, SameRequest&& same_request, Validate&& validate)
      -> result<committed> {
    const auto key = command.key;
    for (int attempt = 0; attempt < append_attempts_max; ++attempt) {
      std::optional<committed> replayed;
      result<intent> made = [&]() -> result<intent> {
        if (key.empty()) return validate();
        const auto prior = state_.keys.find(key);
        if (!prior) return validate();
        auto stored = read_event(prior->log_position);
        if (!stored) return std::move(stored).error();
        if (prior->domain != command.owner || !same_request(*stored)) {
          return conflict_or_worse(command, prior->domain, validate);
        }
        replayed = committed{prior->log_position, false, true};
        return intent{};
      }();
      if (!made) {
        // A refusal may come from a stale view when others share the log:
        // look once more with what they appended before answering.
        auto end = log_->end();
        if (!end || *end == state_.position) return std::move(made).error();
        if (auto synced = catch_up(); !synced) return synced.error();
        continue;
      }
      if (replayed) return *replayed;
      if (made->empty()) return committed{state_.position, false, false};
      const auto at = state_.position;
      auto appended = append(*made);
      if (appended) return committed{at, true, false};
      if (appended.error().code != errc::concurrency_conflict) return std::move(appended).error();
      if (auto synced = catch_up(); !synced) return synced.error();
    }
    return gave_up();
  }

 private:
  /// The idempotency_conflict of a key another request holds, unless the
  /// request's own validation finds a fault the error table ranks higher:
  /// only unreadable input (malformed_input) does; any other fault of its
  /// content (an unknown code, a bad quantity, missing stock) ranks below.
  /// Off the hot path: validation runs again only for a conflict.
  template <class Validate>
  [[gnu::cold, gnu::noinline]] static auto conflict_or_worse(const command_key& command,
                                                             domain prior, Validate& validate)
      -> error {
    auto conflict = key_conflict(command, prior);
    auto content = validate();
    if (!content && precedence_of(content.error().code) < precedence_of(conflict.code)) {
      return std::move(content).error();
    }
    return conflict;
  }
  /// Encodes the intent's events, appends them as one batch at our
  /// position and, once stored, applies them. Errors: the store's.
  auto append(const intent& made) -> result<void>;
  [[nodiscard]] static auto key_conflict(const command_key& command, domain prior) -> error;
  [[nodiscard]] static auto gave_up() -> error;

  std::unique_ptr<store> log_;
  detail::projections state_;
  // Scratch reused between commands (writers are serialized): the encoded
  // events and the views of them handed to the store.
  std::vector<std::string> payloads_;
  std::vector<event_view> views_;
};

}  // namespace onhand::detail
