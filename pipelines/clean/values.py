"""Printed values to exact data: amounts, codes, names.

Pure functions on strings. Money is ``decimal.Decimal`` from the printed digits, never a
float, so a figure in the warehouse is the figure on the page.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNIT_TO_YUAN = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(10**8),
}
_DASHES = {"-", "—", "–", "－", "--", "——", "/", "—-"}
_AMOUNT = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_CODE_IN_PARENS = re.compile(r"^(?P<name>.*?)[（(](?P<code>\d{3}(?:\d{2}){0,2})[）)]$")
_CODE_LEADING = re.compile(
    r"^(?P<code>\d{3}(?:\d{2}){0,2})(?:[\s\-—－:：]+|(?=[^\d\s]))(?P<name>\D.*)$"
)
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．，,]|[（(]\s*[一二三四五六七八九十百]+\s*[)）]"
    r"|\d{1,2}\s*[、.．](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*"
)
_TOTAL = re.compile(
    r"^(合计|总计|小计|本年收入合计|本年支出合计|收入总计|支出总计|部门合计|“三公”经费合计)$"
)


def is_amount(text: str | None) -> bool:
    """Whether the text is a printed amount (``9,619.41``, ``0``, ``-12.5``)."""
    return bool(text) and bool(_AMOUNT.match(re.sub(r"\s+", "", text)))


def is_blank_amount(text: str | None) -> bool:
    """Blank cells and dash placeholders: printed as nothing rather than a number."""
    return not text or not text.strip()


def parse_amount(text: str | None) -> Decimal | None:
    """The printed amount as an exact decimal; ``None`` for a blank cell.

    Dashes (``-``, ``—``) print an explicit nil and read as zero. Text that is not an amount
    raises ``ValueError`` rather than guessing.
    """
    if text is None:
        return None
    s = re.sub(r"\s+", "", text).replace("−", "-")
    if not s:
        return None
    if s in _DASHES:
        return Decimal(0)
    if not _AMOUNT.match(s):
        raise ValueError(f"not an amount: {text!r}")
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not an amount: {text!r}") from exc


def to_yuan(amount: Decimal | None, unit: str | None) -> Decimal | None:
    """Convert an amount in ``unit`` to yuan, kept exact to the fen."""
    if amount is None:
        return None
    factor = UNIT_TO_YUAN.get(unit or "万元", UNIT_TO_YUAN["万元"])
    return (amount * factor).quantize(Decimal("0.01"))


def compact(text: str | None) -> str:
    """Remove every whitespace: Chinese names wrap mid-word (``社会保 障和就 业支出``)."""
    return re.sub(r"\s+", "", text or "")


def strip_numbering(text: str) -> str:
    """Drop a numbering prefix: ``一、`` ``（一）`` ``1、`` ``一.`` ``①``."""
    previous = None
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1)
    return text


def split_code_name(text: str | None) -> tuple[str | None, str]:
    """Split a label into (code, name): ``社会保障和就业支出(208)`` -> ``208``, the name.

    Also reads ``2080109 社会保险经办机构`` and ``311-专项业务支出``. The name comes back
    compacted and without numbering; the code is ``None`` when none is printed.
    """
    s = compact(text)
    if not s:
        return None, ""
    if _CODE.match(s):
        return s, ""
    match = _CODE_IN_PARENS.match(s)
    if match:
        return match.group("code"), strip_numbering(match.group("name"))
    s = strip_numbering(s)
    match = _CODE_LEADING.match(s)
    if match:
        return match.group("code"), strip_numbering(match.group("name"))
    return None, s


def is_code(text: str | None) -> bool:
    """A classification code: 3, 5 or 7 digits."""
    return bool(_CODE.match(compact(text)))


def is_total_label(name: str) -> bool:
    """Whether a cleaned label names a total row (合计, 总计 …)."""
    return bool(_TOTAL.match(name))
