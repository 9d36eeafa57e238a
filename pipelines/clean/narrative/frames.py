"""The staging frame of the narrative: ``narrative_statements``.

``narrative_statements`` holds one row per statement (see :mod:`model`); every later step —
the narrative reconciliation, ``fct_three_public``, ``fct_agency_operating_costs``,
``fct_department_profile`` — reads it. The 项目支出表 row each ``project_item`` statement speaks
of is decided by :mod:`pipelines.clean.project_links` (staging entity ``project_links``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from pipelines.clean.amounts import unit_factors
from pipelines.clean.narrative.model import Statement, decimal, decimals
from pipelines.clean.narrative.reader import read_statements
from pipelines.extract.model import PageText

_TEN_THOUSAND = Decimal(10000)
_SENTENCE_CHARS = 500

STATEMENT_SCHEMA = {
    "document_id": pl.String,
    "statement_index": pl.Int32,
    "kind": pl.String,
    "subject": pl.String,
    "subject_text": pl.String,
    "three_public_item": pl.String,
    "section": pl.String,
    "value_printed": pl.String,
    "value": pl.Decimal(20, 4),
    "unit": pl.String,
    "amount_kind": pl.String,
    "value_decimals": pl.Int32,
    "amount_10k_yuan": pl.Decimal(24, 8),
    "amount_decimals": pl.Int32,
    "change_printed": pl.String,
    "change_direction": pl.String,
    "change_10k_yuan": pl.Decimal(20, 4),
    "rate_printed": pl.String,
    "rate_direction": pl.String,
    "rate_percent": pl.Decimal(12, 4),
    "part_kind": pl.String,
    "parent_index": pl.Int32,
    "parts_sum_10k_yuan": pl.Decimal(20, 4),
    "parts_count": pl.Int32,
    "list_index": pl.Int32,
    "item_number": pl.Int32,
    "page": pl.Int32,
    "sentence": pl.String,
}


def amount_10k_yuan(statement: Statement) -> Decimal | None:
    """A money figure in 万元, exact (a figure printed in 元 or 亿元 is scaled)."""
    return _printed_10k_yuan(statement.value_printed, statement.unit)


def amount_decimals(statement: Statement) -> int | None:
    """How many decimals of 万元 a money figure states (5.8 万元 → 1; 1,234 元 → 4).

    The precision of a statement: the tables' figure rounded to it is what the text can say.
    """
    factor = unit_factors().get(statement.unit or "")
    printed = decimals(statement.value_printed)
    if factor is None or printed is None:
        return None
    return max(printed - (factor / _TEN_THOUSAND).adjusted(), 0)


def _printed_10k_yuan(printed: str | None, unit: str | None) -> Decimal | None:
    """A printed figure in 万元 with the precision it was printed with (5.8 stays 5.8)."""
    factor = unit_factors().get(unit or "")
    value = decimal(printed)
    return None if factor is None or value is None else value * factor / _TEN_THOUSAND


def _row(document_id: str, index: int, s: Statement, parents: dict[int, int]) -> dict:
    return {
        "document_id": document_id,
        "statement_index": index,
        "kind": s.kind,
        "subject": s.subject,
        "subject_text": s.subject_text,
        "three_public_item": s.three_public_item,
        "section": s.section,
        "value_printed": s.value_printed,
        "value": s.value,
        "unit": s.unit,
        "amount_kind": s.amount_kind,
        "value_decimals": decimals(s.value_printed),
        "amount_10k_yuan": amount_10k_yuan(s),
        "amount_decimals": amount_decimals(s),
        "change_printed": s.change_printed,
        "change_direction": s.change_direction,
        "change_10k_yuan": s.change,
        "rate_printed": s.rate_printed,
        "rate_direction": s.rate_direction,
        "rate_percent": s.rate,
        "part_kind": s.part_kind,
        "parent_index": parents.get(s.parent_position) if s.parent_position is not None else None,
        "parts_sum_10k_yuan": s.parts_sum,
        "parts_count": s.parts_count,
        "list_index": s.list_index,
        "item_number": s.item_number,
        "page": s.page,
        "sentence": s.sentence[:_SENTENCE_CHARS],
    }


def statement_rows(document_id: str, statements: Sequence[Statement]) -> list[dict]:
    """The rows of a document's statements (``statement_index`` is the reading order)."""
    parents: dict[int, int] = {}
    for index, statement in enumerate(statements):
        parents.setdefault(statement.position, index)
    return [_row(document_id, i, s, parents) for i, s in enumerate(statements)]


def statements_frame(document_id: str, pages: Sequence[PageText]) -> pl.DataFrame:
    """The staging frame ``narrative_statements`` of one document."""
    rows = statement_rows(document_id, read_statements(pages))
    return pl.DataFrame(rows, schema=STATEMENT_SCHEMA)
