"""Turn project performance-target tables (项目支出绩效目标表 / 绩效目标申报表) into rows.

Every province prints these forms differently, but all of them are built from the same two
parts, and this module reads those parts rather than any one layout:

* a **key/value block** describing the project (项目名称, 主管部门, 项目资金 …), printed above
  the indicators, or — in wide provincial tables — a set of **project columns** filled on the
  first row of each project;
* an **indicator grid** whose header row names its columns (一级指标 / 二级指标 / 三级指标 /
  指标值 / 权重 …). When a grid repeats 二级指标/三级指标/指标值 to the right it has two
  *sides*; a marker row above it (实施期目标 | 年度目标) says which period each side covers.

Columns and labels are recognised only by their words, which live in
``pipelines/vocabulary/target_headers.csv``; a new province's wording is a data change. Merged
cells arrive as ``None`` and are carried down from the row above; a cell printed blank (``""``)
is not, because blank and merged mean different things on the page.

Main entry points: :func:`parse_performance_table` (both outputs at once),
:func:`indicators_from_table`, :func:`project_facts_from_table` and
:func:`is_performance_table`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pipelines import vocabulary
from pipelines.clean import amounts
from pipelines.clean.labels import (
    split_department_code,
    split_part_marker,
    split_project_code,
    unwrap_lines,
)
from pipelines.clean.targets import normalize_comparator, parse_target

PERIOD_ANNUAL = "年度"
PERIOD_IMPLEMENTATION = "实施期"
NATURE_QUANTITATIVE = "定量"
NATURE_QUALITATIVE = "定性"

_SIDE_ROLES = frozenset(
    {"level1", "level2", "level3", "value", "weight", "nature", "measure_unit", "description"}
)
_LEVEL_ROLES = frozenset({"level1", "level2", "level3"})

_SPACE_RE = re.compile(r"\s+")
_LABEL_PUNCT_RE = re.compile(r"[()\[\]【】:;]")
_DASHES = frozenset("-－—–")


# --------------------------------------------------------------------------------------------
# Data shapes


@dataclass(frozen=True)
class PerformanceTableInput:
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
    """What a performance-target table says about its project.

    Attributes:
        project_seq: 0-based position of the project within its table; indicators carry the
            same number, so the two outputs join even when two projects share a name.
        project_name: Name as printed, or ``None`` when the name cell holds something that is
            not a name (e.g. the form's own title); see :func:`name_unnamed_projects`.
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
        comparator: From :func:`pipelines.clean.targets.parse_target`.
        number: From :func:`pipelines.clean.targets.parse_target`.
        unit: From :func:`pipelines.clean.targets.parse_target`.
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
class PerformanceTable:
    """Both outputs of one table: its projects and their indicators."""

    projects: tuple[ProjectFact, ...]
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The words that identify columns, labels and markers (from performance_headers.csv).

    All keys are normalised with :func:`normalize_label`.
    """

    columns: Mapping[str, str]
    fields: Mapping[str, str]
    funds: tuple[tuple[str, str], ...]
    periods: Mapping[str, str]
    level2_parent: Mapping[str, str]
    stops: frozenset[str]
    totals: tuple[str, ...]
    not_a_name: tuple[str, ...]
    title_exclude: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Vocabulary and small text helpers


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Read the header/label words (``target_headers``), once per process, never at import.

    Returns:
        The vocabulary with every word normalised as labels are.
    """
    columns: dict[str, str] = {}
    fields: dict[str, str] = {}
    funds: list[tuple[str, str]] = []
    periods: dict[str, str] = {}
    parents: dict[str, str] = {}
    lists: dict[str, list[str]] = {"stop": [], "total": [], "not_a_name": [], "title_exclude": []}
    for row in vocabulary.table("target_headers"):
        kind, key = row["kind"], row["key"]
        word = normalize_label(row["word"])[0]
        if kind and word:
            if kind == "column":
                columns[word] = key
            elif kind == "field":
                fields[word] = key
            elif kind == "fund":
                funds.append((word, key))
            elif kind == "period":
                periods[word] = key
            elif kind == "level2_parent":
                parents[word] = key
            elif kind in lists:
                lists[kind].append(word)
    return Vocabulary(
        columns=columns,
        fields=fields,
        funds=tuple(sorted(funds, key=lambda item: -len(item[0]))),
        periods=periods,
        level2_parent=parents,
        stops=frozenset(lists["stop"]),
        totals=tuple(lists["total"]),
        not_a_name=tuple(lists["not_a_name"]),
        title_exclude=tuple(lists["title_exclude"]),
    )


def normalize_label(cell: str | None) -> tuple[str, str | None]:
    """Reduce a label to its comparable core and the money unit printed in it.

    ``项目资金(元):`` → ``("项目资金", "元")``; ``主管部门(及代码)`` → ``("主管部门及代码",
    None)``; ``其中:中央财政资金`` → ``("中央财政资金", None)``. Full-width forms, whitespace,
    brackets and colons are what vary between provinces and between pages of one form. The
    unit is a word of the ``units`` vocabulary in brackets (:func:`amounts.unit_in_brackets`).
    """
    text = _SPACE_RE.sub("", unicodedata.normalize("NFKC", cell or ""))
    unit = amounts.unit_in_brackets(text)
    if unit:
        text = text.replace(f"({unit})", "", 1)
    text = _LABEL_PUNCT_RE.sub("", text)
    text = split_part_marker(text)[1]
    return text, unit


def amount_in_yuan(text: str | None, unit: str | None) -> Decimal | None:
    """A printed amount in yuan, read by :mod:`pipelines.clean.amounts` (the one amount policy).

    ``None`` when the cell is blank (or a dash), unreadable (``1,23.4``), or the unit is not a
    word of the ``units`` vocabulary: an amount without a known unit is not guessed.
    """
    if unit not in amounts.unit_factors():
        return None
    return amounts.yuan(text, unit)


def parse_weight(text: str | None) -> Decimal | None:
    """Read a printed weight (``20``, ``10.00``, ``10%``) as a decimal, keeping its digits."""
    if text is None:
        return None
    compact = _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).removesuffix("%")
    if not compact:
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


