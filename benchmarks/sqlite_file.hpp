// SPDX-License-Identifier: Apache-2.0
// File: benchmarks/sqlite_file.hpp
//
// The SQLite database of a benchmark's peer: a fresh file in /tmp named by the process, in WAL
// mode with synchronous=NORMAL (what an ERP would run), removed with its WAL and shared-memory
// files at the end. A failed statement aborts: a peer that errs measures nothing.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unistd.h>

#include <sqlite3.h>

namespace onhand_bench {

struct sqlite_file {
  sqlite3* db = nullptr;
  std::string path;

  explicit sqlite_file(std::string_view name)
      : path("/tmp/onhand-" + std::string(name) + "-" + std::to_string(::getpid()) + ".db") {
    std::remove(path.c_str());
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) std::abort();
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  }
  sqlite_file(const sqlite_file&) = delete;
  auto operator=(const sqlite_file&) -> sqlite_file& = delete;
  ~sqlite_file() {
    sqlite3_close(db);
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
  }

  void exec(const char* sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s\n", message);
      std::abort();
    }
  }
  [[nodiscard]] auto prepare(const char* sql) const -> sqlite3_stmt* {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
      std::abort();
    }
    return statement;
  }
};

}  // namespace onhand_bench
