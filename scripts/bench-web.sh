#!/usr/bin/env bash
# Web load benchmark (benchmarks/README.md): N simulated users editing their forms against
# `jixiao serve`, on SQLite and on PostgreSQL. Arguments go to benchmarks/bench_web.py; with
# none, two runs: a closed loop (--think 0) and with a 1 s pause between requests (--think 1),
# each 50 users for 60 s on both databases. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/postgres.sh >/dev/null
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python benchmarks/bench_web.py "$@"
fi
.venv/bin/python benchmarks/bench_web.py --users 50 --seconds 60 --think 0
.venv/bin/python benchmarks/bench_web.py --users 50 --seconds 60 --think 1
