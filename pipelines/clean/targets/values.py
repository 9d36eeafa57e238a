"""The printed value of one indicator of a 绩效目标 form (指标值 / 目标值) read as a target.

A target such as ``≥95%``, ``满意度95%以上``, ``≤ 16 万元`` or ``457 万元`` carries three facts:
a comparator, a number and a unit. Qualitative targets (``及时``, ``有效提高``) carry none.
The parser is deliberately conservative: when a text holds more than one number (ranges such
as ``240-350``, dates such as ``2024年12月前``, sentences with two quantities), or when the
text after the number is neither a known unit nor a comparator word (``每月15日左右``), it
returns no number at all. A missing number can be filled in by hand; a wrong one silently
corrupts every sum and comparison built on it.

The vocabulary of units lives in ``pipelines/vocabulary/target_units.csv`` so that a new unit is a
data change; the comparator words, being part of the grammar, are module-level tables below.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipelines import vocabulary

COMPARATORS: tuple[str, ...] = ("≥", "≤", "=", "<", ">")

# Printed comparator symbols (after NFKC normalisation) → canonical comparator.
# Longest first, so that ">=" is not read as ">" followed by "=".
SYMBOL_COMPARATORS: dict[str, str] = {
    ">=": "≥",
    "=>": "≥",
    "<=": "≤",
    "=<": "≤",
    "==": "=",
    "≥": "≥",
    "≧": "≥",
    "⩾": "≥",
    "≮": "≥",
    "≤": "≤",
    "≦": "≤",
    "⩽": "≤",
    "≯": "≤",
    "=": "=",
    ">": ">",
    "<": "<",
}

# Words printed before the number (``不低于95%``). Matched as a suffix of the text before the
# number, longest first, so that 不低于 wins over 低于.
PREFIX_WORDS: dict[str, str] = {
    "大于或等于": "≥",
    "大于等于": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "至少": "≥",
    "最少": "≥",
    "小于或等于": "≤",
    "小于等于": "≤",
    "不超过": "≤",
    "不高于": "≤",
    "不多于": "≤",
    "不大于": "≤",
    "最多": "≤",
    "控制在": "≤",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "等于": "=",
}

# Words printed after the number and unit (``95%以上``). The whole remainder must be one of
# these (or empty): any other trailing text (左右, 前, 完成 …) makes the target unreadable.
SUFFIX_WORDS: dict[str, str] = {
    "及以上": "≥",
    "以上": "≥",
    "以上含": "≥",
    "或以上": "≥",
    "及以下": "≤",
    "以下": "≤",
    "以下含": "≤",
    "或以下": "≤",
    "以内": "≤",
    "之内": "≤",
    "内": "≤",
}

# Prefixes that themselves name the unit (``百分之95``).
UNIT_PREFIXES: dict[str, str] = {"百分之": "%", "千分之": "‰"}

# Marks that, printed right next to the number, make it half of a range or a signed number.
_RANGE_MARKS = frozenset("-~—–－～")
_TRAILING_PUNCTUATION = " \t\r\n。．.，,；;！!、"
_BRACKETS = str.maketrans("", "", "()[]")

_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedTarget:
    """The comparator, number and unit read from a printed target value.

    All three are ``None`` for a qualitative target or one that cannot be read safely.
    ``comparator`` is ``None`` (not ``=``) when nothing was printed, because a bare ``100%``
    does not say whether it is a floor, a ceiling or an exact value.

    Attributes:
        comparator: One of ``≥ ≤ = < >`` or ``None``.
        number: The number exactly as printed (trailing zeros kept), or ``None``.
        unit: The unit as printed after the number (``%``, ``万元``, ``元/人/年`` …) or ``None``.
    """

    comparator: str | None = None
    number: Decimal | None = None
    unit: str | None = None


EMPTY = ParsedTarget()


@lru_cache(maxsize=1)
def load_units() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read the ``target_units`` vocabulary: ``(units, magnitudes)``.

    Cached so the CSV is read once per process, and only when first needed (never at import).

    Returns:
        The plain units and the magnitude prefixes (万, 亿 …), each as printed.
    """
    units: list[str] = []
    magnitudes: list[str] = []
    for row in vocabulary.table("target_units"):
        if row["unit"]:
            (magnitudes if row["kind"] == "magnitude" else units).append(row["unit"])
    return tuple(units), tuple(magnitudes)


@lru_cache(maxsize=1)
def unit_tokens() -> tuple[str, ...]:
    """All single unit tokens, longest first: units, magnitudes, and magnitude+unit.

    Longest-first order is what makes ``万元`` win over ``万`` and ``个月`` over ``个``.
    """
    units, magnitudes = load_units()
    tokens = set(units) | set(magnitudes)
    tokens |= {m + u for m in magnitudes for u in units}
    return tuple(sorted(tokens, key=lambda t: (-len(t), t)))


