"""`check --format json` writes a form's findings as one piece (issue 9): the text is byte for
byte the one `json.dumps` gives of the whole list, compact or indented, whatever the number of
findings of each form (none, one, many)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.cli import main
from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.services.evaluate import evaluate, sort_findings
from jixiao.services.inputs import iter_paths, pick_profile
from jixiao.services.present import finding_json, finding_to_dict
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


_ODD = ['含"引号"与\\反斜杠', "控制\x00\x1f\x7f字符", "\ud800", "行\n尾\t"]
_TEXTS = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(_ODD))


@given(form=_TEXTS, code=st.text(min_size=1, max_size=5), message=st.text(max_size=20),
       path=_TEXTS, line=st.one_of(st.none(), st.integers(), st.booleans()), file=_TEXTS,
       hint=_TEXTS, severity=st.sampled_from(list(Severity)), placed=st.booleans())
def test_a_finding_is_written_as_json_dumps_writes_its_dict(
        form: str | None, code: str, message: str, path: str | None, line: int | None,
        file: str | None, hint: str | None, severity: Severity, placed: bool) -> None:
    source = SourceRef(file=file, line=line) if placed else None
    finding = Finding(code, severity, message, path, form, source, hint)
    assert finding_json(finding) == json.dumps(finding_to_dict(finding), ensure_ascii=False)


def test_a_field_of_another_type_is_left_to_the_encoder() -> None:
    finding = Finding("JX001", Severity.ERROR, 5, None)  # type: ignore[arg-type]
    assert finding_json(finding) == json.dumps(finding_to_dict(finding), ensure_ascii=False)
