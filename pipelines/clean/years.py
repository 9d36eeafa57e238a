"""The years a table prints as the year of its figures: its title, its header, year headings.

A disclosure for 2024 whose table says 2023年预算数 was copied from last year's file and not
updated; the reconciliation compares every year printed here with the document's year. Years
named as a comparison (比2023年增减) are not the year of the figures and are left out. What
counts as a year, a comparison, a year header or a year heading is vocabulary
(``year_mention``, ``comparison_year``, ``header_year``, ``year_heading``).
"""

from __future__ import annotations

import polars as pl

from pipelines import vocabulary
from pipelines.extract.model import ExtractedTable
from pipelines.identity import table_id

PRINTED_YEARS_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "page": pl.Int32,
    "place": pl.String,
    "text": pl.String,
    "year_printed": pl.Int32,
}

TITLE = "标题"
HEADER = "表头"
HEADING = "表内标题"


def years_in(text: str | None, concept: str) -> list[int]:
    """The years ``text`` prints as the year of its figures (comparisons left out)."""
    if not text:
        return []
    for _, comparison in vocabulary.patterns("comparison_year"):
        text = comparison.sub("", text)
    return [
        int(match.group("year"))
        for _, pattern in vocabulary.patterns(concept)
        for match in pattern.finditer(text)
    ]


def _mentions(table: ExtractedTable) -> list[tuple[int, str, str, int]]:
    page = table.page_first
    found = [(page, TITLE, table.title, y) for y in years_in(table.title, "year_mention")]
    for row in table.header_rows:
        for text in row:
            found += [(table.page_first, HEADER, text, y) for y in years_in(text, "header_year")]
    for r, row in enumerate(table.body_rows):
        page = table.row_pages[r] if r < len(table.row_pages) else table.page_first
        for text in row:
            if text and vocabulary.search("year_heading", text):
                found += [(page, HEADING, text, y) for y in years_in(text, "header_year")]
    return found


def printed_years_frame(document_id: str, tables: list[ExtractedTable]) -> pl.DataFrame:
    """The staging frame ``printed_years``: one row per (table, place, year) printed."""
    rows = []
    for table in tables:
        seen = set()
        for page, place, text, year in _mentions(table):
            if (place, year) not in seen:
                seen.add((place, year))
                rows.append(
                    (document_id, table_id(document_id, table.table_index), page, place, text,
                     year)
                )
    return pl.DataFrame(rows, schema=PRINTED_YEARS_SCHEMA, orient="row")
