#!/usr/bin/env bash
# All tests: lint, the whole suite on SQLite (browser tests included), then the web system's
# tests again on PostgreSQL. Arguments are passed to the first pytest run only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# CJK fonts, poppler-utils, LibreOffice, Chromium and PostgreSQL (installed when missing).
bash scripts/system-deps.sh
pg_url=$(bash scripts/postgres.sh)
case "$pg_url" in
  postgres://*) ;;
  *) echo "test.sh: scripts/postgres.sh printed no database URL: $pg_url" >&2; exit 1 ;;
esac
.venv/bin/ruff check src tests benchmarks
.venv/bin/pytest "$@"
if [ $# -eq 0 ]; then
  echo "== the web system's tests on PostgreSQL =="
  DATABASE_URL="$pg_url" .venv/bin/pytest tests/web -m "not browser"
fi
