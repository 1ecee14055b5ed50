"""Round 15: a department form's funds rows by budget kind, the 20/80 part captions, site text.

- a 部门整体 form's funds rows `其中：一般公共预算拨款` / `政府性基金预算拨款` are fiscal money
  (kept with their captions as labels), so 其他资金 is the only other row;
- the 20/80 template's captions of its two parts, `过程指标（20分）` / `结果指标（80分）`, above
  the 一级 names, are neither an indicator row nor the 偏差原因 of the row before them;
- a sharing site's `本文档为用户上传，…删除` notice between rows, `下载文档 到电脑，…`,
  `5 积分  VIP会员免费下载` and the `相关文档推荐` heading after the form are page text.
"""

from __future__ import annotations

from jixiao.core.model import Form
from jixiao.readers.text import read_text

DEPARTMENT = "\n".join([
    "某市林业局2024年度部门整体支出绩效自评表",
    "部门名称\t某市林业局\t\t",
    "年度预算资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "\t年度资金总额\t1100.00\t1200.00\t1140.00\t10\t95.00%\t9.50",
    "\t其中：一般公共预算拨款\t800.00\t900.00\t860.00\t—\t95.56%\t—",
    "\t政府性基金预算拨款\t200.00\t200.00\t190.00\t—\t95.00%\t—",
    "\t上年结转资金\t0.00\t60.00\t50.00\t—\t83.33%\t—",
    "\t其他资金\t100.00\t40.00\t40.00\t—\t100.00%\t—",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "产出指标\t数量指标\t完成造林面积\t≥3万亩\t3.1万亩\t50\t50\t",
    "效益指标\t生态效益指标\t森林覆盖率\t≥60%\t60.2%\t40\t40\t",
    "总分\t\t\t\t\t100\t99.50\t",
    "",
])

PARTS = "\n".join([
    "项目支出绩效自评表",
    "项目名称", "医保信息平台运维",
    "主管部门", "某市医疗保障局",
    "实施单位", "某市医疗保障局",
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
    "过程指标（20分）",
    "项目决策（8分）", "项目立项", "立项依据充分性", "充分", "充分", "8", "8",
    "项目管理（12分）", "组织实施", "管理制度健全性", "健全", "健全", "12", "12",
    "结果指标（80分）",
    "产出指标（50分）", "数量指标", "运维覆盖机构数", "≥100家", "103家", "50", "50",
    "效益指标（30分）", "社会效益指标", "业务线上办理率", "≥85%", "87%", "30", "30",
    "总分", "100", "100",
    "",
])

SHARED_COPY = "\n".join([
    "项目支出绩效自评表",
    "（2024年度）",
    "项目名称 病虫害统防统治",
    "主管部门 某市农业农村局 实施单位 某市植保站",
    "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
    "年度资金总额 100.00 100.00 100.00 10 100% 10",
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
    "产出指标 数量指标 统防统治面积 ≥45万亩 46万亩 40 40",
    "本文档为用户上传，仅供学习参考，如有侵权请联系删除",
    "效益指标 经济效益指标 挽回粮食损失 ≥3万吨 3.2万吨 30 30",
    "满意度指标 服务对象满意度指标 种植户满意度 ≥90% 89% 20 19 偏远乡镇覆盖不足。",
    "",
    "还剩1页未读，继续阅读",
    "下载文档 到电脑，查找使用更方便",
    "5 积分\u3000\u3000VIP会员免费下载",
    "相关文档推荐",
    "",
])


def _form(text: str) -> Form:
    (result,) = read_text(text)
    assert result.form is not None
    return result.form


def test_budget_kind_rows_are_fiscal_with_their_labels() -> None:
    funds = _form(DEPARTMENT).funds
    assert funds is not None
    rows = [(r.source, r.label, r.initial) for r in funds.rows]
    assert [(s, lb, str(v)) for s, lb, v in rows] == [
        ("total", None, "1100.00"),
        ("fiscal", "其中：一般公共预算拨款", "800.00"),
        ("fiscal", "政府性基金预算拨款", "200.00"),
        ("carryover", None, "0.00"),
        ("other", None, "100.00"),
    ]


def test_part_captions_are_no_rows_and_no_notes() -> None:
    form = _form(PARTS)
    rows = [(i.level1, i.name, i.note) for i in form.indicators]
    assert rows == [
        ("项目决策", "立项依据充分性", None),
        ("项目管理", "管理制度健全性", None),
        ("产出指标", "运维覆盖机构数", None),
        ("效益指标", "业务线上办理率", None),
    ]


def test_sharing_site_notice_and_price_are_page_text() -> None:
    form = _form(SHARED_COPY)
    assert [(i.name, i.note) for i in form.indicators] == [
        ("统防统治面积", None),
        ("挽回粮食损失", None),
        ("种植户满意度", "偏远乡镇覆盖不足。"),
    ]
