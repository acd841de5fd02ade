#!/usr/bin/env bash
# Install IHSA Workstation into .venv and start it, or run the test suite.
#   ./setup.sh start   install, seed the demo case on first run, start the GUI
#   ./setup.sh test    install, then run ruff, mypy (app/) and the whole test suite (headless)
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-}"
case "$mode" in start|test) ;; *) echo "usage: $0 start|test" >&2; exit 2 ;; esac

# Debian packages: Qt's xcb/EGL libraries, the CJK TrueType font reportlab embeds,
# poppler (pdfsig/pdffonts/pdftoppm for report checks), Xvfb for real-window tests.
DEB_PACKAGES="python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1
 fonts-wqy-microhei poppler-utils xvfb xauth"

fail() { echo "setup.sh: $*" >&2; exit 1; }

command -v python3 >/dev/null || fail "python3 is missing: install Python 3.11 or newer first."
python3 - <<'PY' || fail "Python 3.11 or newer is required (found $(python3 --version 2>&1))."
import sys; raise SystemExit(sys.version_info < (3, 11))
PY

missing=""
if command -v dpkg-query >/dev/null; then
  for pkg in $DEB_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    command -v apt-get >/dev/null || fail "missing Debian packages:$missing"
    [ "$(id -u)" = 0 ] || fail "missing Debian packages:$missing — run as root or: sudo apt-get install$missing"
    echo "installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "setup.sh: not a Debian system; make sure Qt 6 runtime libraries, a CJK TrueType font" \
       "(or IHSA_CJK_FONT) and poppler-utils are installed." >&2
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || fail "could not create .venv (on Debian: apt-get install python3-venv)"
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]" || fail "pip install failed (see above)"
scripts/build_translations.sh --release  # compile the committed .ts files to .qm

if [ "$mode" = test ]; then
  .venv/bin/ruff check .
  .venv/bin/mypy app
  QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest -q
fi

.venv/bin/ihsa demo
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
  fail "no display: the workstation is installed and the demo case seeded, but there is no" \
       "screen to show it on. Start it from a desktop session with .venv/bin/ihsa-gui" \
       "(or on a virtual screen: xvfb-run .venv/bin/ihsa-gui)."
fi
exec .venv/bin/ihsa-gui
