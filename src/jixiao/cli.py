"""The `jixiao` command: a thin shell over the readers and services.

Imports are lazy: each command imports what it uses, so `jixiao --help` and a small form start
fast (the writers, openpyxl, python-docx, reportlab and rich load only for the commands that
draw documents or tables).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from jixiao import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from jixiao.services.batch import BatchJob
    from jixiao.services.evaluate import Evaluation

DEFAULT_PROFILE = "national-2020"
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class CommandError(Exception):
    """A user error: printed as one line, exit code 2."""


def user_errors() -> tuple[type[Exception], ...]:
    """Errors of the user's input or settings: one line on stderr, exit code 2."""
    from jixiao.services.export import ExportError
    from jixiao.services.inputs import InputError
    from jixiao.services.settings import SettingError

    return (CommandError, InputError, ExportError, SettingError)


# ---------------------------------------------------------------- input and output


@contextmanager
def output_to(target: str | None) -> Iterator[TextIO]:
    """Standard output, or `-o FILE` written through a temporary file that replaces the target
    only when the command succeeds (no half-written file on failure)."""
    if not target:
        yield sys.stdout
        sys.stdout.flush()
        return
    import tempfile  # here, not at the top: with what it loads, a tenth of the start-up

    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jixiao-", suffix=".tmp")
    except OSError as exc:
        raise CommandError(f"{target}: 无法写入（{exc.strerror}）") from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        try:
            os.chmod(tmp, _file_mode(path))
            os.replace(tmp, path)
        except OSError as exc:
            raise CommandError(f"{target}: 无法写入（{exc.strerror}）") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)


