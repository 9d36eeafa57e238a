"""What may be changed in an OCR'd cell text, and when a reading must be flagged instead.

Only the printing's own variants are unified: full-width digits become ASCII, and inside
a number a full-width comma between digit groups becomes ``,`` and a full stop between
digits becomes ``.``. Nothing is ever changed to make an amount parse or add up: a
reading that looks like a number but is not a well-formed one (``5:00``, ``1,23.4``,
``4.3.5``) keeps its text and gets a confidence of at most :data:`MALFORMED_CONFIDENCE`,
so it is reported for review instead of being trusted or silently "fixed".
"""

from __future__ import annotations

import re

# A cell read with a confidence below this is not trusted (see the README's measurements).
CONFIDENCE_THRESHOLD = 0.9
MALFORMED_CONFIDENCE = 0.2

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_GROUP_COMMA = re.compile(r"(?<=\d)[，﹐](?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"(?<=\d)[。．｡﹒](?=\d)")
_FULL_WIDTH_MINUS = re.compile(r"^[－﹣](?=\d)")
# What tables.py accepts as an amount (grouped, decimal or whole).
_AMOUNT = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−]?\d+\.\d+$|^[-−]?\d+$")
# Characters a misread number is made of: digits and the marks a point or comma becomes.
_NUMBER_LIKE = re.compile(r"^[-−]?[\d.,:;·•'`´，。．:]*\d[\d.,:;·•'`´，。．:]*$")


def normalise_text(text: str) -> str:
    """Cell or line text with the printing's number variants unified (see module doc)."""
    text = text.translate(_FULL_WIDTH_DIGITS).strip()
    text = _GROUP_COMMA.sub(",", text)
    text = _DECIMAL_POINT.sub(".", text)
    return _FULL_WIDTH_MINUS.sub("-", text)


def is_malformed_number(text: str) -> bool:
    """Whether a text is made of digits and number marks but is no well-formed amount."""
    compact = re.sub(r"\s+", "", text)
    return bool(_NUMBER_LIKE.match(compact)) and not _AMOUNT.match(compact)


def cell_confidence(text: str, confidence: float) -> float:
    """The confidence to report for a cell: capped low when its number is malformed."""
    if is_malformed_number(text):
        return min(confidence, MALFORMED_CONFIDENCE)
    return confidence
