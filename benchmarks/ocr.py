"""OCR of scanned table pages: accuracy against the cell truth, time and memory per page.

Usage: uv run python benchmarks/ocr.py [--dpi 200] [--docs haidong-shebao-2024 ...]
       [--max-pages N] [--threads 1]

Every page that holds a table of ``../shared/corpus/*.tables.json`` is scanned the way
``tests/scans.py`` does it (grey 200 dpi, tilted by −1.2° … 1.5°, specks, JPEG), read with
``read_scanned_page``, assembled by ``tables.assemble_tables`` and compared cell by cell
with the truth. Printed: exact amount cells, every wrong amount with its confidence,
labels equal up to spacing and bracket width, wall and CPU seconds per page, peak RSS.

The assembled table keeps only texts, so a cell's confidence is taken from the page's
fragment by position when the table is its page's only fragment; otherwise it is looked
up on the page its row came from by its text, and when that text occurs more than once
there, a wrong cell takes the highest confidence and a right one the lowest, so both
counts err on the side of the claim under test.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extract.ocr import engine  # noqa: E402
from pipelines.extract.ocr.normalise import CONFIDENCE_THRESHOLD  # noqa: E402
from pipelines.extract.ocr.reader import DPI, read_scanned_page  # noqa: E402
from pipelines.extract.tables import assemble_tables  # noqa: E402
from tests.scans import write_scanned_pdf  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
RAW = ROOT / "data" / "raw"
TILTS = [0.8, -1.2, 0.5, 1.5, -0.6]
_AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+\.\d+$|^[-−]?\d+$")


def key(text: str | None) -> str:
    """Label comparison key: no whitespace, one width of brackets and colons."""
    return re.sub(r"\s+", "", text or "").translate(str.maketrans("（）：", "():"))


def confidences_by_text(layouts) -> dict[tuple[int, str], list[float]]:
    out: dict[tuple[int, str], list[float]] = {}
    for layout in layouts:
        for frag in layout.fragments:
            for cell in frag.grid.cells:
                out.setdefault((layout.page, cell.text), []).append(cell.confidence)
    return out


def positional_confidences(layouts, table) -> dict[tuple[int, int], float] | None:
    """Each cell's confidence by position, for a table that is its page's only fragment."""
    if table.page_first != table.page_last:
        return None
    frags = [f for lay in layouts if lay.page == table.page_first for f in lay.fragments]
    rows = len(table.header_rows) + len(table.body_rows)
    if len(frags) != 1 or frags[0].grid.n_cols != table.column_count:
        return None
    offset = frags[0].grid.n_rows - rows
    return {(c.row - offset, c.col): c.confidence for c in frags[0].grid.cells}


def run_document(doc_id: str, dpi: int, max_pages: int | None, stats: dict) -> None:
    truth = json.loads((CORPUS / f"{doc_id}.tables.json").read_text(encoding="utf-8"))
    pages = sorted({p for t in truth for p in range(t["page_first"], t["page_last"] + 1)})
    if max_pages:
        pages = pages[:max_pages]
    with tempfile.TemporaryDirectory() as tmp:
        scan = write_scanned_pdf(RAW / f"{doc_id}.pdf", Path(tmp) / "scan.pdf", pages, tilts=TILTS)
        doc = pdfium.PdfDocument(str(scan))
        layouts = []
        for i, number in enumerate(pages):
            wall, cpu = time.perf_counter(), time.process_time()
            layouts.append(read_scanned_page(doc[i], number, dpi=dpi))
            stats["wall"] += time.perf_counter() - wall
            stats["cpu"] += time.process_time() - cpu
            stats["pages"] += 1
        doc.close()
    conf = confidences_by_text(layouts)
    remaining = list(truth)
    for table in assemble_tables(layouts):
        match = [
            t
            for t in remaining
            if t["page_first"] == table.page_first and key(t["title"]) == key(table.title)
        ]
        if not match:
            stats["unmatched"].append((doc_id, table.page_first, table.title))
            continue
        want = match[0]
        remaining.remove(want)
        stats["tables"] += 1
        if table.unit != want["unit"]:
            stats["unit_wrong"].append((doc_id, table.page_first, table.unit, want["unit"]))
        got_rows = table.header_rows + table.body_rows
        want_rows = want["header_rows"] + want["body_rows"]
        pages_of = [table.page_first] * len(table.header_rows) + table.row_pages
        if len(got_rows) != len(want_rows) or any(
            len(g) != len(w) for g, w in zip(got_rows, want_rows, strict=False)
        ):
            stats["shape_wrong"].append((doc_id, table.page_first, table.title))
            continue
        exact_conf = positional_confidences(layouts, table)
        for r, (got_row, want_row, page) in enumerate(
            zip(got_rows, want_rows, pages_of, strict=True)
        ):
            for c, (got, text) in enumerate(zip(got_row, want_row, strict=True)):
                if not text or not text.strip():
                    continue
                if exact_conf is not None and (r, c) in exact_conf:
                    found = [exact_conf[(r, c)]]
                else:
                    found = conf.get((page, got or ""), [])
                if _AMOUNT.match(text.strip()):
                    stats["amounts"] += 1
                    if got == text:
                        stats["exact"] += 1
                        if found:
                            stats["exact_conf"].append(min(found))
                        if found and min(found) < CONFIDENCE_THRESHOLD:
                            stats["doubted"].append((doc_id, page, text, min(found)))
                    else:
                        stats["wrong"].append(
                            (doc_id, page, text, got, max(found) if found else None)
                        )
                else:
                    stats["labels"] += 1
                    if key(got) == key(text):
                        stats["labels_ok"] += 1
                        stats["labels_exact"] += got == text
                    else:
                        stats["labels_wrong"].append((doc_id, page, text, got))
    stats["missed_tables"] += [(doc_id, t["page_first"], t["title"]) for t in remaining]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=DPI)
    parser.add_argument("--docs", nargs="*", default=None)
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    engine.set_threads(args.threads)
    start = time.perf_counter()
    engine.recogniser()
    load = time.perf_counter() - start
    stats: dict = {
        "wall": 0.0, "cpu": 0.0, "pages": 0, "tables": 0, "amounts": 0, "exact": 0,
        "labels": 0, "labels_ok": 0, "labels_exact": 0, "wrong": [], "doubted": [],
        "labels_wrong": [], "unmatched": [], "missed_tables": [], "unit_wrong": [],
        "shape_wrong": [], "exact_conf": [],
    }  # fmt: skip
    docs = args.docs or sorted(p.name.removesuffix(".tables.json") for p in CORPUS.glob("*.json"))
    for doc_id in docs:
        run_document(doc_id, args.dpi, args.max_pages, stats)
    pages = max(stats["pages"], 1)
    flagged = [w for w in stats["wrong"] if w[4] is not None and w[4] < CONFIDENCE_THRESHOLD]
    print(f"dpi {args.dpi}, {args.threads} thread(s), model load {load:.2f} s")
    print(
        f"pages {stats['pages']}: {stats['wall'] / pages:.2f} s wall, "
        f"{stats['cpu'] / pages:.2f} s CPU per page; peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(f"tables compared {stats['tables']}; shape differs: {stats['shape_wrong']}")
    print(f"not found: {stats['missed_tables']}; extra: {stats['unmatched']}")
    print(f"units wrong: {stats['unit_wrong']}")
    print(
        f"amount cells exact {stats['exact']}/{stats['amounts']} "
        f"({stats['exact'] / max(stats['amounts'], 1):.2%}); wrong {len(stats['wrong'])}, "
        f"of them flagged (confidence < {CONFIDENCE_THRESHOLD}) {len(flagged)}"
    )
    for wrong in stats["wrong"]:
        print("   wrong amount:", wrong)
    print(f"exact amounts with a confidence below the threshold: {len(stats['doubted'])}")
    ranked = sorted(stats["exact_conf"])
    if ranked:
        shares = (0.01, 0.05, 0.1, 0.2, 0.5)
        cuts = ", ".join(f"{q:.0%} {ranked[int(q * (len(ranked) - 1))]:.3f}" for q in shares)
        print(f"confidence of exact amounts at percentiles: {cuts}")
    print(
        f"labels equal up to spacing/bracket width {stats['labels_ok']}/{stats['labels']}, "
        f"character-exact {stats['labels_exact']}"
    )
    for wrong in stats["labels_wrong"]:
        print("   wrong label:", wrong)


if __name__ == "__main__":
    main()
