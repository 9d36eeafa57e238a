"""Where a page prints tables that no ruled grid explains.

Two kinds of region, both found on what a page prints outside its ruled tables:

* **rule-bounded** (三线表, row rules): long horizontal rules in a run, top rule to bottom
  rule, with no title or unit line between them (the next table's title parts two tables on
  one page);
* **text-only** (no rules at all): the lines between a table's title or unit line and the
  next such line (or a note, a page number, a rule or a wide vertical gap), kept when at
  least three of them print amounts in two or more separate columns. A page's lines above
  its first title count too when they print such rows: a table continued from the page
  before, without its title.

Narrative text never qualifies: a paragraph's lines are single runs of text, and the
amounts a sentence mentions sit inside the run. Pure functions over char dicts and rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines import vocabulary
from pipelines.clean.amounts import is_amount, unit_after_label
from pipelines.extract.text_layout import Line, Rule, font_size, text_lines

# A rule this share of the page's width long can bound a table.
LONG_RULE = 0.3
# Rows of a table follow each other closer than this (in font sizes); a wider gap ends it.
_MAX_ROW_GAP = 4.0
_MIN_AMOUNT_ROWS = 3
# A line of running text: one run across this share of the text's width.
_NARRATIVE_WIDTH = 0.85
# A title is printed larger than the table's text.
_TITLE_SIZE = 1.1


@dataclass(frozen=True)
class Region:
    """A table region: its vertical extent, the rules inside it and the rules' ends."""

    top: float
    bottom: float
    rules: tuple[Rule, ...]
    edges: tuple[float, float] | None
    ruled_top: bool
    ruling: str


def _text(line: Line) -> str:
    return "".join(line.texts)


def _line_size(line: Line) -> float:
    return font_size([c for s in line.segments for c in s.chars])


def is_break(line: Line, size: float, edge: bool = False) -> bool:
    """Whether a line stands between tables: a title, a unit, a note or a page number.

    A page number is one only on the first or last line of a page (``edge``): inside a
    table a lone number is a cell.
    """
    text = _text(line)
    if unit_after_label(text):
        return True
    first = line.texts[0]
    if edge and len(line.segments) == 1 and vocabulary.search("page_number", first):
        return True
    if vocabulary.search("note_line", first):
        return True
    return is_title(line, size)


def is_title(line: Line, size: float) -> bool:
    """A line naming a table (…表), printed larger than the text around it."""
    text = _text(line)
    return (
        len(line.segments) <= 2
        and bool(vocabulary.search("table_word", text))
        and not any(is_amount(t) for t in line.texts)
        and _line_size(line) >= _TITLE_SIZE * size
    )


def is_table_row(line: Line) -> bool:
    """A line printing an amount in a run of its own beside other runs of text."""
    return len(line.segments) >= 2 and any(is_amount(t) for t in line.texts)


def rule_regions(lines: list[Line], rules: list[Rule], size: float, width: float) -> list[Region]:
    """Regions bounded by runs of long rules with no title or unit line between them."""
    long_rules = sorted((r for r in rules if r.x1 - r.x0 >= LONG_RULE * width), key=lambda r: r.y)
    breaks = [ln.cy for ln in lines if _opens_table(ln, size)]
    runs: list[list[Rule]] = []
    for rule in long_rules:
        if runs and not any(runs[-1][-1].y < y < rule.y for y in breaks):
            runs[-1].append(rule)
        else:
            runs.append([rule])
    out = []
    for run in runs:
        if len(run) < 2:
            continue
        top, bottom = run[0].y, run[-1].y
        inside = [ln for ln in lines if top < ln.cy < bottom]
        if not any(len(ln.segments) >= 2 for ln in inside):
            continue
        x0, x1 = min(r.x0 for r in run), max(r.x1 for r in run)
        inner = tuple(r for r in rules if top < r.y < bottom and r.x1 > x0 and r.x0 < x1)
        out.append(Region(top, bottom, inner, (x0, x1), True, "horizontal_only"))
    return out


