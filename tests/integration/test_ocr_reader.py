"""read_scanned_page on a generated table scanned askew; the engine offline and forked."""

from __future__ import annotations

import multiprocessing
import socket
import sysconfig
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.extract.ocr import engine, normalise
from pipelines.extract.ocr.reader import page_text, read_scanned_page
from tests.pdf_factory import grid_table, write_pdf
from tests.scans import write_scanned_pdf

ROWS = [
    ["Code", "Name", "Total", "Basic", "Project"],
    ["208", "Social security", "580.93", "513.43", "67.50"],
    ["20801", "Administration", "1,445.48", "409.54", "35.94"],
    ["210", "Health", "58.06", "58.06", ""],
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("scan")
    lines, texts = grid_table(60, 150, [60, 160, 80, 80, 80], 22, ROWS)
    texts.append((250, 842 - 120, "Expenditure table"))
    texts.append((60, 842 - 400, "Note: nothing to add"))
    source = write_pdf(base / "t.pdf", [{"lines": lines, "texts": texts}])
    return write_scanned_pdf(source, base / "scan.pdf", tilts=[1.1])


def _read(path: Path):
    doc = pdfium.PdfDocument(str(path))
    try:
        return read_scanned_page(doc[0], 1)
    finally:
        doc.close()


def test_a_tilted_noisy_scan_reads_back_cell_for_cell(scanned):
    doc = pdfium.PdfDocument(str(scanned))
    assert doc[0].get_textpage().get_text_bounded().strip() == ""  # image only
    doc.close()
    layout = _read(scanned)
    (frag,) = layout.fragments
    assert frag.ruling == "ruled"
    assert frag.grid.rows() == ROWS
    # positions in points from the page's top-left, as the text reader gives them
    assert frag.top == pytest.approx(150, abs=2)
    assert frag.bottom == pytest.approx(150 + 4 * 22, abs=2)
    assert frag.grid.col_x[0] == pytest.approx(60, abs=2)
    assert layout.height == pytest.approx(842, abs=1)
    amounts = [c for c in frag.grid.cells if c.text[:1].isdigit()]
    assert len(amounts) == 11
    assert all(c.confidence >= normalise.CONFIDENCE_THRESHOLD for c in amounts)
    assert all(c.confidence == 1.0 for c in frag.grid.cells if not c.text)
    title, note = layout.lines
    assert title.text == "Expenditure table" and title.top == pytest.approx(112, abs=3)
    assert note.text == "Note: nothing to add" and note.top > frag.bottom
    assert title.confidence >= normalise.CONFIDENCE_THRESHOLD
    text = page_text(layout)
    assert text.splitlines()[0] == "Expenditure table"
    assert "20801 Administration 1,445.48 409.54 35.94" in text


def test_the_model_ships_inside_the_installed_package():
    path = engine.model_path()
    assert path.is_file() and path.stat().st_size > 1_000_000
    assert Path(sysconfig.get_paths()["purelib"]) in path.parents


def test_reading_needs_no_network(scanned, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the OCR reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(engine, "_recogniser", None)  # load the model under the ban
    assert _read(scanned).fragments[0].grid.rows() == ROWS


def _read_in_child(path: str):
    return _read(Path(path)).fragments[0].grid.rows()


def test_a_forked_worker_makes_its_own_session(scanned):
    parent = engine.recogniser()
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        assert pool.apply(_read_in_child, (str(scanned),)) == ROWS
    assert engine.recogniser() is parent
