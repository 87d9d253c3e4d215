// SPDX-License-Identifier: Apache-2.0
#include "onhand/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace onhand::detail {

void assertion_failed(const char* expression, const char* message, const char* file,
                      int line) noexcept {
  std::fprintf(stderr, "onhand: assertion failed at %s:%d: %s (%s)\n", file, line, message,
               expression);
  std::abort();
}

}  // namespace onhand::detail
