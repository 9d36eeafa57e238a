"""What may be changed in an OCR'd cell text, and when a reading must be flagged instead.

Only the printing's own variants are unified: full-width digits become ASCII, and inside
a number a full-width comma between digit groups becomes ``,`` and a full stop between
digits becomes ``.``. Brackets are always written ``(`` ``)``: the recogniser cannot tell
a full-width bracket from a half-width one (it read the same header ``项目(按功能分类）``
on one page and ``项目（按功能分类)`` on the next, so the repeated header of a continued
table went unrecognised), and the half-width form is the one these documents' text layers
print nine times in ten. Nothing is ever changed to make an amount parse or add up: a
reading that looks like a number but is not a well-formed one (``5:00``, ``1,23.4``,
``4.3.5``) keeps its text and gets a confidence of at most :data:`MALFORMED_CONFIDENCE`,
so it is reported for review instead of being trusted or silently "fixed".
"""

from __future__ import annotations

import re

# A cell read with a confidence below this is not trusted (see the README's measurements).
CONFIDENCE_THRESHOLD = 0.9
MALFORMED_CONFIDENCE = 0.2

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９（）", "0123456789()")
_GROUP_COMMA = re.compile(r"(?<=\d)[，﹐](?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"(?<=\d)[。．｡﹒](?=\d)")
_FULL_WIDTH_MINUS = re.compile(r"^[－﹣](?=\d)")
# What tables.py accepts as an amount (grouped, decimal or whole).
_AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+\.\d+$|^[-−]?\d+$")
# Characters a misread number is made of: digits, the marks a point or comma becomes, and
# the letters a digit is mistaken for (a lone 0 read as O, Q or ó).
_MARKS = r".,:;·•'`´，。．"
_LOOKALIKES = "OoQDIlLSsZzBbGgqéèóòöÓÒÖ|"
_NUMBER_LIKE = re.compile(
    rf"^[-−]?[\d{_MARKS}{_LOOKALIKES}]*[\d{_LOOKALIKES}][\d{_MARKS}{_LOOKALIKES}]*$"
)


def normalise_text(text: str) -> str:
    """Cell or line text with the printing's number variants unified (see module doc)."""
    text = text.translate(_FULL_WIDTH_DIGITS).strip()
    text = _GROUP_COMMA.sub(",", text)
    text = _DECIMAL_POINT.sub(".", text)
    return _FULL_WIDTH_MINUS.sub("-", text)


def is_malformed_number(text: str) -> bool:
    """Whether a text looks like a number (digits, marks, digit-like letters) but is none.

    ``O`` alone, ``O.``, ``1O.5``, ``5:00`` and ``1,23.4`` are; ``合计``, ``30108`` and
    ``6,241.59`` are not. A short Latin word made only of digit-like letters (``Go``) is
    flagged too, a price worth paying where Latin text is this rare.
    """
    compact = re.sub(r"\s+", "", text)
    return bool(_NUMBER_LIKE.match(compact)) and not _AMOUNT.match(compact)


def cell_confidence(text: str, confidence: float) -> float:
    """The confidence to report for a cell: capped low when its number is malformed."""
    if is_malformed_number(text):
        return min(confidence, MALFORMED_CONFIDENCE)
    return confidence
