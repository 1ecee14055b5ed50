"""Published text made readable before the layouts read it, and the printed text kept.

Real published forms come as mirror-site copies in 繁体字 (traditional characters), sometimes with
拼音注音 (pinyin glosses, `項(xiàng)目`), and as document-sharing pages (文档分享网站) whose page
text — download banners, page markers, site navigation — sits before and inside the form.
`TextPrep` prepares such text line by line (streams stay streams):

- 繁体 lines get a 简体 copy converted character by character (so every position of the copy is
  the same position of the printed line); the layouts recognise captions on the copy and
  `restore` maps every free-text field back to the same span of the printed text (JX009);
- glosses are stripped (from the printed text too: they are not part of any field);
- page text is blanked in both (same length, so the copies stay aligned; the line count never
  changes, so every `SourceRef.line` stays true) and reported at its line (JX010).

Clean simplified text passes unchanged: a few scans of each block of lines decide that.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from jixiao.core import traditional
from jixiao.core.findings import Finding, SourceRef
from jixiao.core.model import Form
from jixiao.readers.base import ReadResult, import_finding
from jixiao.readers.codes import IMPORT_CODES

#: Frequent characters of the forms' vocabulary in their traditional-only shape (each is a key of
#: `conversion_table()`, a test checks it): two on one line, or three in the first
#: `SNIFF_CHARS` of a text, and the text is taken as traditional from there on.
HINTS = ("項標會實資進數員開時達組織滿優為爲預級團務際參與過執發關總續記後長體單財對舉響業"
         "調經領辦專補結質產間該濟國於劃報費貼績稱門萬額撥轉況計節較點確減設規識統據營個驗"
         "歷認備號負擔從責範養無導來難幹僅頭請選證獲屬餘醫衛護險們這說鄉鎮縣區")
SNIFF_CHARS = 4000
#: Full-width digits and Latin letters (`２０２３`, `ＰＤＦ`): a text printed in them (some sites
#: widen every ASCII character) is read on a copy with every full-width ASCII character narrowed,
#: like a traditional text on its simplified copy; a few are common in Chinese prose, so two on
#: one line, or three in the head of a text, turn the copy on.
_WIDE_CHARS = "０-９Ａ-Ｚａ-ｚ"
_WIDE = re.compile(f"[{_WIDE_CHARS}]")
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: The line ends of `str.splitlines`; all but "\n", "\r" and "\x0c" are rare.
_BOUNDARIES = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_RARE_BOUNDARIES = "\x0b\x1c\x1d\x1e\x85\u2028\u2029"
#: One search per line: a hint, a tone mark, or a character of page text (分享 下载提示, 页码,
#: 浏览次数, 返回上级, 很懒 of an uploader's profile). For a block of lines also a rare line end
#: (then it goes line by line).
_PAGE_TEXT_CHARS = "享页頁瀏浏返载档荐欢懒"
_HOT = re.compile(f"[{HINTS}{_TONES}{_WIDE_CHARS}{_PAGE_TEXT_CHARS}]")
_HOT_BLOCK = re.compile(f"[{HINTS}{_TONES}{_WIDE_CHARS}{_PAGE_TEXT_CHARS}{_RARE_BOUNDARIES}]")
_LONE_CR = re.compile("\r(?!\n)")
_HINT = re.compile(f"[{HINTS}]")
_LINE_START = re.compile(r"\s*(?:\d{1,3}、|[-－—–]{1,2}\s*\d{1,3}\s*[-－—–]{1,2}\s*$)")
#: A line of a block that starts with a dash (a literal line end first, which the regex engine
#: skips to quickly; a class first would be tried at every position).
_SP = r"[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*"  # blanks inside a line
_DASH_LINES = (re.compile(f"\n{_SP}[-－—–]"), re.compile(f"\x0c{_SP}[-－—–]"))
_DASH_FIRST = re.compile(f"{_SP}[-－—–]")

#: A pinyin gloss: a parenthesised run of Latin syllables with at least one tone mark right
#: after a Han character.
_SYLLABLE = f"[a-zü'’ {_TONES}]"
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\s?[(（]\s*{_SYLLABLE}*[{_TONES}]{_SYLLABLE}*[)）]")

#: 下载提示: `《….docx》由会员分享,可在线阅读,更多相关《…》请在…上搜索。`
_BANNER = re.compile(r"(?:《[^》\n]{1,200}》)?\s*由(?:会员|用户|网友)[^，,。\n]{0,6}分享"
                     r"[^\n]{0,300}?上搜索[。.]?")
#: 阅读提示 of a sharing site's reader, between its pages: `还剩3页未读，继续阅读`,
#: `下载文档到电脑，查找使用更方便`, the end of a paid preview
#: (`免费预览已结束，剩余 2 页可下载查看`,
#: `开通VIP 立即下载 本文档为付费文档，已预览完成 2 页，剩余 1 页需下载查看`),
#: its price (`10 积分  ¥1.00  下载`, `2积分  立即下载`, `5 积分  VIP会员免费下载`) and the
#: uploader's notice (`本文档由用户上传，仅供学习交流，…删除。`, `本文档为用户上传，…`).
_PROMPT = re.compile(r"还剩\s*\d{1,4}\s*页未读[，,]?\s*(?:继续阅读|点击阅读全文)?"
                     r"|下载文档\s*到电脑[，,]?\s*查找使用更方便"
                     r"|(?:开通\s*VIP\s*)?(?:立即下载\s*)?(?:本文档为付费文档[，,]?\s*)?"
                     r"(?:免费预览已结束|已预览完成\s*\d{1,4}\s*页)[，,]?\s*"
                     r"剩余\s*\d{1,4}\s*页\s*[可需]?下载查看"
                     r"|\d{1,6}\s*积分\s*(?:[¥￥]\s*\d{1,6}(?:\.\d{1,2})?\s*(?:元\s*)?)?"
                     r"(?:立即|VIP\s*会员免费)?下载"
                     r"|本文档[由为](?:用户|会员|网友)上传[，,][^。\n]{0,40}(?:删除|处理)[。.]?"
                     r"|(?:文档已下载[，,]?\s*)?(?:仍需|还需|需要)继续阅读[？?]?\s*"
                     r"点击\s*[“\"「]?展开全文[”\"」]?")
#: The uploader's empty profile a sharing site prints beside each page (`该用户很懒，什么也没
#: 介绍`): between two pages of a form it would run into the next row's name.
_UPLOADER = re.compile(r"(?:该用户|这家伙|这个人|此用户|该作者|TA)很懒[，,]\s*"
                       r"什么(?:也|都)没有?(?:介绍|留下|写)[。.!！]?")
#: A sharing site's list of other documents after the form (`相关文档：…`, `为你推荐：…`, or
#: the heading alone on its line, `相关文档推荐`): the whole line is the site's.
_RELATED = re.compile(r"\s*(?:相关文档|相关推荐|为你推荐|猜你喜欢|热门文档|相似文档)(?:推荐)?\s*"
                      r"(?:[:：]|$)")
#: A line that only prints a number: a page's number where a sharing site's reader breaks its
#: pages — before its page text, or the next number of a run of page numbers already seen.
_LONE_NUMBER = re.compile(r"\s*(\d{1,3})\s*")
#: 页码: `第 2 页 共 5 页`, `共5页 第2页`, and a line that is only `- 3 -`.
_PAGE_OF = re.compile(r"第\s*\d{1,4}\s*页\s*[,，/／]?\s*共\s*\d{1,4}\s*页"
                      r"|共\s*\d{1,4}\s*页\s*[,，/／]?\s*第\s*\d{1,4}\s*页")
_PAGE_DASH = re.compile(r"\s*[-－—–]{1,2}\s*\d{1,3}\s*[-－—–]{1,2}\s*")
#: A line that only prints its page's number (`第 2 页`), as a PDF's footer or header does.
_PAGE_ALONE = re.compile(r"\s*第\s*\d{1,4}\s*页\s*")
#: `2、` opening a page chunk (a whole page flattened into one line by the site).
_CHUNK = re.compile(r"\s*(\d{1,3})、")
#: A first page chunk is a long line: this long after a banner, and longer without one (a list
#: item of a form, `1、完成…`, is a short line; a page glued into a line holds hundreds of
#: characters).
CHUNK_MIN_AFTER_BANNER = 200
CHUNK_MIN = 400
#: 网站导航: `作者:… 上传时间:… 浏览次数:… 返回上级` — two of these on a short line.
_NAV = re.compile(r"(作者|发布者|发布人)[:：]|(上传|发布|更新)(?:时间|日期)[:：]"
                  r"|(浏览|阅读|点击|访问)(?:次数|量)[:：]?|(返回)(?:上级|列表|首页)"
                  r"|(打印)本页|(关闭)窗口")
NAV_MAX = 160

#: Fields restored to the printed text: all the text a form prints (the rules compare level
#: names, grades and units through `core.traditional`, in either script).
_FORM_TEXT = ("project_name", "department", "implementing_unit", "grade")
_INDICATOR_TEXT = ("level1", "level2", "name", "target", "actual", "note")
#: Printed lines held for `restore` at most while streaming (a traditional text without forms
#: holds no more; a whole text, in memory anyway, is held whole).
HELD_MAX_CHARS = 1 << 20
#: Lines kept before a text turns out traditional (a field may begin on them); the printed text
#: of a form's fields is looked for this many lines around the lines it was read from.
RECENT_LINES = 200
#: Page-text places named per form at most; places and runs of converted lines held while no
#: form comes.
EVENTS_MAX = 20
EVENTS_HELD_MAX = 1000


def conversion_table() -> dict[int, str]:
    """Traditional-only character → simplified character (OpenCC's t2s, character for
    character, so lengths never change: the core's table, which the rules match with)."""
    return traditional.table()


#: Full-width punctuation of ordinary Chinese prose, which every layout reads as printed: not
#: narrowed, so a simplified text holding them is not a converted one.
_PROSE_PUNCTUATION = "（），：；！？"


@lru_cache(maxsize=1)
def text_table() -> dict[int, str]:
    """`conversion_table()` and full-width ASCII narrowed (U+FF01–U+FF5E, one for one, but the
    punctuation of Chinese prose)."""
    wide = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)
            if chr(c) not in _PROSE_PUNCTUATION}
    return {**conversion_table(), **wide}


