// SPDX-License-Identifier: Apache-2.0
// postgres_store beyond the conformance suite, against a throwaway server:
// several connections on one database (racing appends, converging
// inventories, scarce stock reserved from several threads and processes), a lost
// connection, a newer schema, settings from the environment, and passwords
// kept out of every message. Expected balances are counted by hand.
#include "onhand/storage/postgres_store.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"

#include "matchers.hpp"
#include "pg_cluster.hpp"
#include "store_testing.hpp"

namespace onhand {
namespace {

using store_testing::options;
using store_testing::q;
using store_testing::soap_at_wh;

using testing::HasError;
using ::testing::HasSubstr;
using testing::IsOk;
using testing::IsOkAndHolds;
using ::testing::Not;
using testing::pg_cluster;

auto open_store(const std::string& conninfo) -> std::unique_ptr<postgres_store> {
  auto log = postgres_store::open(conninfo);
  EXPECT_THAT(log, IsOk());
  return log ? std::move(log).value() : nullptr;
}

auto open_inventory(const std::string& conninfo) -> std::unique_ptr<inventory> {
  auto log = open_store(conninfo);
  if (log == nullptr) return nullptr;
  auto inv = inventory::open(std::move(log), options());
  EXPECT_THAT(inv, IsOk());
  return inv ? std::make_unique<inventory>(std::move(inv).value()) : nullptr;
}

// Runs a command until it is not a lost race: the engine retries a race 16
// times by itself, and an application retries past that under the same key
// (a replay returns the first outcome). Four busy instances can exhaust 16.
template <class Command>
auto until_not_raced(Command command) {
  for (int attempt = 0;; ++attempt) {
    auto outcome = command();
    if (outcome || outcome.error().code != errc::concurrency_conflict || attempt == 200) {
      return outcome;
    }
  }
}

auto define_soap(inventory& inv) -> void {
  unit_set each{base_unit{"each", 0}};
  ASSERT_THAT(inv.define_item({.code = "SOAP", .units = each}), IsOk());
  ASSERT_THAT(inv.define_location({.code = "WH"}), IsOk());
}

// A database whose log holds SOAP and WH and a receipt of `amount` SOAP at WH.
auto stock_soap(const std::string& db, const char* amount) -> void {
  auto setup = open_inventory(db);
  ASSERT_NE(setup, nullptr);
  define_soap(*setup);
  ASSERT_THAT(setup->post(receipt("stock", {.item = "SOAP", .amount = q(amount)}, "WH")), IsOk());
}

// All of `stock` SOAP at WH reserved, none left to promise.
auto expect_all_reserved(const inventory& inv, const char* stock) -> void {
  const auto atp = inv.available_to_promise(inv.item_by_code("SOAP").value(),
                                            inv.location_by_code("WH").value());
  ASSERT_THAT(atp, IsOk());
  EXPECT_EQ(atp->reserved, q(stock));
  EXPECT_EQ(atp->available, q("0"));
}

TEST(PostgresStore, TwoConnectionsRaceByPosition) {
  const auto db = pg_cluster::instance().fresh_database();
  auto first = open_store(db);
  auto second = open_store(db);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  const std::vector<event_view> one{{"a", "1"}};
  EXPECT_THAT(first->append(one, 0), IsOkAndHolds(1u));
  EXPECT_THAT(second->end(), IsOkAndHolds(1u));
  const std::vector<event_view> late{{"b", "2"}};
  EXPECT_THAT(second->append(late, 0), HasError(errc::concurrency_conflict));
  EXPECT_THAT(second->append(late, 1), IsOkAndHolds(2u));
  std::vector<event_record> seen;
  EXPECT_THAT(first->read(0, 10, seen), IsOk());
  EXPECT_THAT(seen, ::testing::ElementsAre(event_record{"a", "1"}, event_record{"b", "2"}));
}

TEST(PostgresStore, AnAppendThatLosesTheUniqueRaceConflictsAndWritesNothing) {
  // Another writer holds position 0 uncommitted: the append reads the same
  // end, waits on the key, and fails once the other commits.
  const auto db = pg_cluster::instance().fresh_database();
  auto log = open_store(db);
  ASSERT_NE(log, nullptr);
  const std::unique_ptr<PGconn, decltype(&PQfinish)> other{PQconnectdb(db.c_str()), &PQfinish};
  ASSERT_EQ(PQstatus(other.get()), CONNECTION_OK);
  auto run = [&](const char* sql) {
    const std::unique_ptr<PGresult, decltype(&PQclear)> res{PQexec(other.get(), sql), &PQclear};
    EXPECT_EQ(PQresultStatus(res.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(res.get());
  };
  run("BEGIN");
  run("INSERT INTO onhand_events VALUES (0, 'x'::bytea, 'other'::bytea)");
  std::thread writer{[&] {
    const std::vector<event_view> mine{{"a", "mine"}, {"b", "mine"}};
    EXPECT_THAT(log->append(mine, 0), HasError(errc::concurrency_conflict));
  }};
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  run("COMMIT");
  writer.join();
  std::vector<event_record> seen;
  EXPECT_THAT(log->read(0, 10, seen), IsOk());
  EXPECT_THAT(seen, ::testing::ElementsAre(event_record{"x", "other"}));
}

// Four stores (four connections) append one event at a time at the end
// they last read, retrying on concurrency_conflict: every event lands once.
auto race_appends(const std::string& db) -> void {
  constexpr int writers = 4;
  constexpr int per_writer = 40;
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&db, w] {
      auto log = open_store(db);
      ASSERT_NE(log, nullptr);
      for (int i = 0; i < per_writer; ++i) {
        const auto key = std::to_string(w) + "-" + std::to_string(i);
        const std::vector<event_view> one{{key, key}};
        for (;;) {
          auto end = log->end();
          ASSERT_TRUE(end.has_value());
          auto appended = log->append(one, *end);
          if (appended) break;
          ASSERT_EQ(appended.error().code, errc::concurrency_conflict) << appended.error().message;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto log = open_store(db);
  ASSERT_NE(log, nullptr);
  EXPECT_THAT(log->end(), IsOkAndHolds(std::uint64_t{writers * per_writer}));
  std::vector<event_record> all;
  ASSERT_THAT(log->read(0, SIZE_MAX, all), IsOk());
  std::vector<std::string> keys;
  for (const auto& record : all) keys.push_back(record.key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
  EXPECT_EQ(keys.size(), std::size_t{writers * per_writer});
}

TEST(PostgresStore, ConnectionsAppendingAtOnceLoseNothing) {
  race_appends(pg_cluster::instance().fresh_database());
}

TEST(PostgresStore, SerializableTransactionsConflictTheSameWay) {
  // Under SERIALIZABLE (as distributed PostgreSQL-compatible databases run)
  // a lost race may be a serialization failure instead of a unique violation.
  auto& cluster = pg_cluster::instance();
  const auto db = cluster.fresh_database();
  const auto name = db.substr(db.rfind('=') + 1);
  ASSERT_TRUE(cluster.admin("ALTER DATABASE " + name +
                            " SET default_transaction_isolation = 'serializable'"));
  race_appends(db);
}

TEST(PostgresStore, InstancesCreatingTheSchemaAtOnceAllOpen) {
  const auto db = pg_cluster::instance().fresh_database();
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (open_store(db) != nullptr) ++opened;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(opened.load(), 6);
  EXPECT_THAT(open_store(db)->end(), IsOkAndHolds(0u));
}

TEST(PostgresStore, SchemasSeparateLogsInOneDatabase) {
  auto& cluster = pg_cluster::instance();
  const auto db = cluster.fresh_database();
  const auto name = db.substr(db.rfind('=') + 1);
  ASSERT_TRUE(cluster.admin("CREATE SCHEMA east", name));
  ASSERT_TRUE(cluster.admin("CREATE SCHEMA west", name));
  auto east = open_store(db + " options='-csearch_path=east'");
  auto west = open_store(db + " options='-csearch_path=west'");
  ASSERT_NE(east, nullptr);
  ASSERT_NE(west, nullptr);
  const std::vector<event_view> two{{"e1", "1"}, {"e2", "2"}};
  ASSERT_THAT(east->append(two, 0), IsOkAndHolds(2u));
  EXPECT_THAT(west->end(), IsOkAndHolds(0u));
  const std::vector<event_view> one{{"w1", "1"}};
  EXPECT_THAT(west->append(one, 0), IsOkAndHolds(1u));
  EXPECT_THAT(east->end(), IsOkAndHolds(2u));
}

TEST(PostgresStore, TwoInventoriesOnOneDatabaseConverge) {
  const auto db = pg_cluster::instance().fresh_database();
  auto left = open_inventory(db);
  ASSERT_NE(left, nullptr);
  define_soap(*left);
  ASSERT_THAT(left->post(receipt("seed", {.item = "SOAP", .amount = q("16")}, "WH")), IsOk());
  auto right = open_inventory(db);
  ASSERT_NE(right, nullptr);
  EXPECT_EQ(soap_at_wh(*right), stock_level::at(q("16")));
  // Both post at once from their own threads and connections.
  auto post_many = [](inventory& inv, const char* prefix, const char* amount) {
    for (int i = 0; i < 20; ++i) {
      const auto doc =
          receipt(prefix + std::to_string(i), {.item = "SOAP", .amount = q(amount)}, "WH");
      ASSERT_THAT(until_not_raced([&] { return inv.post(doc); }), IsOk());
    }
  };
  std::thread l{[&] { post_many(*left, "l-", "1"); }};
  std::thread r{[&] { post_many(*right, "r-", "2"); }};
  l.join();
  r.join();
  ASSERT_THAT(left->sync(), IsOk());
  ASSERT_THAT(right->sync(), IsOk());
  EXPECT_EQ(soap_at_wh(*left), stock_level::at(q("76")));  // 16 + 20 * 1 + 20 * 2
  EXPECT_TRUE(left->same_state(*right));
  EXPECT_THAT(left->verify(), IsOk());
  EXPECT_THAT(right->verify(), IsOk());
  auto again = right->post(receipt("l-3", {.item = "SOAP", .amount = q("1")}, "WH"));
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed);
}

TEST(PostgresStore, InstancesReservingScarceStockNeverOverCommit) {
  // 10 units; four instances each try to reserve 1 unit 8 times (32 asks).
  // Exactly 10 asks can be accepted, and every other one must be refused
  // with insufficient_stock, whatever the interleaving.
  const auto db = pg_cluster::instance().fresh_database();
  ASSERT_NO_FATAL_FAILURE(stock_soap(db, "10"));
  constexpr int instances = 4;
  constexpr int asks = 8;
  std::vector<std::unique_ptr<inventory>> invs;
  for (int i = 0; i < instances; ++i) {
    invs.push_back(open_inventory(db));
    ASSERT_NE(invs.back(), nullptr);
  }
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < instances; ++i) {
    threads.emplace_back([&, i] {
      auto& inv = *invs[static_cast<std::size_t>(i)];
      const auto soap = inv.item_by_code("SOAP").value();
      const auto wh = inv.location_by_code("WH").value();
      for (int a = 0; a < asks; ++a) {
        const reservation_request ask{.key = "cart-" + std::to_string(i) + "-" + std::to_string(a),
                                      .item = soap,
                                      .location = wh,
                                      .amount = q("1")};
        auto held = until_not_raced([&] { return inv.reserve(ask); });
        if (held) {
          ++accepted;
        } else {
          EXPECT_EQ(held.error().code, errc::insufficient_stock) << held.error().message;
          ++refused;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 10);
  EXPECT_EQ(refused.load(), instances * asks - 10);
  for (auto& inv : invs) {
    ASSERT_THAT(inv->sync(), IsOk());
    expect_all_reserved(*inv, "10");
    EXPECT_TRUE(inv->same_state(*invs.front()));
    EXPECT_THAT(inv->verify(), IsOk());
  }
}

TEST(PostgresStore, ProcessesReservingScarceStockNeverOverCommit) {
  // The same race between processes: three children, each with its own
  // inventory, ask for 1 unit 6 times each (18 asks for 7 units) and report
  // how many were accepted in their exit status.
  const auto db = pg_cluster::instance().fresh_database();
  ASSERT_NO_FATAL_FAILURE(stock_soap(db, "7"));
  constexpr int children = 3;
  constexpr int asks = 6;
  std::vector<pid_t> pids;
  for (int c = 0; c < children; ++c) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // The child: no gtest assertions, no static destructors (_exit).
      auto log = postgres_store::open(db);
      if (!log) _exit(100);
      auto inv = inventory::open(std::move(log).value(), options());
      if (!inv) _exit(101);
      const auto soap = inv->item_by_code("SOAP").value();
      const auto wh = inv->location_by_code("WH").value();
      int accepted = 0;
      for (int a = 0; a < asks; ++a) {
        const reservation_request ask{.key = "p" + std::to_string(c) + "-" + std::to_string(a),
                                      .item = soap,
                                      .location = wh,
                                      .amount = q("1")};
        auto held = until_not_raced([&] { return inv->reserve(ask); });
        if (held) {
          ++accepted;
        } else if (held.error().code != errc::insufficient_stock) {
          _exit(102);
        }
      }
      _exit(accepted);
    }
    pids.push_back(pid);
  }
  int accepted = 0;
  for (const auto pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_LE(WEXITSTATUS(status), asks) << "child failed with " << WEXITSTATUS(status);
    accepted += WEXITSTATUS(status);
  }
  EXPECT_EQ(accepted, 7);
  auto after = open_inventory(db);
  ASSERT_NE(after, nullptr);
  expect_all_reserved(*after, "7");
  EXPECT_THAT(after->verify(), IsOk());
}

TEST(PostgresStore, ALostConnectionIsUnavailableAndTheNextCallReconnects) {
  auto& cluster = pg_cluster::instance();
  const auto db = cluster.fresh_database();
  auto log = open_store(db);
  ASSERT_NE(log, nullptr);
  const std::vector<event_view> one{{"a", "1"}};
  ASSERT_THAT(log->append(one, 0), IsOk());
  const auto name = db.substr(db.rfind('=') + 1);
  ASSERT_TRUE(cluster.admin(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'"));
  const std::vector<event_view> two{{"b", "2"}};
  EXPECT_THAT(log->append(two, 1), HasError(errc::store_unavailable));
  EXPECT_THAT(log->end(), IsOkAndHolds(1u));  // reconnected; nothing was written
  EXPECT_THAT(log->append(two, 1), IsOkAndHolds(2u));
}

TEST(PostgresStore, ServerDownIsUnavailable) {
  // A port nobody listens on (the cluster's port + 1 is not the cluster's).
  const auto port = std::stoi(pg_cluster::instance().port()) + 1;
  auto log = postgres_store::open(
      "host=127.0.0.1 port=" + std::to_string(port) + " dbname=x connect_timeout=2", {});
  EXPECT_THAT(log, HasError(errc::store_unavailable));
}

TEST(PostgresStore, RefusesANewerSchemaAndLeavesItUntouched) {
  auto& cluster = pg_cluster::instance();
  const auto db = cluster.fresh_database();
  ASSERT_NE(open_store(db), nullptr);
  const auto name = db.substr(db.rfind('=') + 1);
  ASSERT_TRUE(
      cluster.admin("UPDATE onhand_meta SET value = '2' WHERE name = 'schema_version'", name));
  auto refused = postgres_store::open(db);
  ASSERT_THAT(refused, HasError(errc::store_failure));
  EXPECT_THAT(refused.error().message, HasSubstr("schema version 2 is newer"));
  const std::unique_ptr<PGconn, decltype(&PQfinish)> conn{PQconnectdb(db.c_str()), &PQfinish};
  const std::unique_ptr<PGresult, decltype(&PQclear)> res{
      PQexec(conn.get(), "SELECT value FROM onhand_meta"), &PQclear};
  ASSERT_EQ(PQntuples(res.get()), 1);
  EXPECT_STREQ(PQgetvalue(res.get(), 0, 0), "2");
}

TEST(PostgresStore, TakesSettingsFromTheEnvironment) {
  auto& cluster = pg_cluster::instance();
  const auto db = cluster.fresh_database();
  const auto name = db.substr(db.rfind('=') + 1);
  const auto host = cluster.base().substr(5, cluster.base().find(' ') - 5);
  setenv("PGHOST", host.c_str(), 1);
  setenv("PGPORT", cluster.port().c_str(), 1);
  setenv("PGUSER", cluster.user().c_str(), 1);
  setenv("PGDATABASE", name.c_str(), 1);
  auto log = postgres_store::open("");
  unsetenv("PGHOST");
  unsetenv("PGPORT");
  unsetenv("PGUSER");
  unsetenv("PGDATABASE");
  ASSERT_THAT(log, IsOk());
  const std::vector<event_view> one{{"a", "1"}};
  EXPECT_THAT((*log)->append(one, 0), IsOkAndHolds(1u));
  EXPECT_THAT(open_store(db)->end(), IsOkAndHolds(1u));
}

TEST(PostgresStore, RefusesBadArguments) {
  auto nul = postgres_store::open(std::string_view("host=x\0y", 8));
  ASSERT_THAT(nul, HasError(errc::malformed_input));
  EXPECT_EQ(nul.error().context.field, "conninfo");
  auto timeout = postgres_store::open("host=x", {.connect_timeout = std::chrono::seconds(-1)});
  ASSERT_THAT(timeout, HasError(errc::invalid_parameter));
  EXPECT_EQ(timeout.error().context.field, "connect_timeout");
  auto garbage = postgres_store::open("host=x nonsense_option=1");
  ASSERT_THAT(garbage, HasError(errc::malformed_input));
  EXPECT_EQ(garbage.error().context.field, "conninfo");
}

TEST(PostgresStore, PasswordsNeverAppearInMessages) {
  // Loopback TCP needs a password (scram) and the owner has none: every
  // login below fails, and the message never shows the password given.
  auto& cluster = pg_cluster::instance();
  const std::string secret = "s3cr3t-Pw-7781";
  const auto port = cluster.port();
  const std::vector<std::string> attempts{
      "postgresql://" + cluster.user() + ":" + secret + "@127.0.0.1:" + port + "/postgres",
      "host=127.0.0.1 port=" + port + " user=" + cluster.user() + " password=" + secret,
      "host=127.0.0.1 port=" + port + " password='" + secret + "' dbname=postgres",
      "postgresql://u:" + secret + "@127.0.0.1:" + port + "/db?sslmode=disable",
      // Not parsable: the message quotes the string's parts.
      "postgresql://u:" + secret + "@127.0.0.1:" + port + "/db?bogus=" + secret,
      "host=127.0.0.1 password=" + secret + " nonsense=" + secret,
      "postgresql://u:" + secret + "@127.0.0.1:" + port + "/db?password=" + secret,
  };
  for (const auto& conninfo : attempts) {
    auto log = postgres_store::open(conninfo);
    ASSERT_FALSE(log.has_value()) << conninfo;
    EXPECT_THAT(log.error().message, Not(HasSubstr(secret))) << conninfo;
    EXPECT_THAT(log.error().message, Not(HasSubstr("s3cr3t"))) << conninfo;
  }
  setenv("PGPASSWORD", secret.c_str(), 1);
  auto from_env = postgres_store::open("host=127.0.0.1 port=" + port + " dbname=postgres");
  unsetenv("PGPASSWORD");
  ASSERT_THAT(from_env, HasError(errc::store_unavailable));
  EXPECT_THAT(from_env.error().message, Not(HasSubstr(secret)));
  EXPECT_THAT(from_env.error().message, HasSubstr("password authentication failed"));
}

}  // namespace
}  // namespace onhand
