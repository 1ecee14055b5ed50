#!/usr/bin/env bash
# The main job: the web system on an embedded SQLite with the demo data (the four seed forms
# of 上海市科学技术协会学会服务中心, users for every role). Prints the URL, users and password.
# Arguments go to `jixiao serve` (e.g. --port 8080, --host 0.0.0.0, --data DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh runtime   # the CJK font that PDF exports embed
exec .venv/bin/jixiao serve --demo "$@"
