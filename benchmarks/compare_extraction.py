"""Compare extracted tables with the corpus cell ground truth (../shared/corpus/*.tables.json).

Usage: uv run python benchmarks/compare_extraction.py [--verbose]

Prints, per document, how many ground-truth tables were found with the same header and body
cells (whitespace ignored), and any difference in title, unit, last page or header size.
This is the correctness bar for every change to the extraction.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pipelines.extract.document import extract_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def norm_rows(rows):
    return [tuple(re.sub(r"\s+", "", c) if c is not None else None for c in r) for r in rows]


def compare_meta(doc_id, truth, got) -> None:
    same = (
        got.title.replace(" ", "") == truth["title"].replace(" ", ""),
        got.unit == truth["unit"],
        got.page_last == truth["page_last"],
        len(got.header_rows) == len(truth["header_rows"]),
    )
    if not all(same):
        print(f"  META {doc_id} p{truth['page_first']}: title {truth['title']!r}/{got.title!r} "
              f"unit {truth['unit']}/{got.unit} last page {truth['page_last']}/{got.page_last} "
              f"header rows {len(truth['header_rows'])}/{len(got.header_rows)}")


def show_diff(truth, got) -> None:
    a = norm_rows(truth["header_rows"] + truth["body_rows"])
    b = norm_rows(got.header_rows + got.body_rows)
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else None
        rb = b[i] if i < len(b) else None
        if ra != rb:
            print("     truth", ra)
            print("     got  ", rb)


def main() -> None:
    verbose = "--verbose" in sys.argv
    total = exact = 0
    for truth_file in sorted(CORPUS.glob("*.tables.json")):
        doc_id = truth_file.name.removesuffix(".tables.json")
        truth_tables = json.loads(truth_file.read_text("utf-8"))
        doc = extract_document(ROOT / "data" / "raw" / f"{doc_id}.pdf")
        ok = 0
        for t in truth_tables:
            candidates = [x for x in doc.tables if x.page_first == t["page_first"]]
            want = norm_rows(t["header_rows"] + t["body_rows"])
            match = next(
                (x for x in candidates if norm_rows(x.header_rows + x.body_rows) == want), None
            )
            if match is not None:
                ok += 1
                compare_meta(doc_id, t, match)
                continue
            print(f"  MISS {doc_id} {t['title']} p{t['page_first']}")
            if verbose and candidates:
                show_diff(t, candidates[0])
        total += len(truth_tables)
        exact += ok
        print(f"{doc_id}: {ok}/{len(truth_tables)} tables exact; extracted {len(doc.tables)}; "
              f"department={doc.department_name} year={doc.budget_year}")
    print(f"all: {exact}/{total} tables exact")


if __name__ == "__main__":
    main()
