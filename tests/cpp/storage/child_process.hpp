// SPDX-License-Identifier: Apache-2.0
// File: tests/cpp/storage/child_process.hpp
//
// For the tests that fork writers: what a child wrote to a pipe.
#pragma once

#include <string>
#include <unistd.h>

namespace onhand::testing {

/// Everything `fd` gives until its writers close it.
inline auto read_all(int fd) -> std::string {
  std::string out;
  char buffer[4096];
  for (;;) {
    const auto got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) return out;
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

}  // namespace onhand::testing
