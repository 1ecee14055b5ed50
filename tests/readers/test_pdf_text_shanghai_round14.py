"""Round 14: pdftotext -layout of the Shanghai template (分数, 执行率(%) without `%`).

- a fiscal row's caption wrapped around its figures (`其中：当年财政` / `项目资金 850.00 …` /
  `拨款`), the merged 项目资金 caption beside the figures: the total row above stays the
  block's, the fiscal row is read, and 分数/得分 are the total's;
- a 二级 name printed on the line where the note of the row above goes on (its cell centred
  on that row's lines) names that row, and the note goes on whole;
- after a page break, the rows' 二级 families tell the 一级 groups (成本指标 as a 二级 is
  产出指标's), not the captions' places alone;
- the grade printed in the 总分 row's last cell.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.text import read_text

FORM = """                    财政项目支出绩效自评表
                         （2024年度）

  项目名称        社区体育设施配送项目
  主管部门        某区体育局       实施单位        某区体育局

                         年初预算数   全年预算数   全年执行数   分数    执行率(%)   得分
       年度资金总额：    500.00       480.00       470.00       10.00   97.92       9.79
       其中：当年财政
  项目资金               500.00       480.00       470.00       -       97.92       -
       拨款
  （万元）
       上年结转资金      0.00         0.00         0.00         -       0.00        -

一级     二级          三级指标          年度指标值     实际完成值     分值    得分    偏差原因分析
指标     指标                                                                         及改进措施
         数量指标      配送器材批次      ≥20.00(批)     21.00(批)      20.00   20.00
         质量指标      器材验收合格率    ≥95.00(%)      98.00(%)       20.00   20.00
产出指标  配送按期完成率  =100.00(%)  90.00(%)  10.00  8.00  受暴雨影响，部分
         时效指标  配送延期；已调整
                                                                                      配送计划。

                              第 1 页 共 2 页
\f
         成本指标      单批配送成本      ≤3.00(万元)    2.90(万元)     10.00   10.00
效益指标 社会效益指标  居民健身人次      ≥5.00(万人次)  5.60(万人次)   20.00   20.00
         可持续影响指标 设施使用率       持续提升       达成指标       10.00   10.00

总分                                                                  90.00   88.00   良
"""


def _form() -> Form:
    (result,) = read_text(FORM)
    assert result.form is not None
    return result.form


def test_fiscal_caption_wrapped_around_its_figures() -> None:
    funds = _form().funds
    assert (str(funds.weight), str(funds.score)) == ("10.00", "9.79")
    rows = [(r.source, str(r.annual), str(r.rate)) for r in funds.rows]
    assert rows == [("total", "480.00", "97.92"), ("fiscal", "480.00", "97.92"),
                    ("carryover", "0.00", "0.00")]


def test_level2_on_the_note_line_names_the_row_above() -> None:
    rows = _form().indicators
    assert [(i.level2, i.name) for i in rows[2:4]] == [("时效指标", "配送按期完成率"),
                                                        ("成本指标", "单批配送成本")]
    assert rows[2].note == "受暴雨影响，部分配送延期；已调整配送计划。"


def test_level1_groups_by_family_across_the_page_break() -> None:
    assert [i.level1 for i in _form().indicators] == ["产出指标"] * 4 + ["效益指标"] * 2


def test_grade_in_the_total_row() -> None:
    form = _form()
    assert (str(form.total.weight), str(form.total.score), form.grade) == ("90.00", "88.00", "良")
