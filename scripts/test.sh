#!/usr/bin/env bash
# Set everything up (Python packages, Pyodide, Chromium, pdftoppm) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check .
# On every core (pytest-xdist), a module's tests on one worker, so the browser tests that share
# one booted page per module still share it. TEST_WORKERS=0 runs everything in this process.
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" --dist loadscope "$@"
