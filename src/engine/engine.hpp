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
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onhand/storage/opening_report.hpp"
#include "onhand/storage/store.hpp"

#include "engine/intent.hpp"
#include "engine/projections.hpp"

namespace onhand::detail {

/// What a commit did.
struct committed {
  /// The log position of the command's first event: appended now, or, for
  /// a retry, appended by the original command. For a no-op, the log's end.
  std::uint64_t log_position = 0;
  bool appended = false;  ///< Events were appended and applied.
  bool replayed = false;  ///< A retry: the key was used before for the same request.
};

/// What became of one command of a batch (16 bytes: a batch may hold a
/// million commands).
struct batch_slot {
  enum class outcome : std::uint8_t {
    appended,   ///< Appended with the batch, at log_position.
    replayed,   ///< A retry: the command under its key, at log_position.
    refused,    ///< Refused: its error is refusals[refusal]; nothing of it was appended.
    withdrawn,  ///< Valid, but not appended: an atomic batch had a refusal.
  };
  static constexpr std::uint32_t no_refusal = UINT32_MAX;
  std::uint64_t log_position = 0;
  std::uint32_t refusal = no_refusal;
  outcome what = outcome::withdrawn;
};

struct batch_outcome {
  std::vector<batch_slot> slots;  ///< One per command, in order.
  std::vector<error> refusals;    ///< The refused commands' errors, in order.
};

/// The keys of the commands a batch accepted so far: an open-addressing
/// table of command indexes by key hash (the keys stay in the commands).
class batch_keys {
 public:
  static constexpr std::size_t none = SIZE_MAX;
  void reset(std::size_t commands) {
    std::size_t size = 16;
    while (size < 2 * commands) size *= 2;
    table_.assign(size, 0);
  }
  /// The index of the accepted command under `key`, or none; `key_of(j)` is command j's key.
  template <class KeyOf>
  [[nodiscard]] auto find(std::string_view key, KeyOf&& key_of) const -> std::size_t {
    const auto mask = table_.size() - 1;
    for (auto at = std::hash<std::string_view>{}(key)&mask; table_[at] != 0; at = (at + 1) & mask) {
      if (key_of(table_[at] - 1) == key) return table_[at] - 1;
    }
    return none;
  }
  /// Records command `index` under `key`, which find() does not know.
  void add(std::string_view key, std::size_t index) {
    const auto mask = table_.size() - 1;
    auto at = std::hash<std::string_view>{}(key)&mask;
    while (table_[at] != 0) at = (at + 1) & mask;
    table_[at] = index + 1;
  }

 private:
  std::vector<std::size_t> table_;  // command index + 1; 0: empty
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
  /// Builds the projections of a new engine: from the newest snapshot that
  /// decodes, lies within the log and from which the log's tail replays,
  /// then that tail; else by replaying the whole log. Says how in `report`.
  /// `progress`, when set, is told how far each replay it runs has come
  /// (inventory_options::replay_progress).
  auto open(opening_report& report, const replay_progress_fn& progress = {}) -> result<void>;
  /// Writes a snapshot of the projections at their position (between whole
  /// commands: the engine is only ever there outside a commit). Returns
  /// the position. Errors: the store's.
  auto snapshot() -> result<std::uint64_t>;
  /// Reads, checks and applies every event `log` holds beyond `into.position`:
  /// the one replay loop of opening, catching up and verify().
  /// `progress`, when set, is called after each chunk with `into.position`.
  static auto replay(const store& log, detail::projections& into,
                     const std::function<void(std::uint64_t position)>& progress = {})
      -> result<void>;
  /// The event at a log position. A failure is also kept until the next
  /// command asks (failed_read): a same_request check that reads earlier
  /// events answers a bool, and must not take a failed read for "another
  /// request" (an idempotency_conflict the retry would never get over).
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
        failed_read_.reset();
        const bool same = prior->domain == command.owner && same_request(*stored);
        if (failed_read_) return *std::exchange(failed_read_, std::nullopt);
        if (!same) return conflict_or_worse(command, prior->domain, validate);
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

