// SPDX-License-Identifier: Apache-2.0
// PostgreSQL store: 4 engine instances (threads, each with its own
// inventory and connection) posting 1-line receipts into one database, one
// document per transaction (post) against 100 per transaction (post_batch).
// Time per iteration is the wall time of all 4,000 documents.
// The server comes from the PG* environment (docs/benchmarks.md starts one
// with scripts/pg_cluster.sh); every run starts from an empty schema.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include "onhand/inventory.hpp"
#include "onhand/storage/postgres_store.hpp"

namespace {

using onhand::quantity;

constexpr int instances = 4;
constexpr int documents_per_instance = 1'000;

[[noreturn]] void fail(const onhand::error& e) {
  std::fprintf(stderr, "%s\n", e.message.c_str());
  std::abort();
}

// Drops and recreates the schema `bench`, so each run starts from an empty log.
void fresh_schema() {
  const std::unique_ptr<PGconn, decltype(&PQfinish)> conn{PQconnectdb(""), &PQfinish};
  const std::unique_ptr<PGresult, decltype(&PQclear)> res{
      PQexec(conn.get(), "DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench"), &PQclear};
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "%s", PQerrorMessage(conn.get()));
    std::abort();
  }
}

auto open_instance() -> onhand::inventory {
  auto log = onhand::postgres_store::open("options='-csearch_path=bench'");
  if (!log) {
    std::fprintf(stderr, "%s\n", log.error().message.c_str());
    std::abort();
  }
  return onhand::inventory::open(std::move(log).value()).value();
}

// Each instance posts documents_per_instance receipts, `group` per transaction.
void BM_PostgresFourInstances(benchmark::State& state) {
  const auto group = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    fresh_schema();
    {
      auto setup = open_instance();
      (void)setup.define_item({.code = "SOAP"}).value();
      (void)setup.define_location({.code = "V", .kind = onhand::location_kind::supplier}).value();
      (void)setup.define_location({.code = "WH"}).value();
    }
    std::vector<onhand::inventory> invs;
    for (int i = 0; i < instances; ++i) invs.push_back(open_instance());
    state.ResumeTiming();
    std::vector<std::thread> threads;
    for (int i = 0; i < instances; ++i) {
      threads.emplace_back([&invs, i, group] {
        auto& inv = invs[static_cast<std::size_t>(i)];
        const auto item = inv.item_by_code("SOAP").value();
        const auto vendor = inv.location_by_code("V").value();
        const auto wh = inv.location_by_code("WH").value();
        std::vector<onhand::movement_document> batch(group);
        for (int first = 0; first < documents_per_instance; first += static_cast<int>(group)) {
          for (std::size_t d = 0; d < group; ++d) {
            batch[d] = {
                .key = std::to_string(i) + "-" + std::to_string(first + static_cast<int>(d)),
                .reason = onhand::movement_reason::receipt,
                .lines = {{.item = item, .from = vendor, .to = wh, .amount = quantity::units(1)}}};
          }
          // The engine retries a lost race 16 times; past that, the
          // application retries under the same keys (a replay is harmless).
          for (;;) {
            if (group == 1) {
              auto posted = inv.post(batch.front());
              if (posted) break;
              if (posted.error().code != onhand::errc::concurrency_conflict) fail(posted.error());
            } else {
              auto posted = inv.post_batch(batch);
              if (posted && posted->refused != 0) fail(posted->refusals.front());
              if (posted) break;
              if (posted.error().code != onhand::errc::concurrency_conflict) fail(posted.error());
            }
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
}
BENCHMARK(BM_PostgresFourInstances)
    ->ArgName("per_transaction")
    ->Arg(1)
    ->Arg(100)
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
