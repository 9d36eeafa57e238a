"""The header of a table printed without vertical rules, as cells spanning columns and rows.

Templates centre a heading over the columns it heads, horizontally and vertically. Read
top-down, a block with blocks under it is a group: its span is the run of columns whose
middle is its middle (or the run the rule drawn under it covers), and its children head
the columns of that run; a block with nothing under it heads its column down to the body.
Headings do not always form a tree (a 栏次 row may run under two headings): the lowest
ones widen over neighbouring columns whose headings end above them. Pure functions over
:class:`~pipelines.extract.text_layout.Block`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.extract.text_layout import (
    ALIGN,
    BELOW,
    RULE_SLACK,
    WRAP_PITCH,
    Block,
    Line,
    Rule,
    Segment,
    is_below,
    river_of,
    rule_between,
    touched,
)

# Distinct header row borders are rows (two font sizes or more) apart; estimates of one
# border agree within this.
BORDER_TOLERANCE = 0.9

# The cost (in font sizes) of a header column no heading of a level spans; less when a lower
# heading waits to take it.
_UNCOVERED = 1.5

_WAITING = 0.5

# A group takes no more columns than its middle asks for: each column it takes costs this.
_TAKEN = 0.1


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
            if overlap > 0 and aligned and not rule_between(rules, a.cy, b.cy, a.cx):
                parent[find(j)] = find(i)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(find(i), []).append(s)
    return [Block(segs) for segs in groups.values()]


def classify_groups(blocks: list[Block], size: float, top: float, bottom: float) -> None:
    """Mark the header blocks that head other blocks (groups) rather than a column.

    Texts of different columns never overlap across, so a block with text under it is a
    group. A group's text may also stand in the gap between its first and last column's
    headings: blocks under it on both sides make it a group too, unless it is centred on the
    whole header (a heading down the whole header, between lower headings of other columns).
    """
    middle = (top + bottom) / 2
    for block in blocks:
        below = [b for b in blocks if b is not block and is_below(block, b, size)]
        if any(min(b.x1, block.x1) > max(b.x0, block.x0) for b in below):
            block.group = True
            continue
        block.full = abs(block.cy - middle) <= BELOW * size
        both_sides = any(b.x1 <= block.cx for b in below) and any(b.x0 >= block.cx for b in below)
        block.group = both_sides and not block.full


@dataclass
class Placed:
    """A header cell: its block, top and bottom, first and last column.

    ``block`` is ``None`` for an empty cell; ``bottom`` is ``None`` for a cell that runs
    down to the header's bottom.
    """

    block: Block | None
    top: float
    bottom: float | None  # None: down to the header's bottom
    col0: int
    col1: int  # inclusive


def _block_cols(block: Block, intervals, n: int) -> list[int]:
    cols = touched(intervals, block.x0, block.x1)
    if cols:
        return cols
    r = river_of(intervals, block.cx)
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
) -> list[Placed]:
    """Place the header blocks top-down into cells spanning columns and header rows."""
    n = len(borders) - 1
    for block in blocks:
        block.cols = _block_cols(block, intervals, n)
    placed: list[Placed] = []
    _place(blocks, 0, n - 1, top, bottom, borders, size, rules, placed)
    _widen_lowest(placed, borders, size)
    return placed


def _widen_lowest(placed: list[Placed], borders: list[float], size: float) -> None:
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

        def free(c: int, p: Placed = p) -> Placed | None:
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
        placed.append(Placed(None, top, None, lo, hi))
        return
    firsts = [
        b
        for b in blocks
        if not any(
            o is not b and is_below(o, b, size) and set(o.cols) & set(b.cols) for o in blocks
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
            is_below(f, o, size) and min(o.x1, x1) - max(o.x0, x0) > RULE_SLACK
            for o in blocks
        )

    deferred = [
        f for f in firsts
        if rule_between(rules, top + RULE_SLACK, f.top, f.cx)
        or any(g is not f and is_below(g, f, size) for g in group_blocks)
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
                placed.append(Placed(block, top, None, a, b))
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
        placed.append(Placed(block, top, under, a, b))
        unders.append((block, under))
        for c in children:
            c.cols = [k for k in c.cols if a <= k <= b] or [min(max(c.cols[0], a), b)]
        _place(children, a, b, under, bottom, borders, size, rules, placed)
    for block, a, b in lows:
        # a heading printed lower than the groups beside it starts at this level or where
        # one of them ends: where it is centred between its start and the bottom
        starts = [top] + [u for g, u in unders if is_below(g, block, size) and u < block.top]
        start = min(starts, key=lambda y: abs(block.cy - (y + bottom) / 2))
        placed.append(Placed(block, start, None, a, b))
    for c in range(lo, hi + 1):
        if c not in covered:
            placed.append(Placed(None, top, None, c, c))


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
                if rule.x0 - RULE_SLACK <= (borders[c] + borders[c + 1]) / 2 <= rule.x1 + 1
            ]
            if inside:
                a, b = inside[0], inside[-1]
        # a heading printed beside the group (neither above nor under it) stands in a
        # column the group does not head
        beside = {
            c
            for o in blocks
            if o is not group and not is_below(group, o, size) and not is_below(o, group, size)
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
    below = [o.top for o in others if is_below(block, o, size)]
    limit = min(below) if below else block.bottom + 3 * size
    found = [
        r for r in rules
        if block.bottom < r.y < limit and r.x0 - RULE_SLACK <= block.cx <= r.x1 + RULE_SLACK
    ]
    return min(found, key=lambda r: r.y) if found else None
