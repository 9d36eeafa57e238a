"""绩效目标 forms to typed Polars frames (indicators and project headers).

The forms are read by :mod:`pipelines.clean.targets`; this module only decides which tables
to feed it and shapes its dataclasses into staging frames (``performance_indicators``,
``performance_projects``).
"""

from __future__ import annotations

import polars as pl

from pipelines.clean.targets import is_target_form, name_unnamed_projects, parse_target_form
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
    """How each project got its name: printed in its table, or matched by amount."""
    return {
        seq: "printed" if printed.get(seq) else "amount_match" if name else "unnamed"
        for seq, name in named.items()
    }


def target_frames(
    doc: ExtractedDocument, candidates: list[tuple[str, object]] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Indicator rows and project facts of every 绩效目标 form of a document.

    A table that prints no usable project name is named after the budgeted project of the
    document's 项目支出表 with the same amount, when exactly one has it (``name_source``
    says ``amount_match``).
    """
    candidates = candidates or []
    indicators, projects = [], []
    for table in doc.tables:
        if table.table_type != "performance_targets" and not is_target_form(
            table.title, table.header_rows, table.body_rows
        ):
            continue
        parsed = parse_target_form(table)
        printed = {fact.project_seq: fact.project_name for fact in parsed.projects}
        parsed = name_unnamed_projects(parsed, candidates)
        sources = _name_sources(
            printed, {fact.project_seq: fact.project_name for fact in parsed.projects}
        )
        tid = table_id(doc.document_id, table.table_index)
        for seq, ind in enumerate(parsed.indicators):
            indicators.append(
                {
                    "document_id": doc.document_id,
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
                    "document_id": doc.document_id,
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
