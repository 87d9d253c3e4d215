// SPDX-License-Identifier: Apache-2.0
// The engine under the facade: an intent's events are one atomic batch, a
// failed append leaves no trace, a stale writer catches up and validates
// again, and one idempotency index serves every domain.
#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include "onhand/storage/memory_store.hpp"

#include "catalog/commands.hpp"
#include "ledger/commands.hpp"
#include "matchers.hpp"
#include "shared_store.hpp"

namespace onhand::detail {
namespace {

using onhand::testing::HasError;
using onhand::testing::IsOk;
using onhand::testing::shared_store;

// A store that records the batches it is given, or refuses them.
class recording_store final : public store {
 public:
  auto append(std::span<const event_view> events, std::uint64_t expected_end)
      -> result<std::uint64_t> override {
    if (refuse) return make_error(errc::store_unavailable, "busy");
    batches.push_back(events.size());
    return log.append(events, expected_end);
  }
  auto read(std::uint64_t from, std::size_t max_count, std::vector<event_record>& out) const
      -> result<void> override {
    return log.read(from, max_count, out);
  }
  [[nodiscard]] auto end() const -> result<std::uint64_t> override { return log.end(); }

  memory_store log;
  std::vector<std::size_t> batches;
  bool refuse = false;
};

auto item(std::string code) -> item_definition {
  return {.code = std::move(code), .units = unit_set{{"each", 0}}};
}

auto two_definitions() -> intent {
  intent out;
  out.events.emplace_back(event{item_defined{item("SOAP")}});
  out.events.emplace_back(event{location_defined{{.code = "EAST"}}});
  return out;
}

TEST(Engine, AnIntentsEventsAreOneBatch) {
  auto owned = std::make_unique<recording_store>();
  auto* log = owned.get();
  engine e{std::move(owned)};
  auto committed = e.commit([] { return result<intent>{two_definitions()}; });
  ASSERT_THAT(committed, IsOk());
  EXPECT_TRUE(committed->appended);
  EXPECT_EQ(committed->log_position, 0U);
  EXPECT_EQ(log->batches, std::vector<std::size_t>{2});
  EXPECT_EQ(e.view().log_position, 2U);
  EXPECT_TRUE(e.view().catalog.find_item("SOAP").has_value());
  EXPECT_TRUE(e.view().catalog.find_location("EAST").has_value());
  EXPECT_THAT(e.verify(), IsOk());
}

TEST(Engine, AFailedAppendLeavesNoTrace) {
  auto owned = std::make_unique<recording_store>();
  owned->refuse = true;
  engine e{std::move(owned)};
  EXPECT_THAT(e.commit([] { return result<intent>{two_definitions()}; }),
              HasError(errc::store_unavailable));
  EXPECT_EQ(e.view().log_position, 0U);
  EXPECT_FALSE(e.view().catalog.find_item("SOAP").has_value());
  EXPECT_EQ(e.projections(), detail::projections{});
}

TEST(Engine, AnEmptyIntentAppendsNothing) {
  auto owned = std::make_unique<recording_store>();
  auto* log = owned.get();
  engine e{std::move(owned)};
  auto committed = e.commit([] { return result<intent>{intent{}}; });
  ASSERT_THAT(committed, IsOk());
  EXPECT_FALSE(committed->appended);
  EXPECT_TRUE(log->batches.empty());
}

TEST(Engine, AStaleWriterCatchesUpAndValidatesAgain) {
  auto shared = std::make_shared<memory_store>();
  engine first{std::make_unique<shared_store>(shared)};
  engine second{std::make_unique<shared_store>(shared)};
  ASSERT_THAT(first.commit([&] { return validate(first.view(), item("SOAP")); }), IsOk());
  // `second` has not seen SOAP: its append at position 0 conflicts, it reads
  // SOAP, and validating again finds the identical definition (a no-op).
  int validations = 0;
  auto again = second.commit([&] {
    ++validations;
    return validate(second.view(), item("SOAP"));
  });
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->appended);
  EXPECT_EQ(validations, 2);
  EXPECT_EQ(second.projections(), first.projections());
  EXPECT_EQ(shared->end().value(), 1U);
}

TEST(Engine, OneKeyServesOneCommandAcrossDomains) {
  engine e{std::make_unique<memory_store>()};
  for (const auto& location :
       {location_definition{.code = "VENDOR", .kind = location_kind::supplier},
        location_definition{.code = "EAST"}}) {
    ASSERT_THAT(e.commit([&] { return validate(e.view(), location); }), IsOk());
  }
  ASSERT_THAT(e.commit([&] { return validate(e.view(), item("SOAP")); }), IsOk());
  const auto& cat = e.view().catalog;
  const movement_document doc{.key = "k-1",
                              .reason = movement_reason::receipt,
                              .lines = {{.item = *cat.find_item("SOAP"),
                                         .from = *cat.find_location("VENDOR"),
                                         .to = *cat.find_location("EAST"),
                                         .amount = quantity::units(5)}}};
  posting_validator validator;
  const auto now = parse_timestamp("2026-12-01T00:00:00Z").value();
  auto post = [&](domain owner) {
    return e.commit_keyed(
        {doc.key, owner, "document"},
        [&](const event& stored) { return same_posting(stored, doc, document_id::none()); },
        [&] { return validator.validate(e.view(), doc, document_id::none(), now, {}); });
  };
  auto first = post(domain::ledger);
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->appended);
  auto retry = post(domain::ledger);
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->log_position, first->log_position);
  auto other = post(domain::catalog);
  ASSERT_THAT(other, HasError(errc::idempotency_conflict));
  EXPECT_NE(other.error().message.find("ledger"), std::string::npos);
  EXPECT_EQ(e.view().keys.size(), 1U);
  EXPECT_EQ(e.view().keys.key_at(first->log_position), "k-1");
  EXPECT_THAT(e.verify(), IsOk());
}

TEST(IdempotencyIndex, FindsKeysAndTheirPositions) {
  idempotency_index keys;
  EXPECT_FALSE(keys.find("a").has_value());
  keys.add("a", 3, domain::ledger);
  keys.add("bb", 7, domain::catalog);
  EXPECT_EQ(keys.find("a"), (idempotency_index::entry{3, domain::ledger}));
  EXPECT_EQ(keys.find("bb"), (idempotency_index::entry{7, domain::catalog}));
  EXPECT_FALSE(keys.find("b").has_value());
  EXPECT_EQ(keys.key_at(7), "bb");
  EXPECT_EQ(keys.key_at(5), "");
  EXPECT_EQ(keys.size(), 2U);
}

}  // namespace
}  // namespace onhand::detail
