"""Find classification codes for rows that print only a name.

The 收支总表 lists 类 by name only; some 基本支出表 print economic names without codes. The
code lists themselves are reference data (the vocabulary, ``pipelines/vocabulary``, also
loaded as dbt seeds); this module only reads them. A name can belong to several codes
(``其他社会保障和就业支出`` is both 款 20899 and 项 2089999), so rows are resolved in printed
order, preferring the child of the row above, then its sibling, then the code at the top level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pipelines import vocabulary
from pipelines.clean.labels import compact, strip_numbering


def subject_system_of(table_type: str) -> str | None:
    """The classification a table's rows follow, ``function`` or ``economic`` (table_types)."""
    return _table_systems().get(table_type)


@cache
def _table_systems() -> dict[str, str]:
    return {
        row["table_type"]: row["subject_system"]
        for row in vocabulary.table("table_types")
        if row["subject_system"]
    }


@dataclass(frozen=True)
class Subject:
    """One (code, name) a classification code has carried, with its years."""

    code: str
    name: str
    parent_code: str | None
    valid_from: int | None
    valid_to: int | None


def name_key(name: str) -> str:
    """A name as compared: no spaces, numbering, or bracket-width differences."""
    s = strip_numbering(compact(name))
    return s.translate(str.maketrans("（）“”", "()\"\""))


def _year(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


@cache
def load_subjects(system: str) -> dict[str, tuple[Subject, ...]]:
    """Subjects of ``function`` or ``economic`` classification, keyed by name."""
    by_name: dict[str, list[Subject]] = defaultdict(list)
    for row in vocabulary.table(f"{system}_subjects"):
        subject = Subject(
            code=row["subject_code"],
            name=row["subject_name"],
            parent_code=row.get("parent_code") or None,
            valid_from=_year(row.get("valid_from_year")),
            valid_to=_year(row.get("valid_to_year")),
        )
        by_name[name_key(subject.name)].append(subject)
    return {k: tuple(v) for k, v in by_name.items()}


def _valid(subject: Subject, year: int | None) -> bool:
    if year is None:
        return True
    return (subject.valid_from is None or subject.valid_from <= year) and (
        subject.valid_to is None or year <= subject.valid_to
    )


def _rank(subject: Subject, context: str | None) -> int:
    if context is None:
        return 0 if len(subject.code) == 3 else 3
    if subject.parent_code == context:
        return 0  # child of the row above
    if subject.parent_code and context.startswith(subject.parent_code):
        return 1  # sibling of the row above, or of one of its ancestors
    if len(subject.code) == 3:
        return 2  # a new 类
    return 3


def infer_codes(
    rows: list[tuple[str | None, str | None]],
    subjects: dict[str, tuple[Subject, ...]],
    year: int | None,
) -> list[tuple[str | None, str | None]]:
    """Codes for printed rows ``(name, printed code)`` in order: ``[(code, how)]``.

    ``how`` is ``printed``, ``name`` (the only code with that name), ``name_in_context``
    (several codes share the name; the hierarchy of the rows above decided), or ``None``
    when no code has that name.
    """
    out: list[tuple[str | None, str | None]] = []
    context: str | None = None
    for name, code in rows:
        if code:
            out.append((code, "printed"))
            context = code
            continue
        candidates = subjects.get(name_key(name or ""), ())
        if not candidates:
            out.append((None, None))
            continue
        valid = [s for s in candidates if _valid(s, year)] or list(candidates)
        codes = sorted({s.code for s in valid})
        if len(codes) == 1:
            out.append((codes[0], "name"))
            context = codes[0]
            continue
        best = min(valid, key=lambda s: (_rank(s, context), len(s.code), s.code))
        out.append((best.code, "name_in_context"))
        context = best.code
    return out
