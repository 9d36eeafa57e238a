"""Tables drawn with horizontal rules only (三线表): rows from text lines, columns from alignment.

Without vertical rules a column is where the text of the rows lines up: the x ranges that
no row's text covers are the gaps between columns. Text wider than a column (a header over
two columns) would hide a gap, so only pieces narrower than a share of the table decide the
gaps; a wider piece then spans the columns it covers. Each text line is a row, as in the
text-PDF reader's treatment of such tables.
"""

from __future__ import annotations

import numpy as np

from pipelines.extract.grid import Grid, GridCell
from pipelines.extract.ocr import normalise
from pipelines.extract.page import Fragment

_MIN_RULES = 3
_MIN_RULE_SHARE = 0.3
# A piece wider than this share of the table does not decide column gaps.
_DECIDING_SHARE = 0.4
# A column gap is at least this many line heights wide.
MIN_GAP = 0.6


def find_regions(
    horizontal: np.ndarray, taken: list[tuple[float, float, float, float]]
) -> list[tuple[int, int, int, int]]:
    """``(x0, top, x1, bottom)`` pixels of a region ruled by long horizontal rules only.

    Args:
        horizontal: 0/255 mask of the horizontal rules of the page.
        taken: Bounding boxes of the ruled tables, whose rules do not count.
    """
    mask = horizontal > 0
    for x0, top, x1, bottom in taken:
        mask[max(round(top) - 3, 0) : round(bottom) + 4, max(round(x0) - 3, 0) : round(x1) + 4] = (
            False
        )
    width = mask.shape[1]
    rows = []
    for y in np.flatnonzero(mask.sum(axis=1) >= _MIN_RULE_SHARE * width):
        if not rows or y - rows[-1][-1] > 2:
            rows.append([int(y)])
        else:
            rows[-1].append(int(y))
    if len(rows) < _MIN_RULES:
        return []
    cols = np.flatnonzero(mask[rows[0][0] : rows[-1][-1] + 1].any(axis=0))
    return [(int(cols[0]), rows[0][0], int(cols[-1]) + 1, rows[-1][-1] + 1)]


def column_edges(pieces: list[tuple[int, int]], x0: int, x1: int, min_gap: float) -> list[float]:
    """Column boundaries of a table from the x extents of its text pieces.

    The boundaries are the table's sides and the middle of every uncovered gap of at least
    ``min_gap`` pixels between the narrow pieces.
    """
    covered = np.zeros(x1 - x0, dtype=bool)
    limit = _DECIDING_SHARE * (x1 - x0)
    for a, b in pieces:
        if b - a <= limit:
            covered[max(a - x0, 0) : max(b - x0, 0)] = True
    edges = [float(x0)]
    filled = np.flatnonzero(covered)
    if len(filled) == 0:
        return [float(x0), float(x1)]
    gap_start = None
    for i in range(filled[0], filled[-1] + 1):
        if not covered[i] and gap_start is None:
            gap_start = i
        elif covered[i] and gap_start is not None:
            if i - gap_start >= min_gap:
                edges.append(x0 + (gap_start + i) / 2)
            gap_start = None
    edges.append(float(x1))
    return edges


def build_fragment(
    rows: list[list[tuple[int, int, str, float]]],
    edges: list[float],
    top: float,
    bottom: float,
    scale: float,
    page_number: int,
) -> Fragment:
    """A fragment from rows of read pieces ``(x0, x1, text, confidence)`` and column edges."""
    n_cols = len(edges) - 1
    cells = []
    for r, pieces in enumerate(rows):
        slots: list[list] = []  # [first column, last column, pieces]
        for piece in sorted(pieces):
            a, b = piece[0], piece[1]
            cover = [c for c in range(n_cols) if min(b, edges[c + 1]) > max(a, edges[c])]
            if not cover:
                cover = [min(range(n_cols), key=lambda c: abs((edges[c] + edges[c + 1]) / 2 - a))]
            if slots and cover[0] <= slots[-1][1]:
                slots[-1][1] = max(slots[-1][1], cover[-1])
                slots[-1][2].append(piece)
            else:
                slots.append([cover[0], cover[-1], [piece]])
        col = 0
        for first, last, found in [*slots, [n_cols, n_cols, []]]:
            while col < first:
                cells.append(GridCell(r, col, 1, 1, "", confidence=1.0))
                col += 1
            if first >= n_cols:
                break
            text = normalise.normalise_text("".join(p[2] for p in found))
            confidence = normalise.cell_confidence(text, min(p[3] for p in found))
            cells.append(
                GridCell(r, first, 1, last - first + 1, text, confidence=round(confidence, 4))
            )
            col = last + 1
    grid = Grid(
        col_x=[e / scale for e in edges],
        n_rows=len(rows),
        cells=cells,
        row_pages=[page_number] * len(rows),
    )
    return Fragment(page_number, top / scale, bottom / scale, grid, "horizontal_only")
