"""One project linker: every link between a 项目支出表 row and a project named elsewhere.

A document names its projects in three places: the 项目支出表 (its budget, one row per
project), the 绩效目标表 forms (one form per project) and the 情况说明's enumerated lists
("1、2023年城乡居民基本养老保险代办员补助26.21万元；2、…"). The names rarely agree word for
word ("2024年企业建国前老工人生活补助" / "2024年企业新中国成立前老工人生活补助"; "2023年补充养老
保险特殊困难人员代缴经费" / "2024年财政对2023年符合城乡居民补充养老保险特殊困难人员的代缴费"),
and some forms print their own title where the project's name belongs. This module decides
every link between a *source* (a form's project, a listed item) and a 项目支出表 row once,
as pure functions of the names and amounts; :mod:`pipelines.clean.project_links_frame`
writes the answer as the staging entity ``project_links``, which every later step reads
(dim_project and the performance facts for forms, the project and narrative reconciliations),
and a form that prints no usable name takes the name of the row it is linked to. No dbt
model matches projects on its own.

The cascade (:func:`link_projects`), in order of confidence; every step pairs only what the
steps before left unlinked, one-to-one, and keeps a pair only when each side is the other's
single best candidate — a tie links nothing:

1. ``exact`` — the same name once whitespace (line wraps) is removed;
2. ``normalized`` — the same name once spaces, punctuation and brackets are removed and
   full-width characters folded (``（上解）`` = ``(上解)``).
   In these two steps amounts only break ties: a pair whose amounts agree is preferred to
   one whose amounts are unknown, and that to one whose amounts differ — so two rows of one
   name are told apart by their money, and one listed amount for two rows of one name (8689 +
   14087 stated as 22776) links neither;
3. ``contained`` — one name inside the other, years set aside, *and the amounts agree*;
4. ``similar`` — names at least :data:`CONFIRMED_THRESHOLD` similar *and the amounts agree*;
   the most similar first;
5. ``amount`` — the amounts agree and nothing else does: the only row of that amount
   (within the unlinked rows) for the only source of that amount. Names play no part, so a
   form that prints no usable name is named here. Only where an amount is evidence enough:
   for 绩效目标表 forms (the form's 项目资金 is the project's budget, printed to the yuan),
   not for listed items, whose amounts are rounded (“3万元”) and whose lists also hold
   things that are not projects;
6. ``names_only`` — the names alone, at least :data:`SIMILARITY_THRESHOLD` similar, the
   amounts differing or unknown: each side's best over *all* names of the other side, so a
   source whose closest row was linked in an earlier step stays unlinked rather than falling
   to its second best.

Steps 1–5 are repeated until they link nothing more, so a source whose best row was taken
by a better pair can still link to its next best *with agreeing evidence*; step 6 runs once.
Steps 3–6 also need the years to be compatible: a year the source names must be printed in
the row's name when that name prints any (the 2023 item is not the 2024 row of the same
wording). A source left unlinked gets the reason: ``no_candidate`` (no row with compatible
years, or an unnamed source whose amount no free row has), ``below_threshold``,
``ambiguous`` (several rows equally close; for an unnamed source, several rows or several
sources of its amount) or ``not_mutual``.

Names are compared by the longest common subsequence of their characters once years,
spaces and punctuation are set aside (:func:`name_similarity`): it rewards the words two
wordings share in order, which is how one abbreviates the other. Amounts agree
(:func:`amounts_agree`) within 50 yuan — the 项目支出表 prints 万元 to two decimals, so its
figures are rounded to the nearest 100 yuan — or, for an amount stated with fewer decimals
(5.8万元), when the row's amount rounded half-up to them is the stated amount.

Why these thresholds (kept from the three matchers this module replaces, and checked on the
bundled corpus, whose links they reproduce): two wordings of one project score 0.6–1.0 by
LCS, but two projects of one template can score as high ("…出口补贴" / "…省级出口补贴":
0.93), so a pair on names alone needs 0.6 *and* mutual best over all names; with agreeing
amounts as a second, independent piece of evidence 0.4 suffices (the corpus's weakest true
pair, "2023年建档立卡基本养老保险代缴经费" / "2024年补缴2023年第二批建档立卡贫困户财政代缴保费",
scores 0.44). The 50 yuan tolerance is the rounding of 万元 to two decimals. An amount only
ever confirms a pairing: a link whose amounts differ (which the reconciliation reports) was
made by the names alone (steps 1, 2 and 6).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from pipelines import vocabulary

# The smallest similarity a name needs to be linked on names alone (step 6).
SIMILARITY_THRESHOLD = 0.6
# The smaller similarity that suffices when the amounts agree as well (step 4).
CONFIRMED_THRESHOLD = 0.4
# Amounts this close are the same figure: the 项目支出表 rounds to 0.01 万元 (100 yuan).
TOLERANCE_YUAN = Decimal("50")

LINK_METHODS = ("exact", "normalized", "contained", "similar", "amount", "names_only")
UNLINKED_REASONS = ("no_candidate", "below_threshold", "ambiguous", "not_mutual")

_NOT_NAME = re.compile(r"[\W_]+")  # whitespace, punctuation, brackets, symbols
_SPACE = re.compile(r"\s+")
_TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True)
class Named:
    """A project as one side names it: its name (None when not printed) and amount in yuan.

    ``amount_decimals`` is how many decimals of 万元 the amount was stated with (5.8万元 → 1),
    for an amount rounded in the text; ``None`` for an amount printed in full.
    """

    name: str | None
    amount_yuan: Decimal | None
    amount_decimals: int | None = None


@dataclass(frozen=True)
class Link:
    """The outcome for one source: the index of its 项目支出表 row (or None) and how."""

    line: int | None
    match_method: str
    similarity: float | None
    amounts_agree: bool | None


# --- comparing two names and two amounts --------------------------------------------------


def _year() -> re.Pattern[str]:
    """A year a project name prints (2024年, 2023年度): wording, so the vocabulary's."""
    return vocabulary.regex("project_name_year")


