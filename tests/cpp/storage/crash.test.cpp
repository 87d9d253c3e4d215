// SPDX-License-Identifier: Apache-2.0
// Kill test: a child process posts receipts to a SQLite file in a loop and
// acknowledges each one to the parent through a pipe once post() returned;
// the parent SIGKILLs it at a random moment, reopens the file, and checks
// that every acknowledged posting is there (a retry under its key is a
// replay), that at most the one posting in flight went further, and that
// verify() passes. ONHAND_CRASH_TRIALS sets the trial count (default 20).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/ledger/documents.hpp"
#include "onhand/storage/sqlite_store.hpp"

#include "child_process.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace onhand {
namespace {

using testing::IsOk;
using testing::read_all;

auto open_at(const std::string& path) -> result<inventory> {
  auto log = sqlite_store::open(path);
  if (!log) return std::move(log).error();
  inventory_options options;
  options.standard_locations = true;
  return inventory::open(std::move(log).value(), options);
}

auto one_receipt(const std::string& key) -> document_spec {
  return receipt(key, {.item = "SOAP", .amount = quantity::parse("1").value()}, "WH");
}

// The child: posts until killed, writing "<key>\n" after each acknowledged
// post. Only async-signal-safe exits: it never returns into gtest.
[[noreturn]] void post_until_killed(const std::string& path, int trial, int ack_fd) {
  auto inv = open_at(path);
  if (!inv) _exit(2);
  for (int i = 0;; ++i) {
    const auto key = "t" + std::to_string(trial) + "-" + std::to_string(i);
    if (!inv->post(one_receipt(key))) _exit(3);
    const auto line = key + "\n";
    if (write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
  }
}

TEST(SqliteCrash, AcknowledgedPostingsSurviveSigkill) {
  const char* trials_text = std::getenv("ONHAND_CRASH_TRIALS");
  const int trials = trials_text != nullptr ? std::atoi(trials_text) : 20;
  testing::temp_dir dir;
  const auto path = dir.file("crash.db");
  {
    auto inv = open_at(path);
    ASSERT_THAT(inv, IsOk());
    ASSERT_THAT(inv->define_item({.code = "SOAP", .units = unit_set{base_unit{"each", 0}}}),
                IsOk());
    ASSERT_THAT(inv->define_location({.code = "WH"}), IsOk());
  }
  std::mt19937 random(20261205);
  std::uniform_int_distribution<int> delay_ms(5, 120);
  std::size_t acknowledged_total = 0;
  for (int trial = 0; trial < trials; ++trial) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      post_until_killed(path, trial, fds[1]);
    }
    close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "trial " << trial << ": the child exited with " << WEXITSTATUS(status);
    const auto acks = read_all(fds[0]);
    close(fds[0]);

    auto inv = open_at(path);
    ASSERT_THAT(inv, IsOk()) << "trial " << trial;
    ASSERT_THAT(inv->verify(), IsOk()) << "trial " << trial;
    const auto soap = inv->item_by_code("SOAP").value();
    const auto wh = inv->location_by_code("WH").value();
    const auto before = inv->on_hand(soap, wh);
    const auto log_before = inv->log_position();
    std::size_t acknowledged = 0;
    for (std::size_t begin = 0, end; (end = acks.find('\n', begin)) != std::string::npos;
         begin = end + 1) {
      const auto key = acks.substr(begin, end - begin);
      auto retried = inv->post(one_receipt(key));
      ASSERT_THAT(retried, IsOk()) << key;
      EXPECT_TRUE(retried->replayed) << "trial " << trial << ": " << key << " was lost";
      ++acknowledged;
    }
    acknowledged_total += acknowledged;
    EXPECT_EQ(inv->log_position(), log_before) << "a retry appended";
    // Every posting is one unit: the stock counts the postings in the log,
    // which are the acknowledged ones plus at most the one in flight per trial.
    const auto units = before.to_string();
    const auto posted = static_cast<std::size_t>(std::stoll(units));
    EXPECT_GE(posted, acknowledged_total) << "trial " << trial;
    EXPECT_LE(posted, acknowledged_total + static_cast<std::size_t>(trial) + 1)
        << "trial " << trial;
  }
  std::printf("[ crash    ] %d trials, %zu acknowledged postings\n", trials, acknowledged_total);
}

}  // namespace
}  // namespace onhand
