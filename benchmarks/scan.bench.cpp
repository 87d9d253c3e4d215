// SPDX-License-Identifier: Apache-2.0
// Parses per second of typical GS1 scans: a GS1 DataMatrix on a unit
// (GTIN, expiry, lot, serial) and a GS1-128 on a case (GTIN, net weight,
// best before, lot). Goal: >= 5 million parses per second on one core.
//
// The peers, measured in the same run on the same strings:
// - BM_ScanNaiveSplit: the straightforward parser many receiving systems
//   carry: a map from AI to fixed length, substr into std::strings, split
//   at GS, no validation of check digits, dates, character sets or rules.
// - BM_ScanRegex: a std::regex that matches the expected AIs in order.
// onhand does strictly more work (every rule of the AI table, normalized
// dates and decimals) and is compared on time per scan only.
#include <array>
#include <map>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include <benchmark/benchmark.h>

#include "onhand/scan/gs1.hpp"

namespace {

const std::string datamatrix =
    "]d2"
    "0109506000134352"
    "17261231"
    "10L2611A"
    "\x1d"
    "21S1234567890";
const std::string gs1_128 =
    "]C1"
    "0119506000134359"
    "3103001250"
    "15270600"
    "10LOT-2026-11";
const std::array<const std::string*, 2> scans{&datamatrix, &gs1_128};

void BM_ScanParseGs1(benchmark::State& state) {
  const auto& text = *scans[static_cast<std::size_t>(state.range(0))];
  const onhand::scan::gs1_options options{.reference_year = 2026};
  for (auto _ : state) {
    auto parsed = onhand::scan::parse_gs1(text, options);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) == 0 ? "datamatrix" : "gs1_128");
}
BENCHMARK(BM_ScanParseGs1)->Arg(0)->Arg(1);

// A scanning station's loop: one message reused for every scan.
void BM_ScanParseGs1Reused(benchmark::State& state) {
  const auto& text = *scans[static_cast<std::size_t>(state.range(0))];
  const onhand::scan::gs1_options options{.reference_year = 2026};
  onhand::scan::gs1_message message;
  for (auto _ : state) {
    auto parsed = onhand::scan::parse_gs1_into(text, message, options);
    benchmark::DoNotOptimize(parsed);
    benchmark::DoNotOptimize(message);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) == 0 ? "datamatrix" : "gs1_128");
}
BENCHMARK(BM_ScanParseGs1Reused)->Arg(0)->Arg(1);

// The naive peer: predefined lengths, split at GS, strings for everything.
struct naive_scan {
  std::map<std::string, std::string> fields;
};

auto naive_parse(const std::string& text) -> naive_scan {
  static const std::unordered_map<std::string, int> fixed = {
      {"00", 18}, {"01", 14}, {"02", 14}, {"11", 6}, {"12", 6}, {"13", 6},
      {"15", 6},  {"16", 6},  {"17", 6},  {"20", 2}, {"31", 8}, {"32", 8},
      {"33", 8},  {"34", 8},  {"35", 8},  {"36", 8}, {"41", 16}};
  naive_scan out;
  std::size_t pos = text.rfind(']', 0) == 0 ? 3 : 0;
  while (pos + 2 <= text.size()) {
    const std::string head = text.substr(pos, 2);
    auto it = fixed.find(head);
    if (it != fixed.end()) {
      const auto ai_length = head[0] == '3' || head[0] == '4' ? 4u : 2u;
      const auto ai = text.substr(pos, ai_length);
      out.fields[ai] =
          text.substr(pos + ai_length, static_cast<std::size_t>(it->second) - (ai_length - 2));
      pos += 2 + static_cast<std::size_t>(it->second);
    } else {
      const auto end = text.find('\x1d', pos);
      const auto stop = end == std::string::npos ? text.size() : end;
      out.fields[head] = text.substr(pos + 2, stop - pos - 2);
      pos = stop == text.size() ? stop : stop + 1;
    }
    if (pos < text.size() && text[pos] == '\x1d') ++pos;
  }
  return out;
}

void BM_ScanNaiveSplit(benchmark::State& state) {
  const auto& text = *scans[static_cast<std::size_t>(state.range(0))];
  for (auto _ : state) {
    auto parsed = naive_parse(text);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) == 0 ? "datamatrix" : "gs1_128");
}
BENCHMARK(BM_ScanNaiveSplit)->Arg(0)->Arg(1);

void BM_ScanRegex(benchmark::State& state) {
  static const std::regex unit_label(
      R"(^\]d201(\d{14})17(\d{6})10([\x21-\x7a]{1,20})\x1d?(?:21([\x21-\x7a]{1,20}))?$)");
  static const std::regex case_label(
      R"(^\]C101(\d{14})310(\d)(\d{6})15(\d{6})10([\x21-\x7a]{1,20})$)");
  const auto index = static_cast<std::size_t>(state.range(0));
  const auto& text = *scans[index];
  const auto& pattern = index == 0 ? unit_label : case_label;
  for (auto _ : state) {
    std::smatch match;
    const bool ok = std::regex_match(text, match, pattern);
    std::vector<std::string> fields;
    if (ok) {
      for (std::size_t i = 1; i < match.size(); ++i) fields.push_back(match[i].str());
    }
    benchmark::DoNotOptimize(fields);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(index == 0 ? "datamatrix" : "gs1_128");
}
BENCHMARK(BM_ScanRegex)->Arg(0)->Arg(1);

}  // namespace
