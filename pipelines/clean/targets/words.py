"""The words of a 绩效目标 form, and what they make of a printed row.

Columns, labels and markers are recognised only by their words, which live in
``pipelines/vocabulary/target_headers.csv`` (kind, key, word): a new province's wording is a
data change. Every word and every printed label is compared after :func:`normalize_label`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipelines import vocabulary
from pipelines.clean import amounts
from pipelines.clean.labels import split_part_marker

# Column roles (``column`` keys of target_headers) that belong to one side of an indicator grid;
# every other role (项目名称, 预算数 …) is a project column of a wide table.
SIDE_ROLES = frozenset(
    {"level1", "level2", "level3", "value", "weight", "nature", "measure_unit", "description"}
)
LEVEL_ROLES = frozenset({"level1", "level2", "level3"})

_SPACE_RE = re.compile(r"\s+")
_LABEL_PUNCT_RE = re.compile(r"[()\[\]【】:;]")


@dataclass(frozen=True)
class FormWords:
    """The words that identify columns, labels and markers (from ``target_headers.csv``).

    All keys are normalised with :func:`normalize_label`.

    Attributes:
        columns: Grid header word → column role (``level1``, ``value``, ``weight`` …).
        fields: Block label → field (``project_name``, ``amount``, ``fund_group`` …).
        funds: ``(label stem, fund source)``, longest stem first.
        periods: Period marker → period (``年度目标`` → ``年度``).
        level2_parent: 二级指标 word → the 一级指标 it belongs to.
        stops: Labels of rows that end the grid (负责人, 填报日期 …).
        totals: Words that start a total row of a wide table (合计).
        not_a_name: Words that show a name cell holds no project name (the form's title).
        title_exclude: Title words of department-wide target tables (no project).
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


@lru_cache(maxsize=1)
def load_form_words() -> FormWords:
    """Read the header/label words (``target_headers``), once per process, never at import.

    Returns:
        The words, each normalised as labels are.
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
    return FormWords(
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
    unit is a word of the ``units`` vocabulary in brackets (:func:`amounts.unit_in_brackets`);
    the ``其中`` prefix is the ``other_row_label`` pattern.
    """
    text = _SPACE_RE.sub("", unicodedata.normalize("NFKC", cell or ""))
    unit = amounts.unit_in_brackets(text)
    if unit:
        text = text.replace(f"({unit})", "", 1)
    text = _LABEL_PUNCT_RE.sub("", text)
    text = split_part_marker(text)[1]
    return text, unit


def header_roles(
    cells: Sequence[str | None], words: FormWords
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
        role = words.columns.get(label)
        if role:
            roles[col] = (role, unit)
    found = {role for role, _ in roles.values()}
    if "value" in found and len(found & LEVEL_ROLES) >= 2:
        return roles
    return None


def period_markers(cells: Sequence[str | None], words: FormWords) -> dict[int, str] | None:
    """``{column: period}`` when the row only holds period markers (实施期目标 | 年度目标)."""
    markers: dict[int, str] = {}
    for col, cell in enumerate(cells):
        if cell is None or not cell.strip():
            continue
        label = _without_year(normalize_label(cell)[0])
        if label in words.periods:
            markers[col] = words.periods[label]
        elif words.fields.get(label) != "goal_group":
            return None
    return markers or None


def _without_year(label: str) -> str:
    """``2030年度目标`` → ``年度目标``: a form may print its year before a period label."""
    year = vocabulary.search("year_prefix", label)
    return label[year.end() :] if year else label


def first_label(cells: Sequence[str | None]) -> str:
    """The first printed cell of a row, normalised as a label (``""`` for an empty row)."""
    for cell in cells:
        if cell is not None and cell.strip():
            return normalize_label(cell)[0]
    return ""


def is_stop_row(cells: Sequence[str | None], words: FormWords) -> bool:
    """Whether the row ends the indicator grid (a signature line: 负责人, 填报日期 …)."""
    return any(cell is not None and normalize_label(cell)[0] in words.stops for cell in cells)


def starts_project_block(cells: Sequence[str | None], words: FormWords) -> bool:
    """Whether the row opens a project's key/value block (its first label is 项目名称)."""
    return words.fields.get(first_label(cells)) == "project_name"
