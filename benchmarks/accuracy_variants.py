"""Field accuracy of the text reader on the labelled corpus as unseen sites would publish it.

    .venv/bin/python benchmarks/accuracy_variants.py [--variant NAME ...] [--seed N] [--json]
                                                      [--misses] [--files]

The labelled corpus (`benchmarks/accuracy.py`) is the development set: the readers were tuned
on it, so its figure says little about text never seen. Here each labelled raw text is first
changed the way mirror, disclosure and document-sharing sites change text (each change a named,
seeded function below), then read and compared with the same labels by the same comparison as
`accuracy.py`. The values of the form are unchanged by every change (a traditional copy is
compared after converting back), so the labels stay the truth.

A field counts in a variant only when the variant leaves it readable: `UNREADABLE` names, per
variant, the fields a change makes unreadable for any reader, and why; they are not counted
(`--misses` lists what is counted).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy

SEED = 8

# ---------------------------------------------------------------- the changes

_HAN = "\u3400-\u9fff"


@lru_cache(maxsize=2)
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def traditional(text: str, rng: random.Random) -> str:
    """(a) A mirror site's 繁体 copy: the whole text through OpenCC s2t."""
    return str(_opencc("s2t").convert(text))


#: Pinyin of characters frequent in the forms' captions (glosses as mirror sites print them).
_PINYIN = {"項": "xiàng", "目": "mù", "標": "biāo", "指": "zhǐ", "資": "zī", "金": "jīn",
           "預": "yù", "算": "suàn", "年": "nián", "度": "dù", "分": "fēn", "值": "zhí",
           "門": "mén", "單": "dān", "位": "wèi", "執": "zhí", "行": "xíng", "績": "jì",
           "效": "xiào", "總": "zǒng", "體": "tǐ", "實": "shí", "際": "jì", "數": "shù"}


def pinyin(text: str, rng: random.Random) -> str:
    """(a') The 繁体 copy with a pinyin gloss after a third of the characters that have one
    (`項(xiàng)目`)."""
    out = []
    for ch in traditional(text, rng):
        out.append(ch)
        if ch in _PINYIN and rng.random() < 0.33:
            out.append(f"({_PINYIN[ch]})")
    return "".join(out)


def glued(text: str, rng: random.Random) -> str:
    """(b) Every blank, line break and `|` cell rule removed: the whole form one string."""
    return re.sub(r"[\s|]+", "", text)


