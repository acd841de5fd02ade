#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle dist/ihsa (ihsa-gui + ihsa) and smoke-check it.
#   scripts/build_bundle.sh            compile translations, build, then smoke-check dist/ihsa
#   scripts/build_bundle.sh --check    only smoke-check an existing dist/ihsa
# Uses the Python in $PYTHON, else .venv/bin/python, else python3, with PyInstaller
# installed (pip install -e '.[bundle]'). The CJK font for reports is copied into the
# bundle from fonts-wqy-microhei; IHSA_BUNDLE_FONT names another (see freeze/contents.py).
# PYINSTALLER_DEBUG=1 builds ihsa-gui with a console and bootloader debug messages.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
case "${1:-}" in
  "") ;;
  --check) build=false ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
export PYTHON="$python"

if [ "$build" = true ]; then
  "$python" -c 'import PyInstaller' 2>/dev/null \
    || { echo "build_bundle.sh: PyInstaller is not installed for $python (pip install -e '.[bundle]')" >&2; exit 1; }
  scripts/build_translations.sh --release
  started=$(date +%s)
  "$python" -m PyInstaller --noconfirm --log-level WARN build.spec
  echo "bundle built in $(( $(date +%s) - started )) s: dist/ihsa ($(du -sh dist/ihsa | cut -f1))"
fi

"$python" -m freeze.smoke dist/ihsa
