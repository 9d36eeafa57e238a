"""Recognising a 绩效目标 form and reading it, row by row, into projects and indicators.

Every province prints these forms differently, but all of them are built from the same two
parts, and this module reads those parts rather than any one layout:

* a **key/value block** describing the project (项目名称, 主管部门, 项目资金 …), printed above
  the indicators (:mod:`~pipelines.clean.targets.block`), or — in wide provincial tables — a
  set of **project columns** filled on the first row of each project;
* an **indicator grid** whose header row names its columns, with one or two sides
  (:mod:`~pipelines.clean.targets.grid`).

Rows are told apart by their words (:mod:`~pipelines.clean.targets.words`), never by their
position. Main entry points: :func:`is_target_form` and :func:`parse_target_form` (both
outputs at once); :func:`indicators_from_form` and :func:`project_facts_from_form` give one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipelines.clean.labels import split_project_code, unwrap_lines
from pipelines.clean.targets.block import (
    ProjectDraft,
    apply_pair,
    project_fact,
    row_pairs,
    set_amount,
    usable_name,
)
from pipelines.clean.targets.grid import Grid, LevelCarry, build_grid, cell_at, indicator_row
from pipelines.clean.targets.model import (
    PERIOD_IMPLEMENTATION,
    IndicatorRow,
    PrintedTable,
    ProjectFact,
    TargetForm,
    as_printed_table,
)
from pipelines.clean.targets.words import (
    FormWords,
    first_label,
    header_roles,
    is_stop_row,
    load_form_words,
    normalize_label,
    period_markers,
    starts_project_block,
)

_DASHES = frozenset("-－—–")


def is_target_form(
    title: str | None,
    header_rows: Sequence[Sequence[str | None]],
    body_rows: Sequence[Sequence[str | None]],
    words: FormWords | None = None,
) -> bool:
    """Whether a table is a project's 绩效目标 form (it holds project performance targets).

    It must carry an indicator-grid header and name its project, either by a 项目名称 column
    in the grid header or by a 项目名称 label in a block row; department-wide target tables
    (title words in ``title_exclude``) are left out because they have no project.
    """
    words = words or load_form_words()
    compact_title = normalize_label(title or "")[0]
    if any(word in compact_title for word in words.title_exclude):
        return False
    rows = [*header_rows, *body_rows]
    has_grid = False
    has_project = False
    for cells in rows:
        roles = header_roles(cells, words)
        if roles is not None:
            has_grid = True
            has_project |= any(role == "project_name" for role, _ in roles.values())
        has_project |= starts_project_block(cells, words)
    return has_grid and has_project


@dataclass
class _FormReader:
    """Walks the rows of one form, keeping the state of the reading (mode, grid, carries).

    Mutable state is confined to one call of :func:`parse_target_form`; what leaves the
    package is frozen.
    """

    table: PrintedTable
    words: FormWords
    drafts: list[ProjectDraft] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    grid: Grid | None = None
    carries: list[LevelCarry] = field(default_factory=list)
    mode: str = "block"
    fund_unit: str | None = None
    in_fund_group: bool = False
    pending_goals: dict[int, str] | None = None

    def new_draft(self, page: int) -> ProjectDraft:
        draft = ProjectDraft(seq=len(self.drafts), page=page)
        self.drafts.append(draft)
        self.carries = [LevelCarry() for _ in (self.grid.sides if self.grid else ())]
        self.in_fund_group = False
        self.pending_goals = None
        return draft

    @property
    def draft(self) -> ProjectDraft | None:
        return self.drafts[-1] if self.drafts else None

    def read(self) -> TargetForm:
        rows = [(cells, self.table.page_first, True) for cells in self.table.header_rows]
        pages = self.table.row_pages
        for index, cells in enumerate(self.table.body_rows):
            page = pages[index] if pages and index < len(pages) else self.table.page_first
            rows.append((cells, page, False))
        for cells, page, is_header in rows:
            self.read_row(cells, page, is_header)
        with_rows = {row.project_seq for row in self.indicators}
        projects = tuple(
            project_fact(d, self.words)
            for d in self.drafts
            if d.named or d.amounts or d.funds or d.seq in with_rows
        )
        return TargetForm(projects=projects, indicators=tuple(self.indicators))

    def read_row(self, cells: Sequence[str | None], page: int, is_header: bool) -> None:
        if not any(cell is not None and cell.strip() for cell in cells):
            return
        roles = header_roles(cells, self.words)
        if roles is not None:
            markers = self.draft.markers if self.draft else {}
            self.grid = build_grid(roles, markers)
            self.carries = [LevelCarry() for _ in self.grid.sides]
            self.mode = "grid"
            return
        if is_header:
            return
        if self.mode != "block" and starts_project_block(cells, self.words):
            self.mode = "block"
            self.grid = None
            self.new_draft(page)
        if self.mode == "block":
            self.read_block_row(cells, page)
        elif self.mode == "grid" and self.grid is not None:
            if is_stop_row(cells, self.words):
                self.mode = "stopped"
                return
            self.read_grid_row(cells, page)

    def read_block_row(self, cells: Sequence[str | None], page: int) -> None:
        draft = self.draft or self.new_draft(page)
        markers = period_markers(cells, self.words)
        if markers:
            draft.markers = markers
            self.pending_goals = markers
            return
        if self.pending_goals and not self.words.fields.get(first_label(cells)):
            self.read_goals(cells, self.pending_goals)
            self.pending_goals = None
            return
        self.pending_goals = None
        start = 0
        if cells[0] is not None:
            label, unit = normalize_label(cells[0])
            self.in_fund_group = self.words.fields.get(label) == "fund_group"
            if self.in_fund_group:
                self.fund_unit = unit or self.table.unit
                start = 1
        elif self.in_fund_group:
            start = 1
        if starts_project_block(cells, self.words):
            if draft.named:
                draft = self.new_draft(page)
            draft.page = page
        unit = self.fund_unit if self.in_fund_group else self.table.unit
        for pair in row_pairs(cells, start):
            apply_pair(draft, pair, unit, self.in_fund_group, self.words)

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
        draft = self.draft
        for side, carry in zip(grid.sides, self.carries, strict=True):
            row = indicator_row(
                cells,
                side,
                carry,
                self.words,
                page=page,
                project_seq=draft.seq if draft else -1,
                project_name=usable_name(draft, self.words) if draft else None,
                project_code=draft.code if draft else None,
            )
            if row is not None:
                self.indicators.append(row)

    def is_total_row(self, cells: Sequence[str | None]) -> bool:
        assert self.grid is not None
        for col, _ in self.grid.project_columns.values():
            label = normalize_label(cell_at(cells, col))[0]
            if any(label.startswith(word) for word in self.words.totals):
                return True
        return False

    def read_project_columns(self, cells: Sequence[str | None], page: int) -> None:
        """Start a project when the wide grid prints a name in its 项目名称 column."""
        assert self.grid is not None
        columns = self.grid.project_columns
        name_col = columns.get("project_name", (None, None))[0]
        printed = unwrap_lines(cell_at(cells, name_col))
        if not printed or set(printed) <= _DASHES:
            return
        previous = self.draft
        draft = self.new_draft(page)
        draft.code, draft.name_printed = split_project_code(printed)
        draft.named = True
        for role, (col, unit) in columns.items():
            raw = cell_at(cells, col)
            if role == "unit_name" and raw is None and previous is not None:
                for key in ("implementing_unit", "implementing_unit_code"):
                    if key in previous.values:
                        draft.values[key] = previous.values[key]
                continue
            self.read_project_cell(draft, role, unwrap_lines(raw) or "", unit, col)

    def read_project_cell(
        self, draft: ProjectDraft, role: str, value: str, unit: str | None, col: int
    ) -> None:
        if not value:
            return
        if role == "amount":
            set_amount(draft, "amount", value, unit or self.table.unit, col)
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


def parse_target_form(table: Mapping[str, Any] | Any, words: FormWords | None = None) -> TargetForm:
    """Read one 绩效目标 form into project facts and indicator rows.

    Args:
        table: A tables.json entry (dict) or an object with ``title``, ``unit``,
            ``page_first``, ``page_last``, ``header_rows``, ``body_rows`` and optionally
            ``row_pages`` (page of each body row, used for provenance).
        words: Words to use instead of ``target_headers.csv`` (for tests).

    Returns:
        The projects named in the form and their indicators, in printed order.
    """
    return _FormReader(as_printed_table(table), words or load_form_words()).read()


def indicators_from_form(
    table: Mapping[str, Any] | Any, words: FormWords | None = None
) -> list[IndicatorRow]:
    """The indicator rows of one 绩效目标 form (see parse_target_form)."""
    return list(parse_target_form(table, words).indicators)


def project_facts_from_form(
    table: Mapping[str, Any] | Any, words: FormWords | None = None
) -> list[ProjectFact]:
    """The project facts of one 绩效目标 form (see parse_target_form)."""
    return list(parse_target_form(table, words).projects)
