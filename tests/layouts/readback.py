"""Check a rendering: every placed cell, read back from the PDF inside its box, is its text.

This tells renderer bugs from pipeline misreadings. If pdfium reads each cell's own
rectangle back as the cell's text (whitespace aside: wrapped lines), the PDF prints what the
layout meant; a pipeline that then gets a fact wrong misread it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from tests.layouts.pdf import Page

_WS = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """Text without whitespace."""
    return _WS.sub("", text or "")


def misread_cells(pdf: bytes | Path, pages: Sequence[Page], limit: int = 20) -> list[str]:
    """Cells (up to ``limit``) whose box does not read back as their text, described."""
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    out: list[str] = []
    try:
        if len(doc) != len(pages):
            return [f"{len(doc)} pages in the PDF, {len(pages)} rendered"]
        for number, page in enumerate(pages):
            if not page.cells:
                continue
            textpage = doc[number].get_textpage()
            for cell in page.cells:
                x0, bottom, x1, top = cell.box
                got = textpage.get_text_bounded(x0 + 0.5, bottom + 0.5, x1 - 0.5, top - 0.5)
                if squash(got) != squash(cell.text):
                    out.append(f"page {number + 1} {cell.table} {cell.part}: "
                               f"{cell.text!r} read as {got!r}")
                    if len(out) >= limit:
                        return out
    finally:
        doc.close()
    return out


def page_texts(pdf: bytes | Path) -> list[str]:
    """Every page's text as pdfium reads it (the way the pipeline starts)."""
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [doc[i].get_textpage().get_text_bounded() for i in range(len(doc))]
    finally:
        doc.close()
