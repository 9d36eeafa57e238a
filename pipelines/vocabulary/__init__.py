"""The vocabulary: everything budgetwh knows about how documents are worded, in one folder.

Every province prints the same family of tables in its own words. What those words are — table
titles, column headers, total rows, units, empty-table notes, 三公 items, statement patterns,
fund-source aliases, the classification code lists and the catalogue of reconciliation checks —
is data in the CSV files beside this module. Python reads them through this module only; dbt
loads the very same files as seeds (``seed-paths`` in ``dbt_project/dbt_project.yml``), so the
docs site shows them and SQL joins them instead of repeating a wording. Supporting a new
template is rows in these files and a test, never a regex in code.

``text_patterns.csv`` holds the small wording concepts (a total row, a unit line, a row-number
column …): one row per pattern, grouped by ``concept``; ``value`` is what a match means.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path

VOCABULARY_DIR = Path(__file__).resolve().parent


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``<name>.csv`` as dicts of stripped strings, in file order."""
    text = resources.files(__package__).joinpath(f"{name}.csv").read_text("utf-8")
    return tuple(
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(text.splitlines())
    )


@cache
def patterns(concept: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(value, compiled pattern)`` of every ``text_patterns`` row of a concept, in file order.

    Raises:
        KeyError: no row has that concept (a typo must not silently match nothing).
    """
    found = tuple(
        (row["value"], re.compile(row["pattern"]))
        for row in table("text_patterns")
        if row["concept"] == concept
    )
    if not found:
        raise KeyError(f"text_patterns.csv has no concept {concept!r}")
    return found


@cache
def regex(concept: str) -> re.Pattern[str]:
    """All patterns of a concept as one alternation (for a yes/no question)."""
    return re.compile("|".join(f"(?:{p.pattern})" for _, p in patterns(concept)))


def classify(concept: str, text: str | None) -> str | None:
    """The ``value`` of the first pattern of ``concept`` found in ``text``, else ``None``."""
    if not text:
        return None
    for value, pattern in patterns(concept):
        if pattern.search(text):
            return value
    return None


def search(concept: str, text: str | None) -> re.Match[str] | None:
    """The first match of any pattern of ``concept`` in ``text`` (patterns in file order)."""
    if not text:
        return None
    for _, pattern in patterns(concept):
        match = pattern.search(text)
        if match:
            return match
    return None


def files() -> list[Path]:
    """Every vocabulary file (what a change of wording changes)."""
    return sorted(p for p in VOCABULARY_DIR.iterdir() if p.suffix in (".csv", ".py"))


@cache
def digest() -> str:
    """A digest of the vocabulary, part of the extractor version."""
    h = hashlib.sha256()
    for path in files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