def normalize_text(text: str) -> str:
    """Normalise a printed target for parsing.

    NFKC turns full-width digits, ``％``, ``＞`` and ``＝`` into their ASCII forms; thousands
    separators between digit groups are dropped so ``1,409,400`` is one number.
    """
    normalized = unicodedata.normalize("NFKC", text or "")
    normalized = normalized.replace("$", "")
    normalized = _THOUSANDS_RE.sub("", normalized)
    return normalized.strip()


def normalize_comparator(text: str | None) -> str | None:
    """Map a printed comparator symbol (``>=``, ``＞``, ``≧`` …) to ``≥ ≤ = < >``.

    Returns ``None`` when the whole text is not a comparator symbol, e.g. ``定性`` or ``0``.
    """
    if text is None:
        return None
    compact = _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))
    return SYMBOL_COMPARATORS.get(compact)


def _symbol_before(before: str) -> tuple[str | None, str]:
    """Split a comparator symbol off the end of the text before the number."""
    stripped = before.rstrip()
    for symbol in sorted(SYMBOL_COMPARATORS, key=len, reverse=True):
        if stripped.endswith(symbol):
            return SYMBOL_COMPARATORS[symbol], stripped[: -len(symbol)].rstrip()
    return None, stripped


def _word_before(before: str) -> tuple[str | None, str | None]:
    """Comparator or unit implied by a word right before the number."""
    compact = _SPACE_RE.sub("", before)
    for word in sorted(PREFIX_WORDS, key=len, reverse=True):
        if compact.endswith(word):
            return PREFIX_WORDS[word], None
    for word, unit in UNIT_PREFIXES.items():
        if compact.endswith(word):
            return None, unit
    return None, None


def _read_unit(after: str, tokens: tuple[str, ...]) -> tuple[str | None, str]:
    """Read a unit (possibly compound, ``元/人/年``) from the start of ``after``.

    Returns:
        The unit (or ``None``) and the text left after it.
    """
    rest = after.lstrip()
    parts: list[str] = []
    while True:
        token = next((t for t in tokens if rest.startswith(t)), None)
        if token is None:
            break
        parts.append(token)
        rest = rest[len(token) :]
        if rest.startswith("/") and any(rest[1:].startswith(t) for t in tokens):
            parts.append("/")
            rest = rest[1:]
            continue
        break
    return ("".join(parts) or None), rest


def _comparator_after(rest: str) -> tuple[bool, str | None]:
    """Judge the text after the unit: ``(readable, comparator)``."""
    compact = _SPACE_RE.sub("", rest).strip(_TRAILING_PUNCTUATION)
    compact = compact.translate(_BRACKETS)
    if not compact:
        return True, None
    if compact in SUFFIX_WORDS:
        return True, SUFFIX_WORDS[compact]
    return False, None


def parse_target(text: str | None) -> ParsedTarget:
    """Read comparator, number and unit from a printed target value.

    Rules, in order (each one a reason seen in real disclosures):

    * exactly one number must be printed, else nothing is read (ranges, dates, two amounts);
    * the number must not touch a range or sign character (``-``, ``~``, ``至``) or be glued
      to Latin letters (model numbers such as ``830K``);
    * a comparator may come from a symbol before the number (``≥``, ``>=``, ``＞``), a word
      before it (``不低于``) or a word after the unit (``以上``); if they disagree nothing is read;
    * the unit is the longest known unit right after the number, compound units joined by
      ``/``; anything else after it other than a comparator word makes the text unreadable.

    Args:
        text: The target value exactly as printed.

    Returns:
        The parsed target; all fields ``None`` when the text is qualitative or ambiguous.
    """
    normalized = normalize_text(text or "")
    numbers = list(_NUMBER_RE.finditer(normalized))
    if len(numbers) != 1:
        return EMPTY
    match = numbers[0]
    before, after = normalized[: match.start()], normalized[match.end() :]
    if _touches_reject(before, after):
        return EMPTY

    symbol, before_text = _symbol_before(before)
    word, implied_unit = _word_before(before_text)
    unit, rest = _read_unit(after, unit_tokens())
    readable, suffix = _comparator_after(rest)
    if not readable:
        return EMPTY
    if implied_unit is not None:
        if unit is not None:
            return EMPTY
        unit = implied_unit

    found = {c for c in (symbol, word, suffix) if c is not None}
    if len(found) > 1:
        return EMPTY
    comparator = found.pop() if found else None
    try:
        number = Decimal(match.group())
    except InvalidOperation:  # pragma: no cover - the regex only yields valid decimals
        return EMPTY
    return ParsedTarget(comparator=comparator, number=number, unit=unit)


def _touches_reject(before: str, after: str) -> bool:
    """True when the number is glued to a range/sign mark, a stray point or Latin letters.

    ``-5%`` or ``90%~`` may be half of a range or a sign; ``830K`` is a model number. Spaces
    between the mark and the number do not make it safer, so they are looked through.
    """
    last, first = before[-1:], after[:1]
    if before.rstrip()[-1:] in _RANGE_MARKS or after.lstrip()[:1] in _RANGE_MARKS:
        return True
    if "." in (last, first):
        return True
    return (last.isascii() and last.isalpha()) or (first.isascii() and first.isalpha())
