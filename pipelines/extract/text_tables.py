"""Tables read from text alignment: 三线表 and tables printed without any rules.

A ruled table says where its cells are; a table ruled only across (top, under the header,
bottom, perhaps under every row) or not at all says it with the text alone. Templates print
such a table the same way: every cell's text inside its cell, amounts right-aligned, labels
left-aligned, headings centred over the columns they head (horizontally and vertically), a
long label wrapped onto more lines inside its cell. This module reverses that:

* **lines** — characters whose vertical centres align, cut into *segments* where a gap wider
  than a word space separates them (a segment never crosses a cell border;
  :mod:`pipelines.extract.text_layout`);
* **rows** — lines whose boxes overlap belong to one row (a two-line label beside a
  one-line amount, both centred); a line with no amount closer to a neighbour than rows are
  to each other is a label wrapped inside its cell; rules, where printed, part rows;
* **columns** — the x ranges no body text crosses (rivers) part the columns; a heading in a
  river heads the amounts right of it or the labels left of it when they have no heading,
  or else a column that prints nothing in the body; the borders are fitted so that every
  heading is centred on its column;
* **header** — the rows above the first data row, as blocks (one cell's wrapped lines),
  placed top-down by centring (:mod:`pipelines.extract.text_header`).

The result is the same :class:`~pipelines.extract.grid.Grid` a ruled table gives (spans,
``lines``, exact cell texts by :func:`~pipelines.extract.cell_text.cell_text`), so assembly
and cleaning do not know how a table was drawn. Pure functions over pdfplumber-style char
dicts and rule positions; no PDF objects.
"""

from __future__ import annotations

import bisect

from pipelines.clean.amounts import is_amount
from pipelines.extract.cell_text import cell_text
from pipelines.extract.grid import Grid, GridCell, join_wrapped_lines
from pipelines.extract.rows import is_data_row
from pipelines.extract.text_header import (
    BORDER_TOLERANCE,
    classify_groups,
    header_blocks,
    header_cells,
)
from pipelines.extract.text_layout import (
    ROW_OVERLAP,
    RULE_SLACK,
    WRAP_PITCH,
    Block,
    Line,
    Rule,
    Segment,
    font_size,
    merge_intervals,
    river_of,
    rule_between,
    text_lines,
    touched,
)

# Where no rule says where a table starts, its top is this far above its first text (a row
# of one line is about two font sizes high, the line in its middle).
TOP_PAD = 0.5

# Chains of column borders kept while fitting them, and the cost (in font sizes) of a
# column whose middle no heading gives.
_CHAINS = 24

_STARTS = 16

_UNCENTRED = 3.0

# A body line at least this share of the table's width may be a cell spanning columns.
_SPANNING = 0.45


