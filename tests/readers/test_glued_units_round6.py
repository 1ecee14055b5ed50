"""Amounts glued each with its unit (`3359.62万3359.62万100%`): the unit ends an amount, so the
funds run goes on after it and every unit is a cut; the amounts keep their unit."""

from __future__ import annotations

from jixiao.readers.glued import read_glued

FORM = (
    "转移支付项目绩效目标自评表(2024年度)项目名称医疗救助补助资金主管部门某县医疗保障局"
    "实施单位某县医疗保障局资金投入情况(万元)全年预算数(A)全年执行数(B)预算执行率(B/A×100%)"
    "年度资金总额:{total}其中:中央财政资金{central}"
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
    "产出指标数量指标救助人次≥5000人次6200人次5050效益指标社会效益指标群众负担减轻有效有效4040"
    "总分9090"
)


def _funds(total: str, central: str) -> list[tuple[str, str | None, str | None, str | None]]:
    (result,) = read_glued(FORM.format(total=total, central=central))
    return [(r.source, r.annual, r.executed, r.rate) for r in result.form.funds.rows]


def test_each_unit_is_a_cut() -> None:
    assert _funds("3359.62万3359.62万100%", "829.3万746.37万90%") == [
        ("total", "3359.62万", "3359.62万", "100%"), ("fiscal", "829.3万", "746.37万", "90%")]


def test_the_arithmetic_still_decides() -> None:
    # 20 ÷ 40 is not the rate printed: no reading survives, nothing is invented
    rows = _funds("40万20万100%", "829.3万746.37万90%")
    assert ("total", "40万", "20万", "100%") not in rows
    assert ("fiscal", "829.3万", "746.37万", "90%") in rows


def test_the_split_is_reported() -> None:
    (result,) = read_glued(FORM.format(total="3359.62万3359.62万100%", central="1万1万100%"))
    (jx015, *_) = [f for f in result.findings if f.code == "JX015"]
    assert "3359.62万3359.62万100%" in jx015.message
