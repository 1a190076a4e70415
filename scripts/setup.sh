#!/usr/bin/env bash
# Set up everything this project needs, idempotently:
#   - a Python >= 3.12 virtual environment at .venv with the exact pins of requirements.txt;
#   - the project itself (editable), so MkDocs finds the 'content' plugin;
#   - the pinned Pyodide runtime and the pure wheels it loads, checked against sha256;
#   - with --browser: a Chromium for Playwright, poppler's pdftoppm and the W3C's HTML checker
#     (vnu.jar, with Java), for the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

find_python() {
  local candidate
  for candidate in python3.14 python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null && python_ok "$(command -v "$candidate")"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv keeps several interpreters side by side; take the newest suitable one.
  for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python 2>/dev/null | sort -rV); do
    if python_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [[ -x .venv/bin/python ]] && ! python_ok .venv/bin/python; then
  say "Removing .venv: it was made with a Python older than 3.12"
  rm -rf .venv
fi
if [[ ! -x .venv/bin/python ]]; then
  python=$(find_python) || { echo "No Python >= 3.12 found (tried python3.1x and pyenv versions)." >&2; exit 1; }
  say "Creating .venv with $python"
  "$python" -m venv .venv
fi

stamp=.venv/.installed
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
  say "Installing pinned Python packages"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$wanted" > "$stamp"
fi

if ! command -v npm >/dev/null; then
  say "Installing Node.js and npm (used once to fetch the pinned Pyodide package)"
  apt_install nodejs npm
fi
say "Fetching the pinned Pyodide runtime"
.venv/bin/python -m generator fetch

if [[ $want_browser -eq 1 ]]; then
  # Playwright cannot download its own browser here; fall back to Debian's Chromium.
  if ! .venv/bin/python - <<'PY' 2>/dev/null
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    sys.exit(0 if os.path.exists(p.chromium.executable_path) else 1)
PY
  then
    # The tests drive Chromium's headless shell: the same Chromium without the desktop browser
    # around it, and a fifth faster on two cores (devtools/site.py). The installable-app test
    # needs the full browser, which judges installability; the shell does not.
    if ! command -v chromium >/dev/null; then
      say "Installing Debian's Chromium for the browser tests"
      apt_install chromium
    fi
    if ! command -v chromium-headless-shell >/dev/null; then
      say "Installing Debian's Chromium headless shell for the browser tests"
      apt_install chromium-headless-shell ||
        say "No chromium-headless-shell package here: the tests drive the full browser (slower)"
    fi
  fi
  if ! command -v pdftoppm >/dev/null; then
    say "Installing poppler-utils (pdftoppm) for the PDF tests"
    apt_install poppler-utils
  fi
  # The W3C's Nu HTML Checker, pinned (npm vnu-jar) and checked against its sha256; it needs Java.
  if ! command -v java >/dev/null; then
    say "Installing Java (for the W3C HTML checker)"
    apt_install default-jre-headless
  fi
  vnu_version=26.9.27
  vnu_sha256=5970d3ffca91a627cf0965e5d91bb2e4242307c29292998de0b419d6a901b2b7
  vnu_dir=.cache/vnu-$vnu_version
  if [[ ! -f $vnu_dir/vnu.jar || $(cat "$vnu_dir/.sha256" 2>/dev/null) != "$vnu_sha256" ]]; then
    say "Fetching the W3C HTML checker (npm vnu-jar@$vnu_version)"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack "vnu-jar@$vnu_version" --silent >/dev/null)
    actual=$(sha256sum "$tmp"/vnu-jar-*.tgz | cut -d' ' -f1)
    if [[ $actual != "$vnu_sha256" ]]; then
      echo "vnu-jar@$vnu_version has sha256 $actual, expected $vnu_sha256; refusing to use it." >&2
      rm -rf "$tmp"; exit 1
    fi
    tar -xzf "$tmp"/vnu-jar-*.tgz -C "$tmp" package/build/dist/vnu.jar
    rm -rf "$vnu_dir"; mkdir -p "$vnu_dir"
    mv "$tmp/package/build/dist/vnu.jar" "$vnu_dir/vnu.jar"
    echo "$vnu_sha256" > "$vnu_dir/.sha256"
    rm -rf "$tmp"
  fi
fi