def _bands(lines: list[Line], size: float, rules: list[Rule]) -> list[list[Line]]:
    """Lines grouped where their boxes overlap (never across a rule), top to bottom."""
    bands: list[list[Line]] = []
    bottom = None
    for line in sorted(lines, key=lambda ln: ln.top):
        if (
            bands
            and line.top < bottom - ROW_OVERLAP * size
            and not rule_between(rules, max(ln.cy for ln in bands[-1]), line.cy)
        ):
            bands[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            bands.append([line])
            bottom = line.bottom
    return bands


def _band_texts(band: list[Line]) -> list[str]:
    """A band's segment texts, left to right (its cells, roughly)."""
    segments = sorted((s for ln in band for s in ln.segments), key=lambda s: s.x0)
    return [s.text for s in segments]


def _has_amount(band: list[Line]) -> bool:
    return any(is_amount(s.text) for ln in band for s in ln.segments)


def _pitch(a: list[Line], b: list[Line]) -> float:
    """Distance between the nearest line centres of two bands (``a`` above ``b``)."""
    return min(lb.cy for lb in b) - max(la.cy for la in a)


def body_rows(bands: list[list[Line]], size: float, rules: list[Rule]) -> list[list[Line]]:
    """The rows of a table body from its bands.

    Where rules part every two rows that print amounts, the rules are the rows: everything
    between two rules is one row. Otherwise a band that prints no amount and lies closer to
    a neighbour than a row pitch (and no rule parts them) is a label wrapped inside its
    cell: it joins the nearer neighbour.
    """
    if len(bands) < 2:
        return bands
    if _ruled_rows(bands, rules):
        return _rows_between_rules(bands, rules)
    rows = [list(b) for b in bands]
    changed = True
    while changed:
        changed = False
        for i, band in enumerate(rows):
            if _has_amount(band):
                continue
            options = []
            for j in (i - 1, i + 1):
                if 0 <= j < len(rows):
                    upper, lower = (rows[j], band) if j < i else (band, rows[j])
                    pitch = _pitch(upper, lower)
                    top = max(ln.cy for ln in upper)
                    bottom = min(ln.cy for ln in lower)
                    if pitch <= WRAP_PITCH * size and not rule_between(rules, top, bottom):
                        options.append((pitch, j))
            if options:
                _, j = min(options)
                rows[j] = sorted(rows[j] + band, key=lambda ln: ln.top)
                del rows[i]
                changed = True
                break
    return rows


def _ruled_rows(bands: list[list[Line]], rules: list[Rule]) -> bool:
    amounts = [b for b in bands if _has_amount(b)]
    if len(amounts) < 2 or not rules:
        return False
    return all(
        rule_between(rules, max(ln.cy for ln in a), min(ln.cy for ln in b))
        for a, b in zip(amounts, amounts[1:], strict=False)
    )


def _rows_between_rules(bands: list[list[Line]], rules: list[Rule]) -> list[list[Line]]:
    rows = [list(bands[0])]
    for band in bands[1:]:
        above = max(ln.cy for ln in rows[-1])
        if rule_between(rules, above, min(ln.cy for ln in band)):
            rows.append(list(band))
        else:
            rows[-1].extend(band)
    return rows


def split_header(
    bands: list[list[Line]], rules: list[Rule], width: float, size: float
) -> tuple[list[list[Line]], list[list[Line]]]:
    """Header bands and body bands: the body starts at the first band that carries data.

    Where a rule across the whole table lies between the last header band and the first
    data band (the rule under a 三线表's header), the body starts at that rule, so a body
    whose first row prints only a label keeps it.
    """
    left = min((s.x0 for b in bands for ln in b for s in ln.segments), default=0.0)

    def label_only(band: list[Line]) -> bool:
        segments = [s for ln in band for s in ln.segments]
        return len(segments) == 1 and segments[0].x0 - left <= RULE_SLACK

    # A label printed at the table's left edge with nothing beside it is a row whose
    # amounts are blank (headings are centred in their cells), when only data follows it.
    data = [False] * len(bands)
    rest_is_data = True
    for i in range(len(bands) - 1, -1, -1):
        data[i] = is_data_row(_band_texts(bands[i])) or (
            i > 0 and rest_is_data and label_only(bands[i])
        )
        rest_is_data = rest_is_data and data[i]

    def is_data(i: int) -> bool:
        return data[i]

    first = next((i for i in range(len(bands)) if is_data(i)), None)
    if _labels_down_the_left(bands if first is None else bands[:first], left):
        return [], bands
    if first is None:  # a table that prints its header and nothing under it
        return bands, []
    long_rules = [r for r in rules if r.x1 - r.x0 >= 0.8 * width]
    if first > 0 and long_rules:
        data_top = min(ln.cy for ln in bands[first])
        ys = [r.y for r in long_rules if r.y < data_top]
        header_end = first
        if ys:
            rule_y = max(ys)
            header_end = sum(1 for b in bands[:first] if max(ln.cy for ln in b) < rule_y)
        if 0 < header_end <= first:
            first = header_end
    # The first lines of a label wrapped inside the first row's cell print above its
    # amounts: a line a line pitch above the body, every run of it starting where a body
    # label starts (headings are centred), belongs to the body.
    starts = [s.x0 for b in bands[first:] for ln in b for s in ln.segments]
    while first > 0 and _pitch(bands[first - 1], bands[first]) <= WRAP_PITCH * size and all(
        any(abs(s.x0 - x) <= RULE_SLACK for x in starts)
        for ln in bands[first - 1] for s in ln.segments
    ) and not rule_between(
        rules, max(ln.cy for ln in bands[first - 1]), min(ln.cy for ln in bands[first])
    ):
        first -= 1
    return bands[:first], bands[first:]


def _labels_down_the_left(head: list[list[Line]], left: float) -> bool:
    """Whether the lines above the first amount are a form's fields, not a header.

    Headings are centred in their cells, so headings of different widths never start at
    one x; a form prints its field labels (项目名称：, 项目属性：, 联系人：…) left-aligned
    down its first column. Three lines in a row starting at the table's left edge with
    labels of different widths are such fields: the form has no header, every line is a
    row.
    """
    run, widths = 0, set()
    for band in head:
        first = min((s for ln in band for s in ln.segments), key=lambda s: s.x0)
        if first.x0 - left <= RULE_SLACK:
            run += 1
            widths.add(round(first.x1 - first.x0))
            if run >= 3 and len(widths) >= 3:
                return True
        else:
            run, widths = 0, set()
    return False


def _column_segments(segments: list[Segment]) -> list[Segment]:
    """The body text that shows where columns are: without text that spans columns.

    A form prints a long value (项目概况, 立项依据…) across the columns the rows above and
    below divide; such a line would close every river it crosses. A line wider than
    :data:`_SPANNING` of the table that crosses two or more of the columns the narrower
    text leaves is a cell spanning them, and says nothing about the columns.
    """
    if not segments:
        return segments
    width = max(s.x1 for s in segments) - min(s.x0 for s in segments)
    narrow = [s for s in segments if s.x1 - s.x0 < _SPANNING * width]
    intervals = merge_intervals([(s.x0, s.x1) for s in narrow])
    if len(intervals) < 2:
        return segments
    return [s for s in segments if s in narrow or len(touched(intervals, s.x0, s.x1)) <= 1]


def columns(
    body: list[list[Line]], blocks: list[Block], size: float, edges: tuple[float, float] | None
) -> tuple[list[list[float]], list[float]]:
    """Column text intervals and column borders.

    The body's text leaves rivers between columns; a header block with nothing under it
    that stands in a river heads a column the body leaves empty. Borders lie in the rivers:
    where the headings are centred, each column's middle is its heading's middle, which
    fixes the borders (refined a few times within the rivers); the outer borders are the
    rules' ends where rules are drawn.
    """
    body_segments = _column_segments([s for row in body for ln in row for s in ln.segments])
    spans = [(s.x0, s.x1) for s in body_segments]
    intervals = merge_intervals(spans)
    if intervals:
        leaf_columns = [touched(intervals, b.x0, b.x1) for b in blocks if not b.group]
        headed = {t[0] for t in leaf_columns if len(t) == 1}
        loose = [
            b for b in blocks if not b.group and not touched(intervals, b.x0, b.x1)
        ]
        pairs = sorted(
            (rank, i, k)
            for i, block in enumerate(loose)
            for rank, k in _heads(block, intervals, headed, body_segments, loose)
        )
        owner: dict[int, int] = {}
        for _, i, k in pairs:
            if i not in owner and k not in owner.values():
                owner[i] = k
        for i, block in enumerate(loose):
            if i in owner:
                a, b = intervals[owner[i]]
                spans.append((min(block.x0, a), max(block.x1, b)))
            else:
                spans.append((block.x0, block.x1))
        intervals = merge_intervals(spans)
    else:
        intervals = merge_intervals([(b.x0, b.x1) for b in blocks if not b.group])
    if not intervals:
        return [], []
    return intervals, fit_borders(intervals, blocks, size, edges)


def fit_borders(
    intervals, blocks: list[Block], size: float, edges: tuple[float, float] | None
) -> list[float]:
    """Column borders, one in each river, that centre the columns under their headings.

    Each column may have several centred candidates (the blocks over it alone: its own
    heading, a number under it, or a heading over it and its neighbour that touches only
    it). Walking left to right, a border and a column middle fix the next border
    (``b[k+1] = 2·m[k] − b[k]``); a chain whose borders leave their rivers, or (between rules)
    miss the right end, is the wrong choice of middles. The best few chains are kept.
    Where a column has no candidate its border is the middle of the river.
    """
    n = len(intervals)
    low = [float("-inf")] + [intervals[k - 1][1] for k in range(1, n + 1)]
    high = [intervals[k][0] for k in range(n)] + [float("inf")]
    if edges:
        starts = [edges[0]]
    else:  # the first column's text may stand anywhere in it: try its border all along
        starts = [intervals[0][0] - k * size / 4 for k in range(1, _STARTS + 1)]
    candidates = _column_centres(intervals, blocks, size)
    chains: list[tuple[float, list[float]]] = [(0.0, [b]) for b in starts]
    for k in range(n):
        grown = []
        for cost, chain in chains:
            for m in candidates[k]:
                b = 2 * m - chain[-1]
                miss = max(low[k + 1] - b, b - high[k + 1], 0.0)
                grown.append((cost + miss, chain + [min(max(b, low[k + 1]), high[k + 1])]))
            if k + 1 < n:
                middle = (intervals[k][1] + intervals[k + 1][0]) / 2
            else:
                middle = intervals[k][1] + size / 2
            grown.append((cost + _UNCENTRED * size, chain + [middle]))
        grown.sort(key=lambda t: t[0])
        chains = []
        for cost, chain in grown:
            if not any(abs(chain[-1] - c[-1]) < 0.25 for _, c in chains):
                chains.append((cost, chain))
            if len(chains) >= _CHAINS:
                break
    if edges:
        chains = [
            (cost + abs(chain[-1] - edges[1]), chain[:-1] + [edges[1]]) for cost, chain in chains
        ]
    best = min(cost for cost, _ in chains)
    # of chains that fit alike, the middle one (the first border is free within a range)
    alike = sorted((c for cost, c in chains if cost <= best + 0.5), key=lambda c: c[0])
    return alike[len(alike) // 2]


def _alignment(k: int, intervals, segments: list[Segment]) -> tuple[str, bool]:
    """How a column's body text lines up (``left``, ``right`` or ``centre``), and if surely.

    Where the text does not show it (one row, or texts alike), amounts are taken to be
    right-aligned and labels left-aligned, as templates print them.
    """
    a, b = intervals[k]
    inside = [s for s in segments if a <= s.cx <= b]

    def aligned(values: list[float]) -> bool:
        return max(values) - min(values) <= 1.0

    if len({(round(s.x0), round(s.x1)) for s in inside}) > 1:
        if aligned([s.x1 for s in inside]):
            return "right", True
        if aligned([s.x0 for s in inside]):
            return "left", True
        if aligned([s.cx for s in inside]):
            return "centre", True
    return ("right" if all(is_amount(s.text) for s in inside) else "left"), False


def _heads(
    block: Block, intervals, headed: set[int], segments: list[Segment], loose: list[Block]
) -> list[tuple[tuple[bool, float], int]]:
    """The body columns a heading printed in a river may head, the likelier first.

    A heading is centred over its column. A column of right-aligned amounts reaches left of
    its text, a left-aligned one right of it: the heading beside such a column, with no
    heading of its own, may head it when the column centred under the heading still holds
    its text and no other column's text or heading. The likelier is the column whose text
    shows that alignment, then the nearer one.
    """
    r = river_of(intervals, block.cx)
    others = [(b.x0, b.x1) for b in loose if b is not block]

    def clear(x0: float, x1: float) -> bool:
        return not any(a < x1 and x0 < b for a, b in others)

    options = []
    if r < len(intervals) and r not in headed:
        how, sure = _alignment(r, intervals, segments)
        a, b = intervals[r]
        low = intervals[r - 1][1] if r > 0 else float("-inf")
        left = 2 * block.cx - b
        if (how == "right" or not sure) and low <= left <= a and clear(left, b):
            options.append(((how != "right", a - block.x1), r))
    if r > 0 and r - 1 not in headed:
        how, sure = _alignment(r - 1, intervals, segments)
        a, b = intervals[r - 1]
        high = intervals[r][0] if r < len(intervals) else float("inf")
        right = 2 * block.cx - a
        if (how == "left" or not sure) and b <= right <= high and clear(a, right):
            options.append(((how != "left", block.x0 - b), r - 1))
    return sorted(options)


def _column_centres(intervals, blocks: list[Block], size: float) -> list[list[float]]:
    """Candidate middles of each column: the middles of the blocks over it alone."""
    out: list[list[float]] = []
    for k in range(len(intervals)):
        found: list[float] = []
        for b in sorted(blocks, key=lambda b: (b.group, b.top)):
            if touched(intervals, b.x0, b.x1) == [k] and not any(
                abs(b.cx - m) < 0.5 for m in found
            ):
                found.append(b.cx)
        out.append(found)
    return out


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][0] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _nearest(values: list[float], x: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - x))


