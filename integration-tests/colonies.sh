#!/usr/bin/env bash
# A private ColonyOS rig on loopback for the colonies integration tests: the `colonies` server
# (v1.9.12, built once through the Go module proxy and cached as a binary), a PostgreSQL 15
# cluster of its own, and a server key. Idempotent; a cached, running rig answers at once.
#   bash integration-tests/colonies.sh start     # prints KEY=value lines (host, port, server key)
#   bash integration-tests/colonies.sh status    # exit 0 when the server answers /health
#   bash integration-tests/colonies.sh restart   # stops and starts the server only (same database)
#   bash integration-tests/colonies.sh stop      # stops both and removes the rig directory
#   bash integration-tests/colonies.sh binary    # builds/caches the binary only, prints its path
# Why a throw-away module: `go install …@v1.9.12` fails on this proxy (its deprecation lookup
# gets 403 on @v/list); `go get` into a module tolerates that. See docs/colonies.md.
set -euo pipefail

VERSION=v1.9.12
CACHE="${COG_COLONIES_CACHE:-/var/cache/cog-colonies}"
BIN="$CACHE/colonies-$VERSION"
DIR="${COG_COLONIES_DIR:-/tmp/cog-colonies-rig}"
PORT="${COG_COLONIES_PORT:-50180}"
PG_PORT="${COG_COLONIES_PG_PORT:-55532}"
ETCD_PORT="${COG_COLONIES_ETCD_PORT:-23890}" # and the next two for peer and relay
PGBIN="${COG_PG_BIN:-/usr/lib/postgresql/15/bin}"

die() {
  printf 'colonies.sh: error: %s\n' "$*" >&2
  exit 1
}
answers() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/health"; }

build_binary() {
  [ -x "$BIN" ] && return
  command -v go >/dev/null || die "go is not installed (needed once to build the colonies server)"
  mkdir -p "$CACHE"
  # Module and build caches are scratch: only the binary is kept.
  local scratch
  scratch="$(mktemp -d /tmp/cog-colonies-build.XXXXXX)"
  trap 'rm -rf "$scratch"' RETURN
  echo "colonies.sh: building colonies $VERSION through the Go module proxy (once; a few minutes)" >&2
  (
    export GOPATH="$scratch/gopath" GOCACHE="$scratch/gocache" GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-modcacherw
    cd "$scratch" && go mod init cog.local/colonies-build >/dev/null 2>&1
    go get "github.com/colonyos/colonies/cmd@$VERSION"
    go build -o "$BIN.tmp" github.com/colonyos/colonies/cmd
  ) >"$scratch/build.log" 2>&1 || {
    tail -n 20 "$scratch/build.log" >&2
    die "building colonies $VERSION failed (is the Go module proxy reachable?)"
  }
  mv "$BIN.tmp" "$BIN"
}

