"""Property: a well-formed form, printed a row per line as a PDF viewer copies it, reads back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.readers.text_lines import read_lines

CJK = st.text(alphabet="项目经费发放培训活动会议服务质量管理人员资料宣传科技社会效益", min_size=2,
              max_size=12)
AMOUNT = st.decimals(min_value=0, max_value=99999, places=2).map(lambda d: f"{d:.2f}")
SCORE = st.decimals(min_value=0, max_value=30, places=2).map(lambda d: f"{d:.2f}")
TARGET = st.one_of(
    st.tuples(st.sampled_from(["≥", "≤", "=", ">", "<"]), st.integers(0, 500),
              st.sampled_from(["(%)", "(次)", "(人)", "(篇)", "个", "%", "万元"]))
      .map(lambda t: f"{t[0]}{t[1]}.00{t[2]}"),
    st.sampled_from(["顺利进行", "及时", "有效提升", "高质量"]),
)
ACTUAL = st.one_of(st.integers(0, 600).map(lambda n: f"{n}.00(次)"),
                   st.sampled_from(["达成指标", "部分达成指标并具有一定效果"]))
LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
          ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
          ("满意度指标", "服务对象满意度指标")]


@st.composite
def indicators(draw) -> tuple[Indicator, ...]:
    rows = []
    for level1, level2 in LEVELS[: draw(st.integers(1, len(LEVELS)))]:
        for _ in range(draw(st.integers(1, 3))):
            note = draw(st.one_of(st.none(), CJK.map(lambda s: s + "，需加强管理。")))
            rows.append(Indicator(level1=level1, level2=level2, name=draw(CJK),
                                  target=draw(TARGET), actual=draw(ACTUAL),
                                  weight=draw(SCORE), score=draw(SCORE), note=note))
    return tuple(rows)


@st.composite
def forms(draw) -> Form:
    annual, executed = draw(AMOUNT), draw(AMOUNT)
    rows = (FundsRow("total", "0.00", annual, executed, "100.00"),
            FundsRow("fiscal", "0.00", annual, executed, "100.00"),
            FundsRow("other", "0.00", "0.00", "0.00", "0.00"))
    return Form(project_name=draw(CJK), year=draw(st.integers(2019, 2026)),
                department=draw(CJK) + "局", implementing_unit=draw(CJK) + "中心",
                funds=Funds(unit="万元", weight="10.00", rate="100.00", score="10.00", rows=rows),
                goals=Goals(expected="为" + draw(CJK) + "提供服务。",
                            actual="本项目预算执行率100%，" + draw(CJK) + "已完成。"),
                indicators=draw(indicators()),
                total=Total(weight="100.00", score=draw(SCORE)),
                grade=draw(st.sampled_from(["优", "良", "中", "差"])))


def print_form(form: Form) -> str:
    """The form as a PDF viewer's copy prints it: a row per line, cells separated by spaces."""
    f = form.funds
    lines = ["财政项目支出绩效自评表", f"（{form.year}年度）", f"项目名称 {form.project_name}",
             f"主管部门 {form.department} 实施单位 {form.implementing_unit}", "项目资金（万元）",
             "年初预算数 全年预算数 全年执行数 分值 执行率(%) 得分"]
    captions = {"total": "年度资金总额：", "fiscal": "其中：当年财政拨款", "other": "其他资金"}
    for row in f.rows:
        extra = (f.weight, row.rate, f.score) if row.source == "total" else ("-", row.rate, "-")
        lines.append(" ".join([captions[row.source], row.initial, row.annual, row.executed,
                               extra[0], extra[1], extra[2]]))
    lines += ["年度总体目标", "预期目标 实际完成情况", form.goals.expected, form.goals.actual,
              "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施"]
    previous: tuple[str | None, str | None] = (None, None)
    for i, ind in enumerate(form.indicators, 1):
        levels = (ind.level1, ind.level2)
        head = [ind.level1 if ind.level1 != previous[0] else None,
                ind.level2 if levels != previous else None]
        previous = levels
        cells = [*(h for h in head if h), f"指标 {i}：{ind.name}", ind.target, ind.actual,
                 ind.weight, ind.score, ind.note or ""]
        lines.append(" ".join(c for c in cells if c))
    lines += [f"总分 {form.total.weight} {form.total.score}", f"评分等级 {form.grade}"]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(forms())
def test_printed_form_reads_back(form: Form) -> None:
    (result,) = read_lines(print_form(form))
    assert result.form == form
    assert result.findings == ()
