"""Text lines in a straightened binary ink image, found from its projections.

Printed budget tables are clean: once the page is straight, the rows of a cell's text are
separated by blank pixel rows, and the pieces of one line by blank columns. Projections
find them in microseconds, where a detection network takes seconds a page. The one trap is
a character made of separate horizontal strokes (三, 二, 卜): its strokes are bands of their
own, so bands much thinner than the page's usual text height are merged with a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Box:
    """An axis-aligned pixel box, ``x1``/``bottom`` exclusive."""

    x0: int
    top: int
    x1: int
    bottom: int

    @property
    def height(self) -> int:
        """Height in pixels."""
        return self.bottom - self.top

    @property
    def width(self) -> int:
        """Width in pixels."""
        return self.x1 - self.x0


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of every run of True in a 1-D boolean array."""
    if not mask.any():
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def bands(ink: np.ndarray, line_height: float | None = None) -> list[tuple[int, int]]:
    """Vertical extents of the text lines of a region (rows that carry ink).

    Args:
        ink: Boolean ink mask of the region.
        line_height: The page's usual height of a text line in pixels; bands thinner
            than half of it are strokes of a character split by a gap, and are joined to
            the nearer neighbour when the two together are not much taller than a line.
    """
    found = runs(ink.any(axis=1))
    if not line_height or len(found) < 2:
        return found
    merged = list(found)
    changed = True
    while changed and len(merged) > 1:
        changed = False
        for i, (top, bottom) in enumerate(merged):
            if bottom - top >= 0.5 * line_height:
                continue
            best = None
            for j in (i - 1, i + 1):
                if 0 <= j < len(merged):
                    lo = min(top, merged[j][0])
                    hi = max(bottom, merged[j][1])
                    gap = max(merged[j][0] - bottom, top - merged[j][1])
                    if hi - lo <= 1.35 * line_height and (best is None or gap < best[0]):
                        best = (gap, j, lo, hi)
            if best is not None:
                _, j, lo, hi = best
                merged[min(i, j)] = (lo, hi)
                del merged[max(i, j)]
                changed = True
                break
    return merged


def segments(ink: np.ndarray, max_gap: float) -> list[tuple[int, int]]:
    """Horizontal extents of the pieces of one line, split where the gap exceeds ``max_gap``."""
    columns = runs(ink.any(axis=0))
    out: list[tuple[int, int]] = []
    for start, end in columns:
        if out and start - out[-1][1] <= max_gap:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def text_boxes(ink: np.ndarray, line_height: float | None, max_gap: float) -> list[Box]:
    """Boxes of the text pieces in a region, top to bottom then left to right.

    Each band's pieces are split at gaps wider than ``max_gap`` and each piece is trimmed
    to its own ink, so a box holds one run of text for the recogniser.
    """
    out = []
    for top, bottom in bands(ink, line_height):
        band = ink[top:bottom]
        for x0, x1 in segments(band, max_gap):
            rows = runs(band[:, x0:x1].any(axis=1))
            if rows:
                out.append(Box(x0, top + rows[0][0], x1, top + rows[-1][1]))
    return out


def usual_line_height(heights: list[int]) -> float | None:
    """The typical height of a text line: the median of the taller half of the bands.

    Taking the taller half keeps stroke fragments and punctuation from pulling it down.
    """
    if not heights:
        return None
    ordered = sorted(heights)
    upper = ordered[len(ordered) // 2 :]
    return float(np.median(upper))
