#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and runs onhand's reference scenario: the first command of the
# README's Quick start. Installs the missing Debian packages first (as root or
# through sudo), so it works on a fresh Debian 12 machine. Re-running is
# incremental: the build tree is build/<preset>, shared with scripts/test.sh.
set -euo pipefail

# The program to build and run, and the preset it is built with.
DEMO_TARGET="onhand.examples.reference_scenario"
DEMO_PRESET="dev"

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

onhand_prepare
onhand_configure "${DEMO_PRESET}"
onhand_say "Building ${DEMO_TARGET} (-j${ONHAND_JOBS})"
cmake --build --preset "${DEMO_PRESET}" --target "${DEMO_TARGET}" -j "${ONHAND_JOBS}"

program="$(find "build/${DEMO_PRESET}" -type f -name "${DEMO_TARGET}" -perm -u+x -print -quit)"
[[ -n "${program}" ]] || onhand_die "built ${DEMO_TARGET} but cannot find its executable"
onhand_say "Running ${program} $*"
echo
exec "${program}" "$@"
