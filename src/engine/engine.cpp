// SPDX-License-Identifier: Apache-2.0
#include "engine/engine.hpp"

#include <vector>

#include "allocation/commands.hpp"
#include "catalog/commands.hpp"
#include "counting/commands.hpp"
#include "engine/snapshot.hpp"
#include "ledger/commands.hpp"
#include "orders/commands.hpp"
#include "orders/sales_commands.hpp"
#include "purchasing/commands.hpp"
#include "valuation/commands.hpp"

namespace onhand::detail {
namespace {

constexpr std::size_t replay_chunk = 4'096;

// Encodes one staged event into `out`: a borrowed posting without copying
// its document.
void encode_staged(std::string& out, const staged_event& staged) {
  std::visit(
      [&](const auto& e) {
        if constexpr (std::is_same_v<std::decay_t<decltype(e)>, event>) {
          out = encode(e);
        } else {
          encode_posting_into(out, *e.document, *e.stamp);
        }
      },
      staged);
}

void encode_staged(std::string& out, const posting_ref& posted) {
  encode_posting_into(out, *posted.document, *posted.stamp);
}

auto key_of_staged(const posting_ref& posted) -> std::string_view { return key_of_applied(posted); }

auto key_of_staged(const staged_event& staged) -> std::string_view {
  return std::visit(
      [](const auto& e) -> std::string_view {
        if constexpr (std::is_same_v<std::decay_t<decltype(e)>, event>) {
          return key_of(e);
        } else {
          return key_of_applied(e);
        }
      },
      staged);
}

// What replay must trust about an event from the log, each domain checks for
// its own events by the rules its commands apply (check_logged).
//
// Some commands append a domain event and the ledger document that moves its
// stock in one batch: the event leads, the document follows. The lead says
// what the document must be, and the pair is judged as the command judged it.
// Each such event gives its lead here (lead_of) and the follower is checked
// by the domain's own function (follows).
struct transfer_lead {
  std::vector<movement_line> lines;
};
using lead = std::variant<reservation_committed, transfer_lead, receipt_recorded, count_adjustment,
                          receipt_costed, inspection_released>;

template <class E>
auto lead_of(const E& e, const state& s) -> std::optional<lead> {
  if constexpr (std::is_same_v<E, reservation_committed> || std::is_same_v<E, receipt_recorded> ||
                std::is_same_v<E, receipt_costed> || std::is_same_v<E, inspection_released>) {
    return lead{e};
  } else if constexpr (std::is_same_v<E, count_submitted>) {
    if (auto adjustment = adjustment_of(e)) return lead{std::move(*adjustment)};
    return std::nullopt;
  } else if constexpr (std::is_same_v<E, count_approved>) {
    if (auto adjustment = adjustment_of(e, s)) return lead{std::move(*adjustment)};
    return std::nullopt;
  } else if constexpr (requires { transfer_document_lines(e, s); }) {
    auto lines = transfer_document_lines(e, s);
    if (lines.empty()) return std::nullopt;
    return lead{transfer_lead{std::move(lines)}};
  } else {
    return std::nullopt;
  }
}

// The commit's hold is given back already: the promise rule sees what posting saw.
auto follows(const reservation_committed& commit, const state& s, const posting_ref& e)
    -> result<void> {
  auto shipped = commit_lines_amount(s, commit.reservation, *e.document);
  if (!shipped) return shipped.error();
  if (*shipped != commit.amount) {
    return make_error(errc::store_failure, "a commit's document ships another amount");
  }
  return {};
}
auto follows(const transfer_lead& transfer, const state&, const posting_ref& e) -> result<void> {
  if (e.document->lines != transfer.lines) {
    return make_error(errc::store_failure, "a transfer's document moves other lines");
  }
  return {};
}
auto follows(const receipt_recorded& receipt, const state& s, const posting_ref& e)
    -> result<void> {
  return receipt_matches(s, receipt, e);
}

auto follows(const inspection_released& release, const state& s, const posting_ref& e)
    -> result<void> {
  return release_matches(s, release, e);
}

auto follows(const count_adjustment& count, const state& s, const posting_ref& e) -> result<void> {
  return check_adjustment(s, count, *e.document);
}

auto follows(const receipt_costed& costs, const state& s, const posting_ref& e) -> result<void> {
  if (costs.document != e.document->key) {
    return make_error(errc::store_failure, "a receipt's costs are not followed by its document");
  }
  return check_receipt_costs(s, *e.document, costs.unit_costs);
}

auto not_followed() -> error {
  return make_error(errc::store_failure,
                    "an event that moves stock is not followed by its document");
}

// Whether `e` may join the leads already pending before their document
// comes. Only one combination exists: a purchase receipt's costs
// (receipt_costed) after its receipt_recorded, at the order line's price
// (receipt_priced), so the document is valued as the command valued it.
// Anything else between a lead and its document is not a command's batch.
template <class E>
auto joins(const std::vector<lead>& pending, const E& e, const state& s) -> result<void> {
  if constexpr (std::is_same_v<E, receipt_costed>) {
    if (pending.size() == 1) {
      if (const auto* receipt = std::get_if<receipt_recorded>(&pending.front())) {
        return receipt_priced(s, *receipt, e);
      }
    }
  }
  return not_followed();
}

struct log_checker {
  posting_validator postings;
  std::vector<lead> pending;  ///< Leads whose document has not come yet.

