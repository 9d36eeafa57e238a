"""A source table re-shaped for one layout: classification codes, unit and numbering.

Pure functions from a ``*.tables.json`` table (a dict) and a :class:`Layout` to a
:class:`Table`, the cells exactly as they will be printed. The golden facts do not change:
codes are moved, amounts are the same money in another unit, numbering is added.

Codes are found generically: a column of 3/5/7-digit codes beside the name column, codes
leading the names (``2080109社会保险经办机构``) or in parentheses after them
(``社会保险经办机构(2080109)``). Tables without such codes keep their columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from tests.layouts.factors import Layout
from tests.layouts.tables import (
    Block,
    Cell,
    block_from_rows,
    delete_column,
    insert_column,
    split_column,
)

CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
_LEADING = re.compile(r"^(\d{3}|\d{5}|\d{7})\s*([\u4e00-\u9fff].*)$", re.S)
_PARENS = re.compile(r"^(.*\S)\s*[（(](\d{3}|\d{5}|\d{7})[)）]$", re.S)
_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*")
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_TOTAL_WORDS = ("合计", "总计", "小计")
_NOT_AMOUNT_HEADINGS = ("编码", "代码", "序号", "栏次", "编号")
_LABEL_HEADINGS = ("名称", "项目", "科目", "单位", *_NOT_AMOUNT_HEADINGS)
CODE_HEADING = "科目编码"
CODE_PARTS = ("类", "款", "项")


@dataclass(frozen=True)
class Table:
    """A table as printed: title, unit, header cells, body rows and each column's kind.

    ``kinds`` holds ``amount`` (money, right-aligned, scaled with the unit), ``code``
    (classification code parts), ``number`` (序号) or ``text``.
    """

    title: str
    unit: str | None
    header: Block
    body: tuple[tuple[str | None, ...], ...]
    kinds: tuple[str, ...]

    @property
    def is_form(self) -> bool:
        """A form (绩效目标表): no header, label and value cells merged freely."""
        return self.header.n_rows == 0


@dataclass(frozen=True)
class CodeSite:
    """Where a table prints subject codes: in its own column, leading or after the names."""

    style: str  # "column", "leading" or "parens"
    name_col: int
    codes: tuple[str, ...]  # per body row, "" where the row has none
    names: tuple[str, ...]  # per body row, the name cell without its code
    extras: tuple[str, ...]  # per body row, non-code text in the code column ("合计")


def squash(text: str | None) -> str:
    """Text without whitespace, for comparing labels."""
    return re.sub(r"\s+", "", text or "")


def is_amount(text: str | None) -> bool:
    """Whether a cell prints a number (``9,619.41``, ``0``, ``-3.5``)."""
    return bool(text) and bool(_AMOUNT.match(text.strip()))


def column_heading(header: Block, col: int) -> str:
    """All header text over a column, top to bottom."""
    return "".join(
        squash(c.text)
        for c in sorted(header.cells, key=lambda c: c.row)
        if c.col <= col <= c.last_col
    )


def _cell(row: Sequence[str | None], col: int) -> str:
    return (row[col] or "") if col < len(row) else ""


def find_code_site(header: Block, body: Sequence[Sequence[str | None]]) -> CodeSite | None:
    """The first place the table prints subject codes, or None."""
    n_cols = header.n_cols
    for col in range(n_cols - 1):
        values = [_cell(r, col).strip() for r in body]
        codes = [v for v in values if CODE.match(v)]
        others = [v for v in values if v and not CODE.match(v)]
        named = any(w in column_heading(header, col) for w in ("编码", "代码"))
        if not codes or (len(codes) < 2 and not named):
            continue
        if any(not any(w in squash(o) for w in _TOTAL_WORDS) for o in others):
            continue
        if all(is_amount(_cell(r, col + 1)) or not _cell(r, col + 1) for r in body):
            continue
        return CodeSite(
            "column",
            col + 1,
            tuple(v if CODE.match(v) else "" for v in values),
            tuple(_cell(r, col + 1) for r in body),
            tuple("" if CODE.match(v) else v for v in values),
        )
    for col in range(n_cols):
        for style, pattern in (("leading", _LEADING), ("parens", _PARENS)):
            matches = [pattern.match(_cell(r, col).strip()) for r in body]
            if sum(m is not None for m in matches) < 2:
                continue
            codes, names = [], []
            for row, m in zip(body, matches, strict=True):
                if m is None:
                    codes.append("")
                    names.append(_cell(row, col))
                elif style == "leading":
                    codes.append(m.group(1))
                    names.append(m.group(2))
                else:
                    codes.append(m.group(2))
                    names.append(m.group(1))
            return CodeSite(style, col, tuple(codes), tuple(names), ("",) * len(body))
    return None


def _set(row: Sequence[str | None], col: int, text: str) -> list[str | None]:
    out = list(row)
    out[col] = text
    return out


def _name_with_extra(name: str, extra: str) -> str:
    """The name cell once the code column is gone: a 合计 printed there moves over."""
    if not extra:
        return name
    return extra if not name.strip() else f"{extra}{name}"


def apply_codes(
    header: Block, body: list[list[str | None]], site: CodeSite, mode: str
) -> tuple[Block, list[list[str | None]], set[int]]:
    """Header, body and code columns with the codes printed as ``mode`` says."""
    n = site.name_col
    has_column = site.style == "column"
    if mode == "as_printed":
        return header, body, {n - 1} if has_column else set()
    if mode in ("joined", "absent"):
        if has_column:
            header = delete_column(header, n - 1)
            body = [r[: n - 1] + r[n:] for r in body]
            n -= 1
        rows = []
        for row, code, name, extra in zip(body, site.codes, site.names, site.extras,
                                          strict=True):
            text = _name_with_extra(name, extra)
            if mode == "joined" and code:
                text = code + (_ORDINAL.sub("", text) if not has_column else text)
            rows.append(_set(row, n, text))
        return header, rows, set()
    # column or split: a code column right before the names.
    if not has_column:
        header = insert_column(header, n, CODE_HEADING)
        body = [
            r[:n] + [code] + _set(r, n, name)[n:]
            for r, code, name in zip(body, site.codes, site.names, strict=True)
        ]
        n += 1
    if mode == "column":
        return header, body, {n - 1}
    width = max(len(c) for c in site.codes if c)
    parts = CODE_PARTS[: (width - 3) // 2 + 1]
    header = split_column(header, n - 1, CODE_HEADING, parts)
    rows = []
    for row, code, extra in zip(body, site.codes, site.extras, strict=True):
        pieces = [code[:3], code[3:5], code[5:7]][: len(parts)] if code else [""] * len(parts)
        name_cell = row[n]
        if extra and not (name_cell or "").strip():
            name_cell = extra
        rows.append(row[: n - 1] + pieces + [name_cell] + row[n + 1 :])
    code_cols = set(range(n - 1, n - 1 + len(parts)))
    return header, rows, code_cols


def amount_columns(header: Block, body: Sequence[Sequence[str | None]], skip: set[int]) -> set[int]:
    """Columns every printed body cell of which is a number, headed as money may be.

    A column with nothing printed is money unless it is the first or headed as a label
    (名称, 项目 …): an empty 上年结转 column still gets its 栏次 number.
    """
    cols = set()
    for col in range(header.n_cols):
        if col in skip:
            continue
        values = [_cell(r, col).strip() for r in body]
        printed = [v for v in values if v]
        heading = column_heading(header, col)
        if not printed:
            if col > 0 and not any(w in heading for w in _LABEL_HEADINGS):
                cols.add(col)
            continue
        if not all(is_amount(v) for v in printed):
            continue
        if any(w in heading for w in _NOT_AMOUNT_HEADINGS):
            continue
        cols.add(col)
    return cols


def format_yuan(amount_wan: str, style: str) -> str:
    """A 万元 amount as 元: ``yuan_int`` whole numbers with separators, ``yuan_dec`` two
    decimals. Exact decimal arithmetic; an amount that is not whole yuan keeps its decimals.
    """
    value = Decimal(amount_wan.replace(",", "")) * 10000
    whole = value == value.to_integral_value()
    if style == "yuan_int" and whole:
        return f"{value:,.0f}"
    decimals = max(2, -value.normalize().as_tuple().exponent)
    return f"{value:,.{decimals}f}"


def scale_amounts(
    body: list[list[str | None]], cols: set[int], style: str
) -> list[list[str | None]]:
    """Body rows with the amounts of ``cols`` printed in 元."""
    out = []
    for row in body:
        new = list(row)
        for col in cols:
            if col < len(new) and is_amount(new[col]):
                new[col] = format_yuan(new[col].strip(), style)
        out.append(new)
    return out


def add_serial_column(header: Block, body: list[list[str | None]]):
    """A leading 序号 column numbering the body rows 1, 2, 3 …"""
    cells = [replace(c, col=c.col + 1) for c in header.cells]
    cells.append(Cell(0, 0, "序号", rowspan=header.n_rows))
    header = Block(header.n_rows, header.n_cols + 1, tuple(cells))
    return header, [[str(i)] + row for i, row in enumerate(body, start=1)]


def add_column_index_row(header: Block, kinds: Sequence[str]) -> Block:
    """A 栏次 row under the header: 栏次 over each run of label columns, amounts 1, 2, 3 …"""
    cells = list(header.cells)
    row = header.n_rows
    number = 0
    col = 0
    while col < len(kinds):
        if kinds[col] == "amount":
            number += 1
            cells.append(Cell(row, col, str(number)))
            col += 1
            continue
        start = col
        while col < len(kinds) and kinds[col] != "amount":
            col += 1
        cells.append(Cell(row, start, "栏次", colspan=col - start))
    return Block(header.n_rows + 1, header.n_cols, tuple(cells))


def prepare_table(source: dict, layout: Layout) -> Table:
    """The table ``source`` (a ``*.tables.json`` entry) as ``layout`` prints it."""
    header_rows = source.get("header_rows") or []
    body_rows = source.get("body_rows") or []
    n_cols = max((len(r) for r in [*header_rows, *body_rows]), default=0)
    header = block_from_rows(header_rows, n_cols)
    body = [list(r) + [None] * (n_cols - len(r)) for r in body_rows]
    title, unit = source["title"], source.get("unit")
    if not header_rows:
        return Table(title, unit, header, tuple(tuple(r) for r in body), ("text",) * n_cols)
    body = [[c if c is not None else "" for c in r] for r in body]
    code_cols: set[int] = set()
    site = find_code_site(header, body)
    if site is not None:
        header, body, code_cols = apply_codes(header, body, site, layout.codes)
    amounts = amount_columns(header, body, code_cols)
    if layout.unit != "wan" and unit == "万元":
        body = scale_amounts(body, amounts, layout.unit)
        unit = "元"
    kinds = [
        "code" if c in code_cols else "amount" if c in amounts else "text"
        for c in range(header.n_cols)
    ]
    has_serial = any(squash(c.text) == "序号" for c in header.cells)
    if layout.row_numbers == "serial" and not has_serial:
        header, body = add_serial_column(header, body)
        kinds = ["number", *kinds]
    elif layout.row_numbers == "column_index" and "amount" in kinds:
        header = add_column_index_row(header, kinds)
    return Table(title, unit, header, tuple(tuple(r) for r in body), tuple(kinds))
