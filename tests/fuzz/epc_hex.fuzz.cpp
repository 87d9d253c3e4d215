// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: see scan_fuzz.hpp for the invariants checked.
#include <cstddef>
#include <cstdint>

#include "scan_fuzz.hpp"

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
  onhand::fuzz::epc_hex_body(reinterpret_cast<const char*>(data), size);
  return 0;
}
