"""The wording of 情况说明 statements, read once from ``narrative_statements.csv``.

Which words name a subject, open a section, state a change, a rate, a count, a list of parts
or an enumerated item is data (``pipelines/vocabulary/narrative_statements.csv``, also a dbt
seed), grouped by ``concept``. This module compiles those rows into the typed rules the
reader uses, so the reader itself holds only grammar (numbers, punctuation, units) and a new
template's wording is rows in that file.

A pattern may contain ``{number}``: a printed figure (``1,234.56``), captured as ``value``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipelines import vocabulary

NUMBER = r"\d[\d,]*(?:\.\d+)?"
_TABLE = "narrative_statements"


@dataclass(frozen=True)
class Rule:
    """One row of the vocabulary: what a match of ``pattern`` means (``key``)."""

    concept: str
    key: str
    pattern: re.Pattern[str]
    unit: str


@cache
def rules(concept: str) -> tuple[Rule, ...]:
    """The rules of one concept, in file order.

    Raises:
        KeyError: no row has that concept (a typo must not silently match nothing).
    """
    found = tuple(
        Rule(
            row["concept"],
            row["key"],
            re.compile(row["pattern"].replace("{number}", NUMBER)),
            row["unit"],
        )
        for row in vocabulary.table(_TABLE)
        if row["concept"] == concept
    )
    if not found:
        raise KeyError(f"{_TABLE}.csv has no concept {concept!r}")
    return found


@cache
def alternation(concept: str) -> re.Pattern[str]:
    """All patterns of a concept as one alternation with a named group per key.

    Keys may repeat (two wordings of a decrease); the group of the first row of a key is
    ``<key>``, of later ones ``<key>__<n>``, and :func:`key_of` maps a match back to its key.
    """
    parts, seen = [], {}
    for rule in rules(concept):
        count = seen.get(rule.key, 0)
        seen[rule.key] = count + 1
        name = rule.key if count == 0 else f"{rule.key}__{count}"
        inner = re.sub(r"\(\?P<value>", "(?:", rule.pattern.pattern)
        parts.append(f"(?P<{name}>{inner})")
    return re.compile("|".join(parts))


def key_of(match: re.Match[str]) -> str:
    """The key of the rule an :func:`alternation` match came from."""
    return (match.lastgroup or "").split("__")[0]


def first_key(concept: str, text: str) -> str | None:
    """The key of the first rule of a concept found in ``text`` (file order)."""
    return next((rule.key for rule in rules(concept) if rule.pattern.search(text)), None)
