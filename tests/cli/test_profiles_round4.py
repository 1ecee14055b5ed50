"""Profiles picked at the service boundary: a shipped one is read once per process, a user's file
each time (it may be edited between two batches), an unknown name refused every time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

import pytest

from jixiao.rules.profile import load_profile
from jixiao.services.batch import BatchJob, Tally, run_batch
from jixiao.services.inputs import InputError, pick_profile
from tests.conftest import SEED_TEXT


def test_a_shipped_profile_is_read_once() -> None:
    first = pick_profile("shanghai-2024")
    assert pick_profile("shanghai-2024") is first
    assert first == load_profile("shanghai-2024")
    assert pick_profile("national-2020") is not first


def _user_file(tmp_path: Path, lowest: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text('title = "测试"\nvalid_from = 2024-01-01\nextends = "national-2020"\n'
                    f'sources = ["测试依据"]\n[grades]\nlowest = "{lowest}"\n',
                    encoding="utf-8")
    return path


def test_a_users_file_is_read_again_after_an_edit(tmp_path: Path) -> None:
    path = _user_file(tmp_path, "不合格")
    assert pick_profile(str(path)).grades.lowest == "不合格"
    _user_file(tmp_path, "未达标")
    assert pick_profile(str(path)).grades.lowest == "未达标"


def test_a_batch_scores_with_the_users_file_as_it_is_now(tmp_path: Path) -> None:
    def lowest_grade() -> str:
        job = BatchJob(command="score", profile=str(path))
        piece = next(run_batch(job, [str(SEED_TEXT)], _no_stdin, Tally()))
        return json.loads(piece)["grade_explanation"]["inputs"]["等级线"].rpartition("其余为")[2]

    path = _user_file(tmp_path, "不合格")
    assert lowest_grade() == "不合格"
    _user_file(tmp_path, "未达标")
    assert lowest_grade() == "未达标"


def _no_stdin() -> BinaryIO:
    raise AssertionError("no standard input here")


@pytest.mark.parametrize("name", ["no-such-profile", "no-such-profile"])
def test_an_unknown_name_is_refused_each_time(name: str) -> None:
    with pytest.raises(InputError, match="no-such-profile"):
        pick_profile(name)
