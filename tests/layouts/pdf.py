"""A small PDF writer for rendered budget tables: rules, CJK text, compressed pages.

Pages are lists of drawing operations made by :func:`line` and :func:`text`; the writer
turns them into a PDF with one non-embedded CJK font (:mod:`tests.layouts.fonts`).
Coordinates are PDF user space (origin bottom-left, points).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from tests.layouts.fonts import CidAssigner, FontFace


@dataclass(frozen=True)
class Line:
    """A stroked straight rule from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5


@dataclass(frozen=True)
class Text:
    """One line of text whose baseline starts at (x, y), set at ``size`` points."""

    x: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class PlacedCell:
    """Where a table cell was printed (not drawn: a record for checking the rendering)."""

    table: str
    part: str  # header or body
    text: str
    box: tuple[float, float, float, float]  # x0, bottom, x1, top


@dataclass
class Page:
    """A page's size, what is drawn on it, and the table cells placed on it."""

    width: float
    height: float
    items: list[Line | Text] = field(default_factory=list)
    cells: list[PlacedCell] = field(default_factory=list)


def _num(value: float) -> str:
    """Coordinates with two decimals and no trailing zeros (smaller streams, exact enough)."""
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return out if out not in ("", "-0") else "0"


def _content(page: Page, face: FontFace, cids: CidAssigner) -> bytes:
    ops: list[str] = []
    width = None
    for item in page.items:
        if isinstance(item, Line):
            if item.width != width:
                ops.append(f"{_num(item.width)} w")
                width = item.width
            ops.append(
                f"{_num(item.x0)} {_num(item.y0)} m {_num(item.x1)} {_num(item.y1)} l S"
            )
    for item in page.items:
        if isinstance(item, Text) and item.text:
            hexed = cids.encode(item.text)
            if face.matrix_scale:
                k = face.matrix_scale
                ops.append(
                    f"BT /F1 {_num(item.size / k)} Tf {k} 0 0 {k} {_num(item.x)} {_num(item.y)} Tm "
                    f"{hexed} Tj ET"
                )
            else:
                ops.append(
                    f"BT /F1 {_num(item.size)} Tf 1 0 0 1 {_num(item.x)} {_num(item.y)} Tm "
                    f"{hexed} Tj ET"
                )
    return "\n".join(ops).encode("ascii")


def _stream(data: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(data, 6)
    head = f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode()
    return head + packed + b"\nendstream"


def write_pdf(pages: list[Page], face: FontFace, *, title: str | None = None) -> bytes:
    """The bytes of a PDF with ``pages``, all text in ``face``.

    Args:
        pages: the pages in order.
        face: the one font every text item is set in.
        title: written as the document information ``/Title`` when given.
    """
    cids = CidAssigner()
    contents = [_content(page, face, cids) for page in pages]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    to_unicode = add(_stream(cids.to_unicode_cmap()))
    descriptor = add(
        (
            f"<< /Type /FontDescriptor /FontName /{face.base_font} /Flags 6 "
            "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
            "/CapHeight 880 /StemV 93 >>"
        ).encode()
    )
    cid_font = add(
        (
            f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{face.base_font} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> "
            f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{cids.widths_array(face)}] >>"
        ).encode()
    )
    font = add(
        (
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{face.base_font} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        ).encode()
    )
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for page, content in zip(pages, contents, strict=True):
        stream = add(_stream(content))
        kids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_id} 0 R "
                    f"/MediaBox [0 0 {_num(page.width)} {_num(page.height)}] "
                    f"/Contents {stream} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
                ).encode()
            )
        )
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    assert add(f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()) == pages_id
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    title_hex = (title or "").encode("utf-16-be").hex().upper()
    title_entry = f"/Title <FEFF{title_hex}> " if title else ""
    info = add(f"<< {title_entry}/Producer (budgetwh layout harness) >>".encode())
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
