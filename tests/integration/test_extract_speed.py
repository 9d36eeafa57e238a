"""The speed-ups of extraction return exactly what the plain pdfplumber calls return.

Each shortcut (lean cell search, lean cell text, indexed cell membership, words outside
tables, pages read by several processes) is checked against the pdfplumber call it
replaces, on real pages of the bundled PDFs and on constructed cases, so a pdfplumber
upgrade that changes behaviour fails here. (pdfium's objects against pdfminer's:
``test_pdfium_objects.py``.)
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pdfplumber.table import TableFinder, intersections_to_cells
from pdfplumber.utils import extract_text

from pipelines.extract import document
from pipelines.extract.cell_text import cell_text
from pipelines.extract.cells import cells_from_intersections, find_tables
from pipelines.extract.page import read_page, table_texts
from pipelines.extract.pdfium_objects import load_objects

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def small_pdf() -> Path:
    return min(RAW.glob("*.pdf"), key=lambda p: p.stat().st_size)


def _pdfium_pages(path: Path):
    """pdfplumber pages of ``path`` holding pdfium's objects, as extraction reads them."""
    doc = pypdfium2.PdfDocument(path)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            load_objects(page, doc[page.page_number - 1])
            yield page
    doc.close()


def test_lean_cells_equal_pdfplumber_cells():
    compared = 0
    for path in sorted(RAW.glob("*.pdf")):
        for page in _pdfium_pages(path):
            for settings in ({}, {"vertical_strategy": "text", "horizontal_strategy": "text"}):
                finder = TableFinder(page, settings)
                assert cells_from_intersections(finder.intersections) == finder.cells
                assert [t.cells for t in find_tables(page, settings)] == [
                    t.cells for t in finder.tables
                ]
                compared += len(finder.cells)
    assert compared > 10_000


def test_lean_cells_on_a_grid_with_a_merged_cell():
    # A 2 x 2 grid whose top row is one merged cell: no rule between (0, 0) and (1, 0).
    h = [{"x0": 0, "x1": 2, "top": y, "bottom": y, "orientation": "h"} for y in (0, 1, 2)]
    v = [{"x0": x, "x1": x, "top": 0, "bottom": 2, "orientation": "v"} for x in (0, 2)]
    v.append({"x0": 1, "x1": 1, "top": 1, "bottom": 2, "orientation": "v"})
    from pdfplumber.table import edges_to_intersections

    intersections = edges_to_intersections(h + v, 0.1, 0.1)
    expected = intersections_to_cells(intersections)
    assert cells_from_intersections(intersections) == expected
    assert sorted(expected) == [(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 2, 2)]


def _mid_inside(char: dict, bbox: tuple) -> bool:
    h_mid = (char["x0"] + char["x1"]) / 2
    v_mid = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= h_mid < bbox[2] and bbox[1] <= v_mid < bbox[3]


def test_cell_text_equals_extract_text_on_every_cell():
    compared = 0
    for path in sorted(RAW.glob("*.pdf")):
        for page in _pdfium_pages(path):
            for table in find_tables(page):
                for row in table.rows:
                    row_chars = page.crop(row.bbox).chars
                    for cell in row.cells:
                        if cell is None:
                            continue
                        chars = [c for c in row_chars if _mid_inside(c, cell)]
                        assert cell_text(chars) == extract_text(chars)
                        compared += 1
    assert compared > 3000


def _char(text, x0, top, size=9.0, upright=True):
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + size * 0.6,
        "top": top,
        "bottom": top + size,
        "doctop": top,
        "upright": upright,
        "size": size,
        "height": size,
        "width": size * 0.6,
    }


@pytest.mark.parametrize(
    "chars",
    [
        [_char("b", 10, 0), _char("a", 4, 0.5), _char("c", 30, 1)],  # out of order, a gap
        [_char("x", 0, 0), _char(" ", 5.4, 0), _char("y", 6, 0)],  # a printed blank
        [_char("1", 0, 0), _char("2", 0, 2.9), _char("3", 0, 5.8), _char("4", 0, 20)],  # chained
        [_char("ﬁ", 0, 0), _char("n", 5.4, 0)],  # ligature expanded
        [_char("v", 0, 0, upright=False), _char("w", 0, 9, upright=False)],  # vertical text
        [_char("p", 0, 0), _char("q", 0, 0.5), _char("r", 9, 10)],  # overlapping characters
    ],
)
def test_cell_text_equals_extract_text_on_constructed_cells(chars):
    assert cell_text(chars) == extract_text(chars)


def test_cell_texts_equal_table_extract():
    compared = 0
    for page in _pdfium_pages(min(RAW.glob("*.pdf"), key=lambda p: p.stat().st_size)):
        for table in find_tables(page):
            assert table_texts(table) == table.extract()
            compared += 1
    assert compared > 0


def test_pages_read_by_several_processes_equal_one_process(small_pdf, monkeypatch):
    numbers = list(range(1, 9))
    one = document.read_layouts(small_pdf, None, numbers, page_workers=1)
    monkeypatch.setattr(document, "_MIN_PAGES_PER_WORKER", 2)
    two = document.read_layouts(small_pdf, None, numbers, page_workers=2)
    assert [layout.page for layout in two] == numbers
    assert [asdict(x) for x in two] == [asdict(x) for x in one]


def test_read_page_matches_whole_page_words(small_pdf):
    """Free text lines come out the same whether or not table characters are dropped first."""
    with pdfplumber.open(small_pdf) as pdf:
        for page in pdf.pages[:6]:
            layout = read_page(page, page.page_number)
            bboxes = [
                (float(page.bbox[0]), f.top, float(page.bbox[2]), f.bottom)
                for f in layout.fragments
            ]
            words = [
                w
                for w in page.extract_words(extra_attrs=["size"])
                if not any(
                    b[0] - 1 <= (w["x0"] + w["x1"]) / 2 <= b[2] + 1
                    and b[1] - 1 <= (w["top"] + w["bottom"]) / 2 <= b[3] + 1
                    for b in bboxes
                )
            ]
            assert "".join(ln.text.replace(" ", "") for ln in layout.lines) == "".join(
                w["text"] for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
            )
