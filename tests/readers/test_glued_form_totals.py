"""Glued 部门整体 rows with a 计量单位 column (`指标名称计量单位指标性质指标值指标权重(分)全年完成值
指标得分(分)说明`): where a row's digits split several ways, the form's own totals decide —
the indicators lost what the total lost less what the funds item lost — and what they leave
open stays unread and reported (JX016)."""

from __future__ import annotations

from jixiao.core.model import Indicator
from jixiao.readers.glued import read_glued

_HEAD = ("某局2024年度部门整体绩效自评表主管部门某局自评总分(分){total}年初预算数全年(调整)预算数"
         "全年执行数执行率执行率权重执行率得分年度总金额20020018090.00%109绩效指标指标名称计量单位"
         "指标性质指标值指标权重(分)全年完成值指标得分(分)说明")
#: 30|15|32|15 (or 301|5|321|5: full marks too), 90|20|95|20, 0.5|10|0.2|10
_ROWS = "义务植树数量万株30153215苗木成活率%90209520森林病虫害发生率%0.5100.210"


def _values(row: Indicator) -> tuple[str | None, ...]:
    return (row.target, row.actual, row.weight, row.score)


def _read(total: str, rows: str = _ROWS) -> tuple[list[Indicator], list[str]]:
    result = read_glued(_HEAD.format(total=total) + rows)[0]
    return list(result.form.indicators), [f"{f.code} {f.message}" for f in result.findings]


def test_no_points_lost_leaves_only_full_marks_splits() -> None:
    """自评总分 99 with the funds item's 1 point lost: every row has full marks."""
    rows, findings = _read("99")
    assert [r.name for r in rows] == ["义务植树数量", "苗木成活率", "森林病虫害发生率"]
    assert _values(rows[1]) == ("90%", "95", "20", "20")
    assert _values(rows[2]) == ("0.5%", "0.2", "10", "10")
    assert _values(rows[0]) == (None, None, None, None)  # 30|15|32|15 or 301|5|321|5
    assert any(f.startswith("JX016") and "义务植树数量" in f for f in findings)
    assert any(f.startswith("JX038") and "苗木成活率" in f and "未扣分" in f for f in findings)


def test_without_a_total_the_rows_stay_unsplit() -> None:
    rows, findings = _read("")
    assert all(_values(r) == (None, None, None, None) for r in rows)
    assert sum(f.startswith("JX016") for f in findings) == 3


def test_points_lost_bound_each_row() -> None:
    """自评总分 96: the indicators lost 3 points together, so no row lost more."""
    rows, findings = _read("96")
    assert _values(rows[1]) == ("90%", "95", "20", "20")
    assert any(f.startswith("JX038") and "共扣3分" in f for f in findings)


def test_totals_that_do_not_add_up_decide_nothing() -> None:
    """A total above what the funds item allows (100 with the funds item's point lost) is
    inconsistent: the rows are read as without a total."""
    rows, _ = _read("100")
    assert all(_values(r) == (None, None, None, None) for r in rows)
