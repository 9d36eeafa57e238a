"""A document's running text as the narrative reader sees it: compact, paged, in sentences.

PDF text breaks lines inside words and numbers (``退休人员⏎83 人``, ``社会保 障``), so all
whitespace is removed; a statement may run across a page break, so the pages are joined and
every character keeps its page. Page numbers printed as the first or last line of a page
(``- 23 -``, ``30``: the ``page_number`` wording) are dropped, or they would glue into the
sentence that runs across the break. Headings (``一、`` ``（一）`` ``第三部分``: the
``heading`` wording) start a new sentence and open sections; sentences end at 。 ； ;.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipelines import vocabulary
from pipelines.clean.narrative import wording

_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。；;]")
_LEVELS = ("part", "chapter", "section")
_DEFINITION = re.compile(r"[：:]\s*\S")


@dataclass(frozen=True)
class Heading:
    """A heading line: where it starts, its level and the section it opens (if any)."""

    start: int
    level: str
    section: str | None


@dataclass(frozen=True)
class Text:
    """A document's compact text with the page of every character and its headings."""

    text: str
    page_starts: tuple[int, ...]
    pages: tuple[int, ...]
    headings: tuple[Heading, ...]

    def page_at(self, offset: int) -> int:
        """The page the character at ``offset`` is printed on."""
        if not self.pages:
            return 0
        return self.pages[max(bisect.bisect_right(self.page_starts, offset) - 1, 0)]

    def section_at(self, offset: int) -> str | None:
        """The innermost section open at ``offset``.

        A heading closes the sections of its level and the levels below it, and opens its
        own when its words name one (``七、“三公”经费预算情况说明`` → three_public).
        """
        open_sections: dict[str, str | None] = {}
        for heading in self.headings:
            if heading.start > offset:
                break
            depth = _LEVELS.index(heading.level)
            for level in _LEVELS[depth:]:
                open_sections.pop(level, None)
            open_sections[heading.level] = heading.section
        return next(
            (open_sections[level] for level in reversed(_LEVELS) if open_sections.get(level)),
            None,
        )


def compact(text: str) -> str:
    """Remove all whitespace."""
    return _WHITESPACE.sub("", text)


def _is_page_number(line: str) -> bool:
    return any(p.search(line.strip()) for _, p in vocabulary.patterns("page_number"))


def _content_lines(text: str) -> list[str]:
    """The lines of a page without a page number printed as its first or last line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and _is_page_number(lines[-1]):
        lines.pop()
    if lines and _is_page_number(lines[0]):
        lines.pop(0)
    return lines


def _heading(line: str) -> tuple[str, str | None] | None:
    """``(level, section)`` when the line opens with a heading number.

    A numbered line that goes on after a colon (``（四）机关运行经费：指行政单位…``, a term
    explained) closes sections like a heading but opens none.
    """
    level = wording.first_key("heading", line.strip())
    if level is None:
        return None
    if _DEFINITION.search(line):
        return level, None
    return level, wording.first_key("section", compact(line))


def join_pages(pages: Sequence[tuple[int, str]]) -> Text:
    """Join ``(page, text)`` pairs into one compact :class:`Text`."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    headings: list[Heading] = []
    length = 0
    for page, page_text in pages:
        starts.append(length)
        numbers.append(page)
        for line in _content_lines(page_text):
            heading = _heading(line)
            if heading:
                headings.append(Heading(length, *heading))
            compacted = compact(line)
            parts.append(compacted)
            length += len(compacted)
    return Text("".join(parts), tuple(starts), tuple(numbers), tuple(headings))


def sentences(text: Text) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every sentence: up to 。 ； ; (included) or the next heading."""
    breaks = sorted(
        {m.end() for m in _SENTENCE_END.finditer(text.text)}
        | {h.start for h in text.headings}
        | {len(text.text)}
    )
    position = 0
    for end in breaks:
        if end > position:
            yield position, end
            position = end
