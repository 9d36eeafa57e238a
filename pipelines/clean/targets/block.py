"""The key/value block of a 绩效目标 form: what it says about its project.

Above its indicators a form describes the project as label/value pairs (项目名称, 主管部门,
项目资金 …), laid out in whatever columns the province chose. A :class:`ProjectDraft` collects
them while the form is read and :func:`project_fact` freezes it into a
:class:`~pipelines.clean.targets.model.ProjectFact`. Amounts are read by
:mod:`pipelines.clean.amounts`, the one amount policy of the project.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipelines import vocabulary
from pipelines.clean import amounts
from pipelines.clean.labels import split_department_code, unwrap_lines
from pipelines.clean.targets.model import (
    PERIOD_ANNUAL,
    PERIOD_IMPLEMENTATION,
    FundAmount,
    ProjectFact,
)
from pipelines.clean.targets.words import FormWords, normalize_label

# Amount fields of the block, and the side (period) whose fund lines each one totals.
AMOUNT_FIELDS = {
    "amount": PERIOD_ANNUAL,
    "implementation_amount": PERIOD_IMPLEMENTATION,
    "prior_amount": PERIOD_ANNUAL,
}


@dataclass
class ProjectDraft:
    """A project while its form is read (mutable); frozen by :func:`project_fact` at the end.

    Attributes:
        seq: Position of the project within its table.
        page: Page of the row that names the project.
        name_printed: The 项目名称 cell as printed.
        code: Project code where printed.
        values: Other fields by key (``category``, ``competent_department`` …).
        amounts: Amount fields in yuan, by key of :data:`AMOUNT_FIELDS`.
        amount_printed: This year's amount as printed, with its unit.
        funds: Fund-source lines of the 项目资金 block.
        attributes: Every label/value pair as printed.
        total_columns: Column of each printed total → its period, to place fund lines.
        markers: Period markers printed above the goals (and the grid's sides).
        named: Whether a 项目名称 has been read for this project.
    """

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


def amount_in_yuan(text: str | None, unit: str | None) -> Decimal | None:
    """A printed amount in yuan, read by :mod:`pipelines.clean.amounts` (the one amount policy).

    ``None`` when the cell is blank (or a dash), unreadable (``1,23.4``), or the unit is not a
    word of the ``units`` vocabulary: an amount without a known unit is not guessed.
    """
    if unit not in amounts.unit_factors():
        return None
    return amounts.yuan(text, unit)


def set_amount(draft: ProjectDraft, key: str, value: str, unit: str | None, col: int) -> None:
    """Record an amount field (``key`` of :data:`AMOUNT_FIELDS`) printed at column ``col``."""
    draft.amounts[key] = amount_in_yuan(value, unit)
    if key == "amount":
        draft.amount_printed = f"{value} {unit}" if unit else value
    if key in ("amount", "implementation_amount"):
        draft.total_columns[col] = AMOUNT_FIELDS[key]


def _fund_source(label: str, words: FormWords) -> str | None:
    return next((source for stem, source in words.funds if label.startswith(stem)), None)


def _fund_period(draft: ProjectDraft, col: int) -> str:
    left = [c for c in draft.total_columns if c <= col]
    return draft.total_columns[max(left)] if left else PERIOD_ANNUAL


def _without_stamp(value: str) -> str:
    """``某市某局（盖章）`` → ``某市某局``: the stamp note is not part of a name."""
    stamp = vocabulary.search("stamp_suffix", value)
    return value[: stamp.start()] if stamp else value


def apply_pair(
    draft: ProjectDraft,
    pair: tuple[int, str, str],
    unit: str | None,
    in_fund_group: bool,
    words: FormWords,
) -> None:
    """Record one label/value pair of the project block on the draft."""
    col, raw_label, raw_value = pair
    label, label_unit = normalize_label(raw_label)
    value = unwrap_lines(raw_value) or ""
    if not label:
        return
    if value:
        draft.attributes.append((unwrap_lines(raw_label) or label, value))
    key = words.fields.get(label)
    money_unit = label_unit or unit
    if key in AMOUNT_FIELDS:
        set_amount(draft, key, value, money_unit, col)
    elif in_fund_group and (source := _fund_source(label, words)) is not None:
        amount = amount_in_yuan(value, money_unit) if value else None
        draft.funds.append(
            FundAmount(source, unwrap_lines(raw_label) or label, _fund_period(draft, col), amount)
        )
    elif key == "project_name":
        draft.name_printed = value
        draft.named = True
    elif key and key not in ("fund_group", "goal_group") and value:
        draft.values.setdefault(key, _without_stamp(value))


def row_pairs(cells: Sequence[str | None], start: int) -> list[tuple[int, str, str]]:
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


def usable_name(draft: ProjectDraft, words: FormWords) -> str | None:
    """The printed project name, or ``None`` when the cell holds something else (a form title)."""
    name = draft.name_printed
    if not name or any(word in normalize_label(name)[0] for word in words.not_a_name):
        return None
    return name


def project_fact(draft: ProjectDraft, words: FormWords) -> ProjectFact:
    """Freeze a draft: split codes off the departments, keep only usable names."""
    values = draft.values
    department, department_code = split_department_code(values.get("competent_department"))
    unit, unit_code = values.get("implementing_unit"), values.get("implementing_unit_code")
    if unit and not unit_code:
        unit, unit_code = split_department_code(unit)
    code = draft.code or values.get("project_code")
    return ProjectFact(
        project_seq=draft.seq,
        project_name=usable_name(draft, words),
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
