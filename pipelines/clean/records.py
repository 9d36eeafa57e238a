"""绩效目标 forms to typed Polars frames (indicators and project headers).

The forms are read by :mod:`pipelines.clean.targets`; this module only decides which tables
to feed it and shapes its dataclasses into staging frames (``performance_indicators``,
``performance_projects``). A form that prints no usable name is named after the 项目支出表 row
the project linker (:mod:`pipelines.clean.project_links`) links it to.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import polars as pl

from pipelines.clean.targets import (
    TargetForm,
    is_target_form,
    name_unnamed_projects,
    parse_target_form,
)
from pipelines.extract.model import ExtractedDocument
from pipelines.identity import table_id

INDICATOR_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "indicator_seq": pl.Int32,
    "page": pl.Int32,
    "project_seq": pl.Int32,
    "project_name": pl.String,
    "name_source": pl.String,
    "project_code": pl.String,
    "level1": pl.String,
    "level2": pl.String,
    "level3": pl.String,
    "target_text": pl.String,
    "comparator": pl.String,
    "target_number": pl.Decimal(38, 6),
    "target_unit": pl.String,
    "weight": pl.Decimal(20, 4),
    "indicator_nature": pl.String,
    "period": pl.String,
    "indicator_description": pl.String,
}
PROJECT_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "page": pl.Int32,
    "project_seq": pl.Int32,
    "project_name": pl.String,
    "project_name_printed": pl.String,
    "name_source": pl.String,
    "project_code": pl.String,
    "category": pl.String,
    "project_level": pl.String,
    "competent_department": pl.String,
    "competent_department_code": pl.String,
    "implementing_unit": pl.String,
    "period_text": pl.String,
    "amount_yuan": pl.Decimal(20, 2),
    "implementation_amount_yuan": pl.Decimal(20, 2),
    "prior_year_amount_yuan": pl.Decimal(20, 2),
    "amount_printed": pl.String,
    "funds": pl.List(
        pl.Struct(
            {
                "source": pl.String,
                "label": pl.String,
                "period": pl.String,
                "amount_yuan": pl.Decimal(20, 2),
            }
        )
    ),
    "annual_goal": pl.String,
}


def _name_sources(printed: dict[int, str | None], named: dict[int, str | None]) -> dict[int, str]:
    """How each project got its name: printed in its table, or linked by amount."""
    return {
        seq: "printed" if printed.get(seq) else "amount_match" if name else "unnamed"
        for seq, name in named.items()
    }


def target_forms(doc: ExtractedDocument) -> list[tuple[str, TargetForm]]:
    """Every 绩效目标 form of a document, read once: ``(table_id, form)``, names as printed."""
    return [
        (table_id(doc.document_id, table.table_index), parse_target_form(table))
        for table in doc.tables
        if table.table_type == "performance_targets"
        or is_target_form(table.title, table.header_rows, table.body_rows)
    ]


def form_projects(
    forms: list[tuple[str, TargetForm]],
) -> list[tuple[str, int, str | None, Decimal | None]]:
    """``(table_id, project_seq, name, amount in yuan)`` of every project the forms describe."""
    return [
        (tid, fact.project_seq, fact.project_name, fact.amount_yuan)
        for tid, form in forms
        for fact in form.projects
    ]


def target_frames(
    document_id: str,
    forms: list[tuple[str, TargetForm]],
    names: Mapping[tuple[str, int], str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Indicator rows and project facts of a document's 绩效目标 forms.

    ``names`` (``(table_id, project_seq)`` → name) names the projects whose form prints no
    usable name: the 项目支出表 row the project linker linked each to by its amount
    (:func:`pipelines.clean.project_links_frame.linked_names`); ``name_source`` says
    ``amount_match``.
    """
    names = names or {}
    indicators, projects = [], []
    for tid, parsed in forms:
        printed = {fact.project_seq: fact.project_name for fact in parsed.projects}
        parsed = name_unnamed_projects(
            parsed, {seq: name for (table, seq), name in names.items() if table == tid}
        )
        sources = _name_sources(
            printed, {fact.project_seq: fact.project_name for fact in parsed.projects}
        )
        for seq, ind in enumerate(parsed.indicators):
            indicators.append(
                {
                    "document_id": document_id,
                    "table_id": tid,
                    "indicator_seq": seq,
                    "page": ind.page,
                    "project_seq": ind.project_seq,
                    "project_name": ind.project_name,
                    "name_source": sources.get(ind.project_seq),
                    "project_code": ind.project_code,
                    "level1": ind.level1,
                    "level2": ind.level2,
                    "level3": ind.level3,
                    "target_text": ind.target_text,
                    "comparator": ind.comparator,
                    "target_number": ind.number,
                    "target_unit": ind.unit,
                    "weight": ind.weight,
                    "indicator_nature": ind.indicator_nature,
                    "period": ind.period,
                    "indicator_description": ind.indicator_description,
                }
            )
        for proj in parsed.projects:
            projects.append(
                {
                    "document_id": document_id,
                    "table_id": tid,
                    "page": proj.page,
                    "project_seq": proj.project_seq,
                    "project_name": proj.project_name,
                    "project_name_printed": proj.project_name_printed,
                    "name_source": sources.get(proj.project_seq),
                    "project_code": proj.project_code,
                    "category": proj.category,
                    "project_level": proj.project_level,
                    "competent_department": proj.competent_department,
                    "competent_department_code": proj.competent_department_code,
                    "implementing_unit": proj.implementing_unit,
                    "period_text": proj.period_text,
                    "amount_yuan": proj.amount_yuan,
                    "implementation_amount_yuan": proj.implementation_amount_yuan,
                    "prior_year_amount_yuan": proj.prior_year_amount_yuan,
                    "amount_printed": proj.amount_printed,
                    "funds": [
                        {
                            "source": f.source,
                            "label": f.label,
                            "period": f.period,
                            "amount_yuan": f.amount_yuan,
                        }
                        for f in proj.funds
                    ],
                    "annual_goal": proj.annual_goal,
                }
            )
    return (
        pl.DataFrame(indicators, schema=INDICATOR_SCHEMA),
        pl.DataFrame(projects, schema=PROJECT_SCHEMA),
    )