def _cell(chars: list[dict], row: int, col: int, rowspan: int, colspan: int) -> GridCell:
    text = cell_text(chars) if chars else ""
    lines = tuple(ln.strip() for ln in (text or "").split("\n") if ln.strip())
    return GridCell(row, col, rowspan, colspan, join_wrapped_lines(text), lines)


def read_text_table(
    chars: list[dict],
    rules: list[Rule],
    page: int,
    *,
    top: float | None = None,
    edges: tuple[float, float] | None = None,
) -> Grid | None:
    """The cell grid of a table printed without vertical rules.

    Args:
        chars: The characters of the table's region (pdfplumber char dicts).
        rules: Horizontal rules inside the region (row and group borders), if any.
        page: The page number, for the grid's row pages.
        top: Where the table starts (its top rule), if known.
        edges: The left and right ends of the table's rules, if any.

    Returns:
        The grid, or ``None`` when the region does not read as a table of two or more
        columns and rows.
    """
    size = font_size(chars)
    lines = text_lines(chars, size)
    if not lines:
        return None
    width = max(s.x1 for ln in lines for s in ln.segments) - min(
        s.x0 for ln in lines for s in ln.segments
    )
    bands = _bands(lines, size, rules)
    head, body_bands = split_header(bands, rules, width, size)
    rows = body_rows(body_bands, size, rules)
    blocks = header_blocks([ln for band in head for ln in band], size, rules)
    if blocks:
        header_top = top if top is not None else min(b.top for b in blocks) - TOP_PAD * size
        last = max(b.bottom for b in blocks)
        body_top = min((ln.top for row in rows for ln in row), default=last + size)
        under = [r.y for r in rules if last < r.y < body_top]
        header_bottom = min(under) if under else last + TOP_PAD * size
        classify_groups(blocks, size, header_top, header_bottom)
    intervals, borders = columns(rows, blocks, size, edges)
    n_cols = len(borders) - 1
    if n_cols < 2:
        return None
    cells: list[GridCell] = []
    n_header = 0
    if blocks:
        placed = header_cells(
            blocks, borders, intervals, size, header_top, header_bottom, rules
        )
        ys = [p.top for p in placed] + [p.bottom for p in placed if p.bottom is not None]
        levels = _cluster(ys, BORDER_TOLERANCE * size)
        n_header = len(levels)
        for p in placed:
            r0 = _nearest(levels, p.top)
            r1 = n_header if p.bottom is None else max(_nearest(levels, p.bottom), r0 + 1)
            chars_of = p.block.chars if p.block else []
            cells.append(_cell(chars_of, r0, p.col0, r1 - r0, p.col1 - p.col0 + 1))
        cells = _fill_header(cells, n_header, n_cols)
    inner = borders[1:-1]
    for r, row in enumerate(rows):
        found: dict[int, list[dict]] = {}
        for ln in row:
            for s in ln.segments:
                # Text across a border spans cells and starts in the first (left-aligned).
                across = any(s.x0 < x < s.x1 for x in inner)
                at = bisect.bisect_right(inner, s.x0 if across else s.cx)
                found.setdefault(at, []).extend(s.chars)
        for c in range(n_cols):
            cells.append(_cell(found.get(c, []), n_header + r, c, 1, 1))
    n_rows = n_header + len(rows)
    if n_rows < 1:
        return None
    return Grid(
        col_x=list(borders),
        n_rows=n_rows,
        cells=cells,
        row_pages=[page] * n_rows,
        text_x=[(a, b) for a, b in intervals],
    )


def _fill_header(cells: list[GridCell], n_rows: int, n_cols: int) -> list[GridCell]:
    """Header positions no cell covers become empty cells, as a ruled grid prints them."""
    taken = [[False] * n_cols for _ in range(n_rows)]
    for c in cells:
        for r in range(c.row, min(c.row + c.rowspan, n_rows)):
            for k in range(c.col, min(c.col + c.colspan, n_cols)):
                taken[r][k] = True
    out = list(cells)
    for r in range(n_rows):
        for k in range(n_cols):
            if not taken[r][k]:
                out.append(GridCell(r, k, 1, 1, "", ()))
    return out
