#!/usr/bin/env bash
# The long fuzz campaign: every hostile input of the quick set (tests/fuzz), then N damaged files
# (truncations and byte flips of the seed form in every format), each run as `jixiao` in a child
# process under time and memory limits. Prints one line per case and a summary; exit 1 on any
# failure. Usage: bash scripts/fuzz.sh [COUNT] [SEED]   (defaults: 2000 cases, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'; }
exec .venv/bin/python tests/fuzz/hostile.py --count "${1:-2000}" --seed "${2:-1}"
