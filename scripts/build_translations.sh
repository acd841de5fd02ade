#!/usr/bin/env bash
# Refresh the Qt translation sources from ui/ and compile every resources/i18n/*.ts to .qm.
#   scripts/build_translations.sh              lupdate (ui/ → .ts) then lrelease (.ts → .qm)
#   scripts/build_translations.sh --release    only compile the .ts files (no source scan)
# Uses the lupdate/lrelease binaries shipped inside the PySide6 package of the Python found
# in $PYTHON, else .venv/bin/python, else python3. Works offline.
set -euo pipefail
cd "$(dirname "$0")/.."

release_only=false
case "${1:-}" in
  "") ;;
  --release) release_only=true ;;
  *) echo "usage: $0 [--release]" >&2; exit 2 ;;
esac

python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
pyside_dir="$("$python" -c 'import os, PySide6; print(os.path.dirname(PySide6.__file__))')" \
  || { echo "build_translations.sh: PySide6 is not installed for $python" >&2; exit 1; }
lupdate="$pyside_dir/lupdate"
lrelease="$pyside_dir/lrelease"
for tool in "$lupdate" "$lrelease"; do
  [ -x "$tool" ] || { echo "build_translations.sh: $tool not found (PySide6-Essentials ships it)" >&2; exit 1; }
done

i18n=resources/i18n
if [ "$release_only" = false ]; then
  # Each area below keeps its strings in its own .ts file (ihsa_zh_CN_<area>.ts), so that
  # parts of the GUI built side by side never edit the same translation file.
  own_ts_areas="wizard registry incidents handover accounts"
  main_sources=$(find ui -name '*.py' | sort)
  for area in $own_ts_areas; do
    main_sources=$(printf '%s\n' $main_sources | grep -v "^ui/$area/" || true)
    [ -d "ui/$area" ] || continue
    area_sources=$(find "ui/$area" -name '*.py' | sort)
    # shellcheck disable=SC2086
    "$lupdate" -silent -no-obsolete -locations relative $area_sources \
      -ts "$i18n/ihsa_zh_CN_$area.ts"
  done
  # shellcheck disable=SC2086
  "$lupdate" -silent -no-obsolete -locations relative $main_sources -ts "$i18n/ihsa_zh_CN.ts"
fi

for ts in "$i18n"/*.ts; do
  [ -e "$ts" ] || continue
  "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
echo "translations compiled: $(ls "$i18n"/*.qm 2>/dev/null | wc -l) file(s) in $i18n"
