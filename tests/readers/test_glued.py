"""Forms glued into one string (`readers.glued`): one small case per cause, the routing from
`text.py`, and the property that a form rendered into the glued genre reads back."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import Form, Funds, FundsRow, Goals, Indicator, Total
from jixiao.readers.glued import read_glued, sniff_glued
from jixiao.readers.stream import iter_text_blocks
from jixiao.readers.text import read_text
from tests.conftest import DATA

FUNDS_CAPTIONS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数",
                  "weight": "分值", "rate": "执行率", "score": "得分"}
TABLE_CAPTIONS = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值",
                  "score": "得分"}
ROW_CAPTIONS = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款",
                "carryover": "上年结转资金", "other": "其他资金"}
STANDARD_FUNDS = ("initial", "annual", "executed", "weight", "rate", "score")
PLAIN = ("target", "actual", "weight", "score")
WEIGHT_FIRST = ("weight", "target", "actual", "score")
NO_WEIGHT = ("target", "actual", "score")


def render(form: Form, funds_order: tuple[str, ...], table_order: tuple[str, ...],
           two_rows: bool = False) -> str:
    """The form as a document-sharing site publishes it: captions and values concatenated with
    no separator, in the printed column order (`two_rows`: the table's header in two rows, an
    empty 偏差原因 column, 指标性质 | 指标值 | 度量单位 under 年度指标值)."""
    out = [f"测试项目支出绩效自评表（{form.year}年度）项目名称{form.project_name}"
           f"主管部门{form.department}实施单位{form.implementing_unit}项目资金（万元）"]
    out += [FUNDS_CAPTIONS[k] for k in funds_order]
    for row in form.funds.rows:
        out.append(ROW_CAPTIONS[row.source])
        scored = {"weight": form.funds.weight, "score": form.funds.score}
        for key in funds_order:
            value = scored[key] if key in scored else getattr(row, key)
            out.append(value if row.source == "total" or key not in scored else "")
    out.append(f"年度总体目标预期目标{form.goals.expected}实际完成情况{form.goals.actual}")
    captions = "".join(TABLE_CAPTIONS[k] for k in table_order)
    levels = "一级指标二级指标三级指标"
    out.append(f"绩效指标{captions}偏差原因{levels}指标性质指标值度量单位" if two_rows
               else levels + captions)
    out += _table(form.indicators, table_order)
    out.append(f"总分{form.total.weight or ''}{form.total.score}评分等级{form.grade}")
    return "".join(out)


def _table(indicators: tuple[Indicator, ...], order: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    level1 = level2 = None
    for ind in indicators:
        if ind.level1 != level1:
            out.append(ind.level1 or "")
            level1, level2 = ind.level1, None
        if ind.level2 != level2:
            group = [i for i in indicators if i.level2 == ind.level2 and i.weight]
            points = sum((Decimal(i.weight or 0) for i in group), Decimal(0))
            out.append(f"{ind.level2}({points}分)" if group else ind.level2 or "")
            level2 = ind.level2
        out.append(ind.name or "")
        out += [getattr(ind, k) or "" for k in order]
    return out


def _form(**changes: object) -> Form:
    base = Form(
        project_name="春季河道保洁", year=2024, department="水务局", implementing_unit="河道所",
        funds=Funds(weight="10.00", rate="80.00", score="8.00", rows=(
            FundsRow("total", "50.00", "50.00", "40.00", "80.00"),
            FundsRow("fiscal", "50.00", "50.00", "40.00", "80.00"),
            FundsRow("carryover", "0.00", "0.00", "0.00", "0.00"))),
        goals=Goals(expected="完成河道保洁。", actual="已完成。"),
        indicators=(
            Indicator("产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "20.00",
                      "20.00"),
            Indicator("产出指标", "数量指标", "清运垃圾", "≥30吨", "28吨", "30.00", "27.00"),
            Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90(%)", "95(%)",
                      "40.00", "40.00")),
        total=Total("100.00", "95.00"), grade="优")
    return Form(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def _same(read: Form, form: Form) -> None:
    """Field for field (funds row labels are optional in the model and not compared)."""
    assert (read.project_name, read.department, read.implementing_unit, read.year) == (
        form.project_name, form.department, form.implementing_unit, form.year)
    assert read.funds.weight == form.funds.weight and read.funds.score == form.funds.score
    assert [r.__dict__ | {"label": None} for r in read.funds.rows] == [
        r.__dict__ | {"label": None} for r in form.funds.rows]
    assert read.goals == form.goals
    assert read.indicators == form.indicators
    assert (read.total, read.grade) == (form.total, form.grade)


# ---------------------------------------------------------------- causes


def test_glued_form_reads_back_with_its_findings_in_place() -> None:
    form = _form()
    results = read_glued(render(form, STANDARD_FUNDS, PLAIN), filename="x.txt")
    assert len(results) == 1
    _same(results[0].form, form)
    codes = [f.code for f in results[0].findings]
    assert codes.count("JX011") == 1 and "JX015" in codes and "JX038" in codes
    assert not {"JX001", "JX002", "JX003", "JX004", "JX016"} & set(codes)
    glued = next(f for f in results[0].findings if f.code == "JX015")
    assert glued.source is not None and glued.source.line == 1
    assert glued.source.cell is not None and glued.source.cell.startswith("第")
    assert results[0].sources["funds.rows[0].executed"].file == "x.txt"


def test_weight_column_before_the_target() -> None:
    form = _form()
    _same(read_glued(render(form, STANDARD_FUNDS, WEIGHT_FIRST))[0].form, form)


def test_funds_rate_before_weight() -> None:
    form = _form()
    order = ("initial", "annual", "executed", "rate", "weight", "score")
    _same(read_glued(render(form, order, PLAIN))[0].form, form)


def test_form_without_weight_column() -> None:
    """One score per row and no 分值 (Hubei 20/80 style)."""
    form = _form(indicators=tuple(i.__class__(**{**i.__dict__, "weight": None})
                                  for i in _form().indicators), total=Total(None, "95.00"))
    _same(read_glued(render(form, STANDARD_FUNDS, NO_WEIGHT))[0].form, form)


def test_ambiguous_funds_run_is_reported_and_left_null() -> None:
    """A funds table without 执行率: 预算数 and 执行数 glued have several readings."""
    text = ("项目名称春季河道保洁项目资金（万元）全年预算数全年执行数年度资金总额309309"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里100.00100.00总分100.00100.00")
    result = read_glued(text)[0]
    assert all(row.annual is None for row in result.form.funds.rows)
    ambiguous = [f for f in result.findings if f.code == "JX016"]
    assert ambiguous and ambiguous[0].path == "funds" and "309309" in ambiguous[0].message


def test_ambiguous_indicator_run_is_reported_not_guessed() -> None:
    """Integer 分值 glued to a target with no group points: 4 + 15万元 or 41 + 5万元."""
    text = ("项目名称办公经费一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "成本指标经济成本指标办公用品采购415万元15万元4设备维护335万元35万元3总分7.007.00")
    result = read_glued(text)[0]
    first = result.form.indicators[0]
    assert (first.name, first.actual, first.score) == ("办公用品采购", "15万元", "4")
    assert first.weight is None and first.target is None
    assert any(f.code == "JX016" and f.path == "indicators[0]" for f in result.findings)


def test_group_points_decide_a_glued_run() -> None:
    text = ("项目名称办公经费一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "成本指标经济成本指标(7分)办公用品采购415万元15万元4设备维护335万元35万元3总分7.007.00")
    result = read_glued(text)[0]
    assert [(i.weight, i.target) for i in result.form.indicators] == [("4", "15万元"),
                                                                      ("3", "35万元")]
    assert not any(f.code == "JX016" for f in result.findings)


def test_goal_captions_side_by_side_give_one_text() -> None:
    """Both texts after both captions: cut where the actual opens (已…, JX022); with no such
    opening the boundary is unknown and all is the expected (JX021)."""
    text = ("项目名称河道保洁年度总体目标预期目标实际完成情况完成保洁。已完成。"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里100.00100.00总分100.00100.00")
    result = read_glued(text)[0]
    assert result.form.goals == Goals(expected="完成保洁。", actual="已完成。")
    assert any(f.code == "JX022" for f in result.findings)
    result = read_glued(text.replace("已完成。", "保洁到位。"))[0]
    assert result.form.goals == Goals(expected="完成保洁。保洁到位。", actual=None)
    assert any(f.code == "JX021" for f in result.findings)


def test_words_only_row_keeps_its_points() -> None:
    text = ("项目名称河道保洁一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标时效指标"
            "保洁及时按时完成达成指标10.008.00总分10.008.00")
    row = read_glued(text)[0].form.indicators[0]
    assert (row.name, row.target, row.weight, row.score) == (None, None, "10.00", "8.00")


def test_department_form_title_year_and_kind() -> None:
    text = ("某区林业局2023年度部门整体绩效自评表主管部门某区林业局一级指标二级指标三级指标"
            "年度指标值实际完成值分值得分产出指标数量指标造林面积≥20亩21亩100.00100.00"
            "总分100.00100.00")
    form = read_glued(text)[0].form
    assert (form.kind, form.year, form.department) == ("department", 2023, "某区林业局")
    assert form.project_name == "某区林业局"  # what the form is about: its title's subject


def test_department_form_whose_title_names_no_department_is_named_by_its_department() -> None:
    text = ("部门整体绩效自评表主管部门某区林业局一级指标二级指标三级指标"
            "年度指标值实际完成值分值得分产出指标数量指标造林面积≥20亩21亩100.00100.00"
            "总分100.00100.00")
    # the labels' convention: a department-wide form's subject is the department printed
    assert read_glued(text)[0].form.project_name == "某区林业局"
    # a page or item number printed before the title (`1、`, `二、`) is not the form's subject
    for number in ("1、", "二、"):
        assert read_glued(number + text)[0].form.project_name == "某区林业局"
    # no department printed either: the title names the form
    bare = text.replace("主管部门某区林业局", "")
    assert read_glued(bare)[0].form.project_name == "部门整体绩效自评表"


# ---------------------------------------------------------------- routing


def test_text_reader_routes_glued_text_and_streams_the_same() -> None:
    text = render(_form(), STANDARD_FUNDS, PLAIN)
    assert sniff_glued(text)
    whole = read_text(text, filename="g.txt")
    assert [f.code for f in whole[0].findings].count("JX011") == 1
    data = text.encode("utf-8")
    blocks = [data[i:i + 64] for i in range(0, len(data), 64)]
    streamed = list(iter_text_blocks(blocks, "g.txt"))
    assert [r.form for r in streamed] == [r.form for r in whole]


def test_other_layouts_are_not_taken_for_glued() -> None:
    assert not sniff_glued((DATA / "seed.txt").read_text(encoding="utf-8"))
    cells = "\n".join(["项目名称", "春季河道保洁", "主管部门", "水务局"] * 40)
    assert not sniff_glued(cells)
    piped = "项目名称 | 春季河道保洁 | 主管部门 | 水务局 | 实施单位 | 河道所 |" * 10
    assert not sniff_glued(piped)


# ---------------------------------------------------------------- property

_WORDS = st.text(alphabet="春夏秋冬山水林木花草河湖云雨风雪桥路灯塔", min_size=2, max_size=10)
_UNITS = st.sampled_from(["人", "次", "(%)", "万元", "(篇)", "公里", "%"])
_TEXT_VALUES = st.sampled_from(["按时完成", "达到预期", "全面完成"])


@st.composite
def indicators(draw: st.DrawFn) -> list[Indicator]:
    out = []
    for level1, level2 in draw(st.lists(st.sampled_from(
            [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
             ("满意度指标", "服务对象满意度指标")]), min_size=1, max_size=3, unique=True)):
        for _ in range(draw(st.integers(1, 3))):
            weight = draw(st.integers(1, 8))
            score = draw(st.integers(0, weight))
            if draw(st.booleans()):
                unit = draw(_UNITS)
                op = draw(st.sampled_from(["≥", "≤", "="]))
                target = f"{op}{draw(st.integers(0, 500))}{unit}"
                actual = f"{draw(st.integers(0, 500))}{unit}"
            else:
                target = actual = draw(_TEXT_VALUES)
            out.append(Indicator(level1, level2, draw(_WORDS), target, actual, f"{weight}.00",
                                 f"{score}.00"))
    return out


@st.composite
def forms(draw: st.DrawFn) -> Form:
    annual = draw(st.decimals(min_value=Decimal("1"), max_value=Decimal("9999"), places=2))
    executed = draw(st.decimals(min_value=Decimal("0"), max_value=annual, places=2))
    rate = (executed / annual * 100).quantize(Decimal("0.01"))
    score = (10 * rate / 100).quantize(Decimal("0.01"))
    rows = (FundsRow("total", str(annual), str(annual), str(executed), str(rate)),
            FundsRow("fiscal", str(annual), str(annual), str(executed), str(rate)))
    inds = draw(indicators())
    weight = sum(int(Decimal(i.weight or 0)) for i in inds)
    points = sum(int(Decimal(i.score or 0)) for i in inds)
    return Form(project_name=draw(_WORDS), year=draw(st.integers(2019, 2025)),
                department=draw(_WORDS), implementing_unit=draw(_WORDS),
                funds=Funds(weight="10.00", rate=str(rate), score=str(score), rows=rows),
                goals=Goals(expected=draw(_WORDS) + "。", actual=draw(_WORDS) + "。"),
                indicators=tuple(inds), total=Total(f"{weight}.00", f"{points}.00"),
                grade=draw(st.sampled_from(["优", "良", "中", "差"])))


@settings(max_examples=60, deadline=None)
@given(forms(), st.sampled_from([STANDARD_FUNDS, ("initial", "annual", "executed", "rate",
                                                  "weight", "score")]),
       st.sampled_from([PLAIN, WEIGHT_FIRST]), st.booleans())
def test_rendered_glued_form_reads_back(form: Form, funds_order: tuple[str, ...],
                                        table_order: tuple[str, ...], two_rows: bool) -> None:
    """A valid form glued in the printed column order reads back field for field, its table's
    header in one row or in two."""
    results = read_glued(render(form, funds_order, table_order, two_rows))
    assert len(results) == 1
    _same(results[0].form, form)


@settings(max_examples=40, deadline=None)
@given(forms())
def test_capture_begun_mid_table_reads_its_rows_back(form: Form) -> None:
    """The same glued form captured from its table's first level name on (its header, funds
    and goals lost): the rows read back by the template's columns, and the reader says the
    start is missing (JX005)."""
    text = render(form, STANDARD_FUNDS, PLAIN)
    header_end = text.index("三级指标") + len("三级指标") + sum(map(len, TABLE_CAPTIONS.values()))
    results = read_glued(text[header_end:])
    assert len(results) == 1
    assert results[0].form.indicators == form.indicators
    assert any(f.code == "JX005" for f in results[0].findings)


def test_unknown_header_column_leaves_rows_unread() -> None:
    """A header word the vocabulary does not know (or one OCR damaged) hides the column order:
    the rows are not read, and the reader says why."""
    text = ("项目名称河道保洁一级指标二级指标三级指标参考栏年度指标值实际完成值得分产出指标数量指标"
            "保洁河道长度10≥20公里21公里10总分10")
    result = read_glued(text)[0]
    assert result.form.indicators == ()
    assert any(f.code == "JX031" and "参考栏" in f.message for f in result.findings)


def test_seed_forms_glued_read_back_or_say_what_they_left() -> None:
    """The seed's real forms (notes dropped: glued, a note runs into the next name) rendered
    into the glued genre, in two column orders: the header, funds and total read back; every
    row read is the printed row, or leaves fields null and says so (JX016) — never another
    value."""
    seeds = [r.form for r in read_text((DATA / "seed.txt").read_text(encoding="utf-8"))]
    assert seeds
    for form in seeds:
        form = Form(**{**form.__dict__, "indicators": tuple(
            Indicator(**{**i.__dict__, "note": None}) for i in form.indicators)})
        for order in (PLAIN, WEIGHT_FIRST):
            result = read_glued(render(form, STANDARD_FUNDS, order))[0]
            read = result.form
            assert (read.project_name, read.funds.weight, read.funds.score, read.total) == (
                form.project_name, form.funds.weight, form.funds.score, form.total)
            reported = {f.path for f in result.findings if f.code == "JX016"}
            for n, row in enumerate(read.indicators):
                if row in form.indicators:
                    continue
                assert f"indicators[{n}]" in reported
                same_name = [i for i in form.indicators if row.name in (None, i.name)]
                assert any(all(getattr(row, k) in (None, getattr(i, k))
                               for k in ("target", "actual", "weight", "score"))
                           for i in same_name)


def _caption_form(captions: dict[str, str], table: dict[str, str]) -> str:
    """A small glued form whose header and column captions are the given synonyms."""
    return (f"{captions.get('project_name', '项目名称')}春季河道保洁"
            f"{captions.get('department', '主管部门')}水务局"
            f"{captions.get('implementing_unit', '实施单位')}河道所"
            f"一级指标二级指标三级指标{table['target']}{table['actual']}{table['weight']}"
            f"{table['score']}产出指标数量指标保洁河道长度≥20公里21公里100.00100.00"
            "总分100.00100.00")


def test_every_header_and_column_synonym_is_read_glued() -> None:
    """Each synonym the vocabulary lists for the header fields and the table's value columns
    is found inside glued text."""
    from jixiao.readers.vocabulary import SYNONYMS, CaptionKind

    defaults = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}
    for kind, field in ((CaptionKind.PROJECT_NAME, "project_name"),
                        (CaptionKind.DEPARTMENT, "department"),
                        (CaptionKind.IMPLEMENTING_UNIT, "implementing_unit")):
        for caption in SYNONYMS[kind]:
            form = read_glued(_caption_form({field: caption}, defaults))[0].form
            expected = {"project_name": "春季河道保洁", "department": "水务局",
                        "implementing_unit": "河道所"}[field]
            assert getattr(form, field) == expected, caption
    for kind, column in ((CaptionKind.TARGET, "target"), (CaptionKind.ACTUAL, "actual"),
                         (CaptionKind.WEIGHT, "weight"), (CaptionKind.SCORE, "score")):
        for caption in SYNONYMS[kind]:
            form = read_glued(_caption_form({}, {**defaults, column: caption}))[0].form
            assert form.indicators == (Indicator("产出指标", "数量指标", "保洁河道长度", "≥20公里",
                                                 "21公里", "100.00", "100.00"),), caption


def test_note_column_glued_to_the_next_name_is_said() -> None:
    text = ("项目名称河道保洁一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "偏差原因分析及改进措施产出指标数量指标保洁河道长度≥20公里21公里50.0050.00清运垃圾≥30吨28吨50.0045.00"
            "天气影响总分100.0095.00")
    result = read_glued(text)[0]
    assert [i.name for i in result.form.indicators] == ["保洁河道长度", "清运垃圾"]
    # the last row's note ends where the table does; a note before another row cannot be
    # told from that row's name, and is said
    assert [i.note for i in result.form.indicators] == [None, "天气影响"]
    assert any(f.code == "JX031" and "偏差原因" in f.message for f in result.findings)


def test_funds_captions_partly_unrecognised_follow_the_template() -> None:
    """Some funds captions damaged (OCR): the ones found are in the template's order, so the
    template places the others; the run's trailing words are the next caption, not numbers."""
    text = ("项目名称河道保洁项目资金年度资金总额年初预箅数调整后预箅将全年执行数执行率"
            "36.0036.0027.0075.00%年度总休目标一级指标二级指标三级指标年度指标值实际完成值分值得分"
            "产出指标数量指标保洁河道长度≥20公里21公里100.00100.00总分100.00100.00")
    result = read_glued(text)[0]
    assert result.form.funds.rows[0].__dict__ | {"label": None} == FundsRow(
        "total", "36.00", "36.00", "27.00", "75.00%").__dict__
    assert any(f.code == "JX014" for f in result.findings)