def as_table(table: Mapping[str, Any] | Any) -> PerformanceTableInput:
    """Accept a tables.json entry (a dict) or any object with the same attributes."""

    def get(name: str, default: Any = None) -> Any:
        if isinstance(table, Mapping):
            return table.get(name, default)
        return getattr(table, name, default)

    def rows(value: Any) -> tuple[tuple[str | None, ...], ...]:
        return tuple(tuple(row) for row in (value or ()))

    page_first = int(get("page_first") or 0)
    row_pages = get("row_pages")
    return PerformanceTableInput(
        title=get("title") or "",
        unit=get("unit"),
        page_first=page_first,
        page_last=int(get("page_last") or page_first),
        header_rows=rows(get("header_rows")),
        body_rows=rows(get("body_rows")),
        row_pages=tuple(int(p) for p in row_pages) if row_pages is not None else None,
    )


# --------------------------------------------------------------------------------------------
# Recognising rows


def header_roles(
    cells: Sequence[str | None], vocab: Vocabulary
) -> dict[int, tuple[str, str | None]] | None:
    """Column roles of an indicator-grid header row, or ``None`` if the row is not one.

    A row is a grid header when it names a value column and at least two indicator levels;
    one stray word such as 指标 in a block row is not enough.

    Returns:
        ``{column: (role, money unit printed in the header or None)}``.
    """
    roles: dict[int, tuple[str, str | None]] = {}
    for col, cell in enumerate(cells):
        if cell is None:
            continue
        label, unit = normalize_label(cell)
        role = vocab.columns.get(label)
        if role:
            roles[col] = (role, unit)
    found = {role for role, _ in roles.values()}
    if "value" in found and len(found & _LEVEL_ROLES) >= 2:
        return roles
    return None


def period_markers(cells: Sequence[str | None], vocab: Vocabulary) -> dict[int, str] | None:
    """``{column: period}`` when the row only holds period markers (实施期目标 | 年度目标)."""
    markers: dict[int, str] = {}
    for col, cell in enumerate(cells):
        if cell is None or not cell.strip():
            continue
        label = _without_year(normalize_label(cell)[0])
        if label in vocab.periods:
            markers[col] = vocab.periods[label]
        elif vocab.fields.get(label) != "goal_group":
            return None
    return markers or None


