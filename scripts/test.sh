#!/usr/bin/env bash
# All tests: lint, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh   # a CJK TrueType font and poppler-utils for the PDF tests
.venv/bin/ruff check src tests benchmarks
.venv/bin/pytest "$@"
