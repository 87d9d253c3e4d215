// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: see event_log_fuzz.hpp for the invariants checked.
#include <cstddef>
#include <cstdint>

#include "event_log_fuzz.hpp"

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
  onhand::fuzz::event_log_body(reinterpret_cast<const char*>(data), size);
  return 0;
}
