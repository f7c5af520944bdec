#!/usr/bin/env bash
# A local Docker registry for push tests: Debian's `docker-registry` (distribution 2.8)
# listening on 127.0.0.1 only, storage in a throw-away directory. Idempotent.
#   bash integration-tests/registry.sh start    # prints the address, e.g. 127.0.0.1:5100
#   bash integration-tests/registry.sh status   # exit 0 when it answers
#   bash integration-tests/registry.sh stop     # stops the registry this script started
# Docker pushes to 127.0.0.0/8 over plain HTTP without any daemon configuration.
# 5100 rather than the usual 5000, which Cog's model server uses inside containers and
# host-network tests would collide with.
set -euo pipefail

ADDR="${COG_TEST_REGISTRY:-127.0.0.1:5100}"
DIR="${COG_TEST_REGISTRY_DIR:-/tmp/cog-test-registry}"

answers() { curl -fsS -o /dev/null --max-time 2 "http://$ADDR/v2/"; }

start() {
  if answers 2>/dev/null; then
    echo "$ADDR"
    return
  fi
  command -v docker-registry >/dev/null || {
    echo "registry: docker-registry is not installed (apt-get install docker-registry)" >&2
    exit 1
  }
  mkdir -p "$DIR/data"
  cat >"$DIR/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: $ADDR
CONFIG
  setsid nohup docker-registry serve "$DIR/config.yml" >>"$DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$DIR/registry.pid"
  local _
  for _ in $(seq 1 50); do
    if answers 2>/dev/null; then
      echo "$ADDR"
      return
    fi
    sleep 0.2
  done
  echo "registry: did not answer on http://$ADDR/v2/ within 10 s; see $DIR/registry.log" >&2
  tail -n 20 "$DIR/registry.log" >&2
  exit 1
}

stop() {
  [ -f "$DIR/registry.pid" ] || return 0
  local pid
  pid="$(cat "$DIR/registry.pid")"
  # Only the process this script started, and only if it still is a docker-registry.
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "docker-registry" ]; then
    kill "$pid"
  fi
  rm -f "$DIR/registry.pid"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
