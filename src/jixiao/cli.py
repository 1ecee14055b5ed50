"""The `jixiao` command: a thin shell over the readers and services."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from jixiao import __version__
from jixiao.core.findings import Finding, Severity
from jixiao.core.form_json import form_to_dict
from jixiao.core.money import fmt2
from jixiao.services.evaluate import Evaluation, evaluate, sort_findings
from jixiao.services.export import ExportError, blank_template, output_format, render
from jixiao.services.inputs import (
    InputError,
    ReadResult,
    check_catalogue,
    family_label,
    pick_profile,
    read_paths,
    shipped_profiles,
)
from jixiao.services.present import finding_to_dict, score_to_dict
from jixiao.services.runtime import tune_for_batches
from jixiao.services.settings import SETTINGS, SettingError, setting_values

DEFAULT_PROFILE = "national-2020"
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """A user error: printed as one line, exit code 2."""


#: Errors of the user's input or settings: one line on stderr, exit code 2.
USER_ERRORS = (CommandError, InputError, ExportError, SettingError)


# ---------------------------------------------------------------- input and output


def read_sources(paths: Sequence[str]) -> list[ReadResult]:
    return read_paths(paths, sys.stdin.buffer.read)


def emit(args: argparse.Namespace, render: Callable[[Console], None]) -> None:
    """Render to stdout, or to `-o FILE` atomically (no half-written file on failure)."""
    if not args.output:
        render(Console(highlight=False, soft_wrap=False))
        return
    buffer = io.StringIO()
    render(Console(file=buffer, highlight=False, width=160, no_color=True, soft_wrap=False))
    write_atomic(args.output, buffer.getvalue().encode("utf-8"))


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename over the target."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".jixiao-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, _file_mode(target))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CommandError(f"{path}: 无法写入（{exc.strerror}）") from exc


def _file_mode(target: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask."""
    if target.exists():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def print_json(data: Any) -> Callable[[Console], None]:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return lambda console: console.file.write(text + "\n")


# ---------------------------------------------------------------- commands


def cmd_parse(args: argparse.Namespace) -> int:
    results = read_sources(args.files)
    emit(args, print_json([form_to_dict(r.form) for r in results]))
    return EXIT_OK


def _evaluations(args: argparse.Namespace) -> list[Evaluation]:
    profile = pick_profile(args.profile)
    ignore = {c.strip().upper() for c in args.ignore or [] for c in c.split(",") if c.strip()}
    return [evaluate(r, profile, ignore=ignore) for r in read_sources(args.files)]


def cmd_score(args: argparse.Namespace) -> int:
    evaluations = _evaluations(args)
    if args.format == "json":
        emit(args, print_json([score_to_dict(e) for e in evaluations]))
    else:
        emit(args, lambda console: [render_score(console, e) for e in evaluations])
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    if args.list:
        emit(args, render_catalogue(args.format))
        return EXIT_OK
    if not args.files:
        raise CommandError("请给出要检查的文件（或用 --list 查看检查目录）")
    evaluations = _evaluations(args)
    findings = [f for e in evaluations for f in sort_findings(e.findings)]
    if args.format == "json":
        emit(args, print_json([finding_to_dict(f) for f in findings]))
    else:
        emit(args, lambda console: render_findings(console, evaluations))
    return EXIT_FINDINGS if any(e.has_errors for e in evaluations) else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    output_format(args.output)  # refuse an unknown format before reading anything
    evaluations = _evaluations(args)
    write_atomic(args.output, render(evaluations, args.output))
    print(f"已写入 {args.output}（{len(evaluations)} 张表）", file=sys.stderr)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    write_atomic(args.output, blank_template(args.output))
    print(f"已写入空白模板 {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    values = setting_values(os.environ)
    if args.format == "json":
        emit(args, print_json([{"env": s.env, "value": values[s.name], "default": s.default,
                                "help": s.help} for s in SETTINGS]))
        return EXIT_OK

    def render(console: Console) -> None:
        table = Table(title="设置（环境变量）")
        for col in ("环境变量", "当前值", "默认值", "说明"):
            table.add_column(col)
        for s in SETTINGS:
            table.add_row(s.env, str(values[s.name]), str(s.default), s.help)
        console.print(table)

    emit(args, render)
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace) -> int:
    profiles = shipped_profiles()
    if args.format == "json":
        emit(args, print_json([{"name": p.name, "title": p.title, "extends": p.extends,
                                "sources": list(p.sources)} for p in profiles]))
        return EXIT_OK

    def render(console: Console) -> None:
        table = Table(title="规则配置（--profile）", show_lines=True)
        for col in ("名称", "说明", "继承", "依据文件"):
            table.add_column(col)
        for p in profiles:
            table.add_row(p.name, p.title, p.extends or "—", "\n".join(p.sources))
        console.print(table)

    emit(args, render)
    return EXIT_OK


# ---------------------------------------------------------------- rendering for people