def test_scrambled_header_caption_is_the_missing_column() -> None:
    """A header word OCR scrambled (a caption wrapped on two lines read crosswise) holds the
    characters of the one column the header lacks: read as that column, and said (JX035)."""
    text = ("项目名称河道保洁一级指标二级指标三级指标分准值标年度指标值实际完成值得分"
            "产出指标数量指标保洁河道长度10≥20公里21公里10总分10")
    result = read_glued(text)[0]
    assert result.form.indicators == (
        Indicator("产出指标", "数量指标", "保洁河道长度", "≥20公里", "21公里", "10", "10"),)
    assert any(f.code == "JX035" and "分准值标" in f.message for f in result.findings)


def test_caption_prefix_wrapped_off_is_no_column() -> None:
    """`年初` / `指标值` and `调整` / `指标值` (two target columns, one left blank) and the
    部门整体 columns 得分系数 and 是否核心指标, whose cells the rows print."""
    text = ("部门整体绩效自评表主管部门水务局绩效指标指标名称计量单位指标性质年初指标值调整指标值"
            "全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
            "河道保洁率%定量指标95%97%100%44是经费变动率%100%33否资料完整性好好80%54否")
    result = read_glued(text)[0]
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in result.form.indicators] == [
        ("河道保洁率", "95%", "97%", "4", "4"), ("经费变动率", None, None, "3", "3"),
        ("资料完整性", "好", "好", "5", "4")]
    assert result.form.kind == "department"
    assert not any(f.code in ("JX016", "JX031") for f in result.findings)


