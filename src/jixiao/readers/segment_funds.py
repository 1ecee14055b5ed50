"""Glued funds rows (`64.864.864.8100%`) and points (`10095`) split by the arithmetic: the cuts
the columns allow, kept when 执行率 = 执行数 ÷ 预算数 within the printed rounding and 得分 ≤ 分值
(`segment`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import combinations

from jixiao.readers.segment_numbers import (
    _NUMERIC_CHARS,
    _POINTS,
    BLANKS,
    FUNDS_KEYS,
    HUNDRED,
    MAX_SURVIVORS,
    cuts,
    printed_number,
)


def _rate_tolerance(rate: str) -> Decimal:
    """One unit of the last printed digit: `98.97` ± 0.01, `100%` ± 1."""
    digits = rate.removesuffix("%").partition(".")[2]
    return Decimal(1).scaleb(-len(digits))


def rate_agrees(annual: str, executed: str, rate: str) -> bool:
    """执行率 = 全年执行数 ÷ 全年预算数 × 100 within the printed rounding."""
    a, b, r = printed_number(annual), printed_number(executed), printed_number(
        rate.removesuffix("%"))
    if a is None or b is None or r is None:
        return False
    if a == 0:
        return b == 0 and r in (0, HUNDRED)
    if r == 0 and "." not in rate:  # a whole `0%` is nothing spent: 0.16% prints as such
        return b == 0
    return abs(b / a * HUNDRED - r) <= _rate_tolerance(rate)


#: How far, in points, a funds score may fall below 分值 × 执行率 (rounding, a point docked).
SCORE_SLACK = Decimal(1)
#: How far above 分值 × 执行率 a tiered rule lifts the score, as a share of 分值 (`≥90% 得满分`
#: gives 10 for 9; no rule gives full marks for a rate under half).
TIER_BONUS = Decimal("0.5")
#: The rate (in %) below which no tier lifts the score: tiered rules score a rate under half
#: in proportion or not at all (`60%以下不得分`).
TIER_FLOOR = Decimal(50)
#: How far above 分值 × 执行率 a score under `TIER_FLOOR` may print: rounded to whole points.
ROUNDING = Decimal("0.5")


def _decimals(token: str) -> int:
    return len(token.removesuffix("%").partition(".")[2])


def _funds_ok(values: dict[str, str], points: str | None = None, *, mixed: bool = False
              ) -> bool:
    for key, token in values.items():
        if token.endswith("%") and key != "rate":
            return False
        if "," in token and key not in _AMOUNTS:
            return False  # thousands are grouped in amounts only
    amounts = [values[k] for k in ("initial", "annual", "executed") if k in values]
    if not mixed and len({_decimals(a) for a in amounts
                          if printed_number(a) != 0 or "." in a}) > 1:
        return False  # one row prints its amounts in one format (a zero may print as `0`,
        # but `0.00` shows the format: `750.0075|0.00` is not a row of `750.00|750.00|0.00`)
    if "rate" in values and not rate_agrees(values["annual"], values["executed"],
                                            values["rate"]):
        return False
    if "weight" in values and points is not None and (
            printed_number(values["weight"]) != printed_number(points)):
        return False  # the item's 分值 is the block's printed points
    if "weight" in values and "score" not in values:  # 得分 left empty: 分值 checked by the
        return points is not None  # block's points only
    if "weight" in values:
        return _funds_score_ok(values["weight"], values["score"], values["rate"])
    if "score" in values:  # the item's 分值 printed in the block's caption (`(20分)`)
        return points is not None and _funds_score_ok(points, values["score"], values["rate"])
    return True


_AMOUNTS = frozenset({"initial", "annual", "executed"})


def row_agrees(values: dict[str, str], *, scored: bool = True) -> bool:
    """A funds row's values, already apart (column → printed number), pass the arithmetic
    `split_funds` keeps a cut by: 全年预算数 and 全年执行数 printed, 分值 and 得分 together with
    执行率 (and in a `scored` row only), amounts in one format or, the rate checking them, in
    a spreadsheet's General format."""
    keys = set(values)
    points = keys & {"weight", "score"}
    if not {"annual", "executed"} <= keys or (points and (
            not scored or points != {"weight", "score"} or "rate" not in keys)):
        return False
    if any(printed_number(v.removesuffix("%")) is None for v in values.values()):
        return False
    return _funds_ok(values) or ("rate" in keys and _funds_ok(values, mixed=True))


