"""A realistic batch of forms for benchmarks: varied names, targets, units, numbers and layouts.

Every form is drawn afresh from vocabularies (regions × fields × kinds of project, departments,
indicator stems per category, units, comparison words, number styles), so the forms of a batch share
few strings and the readers' and rules' caches do not flatter the figures as repeated templates do.
Forms are written as canonical JSON objects and as PDF-text (the layout a PDF text extractor gives,
cells wrapped over several lines), in three layout variants; `tests/benchmarks` reads the text back
and requires exactly the forms generated.

Run: `.venv/bin/python benchmarks/generate.py --forms 10000 --format text -o forms.txt`.

For `jixiao audit`: `--audit DIR` writes a folder of every kind of file the audit reads (JSON
arrays, PDF-text, .xlsx/.docx/.html/.pdf, a ZIP of submissions, broken files) with faults
injected into a share of the forms, and `DIR.faults.json` saying where each one is.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TextIO

PLACES = ("东城", "西城", "南湖", "北塘", "江岸", "临川", "青山", "白云", "金沙", "长宁",
          "永安", "新华", "红旗", "石门", "凤凰", "龙泉", "松江", "桂林", "海陵", "云岩")
REGIONS = [f"{a}{b}" for a in PLACES for b in ("区", "县", "市", "镇", "街道")]
FIELDS = ("农村公路养护", "义务教育营养改善", "基层医疗卫生服务", "城乡居民医疗救助",
          "文化惠民演出", "河道综合整治", "老旧小区改造", "就业创业补贴", "高标准农田建设",
          "森林防火",
          "社区养老服务", "公共图书馆免费开放", "农产品质量安全监测", "科技创新券", "污水处理运营",
          "妇幼健康服务", "退役军人关爱", "残疾人康复", "中小学校舍维修", "全民健身设施",
          "非物质文化遗产保护", "智慧城市平台运维", "食品安全抽检", "困难群众救助", "地质灾害防治")
KINDS = ("专项资金", "项目", "补助资金", "经费", "工程", "运行维护经费", "能力提升项目")
DEPARTMENTS = ("财政局", "教育局", "卫生健康委员会", "农业农村局", "住房和城乡建设局",
               "文化和旅游局", "民政局", "人力资源和社会保障局", "生态环境局", "水务局",
               "交通运输局", "科学技术局")
UNITS_OF_WORK = ("中心", "服务站", "管理所", "事务中心", "保障中心", "办公室")

# (level1, level2, stem templates, units, kind) — kind: "count", "rate", "time", "cost", "text"
CATEGORIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("产出指标", "数量指标", ("开展{x}培训", "完成{x}改造", "组织{x}活动", "覆盖{x}对象",
                             "建设{x}设施", "发放{x}补贴", "巡查{x}点位", "新增{x}服务"),
     ("次", "场", "人次", "个", "户", "公里", "平方米", "件", "所", "处"), "count"),
    ("产出指标", "质量指标", ("{x}验收合格率", "{x}达标率", "{x}覆盖率", "{x}规范化率",
                             "{x}抽检合格率"), ("%",), "rate"),
    ("产出指标", "时效指标", ("{x}完成及时率", "{x}资金拨付及时率", "{x}按期完成率"),
     ("%",), "rate"),
    ("产出指标", "时效指标", ("{x}完成时间", "{x}办结时限"), ("月", "天", "个工作日"), "time"),
    ("成本指标", "经济成本指标", ("{x}单位成本", "{x}人均成本"), ("元", "万元"), "cost"),
    ("效益指标", "社会效益指标", ("{x}群众知晓率", "{x}受益人数", "{x}服务水平提升"),
     ("%", "人", "text"), "mixed"),
    ("效益指标", "经济效益指标", ("{x}带动增收", "{x}节约成本"), ("万元",), "count"),
    ("效益指标", "生态效益指标", ("{x}环境质量改善", "{x}绿化面积"), ("text", "平方米"), "mixed"),
    ("效益指标", "可持续影响指标", ("{x}长效管理机制", "{x}持续运行年限"), ("text", "年"), "mixed"),
    ("满意度指标", "服务对象满意度指标",
     ("{x}服务对象满意度", "{x}群众满意度", "{x}学生家长满意度"), ("%",), "rate"),
)
SUBJECTS = ("村居", "学校", "医疗机构", "社区", "企业", "农户", "河段", "道路", "场馆",
            "站点", "困难家庭", "老年人", "儿童", "残疾人", "退役军人", "项目", "设备", "平台",
            "网点", "基地")
OUTCOMES = ("群众反映良好", "服务质量稳步提升", "管理机制逐步健全")
TEXT_TARGETS = (("明显提升", "明显提升"), ("有效改善", "有所改善"), ("长期", "长期"),
                ("健全", "基本健全"), ("达标", "达标"), ("及时", "及时"))
CENT = Decimal("0.01")


def _d(value: Decimal | float | int) -> str:
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def _num(value: Decimal, style: int) -> str:
    """A printed quantity: `4.00` (style 0) or `4` / `4.5` (style 1)."""
    if style == 0:
        return _d(value)
    text = format(value.quantize(CENT, rounding=ROUND_HALF_UP).normalize(), "f")
    return text


def _quantity(number: str, unit: str, style: int) -> str:
    return f"{number}({unit})" if style == 0 else f"{number}{unit}"


def _indicator(rng: random.Random, level1: str, level2: str, stem: str, unit: str, kind: str,
               style: int, weight: Decimal, slips: float = 0.05) -> dict[str, Any]:
    subject = rng.choice(SUBJECTS)
    name = stem.format(x=subject)
    if rng.random() < 0.6:  # names in real batches name places and programmes
        name = rng.choice((rng.choice(PLACES), rng.choice(FIELDS)[:4])) + name
    if unit == "text":
        target, actual = rng.choice(TEXT_TARGETS)
        met = target == actual or rng.random() < 0.7
        score = weight if met else (weight * Decimal(rng.choice(("0.5", "0.8")))).quantize(CENT)
        return _row(level1, level2, name, target, actual, weight, score)
    if kind == "rate" or unit == "%":
        goal = Decimal(rng.choice((80, 85, 90, 95, 98, 100)))
        got = min(Decimal(100), goal + Decimal(rng.randint(-12, 8)) + Decimal(rng.randint(0, 99))
                  / 100)
        op = "≥" if goal < 100 else "="
    elif kind == "time" or kind == "cost":
        goal = Decimal(rng.randint(3, 400))
        got = goal - Decimal(rng.randint(-3, 5)) if goal > 10 else goal
        op = "≤"
    else:
        goal = Decimal(rng.choice((1, 2, 4, 6, 10, 12, 20, 30, 50, 100, 120, 500, 1200, 3000,
                                   15000)))
        got = goal + Decimal(rng.randint(-max(1, int(goal) // 10), int(goal) // 4 + 2))
        got = max(got, Decimal(0))
        op = rng.choice(("≥", "≥", "="))
    target = op + _quantity(_num(goal, style), unit, style)
    actual = _quantity(_num(got, style), unit, style)
    ratio = got / goal if goal else Decimal(1)
    if op == "≤":
        ratio = goal / got if got > 0 else Decimal(1)
    score = weight if ratio >= 1 else (weight * max(ratio, Decimal(0))).quantize(CENT)
    if rng.random() < slips:  # a slip now and then, as in real batches
        score = min(weight, score + Decimal("0.50"))
    return _row(level1, level2, name, target, actual, weight, score)


def _row(level1: str, level2: str, name: str, target: str, actual: str, weight: Decimal,
         score: Decimal) -> dict[str, Any]:
    return {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
            "weight": _d(weight), "score": _d(score), "note": None}


def _weights(rng: random.Random, count: int, total: int) -> list[Decimal]:
    """`count` whole-number weights summing to `total`, none below 1."""
    cuts = sorted(rng.sample(range(1, total), count - 1))
    return [Decimal(b - a) for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def realistic_form(rng: random.Random, number: int, slips: float = 0.05) -> dict[str, Any]:
    """One canonical form (schema 1) drawn from the vocabularies; `number` keeps names unique;
    `slips`: the chance of a row scored half a point above its due (a careless slip)."""
    year = rng.choice((2021, 2022, 2023, 2024))
    region = rng.choice(REGIONS)
    department = region + rng.choice(DEPARTMENTS)
    project = f"{year}年{region}{rng.choice(FIELDS)}{rng.choice(KINDS)}（第{number}批）"
    style = rng.randint(0, 1)
    annual = Decimal(rng.randint(50, 500_000)) / 100
    initial = annual if rng.random() < 0.6 else (annual * Decimal("0.8")).quantize(CENT)
    executed = (annual * Decimal(rng.randint(70, 100)) / 100).quantize(CENT)
    carry = (annual * Decimal(rng.randint(0, 20)) / 100).quantize(CENT)
    fiscal = annual - carry
    rate = (executed / annual * 100).quantize(CENT) if annual else Decimal(0)
    funds_score = min(Decimal(10), (rate / 10).quantize(CENT))
    plan = [c for c in CATEGORIES if c[1] != "经济成本指标" or rng.random() < 0.3]
    picked: list[tuple[str, str, str, str, str]] = []
    for level1, level2, stems, units, kind in plan:
        for _ in range(rng.randint(1, 3) if level2 in ("数量指标", "质量指标") else
                       rng.randint(0, 1) or (1 if level1 == "满意度指标" else 0)):
            picked.append((level1, level2, rng.choice(stems), rng.choice(units), kind))
    weights = _weights(rng, len(picked), 90)
    indicators = [_indicator(rng, *p, style, w, slips)
                  for p, w in zip(picked, weights, strict=True)]
    total = funds_score + sum(Decimal(i["score"]) for i in indicators)
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    fund_rows = [("total", initial, annual, executed), ("fiscal", initial - carry if
                  initial > carry else initial, fiscal, executed - carry if executed > carry else
                  executed), ("carryover", Decimal(0) if carry == 0 else carry, carry, carry),
                 ("other", Decimal(0), Decimal(0), Decimal(0))]
    return {
        "schema_version": "1", "kind": "project", "year": year, "project_name": project,
        "department": department,
        "implementing_unit": region + rng.choice(FIELDS)[:2] + rng.choice(UNITS_OF_WORK),
        "funds": {"unit": "万元", "weight": "10.00", "rate": _d(rate), "score": _d(funds_score),
                  "rows": [{"source": s, "initial": _d(i), "annual": _d(a), "executed": _d(e),
                            "rate": _d((e / a * 100) if a else 0)} for s, i, a, e in fund_rows]},
        "goals": {"expected": f"围绕{project}，完成年度建设与服务任务，资金规范使用，"
                              f"服务对象满意度保持在{rng.choice((85, 90, 95))}%以上。",
                  "actual": f"项目资金执行率{_d(rate)}%，各项任务基本完成，"
                            f"{rng.choice(OUTCOMES)}。"},
        "indicators": indicators,
        "total": {"weight": "100.00", "score": _d(total)},
        "grade": grade,
    }


def realistic_forms(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """`count` forms, the same for the same seed."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield realistic_form(rng, number)


