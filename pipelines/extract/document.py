"""Extract one budget disclosure PDF: its tables, its text, who published it and for when.

pdfium (pypdfium2) parses every page: its text, whether it draws any lines (about a
millisecond a page), and, on pages that do, the characters and rules that pdfplumber's
table finder and word grouping then work on (:mod:`pipelines.extract.pdfium_objects`). A
page that draws no lines may still print a table without rules: its characters alone are
searched for one (:mod:`pipelines.extract.text_regions`).
pdfminer, pdfplumber's own pure-Python reader, never interprets a page: it was four fifths
of the time. A very big document can still have its pages read by several processes at
once (``page_workers``) when there are idle cores.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines import vocabulary
from pipelines.extract.cover import read_cover
from pipelines.extract.errors import DocumentError, gather_shares
from pipelines.extract.model import ExtractedDocument, PageText
from pipelines.extract.scanned import page_texts, read_scanned_layouts, scanned_pages
from pipelines.identity import document_id, sha256_of

if TYPE_CHECKING:
    from pipelines.extract.page import PageLayout

_MIN_TEXT_CHARS = 20
# A table page takes about 25 ms to read and a page reader process about 0.6 s to start
# (importing pdfplumber and pypdfium2): below this many pages per process, the start
# costs more than it saves.
_MIN_PAGES_PER_WORKER = 64
# A table printed without rules shows at least this many rows of amounts.
_MIN_TABLE_ROWS = 3
_MAX_TITLE_CHARS = 40


def check_file(path: Path) -> None:
    """Raise ``DocumentError`` if the file is empty or does not start as a PDF."""
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
        if "security" in text:
            raise DocumentError(
                "encrypted_pdf",
                f"encrypted with an unsupported security handler ({exc}); decrypt it first",
                document=path.name,
            ) from exc
        raise DocumentError(
            "corrupt_pdf", f"corrupt or truncated PDF ({exc})", document=path.name
        ) from exc


_READER_PACKAGES = ("pdfminer", "pdfplumber", "pypdfium2")


def _raised_by_reader(exc: BaseException) -> bool:
    """Whether the innermost frame of ``exc`` is in the PDF reader, not in our own code.

    pdfminer reports a broken content stream with many unrelated exception types
    (KeyError, struct.error, zlib.error …), so the type says little; where it was raised
    says whether the file or our code is at fault.
    """
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    parts = Path(tb.tb_frame.f_code.co_filename).parts
    return any(package in parts for package in _READER_PACKAGES)


def scan_pages(
    doc: pdfium.PdfDocument,
    on_table_page: Callable | None = None,
    on_text_page: Callable | None = None,
) -> tuple[list[str], list[bool]]:
    """Text of every page and whether the page draws any path (rules of a table).

    ``on_table_page(number, page, textpage)`` is called for each page that draws paths
    while pdfium has it loaded, so reading its tables does not load it again;
    ``on_text_page(number, page, textpage, text)`` likewise for each page that draws none
    (its tables, if any, are printed without rules).
    """
    texts, has_paths = [], []
    for number, page in enumerate(doc, start=1):
        textpage = page.get_textpage()
        texts.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
        paths = False
        for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
            paths = True
            break
        has_paths.append(paths)
        if paths and on_table_page is not None:
            on_table_page(number, page, textpage)
        elif not paths and on_text_page is not None:
            on_text_page(number, page, textpage, texts[-1])
        textpage.close()
        page.close()
    return texts, has_paths


def _may_print_table(text: str) -> bool:
    """Whether a page's text may hold a table printed without rules.

    pdfium's text puts a space between runs of text printed apart, so a table row without
    rules reads as words, one of them an amount. A page with three such lines, or a line
    that opens a table (a unit line, a short line naming a table: an empty table prints
    little else), is searched; most narrative pages are not, and their characters need not
    be placed at all.
    """
    from pipelines.clean.amounts import is_amount, unit_after_label

    rows = 0
    for line in text.split("\n"):
        words = line.split()
        if len(words) >= 2 and any(is_amount(w) for w in words):
            rows += 1
            if rows >= _MIN_TABLE_ROWS:
                return True
        compact = "".join(words)
        if unit_after_label(compact) or (
            len(compact) <= _MAX_TITLE_CHARS and vocabulary.search("table_word", compact)
        ):
            return True
    return False


def read_text_layout(pdfium_page, textpage, number: int, text: str) -> PageLayout | None:
    """The tables of a page that draws no rules, from its text alone; ``None`` if it has none.

    Such a page needs no pdfplumber page: pdfium's characters are placed as pdfplumber
    would place them, and most such pages (narrative) are done once their text or their
    lines show no rows of amounts in columns.
    """
    from pipelines.extract.pdfium_objects import page_chars, placement_of
    from pipelines.extract.text_regions import find_regions

    if not _may_print_table(text):
        return None
    placement, width, height = placement_of(pdfium_page)
    chars = page_chars(textpage, placement, number)
    if not find_regions(chars, [], width)[0]:
        return None
    from pipelines.extract.page import read_text_page  # pulls in pdfplumber, see read_pages

    return read_text_page(chars, number, width, height)


class _TextPageReader:
    """Reads the tables of each page without rules as the scan meets it.

    Always in this process (such pages are cheap); a failure is kept, as
    :class:`_TablePageReader` keeps one.
    """

    def __init__(self):
        self.layouts: list[PageLayout] = []
        self.error: Exception | None = None

    def __call__(self, number: int, page, textpage, text: str) -> None:
        if self.error is not None:
            return
        try:
            layout = read_text_layout(page, textpage, number, text)
        except (MemoryError, TimeoutError):
            raise
        except Exception as exc:
            self.error = exc
            return
        if layout is not None:
            self.layouts.append(layout)


def read_table_page(plumber_page, pdfium_page, textpage=None) -> PageLayout:
    """One page's layout: pdfplumber's page geometry, pdfium's characters and rules."""
    from pipelines.extract.page import read_page  # pulls in pdfplumber, see read_pages
    from pipelines.extract.pdfium_objects import load_objects

    load_objects(plumber_page, pdfium_page, textpage)
    layout = read_page(plumber_page, plumber_page.page_number)
    plumber_page.close()
    return layout


