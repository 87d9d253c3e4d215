#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz targets (scan parsers, event log, planning, snapshots) with clang-14 (libFuzzer, AddressSanitizer,
# UndefinedBehaviorSanitizer) in build/fuzz and runs each one, starting from
# its seed corpus in tests/fuzz/corpus/<parser>, for a bounded time.
#
#   scripts/fuzz.sh                 # 60 s per target
#   scripts/fuzz.sh 10              # 10 s per target
#   ONHAND_FUZZ_SECONDS=300 scripts/fuzz.sh
#   ONHAND_FUZZ_TARGETS="gs1 epc_hex" scripts/fuzz.sh
#
# New inputs that libFuzzer finds go to build/fuzz/corpus/<parser> (the seed
# corpus in the repository is only read); a crash leaves its reproducer in
# build/fuzz/artifacts/ and makes the script exit non-zero.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-${ONHAND_FUZZ_SECONDS:-60}}"
targets="${ONHAND_FUZZ_TARGETS:-gs1 epc_hex epc_uri gtin event_log planning snapshot}"
jobs="${ONHAND_FUZZ_BUILD_JOBS:-2}"
build="${root}/build/fuzz"
cc="${ONHAND_FUZZ_CC:-clang-14}"
cxx="${ONHAND_FUZZ_CXX:-clang++-14}"
sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"

cmake -S "${root}" -B "${build}" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="${cc}" -DCMAKE_CXX_COMPILER="${cxx}" \
  -DCMAKE_CXX_FLAGS="${sanitizers} -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DONHAND_BUILD_FUZZERS=ON -DONHAND_BUILD_TESTS=OFF -DONHAND_BUILD_EXAMPLES=OFF \
  -DONHAND_BUILD_BENCHMARKS=OFF -DONHAND_BUILD_PYTHON=OFF -DONHAND_INSTALL=OFF >/dev/null

build_targets=()
for t in ${targets}; do build_targets+=("onhand.fuzz.${t}"); done
cmake --build "${build}" --target "${build_targets[@]}" -j "${jobs}"

mkdir -p "${build}/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for t in ${targets}; do
  work="${build}/corpus/${t}"
  mkdir -p "${work}"
  dict=()
  if [[ -f "${root}/tests/fuzz/${t}.dict" ]]; then dict=("-dict=${root}/tests/fuzz/${t}.dict"); fi
  # A scan is short; an event log or a snapshot holds many records.
  max_len=512
  if [[ "${t}" == event_log || "${t}" == snapshot ]]; then max_len=4096; fi
  echo "== onhand.fuzz.${t}: ${seconds} s"
  if ! "${build}/tests/fuzz/onhand.fuzz.${t}" "${work}" "${root}/tests/fuzz/corpus/${t}" \
      "${dict[@]}" -max_total_time="${seconds}" -max_len="${max_len}" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="${build}/artifacts/${t}-"; then
    echo "== onhand.fuzz.${t} FAILED (reproducer in ${build}/artifacts/)"
    status=1
  fi
done
exit "${status}"
