"""Errors that describe what is wrong with one document, never with the pipeline.

A refresh records these per document (``document_status``) and carries on with the rest.
"""

from __future__ import annotations

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