def _reader_prompt(raw: str) -> bool:
    """Whether a line prints a sharing site's reader prompt or download banner (what follows
    the number of the page it ends)."""
    return _PROMPT.search(raw) is not None or _BANNER.search(raw) is not None


def _page_number_line(block: str, page: int) -> bool:
    """Whether a line of the block only prints `page` (it may be the site's page number)."""
    return re.search(rf"(?m)^{_SP}{page}{_SP}\r?$", block) is not None


def _numbered_line(block: str) -> bool:
    """Whether a line of `block` starts with `N、` (N of one to three digits after blanks)."""
    at = block.find("、")
    while at >= 0:
        start = at
        while start and block[start - 1].isdecimal():
            start -= 1
        if 1 <= at - start <= 3:
            while start and block[start - 1].isspace() and block[start - 1] not in _BOUNDARIES:
                start -= 1
            if not start or block[start - 1] in _BOUNDARIES:
                return True
        at = block.find("、", at + 1)
    return False


def _line_count(block: str) -> int:
    """`len(block.splitlines())` for a block whose line ends are "\n", "\r\n" and "\x0c"."""
    ends = block.count("\n") + block.count("\x0c")
    return ends + (block[-1:] not in ("\n", "\x0c", ""))


def is_traditional(text: str) -> bool:
    """Whether `text` reads as 繁体: three hint characters in its first `SNIFF_CHARS`."""
    return len(_HINT.findall(text, 0, SNIFF_CHARS)) >= 3


