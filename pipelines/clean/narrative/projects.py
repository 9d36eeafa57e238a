"""Project amounts the 情况说明 states in enumerated lists.

Narratives often restate the project budget as a numbered list ("1、2023年城乡居民基本养老保险
代办员补助26.21万元；2、…", "（1）信息化建设项目：预算50万元，主要用于…").
:func:`project_item_statements` reads the lists: a run of markers of one style numbered 1, 2,
3 … (the ``list_marker`` wording: ``1、`` ``1．`` ``1.`` ``（1）`` ``①``); each item's first
amount and the words before it are one ``project_item`` statement. Items without an amount
are kept out (nothing to check), and so are items whose amount the sentence reader already
typed (a 三公 item, a 功能分类 subject such as “行政运行（项）”): they are not projects.

Which 项目支出表 row a listed item speaks of is decided by the one project linker,
:mod:`pipelines.clean.project_links` (staging entity ``project_links``, source kind
``narrative``).
"""

from __future__ import annotations

import re
import unicodedata

from pipelines.clean.narrative import wording
from pipelines.clean.narrative.model import FUNCTION, OTHER, PROJECT_ITEM, Statement
from pipelines.clean.narrative.sentences import amount_pattern, change_spans, subject_events
from pipelines.clean.narrative.text import Text

_CLAUSE_BREAK = re.compile(r"[，,：:；;]")
# The longest item read: a list item is a clause, not a page.
_MAX_ITEM = 300


def _marker_number(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else int(unicodedata.numeric(text))


def _lists(text: str) -> list[list[tuple[int, int, int]]]:
    """Runs of markers ``(number, start, end)`` of one style numbered 1, 2, 3 ….

    A marker of the run's style with another number ends the run (it belongs to another
    list or heading); a new ``1`` of the style starts a new run. Each run ends with a
    sentinel ``(0, stop, stop)`` where its last item stops.
    """
    runs: list[list[tuple[int, int, int]]] = []
    open_runs: dict[str, list[tuple[int, int, int]]] = {}
    for match in wording.alternation("list_marker").finditer(text):
        style, number = wording.key_of(match), _marker_number(match.group())
        run = open_runs.get(style)
        if run is not None and number == run[-1][0] + 1:
            run.append((number, match.start(), match.end()))
            continue
        if run is not None:
            run.append((0, match.start(), match.start()))
            runs.append(run)
            del open_runs[style]
        if number == 1:
            open_runs[style] = [(number, match.start(), match.end())]
    for run in open_runs.values():
        run.append((0, len(text), len(text)))
        runs.append(run)
    runs.sort(key=lambda run: run[0][1])
    # the closing sentinel is not an item; a list has at least two items
    return [run for run in runs if len(run) > 2]


def _stated_name(prefix: str) -> str:
    """The project name in the words before an amount: the first clause, tail words removed."""
    clauses = [c for c in _CLAUSE_BREAK.split(prefix) if c]
    if not clauses:
        return ""
    tail = next(rule.pattern for rule in wording.rules("name_tail"))
    return tail.sub("", clauses[0])


def _first_amount(item: str) -> re.Match[str] | None:
    """The first amount of an item that is not a change (比上年增加 2 万元 is not its budget)."""
    changes = change_spans(item)
    return next(
        (m for m in amount_pattern().finditer(item)
         if not any(start <= m.start() < end for start, end in changes)),
        None,
    )


def _names_a_function(name: str) -> bool:
    """Whether a list item names a 功能分类 subject (住房公积金(项)), not a project."""
    return any(e.subject is not None and e.subject.key == FUNCTION for e in subject_events(name))


def project_item_statements(text: Text, typed_positions: set[int]) -> list[Statement]:
    """Enumerated project statements of a document, in reading order.

    ``typed_positions`` are the positions of amounts the sentence reader gave a known
    subject: a list item stating one of those is not a project.
    """
    found = []
    for list_index, run in enumerate(_lists(text.text)):
        for (number, _start, end), (_next, stop, _stop) in zip(run, run[1:], strict=False):
            item = text.text[end:min(stop, end + _MAX_ITEM)].split("。", 1)[0]
            amount = _first_amount(item)
            if amount is None or end + amount.start() in typed_positions:
                continue
            name = _stated_name(item[: amount.start()])
            if len(name) < 2 or _names_a_function(name):
                continue
            position = end + amount.start()
            found.append(Statement(
                kind=PROJECT_ITEM, subject=OTHER, subject_text=name, position=position,
                page=text.page_at(position), sentence=item[: amount.end() + 40],
                section=text.section_at(position), value_printed=amount.group("value"),
                unit=amount.group("unit"), list_index=list_index, item_number=number,
            ))
    return found