def render_score(console: Console, ev: Evaluation) -> None:
    card = ev.scorecard
    form = ev.form
    year = form.year or "年度未知"
    console.print(f"[bold]{escape(form.project_name)}[/bold]（{year}，规则 {card.profile}）")
    console.print(f"  执行率：{fmt2(card.execution_rate.value) or '—'}%  "
                  f"{card.execution_rate.explanation.describe()}")
    console.print(f"  执行率得分：计算 {fmt2(card.execution_score.value) or '—'}，"
                  f"表上 {form.funds.score or '—'}  {card.execution_score.explanation.describe()}")
    table = Table(show_lines=False, pad_edge=False)
    for col, kw in (("#", {"justify": "right"}), ("一级/二级", {}), ("三级指标", {"max_width": 28}),
                    ("年度指标值", {}), ("实际完成值", {}), ("分值", {"justify": "right"}),
                    ("自评", {"justify": "right"}), ("计算", {"justify": "right"}), ("状态", {}),
                    ("计算说明", {"max_width": 48})):
        table.add_column(col, **kw)
    for row in card.rows:
        ind = form.indicators[row.index]
        level = "/".join(x.removesuffix("指标") for x in (ind.level1, ind.level2) if x)
        table.add_row(str(row.index + 1), level, ind.name or "", ind.target or "",
                      ind.actual or "", ind.weight or "", ind.score or "",
                      fmt2(row.computed.value) or "—", row.status.label,
                      row.computed.explanation.formula)
    console.print(table)
    sources = dict.fromkeys(r.computed.explanation.source for r in card.rows)
    console.print("  依据：" + "；".join(s for s in sources if s), markup=False)
    console.print(f"  总分：计算 {fmt2(card.total.value) or '—'}，表上 {form.total.score or '—'}  "
                  f"{card.total.explanation.describe()}")
    console.print(f"  评分等级：计算 {card.grade or '—'}，表上 {form.grade or '—'}  "
                  f"{card.grade_explanation.describe()}")
    console.print()


def render_findings(console: Console, evaluations: Sequence[Evaluation]) -> None:
    total = {s: 0 for s in Severity}
    for ev in evaluations:
        for f in sort_findings(ev.findings):
            total[f.severity] += 1
            console.print(format_finding(f), markup=False, soft_wrap=True)
    summary = "，".join(f"{s.label} {n}" for s, n in total.items())
    console.print(f"共 {len(evaluations)} 张表：{summary}", markup=False, soft_wrap=True)


def format_finding(f: Finding) -> str:
    place = f.path or "—"
    if f.source and f.source.line is not None:
        place += f"（第{f.source.line}行）"
    return f"[{f.severity.label}] {f.code} 「{f.form or ''}」 {place}：{f.message}"


def render_catalogue(fmt: str) -> Callable[[Console], None]:
    specs = check_catalogue()
    if fmt == "json":
        return print_json([{"code": s.code, "family": s.family, "severity": s.severity.value,
                            "title": s.title, "rationale": s.rationale, "source": s.source}
                           for s in specs])

    def render(console: Console) -> None:
        table = Table(title="检查目录（jixiao check --ignore CODE 可屏蔽）")
        for col in ("代码", "类别", "级别", "检查", "理由"):
            table.add_column(col)
        for s in specs:
            table.add_row(s.code, family_label(s.family), s.severity.label, s.title, s.rationale)
        console.print(table)

    return render


# ---------------------------------------------------------------- argument parsing


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao", description="财政项目支出绩效自评表：解析、计分、检查")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的调用栈")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def common(p: argparse.ArgumentParser, *, files: str = "+", fmt: bool = True) -> None:
        p.add_argument("files", nargs=files, metavar="FILE",
                       help="自评表文件（文本或 JSON），- 为标准输入")
        p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是打印")
        if fmt:
            p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")

    def ruled(p: argparse.ArgumentParser) -> None:
        p.add_argument("--profile", default=DEFAULT_PROFILE,
                       help=f"规则配置名称或 TOML 文件（默认 {DEFAULT_PROFILE}）")
        p.add_argument("--ignore", action="append", metavar="CODE",
                       help="屏蔽的检查代码，可多次给出")

    p = sub.add_parser("parse", help="把自评表解析为标准 JSON")
    common(p, fmt=False)
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("score", help="逐行计算得分并说明计算过程")
    common(p)
    ruled(p)
    p.set_defaults(func=cmd_score)
    p = sub.add_parser("check", help="检查错误与疑点；有错误时退出码为 1")
    common(p, files="*")
    ruled(p)
    p.add_argument("--list", action="store_true", help="列出全部检查代码")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("render", help="输出为 PDF（官方版式）、XLSX、DOCX 自评报告、HTML 或 JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="自评表文件，- 为标准输入")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="输出文件，格式由扩展名决定：.pdf .xlsx .docx .html .json")
    ruled(p)
    p.set_defaults(func=cmd_render)
    p = sub.add_parser("template", help="生成空白 XLSX 填报模板（含公式、下拉选项）")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="输出的 .xlsx 文件")
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("settings", help="列出设置（环境变量 JIXIAO_*）及当前值")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是打印")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.set_defaults(func=cmd_settings)
    p = sub.add_parser("profiles", help="列出规则配置及其依据文件")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是打印")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.set_defaults(func=cmd_profiles)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tune_for_batches()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except USER_ERRORS as exc:
        if args.debug:
            traceback.print_exc()
        print(f"jixiao: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(f"jixiao: 内部错误：{type(exc).__name__}: {exc}（加 --debug 查看详情）",
              file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
