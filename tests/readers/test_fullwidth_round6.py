"""Text printed in full-width ASCII (`２０２３`, `≥９０．００％`, `｜`) reads as the same text
printed narrow: the layouts read a narrowed copy, fields keep the printed text,
and JX009 says so."""

from __future__ import annotations

import unicodedata

from jixiao.core.form_json import form_to_dict
from jixiao.readers.text import read_text

FORM = """\
项目支出绩效自评表
(2023年度)
项目名称 | 乡村文化站运行 |
主管部门 | 某县文化和旅游局 | 实施单位 | 某镇文化站 |
年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 20.00 | 24.00 | 21.60 | 10 | 90.00% | 9 |
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标 | 数量指标 | 开展文化活动次数 | >=12次 | 14次 | 50 | 50 | |
效益指标 | 社会效益指标 | 群众参与人次 | >=800人次 | 760人次 | 30 | 27 | |
满意度指标 | 服务对象满意度指标 | 群众满意度 | >=90% | 93% | 10 | 10 | 宣传到位,群众认可 |
总分 | 100 | 96 |
"""


def _wide(text: str) -> str:
    return text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


def _narrow(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value)
    if isinstance(value, list):
        return [_narrow(v) for v in value]
    if isinstance(value, dict):
        return {k: _narrow(v) for k, v in value.items()}
    return value


def test_a_full_width_form_reads_as_the_narrow_one() -> None:
    (narrow,) = read_text(FORM)
    (wide,) = read_text(_wide(FORM))
    assert narrow.form is not None and wide.form is not None
    assert len(narrow.form.indicators) == 3
    assert _narrow(form_to_dict(wide.form)) == _narrow(form_to_dict(narrow.form))


def test_fields_keep_the_printed_width_and_the_reading_is_reported() -> None:
    (wide,) = read_text(_wide(FORM))
    assert wide.form is not None
    assert wide.form.indicators[0].target == "＞＝１２次"
    assert wide.form.total.score is not None and str(wide.form.total.score) == "96"
    (jx009,) = [f for f in wide.findings if f.code == "JX009"]
    assert "全角" in jx009.message and jx009.source is not None


def test_prose_punctuation_alone_is_no_conversion() -> None:
    text = FORM.replace("(2023年度)", "（2023年度）").replace(",", "，")
    (read,) = read_text(text)
    assert read.form is not None
    assert not [f for f in read.findings if f.code == "JX009"]
    assert read.form.indicators[2].note == "宣传到位，群众认可"
