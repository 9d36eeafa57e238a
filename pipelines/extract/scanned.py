"""Scanned pages of a document: which pages need OCR, and reading them, on several cores.

A page is scanned when its text layer is (nearly) empty and an image covers most of it; a
document may mix text pages and scanned ones, and each page is read its own way. A scanned
page is read by :func:`pipelines.extract.ocr.reader.read_scanned_page` into the same
:class:`PageLayout` a text page gives (its table cells carry their OCR confidence), and its
running text (:func:`pipelines.extract.ocr.reader.page_text`) stands in for the text layer.

The OCR modules are imported only when a scanned page is met: numpy, OpenCV and onnxruntime
start threads, and the extraction workers' fork server must stay single-threaded
(:mod:`pipelines.workers`). A page costs seconds, not milliseconds as a text page does, so
the pages of one document are shared among ``page_workers`` processes from a few pages on;
the first pages are read first, in this process, so that a scan that is no budget at all is
told before the rest is read.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.extract.errors import gather_shares

if TYPE_CHECKING:
    from pipelines.extract.page import PageLayout

# A page with fewer characters than this in its text layer may be a scan (a scanner's page
# stamp, a digital page number).
MAX_SCAN_TEXT_CHARS = 20
# ... when one image covers at least this share of the page (a logo on a cover does not).
MIN_IMAGE_SHARE = 0.5
# Pages read before the others, whose text must show a budget (see extract_document).
FRONT_PAGES = 3
# A scanned page takes 1.5–5 s to read and a reader process 2–3 s to start (importing
# numpy, OpenCV and onnxruntime, loading the model): below this many pages per process,
# another process saves nothing.
MIN_PAGES_PER_WORKER = 3
# Time a scanned page may add to a document's extraction bound (the refresh's --timeout is
# for reading text PDFs; a 200-page scan would never fit in it).
SECONDS_PER_PAGE = 10.0


def is_scanned(page: pdfium.PdfPage, text: str) -> bool:
    """Whether a page is an image to read by OCR: no text to speak of, a page-sized image."""
    if len("".join(text.split())) >= MAX_SCAN_TEXT_CHARS:
        return False
    width, height = page.get_size()
    area = width * height
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if area > 0 and (right - left) * (top - bottom) >= MIN_IMAGE_SHARE * area:
            return True
    return False


def scanned_pages(doc: pdfium.PdfDocument, texts: list[str]) -> list[int]:
    """1-based numbers of the pages to read by OCR (only pages with little text are loaded)."""
    out = []
    for number, text in enumerate(texts, start=1):
        if len("".join(text.split())) >= MAX_SCAN_TEXT_CHARS:
            continue
        page = doc[number - 1]
        try:
            if is_scanned(page, text):
                out.append(number)
        finally:
            page.close()
    return out


def read_scanned_pages(
    path: str, password: str | None, numbers: Iterable[int]
) -> list[PageLayout]:
    """OCR layouts of the given pages (1-based), in this process."""
    numbers = iter(numbers)
    first = next(numbers, None)
    if first is None:  # nothing left to read: spare the imports and the model
        return []
    from pipelines.extract.ocr.reader import read_scanned_page  # starts threads: see module

    doc = pdfium.PdfDocument(path, password=password)
    try:
        layouts = []
        for number in itertools.chain([first], numbers):
            page = doc[number - 1]
            try:
                layouts.append(read_scanned_page(page, number))
            finally:
                page.close()
        return layouts
    finally:
        doc.close()


# The index of the next page to read, shared by the processes reading one document's pages:
# each takes the next page when it is done with one, so none waits while another has a
# queue of slow pages, and a process that starts late simply reads fewer.
_counter = None


def _start_reader(counter) -> None:
    """Page reader initializer: die with the document's process; share its page counter."""
    from pipelines.extract.document import _die_with_parent

    global _counter
    _die_with_parent()
    _counter = counter


def _take(counter, numbers: list[int]) -> Iterator[int]:
    """The pages of ``numbers`` no process has taken yet, one at a time."""
    while True:
        with counter.get_lock():
            k = counter.value
            counter.value = k + 1
        if k >= len(numbers):
            return
        yield numbers[k]


def _read_share(path: str, password: str | None, numbers: list[int]):
    """Worker side of :func:`read_scanned_layouts`: layouts, or the failure as plain data."""
    from pipelines.extract.document import _raised_by_reader

    try:
        return read_scanned_pages(path, password, _take(_counter, numbers)), None
    except MemoryError:
        return None, ("memory", "", False)
    except Exception as exc:
        return None, (type(exc).__name__, str(exc), _raised_by_reader(exc))


def page_texts(layouts: list[PageLayout]) -> dict[int, str]:
    """The running text of each OCR'd page, by page number."""
    from pipelines.extract.ocr.reader import page_text

    return {layout.page: page_text(layout) for layout in layouts}


def read_scanned_layouts(
    path: Path,
    password: str | None,
    numbers: list[int],
    page_workers: int = 1,
    check_front: Callable[[dict[int, str]], None] | None = None,
) -> list[PageLayout]:
    """OCR layouts of the given pages, shared among up to ``page_workers`` processes.

    This process reads the front pages (the first :data:`FRONT_PAGES` of the document)
    first and hands their texts to ``check_front``, which may raise to stop the reading (a
    scan that is no budget); the other processes, spawned as for
    :func:`pipelines.extract.document.read_layouts`, start on the other pages meanwhile,
    and every process takes the next page not yet taken. Leaving the ``with`` block
    terminates them, error or timeout included.
    """
    front = [n for n in numbers if n <= FRONT_PAGES]
    rest = [n for n in numbers if n > FRONT_PAGES]
    workers = max(1, min(page_workers, len(numbers) // MIN_PAGES_PER_WORKER))
    context = multiprocessing.get_context("spawn")
    counter = context.Value("l", 0)

    def read_here() -> list[PageLayout]:
        layouts = read_scanned_pages(str(path), password, front)
        if check_front is not None and front:
            check_front(page_texts(layouts))
        return layouts + read_scanned_pages(str(path), password, _take(counter, rest))

    if workers == 1 or not rest:
        return read_here()
    with context.Pool(workers - 1, _start_reader, (counter,)) as pool:
        pending = [
            pool.apply_async(_read_share, (str(path), password, rest)) for _ in range(workers - 1)
        ]
        return gather_shares(pending, read_here(), path, "a scanned page")
