"""Drawing one page's share of a table: its rules (by ruling style) and its cell text.

A share is a run of slots (header rows, then body rows) stacked from a top edge. Rules come
from which cell covers each slot and column: two neighbouring positions covered by different
cells have an edge between them, so merged cells are drawn merged in every ruling style.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tests.layouts.fonts import FontFace, text_width
from tests.layouts.paginate import PAD_X, TableGeometry
from tests.layouts.pdf import Line, Text
from tests.layouts.tables import Cell

HEAVY = 1.0
THIN = 0.5


@dataclass(frozen=True)
class Slot:
    """One row of a page's share: header or body row ``row``, its top y and height."""

    part: str
    row: int
    top: float
    height: float


def _occupancy(geom: TableGeometry, slots: Sequence[Slot]) -> list[list[tuple[str, Cell]]]:
    n_cols = len(geom.col_x) - 1
    grid: list[list] = [[None] * n_cols for _ in slots]
    index = {(s.part, s.row): i for i, s in enumerate(slots)}
    for part, block in (("header", geom.header), ("body", geom.body)):
        for cell in block.cells:
            for r in range(cell.row, cell.last_row + 1):
                i = index.get((part, r))
                if i is None:
                    continue
                for c in range(cell.col, cell.last_col + 1):
                    grid[i][c] = (part, cell)
    return grid


def _merge_runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def horizontal_edges(geom: TableGeometry, slots: Sequence[Slot]) -> list[tuple[int, int, int]]:
    """(boundary, first column, last column) of every horizontal cell edge.

    Boundary ``b`` is the top of slot ``b`` (``len(slots)`` the bottom of the last)."""
    grid = _occupancy(geom, slots)
    n_cols = len(geom.col_x) - 1
    edges = []
    for b in range(len(slots) + 1):
        above = grid[b - 1] if b > 0 else [None] * n_cols
        below = grid[b] if b < len(slots) else [None] * n_cols
        flags = [above[c] != below[c] for c in range(n_cols)]
        edges += [(b, first, last) for first, last in _merge_runs(flags)]
    return edges


def vertical_edges(geom: TableGeometry, slots: Sequence[Slot]) -> list[tuple[int, int, int]]:
    """(column boundary, first slot, last slot) of every vertical cell edge."""
    grid = _occupancy(geom, slots)
    n_cols = len(geom.col_x) - 1
    edges = []
    for j in range(n_cols + 1):
        flags = [
            (row[j - 1] if j > 0 else None) != (row[j] if j < n_cols else None) for row in grid
        ]
        edges += [(j, first, last) for first, last in _merge_runs(flags)]
    return edges


def _boundary_y(slots: Sequence[Slot], b: int) -> float:
    return slots[b].top if b < len(slots) else slots[-1].top - slots[-1].height


def rules(geom: TableGeometry, slots: Sequence[Slot], ruling: str) -> list[Line]:
    """The rules of a share of a table in one ruling style."""
    if ruling == "none" or not slots:
        return []
    x = geom.col_x
    out: list[Line] = []
    hedges = horizontal_edges(geom, slots)
    if ruling in ("grid", "row_rules"):
        for b, first, last in hedges:
            y = _boundary_y(slots, b)
            out.append(Line(x[first], y, x[last + 1], y, THIN))
        if ruling == "grid":
            for j, first, last in vertical_edges(geom, slots):
                out.append(Line(x[j], _boundary_y(slots, first), x[j],
                                _boundary_y(slots, last + 1), THIN))
        return out
    # three_line: top and bottom rules, one under the header, short ones under groups.
    n_header = sum(1 for s in slots if s.part == "header")
    top, bottom = _boundary_y(slots, 0), _boundary_y(slots, len(slots))
    if n_header or not geom.header.n_rows:  # a form (no header) is framed top and bottom
        out.append(Line(x[0], top, x[-1], top, HEAVY))
    if n_header:
        y = _boundary_y(slots, n_header)
        out.append(Line(x[0], y, x[-1], y, THIN))
        grid = _occupancy(geom, slots)
        for b, first, last in hedges:
            if 0 < b < n_header:
                owner = grid[b - 1][first]
                if owner is not None and owner[1].colspan > 1:
                    y = _boundary_y(slots, b)
                    out.append(Line(x[first] + 2, y, x[last + 1] - 2, y, THIN))
    out.append(Line(x[0], bottom, x[-1], bottom, HEAVY))
    return out


def _align(part: str, kind: str, form: bool) -> str:
    if form:
        return "left"
    if part == "header":
        return "center"
    return {"amount": "right", "number": "center"}.get(kind, "left")


def cell_boxes(
    geom: TableGeometry, slots: Sequence[Slot]
) -> list[tuple[str, Cell, tuple[float, float, float, float]]]:
    """(part, cell, (x0, bottom, x1, top)) of every cell of the share."""
    out = []
    index = {(s.part, s.row): s for s in slots}
    for part, block in (("header", geom.header), ("body", geom.body)):
        for cell in block.cells:
            first = index.get((part, cell.row))
            if first is None:
                continue
            last = index[(part, cell.last_row)]
            box = (geom.col_x[cell.col], last.top - last.height,
                   geom.col_x[cell.last_col + 1], first.top)
            out.append((part, cell, box))
    return out


def cell_texts(
    geom: TableGeometry, slots: Sequence[Slot], face: FontFace, form: bool
) -> list[Text]:
    """The text of every cell of the share, each line placed inside its cell."""
    out: list[Text] = []
    size, lh = geom.size, geom.line_height
    for part, cell, (x0, bottom, x1, top) in cell_boxes(geom, slots):
        if not cell.text:
            continue
        lines = geom.lines[(part, cell)]
        align = _align(part, geom.kinds[cell.col], form)
        line_top = top - ((top - bottom) - len(lines) * lh) / 2
        for i, line in enumerate(lines):
            if not line:
                continue
            baseline = line_top - i * lh - (lh + 0.7 * size) / 2
            width = text_width(face, line, size)
            if align == "right":
                x = x1 - PAD_X - width
            elif align == "center":
                x = (x0 + x1 - width) / 2
            else:
                x = x0 + PAD_X
            out.append(Text(x, baseline, size, line))
    return out