def name_key(name: str) -> str:
    """A name without whitespace, punctuation and brackets, full-width folded (NFKC)."""
    return _NOT_NAME.sub("", unicodedata.normalize("NFKC", name)).lower()


def name_years(name: str) -> frozenset[str]:
    """The years a name prints (2024年, 2023年度, 2024 年 wrapped over a line)."""
    return frozenset(_year().findall(name_key(name)))


@lru_cache(maxsize=8192)
def _compared(name: str) -> tuple[str, frozenset[str]]:
    """What two names are compared on: the key without its years, and the years."""
    return _year().sub("", name_key(name)), name_years(name)


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


def name_similarity(source: str, line: str) -> float:
    """Similarity of two project names in [0, 1]: 2·LCS / (len + len), years set aside.

    The longest common subsequence rewards the words the two names share *in order*, which
    is how one wording abbreviates another ("补充养老保险特殊困难人员代缴经费" in "符合城乡
    居民补充养老保险特殊困难人员的代缴费"); a shared word in another position counts less.
    """
    a, b = _compared(source)[0], _compared(line)[0]
    if not a or not b:
        return 0.0
    return 2 * _lcs_length(a, b) / (len(a) + len(b))


def years_compatible(source: str, line: str) -> bool:
    """A year the source names must be printed in the row's name, if that prints any."""
    line_years = _compared(line)[1]
    return not line_years or _compared(source)[1] <= line_years


