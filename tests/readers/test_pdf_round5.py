"""PDF reader, round 5: a ruled table keeps its cells' spans and texts, and makes its
`GridCell`s (box, OCR confidence) only when asked; assembling reads the spans directly."""

from __future__ import annotations

from jixiao.readers import pdf_grid, pdf_open
from jixiao.readers.pdf_grid import GridCell, Rule, RuledTable, TextRun


def _rules() -> list[Rule]:
    """A 2 × 2 grid: rows 0–20 and 20–40, columns 0–100 and 100–200."""
    return [*(Rule(0, y, 200, y) for y in (0, 20, 40)),
            *(Rule(x, 0, x, 40) for x in (0, 100, 200))]


def _runs(conf: float = 1.0) -> list[TextRun]:
    return [TextRun("项目名称", 10, 5, 50, 15), TextRun("甲项目", 110, 5, 150, 15, conf),
            TextRun("得分", 10, 25, 30, 35), TextRun("9", 110, 25, 115, 35, 0.5 + conf / 2)]


def _table(blocks: list[pdf_grid.Block]) -> RuledTable:
    [table] = [b for b in blocks if isinstance(b, RuledTable)]
    return table


def test_grid_cells_made_on_demand_carry_box_text_and_confidence() -> None:
    table = _table(pdf_grid.page_blocks(_rules(), _runs(), page=3))
    assert table.spans == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)]
    assert table.cells == (GridCell(0, 0, 1, 1, (0.0, 0.0, 100.0, 20.0), "项目名称", 1.0),
                           GridCell(0, 1, 1, 1, (100.0, 0.0, 200.0, 20.0), "甲项目", 1.0),
                           GridCell(1, 0, 1, 1, (0.0, 20.0, 100.0, 40.0), "得分", 1.0),
                           GridCell(1, 1, 1, 1, (100.0, 20.0, 200.0, 40.0), "9", 1.0))
    assert table.cells is table.cells  # made once


def test_ocr_confidence_below_one_reaches_its_cell_only() -> None:
    table = _table(pdf_grid.page_blocks(_rules(), _runs(conf=0.4), page=1))
    assert [c.conf for c in table.cells] == [1.0, 0.4, 1.0, 0.7]


def test_a_cell_of_two_runs_takes_the_lower_confidence() -> None:
    runs = _runs()
    runs[1:2] = [TextRun("甲", 110, 5, 120, 15, 0.9), TextRun("项目", 130, 5, 150, 15, 0.6)]
    table = _table(pdf_grid.page_blocks(_rules(), runs, page=1))
    assert table.cells[1].text == "甲 项目"
    assert table.cells[1].conf == 0.6


def test_table_from_spans_assembles_like_one_from_grid_cells() -> None:
    """The same page as `page_blocks` makes it and as given `GridCell`s (OCR's and the tests'
    way): the same assembled cells, also when the next page continues the table."""
    def pages(given: bool) -> list[list[pdf_grid.Block]]:
        out = []
        for page in (1, 2):
            table = _table(pdf_grid.page_blocks(_rules(), _runs(), page=page))
            if given:
                table = RuledTable(page, table.xs, table.ys, table.cells)
            out.append([table])
        return out

    [spanned] = pdf_grid.assemble_tables(pages(False), filename="a.pdf")
    [given] = pdf_grid.assemble_tables(pages(True), filename="a.pdf")
    assert spanned == given
    assert [(c.text, c.row, c.col, c.ref, c.page) for c in spanned.cells] == [
        ("项目名称", 0, 0, "第1页 第1行第1列", 1), ("甲项目", 0, 1, "第1页 第1行第2列", 1),
        ("得分", 1, 0, "第1页 第2行第1列", 1), ("9", 1, 1, "第1页 第2行第2列", 1),
        ("得分", 2, 0, "第2页 第2行第1列", 2), ("9", 2, 1, "第2页 第2行第2列", 2)]


def test_three_line_table_cells_keep_their_confidence() -> None:
    """`pdf_open` builds its table from spans too: a chunk's confidence reaches its cell."""
    region = pdf_open.Region(0, 0, 200, 40, ())
    rows = [(0.0, 20.0, [(0.0, 100.0, 1, [TextRun("项目名称", 10, 5, 50, 15)]),
                         (100.0, 200.0, 1, [TextRun("甲", 110, 5, 120, 15, 0.8),
                                            TextRun("项目", 130, 5, 150, 15, 0.3)])]),
            (20.0, 40.0, [(0.0, 100.0, 2, [TextRun("得分", 10, 25, 30, 35)]),
                          (100.0, 200.0, 1, [])])]
    table = pdf_open._ruled_table(rows, region, 4)
    assert [(c.row, c.col, c.rowspan, c.colspan, c.text, c.conf) for c in table.cells] == [
        (0, 0, 1, 1, "项目名称", 1.0), (0, 1, 1, 1, "甲 项目", 0.3),
        (1, 0, 1, 1, "得分", 1.0), (1, 1, 1, 1, "", 1.0)]
    assert table.cells[1].box == (100.0, 0.0, 200.0, 20.0)
