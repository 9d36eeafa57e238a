"""Project expenditure tables (项目支出表) to project lines.

A 项目支出表 lists every budgeted project with its money by fund source. Provinces print it
in several layouts, all read here by the words of their headers:

* two name columns, 一级项目 | 二级项目: a row filling the 一级 column is a parent project, the
  二级 rows below it are its projects; a category column (``311 专项业务支出`` printed as a
  row of its own, or ``311-专项业务支出`` on the parent's row) classifies them;
* one 项目名称 column, where a budget unit's name heads the projects it implements (a
  *unit row*, whose amount is the sum of the rows below it);
* separate tables for this year's money (本年预算) and carried-over money (上年结转).

Which column is which is data (``pipelines/vocabulary/project_columns.csv``), as are the row
kinds that are not projects (``project_rows.csv``). Amount columns keep their header path, so
dbt maps them to fund sources with the same seed as every other table; the period of a
column (this year or carried over) comes from its path, or from the table's title when the
whole table is one period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

import polars as pl

from pipelines import vocabulary
from pipelines.clean.amounts import yuan
from pipelines.clean.labels import compact, split_project_code, unwrap_lines
from pipelines.clean.line_items import document_unit, table_unit
from pipelines.clean.meaning import column_fund_source, row_kind
from pipelines.extract.model import ExtractedDocument
from pipelines.identity import table_id

PROJECT_TABLE_TYPE = "project_expenditure"
PERIOD_CURRENT = "current_year"
PERIOD_CARRYOVER = "carryover"
LEVEL_PARENT = "一级"
LEVEL_CHILD = "二级"

_LABEL_ROLES = ("category", "code", "level1", "level2", "unit", "subject", "name")
_CATEGORY_CODE = re.compile(r"^(?P<code>\d{2,})\s*[-－—:：]?\s*(?P<name>\D.*)?$")
# Money below this many yuan is a rounding difference of an amount printed in 万元 (0.005 万元).
_SUM_TOLERANCE_YUAN = Decimal("50")


@dataclass(frozen=True)
class ProjectFund:
    """One amount column of a project row.

    Attributes:
        column_path: Header path of the column (``本年财政拨款/一般公共预算``).
        period: ``current_year`` or ``carryover``.
        amount_yuan: Amount in yuan; ``None`` when the cell is printed blank.
        amount_printed: The cell as printed.
    """

    column_path: str
    period: str
    amount_yuan: Decimal | None
    amount_printed: str | None


@dataclass(frozen=True)
class ProjectLine:
    """One project row of a 项目支出表.

    Attributes:
        line_seq: 0-based position among the project rows of the table.
        row_index: Body row of the table the project is printed on.
        page: Page of that row.
        project_name: Name as printed (line-wrap spaces removed).
        parent_project: The 一级项目 a 二级 row belongs to; ``None`` otherwise.
        project_level: ``一级`` (a parent row), ``二级`` (a row under a parent) or ``None``
            for single-level tables.
        has_children: Whether 二级 rows follow this 一级 row (its amount is their sum).
        category_code: Project category code (``311``) where printed.
        category_name: Project category name (``专项业务支出``) where printed.
        project_code: Project code where the table prints one.
        implementing_unit: 项目单位 column, or the unit row the project is listed under.
        subject: A 科目 column printed next to the project, as printed.
        amount_yuan: The project's total (合计 column, else the sum of its amount columns).
        amount_printed: The total as printed.
        current_year_yuan: Sum of this year's amount columns (``None`` when all blank).
        carryover_yuan: Sum of carried-over amount columns (``None`` when all blank).
        funds: Every amount column other than the total, with its header path.
    """

    line_seq: int
    row_index: int
    page: int
    project_name: str
    parent_project: str | None
    project_level: str | None
    has_children: bool
    category_code: str | None
    category_name: str | None
    project_code: str | None
    implementing_unit: str | None
    subject: str | None
    amount_yuan: Decimal | None
    amount_printed: str | None
    current_year_yuan: Decimal | None
    carryover_yuan: Decimal | None
    funds: tuple[ProjectFund, ...]


def _read_rules(name: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(row[next(iter(row))], re.compile(row["pattern"])) for row in vocabulary.table(name)]


@lru_cache(maxsize=1)
def column_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``(role, pattern)`` pairs of the ``project_columns`` vocabulary, in priority order."""
    return tuple(_read_rules("project_columns"))


