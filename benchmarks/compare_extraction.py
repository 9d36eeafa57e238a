"""Compare extracted tables with the corpus cell ground truth (../shared/corpus/*.tables.json).

Usage: uv run python scripts/compare_extraction.py [--verbose]
Prints, per document, how many ground-truth tables were found with the same title, pages,
header and body cells (whitespace ignored).
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


def main() -> None:
    verbose = "--verbose" in sys.argv
    for truth_file in sorted(CORPUS.glob("*.tables.json")):
        doc_id = truth_file.name.removesuffix(".tables.json")
        truth = json.loads(truth_file.read_text("utf-8"))
        doc = extract_document(ROOT / "data" / "raw" / f"{doc_id}.pdf")
        ok = 0
        for t in truth:
            cands = [x for x in doc.tables if x.page_first == t["page_first"]]
            match = next(
                (x for x in cands if norm_rows(x.header_rows + x.body_rows)
                 == norm_rows(t["header_rows"] + t["body_rows"])), None)
            if match:
                ok += 1
                if match.title.replace(" ", "") != t["title"].replace(" ", "") or match.unit != t["unit"] or match.page_last != t["page_last"] or len(match.header_rows) != len(t["header_rows"]):
                    print("  META", doc_id, repr(t["title"]), repr(match.title), t["unit"], match.unit, t["page_last"], match.page_last, len(t["header_rows"]), len(match.header_rows))
            else:
                print("  MISS", doc_id, t["title"], t["page_first"], [(x.title, x.page_first, x.page_last) for x in cands])
                if verbose and cands:
                    a = norm_rows(t["header_rows"] + t["body_rows"]); b = norm_rows(cands[0].header_rows + cands[0].body_rows)
                    for i in range(max(len(a), len(b))):
                        ra = a[i] if i < len(a) else None; rb = b[i] if i < len(b) else None
                        if ra != rb: print("     T", ra); print("     G", rb)
        print(f"{doc_id}: {ok}/{len(truth)} tables exact; extracted {len(doc.tables)}; "
              f"dept={doc.department_name} year={doc.budget_year}")


if __name__ == "__main__":
    main()
