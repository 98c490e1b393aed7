#!/usr/bin/env bash
# Build the Linux bundle: dist/cybercabinet/ (run dist/cybercabinet/cybercabinet) and
# dist/cybercabinet-<version>-linux-<arch>.tar.gz to hand to the IT provider.
#
#   packaging/build.sh            # from anywhere; uses (and if needed creates) the checkout's .venv
#   packaging/build.sh --smoke    # then runs packaging/smoke_test.sh on the result
#
# Steps: install exactly the versions of requirements/lock.txt (hashes checked; PyInstaller and
# psycopg are in it) and the project, as `make install` does; compile the translation catalogs;
# run PyInstaller on packaging/cybercabinet.spec (a clean build); pack.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
SMOKE=0
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ ! -x "$PY" ]; then
  echo "==> Creating $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
fi
# The lock first (exact versions, hashes checked, nothing resolved), then the project itself built
# with the lock's setuptools, without reaching for anything else: the Makefile's $(STAMP) rule.
echo "==> Installing the locked dependencies (requirements/lock.txt) and CyberCabinet"
"$PY" -m pip install --quiet --require-hashes --no-deps -r requirements/lock.txt
"$PY" -m pip install --quiet --no-deps --no-build-isolation -e .
"$PY" -m pip check

# Qt's X11 plugin needs these; PyInstaller bundles them only if the build machine has them.
if command -v ldconfig >/dev/null; then
  libraries="$(ldconfig -p)"
  for lib in libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxkbcommon-x11.so.0; do
    [[ "$libraries" == *"$lib "* ]] || echo "build.sh: warning: $lib is missing on this machine and will" \
      "not be in the bundle (Debian/Ubuntu: apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" \
      "libxkbcommon-x11-0)" >&2
  done
fi

# A release is built from committed files: say so when the bundle would take uncommitted ones.
if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  changed="$(git status --porcelain -- app questionnaires i18n assets pyproject.toml || true)"
  if [ -n "$changed" ]; then
    echo "build.sh: warning: building from uncommitted files (a release should come from a" \
      "clean checkout):" >&2
    sed -n 's/^/    /;1,8p' <<<"$changed" >&2
  fi
fi

echo "==> Compiling the translation catalogs"
"$VENV/bin/pybabel" compile --domain=cybercabinet --directory=i18n --statistics

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
echo "==> Building CyberCabinet $VERSION with PyInstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/cybercabinet.spec

ARCHIVE="dist/cybercabinet-$VERSION-linux-$(uname -m).tar.gz"
echo "==> Packing $ARCHIVE"
tar -C dist -czf "$ARCHIVE" cybercabinet
echo "Built dist/cybercabinet/ ($(du -sh dist/cybercabinet | cut -f1)) and $ARCHIVE ($(du -sh "$ARCHIVE" | cut -f1))"

if [ "$SMOKE" = 1 ]; then
  bash packaging/smoke_test.sh dist/cybercabinet
fi
