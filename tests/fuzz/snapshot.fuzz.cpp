// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the snapshot decoder over hostile bytes. The input is
// taken as a snapshot's payload and given a valid header and checksum, so
// that the fuzzer reaches every section's decoder rather than stopping at
// the checksum; the decoder must return (a typed error or a state), never
// crash, hang or read out of bounds. The raw input is decoded as a whole
// snapshot too.
#include "engine/snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void put(std::string& bytes, std::size_t at, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) {
    bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
  namespace detail = onhand::detail;
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  {
    detail::projections into;
    (void)detail::decode_snapshot(input, into);
  }
  std::string bytes(detail::snapshot_header_bytes, '\0');
  put(bytes, 0, detail::snapshot_magic, 4);
  put(bytes, 4, detail::snapshot_format_version, 4);
  put(bytes, 8, 0, 8);
  put(bytes, 16, size, 8);
  bytes.append(input);
  bytes.append(detail::snapshot_trailer_bytes, '\0');
  put(bytes, bytes.size() - 4, detail::crc32c(std::string_view{bytes}.substr(0, bytes.size() - 4)),
      4);
  detail::projections into;
  (void)detail::decode_snapshot(bytes, into);
  return 0;
}
