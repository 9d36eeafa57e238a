"""Amount, change and rate statements of the 情况说明, read sentence by sentence.

The narrative restates the tables in sentences: "基本支出 4775.21 万元，比上年增加 478.07 万元，
增幅 11.12%". Which words name which subject, state a change or a rate, or open a list of parts
is vocabulary (:mod:`pipelines.clean.narrative.wording`); this module knows the grammar:

* a subject followed closely by an amount (a few words such as 预算数为 between them, no clause
  break, no other number) is that subject's amount; the first subject of a clause is the one
  its figures belong to (“人员经费占基本支出总额 86.5%，比上年增加…” speaks of 人员经费);
* a change (增加 / 减少 X 万元, 持平) belongs to the amount just stated, or, after a repeated
  subject without its amount, to that subject's last amount; a rate (增幅 Y%) to the amount
  the change was attached to;
* a sentence that opens with a change and names nothing (“…公车保有量为 2 辆。比上年减少 0.6
  万元，降幅 10%”) continues the sentence before: the change is stated of its main
  statements (those not listed after 其中 / 主要包括), the rate of the last of them;
* amounts after 其中 are parts (of_which) of the statement before it, after 主要包括 /
  包含 its breakdown by economic item (breakdown) — not the subjects' own totals;
* words between a subject and its amount may say whose figure it is (年初预算为 budgeted,
  支出决算为 actual); a 决算 states a subject's budget and then, in the next clause, what
  was spent (“…支出年初预算为 2993.92 万元，支出决算为 2940.05 万元”): an amount whose
  words name only the other kind is the same subject's;
* an amount of no known subject is kept only when a change is stated with it (its growth
  rate can still be checked), named by the words before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from pipelines.clean.amounts import unit_factors
from pipelines.clean.labels import strip_numbering
from pipelines.clean.meaning import three_public_item_of_label
from pipelines.clean.narrative import wording
from pipelines.clean.narrative.model import (
    AMOUNT,
    BREAKDOWN,
    CHANGE,
    FLAT,
    INCREASE,
    OTHER,
    RATE,
    THREE_PUBLIC_TOTAL,
    Statement,
    decimal,
)
from pipelines.clean.narrative.text import Text, sentences

# Between a subject and its amount: a few words (为, 预算数为, 2024年预算数为) but no clause
# break and no other number (a year is not one).
_GAP = re.compile(r"(?:[^\d，,：:；;、。（(]|\d{4}年度?){0,12}")
_CLAUSE_BREAK = re.compile(r"[，,：:；;、]")
_THREE_PUBLIC = "three_public"


@cache
def amount_pattern() -> re.Pattern[str]:
    """A printed figure followed by a unit word of the ``units`` vocabulary (longest first).

    A figure per something (``36元/人``, ``1.2万元/人``) is a rate of pay, not an amount.
    """
    units = "|".join(re.escape(u) for u in sorted(unit_factors(), key=len, reverse=True))
    return re.compile(rf"(?P<value>{wording.NUMBER})(?P<unit>{units})(?![/／])")


@dataclass(frozen=True)
class _Subject:
    key: str
    text: str
    three_public_item: str | None
    end: int


@dataclass(frozen=True)
class _Event:
    start: int
    end: int
    kind: str
    key: str = ""
    value: str | None = None
    unit: str | None = None
    subject: _Subject | None = None


def _non_overlapping(spans: list[_Event]) -> list[_Event]:
    """Earliest first; of two starting together the longer; a span inside another dropped."""
    chosen: list[_Event] = []
    for span in sorted(spans, key=lambda e: (e.start, -(e.end - e.start))):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen


def _subject_of(key: str, words: str) -> tuple[str, str | None] | None:
    """The subject key (and 三公 item) of a subject match; ``None`` if it names nothing."""
    if key != _THREE_PUBLIC:
        return key, None
    item = three_public_item_of_label(words)
    if item is None:
        return None
    return (THREE_PUBLIC_TOTAL if item == "total" else item), item


def subject_events(sentence: str) -> list[_Event]:
    """Where the sentence names a subject (overlaps resolved, see :func:`_non_overlapping`)."""
    spans = []
    for rule in wording.rules("subject"):
        for match in rule.pattern.finditer(sentence):
            subject = _subject_of(rule.key, match.group())
            if subject is None:
                continue
            spans.append(_Event(
                match.start(), match.end(), "subject",
                subject=_Subject(subject[0], match.group(), subject[1], match.end()),
            ))
    return _non_overlapping(spans)


def _change_events(sentence: str) -> list[_Event]:
    spans = []
    for rule in wording.rules("change"):
        for match in rule.pattern.finditer(sentence):
            value = match.group("value") if "value" in rule.pattern.groupindex else None
            spans.append(_Event(match.start(), match.end(), "change", rule.key, value, rule.unit))
    return _non_overlapping(spans)


def change_spans(text: str) -> list[tuple[int, int]]:
    """Where a text states a change on last year (its figures are not amounts)."""
    return [(e.start, e.end) for e in _change_events(text)]


def _events(sentence: str) -> list[_Event]:
    """Subjects, amounts, changes, rates and part lists of a sentence, in order."""
    changes = _change_events(sentence)
    masked = list(sentence)
    for change in changes:
        masked[change.start:change.end] = "#" * (change.end - change.start)
    events = [*changes, *subject_events(sentence)]
    events += [
        _Event(m.start(), m.end(), "amount", value=m.group("value"), unit=m.group("unit"))
        for m in amount_pattern().finditer("".join(masked))
    ]
    for concept in ("rate", "part_list"):
        for rule in wording.rules(concept):
            events += [
                _Event(m.start(), m.end(), concept, rule.key,
                       m.group("value") if "value" in rule.pattern.groupindex else None)
                for m in rule.pattern.finditer(sentence)
            ]
    return sorted(events, key=lambda e: (e.start, e.end))


def _words_before(sentence: str, position: int) -> str:
    """The words just before an amount, back to the previous clause break, unnumbered."""
    return strip_numbering(_CLAUSE_BREAK.split(sentence[:position])[-1][-30:])


@dataclass
class _Reading:
    """What reading a document has found so far."""

    statements: list[Statement] = field(default_factory=list)
    previous_main: list[Statement] = field(default_factory=list)


@dataclass
class _Sentence:
    """The state of reading one sentence."""

    text: Text
    start: int
    sentence: str
    reading: _Reading
    opens_at_heading: bool
    found: list[Statement] = field(default_factory=list)
    pending: _Subject | None = None
    current: Statement | None = None
    part: tuple[str, Statement] | None = None
    started: bool = False

    def statement(self, kind: str, subject: str, words: str, at: int, **fields) -> Statement:
        position = self.start + at
        statement = Statement(
            kind=kind, subject=subject, subject_text=words, position=position,
            page=self.text.page_at(position), sentence=self.sentence,
            section=self.text.section_at(position), **fields,
        )
        self.found.append(statement)
        return statement

    def on_subject(self, event: _Event) -> None:
        subject = event.subject
        assert subject is not None
        between = self.sentence[self.pending.end:event.start] if self.pending else ""
        keeps_first = (
            self.pending is not None and len(between) <= 4 and not _CLAUSE_BREAK.search(between)
        )
        if not keeps_first:
            self.pending = subject
        if self.part and self.part[0] == BREAKDOWN and self.part[1].subject == subject.key:
            self.part = None  # the subject itself again: its breakdown is over

    def on_part_list(self, event: _Event) -> None:
        self.part = (event.key, self.current) if self.current is not None else None
        self.pending = None

    def _other_kind_of_current(self, event: _Event) -> Statement | None:
        """The statement an amount is the other kind of, if its words name only that kind.

        “…支出年初预算为 2993.92 万元，支出决算为 2940.05 万元”: the second amount names no
        subject, its clause says 决算 where the first said 年初预算 — the same subject's actual.
        """
        current = self.current
        if current is None or current.kind != AMOUNT or current.amount_kind is None:
            return None
        if current.subject == OTHER or current.has_change:
            return None
        words = _CLAUSE_BREAK.split(self.sentence[:event.start])[-1]
        if not _GAP.fullmatch(words):
            return None
        kind = wording.first_key("amount_kind", words)
        return current if kind is not None and kind != current.amount_kind else None

    def on_amount(self, event: _Event) -> None:
        subject = self.pending
        same = self._other_kind_of_current(event) if subject is None else None
        if subject is not None and _GAP.fullmatch(gap := self.sentence[subject.end:event.start]):
            statement = self.statement(
                AMOUNT, subject.key, subject.text, event.start,
                three_public_item=subject.three_public_item,
                value_printed=event.value, unit=event.unit,
                amount_kind=wording.first_key("amount_kind", gap),
            )
        elif same is not None:
            words = _CLAUSE_BREAK.split(self.sentence[:event.start])[-1]
            statement = self.statement(
                AMOUNT, same.subject, same.subject_text, event.start,
                three_public_item=same.three_public_item,
                value_printed=event.value, unit=event.unit,
                amount_kind=wording.first_key("amount_kind", words),
            )
        else:
            statement = self.statement(
                AMOUNT, OTHER, _words_before(self.sentence, event.start), event.start,
                value_printed=event.value, unit=event.unit,
            )
        if self.part is not None:
            statement.part_kind, statement.parent_position = self.part[0], self.part[1].position
        self.current = statement
        self.pending = None

    def _targets(self, event: _Event) -> list[Statement]:
        if self.pending is not None:
            key, pending = self.pending.key, self.pending
            self.pending = None
            earlier = [*self.reading.statements, *self.found]
            previous = next(
                (s for s in reversed(earlier)
                 if s.kind == AMOUNT and s.subject == key and not s.has_change),
                None,
            )
            if previous is not None:
                return [previous]
            return [self.statement(
                CHANGE, key, pending.text, event.start,
                three_public_item=pending.three_public_item, unit=event.unit,
            )]
        if self.current is not None:
            return [] if self.current.has_change else [self.current]
        if not self.started and not self.opens_at_heading:
            return [s for s in self.reading.previous_main if not s.has_change]
        return []

    def _plausible(self, target: Statement, event: _Event) -> Statement:
        """The statement a change after a part speaks of.

        "收入总计 41,670.92 万元，其中：本年收入 41,670.92 万元，上年结转 0 万元，比上年增加
        4675.90 万元": last year's 上年结转 would be negative, so the change is the total's.
        """
        if target.parent_position is None or event.key != INCREASE or target.value is None:
            return target
        if target.value >= decimal(event.value):  # type: ignore[operator]
            return target
        parent = next((s for s in self.found if s.position == target.parent_position), None)
        return parent if parent is not None and not parent.has_change else target

    def on_change(self, event: _Event) -> None:
        targets = self._targets(event)
        if len(targets) == 1:
            targets = [self._plausible(targets[0], event)]
        for target in targets:
            target.change_direction = event.key
            target.change_printed = None if event.key == FLAT else event.value
        if targets:
            self.current = targets[-1]

    def on_rate(self, event: _Event) -> None:
        target = self.current
        if target is None:
            return
        if target.change_printed is not None and target.rate_printed is None:
            target.rate_printed, target.rate_direction = event.value, event.key
        elif target.subject != OTHER and not target.has_change and target.kind == AMOUNT:
            self.statement(
                RATE, target.subject, target.subject_text, event.start,
                three_public_item=target.three_public_item,
                rate_printed=event.value, rate_direction=event.key,
            )

    def read(self) -> list[Statement]:
        handlers = {
            "subject": self.on_subject, "part_list": self.on_part_list,
            "amount": self.on_amount, "change": self.on_change, "rate": self.on_rate,
        }
        for event in _events(self.sentence):
            handlers[event.kind](event)
            self.started = True
        return self.found


def _kept(statement: Statement) -> bool:
    """A figure without a known subject matters only when a change is stated with it."""
    return statement.subject != OTHER or statement.has_change


def amount_statements(
    text: Text, spans: Sequence[tuple[int, int]] | None = None
) -> list[Statement]:
    """Every amount, change and rate statement of a document's text, in reading order."""
    heading_starts = {h.start for h in text.headings}
    reading = _Reading()
    for start, end in spans if spans is not None else sentences(text):
        found = _Sentence(
            text, start, text.text[start:end], reading, opens_at_heading=start in heading_starts
        ).read()
        reading.statements += found
        reading.previous_main = [s for s in found if s.kind == AMOUNT and s.part_kind is None]
    return [s for s in reading.statements if _kept(s)]


def is_typed(statement: Statement) -> bool:
    """Whether the statement names a known subject (a 功能分类 subject included)."""
    return statement.subject != OTHER