@lru_cache(maxsize=1)
def row_rules() -> dict[str, re.Pattern[str]]:
    """Row-kind patterns of the ``project_rows`` vocabulary, keyed by kind."""
    return dict(_read_rules("project_rows"))


def column_role(path: str) -> str:
    """The role of a column from its header path; ``amount`` when no rule matches."""
    normalised = compact(path)
    for role, pattern in column_rules():
        if pattern.search(normalised):
            return "carryover_amount" if role == "carryover" else role
    return "amount"


@lru_cache(maxsize=1)
def _carryover_pattern() -> re.Pattern[str]:
    """The carryover pattern of project_columns.csv, reused for table titles."""
    return next(pattern for role, pattern in column_rules() if role == "carryover")


def table_period(title: str | None) -> str | None:
    """``carryover`` when the title says the whole table is carried-over money (上年结转)."""
    return PERIOD_CARRYOVER if title and _carryover_pattern().search(compact(title)) else None


def _cell(row: Sequence[str | None], col: int | None) -> str | None:
    if col is None or col >= len(row):
        return None
    text = unwrap_lines(row[col])
    return text or None


def _amount(text: str | None, unit: str) -> Decimal | None:
    """Yuan from a printed cell; blank or non-amount text is ``None`` (never a guessed number)."""
    return yuan(text, unit)


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


@dataclass
class _Columns:
    roles: dict[str, list[int]]
    amounts: list[tuple[int, str]]  # (column, period)
    total: int | None


def _columns(column_paths: Sequence[str], title: str | None) -> _Columns:
    whole_table = table_period(title)
    roles: dict[str, list[int]] = {}
    amounts: list[tuple[int, str]] = []
    total = None
    for col, path in enumerate(column_paths):
        role = column_role(path or "")
        if role in _LABEL_ROLES:
            roles.setdefault(role, []).append(col)
        elif role == "total" and total is None:
            total = col
        else:
            period = PERIOD_CARRYOVER if role == "carryover_amount" else PERIOD_CURRENT
            amounts.append((col, whole_table or period))
    return _Columns(roles=roles, amounts=amounts, total=total)


def _first(row: Sequence[str | None], cols: list[int]) -> str | None:
    return next((text for col in cols if (text := _cell(row, col))), None)


def _category(texts: list[str]) -> tuple[str | None, str | None]:
    """``['311', '专项业务支出']`` or ``['311-专项业务支出']`` → ``('311', '专项业务支出')``."""
    joined = "-".join(compact(t) for t in texts if compact(t))
    match = _CATEGORY_CODE.match(joined)
    if match:
        name = (match.group("name") or "").strip("-－— ") or None
        return match.group("code"), name
    return None, joined or None


@dataclass
class _Row:
    index: int
    page: int
    name: str | None
    level: str | None
    category: list[str]
    code: str | None
    unit: str | None
    subject: str | None
    total: Decimal | None
    total_printed: str | None
    funds: tuple[ProjectFund, ...]


def _read_row(
    index: int,
    row: Sequence[str | None],
    page: int,
    cols: _Columns,
    column_paths: Sequence[str],
    unit: str,
) -> _Row:
    roles = cols.roles
    level1 = _first(row, roles.get("level1", []))
    level2 = _first(row, roles.get("level2", []))
    name = level2 or level1 or _first(row, roles.get("name", []))
    level = LEVEL_CHILD if level2 else LEVEL_PARENT if level1 else None
    funds = tuple(
        ProjectFund(
            column_path=column_paths[col],
            period=period,
            amount_yuan=_amount(_cell(row, col), unit),
            amount_printed=_cell(row, col),
        )
        for col, period in cols.amounts
    )
    total_printed = _cell(row, cols.total)
    total = _amount(total_printed, unit)
    if cols.total is None:
        total = _sum([f.amount_yuan for f in funds])
    return _Row(
        index=index,
        page=page,
        name=name,
        level=level,
        category=[t for col in roles.get("category", []) if (t := _cell(row, col))],
        code=_first(row, roles.get("code", [])),
        unit=_first(row, roles.get("unit", [])),
        subject=_first(row, roles.get("subject", [])),
        total=total,
        total_printed=total_printed,
        funds=funds,
    )


