"""Page text of document-sharing sites met in round 11 (JX010): the end of a paid preview with
its price, the page numbers the site's reader prints alone on a line, the uploader's notice and
the list of related documents after the form — each a small synthetic case."""

from __future__ import annotations

import pytest

from jixiao.readers.text import read_text
from jixiao.readers.text_prep import TextPrep

from .test_text_prep import FORM

GOAL = "全年完成后勤保障任务，发放物资。"


def _codes(result, code: str) -> list[str]:
    return [f.message for f in result.findings if f.code == code]


@pytest.mark.parametrize("prompt", [
    "免费预览已结束，剩余 2 页可下载查看",
    "开通VIP 立即下载 本文档为付费文档，已预览完成 2 页，剩余 1 页需下载查看",
    "10 积分  ¥1.00  下载",
    "本文档由用户上传，仅供学习交流，如有侵权请联系删除。",
])
def test_the_end_of_a_paid_preview_is_page_text(prompt: str) -> None:
    (out,) = TextPrep().lines([prompt])
    assert out.strip() == ""


def test_a_preview_break_inside_the_goals_leaves_the_goal_as_printed() -> None:
    broken = FORM.replace(GOAL, GOAL + "\n1\n免费预览已结束，剩余 2 页可下载查看\n"
                                       "10 积分  ¥1.00  下载")
    (read,) = read_text(broken)
    (plain,) = read_text(FORM)
    assert read.form == plain.form
    assert any("页码「1」" in m for m in _codes(read, "JX010"))


def test_the_page_numbers_after_the_first_one_are_page_text_too() -> None:
    rows = FORM.splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith("效益指标"))
    rows[at:at] = ["2"]
    broken = "\n".join(rows).replace(GOAL, GOAL + "\n1\n免费预览已结束，剩余 2 页可下载查看")
    (read,) = read_text(broken + "3\n")
    (plain,) = read_text(FORM)
    assert read.form == plain.form


def test_a_lone_number_without_the_site_prompt_stays() -> None:
    lines = ["1", "免费", "2", "3"]
    assert list(TextPrep().lines(lines)) == lines
    lines = ["2", "免费预览已结束，剩余 2 页可下载查看"]  # not the first page: a value
    assert next(iter(TextPrep().lines(lines))) == "2"


@pytest.mark.parametrize("line", ["相关文档：某市2023年度部门整体支出绩效自评报告  某区项目自评表",
                                  "为你推荐：某省项目支出绩效自评报告模板"])
def test_related_documents_after_the_form_are_no_second_form(line: str) -> None:
    results = read_text(FORM + line + "\n")
    assert len(results) == 1
    assert any("相关文档" in m for m in _codes(results[0], "JX010"))


def test_a_form_caption_named_like_a_document_stays() -> None:
    line = "相关文档资料齐全 完整 完整 5 5"
    assert list(TextPrep().lines([line])) == [line]


def test_a_page_number_at_the_end_of_a_stream_block_waits_for_the_next_block() -> None:
    lines = [GOAL, "1", "免费预览已结束，剩余 2 页可下载查看", "效益指标", "2", "满意度"]
    whole = list(TextPrep().lines(lines))
    streamed = list(TextPrep().blocks(["\n".join(lines[:2]) + "\n",
                                       "\n".join(lines[2:]) + "\n"]))
    assert streamed == whole == [GOAL, "", " " * len(lines[2]), "效益指标", "", "满意度"]
    assert list(TextPrep().blocks([GOAL + "\n1\n", "效益指标\n"])) == [GOAL, "1", "效益指标"]
