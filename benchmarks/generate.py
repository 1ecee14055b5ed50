"""A realistic batch of forms for benchmarks: varied names, targets, units, numbers and layouts.

Every form is drawn afresh from vocabularies (regions × fields × kinds of project, departments,
indicator stems per category, units, comparison words, number styles), so the forms of a batch share
few strings and the readers' and rules' caches do not flatter the figures as repeated templates do.
Forms are written as canonical JSON objects and as PDF-text (the layout a PDF text extractor gives,
cells wrapped over several lines), in three layout variants; `tests/benchmarks` reads the text back
and requires exactly the forms generated.

Run: `.venv/bin/python benchmarks/generate.py --forms 10000 --format text -o forms.txt`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
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
               style: int, weight: Decimal) -> dict[str, Any]:
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
    if rng.random() < 0.05:  # a slip now and then, as in real batches
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


def realistic_form(rng: random.Random, number: int) -> dict[str, Any]:
    """One canonical form (schema 1) drawn from the vocabularies; `number` keeps names unique."""
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
    indicators = [_indicator(rng, *p, style, w) for p, w in zip(picked, weights, strict=True)]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            write_batch(args.forms, args.format, out, args.seed)
    else:
        write_batch(args.forms, args.format, sys.stdout, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
