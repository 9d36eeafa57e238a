"""Counts and listed totals the 情况说明 states: staff, vehicles, projects; totals with parts.

Counts (共有人员 448 人, 共有车辆 2 辆, 公开项目绩效目标 36 个) are figures no table prints; a
total stated with the complete list of its parts (固定资产原值 N 万元 … 固定资产包含：a 原值 n1
万元，累计折旧 m1 万元；b n2 万元 …) is an identity inside the text. Both are read from the
whole compact text — a count's wording may span a comma (公务用车编制 0 辆，实有 0 辆) — and
carry the sentence they sit in.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from pipelines.clean.narrative import wording
from pipelines.clean.narrative.model import COUNT, LISTED_PARTS, OTHER, Statement
from pipelines.clean.narrative.sentences import amount_pattern
from pipelines.clean.narrative.text import Text, sentences

# The subject of a listed total: a few Chinese characters before 包含：.
_LISTED_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,10}?)$")


class _Sentences:
    """The sentence around an offset of the text."""

    def __init__(self, text: Text) -> None:
        self.text = text.text
        self.spans = list(sentences(text))
        self.starts = [start for start, _ in self.spans]

    def at(self, offset: int) -> str:
        index = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        start, end = self.spans[index] if self.spans else (0, 0)
        return self.text[start:end]


def count_statements(text: Text) -> list[Statement]:
    """Every match of every ``count`` rule."""
    around = _Sentences(text)
    found = []
    for rule in wording.rules("count"):
        for match in rule.pattern.finditer(text.text):
            position = match.start("value")
            found.append(Statement(
                kind=COUNT, subject=rule.key, subject_text=match.group(), position=position,
                page=text.page_at(position), sentence=around.at(match.start()),
                section=text.section_at(position), value_printed=match.group("value"),
                unit=rule.unit,
            ))
    return found


def _rule(key: str) -> re.Pattern[str]:
    return next(r.pattern for r in wording.rules("listed_parts") if r.key == key)


def listed_parts_statements(text: Text) -> list[Statement]:
    """Totals stated with a complete list of their parts, with the parts' sum.

    The total is the last "<subject>[原值|总额|合计][为] N 万元" printed before the list; the
    list runs to the end of its sentence (。); a deduction printed beside a part is not a part,
    and a list ending in 等 is not complete.
    """
    around = _Sentences(text)
    found = []
    for match in _rule("introducer").finditer(text.text):
        head = _LISTED_SUBJECT.search(text.text[: match.start()])
        if head is None:
            continue
        subject = head.group(1)
        end = text.text.find("。", match.end())
        listing = text.text[match.end(): end if end != -1 else len(text.text)]
        parts = [
            Decimal(m.group("value").replace(",", ""))
            for m in amount_pattern().finditer(listing)
            if not _rule("deduction").search(listing[: m.start()])
        ]
        stated = list(re.finditer(
            r"(?<![\u4e00-\u9fff])" + re.escape(subject) + _rule("total_words").pattern
            + rf"(?P<value>{wording.NUMBER})万元",
            text.text[: head.start()],
        ))
        if len(parts) < 2 or not stated or _rule("incomplete").search(listing):
            continue
        position = stated[-1].start("value")
        found.append(Statement(
            kind=LISTED_PARTS, subject=OTHER, subject_text=subject, position=position,
            page=text.page_at(match.start()), sentence=around.at(match.start()),
            section=text.section_at(position), value_printed=stated[-1].group("value"),
            unit="万元", parts_sum=sum(parts, Decimal(0)), parts_count=len(parts),
        ))
    return found

