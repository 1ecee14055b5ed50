#!/usr/bin/env bash
# Mutation testing of the pure core and the rules (issue 11), with mutmut 3.
#
#   bash scripts/mutation.sh                    # every package, one after another
#   bash scripts/mutation.sh core checks        # only these packages
#   bash scripts/mutation.sh --changed          # only files changed since origin/main (or main)
#   bash scripts/mutation.sh --changed HEAD~3   # only files changed since a given ref
#   bash scripts/mutation.sh --report           # no run: report the results of earlier runs
#   bash scripts/mutation.sh --fresh core       # forget earlier results (after changing tests)
#   JOBS=4 bash scripts/mutation.sh core        # parallel workers (default 2)
#
# Packages: core (src/jixiao/core, including the value grammar), values (core/values.py alone),
# engine (rules/engine.py), profile (rules/profile.py), checks (rules/checks/*).
# What is mutated and which tests run is configured in pyproject.toml [tool.mutmut]: the fast
# tests of tests/core, tests/rules and tests/cli/test_check_exit_codes.py (no web, PDF or
# LibreOffice tests), so that a run is a matter of minutes per package.
# Results stay in mutants/ (ignored by git) and are reused: a mutant whose function has not
# changed is not run again (after changing only the tests, use --fresh). The report (score per package, surviving mutants) is printed and
# written to mutants/report.md; `.venv/bin/mutmut show NAME` shows one mutant's diff.
set -euo pipefail
cd "$(dirname "$0")/.."

MUTMUT=.venv/bin/mutmut
PY=.venv/bin/python
JOBS=${JOBS:-2}
export JIXIAO_MUTATION=1  # tests/conftest.py: forget memos before each test (tests/mutation_plugin.py)
if [[ ! -x $MUTMUT ]]; then
  echo "mutmut 未安装：请先运行 .venv/bin/pip install -e '.[dev]'" >&2
  exit 2
fi

declare -A GLOBS=(
  [core]="jixiao.core.*"
  [values]="jixiao.core.values.*"
  [engine]="jixiao.rules.engine.*"
  [profile]="jixiao.rules.profile.*"
  [checks]="jixiao.rules.checks.*"
)
ORDER=(core engine profile checks)

changed=""
report_only=""
packages=()
while (($#)); do
  case $1 in
    --changed)
      if [[ ${2:-} && $2 != -* && -z ${GLOBS[$2]+x} ]]; then changed=$2; shift
      elif git rev-parse --verify -q origin/main >/dev/null; then changed=origin/main
      else changed=main; fi ;;
    --report) report_only=1 ;;
    --fresh) rm -rf mutants ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *)
      if [[ -z ${GLOBS[$1]+x} ]]; then echo "未知的包：$1（可选：${!GLOBS[*]}）" >&2; exit 2; fi
      packages+=("$1") ;;
  esac
  shift
done

# mutmut copies the package once and never refreshes files it does not mutate: drop those copies
# (readers, writers, services, cli …) so that each run tests against the current code.
if [[ -d mutants/src/jixiao ]]; then
  find mutants/src/jixiao -name '*.py' \
    ! -path 'mutants/src/jixiao/core/*' ! -path 'mutants/src/jixiao/rules/checks/*' \
    ! -path 'mutants/src/jixiao/rules/engine.py' ! -path 'mutants/src/jixiao/rules/profile.py' \
    -delete
  find mutants/src/jixiao -type d -name __pycache__ -prune -exec rm -rf {} +
fi

globs=()
if [[ -n $changed ]]; then
  # Changed (committed since the ref, or not yet committed) mutated source files → module globs.
  while IFS= read -r path; do
    [[ -f $path ]] || continue
    case $path in
      src/jixiao/core/*.py|src/jixiao/rules/engine.py|src/jixiao/rules/profile.py|src/jixiao/rules/checks/*.py)
        module=${path#src/}; module=${module%.py}; module=${module//\//.}
        globs+=("$module.*") ;;
    esac
  done < <({ git diff --name-only "$changed" -- src/jixiao; git ls-files --others --exclude-standard src/jixiao; } | sort -u)
  if ((${#globs[@]} == 0)); then
    echo "自 $changed 以来没有改动需要变异测试的文件。"
    exit 0
  fi
  echo "变异测试（自 $changed 以来改动的文件）：${globs[*]}"
  "$MUTMUT" run --max-children "$JOBS" "${globs[@]}" || true
elif [[ -z $report_only ]]; then
  ((${#packages[@]})) || packages=("${ORDER[@]}")
  for package in "${packages[@]}"; do
    echo "== 变异测试：$package（${GLOBS[$package]}，$JOBS 个进程）"
    "$MUTMUT" run --max-children "$JOBS" "${GLOBS[$package]}" || true
  done
fi

"$PY" scripts/mutation_report.py mutants mutants/report.md