# ---------------------------------------------------------------- PDF-text layout


def _wrap(text: str, width: int) -> list[str]:
    """Pieces of about `width` characters, never cut inside a run of ASCII letters or digits
    (a reader joins wrapped Chinese directly, wrapped Latin text with a space)."""
    pieces: list[str] = []
    while len(text) > width:
        cut = width
        while cut > 1 and text[cut - 1].isascii() and text[cut].isascii():
            cut -= 1
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text or not pieces else pieces


def _caption(text: str, rng: random.Random, width: int) -> list[str]:
    """A merged cell's caption as a PDF extractor gives it: two or three characters a line."""
    core = text.removesuffix("指标")
    return [*_wrap(core, width), "指标"] if rng.random() < 0.8 else [text]


def form_text(form: dict[str, Any], rng: random.Random) -> str:
    """One form in the PDF-text layout, cells wrapped at a width that varies by form."""
    width = rng.randint(12, 18)
    gap = "\n\n" if rng.random() < 0.6 else "\n"
    out = ["财政项目支出绩效自评表", f"（{form['year']}年度）",
           f"项目名称 {form['project_name']}",
           f"主管部门 {form['department']} 实施单位", *_wrap(form["implementing_unit"], 10),
           "项目资金", "（万元）", "年初预算数 全年预算数 全年执行数 分数 执行率(%) 得分"]
    funds = form["funds"]
    captions = {"total": ["年度资金总额："], "fiscal": ["其中：当年财政", "拨款"],
                "carryover": ["上年结转资金"], "other": ["其他资金"]}
    for row in funds["rows"]:
        numbers = f"{row['initial']} {row['annual']} {row['executed']}"
        if row["source"] == "total":
            tail = f"{funds['weight']} {row['rate']} {funds['score']}"
        else:
            tail = f"- {row['rate']} -"
        lines = captions[row["source"]]
        out += [*lines[:-1], f"{lines[-1]} {numbers} {tail}"] if len(lines) == 1 else [
            *lines, f"{numbers} {tail}"]
    out += ["年度", "总体", "目标", "预期目标 实际完成情况",
            *_wrap(form["goals"]["expected"], 24), *_wrap(form["goals"]["actual"], 24)]
    out += ["一级", "指标", "二级", "指标", "三级指标 年度指标值 实际完成值 分值 得分",
            "偏差原因分析", "及改进措施"]
    last1 = last2 = None
    number = 0
    for ind in form["indicators"]:
        if ind["level1"] != last1:
            out += _caption(ind["level1"], rng, 2)
            last1, last2 = ind["level1"], None
        if ind["level2"] != last2:
            out += _caption(ind["level2"], rng, 2)
            last2 = ind["level2"]
            number = 0
        number += 1
        values = f"{ind['target']} {ind['actual']} {ind['weight']} {ind['score']}"
        name = _wrap(f"指标 {number}：{ind['name']}", width)
        if len(name) == 1:
            out.append(f"{name[0]} {values}")
        else:
            out += [*name[:-1], name[-1], values]
    out += [f"总分 {form['total']['weight']} {form['total']['score']}",
            f"评分等级 {form['grade']}"]
    return gap.join(out) + "\n"