  auto check(const posting_ref& e, const state& s) -> result<void> {
    if (auto ok = postings.validate_logged(s, e); !ok) return ok;
    // The document must be what every pending lead says it is.
    for (const auto& l : pending) {
      auto ok = std::visit([&](const auto& expected) { return follows(expected, s, e); }, l);
      if (!ok) return ok;
    }
    pending.clear();
    return check_promises(s, *e.document, e.stamp->recorded);
  }
  template <class E>
  auto check(const E& e, const state& s) -> result<void> {
    if (!pending.empty()) {
      if (auto ok = joins(pending, e, s); !ok) return ok;
    }
    if (auto ok = check_logged(e, s); !ok) return ok;
    if (auto l = lead_of(e, s)) pending.push_back(std::move(*l));
    return {};
  }
  static auto followed_by_other() -> result<void> { return not_followed(); }
};

}  // namespace

namespace {

auto inconsistent(std::uint64_t position, const std::string& why) -> error {
  return make_error(errc::store_failure,
                    "event " + std::to_string(position) + " in the log is inconsistent: " + why);
}

}  // namespace

auto engine::replay(const store& log, detail::projections& into,
                    const std::function<void(std::uint64_t position)>& progress) -> result<void> {
  std::vector<event_record> records;
  log_checker checker;
  // Whether records[from..] holds a document, reading more of the log into
  // `records` until it does or the log ends: an event that leads a command's
  // batch is applied only once its document is known to follow, so a log
  // that ends inside a batch (a torn append) leaves the projections at the
  // end of the last whole command.
  auto document_follows = [&](std::size_t from) -> result<bool> {
    for (std::size_t i = from;; ++i) {
      if (i == records.size()) {
        const auto before = records.size();
        const auto next = into.position + (records.size() - from) + 1;
        if (auto read = log.read(next, replay_chunk, records); !read) return read.error();
        if (records.size() == before) return false;
      }
      auto decoded = decode(records[i].payload);
      if (!decoded) return std::move(decoded).error();
      if (std::holds_alternative<document_posted>(*decoded)) return true;
    }
  };
  while (true) {
    records.clear();
    if (auto read = log.read(into.position, replay_chunk, records); !read) return read;
    if (records.empty()) {
      return checker.pending.empty() ? result<void>{} : log_checker::followed_by_other();
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
      auto decoded = decode(records[i].payload);
      if (!decoded) return std::move(decoded).error();
      const auto view = into.view();
      auto checked =
          std::visit([&](const auto& e) { return checker.check(as_applied(e), view); }, *decoded);
      if (!checked) return inconsistent(into.position, std::move(checked).error().message);
      if (!checker.pending.empty()) {
        auto follows = document_follows(i + 1);
        if (!follows) return std::move(follows).error();
        if (!*follows) {
          return inconsistent(into.position, "the log ends inside a command's batch: " +
                                                 log_checker::followed_by_other().error().message);
        }
      }
      into.apply_event(*decoded);
    }
    if (progress) progress(into.position);
  }
}

auto engine::open(opening_report& report, const replay_progress_fn& progress) -> result<void> {
  report = opening_report{};
  // Tells `progress` how far a replay from `start` to the log's end has come.
  std::optional<std::uint64_t> end;
  auto read_end = [&]() -> result<std::uint64_t> {
    if (!end) {
      auto read = log_->end();
      if (!read) return std::move(read).error();
      end = *read;
    }
    return *end;
  };
  auto observer = [&](std::uint64_t start) -> std::function<void(std::uint64_t)> {
    if (!progress) return {};
    const auto total = end.value_or(start) > start ? *end - start : 0;
    return [&progress, start, total](std::uint64_t position) {
      const auto done = position - start;
      progress(done, std::max(total, done));
    };
  };
  if (progress) {
    if (auto known = read_end(); !known) return std::move(known).error();
  }
  std::vector<snapshot_record> snapshots;
  if (auto read = log_->read_snapshots(snapshots); !read) {
    // Unreadable snapshots are not the log: open from the log alone.
    report.skipped.push_back({0, "the snapshots could not be read: " + read.error().message});
    snapshots.clear();
  }
  for (const auto& s : snapshots) {
    auto skip = [&](std::string why) {
      report.skipped.push_back({s.log_position, std::move(why)});
    };
    auto claimed = snapshot_position(s.bytes);
    if (!claimed) {
      skip(std::move(claimed).error().message);
      continue;
    }
    if (*claimed != s.log_position) {
      skip("stored at position " + std::to_string(s.log_position) + ", taken at " +
           std::to_string(*claimed));
      continue;
    }
    if (auto known = read_end(); !known) return std::move(known).error();
    if (*claimed > *end) {
      skip("taken at position " + std::to_string(*claimed) + ", beyond the log's end (" +
           std::to_string(*end) + " events)");
      continue;
    }
    detail::projections loaded;
    if (auto decoded = decode_snapshot(s.bytes, loaded); !decoded) {
      skip(std::move(decoded).error().message);
      continue;
    }
    if (auto tail = replay(*log_, loaded, observer(*claimed)); !tail) {
      skip("the log after it does not replay: " + tail.error().message);
      continue;
    }
    state_ = std::move(loaded);
    report.snapshot_position = *claimed;
    report.replayed_events = state_.position - *claimed;
    return {};
  }
  state_ = detail::projections{};
  if (auto replayed = replay(*log_, state_, observer(0)); !replayed) return replayed;
  report.replayed_events = state_.position;
  return {};
}

auto engine::snapshot() -> result<std::uint64_t> {
  const auto bytes = encode_snapshot(state_);
  if (auto written = log_->write_snapshot(state_.position, bytes); !written) {
    return std::move(written).error();
  }
  return state_.position;
}

auto engine::read_event(std::uint64_t log_position) const -> result<event> {
  auto read = [&]() -> result<event> {
    std::vector<event_record> records;
    if (auto ok = log_->read(log_position, 1, records); !ok) return ok.error();
    if (records.size() != 1) {
      return make_error(errc::store_failure,
                        "the store lost the event at position " + std::to_string(log_position));
    }
    return decode(records.front().payload);
  }();
  if (!read) failed_read_ = read.error();
  return read;
}

auto engine::verify() const -> result<void> {
  detail::projections fresh;
  if (auto replayed = replay(*log_, fresh); !replayed) return replayed;
  auto failure = [](const std::string& what) {
    return make_error(errc::store_failure, "verify: " + what);
  };
  if (fresh.position != state_.position) {
    return failure("the log holds " + std::to_string(fresh.position) + " events, memory applied " +
                   std::to_string(state_.position));
  }
  if (!(fresh.keys == state_.keys)) return failure("the idempotency keys differ from the log");
  if (!(fresh.catalog == state_.catalog)) return failure("the catalog differs from the log");
  if (!(fresh.ledger == state_.ledger)) return failure("the balances differ from the log");
  // Any projection the named comparisons above do not cover (a new domain).
  if (!(fresh == state_)) return failure("a projection differs from the log");
  return state_.check_invariants();
}

template <class Staged>
auto engine::append_all(std::span<const Staged> events) -> result<void> {
  // Encoded back to back into one buffer, viewed once it stops growing.
  encoded_.clear();
  ends_.clear();
  for (const auto& staged : events) {
    encode_staged(scratch_, staged);
    encoded_ += scratch_;
    ends_.push_back(encoded_.size());
  }
  views_.clear();
  std::size_t begin = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    views_.emplace_back(key_of_staged(events[i]),
                        std::string_view{encoded_}.substr(begin, ends_[i] - begin));
    begin = ends_[i];
  }
  auto appended = log_->append(views_, state_.position);
  // A large batch's scratch is not kept for the commands after it.
  constexpr std::size_t kept_max = std::size_t{1} << 20;
  if (encoded_.capacity() > kept_max) {
    std::string{}.swap(encoded_);
    std::vector<std::size_t>{}.swap(ends_);
    std::vector<event_view>{}.swap(views_);
  }
  if (!appended) return std::move(appended).error();
  for (const auto& staged : events) state_.apply_staged(staged);
  return {};
}
template auto engine::append_all(std::span<const staged_event>) -> result<void>;
template auto engine::append_all(std::span<const posting_ref>) -> result<void>;

auto engine::key_conflict(const command_key& command, domain prior) -> error {
  const std::string key{command.key};
  auto message =
      prior == command.owner
          ? "key '" + key + "' was used for a different " + std::string(command.noun)
          : "key '" + key + "' was used by a " + std::string(name_of(prior)) + " command";
  return make_error(errc::idempotency_conflict, std::move(message), error_context{.document = key});
}

auto engine::gave_up() -> error {
  return make_error(
      errc::concurrency_conflict,
      "the store kept moving; gave up after " + std::to_string(append_attempts_max) + " attempts");
}

}  // namespace onhand::detail