def _is_unit_row(rows: list[_Row], position: int) -> bool:
    """A unit's name heading the projects below it: its amount is their sum."""
    row = rows[position]
    if row.level is not None or not row.name or row.total is None:
        return False
    if not row_rules()["unit_name"].search(compact(row.name)):
        return False
    below = []
    for other in rows[position + 1 :]:
        if other.name and row_rules()["unit_name"].search(compact(other.name)):
            break
        below.append(other.total)
    total_below = _sum(below)
    return total_below is not None and abs(total_below - row.total) <= _SUM_TOLERANCE_YUAN * len(
        below
    )


@dataclass(frozen=True)
class ProjectTotal:
    """A row of a 项目支出表 that sums projects: the table's 合计, or a unit's row.

    Attributes:
        row_index: Body row of the table.
        page: Page of that row.
        label: The row's label as printed (合计, or the unit's name).
        kind: ``total`` (the table's total row) or ``unit`` (a unit heading its projects).
        amount_yuan: The row's total in yuan.
        amount_printed: The total as printed.
    """

    row_index: int
    page: int
    label: str
    kind: str
    amount_yuan: Decimal | None
    amount_printed: str | None


@dataclass(frozen=True)
class ProjectTable:
    """Everything one 项目支出表 says: its projects and the rows that sum them."""

    lines: list[ProjectLine]
    totals: list[ProjectTotal]


def parse_project_table(
    column_paths: Sequence[str],
    body_rows: Sequence[Sequence[str | None]],
    row_pages: Sequence[int],
    unit: str = "万元",
    title: str | None = None,
) -> list[ProjectLine]:
    """The project rows of one 项目支出表 (see :func:`read_project_table`)."""
    return read_project_table(column_paths, body_rows, row_pages, unit, title).lines


def read_project_table(
    column_paths: Sequence[str],
    body_rows: Sequence[Sequence[str | None]],
    row_pages: Sequence[int],
    unit: str = "万元",
    title: str | None = None,
) -> ProjectTable:
    """Read one 项目支出表: its project rows, and its total and unit rows.

    Args:
        column_paths: One header path per column (``项目名称/一级项目``).
        body_rows: Body cells, ``None`` where a merged cell covers the position.
        row_pages: Page of each body row.
        unit: Money unit printed above the table (``万元`` / ``元``).
        title: Table title; a title naming 上年结转 makes every amount carried-over money.

    Returns:
        The project lines in printed order — total, category, unit and column-number rows
        are not projects (categories and units are carried onto the projects) — and the
        total and unit rows, which the reconciliation compares with the projects below them.
    """
    cols = _columns(column_paths, title)
    rows = [
        _read_row(i, row, row_pages[i] if i < len(row_pages) else 0, cols, column_paths, unit)
        for i, row in enumerate(body_rows)
    ]
    numbers = row_rules()["column_numbers"]
    lines: list[ProjectLine] = []
    totals: list[ProjectTotal] = []
    category: tuple[str | None, str | None] = (None, None)
    parent: str | None = None
    implementing_unit: str | None = None
    for position, row in enumerate(rows):
        if row.category and not any(row_kind(t) is not None for t in row.category):
            category = _category(row.category)
        label = row.name or next((t for t in row.category if row_kind(t)), None)
        if label and row_kind(label) is not None:
            totals.append(
                ProjectTotal(row.index, row.page, label, "total", row.total, row.total_printed)
            )
            continue
        if not row.name or numbers.match(compact(row.name)):
            continue  # a category row: nothing but its label columns; or column numbers
        if _is_unit_row(rows, position):
            implementing_unit = row.name
            totals.append(
                ProjectTotal(row.index, row.page, row.name, "unit", row.total, row.total_printed)
            )
            continue
        if row.level == LEVEL_PARENT:
            parent = row.name
        lines.append(
            ProjectLine(
                line_seq=len(lines),
                row_index=row.index,
                page=row.page,
                project_name=row.name,
                parent_project=parent if row.level == LEVEL_CHILD else None,
                project_level=row.level,
                has_children=False,
                category_code=category[0],
                category_name=category[1],
                project_code=split_project_code(row.code)[0] or row.code,
                implementing_unit=row.unit or implementing_unit,
                subject=row.subject,
                amount_yuan=row.total,
                amount_printed=row.total_printed,
                current_year_yuan=_sum(
                    [f.amount_yuan for f in row.funds if f.period == PERIOD_CURRENT]
                ),
                carryover_yuan=_sum(
                    [f.amount_yuan for f in row.funds if f.period == PERIOD_CARRYOVER]
                ),
                funds=row.funds,
            )
        )
    parents = {line.parent_project for line in lines if line.parent_project}
    lines = [
        line
        if line.project_level != LEVEL_PARENT or line.project_name not in parents
        else _with_children(line)
        for line in lines
    ]
    return ProjectTable(lines, totals)


