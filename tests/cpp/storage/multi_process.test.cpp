// SPDX-License-Identifier: Apache-2.0
// Several processes on one SQLite file, racing for the same scarce stock:
// each reserves, ships part of its reservations and gives part back, in a
// loop, until the stock is all promised. Each acknowledges every command to
// the parent through a pipe once it returned. The parent then reopens the
// file and checks that every acknowledged command is in it exactly once
// (reservations hold what their acknowledged commits and releases left),
// that nothing is in the log that was not acknowledged, that what is
// reserved never exceeds the stock (no over-commitment), and that verify()
// passes. ONHAND_PROCESS_OPS sets the operations per process (default 150).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "onhand/inventory.hpp"
#include "onhand/storage/sqlite_store.hpp"

#include "child_process.hpp"
#include "environment.hpp"
#include "matchers.hpp"
#include "temp_dir.hpp"

namespace onhand {
namespace {

using testing::IsOk;
using testing::read_all;

auto open_quick(const std::string& path) -> result<inventory> {
  // Durability is not what this test is about: normal keeps it quick.
  auto log = sqlite_store::open(path, {.synchronous = sqlite_synchronous::normal});
  if (!log) return std::move(log).error();
  return inventory::open(std::move(log).value());
}

// Whether an answer means "try the same command again": the file was
// locked, or other writers kept appending first.
auto retryable(const error& e) -> bool {
  return e.code == errc::store_unavailable || e.code == errc::concurrency_conflict;
}

// The child: commands until `ops` or until the stock is promised; writes a
// line per acknowledged command, then its counts. Exits, never returns.
[[noreturn]] void race(const std::string& path, int child, int ops, int ack_fd, int go_fd) {
  auto inv = open_quick(path);
  if (!inv) _exit(2);
  // Every process starts when the parent closes the starting pipe.
  char ignored = 0;
  if (::read(go_fd, &ignored, 1) != 0) _exit(9);
  const auto soap = inv->item_by_code("SOAP").value();
  const auto wh = inv->location_by_code("WH").value();
  const auto customer = inv->location_by_code("CUSTOMER").value();
  std::mt19937 random(static_cast<unsigned>(1000 + child));
  auto say = [&](const std::string& line) {
    const auto text = line + "\n";
    if (write(ack_fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(4);
  };
  // Sends a command until it is not a retryable answer.
  std::size_t retries = 0;
  auto until_answered = [&](auto command) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
      auto r = command();
      if (r || !retryable(r.error())) return r;
      ++retries;
    }
    _exit(5);
  };
  std::vector<std::pair<std::string, int>> mine;  // reservation, units it still holds
  std::size_t refused = 0;
  int short_in_a_row = 0;
  for (int i = 0; i < ops && short_in_a_row < 3; ++i) {
    // A pause between commands, so that the processes' commands interleave.
    usleep(200);
    const auto key = "p" + std::to_string(child) + "-" + std::to_string(i);
    const auto roll = random() % 10;
    if (roll < 6 || mine.empty()) {
      const int units = 1 + static_cast<int>(random() % 3);
      auto made = until_answered([&] {
        return inv->reserve(
            {.key = key, .item = soap, .location = wh, .amount = quantity::units(units)});
      });
      if (made) {
        mine.emplace_back(key, units);
        say("R " + key + " " + std::to_string(units));
        short_in_a_row = 0;
      } else if (made.error().code == errc::insufficient_stock) {
        ++refused;
        ++short_in_a_row;
      } else {
        _exit(6);
      }
      continue;
    }
    auto& [reservation, held] = mine[random() % mine.size()];
    if (held == 0) continue;
    if (roll < 8) {  // ship one unit of it
      auto shipped = until_answered([&] {
        return inv->commit_reservation(
            {.reservation = reservation,
             .document = {
                 .key = key,
                 .reason = movement_reason::shipment,
                 .lines = {
                     {.item = soap, .from = wh, .to = customer, .amount = quantity::units(1)}}}});
      });
      if (!shipped) _exit(7);
      say("C " + reservation);
    } else {  // give one unit back
      auto released = until_answered([&] {
        return inv->release_reservation(
            {.key = key, .reservation = reservation, .amount = quantity::units(1)});
      });
      if (!released) _exit(8);
      say("L " + reservation);
    }
    --held;
  }
  say("S " + std::to_string(refused) + " " + std::to_string(retries));
  _exit(0);
}

TEST(SqliteProcesses, RacingForTheLastUnitsNeverPromisesOneTwice) {
  constexpr int processes = 4;
  constexpr int stock = 120;
  const auto ops = static_cast<int>(testing::env_or("ONHAND_PROCESS_OPS", 150));
  testing::temp_dir dir;
  const auto path = dir.file("shared.db");
  {
    auto inv = open_quick(path);
    ASSERT_THAT(inv, IsOk());
    const auto soap =
        inv->define_item({.code = "SOAP", .units = unit_set{base_unit{"each", 0}}}).value();
    const auto wh = inv->define_location({.code = "WH"}).value();
    const auto vendor =
        inv->define_location({.code = "VENDOR", .kind = location_kind::supplier}).value();
    ASSERT_THAT(inv->define_location({.code = "CUSTOMER", .kind = location_kind::customer}),
                IsOk());
    ASSERT_THAT(inv->post({.key = "opening",
                           .reason = movement_reason::receipt,
                           .lines = {{.item = soap,
                                      .from = vendor,
                                      .to = wh,
                                      .amount = quantity::units(stock)}}}),
                IsOk());
  }
  std::vector<pid_t> children;
  std::vector<int> pipes;
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  for (int c = 0; c < processes; ++c) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      close(go[1]);
      race(path, c, ops, fds[1], go[0]);
    }
    close(fds[1]);
    children.push_back(child);
    pipes.push_back(fds[0]);
  }
  close(go[0]);
  close(go[1]);  // go
  std::string acks;
  for (int c = 0; c < processes; ++c) {
    acks += read_all(pipes[static_cast<std::size_t>(c)]);
    close(pipes[static_cast<std::size_t>(c)]);
    int status = 0;
    waitpid(children[static_cast<std::size_t>(c)], &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "process " << c << " ended with " << status;
  }
  // What the processes acknowledged, per reservation.
  struct expected {
    int reserved = 0;
    int shipped = 0;
    int released = 0;
  };
  std::map<std::string, expected> want;
  std::size_t refused = 0;
  std::size_t retries = 0;
  std::istringstream lines(acks);
  for (std::string kind; lines >> kind;) {
    if (kind == "R") {
      std::string key;
      int units = 0;
      lines >> key >> units;
      want[key].reserved = units;
    } else if (kind == "C" || kind == "L") {
      std::string key;
      lines >> key;
      ++(kind == "C" ? want[key].shipped : want[key].released);
    } else {
      std::size_t r = 0;
      std::size_t t = 0;
      lines >> r >> t;
      refused += r;
      retries += t;
    }
  }
  auto inv = open_quick(path);
  ASSERT_THAT(inv, IsOk());
  ASSERT_THAT(inv->verify(), IsOk());
  const auto soap = inv->item_by_code("SOAP").value();
  const auto wh = inv->location_by_code("WH").value();
  int shipped = 0;
  int held = 0;
  std::size_t switches = 0;  // how often the next reservation in the log is another process's
  inv->read([&](const state& s) {
    for (std::size_t i = 1; i < s.reservations.size(); ++i) {
      const auto& a = s.reservations.all()[i - 1].key;
      const auto& b = s.reservations.all()[i].key;
      if (a.substr(0, a.find('-')) != b.substr(0, b.find('-'))) ++switches;
    }
    // Nothing in the log that no process acknowledged.
    EXPECT_EQ(s.reservations.size(), want.size());
    for (const auto& [key, w] : want) {
      const auto id = s.reservations.find(key);
      ASSERT_TRUE(id.has_value()) << key << " was acknowledged and lost";
      const auto& r = s.reservations.at(*id);
      EXPECT_EQ(r.amount, quantity::units(w.reserved)) << key;
      EXPECT_EQ(r.committed, quantity::units(w.shipped)) << key;
      EXPECT_EQ(r.released, quantity::units(w.released)) << key;
      shipped += w.shipped;
      held += w.reserved - w.shipped - w.released;
    }
  });
  // Stock left is the opening less what shipped; what is held never exceeds it.
  EXPECT_EQ(inv->on_hand(soap, wh), stock_level::at(quantity::units(stock - shipped)));
  EXPECT_LE(held, stock - shipped) << "over-committed";
  const auto atp = inv->available_to_promise(soap, wh).value();
  EXPECT_EQ(atp.reserved, quantity::units(held));
  EXPECT_EQ(atp.available, quantity::units(stock - shipped - held));
  // The race happened: the processes' commands interleaved in the log, and
  // some reservation was refused for want of stock.
  EXPECT_GE(switches, 10U);
  EXPECT_GT(refused, 0U);
  std::printf(
      "[ processes ] %d processes, %zu reservations (%zu switches between processes), %d "
      "shipped, %d held, %zu refused for stock, %zu retries on a locked or moved file\n",
      processes, want.size(), switches, shipped, held, refused, retries);
}

}  // namespace
}  // namespace onhand
