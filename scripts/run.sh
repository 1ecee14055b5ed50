#!/usr/bin/env bash
# The main job: score and check the seed forms (四张上海市 2024 年自评表).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
seed=examples/seed-shanghai-2024.txt
.venv/bin/jixiao score "$seed" --profile shanghai-2024
# `check` exits 1 when it finds errors, which the seed has: that is its report, not a failure.
.venv/bin/jixiao check "$seed" --profile shanghai-2024 || [ $? -eq 1 ]
