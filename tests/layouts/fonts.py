"""Non-embedded CJK fonts whose text pdfium and pdfplumber read back exactly.

A Type0 font over a CIDFontType0 of the Adobe-GB1 collection needs no font file: readers
know the collection, and renderers substitute a system face. Characters are written as
Identity-H codes (the code is the CID, looked up in Adobe's UniGB-UTF16-H map shipped with
pdfminer), and a ToUnicode map gives every code its character back. Both readers then agree:
pdfminer looks ToUnicode up by CID, pdfium by code, and here the two are the same. Characters
outside GB1 (``²``) get private CIDs that only ToUnicode names.

Widths are given per CID in ``/W``, so measuring a string here (:func:`text_width`) is what a
reader measures: ASCII has its face's half-width metrics, everything else is full width.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Helvetica's ASCII advance widths (U+0020 … U+007E), the proportional metrics of the second
# face: digits 556, comma and full stop 278, unlike the uniform 500 of STSong-Light.
_HELVETICA_ASCII = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_FIRST_PRIVATE_CID = 40000


@dataclass(frozen=True)
class FontFace:
    """A CJK face as the PDF names it, its ASCII widths and how its size is set.

    Attributes:
        base_font: the PostScript name written as ``/BaseFont`` (never embedded).
        ascii_widths: advance widths (1/1000 em) of U+0020 … U+007E; other characters are 1000.
        matrix_scale: None to set the size with ``Tf``; else the size is set as
            ``size / matrix_scale`` with a text matrix scaled by ``matrix_scale`` (real Shanghai
            PDFs print SimSun at 360 pt with a 0.049 matrix), which readers must multiply out.
    """

    base_font: str
    ascii_widths: tuple[int, ...]
    matrix_scale: float | None = None


SONG = FontFace("STSong-Light", (500,) * 95)
HEI_SCALED = FontFace("SimHei", _HELVETICA_ASCII, matrix_scale=0.05)
FACES = {"song": SONG, "hei_scaled": HEI_SCALED}


def char_width(face: FontFace, char: str) -> int:
    """Advance width of one character in 1/1000 em."""
    code = ord(char)
    if 0x20 <= code <= 0x7E:
        return face.ascii_widths[code - 0x20]
    return 1000


# Wrapping measures the same strings again and again (every size tried, every document of a
# collection): rendering a thousand documents spent most of its time summing widths. Keyed by
# the face's name, not the face: hashing its width table cost as much as the sum.
_WIDTHS: dict[tuple[str, str], int] = {}


def text_width(face: FontFace, text: str, size: float) -> float:
    """Width of ``text`` set at ``size`` points, as a PDF reader computes it."""
    key = (face.base_font, text)
    units = _WIDTHS.get(key)
    if units is None:
        if len(_WIDTHS) > 1 << 18:
            _WIDTHS.clear()
        units = _WIDTHS[key] = sum(char_width(face, c) for c in text)
    return units * size / 1000


@lru_cache(maxsize=1)
def _gb1_map() -> dict:
    from pdfminer.cmapdb import CMapDB

    return CMapDB.get_cmap("UniGB-UTF16-H").code2cid


def gb1_cid(char: str) -> int | None:
    """The Adobe-GB1 CID of a character, or None when the collection lacks it."""
    node = _gb1_map()
    for byte in char.encode("utf-16-be"):
        node = node.get(byte) if isinstance(node, dict) else None
        if node is None:
            return None
    return node if isinstance(node, int) else None


class CidAssigner:
    """Codes for the characters of one document: GB1 CIDs, private ones where GB1 has none."""

    def __init__(self) -> None:
        self.cids: dict[str, int] = {}
        self._next_private = _FIRST_PRIVATE_CID

    def encode(self, text: str) -> str:
        """Hex string operand (Identity-H, two bytes a character) for ``text``."""
        out = []
        for char in text:
            cid = self.cids.get(char)
            if cid is None:
                cid = gb1_cid(char)
                if cid is None or cid == 0:
                    cid = self._next_private
                    self._next_private += 1
                self.cids[char] = cid
            out.append(f"{cid:04X}")
        return "<" + "".join(out) + ">"

    def widths_array(self, face: FontFace) -> str:
        """``/W`` entries for every used character whose width is not the default 1000."""
        entries = sorted(
            (cid, char_width(face, char))
            for char, cid in self.cids.items()
            if char_width(face, char) != 1000
        )
        return " ".join(f"{cid} [{w}]" for cid, w in entries)

    def to_unicode_cmap(self) -> bytes:
        """A ToUnicode CMap naming the character of every code used."""
        pairs = sorted((cid, char) for char, cid in self.cids.items())
        lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
        ]
        for start in range(0, len(pairs), 100):
            chunk = pairs[start : start + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            lines += [f"<{cid:04X}> <{char.encode('utf-16-be').hex().upper()}>"
                      for cid, char in chunk]
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines).encode("ascii")