def write_batch(count: int, fmt: str, out: TextIO, seed: int = 7) -> None:
    """`count` forms to `out`: PDF-text (forms separated by page breaks) or a JSON array."""
    rng = random.Random(seed + 1)
    if fmt == "json":
        out.write("[")
        for i, form in enumerate(realistic_forms(count, seed)):
            out.write((", " if i else "") + json.dumps(form, ensure_ascii=False))
        out.write("]\n")
        return
    for form in realistic_forms(count, seed):
        out.write(form_text(form, rng) + "\n\n\n")


# ---------------------------------------------------------------- audit batches with faults

#: Faults injected into forms, each with the risk signal of `jixiao audit` that must find it.
FAULT_SIGNALS = {
    "inflated_rows": "R06", "actuals_copy_targets": "R01", "satisfaction_at_threshold": "R02",
    "high_total_low_rate": "R04", "unexplained_deduction": "R05", "arithmetic_total": "R07",
    "copied_notes": "R08", "goals_copied": "R13", "targets_never_move": "R11",
    "indicators_copied": "R10",
}
#: The faults that inflate a self-evaluation (自评虚高), as opposed to careless ones.
INFLATING = ("inflated_rows", "actuals_copy_targets", "high_total_low_rate")
#: Broken files injected, with the status files.csv must give them.
FILE_FAULTS = {"corrupt_xlsx": "failed", "not_a_form": "skipped", "truncated_json": "partial"}
OFFICE_KINDS = (".xlsx", ".docx", ".html", ".pdf")
CAUSES = ("雨季施工受阻", "招标流程延长", "部分对象临时调整", "配套资金到位较晚", "场地协调滞后",
          "需求数量少于预期", "设备供货延迟", "人员调整")