class _TablePageReader:
    """Reads each table page as the scan meets it, in this process.

    A failure is kept, not raised, and reading stops: the scan still finishes, so a
    document without a text layer or not a budget at all is reported as such first, as
    when its pages are read after the scan.
    """

    def __init__(self, path: Path, password: str | None):
        self.path = path
        self.password = password
        self.pdf = None
        self.layouts: list[PageLayout] = []
        self.error: Exception | None = None

    def __call__(self, number: int, page, textpage) -> None:
        if self.error is not None:
            return
        import pdfplumber  # see read_pages

        try:
            if self.pdf is None:
                self.pdf = pdfplumber.open(self.path, password=self.password or "")
            self.layouts.append(read_table_page(self.pdf.pages[number - 1], page, textpage))
        except (MemoryError, TimeoutError):
            raise
        except Exception as exc:
            self.error = exc

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def read_pages(path: str, password: str | None, numbers: list[int]) -> list[PageLayout]:
    """Layouts of the given pages (1-based numbers, ascending).

    pdfplumber's table finder and word grouping run on characters and rules read by pdfium
    (:mod:`pipelines.extract.pdfium_objects`); pdfminer only opens the document for
    pdfplumber's page geometry and never interprets a content stream.
    """
    # Imported here: pdfplumber is the heaviest import of the extract path, and the
    # refresh's coordinating process, which imports this module for sha256_of, never
    # reads a page.
    import pdfplumber

    doc = pdfium.PdfDocument(path, password=password)
    try:
        with pdfplumber.open(path, password=password or "", pages=numbers) as pdf:
            return [read_table_page(page, doc[page.page_number - 1]) for page in pdf.pages]
    finally:
        doc.close()


def _read_share(path: str, password: str | None, numbers: list[int]):
    """Worker side of :func:`read_layouts`: layouts, or what went wrong in plain data.

    An exception crossing the process boundary loses its traceback (which tells a broken
    file from a bug in our code) and :class:`DocumentError` does not unpickle, so the
    verdict is made here.
    """
    try:
        return read_pages(path, password, numbers), None
    except MemoryError:
        return None, ("memory", "", False)
    except Exception as exc:
        return None, (type(exc).__name__, str(exc), _raised_by_reader(exc))


def _die_with_parent() -> None:
    """Page reader initializer: Linux SIGKILLs this reader when its document's process dies.

    The same as ``pipelines.refresh.die_with_parent``, repeated here because importing the
    refresh module would load polars into every page reader.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def read_layouts(
    path: Path, password: str | None, numbers: list[int], page_workers: int = 1
) -> list[PageLayout]:
    """Layouts of the given pages, shared among up to ``page_workers`` processes.

    Pages are dealt round-robin (neighbouring pages cost alike, so every share costs about
    the same); this process reads the first share while the others read the rest. Spawned,
    not forked, for the same reason as the refresh pool; leaving the ``with`` block
    terminates the pool, so no reader outlives the document (error or timeout included).
    """
    workers = max(1, min(page_workers, len(numbers) // _MIN_PAGES_PER_WORKER))
    if workers == 1:
        return read_pages(str(path), password, numbers)
    shares = [numbers[i::workers] for i in range(workers)]
    with multiprocessing.get_context("spawn").Pool(workers - 1, _die_with_parent) as pool:
        pending = [pool.apply_async(_read_share, (str(path), password, s)) for s in shares[1:]]
        layouts = read_pages(str(path), password, shares[0])
        return gather_shares(pending, layouts, path, "page content")


def _require_text(texts: list[str], scanned: list[int], name: str) -> None:
    """Raise ``no_text_layer`` or ``not_budget_document`` for what the pages' texts say."""
    if sum(len(t.strip()) for t in texts) < _MIN_TEXT_CHARS:
        if scanned:
            read = sum(len(t.strip()) for i, t in enumerate(texts) if i + 1 in scanned)
            what = "nothing" if read == 0 else f"only {read} character{'s' * (read > 1)}"
            why = (
                f"OCR read {what} on its {len(scanned)} scanned pages "
                "(blank or unprinted pages, photos, or print too faint to read)"
            )
        else:
            why = "its pages hold neither text nor a scanned image"
        raise DocumentError("no_text_layer", f"no text layer, and {why}", document=name)
    if not any(vocabulary.search("budget_word", t) for t in texts[:3]):
        raise DocumentError(
            "not_budget_document",
            "not a budget disclosure: no 预算 title or budget year on its first pages",
            document=name,
        )


