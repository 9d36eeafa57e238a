"""What extraction produces: plain data, no PDF objects, so it can cross process boundaries.

These dataclasses are the contract between the extraction stage (pdfplumber) and the
cleaning stage (Polars). A table keeps the printed cell text exactly (``None`` marks a
position covered by a merged cell), so cleaning can always be re-run without the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = str | None
Row = list[Cell]


@dataclass
class ExtractedTable:
    """One logical table of a document, joined across pages.

    Attributes:
        table_index: Position of the table in the document (0-based).
        title: The printed title (e.g. ``一般公共预算支出表``), numbering kept as printed.
        table_type: Key of the recognised table type (see ``vocabulary/table_types.csv``), or
            ``unknown``.
        unit: ``万元`` or ``元`` as printed above the table, or ``None``.
        page_first: 1-based page the table starts on.
        page_last: 1-based page the table ends on.
        ruling: ``ruled`` (a full cell grid), ``horizontal_only`` (三线表 or row rules:
            columns found from the text) or ``text_only`` (no rules at all: rows, columns
            and the table itself found from the text).
        header_rows: Rows of the header, merged positions ``None``.
        body_rows: Rows of the body, merged positions ``None``.
        row_pages: The page of each body row.
        column_paths: One path per column built from the header (``基本支出/人员经费``).
        is_empty: The table prints no figure at all.
        says_empty: A note with the table says it is empty (本表无数据 / 本表为空表 …); when
            it nevertheless prints figures they are read, and the reconciliation says so.
        note: Text printed directly under the table (e.g. 注：本表无数据), if any.
        body_confidence: The OCR confidence of each body cell, rows parallel to ``body_rows``
            (``None`` for a cell read from a text layer, or a merged position); empty when
            no cell of the table was read by OCR.
    """

    table_index: int
    title: str
    table_type: str
    unit: str | None
    page_first: int
    page_last: int
    ruling: str
    header_rows: list[Row]
    body_rows: list[Row]
    row_pages: list[int]
    column_paths: list[str]
    is_empty: bool = False
    says_empty: bool = False
    note: str | None = None
    body_confidence: list[list[float | None]] = field(default_factory=list)

    def confidence(self, row: int, col: int) -> float | None:
        """OCR confidence of body cell ``(row, col)``; ``None`` when read from a text layer."""
        if row < len(self.body_confidence) and col < len(self.body_confidence[row]):
            return self.body_confidence[row][col]
        return None

    @property
    def column_count(self) -> int:
        """Width of the cell grid."""
        rows = self.header_rows or self.body_rows
        return len(rows[0]) if rows else 0


@dataclass
class PageText:
    """The running text of one page, for narrative facts and document metadata."""

    page: int
    text: str


@dataclass
class ExtractedDocument:
    """Everything extraction reads from one PDF.

    ``ocr_pages`` counts the pages read by OCR because they had no text layer (scans).
    """

    document_id: str
    file_name: str
    sha256: str
    page_count: int
    title: str | None
    department_name: str | None
    budget_year: int | None
    document_kind: str = "budget"
    scope: str | None = None
    tables: list[ExtractedTable] = field(default_factory=list)
    pages: list[PageText] = field(default_factory=list)
    ocr_pages: int = 0
