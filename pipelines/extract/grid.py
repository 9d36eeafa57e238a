"""Cell grids with explicit spans, and joining grids that continue across pages.

pdfplumber reports a table as cells with bounding boxes. Keeping each cell's row and column
span (instead of a flat list of rows) is what lets us (a) build column paths from merged
multi-row headers and (b) join a table's page fragments whose column boundaries differ
(a form that prints 2 columns at the foot of one page and 5 at the top of the next).
Everything here is pure geometry on plain numbers, tested without any PDF.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

_X_TOLERANCE = 2.0
# No text fits in a column or row narrower than this (points): boundaries closer together are
# one border drawn twice, or rows whose borders a word processor did not align.
_MIN_CELL = 8.0
_AMOUNT = re.compile(r"^[-−]?\d+(\.\d+)?$")
_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef%）)]")


@dataclass
class GridCell:
    """One printed cell: its top-left grid position, span and text.

    ``confidence`` is set only by the OCR reader of scanned pages: the lowest recognition
    probability of the cell's characters (1.0 for a cell with no ink, 0.0 for ink that
    read as nothing). ``None`` means the text came from a text layer.
    """

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    lines: tuple[str, ...] = ()
    confidence: float | None = None


@dataclass
class Grid:
    """A cell grid of one table fragment, with the x positions of its column boundaries.

    ``col_x`` holds the left edge of every column plus the right edge of the last one, so a
    cell spanning columns ``c .. c+colspan-1`` runs from ``col_x[c]`` to
    ``col_x[c + colspan]``.
    """

    col_x: list[float]
    n_rows: int
    cells: list[GridCell] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    # Where each column's text lies (x0, x1), for a grid read from text alignment: its
    # borders are guesses between texts, the text is where the column surely is.
    text_x: list[tuple[float, float]] | None = None

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return len(self.col_x) - 1

    def rows(self) -> list[list[str | None]]:
        """The grid as rows of text; positions covered by a merged cell are ``None``."""
        out: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.text
        return out

    def confidences(self) -> list[list[float | None]]:
        """OCR confidence of every position, parallel to :meth:`rows`.

        ``None`` for a cell read from a text layer and for a position a merged cell covers.
        """
        out: list[list[float | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.confidence
        return out

    def row_cells(self, row: int) -> list[GridCell]:
        """Cells that start in ``row``, left to right."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


def join_wrapped_lines(text: str | None) -> str:
    r"""Undo the line wraps a PDF cell prints: ``社会保障和\\n就业支出`` -> ``社会保障和就业支出``.

    Chinese text wraps without a space, so a break between two CJK characters (or CJK
    punctuation) is simply removed; a break between Latin words becomes one space.
    """
    if not text:
        return ""
    parts = text.split("\n")
    out = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        if not out or _CJK_OR_PUNCT.match(out[-1]) or _CJK_OR_PUNCT.match(part[0]):
            out += part
        else:
            out += " " + part
    return out.strip()