def amounts_agree(
    source_yuan: Decimal, line_yuan: Decimal, source_decimals: int | None = None
) -> bool:
    """Whether two amounts are one figure: within 50 yuan, or the same once rounded.

    ``source_decimals`` (decimals of 万元 the source stated) allows a rounded statement: the
    row's amount rounded half-up to them must be the stated amount ("5.8万元" agrees with a
    printed 5.82; the reconciliation still reports the difference).
    """
    if abs(source_yuan - line_yuan) <= TOLERANCE_YUAN:
        return True
    if source_decimals is None:
        return False
    step = _TEN_THOUSAND.scaleb(-source_decimals)
    return (line_yuan / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step == source_yuan


def _relation(source: str, line: str) -> str | None:
    """How two names relate as words: exact, normalized, contained, or not at all."""
    if _SPACE.sub("", source) == _SPACE.sub("", line):
        return "exact"
    if name_key(source) == name_key(line):
        return "normalized"
    a, b = _compared(source)[0], _compared(line)[0]
    if a and b and (a in b or b in a):
        return "contained"
    return None


# --- the cascade --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pair:
    relation: str | None
    similarity: float | None  # None when the source has no name
    agree: bool | None  # None when either amount is unknown
    years_ok: bool


def _pair(source: Named, line: Named) -> _Pair:
    agree = (
        None
        if source.amount_yuan is None or line.amount_yuan is None
        else amounts_agree(source.amount_yuan, line.amount_yuan, source.amount_decimals)
    )
    if not source.name or not line.name:
        return _Pair(None, None, agree, True)
    return _Pair(
        _relation(source.name, line.name),
        name_similarity(source.name, line.name),
        agree,
        years_compatible(source.name, line.name),
    )


def _agreement_rank(pair: _Pair) -> float:
    # for equal names the amounts only break ties: two rows of one name are two projects, and
    # the one whose amount agrees is this source's; a differing amount never blocks the link
    return {True: 2.0, None: 1.0, False: 0.0}[pair.agree]


def _unique_best(options: Mapping[int, float]) -> tuple[int | None, float | None, bool]:
    """``(index, score, is_tie)`` of the highest score; index None when empty or tied."""
    if not options:
        return None, None, False
    top = max(options.values())
    best = [i for i, v in options.items() if v == top]
    return (best[0] if len(best) == 1 else None), top, len(best) > 1


# One step of the cascade: which pairs it may link, and how it ranks them.
_Step = tuple[str, Callable[[_Pair], bool], Callable[[_Pair], float]]


def _steps(by_amount_alone: bool) -> list[_Step]:
    steps: list[_Step] = [
        ("exact", lambda p: p.relation == "exact", _agreement_rank),
        ("normalized", lambda p: p.relation == "normalized", _agreement_rank),
        (
            "contained",
            lambda p: p.relation == "contained" and p.years_ok and p.agree is True,
            lambda p: p.similarity or 0.0,
        ),
        (
            "similar",
            lambda p: p.years_ok and p.agree is True
            and (p.similarity or 0.0) >= CONFIRMED_THRESHOLD,
            lambda p: p.similarity or 0.0,
        ),
    ]
    if by_amount_alone:
        steps.append(("amount", lambda p: p.years_ok and p.agree is True, lambda _p: 1.0))
    return steps


def link_projects(
    sources: Sequence[Named], lines: Sequence[Named], *, by_amount_alone: bool
) -> list[Link]:
    """Link each source to at most one 项目支出表 row (see the module docstring).

    Args:
        sources: The projects named elsewhere (a document's forms, or its listed items).
        lines: The document's 项目支出表 rows that may be linked.
        by_amount_alone: Whether step 5 (``amount``) runs: True for 绩效目标表 forms.

    Returns:
        One :class:`Link` per source, in order: the row's index in ``lines`` and the step
        that linked it, or None and the reason it stayed unlinked.
    """
    pairs = [[_pair(source, line) for line in lines] for source in sources]
    linked: dict[int, tuple[int, str]] = {}  # source → (row, step)

    # steps 1–5, repeated while they link something: a pair one step could not make because
    # a side's best was still free may be made once a better pair has taken that best
    steps = _steps(by_amount_alone)
    progress = True
    while progress:
        progress = False
        for method, eligible, score in steps:
            taken = {ln for ln, _method in linked.values()}
            options = {
                s: {ln: score(p) for ln, p in enumerate(row) if ln not in taken and eligible(p)}
                for s, row in enumerate(pairs)
                if s not in linked
            }
            for s, ln in _mutual_best(options).items():
                linked[s] = (ln, method)
                progress = True

    # 6. the names alone: each side's best over *all* names of the other (linked or not), so
    # nothing falls to a second best on names alone
    taken = {ln for ln, _method in linked.values()}
    similarities = {
        s: {
            ln: p.similarity
            for ln, p in enumerate(row)
            if p.similarity is not None and p.years_ok
        }
        for s, row in enumerate(pairs)
    }
    for s, ln in _mutual_best(similarities).items():
        if s not in linked and ln not in taken and similarities[s][ln] >= SIMILARITY_THRESHOLD:
            linked[s] = (ln, "names_only")

    taken = {ln for ln, _method in linked.values()}
    result = []
    for s, source in enumerate(sources):
        if s in linked:
            ln, method = linked[s]
            result.append(Link(ln, method, pairs[s][ln].similarity, pairs[s][ln].agree))
        elif not source.name:
            result.append(_unnamed_reason(pairs[s], taken, by_amount_alone))
        else:
            result.append(_named_reason(similarities[s]))
    return result


def _mutual_best(options: Mapping[int, Mapping[int, float]]) -> dict[int, int]:
    """``source → row`` for every pair where each is the other's single best (a tie: none)."""
    by_line: dict[int, dict[int, float]] = {}
    for s, scores in options.items():
        for ln, value in scores.items():
            by_line.setdefault(ln, {})[s] = value
    pairs = {}
    for s, scores in options.items():
        ln = _unique_best(scores)[0]
        if ln is not None and _unique_best(by_line[ln])[0] == s:
            pairs[s] = ln
    return pairs


def _named_reason(similarities: Mapping[int, float]) -> Link:
    """Why a named source stayed unlinked, from its similarity to every row."""
    _ln, score, tie = _unique_best(similarities)
    if score is None:
        return Link(None, "no_candidate", None, None)
    if score < SIMILARITY_THRESHOLD:
        return Link(None, "below_threshold", score, None)
    if tie:
        return Link(None, "ambiguous", score, None)
    return Link(None, "not_mutual", score, None)


def _unnamed_reason(pairs: Sequence[_Pair], taken: set[int], by_amount_alone: bool) -> Link:
    """Why a source without a name stayed unlinked: its amount is no free row's, or several's.

    With only an amount to go by, a free row of that amount is left only when another row,
    or another unnamed source, has the same amount: either way, which one is ambiguous.
    """
    agreeing = any(p.agree for ln, p in enumerate(pairs) if ln not in taken)
    reason = "ambiguous" if by_amount_alone and agreeing else "no_candidate"
    return Link(None, reason, None, None)
