"""Facts the narrative states: staff numbers, vehicles, 三公 and 机关运行经费 figures.

The 情况说明 part of a disclosure states figures no table prints — how many staff the unit
has (编制, 在职, 退休, 实有人数), how many official cars — and restates the 三公 figures with
their change from last year, sometimes filling a cell the table prints blank. Each fact keeps
the sentence it was read from and its page, so every figure can be checked on the page.

What to look for is data (``pipelines/vocabulary/profile_facts.csv``):

* ``count`` rules: a regex capturing ``value`` (``共有人员448人``);
* ``section`` rules: the sentence that opens a section with an amount in 万元; the section
  runs to the next heading, and each of its amounts is a *mention*: the words printed before
  it (its label, mapped to an item in dbt) and the change stated after it (``比上年减少5.1
  万元`` → −5.1; ``与上年持平`` → 0).

Text is matched with whitespace removed, because PDF line wraps split words and numbers
(``退休人员⏎83 人``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import polars as pl

from pipelines import vocabulary
from pipelines.extract.model import ExtractedDocument

_FOOTER = re.compile(r"^\s*[-－—]\s*\d+\s*[-－—]\s*$")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|第[一二三四五六七八九十]+部分)"
)
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_CHANGE = re.compile(
    rf"(?:比(?:上年|\d{{4}}年)(?:预算数?)?)?(?P<direction>增加|减少|增长|下降|上升)(?P<value>{_NUMBER})万元"
)
_NO_CHANGE = re.compile(r"与(?:上年|\d{4}年)(?:预算数?)?(?:持平|相同|一致)|持平")
_MENTION = re.compile(rf"(?P<label>[^，,。；;：:、\d]{{2,40}}?)(?P<value>{_NUMBER})万元")
_SEGMENT_BREAK = re.compile(r"[；;]|其中[:：]|(?<=。)\d{1,2}[.．、](?=\D)")
_SENTENCE_END = "。；;"
_LABEL_STRIP = "。，,.．、：:；; “”\"'"
_DECREASE = {"减少", "下降"}
_MAX_SENTENCE = 120


@dataclass(frozen=True)
class Rule:
    """One row of profile_facts.csv."""

    fact: str
    kind: str
    pattern: re.Pattern[str]
    unit: str


@dataclass(frozen=True)
class ProfileFact:
    """One figure stated in the text.

    Attributes:
        fact: Rule name (``headcount_total``, ``vehicles``, ``three_public`` …).
        label: For section mentions the words printed before the amount (``公务接待费``);
            for counts the matched words.
        value: The figure as an exact decimal.
        unit: ``人``, ``辆``, ``万元`` …
        change_value: The change from last year stated with it (signed), ``None`` if none.
        sentence: The sentence (or section segment) it was read from, whitespace removed.
        page: Page the figure is printed on.
        position: Order of the fact within the document.
    """

    fact: str
    label: str
    value: Decimal
    unit: str
    change_value: Decimal | None
    sentence: str
    page: int
    position: int


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The rules of the ``profile_facts`` vocabulary in file order."""
    return tuple(
        Rule(row["fact"], row["kind"], re.compile(row["pattern"]), row["unit"])
        for row in vocabulary.table("profile_facts")
    )


@dataclass(frozen=True)
class Text:
    """A document's running text, whitespace removed, with the page of every character."""

    text: str
    page_starts: tuple[int, ...]
    pages: tuple[int, ...]
    heading_offsets: tuple[int, ...]

    def page_at(self, offset: int) -> int:
        """The page the character at ``offset`` is printed on."""
        return self.pages[max(bisect.bisect_right(self.page_starts, offset) - 1, 0)]