def cluster_positions(values: list[float], tolerance: float = _X_TOLERANCE) -> list[float]:
    """Sorted distinct positions, treating values within ``tolerance`` as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def chain_positions(values: list[float], gap: float) -> list[float]:
    """Sorted positions, one per run of values each within ``gap`` of the previous.

    Cell borders that a word processor did not align (a column starting at 387, 392 and 398
    on different rows) are one border: no cell fits between them. Each run is represented
    by its middle, so every member lies within half the run of it.
    """
    out: list[float] = []
    run: list[float] = []
    for v in sorted(values):
        if run and v - run[-1] > gap:
            out.append((run[0] + run[-1]) / 2)
            run = []
        run.append(v)
    if run:
        out.append((run[0] + run[-1]) / 2)
    return out


def _index(positions: list[float], value: float, tolerance: float = _X_TOLERANCE) -> int:
    """Index of the position nearest ``value`` (positions sorted)."""
    i = bisect.bisect_left(positions, value - tolerance)
    if i >= len(positions):
        return len(positions) - 1
    if i + 1 < len(positions) and abs(positions[i + 1] - value) < abs(positions[i] - value):
        return i + 1
    return i


def _nearest(positions: list[float], value: float) -> int:
    """Index of the position nearest ``value`` (positions sorted, non-empty)."""
    i = bisect.bisect_left(positions, value)
    if i == 0:
        return 0
    if i == len(positions):
        return i - 1
    return i if positions[i] - value < value - positions[i - 1] else i - 1


def grid_from_boxes(
    boxes: list[tuple[float, float, float, float, str]], page: int
) -> Grid:
    """Build a grid from cell boxes ``(x0, top, x1, bottom, text)`` of one table fragment."""
    xs = chain_positions([b[0] for b in boxes] + [b[2] for b in boxes], _MIN_CELL)
    ys = chain_positions([b[1] for b in boxes] + [b[3] for b in boxes], _MIN_CELL)
    cells = []
    for x0, top, x1, bottom, text in boxes:
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        lines = tuple(ln.strip() for ln in (text or "").split("\n") if ln.strip())
        cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, join_wrapped_lines(text), lines))
    n_rows = max(len(ys) - 1, 0)
    return Grid(col_x=xs, n_rows=n_rows, cells=cells, row_pages=[page] * n_rows)


def drop_empty_rows(grid: Grid) -> Grid:
    """Remove rows in which no cell starts with text (spacing bands of a text-aligned grid)."""
    keep = [r for r in range(grid.n_rows) if any(c.text for c in grid.row_cells(r))]
    new_index = {old: new for new, old in enumerate(keep)}
    cells = [
        replace(c, row=new_index[c.row], rowspan=1)
        for c in grid.cells
        if c.row in new_index
    ]
    return Grid(
        col_x=grid.col_x,
        n_rows=len(keep),
        cells=cells,
        row_pages=[grid.row_pages[r] for r in keep],
    )


def drop_empty_columns(grid: Grid) -> Grid:
    """Remove columns in which no cell with text starts.

    Ruling drawn as thin rectangles, or a spreadsheet's hidden spacer columns, leave narrow
    columns that only merged cells cross; they print nothing of their own, and a reader
    would take them for blank amount columns.
    """
    keep = sorted({c.col for c in grid.cells if c.text.strip()})
    if len(keep) == grid.n_cols or not keep:
        return grid
    new_index = {old: new for new, old in enumerate(keep)}
    cells = []
    for c in grid.cells:
        inside = [col for col in range(c.col, c.col + c.colspan) if col in new_index]
        if not inside:
            continue
        cells.append(
            replace(c, col=new_index[inside[0]], colspan=len(inside))
        )
    col_x = [grid.col_x[old] for old in keep] + [grid.col_x[-1]]
    return Grid(col_x=col_x, n_rows=grid.n_rows, cells=cells, row_pages=list(grid.row_pages))


def drop_leading_rows(grid: Grid, n: int) -> Grid:
    """The grid without its first ``n`` rows (cells spanning into row ``n`` are cut)."""
    cells = []
    for c in grid.cells:
        end = c.row + c.rowspan
        if end <= n:
            continue
        start = max(c.row, n)
        cells.append(replace(c, row=start - n, rowspan=end - start))
    return Grid(
        col_x=grid.col_x,
        n_rows=max(grid.n_rows - n, 0),
        cells=cells,
        row_pages=grid.row_pages[n:],
        text_x=grid.text_x,
    )


def _regrid(grid: Grid, col_x: list[float], row_offset: int) -> list[GridCell]:
    """Re-express a grid's cells against a finer set of column boundaries."""
    out = []
    for cell in grid.cells:
        x0 = grid.col_x[cell.col]
        x1 = grid.col_x[cell.col + cell.colspan]
        c0, c1 = _index(col_x, x0), _index(col_x, x1)
        out.append(
            replace(cell, row=cell.row + row_offset, col=c0, colspan=max(c1 - c0, 1))
        )
    return out


def row_texts(grid: Grid, row: int) -> tuple[str, ...]:
    """The non-empty texts of one row, whitespace removed: a layout-independent signature."""
    return tuple(
        re.sub(r"\s+", "", c.text) for c in grid.row_cells(row) if re.sub(r"\s+", "", c.text)
    )


def align_columns(head: Grid, tail: Grid) -> Grid:
    """A continuation fragment's cells re-expressed on the columns of the table so far.

    A table read from its text alignment has column borders that depend on what each page
    prints (a border lies somewhere in the gap between two columns' texts), so the same
    column sits a few points apart from page to page. Each of the tail's columns is the
    head's column holding its middle; a head column the tail does not print is blank in its
    rows. When two tail columns fall in one head column the tail is returned unchanged.
    """
    if head.n_cols == 0 or tail.n_cols == 0:
        return tail
    mapping = []
    for c in range(tail.n_cols):
        if tail.text_x and len(tail.text_x) == tail.n_cols:
            middle = sum(tail.text_x[c]) / 2
        else:
            middle = (tail.col_x[c] + tail.col_x[c + 1]) / 2
        mapping.append(min(max(bisect.bisect_right(head.col_x, middle) - 1, 0), head.n_cols - 1))
    if any(b <= a for a, b in zip(mapping, mapping[1:], strict=False)):
        return tail
    cells = []
    covered: set[tuple[int, int]] = set()
    for c in tail.cells:
        a, b = mapping[c.col], mapping[min(c.col + c.colspan, tail.n_cols) - 1]
        cells.append(replace(c, col=a, colspan=b - a + 1))
        covered.update((r, k) for r in range(c.row, c.row + c.rowspan) for k in range(a, b + 1))
    cells += [
        GridCell(r, k, 1, 1, "", ())
        for r in range(tail.n_rows)
        for k in range(head.n_cols)
        if (r, k) not in covered
    ]
    return Grid(
        col_x=list(head.col_x),
        n_rows=tail.n_rows,
        cells=cells,
        row_pages=list(tail.row_pages),
        text_x=head.text_x,
    )


