"""A glued form whose goals come before its funds table (Sichuan's template: 项目基本情况 —
目标, 项目实施内容及过程概述 — then 预算执行情况): the goal text ends where the funds table
begins, and the funds are read after the goals as before them."""

from __future__ import annotations

import pytest

from jixiao.readers.glued import read_glued
from jixiao.readers.vocabulary import CaptionKind, classify

HEAD = ("项目支出绩效自评表(2023年度)项目名称乡村文化站运行主管部门某县文化和旅游局"
        "实施单位某镇文化站")
GOALS = "年度总体目标预期目标实际完成情况开展群众文化活动十二次以上。全年开展文化活动十四次。"
FUNDS = ("项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额20.0024.0021.60"
         "1090.00%9其中:财政拨款20.0024.0021.6090.00%")
TABLE = ("一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
         "产出指标(50分)数量指标开展文化活动次数≥12次14次5050"
         "效益指标(30分)社会效益指标群众参与人次≥800人次760人次3027"
         "满意度指标(10分)服务对象满意度指标群众满意度≥90%93%1010总分10096")


@pytest.mark.parametrize("between", ["", "项目实施内容及过程概述按计划开展各项活动。"])
def test_funds_after_the_goals_read_as_before_them(between: str) -> None:
    (before,) = read_glued(HEAD + FUNDS + GOALS + TABLE)
    (after,) = read_glued(HEAD + GOALS + between + FUNDS + TABLE)
    assert before.form is not None and after.form is not None
    assert after.form.funds == before.form.funds
    assert [r.annual for r in after.form.funds.rows] == ["24.00", "24.00"]
    assert after.form.goals.actual == "全年开展文化活动十四次。"
    assert after.form.indicators == before.form.indicators


def test_funds_words_inside_the_goals_are_goal_text() -> None:
    goals = GOALS.replace("全年开展文化活动十四次。", "全年开展文化活动十四次，项目资金全部到位。")
    (read,) = read_glued(HEAD + FUNDS + goals + TABLE)
    assert read.form is not None
    assert read.form.goals.actual == "全年开展文化活动十四次，项目资金全部到位。"


def test_the_description_caption_is_no_level_name() -> None:
    assert classify("项目实施内容及过程概述") is CaptionKind.IGNORED_FIELD
