"""The bundled corpus documents and the harness's variants of them.

The variants are a pairwise covering array over the factors and the source document
together: every pair of factor values is rendered, and every document is rendered with
every value of every factor (documents differ: only changchun-2021 prints codes in
parentheses, only fenyang has a code column beside a 合计 label), in about two dozen
documents. Dealing the 22 pairwise layouts round-robin instead would leave 16
(document, value) pairs unrendered for 3 documents fewer.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from tests.layouts.factors import FACTORS, Layout
from tests.layouts.pairwise import covering_array
from tests.shared import CORPUS

ROOT = Path(__file__).resolve().parents[2]
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


def one_factor_layouts(base: Layout | None = None) -> list[Layout]:
    """The base layout and every layout that changes one factor of it: to tell which single
    value a reader gets wrong (a pairwise variant mixes several)."""
    from dataclasses import replace

    base = base or Layout()
    return [base] + [
        replace(base, **{name: value})
        for name, values in FACTORS.items()
        for value in values
        if getattr(base, name) != value
    ]


def variant_factors(doc_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """The factors the harness covers pairwise: the layout factors and the document."""
    return {**FACTORS, "document": tuple(doc_ids)}


def variants(doc_ids: list[str]) -> list[Variant]:
    """The harness's renderings: each row of the covering array a document in a layout."""
    rows = covering_array(variant_factors(doc_ids))
    return [
        Variant(row["document"], Layout(**{k: v for k, v in row.items() if k != "document"}))
        for row in rows
    ]
