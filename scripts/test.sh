#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds everything and runs every test: the second command of the README's
# Quick start, and what CI runs (.ci/run). Installs the missing Debian
# packages first (as root or through sudo), so it works on a fresh Debian 12
# machine. Build trees are build/<preset>; re-running is incremental.
#
# Steps, each reported in the summary at the end:
#   dev    configure, build and ctest the dev preset: the C++ tests, pytest
#          (onhand.tests.python), the installed-package test
#          (onhand.tests.package) and pip install of a fresh clone
#          (onhand.tests.pip_install)
#   asan   the same C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan   the concurrency tests (onhand.tests.concurrency*) under ThreadSanitizer
#   fuzz   scripts/fuzz.sh for FUZZ_SECONDS per target (default 20), when it exists
# A failed step does not stop the later ones; the script exits 1 if any failed.
#
# Environment: ONHAND_SKIP_APT, ONHAND_PYTHON, ONHAND_JOBS (see scripts/lib.sh),
# FUZZ_SECONDS.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# step_preset <preset>: configure, build and test one preset's whole tree.
step_preset() {
  local preset="$1"
  onhand_configure "${preset}"
  onhand_say "Building build/${preset} (-j${ONHAND_JOBS})"
  cmake --build --preset "${preset}" -j "${ONHAND_JOBS}"
  onhand_say "Testing build/${preset} (ctest --preset ${preset})"
  ctest --preset "${preset}" -j "${ONHAND_JOBS}"
}

# Only the concurrency tests need ThreadSanitizer, so only they are built.
step_tsan() {
  onhand_configure tsan
  local -a targets
  mapfile -t targets < <(cmake --build --preset tsan --target help \
    | sed -n 's/^\(onhand\.tests\.concurrency[^:]*\):.*/\1/p' | sort -u)
  if [[ "${#targets[@]}" -eq 0 ]]; then
    onhand_say "No onhand.tests.concurrency* target yet: nothing to run under ThreadSanitizer"
    return 77
  fi
  onhand_say "Building ${targets[*]} in build/tsan (-j${ONHAND_JOBS})"
  cmake --build --preset tsan --target "${targets[@]}" -j "${ONHAND_JOBS}"
  onhand_say "Testing ${targets[*]} (ctest --preset tsan)"
  ctest --preset tsan -R '^onhand\.tests\.concurrency'
}

step_fuzz() {
  if [[ ! -f scripts/fuzz.sh ]]; then
    onhand_say "No scripts/fuzz.sh: nothing to fuzz"
    return 77
  fi
  onhand_say "Fuzzing (FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh)"
  bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
}

summary=()
failed=0

# run_step <name> <command...>: runs the step in a subshell with errexit on
# (so its first failing command ends it), records PASS, FAIL or SKIP (the
# step returned 77, the usual "skipped" code) and the time taken.
run_step() {
  local name="$1" started status
  shift
  started="$(date +%s)"
  echo
  onhand_say "Step ${name}"
  set +e
  (
    set -e
    "$@"
  )
  status=$?
  set -e
  local seconds=$(($(date +%s) - started)) verdict
  case "${status}" in
    0) verdict=PASS ;;
    77) verdict=SKIP ;;
    *)
      verdict="FAIL (exit ${status})"
      failed=1
      ;;
  esac
  summary+=("$(printf '  %-5s %-16s %5ss' "${name}" "${verdict}" "${seconds}")")
}

started_all="$(date +%s)"
onhand_prepare
run_step dev step_preset dev
run_step asan step_preset asan
run_step tsan step_tsan
run_step fuzz step_fuzz

echo
onhand_say "Summary ($(($(date +%s) - started_all)) s in all)"
printf '%s\n' "${summary[@]}"
if [[ "${failed}" -ne 0 ]]; then
  onhand_say "FAILED: see the output of the failed step(s) above"
  exit 1
fi
onhand_say "All steps passed"
