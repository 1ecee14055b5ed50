"""`check --format json` writes a form's findings as one piece (issue 9): the text is byte for
byte the one `json.dumps` gives of the whole list, compact or indented, whatever the number of
findings of each form (none, one, many)."""

from __future__ import annotations

import json

import pytest

from jixiao.cli import main
from jixiao.services.evaluate import evaluate, sort_findings
from jixiao.services.inputs import iter_paths, pick_profile
from jixiao.services.present import finding_to_dict
from tests.conftest import DATA

RAW = DATA / "corpus" / "raw"
FILES = [str(RAW / "002.txt"), str(DATA / "seed.txt"),
         str(RAW / "013.txt")]


def _expected(indent: int | None) -> str:
    profile = pick_profile("shanghai-2024")
    items = [finding_to_dict(f) for r in iter_paths(FILES, lambda: None)  # type: ignore[arg-type]
             for f in sort_findings(evaluate(r, profile).findings)]
    return json.dumps(items, ensure_ascii=False, indent=indent) + "\n"


@pytest.mark.parametrize("indent", [None, 2])
def test_the_array_is_json_dumps_of_every_finding(indent: int | None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    extra = [] if indent is None else ["--indent", str(indent)]
    main(["check", *FILES, "--profile", "shanghai-2024", "--format", "json", *extra])
    out = capsys.readouterr().out
    assert out == _expected(indent)
    assert len(json.loads(out)) > 2


def test_a_form_without_findings_adds_no_separator(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", FILES[0], FILES[0], "--profile", "shanghai-2024", "--format", "json",
          "--ignore", ",".join(f"JX{n:03d}" for n in range(1000))])
    assert capsys.readouterr().out == "[]\n"
