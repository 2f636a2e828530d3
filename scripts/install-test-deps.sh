#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests and benchmarks drive, when missing.
# Idempotent and silent when everything is already installed. Needs root (or sudo).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
# installed with their recommends (podman needs crun/conmon/buildah, skopeo needs containers-common)
WITH_RECOMMENDS=(skopeo docker-registry podman umoci)
# --no-install-recommends keeps apparmor, criu and needrestart out
WITHOUT_RECOMMENDS=(docker.io wrk hey apache2-utils hyperfine xz-utils bzip2)

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

missing_of() {
  local package
  for package in "$@"; do is_installed "$package" || echo "$package"; done
}

mapfile -t missing_with < <(missing_of "${WITH_RECOMMENDS[@]}")
mapfile -t missing_without < <(missing_of "${WITHOUT_RECOMMENDS[@]}")
if [ "${#missing_with[@]}" -eq 0 ] && [ "${#missing_without[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
  else
    echo "install-test-deps: missing ${missing_with[*]} ${missing_without[*]}; run this script as root" >&2
    exit 1
  fi
fi

echo "install-test-deps: installing ${missing_with[*]} ${missing_without[*]}"

# Package scripts must not start system services (dockerd on /var/lib/docker): the tests start
# their own daemons. Use a temporary policy-rc.d unless the machine already has one.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  trap '"${SUDO[@]}" rm -f "$POLICY"' EXIT
fi

"${SUDO[@]}" apt-get update -qq
if [ "${#missing_with[@]}" -gt 0 ]; then
  "${SUDO[@]}" apt-get install -y -q "${missing_with[@]}"
fi
if [ "${#missing_without[@]}" -gt 0 ]; then
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing_without[@]}"
fi
echo "install-test-deps: done"
