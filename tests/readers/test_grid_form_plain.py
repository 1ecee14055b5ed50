"""The table mapper's shortcut for plain rows: a row none of whose cells prints a caption of any
kind goes straight to the open part. These tests hold the shortcut to the long way: in every
state the mapper passes through, and in every section, the caption tests take no plain row and
change nothing when they look at one."""

from __future__ import annotations

import copy

from jixiao.readers.grid import Cell, Table
from jixiao.readers.grid_form import _Builder, expand_table, segment_rows
from jixiao.readers.vocabulary import Section
from tests.readers.test_grid_form import FORMS, hubei_cells, label, official_grid, sichuan_grid


def _tables() -> list[Table]:
    grids = [official_grid(form, merged=merged) for _, form in FORMS for merged in (True, False)]
    split = {"发放(缴纳)覆盖率": ("=", "100", "%"), "足额保障率(参保率)": ("定性", "保障到位", "")}
    grids.append(sichuan_grid(label("002"), split))
    # words a caption test reads though no caption: a unit line, a sub-caption under a group
    odd = (Cell("项目名称", 0, 0), Cell("甲", 0, 1), Cell("单位：万元", 1, 0, colspan=2),
           Cell("值", 2, 0), Cell("值", 2, 1), Cell("实施单位 乙 金额单位：万元", 3, 0, colspan=2))
    return [Table(tuple(g.cells)) for g in grids] + [Table(tuple(hubei_cells())), Table(odd)]


def test_caption_tests_never_take_a_plain_row() -> None:
    plain = opened = 0
    for table in _tables():
        rows, _ = expand_table(table)
        for segment in segment_rows(rows):
            builder = _Builder([table], "t.pdf")
            for row in segment:
                if row.plain and row.texts:
                    plain += 1
                    for section in Section:
                        for after_header in (False, True):
                            probe = copy.copy(builder)
                            probe.section, probe.after_header = section, after_header
                            before = repr(probe)
                            assert not probe._opens_part(row), (section, row)
                            assert repr(probe) == before, (section, row)
                elif row.texts and copy.copy(builder)._opens_part(row):
                    opened += 1
                builder.feed(row)
    # the layouts hold both kinds of rows, many of each
    assert plain > 150 and opened > 30, (plain, opened)


def test_a_row_printing_any_caption_is_not_plain() -> None:
    table = Table(tuple(official_grid(FORMS[0][1]).cells))
    rows, _ = expand_table(table)
    captions = [r for r in rows if any(s.text in ("项目名称", "年度总体目标", "总分", "评分等级")
                                       for s in r.texts)]
    assert len(captions) >= 4 and not any(r.plain for r in captions)
