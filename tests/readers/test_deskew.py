"""Deskewing a scanned page: the angle that levels its ruling and text lines, found cheaply."""

from __future__ import annotations

import pytest

from jixiao.readers import pdf as pdf_reader


def _page(np, cv2):  # type: ignore[no-untyped-def]  # optional test imports
    page = np.full((1050, 750), 255, np.uint8)
    for y in range(100, 950, 30):
        cv2.line(page, (50, y), (700, y), 0, 1)
    for x in (50, 200, 450, 700):
        cv2.line(page, (x, 100), (x, 940), 0, 1)
    rng = np.random.default_rng(1)
    for y in range(108, 940, 30):
        for x in range(60, 690, 12):
            if rng.random() < 0.6:
                cv2.rectangle(page, (x, y), (x + 8, y + 10), 0, -1)
    return page


@pytest.mark.parametrize("turn", [0.0, 1.7, -0.6, 3.0, -4.5])
def test_the_angle_found_levels_the_page(turn: float) -> None:
    np = pytest.importorskip("numpy")
    cv2 = pytest.importorskip("cv2")
    page = _page(np, cv2)
    matrix = cv2.getRotationMatrix2D((375, 525), turn, 1.0)
    crooked = cv2.warpAffine(page, matrix, (750, 1050), borderValue=255)
    angle = pdf_reader.deskew_angle(crooked)
    assert abs(angle + turn) <= 0.1  # the rotation that undoes the turn
    matrix = cv2.getRotationMatrix2D((375, 525), angle, 1.0)
    levelled = cv2.warpAffine(crooked, matrix, (750, 1050), borderValue=255)
    assert abs(pdf_reader.deskew_angle(levelled)) <= 0.1


def test_a_blank_page_needs_no_turn() -> None:
    np = pytest.importorskip("numpy")
    assert pdf_reader.deskew_angle(np.full((300, 200), 255, np.uint8)) == 0.0
