"""The speed-ups of extraction return exactly what the plain pdfplumber calls return.

Each shortcut (faster page objects, indexed cell texts, words outside tables, pages read
by several processes) is checked against the slow path on real pages of the smallest
bundled PDF, so a pdfplumber upgrade that changes behaviour fails here.
"""

from __future__ import annotations

import types
from dataclasses import asdict
from pathlib import Path

import pdfplumber
import pytest

from pipelines.extract import document
from pipelines.extract.objects import process_object, use_fast_objects
from pipelines.extract.page import read_page, table_texts

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def small_pdf() -> Path:
    return min(RAW.glob("*.pdf"), key=lambda p: p.stat().st_size)


def test_fast_objects_equal_pdfplumber_objects(small_pdf):
    with pdfplumber.open(small_pdf) as slow, pdfplumber.open(small_pdf) as fast:
        kinds = set()
        for slow_page, fast_page in zip(slow.pages, fast.pages, strict=True):
            use_fast_objects(fast_page)
            assert fast_page.objects == slow_page.objects
            kinds |= set(slow_page.objects)
    assert {"char", "rect"} <= kinds or {"char", "line"} <= kinds  # really compared tables


def test_fast_objects_are_per_page_not_patched_into_pdfplumber(small_pdf):
    with pdfplumber.open(small_pdf) as pdf:
        page = pdf.pages[0]
        use_fast_objects(page)
        assert isinstance(page.process_object, types.MethodType)
        assert page.process_object.__func__ is process_object
        assert pdfplumber.page.Page.process_object is not process_object


def test_cell_texts_equal_table_extract(small_pdf):
    compared = 0
    with pdfplumber.open(small_pdf) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
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
            bboxes = [(float(page.bbox[0]), f.top, float(page.bbox[2]), f.bottom)
                      for f in layout.fragments]
            words = [
                w for w in page.extract_words(extra_attrs=["size"])
                if not any(
                    b[0] - 1 <= (w["x0"] + w["x1"]) / 2 <= b[2] + 1
                    and b[1] - 1 <= (w["top"] + w["bottom"]) / 2 <= b[3] + 1
                    for b in bboxes
                )
            ]
            assert "".join(ln.text.replace(" ", "") for ln in layout.lines) == "".join(
                w["text"] for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
            )
