"""One PDF page as table fragments and the text lines around them.

This is the only module that touches pdfplumber objects. A ruled table is read from its
cell grid; a table drawn with horizontal rules only (三线表) or with no rules at all is read
from its text alignment (:mod:`pipelines.extract.text_tables`). What leaves this module is
plain data.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pdfplumber.utils import extract_words

from pipelines.extract.cell_text import cell_text
from pipelines.extract.cells import find_tables
from pipelines.extract.grid import Grid, grid_from_boxes
from pipelines.extract.text_regions import LONG_RULE, find_regions
from pipelines.extract.text_tables import Rule, read_text_table

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


def text_fragments(
    chars: list[dict], rules: list[Rule], width: float, page_number: int
) -> list[Fragment]:
    """Tables a page prints without a ruled grid: 三线表, row rules only, or no rules.

    Args:
        chars: The page's characters outside its ruled tables.
        rules: Its horizontal rules outside its ruled tables.
        width: The page's width.
        page_number: The page's number.
    """
    fragments = []
    regions, _ = find_regions(chars, rules, width)
    for region in regions:
        inside = [
            c for c in chars if region.top - 1 <= (c["top"] + c["bottom"]) / 2 <= region.bottom + 1
        ]
        grid = read_text_table(
            inside,
            list(region.rules),
            page_number,
            top=region.top if region.ruled_top else None,
            edges=region.edges,
        )
        if grid is not None:
            fragments.append(Fragment(page_number, region.top, region.bottom, grid, region.ruling))
    return fragments


def _layout(chars: list[dict], fragments: list[Fragment], page_number: int, height: float,
            width: float) -> PageLayout:
    """The page's fragments and the text lines outside them."""
    fragments.sort(key=lambda f: f.top)
    bboxes = [(0.0, f.top, width, f.bottom) for f in fragments]
    # Words are only needed outside the tables (titles, units, notes): leave the table
    # characters out before grouping, then keep the rule that a word belongs to the text
    # when its centre lies outside every table.
    outside = [c for c in chars if not any(_inside(c, b) for b in bboxes)]
    words = [
        w
        for w in extract_words(outside, extra_attrs=["size"], keep_blank_chars=False)
        if not any(_inside(w, bbox) for bbox in bboxes)
    ]
    return PageLayout(page_number, height, fragments, _text_lines(words))


def read_page(page, page_number: int) -> PageLayout:
    """Read one pdfplumber page into fragments and free text lines.

    Ruled tables are read from their cell grids; what the page prints outside them is
    searched for tables drawn with horizontal rules only or with none
    (:mod:`pipelines.extract.text_regions`), read from their text alignment.
    """
    fragments: list[Fragment] = []
    for table in find_tables(page):
        frag = _fragment(table, page_number, "ruled")
        if frag is not None:
            fragments.append(frag)
    x0, x1 = float(page.bbox[0]), float(page.bbox[2])
    taken = [(x0, f.top, x1, f.bottom) for f in fragments]
    rules = [
        Rule(float(e["top"]), float(e["x0"]), float(e["x1"]))
        for e in page.horizontal_edges
        if not any(_inside(e, bbox) for bbox in taken)
    ]
    # Only a long rule no ruled table explains can start a table drawn without vertical
    # rules on a page that draws rules; a page of ruled tables alone costs nothing more.
    if any(r.x1 - r.x0 >= LONG_RULE * float(page.width) for r in rules):
        free = [c for c in page.chars if not any(_inside(c, b) for b in taken)]
        fragments += text_fragments(free, rules, float(page.width), page_number)
    return _layout(page.chars, fragments, page_number, float(page.height), x1)


def read_text_page(
    chars: list[dict], page_number: int, width: float, height: float
) -> PageLayout | None:
    """A page that draws no rules at all: its tables read from text alone, if it has any."""
    fragments = text_fragments(chars, [], width, page_number)
    if not fragments:
        return None
    return _layout(chars, fragments, page_number, height, width)