def append_grid(head: Grid, tail: Grid, *, drop_rows: int = 0) -> Grid:
    """Join a continuation fragment below a table, unifying their column boundaries.

    Args:
        head: The table so far.
        tail: The fragment on the next page.
        drop_rows: Leading rows of ``tail`` to drop (a header the page repeats).
    """
    col_x = cluster_positions(head.col_x + tail.col_x)
    kept = Grid(
        col_x=tail.col_x,
        n_rows=tail.n_rows - drop_rows,
        cells=[
            replace(c, row=c.row - drop_rows)
            for c in tail.cells
            if c.row >= drop_rows
        ],
    )
    cells = _regrid(head, col_x, 0) + _regrid(kept, col_x, head.n_rows)
    return Grid(
        col_x=col_x,
        n_rows=head.n_rows + kept.n_rows,
        cells=cells,
        row_pages=head.row_pages + tail.row_pages[drop_rows:],
    )


_OPENERS = {"(": ")", "（": "）", "《": "》", "[": "]", "【": "】", "“": "”"}


def _unclosed(text: str) -> bool:
    """Whether text ends inside a bracket it opened: a cell the page break cut short."""
    depth = 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _OPENERS.values():
            depth = max(depth - 1, 0)
    return depth > 0


def continue_cells_across_break(grid: Grid, boundary_row: int) -> Grid:
    """Rejoin cells that a page break cut in two.

    A cell that spans rows is printed twice when the page breaks inside it: its rest
    appears at the top of the next page, either empty (the span simply continues) or
    carrying the end of the text (``项目资金 (万`` | ``元)``). Such a piece is folded
    back into the cell above, which grows by its rows. An empty group label (一级指标 …)
    continues the label above when the column to its left continues too, as nested
    groups do. Anything else starts a new row.
    """
    if boundary_row <= 0 or boundary_row >= grid.n_rows:
        return grid
    covering: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        if cell.row + cell.rowspan == boundary_row:
            covering[(cell.col, cell.colspan)] = cell
    removed = []
    continued_to: set[int] = set()
    for cell in grid.row_cells(boundary_row):
        above = covering.get((cell.col, cell.colspan))
        if above is None:
            continue
        spans_from_earlier = above.rowspan > 1 or above.row < boundary_row - 1
        parent_continues = cell.col == 0 or cell.col in continued_to
        is_group_label = bool(above.text) and not _AMOUNT.match(above.text.replace(",", ""))
        if (
            (not cell.text and spans_from_earlier)
            or (cell.text and _unclosed(above.text))
            or (not cell.text and parent_continues and cell.col > 0 and is_group_label)
        ):
            if cell.text:
                above.text = join_wrapped_lines(above.text + "\n" + cell.text)
                if cell.confidence is not None:  # the lower of the two readings
                    known = 1.0 if above.confidence is None else above.confidence
                    above.confidence = min(cell.confidence, known)
            above.rowspan += cell.rowspan
            removed.append(cell)
            continued_to.add(cell.col + cell.colspan)
    if not removed:
        return grid
    cells = [c for c in grid.cells if not any(c is r for r in removed)]
    return Grid(col_x=grid.col_x, n_rows=grid.n_rows, cells=cells, row_pages=grid.row_pages)


def column_paths(grid: Grid, header_rows: int) -> list[str]:
    """One path per column from a multi-row merged header: ``基本支出/人员经费``.

    A cell spanning several columns contributes its text to each of them; a cell spanning
    several rows contributes once. Repeated parts are kept once.
    """
    paths: list[list[str]] = [[] for _ in range(grid.n_cols)]
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        if cell.row >= header_rows:
            continue
        text = re.sub(r"\s+", "", cell.text)
        if not text or text.isdigit() and len(text) <= 2:  # a column number (栏次)
            continue
        for col in range(cell.col, min(cell.col + cell.colspan, grid.n_cols)):
            if not paths[col] or paths[col][-1] != text:
                paths[col].append(text)
    return ["/".join(p) for p in paths]
