"""What goes into and comes out of the 绩效目标 form reader: frozen dataclasses and their values.

A form is read from a :class:`PrintedTable` (one extracted table) into a :class:`TargetForm`:
the projects it describes (:class:`ProjectFact`, with their :class:`FundAmount` lines) and
their indicators (:class:`IndicatorRow`), joined by ``project_seq``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# The period an indicator or an amount covers: this year, or the whole implementation period.
PERIOD_ANNUAL = "年度"
PERIOD_IMPLEMENTATION = "实施期"
# The nature of an indicator (指标性质).
NATURE_QUANTITATIVE = "定量"
NATURE_QUALITATIVE = "定性"


@dataclass(frozen=True)
class PrintedTable:
    """One extracted table, in the shape of the entries of ``*.tables.json``.

    Attributes:
        title: Title printed above the table.
        unit: Money unit printed for the table (``元`` / ``万元``) or ``None``.
        page_first: First page (1-based) the table is printed on.
        page_last: Last page the table is printed on.
        header_rows: Rows recognised as column headers by the extractor.
        body_rows: The other rows; ``None`` marks a position covered by a merged cell.
        row_pages: Page of each body row, when the extractor knows it.
    """

    title: str
    unit: str | None
    page_first: int
    page_last: int
    header_rows: tuple[tuple[str | None, ...], ...]
    body_rows: tuple[tuple[str | None, ...], ...]
    row_pages: tuple[int, ...] | None = None


def as_printed_table(table: Mapping[str, Any] | Any) -> PrintedTable:
    """Accept a tables.json entry (a dict) or any object with the same attributes."""

    def get(name: str, default: Any = None) -> Any:
        if isinstance(table, Mapping):
            return table.get(name, default)
        return getattr(table, name, default)

    def rows(value: Any) -> tuple[tuple[str | None, ...], ...]:
        return tuple(tuple(row) for row in (value or ()))

    page_first = int(get("page_first") or 0)
    row_pages = get("row_pages")
    return PrintedTable(
        title=get("title") or "",
        unit=get("unit"),
        page_first=page_first,
        page_last=int(get("page_last") or page_first),
        header_rows=rows(get("header_rows")),
        body_rows=rows(get("body_rows")),
        row_pages=tuple(int(p) for p in row_pages) if row_pages is not None else None,
    )


@dataclass(frozen=True)
class FundAmount:
    """One line of the 项目资金 block: how much comes from one fund source.

    Attributes:
        source: Canonical source (``中央财政资金``, ``省级财政资金``, ``市县财政资金``,
            ``财政拨款``, ``单位自筹``, ``其他资金``).
        label: The label as printed (whitespace between CJK characters removed).
        period: ``年度`` or ``实施期`` — the side of the block the amount sits on.
        amount_yuan: Amount in yuan; ``None`` when the cell is printed blank.
    """

    source: str
    label: str
    period: str
    amount_yuan: Decimal | None


@dataclass(frozen=True)
class ProjectFact:
    """What a 绩效目标 form says about its project.

    Attributes:
        project_seq: 0-based position of the project within its table; indicators carry the
            same number, so the two outputs join even when two projects share a name.
        project_name: Name as printed, or ``None`` when the name cell holds something that is
            not a name (e.g. the form's own title); see
            :func:`pipelines.clean.targets.naming.name_unnamed_projects`.
        project_name_printed: The name cell exactly as printed (CJK line breaks removed).
        project_code: Project code where printed (``63020000023T000000003``).
        category: 项目属性 / 项目类别 as printed.
        project_level: 项目级次 as printed (``二级项目``).
        competent_department: 主管部门 name, code split off.
        competent_department_code: 主管部门 code (``310``, ``407``) where printed.
        implementing_unit: 实施单位 / 申报单位 / 单位名称, code split off.
        implementing_unit_code: Code printed with the implementing unit.
        period_text: 项目期限 / 项目期 / 项目日期 as printed (``1年``).
        planned_start: 计划开始日期 as printed.
        planned_end: 计划完成日期 as printed.
        amount_yuan: This year's amount (年度资金总额 / 项目当年预算 / 预算数) in yuan.
        implementation_amount_yuan: 实施期资金总额 in yuan.
        prior_year_amount_yuan: 项目上年预算 in yuan.
        amount_printed: This year's amount as printed, with its unit (``4,060 元``).
        funds: Amounts by fund source, for each side of the block.
        annual_goal: 年度绩效目标 / 年度目标 text.
        implementation_goal: 实施期目标 / 项目总目标 text.
        attributes: Every label/value pair of the block as printed, known or not, so nothing
            printed is lost.
        page: Page of the row that names the project.
    """

    project_seq: int
    project_name: str | None
    project_name_printed: str | None
    project_code: str | None
    category: str | None
    project_level: str | None
    competent_department: str | None
    competent_department_code: str | None
    implementing_unit: str | None
    implementing_unit_code: str | None
    period_text: str | None
    planned_start: str | None
    planned_end: str | None
    amount_yuan: Decimal | None
    implementation_amount_yuan: Decimal | None
    prior_year_amount_yuan: Decimal | None
    amount_printed: str | None
    funds: tuple[FundAmount, ...]
    annual_goal: str | None
    implementation_goal: str | None
    attributes: tuple[tuple[str, str], ...]
    page: int


@dataclass(frozen=True)
class IndicatorRow:
    """One performance indicator (one side of one grid row).

    Attributes:
        project_seq: Position of the project within its table (joins to ProjectFact);
            ``-1`` when the table names no project before the row.
        project_name: Project name (``None`` when the table prints no usable name).
        project_code: Project code where printed.
        level1: 一级指标 (carried down through merged cells).
        level2: 二级指标 (carried down through merged cells).
        level3: 三级指标 as printed, ``None`` when printed blank.
        target_text: The target as printed; in tables that print comparator, value and unit
            in separate columns they are joined in that order (``≥`` + ``280`` + ``名``).
        comparator: From :func:`pipelines.clean.targets.values.parse_target`.
        number: From :func:`pipelines.clean.targets.values.parse_target`.
        unit: From :func:`pipelines.clean.targets.values.parse_target`.
        weight: 权重 / 分值 as a decimal, ``None`` when not printed.
        indicator_nature: ``定量`` / ``定性`` when the table says so, else ``None``.
        nature_printed: The 指标性质 cell as printed (``≥``, ``定性``, ``0`` …).
        period: ``年度`` or ``实施期``.
        indicator_description: 指标解释 / 目标值来源 / 评分标准 text where printed.
        page: Page of the row.
    """

    project_seq: int
    project_name: str | None
    project_code: str | None
    level1: str | None
    level2: str | None
    level3: str | None
    target_text: str
    comparator: str | None
    number: Decimal | None
    unit: str | None
    weight: Decimal | None
    indicator_nature: str | None
    nature_printed: str | None
    period: str
    indicator_description: str | None
    page: int


@dataclass(frozen=True)
class TargetForm:
    """Both outputs of one 绩效目标 form: its projects and their indicators."""

    projects: tuple[ProjectFact, ...]
    indicators: tuple[IndicatorRow, ...]
