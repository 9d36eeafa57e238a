"""One PDF page as table fragments and the text lines around them.

This is the only module that touches pdfplumber objects. A ruled table is read from its
cell grid; a table drawn with horizontal rules only (三线表) is read with rules for rows and
text alignment for columns. What leaves this module is plain data.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pdfplumber.utils import extract_words

from pipelines.extract.cell_text import cell_text
from pipelines.extract.cells import find_tables
from pipelines.extract.grid import Grid, drop_empty_rows, grid_from_boxes

# A table drawn with horizontal rules only needs a few long rules to be recognised.
_MIN_RULES_FOR_TABLE = 3
_MIN_RULE_WIDTH_SHARE = 0.3
_LINE_TOLERANCE = 3.0


@dataclass
class TextLine:
    """A line of running text outside any table.

    ``confidence`` is set only for a line read by OCR (see ``GridCell.confidence``).
    """

    top: float
    bottom: float
    x0: float
    text: str
    size: float
    confidence: float | None = None


@dataclass
class Fragment:
    """A table, or the part of one, as printed on one page."""

    page: int
    top: float
    bottom: float
    grid: Grid
    ruling: str


@dataclass
class PageLayout:
    """Fragments and free text lines of one page, top to bottom."""

    page: int
    height: float
    fragments: list[Fragment]
    lines: list[TextLine]


def _inside(obj: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def table_texts(table) -> list[list[str | None]]:
    """The text of every cell, exactly as ``pdfplumber.Table.extract()`` returns it.

    pdfplumber tests every character of the page against every cell of the table; here
    the characters are indexed once by vertical midpoint, so a row only looks at the
    characters in its band, and each of those finds its cell by bisecting the row's cell
    edges. Same membership rule (the character's midpoint inside the cell, left and top
    edges included), same character order, same text.
    """
    chars = table.page.chars
    mids = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
    keys = [m for m, _ in mids]
    out: list[list[str | None]] = []
    for row in table.rows:
        _, top, _, bottom = row.bbox
        cells = sorted((bbox[0], k) for k, bbox in enumerate(row.cells) if bbox is not None)
        lefts = [x0 for x0, _ in cells]
        found: list[list[dict]] = [[] for _ in row.cells]
        band = sorted(
            i for _, i in mids[bisect.bisect_left(keys, top) : bisect.bisect_left(keys, bottom)]
        )
        for i in band:
            char = chars[i]
            h_mid = (char["x0"] + char["x1"]) / 2
            at = bisect.bisect_right(lefts, h_mid) - 1
            if at < 0:
                continue
            k = cells[at][1]
            x0, cell_top, x1, cell_bottom = row.cells[k]
            v_mid = (char["top"] + char["bottom"]) / 2
            if h_mid < x1 and cell_top <= v_mid < cell_bottom:
                found[k].append(char)
        out.append(
            [None if bbox is None else cell_text(found[k]) for k, bbox in enumerate(row.cells)]
        )
    return out


def _fragment(table, page_number: int, ruling: str) -> Fragment | None:
    texts = table_texts(table)
    boxes = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        for bbox, text in zip(row.cells, row_texts, strict=True):
            if bbox is not None:
                boxes.append((bbox[0], bbox[1], bbox[2], bbox[3], text or ""))
    if not boxes:
        return None
    grid = grid_from_boxes(boxes, page_number)
    if grid.n_rows == 0 or grid.n_cols == 0:
        return None
    return Fragment(page_number, table.bbox[1], table.bbox[3], grid, ruling)


def _horizontal_only_regions(page, taken: list[tuple]) -> list[tuple[float, float, float, float]]:
    """Regions ruled by long horizontal lines that no ruled table explains."""
    rules = [
        e
        for e in page.horizontal_edges
        if e["x1"] - e["x0"] >= _MIN_RULE_WIDTH_SHARE * float(page.width)
        and not any(_inside(e, bbox) for bbox in taken)
    ]
    if len(rules) < _MIN_RULES_FOR_TABLE:
        return []
    rules.sort(key=lambda e: e["top"])
    x0 = min(e["x0"] for e in rules)
    x1 = max(e["x1"] for e in rules)
    return [(x0, rules[0]["top"] - 1, x1, rules[-1]["bottom"] + 1)]


def _text_lines(words: list[dict]) -> list[TextLine]:
    lines: list[TextLine] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(w["top"] - lines[-1].top) <= _LINE_TOLERANCE:
            line = lines[-1]
            latin = line.text[-1:].isascii() and w["text"][:1].isascii()
            line.text += (" " if latin and line.text[-1:].isalnum() else "") + w["text"]
            line.bottom = max(line.bottom, w["bottom"])
            line.size = max(line.size, w.get("size", 0.0))
        else:
            lines.append(TextLine(w["top"], w["bottom"], w["x0"], w["text"], w.get("size", 0.0)))
    return lines


def read_page(page, page_number: int) -> PageLayout:
    """Read one pdfplumber page into fragments and free text lines."""
    fragments: list[Fragment] = []
    for table in find_tables(page):
        frag = _fragment(table, page_number, "ruled")
        if frag is not None:
            fragments.append(frag)
    taken = [(float(page.bbox[0]), f.top, float(page.bbox[2]), f.bottom) for f in fragments]
    for region in _horizontal_only_regions(page, taken):
        # A 三线表 may rule only its top, header and bottom: rows come from the text lines,
        # columns from the text alignment, the rules only bound the region.
        settings = {
            "vertical_strategy": "text",
            "horizontal_strategy": "text",
            "intersection_tolerance": 5,
        }
        for table in find_tables(page.crop(region), settings):
            frag = _fragment(table, page_number, "horizontal_only")
            if frag is not None:
                frag.grid = drop_empty_rows(frag.grid)
                fragments.append(frag)
    fragments.sort(key=lambda f: f.top)
    bboxes = [(float(page.bbox[0]), f.top, float(page.bbox[2]), f.bottom) for f in fragments]
    # Words are only needed outside the tables (titles, units, notes): leave the table
    # characters out before grouping, then keep the rule that a word belongs to the text
    # when its centre lies outside every table.
    outside = [c for c in page.chars if not any(_inside(c, b) for b in bboxes)]
    words = [
        w
        for w in extract_words(outside, extra_attrs=["size"], keep_blank_chars=False)
        if not any(_inside(w, bbox) for bbox in bboxes)
    ]
    return PageLayout(page_number, float(page.height), fragments, _text_lines(words))
