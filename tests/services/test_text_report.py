"""Text for people: colours only when asked, tables aligned by display width and fitted."""

from __future__ import annotations

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.services.evaluate import evaluate
from jixiao.services.inputs import pick_profile, read_paths
from jixiao.services.text_report import (
    Style,
    finding_line,
    score_text,
    summary_line,
    table_text,
    text_width,
)
from tests.conftest import SEED_TEXT

FINDING = Finding("JX401", Severity.ERROR, "得分低于分值，未填写偏差原因", "indicators[1].note",
                  "项目甲", SourceRef(line=12))


def test_a_finding_is_one_plain_line_and_coloured_only_when_asked() -> None:
    plain = finding_line(FINDING)
    assert plain == ("[错误] JX401 「项目甲」 indicators[1].note（第12行）："
                     "得分低于分值，未填写偏差原因")
    coloured = finding_line(FINDING, Style(colour=True))
    assert "\x1b[" in coloured and coloured.replace("\x1b[1;31m", "").replace("\x1b[0m", "") \
        == plain
    assert summary_line(3, {Severity.ERROR: 1}) == "共 3 张表：错误 1，警告 0，提示 0"


def test_display_width_counts_chinese_twice() -> None:
    assert text_width("abc") == 3 and text_width("指标a") == 5 and text_width("≥95%") == 4


def test_a_table_wraps_long_cells_and_fits_a_narrow_terminal() -> None:
    columns = (("名称", False, 10), ("分值", True, None), ("说明", False, None))
    rows = [("很长的三级指标名称需要折行显示", "10.00", "计算说明" * 10)]
    wide = table_text(columns, rows).splitlines()
    assert len({text_width(ln) for ln in wide}) == 1
    assert any("折行显示" in ln for ln in wide[3:])  # the name went on to a second line
    narrow = table_text(columns, rows, Style(width=60)).splitlines()
    assert {text_width(ln) for ln in narrow} == {max(text_width(ln) for ln in narrow)}
    assert max(text_width(ln) for ln in narrow) <= 60


def test_a_scorecard_reads_as_before() -> None:
    ev = evaluate(read_paths([str(SEED_TEXT)], bytes)[2], pick_profile("shanghai-2024"))
    text = score_text(ev)
    assert text.startswith("科技社团能力提升及港澳台科技交流（2024，规则 shanghai-2024）\n")
    assert "  执行率得分：计算 8.04，表上 8.04" in text and text.endswith("\n\n")
