"""Shared test data for the writers: the seed and corpus forms, scorecards, golden files."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from jixiao.core.form_json import form_from_dict, form_to_dict
from jixiao.core.model import FUNDS_SOURCES, Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.rules.checks import run_checks
from jixiao.rules.engine import score_form
from jixiao.rules.profile import load_profile
from jixiao.writers.docx_report import ReportItem

DATA = Path(__file__).parent.parent / "data"
GOLDEN = DATA / "golden"
WRITERS_GOLDEN = GOLDEN / "writers"
UPDATE = os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1"


def seed_forms() -> list[Form]:
    """The four seed forms the golden files are rendered from (a frozen copy of the seed's
    golden JSON, so that the writers' golden files change only when the writers do)."""
    data = json.loads((WRITERS_GOLDEN / "seed-forms.json").read_text(encoding="utf-8"))
    return [form_from_dict(d) for d in data]


def live_seed_forms() -> list[Form]:
    """The seed forms as the readers' golden JSON has them today."""
    data = json.loads((GOLDEN / "seed.json").read_text(encoding="utf-8"))
    return [form_from_dict(d) for d in data]


def corpus_labels(path: Path) -> list[dict[str, Any]]:
    """The forms of a corpus label file (one object or a list) in the canonical shape: `year`
    as int, no `label_notes`; a form the label leaves without a 项目名称 is not drawable."""
    loaded = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for data in loaded if isinstance(loaded, list) else [loaded]:
        data.pop("label_notes", None)
        if isinstance(data.get("year"), str):
            data["year"] = int(data["year"])
        if data.get("project_name") is not None:
            out.append(data)
    return out


def corpus_forms() -> list[tuple[str, Form]]:
    """(id, form) of every labelled corpus form; `NNN-k` when a file holds several."""
    out = []
    for path in sorted((DATA / "corpus" / "labels").glob("*.json")):
        labels = corpus_labels(path)
        for k, data in enumerate(labels):
            suffix = f"-{k + 1}" if len(labels) > 1 else ""
            out.append((f"{path.stem}{suffix}", form_from_dict(data)))
    return out


def all_forms() -> list[tuple[str, Form]]:
    """Every real form the tests have: the seed's and the corpus labels'."""
    seed = [(f"seed-{i}", f) for i, f in enumerate(live_seed_forms())]
    return seed + corpus_forms()


def report_item(form: Form, profile: str = "shanghai-2024") -> ReportItem:
    """A form with its scorecard and findings under a profile."""
    prof = load_profile(profile)
    card = score_form(form, prof)
    return ReportItem(form=form, scorecard=card, findings=tuple(run_checks(form, prof, card)))


def canonical(form: Form) -> dict[str, Any]:
    return form_to_dict(form)


def assert_golden(name: str, data: Any) -> None:
    """Compare normalised rendered output with `tests/data/golden/writers/<name>`.

    With `JIXIAO_UPDATE_GOLDEN=1` the golden file is (re)written instead.
    """
    path = WRITERS_GOLDEN / name
    text = dump_compact(data) + "\n"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            raise AssertionError(f"golden file {path} was missing and has been written")
        return
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(text) == expected, (
        f"{name} differs from its golden file; rerun with JIXIAO_UPDATE_GOLDEN=1 "
        "if the change is intended")


def dump_compact(data: Any, indent: int = 0) -> str:
    """JSON with one line per innermost row: diffs of golden files stay readable."""
    pad = " " * (indent + 1)
    if isinstance(data, dict) and data:
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dump_compact(v, indent + 1)}"
                 for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(data, list) and data and not _is_flat_row(data):
        items = [pad + dump_compact(v, indent + 1) for v in data]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    return json.dumps(data, ensure_ascii=False, default=_default)


def _is_flat_row(data: list[Any]) -> bool:
    """A list of scalars, or of lists of scalars (a table row of cells)."""
    def scalar(x: Any) -> bool:
        return not isinstance(x, (list, dict))
    return all(scalar(x) or (isinstance(x, list) and all(map(scalar, x))) for x in data)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


# --------------------------------------------------------------------------- HTML


class _TableParser(HTMLParser):
    """Cells of every `<table>`: text (with `<br>` as a newline), spans and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[dict[str, Any]]]] = []
        self._cell: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = {"text": "", "attrs": dict(attrs)}
        elif tag == "br" and self._cell is not None:
            self._cell["text"] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data


def html_tables(text: str) -> list[list[list[dict[str, Any]]]]:
    """Parse the tables of an HTML document: tables → rows → cells."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return parser.tables


def html_grid(text: str) -> list[list[list[list[Any]]]]:
    """Normalised HTML: per table, per row, `[text, rowspan, colspan]` of each cell."""
    return [[[[c["text"], int(c["attrs"].get("rowspan", 1)), int(c["attrs"].get("colspan", 1))]
               for c in row] for row in table] for table in html_tables(text)]


# --------------------------------------------------------------------------- random forms

_SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
TEXT = st.text(alphabet=st.one_of(_SAFE_CHARS, st.sampled_from("<>&\"'=指标（）：%")),
               max_size=24)
