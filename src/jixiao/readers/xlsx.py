"""The XLSX reader: every worksheet that holds a form → forms, numbers as Excel prints them.

Stages: check the package (an `.xls` binary, an `.xlsm` with macros, oversized files and ZIP bombs
are refused with a Chinese message) → load with openpyxl (`data_only=False`, so formulas are
seen; the cached results come from a second, `data_only=True` load) → each sheet becomes one
`Table` whose cells carry their merged spans and refs like `Sheet1!B5` → each cell's text is what
Excel displays: numbers through the cell's `number_format` (`0.00` → `7.20`, `0.00%` →
`80.44%`, General without float artefacts), text kept verbatim — including text that only looks
like a formula (`=1.00(次)`) → `grid_script.read_grid` (a sheet in 繁体字 is read on a
simplified copy) → `grid_form.read_tables`, one sheet at a time.

A formula without a cached result (a file written by a program and never opened in Excel) is
computed when it is simple arithmetic over numbers and cells (import finding JX071); otherwise
the cell reads as blank with JX072.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Any

from jixiao.core.findings import Finding, Severity, SourceRef
from jixiao.core.money import in_domain
from jixiao.readers.base import ReadResult, UnreadableInput, damage_reason, import_finding
from jixiao.readers.codes import IMPORT_CODES
from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_script import read_grid
from jixiao.readers.limits import DEFAULT_LIMITS, ReadLimits, check_size, check_unpacked, refuse
from jixiao.readers.sniff import OLE_MAGIC

__all__ = ["FINDING_CODES", "format_number", "read_xlsx"]

#: Import findings: the shared catalogue (`readers.codes`).
FINDING_CODES = IMPORT_CODES





def _finding(code: str, detail: str, ref: str | None, filename: str | None,
             severity: Severity) -> Finding:
    return import_finding(code, f"{FINDING_CODES[code]}：{detail}",
                          source=SourceRef(file=filename, cell=ref), severity=severity)


# ---------------------------------------------------------------- package checks


def check_package(data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse what openpyxl must not be given: .xls, macros, oversized, not a workbook.

    Raises:
        UnreadableInput: with a Chinese message saying what to do.
    """
    if not data:
        raise UnreadableInput(f"{name}: 文件为空")
    if data.startswith(OLE_MAGIC):
        raise UnreadableInput(
            f"{name}: 是旧版 Excel 二进制文件（.xls），不能直接读取；"
            "请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再读取")
    check_size(data, name, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            names = {m.filename for m in members}
            types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names \
                else b""
    except (zipfile.BadZipFile, KeyError) as exc:
        raise UnreadableInput(f"{name}: 不是有效的 Excel 工作簿（文件已损坏或不是 .xlsx）") from exc
    if "xl/workbook.xml" not in names:
        raise UnreadableInput(f"{name}: 不是 Excel 工作簿（包中没有 xl/workbook.xml）")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
        raise UnreadableInput(
            f"{name}: 是含宏的工作簿（.xlsm），出于安全考虑不予读取；"
            "请在 Excel 或 WPS 中另存为不含宏的 .xlsx 后再读取")
    check_unpacked([m.file_size for m in members], name, limits)
    part = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for member in members:
                if _SHEET_PART.match(member.filename):
                    part = member.filename
                    scan_sheet(package, member, name, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise UnreadableInput(f"{name}: Excel 工作簿已损坏或不完整（{part} 无法解压），"
                              "无法读取") from exc


# ---------------------------------------------------------------- budgets, before openpyxl

_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_SCAN_BYTES = 1 << 20
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"  # an element, in any namespace prefix
_REF = rb"[\"']\$?([A-Za-z]{1,4})\$?(\d{1,9})"
_ROW_TAG = re.compile(_PREFIX + rb"row[\s/>]")
_CELL_TAG = re.compile(_PREFIX + rb"c[\s/>]")
_CELL_REF = re.compile(_PREFIX + rb"c\s[^>]*?\br\s*=\s*" + _REF)
_MERGE = re.compile(_PREFIX + rb"mergeCell\s[^>]*?\bref\s*=\s*" + _REF
                    + rb"(?::\$?([A-Za-z]{1,4})\$?(\d{1,9}))?")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


@dataclass
class _SheetCount:
    """What a worksheet's XML holds, counted as it streams by."""

    cells: int = 0
    rows: int = 0
    merged: int = 0
    merged_area: int = 0
    max_row: int = 0
    max_col: int = 0


def scan_sheet(package: zipfile.ZipFile, member: zipfile.ZipInfo, name: str,
               limits: ReadLimits) -> None:
    """Count a worksheet's rows, cells and merged ranges from its XML, streamed in bounded
    pieces, and refuse it beyond the limits before openpyxl allocates anything: one
    `<mergeCell ref="A1:XFD1048576"/>` would otherwise become 17 billion cell objects.

    Raises:
        UnreadableInput: naming the file, the sheet part, the limit and its setting.
    """
    count = _SheetCount()
    where = f"{member.filename}"
    carry = b""
    with package.open(member) as stream:
        while True:
            block = stream.read(_SCAN_BYTES)
            text = carry + block
            cut = text.rfind(b">") + 1 if block else len(text)
            piece, carry = text[:cut], text[cut:]
            _count(piece, count)
            _check_count(count, name, where, limits)
            if not block:
                break
            if len(carry) > _SCAN_BYTES:  # a tag a megabyte long: not a worksheet
                raise UnreadableInput(f"{name}: {where} 不是有效的工作表 XML，无法读取")


def _count(piece: bytes, count: _SheetCount) -> None:
    count.rows += len(_ROW_TAG.findall(piece))
    count.cells += len(_CELL_TAG.findall(piece))
    for letters, digits in _CELL_REF.findall(piece):
        count.max_row = max(count.max_row, int(digits))
        count.max_col = max(count.max_col, _column_number(letters))
    for c1, r1, c2, r2 in _MERGE.findall(piece):
        top, left = int(r1), _column_number(c1)
        bottom, right = (int(r2), _column_number(c2)) if r2 else (top, left)
        top, bottom = min(top, bottom), max(top, bottom)
        left, right = min(left, right), max(left, right)
        count.merged += 1
        count.merged_area += (bottom - top + 1) * (right - left + 1)
        count.max_row = max(count.max_row, bottom)
        count.max_col = max(count.max_col, right)


def _check_count(count: _SheetCount, name: str, where: str, limits: ReadLimits) -> None:
    if count.merged_area > limits.max_merged:
        raise refuse(name, f"{where} 合并单元格过多（openpyxl 逐格展开合并区域）",
                     f"{count.merged} 个合并区域至少覆盖 {count.merged_area} 格", "max_merged",
                     f"{limits.max_merged} 格")
    if count.cells + count.merged_area > limits.max_cells:
        raise refuse(name, f"{where} 单元格过多（含合并区域覆盖的单元格）",
                     f"至少 {count.cells + count.merged_area} 个", "max_cells",
                     f"{limits.max_cells} 个")
    if max(count.rows, count.max_row) > limits.max_rows:
        raise refuse(name, f"{where} 行数过多", f"至少 {max(count.rows, count.max_row)} 行",
                     "max_rows", f"{limits.max_rows} 行")
    if count.max_col > limits.max_columns:
        raise refuse(name, f"{where} 列数过多", f"第 {count.max_col} 列", "max_columns",
                     f"{limits.max_columns} 列")


def _load(data: bytes, name: str, *, data_only: bool) -> Any:
    try:
        from openpyxl import load_workbook  # heavy import, only when a workbook is read

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            return load_workbook(io.BytesIO(data), read_only=False, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise UnreadableInput(f"{name}: 无法打开 Excel 工作簿（{damage_reason(exc)}）") from exc


# ---------------------------------------------------------------- number formats

_GENERAL_DIGITS = 15  # Excel keeps 15 significant digits
_MAX_DECIMALS = 30  # Excel shows at most 30 decimals, whatever the format asks
_MAX_PERCENT = 3  # `%` or trailing `,` beyond this many: a format nobody means
_FIXED_BELOW = Decimal("1E15")  # larger numbers are shown as General (`1E+20`), as Excel does


def to_decimal(value: int | float | Decimal) -> Decimal:
    """A stored number as Decimal without float artefacts (`7.2` → `Decimal('7.2')`)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)  # Decimal(huge int) is exact; shown as General beyond 1E15
    return Decimal(repr(float(value)))


def _general(d: Decimal) -> str:
    if d == 0:
        return "0"
    if not d.is_finite():
        return str(d)
    d = Context(prec=_GENERAL_DIGITS, rounding=ROUND_HALF_UP).plus(d)
    if abs(d) >= Decimal("1E11") or abs(d) < Decimal("1E-9"):
        mantissa, _, exponent = f"{d:.5E}".partition("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        exp = int(exponent)
        return f"{mantissa}E{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    text = format(d.normalize(), "f")
    return text


def _sections(fmt: str) -> list[str]:
    out, buf, quoted, escape = [], [], False, False
    for ch in fmt:
        if escape:
            buf.append(ch)
            escape = False
        elif ch == "\\":
            buf.append(ch)
            escape = True
        elif ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == ";" and not quoted:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return out


_BRACKETS = re.compile(r"\[[^\]]*\]")


def _tokens(section: str) -> list[tuple[str, str]]:
    """Split a format section into ("lit", text) and ("ph", placeholder-char) tokens."""
    out: list[tuple[str, str]] = []
    i = 0
    s = _BRACKETS.sub("", section)
    while i < len(s):
        ch = s[i]
        if ch == '"':
            j = s.find('"', i + 1)
            j = len(s) if j < 0 else j
            out.append(("lit", s[i + 1:j]))
            i = j + 1
        elif ch == "\\" and i + 1 < len(s):
            out.append(("lit", s[i + 1]))
            i += 2
        elif ch in "_*":
            i += 2  # a space the width of the next char / a fill: nothing printed as text
        elif ch in "0#?.,%Ee":
            if ch in "Ee" and (i + 1 >= len(s) or s[i + 1] not in "+-"):
                out.append(("lit", ch))
                i += 1
                continue
            out.append(("ph", ch))
            i += 1
        elif ch == "@":
            out.append(("text", ch))
            i += 1
        else:
            out.append(("lit", ch))
            i += 1
    return out


def format_number(value: int | float | Decimal, fmt: str | None) -> str:
    """A number as Excel displays it under `fmt` (`0.00`, `#,##0.00`, `0.00%`, `0.0"万元"`,
    General …), rounding half away from zero like Excel."""
    d = to_decimal(value)
    fmt = fmt or "General"
    if not fmt.strip() or fmt.strip().lower() == "general":
        return _general(d)
    sections = _sections(fmt)
    section = sections[0]
    sign = "-" if d < 0 else ""
    if d < 0 and len(sections) > 1 and sections[1].strip():
        section, sign = sections[1], ""
    elif d == 0 and len(sections) > 2:
        section = sections[2]
    tokens = _tokens(section)
    phs = [i for i, (kind, _) in enumerate(tokens) if kind == "ph" and tokens[i][1] in "0#?"]
    if any(kind == "ph" and ch in "Ee" for kind, ch in tokens):
        return _general(d)
    percent = min(sum(1 for kind, ch in tokens if kind == "ph" and ch == "%"), _MAX_PERCENT)
    if not d.is_finite() or abs(d) >= _FIXED_BELOW:
        return _general(d) if d.is_finite() else str(d)
    if not phs:
        body = "".join(ch if kind != "ph" else ("%" if ch == "%" else "") for kind, ch in tokens)
        return (body.replace("@", "") or _general(d)).strip()
    start, end = phs[0], phs[-1]
    number = [ch for kind, ch in tokens[start:end + 1] if kind == "ph"]
    pattern = "".join(number)
    int_pat, _, frac_pat = pattern.partition(".")
    scaled = abs(d) * (Decimal(100) ** percent)
    trailing_commas = min(len(int_pat) - len(int_pat.rstrip(",")), _MAX_PERCENT)
    scaled /= Decimal(1000) ** trailing_commas
    int_pat = int_pat.rstrip(",")
    frac_digits = min(sum(1 for ch in frac_pat if ch in "0#?"), _MAX_DECIMALS)
    required_frac = min(sum(1 for ch in frac_pat if ch in "0?"), _MAX_DECIMALS)
    q = scaled.quantize(Decimal(1).scaleb(-frac_digits), rounding=ROUND_HALF_UP)
    int_text, _, frac_text = format(q, "f").partition(".")
    while len(frac_text) > required_frac and frac_text.endswith("0"):
        frac_text = frac_text[:-1]
    min_int = sum(1 for ch in int_pat if ch == "0")
    if int_text == "0" and min_int == 0:
        int_text = ""
    int_text = int_text.rjust(min_int, "0")
    if "," in int_pat and int_text:
        int_text = f"{int(int_text):,}"
    text = int_text + ("." + frac_text if "." in pattern else "")
    prefix = "".join(ch for kind, ch in tokens[:start] if kind != "ph" or ch == "%")
    suffix = "".join(ch if kind != "ph" else ("%" if ch == "%" else "")
                     for kind, ch in tokens[end + 1:])
    middle_lits = "".join(ch for kind, ch in tokens[start:end + 1] if kind == "lit")
    if middle_lits:  # literals between placeholders (`0"元"00`) are rare: keep them after
        suffix = middle_lits + suffix
    return f"{sign}{prefix}{text}{suffix}".replace("@", "").strip()


_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|'
                         r"AM/PM|am/pm|A/P|[^\"\\ymdhsAa]+|.", re.IGNORECASE)


def format_datetime(value: datetime | date | time | timedelta, fmt: str | None) -> str:
    """A date or time as a date format prints it (`yyyy"年"m"月"d"日"`, `yyyy-mm-dd`, …)."""
    if isinstance(value, timedelta):
        return str(value)
    section = _BRACKETS.sub("", _sections(fmt or "")[0])
    if not re.search(r"[ymdhs]", section, re.IGNORECASE):
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
        return value.isoformat()
    tokens = _DATE_TOKEN.findall(section)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        prev = next((t.lower() for t in reversed(tokens[:i]) if re.fullmatch(r"[a-z/]+", t,
                                                                              re.I)), "")
        nxt = next((t.lower() for t in tokens[i + 1:] if re.fullmatch(r"[a-z/]+", t, re.I)), "")
        minute = low in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s"))
        out.append(_date_part(value, tok, low, minute))
    return "".join(out).strip()


def _date_part(value: Any, tok: str, low: str, minute: bool) -> str:
    year, month, day = (getattr(value, k, None) for k in ("year", "month", "day"))
    hour, minute_v, second = (getattr(value, k, 0) for k in ("hour", "minute", "second"))
    if tok.startswith('"'):
        return tok[1:-1]
    if tok.startswith("\\"):
        return tok[1:]
    table: dict[str, Callable[[], str]] = {
        "yyyy": lambda: f"{year:04d}", "yy": lambda: f"{year % 100:02d}",
        "dd": lambda: f"{day:02d}", "d": lambda: f"{day}",
        "hh": lambda: f"{hour:02d}", "h": lambda: f"{hour}",
        "ss": lambda: f"{second:02d}", "s": lambda: f"{second}",
    }
    if low in ("m", "mm"):
        number = minute_v if minute else month
        if number is None:
            return ""
        return f"{number:02d}" if low == "mm" else f"{number}"
    if low in table:
        try:
            return table[low]()
        except (TypeError, ValueError):
            return ""
    if low in ("mmm", "mmmm", "ddd", "dddd", "am/pm", "a/p"):
        return ""
    return tok


# ---------------------------------------------------------------- formulas

_FUNC_NAME = re.compile(r"^(_xlfn\.|_xll\.)?[A-Za-z][A-Za-z0-9._]*$")
_REF = re.compile(
    r"^(?:(?:'[^']+'|[^'!:]+)!)?(?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|"
    r"\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)$")
_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")


def is_valid_formula(text: str) -> bool:
    """Whether `=…` is a formula Excel would accept, as opposed to text such as `=1.00(次)`
    or `=100.00(1)` that a program stored as a formula."""
    if not text.startswith("=") or len(text) < 2:
        return False
    try:
        from openpyxl.formula import Tokenizer

        items = Tokenizer(text).items
    except Exception:  # the tokenizer raises plain exceptions on malformed formulas
        return False
    for item in items:
        if item.type == "FUNC" and item.subtype == "OPEN" \
                and not _FUNC_NAME.match(item.value[:-1]):
            return False
        if item.type == "OPERAND" and item.subtype == "RANGE" \
                and not (_REF.match(item.value) or _NAME.match(item.value)):
            return False
    return True


class _EvalError(Exception):
    """A formula this reader does not compute (Excel would, or would give an error)."""


@dataclass
class _Evaluator:
    """Computes simple arithmetic formulas over numbers and cells, in Decimal."""

    workbook: Any
    sheet: Any
    depth: int = 0

    def run(self, formula: str) -> Decimal:
        from openpyxl.formula import Tokenizer

        if self.depth > 32:
            raise _EvalError("循环引用或嵌套过深")
        tokens = [t for t in Tokenizer(formula).items if t.type != "WHITE-SPACE"]
        self.tokens, self.pos = tokens, 0
        result = self._expr()
        if self.pos != len(tokens):
            raise _EvalError("无法解析")
        if isinstance(result, list):
            raise _EvalError("区域不能作为结果")
        return result

    def _peek(self) -> Any:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> Any:
        tok = self._peek()
        self.pos += 1
        return tok

    def _infix(self, operand: Callable[[], Any], operators: str,
               apply: Callable[[Any, str, Any], Decimal]) -> Any:
        """Operands joined by the left-associative infix `operators` of one precedence level."""
        left = operand()
        while (tok := self._peek()) is not None and tok.type == "OPERATOR-INFIX" \
                and tok.value in operators:
            self._take()
            left = apply(left, tok.value, operand())
        return left

    def _expr(self) -> Any:
        return self._infix(self._term, "+-", _add)

    def _term(self) -> Any:
        return self._infix(self._power, "*/", _multiply)

    def _power(self) -> Any:
        return self._infix(self._unary, "^", _exponentiate)

    def _unary(self) -> Any:
        tok = self._peek()
        if tok is not None and tok.type == "OPERATOR-PREFIX":
            self._take()
            value = _num(self._unary())
            return -value if tok.value == "-" else value
        value = self._primary()
        while (tok := self._peek()) is not None and tok.type == "OPERATOR-POSTFIX":
            self._take()
            value = _num(value) / 100
        return value

    def _primary(self) -> Any:
        tok = self._take()
        if tok is None:
            raise _EvalError("公式不完整")
        if tok.type == "OPERAND" and tok.subtype == "NUMBER":
            return Decimal(tok.value)
        if tok.type == "OPERAND" and tok.subtype == "RANGE":
            return self._range(tok.value)
        if tok.type == "PAREN" and tok.subtype == "OPEN":
            value = self._expr()
            close = self._take()
            if close is None or close.type != "PAREN":
                raise _EvalError("括号不匹配")
            return value
        if tok.type == "FUNC" and tok.subtype == "OPEN":
            return self._function(tok.value[:-1].upper())
        raise _EvalError(f"不支持「{tok.value}」")

    def _function(self, name: str) -> Decimal:
        args: list[Any] = []
        if (tok := self._peek()) is not None and tok.type == "FUNC" and tok.subtype == "CLOSE":
            self._take()
        else:
            while True:
                args.append(self._expr())
                tok = self._take()
                if tok is None:
                    raise _EvalError("函数不完整")
                if tok.type == "FUNC" and tok.subtype == "CLOSE":
                    break
                if tok.type != "SEP":
                    raise _EvalError("函数参数无法解析")
        flat = [v for a in args for v in (a if isinstance(a, list) else [a])]
        numbers = [v for v in flat if isinstance(v, Decimal)]
        if name == "SUM":
            return sum(numbers, Decimal(0))
        if name == "AVERAGE" and numbers:
            return sum(numbers, Decimal(0)) / len(numbers)
        if name == "MIN" and numbers:
            return min(numbers)
        if name == "MAX" and numbers:
            return max(numbers)
        if name == "ABS" and len(args) == 1:
            return abs(_num(args[0]))
        if name == "ROUND" and len(args) == 2:
            places = int(_num(args[1]))
            return _num(args[0]).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        raise _EvalError(f"不支持函数 {name}")

    def _range(self, ref: str) -> Any:
        sheet = self.sheet
        if "!" in ref:
            title, _, ref = ref.rpartition("!")
            title = title.strip("'").replace("''", "'")
            if title not in self.workbook.sheetnames:
                raise _EvalError("引用的工作表不存在")
            sheet = self.workbook[title]
        ref = ref.replace("$", "")
        if ":" in ref:
            from openpyxl.utils.cell import range_boundaries

            min_col, min_row, max_col, max_row = range_boundaries(ref)
            if (max_row - min_row + 1) * (max_col - min_col + 1) > 10_000:
                raise _EvalError("区域过大")
            # the sparse store, read without creating cells (`sheet.cell` would add them while
            # the sheet's cells are being walked)
            cells = getattr(sheet, "_cells", {})
            return [self._cell_value(sheet, cell)
                    for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
                    if (cell := cells.get((r, c))) is not None]
        from openpyxl.utils.cell import coordinate_to_tuple

        cell = getattr(sheet, "_cells", {}).get(coordinate_to_tuple(ref))
        if cell is None:
            return Decimal(0)
        return self._cell_value(sheet, cell, single=True)

    def _cell_value(self, sheet: Any, cell: Any, single: bool = False) -> Any:
        value = cell.value
        if value is None:
            return Decimal(0) if single else None
        if isinstance(value, bool):
            return Decimal(int(value))
        if isinstance(value, (int, float, Decimal)):
            return to_decimal(value)
        if cell.data_type == "f" and isinstance(value, str) and is_valid_formula(value):
            inner = _Evaluator(self.workbook, sheet, self.depth + 1)
            return inner.run(value)
        if single:
            raise _EvalError("引用了文本单元格")
        return None


_MAX_EXPONENT = 1000  # 10^1000 already overflows every amount; bigger powers are not computed
_ARITHMETIC_REASON: dict[type, str] = {
    RecursionError: "嵌套过深", DivisionByZero: "#DIV/0!", Overflow: "#NUM!（数值溢出）",
    InvalidOperation: "#NUM!",
}


def _num(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    raise _EvalError("需要数值")


def _add(left: Any, operator: str, right: Any) -> Decimal:
    return _num(left) + _num(right) if operator == "+" else _num(left) - _num(right)


def _multiply(left: Any, operator: str, right: Any) -> Decimal:
    divisor = _num(right)
    if operator == "*":
        return _num(left) * divisor
    if divisor == 0:
        raise _EvalError("#DIV/0!")
    return _num(left) / divisor


def _exponentiate(base: Any, _operator: str, exponent: Any) -> Decimal:
    power = _num(exponent)
    if power != power.to_integral_value():
        raise _EvalError("非整数次方")
    if abs(power) > _MAX_EXPONENT:
        raise _EvalError("#NUM!（次方过大）")
    return _num(base) ** int(power)


# ---------------------------------------------------------------- cells


@dataclass
class _SheetContext:
    workbook: Any
    values: Callable[[], Any]
    filename: str | None
    findings: list[Finding]


def display_text(cell: Any, ctx: _SheetContext) -> str:
    """What Excel displays in a cell, as text (see the module docstring)."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        formula = value if isinstance(value, str) else getattr(value, "text", None)
        if not isinstance(formula, str):  # a data-table formula: only the cached value
            cached = ctx.values()[cell.parent.title][cell.coordinate].value
            return "" if cached is None else value_text(cached, cell.number_format)
        return _formula_text(cell, formula, ctx)
    return value_text(value, cell.number_format)


def value_text(value: Any, fmt: str | None) -> str:
    """A cell's value as the spreadsheet shows it under its number format (also for the
    calamine-read formats)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, fmt)
    if isinstance(value, (datetime, date, time, timedelta)):
        return format_datetime(value, fmt)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _formula_text(cell: Any, formula: str, ctx: _SheetContext) -> str:
    if not formula.startswith("="):
        formula = "=" + formula
    if not is_valid_formula(formula):
        return formula  # text that only looks like a formula: `=1.00(次)`
    ref = f"{cell.parent.title}!{cell.coordinate}"
    cached = ctx.values()[cell.parent.title][cell.coordinate].value
    if cached is not None:
        return value_text(cached, cell.number_format)
    try:
        result = _Evaluator(ctx.workbook, cell.parent).run(formula)
    except (_EvalError, ArithmeticError, ValueError, KeyError, IndexError, TypeError,
            RecursionError) as exc:  # Decimal overflow, 0^-1, 1,000 nested parentheses …
        reason = exc if isinstance(exc, _EvalError) else _ARITHMETIC_REASON.get(
            type(exc), "无法计算")
        ctx.findings.append(_finding("JX072", f"{ref} {formula[:200]}（{reason}）", ref,
                                     ctx.filename, Severity.WARNING))
        return ""
    if not result.is_finite() or not in_domain(format(abs(result), "f").partition(".")[0]):
        ctx.findings.append(_finding("JX072", f"{ref} {formula[:200]}（结果超出合理范围）", ref,
                                     ctx.filename, Severity.WARNING))
        return ""
    text = format_number(result, cell.number_format)
    ctx.findings.append(_finding("JX071", f"{ref} {formula} = {text}", ref, ctx.filename,
                                 Severity.INFO))
    return text


def _sheet_cells(ws: Any) -> Iterator[Any]:
    cells = getattr(ws, "_cells", None)  # the sparse store: avoids walking empty formatted rows
    if isinstance(cells, dict):
        yield from cells.values()
        return
    for row in ws.iter_rows():
        yield from row


def sheet_table(ws: Any, ctx: _SheetContext) -> Table:
    """One worksheet as a Table: merged ranges as spans, refs `Sheet1!B5`."""
    merged = {(rng.min_row, rng.min_col): rng for rng in ws.merged_cells.ranges}
    covered = {(r, c) for rng in ws.merged_cells.ranges
               for r in range(rng.min_row, rng.max_row + 1)
               for c in range(rng.min_col, rng.max_col + 1)} - set(merged)
    cells: list[Cell] = []
    placed: set[tuple[int, int]] = set()
    for cell in _sheet_cells(ws):
        pos = (cell.row, cell.column)
        if pos in covered or pos in placed:
            continue
        text = display_text(cell, ctx)
        rng = merged.get(pos)
        if not text and rng is None:
            continue
        placed.add(pos)
        cells.append(_cell(ws, text, pos, rng))
    for pos, rng in merged.items():
        if pos not in placed:
            cells.append(_cell(ws, "", pos, rng))
    cells.sort(key=lambda c: (c.row, c.col))
    return Table(tuple(cells), source=SourceRef(file=ctx.filename), name=ws.title)


def _cell(ws: Any, text: str, pos: tuple[int, int], rng: Any) -> Cell:
    from openpyxl.utils.cell import get_column_letter

    row, col = pos
    rowspan = rng.max_row - rng.min_row + 1 if rng is not None else 1
    colspan = rng.max_col - rng.min_col + 1 if rng is not None else 1
    return Cell(text, row - 1, col - 1, rowspan, colspan,
                ref=f"{ws.title}!{get_column_letter(col)}{row}")


# ---------------------------------------------------------------- entry point


def read_xlsx(data: bytes, *, filename: str | None = None,
              limits: ReadLimits = DEFAULT_LIMITS) -> list[ReadResult]:
    """Every form in an Excel workbook (.xlsx), sheet by sheet, in sheet order.

    Args:
        data: the file's bytes.
        filename: the name used in provenance and messages.
        limits: size limits (`ReadLimits`: bytes, unpacked bytes, sheets, cells).

    Returns:
        One ReadResult per form; [] when the workbook has content but no form.

    Raises:
        UnreadableInput: an .xls or .xlsm file, a damaged or oversized workbook, too many
            sheets or cells, or a workbook without any content.
    """
    name = filename or "<xlsx>"
    check_package(data, name, limits)
    workbook = _load(data, name, data_only=False)
    sheets = list(workbook.worksheets)
    if len(sheets) > limits.max_sheets:
        raise UnreadableInput(f"{name}: 工作表过多（{len(sheets)} 个，上限 {limits.max_sheets}）")
    total = sum(len(getattr(ws, "_cells", {})) for ws in sheets)
    if total > limits.max_cells:
        raise UnreadableInput(
            f"{name}: 单元格过多（{total} 个，上限 {limits.max_cells}；"
            "可用环境变量 JIXIAO_XLSX_MAX_CELLS 调整），不予读取")
    cache: list[Any] = []

    def values() -> Any:
        if not cache:
            cache.append(_load(data, name, data_only=True))
        return cache[0]

    results: list[ReadResult] = []
    empty = True
    for ws in sheets:
        findings: list[Finding] = []
        ctx = _SheetContext(workbook, values, filename, findings)
        table = sheet_table(ws, ctx)
        if any(c.text for c in table.cells):
            empty = False
        for result in read_grid([table], filename=filename):
            project = result.form.project_name or None
            extra = tuple(replace(f, form=project) for f in findings)
            results.append(replace(result, findings=result.findings + extra))
    if empty:
        raise UnreadableInput(f"{name}: 工作簿是空的（没有任何单元格内容）")
    return results
