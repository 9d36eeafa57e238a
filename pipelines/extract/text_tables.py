"""Tables read from text alignment: 三线表 and tables printed without any rules.

A ruled table says where its cells are; a table ruled only across (top, under the header,
bottom, perhaps under every row) or not at all says it with the text alone. Templates print
such a table the same way: every cell's text inside its cell, amounts right-aligned, labels
left-aligned, headings centred over the columns they head (horizontally and vertically), a
long label wrapped onto more lines inside its cell. This module reverses that:

* **lines** — characters whose vertical centres align, cut into *segments* where a gap wider
  than a word space separates them (a segment never crosses a cell border);
* **rows** — lines whose boxes overlap belong to one row (a two-line label beside a
  one-line amount, both centred); a line with no amount closer to a neighbour than rows are
  to each other is a label wrapped inside its cell; rules, where printed, part rows;
* **columns** — the x ranges no body text crosses (rivers) part the columns; a heading over
  a column that prints nothing in the body makes a column of its own;
* **header** — the rows above the first data row, as blocks (one cell's wrapped lines);
  read top-down: a block with blocks under it is a group whose span is the run of columns
  whose middle is its middle (or the rule drawn under it), a block with nothing under it
  reaches down to the body.

The result is the same :class:`~pipelines.extract.grid.Grid` a ruled table gives (spans,
``lines``, exact cell texts by :func:`~pipelines.extract.cell_text.cell_text`), so assembly
and cleaning do not know how a table was drawn. Pure functions over pdfplumber-style char
dicts and rule positions; no PDF objects.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from statistics import median

from pipelines.clean.amounts import is_amount
from pipelines.extract.cell_text import cell_text
from pipelines.extract.grid import Grid, GridCell, join_wrapped_lines
from pipelines.extract.rows import is_data_row

# Shares of the font size. Word spaces are at most half an em (ASCII in a CJK font); cells
# are padded apart by more.
SEGMENT_GAP = 0.6
# Characters of one printed line share a baseline within this.
LINE_TOLERANCE = 0.15
# Lines of one wrapped cell follow each other at about 1.2–1.3 em; rows at 1.8 em or more.
WRAP_PITCH = 1.5
# How much two lines' boxes must overlap to be one row (a label's line beside an amount).
ROW_OVERLAP = 0.2
# A block lies under another when its top is this far below the other's bottom.
BELOW = 0.3
# Distinct header row borders are rows (two font sizes or more) apart; estimates of one
# border agree within this.
BORDER_TOLERANCE = 0.9
# Headings are aligned with the lines they wrap onto within this.
ALIGN = 0.5
# Where no rule says where a table starts, its top is this far above its first text (a row
# of one line is about two font sizes high, the line in its middle).
TOP_PAD = 0.5
_RULE_SLACK = 1.0
# Chains of column borders kept while fitting them, and the cost (in font sizes) of a
# column whose middle no heading gives.
_CHAINS = 24
_STARTS = 16
_UNCENTRED = 3.0
# The cost (in font sizes) of a header column no heading of a level spans; less when a lower
# heading waits to take it.
_UNCOVERED = 1.5
_WAITING = 0.5
# A group takes no more columns than its middle asks for: each column it takes costs this.
_TAKEN = 0.1


@dataclass(frozen=True)
class Rule:
    """A horizontal rule: its height on the page and its extent across."""

    y: float
    x0: float
    x1: float


@dataclass
class Segment:
    """A run of characters on one line with no gap wider than a word space."""

    chars: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    text: str

    @property
    def cx(self) -> float:
        """Horizontal middle."""
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        """Vertical middle."""
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Segments whose characters' vertical centres align, left to right."""

    segments: list[Segment]
    top: float
    bottom: float

    @property
    def cy(self) -> float:
        """Vertical middle."""
        return (self.top + self.bottom) / 2

    @property
    def texts(self) -> list[str]:
        """The segments' texts, left to right."""
        return [s.text for s in self.segments]