def _opens_table(line: Line, size: float) -> bool:
    """A title or unit line: what a table prints right above itself."""
    return bool(unit_after_label(_text(line))) or is_title(line, size)


def is_page_index(lines: list[Line]) -> bool:
    """Whether the amounts of some lines are only page numbers (a table of contents).

    An index prints one small whole number per line, never decreasing down the page; a
    table prints some amount that is not, or more than one a row.
    """
    numbers = []
    for line in lines:
        found = [t for t in line.texts if is_amount(t)]
        if len(found) > 1:
            return False
        if found:
            if not found[0].isdigit() or len(found[0]) > 3:
                return False
            numbers.append(int(found[0]))
    return bool(numbers) and numbers == sorted(numbers)


def _cut_narrative(section: list[Line], width: float) -> list[Line]:
    """The lines before the first line of running text (one run across the whole width)."""
    for i, line in enumerate(section):
        seg = line.segments[0]
        if len(line.segments) == 1 and seg.x1 - seg.x0 >= _NARRATIVE_WIDTH * width:
            return section[:i]
    return section


def _qualifies(section: list[Line], opened: str) -> bool:
    """Whether a run of lines prints a table, given what stands above it.

    Under a title or unit line, a line in columns and another line (a header with a total
    row and nothing else) are enough; at the top of a page (a table continued without
    its title) a row of amounts and another line in columns; elsewhere three rows of
    amounts. A table of contents never qualifies.
    """
    if not section or is_page_index(section):
        return False
    in_columns = sum(1 for ln in section if len(ln.segments) >= 2)
    amount_rows = sum(1 for ln in section if is_table_row(ln))
    if opened == "title":
        return in_columns >= 1 and len(section) >= 2
    if opened == "top":
        return amount_rows >= 1 and in_columns >= 2
    return amount_rows >= _MIN_AMOUNT_ROWS


def text_regions(lines: list[Line], rules: list[Rule], size: float) -> list[Region]:
    """Regions of lines that print a table with no rules, between titles and notes."""
    if not lines:
        return []
    width = max(s.x1 for ln in lines for s in ln.segments) - min(
        s.x0 for ln in lines for s in ln.segments
    )
    sections: list[tuple[str, list[Line]]] = [("top", [])]
    for i, line in enumerate(lines):
        current = sections[-1][1]
        gap = line.top - current[-1].bottom if current else 0.0
        parted = current and (
            gap > _MAX_ROW_GAP * size
            or any(current[-1].cy < r.y < line.cy for r in rules)
        )
        if is_break(line, size, edge=i in (0, len(lines) - 1)):
            sections.append(("title" if _opens_table(line, size) else "other", []))
            continue
        if parted:
            sections.append(("other", []))
        sections[-1][1].append(line)
    out = []
    for opened, section in sections:
        kept = _cut_narrative(section, width)
        if not _qualifies(kept, opened):
            continue
        top = kept[0].top - 0.1 * size
        bottom = kept[-1].bottom + 0.1 * size
        out.append(Region(top, bottom, (), None, False, "text_only"))
    return out


def find_regions(
    chars: list[dict], rules: list[Rule], width: float
) -> tuple[list[Region], list[Line]]:
    """Table regions among some characters of a page (outside its ruled tables).

    Returns:
        The regions, top to bottom, and the page's text lines (for a caller that needs them).
    """
    if not chars:
        return [], []
    size = font_size(chars)
    lines = text_lines(chars, size)
    if not lines:
        return [], lines
    ruled = rule_regions(lines, rules, size, width)
    free = [ln for ln in lines if not any(r.top <= ln.cy <= r.bottom for r in ruled)]
    # rules bounding a ruled region part the free text too
    found = ruled + text_regions(free, rules, size)
    return sorted(found, key=lambda r: r.top), lines
