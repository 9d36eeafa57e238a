"""Performance indicators and project facts read from the corpus tables vs the golden facts.

Input is the cell ground truth (``../shared/corpus/*.tables.json``), so this measures the
绩效目标 form reader (:mod:`pipelines.clean.targets`) alone, not PDF extraction. Tables are
chosen by ``is_target_form`` (header/label words), never by document or position.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.clean.project_links import Named, link_projects
from pipelines.clean.targets import (
    IndicatorRow,
    ProjectFact,
    TargetForm,
    is_target_form,
    name_unnamed_projects,
    parse_target_form,
)
from tests.shared import CORPUS, require

REPO = Path(__file__).parents[2]
GOLDEN = REPO / "tests" / "golden"
MIN_MATCH_RATE = 0.98


@pytest.fixture(autouse=True)
def _corpus() -> None:
    require(CORPUS / "manifest.csv")


_WS = re.compile(r"\s+")


def _squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def _dec(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text.strip() else None


def _golden(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _budget_candidates() -> dict[str, list[tuple[str, Decimal]]]:
    """Budgeted projects (项目支出表) per document, as the pipeline's join would see them.

    Only used to name a project whose 绩效目标 form prints its form title in the
    项目名称 cell; the reader leaves such a name as None.
    """
    out: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for row in _golden("projects.csv"):
        if row["amount_wan"]:
            out[row["doc_id"]].append((row["project_name"], Decimal(row["amount_wan"]) * 10000))
    return out


def _named_by_links(
    forms: list[TargetForm], candidates: list[tuple[str, Decimal]]
) -> list[TargetForm]:
    """Name the projects a document's forms do not name, as the pipeline does: the project
    linker links every form of the document at once, an unnamed one by its amount."""
    facts = [(i, fact) for i, form in enumerate(forms) for fact in form.projects]
    links = link_projects(
        [Named(fact.project_name, fact.amount_yuan) for _i, fact in facts],
        [Named(name, amount) for name, amount in candidates],
        by_amount_alone=True,
    )
    names: dict[int, dict[int, str]] = defaultdict(dict)
    for (i, fact), link in zip(facts, links, strict=True):
        if fact.project_name is None and link.line is not None:
            names[i][fact.project_seq] = candidates[link.line][0]
    return [name_unnamed_projects(form, names[i]) for i, form in enumerate(forms)]


def _read_corpus(
    resolve_names: bool,
) -> tuple[dict[str, list[IndicatorRow]], dict[str, list[ProjectFact]]]:
    candidates = _budget_candidates()
    indicators: dict[str, list[IndicatorRow]] = defaultdict(list)
    projects: dict[str, list[ProjectFact]] = defaultdict(list)
    for path in sorted(CORPUS.glob("*.tables.json")):
        doc_id = path.name.removesuffix(".tables.json")
        forms = [
            parse_target_form(table)
            for table in json.loads(path.read_text(encoding="utf-8"))
            if is_target_form(table["title"], table["header_rows"], table["body_rows"])
        ]
        if resolve_names:
            forms = _named_by_links(forms, candidates.get(doc_id, []))
        for parsed in forms:
            indicators[doc_id].extend(parsed.indicators)
            projects[doc_id].extend(parsed.projects)
    return indicators, projects


def _key(doc_id: str, project: str | None, level3: str | None, period: str) -> tuple:
    return (doc_id, _squash(project), _squash(level3), period)


def _same(golden: dict[str, str], row: IndicatorRow) -> bool:
    return (
        _squash(golden["target_value"]) == _squash(row.target_text)
        and _dec(golden["weight"]) == row.weight
        and (golden["comparator"] or None) == row.comparator
        and _dec(golden["target_number"]) == row.number
        and (golden["target_unit"] or None) == row.unit
    )


def _match_indicators(
    golden_rows: list[dict[str, str]], extracted: dict[str, list[IndicatorRow]]
) -> tuple[int, list[str]]:
    """Count golden rows with an equal extracted row; each extracted row is used once."""
    pool: dict[tuple, list[IndicatorRow]] = defaultdict(list)
    for doc_id, rows in extracted.items():
        for row in rows:
            pool[_key(doc_id, row.project_name, row.level3, row.period)].append(row)
    matched, misses = 0, []
    for golden in golden_rows:
        key = _key(golden["doc_id"], golden["project_name"], golden["level3"], golden["period"])
        candidates = pool.get(key, [])
        hit = next((row for row in candidates if _same(golden, row)), None)
        if hit is None:
            found = candidates[0] if candidates else None
            misses.append(
                f"{key} golden={golden['target_value']!r}/{golden['weight']!r} got={found}"
            )
            continue
        candidates.remove(hit)
        matched += 1
    return matched, misses


def test_performance_indicators_match_golden() -> None:
    golden_rows = [r for r in _golden("performance_indicators.csv") if r["confidence"] == "high"]
    extracted, _ = _read_corpus(resolve_names=True)
    matched, misses = _match_indicators(golden_rows, extracted)
    rate = matched / len(golden_rows)
    print(f"\nperformance indicators (confidence=high): {matched}/{len(golden_rows)} = {rate:.2%}")
    for miss in misses:
        print("  MISS", miss)

    strict, _ = _match_indicators(golden_rows, _read_corpus(resolve_names=False)[0])
    print(f"  without naming form-title projects by amount: {strict / len(golden_rows):.2%}")
    assert rate >= MIN_MATCH_RATE, misses[:20]


def test_all_golden_indicators_including_low_confidence() -> None:
    """Report only: low-confidence rows are the ones the golden file itself doubts."""
    golden_rows = _golden("performance_indicators.csv")
    extracted, _ = _read_corpus(resolve_names=True)
    matched, misses = _match_indicators(golden_rows, extracted)
    print(
        f"\nall golden indicators: {matched}/{len(golden_rows)} = {matched / len(golden_rows):.2%}"
    )
    for miss in misses:
        print("  MISS", miss)
    total = sum(len(rows) for rows in extracted.values())
    assert total == len(golden_rows), (
        f"extracted {total} indicator rows, golden has {len(golden_rows)}"
    )


def _printed_amount_yuan(printed: str) -> Decimal:
    """``4,060 元 (年度资金总额)`` / ``14.56 万元 (预算数(万元))`` → yuan."""
    number, unit = printed.split()[:2]
    factor = Decimal(10000) if unit == "万元" else Decimal(1)
    return Decimal(number.replace(",", "")) * factor


def test_project_facts_match_golden() -> None:
    _, projects = _read_corpus(resolve_names=False)
    checked, failures = 0, []
    for golden in _golden("projects.csv"):
        printed_name = golden["name_in_perf_table"]
        if not printed_name:
            continue
        checked += 1
        amount = _printed_amount_yuan(golden["perf_amount_printed"])
        facts = [
            fact
            for fact in projects.get(golden["doc_id"], [])
            if _squash(fact.project_name_printed) == _squash(printed_name)
            and fact.amount_yuan == amount
        ]
        if not facts:
            failures.append(f"{golden['doc_id']} {printed_name} {amount}")
            continue
        fact = facts[0]
        if "绩效目标" in golden["source"]:
            if fact.amount_yuan / 10000 != Decimal(golden["amount_wan"]):
                failures.append(f"{printed_name}: {fact.amount_yuan} vs {golden['amount_wan']}万元")
            if (golden["project_code"] or None) != fact.project_code:
                failures.append(
                    f"{printed_name}: code {fact.project_code} vs {golden['project_code']}"
                )
            if golden["project_category"] and golden["project_category"] != fact.category:
                failures.append(f"{printed_name}: category {fact.category}")
    print(f"\nproject facts: {checked - len(failures)}/{checked} golden projects matched")
    assert not failures, failures


def test_every_target_form_names_one_project_with_an_amount() -> None:
    _, projects = _read_corpus(resolve_names=False)
    for doc_id, facts in projects.items():
        for fact in facts:
            assert fact.amount_yuan is not None, (doc_id, fact.project_name_printed)
            assert fact.project_name_printed, doc_id


def test_fund_sources_add_up_to_the_total() -> None:
    """Where a 项目资金 block lists fund sources, they sum to the printed total of their side."""
    _, projects = _read_corpus(resolve_names=False)
    for facts in projects.values():
        for fact in facts:
            for period, total in (
                ("年度", fact.amount_yuan),
                ("实施期", fact.implementation_amount_yuan),
            ):
                parts = [
                    f.amount_yuan
                    for f in fact.funds
                    if f.period == period and f.amount_yuan is not None
                ]
                if parts and total is not None:
                    assert sum(parts) == total, (fact.project_name_printed, period, parts, total)


def test_indicator_levels_and_descriptions_match_golden() -> None:
    """Beyond the key: 一级/二级指标 (carried through merged cells) and the description column."""
    golden_rows = [r for r in _golden("performance_indicators.csv") if r["confidence"] == "high"]
    extracted, _ = _read_corpus(resolve_names=True)
    pool: dict[tuple, list[IndicatorRow]] = defaultdict(list)
    for doc_id, rows in extracted.items():
        for row in rows:
            pool[_key(doc_id, row.project_name, row.level3, row.period)].append(row)
    agree = 0
    for golden in golden_rows:
        candidates = pool[
            _key(golden["doc_id"], golden["project_name"], golden["level3"], golden["period"])
        ]
        hit = next((row for row in candidates if _same(golden, row)), None)
        if hit is None:
            continue
        candidates.remove(hit)
        agree += (
            _squash(golden["level1"]) == _squash(hit.level1)
            and _squash(golden["level2"]) == _squash(hit.level2)
            and (golden["indicator_description"] or None) == hit.indicator_description
        )
    print(f"\nlevels and descriptions agree: {agree}/{len(golden_rows)}")
    assert agree / len(golden_rows) >= MIN_MATCH_RATE
