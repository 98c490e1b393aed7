#!/usr/bin/env bash
# Debian packages the test suite uses: a PostgreSQL server (storage tests run on it too) and
# poppler-utils (PDF pages to PNG). Installs only what is missing; without apt or root it says
# what is missing and lets the tests skip what needs it.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing+=(postgresql)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian package starts a cluster of its own; the tests start their own throwaway one.
  command -v service >/dev/null && service postgresql stop >/dev/null 2>&1 || true
else
  echo "Not installed (tests needing them are skipped): ${missing[*]}" >&2
fi
