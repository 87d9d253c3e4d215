// SPDX-License-Identifier: Apache-2.0
// Snapshots: the checksum against published check values; opening from a
// snapshot and the log's tail gives the state a full replay gives; every
// kind of damaged or unusable snapshot is skipped, with its reason, for the
// next older one or a full replay, and the state is the same; hostile bytes
// never crash the decoder. (The operations model also snapshots along its
// walk and reopens from each: tests/cpp/engine/operations_model.test.cpp.)
#include "engine/snapshot.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/onhand.hpp"

#include "ledger_fixture.hpp"
#include "matchers.hpp"
#include "shared_store.hpp"

namespace onhand::testing {
namespace {

using detail::crc32c;
using detail::crc32c_portable;

TEST(Crc32c, MatchesPublishedCheckValues) {
  // The CRC catalogue's check value, and RFC 3720 (iSCSI) appendix B.4.
  const std::string check = "123456789";
  const std::string zeros(32, '\0');
  const std::string ones(32, '\xff');
  std::string ascending(32, '\0');
  for (int i = 0; i < 32; ++i) ascending[i] = static_cast<char>(i);
  for (auto* crc : {&crc32c, &crc32c_portable}) {
    EXPECT_EQ(crc(check, 0), 0xE3069283U);
    EXPECT_EQ(crc("", 0), 0U);
    EXPECT_EQ(crc(zeros, 0), 0x8A9136AAU);
    EXPECT_EQ(crc(ones, 0), 0x62A8AB43U);
    EXPECT_EQ(crc(ascending, 0), 0x46DD794EU);
    // Continued over pieces, it is the CRC of the whole.
    EXPECT_EQ(crc(check.substr(4), crc(check.substr(0, 4), 0)), 0xE3069283U);
  }
}

// Puts a u32 or u64 little-endian at `at`.
void put(std::string& bytes, std::size_t at, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i)
    bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}
// Recomputes the trailing checksum, as a snapshot written that way would have.
void reseal(std::string& bytes) {
  const auto body = bytes.size() - detail::snapshot_trailer_bytes;
  put(bytes, body, crc32c(std::string_view{bytes}.substr(0, body)), 4);
}

class Snapshots : public LedgerTest {
 protected:
  // Moves stock in and out (receipts, shipments, a lot) and holds some of
  // it (reservations in two channels, partly released, lapsing by the
  // reservation clock), so that the ledger and the reservation book both
  // carry state into a snapshot.
  void post_some(const std::string& tag, int count) {
    for (int i = 0; i < count; ++i) {
      const auto key = tag + std::to_string(i);
      ASSERT_THAT(receive("in-" + key, soap, east, "5"), IsOk());
      ASSERT_THAT(receive("lot-" + key, serum, west, "2", fresh), IsOk());
      ASSERT_THAT(
          inv_->post(doc("out-" + key, movement_reason::shipment, soap, east, customer, "3")),
          IsOk());
      ASSERT_THAT(inv_->advance_reservation_clock(now_), IsOk());
      ASSERT_THAT(inv_->reserve({.key = "res-" + key,
                                 .item = soap,
                                 .location = east,
                                 .amount = q("2"),
                                 .channel = i % 2 == 0 ? "web" : "",
                                 .expires = now_ + std::chrono::hours{2}}),
                  IsOk());
      if (i % 2 == 1) {
        ASSERT_THAT(inv_->release_reservation(
                        {.key = "rel-" + key, .reservation = "res-" + key, .amount = q("1")}),
                    IsOk());
      }
      now_ += std::chrono::hours{1};
    }
  }

  auto snapshots() const -> std::vector<snapshot_record> {
    std::vector<snapshot_record> out;
    EXPECT_THAT(store_->read_snapshots(out), IsOk());
    return out;
  }

  // An inventory over a copy of the log with `held` as its snapshots.
  auto open_with(const std::vector<snapshot_record>& held, replay_progress_fn progress = {}) const
      -> inventory {
    auto copy = copy_log(*store_);
    for (auto it = held.rbegin(); it != held.rend(); ++it) {
      EXPECT_THAT(copy->write_snapshot(it->log_position, it->bytes), IsOk());
    }
    inventory_options options;
    options.clock = [this] { return now_; };
    options.replay_progress = std::move(progress);
    return inventory::open(std::move(copy), options).value();
  }