def _without_year(label: str) -> str:
    """``2030年度目标`` → ``年度目标``: a form may print its year before a period label."""
    year = vocabulary.search("year_prefix", label)
    return label[year.end() :] if year else label


def _without_stamp(value: str) -> str:
    """``某市某局（盖章）`` → ``某市某局``: the stamp note is not part of a name."""
    stamp = vocabulary.search("stamp_suffix", value)
    return value[: stamp.start()] if stamp else value


def _first_label(cells: Sequence[str | None]) -> str:
    for cell in cells:
        if cell is not None and cell.strip():
            return normalize_label(cell)[0]
    return ""


def _is_stop_row(cells: Sequence[str | None], vocab: Vocabulary) -> bool:
    return any(cell is not None and normalize_label(cell)[0] in vocab.stops for cell in cells)


def _starts_project_block(cells: Sequence[str | None], vocab: Vocabulary) -> bool:
    return vocab.fields.get(_first_label(cells)) == "project_name"


def is_performance_table(
    title: str | None,
    header_rows: Sequence[Sequence[str | None]],
    body_rows: Sequence[Sequence[str | None]],
    vocab: Vocabulary | None = None,
) -> bool:
    """Whether a table holds project performance targets.

    It must carry an indicator-grid header and name its project, either by a 项目名称 column
    in the grid header or by a 项目名称 label in a block row; department-wide target tables
    (title words in ``title_exclude``) are left out because they have no project.
    """
    vocab = vocab or load_vocabulary()
    compact_title = normalize_label(title or "")[0]
    if any(word in compact_title for word in vocab.title_exclude):
        return False
    rows = [*header_rows, *body_rows]
    has_grid = False
    has_project = False
    for cells in rows:
        roles = header_roles(cells, vocab)
        if roles is not None:
            has_grid = True
            has_project |= any(role == "project_name" for role, _ in roles.values())
        has_project |= _starts_project_block(cells, vocab)
    return has_grid and has_project


# --------------------------------------------------------------------------------------------
# The grid


@dataclass(frozen=True)
class _Side:
    columns: Mapping[str, int]
    period: str


@dataclass(frozen=True)
class _Grid:
    sides: tuple[_Side, ...]
    project_columns: Mapping[str, tuple[int, str | None]]


def _split_sides(roles: Mapping[int, tuple[str, str | None]]) -> list[dict[str, int]]:
    """Group grid columns into sides: a role seen again starts the next side."""
    sides: list[dict[str, int]] = []
    current: dict[str, int] = {}
    for col in sorted(roles):
        role = roles[col][0]
        if role not in _SIDE_ROLES:
            continue
        if role in current:
            sides.append(current)
            current = {}
        current[role] = col
    if current:
        sides.append(current)
    shared_level1 = sides[0].get("level1") if sides else None
    if shared_level1 is not None:
        for side in sides:
            side.setdefault("level1", shared_level1)
    return sides


def _side_period(side: Mapping[str, int], markers: Mapping[int, str]) -> str:
    """The period of the nearest marker printed at or left of the side's own columns."""
    if not markers:
        return PERIOD_ANNUAL
    own = [col for role, col in side.items() if role != "level1"] or list(side.values())
    anchor = min(own)
    left = [col for col in markers if col <= anchor]
    return markers[max(left) if left else min(markers)]


def build_grid(
    roles: Mapping[int, tuple[str, str | None]], markers: Mapping[int, str] | None
) -> _Grid:
    """Turn a header's column roles (and the period markers above it) into a grid layout."""
    sides = tuple(_Side(side, _side_period(side, markers or {})) for side in _split_sides(roles))
    project_columns = {
        role: (col, unit) for col, (role, unit) in roles.items() if role not in _SIDE_ROLES
    }
    project_columns.pop("row_label", None)
    return _Grid(sides=sides, project_columns=project_columns)


# --------------------------------------------------------------------------------------------
# Project drafts (mutable while the table is read, frozen into ProjectFact at the end)


