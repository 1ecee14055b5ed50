#!/usr/bin/env bash
# Benchmarks: parse + score + check throughput and peak memory (benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python benchmarks/bench_core.py "$@"
