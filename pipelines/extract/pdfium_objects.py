"""The characters and ruling lines of a page, read with pdfium instead of pdfminer.

pdfplumber gets a page's objects from pdfminer, which interprets the content stream in pure
Python: it was four fifths of our extraction time. pdfium (C++) parses the page about a
hundred times faster, so here its characters and path segments become the dicts pdfplumber
works with, in pdfplumber's coordinates (points from the top-left of the page, as pdfminer
reports them after the page's rotation). pdfplumber's table finder, word grouping and
cropping then run unchanged on them.

Only what the table finder and the word grouping read is built: for a character its text,
box (``x0, x1, top, bottom, doctop``, ``width``, ``height``), ``upright`` and font
``size``; for a drawn path one straight ``line`` object per horizontal or vertical segment,
which is what pdfplumber's ``edges`` makes of rectangles, lines and curves anyway. Across
the text a box is as wide as the character's advance, as pdfminer has it, so the gaps
between characters, and therefore word breaks and cell texts, are the same; up and down it
is one font size high, like pdfminer's, but placed by a fixed share below the baseline
rather than by each font's own descent (see ``_DESCENT``). ``tests/unit/test_pdfium_objects.py``
compares the result with pdfminer's on generated and on real pages.
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Generated characters are pdfium's guesses (spaces between words, line breaks), not
# printed glyphs; pdfminer reports only what the content stream draws.
_GENERATED_TEXT = {" ", "\r", "\n", "\x02"}
# A character box runs from this share of the font size below the baseline to the rest
# above it: where a Chinese glyph's ink sits, so the box's middle is the ink's middle.
_DESCENT = 0.12
_LEVEL = 0.001
_FULL_TURN = 2 * math.pi
# A segment whose ends differ by less than this (points) across is horizontal / vertical.
_STRAIGHT = 0.01


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``, as PDF matrices compose (row vector times m times n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """Point ``(x, y)`` transformed by ``m``."""
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def page_matrix(mediabox: tuple[float, float, float, float], rotation: int) -> Matrix:
    """PDF user space to pdfminer's page space, as ``PDFPageInterpreter`` sets it up."""
    x0, y0, x1, y1 = mediabox
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


class Placement:
    """From PDF user space to pdfplumber's top-left coordinates.

    ``ctm`` takes user space to pdfminer's page space (rotation applied, MediaBox origin
    at 0, 0); the rest is what ``pdfplumber.Page.process_object`` does with pdfminer's
    coordinates.
    """

    def __init__(self, ctm: Matrix, height: float, mediabox: tuple, initial_doctop: float):
        self.ctm = ctm
        self.height = height
        self.mb_x0 = float(mediabox[0])
        self.mb_top = float(mediabox[1])
        self.initial_doctop = initial_doctop

    def top_of(self, y: float) -> float:
        """Distance from the top of the page of page-space height ``y``."""
        return (self.height - y) + self.mb_top

    def page_box(self, ax: float, ay: float, bx: float, by: float) -> dict:
        """Box spanned by two page-space points, with pdfplumber's keys."""
        left, right = min(ax, bx), max(ax, bx)
        low, high = min(ay, by), max(ay, by)
        top = self.top_of(high)
        return {
            "x0": left + self.mb_x0,
            "x1": right + self.mb_x0,
            "y0": low,
            "y1": high,
            "top": top,
            "bottom": self.top_of(low),
            "doctop": self.initial_doctop + top,
            "width": right - left,
            "height": high - low,
        }

    def user_box(self, x0: float, y0: float, x1: float, y1: float) -> dict:
        """Box of user-space corners ``(x0, y0)`` and ``(x1, y1)``."""
        ax, ay = apply(self.ctm, x0, y0)
        bx, by = apply(self.ctm, x1, y1)
        return self.page_box(ax, ay, bx, by)


