// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/support/pg_cluster.hpp
//
// A throwaway PostgreSQL server for the store tests: started on first use
// by scripts/pg_cluster.sh (initdb in a temporary directory, loopback, a
// free port), stopped and removed when the test program exits. Each test
// takes a fresh database. A machine without the server binaries fails the
// tests that need it, with the script's message: it never skips them.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#ifndef ONHAND_PG_CLUSTER_SCRIPT
#error "ONHAND_PG_CLUSTER_SCRIPT must name scripts/pg_cluster.sh"
#endif

namespace onhand::testing {

class pg_cluster {
 public:
  /// The cluster, started on the first call; started() says whether it runs.
  static auto instance() -> pg_cluster& {
    static pg_cluster cluster;
    return cluster;
  }

  pg_cluster(const pg_cluster&) = delete;
  auto operator=(const pg_cluster&) -> pg_cluster& = delete;

  [[nodiscard]] auto started() const -> bool { return !base_.empty(); }
  /// "host=<socket dir> port=<port> user=<owner>", without a database.
  [[nodiscard]] auto base() const -> const std::string& { return base_; }
  [[nodiscard]] auto port() const -> const std::string& { return port_; }
  [[nodiscard]] auto user() const -> const std::string& { return user_; }

  /// A conninfo for `database` on this cluster.
  [[nodiscard]] auto conninfo(const std::string& database) const -> std::string {
    return base_ + " dbname=" + database;
  }

  /// Creates an empty database and returns its conninfo ("" when the
  /// cluster is not running, after a test failure that says why).
  auto fresh_database() -> std::string {
    if (!started()) {
      ADD_FAILURE() << "the PostgreSQL test cluster is not running: " << failure_;
      return "";
    }
    const auto name = "onhand_t" + std::to_string(++databases_);
    if (!admin("CREATE DATABASE " + name)) return "";
    return conninfo(name);
  }

  /// Runs `sql` on the maintenance database; a failure is a test failure.
  auto admin(const std::string& sql, const std::string& database = "postgres") -> bool {
    const std::unique_ptr<PGconn, decltype(&PQfinish)> conn{PQconnectdb(conninfo(database).c_str()),
                                                            &PQfinish};
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      ADD_FAILURE() << "cannot connect to the test cluster: " << PQerrorMessage(conn.get());
      return false;
    }
    const std::unique_ptr<PGresult, decltype(&PQclear)> res{PQexec(conn.get(), sql.c_str()),
                                                            &PQclear};
    const auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(res.get());
      return false;
    }
    return true;
  }

 private:
  pg_cluster() {
    std::string pattern = "/tmp/onhand-pg-XXXXXX";  // short: the socket path has a limit
    if (mkdtemp(pattern.data()) == nullptr) {
      failure_ = "mkdtemp failed";
      return;
    }
    dir_ = pattern;
    const std::string command =
        std::string("bash '") + ONHAND_PG_CLUSTER_SCRIPT + "' start '" + dir_ + "' 2>&1";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r"); pipe != nullptr) {
      char buffer[512];
      while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
      if (pclose(pipe) != 0) {
        failure_ = output.empty() ? command + " failed" : output;
        return;
      }
    }
    // The last line: "host=... port=... user=... dbname=postgres".
    while (!output.empty() && output.back() == '\n') output.pop_back();
    const auto line = output.substr(output.rfind('\n') + 1);
    const auto db = line.find(" dbname=");
    const auto port = line.find("port=");
    const auto user = line.find("user=");
    if (db == std::string::npos || port == std::string::npos || user == std::string::npos) {
      failure_ = "unexpected output from pg_cluster.sh: " + output;
      return;
    }
    port_ = line.substr(port + 5, line.find(' ', port) - port - 5);
    user_ = line.substr(user + 5, line.find(' ', user) - user - 5);
    base_ = line.substr(0, db);
  }

  ~pg_cluster() {
    if (dir_.empty()) return;
    const std::string command =
        std::string("bash '") + ONHAND_PG_CLUSTER_SCRIPT + "' stop '" + dir_ + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0)
      std::fprintf(stderr, "stopping %s failed\n", dir_.c_str());
  }

  std::string dir_;
  std::string base_;
  std::string port_;
  std::string user_;
  std::string failure_;
  int databases_ = 0;
};

}  // namespace onhand::testing
