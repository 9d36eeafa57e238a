"""OCR confidences from page cells to line items, and the threshold the warehouse judges by.

Pure: hand-built grids and layouts, no PDF rendering, no OCR model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.clean.line_items import line_items_frame
from pipelines.extract.document import _require_text
from pipelines.extract.errors import DocumentError
from pipelines.extract.grid import Grid, GridCell, append_grid, continue_cells_across_break
from pipelines.extract.model import ExtractedDocument, ExtractedTable
from pipelines.extract.ocr.normalise import CONFIDENCE_THRESHOLD
from pipelines.extract.page import Fragment, PageLayout, TextLine
from pipelines.extract.tables import assemble_tables
from pipelines.staging.frames import documents_frame

ROOT = Path(__file__).resolve().parents[2]


def _scanned_layout(page: int, rows: list[list[str]], confidence: list[list[float]]):
    cells = [
        GridCell(r, c, 1, 1, text, confidence=confidence[r][c])
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    grid = Grid(col_x=[40, 100, 300, 380, 460], n_rows=len(rows), cells=cells,
                row_pages=[page] * len(rows))
    lines = [
        TextLine(60, 72, 200, "支出总表", 16, 0.99),
        TextLine(90, 100, 40, "单位：万元", 9, 1.0),
    ]
    return PageLayout(page, 842, [Fragment(page, 110, 110 + 20 * len(rows), grid, "ruled")], lines)


ROWS = [
    ["科目编码", "科目名称", "合计", "基本支出"],
    ["", "合计", "150.00", "100.00"],
    ["2080101", "行政运行", "100.00", "100.00"],
]
CONFIDENCE = [
    [0.99, 0.98, 1.0, 0.97],
    [1.0, 0.99, 0.995, 0.42],
    [0.99, 0.97, 0.88, 1.0],
]


def test_grid_confidences_are_parallel_to_rows():
    grid = Grid(col_x=[0, 50, 100, 150], n_rows=2, row_pages=[1, 1], cells=[
        GridCell(0, 0, 1, 2, "收入", confidence=0.9),
        GridCell(0, 2, 1, 1, "支出", confidence=0.8),
        GridCell(1, 0, 1, 1, "项目"),
        GridCell(1, 1, 1, 1, "1.00"),
        GridCell(1, 2, 1, 1, "2.00"),
    ])
    assert grid.confidences() == [[0.9, None, 0.8], [None, None, None]]


def test_a_cell_rejoined_across_a_page_break_keeps_the_lower_confidence():
    head = Grid(col_x=[0, 50, 100], n_rows=1, row_pages=[1], cells=[
        GridCell(0, 0, 1, 1, "项目资金 (万", confidence=0.97),
        GridCell(0, 1, 1, 1, "年度资金总额", confidence=0.99),
    ])
    tail = Grid(col_x=[0, 50, 100], n_rows=1, row_pages=[2], cells=[
        GridCell(0, 0, 1, 1, "元)", confidence=0.61), GridCell(0, 1, 1, 1, "", confidence=1.0),
    ])
    joined = continue_cells_across_break(append_grid(head, tail), 1)
    assert joined.rows()[0][0] == "项目资金 (万元)"
    assert joined.confidences()[0][0] == 0.61


def test_assembled_table_carries_body_confidence_and_line_items_ocr_confidence():
    (table,) = assemble_tables([_scanned_layout(8, ROWS, CONFIDENCE)])
    assert table.table_type == "expenditure_summary"
    assert table.header_rows == [ROWS[0]]
    assert table.body_confidence == CONFIDENCE[1:]
    assert table.confidence(0, 3) == 0.42
    items = line_items_frame("doc", [table], 2024).sort("row_index", "column_index")
    got = {(r["row_index"], r["column_path"]): r["ocr_confidence"]
           for r in items.iter_rows(named=True)}
    assert got == {(0, "合计"): 0.995, (0, "基本支出"): 0.42,
                   (1, "合计"): 0.88, (1, "基本支出"): 1.0}


def test_a_text_layer_table_has_no_confidences():
    table = ExtractedTable(
        table_index=0, title="支出总表", table_type="expenditure_summary", unit="万元",
        page_first=3, page_last=3, ruling="ruled", header_rows=[], body_rows=ROWS[1:],
        row_pages=[3, 3], column_paths=ROWS[0],
    )
    assert table.body_confidence == [] and table.confidence(0, 2) is None
    items = line_items_frame("doc", [table], 2024)
    assert items.height == 4 and items["ocr_confidence"].null_count() == 4


def test_the_warehouse_judges_by_the_readers_threshold():
    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text("utf-8"))
    assert project["vars"]["ocr_confidence_threshold"] == CONFIDENCE_THRESHOLD


def test_documents_frame_counts_ocr_pages():
    from datetime import UTC, datetime

    doc = ExtractedDocument("d", "d.pdf", "0" * 64, 24, None, None, 2024, ocr_pages=24)
    assert documents_frame(doc, datetime.now(UTC))["ocr_pages"].to_list() == [24]


@pytest.mark.parametrize(
    ("texts", "scanned", "kind", "words"),
    [
        (["", "  ", ""], [1, 2, 3], "no_text_layer", "OCR read nothing on its 3 scanned pages"),
        (["页", "", ""], [1, 2], "no_text_layer", "only 1 character on"),
        (["", ""], [], "no_text_layer", "neither text nor a scanned image"),
        (["Pump station maintenance log, all valves inspected"], [1], "not_budget_document",
         "not a budget disclosure"),
    ],
)
def test_a_document_nothing_can_be_read_from_says_why(texts, scanned, kind, words):
    with pytest.raises(DocumentError) as caught:
        _require_text(texts, scanned, "scan.pdf")
    assert caught.value.kind == kind
    assert words in caught.value.message


def test_a_scanned_budget_passes_the_text_checks():
    _require_text(["海东市社会保险服务局\n2024年部门预算", "目录"], [1, 2], "scan.pdf")


def test_a_table_continues_from_a_text_page_onto_a_scanned_one():
    """The scanned page repeats the header with half-width brackets: still a repeat."""
    header = [["项目（按功能分类）", "预算数"]]
    text_rows = header + [["社会保障和就业支出", "580.93"]]
    text_grid = Grid(col_x=[40, 300, 460], n_rows=2, row_pages=[5, 5], cells=[
        GridCell(r, c, 1, 1, t) for r, row in enumerate(text_rows) for c, t in enumerate(row)
    ])
    scan_rows = [["项目(按功能分类)", "预算数"], ["卫生健康支出", "58.06"]]
    scan_grid = Grid(col_x=[40, 300, 460], n_rows=2, row_pages=[6, 6], cells=[
        GridCell(r, c, 1, 1, t, confidence=0.99)
        for r, row in enumerate(scan_rows) for c, t in enumerate(row)
    ])
    layouts = [
        PageLayout(5, 842, [Fragment(5, 110, 800, text_grid, "ruled")],
                   [TextLine(60, 72, 200, "支出总表", 16), TextLine(90, 100, 40, "单位：万元", 9)]),
        PageLayout(6, 842, [Fragment(6, 60, 120, scan_grid, "ruled")], []),
    ]
    (table,) = assemble_tables(layouts)
    assert table.body_rows == [["社会保障和就业支出", "580.93"], ["卫生健康支出", "58.06"]]
    assert table.body_confidence == [[None, None], [0.99, 0.99]]
