"""Template placeholders are matched in both scripts: a traditional form, whose names are kept
as printed, leaves `指標2` rows that are dropped as `指标2` rows are."""

from __future__ import annotations

import pytest

from jixiao.readers.dispatch import read_bytes
from jixiao.readers.placeholders import is_placeholder_name


@pytest.mark.parametrize("name", ["指標2", "指標 3：", "指標二", "指標12:", "指標"])
def test_traditional_template_names(name: str) -> None:
    assert is_placeholder_name(name)


@pytest.mark.parametrize("name", ["指標完成率", "指標2：培訓人數", "達標率"])
def test_traditional_real_names(name: str) -> None:
    assert not is_placeholder_name(name)


TRADITIONAL = "\n".join([
    "項目名稱 | 社區服務 | 主管部門 | 某區民政局",
    "一級指標 | 二級指標 | 三級指標 | 年度指標值 | 實際完成值 | 分值 | 得分",
    "產出指標 | 數量指標 | 服務人次 | ≥100人 | 120人 | 45 | 45",
    " |  | 指標2 |  |  |  | ",
    "滿意度指標 | 服務對象滿意度指標 | 居民滿意度 | ≥90% | 95% | 45 | 45",
    "總分 | 100 | 100", ""])


def test_a_traditional_form_drops_its_placeholder_row_named_as_printed() -> None:
    (result,) = read_bytes(TRADITIONAL.encode(), "f.txt")
    assert [i.name for i in result.form.indicators] == ["服務人次", "居民滿意度"]
    (jx039,) = [f for f in result.findings if f.code == "JX039"]
    assert "「指標2」" in jx039.message
    assert jx039.source is not None and jx039.source.line == 4
