"""The staging entity ``project_links``: one row per project named outside the 项目支出表.

The links are decided by :mod:`pipelines.clean.project_links` (pure rules on names and
amounts); this module only feeds it a document's rows and sources and shapes its answer:
the 绩效目标表 forms' projects (linked to the rows money is budgeted to, amounts alone
allowed) and the 情况说明's listed items (linked to every row, names needed). A form that
prints no usable name takes the name of the row it is linked to (:func:`linked_names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from pipelines.clean.project_links import Named, link_projects

# Where a source names its project: the staging column source_kind.
TARGET_FORM = "target_form"
NARRATIVE = "narrative"

_TEN_THOUSAND = Decimal(10000)
_FEN = Decimal("0.01")

LINK_SCHEMA = {
    "document_id": pl.String,
    "source_kind": pl.String,
    "source_table_id": pl.String,
    "source_seq": pl.Int32,
    "source_name": pl.String,
    "source_amount_yuan": pl.Decimal(20, 2),
    "line_table_id": pl.String,
    "line_seq": pl.Int32,
    "line_name": pl.String,
    "line_amount_yuan": pl.Decimal(20, 2),
    "match_method": pl.String,
    "similarity": pl.Float64,
    "amounts_agree": pl.Boolean,
}


def _rows(
    document_id: str,
    kind: str,
    keys: Sequence[tuple[str | None, int]],
    sources: Sequence[Named],
    lines: pl.DataFrame,
    by_amount_alone: bool,
) -> list[dict]:
    line_keys = lines.select("table_id", "line_seq").rows()
    candidates = [
        Named(name, amount) for name, amount in lines.select("project_name", "amount_yuan").rows()
    ]
    rows = []
    links = link_projects(sources, candidates, by_amount_alone=by_amount_alone)
    for (table, seq), source, link in zip(keys, sources, links, strict=True):
        line = (
            (*line_keys[link.line], candidates[link.line].name, candidates[link.line].amount_yuan)
            if link.line is not None
            else (None, None, None, None)
        )
        rows.append({
            "document_id": document_id,
            "source_kind": kind,
            "source_table_id": table,
            "source_seq": seq,
            "source_name": source.name,
            "source_amount_yuan": (
                None if source.amount_yuan is None else source.amount_yuan.quantize(_FEN)
            ),
            "line_table_id": line[0],
            "line_seq": line[1],
            "line_name": line[2],
            "line_amount_yuan": line[3],
            "match_method": link.match_method,
            "similarity": None if link.similarity is None else round(link.similarity, 4),
            "amounts_agree": link.amounts_agree,
        })
    return rows


def project_links_frame(
    document_id: str,
    project_lines: pl.DataFrame,
    target_projects: Sequence[tuple[str, int, str | None, Decimal | None]],
    statements: pl.DataFrame,
) -> pl.DataFrame:
    """The staging frame ``project_links`` of one document: one row per source.

    Args:
        document_id: The document.
        project_lines: Its ``project_lines`` frame (项目支出表 rows).
        target_projects: ``(table_id, project_seq, name, amount in yuan)`` of every project
            its 绩效目标表 forms describe (name None where the form prints no usable name;
            :func:`pipelines.clean.records.form_projects`), linked to the rows money is
            budgeted to (a 一级 row that heads 二级 rows is not one).
        statements: Its ``narrative_statements`` frame; the ``project_item`` statements are
            linked to every row (a list may state a 一级 project's total).
    """
    rows = []
    if target_projects:
        budgeted = project_lines.filter(~pl.col("has_children").fill_null(False))
        rows += _rows(
            document_id,
            TARGET_FORM,
            [(table, seq) for table, seq, _name, _amount in target_projects],
            [Named(name, amount) for _table, _seq, name, amount in target_projects],
            budgeted,
            by_amount_alone=True,
        )
    items = statements.filter(pl.col("kind") == "project_item")
    if items.height:
        stated = items.select(
            "statement_index", "subject_text", "amount_10k_yuan", "amount_decimals"
        ).rows()
        rows += _rows(
            document_id,
            NARRATIVE,
            [(None, index) for index, *_ in stated],
            [
                Named(name, None if amount is None else amount * _TEN_THOUSAND, decimals)
                for _i, name, amount, decimals in stated
            ],
            project_lines,
            by_amount_alone=False,
        )
    return pl.DataFrame(rows, schema=LINK_SCHEMA)


def linked_names(links: pl.DataFrame) -> dict[tuple[str, int], str]:
    """The names of forms that print none: ``(table_id, project_seq)`` → the linked row's name.

    An unnamed form can only be linked by its amount (step 5), to the one row of that amount.
    """
    named = links.filter(
        (pl.col("source_kind") == TARGET_FORM)
        & pl.col("source_name").is_null()
        & pl.col("line_name").is_not_null()
    )
    return {
        (table, seq): name
        for table, seq, name in named.select("source_table_id", "source_seq", "line_name").rows()
    }
