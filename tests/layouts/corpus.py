"""The bundled corpus documents and the harness's variants of them.

Layouts come from the pairwise covering array over ``FACTORS`` and are dealt to the
documents round-robin, so every document is read in several layouts and every pair of
factor values is rendered at least once, in about two dozen documents.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from tests.layouts.factors import FACTORS, Layout
from tests.layouts.pairwise import covering_array

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
LAYOUTS: list[Layout] = [Layout(**row) for row in covering_array(FACTORS)]


@dataclass(frozen=True)
class SourceDocument:
    """A corpus document: its id, department, year and tables (``*.tables.json``)."""

    doc_id: str
    department_name: str
    budget_year: int
    tables: list[dict]


@dataclass(frozen=True)
class Variant:
    """One rendering: a source document in a layout."""

    doc_id: str
    layout: Layout

    @property
    def stem(self) -> str:
        """``<doc_id>--<layout slug>``."""
        return f"{self.doc_id}--{self.layout.slug}"

    @property
    def file_name(self) -> str:
        """The PDF's file name."""
        return f"{self.stem}.pdf"


def load_documents(corpus: Path = CORPUS) -> dict[str, SourceDocument]:
    """Every document of the manifest, in manifest order."""
    docs = {}
    with (corpus / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            tables = json.loads((corpus / f"{row['doc_id']}.tables.json").read_text("utf-8"))
            docs[row["doc_id"]] = SourceDocument(
                row["doc_id"], row["department_name"], int(row["budget_year"]), tables
            )
    return docs


def variants(doc_ids: list[str], layouts: list[Layout] = LAYOUTS) -> list[Variant]:
    """Layouts dealt to documents round-robin (layout i to document i mod n)."""
    return [Variant(doc_ids[i % len(doc_ids)], layout) for i, layout in enumerate(layouts)]
