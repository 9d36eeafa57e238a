"""Errors that describe what is wrong with one document, never with the pipeline.

A refresh records these per document (``document_status``) and carries on with the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ERROR_KINDS = (
    "empty_file",
    "not_pdf",
    "corrupt_pdf",
    "encrypted_pdf",
    "no_text_layer",
    "not_budget_document",
    "no_known_tables",
    "timeout",
    "memory_limit",
    "crashed",
    "internal_error",
)


class DocumentError(Exception):
    """A document that cannot be loaded, with a machine-readable kind and a clear reason."""

    def __init__(self, kind: str, message: str, *, document: str | None = None) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown document error kind {kind!r}")
        self.kind = kind
        self.message = message
        self.document = document
        super().__init__(f"{document}: {message}" if document else message)


def gather_shares(pending: list[Any], layouts: list, path: str | Path, what: str) -> list:
    """``layouts`` with the pages other processes read (their ``AsyncResult``s), in page order.

    A process that read its share returns ``(layouts, None)``; one that failed returns
    ``(None, (exception name, message, raised by the PDF reader))``. A failure of the PDF
    reader is the file's (``corrupt_pdf``, naming ``what`` could not be read); running out
    of memory is the document's bound; anything else is a fault of the pipeline.
    """
    for result in pending:
        share, failure = result.get()
        if failure is None:
            layouts.extend(share)
            continue
        name, message, by_reader = failure
        if name == "memory":
            raise MemoryError
        if by_reader:
            raise DocumentError(
                "corrupt_pdf", f"cannot read {what} ({name}: {message})",
                document=Path(path).name,
            )
        raise RuntimeError(f"reader of {what} failed: {name}: {message}")
    return sorted(layouts, key=lambda layout: layout.page)
