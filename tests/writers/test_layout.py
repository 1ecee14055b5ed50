"""The official layout: a full, non-overlapping grid with a cell for every printed field."""

from __future__ import annotations

import pytest

from jixiao.core.model import Form, Funds, FundsRow, Indicator
from jixiao.writers.layout import (
    Formula,
    Layout,
    Role,
    blank_form,
    estimate_lines,
    group_spans,
    official_layout,
    text_width,
)
from tests.writers.support import all_forms, seed_forms

FORMS = all_forms()


def _covered(layout: Layout) -> dict[tuple[int, int], int]:
    seen: dict[tuple[int, int], int] = {}
    for cell in layout.cells:
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.col, cell.last_col + 1):
                seen[(r, c)] = seen.get((r, c), 0) + 1
    return seen


@pytest.mark.parametrize(("name", "form"), FORMS, ids=[n for n, _ in FORMS])
def test_every_grid_position_is_covered_exactly_once(name: str, form: Form) -> None:
    layout = official_layout(form)
    seen = _covered(layout)
    assert set(seen) == {(r, c) for r in range(layout.n_rows) for c in range(layout.n_cols)}
    assert set(seen.values()) == {1}


@pytest.mark.parametrize(("name", "form"), FORMS, ids=[n for n, _ in FORMS])
def test_every_printed_field_has_its_cell(name: str, form: Form) -> None:
    layout = official_layout(form)
    fields = {
        "project_name": form.project_name, "department": form.department,
        "implementing_unit": form.implementing_unit, "goals.expected": form.goals.expected,
        "goals.actual": form.goals.actual, "total.weight": form.total.weight,
        "total.score": form.total.score, "grade": form.grade,
        "funds.weight": form.funds.weight, "funds.score": form.funds.score,
    }
    for i, row in enumerate(form.funds.rows):
        for key in ("initial", "annual", "executed", "rate"):
            fields[f"funds.rows[{i}].{key}"] = getattr(row, key)
    for i, ind in enumerate(form.indicators):
        for key in ("level1", "level2", "name", "target", "actual", "weight", "score", "note"):
            fields[f"indicators[{i}].{key}"] = getattr(ind, key)
    for key, value in fields.items():
        cell = layout.by_key(key)
        assert cell is not None, key
        assert cell.text == (value or ""), key


def test_seed_layout_sections_and_captions() -> None:
    layout = official_layout(seed_forms()[0])
    texts = {c.text for c in layout.cells if c.role is Role.CAPTION}
    assert {"项目名称", "主管部门", "实施单位", "项目资金（万元）", "年初预算数", "全年预算数",
            "全年执行数", "分数", "执行率(%)", "得分", "年度总体目标", "预期目标",
            "实际完成情况", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
            "分值", "偏差原因分析及改进措施", "总分", "评分等级"} <= texts
    assert layout.title == "财政项目支出绩效自评表"
    assert layout.by_key("year").text == "（2024年度）"
    assert list(layout.sections) == ["title", "header", "funds", "goals", "indicators",
                                     "total", "grade"]
    assert layout.by_key("funds.unit").rowspan == 5


def test_level1_and_level2_merge_consecutive_rows_only() -> None:
    form = seed_forms()[0]  # 效益, then 产出 ×8, then 效益 ×2, then 满意度
    layout = official_layout(form)
    level1 = [c for c in layout.cells if c.choices == "level1"]
    assert [(c.text, c.rowspan) for c in level1] == [
        ("效益指标", 1), ("产出指标", 8), ("效益指标", 2), ("满意度指标", 1)]
    level2 = [(c.text, c.rowspan) for c in layout.cells if c.choices == "level2"]
    assert level2[:4] == [("社会效益指标", 1), ("数量指标", 4), ("质量指标", 1),
                          ("时效指标", 3)]
    merged = layout.by_key("indicators[3].level1")
    assert merged.keys[0] == "indicators[1].level1" and merged.rowspan == 8


def test_group_spans_never_cross_the_enclosing_group() -> None:
    assert group_spans(["a", "a", "b", None, None, "b"]) == [2, 0, 1, 1, 1, 1]
    assert group_spans(["x", "x", "x"], within=[0, 0, 2]) == [2, 0, 1]
    assert group_spans([]) == []


def test_total_row_rate_cell_carries_the_funds_rate() -> None:
    layout = official_layout(seed_forms()[2])
    cell = layout.by_key("funds.rate")
    assert cell.keys == ("funds.rows[0].rate", "funds.rate")
    assert cell.text == "80.44"
    assert cell.formula == Formula("rate", ("funds.rows[0].executed", "funds.rows[0].annual"))
    score = layout.by_key("funds.score")
    assert score.formula == Formula("rate_score", ("funds.weight", "funds.rate"))
    fiscal = [c for c in layout.cells if c.row == cell.row + 1]
    assert [c.text for c in fiscal if c.role is Role.PLACEHOLDER] == ["-", "-"]


def test_a_form_without_a_total_row_gets_one_for_its_score_item() -> None:
    form = Form(project_name="X", funds=Funds(weight="10", score="8", rate="80%", rows=(
        FundsRow(source="fiscal", annual="10", executed="8", rate="80%"),)))
    layout = official_layout(form)
    assert layout.by_key("funds.weight").text == "10"
    assert layout.by_key("funds.rate").text == "80%"
    assert layout.by_key("funds.rows[0].executed").text == "8"
    assert layout.by_key("funds.unit").rowspan == 3


def test_missing_values_print_empty_and_the_year_blank() -> None:
    form = Form(project_name="X", indicators=(Indicator(None, None, None),))
    layout = official_layout(form)
    assert layout.by_key("year").text == "（    年度）"
    assert layout.by_key("indicators[0].level1").text == ""
    assert layout.by_key("funds.unit").text == "项目资金（万元）"


def test_department_form_title() -> None:
    assert official_layout(Form(project_name="X", kind="department")).title == \
        "部门整体支出绩效自评表"


def test_blank_form_has_the_usual_rows() -> None:
    form = blank_form()
    assert [r.source for r in form.funds.rows] == ["total", "fiscal", "carryover", "other"]
    assert {i.level1 for i in form.indicators} == {"产出指标", "效益指标", "满意度指标"}
    layout = official_layout(form)
    assert len(layout.indicator_rows) == len(form.indicators)


def test_text_measure() -> None:
    assert text_width("ab") == 2
    assert text_width("指标") == 4
    assert estimate_lines("", 10) == 1
    assert estimate_lines("一二三四五六", 6) == 2
    assert estimate_lines("a\nb", 10) == 2
