"""The one amount and unit policy: a printed cell to an exact number of yuan, or a reason.

Every path that turns printed money into a number (line items, project tables, target
tables, key totals) reads it here, so a dash, a full-width digit or a misprinted thousands
group means the same thing everywhere:

* digits may be printed full width (``１２３``), with ``．`` ``，`` ``－`` ``（）`` and spaces;
  they are normalised (NFKC) before anything else;
* thousands separators must group by three (``1,234,567.89``); ``1,23.4`` is not an amount —
  it is ``unreadable``, and the caller reports the cell rather than guessing;
* a bracketed figure ``(12.3)`` is negative, as accounting templates print negatives;
* a blank cell, a dash or a slash (``-`` ``—`` ``/`` …) is ``blank``: printed as nothing;
* the unit (元, 千元, 万元, 百万元, 亿元: the ``units`` vocabulary) scales the figure to yuan,
  kept exact to the fen.

Money is ``decimal.Decimal`` from the printed digits, never a float.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipelines import vocabulary

AMOUNT = "amount"
BLANK = "blank"
UNREADABLE = "unreadable"

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^(?P<sign>-)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?$")
_BRACKETED = re.compile(r"^\((?P<inner>[^()]*)\)$")
_DASHES = frozenset({"-", "--", "—", "——", "–", "—-", "-—", "/", "\\", "－", "―", "‐", "‑"})
_FEN = Decimal("0.01")


@dataclass(frozen=True)
class AmountReading:
    """What a printed cell says as money.

    Attributes:
        kind: ``amount``, ``blank`` (nothing printed, or a dash) or ``unreadable`` (digits in
            a form that is not an amount, e.g. ``1,23.4``).
        value: The amount in the printed unit (``None`` unless ``kind`` is ``amount``).
        text: The cell after normalisation (no spaces, ASCII digits and punctuation).
    """

    kind: str
    value: Decimal | None
    text: str

    @property
    def is_amount(self) -> bool:
        """Whether the cell is a readable amount."""
        return self.kind == AMOUNT


def normalise(text: str | None) -> str:
    """A cell as compared: NFKC (full-width to ASCII), no spaces, one minus sign."""
    s = unicodedata.normalize("NFKC", text or "")
    return _SPACES.sub("", s).replace("−", "-").replace("。", ".")


def read_amount(text: str | None) -> AmountReading:
    """Read one printed cell as money in its printed unit (see the module rules)."""
    s = normalise(text)
    if not s or s in _DASHES:
        return AmountReading(BLANK, None, s)
    bracketed = _BRACKETED.match(s)
    body = bracketed.group("inner") if bracketed else s
    match = _NUMBER.match(body)
    if not match or (bracketed and match.group("sign")):
        return AmountReading(UNREADABLE, None, s)
    value = Decimal(match.group("int").replace(",", "") + (match.group("frac") or ""))
    if match.group("sign") or bracketed:
        value = -value
    return AmountReading(AMOUNT, value, s)


def is_amount(text: str | None) -> bool:
    """Whether the text is a printed amount (``9,619.41``, ``0``, ``(12.5)``)."""
    return read_amount(text).is_amount


def is_blank(text: str | None) -> bool:
    """Whether the cell prints nothing (empty, a dash or a slash)."""
    return read_amount(text).kind == BLANK


def looks_numeric(text: str | None) -> bool:
    """Whether a cell is made of digits and number punctuation only (amount or misprint)."""
    s = normalise(text)
    return bool(s) and any(c.isdigit() for c in s) and all(c in "0123456789,.-()" for c in s)


@cache
def unit_factors() -> dict[str, Decimal]:
    """Yuan per unit, from the ``units`` vocabulary (元 1, 万元 10000 …)."""
    return {row["unit"]: Decimal(row["yuan_factor"]) for row in vocabulary.table("units")}


@cache
def _unit_words() -> re.Pattern[str]:
    words = sorted(unit_factors(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def unit_after_label(text: str | None) -> str | None:
    """The unit a line prints after a unit label (``单位：万元``, ``金额单位：元``)."""
    s = normalise(text)
    for _, label in vocabulary.patterns("unit_label"):
        for match in label.finditer(s):
            unit = _unit_words().match(s, match.end())
            if unit:
                return unit.group()
    return None


def unit_in_brackets(text: str | None) -> str | None:
    """A unit printed in brackets inside a header (``金额（万元）``, ``预算数(元)``)."""
    s = normalise(text)
    for match in re.finditer(r"\(([^()]*)\)", s):
        unit = _unit_words().fullmatch(match.group(1))
        if unit:
            return unit.group()
    return None


def to_yuan(value: Decimal | None, unit: str) -> Decimal | None:
    """An amount in ``unit`` as yuan, exact to the fen.

    Raises:
        KeyError: the unit is not in the ``units`` vocabulary.
    """
    if value is None:
        return None
    return (value * unit_factors()[unit]).quantize(_FEN)


def yuan(text: str | None, unit: str) -> Decimal | None:
    """Yuan from a printed cell; ``None`` when blank or unreadable.

    Callers that must report unreadable cells use :func:`read_amount`.
    """
    return to_yuan(read_amount(text).value, unit)
