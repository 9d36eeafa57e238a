"""Scanned real budget table pages read by OCR, assembled, and compared with the cell truth.

A few table pages of the bundled PDFs are turned into an image-only PDF the way a scanner
would (grey, 200 dpi, tilted by up to 1.2°, specks, JPEG; ``tests/scans.py``), read with
:func:`read_scanned_page`, assembled by ``tables.assemble_tables`` exactly like text pages,
and every cell is compared with ``../shared/corpus/*.tables.json``. The promise checked:
at least 99% of the amount cells read exactly, and no amount cell read wrong with a
confidence at or above the threshold — a wrong number is always flagged.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.extract.ocr.normalise import CONFIDENCE_THRESHOLD
from pipelines.extract.ocr.reader import read_scanned_page
from pipelines.extract.tables import assemble_tables
from tests.conftest import once_per_run
from tests.scans import write_scanned_pdf

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
CORPUS = REPO.parent / "shared" / "corpus"
# 支出总表, 一般公共预算基本支出表, 三公; 基本支出分经济科目表; a table with grouped amounts
PAGES = {
    "haidong-shebao-2024": [8, 11, 12],
    "fenyang-shebao-2024": [12],
    "changchun-shebaoju-2024": [11],
}
TILTS = [0.8, -1.2, 0.5]
MIN_EXACT_AMOUNTS = 0.99
MIN_LABELS = 0.97
_AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+\.\d+$|^[-−]?\d+$")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir() or not any(CORPUS.glob("*.tables.json")),
    reason="shared corpus cell ground truth not available",
)


def _key(text: str | None) -> str:
    """Text as compared for labels: no whitespace, one width of brackets and colons."""
    text = re.sub(r"\s+", "", text or "")
    return text.translate(str.maketrans("（）：", "():"))


@dataclass
class Cell:
    doc: str
    page: int
    want: str
    got: str | None
    confidence: float | None


@dataclass
class Outcome:
    amounts: list[Cell]
    labels: list[Cell]
    tables: list[tuple[str, int, str, str, str | None, str | None]]
    seconds_per_page: float


def _confidences(layout, table) -> dict[tuple[int, int], float]:
    """Confidence of each assembled cell, from the page's fragment (single-page tables)."""
    (frag,) = [f for f in layout.fragments]
    offset = frag.grid.n_rows - len(table.header_rows) - len(table.body_rows)
    return {(c.row - offset, c.col): c.confidence for c in frag.grid.cells}


@pytest.fixture(scope="session")
def outcome(tmp_path_factory) -> Outcome:
    """The pages read once per test run, whichever xdist worker asks first."""
    done = once_per_run(tmp_path_factory, "ocr-table-pages", _read_pages)
    return Outcome(
        amounts=[Cell(**c) for c in done["amounts"]],
        labels=[Cell(**c) for c in done["labels"]],
        tables=[tuple(t) for t in done["tables"]],
        seconds_per_page=done["seconds_per_page"],
    )


def _read_pages(base: Path) -> dict:
    import json

    amounts, labels, tables = [], [], []
    seconds, pages_read = 0.0, 0
    for doc_id, pages in PAGES.items():
        scan = write_scanned_pdf(RAW / f"{doc_id}.pdf", base / f"{doc_id}.pdf", pages, tilts=TILTS)
        truth = json.loads((CORPUS / f"{doc_id}.tables.json").read_text(encoding="utf-8"))
        doc = pdfium.PdfDocument(str(scan))
        layouts = []
        for i, number in enumerate(pages):
            start = time.perf_counter()
            layouts.append(read_scanned_page(doc[i], number))
            seconds += time.perf_counter() - start
            pages_read += 1
        doc.close()
        for layout in layouts:
            for table in assemble_tables([layout]):
                (want,) = [t for t in truth if t["page_first"] == table.page_first]
                tables.append(
                    (doc_id, table.page_first, table.title, want["title"], table.unit, want["unit"])
                )
                confidence = _confidences(layout, table)
                got_rows = table.header_rows + table.body_rows
                want_rows = want["header_rows"] + want["body_rows"]
                assert len(got_rows) == len(want_rows), (doc_id, table.page_first)
                for r, (got_row, want_row) in enumerate(zip(got_rows, want_rows, strict=True)):
                    assert len(got_row) == len(want_row), (doc_id, table.page_first, r)
                    for c, (got, text) in enumerate(zip(got_row, want_row, strict=True)):
                        if not text or not text.strip():
                            continue
                        cell = Cell(doc_id, table.page_first, text, got, confidence.get((r, c)))
                        (amounts if _AMOUNT.match(text.strip()) else labels).append(cell)
    return asdict(Outcome(amounts, labels, tables, seconds / pages_read))


def test_tables_titles_and_units_are_found_as_on_text_pages(outcome):
    assert len(outcome.tables) == 5
    for doc_id, page, title, want_title, unit, want_unit in outcome.tables:
        assert _key(title) == _key(want_title), (doc_id, page)
        assert unit == want_unit, (doc_id, page)


def test_amounts_read_exactly_and_every_wrong_one_is_flagged(outcome):
    exact = [c for c in outcome.amounts if c.got == c.want]
    wrong = [c for c in outcome.amounts if c.got != c.want]
    print(
        f"\nOCR amounts exact: {len(exact)}/{len(outcome.amounts)}; wrong: "
        f"{[(c.doc, c.page, c.want, c.got, c.confidence) for c in wrong]}; "
        f"{outcome.seconds_per_page:.2f} s/page"
    )
    assert len(outcome.amounts) > 250
    assert len(exact) / len(outcome.amounts) >= MIN_EXACT_AMOUNTS
    for cell in wrong:
        assert cell.confidence is not None and cell.confidence < CONFIDENCE_THRESHOLD, cell
    trusted = [c for c in exact if c.confidence is not None]
    assert len(trusted) == len(exact)
    # a flag is rare on a number that was read right: the threshold is not a blanket
    doubted = [c for c in trusted if c.confidence < CONFIDENCE_THRESHOLD]
    assert len(doubted) <= 0.02 * len(trusted), doubted


def test_labels_read_up_to_spacing_and_bracket_width(outcome):
    matched = [c for c in outcome.labels if _key(c.got) == _key(c.want)]
    wrong = [(c.doc, c.page, c.want, c.got) for c in outcome.labels if c not in matched]
    print(f"\nOCR labels: {len(matched)}/{len(outcome.labels)}; wrong: {wrong}")
    assert len(matched) / len(outcome.labels) >= MIN_LABELS
