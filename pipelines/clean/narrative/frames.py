"""The staging frames of the narrative: ``narrative_statements`` and their project matches.

``narrative_statements`` holds one row per statement (see :mod:`model`); every later step —
the narrative reconciliation, ``fct_three_public``, ``fct_agency_operating_costs``,
``fct_department_profile`` — reads it. ``narrative_project_matches`` records, for each
``project_item`` statement, the 项目支出表 row its name was matched to and how, so the link is
made once and joined everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from pipelines.clean.amounts import unit_factors
from pipelines.clean.narrative.model import PROJECT_ITEM, Statement, decimal, decimals
from pipelines.clean.narrative.projects import match_projects
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

PROJECT_MATCH_SCHEMA = {
    "document_id": pl.String,
    "statement_index": pl.Int32,
    "match_method": pl.String,
    "similarity": pl.Float64,
    "table_id": pl.String,
    "line_seq": pl.Int32,
    "project_name": pl.String,
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


def project_matches_frame(statements: pl.DataFrame, project_lines: pl.DataFrame) -> pl.DataFrame:
    """The staging frame ``narrative_project_matches``: one row per project_item statement.

    ``project_lines`` is the document's ``project_lines`` frame (its 项目支出表 rows); the
    matched row is named by ``table_id`` and ``line_seq``.
    """
    items = statements.filter(pl.col("kind") == PROJECT_ITEM)
    stated = items.select("document_id", "statement_index", "subject_text", "value_printed", "unit")
    lines = project_lines.select("table_id", "line_seq", "project_name", "amount_yuan").rows()
    matches = match_projects(
        [(name, _printed_10k_yuan(value, unit)) for _d, _i, name, value, unit in stated.rows()],
        [(name, None if yuan is None else yuan / _TEN_THOUSAND) for _t, _l, name, yuan in lines],
    )
    rows = []
    for (document_id, index, *_), match in zip(stated.rows(), matches, strict=True):
        line = lines[match.project] if match.project is not None else (None, None, None)
        rows.append({
            "document_id": document_id,
            "statement_index": index,
            "match_method": match.match_method,
            "similarity": None if match.similarity is None else round(match.similarity, 4),
            "table_id": line[0],
            "line_seq": line[1],
            "project_name": line[2],
        })
    return pl.DataFrame(rows, schema=PROJECT_MATCH_SCHEMA)
