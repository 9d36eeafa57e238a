"""What a printed row or column means, read once from the vocabulary.

A column's header path (``基本支出/人员经费``) in a table of a given type is a measure
(``column_measures``); a row label or a header segment may name a fund source
(``fund_source_aliases``), a 三公 item or period (``three_public_items``); a row label may be a
total (``text_patterns``: ``total_row``). Every later step — facts, checks, reports — uses
the typed result, so a new province's wording is rows in those files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipelines import vocabulary
from pipelines.clean.labels import compact, split_part_marker, strip_numbering


@dataclass(frozen=True)
class _MeasureRule:
    table_type: re.Pattern[str]
    side: str | None
    path: re.Pattern[str]
    measure: str
    priority: int


@cache
def _measure_rules() -> tuple[_MeasureRule, ...]:
    rules = [
        _MeasureRule(
            re.compile(row["table_type_pattern"]),
            row["side"] or None,
            re.compile(row["path_pattern"]),
            row["measure"],
            int(row["priority"]),
        )
        for row in vocabulary.table("column_measures")
    ]
    return tuple(sorted(rules, key=lambda r: r.priority))


def column_measure(table_type: str, side: str | None, path: str) -> str | None:
    """The measure a column's header path means in a table of this type (or ``None``)."""
    for rule in _measure_rules():
        if (
            rule.table_type.search(table_type)
            and (rule.side is None or rule.side == side)
            and rule.path.search(path or "")
        ):
            return rule.measure
    return None


def named_measure(table_type: str, path: str) -> str | None:
    """The measure a header names by its own words.

    A rule that matches any header (the catch-all of a table type) does not count.
    """
    for rule in _measure_rules():
        if rule.path.pattern != "." and rule.table_type.search(table_type) and rule.path.search(
            path or ""
        ):
            return rule.measure
    return None


def total_row_measure(table_type: str, name: str | None) -> str | None:
    """The measure a total row's label names, if it names one (``measure_total_row``).

    A two-sided 基本支出决算表 prints no overall 合计, but a 人员经费合计 under its left half
    and a 公用经费合计 under its right: under a total column, such a row is the total of the
    measure it names (read like a column header of that table type).
    """
    match = vocabulary.search("measure_total_row", compact(name)) if name else None
    return named_measure(table_type, match.group("measure")) if match else None


AMOUNT_KINDS = {"budget": "budgeted", "final_accounts": "actual"}


def document_amount_kind(document_kind: str | None) -> str:
    """The kind of the figures a document reports: a budget's are budgeted, a 决算's actual."""
    return AMOUNT_KINDS.get(document_kind or "budget", "budgeted")


def amount_kind(path: str | None, document_kind: str | None) -> str:
    """``budgeted`` or ``actual``: whose figure a column holds.

    The deepest header segment that says so decides (决算数 → actual; 预算数, 年初预算数,
    调整预算数 → budgeted: a 决算 prints the year's budget beside what was spent); a column
    that names neither holds the kind of its document (a budget's figures are budgeted, a
    决算's actual).
    """
    for segment in reversed((path or "").split("/")):
        kind = vocabulary.classify("amount_kind", segment)
        if kind:
            return kind
    return document_amount_kind(document_kind)


@cache
def _aliases() -> dict[str, str]:
    aliases = vocabulary.table("fund_source_aliases")
    return {row["alias"]: row["fund_source_code"] for row in aliases}


def fund_source(label: str | None) -> str | None:
    """The fund source a row label or header segment names (``一、一般公共预算资金``)."""
    if not label:
        return None
    _, name = split_part_marker(strip_numbering(compact(label)))
    return _aliases().get(name)


def column_fund_source(path: str | None) -> str | None:
    """The fund source a column's deepest header segment names."""
    return fund_source(path.split("/")[-1]) if path else None


def row_kind(name: str | None) -> str | None:
    """``grand_total`` / ``year_total`` / ``total`` / ``subtotal`` for a total row's label."""
    return vocabulary.classify("total_row", compact(name)) if name else None


@cache
def _three_public(kind: str) -> tuple[tuple[str, re.Pattern[str], int], ...]:
    rows = [
        (row["key"], re.compile(row["label_pattern"]), int(row["priority"]))
        for row in vocabulary.table("three_public_items")
        if row["kind"] == kind
    ]
    return tuple(sorted(rows, key=lambda r: r[2]))


def three_public_item_of_label(label: str | None) -> str | None:
    """The 三公 item a label names (公务接待费 → reception), lowest priority first."""
    if not label:
        return None
    return next((key for key, pattern, _ in _three_public("item") if pattern.search(label)), None)


def three_public_item(label: str | None, path: str | None) -> tuple[str | None, bool, int]:
    """The 三公 item of a cell, whether it was read from the header, and how specific it is.

    A row label that names an item wins (templates that print the items as rows). Otherwise
    the header path names it: a segment naming a specific item before a total segment (合计
    under an item is that item's fund or period total, not the 三公 total), then the deepest
    segment (购置费 under 公务用车购置及运行费), then priority. The priority (lower is more
    specific) lets a table that prints both “三公”经费小计 and a 合计 tell them apart.
    """
    if label:
        for key, pattern, priority in _three_public("item"):
            if pattern.search(label):
                return key, False, priority
    segments = (path or "").split("/")
    found = [
        (key == "total", -depth, priority, key)
        for depth, segment in enumerate(segments)
        for key, pattern, priority in _three_public("item")
        if pattern.search(segment)
    ]
    if not found:
        return None, False, 0
    best = min(found)
    return best[3], True, best[2]


def three_public_slot(path: str | None, item_from_header: bool) -> str:
    """The column a 三公 cell sits in, item aside: its period or fund.

    ``2024年预算数``, ``上年结转``. Where items are columns, the header segments naming an item
    or a total
    (小计 / 合计) are left out, so the cells of one period line up across items.
    """
    if not item_from_header:
        return path or ""
    kept = [
        segment
        for segment in (path or "").split("/")
        if not three_public_item_of_label(segment) and not row_kind(segment)
    ]
    return "/".join(kept)


def three_public_period(path: str | None, budget_year: int | None) -> str:
    """The period of a 三公 column: budget_year, prior_year, change, current_year, carryover.

    A column headed with the year before the budget year is the prior year; a 决算's 决算数
    column is ``actual``.
    """
    found = [
        (priority, depth, key, segment)
        for depth, segment in enumerate((path or "").split("/"))
        for key, pattern, priority in _three_public("period")
        if pattern.search(segment)
    ]
    if not found:
        return "budget_year"
    _, _, key, segment = min(found)
    year = vocabulary.search("year_mention", segment)
    if key == "budget_year" and year and budget_year and int(year["year"]) == budget_year - 1:
        return "prior_year"
    return key
