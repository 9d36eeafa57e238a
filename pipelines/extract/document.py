"""Extract one budget disclosure PDF: its tables, its text, who published it and for when.

Two readers, each for what it does best: pypdfium2 reads every page's text and tells which
pages draw any lines (about a millisecond a page), and pdfplumber reads cell grids only on
those pages, which is where nearly all the time goes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.extract.errors import DocumentError
from pipelines.extract.model import ExtractedDocument, PageText
from pipelines.extract.page import read_page
from pipelines.extract.tables import assemble_tables

_YEAR_TITLE = re.compile(r"(20\d{2})\s*年\s*度?\s*(部门|单位)?\s*(预算|预算公开)")
_DEPARTMENT_FIELD = re.compile(
    r"(?:部门|单位|部门（单位）|部门\(单位\)|预算单位)名称\s*[:：]\s*([^\s:：]{2,40})"
)
_MIN_TEXT_CHARS = 20
_BUDGET_WORDS = re.compile(r"预算")


def sha256_of(path: Path) -> str:
    """Content hash that identifies a document (a new mtime alone changes nothing)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalise_department(name: str) -> str:
    """Department name with full-width parentheses and no spaces, as the body text prints."""
    name = re.sub(r"\s+", "", name)
    return name.replace("(", "（").replace(")", "）")


def read_identity(first_pages: list[str], pdf_title: str | None) -> tuple[str | None, int | None]:
    """Department name and budget year from the cover (or the PDF title, or a table header)."""
    for text in [*first_pages[:2], pdf_title or ""]:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for i, line in enumerate(lines):
            match = _YEAR_TITLE.search(line)
            if not match:
                continue
            year = int(match.group(1))
            before = line[: match.start()].strip()
            if before:
                return normalise_department(before), year
            if i > 0:
                return normalise_department(lines[i - 1]), year
            return None, year
    return None, None


def year_from_titles(titles: list[str]) -> int | None:
    """The budget year most table titles print (``2024年预算收支总表``), when the cover has none."""
    years = [int(y) for t in titles for y in re.findall(r"(20\d{2})\s*年", t)]
    return max(set(years), key=years.count) if years else None


def _department_from_tables(pages: list[str]) -> str | None:
    for text in pages:
        match = _DEPARTMENT_FIELD.search(text)
        if match:
            return normalise_department(match.group(1))
    return None


def _check_header(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise DocumentError("empty_file", "the file is empty (0 bytes)", document=path.name)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise DocumentError(
            "not_pdf", "not a PDF: the file does not start with a %PDF header", document=path.name
        )


def _open_pdfium(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            why = "wrong password given" if password else "no password given"
            raise DocumentError(
                "encrypted_pdf",
                f"encrypted PDF ({why}); add its password to the passwords file",
                document=path.name,
            ) from exc
        raise DocumentError(
            "corrupt_pdf", f"corrupt or truncated PDF ({exc})", document=path.name
        ) from exc


def scan_pages(doc: pdfium.PdfDocument) -> tuple[list[str], list[bool]]:
    """Text of every page and whether the page draws any path (rules of a table)."""
    texts, has_paths = [], []
    for page in doc:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
        paths = False
        for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
            paths = True
            break
        has_paths.append(paths)
        textpage.close()
        page.close()
    return texts, has_paths


def extract_document(path: Path, *, password: str | None = None) -> ExtractedDocument:
    """Read every table and the text of one budget disclosure.

    Raises:
        DocumentError: the file is not a readable budget disclosure; the error says why.
    """
    path = Path(path)
    _check_header(path)
    sha = sha256_of(path)
    doc = _open_pdfium(path, password)
    try:
        texts, has_paths = scan_pages(doc)
        pdf_title = doc.get_metadata_dict().get("Title") or None
    finally:
        doc.close()
    if sum(len(t.strip()) for t in texts) < _MIN_TEXT_CHARS:
        raise DocumentError(
            "no_text_layer",
            "no text layer: the PDF looks scanned (images only); run OCR first",
            document=path.name,
        )
    department, year = read_identity(texts, pdf_title)
    if year is None and not any(_BUDGET_WORDS.search(t) for t in texts[:3]):
        raise DocumentError(
            "not_budget_document",
            "not a budget disclosure: no 预算 title or budget year on its first pages",
            document=path.name,
        )
    layouts = []
    try:
        with pdfplumber.open(str(path), password=password or "") as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if has_paths[number - 1]:
                    layouts.append(read_page(page, number))
                page.close()
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on broken streams
        raise DocumentError(
            "corrupt_pdf", f"cannot read page content ({type(exc).__name__}: {exc})",
            document=path.name,
        ) from exc
    tables = assemble_tables(layouts)
    if not any(t.table_type != "unknown" for t in tables):
        raise DocumentError(
            "no_known_tables",
            f"no budget table recognised ({len(tables)} tables found, none of a known type)",
            document=path.name,
        )
    department = department or _department_from_tables(texts)
    year = year or year_from_titles([t.title for t in tables])
    return ExtractedDocument(
        document_id=path.stem,
        file_name=path.name,
        sha256=sha,
        page_count=len(texts),
        title=pdf_title,
        department_name=department,
        budget_year=year,
        tables=tables,
        pages=[PageText(i + 1, t) for i, t in enumerate(texts)],
    )