def refuse_output_over_input(output: str | None, inputs: Sequence[str]) -> None:
    """`-o FILE` naming one of the inputs (also through a link) would replace what is being read:
    refused before anything is read."""
    if not output or not Path(output).exists():
        return
    for name in inputs:
        if name == "-":
            continue
        try:
            same = os.path.samefile(output, name)
        except OSError:
            continue
        if same:
            raise CommandError(f"{output}: 输出文件就是输入文件 {name}，不能覆盖正在读取的文件；"
                               "请换一个输出文件名")


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename over the target."""
    import tempfile

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


def write_json_array(out: TextIO, pieces: Iterator[str], indent: int | None) -> None:
    """Encoded elements as one JSON array, written as they come: `json.dumps(list)` with the
    same `indent` would give the same text."""
    if indent is None:
        opening, between, closing = "[", ", ", "]\n"
    else:
        pad = " " * indent
        opening, between, closing = "[\n" + pad, ",\n" + pad, "\n]\n"
    first = True
    for piece in pieces:
        if indent is not None:
            piece = piece.replace("\n", "\n" + pad)
        out.write(opening if first else between)
        out.write(piece)
        first = False
    out.write("[]\n" if first else closing)


def print_json(args: argparse.Namespace, items: Sequence[Any]) -> None:
    """A small JSON array (catalogues, settings) to stdout or `-o FILE`."""
    import json

    indent = getattr(args, "indent", None)
    with output_to(args.output) as out:
        write_json_array(out, (json.dumps(x, ensure_ascii=False, indent=indent) for x in items),
                         indent)


def print_rich(args: argparse.Namespace, render: Callable[[Console], None]) -> None:
    """A rich rendering (tables of the listing commands) to stdout or `-o FILE`."""
    from rich.console import Console

    with output_to(args.output) as out:
        if args.output:
            render(Console(file=out, highlight=False, width=160, no_color=True, soft_wrap=False))
        else:
            render(Console(highlight=False, soft_wrap=False))


def _stdin() -> Any:
    return sys.stdin.buffer


# ---------------------------------------------------------------- batch commands


def _job(args: argparse.Namespace) -> BatchJob:
    from jixiao.services.batch import BatchJob
    from jixiao.services.text_report import Style

    as_json = getattr(args, "format", "json") == "json"
    terminal = not args.output and not as_json and sys.stdout.isatty()
    style = Style(colour=terminal and "NO_COLOR" not in os.environ,
                  width=os.get_terminal_size().columns if terminal else None)
    return BatchJob(command=args.command, as_json=as_json,
                    profile=getattr(args, "profile", DEFAULT_PROFILE),
                    ignore=frozenset(_ignored(getattr(args, "ignore", None))),
                    indent=args.indent, style=style)


def _ignored(values: Sequence[str] | None) -> set[str]:
    return {c.strip().upper() for c in values or [] for c in c.split(",") if c.strip()}


def run_forms(args: argparse.Namespace) -> int:
    """`parse`, `score`, `check`: every form read, evaluated and written out in turn."""
    from jixiao.services.batch import Tally, run_batch
    from jixiao.services.text_report import summary_line

    if args.jobs < 1:
        raise CommandError(f"-j {args.jobs}：进程数应为正整数")
    refuse_output_over_input(args.output, args.files)
    job = _job(args)
    if job.command != "parse":  # an unknown profile is refused before any file is read
        from jixiao.services.inputs import pick_profile

        pick_profile(job.profile)
    tally = Tally()
    with output_to(args.output) as out:
        pieces = run_batch(job, args.files, _stdin, tally, jobs=args.jobs)
        if job.as_json:
            write_json_array(out, pieces, job.indent)
        else:
            for piece in pieces:
                out.write(piece)
            if job.command == "check":
                out.write(summary_line(tally.forms, tally.counts, job.style) + "\n")
    if job.command == "check" and tally.has_errors:
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    if args.list:
        return render_catalogue(args)
    if not args.files:
        raise CommandError("请给出要检查的文件（或用 --list 查看检查目录）")
    return run_forms(args)


def _evaluations(args: argparse.Namespace) -> list[Evaluation]:
    from jixiao.services.evaluate import evaluate
    from jixiao.services.inputs import iter_paths, pick_profile

    profile = pick_profile(args.profile)
    ignore = _ignored(args.ignore)
    return [evaluate(r, profile, ignore=ignore) for r in iter_paths(args.files, _stdin)]


def cmd_render(args: argparse.Namespace) -> int:
    from jixiao.services.export import output_format, render

    output_format(args.output)  # refuse an unknown format before reading anything
    refuse_output_over_input(args.output, args.files)
    evaluations = _evaluations(args)
    write_atomic(args.output, render(evaluations, args.output))
    print(f"已写入 {args.output}（{len(evaluations)} 张表）", file=sys.stderr)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from jixiao.services.export import blank_template

    write_atomic(args.output, blank_template(args.output))
    print(f"已写入空白模板 {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from jixiao.services.settings import SETTINGS, setting_values

    values = setting_values(os.environ)
    if args.format == "json":
        print_json(args, [{"env": s.env, "value": values[s.name], "default": s.default,
                           "help": s.help} for s in SETTINGS])
        return EXIT_OK

    def render(console: Console) -> None:
        from rich.table import Table

        table = Table(title="设置（环境变量）")
        for col in ("环境变量", "当前值", "默认值", "说明"):
            table.add_column(col)
        for s in SETTINGS:
            table.add_row(s.env, str(values[s.name]), str(s.default), s.help)
        console.print(table)

    print_rich(args, render)
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace) -> int:
    from jixiao.services.inputs import shipped_profiles

    profiles = shipped_profiles()
    if args.format == "json":
        print_json(args, [{"name": p.name, "title": p.title, "extends": p.extends,
                           "sources": list(p.sources)} for p in profiles])
        return EXIT_OK

    def render(console: Console) -> None:
        from rich.table import Table

        table = Table(title="规则配置（--profile）", show_lines=True)
        for col in ("名称", "说明", "继承", "依据文件"):
            table.add_column(col)
        for p in profiles:
            table.add_row(p.name, p.title, p.extends or "—", "\n".join(p.sources))
        console.print(table)

    print_rich(args, render)
    return EXIT_OK


def render_catalogue(args: argparse.Namespace) -> int:
    from jixiao.services.inputs import check_catalogue, family_label

    specs = check_catalogue()
    if args.format == "json":
        print_json(args, [{"code": s.code, "family": s.family, "severity": s.severity.value,
                           "title": s.title, "rationale": s.rationale, "source": s.source}
                          for s in specs])
        return EXIT_OK

    def render(console: Console) -> None:
        from rich.table import Table

        table = Table(title="检查目录（jixiao check --ignore CODE 可屏蔽）")
        for col in ("代码", "类别", "级别", "检查", "理由"):
            table.add_column(col)
        for s in specs:
            table.add_row(s.code, family_label(s.family), s.severity.label, s.title, s.rationale)
        console.print(table)

    print_rich(args, render)
    return EXIT_OK


# ---------------------------------------------------------------- argument parsing


def cmd_audit(args: argparse.Namespace) -> int:
    """`audit`: a thin shell over `services.audit.run_audit`, with a progress bar on a terminal."""
    from contextlib import nullcontext

    from jixiao.services.audit import AuditOptions, run_audit
    from jixiao.services.audit.progress import ProgressBar

    if args.jobs is not None and args.jobs < 1:
        raise CommandError(f"-j {args.jobs}：进程数应为正整数")
    if args.seed is not None and not args.sample:
        raise CommandError("--seed 只与 --sample N 一起使用")
    options = AuditOptions(
        paths=tuple(args.paths), out=args.out, profile=args.profile, signals=args.signals,
        jobs=args.jobs or os.cpu_count() or 1, sample=args.sample or 0, seed=args.seed or 0,
        resume=args.resume, ignore=frozenset(_ignored(args.ignore)), cluster=args.cluster)
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        with bar if bar is not None else nullcontext():
            summary = run_audit(options, progress=bar.update if bar else None,
                                started=bar.started if bar else None)
    except KeyboardInterrupt:
        print(f"jixiao: 已中断；已完成的文件保存在 {args.out}，再次运行同一命令即可继续",
              file=sys.stderr)
        return 130
    st = summary.statuses
    print(f"已审核 {summary.files} 个文件（读取 {st.get('ok', 0)}，"
          f"部分读取 {st.get('partial', 0)}，失败 {st.get('failed', 0)}，"
          f"跳过 {st.get('skipped', 0)}；沿用上次结果 {summary.reused}），"
          f"{summary.forms} 张表"
          + (f"，抽查样本 {summary.sample} 张" if args.sample else "")
          + f"；输出在 {summary.out}（报告 report.html）", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from jixiao.web.server import serve  # Django loads only for this command
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port}：端口应在 1–65535 之间")
    serve(args.host, args.port, args.data, args.demo, args.threads)
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数：{text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"不能为负数：{text}")
    return value


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
        json_indent(p)
        p.add_argument("-j", "--jobs", type=_positive, default=1, metavar="N",
                       help="用 N 个进程并行处理多个文件（结果仍按输入顺序，默认 1）")

    def json_indent(p: argparse.ArgumentParser) -> None:
        p.add_argument("--indent", type=_positive, metavar="N",
                       help="JSON 输出按 N 个空格缩进（默认紧凑、不缩进）")

    def ruled(p: argparse.ArgumentParser) -> None:
        p.add_argument("--profile", default=DEFAULT_PROFILE,
                       help=f"规则配置名称或 TOML 文件（默认 {DEFAULT_PROFILE}）")
        p.add_argument("--ignore", action="append", metavar="CODE",
                       help="屏蔽的检查代码，可多次给出")

    p = sub.add_parser("parse", help="把自评表解析为标准 JSON")
    common(p, fmt=False)
    p.set_defaults(func=run_forms)
    p = sub.add_parser("score", help="逐行计算得分并说明计算过程")
    common(p)
    ruled(p)
    p.set_defaults(func=run_forms)
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
    json_indent(p)
    p.set_defaults(func=cmd_settings)
    p = sub.add_parser("profiles", help="列出规则配置及其依据文件")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是打印")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    json_indent(p)
    p.set_defaults(func=cmd_profiles)
    p = sub.add_parser("audit", help="批量审核：并行读取目录与压缩包中的全部自评表，"
                       "风险分、抽查样本、数据集与报告（可断点续跑）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录（递归读取，含 ZIP 成员）")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="输出目录：files.csv forms.jsonl findings.csv indicators.csv/.parquet "
                        "sample.csv report.html report.xlsx")
    ruled(p)
    p.add_argument("--signals", metavar="FILE", help="风险信号配置（TOML，默认为内置配置）")
    p.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="并行进程数（默认为全部 CPU 核）")
    p.add_argument("--sample", type=_positive, metavar="N",
                   help="按风险加权抽取 N 张表供抽查复核")
    p.add_argument("--seed", type=_positive, metavar="S",
                   help="抽样的随机种子（默认 0；同种子同样本）")
    p.add_argument("--resume", action="store_true",
                   help="继续此输出目录中中断的运行（不加也会沿用已完成的文件；"
                        "加上时若没有可继续的运行则报错）")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="在 Dask 分布式集群上运行，如 tcp://HOST:8786"
                        "（需 pip install jixiao[dask]，各节点须能以相同路径读取输入与输出目录）")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("serve", help="启动网页系统（填报、审核、复核、公开）")
    p.add_argument("--data", metavar="DIR", help="数据目录（SQLite 数据库、任务队列、密钥），"
                   "默认 ./jixiao-data；设置 DATABASE_URL 时改用 PostgreSQL")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--threads", type=int, default=8, help="处理请求的线程数（默认 8）")
    p.add_argument("--demo", action="store_true",
                   help="载入演示数据：一个主管部门、两个填报单位、各角色用户与种子表")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from jixiao.services.runtime import tune_for_batches

    tune_for_batches()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: one line; `-o` files are replaced only on success
        if args.debug:
            import traceback

            traceback.print_exc()
        print("jixiao: 已中断（输出文件未改动）", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from jixiao.core.safe_text import one_line

        if args.debug:
            import traceback

            traceback.print_exc()
        if isinstance(exc, user_errors()):
            print(f"jixiao: {one_line(str(exc))}", file=sys.stderr)
        else:
            print(f"jixiao: 内部错误：{type(exc).__name__}: {one_line(str(exc))[:500]}"
                  "（加 --debug 查看详情）", file=sys.stderr)
        return EXIT_BAD_INPUT


def _quiet_stdout() -> None:
    """After the reader of a pipe went away: no second error when Python flushes stdout."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
