#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL cluster for the store tests.
#
#   scripts/pg_cluster.sh start DIR   initdb in DIR/data, start postgres on
#                                     127.0.0.1 at a free port with its unix
#                                     socket in DIR; prints a libpq conninfo
#   scripts/pg_cluster.sh stop DIR    stop it and remove DIR
#
# initdb refuses to run as root: as root, the cluster runs as the `postgres`
# system user (DIR is given to it). The server binaries are looked up in
# /usr/lib/postgresql/<newest>/bin, or PG_BINDIR. Missing binaries are an
# error (scripts/packages.txt installs them), never a silent skip.
# PG_CLUSTER_FSYNC=on keeps fsync on (benchmarks); tests run with it off.
set -euo pipefail

die() { echo "pg_cluster: $*" >&2; exit 1; }

bindir() {
  local found=${PG_BINDIR:-}
  if [[ -z "$found" ]]; then
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [[ -n "$found" && -x "$found/initdb" && -x "$found/pg_ctl" ]] ||
    die "PostgreSQL server binaries not found (no initdb and pg_ctl in ${found:-/usr/lib/postgresql/*/bin}); install the 'postgresql' package (scripts/packages.txt) or set PG_BINDIR"
  echo "$found"
}

# Runs a server binary as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' user to run the server as"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir=$1 bin port user
  bin=$(bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    user=postgres
  else
    user=$(id -un)
  fi
  chmod 700 "$dir"
  # Local (socket) connections are trusted; TCP ones need a password, so
  # that authentication failures can be tested on loopback.
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # fsync off by default: a throwaway cluster for tests, never for data.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_CLUSTER_FSYNC:-off} -c max_connections=60" \
      start >/dev/null 2>&1; then
      echo "host=$dir port=$port user=$user dbname=postgres"
      return 0
    fi
  done
  die "postgres did not start: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
}

stop() {
  local dir=$1 bin
  bin=$(bindir 2>/dev/null) || bin=""
  if [[ -n "$bin" && -d "$dir/data" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [[ $# -eq 2 ]] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start|stop DIR" ;;
esac