  // Opens with `held`, and checks the state is the full replay's.
  void expect_same_as_replay(const inventory& opened) const {
    EXPECT_TRUE(opened.same_state(*inv_));
    EXPECT_THAT(opened.verify(), IsOk());
    EXPECT_EQ(opened.on_hand(soap, east), inv_->on_hand(soap, east));
    EXPECT_EQ(opened.log_position(), inv_->log_position());
  }
};

TEST_F(Snapshots, OpenFromTheNewestAndReplayTheTail) {
  post_some("a", 5);
  const auto first = inv_->snapshot();
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(*first, inv_->log_position());
  post_some("b", 4);
  const auto second = inv_->snapshot();
  ASSERT_THAT(second, IsOk());
  post_some("c", 3);
  const auto held = snapshots();
  ASSERT_EQ(held.size(), 2U);
  EXPECT_EQ(held[0].log_position, *second);  // newest first
  EXPECT_EQ(held[1].log_position, *first);

  const auto opened = open_with(held);
  const auto report = opened.opening();
  EXPECT_EQ(report.snapshot_position, *second);
  EXPECT_EQ(report.replayed_events, inv_->log_position() - *second);
  EXPECT_TRUE(report.skipped.empty());
  expect_same_as_replay(opened);

  // The reopened inventory goes on like the original.
  const auto again = open_with(held);
  EXPECT_EQ(inv_->opening().snapshot_position, std::nullopt);  // it started from nothing
  EXPECT_EQ(again.opening(), report);
}

TEST_F(Snapshots, ASnapshotAtTheLogsEndReplaysNothing) {
  post_some("a", 3);
  ASSERT_THAT(inv_->snapshot(), IsOk());
  const auto opened = open_with(snapshots());
  EXPECT_EQ(opened.opening().snapshot_position, inv_->log_position());
  EXPECT_EQ(opened.opening().replayed_events, 0U);
  expect_same_as_replay(opened);
}

// Each call of the progress callback: (replayed, total).
using progress_calls = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

// What a replay of `total` events in chunks of 4,096 must report: one call
// per chunk, the count growing by a chunk each time, the last one whole.
auto expected_calls(std::uint64_t total) -> progress_calls {
  progress_calls out;
  for (std::uint64_t done = 0; done < total;) {
    done = std::min<std::uint64_t>(done + 4'096, total);
    out.emplace_back(done, total);
  }
  return out;
}

TEST_F(Snapshots, OpeningReportsHowFarTheReplayHasCome) {
  post_some("a", 300);  // five or six events each
  const auto middle = inv_->snapshot().value();
  post_some("b", 900);  // a tail of more than one chunk of 4,096 events
  const auto end = inv_->log_position();
  ASSERT_GT(end - middle, 4'096U);

  progress_calls whole;
  const auto replayed = open_with(
      {}, [&](std::uint64_t done, std::uint64_t total) { whole.emplace_back(done, total); });
  EXPECT_EQ(whole, expected_calls(end));
  EXPECT_EQ(replayed.opening().replayed_events, end);

  progress_calls tail;
  const auto from_snapshot = open_with(snapshots(), [&](std::uint64_t done, std::uint64_t total) {
    tail.emplace_back(done, total);
  });
  EXPECT_EQ(from_snapshot.opening().snapshot_position, middle);
  EXPECT_EQ(tail, expected_calls(end - middle));
  expect_same_as_replay(from_snapshot);

  // A snapshot at the end replays nothing, and says nothing.
  ASSERT_THAT(inv_->snapshot(), IsOk());
  progress_calls none;
  const auto at_end = open_with(snapshots(), [&](std::uint64_t done, std::uint64_t total) {
    none.emplace_back(done, total);
  });
  EXPECT_TRUE(none.empty());
  expect_same_as_replay(at_end);
}

TEST_F(Snapshots, AProgressCallbackThatThrowsLeavesOpenAndNothingIsMade) {
  post_some("a", 700);
  struct stop {};
  int calls = 0;
  EXPECT_THROW(open_with({},
                         [&](std::uint64_t, std::uint64_t) {
                           ++calls;
                           throw stop{};
                         }),
               stop);
  EXPECT_EQ(calls, 1);
  // The log is as it was: it opens again, without the callback.
  expect_same_as_replay(open_with({}));
}

struct damage {
  const char* name;
  std::function<void(snapshot_record&, std::uint64_t log_end)> apply;
  const char* reason;
};

TEST_F(Snapshots, DamagedOrUnusableSnapshotsFallBack) {
  post_some("a", 4);
  const auto older = inv_->snapshot().value();
  post_some("b", 4);
  ASSERT_THAT(inv_->snapshot(), IsOk());
  post_some("c", 2);
  const auto held = snapshots();
  ASSERT_EQ(held.size(), 2U);
  const auto end = inv_->log_position();
  const std::vector<damage> damages{
      {"a flipped payload byte",
       [](snapshot_record& s, std::uint64_t) { s.bytes[s.bytes.size() / 2] ^= 0x20; },
       "checksum does not match"},
      {"a truncated payload",
       [](snapshot_record& s, std::uint64_t) { s.bytes.resize(s.bytes.size() - 40); },
       "payload bytes"},
      {"a wrong checksum", [](snapshot_record& s, std::uint64_t) { s.bytes.back() ^= 1; },
       "checksum does not match"},
      {"a future format version",
       [](snapshot_record& s, std::uint64_t) {
         put(s.bytes, 4, detail::snapshot_format_version + 1, 4);
         reseal(s.bytes);
       },
       "this build reads version"},
      {"an older format version",
       [](snapshot_record& s, std::uint64_t) {
         put(s.bytes, 4, detail::snapshot_format_version - 1, 4);
         reseal(s.bytes);
       },
       "this build reads version"},
      {"a position beyond the log's end",
       [](snapshot_record& s, std::uint64_t log_end) {
         put(s.bytes, 8, log_end + 5, 8);
         reseal(s.bytes);
         s.log_position = log_end + 5;
       },
       "beyond the log's end"},
      {"a position other than where it is stored",
       [](snapshot_record& s, std::uint64_t) { s.log_position -= 1; }, "taken at"},
      {"no bytes at all", [](snapshot_record& s, std::uint64_t) { s.bytes.clear(); },
       "shorter than its header"},
      {"another file's bytes",
       [](snapshot_record& s, std::uint64_t) { s.bytes = std::string(64, 'x'); }, "magic"},
  };
  for (const auto& d : damages) {
    SCOPED_TRACE(d.name);
    auto newest = held[0];
    d.apply(newest, end);
    // The older snapshot is used, and the state is the full replay's.
    const auto with_older = open_with({newest, held[1]});
    const auto report = with_older.opening();
    EXPECT_EQ(report.snapshot_position, older);
    ASSERT_EQ(report.skipped.size(), 1U);
    EXPECT_EQ(report.skipped[0].log_position, newest.log_position);
    EXPECT_THAT(report.skipped[0].reason, ::testing::HasSubstr(d.reason));
    expect_same_as_replay(with_older);
    // Alone, it leaves a full replay.
    const auto alone = open_with({newest});
    EXPECT_EQ(alone.opening().snapshot_position, std::nullopt);
    EXPECT_EQ(alone.opening().replayed_events, end);
    EXPECT_EQ(alone.opening().skipped.size(), 1U);
    expect_same_as_replay(alone);
  }
}

TEST_F(Snapshots, HostileBytesNeverCrashTheDecoder) {
  post_some("a", 3);
  ASSERT_THAT(inv_->snapshot(), IsOk());
  const auto valid = snapshots().front().bytes;
  std::mt19937_64 random{20261206};
  std::size_t decoded = 0;
  for (int round = 0; round < 2'000; ++round) {
    auto bytes = valid;
    const auto changes = 1 + random() % 4;
    for (std::uint64_t i = 0; i < changes; ++i) {
      // Past the header: the payload is what a valid checksum lets through.
      const auto at = detail::snapshot_header_bytes +
                      random() % (bytes.size() - detail::snapshot_header_bytes - 4);
      bytes[at] = static_cast<char>(random() & 0xff);
    }
    if (round % 7 == 0) bytes.resize(bytes.size() - 4 - random() % 64), bytes.append(4, '\0');
    if (round % 7 == 0) put(bytes, 16, bytes.size() - detail::snapshot_header_bytes - 4, 8);
    reseal(bytes);
    detail::projections into;
    if (detail::decode_snapshot(bytes, into)) ++decoded;
  }
  // Most changes hit a length, an enum, a link or a code and are refused.
  EXPECT_LT(decoded, 2'000U);
  detail::projections into;
  EXPECT_THAT(detail::decode_snapshot(valid, into), IsOk());
}

TEST(SnapshotStore, AMemoryStoreKeepsTheNewestFew) {
  memory_store log;
  for (std::uint64_t at : {3, 9, 5, 12, 7}) {
    ASSERT_THAT(log.write_snapshot(at, "s" + std::to_string(at)), IsOk());
  }
  ASSERT_THAT(log.write_snapshot(9, "again"), IsOk());  // replaces the one at 9
  std::vector<snapshot_record> held;
  ASSERT_THAT(log.read_snapshots(held), IsOk());
  ASSERT_EQ(held.size(), store::snapshots_kept);
  EXPECT_EQ(held[0], (snapshot_record{12, "s12"}));
  EXPECT_EQ(held[1], (snapshot_record{9, "again"}));
  EXPECT_EQ(held[2], (snapshot_record{7, "s7"}));
}

// A store that implements only the log, as a user's own store may.
class log_only_store final : public store {
 public:
  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override {
    return log_.append(events, expected_end);
  }
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override {
    return log_.read(from, max_count, out);
  }
  [[nodiscard]] auto end() const -> result<std::uint64_t> override { return log_.end(); }

 private:
  memory_store log_;
};

TEST(SnapshotStore, AStoreWithoutSnapshotsRefusesAndOpensByReplay) {
  auto inv = inventory::open(std::make_unique<log_only_store>()).value();
  ASSERT_THAT(inv.define_location({.code = "EAST"}), IsOk());
  EXPECT_THAT(inv.snapshot(), HasError(errc::store_failure));
  EXPECT_EQ(inv.log_position(), 1U);
  EXPECT_EQ(inv.opening(), opening_report{});
}

}  // namespace
}  // namespace onhand::testing
