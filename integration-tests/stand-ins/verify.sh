#!/usr/bin/env bash
# End-to-end check of the build machinery: builds stand-ins/smoke/Dockerfile (shaped like a
# Dockerfile Cog generates) with `docker buildx build --load`, then runs the image. Fails if
# the stand-ins, BuildKit cache/secret mounts, named build contexts, or HTTPS to PyPI from
# inside a build do not work. Prints the timings recorded in docs/testing.md.
#   bash integration-tests/stand-ins/verify.sh [--no-cache]
set -euo pipefail
shopt -s inherit_errexit

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh source-path=SCRIPTDIR
. "$HERE/common.sh"

TAG="cogtest-smoke:latest"
secret="$(mktemp)"
trap 'rm -f "$secret"; docker image rm -f "$TAG" >/dev/null 2>&1 || true' EXIT
printf 'open-sesame' >"$secret"

step "smoke build ($TAG)"
t0="$(now)"
log="$(mktemp)"
if ! docker buildx build --load --progress=plain "$@" -t "$TAG" \
  --build-context "cog_build=$HERE/smoke/cog_build" \
  --secret "id=smoke_token,src=$secret" \
  "$HERE/smoke" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  if grep -q 'moby.buildkit.frontend.contexts' "$log"; then
    die "the running Docker engine's BuildKit has no named build contexts (--build-context); Engine >= 23 is needed: COG_SETUP_RESTART_DOCKERD=1 bash integration-tests/setup.sh"
  fi
  die "smoke build failed (log above)"
fi
grep -q 'secret seen' "$log" || die "the build secret step did not run"
info "build: $(($(now) - t0)) s"

step "smoke run"
t0="$(now)"
out="$(docker run --rm "$TAG")"
[ "$out" = "smoke ok" ] || die "expected 'smoke ok', got: $out"
node_version="$(docker run --rm "$TAG" node --version)"
case "$node_version" in v24.*) ;; *) die "expected node v24.x, got: $node_version" ;; esac
pid1="$(docker run --rm "$TAG" cat /proc/1/comm)"
[ "$pid1" = "tini" ] || die "expected tini as PID 1, got: $pid1"
info "python imports idna and six; node $node_version; PID 1 is tini ($(($(now) - t0)) s)"
rm -f "$log"