MEASURES = ("已督促加快进度", "将于次年一季度完成", "已调整实施计划", "已加强过程监管",
            "已建立台账逐项跟踪")
_QUANTITY = re.compile(r"^([≥≤=]?)([0-9]+(?:\.[0-9]+)?)(.*)$")


def _note(ind: dict[str, Any], rng: random.Random) -> str:
    return (f"{ind['name']}实际完成{ind['actual']}，未达到{ind['target']}，"
            f"原因是{rng.choice(CAUSES)}，{rng.choice(MEASURES)}")


def _explained(form: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Every docked row given a reason of its own, as a careful unit writes them."""
    for ind in form["indicators"]:
        if Decimal(ind["score"]) < Decimal(ind["weight"]):
            ind["note"] = _note(ind, rng)
    return form


def _careful(form: dict[str, Any]) -> bool:
    """Whether a drawn form is one a careful unit would file: not a high total on a low rate,
    no satisfaction survey landing exactly on its threshold (the generator caps rates at 100)."""
    if Decimal(form["funds"]["rate"]) < 80 and Decimal(form["total"]["score"]) >= 90:
        return False
    for ind in form["indicators"]:
        m = _QUANTITY.match(ind["target"])
        if ind["level1"] == "满意度指标" and m and ind["actual"] == m.group(2) + m.group(3):
            return False
    return True


def _rescored(form: dict[str, Any]) -> dict[str, Any]:
    """Each row's score as the national rules compute it (a careful unit uses the formula;
    the generator's own arithmetic rounds a little differently on some rows)."""
    from jixiao.core.form_json import form_from_dict
    from jixiao.rules.engine import score_form
    from jixiao.rules.profile import load_profile

    card = score_form(form_from_dict(form), load_profile())
    for row in card.rows:
        if row.computed.value is not None:
            form["indicators"][row.index]["score"] = _d(row.computed.value)
    _retotal(form)
    return form


def _clean_form(rng: random.Random, numbers: Iterator[int]) -> dict[str, Any]:
    while True:
        form = _rescored(realistic_form(rng, next(numbers), slips=0))
        if _careful(form):
            return _explained(form, rng)


def _retotal(form: dict[str, Any]) -> None:
    total = Decimal(form["funds"]["score"]) + sum(Decimal(i["score"]) for i in form["indicators"])
    form["total"]["score"] = _d(total)
    form["grade"] = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def _as_printed(number: Decimal, like: str) -> str:
    return _d(number) if "." in like else format(number.quantize(CENT).normalize(), "f")


def _quantity_rows(form: dict[str, Any], ops: str = "≥") -> list[int]:
    rows = []
    for i, ind in enumerate(form["indicators"]):
        m = _QUANTITY.match(ind["target"])
        if m and m.group(1) and m.group(1) in ops and Decimal(m.group(2)) >= 2:
            rows.append(i)
    return rows


def inject(form: dict[str, Any], fault: str, rng: random.Random) -> list[int] | None:
    """Inject `fault` into `form` (changed in place); the rows it touched, or None when the
    form has no place for it."""
    inds = form["indicators"]
    if fault == "inflated_rows":  # half the target done, full marks kept
        rows = _quantity_rows(form)
        if not rows:
            return None
        i = rng.choice(rows)
        _, number, rest = _QUANTITY.match(inds[i]["target"]).groups()  # type: ignore[union-attr]
        inds[i]["actual"] = _as_printed(Decimal(number) / 2, number) + rest
        inds[i]["score"], inds[i]["note"] = inds[i]["weight"], None
        _retotal(form)
        return [i]
    if fault == "actuals_copy_targets":  # every actual the target, full marks
        for ind in inds:
            m = _QUANTITY.match(ind["target"])
            ind["actual"] = m.group(2) + m.group(3) if m else ind["target"]
            ind["score"], ind["note"] = ind["weight"], None
        _retotal(form)
        return list(range(len(inds)))
    if fault == "satisfaction_at_threshold":
        rows = [i for i, ind in enumerate(inds) if ind["level1"] == "满意度指标"]
        for i in rows:
            m = _QUANTITY.match(inds[i]["target"])
            if m is None:
                return None
            inds[i]["actual"] = m.group(2) + m.group(3)
            inds[i]["score"], inds[i]["note"] = inds[i]["weight"], None
        _retotal(form)
        return rows or None
    if fault == "high_total_low_rate":  # 60% spent, every row at full marks
        funds = form["funds"]
        for row in funds["rows"]:
            annual = Decimal(row["annual"])
            row["executed"] = _d(annual * Decimal("0.6"))
            row["rate"] = _d(Decimal(60) if annual else Decimal(0))
        funds["rate"], funds["score"] = "60.00", "6.00"
        for ind in inds:
            ind["score"], ind["note"] = ind["weight"], None
        _retotal(form)
        return []
    if fault == "unexplained_deduction":  # 80% done, docked, no reason
        rows = _quantity_rows(form)
        if not rows:
            return None
        i = rng.choice(rows)
        _, number, rest = _QUANTITY.match(inds[i]["target"]).groups()  # type: ignore[union-attr]
        inds[i]["actual"] = _as_printed(Decimal(number) * Decimal("0.8"), number) + rest
        inds[i]["score"] = _d(Decimal(inds[i]["weight"]) * Decimal("0.8"))
        inds[i]["note"] = None
        _retotal(form)
        return [i]
    if fault == "arithmetic_total":
        total = Decimal(form["total"]["score"])
        form["total"]["score"] = _d(total + (5 if total <= 90 else -5))
        return []
    if fault == "copied_notes":
        if len(inds) < 3:
            return None
        rows = sorted(rng.sample(range(len(inds)), 3))
        for i in rows:
            inds[i]["note"] = "已按计划推进，后续将进一步加强管理。"
        return rows
    if fault == "goals_copied":
        form["goals"]["actual"] = form["goals"]["expected"]
        return []
    raise ValueError(fault)


def _next_year(form: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same project a year later: the same targets, actuals and scores a little different."""
    later = json.loads(json.dumps(form))
    year = form["year"] + 1
    later["year"] = year
    later["project_name"] = later["project_name"].replace(f"{form['year']}年", f"{year}年", 1)
    for ind in later["indicators"]:
        ind["note"] = (_note(ind, rng) if Decimal(ind["score"]) < Decimal(ind["weight"])
                       else None)
    return later


def _office_bytes(form: dict[str, Any], suffix: str) -> bytes:
    from jixiao.core.form_json import form_from_dict
    from jixiao.readers.base import ReadResult
    from jixiao.rules.profile import load_profile
    from jixiao.services.evaluate import evaluate
    from jixiao.services.export import render

    ev = evaluate(ReadResult(form_from_dict(form)), load_profile())
    return render([ev], "form" + suffix)


def write_audit_batch(folder: Path, count: int, seed: int = 7, *, per_file: int = 50,
                      office: float = 0.02, faults: float = 0.2, archive: bool = True
                      ) -> dict[str, Any]:
    """`count` forms as a folder of files of every kind `jixiao audit` reads, a share `faults`
    of them with an injected fault, plus broken files; returns (and writes as faults.json
    beside the folder) where each fault was put.

    Forms go to JSON arrays and PDF-text files of `per_file` forms, a share `office` to one
    .xlsx/.docx/.html/.pdf file each, and (with `archive`) a few into a ZIP. Clean forms are
    careful: every docked row explains itself, no slips.
    """
    rng = random.Random(seed + 2)
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"forms": [], "files": [], "clean": []}
    kinds = list(FAULT_SIGNALS)
    text_buffer: list[tuple[dict[str, Any], dict[str, Any]]] = []
    json_buffer: list[tuple[dict[str, Any], dict[str, Any]]] = []
    file_no = 0

    def write(buffer: list[tuple[dict[str, Any], dict[str, Any]]], as_text: bool) -> None:
        nonlocal file_no
        if not buffer:
            return
        if as_text:
            name = f"text/forms-{file_no:05d}.txt"
            text = "".join(form_text(f, rng) + "\n\n\n" for f, _ in buffer)
            _write(folder / name, text.encode("utf-8"))
        else:
            name = f"json/batch-{file_no:05d}.json"
            _write(folder / name, json.dumps([f for f, _ in buffer], ensure_ascii=False)
                   .encode("utf-8"))
        for index, (_, entry) in enumerate(buffer):
            _place(manifest, entry, name, index)
        file_no += 1
        buffer.clear()

    def add(piece: dict[str, Any], record: dict[str, Any]) -> None:
        # the PDF-text layout has no column for 偏差原因: forms with notes go to JSON
        target = text_buffer if not any(i["note"] for i in piece["indicators"]) else json_buffer
        target.append((piece, record))
        for which, as_text in ((text_buffer, True), (json_buffer, False)):
            if len(which) >= per_file:
                write(which, as_text)

    members: list[tuple[str, bytes, dict[str, Any]]] = []
    numbers = iter(range(1, 10**9))
    made = office_no = 0
    while made < count:
        form = _clean_form(rng, numbers)
        entry: dict[str, Any] | None = None
        extra: dict[str, Any] | None = None
        if rng.random() < faults:
            fault = rng.choice(kinds)
            if fault == "targets_never_move":
                extra = _next_year(form, rng)
                entry = {"fault": fault, "signal": FAULT_SIGNALS[fault], "rows": []}
            elif fault == "indicators_copied":  # another unit's form with the same indicators
                extra = _clean_form(rng, numbers)
                extra["indicators"] = json.loads(json.dumps(form["indicators"]))
                _retotal(extra)
                entry = {"fault": fault, "signal": FAULT_SIGNALS[fault], "rows": []}
            else:
                rows = inject(form, fault, rng)
                if rows is not None:
                    entry = {"fault": fault, "signal": FAULT_SIGNALS[fault], "rows": rows}
        pieces = [(form, None if extra is not None and entry and entry["fault"] ==
                   "targets_never_move" else entry)]
        if extra is not None:
            pieces.append((extra, entry))
        for piece, piece_entry in pieces:
            made += 1
            roll = rng.random()
            record = piece_entry or {"fault": None}
            if roll < office:
                suffix = OFFICE_KINDS[office_no % len(OFFICE_KINDS)]
                name = f"office/{made:06d}{suffix}"
                data = _office_bytes(piece, suffix)
                office_no += 1
                if archive and office_no % 5 == 0:
                    members.append((f"单位{made:06d}/自评表{suffix}", data, record))
                else:
                    _write(folder / name, data)
                    _place(manifest, record, name, 0)
            else:
                add(piece, record)
    write(text_buffer, True)
    write(json_buffer, False)
    if members:
        with zipfile.ZipFile(folder / "submitted.zip", "w") as z:
            for member, data, record in members:
                z.writestr(member, data)
                _place(manifest, record, f"submitted.zip!{member}", 0)
    _file_faults(folder, manifest, rng)
    (folder.parent / f"{folder.name}.faults.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _place(manifest: dict[str, Any], entry: dict[str, Any], file: str, index: int) -> None:
    if entry.get("fault"):
        manifest["forms"].append({**entry, "file": file, "index": index})
    else:
        manifest["clean"].append({"file": file, "index": index})


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _file_faults(folder: Path, manifest: dict[str, Any], rng: random.Random) -> None:
    xlsx = _office_bytes(realistic_form(rng, 0, slips=0), ".xlsx")
    _write(folder / "broken/damaged.xlsx", xlsx[: len(xlsx) // 2])
    notes = "项目推进会会议纪要：请各单位按时报送材料。"
    _write(folder / "broken/meeting-notes.txt", notes.encode("utf-8"))
    forms = [realistic_form(rng, n, slips=0) for n in (1, 2)]
    whole = json.dumps(forms, ensure_ascii=False)
    cut = whole.index(json.dumps(forms[1]["project_name"], ensure_ascii=False))
    _write(folder / "broken/truncated.json", whole[:cut].encode("utf-8"))
    for name, fault in (("broken/damaged.xlsx", "corrupt_xlsx"),
                        ("broken/meeting-notes.txt", "not_a_form"),
                        ("broken/truncated.json", "truncated_json")):
        manifest["files"].append({"file": name, "fault": fault, "status": FILE_FAULTS[fault]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--audit", metavar="DIR",
                        help="write an audit batch (files of every kind, faults injected) into "
                             "DIR, and DIR.faults.json beside it")
    parser.add_argument("--office", type=float, default=0.02,
                        help="share of forms written as one .xlsx/.docx/.html/.pdf each")
    args = parser.parse_args()
    if args.audit:
        write_audit_batch(Path(args.audit), args.forms, args.seed, office=args.office)
        return 0
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            write_batch(args.forms, args.format, out, args.seed)
    else:
        write_batch(args.forms, args.format, sys.stdout, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
