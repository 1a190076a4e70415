#!/usr/bin/env bash
# Set everything up, build the site, and serve it with live reload on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m generator serve -a "${ADDRESS:-127.0.0.1:8000}"
