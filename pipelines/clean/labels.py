"""Printed labels to names and codes: line wraps, numbering, codes in or beside a name.

Pure functions on strings. A classification code is 3 (类), 5 (款) or 7 (项) digits; it may be
printed alone, before the name (``2080109 社会保险经办机构``, ``311-专项业务支出``) or in
brackets after it (``社会保障和就业支出(208)``). Item numbers (``一、`` ``（一）`` ``1.``) are
vocabulary (``numbering_prefix``).

Project and department codes are other codes: a project code is a long token of letters and
digits printed before the name (``63020000023T000000003-企业职工…``), a department code a
number joined to the name by a dash on either side (``407-某局``, ``某局-310``).
"""

from __future__ import annotations

import re

from pipelines import vocabulary

# A classification code: 类 3 digits, 款 5, 项 7 (政府收支分类科目).
_CODE_DIGITS = r"\d{3}(?:\d{2}){0,2}"
_CODE = re.compile(rf"^{_CODE_DIGITS}$")
_CODE_IN_PARENS = re.compile(rf"^(?P<name>.*?)[（(](?P<code>{_CODE_DIGITS})[）)]$")
_CODE_LEADING = re.compile(
    rf"^(?P<code>{_CODE_DIGITS})(?:[\s\-—－:：]+|(?=[^\d\s]))(?P<name>\D.*)$"
)
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_CODE_DASH_NAME = re.compile(r"^([0-9A-Za-z]*\d[0-9A-Za-z]*)\s*[-－—–]\s*(\S.*)$")
_NAME_DASH_CODE = re.compile(r"^(\S.*?)\s*[-－—–]\s*([0-9A-Za-z]*\d[0-9A-Za-z]*)$")
_MIN_PROJECT_CODE_LENGTH = 6


def compact(text: str | None) -> str:
    """Remove every whitespace: Chinese names wrap mid-word (``社会保 障和就 业支出``)."""
    return re.sub(r"\s+", "", text or "")


def unwrap_lines(cell: str | None) -> str | None:
    """Remove line-wrap whitespace between CJK characters; keep everything else as printed.

    PDF extraction breaks long cells into lines, which leaves spaces or newlines inside
    Chinese words (``年度绩效 目标``); spaces next to digits or Latin text are real
    (``提前下达 2024 年``), unlike :func:`compact`, which removes every space.
    """
    if cell is None:
        return None
    return _CJK_GAP.sub("", str(cell)).strip()


def strip_numbering(text: str) -> str:
    """Drop item-number prefixes: ``一、`` ``（一）`` ``1、`` ``一.`` ``①``."""
    previous = None
    while previous != text:
        previous = text
        match = vocabulary.search("numbering_prefix", text)
        if match and match.start() == 0 and match.end() < len(text):
            text = text[match.end() :]
    return text


def numbering_level(text: str | None) -> int | None:
    """The outline level a label's item number gives it: 一、 1, （一） 2, 1. 3, (1) 4, ① 5."""
    level = vocabulary.classify("numbering_prefix", compact(text)[:8]) if text else None
    return int(level) if level else None


def split_part_marker(text: str | None) -> tuple[bool, str]:
    """``(True, rest)`` for a row introduced as a part of the row above (``其中：事业收入``)."""
    name = compact(text)
    marker = vocabulary.search("other_row_label", name)
    if marker and marker.start() == 0:
        return True, name[marker.end() :]
    return False, name


def is_code(text: str | None) -> bool:
    """A classification code: 3, 5 or 7 digits."""
    return bool(_CODE.match(compact(text)))


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


def split_project_code(text: str | None) -> tuple[str | None, str | None]:
    """Split a project printed with its code (``63020000023T000000003-企业职工…``): (code, name).

    Only a leading token of at least six letters/digits with a digit counts as a code, so a
    name such as ``2024-2025年…`` is never cut. Without a code the text comes back whole.
    """
    if not text:
        return None, text
    match = _CODE_DASH_NAME.match(text)
    if match and len(match.group(1)) >= _MIN_PROJECT_CODE_LENGTH:
        return match.group(1), match.group(2).strip()
    return None, text


def split_department_code(text: str | None) -> tuple[str | None, str | None]:
    """Split a department printed with its code on either side (``407-某局``, ``某局-310``).

    Returns:
        ``(name, code)``; the code is ``None`` when none is printed.
    """
    if not text:
        return text, None
    for pattern, name_group, code_group in ((_CODE_DASH_NAME, 2, 1), (_NAME_DASH_CODE, 1, 2)):
        match = pattern.match(text)
        if match:
            return match.group(name_group).strip(), match.group(code_group)
    return text, None
