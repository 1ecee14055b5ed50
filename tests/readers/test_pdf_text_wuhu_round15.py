"""Round 15: pdftotext layout of a form whose page breaks inside the indicator table.

- the next page's running title says it goes on (`…自评表（续）`) and the line after it is a
  wrapped 二级 caption's first piece, not a row: the title starts no form, the rows after it
  and the 总分 row stay with the form;
- the 项目资金（万元） caption centred on the funds rows, below the 年度资金总额 row, and a
  fiscal row's caption wrapped around its figures (`其中：中央财政` / figures / `资金` on the
  caption's line): every row keeps its own figures, the caption is read whole.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.text import read_text

HEAD = """                    2024年度项目支出绩效自评表

   项目名称          社区路灯维护
   主管部门          某区城市管理局              实施单位          某区路灯所

   一级      二级                                                              偏差原因分析
                       三级指标              年度指标值  实际完成值  分值  得分
   指标      指标                                                              及改进措施
             数量指标  维护路灯数量          ≥1200盏     1250盏    10    10
                                                                               2处线路因道路
                       新装节能灯数量        ≥300盏      300盏     10    9     施工未完成，
                                                                               已纳入计划。
   产出指标  质量指标  路灯亮灯率            ≥98%        99%       10    10
             时效指标  故障修复及时率        ≥95%        97%       10    10
             成本指标  单灯维护成本          ≤150元      142元     10    10
"""

CONTINUED = HEAD + """
                                                 第 1 页，共 2 页
\f
                              某区城市管理局2024年度项目支出绩效自评表（续）
             社会效益
                       夜间出行安全感        ≥85%        88%       20    20
             指标
   效益指标
             可持续影
                       路灯智能控制覆盖率    ≥60%        65%       10    10
             响指标
             服务对象满
   满意度指标          居民满意度            ≥90%        93%       20    20
             意度指标
                               总分                                100   99

                                                 第 2 页，共 2 页
"""


def _forms(text: str) -> list[Form]:
    forms = [r.form for r in read_text(text)]
    assert all(f is not None for f in forms)
    return [f for f in forms if f is not None]


def test_continued_title_starts_no_form() -> None:
    (form,) = _forms(CONTINUED)
    names = [(i.level1, i.name, i.weight) for i in form.indicators]
    assert names == [("产出指标", "维护路灯数量", "10"), ("产出指标", "新装节能灯数量", "10"),
                     ("产出指标", "路灯亮灯率", "10"), ("产出指标", "故障修复及时率", "10"),
                     ("产出指标", "单灯维护成本", "10"),
                     ("效益指标", "夜间出行安全感", "20"),
                     ("效益指标", "路灯智能控制覆盖率", "10"), ("满意度指标", "居民满意度", "20")]
    assert form.total.score == "99"


FUNDS = """                 2024年度项目支出绩效自评表

   项目名称          社区路灯维护
   主管部门          某区城市管理局           实施单位       某区路灯所
                                  年初预算数  全年预算数  全年执行数  分值  执行率   得分
                     年度资金总额     500.00      600.00      570.00    10  95.00%   9.50
                     其中：中央财政
                                      200.00      200.00      200.00     —    100.00%      —
   项目资金          资金
   （万元）          省级财政资金     300.00      400.00      370.00     —  92.50%      —
                     其他资金            —           —           —       —      —       —
"""


def test_funds_caption_centred_below_total() -> None:
    (form,) = _forms(FUNDS)
    rows = [(r.source, r.label, r.annual, r.executed) for r in form.funds.rows]
    assert rows == [("total", None, "600.00", "570.00"),
                    ("fiscal", "其中：中央财政资金", "200.00", "200.00"),
                    ("fiscal", "省级财政资金", "400.00", "370.00")]
    assert (form.funds.weight, form.funds.score) == ("10", "9.50")
