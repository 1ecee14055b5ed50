"""A form glued into one string (no separators) with blanks inside its captions, as typeset
text copied from a page has them (`年初 预算数`, `产出指 标`, `(50分 )`, `( 30 分)`): the blanks
separate nothing, so the form reads as it does without them."""

from __future__ import annotations

from jixiao.core.form_json import form_to_dict
from jixiao.readers.glued_text import join_glued
from jixiao.readers.text import read_text

GLUED = (
    "项目支出绩效自评表(2023年度)项目名称乡村文化站运行主管部门某县文化和旅游局实施单位某镇文化站"
    "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额20.0024.0021.60"
    "1090.00%9其中:财政拨款20.0024.0021.6090.00%年度总体目标预期目标实际完成情况开展群众文化活动十二次以上。全年开展文化活动十四次。"
    "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
    "产出指标(50分)数量指标开展文化活动次数≥12次14次5050"
    "效益指标(30分)社会效益指标群众参与人次≥800人次760人次3027"
    "满意度指标(10分)服务对象满意度指标群众满意度≥90%93%1010总分10096\n"
)
SPACED = (GLUED.replace("年初预算数", "年初 预算数").replace("全年执行数", "全年 执行数")
          .replace("财政拨款", "财 政拨款").replace("产出指标(50分)", "产出指 标(50分 )")
          .replace("效益指标(30分)", "效益 指标( 30 分)").replace("实际完成值", "实际完成 值")
          .replace("服务对象满意度指标", "服务对象 满意度指标"))


def test_the_glued_form_reads() -> None:
    (read,) = read_text(GLUED)
    assert read.form is not None
    assert [i.name for i in read.form.indicators] == ["开展文化活动次数", "群众参与人次",
                                                      "群众满意度"]


def test_blanks_inside_captions_change_nothing() -> None:
    (plain,) = read_text(GLUED)
    (spaced,) = read_text(SPACED)
    assert spaced.form is not None and plain.form is not None
    assert form_to_dict(spaced.form) == form_to_dict(plain.form)


def test_blanks_next_to_a_number_are_kept() -> None:
    assert join_glued("得分 10 9 总分(10分 )").flat == "得分 10 9 总分(10分)"
    assert join_glued("年初 预算数\n产出 指标").starts == [0, 5]
