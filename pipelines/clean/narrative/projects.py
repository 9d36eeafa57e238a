"""Project amounts the 情况说明 states in enumerated lists, and their match to 项目支出表 rows.

Narratives often restate the project budget as a numbered list ("1、2023年城乡居民基本养老保险
代办员补助26.21万元；2、…", "（1）信息化建设项目：预算50万元，主要用于…"). Two pure parts:

* :func:`project_item_statements` reads the lists: a run of markers of one style numbered
  1, 2, 3 … (the ``list_marker`` wording: ``1、`` ``1．`` ``1.`` ``（1）`` ``①``); each item's
  first amount and the words before it are one ``project_item`` statement. Items without an
  amount are kept out (nothing to check), and so are items whose amount the sentence reader
  already typed (a 三公 item, a 功能分类 subject such as “行政运行（项）”): they are not
  projects.
* :func:`match_projects` pairs stated names with the table's project names. The two rarely
  agree word for word ("2023年补充养老保险特殊困难人员代缴经费" against "2024年财政对2023年
  符合城乡居民补充养老保险特殊困难人员的代缴费"), so names are compared by the longest common
  subsequence of their characters once years and punctuation are set aside; a year the
  narrative names must be printed in the table's name (when that name prints years). A pair
  is a match only when each is the other's single best candidate and the similarity reaches
  a threshold: an item that is ambiguous (several equally good rows, e.g. one stated line
  for two rows of the same name) or has no close partner gives no match, so it cannot
  produce a false difference. Where two names of one template are close ("…出口补贴" /
  "…省级出口补贴"), a similar name whose amount agrees is preferred (``same_amount``), so an
  amount only ever confirms a pairing: a failing comparison comes from names alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from pipelines.clean.narrative import wording
from pipelines.clean.narrative.model import FUNCTION, OTHER, PROJECT_ITEM, Statement
from pipelines.clean.narrative.sentences import amount_pattern, change_spans, subject_events
from pipelines.clean.narrative.text import Text

# The smallest similarity a stated name needs with a project name to be a match on names
# alone. Two wordings of one project score 0.6–1.0 in the corpus, but two projects of one
# template can score as high ("…出口补贴" / "…省级出口补贴": 0.93): hence the mutual-best
# rule and the earlier round for pairs whose amounts agree.
SIMILARITY_THRESHOLD = 0.6
# The smaller similarity that suffices when the amounts agree as well (a second, independent
# piece of evidence that the two lines name the same project).
CONFIRMED_THRESHOLD = 0.4

_CLAUSE_BREAK = re.compile(r"[，,：:；;]")
_YEAR = re.compile(r"(\d{4})年度?")
_NOT_NAME = re.compile(r"[\W_]+")  # whitespace, punctuation, brackets, symbols
# The longest item read: a list item is a clause, not a page.
_MAX_ITEM = 300


@dataclass(frozen=True)
class ProjectMatch:
    """How one stated name was matched: the index of its project (or None) and why."""

    project: int | None
    match_method: str
    similarity: float | None


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


def name_key(name: str) -> str:
    """A name without whitespace, punctuation and brackets, full-width folded (NFKC)."""
    return _NOT_NAME.sub("", unicodedata.normalize("NFKC", name)).lower()


def name_years(name: str) -> frozenset[str]:
    """The years a name prints (2024年, 2023年度)."""
    return frozenset(_YEAR.findall(unicodedata.normalize("NFKC", name)))


@lru_cache(maxsize=4096)
def _compared(name: str) -> tuple[str, frozenset[str]]:
    """What two names are compared on: the key without its years, and the years."""
    return _YEAR.sub("", name_key(name)), name_years(name)


def _lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings (characters in order).

    Bit-parallel (Allison & Dix 1986, Hyyrö 2004): bit i of ``row`` stands for a[i], one
    pass of integer arithmetic per character of ``b``; the zero bits count the LCS.
    """
    positions: dict[str, int] = {}
    for i, char in enumerate(a):
        positions[char] = positions.get(char, 0) | (1 << i)
    full = (1 << len(a)) - 1
    row = full
    for char in b:
        common = row & positions.get(char, 0)
        row = ((row + common) | (row - common)) & full
    return len(a) - row.bit_count()


def name_similarity(stated: str, printed: str) -> float:
    """Similarity of two project names in [0, 1]: 2·LCS / (len + len), years set aside.

    The longest common subsequence rewards the words the two names share *in order*, which
    is how one wording abbreviates another ("补充养老保险特殊困难人员代缴经费" in "符合城乡
    居民补充养老保险特殊困难人员的代缴费"); a shared word in another position counts less.
    """
    a, b = _compared(stated)[0], _compared(printed)[0]
    if not a or not b:
        return 0.0
    return 2 * _lcs_length(a, b) / (len(a) + len(b))


