#!/usr/bin/env bash
# The system libraries Qt's window (its "xcb" platform plugin) needs on Linux, which a fresh
# Debian/Ubuntu desktop may lack: without them the app aborts with "could not load the Qt
# platform plugin xcb". Installs the missing ones when run as root with apt; otherwise prints
# the exact command and exits 1. Nothing to do on other systems.
#
#   packaging/install-qt-deps.sh            # check, and install when root
#   packaging/install-qt-deps.sh --check    # only check (exit 1 and the command when missing)
set -euo pipefail
[ "$(uname -s)" = Linux ] || exit 0
command -v ldconfig >/dev/null || exit 0

# shared library (as ldconfig lists it) -> the Debian package that ships it; the list is what
# `ldd` names for PySide6's plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6
declare -A PACKAGE_OF=(
  [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-image.so.0]=libxcb-image0
  [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-shape.so.0]=libxcb-shape0
  [libxcb-util.so.1]=libxcb-util1
  [libxcb-xfixes.so.0]=libxcb-xfixes0
  [libxcb-sync.so.1]=libxcb-sync1
  [libxcb-shm.so.0]=libxcb-shm0
  [libxcb-render.so.0]=libxcb-render0
  [libX11-xcb.so.1]=libx11-xcb1
  [libxcb-xkb.so.1]=libxcb-xkb1
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libxkbcommon.so.0]=libxkbcommon0
  [libEGL.so.1]=libegl1
  [libGL.so.1]=libgl1
  [libfontconfig.so.1]=libfontconfig1
  [libdbus-1.so.3]=libdbus-1-3
)

libraries="$(ldconfig -p)"
missing=()
for lib in "${!PACKAGE_OF[@]}"; do
  [[ "$libraries" == *"$lib "* ]] || missing+=("${PACKAGE_OF[$lib]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "${1:-}" != --check ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "Installing the libraries Qt's window needs: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "The window needs system libraries that are missing. Install them with:" >&2
echo "  sudo apt-get install ${missing[*]}" >&2
exit 1