PRINTED = st.one_of(
    st.none(),
    st.sampled_from(["7.20", "-", "—", "100%", "100.00%", "≥95.00(%)", "=1.00(次)", "0", "10",
                     "80.44", "0.00", "1,234.50", "007", "-0.00", "=SUM(A1)", "<b>"]),
    st.from_regex(r"-?[1-9]\d{0,8}(\.\d{1,4})?", fullmatch=True),
    TEXT,
)
LEVEL1 = st.one_of(st.none(), st.sampled_from(["产出指标", "效益指标", "满意度指标"]), TEXT)
LEVEL2 = st.one_of(st.none(), st.sampled_from(["数量指标", "质量指标", "社会效益指标"]), TEXT)

INDICATORS = st.builds(Indicator, level1=LEVEL1, level2=LEVEL2, name=st.one_of(st.none(), TEXT),
                       target=PRINTED, actual=PRINTED, weight=PRINTED, score=PRINTED,
                       note=st.one_of(st.none(), TEXT))
FUNDS_ROWS = st.builds(FundsRow, source=st.sampled_from(FUNDS_SOURCES),
                       label=st.one_of(st.none(), TEXT), initial=PRINTED, annual=PRINTED,
                       executed=PRINTED, rate=PRINTED)
FORMS = st.builds(
    Form,
    project_name=TEXT,
    kind=st.sampled_from(["project", "department"]),
    year=st.one_of(st.none(), st.integers(1990, 2100)),
    department=st.one_of(st.none(), TEXT),
    implementing_unit=st.one_of(st.none(), TEXT),
    funds=st.builds(Funds, unit=st.one_of(st.none(), st.just("万元"), st.just("元")),
                    weight=PRINTED, rate=PRINTED, score=PRINTED,
                    rows=st.lists(FUNDS_ROWS, max_size=4).map(tuple)),
    goals=st.builds(Goals, expected=st.one_of(st.none(), TEXT),
                    actual=st.one_of(st.none(), TEXT)),
    indicators=st.lists(INDICATORS, max_size=6).map(tuple),
    total=st.builds(Total, weight=PRINTED, score=PRINTED),
    grade=st.one_of(st.none(), st.sampled_from(["优", "良", "中", "差"]), TEXT),
)


# --------------------------------------------------------------------------- realistic forms
# Forms as units fill them in, for round trips through the readers. Every funds row prints its
# 全年预算数 (a row with no amount at all is not told apart from no row when read back).

_WORDS = st.sampled_from(["组织", "培训", "活动", "科技", "社团", "党建", "宣传", "调研", "会议",
                          "服务", "资金", "学生", "满意度", "发放", "（一）", "2024年", "、",
                          "：", "ABC", "100%", "第32届"])
_NAME = st.lists(_WORDS, min_size=1, max_size=6).map("".join)
_AMOUNT = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False,
                      allow_infinity=False).map(lambda d: f"{d:.2f}")
_PRINTED = st.one_of(_AMOUNT, st.none(), st.sampled_from(["-", "—", "100%", "80.44%", "10", "0"]))
_UNIT = st.sampled_from(["%", "次", "人", "篇", "家", "场"])
_TARGET = st.one_of(
    st.none(), st.sampled_from(["顺利进行", "完成", "有效", "提升"]),
    st.builds(lambda o, n, u: f"{o}{n}({u})", st.sampled_from("≥≤="), _AMOUNT, _UNIT))
_ACTUAL = st.one_of(
    st.none(), st.sampled_from(["达成指标", "部分达成指标并具有一定效果", "未达成指标且效果较差"]),
    st.builds(lambda n, u: f"{n}({u})", _AMOUNT, _UNIT))
_LEVELS = st.sampled_from([
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"), ("效益指标", "经济效益指标"),
    ("满意度指标", "服务对象满意度指标"), ("成本指标", "经济成本指标")])
_INDICATOR = st.builds(
    lambda lv, name, target, actual, weight, score, note: Indicator(
        lv[0], lv[1], name, target, actual, weight, score, note),
    _LEVELS, _NAME, _TARGET, _ACTUAL, _PRINTED, _PRINTED, st.one_of(st.none(), _NAME))


def _funds_row(source: str) -> st.SearchStrategy[FundsRow]:
    return st.builds(lambda a, b, c, r: FundsRow(source=source, initial=a, annual=b,
                                                 executed=c, rate=r),
                     _PRINTED, _AMOUNT, _PRINTED, _PRINTED)


_OTHER_ROWS = st.lists(st.sampled_from(["fiscal", "carryover", "other"]), max_size=3,
                       unique=True).flatmap(lambda s: st.tuples(*[_funds_row(x) for x in s]))
REALISTIC_FORMS = st.builds(
    lambda name, dep, unit, year, total, rows, w, s, inds, goals, tw, ts, grade: Form(
        project_name=name, year=year, department=dep, implementing_unit=unit,
        funds=Funds(weight=w, rate=total.rate, score=s, rows=(total, *rows)), goals=goals,
        indicators=tuple(inds), total=Total(tw, ts), grade=grade),
    _NAME, st.one_of(st.none(), _NAME), st.one_of(st.none(), _NAME),
    st.one_of(st.none(), st.integers(2015, 2030)), _funds_row("total"), _OTHER_ROWS,
    _PRINTED, _PRINTED, st.lists(_INDICATOR, min_size=1, max_size=8),
    st.builds(Goals, st.one_of(st.none(), _NAME), st.one_of(st.none(), _NAME)),
    _PRINTED, _PRINTED, st.one_of(st.none(), st.sampled_from(["优", "良", "中", "差"])))