@dataclass
class Block:
    """A header cell's text: segments on consecutive lines, aligned with each other."""

    segments: list[Segment]
    cols: list[int] = field(default_factory=list)
    group: bool = False
    full: bool = False  # centred on the whole header: it runs down all of it

    @property
    def x0(self) -> float:
        """Left edge of the text."""
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> float:
        """Right edge of the text."""
        return max(s.x1 for s in self.segments)

    @property
    def top(self) -> float:
        """Top of the text."""
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        """Bottom of the text."""
        return max(s.bottom for s in self.segments)

    @property
    def cx(self) -> float:
        """Horizontal middle."""
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        """Vertical middle."""
        return (self.top + self.bottom) / 2

    @property
    def chars(self) -> list[dict]:
        """Every character of the block."""
        return [c for s in self.segments for c in s.chars]


def _mid_y(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def font_size(chars: list[dict]) -> float:
    """The usual font size of some characters (their box height where no size is given)."""
    sizes = [c.get("size") or (c["bottom"] - c["top"]) for c in chars if not c["text"].isspace()]
    return median(sizes) if sizes else 9.0


def _segments(chars: list[dict], size: float) -> list[Segment]:
    """One line's characters (sorted left to right) cut at gaps wider than a word space."""
    out: list[Segment] = []
    current: list[dict] = []
    last_x1 = None
    for char in chars:
        blank = char["text"].isspace()
        if not blank and last_x1 is not None and char["x0"] - last_x1 > SEGMENT_GAP * size:
            out.append(_segment(current))
            current = []
        if blank and not current:
            continue
        current.append(char)
        if not blank:
            last_x1 = char["x1"]
    if current:
        out.append(_segment(current))
    return [s for s in out if s.text]


def _segment(chars: list[dict]) -> Segment:
    while chars and chars[-1]["text"].isspace():
        chars = chars[:-1]
    printed = [c for c in chars if not c["text"].isspace()]
    if not printed:
        return Segment([], 0.0, 0.0, 0.0, 0.0, "")
    return Segment(
        chars,
        min(c["x0"] for c in printed),
        max(c["x1"] for c in printed),
        min(c["top"] for c in printed),
        max(c["bottom"] for c in printed),
        "".join(c["text"] for c in printed),
    )


def text_lines(chars: list[dict], size: float | None = None) -> list[Line]:
    """The lines of some characters, top to bottom, each cut into segments.

    Characters join a line when their vertical centres lie within a seventh of the font
    size of the line's first one (sorted by centre): one printed line shares a baseline,
    while the lines of cells centred in rows of different heights may lie a few points
    apart, and chaining would run them together.
    """
    upright = [c for c in chars if c.get("upright", True)]
    if not upright:
        return []
    size = size or font_size(upright)
    groups: list[list[dict]] = []
    first = None
    for char in sorted(upright, key=_mid_y):
        mid = _mid_y(char)
        if first is None or mid - first > LINE_TOLERANCE * size:
            groups.append([])
            first = mid
        groups[-1].append(char)
    lines = []
    for group in groups:
        segments = _segments(sorted(group, key=lambda c: c["x0"]), size)
        if segments:
            lines.append(
                Line(segments, min(s.top for s in segments), max(s.bottom for s in segments))
            )
    return lines


def _rule_between(rules: list[Rule], upper: float, lower: float, x: float | None = None) -> bool:
    """Whether a rule runs between two heights (across ``x`` when given)."""
    return any(
        upper < r.y < lower and (x is None or r.x0 - _RULE_SLACK <= x <= r.x1 + _RULE_SLACK)
        for r in rules
    )


def _bands(lines: list[Line], size: float, rules: list[Rule]) -> list[list[Line]]:
    """Lines grouped where their boxes overlap (never across a rule), top to bottom."""
    bands: list[list[Line]] = []
    bottom = None
    for line in sorted(lines, key=lambda ln: ln.top):
        if (
            bands
            and line.top < bottom - ROW_OVERLAP * size
            and not _rule_between(rules, max(ln.cy for ln in bands[-1]), line.cy)
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
                    if pitch <= WRAP_PITCH * size and not _rule_between(rules, top, bottom):
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
        _rule_between(rules, max(ln.cy for ln in a), min(ln.cy for ln in b))
        for a, b in zip(amounts, amounts[1:], strict=False)
    )


def _rows_between_rules(bands: list[list[Line]], rules: list[Rule]) -> list[list[Line]]:
    rows = [list(bands[0])]
    for band in bands[1:]:
        above = max(ln.cy for ln in rows[-1])
        if _rule_between(rules, above, min(ln.cy for ln in band)):
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
        return len(segments) == 1 and segments[0].x0 - left <= _RULE_SLACK

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
        any(abs(s.x0 - x) <= _RULE_SLACK for x in starts)
        for ln in bands[first - 1] for s in ln.segments
    ) and not _rule_between(
        rules, max(ln.cy for ln in bands[first - 1]), min(ln.cy for ln in bands[first])
    ):
        first -= 1
    return bands[:first], bands[first:]


