"""Lines, runs of text and headings: what a table printed without vertical rules is read from.

See :mod:`pipelines.extract.text_tables` for the reading itself.

Characters whose vertical centres align make a line; a gap wider than a word space cuts a
line into runs (segments): a run never crosses a cell border. A header cell wrapped onto
several lines is a block. Positions are pdfplumber's (top-left origin, points); sizes in
the constants below are shares of the font size.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from statistics import median

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

# Headings are aligned with the lines they wrap onto within this.
ALIGN = 0.5

RULE_SLACK = 1.0


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
    last_size = size
    for char in chars:
        blank = char["text"].isspace()
        # A word space is as wide as its own text is large: a title's spaces are wider.
        space = SEGMENT_GAP * max(size, last_size, char.get("size") or size)
        if not blank and last_x1 is not None and char["x0"] - last_x1 > space:
            out.append(_segment(current))
            current = []
        if blank and not current:
            continue
        current.append(char)
        if not blank:
            last_x1 = char["x1"]
            last_size = char.get("size") or size
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


def rule_between(rules: list[Rule], upper: float, lower: float, x: float | None = None) -> bool:
    """Whether a rule runs between two heights (across ``x`` when given)."""
    return any(
        upper < r.y < lower and (x is None or r.x0 - RULE_SLACK <= x <= r.x1 + RULE_SLACK)
        for r in rules
    )


def merge_intervals(spans: list[tuple[float, float]]) -> list[list[float]]:
    """Sorted x ranges, overlapping ones merged: where some text stands across a region."""
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return out


def touched(intervals: list[list[float]], x0: float, x1: float) -> list[int]:
    """Indexes of the intervals that the range ``x0..x1`` overlaps."""
    return [i for i, (a, b) in enumerate(intervals) if x0 < b and a < x1]


def river_of(intervals: list[list[float]], x: float) -> int:
    """Index of the first interval right of ``x`` (the river ``x`` lies in)."""
    return bisect.bisect_left([a for a, _ in intervals], x)


def is_below(upper: Block, lower: Block, size: float) -> bool:
    """Whether ``lower`` starts clearly under the end of ``upper`` (not beside it)."""
    return lower.top >= upper.bottom + BELOW * size
