"""Whole scanned documents through extraction: seconds per document, pages per second, CPU.

Usage: uv run python benchmarks/scanned.py [--docs haidong-shebao-2024 ...] [--page-workers 2]
       [--scans DIR] [--repeats 1] [--no-mixed]

Each bundled document is scanned whole the way ``tests/scans.py`` does it (grey 200 dpi,
tilted −1.2° … 1.5°, specks, JPEG, image-only PDF) and extracted with
``extract_document(page_workers=N)`` — as a refresh extracts a lone document: its scanned
pages shared among N processes (N = the cores by default), so every core reads one
document. A mixed document (the first one with every even page scanned) shows that only the
pages without text are read by OCR. Printed per document: pages, OCR'd pages, wall seconds,
pages per wall second, CPU seconds of this process and its page readers, the cores kept
busy (CPU s / wall s), CPU seconds per OCR'd page, and the same document as a text PDF; then
peak memory and the load average, which the wall times depend on (CPU seconds much less).
Scans are made in a temporary folder unless ``--scans`` names one to keep them in (the time
to make them is printed, and not counted).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract.document import extract_document  # noqa: E402
from tests.scans import write_mixed_pdf, write_scanned_pdf  # noqa: E402

RAW = ROOT / "data" / "raw"
DOCS = [
    "haidong-shebao-2024",
    "changchun-shebaoju-2021",
    "changchun-shebaoju-2024",
    "fenyang-shebao-2024",
]
TILTS = [0.8, -1.2, 0.5, 1.5, -0.4, 0.0, -0.9]


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(path: Path, page_workers: int) -> tuple[float, float, int, int]:
    """(wall s, CPU s, pages, OCR'd pages) of one extraction."""
    cpu, start = cpu_seconds(), time.perf_counter()
    doc = extract_document(path, page_workers=page_workers)
    return time.perf_counter() - start, cpu_seconds() - cpu, doc.page_count, doc.ocr_pages


def make_scans(folder: Path, docs: list[str], mixed: bool) -> list[tuple[str, Path, Path]]:
    """(name, scan, text PDF) of each document to measure, scanning what is not there yet."""
    out = []
    for name in docs:
        scan = folder / f"{name}.pdf"
        if not scan.exists():
            write_scanned_pdf(RAW / f"{name}.pdf", scan, tilts=TILTS)
        out.append((name, scan, RAW / f"{name}.pdf"))
    if mixed and docs:
        name = f"{docs[0]}-even-pages-scanned"
        scan = folder / f"{name}.pdf"
        if not scan.exists():
            pages = extract_document(RAW / f"{docs[0]}.pdf").page_count
            write_mixed_pdf(RAW / f"{docs[0]}.pdf", scan, list(range(2, pages + 1, 2)),
                            tilts=TILTS)
        out.append((name, scan, RAW / f"{docs[0]}.pdf"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*", default=DOCS)
    parser.add_argument("--page-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scans", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--no-mixed", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="budgetwh-scans-") as temporary:
        folder = args.scans or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        documents = make_scans(folder, args.docs, not args.no_mixed)
        print(f"scans ready in {time.perf_counter() - start:.0f} s ({folder})")
        run(documents, args.page_workers, args.repeats)


def run(documents: list[tuple[str, Path, Path]], page_workers: int, repeats: int) -> None:
    """Measure each document and print the table (markdown)."""
    print(f"page workers {page_workers}; load average before {os.getloadavg()[0]:.2f}")
    print(
        "| document | pages | OCR'd | wall s | pages/s | CPU s | cores busy | CPU s/OCR'd page "
        "| text PDF wall s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    totals = [0.0, 0.0, 0, 0]
    for name, scan, text in documents:
        runs = [measure(scan, page_workers) for _ in range(repeats)]
        wall, cpu, pages, ocr = sorted(runs)[len(runs) // 2]
        text_wall = measure(text, 1)[0]
        if ocr == pages:  # the corpus total counts whole scans only
            totals[0] += wall
            totals[1] += cpu
            totals[2] += pages
            totals[3] += ocr
        print(
            f"| {name} | {pages} | {ocr} | {wall:.1f} | {pages / wall:.2f} | {cpu:.1f} | "
            f"{cpu / wall:.2f} | {cpu / max(ocr, 1):.2f} | {text_wall:.2f} |",
            flush=True,
        )
    wall, cpu, pages, ocr = totals
    if pages:
        print(
            f"| all whole scans | {pages} | {ocr} | {wall:.1f} | {pages / wall:.2f} | "
            f"{cpu:.1f} | {cpu / wall:.2f} | {cpu / max(ocr, 1):.2f} | |"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: this process {own:.0f} MB, largest page reader {helper:.0f} MB")
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
