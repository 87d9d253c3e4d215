// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/faulty_store.hpp
//
// A store that fails on purpose, over a memory log: an append that never
// reaches the log, an append that reaches it but whose acknowledgement is
// lost, an append torn after some of its events, and reads or end() that
// fail. Each fault is a store_failure whose message starts with "injected",
// so a test tells it from the engine's own answers. Faults come from a plan
// (a function called per operation) or are switched off with pause().
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "onhand/storage/memory_store.hpp"

namespace onhand::testing {

enum class store_fault {
  none,
  lost,         ///< The append fails and writes nothing.
  unacked,      ///< The append is written, then reported as failed.
  torn,         ///< The first `torn_after` events are written, then the append fails.
  failed_read,  ///< read() or end() fails.
};

class faulty_store final : public store {
 public:
  /// `plan(what, size)` says which fault, if any, hits the next operation:
  /// `what` is the operation ("append", "read", "end"), `size` the number of
  /// events of an append (0 otherwise).
  using plan = std::function<store_fault(std::string_view what, std::size_t size)>;

  faulty_store(std::shared_ptr<memory_store> log, plan faults)
      : log_(std::move(log)), plan_(std::move(faults)) {}

  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override {
    switch (next("append", events.size())) {
      case store_fault::lost:
        ++faults_;
        return injected("the append did not reach the store");
      case store_fault::unacked: {
        auto written = log_->append(events, expected_end);
        if (!written) return written;
        ++faults_;
        return injected("the append was written but its acknowledgement was lost");
      }
      case store_fault::torn: {
        const auto kept = std::min(torn_after, events.size() - 1);
        auto written = log_->append(events.first(kept), expected_end);
        if (!written) return written;
        ++faults_;
        return injected("the append was torn after " + std::to_string(kept) + " events");
      }
      default:
        return log_->append(events, expected_end);
    }
  }
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override {
    if (next("read", 0) == store_fault::failed_read) {
      ++faults_;
      return injected("the read failed");
    }
    return log_->read(from, max_count, out);
  }
  [[nodiscard]] auto end() const -> result<std::uint64_t> override {
    if (next("end", 0) == store_fault::failed_read) {
      ++faults_;
      return injected("end() failed");
    }
    return log_->end();
  }

  /// While paused, nothing fails (for checks that read the whole log).
  void pause(bool paused) { paused_ = paused; }
  /// How many faults were injected so far.
  [[nodiscard]] auto faults() const -> std::size_t { return faults_; }
  /// How many events a torn append keeps (at most all but one).
  std::size_t torn_after = 1;

  static auto is_injected(const error& e) -> bool {
    return e.code == errc::store_failure && e.message.find("injected") != std::string::npos;
  }

 private:
  static auto injected(const std::string& what) -> error {
    return make_error(errc::store_failure, "injected: " + what);
  }
  auto next(std::string_view what, std::size_t size) const -> store_fault {
    if (paused_) return store_fault::none;
    const auto fault = plan_(what, size);
    // A torn append needs two events or more; one event is lost instead.
    return fault == store_fault::torn && size < 2 ? store_fault::lost : fault;
  }

  std::shared_ptr<memory_store> log_;
  plan plan_;
  bool paused_ = false;
  mutable std::size_t faults_ = 0;
};

}  // namespace onhand::testing