@dataclass
class _Draft:
    seq: int
    page: int
    name_printed: str | None = None
    code: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    amounts: dict[str, Decimal | None] = field(default_factory=dict)
    amount_printed: str | None = None
    funds: list[FundAmount] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    total_columns: dict[int, str] = field(default_factory=dict)
    markers: dict[int, str] = field(default_factory=dict)
    named: bool = False


_AMOUNT_FIELDS = {
    "amount": PERIOD_ANNUAL,
    "implementation_amount": PERIOD_IMPLEMENTATION,
    "prior_amount": PERIOD_ANNUAL,
}


def _set_amount(draft: _Draft, key: str, value: str, unit: str | None, col: int) -> None:
    draft.amounts[key] = amount_in_yuan(value, unit)
    if key == "amount":
        draft.amount_printed = f"{value} {unit}" if unit else value
    if key in ("amount", "implementation_amount"):
        draft.total_columns[col] = _AMOUNT_FIELDS[key]


def _fund_source(label: str, vocab: Vocabulary) -> str | None:
    return next((source for stem, source in vocab.funds if label.startswith(stem)), None)


def _fund_period(draft: _Draft, col: int) -> str:
    left = [c for c in draft.total_columns if c <= col]
    return draft.total_columns[max(left)] if left else PERIOD_ANNUAL


def _apply_pair(
    draft: _Draft,
    pair: tuple[int, str, str],
    unit: str | None,
    in_fund_group: bool,
    vocab: Vocabulary,
) -> None:
    """Record one label/value pair of the project block on the draft."""
    col, raw_label, raw_value = pair
    label, label_unit = normalize_label(raw_label)
    value = unwrap_lines(raw_value) or ""
    if not label:
        return
    if value:
        draft.attributes.append((unwrap_lines(raw_label) or label, value))
    key = vocab.fields.get(label)
    money_unit = label_unit or unit
    if key in _AMOUNT_FIELDS:
        _set_amount(draft, key, value, money_unit, col)
    elif in_fund_group and (source := _fund_source(label, vocab)) is not None:
        amount = amount_in_yuan(value, money_unit) if value else None
        draft.funds.append(
            FundAmount(source, unwrap_lines(raw_label) or label, _fund_period(draft, col), amount)
        )
    elif key == "project_name":
        draft.name_printed = value
        draft.named = True
    elif key and key not in ("fund_group", "goal_group") and value:
        draft.values.setdefault(key, _without_stamp(value))


def _row_pairs(cells: Sequence[str | None], start: int) -> list[tuple[int, str, str]]:
    """Pair the printed cells of a block row as label, value, label, value and so on.

    A lone cell ``label: value`` (申报单位名称: …) is split at its first colon.
    """
    items = [(col, cells[col]) for col in range(start, len(cells)) if cells[col] is not None]
    pairs: list[tuple[int, str, str]] = []
    for index in range(0, len(items), 2):
        col, label = items[index]
        value = items[index + 1][1] if index + 1 < len(items) else ""
        if not (value or "").strip():
            head, sep, tail = unicodedata.normalize("NFKC", label or "").partition(":")
            if sep and tail.strip():
                label, value = head, tail
        pairs.append((col, label or "", value or ""))
    return pairs


# --------------------------------------------------------------------------------------------
# Indicator rows


@dataclass
class _Carry:
    level1: str | None = None
    level2: str | None = None


def _cell(cells: Sequence[str | None], col: int | None) -> str | None:
    if col is None or col >= len(cells):
        return None
    return cells[col]


def _compose_target(cells: Sequence[str | None], side: _Side) -> tuple[str, str | None]:
    """The target text of a side, and the 指标性质 cell as printed.

    Wide tables print comparator (in 指标性质), value and 度量单位 in three columns; joining
    them gives the same text a one-column table would print (``≥280名``).
    """
    value = unwrap_lines(_cell(cells, side.columns.get("value"))) or ""
    nature = unwrap_lines(_cell(cells, side.columns.get("nature")))
    measure = unwrap_lines(_cell(cells, side.columns.get("measure_unit"))) or ""
    if not value:
        return "", nature
    comparator = normalize_comparator(nature) or ""
    return f"{comparator}{value}{measure}", nature


