"""绩效目标 forms (项目支出绩效目标表 / 绩效目标申报表): a project's performance targets.

A budget disclosure prints, for each project, a form of *performance targets*: a key/value
block describing the project (项目名称, 主管部门, 项目资金 by fund source, goals) and a grid of
indicators (一级/二级/三级指标, 指标值, 权重), sometimes with one side for the whole
implementation period and one for the year. This package reads those forms; it has nothing
to do with the speed of the pipeline (that is ``benchmarks/``).

Modules, in reading order:

* :mod:`~pipelines.clean.targets.model` — what goes in (:class:`PrintedTable`) and what comes
  out (:class:`TargetForm` = :class:`ProjectFact` + :class:`IndicatorRow`);
* :mod:`~pipelines.clean.targets.words` — the header and label words
  (``pipelines/vocabulary/target_headers.csv``) and what they make of a row;
* :mod:`~pipelines.clean.targets.block` — the key/value block, amounts read by
  :mod:`pipelines.clean.amounts`;
* :mod:`~pipelines.clean.targets.grid` — the indicator grid: sides, periods, carried levels;
* :mod:`~pipelines.clean.targets.values` — one printed target (``≥95%``) as comparator,
  number and unit;
* :mod:`~pipelines.clean.targets.forms` — recognising a form and reading it row by row;
* :mod:`~pipelines.clean.targets.naming` — naming a project the form does not name after the
  项目支出表 row :mod:`pipelines.clean.project_links` links it to (by its amount).

All functions are pure; the vocabulary files are read once, when first needed.
:func:`pipelines.clean.records.target_frames` shapes the output into staging frames.
"""

from __future__ import annotations

from pipelines.clean.targets.forms import (
    indicators_from_form,
    is_target_form,
    parse_target_form,
    project_facts_from_form,
)
from pipelines.clean.targets.model import (
    PERIOD_ANNUAL,
    PERIOD_IMPLEMENTATION,
    FundAmount,
    IndicatorRow,
    PrintedTable,
    ProjectFact,
    TargetForm,
)
from pipelines.clean.targets.naming import name_unnamed_projects
from pipelines.clean.targets.values import ParsedTarget, parse_target

__all__ = [
    "PERIOD_ANNUAL",
    "PERIOD_IMPLEMENTATION",
    "FundAmount",
    "IndicatorRow",
    "ParsedTarget",
    "PrintedTable",
    "ProjectFact",
    "TargetForm",
    "indicators_from_form",
    "is_target_form",
    "name_unnamed_projects",
    "parse_target",
    "parse_target_form",
    "project_facts_from_form",
]
