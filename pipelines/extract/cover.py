"""Who published a document, for which year, and what it is: read from its cover.

Covers differ in shape — the department above a title with the year (``<部门>（本级）/
<年> 年度部门预算``), a title followed by a field (``<地区><年>年区级部门预算 / 预算主管部门：
<部门>``), a year line, a report title and a spaced field (``<省><年>年度 / 省级部门预算公开报表 /
部 门: <部门>``) — and some documents have none (tables only). The wording is vocabulary
(``document_title``, ``department_field``, ``document_kind``, ``document_scope``); this module
only knows the order in which the clues are trusted:

* the department named in a field (``预算主管部门：…``) on the first pages, else the lines
  above (or the text before) the title that gives the year, else the field most tables
  print in their caption (``部门：… 单位：万元``);
* the year of that title, else the year most table titles print;
* the kind (预算 / 决算) and scope (部门 / 单位) from the title, else from the table titles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines import vocabulary

_COVER_PAGES = 2
_MAX_NAME = 40


@dataclass(frozen=True)
class Cover:
    """What a document says about itself.

    Attributes:
        department_name: The department or unit, normalised (no spaces, full-width brackets).
        budget_year: The year the budget (or final accounts) is for.
        document_kind: ``budget`` or ``final_accounts`` (决算).
        scope: ``department`` (部门, consolidated) or ``unit`` (单位, one budget unit).
    """

    department_name: str | None
    budget_year: int | None
    document_kind: str
    scope: str | None


def normalise_department(name: str) -> str:
    """Department name with full-width parentheses and no spaces, as the body text prints."""
    name = re.sub(r"\s+", "", name)
    return name.replace("(", "（").replace(")", "）")


def department_base_name(name: str | None) -> str | None:
    """The name without a bracketed qualifier: ``某局（本级）`` → ``某局``.

    One department, whether its document covers the department itself or its units.
    """
    if not name:
        return None
    qualifier = vocabulary.search("department_qualifier", name)
    return name[: qualifier.start()] if qualifier and qualifier.start() > 0 else name


def place_of(name: str | None) -> dict[str, str | None]:
    """The province, city and county a department name begins with (``place_level``).

    ``None`` for a level the name does not print.
    """
    places: dict[str, str | None] = {"province": None, "city": None, "county": None}
    for level, pattern in vocabulary.patterns("place_level"):
        match = pattern.search(name or "")
        if match and match.group("place") and places[level] is None:
            places[level] = match.group("place")
    return places


def _lines(text: str) -> list[str]:
    return [re.sub(r"\s+", "", ln) for ln in text.splitlines() if ln.strip()]


def _is_name(text: str) -> bool:
    """A plausible department name, not a label, unit or title fragment."""
    if not (2 <= len(text) <= _MAX_NAME):
        return False
    return not (
        vocabulary.search("department_line", text + "：")
        or vocabulary.search("unit_label", text + "：")
        or vocabulary.search("document_title", text)
        or vocabulary.search("page_number", text)
    )


def department_fields(text: str) -> list[str]:
    """Every department named in a field (``预算单位：…``, ``部 门:…``) of a page."""
    found = []
    for line in _lines(text):
        for _, pattern in vocabulary.patterns("department_field"):
            for match in pattern.finditer(line):
                name = match.group("name")
                # 部门：某局 单位：万元 — the unit's label ends the name
                stop = vocabulary.search("unit_label", line[match.start("name") :])
                name = name[: stop.start()] if stop else name
                if _is_name(name):
                    found.append(normalise_department(name))
    return found


def _title(texts: list[str]) -> tuple[int, int, re.Match[str]] | None:
    """(page, line, match) of the first line that gives the document's year."""
    for page, text in enumerate(texts):
        for i, line in enumerate(_lines(text)):
            match = vocabulary.search("document_title", line)
            if match:
                return page, i, match
    return None


def _name_before_title(texts: list[str], page: int, line: int, match: re.Match[str]) -> str | None:
    lines = _lines(texts[page])
    before = lines[line][: match.start()]
    if before and _is_name(before) and not vocabulary.search("budget_word", before):
        return before
    above = "".join(ln for ln in lines[:line] if not vocabulary.search("page_number", ln))
    return above if _is_name(above) else None


def read_cover(
    pages: list[str], pdf_title: str | None = None, table_titles: list[str] | None = None
) -> Cover:
    """Department, year, kind and scope of a document from its first pages and titles."""
    table_titles = table_titles or []
    cover = pages[:_COVER_PAGES] + ([pdf_title] if pdf_title else [])
    title = _title(cover)
    department = next(
        (name for text in pages[:_COVER_PAGES] for name in department_fields(text)), None
    )
    if department is None and title is not None:
        named = _name_before_title(cover, *title)
        department = normalise_department(named) if named else None
    if department is None:
        counts = Counter(name for text in pages for name in department_fields(text))
        department = counts.most_common(1)[0][0] if counts else None
    year = int(title[2].group("year")) if title else None
    if year is None:
        years = [
            int(m.group("year")) for t in table_titles
            for m in vocabulary.regex("year_mention").finditer(t)
        ]
        year = max(set(years), key=years.count) if years else None
    title_text = title[2].group(0) if title else ""
    kind = vocabulary.classify("document_kind", title_text)
    if kind is None:
        kinds = Counter(vocabulary.classify("document_kind", t) for t in table_titles)
        kinds.pop(None, None)
        kind = kinds.most_common(1)[0][0] if kinds else "budget"
    cover_text = "".join("".join(_lines(text)) for text in cover)
    scope = vocabulary.classify("document_scope", title_text) or vocabulary.classify(
        "document_scope", cover_text
    )
    return Cover(department, year, kind, scope)
