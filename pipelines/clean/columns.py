"""The structure of an amount table: what each column holds, and its side-by-side panels.

Templates differ in how they lay a table out, not in what a column means, so the structure is
read from the cells and the header words (:mod:`pipelines.vocabulary`), never per template:

* **roles** — each column is ``row_number`` (序号 / 栏次 …: never amounts), ``code_part`` (a
  code split over 类 | 款 | 项 columns), ``code`` (3/5/7-digit codes in a column of their own),
  ``label`` (names) or ``amount``. Content decides: a column is amounts when its printed cells
  are mostly figures, so one ``—`` or ``/`` or one misprinted figure never turns a column of
  amounts into labels; empty columns fall back to their header words;
* **panels** — a table prints one or more panels side by side, each some label columns and
  the amount columns after them: 收入 | 支出 summaries, three-sided 收入 | 功能分类 | 支出用途, a
  basic-expenditure table with 人员经费 left and 公用经费 right. Each panel's side
  (``income`` / ``expenditure``) and view (``function`` / ``use``) come from its header path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines import vocabulary
from pipelines.clean.amounts import AMOUNT, BLANK, looks_numeric, normalise, read_amount
from pipelines.clean.labels import is_code
from pipelines.clean.meaning import named_measure
from pipelines.extract.model import ExtractedTable

ROW_NUMBER = "row_number"
CODE_PART = "code_part"
CODE = "code"
LABEL = "label"
AMOUNT_COLUMN = "amount"

_CODE_PART = re.compile(r"^\d{1,3}$")
_ROW_NUMBER = re.compile(r"^\d{1,4}$")
_DIGITS = re.compile(r"^\d+$")


@dataclass
class Panel:
    """Label columns and the amount columns they label, one block of a table side by side.

    Attributes:
        side: ``income`` or ``expenditure`` when the header says so, else ``None``.
        view: ``function`` / ``use`` where an expenditure side is split by view, else ``None``.
        labels: Label columns, left to right (the first names the row).
        code: A column of whole codes, if any.
        code_parts: Columns of a code split over 类 | 款 | 项, with the part each holds.
        row_numbers: Columns numbering the rows (never amounts).
        amounts: Amount columns.
    """

    side: str | None = None
    view: str | None = None
    labels: list[int] = field(default_factory=list)
    code: int | None = None
    code_parts: list[tuple[int, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    amounts: list[int] = field(default_factory=list)

    @property
    def columns(self) -> list[int]:
        """Every column of the panel."""
        parts = [c for c, _ in self.code_parts]
        return sorted(
            self.labels + parts + self.row_numbers + self.amounts
            + ([self.code] if self.code is not None else [])
        )


def _leaf(path: str) -> str:
    return path.split("/")[-1] if path else ""


def _cells(table: ExtractedTable, col: int) -> list[str]:
    """The printed cells of a body column that say what the column holds, normalised.

    Blank cells and dashes say nothing; nor does a total row's label (合计 printed across the
    code columns), a label that numbers the columns (栏次), or a code part's header word
    printed in the body (:func:`_body_code_part`).
    """
    out = []
    for row in table.body_rows:
        if col < len(row) and row[col] is not None:
            text = normalise(row[col])
            if not text or read_amount(text).kind == BLANK:
                continue
            if (
                vocabulary.classify("total_row", text)
                or vocabulary.search("column_number_label", text)
                or vocabulary.classify("code_part_header", text)
            ):
                continue
            out.append(text)
    return out


def _body_code_part(table: ExtractedTable, col: int) -> str | None:
    """The code part (类 / 款 / 项) a body cell of the column names, if one does.

    Some 决算 templates print the last header row of a split code (类 | 款 | 项) on the same
    line as the 合计 row, so the words land in the body.
    """
    for row in table.body_rows:
        if col < len(row) and row[col]:
            part = vocabulary.classify("code_part_header", normalise(row[col]))
            if part:
                return part
    return None


def _is_sequence(cells: list[str]) -> bool:
    """Cells numbering rows: 1, 2, 3 … (a few may be skipped where a row is a total)."""
    if len(cells) < 2 or not all(_ROW_NUMBER.match(c) for c in cells):
        return False
    numbers = [int(c) for c in cells]
    return numbers[0] in (0, 1) and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


def _is_code_column(cells: list[str], path: str) -> bool:
    if not cells:
        return False
    if vocabulary.search("code_header", path) and all(_DIGITS.match(c) for c in cells):
        # Under a 代码 / 编码 header, bare digit strings are codes of some list, not only of
        # the classification: 部门（单位）代码 310, 310001 are never 310 元.
        return True
    if not all(is_code(c) for c in cells):
        return False
    # Without a code header, figures could pass for codes: ask for a hierarchy (a code
    # that extends an earlier one), which amounts do not have.
    return any(b.startswith(a) and b != a for a in cells for b in cells)


def column_role(table: ExtractedTable, col: int) -> str:
    """The role of one column of a table (see the module docstring)."""
    path = table.column_paths[col] if col < len(table.column_paths) else ""
    leaf = _leaf(path)
    cells = _cells(table, col)
    if vocabulary.search("row_number_header", leaf) and all(_ROW_NUMBER.match(c) for c in cells):
        return ROW_NUMBER
    if (
        vocabulary.search("code_part_header", leaf) or _body_code_part(table, col)
    ) and all(_CODE_PART.match(c) for c in cells):
        return CODE_PART
    if _is_code_column(cells, path):
        return CODE
    figures = sum(1 for c in cells if read_amount(c).kind == AMOUNT or looks_numeric(c))
    text = len(cells) - figures
    if cells and not leaf and _is_sequence(cells) and col == 0:
        return ROW_NUMBER
    if text and text >= figures:
        return LABEL
    if figures:
        return AMOUNT_COLUMN
    # Nothing printed: the header decides. A header the vocabulary reads as a measure
    # (项目支出, 人员经费 …) is an amount column left blank.
    if vocabulary.search("code_header", leaf):
        return CODE
    if named_measure(table.table_type, path):
        return AMOUNT_COLUMN
    return LABEL if vocabulary.search("label_header", leaf) else AMOUNT_COLUMN


def _code_part(table: ExtractedTable, col: int) -> str:
    path = table.column_paths[col] if col < len(table.column_paths) else ""
    return (
        vocabulary.classify("code_part_header", _leaf(path))
        or _body_code_part(table, col)
        or "class"
    )


def _side(paths: list[str]) -> tuple[str | None, str | None]:
    """Side and view of a panel from the header paths of its columns.

    The side is named by the top header level (收入 | 支出 over the panel); the view by any
    level under it (功能分类 | 支出用途).
    """
    side = view = None
    for path in paths:
        levels = path.split("/")
        side = side or vocabulary.classify("side_header", levels[0])
        for level in levels:
            view = view or vocabulary.classify("expenditure_view", level)
    return side, view


def panels(table: ExtractedTable) -> list[Panel]:
    """The panels of a table, left to right, each with its columns by role.

    A new panel starts where a label, code or row-number column follows amount columns.
    Sides are kept only when they tell panels apart (a one-panel table has no side, and a
    table whose every panel is 收入 is not two-sided).
    """
    out: list[Panel] = []
    current = Panel()
    for col in range(table.column_count):
        role = column_role(table, col)
        if role != AMOUNT_COLUMN and current.amounts:
            out.append(current)
            current = Panel()
        if role == ROW_NUMBER:
            current.row_numbers.append(col)
        elif role == CODE_PART:
            current.code_parts.append((col, _code_part(table, col)))
        elif role == CODE:
            if current.code is None:
                current.code = col
            else:
                current.labels.append(col)
        elif role == LABEL:
            current.labels.append(col)
        else:
            current.amounts.append(col)
    if current.columns:
        out.append(current)
    for panel in out:
        panel.side, panel.view = _side([table.column_paths[c] for c in panel.columns])
    if len(out) < 2 or len({p.side for p in out}) < 2:
        for panel in out:
            panel.side = None
            panel.view = None
    return out


def join_code_parts(parts: list[tuple[str, str]]) -> tuple[str | None, bool]:
    """A code from its printed parts ``[(part, text)]`` (类 3 digits, 款 and 项 2 digits).

    Returns ``(code, complete)``: a 款 or 项 printed with one digit (``301 2``) is padded
    (``30102``); a 类 that is not three digits (``7`` for 210) makes no code, and
    ``complete`` is ``False`` so the caller can infer the code from the name instead.
    """
    code = ""
    for part, text in parts:
        digits = normalise(text)
        if not digits:
            continue
        if part == "class":
            if len(digits) != 3:
                return None, False
            code = digits
        elif code and len(digits) in (1, 2):
            code += digits.zfill(2)
        else:
            return None, False
    return (code or None), True
