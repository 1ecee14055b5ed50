"""The checks on real forms: the four Shanghai 2024 seed forms and the labelled corpus."""

from __future__ import annotations

import pytest

from jixiao.core.findings import Finding, Severity
from jixiao.core.model import Form
from tests.rules.test_checks_base import corpus_form, findings, seed_forms

SHANGHAI = "shanghai-2024"


@pytest.fixture(scope="module")
def seed() -> list[tuple[Form, list[Finding]]]:
    return [(form, findings(form, SHANGHAI)) for form in seed_forms()]


def _hits(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


def _row(form: Form, finding: Finding) -> str:
    index = int((finding.path or "").split("[")[1].split("]")[0])
    return form.indicators[index].name or ""


def test_seed_forms_have_no_arithmetic_errors(seed) -> None:
    for _, found in seed:
        assert not [f for f in found if f.code.startswith("JX1")]


def test_accident_count_with_ge_zero(seed) -> None:
    form, found = seed[1]
    for code in ("JX301", "JX303"):
        [hit] = _hits(found, code)
        assert _row(form, hit) == "重大事故率" and hit.path.endswith(".target")


def test_duplicated_rows_in_form_three(seed) -> None:
    form, found = seed[2]
    names = [_row(form, h) for h in _hits(found, "JX210")]
    assert names.count("按各节点工作时间完成各项任务，保证会议顺利举行") == 1
    assert names.count("通过各媒体对会议活动报道宣传，提升影响力") == 1


def test_interleaved_groups_in_form_two(seed) -> None:
    _, found = seed[1]
    assert len(_hits(found, "JX212")) == 2


def test_name_saying_at_most_ten_over_ge_twenty(seed) -> None:
    form, found = seed[2]
    [hit] = _hits(found, "JX307")
    assert "不多于10人" in _row(form, hit) and form.indicators[7].target == "≥20.00(人)"


def test_le_on_output_counts(seed) -> None:
    form, found = seed[2]
    targets = sorted(form.indicators[int(h.path.split("[")[1].split("]")[0])].target
                     for h in _hits(found, "JX302"))
    assert targets == ["≤200.00(人)", "≤25.00(篇)", "≤3.00(次)"]


def test_low_execution_without_explanation(seed) -> None:
    _, found = seed[2]
    [hit] = _hits(found, "JX402")
    assert "80.44%" in hit.message and hit.path == "funds.rate"
    for _, other in (seed[0], seed[1], seed[3]):
        assert not _hits(other, "JX402")


def test_overcompletion_171_against_80(seed) -> None:
    form, found = seed[2]
    assert any(form.indicators[int(h.path.split("[")[1].split("]")[0])].actual == "171.00(人)"
               for h in _hits(found, "JX311"))


def test_name_only_a_value_and_target_only_a_unit(seed) -> None:
    form2, found2 = seed[1]
    assert [_row(form2, h) for h in _hits(found2, "JX308")] == ["2场"]
    form4, found4 = seed[3]
    assert len(_hits(found4, "JX309")) == 3
    assert all(form4.indicators[int(h.path.split("[")[1].split("]")[0])].target == "人"
               for h in _hits(found4, "JX309"))


def test_documented_deductions_are_not_errors(seed) -> None:
    for form, found in seed:
        docked = [i for i, ind in enumerate(form.indicators)
                  if ind.score_value is not None and ind.weight_value is not None
                  and ind.score_value < ind.weight_value]
        assert docked, form.project_name
        for i in docked:
            row = [f for f in found if f.path and f.path.startswith(f"indicators[{i}].")]
            assert not [f for f in row if f.severity is Severity.ERROR], row


def test_seed_errors_are_missing_target_values_and_changed_indicators(seed) -> None:
    errors = [{f.code for f in found if f.severity is Severity.ERROR} for _, found in seed]
    assert errors == [{"JX407"}, set(), set(), {"JX309", "JX407"}]


def test_satisfaction_exactly_at_threshold(seed) -> None:
    form, found = seed[0]
    [hit] = _hits(found, "JX502")
    assert "满意度" in _row(form, hit)


def test_indicator_changed_at_self_evaluation(seed) -> None:
    assert len(_hits(seed[0][1], "JX407")) == 3
    assert len(_hits(seed[3][1], "JX407")) == 3


# -- the labelled corpus ----------------------------------------------------------------


def test_corpus_003() -> None:
    form = corpus_form("003")
    found = findings(form, "national-2020")
    missing = {_row(form, h) for h in found if h.code == "JX401"}
    assert missing == {"资金到位及时率", "政策知晓率"}
    assert [h.path for h in found if h.code == "JX504"] == ["goals.actual"]
    assert {_row(form, h) for h in found if h.code == "JX313"} == {"生均补助标准达标率"}
    assert not [f for f in found if f.code.startswith("JX1")]  # "Arithmetic OK"


def test_corpus_017() -> None:
    form = corpus_form("017")
    found = findings(form, "hubei-2021")
    [contrary] = [f for f in found if f.code == "JX307"]
    assert "无群体性事件" in contrary.message and "小于5次" in contrary.message
    kinds = {(f.code, f.path) for f in found}
    assert ("JX306", "indicators[2].actual") in kinds  # 按时限完成 vs 100%
    assert ("JX306", "indicators[3].actual") in kinds  # 小于5次 vs 无上访
    assert ("JX314", "indicators[0].target") in kinds  # head-counts named, target 100%
    assert not [f for f in found if f.code.startswith("JX1")]  # "Arithmetic OK"


def test_corpus_002() -> None:
    form = corpus_form("002")
    found = findings(form, "sichuan-2023")
    kinds = {(f.code, f.path) for f in found}
    assert ("JX206", "indicators[0].actual") in kinds and ("JX206", "indicators[1].actual") in kinds
    assert ("JX207", "funds.score") in kinds
    assert ("JX207", "total.score") in kinds  # 合计 100 is the weight total, no score total
    assert ("JX209", "goals.actual") in kinds
    assert not [f for f in found if f.code in ("JX106", "JX204", "JX213")]