def _funds_score_ok(weight_text: str, score_text: str, rate_text: str) -> bool:
    """得分 of the execution-rate item: 0 < 分值 ≤ 100, 得分 ≤ 分值, and 得分 near 分值 × 执行率
    (`SCORE_SLACK` below, `TIER_BONUS` × 分值 above from a rate of `TIER_FLOOR`: tiered rules
    give more, never all for nothing)."""
    if not (_POINTS.match(weight_text) and _POINTS.match(score_text)):
        return False
    weight, score = Decimal(weight_text), Decimal(score_text)
    rate = min(Decimal(rate_text.removesuffix("%")), HUNDRED)
    if not 0 < weight <= HUNDRED or score > weight:
        return False
    proportional = weight * rate / HUNDRED
    lift = weight * TIER_BONUS if rate >= TIER_FLOOR else ROUNDING
    return proportional - SCORE_SLACK <= score <= proportional + lift


def _item_agrees(weight_text: str, score_text: str, rate_text: str) -> bool:
    """得分 = 分值 × 执行率 within `SCORE_SLACK`, 0 < 分值 ≤ 100, 得分 ≤ 分值."""
    if not _funds_score_ok(weight_text, score_text, rate_text):
        return False
    rate = min(Decimal(rate_text.removesuffix("%")), HUNDRED)
    return abs(Decimal(weight_text) * rate / HUNDRED - Decimal(score_text)) <= SCORE_SLACK


def funds_layouts(columns: Sequence[str], *, pointed: bool = False
                  ) -> Iterator[tuple[str, ...]]:
    """The column subsets a glued funds row may fill, in printed order.

    全年预算数 and 全年执行数 are always printed; 年初预算数 and 执行率 may be blank; 分值 and
    得分 come together with 执行率 (the total row) or not at all (the 其中 rows); where the
    block's caption prints the item's points (`pointed`), 得分 comes alone, or 分值 alone (得分
    left empty: a form published before its self-evaluation; the 分值 must be those points).
    """
    optional = [k for k in columns if k in ("initial", "rate")]
    pair = [k for k in columns if k in ("weight", "score")]
    core = [k for k in columns if k in ("annual", "executed")]
    whole = len(pair) == 2 or (pointed and pair == ["score"])
    for n in range(len(optional), -1, -1):
        for chosen in combinations(optional, n):
            scoring = whole and "rate" in chosen  # the score is the rate's
            alone = [pair[:1]] if pointed and pair == ["weight", "score"] else []
            for scored in ((pair, *alone, []) if scoring else ([],)):
                keep = set(core) | set(chosen) | set(scored)
                yield tuple(k for k in columns if k in keep)


def split_funds(run: str, columns: Sequence[str], *, scored: bool = True,
                points: str | None = None) -> list[dict[str, str]]:
    """Every reading of a glued funds run (`10101 00%20`) the column order and arithmetic allow.

    Args:
        run: the numbers as printed, whitespace removed (it is wrapping, not a separator).
        columns: the funds columns in printed order (`FUNDS_KEYS` members).
        scored: the row may print 分值 and 得分 (the total row; the `其中` rows do not).
        points: the item's 分值 printed in the block's caption (`预算执行情况(20分)`), for a
            table with a 得分 column and no 分值 column.

    Returns:
        Each surviving reading, column → printed number; [] when none survives.
    """
    run = "".join(ch for ch in run if not ch.isspace() and ch not in BLANKS)
    if not run or set(run) - _NUMERIC_CHARS - {","}:  # `1,234.56`: grouped amounts
        return []
    out: list[dict[str, str]] = []
    keys = [k for k in columns if k in FUNDS_KEYS and (scored or k not in ("weight", "score"))]
    for mixed in (False, True):  # amounts in one format first (`12.00|9.60`), then as a
        # spreadsheet's General format prints them (`12|9.6`), the rate checking the cut
        for layout in funds_layouts(keys, pointed=points is not None):
            if "annual" not in layout or "executed" not in layout or (
                    mixed and "rate" not in layout):
                continue
            for pieces in cuts(run, len(layout)):
                values = dict(zip(layout, pieces, strict=True))
                if _funds_ok(values, points, mixed=mixed):
                    out.append(values)
                    if len(out) >= MAX_SURVIVORS:
                        return out
        if out:
            return out
    return _item_only(run, keys)