def years_compatible(stated: str, printed: str) -> bool:
    """A year the stated name names must be printed in the table's name, if it prints any."""
    printed_years = _compared(printed)[1]
    return not printed_years or _compared(stated)[1] <= printed_years


def _method(stated: str, printed: str) -> str:
    if re.sub(r"\s+", "", stated) == re.sub(r"\s+", "", printed):
        return "exact"
    if name_key(stated) == name_key(printed):
        return "normalized"
    return "similar"


def amounts_agree(stated: Decimal, printed: Decimal) -> bool:
    """The printed amount, rounded half-up to the decimals stated, is the stated amount.

    "5.8万元" agrees with a printed 5.82 (the difference is still reported by the check); it
    only confirms that the two lines speak of the same project.
    """
    exponent = min(int(stated.as_tuple().exponent), 0)
    return printed.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) == stated


def _unique_best(options: dict[int, float]) -> tuple[int | None, float | None, bool]:
    """``(index, score, is_tie)`` of the highest score; index None when empty or tied."""
    if not options:
        return None, None, False
    top = max(options.values())
    best = [i for i, v in options.items() if v == top]
    return (best[0] if len(best) == 1 else None), top, len(best) > 1


def match_projects(
    stated: Sequence[tuple[str, Decimal | None]],
    projects: Sequence[tuple[str, Decimal | None]],
    threshold: float = SIMILARITY_THRESHOLD,
    confirmed_threshold: float = CONFIRMED_THRESHOLD,
) -> list[ProjectMatch]:
    """Match each stated ``(name, amount)`` to at most one project ``(name, amount)``.

    Three rounds, each one-to-one, a pair kept only when each side is the other's single
    best candidate (ties match nothing):

    1. the same name (``exact``, or ``normalized``: equal once spaces, punctuation and
       brackets are removed);
    2. ``same_amount``: names at least ``confirmed_threshold`` similar and the amounts agree
       to the stated precision — two similar names of one template ("…出口补贴" /
       "…省级出口补贴") are told apart by what the document itself prints;
    3. ``similar``: the names alone, at least ``threshold`` similar; here the best
       candidates are taken over *all* names, so a statement whose closest project was
       paired in an earlier round stays unmatched rather than falling to its second best.

    A stated name with no match gets the reason: ``no_candidate`` (no project name with
    compatible years), ``below_threshold``, ``ambiguous`` (several projects equally close)
    or ``not_mutual``. A difference of amounts can only come from rounds 1 and 3, where the
    names alone decide.
    """
    scores: list[dict[int, float]] = [
        {
            p: name_similarity(name, printed)
            for p, (printed, _amount) in enumerate(projects)
            if years_compatible(name, printed)
        }
        for name, _stated_amount in stated
    ]
    matches: dict[int, ProjectMatch] = {}
    taken: set[int] = set()

    def pair_mutual_best(allowed: dict[int, dict[int, float]], method: str | None) -> None:
        by_project: dict[int, dict[int, float]] = {}
        for s, options in allowed.items():
            for p, score in options.items():
                by_project.setdefault(p, {})[s] = score
        for s, options in allowed.items():
            p, score, _tie = _unique_best(options)
            if p is None or score is None or _unique_best(by_project[p])[0] != s:
                continue
            name = method or _method(stated[s][0], projects[p][0])
            matches[s] = ProjectMatch(p, name, score)
            taken.add(p)

    # 1. the same name
    pair_mutual_best(
        {
            s: {p: 1.0 for p in options if name_key(stated[s][0]) == name_key(projects[p][0])}
            for s, options in enumerate(scores)
        },
        None,
    )
    # 2. similar names whose amounts agree
    pair_mutual_best(
        {
            s: {
                p: score for p, score in options.items()
                if p not in taken and score >= confirmed_threshold
                and stated[s][1] is not None and projects[p][1] is not None
                and amounts_agree(stated[s][1], projects[p][1])  # type: ignore[arg-type]
            }
            for s, options in enumerate(scores) if s not in matches
        },
        "same_amount",
    )
    # 3. the names alone, best over all names
    by_project: dict[int, dict[int, float]] = {}
    for s, options in enumerate(scores):
        for p, score in options.items():
            by_project.setdefault(p, {})[s] = score
    result = []
    for s, options in enumerate(scores):
        if s in matches:
            result.append(matches[s])
            continue
        p, score, tie = _unique_best(options)
        if score is None:
            result.append(ProjectMatch(None, "no_candidate", None))
        elif score < threshold:
            result.append(ProjectMatch(None, "below_threshold", score))
        elif tie:
            result.append(ProjectMatch(None, "ambiguous", score))
        elif p in taken or _unique_best(by_project[p])[0] != s:  # type: ignore[index]
            result.append(ProjectMatch(None, "not_mutual", score))
        else:
            result.append(ProjectMatch(p, _method(stated[s][0], projects[p][0]), score))
    return result
