"""read_page on generated PDFs: a fully ruled grid and a table drawn with horizontal rules only."""

from __future__ import annotations

import pdfplumber

from pipelines.extract.page import read_page
from tests.pdf_factory import grid_table, write_pdf

ROWS = [
    ["Code", "Name", "Total", "Basic", "Project"],
    ["208", "Social security", "580.93", "513.43", "67.50"],
    ["20801", "Administration", "445.48", "409.54", "35.94"],
    ["210", "Health", "58.06", "58.06", ""],
]


def _read(tmp_path, ruled: bool):
    lines, texts = grid_table(60, 150, [60, 160, 80, 80, 80], 22, ROWS, ruled=ruled)
    texts.append((250, 842 - 120, "Expenditure table"))
    path = write_pdf(tmp_path / "t.pdf", [{"lines": lines, "texts": texts}])
    with pdfplumber.open(path) as pdf:
        return read_page(pdf.pages[0], 1)


def test_ruled_table_is_read_cell_by_cell(tmp_path):
    layout = _read(tmp_path, ruled=True)
    assert len(layout.fragments) == 1
    frag = layout.fragments[0]
    assert frag.ruling == "ruled"
    assert frag.grid.rows() == ROWS
    assert [ln.text for ln in layout.lines] == ["Expenditure table"]


def test_horizontal_rules_only_table_is_read_from_text_alignment(tmp_path):
    layout = _read(tmp_path, ruled=False)
    assert len(layout.fragments) == 1
    frag = layout.fragments[0]
    assert frag.ruling == "horizontal_only"
    assert frag.grid.rows() == ROWS


def test_three_rule_table_takes_rows_from_text_lines(tmp_path):
    lines, texts = grid_table(60, 150, [60, 160, 80, 80, 80], 22, ROWS, ruled=False)
    # keep only the top, header and bottom rules (三线表)
    lines = [lines[0], lines[1], lines[-1]]
    path = write_pdf(tmp_path / "t3.pdf", [{"lines": lines, "texts": texts}])
    with pdfplumber.open(path) as pdf:
        layout = read_page(pdf.pages[0], 1)
    assert [f.grid.rows() for f in layout.fragments] == [ROWS]
