"""Forms → one printable, self-contained HTML page: the official layout, one form per A4 page.

Each form is one `<table class="form">` drawn from `layout.official_layout`: the title and the
year are its first rows, every caption is the form's own, 一级/二级指标 are merged with
`rowspan`, and every value cell carries its semantic key in `data-key`. All text is escaped;
CSS is inline; there are no external assets or scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jixiao.core.model import Form
from jixiao.writers.layout import Align, Layout, LayoutCell, official_layout

_FONTS = ('"SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", '
          '"Noto Sans CJK SC", serif')

CSS = f"""
@page {{ size: A4 portrait; margin: 15mm 12mm; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font-family: {_FONTS}; font-size: 10pt; color: #000; background: #fff; }}
section.page {{ max-width: 186mm; margin: 0 auto; padding: 6mm 0; }}
section.page + section.page {{ page-break-before: always; break-before: page; }}
table.form {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.form td {{ border: 0.75pt solid #000; padding: 1mm 1.2mm; vertical-align: middle;
  text-align: center; word-break: break-all; overflow-wrap: anywhere; line-height: 1.45; }}
table.form td.left {{ text-align: left; }}
table.form td.title {{ border: none; font-size: 16pt; font-weight: bold; padding: 2mm 0 1mm; }}
table.form td.subtitle {{ border: none; font-size: 11pt; padding: 0 0 3mm; }}
table.form td.caption {{ font-weight: bold; }}
table.form tr {{ page-break-inside: avoid; break-inside: avoid; }}
@media screen {{
  body {{ background: #eee; }}
  section.page {{ background: #fff; margin: 8mm auto; padding: 12mm; max-width: 210mm;
    box-shadow: 0 0 3mm rgba(0, 0, 0, 0.25); }}
}}
@media print {{ section.page {{ max-width: none; padding: 0; }} }}
""".strip()


def render_html(forms: Sequence[Form]) -> str:
    """Render forms as one HTML document, one form per printed page.

    Args:
        forms: the forms, in order.

    Returns:
        The HTML text (UTF-8, `lang="zh-CN"`), self-contained.
    """
    title = _document_title(forms)
    body = "\n".join(render_form_section(official_layout(f)) for f in forms)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="jixiao">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _document_title(forms: Sequence[Form]) -> str:
    if len(forms) == 1:
        return f"{forms[0].project_name}—项目支出绩效自评表"
    return f"项目支出绩效自评表（{len(forms)}份）"


def render_form_section(layout: Layout) -> str:
    """One form as a `<section class="page">` holding its table."""
    total = sum(layout.col_widths)
    cols = "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in layout.col_widths)
    rows = "\n".join(_row(cells) for _, cells in layout.rows())
    return (f'<section class="page">\n<table class="form">\n<colgroup>{cols}</colgroup>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</section>")


def _row(cells: list[LayoutCell]) -> str:
    return "<tr>" + "".join(_cell(c) for c in cells) + "</tr>"


def _cell(cell: LayoutCell) -> str:
    attrs = []
    classes = [cell.role.value]
    if cell.align is Align.LEFT:
        classes.append("left")
    attrs.append(f'class="{" ".join(classes)}"')
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if cell.key:
        attrs.append(f'data-key="{escape(cell.key, quote=True)}"')
    text = escape(cell.text, quote=True).replace("\n", "<br>")
    return f"<td {' '.join(attrs)}>{text}</td>"
