"""Rows of cells with merged cells, as ``*.tables.json`` spells them and as they are drawn.

``*.tables.json`` writes a merged cell's text at its top-left position and ``null`` at every
other position it covers. A :class:`Block` holds the same rows as explicit rectangles
(:class:`Cell` with row and column spans), which is what drawing and column edits need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Cell:
    """A (possibly merged) cell: top-left position, spans and text."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1

    @property
    def last_row(self) -> int:
        """Index of the last row the cell covers."""
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        """Index of the last column the cell covers."""
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class Block:
    """Rows of a table (its header or its body) as merged cells covering every position."""

    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]

    def at(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col)."""
        for cell in self.cells:
            if cell.row <= row <= cell.last_row and cell.col <= col <= cell.last_col:
                return cell
        return None

    def to_rows(self) -> list[list[str | None]]:
        """The rows in ``*.tables.json`` spelling (``None`` where a merged cell covers)."""
        rows: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text
        return rows


def _around(row: Sequence[str | None], first: int, last: int) -> tuple[int, set[int]]:
    """The nearest cell left of ``first`` (-1 for none) and the cells right of ``last``."""
    left = first - 1
    while left >= 0 and row[left] is None:
        left -= 1
    return left, {k for k in range(last + 1, len(row)) if row[k] is not None}


def block_from_rows(
    rows: Sequence[Sequence[str | None]], n_cols: int | None = None, *, body: bool = False
) -> Block:
    """Merged cells from rows with ``None`` at covered positions.

    A ``None`` right of a cell widens it (both in the same row) unless a cell from above
    already covers it; a cell then grows down while every position under its full width is
    ``None``. A ``None`` nothing covers becomes an empty cell.

    ``None`` is ambiguous where a cell above and a cell to the left could both cover it. In
    headers the cell above wins (``上年结转`` over two rows beside ``单位资金``). In bodies
    (forms) it wins where no cell stands left of it in its row, or where the row continues
    as the row above does (the same cells left and right of it, as under ``数量指标``);
    otherwise the cell to the left wins (``项目概况`` over two columns under ``其他资金``).
    """
    n_rows = len(rows)
    n_cols = n_cols if n_cols is not None else max((len(r) for r in rows), default=0)
    grid = [list(r) + [None] * (n_cols - len(r)) for r in rows]
    taken = [[False] * n_cols for _ in range(n_rows)]

    def may_grow_into(r: int, c: int, colspan: int) -> bool:
        if not all(grid[r][k] is None and not taken[r][k] for k in range(c, c + colspan)):
            return False
        here = _around(grid[r], c, c + colspan - 1)
        if not body or here[0] < 0:
            return True
        return here == _around(grid[r - 1], c, c + colspan - 1)

    cells: list[Cell] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            text = grid[r][c]
            if text is None:
                cells.append(Cell(r, c, ""))
                taken[r][c] = True
                continue
            colspan = 1
            while (
                c + colspan < n_cols
                and grid[r][c + colspan] is None
                and not taken[r][c + colspan]
            ):
                colspan += 1
            rowspan = 1
            while r + rowspan < n_rows and may_grow_into(r + rowspan, c, colspan):
                rowspan += 1
            cells.append(Cell(r, c, text, rowspan, colspan))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken[rr][cc] = True
    return Block(n_rows, n_cols, tuple(cells))


def delete_column(block: Block, col: int) -> Block:
    """The block without column ``col``: cells only in it go, wider cells narrow.

    A merged cell that started in the deleted column keeps its text and now starts one
    column to the right (which then has the same index).
    """
    cells = []
    for cell in block.cells:
        if cell.col <= col <= cell.last_col:
            if cell.colspan == 1:
                continue
            cells.append(replace(cell, colspan=cell.colspan - 1))
        elif cell.col > col:
            cells.append(replace(cell, col=cell.col - 1))
        else:
            cells.append(cell)
    return Block(block.n_rows, block.n_cols - 1, tuple(cells))


def insert_column(block: Block, col: int, text: str) -> Block:
    """A new column at index ``col`` (the old column ``col`` moves right), headed ``text``.

    Cells that group the old column with others (span more than one column and cover it)
    widen to take in the new column, so a group heading such as ``支出功能分类科目`` stays
    over both code and name. The rows no group covers get one new cell reading ``text``.
    """
    cells = []
    grouped_rows: set[int] = set()
    for cell in block.cells:
        if cell.col > col:
            cells.append(replace(cell, col=cell.col + 1))
        elif cell.col == col and cell.colspan == 1:
            cells.append(replace(cell, col=col + 1))
        elif cell.col <= col <= cell.last_col:
            cells.append(replace(cell, colspan=cell.colspan + 1))
            grouped_rows.update(range(cell.row, cell.last_row + 1))
        else:
            cells.append(cell)
    free = [r for r in range(block.n_rows) if r not in grouped_rows]
    if free:
        # The free rows are the bottom ones (groups sit above their members).
        top = free[0]
        cells.append(Cell(top, col, text, rowspan=block.n_rows - top))
    return Block(block.n_rows, block.n_cols + 1, tuple(cells))


def add_bottom_row(block: Block, texts: dict[int, str], keep: set[int]) -> Block:
    """A new last row: ``texts`` by column as new cells; other cells touching the bottom grow.

    Columns in ``keep`` are those whose bottom cells stop above the new row (their cells in
    ``texts`` fill it); every other cell that reached the old bottom now reaches the new one.
    """
    last = block.n_rows - 1
    cells = []
    for cell in block.cells:
        reaches_bottom = cell.last_row == last
        covers_kept = any(cell.col <= k <= cell.last_col for k in keep)
        if reaches_bottom and not covers_kept:
            cells.append(replace(cell, rowspan=cell.rowspan + 1))
        else:
            cells.append(cell)
    cells += [Cell(last + 1, col, text) for col, text in sorted(texts.items())]
    return Block(block.n_rows + 1, block.n_cols, tuple(cells))


def split_column(block: Block, col: int, heading: str, parts: Sequence[str]) -> Block:
    """Column ``col`` becomes ``len(parts)`` columns headed ``heading`` over ``parts``.

    The column's bottom cell (which covers only this column) is replaced by ``heading``
    spanning the new columns over one row of ``parts`` (类 | 款 | 项); when that cell is one
    row high, the header gets a new bottom row for the parts.
    """
    extra = len(parts) - 1
    bottom = next(c for c in block.cells if c.col == col and c.colspan == 1
                  and c.last_row == block.n_rows - 1)
    if bottom.rowspan == 1:
        block = add_bottom_row(block, {}, keep={col})
        bottom = next(c for c in block.cells if c.col == col and c.colspan == 1
                      and c.last_row == block.n_rows - 2)
    cells = []
    for cell in block.cells:
        if cell == bottom:
            continue
        if cell.col > col:
            cells.append(replace(cell, col=cell.col + extra))
        elif cell.col <= col <= cell.last_col:
            cells.append(replace(cell, colspan=cell.colspan + extra))
        else:
            cells.append(cell)
    last = block.n_rows - 1
    cells.append(Cell(bottom.row, col, heading, rowspan=last - bottom.row, colspan=len(parts)))
    cells += [Cell(last, col + i, part) for i, part in enumerate(parts)]
    return Block(block.n_rows, block.n_cols + extra, tuple(cells))
