# shellcheck shell=bash disable=SC2034  # (variables are used by the scripts that source this)
# Shared helpers for integration-tests/setup.sh and the stand-in scripts (sourced, not run).
#
# Owns: progress output, the cache directory, and fetching single packages from Debian
# trixie without adding trixie to the machine's apt sources (bookworm's Docker engine is too
# old for named build contexts and has no buildx; trixie has both).

COG_STAND_IN_CACHE="${COG_STAND_IN_CACHE:-/var/cache/cog-stand-ins}"
COG_STAND_IN_LABEL="org.cogtest.stand-in"
COG_DEBIAN_MIRROR="${COG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# step: a section header; with START set (setup.sh), also the seconds elapsed so far.
step() { printf '\n==> %s%s\n' "$*" "${START:+ (at $(($(now) - START)) s)}"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

# Seconds since the epoch, for the timing lines.
now() { date +%s; }

# trixie_apt <apt-get args...>: runs apt-get against a private trixie source list and state
# directory under the cache, so the machine's own apt configuration is never touched.
trixie_apt() {
  local dir="$COG_STAND_IN_CACHE/trixie-apt"
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  if [ ! -f "$dir/trixie.sources" ]; then
    cat >"$dir/trixie.sources" <<SOURCES
Types: deb
URIs: $COG_DEBIAN_MIRROR
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  fi
  apt-get -q \
    -o Dir::Etc::sourcelist="$dir/trixie.sources" \
    -o Dir::Etc::sourceparts=/dev/null \
    -o Dir::State::Lists="$dir/lists" \
    -o Dir::Cache="$dir" \
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
    -o APT::Sandbox::User=root \
    "$@"
}

# trixie_debs <package...>: downloads the packages' .deb files (no dependencies) into
# $COG_STAND_IN_CACHE/debs and prints their paths, one per line. Reuses earlier downloads.
trixie_debs() {
  local debs="$COG_STAND_IN_CACHE/debs" lists="$COG_STAND_IN_CACHE/trixie-apt/lists"
  mkdir -p "$debs"
  local missing=()
  local pkg
  for pkg in "$@"; do
    compgen -G "$debs/${pkg}_*.deb" >/dev/null || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    local log="$COG_STAND_IN_CACHE/trixie-apt.log"
    (
      # The package lists are refreshed at most once a day.
      if [ -z "$(find "$lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
        trixie_apt update
      fi
      cd "$debs" && trixie_apt download "${missing[@]}"
    ) >"$log" 2>&1 || {
      tail -n 20 "$log" >&2
      die "could not download ${missing[*]} from Debian trixie; full log: $log"
    }
  fi
  for pkg in "$@"; do
    compgen -G "$debs/${pkg}_*.deb" | sort -V | tail -1
  done
}
