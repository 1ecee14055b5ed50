"""Round 14: pdftotext layout, a split target (指标性质 | 指标值 | 度量单位) under a header whose
narrow cells wrap their captions (`一级` / `指标`, `指标` / `性质`, `实际` / `完成值`).

- the wrapped captions are read as the columns they complete: the operator is the target's,
  not the name's, and every value stays in its column;
- a rate per mille (`‰`) and a compound unit (`元/人·月`) are units;
- a page footer, a form feed and the page's running title (页眉) inside the table: the rows of
  the next page and the 总分 row stay with the form; the page's first rows take the 一级/二级
  printed beside the middle of their block on that page;
- a 二级 name wrapped onto the line below its row (`服务对象满意度` / `指标`) is joined;
- a title after a page break that is followed by a new form's header still starts a form.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.text import read_text

HEAD = """                    项目支出绩效自评表
                      （2024年度）

项目名称        社区消防站运维经费
主管部门        某区应急管理局               实施单位        某区应急管理局

一级  二级指标  三级指标  指标  指标值  度量单位  实际  分值  得分  偏差原因分析及改进措施
指标                                            性质                         完成值
"""

PAGED = HEAD + """   数量指标   消防站数量   ≥   12   个   12   20   20
产出指标    质量指标        设备完好率          =       100       %          100       20    20
            成本指标        值守人员补贴标准    ≤       2000      元/人·月   2000      20    20

                                   第 1 页，共 2 页

某区应急管理局2024年度项目支出绩效自评表
                            火灾受害率          ≤       0.5       ‰          0.1       10    10
效益指标  社会效益指标  居民消防意识  定性  明显提高  较好  10  8  宣传覆盖不足
            可持续影响指标  站点运行            定性    好                   好        10    10
满意度指标  服务对象满意度  辖区居民满意度      ≥       90        %          95        10    10
            指标

总分                                                                                   100   98

                                   第 2 页，共 2 页
"""


def _forms(text: str) -> list[Form]:
    forms = [r.form for r in read_text(text)]
    assert all(f is not None for f in forms)
    return [f for f in forms if f is not None]


def test_wrapped_captions_split_target() -> None:
    (form,) = _forms(PAGED)
    rows = [(i.name, i.target, i.actual, i.weight, i.score) for i in form.indicators[:3]]
    assert rows == [("消防站数量", "≥12个", "12", "20", "20"),
                    ("设备完好率", "=100%", "100", "20", "20"),
                    ("值守人员补贴标准", "≤2000元/人·月", "2000", "20", "20")]


def test_running_title_keeps_next_page_rows() -> None:
    (form,) = _forms(PAGED)
    rows = [(i.level1, i.level2, i.name, i.target) for i in form.indicators[3:]]
    assert rows == [("效益指标", "社会效益指标", "火灾受害率", "≤0.5‰"),
                    ("效益指标", "社会效益指标", "居民消防意识", "明显提高"),
                    ("效益指标", "可持续影响指标", "站点运行", "好"),
                    ("满意度指标", "服务对象满意度指标", "辖区居民满意度", "≥90%")]
    assert (str(form.total.weight), str(form.total.score)) == ("100", "98")


def test_title_after_break_before_a_header_starts_a_form() -> None:
    first = HEAD + """   数量指标   消防站数量   ≥   12   个   12   50   50
产出指标    质量指标        设备完好率          =       100       %          100       50    50


"""
    second = first.replace("社区消防站运维经费", "森林防火巡护经费")
    forms = _forms(first + "\f" + second)
    assert [f.project_name for f in forms] == ["社区消防站运维经费", "森林防火巡护经费"]


def test_a_page_s_first_row_under_another_family_keeps_the_level1_carried_down() -> None:
    """The first row of page 2 prints 时效指标 (an 产出指标's 二级) above the 效益指标 block:
    it ends the 产出 group page 1 began, and does not take the page's first 一级."""
    fire = "火灾受害率          ≤       0.5       ‰          0.1       10    10\n"
    repair = "时效指标        维修响应时间        ≤       2         小时       1.5       10    10\n"
    text = PAGED.replace(" " * 28 + fire, " " * 12 + repair)
    (form,) = _forms(text)
    rows = [(i.level1, i.level2, i.name) for i in form.indicators[3:5]]
    assert rows == [("产出指标", "时效指标", "维修响应时间"),
                    ("效益指标", "社会效益指标", "居民消防意识")]
