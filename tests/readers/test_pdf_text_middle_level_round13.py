"""Round 13: pdftotext layout, 一级 printed on the middle line of its block.

- a split target (指标性质 | 指标值 | 度量单位) without 得分: the row printing the 一级 beside no
  二级 (the 二级 printed on the block's first row) is a row, and the rows above it take the 一级;
- that table's 合计 row prints one number: the total of 权重 (no 得分 column to total);
- one-line rows, a page footer before a block whose 一级 stands on its middle row, and a block
  of four rows whose 一级 stands on its second (as near two covers of the rows): the block's
  first row after the footer takes that 一级 (its 二级 names' family), not the one carried
  from the page before.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.text import read_text

SPLIT = """2024年度项目支出绩效自评表

项目名称     社区助餐补贴
主管部门  某区民政局  实施单位  某区民政局

项目资金（万元）  年初预算数  全年预算数  全年执行数  执行率
年度资金总额  100.00  100.00  90.00  90.00%

一级指标  二级指标  三级指标  指标性质  指标值  度量单位  实际完成值  权重
    数量指标  助餐点运营数量  ≥  20  个  21个  30
产出指标  累计助餐人次  ≥  10  万人次  11万人次  20
    质量指标  食品安全检查合格率  =  100  %  100%  20
效益指标  社会效益指标  就餐难问题  定性  有效缓解  有效缓解  10
合计  80
"""

FOOTER = """2024年度项目支出绩效自评表

项目名称    市场监管综合执法

一级指标  二级指标  三级指标  年度指标值  实际完成值  分值  得分  偏差原因分析及改进措施
    数量指标  监督抽检批次  ≥3000批次  3100批次  20  20
产出指标  检验台数  ≥4500台  4700台  10  10
    质量指标  核查处置率  100%  100%  10  10
    时效指标  投诉办结率  ≥98%  99%  20  20
成本指标  经济成本指标  公用经费控制  ≤年初预算  未超预算  10  10

— 1 —

    社会效益指标  经营主体净增户数  ≥5000户  6000户  10  10
效益指标  重大事故发生数  0起  0起  10  10
    可持续影响指标  平台覆盖率  ≥85%  90%  10  10
总分  100  100
"""


def _form(text: str) -> Form:
    (result,) = read_text(text)
    assert result.form is not None
    return result.form


def test_level1_beside_no_level2_is_a_row() -> None:
    rows = [(i.level1, i.level2, i.name, i.target, i.weight) for i in _form(SPLIT).indicators]
    assert rows == [
        ("产出指标", "数量指标", "助餐点运营数量", "≥20个", "30"),
        ("产出指标", "数量指标", "累计助餐人次", "≥10万人次", "20"),
        ("产出指标", "质量指标", "食品安全检查合格率", "=100%", "20"),
        ("效益指标", "社会效益指标", "就餐难问题", "有效缓解", "10"),
    ]


def test_total_without_a_score_column_is_the_weight() -> None:
    total = _form(SPLIT).total
    assert (total.weight, total.score) == ("80", None)


def test_block_after_a_page_footer_takes_its_middle_level1() -> None:
    level1 = [i.level1 for i in _form(FOOTER).indicators]
    assert level1 == ["产出指标"] * 4 + ["成本指标"] + ["效益指标"] * 3
