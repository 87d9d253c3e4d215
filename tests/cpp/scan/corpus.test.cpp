// SPDX-License-Identifier: Apache-2.0
// Replays every seed-corpus file of the scan fuzz targets (tests/fuzz/corpus)
// through the same bodies the fuzzers run, so the corpus is exercised in
// every build and with any compiler. A broken invariant aborts the test.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "scan_fuzz.hpp"

namespace onhand::scan {
namespace {

namespace fs = std::filesystem;

template <class Body>
auto replay(const char* parser, Body body) -> std::size_t {
  const fs::path dir = fs::path(ONHAND_FUZZ_CORPUS_DIR) / parser;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().string());
    body(bytes.data(), bytes.size());
    ++files;
  }
  return files;
}

TEST(ScanSeedCorpus, Gs1) { EXPECT_GE(replay("gs1", fuzz::gs1_body), 20u); }
TEST(ScanSeedCorpus, EpcHex) { EXPECT_GE(replay("epc_hex", fuzz::epc_hex_body), 5u); }
TEST(ScanSeedCorpus, EpcUri) { EXPECT_GE(replay("epc_uri", fuzz::epc_uri_body), 5u); }
TEST(ScanSeedCorpus, Gtin) { EXPECT_GE(replay("gtin", fuzz::gtin_body), 5u); }

// A broken invariant stops the replay (and the fuzzer) loudly.
TEST(ScanSeedCorpus, BrokenInvariantAborts) {
  EXPECT_DEATH(fuzz::require(false, "example"), "scan fuzz invariant broken: example");
}

}  // namespace
}  // namespace onhand::scan
