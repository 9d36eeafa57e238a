"""Naming a project whose 绩效目标 form prints no usable name, by its amount.

Some forms print their own title in the 项目名称 cell. The project is then the one, among the
budgeted projects of the same document (项目支出表), whose amount equals the form's annual
amount — when exactly one has it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from pipelines.clean.targets.model import ProjectFact, TargetForm


def resolve_project_name(
    fact: ProjectFact,
    candidates: Iterable[tuple[str, Decimal]],
    tolerance_yuan: Decimal = Decimal("50"),
) -> str | None:
    """Name a project whose form printed no usable name, by its amount.

    The default tolerance of 50 yuan covers 项目支出表 amounts rounded to 0.01 万元. Only a
    unique match is accepted: two candidates with the same amount leave the name unknown.

    Args:
        fact: The project read from the form.
        candidates: ``(name, amount in yuan)`` of the budgeted projects of the same document.
        tolerance_yuan: Largest difference still taken as equal.

    Returns:
        The printed name when usable, the unique matching candidate, or ``None``.
    """
    if fact.project_name:
        return fact.project_name
    if fact.amount_yuan is None:
        return None
    names = {
        name for name, amount in candidates if abs(amount - fact.amount_yuan) <= tolerance_yuan
    }
    return names.pop() if len(names) == 1 else None


def name_unnamed_projects(
    parsed: TargetForm, candidates: Iterable[tuple[str, Decimal]]
) -> TargetForm:
    """Fill in names the form did not print (see resolve_project_name), facts and rows alike."""
    candidate_list = list(candidates)
    names = {
        fact.project_seq: resolve_project_name(fact, candidate_list)
        for fact in parsed.projects
        if fact.project_name is None
    }
    names = {seq: name for seq, name in names.items() if name}
    if not names:
        return parsed
    projects = tuple(
        replace(fact, project_name=names[fact.project_seq]) if fact.project_seq in names else fact
        for fact in parsed.projects
    )
    indicators = tuple(
        replace(row, project_name=names[row.project_seq]) if row.project_seq in names else row
        for row in parsed.indicators
    )
    return TargetForm(projects=projects, indicators=indicators)
