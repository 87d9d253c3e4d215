// SPDX-License-Identifier: Apache-2.0
// One suite, run against every store: what store.hpp promises, checked the
// same way for memory_store, sqlite_store and postgres_store. Expected values are written
// out by hand from the interface's contract, never read back from a store.
#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/storage/memory_store.hpp"
#include "onhand/storage/postgres_store.hpp"
#include "onhand/storage/sqlite_store.hpp"

#include "matchers.hpp"
#include "pg_cluster.hpp"
#include "temp_dir.hpp"

namespace onhand {
namespace {

using ::testing::ElementsAre;
using testing::HasError;
using ::testing::IsEmpty;
using testing::IsOk;
using testing::IsOkAndHolds;

struct memory_factory {
  auto make() -> std::unique_ptr<store> { return std::make_unique<memory_store>(); }
};

struct sqlite_factory {
  testing::temp_dir dir;
  auto make() -> std::unique_ptr<store> {
    auto opened = sqlite_store::open(dir.file("log.db"));
    EXPECT_THAT(opened, IsOk());
    return opened ? std::move(opened).value() : nullptr;
  }
};

// A fresh database on the test cluster for each test.
struct postgres_factory {
  auto make() -> std::unique_ptr<store> {
    const auto conninfo = testing::pg_cluster::instance().fresh_database();
    if (conninfo.empty()) return nullptr;
    auto opened = postgres_store::open(conninfo);
    EXPECT_THAT(opened, IsOk());
    return opened ? std::move(opened).value() : nullptr;
  }
};

template <class Factory>
class StoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = factory_.make();
    ASSERT_NE(log_, nullptr);
  }

  auto read_all(std::uint64_t from = 0) -> std::vector<event_record> {
    std::vector<event_record> out;
    EXPECT_THAT(log_->read(from, SIZE_MAX, out), IsOk());
    return out;
  }

  Factory factory_;
  std::unique_ptr<store> log_;
};

using store_kinds = ::testing::Types<memory_factory, sqlite_factory, postgres_factory>;
TYPED_TEST_SUITE(StoreConformance, store_kinds);

TYPED_TEST(StoreConformance, StartsEmpty) {
  EXPECT_THAT(this->log_->end(), IsOkAndHolds(0u));
  EXPECT_THAT(this->read_all(), IsEmpty());
}

TYPED_TEST(StoreConformance, AppendThenReadRoundTrips) {
  const std::vector<event_view> first{{"k1", "payload-1"}, {"", "definition"}};
  EXPECT_THAT(this->log_->append(first, 0), IsOkAndHolds(2u));
  const std::vector<event_view> second{{"k2", "payload-2"}};
  EXPECT_THAT(this->log_->append(second, 2), IsOkAndHolds(3u));
  EXPECT_THAT(this->log_->end(), IsOkAndHolds(3u));
  EXPECT_THAT(this->read_all(),
              ElementsAre(event_record{"k1", "payload-1"}, event_record{"", "definition"},
                          event_record{"k2", "payload-2"}));
  EXPECT_THAT(this->read_all(1),
              ElementsAre(event_record{"", "definition"}, event_record{"k2", "payload-2"}));
  std::vector<event_record> one;
  EXPECT_THAT(this->log_->read(1, 1, one), IsOk());
  EXPECT_THAT(one, ElementsAre(event_record{"", "definition"}));
}

TYPED_TEST(StoreConformance, ReadAppendsToTheCallersVector) {
  const std::vector<event_view> events{{"a", "1"}};
  ASSERT_THAT(this->log_->append(events, 0), IsOk());
  std::vector<event_record> out{event_record{"kept", "x"}};
  EXPECT_THAT(this->log_->read(0, 10, out), IsOk());
  EXPECT_THAT(out, ElementsAre(event_record{"kept", "x"}, event_record{"a", "1"}));
}

TYPED_TEST(StoreConformance, StaleExpectedEndConflictsAndWritesNothing) {
  const std::vector<event_view> first{{"k1", "p1"}, {"k2", "p2"}};
  ASSERT_THAT(this->log_->append(first, 0), IsOk());
  const std::vector<event_view> late{{"k3", "p3"}};
  EXPECT_THAT(this->log_->append(late, 1), HasError(errc::concurrency_conflict));
  EXPECT_THAT(this->log_->append(late, 0), HasError(errc::concurrency_conflict));
  EXPECT_THAT(this->log_->append(late, 5), HasError(errc::concurrency_conflict));
  EXPECT_THAT(this->log_->end(), IsOkAndHolds(2u));
  EXPECT_THAT(this->read_all(), ElementsAre(event_record{"k1", "p1"}, event_record{"k2", "p2"}));
}