def _text(textpage, count: int) -> str:
    """All characters of a text page in one call (UTF-16, one unit per character)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    units = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    pdfium_c.FPDFText_GetText(textpage, 0, count, units)
    return buffer.raw[: count * 2].decode("utf-16-le", errors="replace")


def _upright(angle: float, ctm: Matrix) -> bool:
    """Pdfminer's ``upright`` for text at ``angle`` (radians, user space) on this page.

    pdfminer calls a character upright when its matrix keeps the axes (no quarter turn),
    upside down included; pdfplumber then groups it into lines by ``top``.
    """
    cos, sin = math.cos(angle), math.sin(angle)
    a = cos * ctm[0] + sin * ctm[2]
    b = cos * ctm[1] + sin * ctm[3]
    c = -sin * ctm[0] + cos * ctm[2]
    d = -sin * ctm[1] + cos * ctm[3]
    a, b, c, d = (0.0 if abs(v) < 1e-6 else v for v in (a, b, c, d))
    return a * d > 0 and b * c <= 0


def _space_between(before: dict, after: dict) -> dict | None:
    """A space character filling the gap between two characters of one line."""
    if after["x0"] <= before["x1"] or abs(after["bottom"] - before["bottom"]) > 1.0:
        return None
    space = dict(before)
    space["x0"], space["x1"] = before["x1"], after["x0"]
    space["width"] = space["x1"] - space["x0"]
    space["text"] = " "
    return space


def page_chars(textpage, placement: Placement, page_number: int) -> list[dict]:
    """Printed characters of a page as pdfplumber char dicts, in pdfium's reading order.

    pdfium replaces printed spaces by spaces it generates wherever it sees a gap between
    words, and generates line breaks; generated characters are left out, so words break
    where pdfplumber finds a gap (more than ``x_tolerance``), as between any two words,
    except that a generated space standing for a printed one (it keeps its text object)
    becomes a blank character across the gap.

    This loop is the cost of reading a page's objects (a table page has thousands of
    characters), hence the bound C functions and the plain arithmetic.
    """
    tp = getattr(textpage, "raw", textpage)
    count = pdfium_c.FPDFText_CountChars(tp)
    if count <= 0:
        return []
    text = _text(tp, count)
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i)) for i in range(count))
    is_generated = pdfium_c.FPDFText_IsGenerated
    text_object = pdfium_c.FPDFText_GetTextObject
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    font_size = pdfium_c.FPDFText_GetFontSize
    char_angle = pdfium_c.FPDFText_GetCharAngle
    char_origin = pdfium_c.FPDFText_GetCharOrigin
    char_matrix = pdfium_c.FPDFText_GetMatrix
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
    ctm = placement.ctm
    # An unrotated page (the usual case): page space is user space shifted.
    plain = ctm[0] == 1 and ctm[1] == 0 and ctm[2] == 0 and ctm[3] == 1
    shift_x = ctm[4] + placement.mb_x0
    top_base = placement.height + placement.mb_top - ctm[5]
    y_shift = ctm[5]
    doctop = placement.initial_doctop
    chars: list[dict] = []
    printed_space = False
    for i, ch in enumerate(text):
        if ch in _GENERATED_TEXT and is_generated(tp, i) == 1:
            if ch == " " and text_object(tp, i):
                printed_space = True
            continue
        if ch in "\r\n":
            continue
        loose_box(tp, i, rect_ref)
        # pdfium's font size is the size set by the text operator (``/F1 360 Tf``), before the
        # text and object matrices scale it (``0.05 0 0 0.05 … cm``); pdfminer's is the
        # printed size, which the boxes below need.
        size = font_size(tp, i)
        if char_matrix(tp, i, matrix_ref):
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        angle = char_angle(tp, i)
        level = angle < _LEVEL or angle > _FULL_TURN - _LEVEL
        if level:
            # The same height for every font of a size, from the baseline (fonts' own
            # ascent and descent differ, which would put a digit and a Chinese character
            # of one line at different heights).
            char_origin(tp, i, ox_ref, oy_ref)
            low = oy.value - _DESCENT * size
            high = low + size
        else:
            low, high = rect.bottom, rect.top
        if plain:
            top = top_base - high
            char = {
                "x0": rect.left + shift_x,
                "x1": rect.right + shift_x,
                "y0": low + y_shift,
                "y1": high + y_shift,
                "top": top,
                "bottom": top_base - low,
                "doctop": doctop + top,
                "width": rect.right - rect.left,
                "height": high - low,
                "upright": level,
            }
        else:
            char = placement.user_box(rect.left, low, rect.right, high)
            char["upright"] = _upright(angle, ctm)
        char["text"] = ch
        char["size"] = size
        char["object_type"] = "char"
        char["page_number"] = page_number
        if printed_space and chars:
            space = _space_between(chars[-1], char)
            if space is not None:
                chars.append(space)
        printed_space = False
        chars.append(char)
    return chars


def _object_matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _path_points(obj, to_page: Matrix) -> list[list[tuple[float, float]]]:
    """The subpaths of a path object as lists of page-space points (closed ones closed)."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x_ref, y_ref)
        point = apply(to_page, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


# A colour this light (each of R, G, B at least this, 0–255) or this transparent does not show
# on paper: a cell's white background is not a rule.
_INVISIBLE_LIGHT = 250
_INVISIBLE_ALPHA = 10


def _visible(obj, get_color) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not get_color(obj, *(ctypes.byref(v) for v in (r, g, b, a))):
        return True
    if a.value <= _INVISIBLE_ALPHA:
        return False
    return min(r.value, g.value, b.value) < _INVISIBLE_LIGHT


def _is_painted(obj) -> bool:
    """Whether a path leaves a mark a reader sees: stroked or filled in a visible colour.

    Word processors paint every cell's white background as a rectangle; its edges are no
    rules, and taken for rules they cut rows and columns where the page shows none.
    """
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return True
    return (bool(fill.value) and _visible(obj, pdfium_c.FPDFPageObj_GetFillColor)) or (
        bool(stroke.value) and _visible(obj, pdfium_c.FPDFPageObj_GetStrokeColor)
    )


def _iter_paths(objects, to_page: Matrix, depth: int = 0):
    """Painted path objects with their page matrix, inside forms too (nested up to 8)."""
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if _is_painted(obj):
                yield obj, multiply(_object_matrix(obj), to_page)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            inner = multiply(_object_matrix(obj), to_page)
            members = (
                pdfium_c.FPDFFormObj_GetObject(obj, i)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            )
            yield from _iter_paths(members, inner, depth + 1)


def page_lines(page_handle, placement: Placement, page_number: int) -> list[dict]:
    """Every straight segment a page draws, as pdfplumber ``line`` dicts.

    pdfplumber's table finder makes edges of rectangle sides, lines and curve segments
    alike, so each segment of each painted path becomes one line; the finder keeps the
    horizontal and vertical ones. Curve segments count by their end points.
    """
    objects = (
        pdfium_c.FPDFPage_GetObject(page_handle, i)
        for i in range(pdfium_c.FPDFPage_CountObjects(page_handle))
    )
    lines = []
    for obj, to_page in _iter_paths(objects, placement.ctm):
        for points in _path_points(obj, to_page):
            for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
                if abs(ay - by) <= _STRAIGHT:
                    by = ay
                elif abs(ax - bx) <= _STRAIGHT:
                    bx = ax
                else:
                    continue  # slanted: pdfplumber would take it for a vertical edge
                line = placement.page_box(ax, ay, bx, by)
                line["object_type"] = "line"
                line["page_number"] = page_number
                line["pts"] = [
                    (ax + placement.mb_x0, placement.top_of(ay)),
                    (bx + placement.mb_x0, placement.top_of(by)),
                ]
                lines.append(line)
    return lines


def placement_of(pdfium_page) -> tuple[Placement, float, float]:
    """A page's placement, width and height as pdfplumber would have them, from pdfium alone.

    The same geometry ``load_objects`` takes from a pdfplumber page (``Page.mediabox`` is
    the MediaBox, turned for a quarter-turned page, flipped top to bottom), for pages read
    without opening them in pdfplumber at all. Page tops are not accumulated: ``doctop`` is
    the page's own ``top``.
    """
    raw = tuple(float(v) for v in pdfium_page.get_mediabox())
    rotation = pdfium_page.get_rotation() % 360
    x0, x1 = sorted((raw[0], raw[2]))
    y0, y1 = sorted((raw[1], raw[3]))
    if rotation in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    height = y1 - y0
    mediabox = (x0, height - y1, x1, height - y0)
    return Placement(page_matrix(raw, rotation), height, mediabox, 0.0), x1 - x0, height


def load_objects(page, pdfium_page, textpage=None) -> None:
    """Give a pdfplumber page pdfium's characters and lines as its objects.

    ``textpage`` is the page's pdfium text page if the caller has it open already.

    pdfplumber builds its objects lazily from pdfminer's layout; a page that already has
    them never asks pdfminer. Cropping, table finding and word grouping read only these.
    """
    placement = Placement(
        page_matrix(page.page_obj.mediabox, page.rotation),
        float(page.height),
        page.mediabox,
        float(page.initial_doctop),
    )
    own = textpage is None
    if own:
        textpage = pdfium_page.get_textpage()
    try:
        chars = page_chars(textpage, placement, page.page_number)
    finally:
        if own:
            textpage.close()
    page._objects = {"char": chars, "line": page_lines(pdfium_page, placement, page.page_number)}