def _item_only(run: str, keys: Sequence[str]) -> list[dict[str, str]]:
    """The execution item printed without its amounts (全年预算数/执行数 left blank): `76%107.6`
    is 执行率 76%, 分值 10, 得分 7.6 — kept only when the rate prints its `%` and the score
    agrees with 分值 × 执行率 within `SCORE_SLACK` (no tier lifts it: nothing else checks the
    cut); 年初预算数 may precede it."""
    item = [k for k in keys if k in ("rate", "weight", "score")]
    if len(item) != 3:
        return []
    out: list[dict[str, str]] = []
    for layout in (tuple(item), ("initial", *item) if "initial" in keys else ()):
        for pieces in cuts(run, len(layout)) if layout else ():
            values = dict(zip(layout, pieces, strict=True))
            rate = values["rate"]
            if rate.endswith("%") and printed_number(rate.removesuffix("%")) is not None and (
                    "initial" not in values or printed_number(values["initial"]) is not None
            ) and _item_agrees(values["weight"], values["score"], rate):
                out.append(values)
    return out


def lost_integer_part(run: str) -> bool:
    """A glued run whose numbers lost their integer parts (`.32.06.5`: a capture that dropped
    digits): no cut of it can be checked, and none is read."""
    run = "".join(run.split())
    return run.startswith(".") or ".." in run


def item_after_damage(run: str, columns: Sequence[str]) -> dict[str, str]:
    """The execution item (执行率, 分值, 得分) printed after damaged amounts
    (`.32.06.579.27107.93`: 79.27, 10, 7.93): the one tail of the run whose 得分 is
    分值 × 执行率 rounded as printed (`_item_exact`: nothing else checks the cut), the item's
    columns last in `columns`; {} when no tail or more than one agrees."""
    item = [k for k in columns if k in ("rate", "weight", "score")]
    if len(item) != 3 or list(columns[-3:]) != item:
        return {}
    run = "".join(run.split())
    found: list[dict[str, str]] = []
    for start in range(1, len(run)):
        for pieces in cuts(run[start:], 3):
            values = dict(zip(item, pieces, strict=True))
            if _item_exact(values["weight"], values["score"], values["rate"]):
                found.append(values)
    return found[0] if len(found) == 1 else {}


#: A rate prints at most this many decimals (`79.27`): `85.7110` is a cut, not a rate.
RATE_DECIMALS = 2


def _item_exact(weight_text: str, score_text: str, rate_text: str) -> bool:
    """得分 = 分值 × 执行率 within half a unit of the score's last printed digit, the rate
    printed with at most `RATE_DECIMALS` decimals (and `_item_agrees`)."""
    if _decimals(rate_text) > RATE_DECIMALS or not _item_agrees(weight_text, score_text,
                                                                 rate_text):
        return False
    rate = min(Decimal(rate_text.removesuffix("%")), HUNDRED)
    half = Decimal(1).scaleb(-_decimals(score_text)) / 2
    return abs(Decimal(weight_text) * rate / HUNDRED - Decimal(score_text)) <= half


def split_points(run: str, keys: Sequence[str]) -> list[dict[str, str]]:
    """A glued run of points (`10095`: 总分 分值 100, 得分 95): score ≤ weight ≤ 100."""
    run = "".join(run.split())
    out = []
    for pieces in cuts(run, len(keys)):
        values = dict(zip(keys, pieces, strict=True))
        if any(not _POINTS.match(v) for v in pieces):
            continue
        if "weight" in values and "score" in values and (
                Decimal(values["score"]) > Decimal(values["weight"])):
            continue
        if any(Decimal(v) > HUNDRED for v in pieces):
            continue
        out.append(values)
    return out
