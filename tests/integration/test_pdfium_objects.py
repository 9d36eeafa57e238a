"""Characters and rules read by pdfium land where pdfminer (pdfplumber's own reader) puts them.

Generated pages cover what templates vary in (a rotated page, a MediaBox away from the
origin, rules drawn as lines or as filled rectangles); the bundled documents check the whole
page reading, grids and text, against pdfplumber reading the same pages with pdfminer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from pipelines.extract import document
from pipelines.extract.page import read_page
from pipelines.extract.pdfium_objects import load_objects
from tests.pdf_factory import grid_table, write_pdf

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
ROWS = [["Code", "Name", "Total"], ["208", "Social security", "580.93"], ["210", "Health", "58.06"]]


def _page(rotate: int, origin: tuple[int, int]) -> dict:
    ox, oy = origin
    lines, texts = grid_table(60, 150, [60, 160, 80], 22, ROWS, ruled=True)
    lines = [(x0 + ox, y0 + oy, x1 + ox, y1 + oy) for x0, y0, x1, y1 in lines]
    texts = [(x + ox, y + oy, s) for x, y, s in texts]
    texts.append((300 + ox, 842 - 100 + oy, "Title (2024)"))
    rects = [(60 + ox, 842 - 300 + oy, 300, 0.6), (60 + ox, 842 - 330 + oy, 0.6, 30)]
    return {"lines": lines, "texts": texts, "rects": rects, "rotate": rotate, "origin": origin}


def _edges(objs: list[dict]) -> set[tuple]:
    return {
        (
            e["orientation"],
            round(e["x0"], 2),
            round(e["top"], 2),
            round(e["x1"], 2),
            round(e["bottom"], 2),
        )
        for e in objs
        if e["orientation"] in ("h", "v")
    }


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("origin", [(0, 0), (30, 45)])
def test_objects_are_placed_as_pdfminer_places_them(tmp_path, rotate, origin):
    path = write_pdf(tmp_path / "p.pdf", [_page(rotate, origin)])
    pdfium_doc = pdfium.PdfDocument(path)
    with pdfplumber.open(path) as slow, pdfplumber.open(path) as fast:
        expected, page = slow.pages[0], fast.pages[0]
        load_objects(page, pdfium_doc[0])
        assert (page.width, page.height) == (expected.width, expected.height)
        assert _edges(page.edges) == _edges(expected.edges)
        mine = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
        theirs = sorted(expected.chars, key=lambda c: (round(c["top"]), c["x0"]))
        assert [c["text"] for c in mine] == [c["text"] for c in theirs]
        for a, b in zip(mine, theirs, strict=True):
            assert a["upright"] == b["upright"]
            # The same advance along the text; across it, the share of the font size
            # below the baseline differs (pdfminer takes the font's descent).
            along, across = ("x", "y") if rotate in (0, 180) else ("y", "x")
            near = {along: 0.5, across: 2.5}
            assert abs(a["x0"] - b["x0"]) < near["x"] and abs(a["x1"] - b["x1"]) < near["x"]
            assert abs(a["top"] - b["top"]) < near["y"]
            assert abs(a["bottom"] - b["bottom"]) < near["y"]
            assert abs(a["doctop"] - a["top"] - (b["doctop"] - b["top"])) < 1e-6
    pdfium_doc.close()


def test_unrotated_page_reads_the_grid_from_pdfium_objects(tmp_path):
    path = write_pdf(tmp_path / "g.pdf", [_page(0, (30, 45))])
    (layout,) = document.read_pages(str(path), None, [1])
    assert [f.grid.rows() for f in layout.fragments] == [ROWS]
    assert [ln.text for ln in layout.lines] == ["Title (2024)"]


def _squeezed(rows) -> list:
    return [[re.sub(r"\s+", "", c) if c is not None else None for c in r] for r in rows]


@pytest.fixture(scope="module")
def small_pdf() -> Path:
    return min(RAW.glob("*.pdf"), key=lambda p: p.stat().st_size)


def test_bundled_pages_read_as_pdfminer_reads_them(small_pdf):
    """Every table page: the same fragments, cells and free text (whitespace aside).

    pdfium drops some printed spaces that pdfminer keeps and the reverse (it decides word
    gaps itself), so spaces may differ; every other character and every cell may not.
    """
    with pdfplumber.open(small_pdf) as pdf:
        expected = [read_page(page, page.page_number) for page in pdf.pages]
    got = document.read_pages(str(small_pdf), None, [e.page for e in expected])
    compared = 0
    for want, have in zip(expected, got, strict=True):
        assert len(have.fragments) == len(want.fragments), f"page {want.page}"
        for f_want, f_have in zip(want.fragments, have.fragments, strict=True):
            assert _squeezed(f_have.grid.rows()) == _squeezed(f_want.grid.rows())
            assert f_have.ruling == f_want.ruling
            assert abs(f_have.top - f_want.top) < 1 and abs(f_have.bottom - f_want.bottom) < 1
            compared += 1
        assert "".join(ln.text for ln in have.lines).replace(" ", "") == "".join(
            ln.text for ln in want.lines
        ).replace(" ", "")
    assert compared > 5
