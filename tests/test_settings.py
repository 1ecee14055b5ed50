"""Settings are declared once, validated, reach the readers, and are all in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.readers.limits import MIB
from jixiao.services.settings import SETTINGS, SettingError, read_limits, setting_values

README = Path(__file__).parent.parent / "README.md"


def test_defaults_without_environment() -> None:
    assert setting_values({}) == {s.name: s.default for s in SETTINGS}
    assert read_limits({}).max_pdf_pages == 200


def test_environment_overrides_and_reaches_the_limits() -> None:
    limits = read_limits({"JIXIAO_PDF_MAX_PAGES": "3", "JIXIAO_MAX_FILE_MB": "1"})
    assert limits.max_pdf_pages == 3 and limits.max_bytes == MIB


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5"])
def test_bad_values_name_the_variable(value: str) -> None:
    with pytest.raises(SettingError, match="JIXIAO_XLSX_MAX_SHEETS"):
        setting_values({"JIXIAO_XLSX_MAX_SHEETS": value})


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented(setting) -> None:
    assert setting.env in README.read_text(encoding="utf-8")


def test_every_reader_limit_is_a_setting_named_in_its_refusals() -> None:
    from dataclasses import fields

    from jixiao.readers.limits import LIMIT_ENV, ReadLimits

    by_limit = {s.limit: s.env for s in SETTINGS if s.limit}
    assert by_limit == LIMIT_ENV
    assert set(by_limit) == {f.name for f in fields(ReadLimits)}
    assert read_limits({}) == ReadLimits()  # the defaults are the same in both places


@pytest.mark.parametrize("value", ["²", "١٢", "１２", "9" * 13])
def test_digits_that_are_not_ascii_or_absurd_are_refused(value: str) -> None:
    with pytest.raises(SettingError, match="JIXIAO_MAX_FILE_MB"):
        setting_values({"JIXIAO_MAX_FILE_MB": value})
