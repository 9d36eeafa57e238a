"""Write small PDFs by hand for tests: rules, ASCII text, nothing else.

Real templates are reproduced by geometry (ruled grid vs horizontal rules only); the text is
ASCII in a base-14 font so the file needs no embedded font, or (``cjk=True``) Chinese in the
standard non-embedded CID font ``STSong-Light`` (Adobe-GB1, ``UniGB-UCS2-H``: each string
written as UTF-16BE hex), which every PDF reader knows without a font file.
"""

from __future__ import annotations

from pathlib import Path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _string(text: str, cjk: bool) -> str:
    if cjk:
        return "<" + text.encode("utf-16-be").hex().upper() + ">"
    return f"({_escape(text)})"


# A Type0 font over the non-embedded CIDFont STSong-Light: Chinese text with no font file.
_CJK_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
    b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
    b"/CapHeight 880 /StemV 93 >> >>] >>"
)


def write_pdf(
    path: Path, pages: list[dict], *, page_size=(595, 842), cjk: bool = False
) -> Path:
    """Write a PDF whose pages have ``lines`` [(x0, y0, x1, y1)] and ``texts`` [(x, y, s)].

    Coordinates are PDF user space (origin bottom-left). A text may carry a font size as a
    fourth item (default 9). A page may also have ``rects`` [(x, y, w, h)] drawn filled,
    ``rotate`` (its /Rotate) and ``origin`` (the lower-left corner of its MediaBox, which
    then starts away from 0, 0). With ``cjk`` the text may be Chinese (see the module).
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(_CJK_FONT if cjk else b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id_placeholder = len(objects) + 1 + 2 * len(pages)
    for page in pages:
        ops = ["0.8 w"]
        for x0, y0, x1, y1 in page.get("lines", []):
            ops.append(f"{x0} {y0} m {x1} {y1} l S")
        for x, y, w, h in page.get("rects", []):
            ops.append(f"{x} {y} {w} {h} re f")
        for x, y, s, *size in page.get("texts", []):
            ops.append(f"BT /F1 {size[0] if size else 9} Tf {x} {y} Td {_string(s, cjk)} Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        ox, oy = page.get("origin", (0, 0))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [%d %d %d %d] /Rotate %d "
                b"/Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>"
                % (
                    pages_id_placeholder,
                    ox,
                    oy,
                    ox + page_size[0],
                    oy + page_size[1],
                    page.get("rotate", 0),
                    content,
                    font,
                )
            )
        )
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    pages_id = add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids))
    assert pages_id == pages_id_placeholder
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    Path(path).write_bytes(bytes(out))
    return Path(path)


def grid_table(x0, top, col_widths, row_height, rows, *, ruled=True, height=842):
    """Lines and texts of a table whose top-left corner is (x0, top) in top-down coordinates."""
    lines, texts = [], []
    xs = [x0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    n = len(rows)
    for r in range(n + 1):
        y = height - (top + r * row_height)
        lines.append((xs[0], y, xs[-1], y))
    if ruled:
        for x in xs:
            lines.append((x, height - top, x, height - (top + n * row_height)))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                texts.append((xs[c] + 3, height - (top + (r + 1) * row_height) + 5, text))
    return lines, texts