def _nature(printed: str | None) -> str | None:
    """``定性`` / ``定量`` from the 指标性质 cell as printed, else ``None``.

    The words are ``indicator_nature`` patterns; a comparator printed in the cell (``≥``)
    makes the indicator quantitative.
    """
    if not printed:
        return None
    nature = vocabulary.classify("indicator_nature", printed)
    if nature is None and normalize_comparator(printed):
        return NATURE_QUANTITATIVE
    return nature


def _update_levels(
    cells: Sequence[str | None], side: _Side, carry: _Carry, vocab: Vocabulary
) -> None:
    """Carry 一级/二级指标 down through merged (``None``) cells.

    A level-2 cell printed blank is carried too (the grid cannot have an indicator without
    one); a level-1 cell printed blank is inferred from the level-2 word when the vocabulary
    knows its parent, since carrying would attach e.g. 社会效益 to 产出指标.
    """
    raw1 = _cell(cells, side.columns.get("level1"))
    raw2 = _cell(cells, side.columns.get("level2"))
    level2 = unwrap_lines(raw2)
    if level2:
        carry.level2 = level2
    level1 = unwrap_lines(raw1)
    if level1:
        carry.level1 = level1
    elif raw1 is not None and level2:
        carry.level1 = vocab.level2_parent.get(normalize_label(level2)[0], carry.level1)


def _indicator(
    cells: Sequence[str | None],
    side: _Side,
    carry: _Carry,
    draft: _Draft | None,
    page: int,
    vocab: Vocabulary,
) -> IndicatorRow | None:
    _update_levels(cells, side, carry, vocab)
    level3 = unwrap_lines(_cell(cells, side.columns.get("level3"))) or None
    target, nature_printed = _compose_target(cells, side)
    if not level3 and not target:
        return None
    parsed = parse_target(target)
    description = unwrap_lines(_cell(cells, side.columns.get("description"))) or None
    return IndicatorRow(
        project_seq=draft.seq if draft else -1,
        project_name=_usable_name(draft, vocab) if draft else None,
        project_code=draft.code if draft else None,
        level1=carry.level1,
        level2=carry.level2,
        level3=level3,
        target_text=target,
        comparator=parsed.comparator,
        number=parsed.number,
        unit=parsed.unit,
        weight=parse_weight(_cell(cells, side.columns.get("weight"))),
        indicator_nature=_nature(nature_printed),
        nature_printed=nature_printed or None,
        period=side.period,
        indicator_description=description,
        page=page,
    )


def _usable_name(draft: _Draft, vocab: Vocabulary) -> str | None:
    name = draft.name_printed
    if not name or any(word in normalize_label(name)[0] for word in vocab.not_a_name):
        return None
    return name


# --------------------------------------------------------------------------------------------
# Reading a whole table


