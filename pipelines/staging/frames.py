"""A document's staging rows: one Polars frame per entity, what dbt reads.

Every frame carries ``document_id``; the staging store (:mod:`pipelines.staging.store`)
replaces a document's rows of every entity at once. Nothing here reads or writes files.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from pipelines.clean.line_items import document_unit, line_items_frame, table_unit
from pipelines.clean.meaning import document_amount_kind
from pipelines.clean.narrative.frames import statements_frame
from pipelines.clean.project_links_frame import linked_names, project_links_frame
from pipelines.clean.projects import project_lines_frame, project_totals_frame, read_project_tables
from pipelines.clean.records import form_projects, target_forms, target_frames
from pipelines.clean.years import printed_years_frame
from pipelines.extract.cover import department_base_name, place_of
from pipelines.extract.model import ExtractedDocument
from pipelines.identity import table_id

ENTITIES = (
    "documents",
    "tables",
    "cells",
    "line_items",
    "printed_years",
    "page_texts",
    "performance_indicators",
    "performance_projects",
    "project_lines",
    "project_totals",
    "narrative_statements",
    "project_links",
)


def documents_frame(doc: ExtractedDocument, extracted_at: datetime) -> pl.DataFrame:
    """One row: the document's identity and provenance."""
    return pl.DataFrame(
        [
            {
                "document_id": doc.document_id,
                "sha256": doc.sha256,
                "page_count": doc.page_count,
                "pdf_title": doc.title,
                "department_name": doc.department_name,
                "department_base_name": department_base_name(doc.department_name),
                **place_of(doc.department_name),
                "budget_year": doc.budget_year,
                "document_kind": doc.document_kind,
                "amount_kind": document_amount_kind(doc.document_kind),
                "scope": doc.scope,
                "tables_found": len(doc.tables),
                "ocr_pages": doc.ocr_pages,
                "extracted_at": extracted_at,
            }
        ],
        schema={
            "document_id": pl.String,
            "sha256": pl.String,
            "page_count": pl.Int32,
            "pdf_title": pl.String,
            "department_name": pl.String,
            "department_base_name": pl.String,
            "province": pl.String,
            "city": pl.String,
            "county": pl.String,
            "budget_year": pl.Int32,
            "document_kind": pl.String,
            "amount_kind": pl.String,
            "scope": pl.String,
            "tables_found": pl.Int32,
            "ocr_pages": pl.Int32,
            "extracted_at": pl.Datetime("us", "UTC"),
        },
    )


def tables_frame(doc: ExtractedDocument) -> pl.DataFrame:
    """One row per logical table."""
    fallback = document_unit(doc.tables)
    units = {t.table_index: table_unit(t, fallback) for t in doc.tables}
    return pl.DataFrame(
        [
            {
                "document_id": doc.document_id,
                "table_id": table_id(doc.document_id, t.table_index),
                "table_index": t.table_index,
                "table_type": t.table_type,
                "title": t.title,
                "unit_printed": t.unit,
                "unit": units[t.table_index][0],
                "unit_source": units[t.table_index][1],
                "page_first": t.page_first,
                "page_last": t.page_last,
                "ruling": t.ruling,
                "is_empty": t.is_empty,
                "says_empty": t.says_empty,
                "note": t.note,
                "header_row_count": len(t.header_rows),
                "body_row_count": len(t.body_rows),
                "column_count": t.column_count,
                "column_paths": t.column_paths,
            }
            for t in doc.tables
        ],
        schema={
            "document_id": pl.String,
            "table_id": pl.String,
            "table_index": pl.Int32,
            "table_type": pl.String,
            "title": pl.String,
            "unit_printed": pl.String,
            "unit": pl.String,
            "unit_source": pl.String,
            "page_first": pl.Int32,
            "page_last": pl.Int32,
            "ruling": pl.String,
            "is_empty": pl.Boolean,
            "says_empty": pl.Boolean,
            "note": pl.String,
            "header_row_count": pl.Int32,
            "body_row_count": pl.Int32,
            "column_count": pl.Int32,
            "column_paths": pl.List(pl.String),
        },
    )


def cells_frame(doc: ExtractedDocument) -> pl.DataFrame:
    """Every printed cell, header and body, for provenance (None = merged position)."""
    rows = []
    for t in doc.tables:
        tid = table_id(doc.document_id, t.table_index)
        for r, row in enumerate(t.header_rows + t.body_rows):
            is_header = r < len(t.header_rows)
            body_r = r - len(t.header_rows)
            page = t.page_first if is_header else t.row_pages[body_r]
            for c, text in enumerate(row):
                rows.append((doc.document_id, tid, r, is_header, c, page, text))
    return pl.DataFrame(
        rows,
        schema={
            "document_id": pl.String,
            "table_id": pl.String,
            "row_index": pl.Int32,
            "is_header": pl.Boolean,
            "column_index": pl.Int32,
            "page": pl.Int32,
            "text": pl.String,
        },
        orient="row",
    )


def page_texts_frame(doc: ExtractedDocument) -> pl.DataFrame:
    """The running text of every page (narrative facts are read from it)."""
    return pl.DataFrame(
        [(doc.document_id, p.page, p.text) for p in doc.pages],
        schema={"document_id": pl.String, "page": pl.Int32, "text": pl.String},
        orient="row",
    )


def document_frames(doc: ExtractedDocument, extracted_at: datetime) -> dict[str, pl.DataFrame]:
    """All staging frames of one document, keyed by entity."""
    project_tables = read_project_tables(doc)
    project_lines = project_lines_frame(doc.document_id, project_tables)
    statements = statements_frame(doc.document_id, doc.pages)
    forms = target_forms(doc)
    # every link between a 项目支出表 row and a form's project or a listed item, made once;
    # a form that prints no usable name takes the name of the row it is linked to
    links = project_links_frame(doc.document_id, project_lines, form_projects(forms), statements)
    indicators, projects = target_frames(doc.document_id, forms, linked_names(links))
    return {
        "documents": documents_frame(doc, extracted_at),
        "tables": tables_frame(doc),
        "cells": cells_frame(doc),
        "line_items": line_items_frame(
            doc.document_id, doc.tables, doc.budget_year, doc.document_kind
        ),
        "printed_years": printed_years_frame(doc.document_id, doc.tables),
        "page_texts": page_texts_frame(doc),
        "performance_indicators": indicators,
        "performance_projects": projects,
        "project_lines": project_lines,
        "project_totals": project_totals_frame(doc.document_id, project_tables),
        "narrative_statements": statements,
        "project_links": links,
    }
