#!/usr/bin/env bash
# Set everything up (Python packages, Pyodide, Chromium, pdftoppm) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check .
# On every core (pytest-xdist), a module's tests on one worker, so the browser tests that share
# one booted page per module still share it. Modules go out in collection order, the slow
# browser modules first, so the many short unit modules fill the end rather than one worker
# finishing a long browser module alone (xdist's default sends modules with the most tests
# first). TEST_WORKERS=0 runs everything in this process.
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" --dist loadscope --no-loadscope-reorder "$@"