def join_pages(pages: list[tuple[int, str]]) -> Text:
    """Join ``(page, text)`` into one compact text; page footers (``- 5 -``) dropped.

    A statement broken across a page ("…公车保有量为 2 辆。⏎- 23 -⏎比上年减少 0.6 万元") reads
    as one, and the start of every heading line is remembered to end sections.
    """
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    headings: list[int] = []
    length = 0
    for page, text in pages:
        starts.append(length)
        numbers.append(page)
        for line in text.splitlines():
            if _FOOTER.match(line):
                continue
            if _HEADING.match(line):
                headings.append(length)
            compacted = re.sub(r"\s+", "", line)
            parts.append(compacted)
            length += len(compacted)
    return Text("".join(parts), tuple(starts), tuple(numbers), tuple(headings))


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _sentence(text: str, start: int, end: int, headings: tuple[int, ...] = ()) -> str:
    """The sentence around ``text[start:end]``: from the last 。/；/heading to the next 。/；.

    Tables have no sentence marks, so a sentence is capped at ``_MAX_SENTENCE`` characters
    either side.
    """
    left = max(text.rfind(mark, 0, start) for mark in _SENTENCE_END) + 1
    left = max([left, start - _MAX_SENTENCE] + [h for h in headings if h <= start])
    rights = [i for mark in _SENTENCE_END if (i := text.find(mark, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left : min(right, end + _MAX_SENTENCE)]


def count_facts(text: Text, rules: tuple[Rule, ...]) -> list[ProfileFact]:
    """Every match of every ``count`` rule."""
    facts = []
    for rule in rules:
        if rule.kind != "count":
            continue
        for match in rule.pattern.finditer(text.text):
            facts.append(
                ProfileFact(
                    fact=rule.fact,
                    label=match.group(0),
                    value=_decimal(match.group("value")),
                    unit=rule.unit,
                    change_value=None,
                    sentence=_sentence(text.text, match.start(), match.end(), text.heading_offsets),
                    page=text.page_at(match.start("value")),
                    position=match.start(),
                )
            )
    return facts


def _change(segment: str) -> tuple[Decimal | None, tuple[int, int] | None]:
    match = _CHANGE.search(segment)
    if match:
        value = _decimal(match.group("value"))
        return (-value if match.group("direction") in _DECREASE else value), match.span()
    match = _NO_CHANGE.search(segment)
    if match:
        return Decimal(0), match.span()
    return None, None


def mentions(segment: str) -> list[tuple[str, Decimal, int]]:
    """``(label, amount, offset)`` of the 万元 amounts of a segment that are not changes."""
    masked = segment
    for match in _CHANGE.finditer(segment):
        masked = (
            masked[: match.start()] + "#" * (match.end() - match.start()) + masked[match.end() :]
        )
    found = []
    for match in _MENTION.finditer(masked):
        label = match.group("label").strip(_LABEL_STRIP)
        if label and "#" not in label:
            found.append((label, _decimal(match.group("value")), match.start("value")))
    return found


def section_facts(text: Text, rules: tuple[Rule, ...]) -> list[ProfileFact]:
    """The money mentions of every section a ``section`` rule opens (see module doc)."""
    facts: list[ProfileFact] = []
    for rule in rules:
        if rule.kind != "section":
            continue
        end_of_last = -1
        for opening in rule.pattern.finditer(text.text):
            if opening.start() < end_of_last:
                continue
            start = max(text.text.rfind(mark, 0, opening.start()) for mark in _SENTENCE_END) + 1
            later = [h for h in text.heading_offsets if h > opening.end()]
            end = later[0] if later else len(text.text)
            end_of_last = end
            section = text.text[start:end]
            if rule.fact == "agency_operating_costs":
                facts.extend(_headline(rule, text, section, start))
                continue
            offset = 0
            for segment in _SEGMENT_BREAK.split(section):
                offset = section.find(segment, offset)
                change, _ = _change(segment)
                for label, value, at in mentions(segment):
                    facts.append(
                        ProfileFact(
                            fact=rule.fact,
                            label=label,
                            value=value,
                            unit=rule.unit,
                            change_value=change,
                            sentence=segment,
                            page=text.page_at(start + offset + at),
                            position=start + offset + at,
                        )
                    )
                offset += len(segment)
    return facts


def _headline(rule: Rule, text: Text, section: str, start: int) -> list[ProfileFact]:
    """The first amount of a section and the first change stated in it."""
    found = mentions(section)
    if not found:
        return []
    label, value, at = found[0]
    change, _ = _change(section)
    return [
        ProfileFact(
            fact=rule.fact,
            label=label,
            value=value,
            unit=rule.unit,
            change_value=change,
            sentence=_sentence(section, at, at + 1),
            page=text.page_at(start + at),
            position=start + at,
        )
    ]


def read_profile_facts(pages: list[tuple[int, str]]) -> list[ProfileFact]:
    """Every fact of profile_facts.csv stated in the text of ``(page, text)`` pairs."""
    text = join_pages(pages)
    rules = load_rules()
    facts = count_facts(text, rules) + section_facts(text, rules)
    return sorted(facts, key=lambda fact: (fact.position, fact.fact))


PROFILE_FACT_SCHEMA = {
    "document_id": pl.String,
    "fact_seq": pl.Int32,
    "fact": pl.String,
    "label": pl.String,
    "value": pl.Decimal(20, 2),
    "unit": pl.String,
    "change_value": pl.Decimal(20, 2),
    "sentence": pl.String,
    "page": pl.Int32,
}


def profile_facts_frame(doc: ExtractedDocument) -> pl.DataFrame:
    """The staging frame ``profile_facts``: one row per fact the text states."""
    facts = read_profile_facts([(page.page, page.text) for page in doc.pages])
    return pl.DataFrame(
        [
            {
                "document_id": doc.document_id,
                "fact_seq": seq,
                "fact": fact.fact,
                "label": fact.label,
                "value": fact.value,
                "unit": fact.unit,
                "change_value": fact.change_value,
                "sentence": fact.sentence,
                "page": fact.page,
            }
            for seq, fact in enumerate(facts)
        ],
        schema=PROFILE_FACT_SCHEMA,
    )
