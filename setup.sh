#!/usr/bin/env bash
# Install IHSA Workstation into .venv and start it, or run the test suite.
#   ./setup.sh start   install, seed the demo case on first run, start the GUI
#   ./setup.sh test    install, start a local PostgreSQL for the database tests, then run
#                      ruff, mypy (app/) and the whole test suite (headless)
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
# Test mode only: a PostgreSQL server, so the database tests also run on the dialect a
# regulator's office shares (DESIGN §10). `start` never pulls in a database server.
TEST_DEB_PACKAGES="postgresql"
TEST_PG_ROLE=ihsa_test

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

# Start (installing if needed) a local PostgreSQL cluster, make sure the test role and its
# database exist, and print the URL. The password is new on every run, so none is stored.
# Any failure returns non-zero with the reason on stderr: the PostgreSQL tests then skip.
# Only the URL reaches stdout (through fd 3); the tools' chatter, such as pg_ctlcluster's
# "Removed stale pid file.", goes to stderr so it cannot end up in the URL. The server
# must not inherit fd 3, or $(start_test_postgres) would wait for it forever.
start_test_postgres() {
  print_test_postgres_url 3>&1 1>&2
}

print_test_postgres_url() {
  local pkg missing_pg="" cluster version name port status password
  [ "$(id -u)" = 0 ] || { echo "not root: cannot install or start a PostgreSQL cluster" >&2; return 1; }
  command -v dpkg-query >/dev/null && command -v apt-get >/dev/null \
    || { echo "not a Debian system" >&2; return 1; }
  for pkg in $TEST_DEB_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing_pg="$missing_pg $pkg"
  done
  if [ -n "$missing_pg" ]; then
    echo "installing Debian packages for the tests:$missing_pg" >&2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing_pg \
      >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          $missing_pg >/dev/null; } || { echo "apt-get install$missing_pg failed" >&2; return 1; }
  fi
  # pg_lsclusters: "Ver Cluster Port Status Owner ..."; take the newest cluster.
  cluster=$(pg_lsclusters -h 2>/dev/null | sort -k1,1V | tail -n 1)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || { echo "no PostgreSQL server binaries in /usr/lib/postgresql" >&2; return 1; }
    pg_createcluster "$version" main >/dev/null || { echo "pg_createcluster $version main failed" >&2; return 1; }
    cluster=$(pg_lsclusters -h | sort -k1,1V | tail -n 1)
  fi
  read -r version name port status _ <<<"$cluster"
  if [ "$status" != online ]; then
    pg_ctlcluster "$version" "$name" start 3>&- \
      || { echo "pg_ctlcluster $version $name start failed" >&2; return 1; }
  fi
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  # psql runs as the postgres superuser over the local socket (peer authentication).
  (cd / && runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres >/dev/null <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$TEST_PG_ROLE')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$TEST_PG_ROLE') \gexec
ALTER ROLE $TEST_PG_ROLE WITH LOGIN PASSWORD '$password';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' LOCALE ''C.UTF-8'' TEMPLATE template0',
              '$TEST_PG_ROLE', '$TEST_PG_ROLE')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$TEST_PG_ROLE') \gexec
SQL
  ) || { echo "could not create the $TEST_PG_ROLE role and database" >&2; return 1; }
  echo "postgresql://$TEST_PG_ROLE:$password@127.0.0.1:$port/$TEST_PG_ROLE" >&3
}

if [ "$mode" = test ]; then
  if [ -n "${IHSA_TEST_PG_URL:-}" ]; then
    echo "PostgreSQL tests use the given IHSA_TEST_PG_URL"
  elif IHSA_TEST_PG_URL=$(start_test_postgres); then
    export IHSA_TEST_PG_URL
    echo "PostgreSQL for the tests: ${IHSA_TEST_PG_URL%%:*}://$TEST_PG_ROLE:***@${IHSA_TEST_PG_URL##*@}"
  else
    unset IHSA_TEST_PG_URL
    echo "setup.sh: no PostgreSQL for the tests (see above): the PostgreSQL tests will skip" >&2
  fi
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