  /// Commits the commands of a batch with one append: each is judged as if
  /// the ones accepted before it were committed, and is appended or refused
  /// on its own (all or none if `atomic`). `batch` provides
  ///   count() -> std::size_t
  ///   key(i) -> command_key
  ///   same_request(i, const event& stored) -> bool   (as for commit_keyed)
  ///   same_as(i, j) -> bool   (command i repeats command j, accepted before it)
  ///   validate(i) -> result<intent>   (sees the commands accepted before it)
  ///   accept(i)   (command i, validated last, is in the batch)
  ///   reset()     (forget every accepted command: the batch starts over)
  /// Errors: the store's, when nothing was appended.
  template <class Batch>
  auto commit_batch(Batch& batch, bool atomic) -> result<batch_outcome> {
    const auto count = batch.count();
    batch_outcome out;
    out.slots.resize(count);
    batch_keys accepted_keys;
    std::vector<posting_ref> accepted;
    for (int attempt = 0; attempt < append_attempts_max; ++attempt) {
      // Judged against every event in the store: catch up first.
      auto end = log_->end();
      if (!end) return std::move(end).error();
      if (*end != state_.position) {
        if (auto synced = catch_up(); !synced) return synced.error();
      }
      batch.reset();
      accepted_keys.reset(count);
      accepted.clear();
      out.refusals.clear();
      auto refuse = [&](batch_slot& slot, error e) {
        slot.what = batch_slot::outcome::refused;
        slot.refusal = static_cast<std::uint32_t>(out.refusals.size());
        out.refusals.push_back(std::move(e));
      };
      for (std::size_t i = 0; i < count; ++i) {
        auto& slot = out.slots[i];
        slot = batch_slot{};
        const auto command = batch.key(i);
        auto validate = [&] { return batch.validate(i); };
        if (!command.key.empty()) {
          if (const auto prior = state_.keys.find(command.key)) {
            auto stored = read_event(prior->log_position);
            if (!stored) return std::move(stored).error();
            failed_read_.reset();
            const bool same = prior->domain == command.owner && batch.same_request(i, *stored);
            if (failed_read_) return *std::exchange(failed_read_, std::nullopt);
            if (same) {
              slot.what = batch_slot::outcome::replayed;
              slot.log_position = prior->log_position;
            } else {
              refuse(slot, conflict_or_worse(command, prior->domain, validate));
            }
            continue;
          }
          const auto earlier =
              accepted_keys.find(command.key, [&](std::size_t j) { return batch.key(j).key; });
          if (earlier != batch_keys::none) {
            if (batch.same_as(i, earlier)) {
              slot.what = batch_slot::outcome::replayed;
              slot.log_position = out.slots[earlier].log_position;
            } else {
              refuse(slot, conflict_or_worse(command, command.owner, validate));
            }
            continue;
          }
        }
        auto made = validate();
        if (!made) {
          refuse(slot, std::move(made).error());
          continue;
        }
        // Batches carry documents: one borrowed posting each.
        ONHAND_ASSERT(
            made->events.size() == 1 && std::holds_alternative<posting_ref>(made->events.front()),
            "a batched command appends one posting");
        batch.accept(i);
        if (!command.key.empty()) accepted_keys.add(command.key, i);
        slot.what = batch_slot::outcome::appended;
        slot.log_position = state_.position + accepted.size();
        accepted.push_back(std::get<posting_ref>(made->events.front()));
      }
      if (atomic && !out.refusals.empty()) {
        for (auto& slot : out.slots) {
          if (slot.what != batch_slot::outcome::refused) slot = batch_slot{};
        }
        return out;
      }
      if (!accepted.empty()) {
        auto appended = append_all(std::span<const posting_ref>(accepted));
        if (!appended) {
          if (appended.error().code != errc::concurrency_conflict) {
            return std::move(appended).error();
          }
          if (auto synced = catch_up(); !synced) return synced.error();
          continue;
        }
      }
      return out;
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
  auto append(const intent& made) -> result<void> {
    return append_all(std::span<const staged_event>(made.events.data(), made.events.size()));
  }
  /// The same for staged events or borrowed postings (engine.cpp has both).
  template <class Staged>
  auto append_all(std::span<const Staged> events) -> result<void>;
  [[nodiscard]] static auto key_conflict(const command_key& command, domain prior) -> error;
  [[nodiscard]] static auto gave_up() -> error;

  std::unique_ptr<store> log_;
  detail::projections state_;
  // Scratch reused between commands (writers are serialized): the encoded
  // events and the views of them handed to the store.
  std::string scratch_;            // one encoded event
  std::string encoded_;            // the events of one append, back to back
  std::vector<std::size_t> ends_;  // where each ends in encoded_
  std::vector<event_view> views_;
  // The last read_event failure, while a same_request check runs.
  mutable std::optional<error> failed_read_;
};

}  // namespace onhand::detail
