"""Naming a project whose 绩效目标 form prints no usable name.

Some forms print their own title in the 项目名称 cell. Which project such a form describes is
decided where every project link is decided, by :mod:`pipelines.clean.project_links`: with no
name to compare, only by its amount — the one budgeted 项目支出表 row with the form's amount
(within 50 yuan), when exactly one has it. This module only writes the name it gets into the
form's project and indicator rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pipelines.clean.targets.model import TargetForm


def name_unnamed_projects(parsed: TargetForm, names: Mapping[int, str]) -> TargetForm:
    """Fill in the names a form did not print, facts and rows alike.

    Args:
        parsed: The form as read.
        names: ``project_seq`` → the name of the 项目支出表 row the project is linked to
            (:func:`pipelines.clean.project_links_frame.linked_names`). A printed name is kept.

    Returns:
        The form with every unnamed project of ``names`` named.
    """
    names = {
        fact.project_seq: names[fact.project_seq]
        for fact in parsed.projects
        if fact.project_name is None and names.get(fact.project_seq)
    }
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