@dataclass
class _Reader:
    """Walks the rows of one table, keeping the state of the reading (mode, grid, carries).

    Mutable state is confined to one call of :func:`parse_performance_table`; what leaves the
    module is frozen.
    """

    table: PerformanceTableInput
    vocab: Vocabulary
    drafts: list[_Draft] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    grid: _Grid | None = None
    carries: list[_Carry] = field(default_factory=list)
    mode: str = "block"
    fund_unit: str | None = None
    in_fund_group: bool = False
    pending_goals: dict[int, str] | None = None

    def new_draft(self, page: int) -> _Draft:
        draft = _Draft(seq=len(self.drafts), page=page)
        self.drafts.append(draft)
        self.carries = [_Carry() for _ in (self.grid.sides if self.grid else ())]
        self.in_fund_group = False
        self.pending_goals = None
        return draft

    @property
    def draft(self) -> _Draft | None:
        return self.drafts[-1] if self.drafts else None

    def read(self) -> PerformanceTable:
        rows = [(cells, self.table.page_first, True) for cells in self.table.header_rows]
        pages = self.table.row_pages
        for index, cells in enumerate(self.table.body_rows):
            page = pages[index] if pages and index < len(pages) else self.table.page_first
            rows.append((cells, page, False))
        for cells, page, is_header in rows:
            self.read_row(cells, page, is_header)
        with_rows = {row.project_seq for row in self.indicators}
        projects = tuple(
            _freeze(d, self.vocab)
            for d in self.drafts
            if d.named or d.amounts or d.funds or d.seq in with_rows
        )
        return PerformanceTable(projects=projects, indicators=tuple(self.indicators))

    def read_row(self, cells: Sequence[str | None], page: int, is_header: bool) -> None:
        if not any(cell is not None and cell.strip() for cell in cells):
            return
        roles = header_roles(cells, self.vocab)
        if roles is not None:
            markers = self.draft.markers if self.draft else {}
            self.grid = build_grid(roles, markers)
            self.carries = [_Carry() for _ in self.grid.sides]
            self.mode = "grid"
            return
        if is_header:
            return
        if self.mode != "block" and _starts_project_block(cells, self.vocab):
            self.mode = "block"
            self.grid = None
            self.new_draft(page)
        if self.mode == "block":
            self.read_block_row(cells, page)
        elif self.mode == "grid" and self.grid is not None:
            if _is_stop_row(cells, self.vocab):
                self.mode = "stopped"
                return
            self.read_grid_row(cells, page)

    def read_block_row(self, cells: Sequence[str | None], page: int) -> None:
        draft = self.draft or self.new_draft(page)
        markers = period_markers(cells, self.vocab)
        if markers:
            draft.markers = markers
            self.pending_goals = markers
            return
        if self.pending_goals and not self.vocab.fields.get(_first_label(cells)):
            self.read_goals(cells, self.pending_goals)
            self.pending_goals = None
            return
        self.pending_goals = None
        start = 0
        if cells[0] is not None:
            label, unit = normalize_label(cells[0])
            self.in_fund_group = self.vocab.fields.get(label) == "fund_group"
            if self.in_fund_group:
                self.fund_unit = unit or self.table.unit
                start = 1
        elif self.in_fund_group:
            start = 1
        if _starts_project_block(cells, self.vocab):
            if draft.named:
                draft = self.new_draft(page)
            draft.page = page
        unit = self.fund_unit if self.in_fund_group else self.table.unit
        for pair in _row_pairs(cells, start):
            _apply_pair(draft, pair, unit, self.in_fund_group, self.vocab)

    def read_goals(self, cells: Sequence[str | None], markers: Mapping[int, str]) -> None:
        draft = self.draft
        assert draft is not None
        for col, cell in enumerate(cells):
            text = unwrap_lines(cell)
            if not text:
                continue
            left = [c for c in markers if c <= col]
            period = markers[max(left) if left else min(markers)]
            key = "implementation_goal" if period == PERIOD_IMPLEMENTATION else "annual_goal"
            draft.values.setdefault(key, text)

    def read_grid_row(self, cells: Sequence[str | None], page: int) -> None:
        grid = self.grid
        assert grid is not None
        if grid.project_columns:
            if self.is_total_row(cells):
                return
            self.read_project_columns(cells, page)
        for side, carry in zip(grid.sides, self.carries, strict=True):
            row = _indicator(cells, side, carry, self.draft, page, self.vocab)
            if row is not None:
                self.indicators.append(row)

    def is_total_row(self, cells: Sequence[str | None]) -> bool:
        assert self.grid is not None
        for col, _ in self.grid.project_columns.values():
            label = normalize_label(_cell(cells, col))[0]
            if any(label.startswith(word) for word in self.vocab.totals):
                return True
        return False

    def read_project_columns(self, cells: Sequence[str | None], page: int) -> None:
        """Start a project when the wide grid prints a name in its 项目名称 column."""
        assert self.grid is not None
        columns = self.grid.project_columns
        name_col = columns.get("project_name", (None, None))[0]
        printed = unwrap_lines(_cell(cells, name_col))
        if not printed or set(printed) <= _DASHES:
            return
        previous = self.draft
        draft = self.new_draft(page)
        draft.code, draft.name_printed = split_project_code(printed)
        draft.named = True
        for role, (col, unit) in columns.items():
            raw = _cell(cells, col)
            if role == "unit_name" and raw is None and previous is not None:
                for key in ("implementing_unit", "implementing_unit_code"):
                    if key in previous.values:
                        draft.values[key] = previous.values[key]
                continue
            self.read_project_cell(draft, role, unwrap_lines(raw) or "", unit, col)

    def read_project_cell(
        self, draft: _Draft, role: str, value: str, unit: str | None, col: int
    ) -> None:
        if not value:
            return
        if role == "amount":
            _set_amount(draft, "amount", value, unit or self.table.unit, col)
        elif role == "unit_name":
            code, name = split_project_code(value)
            draft.values["implementing_unit"] = name or value
            if code:
                draft.values["implementing_unit_code"] = code
        elif role == "project_code":
            draft.code = value
        elif role == "category":
            draft.values["category"] = value
        elif role == "goal":
            draft.values["annual_goal"] = value