def header_blocks(lines: list[Line], size: float, rules: list[Rule]) -> list[Block]:
    """The cells of a header: segments joined with the aligned ones on the next lines.

    A heading wrapped inside its cell prints its lines a line pitch apart, centred (or
    left-aligned) alike; the heading of the next header row is a row pitch below, or a rule
    parts them.
    """
    segments = [s for ln in sorted(lines, key=lambda ln: ln.top) for s in ln.segments]
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(segments):
        for j in range(i + 1, len(segments)):
            b = segments[j]
            pitch = b.cy - a.cy
            if pitch <= ALIGN * size or pitch > WRAP_PITCH * size:
                continue
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            aligned = min(abs(a.cx - b.cx), abs(a.x0 - b.x0), abs(a.x1 - b.x1)) <= ALIGN * size
            if overlap > 0 and aligned and not _rule_between(rules, a.cy, b.cy, a.cx):
                parent[find(j)] = find(i)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(find(i), []).append(s)
    return [Block(segs) for segs in groups.values()]


def _merge_intervals(spans: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return out


def _touched(intervals: list[list[float]], x0: float, x1: float) -> list[int]:
    return [i for i, (a, b) in enumerate(intervals) if x0 < b and a < x1]


def _river_of(intervals: list[list[float]], x: float) -> int:
    """Index of the first interval right of ``x`` (the river ``x`` lies in)."""
    return bisect.bisect_left([a for a, _ in intervals], x)


def _is_below(upper: Block, lower: Block, size: float) -> bool:
    return lower.top >= upper.bottom + BELOW * size


def classify_groups(blocks: list[Block], size: float, top: float, bottom: float) -> None:
    """Mark the header blocks that head other blocks (groups) rather than a column.

    Texts of different columns never overlap across, so a block with text under it is a
    group. A group's text may also stand in the gap between its first and last column's
    headings: blocks under it on both sides make it a group too, unless it is centred on the
    whole header (a heading down the whole header, between lower headings of other columns).
    """
    middle = (top + bottom) / 2
    for block in blocks:
        below = [b for b in blocks if b is not block and _is_below(block, b, size)]
        if any(min(b.x1, block.x1) > max(b.x0, block.x0) for b in below):
            block.group = True
            continue
        block.full = abs(block.cy - middle) <= BELOW * size
        both_sides = any(b.x1 <= block.cx for b in below) and any(b.x0 >= block.cx for b in below)
        block.group = both_sides and not block.full


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
    body_segments = [s for row in body for ln in row for s in ln.segments]
    spans = [(s.x0, s.x1) for s in body_segments]
    intervals = _merge_intervals(spans)
    if intervals:
        touched = [_touched(intervals, b.x0, b.x1) for b in blocks if not b.group]
        headed = {t[0] for t in touched if len(t) == 1}
        loose = [
            b for b in blocks if not b.group and not _touched(intervals, b.x0, b.x1)
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
        intervals = _merge_intervals(spans)
    else:
        intervals = _merge_intervals([(b.x0, b.x1) for b in blocks if not b.group])
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
    r = _river_of(intervals, block.cx)
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
            if _touched(intervals, b.x0, b.x1) == [k] and not any(
                abs(b.cx - m) < 0.5 for m in found
            ):
                found.append(b.cx)
        out.append(found)
    return out


@dataclass
class _Placed:
    block: Block | None
    top: float
    bottom: float | None  # None: down to the header's bottom
    col0: int
    col1: int  # inclusive


def _block_cols(block: Block, intervals, n: int) -> list[int]:
    cols = _touched(intervals, block.x0, block.x1)
    if cols:
        return cols
    r = _river_of(intervals, block.cx)
    return [c for c in (r - 1, r) if 0 <= c < n]


def _span_cost(block: Block, borders: list[float], a: int, b: int) -> float:
    return abs(block.cx - (borders[a] + borders[b + 1]) / 2)


def _assign_spans(
    level: list[Block], groups: set[int], lo: int, hi: int, borders: list[float],
    allowed: dict[int, tuple[int, int]], size: float, waiting: dict | None = None,
) -> list[tuple[int, int] | None]:
    """Column spans of the blocks heading a run of columns, left to right.

    Each block keeps the columns its text touches (a column two blocks touch goes to the
    nearer middle). The columns between them go to the groups beside them (within the rule
    drawn under a group, if any), cut where every group's middle best matches the middle of
    its span; a column may also be left to no group, at a cost, when taking it would pull a
    group's span off its middle (a heading deferred from this level then takes it: such a
    column, ``waiting``, costs less to leave).
    """
    waiting = waiting or {}
    spans: list[list[int] | None] = []
    for i, block in enumerate(level):
        cols = [c for c in block.cols if lo <= c <= hi]
        a, b = allowed.get(i, (lo, hi))
        cols = [c for c in cols if a <= c <= b] or cols
        spans.append([min(cols), max(cols)] if cols else None)
    for i in range(len(spans) - 1):
        s, t = spans[i], spans[i + 1]
        if not (s and t and s[1] >= t[0]):
            continue
        to_left = [
            c for c in range(t[0], s[1] + 1)
            if abs(level[i].cx - (borders[c] + borders[c + 1]) / 2)
            <= abs(level[i + 1].cx - (borders[c] + borders[c + 1]) / 2)
        ]
        cut = (max(to_left) + 1) if to_left else t[0]
        s[1], t[0] = min(s[1], cut - 1), max(t[0], cut)
        if s[1] < s[0]:
            spans[i] = None
        if t[0] > t[1]:
            spans[i + 1] = None
    order = [i for i, s in enumerate(spans) if s]
    gaps = []  # (start, end, left block, right block)
    previous_end, previous = lo - 1, None
    for i in [*order, None]:
        start = previous_end + 1
        end = spans[i][0] - 1 if i is not None else hi
        if start <= end:
            gaps.append((start, end, previous, i))
        if i is not None:
            previous_end, previous = spans[i][1], i
    options = [_gap_options(g, groups, allowed) for g in gaps]
    best = None
    for choice in _choices(options):
        trial = [list(s) if s else None for s in spans]
        uncovered = 0.0
        for (start, end, left, right), (take_left, take_right) in zip(gaps, choice, strict=True):
            if take_left:
                trial[left][1] = start + take_left - 1
            if take_right:
                trial[right][0] = end - take_right + 1
            uncovered += sum(
                waiting.get(c, _UNCOVERED) for c in range(start + take_left, end - take_right + 1)
            ) + _TAKEN * (take_left + take_right)
        cost = uncovered * size + sum(
            abs(level[i].cx - (borders[trial[i][0]] + borders[trial[i][1] + 1]) / 2)
            for i in groups
            if trial[i]
        )
        if best is None or cost < best[0]:
            best = (cost, trial)
    chosen = best[1] if best else spans
    return [tuple(s) if s else None for s in chosen]


def _gap_options(gap, groups: set[int], allowed) -> list[tuple[int, int]]:
    """Ways to share a run of columns: (taken by the left group, taken by the right one)."""
    start, end, left, right = gap
    n = end - start + 1

    def room(i: int | None, first: int, last: int) -> bool:
        if i is None or i not in groups:
            return False
        a, b = allowed.get(i, (first, last))
        return a <= first and last <= b

    out = []
    for take_left in range(n + 1):
        if take_left and not room(left, start, start + take_left - 1):
            break
        for take_right in range(n - take_left + 1):
            if take_right and not room(right, end - take_right + 1, end):
                break
            out.append((take_left, take_right))
    return out


def _choices(options: list[list[tuple[int, int]]], limit: int = 4096):
    """Every combination of gap options (the first options only, past ``limit``)."""
    count = 1
    for o in options:
        count *= len(o)
    if count > limit:
        yield [max(o, key=lambda t: t[0] + t[1]) for o in options]
        return
    combos: list[list[tuple[int, int]]] = [[]]
    for o in options:
        combos = [c + [t] for c in combos for t in o]
    yield from combos


def header_cells(
    blocks: list[Block],
    borders: list[float],
    intervals,
    size: float,
    top: float,
    bottom: float,
    rules: list[Rule],
) -> list[_Placed]:
    """Place the header blocks top-down into cells spanning columns and header rows."""
    n = len(borders) - 1
    for block in blocks:
        block.cols = _block_cols(block, intervals, n)
    placed: list[_Placed] = []
    _place(blocks, 0, n - 1, top, bottom, borders, size, rules, placed)
    _widen_lowest(placed, borders, size)
    return placed


def _widen_lowest(placed: list[_Placed], borders: list[float], size: float) -> None:
    """Let a lowest heading take in the columns beside it whose headings end above it.

    Headings form a grid, not always a tree: a 栏次 under the header may run under two
    columns headed separately. Read top-down it sits under one of them; it takes in the
    next column when the heading there runs down to the header's bottom from higher up
    (that heading then ends where the lower one starts) and the lower heading's middle is
    nearer the middle of the wider span.
    """
    n = len(borders) - 1
    for p in placed:
        if p.block is None or p.bottom is not None:
            continue

        def free(c: int, p: _Placed = p) -> _Placed | None:
            """The heading over column ``c`` that runs down past ``p``'s top, if any."""
            return next(
                (
                    q for q in placed
                    if q is not p and q.col0 == c == q.col1 and q.bottom is None
                    and q.top < p.top - BELOW * size
                ),
                None,
            )

        lo, hi = p.col0, p.col1
        while lo > 0 and free(lo - 1):
            lo -= 1
        while hi < n - 1 and free(hi + 1):
            hi += 1
        if (lo, hi) == (p.col0, p.col1):
            continue
        best = min(
            ((a, b) for a in range(lo, p.col0 + 1) for b in range(p.col1, hi + 1)),
            key=lambda ab: abs(p.block.cx - (borders[ab[0]] + borders[ab[1] + 1]) / 2),
        )
        for c in [*range(best[0], p.col0), *range(p.col1 + 1, best[1] + 1)]:
            free(c).bottom = p.top
        p.col0, p.col1 = best


def _place(blocks, lo, hi, top, bottom, borders, size, rules, placed) -> None:
    """Place the blocks heading columns ``lo..hi`` below ``top``, recursively, top-down.

    ``bottom`` is the header's bottom. A heading printed lower than a group beside it
    waits: a group whose middle asks for its column takes it as a child, or else it heads
    its column from this level (starting where it is centred), the cheaper when it is
    centred on the rest of the header with nothing under it.
    """
    if not blocks:
        placed.append(_Placed(None, top, None, lo, hi))
        return
    firsts = [
        b
        for b in blocks
        if not any(
            o is not b and _is_below(o, b, size) and set(o.cols) & set(b.cols) for o in blocks
        )
    ]
    group_blocks = [f for f in firsts if f.group]
    # A heading printed lower than a group beside it is not on the group's level: it is
    # under the group, or (when no group's span takes its column) on this level after all.
    # A heading printed lower than a group beside it (or under a rule) is not on the
    # group's level: it is under the group, or (when no group's span takes its column) on
    # this level after all, starting lower.
    middle = (top + bottom) / 2

    def runs_down(f: Block) -> bool:
        """Centred on the rest of the header, with nothing under it in its columns."""
        if abs(f.cy - middle) > BELOW * size:
            return False
        x0, x1 = borders[min(f.cols)], borders[max(f.cols) + 1]
        return not any(
            _is_below(f, o, size) and min(o.x1, x1) - max(o.x0, x0) > _RULE_SLACK
            for o in blocks
        )

    deferred = [
        f for f in firsts
        if _rule_between(rules, top + _RULE_SLACK, f.top, f.cx)
        or any(g is not f and _is_below(g, f, size) for g in group_blocks)
    ]
    # the columns a deferred heading would take if no group does (free where it runs down)
    waiting = {c: 0.0 if runs_down(d) else _WAITING for d in deferred for c in d.cols}
    level = [f for f in firsts if not any(f is d for d in deferred)]
    spans, groups, allowed = _level_spans(level, lo, hi, borders, size, rules, blocks, waiting)
    taken = {c for span in spans if span for c in range(span[0], span[1] + 1)}
    unclaimed = [d for d in deferred if not set(d.cols) & taken]
    if unclaimed:
        level += unclaimed
        spans, groups, allowed = _level_spans(
            level, lo, hi, borders, size, rules, blocks, waiting
        )
    level_sorted = sorted(range(len(level)), key=lambda i: level[i].cx)
    level = [level[i] for i in level_sorted]
    spans = [spans[i] for i in level_sorted]
    groups = {level_sorted.index(i) for i in groups}
    rest = [b for b in blocks if not any(b is f for f in level)]
    covered: set[int] = set()
    claimed: list[Block] = []
    unders: list[tuple[Block, float]] = []
    lows: list[tuple[Block, int, int]] = []
    for i, (block, span) in enumerate(zip(level, spans, strict=True)):
        if span is None:
            continue
        a, b = span
        covered.update(range(a, b + 1))
        if i not in groups:
            if any(block is d for d in unclaimed):
                lows.append((block, a, b))
            else:
                placed.append(_Placed(block, top, None, a, b))
            continue
        children = [
            c for c in rest
            if set(c.cols) & set(range(a, b + 1)) and not any(c is d for d in claimed)
        ]
        claimed += children
        rule = _rule_under(block, children, rules, size)
        lowest = min((c.top for c in children), default=block.bottom)
        if rule is not None:
            under = rule.y
        else:
            under = min(max(2 * block.cy - top, block.bottom), lowest)
        placed.append(_Placed(block, top, under, a, b))
        unders.append((block, under))
        for c in children:
            c.cols = [k for k in c.cols if a <= k <= b] or [min(max(c.cols[0], a), b)]
        _place(children, a, b, under, bottom, borders, size, rules, placed)
    for block, a, b in lows:
        # a heading printed lower than the groups beside it starts at this level or where
        # one of them ends: where it is centred between its start and the bottom
        starts = [top] + [u for g, u in unders if _is_below(g, block, size) and u < block.top]
        start = min(starts, key=lambda y: abs(block.cy - (y + bottom) / 2))
        placed.append(_Placed(block, start, None, a, b))
    for c in range(lo, hi + 1):
        if c not in covered:
            placed.append(_Placed(None, top, None, c, c))


def _level_spans(level, lo, hi, borders, size, rules, blocks, waiting=None):
    """Spans of the blocks of one header level (sorted left to right inside)."""
    order = sorted(range(len(level)), key=lambda i: level[i].cx)
    ordered = [level[i] for i in order]
    rest = [b for b in blocks if not any(b is f for f in ordered)]
    groups = {i for i, f in enumerate(ordered) if f.group}
    allowed = {}
    for i in groups:
        group = ordered[i]
        a, b = lo, hi
        rule = _rule_under(group, rest, rules, size)
        if rule is not None:
            inside = [
                c for c in range(lo, hi + 1)
                if rule.x0 - _RULE_SLACK <= (borders[c] + borders[c + 1]) / 2 <= rule.x1 + 1
            ]
            if inside:
                a, b = inside[0], inside[-1]
        # a heading printed beside the group (neither above nor under it) stands in a
        # column the group does not head
        beside = {
            c
            for o in blocks
            if o is not group and not _is_below(group, o, size) and not _is_below(o, group, size)
            for c in o.cols
        } - set(group.cols)
        base = [c for c in group.cols if lo <= c <= hi] or [a]
        left = min(base)
        while left - 1 >= a and left - 1 not in beside:
            left -= 1
        right = max(base)
        while right + 1 <= b and right + 1 not in beside:
            right += 1
        allowed[i] = (left, right)
    spans = _assign_spans(ordered, groups, lo, hi, borders, allowed, size, waiting)
    back = [None] * len(level)
    for k, i in enumerate(order):
        back[i] = spans[k]
    return back, {order[k] for k in groups}, allowed


def _rule_under(block: Block, others: list[Block], rules: list[Rule], size: float) -> Rule | None:
    below = [o.top for o in others if _is_below(block, o, size)]
    limit = min(below) if below else block.bottom + 3 * size
    found = [
        r for r in rules
        if block.bottom < r.y < limit and r.x0 - _RULE_SLACK <= block.cx <= r.x1 + _RULE_SLACK
    ]
    return min(found, key=lambda r: r.y) if found else None


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
                found.setdefault(bisect.bisect_right(inner, s.cx), []).extend(s.chars)
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
