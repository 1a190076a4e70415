#!/usr/bin/env bash
# Set everything up (Python packages, Pyodide, Chromium, pdftoppm) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