TYPED_TEST(StoreConformance, EmptyBatchChecksTheEndAndWritesNothing) {
  EXPECT_THAT(this->log_->append({}, 0), IsOkAndHolds(0u));
  EXPECT_THAT(this->log_->append({}, 1), HasError(errc::concurrency_conflict));
  const std::vector<event_view> one{{"k", "p"}};
  ASSERT_THAT(this->log_->append(one, 0), IsOk());
  EXPECT_THAT(this->log_->append({}, 1), IsOkAndHolds(1u));
  EXPECT_THAT(this->log_->append({}, 0), HasError(errc::concurrency_conflict));
  EXPECT_THAT(this->log_->end(), IsOkAndHolds(1u));
}

TYPED_TEST(StoreConformance, KeepsBinaryBytesAndEmptyPayloads) {
  const std::string key("k\0ey\xff", 5);
  const std::string payload("\0\x01\x02\0\xfe\xff", 6);
  const std::vector<event_view> events{{key, payload}, {"", ""}, {std::string_view("\0", 1), "x"}};
  ASSERT_THAT(this->log_->append(events, 0), IsOk());
  const auto back = this->read_all();
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].key, key);
  EXPECT_EQ(back[0].key.size(), 5u);
  EXPECT_EQ(back[0].payload, payload);
  EXPECT_EQ(back[0].payload.size(), 6u);
  EXPECT_EQ(back[1], (event_record{"", ""}));
  EXPECT_EQ(back[2].key, std::string("\0", 1));
}

TYPED_TEST(StoreConformance, KeepsViewsWithoutData) {
  // Default views (null data, zero size), as an unkeyed event may carry.
  const std::vector<event_view> events{{std::string_view{}, std::string_view{}}};
  ASSERT_THAT(this->log_->append(events, 0), IsOkAndHolds(1u));
  EXPECT_THAT(this->read_all(), ElementsAre(event_record{"", ""}));
}

TYPED_TEST(StoreConformance, KeepsLargePayloads) {
  // 8 MiB of every byte value, larger than an SQLite page by far.
  std::string big(std::size_t{8} << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 256);
  const std::vector<event_view> events{{"big", big}, {"small", "s"}};
  ASSERT_THAT(this->log_->append(events, 0), IsOkAndHolds(2u));
  const auto back = this->read_all();
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(back[0].payload == big);
  EXPECT_EQ(back[1], (event_record{"small", "s"}));
}

TYPED_TEST(StoreConformance, ReadsBeyondTheEndAsNothing) {
  const std::vector<event_view> events{{"a", "1"}, {"b", "2"}};
  ASSERT_THAT(this->log_->append(events, 0), IsOk());
  EXPECT_THAT(this->read_all(2), IsEmpty());
  EXPECT_THAT(this->read_all(3), IsEmpty());
  EXPECT_THAT(this->read_all(UINT64_MAX), IsEmpty());
  std::vector<event_record> none;
  EXPECT_THAT(this->log_->read(0, 0, none), IsOk());
  EXPECT_THAT(none, IsEmpty());
  std::vector<event_record> tail;
  EXPECT_THAT(this->log_->read(1, 100, tail), IsOk());
  EXPECT_THAT(tail, ElementsAre(event_record{"b", "2"}));
}

TYPED_TEST(StoreConformance, EndCountsEveryAppendedEvent) {
  std::uint64_t expected = 0;
  for (std::size_t batch = 1; batch <= 20; ++batch) {
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < batch; ++i) keys.push_back(std::to_string(expected + i));
    std::vector<event_view> events;
    for (const auto& k : keys) events.emplace_back(k, k);
    ASSERT_THAT(this->log_->append(events, expected), IsOkAndHolds(expected + batch));
    expected += batch;
    ASSERT_THAT(this->log_->end(), IsOkAndHolds(expected));
  }
  EXPECT_EQ(expected, 210u);  // 1 + 2 + ... + 20
  const auto back = this->read_all();
  ASSERT_EQ(back.size(), 210u);
  for (std::size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i].key, std::to_string(i));
}

TYPED_TEST(StoreConformance, ThreadsAppendingAtOnceLoseNothing) {
  // Each thread appends its events one at a time at the end it last read,
  // retrying on concurrency_conflict: every event lands exactly once.
  constexpr int threads_count = 4;
  constexpr int events_per_thread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < threads_count; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < events_per_thread; ++i) {
        const auto key = std::to_string(t) + "-" + std::to_string(i);
        const std::vector<event_view> one{{key, key}};
        for (;;) {
          auto end = this->log_->end();
          ASSERT_TRUE(end.has_value());
          auto appended = this->log_->append(one, *end);
          if (appended) break;
          ASSERT_EQ(appended.error().code, errc::concurrency_conflict);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(this->log_->end(), IsOkAndHolds(std::uint64_t{threads_count * events_per_thread}));
  auto back = this->read_all();
  std::vector<std::string> keys;
  for (const auto& record : back) keys.push_back(record.key);
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> expected;
  for (int t = 0; t < threads_count; ++t) {
    for (int i = 0; i < events_per_thread; ++i) {
      expected.push_back(std::to_string(t) + "-" + std::to_string(i));
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(keys, expected);
}

}  // namespace
}  // namespace onhand
