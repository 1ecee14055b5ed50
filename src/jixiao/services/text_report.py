"""Evaluations as text for people: finding lines, score tables, the summary — plain strings.

Built as strings (no console object per line, no markup parsing: `[link=…]` in a form is text):
the batch writes them as they come; text from a form never carries a control character to the
screen (`one_line`: ESC, OSC and line breaks replaced). Colours are ANSI escapes, added only
when asked (a terminal); alignment counts the display width of Chinese characters (two columns)
as terminals do.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from jixiao.core.findings import Finding, Severity
from jixiao.core.money import fmt2
from jixiao.core.safe_text import one_line
from jixiao.services.evaluate import Evaluation

__all__ = ["Style", "finding_line", "score_text", "summary_line", "table_text", "text_width"]

_RESET = "\x1b[0m"
_SEVERITY_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m",
                     Severity.INFO: "\x1b[36m"}
_BOLD = "\x1b[1m"


@dataclass(frozen=True)
class Style:
    """How text is written: with colours (a terminal) and within a width (None: no limit)."""

    colour: bool = False
    width: int | None = None

    def paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour and text else text


PLAIN = Style()


# ---------------------------------------------------------------- findings


def finding_line(f: Finding, style: Style = PLAIN) -> str:
    """`[错误] JX101 「项目」 funds.rows[0]（第12行）：message` (no line end)."""
    place = f.path or "—"
    if f.source and f.source.line is not None:
        place += f"（第{f.source.line}行）"
    label = style.paint(f"[{f.severity.label}]", _SEVERITY_COLOURS[f.severity])
    return f"{label} {f.code} 「{one_line(f.form or '')}」 {one_line(place)}：{one_line(f.message)}"


def summary_line(forms: int, counts: dict[Severity, int], style: Style = PLAIN) -> str:
    """`共 N 张表：错误 a，警告 b，提示 c`."""
    summary = "，".join(f"{s.label} {counts.get(s, 0)}" for s in Severity)
    return style.paint(f"共 {forms} 张表：{summary}", _BOLD)


# ---------------------------------------------------------------- scores

#: Columns of the score table: heading, right-aligned, the widest the column may grow (then wraps).
_SCORE_COLUMNS: tuple[tuple[str, bool, int | None], ...] = (
    ("#", True, None), ("一级/二级", False, None), ("三级指标", False, 28),
    ("年度指标值", False, None), ("实际完成值", False, None), ("分值", True, None),
    ("自评", True, None), ("计算", True, None), ("状态", False, None), ("计算说明", False, 48),
)


def score_text(ev: Evaluation, style: Style = PLAIN) -> str:
    """The scorecard of one form for people: heading, execution rate, indicator table with the
    reason of each computed score, sources, total and grade; ends with a blank line."""
    card = ev.scorecard
    form = ev.form
    year = form.year or "年度未知"
    lines = [
        f"{style.paint(one_line(form.project_name), _BOLD)}（{year}，规则 {card.profile}）",
        f"  执行率：{fmt2(card.execution_rate.value) or '—'}%  "
        f"{card.execution_rate.explanation.describe()}",
        f"  执行率得分：计算 {fmt2(card.execution_score.value) or '—'}，"
        f"表上 {form.funds.score or '—'}  {card.execution_score.explanation.describe()}",
    ]
    rows = []
    for row in card.rows:
        ind = form.indicators[row.index]
        level = "/".join(x.removesuffix("指标") for x in (ind.level1, ind.level2) if x)
        rows.append(tuple(one_line(cell) for cell in (
            str(row.index + 1), level, ind.name or "", ind.target or "", ind.actual or "",
            ind.weight or "", ind.score or "", fmt2(row.computed.value) or "—", row.status.label,
            row.computed.explanation.formula)))
    lines.append(table_text(_SCORE_COLUMNS, rows, style))
    sources = dict.fromkeys(r.computed.explanation.source for r in card.rows)
    lines.append("  依据：" + "；".join(s for s in sources if s))
    lines.append(f"  总分：计算 {fmt2(card.total.value) or '—'}，表上 {form.total.score or '—'}  "
                 f"{card.total.explanation.describe()}")
    lines.append(f"  评分等级：计算 {card.grade or '—'}，表上 {form.grade or '—'}  "
                 f"{card.grade_explanation.describe()}")
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------- tables


@lru_cache(maxsize=1024)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_width(text: str) -> int:
    """Columns the text takes on a terminal: wide (Chinese) characters count two."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    """The text in pieces of at most `width` columns (a character is never cut)."""
    if text_width(text) <= width:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width and current:
            pieces.append("".join(current).rstrip())
            current, used = [], 0
            if ch == " ":
                continue
        current.append(ch)
        used += w
    if current:
        pieces.append("".join(current))
    return pieces


_MIN_WRAPPED = 6  # a wrapping column is not squeezed below this many columns to fit a terminal


def table_text(columns: Sequence[tuple[str, bool, int | None]],
               rows: Iterable[Sequence[str]], style: Style = PLAIN) -> str:
    """A boxed table (heavy heading rule, as terminal tables are drawn), no line end.

    `columns` are (heading, right-aligned, maximum width or None); cells wider than their
    column's maximum wrap. With `style.width` the wrapping columns shrink until the table fits.
    """
    body = [list(r) for r in rows]
    widths = [max([text_width(h), *(text_width(r[i]) for r in body)])
              for i, (h, _, _) in enumerate(columns)]
    for i, (_, _, cap) in enumerate(columns):
        if cap is not None:
            widths[i] = min(widths[i], max(cap, text_width(columns[i][0])))
    if style.width is not None:
        _fit(widths, columns, style.width)
    head = [_bold(h, style) for h, _, _ in columns]
    out = ["┏" + "┳".join("━" * (w + 2) for w in widths) + "┓"]
    out.append("┃" + "┃".join(f" {_pad(h, text_width(columns[i][0]), widths[i], False)} "
                               for i, h in enumerate(head)) + "┃")
    out.append("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
    for row in body:
        cells = [_wrap(cell, widths[i]) for i, cell in enumerate(row)]
        for k in range(max(len(c) for c in cells)):
            parts = []
            for i, c in enumerate(cells):
                piece = c[k] if k < len(c) else ""
                parts.append(f" {_pad(piece, text_width(piece), widths[i], columns[i][1])} ")
            out.append("│" + "│".join(parts) + "│")
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return "\n".join(out)


def _fit(widths: list[int], columns: Sequence[tuple[str, bool, int | None]], limit: int) -> None:
    """Shrink the widest left-aligned columns until the table (borders included) fits."""
    frame = 3 * len(widths) + 1
    shrinkable = [i for i, (h, right, _) in enumerate(columns) if not right]
    while sum(widths) + frame > limit:
        i = max(shrinkable, key=lambda j: widths[j])
        floor = max(_MIN_WRAPPED, text_width(columns[i][0]))
        if widths[i] <= floor:
            return
        widths[i] -= 1


def _pad(text: str, used: int, width: int, right: bool) -> str:
    gap = " " * max(width - used, 0)
    return gap + text if right else text + gap


def _bold(text: str, style: Style) -> str:
    return style.paint(text, _BOLD)

