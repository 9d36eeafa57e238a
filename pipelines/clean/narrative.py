"""Facts the 情况说明 (narrative) states: amounts, changes on last year, growth rates, counts.

The narrative restates the tables in sentences ("基本支出 4775.21 万元，比上年增加 478.07 万元，
增幅 11.12%"). Reconciliation compares these statements with the tables, so each stated figure
is read with its subject, its sentence and its page. Which words name which subject is data
(``pipelines/vocabulary/narrative_patterns.csv``); this module only knows the sentence grammar:
a subject followed closely by an amount in 万元, then optionally a change (增加 / 减少 X 万元,
or 持平) and a rate (增幅 / 下降 Y%) that belong to the last stated subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import polars as pl

from pipelines import vocabulary
from pipelines.extract.model import PageText

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_CHANGE = re.compile(
    r"(?:比(?:上年|上一年|\d{4}年)(?:预算数?|同期|预算)?)?(增加|减少|增长|下降)" + _NUMBER + r"万元"
)
_FLAT = re.compile(r"与(?:上年|\d{4}年)(?:预算数?)?(?:持平|相同)")
_RATE = re.compile(r"(增幅|增长率|增长|降幅|减幅|下降)(\d+(?:\.\d+)?)%")
_AMOUNT = re.compile(_NUMBER + r"万元")
_SENTENCE_END = re.compile(r"[。；;]")
# Between a subject and its amount: a few words (为, 预算数为, 财政拨款预算) but no clause break
# and no other number.
_GAP = re.compile(r"[^\d，,：:；;、。（(]{0,12}")
_CLAUSE_BREAK = re.compile(r"[，,：:；;]")
_DECREASE = {"减少", "下降"}
# A complete breakdown: "固定资产包含：a 原值 n1 万元，累计折旧 m1 万元；b n2 万元 …。" (not
# 主要包括, which lists only the main parts). Deductions printed beside each part are not parts.
_BREAKDOWN = re.compile(r"(?<!主要)([\u4e00-\u9fff]{2,10}?)(?:包含|包括)[:：]([^。]*)")
_DEDUCTION = re.compile(r"(?:累计折旧|累计摊销|折旧|摊销)$")

FACT_SCHEMA = {
    "document_id": pl.String,
    "fact_index": pl.Int32,
    "fact": pl.String,
    "page": pl.Int32,
    "subject_text": pl.String,
    "amount_printed": pl.String,
    "amount_10k_yuan": pl.Decimal(20, 4),
    "change_printed": pl.String,
    "change_10k_yuan": pl.Decimal(20, 4),
    "change_direction": pl.String,
    "rate_printed": pl.String,
    "rate_percent": pl.Decimal(12, 4),
    "count_value": pl.Int32,
    "parts_sum_10k_yuan": pl.Decimal(20, 4),
    "parts_count": pl.Int32,
    "sentence": pl.String,
}


@dataclass(frozen=True)
class Pattern:
    """One vocabulary entry: the fact a wording states."""

    fact: str
    kind: str
    regex: re.Pattern[str]


@dataclass
class NarrativeFact:
    """A figure the narrative states, with what was said about its change."""

    fact: str
    page: int
    sentence: str
    subject_text: str
    amount_printed: str | None = None
    change_printed: str | None = None
    change_direction: str | None = None
    rate_printed: str | None = None
    count_value: int | None = None
    parts_sum_10k_yuan: Decimal | None = None
    parts_count: int | None = None

    @property
    def amount_10k_yuan(self) -> Decimal | None:
        """The stated amount in 万元."""
        return _decimal(self.amount_printed)

    @property
    def change_10k_yuan(self) -> Decimal | None:
        """The stated change in 万元, negative for a decrease."""
        value = _decimal(self.change_printed)
        if value is None:
            return None
        return -value if self.change_direction == "decrease" else value

    @property
    def rate_percent(self) -> Decimal | None:
        """The stated growth rate in percent, unsigned as printed."""
        return _decimal(self.rate_printed)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text.replace(",", ""))


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    """The ``narrative_patterns`` vocabulary, in file order (earlier rows win on overlap)."""
    return tuple(
        Pattern(row["fact"], row["kind"], re.compile(row["pattern"]))
        for row in vocabulary.table("narrative_patterns")
    )


def normalise(text: str) -> str:
    """Remove all whitespace: PDF text breaks lines and spaces numbers from their units."""
    return re.sub(r"\s+", "", text)


def _keyword_spans(sentence: str, patterns: tuple[Pattern, ...]) -> list[tuple[int, int, str]]:
    """Non-overlapping subject mentions, longest first where two overlap."""
    found = []
    for pattern in patterns:
        if pattern.kind != "amount":
            continue
        found += [(m.start(), m.end(), pattern.fact) for m in pattern.regex.finditer(sentence)]
    found.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    chosen: list[tuple[int, int, str]] = []
    for span in found:
        if not chosen or span[0] >= chosen[-1][1]:
            chosen.append(span)
        elif span[1] - span[0] > chosen[-1][1] - chosen[-1][0] and span[0] == chosen[-1][0]:
            chosen[-1] = span
    return chosen


def _subject_before(sentence: str, position: int) -> str:
    """The words just before an amount, back to the previous clause break."""
    head = re.split(r"[，,：:；;、]", sentence[:position])[-1]
    return head[-30:]


def sentence_facts(
    sentence: str,
    page: int | Callable[[int], int],
    patterns: tuple[Pattern, ...],
    earlier: list[NarrativeFact],
) -> list[NarrativeFact]:
    """The facts one (whitespace-free) sentence states.

    ``page`` is the sentence's page, or a function from a position in the sentence to the
    page it is printed on (a sentence may start under a heading on an earlier page).
    ``earlier`` holds the facts of the preceding sentences: a change stated after a repeated
    subject without its amount ("人员经费占…，比上年增加 X 万元") belongs to that subject's
    last stated amount.
    """
    events: list[tuple[int, int, str, object]] = []
    masked = list(sentence)
    for m in _CHANGE.finditer(sentence):
        events.append((m.start(), m.end(), "change", m))
        masked[m.start():m.end()] = ["#"] * (m.end() - m.start())
    for m in _FLAT.finditer(sentence):
        events.append((m.start(), m.end(), "flat", m))
    for m in _RATE.finditer(sentence):
        events.append((m.start(), m.end(), "rate", m))
    for m in _AMOUNT.finditer("".join(masked)):
        events.append((m.start(), m.end(), "amount", m))
    for start, end, fact in _keyword_spans(sentence, patterns):
        events.append((start, end, "keyword", fact))
    events.sort(key=lambda e: (e[0], e[1]))

    page_at = page if callable(page) else (lambda _position: page)
    facts: list[NarrativeFact] = []
    pending: tuple[int, str] | None = None
    current: NarrativeFact | None = None
    for start, end, kind, value in events:
        if kind == "keyword":
            # The first subject of a clause is the one its figures belong to:
            # "人员经费占基本支出总额 86.5%，比上年增加…" speaks of 人员经费.
            between = sentence[pending[0]:start] if pending else ""
            keeps_first = (pending is not None and len(between) <= 4
                           and not _CLAUSE_BREAK.search(between))
            if not keeps_first:
                pending = (end, str(value))
        elif kind == "amount":
            amount = value.group(1)  # type: ignore[union-attr]
            if pending and _GAP.fullmatch(sentence[pending[0]:start]):
                current = NarrativeFact(pending[1], page_at(start), sentence, pending[1], amount)
            else:
                current = NarrativeFact("other", page_at(start), sentence,
                                        _subject_before(sentence, start), amount)
            facts.append(current)
            pending = None
        elif kind in ("change", "flat"):
            if pending:
                previous = next(
                    (f for f in reversed(earlier + facts)
                     if f.fact == pending[1] and f.change_printed is None), None
                )
                current = previous
                pending = None
            if current is not None and current.change_printed is None:
                if kind == "flat":
                    current.change_printed, current.change_direction = "0", "flat"
                else:
                    word, number = value.group(1), value.group(2)  # type: ignore[union-attr]
                    current.change_printed = number
                    current.change_direction = "decrease" if word in _DECREASE else "increase"
        elif kind == "rate":
            if current is not None and current.change_printed and current.rate_printed is None:
                current.rate_printed = value.group(2)  # type: ignore[union-attr]
    for pattern in patterns:
        if pattern.kind == "count":
            for m in pattern.regex.finditer(sentence):
                facts.append(NarrativeFact(pattern.fact, page_at(m.start()), sentence, m.group(0),
                                           count_value=int(m.group(1))))
    # A figure without a known subject matters only when a change is stated about it.
    return [f for f in facts if f.fact != "other" or f.change_printed is not None]


def breakdown_facts(text: str, page_at: Callable[[int], int]) -> list[NarrativeFact]:
    """Totals stated with a complete list of their parts, in a whitespace-free text.

    The total is the last "<subject>[原值|总额|合计][为] N 万元" printed before the list.
    """
    facts = []
    for match in _BREAKDOWN.finditer(text):
        subject, listing = match.group(1), match.group(2)
        parts = [
            Decimal(m.group(1).replace(",", ""))
            for m in _AMOUNT.finditer(listing)
            if not _DEDUCTION.search(listing[: m.start()])
        ]
        stated = list(re.finditer(
            r"(?<![\u4e00-\u9fff])" + re.escape(subject) + r"(?:原值|总额|合计)?(?:为)?"
            + _NUMBER + r"万元",
            text[: match.start()],
        ))
        # "…等" ends a list that is not complete
        if len(parts) < 2 or not stated or listing.endswith("等"):
            continue
        facts.append(NarrativeFact(
            "listed_parts", page_at(match.start()), match.group(0), subject,
            amount_printed=stated[-1].group(1),
            parts_sum_10k_yuan=sum(parts, Decimal(0)),
            parts_count=len(parts),
        ))
    return facts


def _page_finder(starts: list[tuple[int, int]], offset: int) -> Callable[[int], int]:
    """Position in a sentence starting at ``offset`` → page, from page start offsets."""

    def page_at(position: int) -> int:
        absolute = offset + position
        return next((page for start, page in reversed(starts) if start <= absolute), 0)

    return page_at


def narrative_facts(
    pages: list[PageText], patterns: tuple[Pattern, ...] | None = None
) -> list[NarrativeFact]:
    """Every stated fact of a document, in reading order.

    Pages are joined (a sentence may run across a page break) and the page of a fact is the
    page its amount (or count) is printed on.
    """
    patterns = load_patterns() if patterns is None else patterns
    text, starts = "", []
    for page in pages:
        starts.append((len(text), page.page))
        text += normalise(page.text)
    facts: list[NarrativeFact] = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        sentence = text[position:end]
        if sentence:
            facts += sentence_facts(sentence, _page_finder(starts, position), patterns, facts)
        position = end
    return facts + breakdown_facts(text, _page_finder(starts, 0))


def narrative_facts_frame(document_id: str, pages: list[PageText]) -> pl.DataFrame:
    """The staging frame of a document's narrative facts (one row per stated fact)."""
    rows = [
        {
            "document_id": document_id,
            "fact_index": index,
            "fact": f.fact,
            "page": f.page,
            "subject_text": f.subject_text,
            "amount_printed": f.amount_printed,
            "amount_10k_yuan": f.amount_10k_yuan,
            "change_printed": f.change_printed,
            "change_10k_yuan": f.change_10k_yuan,
            "change_direction": f.change_direction,
            "rate_printed": f.rate_printed,
            "rate_percent": f.rate_percent,
            "count_value": f.count_value,
            "parts_sum_10k_yuan": f.parts_sum_10k_yuan,
            "parts_count": f.parts_count,
            "sentence": f.sentence[:500],
        }
        for index, f in enumerate(narrative_facts(pages))
    ]
    return pl.DataFrame(rows, schema=FACT_SCHEMA)