def _with_children(line: ProjectLine) -> ProjectLine:
    return replace(line, has_children=True)


PROJECT_LINE_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "table_title": pl.String,
    "page": pl.Int32,
    "row_index": pl.Int32,
    "line_seq": pl.Int32,
    "project_name": pl.String,
    "parent_project": pl.String,
    "project_level": pl.String,
    "has_children": pl.Boolean,
    "category_code": pl.String,
    "category_name": pl.String,
    "project_code": pl.String,
    "implementing_unit": pl.String,
    "subject": pl.String,
    "unit": pl.String,
    "amount_yuan": pl.Decimal(20, 2),
    "amount_printed": pl.String,
    "current_year_yuan": pl.Decimal(20, 2),
    "carryover_yuan": pl.Decimal(20, 2),
    "funds": pl.List(
        pl.Struct(
            {
                "column_path": pl.String,
                "fund_source": pl.String,
                "period": pl.String,
                "amount_yuan": pl.Decimal(20, 2),
                "amount_printed": pl.String,
            }
        )
    ),
}


PROJECT_TOTAL_SCHEMA = {
    "document_id": pl.String,
    "table_id": pl.String,
    "page": pl.Int32,
    "row_index": pl.Int32,
    "label": pl.String,
    "row_kind": pl.String,
    "unit": pl.String,
    "amount_yuan": pl.Decimal(20, 2),
    "amount_printed": pl.String,
}


@dataclass(frozen=True)
class ReadProjectTable:
    """One 项目支出表 of a document, read: its id, the table, its unit and what it says."""

    table_id: str
    table: object
    unit: str
    read: ProjectTable


def read_project_tables(doc: ExtractedDocument) -> list[ReadProjectTable]:
    """Every 项目支出表 of a document, each read once by :func:`read_project_table`."""
    fallback = document_unit(doc.tables)
    out = []
    for table in doc.tables:
        if table.table_type != PROJECT_TABLE_TYPE or table.is_empty:
            continue
        unit = table_unit(table, fallback)[0]
        read = read_project_table(
            table.column_paths, table.body_rows, table.row_pages, unit, table.title
        )
        out.append(
            ReadProjectTable(table_id(doc.document_id, table.table_index), table, unit, read)
        )
    return out


def project_lines_frame(document_id: str, tables: list[ReadProjectTable]) -> pl.DataFrame:
    """The staging frame ``project_lines``: one row per project row of a 项目支出表."""
    rows = [
        {
            "document_id": document_id,
            "table_id": t.table_id,
            "table_title": t.table.title,
            "page": line.page,
            "row_index": line.row_index,
            "line_seq": line.line_seq,
            "project_name": line.project_name,
            "parent_project": line.parent_project,
            "project_level": line.project_level,
            "has_children": line.has_children,
            "category_code": line.category_code,
            "category_name": line.category_name,
            "project_code": line.project_code,
            "implementing_unit": line.implementing_unit,
            "subject": line.subject,
            "unit": t.unit,
            "amount_yuan": line.amount_yuan,
            "amount_printed": line.amount_printed,
            "current_year_yuan": line.current_year_yuan,
            "carryover_yuan": line.carryover_yuan,
            "funds": [
                {
                    "column_path": f.column_path,
                    "fund_source": column_fund_source(f.column_path),
                    "period": f.period,
                    "amount_yuan": f.amount_yuan,
                    "amount_printed": f.amount_printed,
                }
                for f in line.funds
            ],
        }
        for t in tables
        for line in t.read.lines
    ]
    return pl.DataFrame(rows, schema=PROJECT_LINE_SCHEMA)


def project_totals_frame(document_id: str, tables: list[ReadProjectTable]) -> pl.DataFrame:
    """The staging frame ``project_totals``: the total and unit rows of every 项目支出表."""
    rows = [
        {
            "document_id": document_id,
            "table_id": t.table_id,
            "page": total.page,
            "row_index": total.row_index,
            "label": total.label,
            "row_kind": total.kind,
            "unit": t.unit,
            "amount_yuan": total.amount_yuan,
            "amount_printed": total.amount_printed,
        }
        for t in tables
        for total in t.read.totals
    ]
    return pl.DataFrame(rows, schema=PROJECT_TOTAL_SCHEMA)