#: A text folded at a fixed width (a site or a converter breaking every line at N characters,
#: inside captions and numbers): in the head of the text, `WRAP_MIN_LINES` different lines or
#: more have its longest length (at least `WRAP_MIN_WIDTH`), they are a quarter or more of the
#: lines half as long or longer, and most of them do not end in two blanks (lines padded with
#: blanks to one width are not folded). An unfolded text reaches its longest length
#: on one line, seldom three.
WRAP_MIN_WIDTH = 12
WRAP_MIN_LINES = 3


def fold_width(head: str) -> int | None:
    """The width the lines of `head` are folded at, None when they are not."""
    lines = head.splitlines()[:-1]  # the last may be cut short by the head's end
    width = max(map(len, lines), default=0)
    if width < WRAP_MIN_WIDTH:
        return None
    full = [line for line in lines if len(line) == width]
    if len(set(full)) < WRAP_MIN_LINES:
        return None
    long = sum(2 * len(line) >= width for line in lines)
    padded = sum(line[-2:].isspace() for line in full)
    return width if 4 * len(full) >= long and 2 * padded < len(full) else None


def is_wide(text: str) -> bool:
    """Whether `text` is printed in full-width ASCII: three full-width digits or letters in
    its first `SNIFF_CHARS`."""
    return len(_WIDE.findall(text, 0, SNIFF_CHARS)) >= 3


