"""Per-document staging Parquet: what dbt reads.

Layout: ``<staging>/<entity>/<document_id>.parquet``. One file per document and entity
means a changed document rewrites only its own files and a removed one deletes them; dbt
reads each entity with a glob. Files are written to a temporary name and renamed, so a
reader never sees half a file.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.clean.line_items import line_items_frame, table_id
from pipelines.clean.narrative import narrative_facts_frame
from pipelines.clean.narrative_projects import narrative_projects_frame
from pipelines.clean.profile import profile_facts_frame
from pipelines.clean.projects import project_lines_frame
from pipelines.clean.records import performance_frames
from pipelines.extract.model import ExtractedDocument
from pipelines.staging.version import extractor_version

ENTITIES = (
    "documents",
    "tables",
    "cells",
    "line_items",
    "page_texts",
    "performance_indicators",
    "performance_projects",
    "project_lines",
    "profile_facts",
    "narrative_facts",
    "narrative_projects",
)


def documents_frame(doc: ExtractedDocument, extracted_at: datetime) -> pl.DataFrame:
    """One row: the document's identity and provenance."""
    return pl.DataFrame(
        [
            {
                "document_id": doc.document_id,
                "file_name": doc.file_name,
                "sha256": doc.sha256,
                "page_count": doc.page_count,
                "pdf_title": doc.title,
                "department_name": doc.department_name,
                "budget_year": doc.budget_year,
                "tables_found": len(doc.tables),
                "extracted_at": extracted_at,
                "extractor_version": extractor_version(),
            }
        ],
        schema={
            "document_id": pl.String,
            "file_name": pl.String,
            "sha256": pl.String,
            "page_count": pl.Int32,
            "pdf_title": pl.String,
            "department_name": pl.String,
            "budget_year": pl.Int32,
            "tables_found": pl.Int32,
            "extracted_at": pl.Datetime("us", "UTC"),
            "extractor_version": pl.String,
        },
    )


def tables_frame(doc: ExtractedDocument) -> pl.DataFrame:
    """One row per logical table."""
    return pl.DataFrame(
        [
            {
                "document_id": doc.document_id,
                "table_id": table_id(doc.document_id, t.table_index),
                "table_index": t.table_index,
                "table_type": t.table_type,
                "title": t.title,
                "unit": t.unit,
                "page_first": t.page_first,
                "page_last": t.page_last,
                "ruling": t.ruling,
                "is_empty": t.is_empty,
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
            "unit": pl.String,
            "page_first": pl.Int32,
            "page_last": pl.Int32,
            "ruling": pl.String,
            "is_empty": pl.Boolean,
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
    indicators, projects = performance_frames(doc)
    project_lines = project_lines_frame(doc)
    return {
        "documents": documents_frame(doc, extracted_at),
        "tables": tables_frame(doc),
        "cells": cells_frame(doc),
        "line_items": line_items_frame(doc.document_id, doc.tables, doc.budget_year),
        "page_texts": page_texts_frame(doc),
        "performance_indicators": indicators,
        "performance_projects": projects,
        "project_lines": project_lines,
        "profile_facts": profile_facts_frame(doc),
        "narrative_facts": narrative_facts_frame(doc.document_id, doc.pages),
        "narrative_projects": narrative_projects_frame(doc.document_id, doc.pages, project_lines),
    }


def write_frames(document_id: str, frames: dict[str, pl.DataFrame], staging_dir: Path) -> None:
    """Write a document's frames, each atomically (temp file + rename)."""
    for entity, frame in frames.items():
        folder = Path(staging_dir) / entity
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{document_id}.parquet"
        tmp = folder / f".{document_id}.parquet.tmp"
        frame.write_parquet(tmp)
        os.replace(tmp, final)


def stage_document(
    doc: ExtractedDocument, staging_dir: Path, extracted_at: datetime | None = None
) -> dict[str, int]:
    """Clean one extracted document and write its staging files; returns row counts."""
    frames = document_frames(doc, extracted_at or datetime.now(UTC))
    write_frames(doc.document_id, frames, staging_dir)
    return {entity: frame.height for entity, frame in frames.items()}


def remove_document(document_id: str, staging_dir: Path) -> None:
    """Delete a document's staging files (the file left the raw folder)."""
    for entity in ENTITIES:
        path = Path(staging_dir) / entity / f"{document_id}.parquet"
        path.unlink(missing_ok=True)
