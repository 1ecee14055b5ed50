"""A document-sharing site's copy of a form from an autonomous region: the site prints the
uploader's empty profile (`该用户很懒，什么也没介绍`) and a reading prompt (`文档已下载，仍需
继续阅读？点击“展开全文”`) between its pages — page text, blanked and reported (JX010); the
funds sub-rows are named by the region's budget levels (`自治区补助资金`, `旗级资金`: fiscal
money), and a sub-row printing three equal amounts keeps its 年初预算数 (no 分值 is printed in a
row without 得分)."""

from __future__ import annotations

import pytest

from jixiao.core.form_json import form_to_dict
from jixiao.readers.parts.funds import FUNDS_DEFAULT, align
from jixiao.readers.text import read_text
from jixiao.readers.vocabulary import funds_source

FORM = """\
2024年度项目支出绩效自评表
项目名称 农村供水设施维修养护
主管部门 某旗水利局 实施单位 某旗水务服务中心
项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 60.00 60.00 56.00 10 93.33% 9.33
其中：中央补助资金 30.00 30.00 30.00 100.00%
自治区补助资金 18.00 18.00 18.00 100.00%
旗级资金 12.00 12.00 8.00 66.67%
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 维修供水点位 ≥20处 22处 50 50
效益指标 社会效益指标 保障饮水安全人口 ≥1.5万人 1.6万人 30 30
满意度指标 服务对象满意度指标 受益群众满意度 ≥90% 92% 10 10
总分 100 99.33
"""


@pytest.mark.parametrize("caption", [
    "自治区补助资金", "其中：自治区财政资金", "自治区级资金", "自治州补助资金", "旗级资金",
    "盟级补助资金", "自治县财政拨款",
])
def test_an_autonomous_regions_budget_level_row_is_fiscal(caption: str) -> None:
    assert funds_source(caption) == "fiscal"


def test_a_level_alone_is_still_no_row() -> None:
    assert funds_source("自治区") is None


def test_sub_rows_of_the_regions_levels_read_as_fiscal_with_their_amounts() -> None:
    (result,) = read_text(FORM)
    rows = result.form.funds.rows
    assert [(r.source, r.label, r.initial, r.annual, r.executed, r.rate) for r in rows] == [
        ("total", None, "60.00", "60.00", "56.00", "93.33%"),
        ("fiscal", "其中：中央补助资金", "30.00", "30.00", "30.00", "100.00%"),
        ("fiscal", "自治区补助资金", "18.00", "18.00", "18.00", "100.00%"),
        ("fiscal", "旗级资金", "12.00", "12.00", "8.00", "66.67%")]
    assert (result.form.funds.weight, result.form.funds.score) == ("10", "9.33")


def test_equal_amounts_before_the_rate_of_an_unscored_row_end_at_the_rate() -> None:
    cells, _ = align(["40.00", "40.00", "40.00", "100.00%"], FUNDS_DEFAULT, str)
    assert cells == {"initial": "40.00", "annual": "40.00", "executed": "40.00",
                     "rate": "100.00%"}


def test_a_scored_row_missing_its_initial_budget_still_reads_its_weight() -> None:
    cells, _ = align(["85.00", "79.90", "10", "94.00%", "9.40"], FUNDS_DEFAULT, str)
    assert cells == {"annual": "85.00", "executed": "79.90", "weight": "10",
                     "rate": "94.00%", "score": "9.40"}


def _between_pages(text: str, page_text: list[str]) -> str:
    lines = text.splitlines()
    lines[10:10] = ["", *page_text, "第 2 页 / 共 2 页"]
    lines[6:6] = ["", "文档已下载，仍需继续阅读？点击“展开全文”", "第 1 页 / 共 2 页"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("profile", ["该用户很懒，什么也没介绍", "这家伙很懒,什么都没有留下。"])
def test_the_sites_page_text_between_pages_is_not_read(profile: str) -> None:
    (plain,) = read_text(FORM)
    (shared,) = read_text(_between_pages(FORM, [profile]))
    assert form_to_dict(shared.form) == form_to_dict(plain.form)
    reported = [f.message for f in shared.findings if f.code == "JX010"]
    assert any("展开全文" in m for m in reported)
    assert any("很懒" in m for m in reported)


def test_the_same_words_in_a_note_are_kept() -> None:
    text = FORM.replace("≥1.5万人 1.6万人 30 30", "≥1.5万人 1.6万人 30 30 需要继续阅读台账核实")
    (result,) = read_text(text)
    assert result.form.indicators[1].note == "需要继续阅读台账核实"