def test_template_enumerators_around_rows_are_dropped() -> None:
    """`指标2：` left after a group's rows or before the next group's first row is no row
    (JX039); a level name split by a removed page marker (`社会效益 指标`) is still one."""
    text = ("项目名称河道保洁一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "产出指标数量指标(10分)保洁河道长度10≥20公里21公里10指标2:"
            "效益指标经济效益指标指标1:指标2:社会效益  指标(5分)群众出行5便利便利5")
    result = read_glued(text)[0]
    assert [(i.level2, i.name, i.target) for i in result.form.indicators] == [
        ("数量指标", "保洁河道长度", "≥20公里"), ("社会效益指标", "群众出行", "便利")]
    assert any(f.code == "JX039" and "指标2:" in f.message for f in result.findings)
    assert not any(f.code in ("JX016", "JX031") for f in result.findings)


def test_cost_group_after_output_groups_is_a_second_level() -> None:
    """成本指标 printed after 数量/时效指标 with no 产出指标 caption is one of their siblings."""
    text = ("项目名称河道保洁一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "时效指标(5分)完工时间512月完成12月完成5成本指标(10分)保洁成本1020万元20万元10总分1515")
    result = read_glued(text)[0]
    assert [(i.level1, i.level2) for i in result.form.indicators] == [
        (None, "时效指标"), (None, "成本指标")]


def test_table_caption_repeated_at_a_page_break_is_no_name() -> None:
    """The vertical caption 绩效指标 printed again on the next page (its page marker removed,
    blanks left) is not the start of the next row's name."""
    text = ("部门整体绩效自评表绩效指标指标名称计量单位指标值全年完成值指标权重(分)指标得分(分)"
            "资料完整性好好55绩效指标  档案齐全性好好33")
    result = read_glued(text)[0]
    assert [i.name for i in result.form.indicators] == ["资料完整性", "档案齐全性"]
    assert any(f.code == "JX031" and "绩效指标" in f.message for f in result.findings)


def test_header_caption_with_one_character_damaged() -> None:
    """OCR damaged one character of a header caption (`主管部n`, `实施革位`): the value before
    it ends there, and the field after it is read; an ordinary word one character off a
    caption but for its first (`监管单位`) is not one."""
    table = ("一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
             "保洁河道长度≥20公里21公里100.00100.00总分100.00100.00")
    form = read_glued("项目名称河道保洁主管部n水务局实施革位河道所" + table)[0].form
    assert (form.project_name, form.department, form.implementing_unit) == (
        "河道保洁", "水务局", "河道所")
    form = read_glued("项目名称河道监管单位保洁实施单位河道所" + table)[0].form
    assert (form.project_name, form.department) == ("河道监管单位保洁", None)


def test_row_cut_off_by_the_end_of_the_text_keeps_its_name() -> None:
    """A capture that ends inside the table (a sharing site shows the first pages) ends with
    the start of a row: its name is kept, the rest is said missing (JX006)."""
    text = ("项目名称河道保洁一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "产出指标数量指标(10分)保洁河道长度10≥20公里21公里10满意度指标服务对象满意度指标群众满")
    result = read_glued(text)[0]
    assert [(i.level2, i.name, i.weight) for i in result.form.indicators] == [
        ("数量指标", "保洁河道长度", "10"), ("服务对象满意度指标", "群众满", None)]
    assert any(f.code == "JX006" and "群众满" in f.message for f in result.findings)
    whole = read_glued(text.replace("群众满", "") + "总分1010")[0]
    assert len(whole.form.indicators) == 1 and not any(f.code == "JX006" for f in whole.findings)


def test_groups_unknown_to_the_vocabulary_are_found_by_their_points() -> None:
    """A group caption the vocabulary does not know (another system's 一级指标, or one OCR
    damaged: `顼目产出`) shows by its `(N分)` after the previous row's last number: the rows
    before it are the previous group's, the rows after it its own (a level-one group above
    known second-level captions, or the first groups of a table)."""
    text = ("项目名称河道保洁一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "项目决策(4分)立项规范4规范规范4顼目产出(10分)数量指标(10分)保洁河道长度10≥20公里21公里9"
            "总分1413")
    result = read_glued(text)[0]
    assert [(i.level1, i.level2, i.name, i.weight) for i in result.form.indicators] == [
        ("项目决策", None, "立项规范", "4"), ("顼目产出", "数量指标", "保洁河道长度", "10")]


_DEPARTMENT_HEADER = ("指标名称计量单位指标性质指标值全年完成值得分系数(%)指标权重(分)指标得分(分)"
                      "是否核心指标")


@st.composite
def department_rows(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """部门整体 rows as printed: name, unit, 指标性质, target, actual, 得分系数, weight, score,
    是否核心指标 (a qualitative row prints its words twice and no unit)."""
    out = []
    for name in draw(st.lists(_WORDS, min_size=1, max_size=4, unique=True)):
        weight = draw(st.integers(1, 10))
        coef = draw(st.sampled_from([100, 80, 50]))
        score = Decimal(weight * coef) / 100
        flag = draw(st.sampled_from(["是", "否"]))
        if draw(st.booleans()):
            unit = draw(st.sampled_from(["%", "人", "次", "万亩"]))
            values = (unit, draw(st.sampled_from(["", "定量指标"])),
                      f"{draw(st.integers(0, 500))}{unit}", f"{draw(st.integers(0, 500))}{unit}")
        else:
            words = draw(_TEXT_VALUES)
            values = ("", "", words, words)
        out.append((name, *values, f"{coef}%", str(weight), format(score.normalize(), "f"),
                    flag))
    return out


@settings(max_examples=60, deadline=None)
@given(department_rows())
def test_rendered_department_form_reads_back(rows: list[tuple[str, ...]]) -> None:
    """A 部门整体 table glued (unit, 指标性质, 得分系数, 是否核心指标 columns printed): every row
    reads back field for field, or its disputed fields are left null and said (JX016)."""
    text = "某局2024年度部门整体绩效自评表绩效指标" + _DEPARTMENT_HEADER + "".join(
        "".join(row) for row in rows)
    result = read_glued(text)[0]
    assert result.form.kind == "department"
    read = result.form.indicators
    assert [i.name for i in read] == [row[0] for row in rows]
    disputed = {f.path for f in result.findings if f.code == "JX016"}
    for n, (ind, row) in enumerate(zip(read, rows, strict=True)):
        want = (row[3] or None, row[4] or None, row[6], row[7])
        got = (ind.target, ind.actual, ind.weight, ind.score)
        assert got == want or (f"indicators[{n}]" in disputed and all(
            g in (None, w) for g, w in zip(got, want, strict=True)))


def test_department_funds_item_without_amounts_and_an_ocr_zero() -> None:
    """部门整体 form: 执行率权重/执行率得分 captions split apart by the glue, 预算数/执行数
    left blank, the 年初预算数 0 read by OCR as the letter O (kept as printed)."""
    text = ("部门整体绩效自评表主管部门某某局部门预算执行情况年初预算数全年(调整)预算数全年执行数"
            "执行率(%)执行率权重执行率得分(分)O80%108当年绩效目标年初绩效目标保障运转"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标"
            "保洁河道长度≥20公里21公里100.00100.00总分100.00100.00")
    funds = read_glued(text)[0].form.funds
    assert (funds.weight, funds.rate, funds.score) == ("10", "80%", "8")
    assert (funds.rows[0].initial, funds.rows[0].rate) == ("O", "80%")


def test_process_part_second_level_names_and_the_group_points_they_share() -> None:
    """The process part's 二级 names (项目立项, 资金管理 …) are groups without points of their
    own: the last one under a 一级 name takes what its (N分) leaves (6 = 10 − 4 here), which
    decides its glued rows (`规范性31…`: 3 + 1 or 31 + …)."""
    text = ("项目名称河道保洁一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "项目决策(10分)项目目标明确性4一目标明确4项目立项规范性3一程序规范3"
            "合理性3一依据充分3产出指标数量指标(10分)保洁河道长度10≥20公里21公里9总分2019")
    result = read_glued(text)[0]
    assert [(i.level1, i.level2, i.name, i.weight, i.score)
            for i in result.form.indicators] == [
        ("项目决策", "项目目标", "明确性", "4", "4"), ("项目决策", "项目立项", "规范性", "3", "3"),
        ("项目决策", "项目立项", "合理性", "3", "3"),
        ("产出指标", "数量指标", "保洁河道长度", "10", "9")]
    assert not any(f.code == "JX016" for f in result.findings)


def test_row_name_beginning_with_its_group_name_is_the_row_s() -> None:
    """`财务管理财务管理制度有效性`: the merged cell's 二级 name, then a row named with the same
    words; a caption that begins with a level name (`项目实施单位`) stays that caption."""
    text = ("项目名称河道保洁项目实施单位河道所一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "项目管理(7分)财务管理财务管理制度有效性7一制度健全7总分77")
    form = read_glued(text)[0].form
    assert form.implementing_unit == "河道所"
    assert [(i.level2, i.name, i.weight) for i in form.indicators] == [
        ("财务管理", "财务管理制度有效性", "7")]


def test_ocr_letters_for_digits_split_as_digits_and_kept_as_printed() -> None:
    """OCR prints 10 as `IO`: the run splits as if the letters were digits (分值 10 | 2370人 |
    2370人 | 得分 10, the group's 10分) and keeps `IO`; a lone `I` of a name stays a letter."""
    text = ("项目名称学校公用经费一级指标二级指标三级指标分值年度指标值实际完成值得分"
            "产出指标数量指标(10分)保障人数102370人2370人IO"
            "质量指标(5分)I类水质达标率5100%100%5总分1515")
    result = read_glued(text)[0]
    assert [(i.name, i.weight, i.target, i.actual, i.score)
            for i in result.form.indicators] == [
        ("保障人数", "10", "2370人", "2370人", "IO"),
        ("I类水质达标率", "5", "100%", "100%", "5")]


def test_ocr_digits_only_where_a_number_stands() -> None:
    from jixiao.readers.segment import ocr_digits
    assert ocr_digits("2370人IO指标") == "2370人10指标"
    assert ocr_digits("O76%107.6") == "076%107.6"
    assert ocr_digits("I类水质") == "I类水质"
    assert ocr_digits("ISO认证GOOD") == "ISO认证GOOD"
    assert len(ocr_digits("lO次lOl")) == len("lO次lOl")