def extract_document(
    path: Path,
    *,
    password: str | None = None,
    page_workers: int = 1,
    on_scanned: Callable[[int], None] | None = None,
) -> ExtractedDocument:
    """Read every table and the text of one budget disclosure.

    Pages without a text layer that hold a scanned image are read by OCR
    (:mod:`pipelines.extract.scanned`), page by page, so a document may mix both.

    Args:
        path: The PDF.
        password: Its password, if encrypted.
        page_workers: Processes that may read its pages at once (give it idle cores only).
        on_scanned: Called with the number of scanned pages, before they are read (the
            refresh gives the document more time for them).

    Raises:
        DocumentError: the file is not a readable budget disclosure; the error says why.
    """
    path = Path(path)
    check_file(path)
    sha = sha256_of(path)
    doc = _open_pdfium(path, password)
    # A document too small to share among processes has its table pages read during the
    # scan, while pdfium has them loaded; a big one is scanned first, then shared.
    shared = page_workers > 1 and len(doc) >= 2 * _MIN_PAGES_PER_WORKER
    reader = None if shared else _TablePageReader(path, password)
    text_reader = _TextPageReader()
    try:
        texts, has_paths = scan_pages(doc, reader, text_reader)
        pdf_title = doc.get_metadata_dict().get("Title") or None
        scanned = scanned_pages(doc, texts)
    finally:
        doc.close()
        if reader is not None:
            reader.close()
    scanned_layouts: list[PageLayout] = []
    try:
        if scanned:
            if on_scanned is not None:
                on_scanned(len(scanned))

            def check_front(found: dict[int, str]) -> None:
                front = [found.get(i + 1, t) for i, t in enumerate(texts[:3])]
                if sum(len(t.strip()) for t in front) >= _MIN_TEXT_CHARS:
                    _require_text(front, scanned, path.name)

            scanned_layouts = read_scanned_layouts(
                path, password, scanned, page_workers, check_front
            )
            for number, text in page_texts(scanned_layouts).items():
                texts[number - 1] = text
        _require_text(texts, scanned, path.name)
        if reader is None:
            numbers = [i + 1 for i, paths in enumerate(has_paths) if paths]
            layouts = read_layouts(path, password, numbers, page_workers)
        elif reader.error is not None:
            raise reader.error
        else:
            layouts = reader.layouts
        if text_reader.error is not None:
            raise text_reader.error
        layouts = sorted(
            [layout for layout in layouts + text_reader.layouts if layout.page not in scanned]
            + scanned_layouts,
            key=lambda layout: layout.page,
        )
    except DocumentError:
        raise
    except (MemoryError, TimeoutError):  # the per-document bounds, reported by the caller
        raise
    except Exception as exc:
        if not _raised_by_reader(exc):
            raise  # a fault in our code: the caller reports it as internal_error
        raise DocumentError(
            "corrupt_pdf",
            f"cannot read page content ({type(exc).__name__}: {exc})",
            document=path.name,
        ) from exc
    from pipelines.extract.tables import assemble_tables  # pulls in pdfplumber, see read_pages

    tables = assemble_tables(layouts)
    if not any(t.table_type != "unknown" for t in tables):
        raise DocumentError(
            "no_known_tables",
            f"no budget table recognised ({len(tables)} tables found, none of a known type)",
            document=path.name,
        )
    cover = read_cover(texts, pdf_title, [t.title for t in tables])
    return ExtractedDocument(
        document_id=document_id(sha),
        file_name=path.name,
        sha256=sha,
        page_count=len(texts),
        title=pdf_title,
        department_name=cover.department_name,
        budget_year=cover.budget_year,
        document_kind=cover.document_kind,
        scope=cover.scope,
        tables=tables,
        pages=[PageText(i + 1, t) for i, t in enumerate(texts)],
        ocr_pages=len(scanned),
    )