def _freeze(draft: _Draft, vocab: Vocabulary) -> ProjectFact:
    values = draft.values
    department, department_code = split_department_code(values.get("competent_department"))
    unit, unit_code = values.get("implementing_unit"), values.get("implementing_unit_code")
    if unit and not unit_code:
        unit, unit_code = split_department_code(unit)
    code = draft.code or values.get("project_code")
    return ProjectFact(
        project_seq=draft.seq,
        project_name=_usable_name(draft, vocab),
        project_name_printed=draft.name_printed,
        project_code=code,
        category=values.get("category"),
        project_level=values.get("project_level"),
        competent_department=department,
        competent_department_code=department_code,
        implementing_unit=unit,
        implementing_unit_code=unit_code,
        period_text=values.get("period_text"),
        planned_start=values.get("planned_start"),
        planned_end=values.get("planned_end"),
        amount_yuan=draft.amounts.get("amount"),
        implementation_amount_yuan=draft.amounts.get("implementation_amount"),
        prior_year_amount_yuan=draft.amounts.get("prior_amount"),
        amount_printed=draft.amount_printed,
        funds=tuple(draft.funds),
        annual_goal=values.get("annual_goal"),
        implementation_goal=values.get("implementation_goal"),
        attributes=tuple(draft.attributes),
        page=draft.page,
    )


# --------------------------------------------------------------------------------------------
# Public API


def parse_performance_table(
    table: Mapping[str, Any] | Any, vocab: Vocabulary | None = None
) -> PerformanceTable:
    """Read one performance-target table into project facts and indicator rows.

    Args:
        table: A tables.json entry (dict) or an object with ``title``, ``unit``,
            ``page_first``, ``page_last``, ``header_rows``, ``body_rows`` and optionally
            ``row_pages`` (page of each body row, used for provenance).
        vocab: Vocabulary to use instead of ``performance_headers.csv`` (for tests).

    Returns:
        The projects named in the table and their indicators, in printed order.
    """
    return _Reader(as_table(table), vocab or load_vocabulary()).read()


def indicators_from_table(
    table: Mapping[str, Any] | Any, vocab: Vocabulary | None = None
) -> list[IndicatorRow]:
    """The indicator rows of one performance-target table (see parse_performance_table)."""
    return list(parse_performance_table(table, vocab).indicators)


def project_facts_from_table(
    table: Mapping[str, Any] | Any, vocab: Vocabulary | None = None
) -> list[ProjectFact]:
    """The project facts of one performance-target table (see parse_performance_table)."""
    return list(parse_performance_table(table, vocab).projects)


def resolve_project_name(
    fact: ProjectFact,
    candidates: Iterable[tuple[str, Decimal]],
    tolerance_yuan: Decimal = Decimal("50"),
) -> str | None:
    """Name a project whose table printed no usable name, by its amount.

    Some forms print their own title in the 项目名称 cell. The project is then the one, among
    the budgeted projects (项目支出表), whose amount equals this table's annual amount; the
    default tolerance of 50 yuan covers 项目支出表 amounts rounded to 0.01 万元. Only a unique
    match is accepted: two candidates with the same amount leave the name unknown.

    Args:
        fact: The project read from the performance table.
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
    parsed: PerformanceTable, candidates: Iterable[tuple[str, Decimal]]
) -> PerformanceTable:
    """Fill in names the table did not print (see resolve_project_name), facts and rows alike."""
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
    return PerformanceTable(projects=projects, indicators=indicators)