class TextPrep:
    """One text prepared line by line (`lines`/`text`), then each form read from it restored
    (`restore`), in the order the layout hands them out."""

    def __init__(self, filename: str | None = None, first_line: int = 1) -> None:
        self.filename = filename
        self._line = first_line - 1
        self._table: dict[int, str] | None = None  # set once the text is traditional
        self._banner = False  # a download banner was seen: page chunks follow
        self._in_pages = False  # the last line with text was a page chunk
        self._next_page = 1
        self._lone_page = 1  # the page number a line printing only a number may be
        self._lone_held: str | None = None  # such a line, until the next line tells
        self._events: list[tuple[int, str, str]] = []  # (line, what was done, code)
        self._changed: list[list[int]] = []  # [first, last] runs of lines converted/unglossed
        self._held: list[tuple[int, str, str]] = []  # (line, printed, simplified) once converting
        self._held_chars = 0
        self._bounded = True  # streaming: hold at most HELD_MAX_CHARS, EVENTS_HELD_MAX
        # before converting: the end of the last block passed whole (first line, lines joined:
        # one string, which pins no memory of the block), then the lines read one by one
        self._recent_block: tuple[int, str] | None = None
        self._recent: deque[tuple[int, str]] = deque(maxlen=RECENT_LINES)
        self._fold: int | None = None  # the width the text is folded at
        self._folded: list[str] = []  # the pieces of a folded line read so far

    def sniff(self, head: str) -> None:
        """Convert from the first line when the head of the text is traditional; unfold its
        lines when the head is folded at a fixed width."""
        if self._table is None and (is_traditional(head) or is_wide(head)):
            self._convert()
        if self._fold is None and (width := fold_width(head[:SNIFF_CHARS])) is not None:
            self._fold = width
            self._events.append((self._line + 1, f"每行{width}字", "JX041"))

    def _convert(self) -> None:
        """Convert from here on; the recent lines are held as printed (a field of the form
        may begin on them)."""
        self._table = text_table()
        recent = list(self._recent)
        if self._recent_block is not None:
            first, joined = self._recent_block
            recent[:0] = enumerate(joined.split("\n"), first)
        for line, raw in recent[-RECENT_LINES:]:
            self._held.append((line, raw, raw))
            self._held_chars += len(raw)
        self._recent.clear()
        self._recent_block = None

    def text(self, text: str) -> str:
        """The whole text prepared (`text` itself when there is nothing to do)."""
        self.sniff(text)
        self._bounded = False  # a whole text is in memory anyway
        if self._passes(text):
            self._line += _line_count(text)
            return text
        raws = text.splitlines()
        lines = [*self.lines(raws), *self._unfolded()]
        if lines == raws:
            return text  # line by line, but nothing to do after all
        return "".join(line + "\n" for line in lines)

    def blocks(self, blocks: Iterable[str]) -> Iterator[str]:
        """The physical lines of text pieces that each hold whole lines, prepared; a piece with
        nothing to do is split and handed on as it is."""
        for block in blocks:
            lines = block.splitlines()
            passes = self._passes(block)
            del block  # the lines are all that is held while they are read
            if passes:
                yield from self._held_lone()  # a block that passes prints no site prompt
                if lines:
                    last = lines[-RECENT_LINES:]
                    self._recent_block = (self._line + len(lines) - len(last) + 1,
                                          "\n".join(last))
                    self._recent.clear()
                self._line += len(lines)
                yield from lines
            else:
                yield from self._lines(lines)
            del lines  # not alive while the next block is split
        yield from self._held_lone()
        yield from self._unfolded()

    def lines(self, raws: Iterable[str]) -> Iterator[str]:
        """The physical lines (`str.splitlines` pieces) prepared, one for one (a folded line
        whole on the first of its lines, the others blank; `_unfolded` ends the last)."""
        yield from self._lines(raws)
        yield from self._held_lone()

    def _lines(self, raws: Iterable[str]) -> Iterator[str]:
        """`lines`, a last line that only prints a number still held (the next piece's first
        line tells whether it is a page number)."""
        if self._fold is None:
            for raw in raws:
                self._line += 1
                if self._lone_held is not None:
                    yield self._settle_lone(page=_reader_prompt(raw))
                if (lone := _LONE_NUMBER.fullmatch(raw)) is not None \
                        and int(lone.group(1)) == self._lone_page:
                    if self._lone_page == 1:
                        self._lone_held = raw  # page 1 only when the site's prompt follows
                        continue
                    self._lone_page += 1  # the next of a run of page numbers
                    self._event(f"页码「{raw.strip()}」")
                    yield ""
                    continue
                yield self._prepare(raw)
            return
        for raw in raws:
            if len(raw) == self._fold and not raw.endswith("|"):
                self._folded.append(raw)  # a pipe table's row ends in `|`, folded or not
                continue
            self._folded.append(raw)
            yield from self._unfolded()

    def _held_lone(self) -> Iterator[str]:
        """The line that only prints a number still held, as printed (no prompt follows)."""
        if self._lone_held is not None:
            self._line += 1
            yield self._settle_lone(page=False)
            self._line -= 1

    def _settle_lone(self, *, page: bool) -> str:
        """The held line that only prints a number (the line before the current one): blank
        when it is the page number printed before the site's prompt, else as printed."""
        raw, self._lone_held = self._lone_held or "", None
        self._line -= 1
        if page:
            self._lone_page += 1
            self._event(f"页码「{raw.strip()}」")
            prepared = ""
        else:
            prepared = self._prepare(raw)
        self._line += 1
        return prepared

    def _unfolded(self) -> Iterator[str]:
        """The folded line read so far whole on its first line, then a blank for each other."""
        if not self._folded:
            return
        pieces, self._folded = self._folded, []
        self._line += 1
        yield self._prepare("".join(pieces))
        for _ in pieces[1:]:
            self._line += 1
            yield self._prepare("")

    def _passes(self, block: str) -> bool:
        """Whether a piece of whole lines has nothing to prepare: not traditional, no gloss, no
        page text — a few scans of the piece rather than line by line."""
        if self._table is not None or self._fold is not None \
                or _HOT_BLOCK.search(block) is not None \
                or _LONE_CR.search(block) is not None \
                or _DASH_FIRST.match(block) is not None or _numbered_line(block) \
                or _page_number_line(block, self._lone_page) \
                or any(dash.search(block) is not None for dash in _DASH_LINES):
            return False
        if not block.isspace():
            self._in_pages = False
        return True

    def _prepare(self, raw: str) -> str:
        if self._table is None:
            if _HOT.search(raw) is None and _LINE_START.match(raw) is None:
                if raw and not raw.isspace():
                    self._in_pages = False
                self._recent.append((self._line, raw))
                return raw
            if len(_HINT.findall(raw)) >= 2 or len(_WIDE.findall(raw)) >= 2:
                self._convert()
        printed = _GLOSS.sub("", raw) if any(t in raw for t in _TONES) else raw
        simple = printed if self._table is None else printed.translate(self._table)
        if simple != raw:
            self._mark_changed()
        simple, printed = self._drop_page_text(simple, printed)
        if self._table is not None:
            self._hold(printed, simple)
        else:
            self._recent.append((self._line, simple))
        return simple

    # ------------------------------------------------------------ page text

    def _drop_page_text(self, simple: str, printed: str) -> tuple[str, str]:
        """Both copies with the site's page text blanked (same spans, same length)."""
        if not simple or simple.isspace():
            return simple, printed
        spans = self._page_spans(simple)
        if not spans:
            self._in_pages = False
            return simple, printed
        for start, end in spans:
            blank = " " * (end - start)
            simple = simple[:start] + blank + simple[end:]
            printed = printed[:start] + blank + printed[end:]
        return simple, printed

    def _page_spans(self, line: str) -> list[tuple[int, int]]:
        if _RELATED.match(line):
            self._event(f"相关文档「{line.strip()[:20]}」")
            return [(0, len(line))]
        nav = {next(g for g in m.groups() if g) for m in _NAV.finditer(line)}
        if len(nav) >= 2 and len(line.strip()) <= NAV_MAX:
            self._event("网站导航")
            return [(0, len(line))]
        if _PAGE_DASH.fullmatch(line) or _PAGE_ALONE.fullmatch(line):
            self._event(f"页码「{line.strip()}」")
            return [(0, len(line))]
        spans: list[tuple[int, int]] = []
        if (banner := _BANNER.search(line)) is not None:
            self._event("下载提示")
            self._banner, self._next_page, self._in_pages = True, 1, False
            spans.append(banner.span())
        for page in _PAGE_OF.finditer(line):
            self._event(f"页码「{page.group()}」")
            spans.append(page.span())
        for prompt in _PROMPT.finditer(line):
            self._event(f"阅读提示「{prompt.group()}」")
            spans.append(prompt.span())
        for profile in _UPLOADER.finditer(line):
            self._event(f"上传者简介「{profile.group()}」")
            spans.append(profile.span())
        chunk = self._chunk_marker(line, spans)
        self._in_pages = chunk is not None or (self._in_pages and bool(spans))
        if chunk is not None:
            spans.append(chunk)
        return spans

    def _chunk_marker(self, line: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The span of `N、` opening a page chunk: page 1 on a long line, then each next page on
        the next line with text."""
        start = spans[0][1] if spans and spans[0][0] <= len(line) - len(line.lstrip()) else 0
        match = _CHUNK.match(line, start)
        if match is None:
            return None
        page = int(match.group(1))
        rest = len(line) - match.end()
        long = rest >= (CHUNK_MIN_AFTER_BANNER if self._banner else CHUNK_MIN)
        if not ((page == 1 and long) or (self._in_pages and page == self._next_page)):
            return None
        self._next_page = page + 1
        self._event(f"页码标记「{page}、」")
        return match.start(1), match.end()

    def _event(self, what: str) -> None:
        if self._bounded and len(self._events) >= EVENTS_HELD_MAX:  # pages and no form
            del self._events[0]
        self._events.append((self._line, what, "JX010"))

    def _mark_changed(self) -> None:
        if self._changed and self._changed[-1][1] == self._line - 1:
            self._changed[-1][1] = self._line
        else:
            if self._bounded and len(self._changed) >= EVENTS_HELD_MAX:
                del self._changed[0]
            self._changed.append([self._line, self._line])

    # ------------------------------------------------------------ restoring the printed text

    def _hold(self, printed: str, simple: str) -> None:
        self._held.append((self._line, printed, simple))
        self._held_chars += len(printed)
        if self._bounded and self._held_chars > HELD_MAX_CHARS:
            drop = 0
            while self._held_chars > HELD_MAX_CHARS and drop < len(self._held) - 1:
                self._held_chars -= len(self._held[drop][1])
                drop += 1
            del self._held[:drop]

    def restored(self, results: Iterable[ReadResult]) -> Iterator[ReadResult]:
        """`restore` of each form the layout reads from the prepared text, in order. A form is
        held back until the next one is read only while page text or converted lines past its
        last line are pending: should it be the last form, they are its own."""
        held: ReadResult | None = None
        for result in results:
            if held is not None:
                yield self.restore(held)
                held = None
            if (self._events or self._changed) and self._pending_after(_last_line(result)):
                held = result
            else:
                yield self.restore(result)
        if held is not None:
            yield self.restore(held, final=True)

    def _pending_after(self, last: int | None) -> bool:
        return last is not None and any(line > last for line in (
            *(e[0] for e in self._events[-1:]), *(run[1] for run in self._changed[-1:])))

    def restore(self, result: ReadResult, *, final: bool = False) -> ReadResult:
        """The form read from the prepared text with its free-text fields as printed, and the
        findings of what was done to its lines up to its last line (all of them when `final`):
        JX009 once, JX010 per place."""
        if not (self._events or self._changed or self._held):
            return result
        last = _last_line(result)
        upto = None if final else last
        cut = len(self._events) if upto is None else bisect_right(self._events, upto,
                                                                 key=_first)
        events = self._events[:cut]
        del self._events[:cut]
        changed = self._changed_upto(upto)
        form, unmapped = result.form, []
        if changed is not None and self._held:
            form, unmapped = printed_form(form, result.sources, self._around(result))
        findings = self._findings(form, changed, unmapped, events)
        self._release(last)
        if not findings:
            return result
        return dataclasses.replace(result, form=form, findings=(
            *named_as_printed(result.findings, result.form, form), *findings))

    def _around(self, result: ReadResult) -> list[tuple[int, str, str]]:
        """The held lines around those the form was read from: before them, and up to its last
        line — never after it, which a stream may not have read yet (a whole text has: looked
        up there, a field could be mapped onto the next form's lines, and differently)."""
        lines = [s.line for s in result.sources.values() if s.line is not None]
        if not lines:
            return self._held
        low = bisect_left(self._held, min(lines) - RECENT_LINES, key=_first)
        return self._held[low:bisect_right(self._held, max(lines), key=_first)]

    def _changed_upto(self, upto: int | None) -> int | None:
        """The first changed line up to `upto` (all when None), those lines forgotten."""
        cut = len(self._changed) if upto is None else bisect_right(self._changed, upto,
                                                                  key=_first)
        runs = self._changed[:cut]
        del self._changed[:cut]
        if runs and upto is not None and runs[-1][1] > upto:  # a run the next form goes on with
            self._changed.insert(0, [upto + 1, runs[-1][1]])
        return runs[0][0] if runs else None

    def _release(self, last: int | None) -> None:
        """Forget held lines before `last` (the next form starts on it at the earliest)."""
        if last is None:
            return
        cut = bisect_left(self._held, last, key=_first)
        self._held_chars -= sum(len(h[1]) for h in self._held[:cut])
        del self._held[:cut]

    def _findings(self, form: Form, changed: int | None, unmapped: list[str],
                  events: list[tuple[int, str, str]]) -> tuple[Finding, ...]:
        project = form.project_name or None
        found: list[Finding] = []
        if changed is not None:
            detail = f"第{changed}行起"
            if unmapped:
                detail += f"；{'、'.join(unmapped[:5])} 无法对应原文，保留简体"
            found.append(import_finding("JX009", f"{IMPORT_CODES['JX009']}：{detail}",
                                        source=SourceRef(file=self.filename, line=changed),
                                        form=project))
        for line, what, code in events[:EVENTS_MAX]:
            found.append(import_finding(code, f"{IMPORT_CODES[code]}：{what}（第{line}行）",
                                        source=SourceRef(file=self.filename, line=line),
                                        form=project))
        return tuple(found)


def _first(item: tuple[int, str] | tuple[int, str, str] | list[int]) -> int:
    """The line number an event, a held line or a run of changed lines is sorted by."""
    return item[0]


def _last_line(result: ReadResult) -> int | None:
    """The last line a form was read from (its fields' sources)."""
    return max((s.line for s in result.sources.values() if s.line is not None), default=None)


# ---------------------------------------------------------------- printed text of the fields

class _Printed:
    """The held lines as two aligned strings without whitespace: simplified and printed."""

    def __init__(self, held: list[tuple[int, str, str]]) -> None:
        simple: list[str] = []
        printed: list[str] = []
        self.offsets: dict[int, int] = {}
        size = 0
        for line, p, s in held:
            self.offsets.setdefault(line, size)
            s_compact, p_compact = "".join(s.split()), "".join(p.split())
            simple.append(s_compact)
            printed.append(p_compact)
            size += len(s_compact)
        self.simple, self.printed = "".join(simple), "".join(printed)
        self.origins: dict[str, set[str]] = {}
        for s, p in zip(self.simple, self.printed, strict=True):
            if s != p:
                self.origins.setdefault(s, set()).add(p)
        for s in self.simple:
            if s in self.origins:
                self.origins[s].add(s)

    def map(self, value: str, line: int | None) -> str | None:
        """`value` (read on the simplified copy) as printed, None when it cannot be told: the
        longest pieces of it found in the copy (from its line on, else anywhere; a field may
        gather pieces of several lines) are taken from the same places of the printed text."""
        if not any(ch in self.origins for ch in value):
            return value
        compact = "".join(value.split())
        hint = self.offsets.get(line, 0) if line else 0
        pieces: list[str] = []
        pos = 0
        while pos < len(compact):
            size, at = self._longest(compact, pos, hint)
            if size:
                pieces.append(self.printed[at:at + size])
                pos, hint = pos + size, at + size
                continue
            origins = self.origins.get(compact[pos], {compact[pos]})
            if len(origins) > 1:
                return None
            pieces.append(next(iter(origins)))
            pos += 1
        source = iter("".join(pieces))
        return "".join(ch if ch.isspace() else next(source) for ch in value)

    def _longest(self, text: str, pos: int, hint: int) -> tuple[int, int]:
        """(size, place) of the longest piece of `text` from `pos` found in the copy."""
        low, high, at = 0, len(text) - pos, -1
        while low < high:
            mid = (low + high + 1) // 2
            piece = text[pos:pos + mid]
            found = self.simple.find(piece, hint)
            if found < 0:
                found = self.simple.find(piece)
            if found < 0:
                high = mid - 1
            else:
                low, at = mid, found
        return low, at


def named_as_printed(findings: Iterable[Finding], read: Form, printed: Form
                     ) -> tuple[Finding, ...]:
    """The layout's findings of the form `read` from a simplified copy, naming it as `printed`
    (its project name as printed) instead of as the copy."""
    read_as, project = read.project_name or None, printed.project_name or None
    return tuple(dataclasses.replace(f, form=project) if f.form == read_as != project else f
                 for f in findings)


def printed_form(form: Form, sources: dict[str, SourceRef], held: list[tuple[int, str, str]]
                 ) -> tuple[Form, list[str]]:
    """The form with its free-text fields as printed, and the paths that could not be mapped;
    `held` is (line, printed, simplified) text, `sources[path].line` a place in it to look
    from (the grid sources number their cells as lines)."""
    printed = _Printed(held)
    unmapped: list[str] = []

    def field(value: str | None, path: str) -> str | None:
        if not value:
            return value
        ref = sources.get(path)
        mapped = printed.map(value, ref.line if ref else None)
        if mapped is None:
            unmapped.append(path)
            return value
        return mapped

    changes = {name: field(getattr(form, name), name) for name in _FORM_TEXT}
    goals = dataclasses.replace(form.goals, expected=field(form.goals.expected, "goals.expected"),
                                actual=field(form.goals.actual, "goals.actual"))
    rows = tuple(dataclasses.replace(r, label=field(r.label, f"funds.rows[{i}].label"))
                 for i, r in enumerate(form.funds.rows))
    unit = field(form.funds.unit, "funds.unit")
    indicators = tuple(
        dataclasses.replace(ind, **{k: field(getattr(ind, k), f"indicators[{i}].{k}")
                                    for k in _INDICATOR_TEXT})
        for i, ind in enumerate(form.indicators))
    form = dataclasses.replace(form, **changes, goals=goals, indicators=indicators,
                               funds=dataclasses.replace(form.funds, unit=unit, rows=rows))
    return form, unmapped
