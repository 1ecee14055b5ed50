"""Generate the 三线表 (three-line table) and rule-less PDFs the PDF reader tests read.

Each PDF is the project's own writer (`jixiao.writers.pdf`, reportlab) drawing the same forms,
with its cell grid replaced by horizontal rules only: a rule above each table, one under the
indicator table's caption row (repeated on every page), one under each table; no vertical
rule. Variants:

- `three_line_seed.pdf`: the seed's four forms;
- `three_line_wrapped.pdf`: a form with long names, targets and notes wrapped over lines;
- `three_line_weight_first.pdf`: a seed form with the 分值 column before 年度指标值;
- `three_line_row_rules.pdf`: a seed form with a horizontal rule under every row;
- `three_line_no_repeat.pdf`: the seed's four forms, the caption row not repeated on the
  pages a table continues on;
- `no_rules.pdf`: the seed's four forms drawn without any rule at all.

Run from the repository root: `.venv/bin/python tests/data/pdf/make_three_line.py`
(the tests read the committed PDFs; regenerate after changing the writer's layout).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from jixiao.core.form_json import form_from_dict
from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.writers import layout as layout_module
from jixiao.writers import pdf as pdf_writer

HERE = Path(__file__).resolve().parent
SEED_FORMS = HERE.parent / "golden" / "writers" / "seed-forms.json"
RULE_WIDTH = 0.8

#: Which horizontal rules a variant draws: "three" (top, under the caption row, bottom),
#: "rows" (also under every row) or "none".
Rules = str


def seed_forms() -> list[Form]:
    """The writers' frozen copy of the seed forms."""
    data = json.loads(SEED_FORMS.read_text(encoding="utf-8"))
    return [form_from_dict(d) for d in data]


