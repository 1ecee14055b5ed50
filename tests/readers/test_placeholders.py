"""Template placeholder rows (`指标2`, `……`, `(≥**人)`) are dropped at the reader edge (JX039);
an unnamed row with real values, and every real row, stay."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.findings import SourceRef
from jixiao.core.model import Form, Indicator
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.dispatch import read_bytes
from jixiao.readers.placeholders import (
    drop_placeholders,
    is_placeholder,
    is_placeholder_name,
    is_placeholder_text,
)
from jixiao.readers.stream import read_stream


def _row(name: str | None, target: str | None = None, actual: str | None = None,
         weight: str | None = None, score: str | None = None, note: str | None = None
         ) -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", name=name, target=target,
                     actual=actual, weight=weight, score=score, note=note)


@pytest.mark.parametrize("text", ["……", "...", "XX", "xx", "*", "**", "(≥**人)", "（≥**%）",
                                  "XX万元", "≤X天", "＊＊"])
def test_stand_ins_are_placeholder_text(text: str) -> None:
    assert is_placeholder_text(text)


@pytest.mark.parametrize("text", ["", None, "≥95%", "10", "达成指标", "X光机检查", "100.00(%)",
                                  "-", "≥10人"])
def test_real_values_are_not_placeholder_text(text: str | None) -> None:
    assert not is_placeholder_text(text)


@pytest.mark.parametrize("name", ["指标2", "指标 3：", "指标二", "指标12:", "指标", "……", "XX"])
def test_template_names(name: str) -> None:
    assert is_placeholder_name(name)


@pytest.mark.parametrize("name", ["指标完成率", "指标2：培训人数", "XX街道改造", "居民满意度"])
def test_real_names(name: str) -> None:
    assert not is_placeholder_name(name)


@pytest.mark.parametrize("row", [
    _row("指标2"),
    _row("指标 3：", "……", "……"),
    _row(None, "(≥**人)", "-"),
    _row("……", "XX", "XX", "/", "/"),
    _row("", "XX万元"),
])
def test_placeholder_rows(row: Indicator) -> None:
    assert is_placeholder(row)


@pytest.mark.parametrize("row", [
    _row("指标2", "≥10人", "12人", "5", "5"),  # unnamed, but a real row
    _row("指标2", None, None, None, "3"),
    _row("指标2", None, None, "0", "0"),
    _row("指标2", None, None, None, None, "因疫情未开展"),
    _row("培训人数", "XX", "XX"),  # a named row whose values are stand-ins: the checks say so
    _row(None),  # an empty row under its 二级指标 (JX036) is the reader's, not a placeholder
    _row("", "-", "-"),
])
def test_real_or_empty_rows_are_kept(row: Indicator) -> None:
    assert not is_placeholder(row)


def _result(rows: list[Indicator]) -> ReadResult:
    sources = {f"indicators[{i}].{k}": SourceRef(file="f.txt", line=10 + i)
               for i in range(len(rows)) for k in ("name", "target")}
    findings = (import_finding("JX033", "x", path="indicators[1].target"),
                import_finding("JX033", "y", path="indicators[2].score"),
                import_finding("JX001", "z"))
    return ReadResult(form=Form(project_name="p", indicators=tuple(rows)), findings=findings,
                      sources=sources)


def test_dropping_renumbers_what_follows_and_reports_each_row_at_its_place() -> None:
    rows = [_row("培训人数", "≥10人", "12人", "5", "5"), _row("指标2"),
            _row("培训次数", "≥2次", "2次", "5", "5")]
    result = drop_placeholders(_result(rows), "f.txt")
    assert result.form.indicators == (rows[0], rows[2])
    assert result.sources["indicators[1].name"] == SourceRef(file="f.txt", line=12)
    assert "indicators[2].name" not in result.sources
    paths = [f.path for f in result.findings if f.code == "JX033"]
    assert paths == ["indicators[1].score"]  # the finding about the dropped row went with it
    (jx039,) = [f for f in result.findings if f.code == "JX039"]
    assert jx039.source == SourceRef(file="f.txt", line=11)
    assert "「指标2」" in jx039.message and "第11行" in jx039.message


def test_a_form_without_placeholders_is_the_same_object() -> None:
    result = _result([_row("培训人数", "≥10人", "12人", "5", "5")])
    assert drop_placeholders(result, "f.txt") is result


NAMES = st.text(alphabet="培训人数次居民满意度指标0123456789：X*…", max_size=8)
VALUES = st.one_of(st.none(), st.sampled_from(["", "-", "XX", "……", "(≥**人)", "5", "≥10人",
                                               "达成指标", "0"]))


@settings(max_examples=200, deadline=None)
@given(st.builds(_row, NAMES, VALUES, VALUES, VALUES, VALUES, VALUES))
def test_a_row_with_any_real_value_is_never_dropped(row: Indicator) -> None:
    real = [v for v in (row.target, row.actual, row.weight, row.score, row.note)
            if v and not is_placeholder_text(v) and v != "-"]
    if real:
        assert not is_placeholder(row)


FORM = "\n".join([
    "项目名称 | 社区服务 | 主管部门 | 某区民政局",
    "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分",
    "产出指标 | 数量指标 | 服务人次 | ≥100人 | 120人 | 45 | 45",
    " |  | 指标2 |  |  |  | ",
    "满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥90% | 95% | 45 | 45",
    "总分 | 100 | 100", ""])


def test_every_reader_edge_drops_placeholders_the_same_way() -> None:
    whole = read_bytes(FORM.encode(), "f.txt")
    streamed = list(read_stream(io.BytesIO(FORM.encode()), "f.txt"))
    assert whole == streamed
    (result,) = whole
    assert [i.name for i in result.form.indicators] == ["服务人次", "居民满意度"]
    (jx039,) = [f for f in result.findings if f.code == "JX039"]
    assert jx039.source is not None and jx039.source.line == 4
