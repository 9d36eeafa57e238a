"""Measured table layout: column widths, wrapped cell text, row heights and page breaks.

Every cell's text is measured with the font's own widths (:mod:`tests.layouts.fonts`), so
what a reader sees stays inside its cell: amounts and codes never wrap (their column is at
least as wide as the widest), labels and headings wrap onto more lines as real templates do.
A table that is too wide at the base size is set smaller, down to ``MIN_SIZE``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tests.layouts.fonts import FontFace, text_width
from tests.layouts.tables import Block, Cell, block_from_rows
from tests.layouts.transform import Table

MIN_SIZE = 5.0
PAD_X = 4.0
PAD_Y = 2.5
LINE_SPACING = 1.3
ROW_HEIGHT = 2.1  # minimum row height, in font sizes
TEXT_CAP = 16  # a text column's natural width, in full-width characters, before it wraps
_TOKEN = re.compile(r"[!-~]+|\s+|.[，。、；：）》”’」』】,.;:)]*", re.S)


@dataclass(frozen=True)
class Frame:
    """A page size and the margins of its printable area (points)."""

    width: float
    height: float
    margin_x: float = 36.0
    margin_top: float = 42.0
    margin_bottom: float = 48.0

    @property
    def inner_width(self) -> float:
        """Printable width."""
        return self.width - 2 * self.margin_x


@dataclass(frozen=True)
class TableGeometry:
    """A table measured at one font size: column edges, row heights and wrapped lines."""

    size: float
    col_x: tuple[float, ...]
    header: Block
    body: Block
    header_heights: tuple[float, ...]
    body_heights: tuple[float, ...]
    lines: dict[tuple[str, Cell], list[str]]
    kinds: tuple[str, ...]

    @property
    def line_height(self) -> float:
        """Distance between the baselines of a wrapped cell's lines."""
        return self.size * LINE_SPACING