def wrapped_form() -> Form:
    """A form whose names, targets and notes wrap over two to four lines."""
    rows = []
    for i in range(1, 13):
        level2 = ("数量指标", "质量指标", "时效指标")[(i - 1) // 4]
        rows.append(Indicator(
            level1="产出指标", level2=level2,
            name=f"第{i}项：组织开展社区养老服务站点建设与运营情况的专项检查及整改复核工作",
            target=f"≥{i}.00(个服务站点按期通过验收)" if i % 3 == 0 else f"≥{i}.00(个)",
            actual=f"{i + 1}.00(个)", weight="5.00", score="5.00" if i % 4 else "4.50",
            note="资料已存档，整改复核按季度开展，个别站点验收延后至次年一季度完成。"
            if i % 4 == 0 else None))
    rows.append(Indicator(level1="满意度指标", level2="服务对象满意度指标",
                          name="服务对象满意度（抽样调查，覆盖全部服务站点及其周边社区居民）",
                          target="≥90%", actual="93%", weight="10.00", score="10.00"))
    return Form(
        project_name="社区养老服务站点建设与运营补助项目", year=2024,
        department="某区民政局", implementing_unit="某区养老服务指导中心",
        funds=Funds(unit="万元", weight="10.00", rate="98.50", score="9.85", rows=(
            FundsRow("total", "200.00", "200.00", "197.00", "98.50"),
            FundsRow("fiscal", "200.00", "200.00", "197.00", "98.50"))),
        goals=Goals(expected="完成全区二十个社区养老服务站点的建设、验收与运营补助发放。",
                    actual="已完成十九个站点的建设与验收，一个站点因场地调整延后验收。"),
        indicators=tuple(rows), total=Total("80.00", "78.00"), grade="良")


def weight_first(layout: layout_module.Layout) -> layout_module.Layout:
    """The layout with the indicator table's 分值 column (G) moved before 年度指标值 (E)."""
    start = layout.sections.get("indicators", layout.n_rows)
    stop = layout.sections.get("total", layout.n_rows)
    moved = {4: 6, 6: 4}

    def move(cell: layout_module.LayoutCell) -> layout_module.LayoutCell:
        if start <= cell.row < stop and cell.colspan == 1 and cell.col in moved:
            return replace(cell, col=moved[cell.col])
        return cell

    return replace(layout, cells=tuple(move(c) for c in layout.cells))


@contextmanager
def horizontal_rules(rules: Rules) -> Iterator[None]:
    """While active, the writer's tables draw horizontal rules instead of a grid."""
    import reportlab.platypus as platypus

    original = platypus.TableStyle

    def style(commands: Sequence[tuple], *args: object, **kwargs: object) -> object:
        kept = [c for c in commands if c[0] != "GRID"]
        if rules == "none":
            return original(kept, *args, **kwargs)
        kept.append(("LINEABOVE", (0, 0), (-1, 0), RULE_WIDTH, "black"))
        kept.append(("LINEBELOW", (0, -1), (-1, -1), RULE_WIDTH, "black"))
        if rules == "rows":
            kept.append(("LINEBELOW", (0, 0), (-1, -1), RULE_WIDTH / 2, "black"))
        return original(kept, *args, **kwargs)

    platypus.TableStyle = style  # type: ignore[assignment,misc]
    try:
        yield
    finally:
        platypus.TableStyle = original  # type: ignore[misc]


@contextmanager
def header_rule(rules: Rules) -> Iterator[None]:
    """A rule under the indicator table's caption row (the third line of a 三线表)."""
    original = pdf_writer._make_table

    def make(spec: pdf_writer._TableSpec) -> object:
        table = original(spec)
        if spec.header_rows and rules != "none":
            table.setStyle([("LINEBELOW", (0, 0), (-1, spec.header_rows - 1), RULE_WIDTH / 2,
                             "black")])
        return table

    pdf_writer._make_table = make  # type: ignore[assignment]
    try:
        yield
    finally:
        pdf_writer._make_table = original  # type: ignore[assignment]


@contextmanager
def no_repeated_header() -> Iterator[None]:
    """While active, a table continued on the next page does not repeat its caption row."""
    spec_type = pdf_writer._TableSpec
    original = spec_type.part

    def part(self: pdf_writer._TableSpec, start: int, stop: int) -> pdf_writer._TableSpec:
        if start == 0:
            return original(self, start, stop)
        return spec_type(self.slice(start, stop), self.widths, 0, self.fonts, self.max_height)

    spec_type.part = part  # type: ignore[method-assign]
    try:
        yield
    finally:
        spec_type.part = original  # type: ignore[method-assign]


def render(forms: Sequence[Form], rules: Rules = "three",
           relayout: Callable[[layout_module.Layout], layout_module.Layout] | None = None,
           *, repeat_header: bool = True) -> bytes:
    """The writer's PDF of the forms (no JSON attachment), drawn as three-line tables."""
    original = pdf_writer.official_layout
    if relayout is not None:
        pdf_writer.official_layout = lambda form: relayout(original(form))  # type: ignore
    try:
        with horizontal_rules(rules), header_rule(rules):
            if repeat_header:
                return pdf_writer.render_pdf(list(forms), attach_json=False)
            with no_repeated_header():
                return pdf_writer.render_pdf(list(forms), attach_json=False)
    finally:
        pdf_writer.official_layout = original  # type: ignore[assignment]


def ruled(forms: Sequence[Form],
          relayout: Callable[[layout_module.Layout], layout_module.Layout] | None = None
          ) -> bytes:
    """The writer's normal (fully ruled) PDF of the forms, for comparison."""
    original = pdf_writer.official_layout
    if relayout is not None:
        pdf_writer.official_layout = lambda form: relayout(original(form))  # type: ignore
    try:
        return pdf_writer.render_pdf(list(forms), attach_json=False)
    finally:
        pdf_writer.official_layout = original  # type: ignore[assignment]


VARIANTS: dict[str, Callable[[], bytes]] = {
    "three_line_seed.pdf": lambda: render(seed_forms()),
    "three_line_wrapped.pdf": lambda: render([wrapped_form()]),
    "three_line_weight_first.pdf": lambda: render(seed_forms()[:1], relayout=weight_first),
    "three_line_row_rules.pdf": lambda: render(seed_forms()[:1], rules="rows"),
    "three_line_no_repeat.pdf": lambda: render(seed_forms(), repeat_header=False),
    "no_rules.pdf": lambda: render(seed_forms(), rules="none"),
}


def main() -> int:
    for name, make in VARIANTS.items():
        (HERE / name).write_bytes(make())
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
