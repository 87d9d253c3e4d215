# SPDX-License-Identifier: Apache-2.0
# Shared by scripts/demo.sh and scripts/test.sh (sourced, never run).
#
# It does three things both scripts need before CMake runs: find the
# repository root, install the Debian packages of scripts/packages.txt that
# are missing, and pick a Python interpreter that has numpy and pytest.
#
# Environment knobs (all optional):
#   ONHAND_SKIP_APT=1     never call apt-get (you manage dependencies yourself)
#   ONHAND_PYTHON=/path   try this interpreter before the default candidates
#   ONHAND_JOBS=N         parallel build jobs (default: number of cores)

# shellcheck shell=bash

ONHAND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ONHAND_PACKAGE_LIST="${ONHAND_ROOT}/scripts/packages.txt"
ONHAND_JOBS="${ONHAND_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# onhand_say <words...>: one progress line, so a log shows what ran when.
onhand_say() {
  printf '==> %s\n' "$*"
}

# onhand_die <words...>: an error line on stderr, then exit 1.
onhand_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# onhand_packages: the package names of scripts/packages.txt, one a line.
onhand_packages() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "${ONHAND_PACKAGE_LIST}"
}

# onhand_missing_packages: those of onhand_packages that dpkg does not list
# as installed. One dpkg-query call, so a machine that has everything pays
# milliseconds and never touches apt.
onhand_missing_packages() {
  local -a wanted
  mapfile -t wanted < <(onhand_packages)
  local installed
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null \
    | awk '$2 == "installed" { print $1 }' || true)"
  local package
  for package in "${wanted[@]}"; do
    if ! grep -qxF "${package}" <<<"${installed}"; then
      printf '%s\n' "${package}"
    fi
  done
}

# onhand_as_root <command...>: run a command as root: directly when we are
# root, through sudo otherwise (non-interactively when there is no terminal,
# so CI fails fast instead of waiting for a password).
onhand_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then
      sudo "$@"
    elif sudo -n true 2>/dev/null; then
      sudo -n "$@"
    else
      onhand_die "installing packages needs root; sudo wants a password and there is no terminal." \
        "Run this script as root or from a terminal, or install these packages first:" \
        "$(onhand_missing_packages | xargs)"
    fi
  else
    onhand_die "installing packages needs root, and sudo is not installed." \
      "Run this script as root, or install these packages first: $(onhand_missing_packages | xargs)"
  fi
}

# onhand_install_packages: apt-get install what is missing, after one
# apt-get update. Does nothing when everything is present.
onhand_install_packages() {
  if [[ "${ONHAND_SKIP_APT:-0}" == 1 ]]; then
    onhand_say "Skipping package installation (ONHAND_SKIP_APT=1)"
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    onhand_say "No dpkg/apt-get here: not a Debian system, so install the packages of" \
      "scripts/packages.txt (or their equivalents) yourself; continuing"
    return 0
  fi
  local -a missing
  mapfile -t missing < <(onhand_missing_packages)
  local total
  total="$(onhand_packages | wc -l)"
  if [[ "${#missing[@]}" -eq 0 ]]; then
    onhand_say "All ${total} Debian packages of scripts/packages.txt are installed"
    return 0
  fi
  onhand_say "Installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
  onhand_as_root env DEBIAN_FRONTEND=noninteractive apt-get -q update
  onhand_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -q install -y --no-install-recommends "${missing[@]}"
  mapfile -t missing < <(onhand_missing_packages)
  if [[ "${#missing[@]}" -ne 0 ]]; then
    onhand_die "apt-get finished but these packages are still missing: ${missing[*]}"
  fi
  onhand_say "Packages installed"
}

# onhand_pick_python: set ONHAND_PYTHON to the first interpreter that imports
# numpy and pytest. Debian's packages serve /usr/bin/python3, so it comes
# first; a python3 earlier on PATH (pyenv, a virtualenv) often lacks them.
onhand_pick_python() {
  local -a candidates=()
  [[ -n "${ONHAND_PYTHON:-}" ]] && candidates+=("${ONHAND_PYTHON}")
  candidates+=(/usr/bin/python3)
  local on_path
  on_path="$(command -v python3 || true)"
  [[ -n "${on_path}" ]] && candidates+=("${on_path}")
  local candidate
  for candidate in "${candidates[@]}"; do
    if [[ -x "${candidate}" ]] && "${candidate}" -c 'import numpy, pytest' >/dev/null 2>&1; then
      ONHAND_PYTHON="${candidate}"
      onhand_say "Using Python ${ONHAND_PYTHON} ($("${ONHAND_PYTHON}" -c 'import sys; print(sys.version.split()[0])'))"
      return 0
    fi
  done
  onhand_die "no Python 3 with numpy and pytest among: ${candidates[*]}." \
    "Install python3-numpy and python3-pytest, or set ONHAND_PYTHON=/path/to/python3"
}

# onhand_configure <preset>: configure a preset's build tree (build/<preset>),
# handing CMake the interpreter onhand_pick_python chose. Re-running on an
# existing tree is incremental.
onhand_configure() {
  local preset="$1"
  onhand_say "Configuring build/${preset} (cmake --preset ${preset})"
  # --no-warn-unused-cli: the sanitizer presets build no Python and ignore it.
  cmake --preset "${preset}" --log-level=WARNING --no-warn-unused-cli \
    -DPython3_EXECUTABLE="${ONHAND_PYTHON}"
}

# onhand_prepare: everything both scripts do before building.
onhand_prepare() {
  cd "${ONHAND_ROOT}" || onhand_die "cannot enter ${ONHAND_ROOT}"
  onhand_install_packages
  onhand_pick_python
}