def wrap(text: str, width: float, face: FontFace, size: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``: breaks at spaces or between CJK characters,
    never inside a run of ASCII unless the run alone is too wide; ``\\n`` always breaks."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if token.isspace():
                if line:
                    line += " "
                continue
            if text_width(face, line + token, size) <= width:
                line += token
                continue
            if line.strip():
                out.append(line.rstrip())
                line = ""
            while text_width(face, token, size) > width and len(token) > 1:
                cut = len(token) - 1
                while cut > 1 and text_width(face, token[:cut], size) > width:
                    cut -= 1
                out.append(token[:cut])
                token = token[cut:]
            line = token
        out.append(line.rstrip())
    return out or [""]


def _longest_token(text: str, face: FontFace, size: float) -> float:
    return max((text_width(face, t, size) for t in _TOKEN.findall(text) if not t.isspace()),
               default=0.0)


def _widest_line(text: str, face: FontFace, size: float) -> float:
    return max((text_width(face, ln, size) for ln in text.split("\n")), default=0.0)


def column_bounds(
    table: Table, header: Block, body: Block, face: FontFace, size: float
) -> tuple[list[float], list[float]]:
    """Each column's minimum and natural width at ``size`` (padding included)."""
    n = header.n_cols or body.n_cols
    kinds = table.kinds
    low = [2 * size] * n
    natural = [2 * size] * n
    for cell in body.cells:
        if cell.colspan != 1 or not cell.text:
            continue
        c = cell.col
        whole = _widest_line(cell.text, face, size)
        if kinds[c] in ("amount", "code", "number"):
            low[c] = max(low[c], whole)
        else:
            # A label is not squeezed below six characters a line (or its own width).
            low[c] = max(low[c], _longest_token(cell.text, face, size), min(whole, 6 * size))
            natural[c] = max(natural[c], min(whole, TEXT_CAP * size))
    for cell in header.cells:
        if cell.colspan != 1 or not cell.text:
            continue
        c = cell.col
        whole = _widest_line(cell.text, face, size)
        # A heading wraps rather than widen its column: at most four lines, and it asks for
        # no more than four characters a line.
        low[c] = max(low[c], _longest_token(cell.text, face, size), min(whole, 8 * size) / 4)
        natural[c] = max(natural[c], min(whole, 4 * size))
    low = [w + 2 * PAD_X for w in low]
    natural = [max(a, b + 2 * PAD_X) for a, b in zip(low, natural, strict=True)]
    return low, natural


def fit_widths(
    low: Sequence[float], natural: Sequence[float], room: float,
    grows: Sequence[bool] | None = None,
) -> list[float] | None:
    """Column widths filling ``room``: natural widths widened, or wrapping columns narrowed
    towards their minimum; None when even the minimums do not fit.

    Spare room goes to the columns that ``grows`` marks (labels and amounts, not codes or
    序号), half to each alike, half by natural width: amounts get gaps between them, as
    printed tables have, not only the wide label columns.
    """
    if sum(low) > room:
        return None
    if sum(natural) <= room:
        grows = list(grows) if grows is not None and any(grows) else [True] * len(natural)
        spare = room - sum(natural)
        total = sum(w for w, g in zip(natural, grows, strict=True) if g)
        count = sum(grows)
        return [
            w + (spare / 2 / count + spare / 2 * w / total if g else 0.0)
            for w, g in zip(natural, grows, strict=True)
        ]
    slack = sum(n - lo for lo, n in zip(low, natural, strict=True))
    k = (room - sum(low)) / slack
    return [lo + (n - lo) * k for lo, n in zip(low, natural, strict=True)]


def _heights(
    block: Block, col_x: Sequence[float], face: FontFace, size: float, part: str,
    lines: dict[tuple[str, Cell], list[str]],
) -> list[float]:
    heights = [ROW_HEIGHT * size] * block.n_rows
    line_height = size * LINE_SPACING
    tall = []
    for cell in block.cells:
        inner = col_x[cell.last_col + 1] - col_x[cell.col] - 2 * PAD_X
        cell_lines = wrap(cell.text, inner, face, size) if cell.text else [""]
        lines[(part, cell)] = cell_lines
        need = len(cell_lines) * line_height + 2 * PAD_Y
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], need)
        else:
            tall.append((cell, need))
    for cell, need in tall:
        have = sum(heights[cell.row : cell.last_row + 1])
        if need > have:
            heights[cell.last_row] += need - have
    return heights


def measure_table(
    table: Table, face: FontFace, frame: Frame, base_size: float
) -> TableGeometry | None:
    """The table at the largest size from ``base_size`` down that fits the frame's width."""
    header = table.header
    body = block_from_rows(table.body, max(header.n_cols, len(table.kinds)), body=True)
    size = base_size
    while size >= MIN_SIZE:
        low, natural = column_bounds(table, header, body, face, size)
        grows = [k not in ("code", "number") for k in table.kinds]
        widths = fit_widths(low, natural, frame.inner_width, grows)
        if widths is not None:
            col_x = [frame.margin_x]
            for w in widths:
                col_x.append(col_x[-1] + w)
            lines: dict[tuple[str, Cell], list[str]] = {}
            header_heights = _heights(header, col_x, face, size, "header", lines)
            body_heights = _heights(body, col_x, face, size, "body", lines)
            return TableGeometry(
                size, tuple(col_x), header, body, tuple(header_heights), tuple(body_heights),
                lines, table.kinds,
            )
        size -= 0.5
    return None


def row_groups(body: Block) -> list[list[int]]:
    """Body rows in groups a page break may not cut (rows joined by a taller cell)."""
    end = list(range(body.n_rows))
    for cell in body.cells:
        for r in range(cell.row, cell.last_row + 1):
            end[r] = max(end[r], cell.last_row)
    groups, r = [], 0
    while r < body.n_rows:
        last = end[r]
        k = r
        while k <= last:
            last = max(last, end[k])
            k += 1
        groups.append(list(range(r, last + 1)))
        r = last + 1
    return groups
