"""The indicator grid of a 绩效目标 form: its sides and periods, and one indicator per side and row.

A grid's header row names its columns (一级指标 / 二级指标 / 三级指标 / 指标值 / 权重 …). When
it repeats 二级指标/三级指标/指标值 to the right it has two *sides*; a marker row above it
(实施期目标 | 年度目标) says which period each side covers. Merged cells arrive as ``None``
and 一级/二级指标 are carried down through them; a cell printed blank (``""``) is not carried,
because blank and merged mean different things on the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pipelines import vocabulary
from pipelines.clean.labels import unwrap_lines
from pipelines.clean.targets.model import NATURE_QUANTITATIVE, PERIOD_ANNUAL, IndicatorRow
from pipelines.clean.targets.values import normalize_comparator, parse_target
from pipelines.clean.targets.words import SIDE_ROLES, FormWords, normalize_label

_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Side:
    """One side of a grid: ``{role: column}`` and the period the side covers."""

    columns: Mapping[str, int]
    period: str


@dataclass(frozen=True)
class Grid:
    """The layout of a grid: its sides, and the project columns of a wide table.

    Attributes:
        sides: One or two sides, left to right.
        project_columns: ``{role: (column, money unit printed in the header)}`` for the
            columns that describe the project (项目名称, 预算数(万元) …), not an indicator.
    """

    sides: tuple[Side, ...]
    project_columns: Mapping[str, tuple[int, str | None]]


def _split_sides(roles: Mapping[int, tuple[str, str | None]]) -> list[dict[str, int]]:
    """Group grid columns into sides: a role seen again starts the next side."""
    sides: list[dict[str, int]] = []
    current: dict[str, int] = {}
    for col in sorted(roles):
        role = roles[col][0]
        if role not in SIDE_ROLES:
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
) -> Grid:
    """Turn a header's column roles (and the period markers above it) into a grid layout."""
    sides = tuple(Side(side, _side_period(side, markers or {})) for side in _split_sides(roles))
    project_columns = {
        role: (col, unit) for col, (role, unit) in roles.items() if role not in SIDE_ROLES
    }
    project_columns.pop("row_label", None)
    return Grid(sides=sides, project_columns=project_columns)


@dataclass
class LevelCarry:
    """The 一级/二级指标 of one side, carried down from row to row while a grid is read."""

    level1: str | None = None
    level2: str | None = None


def cell_at(cells: Sequence[str | None], col: int | None) -> str | None:
    """The cell of a row at a column, ``None`` when there is no such column."""
    if col is None or col >= len(cells):
        return None
    return cells[col]


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


def _compose_target(cells: Sequence[str | None], side: Side) -> tuple[str, str | None]:
    """The target text of a side, and the 指标性质 cell as printed.

    Wide tables print comparator (in 指标性质), value and 度量单位 in three columns; joining
    them gives the same text a one-column table would print (``≥280名``).
    """
    value = unwrap_lines(cell_at(cells, side.columns.get("value"))) or ""
    nature = unwrap_lines(cell_at(cells, side.columns.get("nature")))
    measure = unwrap_lines(cell_at(cells, side.columns.get("measure_unit"))) or ""
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
    cells: Sequence[str | None], side: Side, carry: LevelCarry, words: FormWords
) -> None:
    """Carry 一级/二级指标 down through merged (``None``) cells.

    A level-2 cell printed blank is carried too (the grid cannot have an indicator without
    one); a level-1 cell printed blank is inferred from the level-2 word when the vocabulary
    knows its parent, since carrying would attach e.g. 社会效益 to 产出指标.
    """
    raw1 = cell_at(cells, side.columns.get("level1"))
    raw2 = cell_at(cells, side.columns.get("level2"))
    level2 = unwrap_lines(raw2)
    if level2:
        carry.level2 = level2
    level1 = unwrap_lines(raw1)
    if level1:
        carry.level1 = level1
    elif raw1 is not None and level2:
        carry.level1 = words.level2_parent.get(normalize_label(level2)[0], carry.level1)


def indicator_row(
    cells: Sequence[str | None],
    side: Side,
    carry: LevelCarry,
    words: FormWords,
    *,
    page: int,
    project_seq: int,
    project_name: str | None,
    project_code: str | None,
) -> IndicatorRow | None:
    """The indicator one side of a grid row prints, or ``None`` when the side is empty.

    Updates ``carry`` with the row's 一级/二级指标 either way, so a later row under a merged
    cell gets them.
    """
    _update_levels(cells, side, carry, words)
    level3 = unwrap_lines(cell_at(cells, side.columns.get("level3"))) or None
    target, nature_printed = _compose_target(cells, side)
    if not level3 and not target:
        return None
    parsed = parse_target(target)
    description = unwrap_lines(cell_at(cells, side.columns.get("description"))) or None
    return IndicatorRow(
        project_seq=project_seq,
        project_name=project_name,
        project_code=project_code,
        level1=carry.level1,
        level2=carry.level2,
        level3=level3,
        target_text=target,
        comparator=parsed.comparator,
        number=parsed.number,
        unit=parsed.unit,
        weight=parse_weight(cell_at(cells, side.columns.get("weight"))),
        indicator_nature=_nature(nature_printed),
        nature_printed=nature_printed or None,
        period=side.period,
        indicator_description=description,
        page=page,
    )
