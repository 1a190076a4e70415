#!/usr/bin/env bash
# Run the benchmark (bench/README.md): set everything up, install the pinned
# Lighthouse into .cache/bench/, then build, serve and measure the site.
# Prints a Markdown table; writes bench/results/latest.json and latest.md.
# Extra arguments go to `python -m bench` (e.g. --only lighthouse, --runs 5).
set -euo pipefail
cd "$(dirname "$0")/.."

LIGHTHOUSE_VERSION=12.2.3
prefix=.cache/bench

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

bash scripts/setup.sh --browser

# Lighthouse needs a system Chrome; setup.sh installs Debian's Chromium only when
# Playwright has no browser of its own, so make sure it is there.
if ! command -v chromium >/dev/null; then
  say "Installing Debian's Chromium for Lighthouse"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

installed=$(node -p "require('./$prefix/node_modules/lighthouse/package.json').version" 2>/dev/null || true)
if [[ "$installed" != "$LIGHTHOUSE_VERSION" ]]; then
  # Pinned exactly (13.x wants Node 22); --save-exact keeps the pin in its package.json too.
  say "Installing Lighthouse $LIGHTHOUSE_VERSION into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --save-exact --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
fi

export NO_MKDOCS_2_WARNING=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
exec .venv/bin/python -m bench "$@"
