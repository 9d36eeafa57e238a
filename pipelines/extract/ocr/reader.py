"""Read a scanned (image-only) page into the same :class:`PageLayout` a text page gives.

Steps, each a pure function of the previous one's pixels:

1. render the page grey with pdfium (:data:`DPI`);
2. measure its tilt and turn it level (:mod:`.deskew`);
3. separate ink from specks (:mod:`.ink`);
4. find ruled tables and their cells from the rules (:mod:`.rules`);
5. find the text pieces of every cell, and the text lines outside the tables, from ink
   projections (:mod:`.lines`); where a table is drawn with horizontal rules only, columns
   come from the alignment of the pieces (:mod:`.aligned`);
6. recognise all pieces in one batched run of the model (:mod:`.engine`);
7. put the texts into cells and lines, normalised (:mod:`.normalise`), with positions in
   PDF points from the top-left of the page.

Positions are those of the straightened page (turned about its centre, size kept), which is
where the printed page had them: a table's top edge is one ``top``, and the title and the
``单位：万元`` line above it stay above it, as ``tables.py`` expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from pipelines.extract.grid import Grid, GridCell, join_wrapped_lines
from pipelines.extract.ocr import aligned, deskew, engine, ink, lines, normalise, rules
from pipelines.extract.page import Fragment, PageLayout, TextLine

DPI = 200
_POINTS_PER_INCH = 72.0
# Pieces of a free text line further apart than this many line heights are read apart.
_LINE_GAP = 1.5
# A blob less than this share of a line height both ways is dirt, not a character
# (a full stop or a dash is wider, a decimal point never stands alone).
_DIRT = 0.3
# Text of a cell is looked for this far (points) inside its rules' centre lines: past the
# rule's own ink, which the rule masks leave a pixel of at its edges.
_INSET_PT = 1.0
# A rule's remnant is at most this share of a line height thick.
_SLIVER = 0.1
# Extra margin (share of the piece's height) around a piece given to the recogniser.
_PAD = 0.5


@dataclass
class _Piece:
    """One run of text to recognise, and where its result goes."""

    box: lines.Box
    owner: tuple  # ("cell", table index, cell index) or ("line", band index)
    reading: engine.Reading | None = None


@dataclass
class _Band:
    top: int
    bottom: int
    region: int | None = None  # the horizontal-only table it lies in
    pieces: list[_Piece] = field(default_factory=list)


def render(pdfium_page, dpi: int = DPI) -> tuple[np.ndarray, float]:
    """The page as a grey image at ``dpi``, and its scale in pixels per point."""
    scale = dpi / _POINTS_PER_INCH
    bitmap = pdfium_page.render(scale=scale, grayscale=True)
    grey = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
    bitmap.close()
    if grey.ndim == 3:
        grey = grey[:, :, 0]
    return grey, scale


def read_scanned_page(pdfium_page, page_number: int, dpi: int = DPI) -> PageLayout:
    """Read one scanned page (a pypdfium2 ``PdfPage``) into fragments and text lines.

    Every table cell and text line carries a ``confidence``; compare it with
    :data:`pipelines.extract.ocr.normalise.CONFIDENCE_THRESHOLD`.
    """
    grey, scale = render(pdfium_page, dpi)
    return read_image(grey, scale, page_number)


def read_image(grey: np.ndarray, scale: float, page_number: int) -> PageLayout:
    """Read a grey page image (``scale`` pixels per point) into a :class:`PageLayout`."""
    angle = deskew.estimate_skew(ink.split_specks(ink.ink_mask(grey), scale)[0])
    grey = deskew.straighten(grey, angle)
    strokes, specks = ink.split_specks(ink.ink_mask(grey), scale)
    image = ink.without_specks(grey, specks)
    stroke_mask = strokes.astype(np.uint8) * 255
    horizontal, vertical = rules.rule_masks(stroke_mask, scale)
    # a rule's staircase edges (a tilted, turned-back rule) are no long runs of their own
    rule_band = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8)) > 0
    text_ink = strokes & ~rule_band
    tables = rules.find_ruled_tables(stroke_mask, scale)
    # rules and their blurred edges painted out: at a crop's side they read as | or 1
    image[rule_band] = 255

    cell_regions = _cell_regions(tables, scale)
    heights = [
        b - a
        for _, _, (x0, top, x1, bottom) in cell_regions
        for a, b in lines.bands(text_ink[top:bottom, x0:x1])
    ]
    outside = text_ink.copy()
    for table in tables:
        x0, top, x1, bottom = (round(v) for v in table.bbox)
        outside[max(top - 2, 0) : bottom + 3, max(x0 - 2, 0) : x1 + 3] = False
    heights += [b - a for a, b in lines.bands(outside)]
    line_height = lines.usual_line_height(heights) or 10.0 * scale

    pieces: list[_Piece] = []
    for t, k, (x0, top, x1, bottom) in cell_regions:
        region = text_ink[top:bottom, x0:x1]
        for box in lines.text_boxes(region, line_height, max_gap=region.shape[1]):
            if _is_dirt(box, line_height) or _is_rule_remnant(box, region.shape, line_height):
                continue
            pieces.append(_Piece(_shift(box, x0, top), ("cell", t, k)))
    regions = aligned.find_regions(horizontal, [t.bbox for t in tables])
    bands = _free_bands(outside, line_height, regions)
    for i, band in enumerate(bands):
        for piece in band.pieces:
            piece.owner = ("line", i)
            pieces.append(piece)

    # a crop may reach up to the rules (painted white above): a tight row's digits come
    # close to its rules, and the recogniser reads them best with a margin around them
    clip_of = {
        (t, k): _between_rules(tables[t], cell, max(1, round(0.6 * scale)))
        for t, k, _ in cell_regions
        for cell in [tables[t].cells[k]]
    }
    crops = [_crop(image, p.box, clip_of.get(p.owner[1:]), line_height) for p in pieces]
    for piece, reading in zip(pieces, engine.recogniser().read(crops), strict=True):
        piece.reading = reading

    fragments = [
        _fragment(t, table, cell_regions, pieces, text_ink, scale, page_number)
        for t, table in enumerate(tables)
    ]
    for r, region in enumerate(regions):
        fragments.append(
            _aligned_fragment(
                region, [b for b in bands if b.region == r], scale, line_height, page_number
            )
        )
    text_lines = [
        line for band in bands if band.region is None and (line := _text_line(band, scale))
    ]
    fragments.sort(key=lambda f: f.top)
    return PageLayout(page_number, grey.shape[0] / scale, fragments, text_lines)


def _shift(box: lines.Box, dx: int, dy: int) -> lines.Box:
    return lines.Box(box.x0 + dx, box.top + dy, box.x1 + dx, box.bottom + dy)


def _is_dirt(box: lines.Box, line_height: float) -> bool:
    return box.height < _DIRT * line_height and box.width < _DIRT * line_height


def _is_rule_remnant(box: lines.Box, shape: tuple[int, int], line_height: float) -> bool:
    """A sliver along a cell's edge: what is left of a rule, not a character.

    A rule's remnant is a line or two of pixels thin; a ``1`` or a dash printed against
    the border is thicker (a stem with serifs), and a dash in an empty cell is centred.
    """
    thin = max(2.0, _SLIVER * line_height)
    height, width = shape
    along_top_or_bottom = box.height <= thin and (box.top <= 1 or box.bottom >= height - 1)
    along_a_side = box.width <= thin and (box.x0 <= 1 or box.x1 >= width - 1)
    return along_top_or_bottom or along_a_side


def _between_rules(table: rules.RuledTable, cell, half: int) -> tuple[int, int, int, int]:
    """A cell's box up to its rules' inner edges (``half``: a rule's half width)."""
    r, c, rs, cs = cell
    return (
        round(table.xs[c]) + half,
        round(table.ys[r]) + half,
        round(table.xs[c + cs]) - half,
        round(table.ys[r + rs]) - half,
    )


def _cell_regions(tables: list[rules.RuledTable], scale: float):
    """``(table index, cell index, interior box)`` of every cell: inside its rules."""
    inset = max(2, round(_INSET_PT * scale))
    out = []
    for t, table in enumerate(tables):
        for k, (r, c, rs, cs) in enumerate(table.cells):
            x0 = round(table.xs[c]) + inset
            x1 = round(table.xs[c + cs]) - inset
            top = round(table.ys[r]) + inset
            bottom = round(table.ys[r + rs]) - inset
            if x1 > x0 and bottom > top:
                out.append((t, k, (x0, top, x1, bottom)))
    return out


def _crop(image: np.ndarray, box: lines.Box, clip, line_height: float) -> np.ndarray:
    """The piece with a margin, kept inside ``clip`` (its cell) so no neighbour enters."""
    pad = max(2, round(_PAD * max(box.height, 0.6 * line_height)))
    cx0, ctop, cx1, cbottom = clip or (0, 0, image.shape[1], image.shape[0])
    x0, top = max(box.x0 - pad, cx0, 0), max(box.top - pad, ctop, 0)
    x1 = min(box.x1 + pad, cx1, image.shape[1])
    bottom = min(box.bottom + pad, cbottom, image.shape[0])
    return image[top:bottom, x0:x1]


def _free_bands(outside: np.ndarray, line_height: float, regions) -> list[_Band]:
    """Text lines outside the ruled tables, each with its pieces, top to bottom.

    A line inside a table ruled horizontally only is cut at narrower gaps: there the gaps
    separate columns.
    """
    out = []
    for top, bottom in lines.bands(outside, line_height):
        middle = (top + bottom) / 2
        region = next((r for r, (_, t, _, b) in enumerate(regions) if t <= middle < b), None)
        band = _Band(top, bottom, region)
        gap = (aligned.MIN_GAP if region is not None else _LINE_GAP) * line_height
        row = outside[top:bottom]
        for x0, x1 in lines.segments(row, gap):
            found = lines.runs(row[:, x0:x1].any(axis=1))
            box = lines.Box(x0, top + found[0][0], x1, top + found[-1][1])
            if not _is_dirt(box, line_height):
                band.pieces.append(_Piece(box, ("line", -1)))
        if band.pieces:
            out.append(band)
    return out


def _aligned_fragment(region, bands: list[_Band], scale, line_height, page_number) -> Fragment:
    x0, top, x1, bottom = region
    rows = [
        [
            (p.box.x0, p.box.x1, p.reading.text, p.reading.confidence)
            for p in band.pieces
            if p.reading is not None and p.reading.text
        ]
        for band in bands
    ]
    rows = [row for row in rows if row]
    spans = [(a, b) for row in rows for a, b, _, _ in row]
    edges = aligned.column_edges(spans, x0, x1, aligned.MIN_GAP * line_height)
    return aligned.build_fragment(rows, edges, top, bottom, scale, page_number)


def _join(texts: list[str]) -> str:
    """Pieces of one line: CJK without spaces, Latin words with one."""
    out = ""
    for text in texts:
        if out and out[-1].isascii() and out[-1].isalnum() and text[:1].isascii():
            out += " "
        out += text
    return out


def _text_line(band: _Band, scale: float) -> TextLine | None:
    read = [p for p in band.pieces if p.reading is not None and p.reading.text]
    if not read:
        return None
    text = normalise.normalise_text(_join([p.reading.text for p in read]))
    top = min(p.box.top for p in read) / scale
    bottom = max(p.box.bottom for p in read) / scale
    confidence = min(p.reading.confidence for p in read)
    # a CJK glyph's ink fills about nine tenths of the font size
    size = (bottom - top) / 0.9
    return TextLine(top, bottom, read[0].box.x0 / scale, text, round(size, 1), confidence)


def _fragment(t, table, cell_regions, pieces, text_ink, scale, page_number) -> Fragment:
    by_cell: dict[int, list[_Piece]] = {}
    for piece in pieces:
        if piece.owner[:2] == ("cell", t):
            by_cell.setdefault(piece.owner[2], []).append(piece)
    region_of = {k: box for tt, k, box in cell_regions if tt == t}
    cells = []
    for k, (r, c, rs, cs) in enumerate(table.cells):
        found = sorted(by_cell.get(k, []), key=lambda p: (p.box.top, p.box.x0))
        texts = [p.reading.text for p in found if p.reading and p.reading.text]
        text = normalise.normalise_text(join_wrapped_lines("\n".join(texts)))
        if found:
            confidence = min(p.reading.confidence for p in found if p.reading)
        else:
            x0, top, x1, bottom = region_of.get(k, (0, 0, 0, 0))
            confidence = 0.0 if text_ink[top:bottom, x0:x1].any() else 1.0
        confidence = normalise.cell_confidence(text, confidence)
        cells.append(GridCell(r, c, rs, cs, text, confidence=round(confidence, 4)))
    n_rows = len(table.ys) - 1
    grid = Grid(
        col_x=[x / scale for x in table.xs],
        n_rows=n_rows,
        cells=cells,
        row_pages=[page_number] * n_rows,
    )
    return Fragment(page_number, table.ys[0] / scale, table.ys[-1] / scale, grid, "ruled")


def page_text(layout: PageLayout) -> str:
    """The page's running text in reading order: free lines and table rows, top to bottom.

    This stands in for a text layer's page text (narrative facts, the cover's department
    and year). A table row is its cells' texts separated by spaces.
    """
    items: list[tuple[float, float, str]] = [(ln.top, ln.x0, ln.text) for ln in layout.lines]
    for frag in layout.fragments:
        grid = frag.grid
        for row in range(grid.n_rows):
            texts = [c.text for c in grid.row_cells(row) if c.text]
            if texts:
                top = frag.top + (frag.bottom - frag.top) * row / max(grid.n_rows, 1)
                items.append((top, grid.col_x[0], " ".join(texts)))
    return "\n".join(text for _, _, text in sorted(items))