def _wrap(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        out.extend(line[i:i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(out)


def wrap18(text: str, rng: random.Random) -> str:
    """(c) Lines broken every 18 characters, inside captions and numbers, as PDF text is."""
    return _wrap(text, 18)


def wrap40(text: str, rng: random.Random) -> str:
    """(c) Lines broken every 40 characters."""
    return _wrap(text, 40)


#: Page text of document-sharing sites: banners, page markers, reading prompts.
_CLUTTER = (
    "《{name}.docx》由会员分享,可在线阅读,更多相关《{name}.docx(5页珍藏版)》请在文库网上搜索。",
    "第 {page} 页 共 5 页",
    "共5页 第{page}页",
    "- {page} -",
    "还剩{left}页未读，继续阅读",
    "下载文档到电脑，查找使用更方便",
    "作者:admin 上传时间:2023-05-10 浏览次数:{left}次 返回上级",
)


#: A line this long is a whole page flattened by a sharing site, which numbers such pages
#: `1、`, `2、` … in order (shorter lines numbered so are list items of the form).
PAGE_LINE = 400


def clutter(text: str, rng: random.Random) -> str:
    """(d) Document-sharing page text put between lines at seeded places (about one line in
    twelve), and `N、` page markers opening each flattened page (`PAGE_LINE`) in order."""
    lines = text.split("\n")
    out: list[str] = []
    page = chunk = 1
    for i, line in enumerate(lines):
        if i and rng.random() < 1 / 12:
            page += 1
            out.append(rng.choice(_CLUTTER).format(name="项目支出绩效自评表", page=page,
                                                    left=rng.randint(2, 9)))
        if len(line) >= PAGE_LINE and not re.match(r"\d{1,3}、", line):
            line, chunk = f"{chunk}、{line}", chunk + 1
        out.append(line)
    return "\n".join(out)


_FULL = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def fullwidth(text: str, rng: random.Random) -> str:
    """(e) Digits, Latin letters and punctuation in their full-width forms."""
    return text.translate(_FULL)


_CELL_RULE = re.compile(r"[ \t]*\|[ \t]*|\t+| {2,}")


def tabs(text: str, rng: random.Random) -> str:
    """(f) Cells separated by a tab instead of `|` or a run of blanks."""
    return _CELL_RULE.sub("\t", text)


def csv_rows(text: str, rng: random.Random) -> str:
    """(f') The `tabs` copy as a spreadsheet saves it as CSV: each line's tab-separated cells
    written by `csv.writer` (a cell holding a comma or a quote quoted)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in tabs(text, rng).split("\n"):
        writer.writerow(line.split("\t") if line else [])
    return out.getvalue()[:-1]  # the rows, each ended by a line break but the last


def pipes(text: str, rng: random.Random) -> str:
    """(f) Cells separated by `|` with no blanks, instead of blanks or ` | `."""
    return _CELL_RULE.sub("|", text)


#: Captions printed on the standard forms (the Ministry template and the provinces' variants
#: in the corpus README); `spaced` breaks them with a blank.
CAPTIONS = ("项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数",
            "调整后预算数", "预算执行数", "预算执行率", "年度资金总额", "财政拨款", "上年结转资金",
            "其他资金", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
            "偏差原因分析及改进措施", "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标",
            "时效指标", "成本指标", "社会效益指标", "经济效益指标", "生态效益指标",
            "可持续影响指标", "服务对象满意度指标", "总体目标", "预期目标", "实际完成情况", "总分")
_CAPTION = re.compile("|".join(sorted(CAPTIONS, key=len, reverse=True)))
_POINTS = re.compile(r"([(（])(\d{1,3})分([)）])")


def spaced(text: str, rng: random.Random) -> str:
    """(g) A blank inside half of the captions (`年初 预算数`) and inside `(NN分)`
    (`(50分 )`), as typeset text copied from a page does."""
    def caption(m: re.Match[str]) -> str:
        word = m.group()
        if rng.random() < 0.5:
            return word
        cut = rng.randint(1, len(word) - 1)
        return f"{word[:cut]} {word[cut:]}"

    text = _CAPTION.sub(caption, text)
    return _POINTS.sub(lambda m: f"{m.group(1)}{m.group(2)}分 {m.group(3)}"
                       if rng.random() < 0.5 else f"{m.group(1)} {m.group(2)} 分{m.group(3)}",
                       text)


@dataclass(frozen=True)
class Variant:
    name: str
    change: Callable[[str, random.Random], str]
    #: read values are turned back with this OpenCC config before comparing (labels are simplified)
    back: str | None = None


VARIANTS = (
    Variant("traditional", traditional, "t2s"),
    Variant("pinyin", pinyin, "t2s"),
    Variant("glued", glued),
    Variant("wrap18", wrap18),
    Variant("wrap40", wrap40),
    Variant("clutter", clutter),
    Variant("fullwidth", fullwidth),
    Variant("tabs", tabs),
    Variant("csv", csv_rows),
    Variant("pipes", pipes),
    Variant("spaced", spaced),
)
BY_NAME = {v.name: v for v in VARIANTS}

_FIGURE = re.compile(r"[\d%≥≤<>=＞＜＝≧≦]")


def _word_values(form: dict[str, Any]) -> dict[str, str]:
    """Glued: the name, target and actual of a row whose target or actual is words only (`全天候
    可用`, `有效`): a word value glued to the row's name (or to the other word value) has its
    boundary nowhere in the text (`可保证读者使用时长全天候可用全天候`), so no reader can tell
    where the name ends."""
    out: dict[str, str] = {}
    for i, row in enumerate(form.get("indicators") or []):
        values = [row.get("target"), row.get("actual")]
        if any(v and not _FIGURE.search(str(v)) for v in values):
            for key in ("name", "target", "actual"):
                out[f"indicators[{i}].{key}"] = "文字指标值与指标名称粘连，分界不在文本中"
    return out


#: variant → the fields of a labelled form the change makes unreadable for any reader (path →
#: why); they are not counted. The other changes keep every value readable.
UNREADABLE: dict[str, Callable[[dict[str, Any]], dict[str, str]]] = {"glued": _word_values}


# ---------------------------------------------------------------- scoring

def _back(value: Any, config: str) -> Any:
    if isinstance(value, str):
        return _opencc(config).convert(value)
    if isinstance(value, list):
        return [_back(v, config) for v in value]
    if isinstance(value, dict):
        return {k: _back(v, config) for k, v in value.items()}
    return value


def _round_trip(value: Any) -> Any:
    """A label as it reads after s2t then t2s (a character both ways differently, e.g. 乾/干,
    is the converter's loss, not the reader's)."""
    return _back(_back(value, "s2t"), "t2s")


def score_variant(label_path: Path, raw_path: Path, variant: Variant,
                  seed: int = SEED) -> accuracy.FileScore:
    """One labelled file changed by `variant` (seeded by the seed and the file), read, scored."""
    body, _ = accuracy.split_header(raw_path.read_text(encoding="utf-8"))
    rng = random.Random(f"{seed}:{variant.name}:{label_path.stem}")
    changed = variant.change(body, rng)
    got, error = accuracy.read_forms(changed, raw_path.name)
    want = accuracy.load_label(label_path)
    if variant.back:
        got = [accuracy.ReadForm(_back(g.data, variant.back), {}) for g in got]
        want = [_round_trip(w) for w in want]
    return accuracy.score_forms(label_path.stem, want, got, error, UNREADABLE.get(variant.name))


def score_matrix(variants: Sequence[Variant] = VARIANTS, seed: int = SEED,
                 labels: Path = accuracy.CORPUS / "labels",
                 raw: Path = accuracy.CORPUS / "raw") -> dict[str, list[accuracy.FileScore]]:
    """variant name → the score of every labelled file under it."""
    pairs = list(accuracy.labelled_pairs(labels, raw))
    return {v.name: [score_variant(lp, rp, v, seed) for lp, rp in pairs] for v in variants}


def render(matrix: dict[str, list[accuracy.FileScore]], files: bool, misses: bool) -> str:
    names = [s.name for s in next(iter(matrix.values()))]
    head = f"{'variant':<12} {'fields':>9} {'%':>6}  {'forms':>7}"
    if files:
        head += "  " + " ".join(f"{n:>4}" for n in names)
    out = [head, "-" * len(head)]
    for variant, scores in matrix.items():
        total = accuracy.overall(scores)
        found = sum(s.forms_found for s in scores)
        expected = sum(s.forms_expected for s in scores)
        line = (f"{variant:<12} {total.right:>4}/{total.total:<4} {total.percent:>6}  "
                f"{found:>3}/{expected:<3}")
        if files:
            line += "  " + " ".join(f"{s.tally.percent:>4.0f}" for s in scores)
        out.append(line)
    if misses:
        for variant, scores in matrix.items():
            for s in scores:
                for m in s.tally.misses:
                    out.append(f"{variant} {s.name} {m.path}: want {m.want!r}, got {m.got!r}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", action="append", choices=sorted(BY_NAME),
                        help="only this variant (repeatable)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every field missed")
    parser.add_argument("--files", action="store_true", help="a column per file (percent)")
    args = parser.parse_args(argv)
    variants = [BY_NAME[n] for n in args.variant] if args.variant else list(VARIANTS)
    matrix = score_matrix(variants, args.seed)
    if args.json:
        print(json.dumps({name: {"files": [s.to_json(args.misses) for s in scores],
                                 "right": accuracy.overall(scores).right,
                                 "total": accuracy.overall(scores).total}
                          for name, scores in matrix.items()}, ensure_ascii=False, indent=1))
    else:
        print(render(matrix, args.files, args.misses))
    return 0


if __name__ == "__main__":
    sys.path.append(str(accuracy.ROOT / "src"))  # last: PYTHONPATH may name another checkout
    raise SystemExit(main())
