"""Ruled tables in a straightened scan: ruling lines by morphology, cells by their borders.

Horizontal and vertical rules are what survives an opening of the ink with a long thin
kernel (text strokes are short). Rules that touch form a table. Every rule position cuts
the table into elementary cells; two neighbouring elementary cells belong to one merged
cell when the border between them is not printed, which is checked on the ink itself, so a
short border segment (a merged header cell's underline) counts even where the opening
missed it. That is how pdfplumber forms cells from a text PDF's rules, so the grids agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipelines.extract.ocr.lines import runs

# A rule is at least this long (points); the longest text stroke is a bold title's 一.
_MIN_RULE_PT = 28.0
# Ink closer than this (points) to a rule position belongs to it (its width, blur, jitter).
_RULE_HALF_WIDTH_PT = 1.2
# A border is printed when one rule runs along this share of its length, once breaks of
# up to _BRIDGE_PT are closed.
_BORDER_COVERAGE = 0.85
_BRIDGE_PT = 0.8
_MIN_TABLE_SIDE_PT = 30.0
# A single row's vertical rule covers this share of the row's height.
_SHORT_RULE_COVERAGE = 0.9
# Rules closer than this (points) are one: no row or column of text is that narrow.
_MERGE_RULES_PT = 4.0


@dataclass
class RuledTable:
    """A ruled table: its rule positions and its cells, in straightened-image pixels.

    Attributes:
        xs: Positions of the vertical borders, left to right.
        ys: Positions of the horizontal borders, top to bottom.
        cells: ``(row, col, rowspan, colspan)`` of each cell over the elementary grid.
    """

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(x0, top, x1, bottom)`` of the table's outer border."""
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def rule_masks(ink: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules of a 0/255 ink mask, as 0/255 masks.

    No closing bridges breaks first: it would also join the aligned horizontal strokes of
    neighbouring characters (二, 三, 工 …) into a "rule" through a line of text. A rule
    broken by the scan is still found, by its projection (:func:`find_ruled_tables`), and
    its borders by their coverage.
    """
    length = max(8, round(_MIN_RULE_PT * scale))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    return horizontal, vertical


def _positions(profile: np.ndarray, min_count: float, merge: float) -> list[float]:
    """Centres of the runs of a projection profile that reach ``min_count``.

    Runs closer than ``merge`` pixels are one rule (a double or a thick, blurred rule):
    two positions there would make a column or row no text fits in.
    """
    found: list[tuple[int, int]] = []
    for start, end in runs(profile >= min_count):
        if found and start - found[-1][1] < merge:
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
    out = []
    for start, end in found:
        weights = profile[start:end].astype(np.float64) + 1e-9
        out.append(float(np.dot(np.arange(start, end), weights) / weights.sum()))
    return out


def _coverage(band: np.ndarray, bridge: int) -> float:
    """Share of a border's length (axis 1 of ``band``) drawn by one unbroken rule.

    A rule is a thin straight line from one end of the border to the other: two
    neighbouring pixel rows of the band are looked at together (a rule may step by a
    pixel), breaks up to ``bridge`` pixels (a scan's dropouts) are closed, and the longest
    run of the best row is the rule. Text that the border would cross (a merged cell's
    text sits where its neighbours' border runs) has ink in every row of the band, even a
    nearly continuous top edge along a line of digits, but never one run from end to end:
    a narrow character or a punctuation mark leaves a gap wider than ``bridge``.
    """
    if band.size == 0:
        return 0.0
    best = 0
    for i in range(band.shape[0]):
        row = band[i] | band[i + 1] if i + 1 < band.shape[0] else band[i]
        start = end = None
        for a, b in runs(row):
            if end is not None and a - end <= bridge:
                end = b
            else:
                start, end = a, b
            best = max(best, end - start)
    return best / band.shape[1]


def _border_printed(ink, axis: str, at: float, start: float, end: float, half: int, scale):
    lo, hi = round(start) + half + 1, round(end) - half - 1
    if hi <= lo:
        return True
    pos = round(at)
    if axis == "h":
        band = ink[max(pos - half, 0) : pos + half + 1, lo:hi]
    else:
        band = ink[lo:hi, max(pos - half, 0) : pos + half + 1].T
    return _coverage(band, max(1, round(_BRIDGE_PT * scale))) >= _BORDER_COVERAGE


def _cells(ink: np.ndarray, xs: list[float], ys: list[float], half: int, scale: float):
    """Merge elementary cells across unprinted borders (union-find), then list the cells."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _border_printed(
                ink, "v", xs[c + 1], ys[r], ys[r + 1], half, scale
            ):
                parent[find(here + 1)] = find(here)
            if r + 1 < n_rows and not _border_printed(
                ink, "h", ys[r + 1], xs[c], xs[c + 1], half, scale
            ):
                parent[find(here + n_cols)] = find(here)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for members in groups.values():
        rows = [r for r, _ in members]
        cols = [c for _, c in members]
        r0, c0 = min(rows), min(cols)
        cells.append((r0, c0, max(rows) - r0 + 1, max(cols) - c0 + 1))
    return sorted(cells)


def find_ruled_tables(ink: np.ndarray, scale: float) -> list[RuledTable]:
    """Ruled tables of a straightened page's 0/255 ink mask, top to bottom.

    Args:
        ink: 0/255 ink mask of the straightened page.
        scale: Pixels per point.
    """
    horizontal, vertical = rule_masks(ink, scale)
    joined = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    half = max(1, round(_RULE_HALF_WIDTH_PT * scale))
    length = max(8, round(_MIN_RULE_PT * scale))
    merge = _MERGE_RULES_PT * scale
    min_side = _MIN_TABLE_SIDE_PT * scale
    tables = []
    for k in range(1, n):
        x, y, w, h = stats[k, :4]
        if w < min_side or h < min_side:
            continue
        region = labels[y : y + h, x : x + w] == k
        h_rules = (horizontal[y : y + h, x : x + w] > 0) & region
        v_rules = (vertical[y : y + h, x : x + w] > 0) & region
        ys = [y + p for p in _positions(h_rules.sum(axis=1), length, merge)]
        xs = [x + p for p in _positions(v_rules.sum(axis=0), length, merge)]
        xs = _with_open_sides(xs, h_rules, x, half)
        if len(xs) < 2 or len(ys) < 2:
            continue
        xs = _with_short_verticals(ink > 0, xs, ys, half, merge)
        tables.append(RuledTable(xs, ys, _cells(ink > 0, xs, ys, half, scale)))
    return sorted(tables, key=lambda t: t.ys[0])


def _with_open_sides(xs: list[float], h_rules: np.ndarray, x: int, half: int) -> list[float]:
    """Add the rules' ends as borders where a table has no left or right outer rule."""
    columns = np.flatnonzero(h_rules.any(axis=0))
    if len(columns) == 0:
        return xs
    left, right = float(x + columns[0]), float(x + columns[-1] + 1)
    out = list(xs)
    if not out or out[0] - left > 4 * half:
        out.insert(0, left)
    if out[-1] - right < -4 * half:
        out.append(right)
    return out


def _with_short_verticals(
    ink: np.ndarray, xs: list[float], ys: list[float], half: int, merge: float
) -> list[float]:
    """Add the vertical rules too short for the opening: those of a single row.

    A header row of sub-columns (合计 | 基本支出 | 项目支出) may be the only row that draws
    them, and a row is shorter than the rule length the opening keeps. Such a rule runs
    from the rule above to the rule below, through the whole row; no character's stroke
    does (a line of text has blank above and below it), so a column of ink covering the
    row is taken for a rule.
    """
    found = list(xs)
    x0, x1 = round(xs[0]), round(xs[-1])
    for top, bottom in zip(ys, ys[1:], strict=False):
        lo, hi = round(top) + half + 1, round(bottom) - half - 1
        if hi - lo < 3 * half:
            continue
        band = ink[lo:hi, x0:x1]
        pooled = band[:, :-1] | band[:, 1:]  # a rule may step by a pixel
        for start, end in runs(pooled.mean(axis=0) >= _SHORT_RULE_COVERAGE):
            centre = x0 + (start + end) / 2
            if all(abs(centre - x) > merge for x in found):
                found.append(centre)
    return sorted(found)
