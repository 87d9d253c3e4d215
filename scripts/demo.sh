#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds onhand's Python module and runs the reference scenario (python3 -m
# onhand.scenario): the first command of the README's Quick start. Installs
# the missing Debian packages first (as root or through sudo), so it works on
# a fresh Debian 12 machine. Arguments go to the scenario (--skus, --days,
# --seed, --db, --html; --help lists them). Re-running is incremental: the
# build tree is build/release, where the benchmarks build too, and a second run
# on the same file finds the first run's inventory and doubles nothing.
set -euo pipefail

# The module to build and run, and the preset it is built with: release
# (optimised, -O2), which plays the brief's year of 500 SKUs in about 35 s
# where the dev preset's Debug build takes over two minutes.
DEMO_TARGET="_core"
DEMO_PRESET="release"

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

onhand_prepare
onhand_configure "${DEMO_PRESET}"
onhand_say "Building the Python module (${DEMO_TARGET}, -j${ONHAND_JOBS})"
cmake --build --preset "${DEMO_PRESET}" --target "${DEMO_TARGET}" -j "${ONHAND_JOBS}"

package="${ONHAND_ROOT}/build/${DEMO_PRESET}/bindings/python"
[[ -f "${package}/onhand/scenario.py" ]] || onhand_die "built ${DEMO_TARGET} but ${package}/onhand is incomplete"
onhand_say "Running ${ONHAND_PYTHON} -m onhand.scenario $*"
echo
PYTHONPATH="${package}${PYTHONPATH:+:${PYTHONPATH}}" exec "${ONHAND_PYTHON}" -m onhand.scenario "$@"