start_postgres() {
  [ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 is not installed at $PGBIN (apt-get install postgresql-15)"
  # initdb and the server refuse to run as root; the data, log and socket dirs belong to postgres
  install -d -o postgres -g postgres "$DIR" "$DIR/pg" "$DIR/pgrun"
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    su postgres -c "$PGBIN/initdb -D $DIR/pg -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" \
      >"$DIR/initdb.log" 2>&1 || {
      tail -n 20 "$DIR/initdb.log" >&2
      die "initdb failed"
    }
  fi
  if ! su postgres -c "$PGBIN/pg_ctl -D $DIR/pg status" >/dev/null 2>&1; then
    su postgres -c "$PGBIN/pg_ctl -D $DIR/pg -l $DIR/pgrun/log -w \
      -o '-p $PG_PORT -c listen_addresses=127.0.0.1 -k $DIR/pgrun -c fsync=off' start" >/dev/null || {
      tail -n 20 "$DIR/pgrun/log" >&2
      die "PostgreSQL did not start on 127.0.0.1:$PG_PORT"
    }
  fi
}

server_key() {
  # `colonies security generate` logs `… Id=<64 hex> PrvKey=<64 hex>` on stderr
  if [ ! -s "$DIR/server.env" ]; then
    local line id prv
    line="$("$BIN" security generate 2>&1)"
    id="$(grep -o 'Id=[0-9a-f]\{64\}' <<<"$line" | cut -d= -f2)"
    prv="$(grep -o 'PrvKey=[0-9a-f]\{64\}' <<<"$line" | cut -d= -f2)"
    [ -n "$id" ] && [ -n "$prv" ] || die "could not read a key from 'colonies security generate'"
    (
      umask 077
      printf 'COLONIES_SERVER_ID=%s\nCOLONIES_SERVER_PRVKEY=%s\n' "$id" "$prv" >"$DIR/server.env"
    )
  fi
  grep '^COLONIES_SERVER_ID=' "$DIR/server.env" | cut -d= -f2
}

start_server() {
  local id
  id="$(server_key)"
  mkdir -p "$DIR/etcd"
  env -i PATH="$PATH" HOME="$DIR" TZ=UTC LANG=C.UTF-8 \
    COLONIES_DB_TYPE=postgresql COLONIES_DB_HOST=127.0.0.1 COLONIES_DB_PORT="$PG_PORT" \
    COLONIES_DB_USER=postgres COLONIES_DB_PASSWORD=unused COLONIES_DB_TIMESCALEDB=false \
    COLONIES_SERVER_ID="$id" COLONIES_TLS=false COLONIES_SERVER_HTTP_PORT="$PORT" \
    COLONIES_EXCLUSIVE_ASSIGN=true \
    COLONIES_STALE_EXECUTOR_DURATION="${COLONIES_STALE_EXECUTOR_DURATION:-600}" \
    COLONIES_CLEANUP_INTERVAL="${COLONIES_CLEANUP_INTERVAL:-60}" \
    setsid nohup "$BIN" server start --initdb --insecure --etcdhost 127.0.0.1 \
    --etcdclientport "$ETCD_PORT" --etcdpeerport "$((ETCD_PORT + 1))" --relayport "$((ETCD_PORT + 2))" \
    --etcddatadir "$DIR/etcd" >>"$DIR/server.log" 2>&1 </dev/null &
  echo $! >"$DIR/server.pid"
  local _
  for _ in $(seq 1 300); do
    answers 2>/dev/null && return
    kill -0 "$(cat "$DIR/server.pid")" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$DIR/server.log" >&2
  stop_server # a server that never answered must not hold the ports for the next try
  die "the colonies server did not answer on http://127.0.0.1:$PORT/health"
}

stop_server() {
  [ -f "$DIR/server.pid" ] || return 0
  local pid
  pid="$(cat "$DIR/server.pid")"
  # Only our server: a pid file that outlived its process may name an unrelated one now.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$BIN server start"; then
    kill "$pid"
    local _
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/server.pid"
}

# A rig directory whose PostgreSQL is not running is left over (an interrupted run, a machine
# restored from a snapshot that kept /tmp but not the processes, or changed its modes): its
# postmaster.pid and data-directory mode make pg_ctl refuse to start. The data is throw-away.
discard_stale_rig() {
  [ -d "$DIR" ] || return 0
  if [ -f "$DIR/pg/PG_VERSION" ] && su postgres -c "$PGBIN/pg_ctl -D $DIR/pg status" >/dev/null 2>&1; then
    return 0
  fi
  stop_server
  rm -rf "$DIR"
}

print_env() {
  printf 'COLONIES_SERVER_HOST=127.0.0.1\nCOLONIES_SERVER_PORT=%s\nCOLONIES_TLS=false\n' "$PORT"
  grep '^COLONIES_SERVER_PRVKEY=' "$DIR/server.env"
}

case "${1:-}" in
binary)
  build_binary
  echo "$BIN"
  ;;
start)
  if ! answers 2>/dev/null; then
    discard_stale_rig
    build_binary
    start_postgres
    start_server
  fi
  print_env
  ;;
restart)
  stop_server
  start_server
  print_env
  ;;
status) answers ;;
stop)
  stop_server
  if [ -f "$DIR/pg/PG_VERSION" ]; then
    su postgres -c "$PGBIN/pg_ctl -D $DIR/pg -m fast -w stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  ;;
*)
  echo "usage: $0 start|status|restart|stop|binary" >&2
  exit 2
  ;;
esac
