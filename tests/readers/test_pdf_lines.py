"""Grouping a cell's text runs into printed lines (`pdf_grid._lines_of`) against a plain
reference written with min and max: random runs on a coarse grid of coordinates, so that
equal edges, touching lines and half overlaps are common."""

from __future__ import annotations

import random

from jixiao.readers.pdf_grid import TextRun, _lines_of, join_runs


def reference_lines(runs: list[TextRun]) -> list[list[TextRun]]:
    """A run joins the first line it overlaps vertically by more than half of the smaller
    height (a line grows to hold it); lines top to bottom, each left to right."""
    lines: list[list] = []
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        for line in lines:
            top, bottom, members = line
            overlap = min(bottom, run.bottom) - max(top, run.top)
            if overlap > 0.5 * min(bottom - top, max(run.bottom - run.top, 0.1)):
                members.append(run)
                line[0], line[1] = min(top, run.top), max(bottom, run.bottom)
                break
        else:
            lines.append([run.top, run.bottom, [run]])
    lines.sort(key=lambda line: line[0])
    return [sorted(members, key=lambda r: r.x0) for _, _, members in lines]


def random_runs(rng: random.Random) -> list[TextRun]:
    runs = []
    for k in range(rng.randint(2, 7)):
        top = rng.choice([0.0, 2.0, 4.0, 5.0, 6.0, 10.0, 12.0])
        height = rng.choice([0.0, 0.05, 2.0, 4.0, 6.0])
        x0 = rng.choice([0.0, 10.0, 20.0, 21.0, 40.0])
        runs.append(TextRun(f"字{k}", x0, top, x0 + rng.choice([1.0, 9.0, 15.0]), top + height))
    return runs


def test_lines_match_the_min_max_reference() -> None:
    rng = random.Random(9)
    for _ in range(2000):
        runs = random_runs(rng)
        assert _lines_of(runs) == reference_lines(runs)


def test_half_overlapping_runs_are_one_line_and_a_lower_run_another() -> None:
    a = TextRun("项目", 0.0, 10.0, 20.0, 20.0)
    b = TextRun("名称", 22.0, 14.0, 42.0, 24.0)  # overlaps a by 6 of 10: same line
    c = TextRun("备注", 0.0, 25.0, 20.0, 35.0)
    assert _lines_of([c, b, a]) == [[a, b], [c]]
    assert join_runs([c, b, a]) == "项目名称\n备注"
