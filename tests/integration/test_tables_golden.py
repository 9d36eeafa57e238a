"""The warehouse's projects, 三公, performance indicators and profile vs the golden facts.

Reads the report models and facts of the session warehouse (built by the real refresh from
data/raw) and compares them row by row with tests/golden/.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from tests.warehouse_rows import rows

GOLDEN = Path(__file__).parents[2] / "tests" / "golden"
MIN_INDICATOR_MATCH_RATE = 0.98
_WS = re.compile(r"\s+")


def _golden(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _dec(text: str | None) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text and text.strip() else None


def _squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def _rows(con, sql: str) -> list[dict]:
    return rows(con, sql)


def _same_amount(a: Decimal | None, b: Decimal | None) -> bool:
    return a == b if a is None or b is None else Decimal(a) == Decimal(b)


def test_three_public_matches_golden(warehouse_con) -> None:
    rows = {
        (r["document_id"], r["item"]): r
        for r in _rows(
            warehouse_con,
            "select r.*, f.source, f.prior_source from rpt_three_public r "
            "join fct_three_public f using (document_id, item)",
        )
    }
    failures = []
    golden_rows = _golden("three_public.csv")
    for golden in golden_rows:
        got = rows.get((golden["doc_id"], golden["item"]))
        if got is None:
            failures.append(f"{golden['doc_id']} {golden['item']}: missing")
            continue
        checks = {
            "budget": (_dec(golden["budget_year_amount"]), got["budget_year_10k_yuan"]),
            "prior": (_dec(golden["prior_year_amount"]), got["prior_year_10k_yuan"]),
        }
        for what, (want, have) in checks.items():
            if not _same_amount(want, have):
                failures.append(f"{golden['doc_id']} {golden['item']} {what}: {have} != {want}")
        if (golden["source"] or None) != got["source"]:
            failures.append(f"{golden['doc_id']} {golden['item']} source: {got['source']}")
        if (golden["prior_source"] or None) != got["prior_source"]:
            failures.append(
                f"{golden['doc_id']} {golden['item']} prior_source: {got['prior_source']}"
            )
    assert not failures, failures
    assert len(rows) == len(golden_rows)


def test_projects_match_golden(warehouse_con) -> None:
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for row in _rows(warehouse_con, "select * from rpt_projects"):
        pool[(row["document_id"], _squash(row["project_name"]))].append(row)
    golden_rows = _golden("projects.csv")
    failures = []
    for golden in golden_rows:
        candidates = pool.get((golden["doc_id"], _squash(golden["project_name"])), [])
        want = _dec(golden["amount_wan"])
        hit = next(
            (
                row
                for row in candidates
                if _same_amount(want, row["amount_10k_yuan"])
                and _squash(row["parent_project"]) == _squash(golden["parent_project"])
            ),
            None,
        )
        if hit is None:
            failures.append(f"{golden['doc_id']} {golden['project_name']} {want}: {candidates}")
            continue
        candidates.remove(hit)
    leftover = [row for rows in pool.values() for row in rows]
    assert not failures, failures
    assert not leftover, f"projects not in golden: {leftover}"


def test_project_links_record_how_they_were_made(warehouse_con) -> None:
    """Every golden project printed in a 绩效目标表 under a name is linked to that table."""
    links = {
        (r["document_id"], _squash(r["project_name"])): r
        for r in _rows(
            warehouse_con,
            "select * from dim_project where project_source = 'project_table' "
            "and match_method is not null",
        )
    }
    failures = []
    for golden in _golden("projects.csv"):
        if golden["source"] == "项目支出表" and golden["name_in_perf_table"]:
            got = links.get((golden["doc_id"], _squash(golden["project_name"])))
            if got is None or _squash(got["performance_project_name"]) != _squash(
                golden["name_in_perf_table"]
            ):
                failures.append((golden["doc_id"], golden["project_name"], got))
            elif got["match_method"] not in {
                "exact",
                "normalized",
                "contained",
                "similar",
                "amount",
                "names_only",
            }:
                failures.append((golden["project_name"], got["match_method"]))
    assert not failures, failures


def test_project_money_adds_up_to_the_project_amount(warehouse_con) -> None:
    """fct_project_expenditure by fund source sums to each project's 合计 (dim_project)."""
    mismatches = _rows(
        warehouse_con,
        """
        select dim_project.project_key, dim_project.amount_10k_yuan, sum(f.amount_10k_yuan) s
        from dim_project
        join fct_project_expenditure f using (project_key)
        group by all
        having abs(dim_project.amount_10k_yuan - sum(f.amount_10k_yuan)) > 0.000001
        """,
    )
    assert not mismatches, mismatches
    orphans = _rows(
        warehouse_con,
        "select * from fct_performance_indicator where project_key not in "
        "(select project_key from dim_project)",
    )
    assert not orphans


def _indicator_key(doc_id: str, project: str | None, level3: str | None, period: str) -> tuple:
    return (doc_id, _squash(project), _squash(level3), period)


def _indicator_same(golden: dict[str, str], row: dict) -> bool:
    return (
        _squash(golden["target_value"]) == _squash(row["target_text"])
        and _same_amount(_dec(golden["weight"]), row["weight"])
        and (golden["comparator"] or None) == row["comparator"]
        and _same_amount(_dec(golden["target_number"]), row["target_number"])
        and (golden["target_unit"] or None) == row["target_unit"]
    )


def test_performance_indicators_match_golden(warehouse_con) -> None:
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for row in _rows(warehouse_con, "select * from rpt_performance_indicators"):
        key = _indicator_key(row["document_id"], row["project_name"], row["level3"], row["period"])
        pool[key].append(row)
    golden_rows = [r for r in _golden("performance_indicators.csv") if r["confidence"] == "high"]
    matched, misses = 0, []
    for golden in golden_rows:
        key = _indicator_key(
            golden["doc_id"], golden["project_name"], golden["level3"], golden["period"]
        )
        candidates = pool.get(key, [])
        hit = next((row for row in candidates if _indicator_same(golden, row)), None)
        if hit is None:
            misses.append((key, golden["target_value"], candidates[:1]))
            continue
        candidates.remove(hit)
        matched += 1
    rate = matched / len(golden_rows)
    assert rate >= MIN_INDICATOR_MATCH_RATE, (rate, misses[:20])


def test_headcounts_match_golden(warehouse_con) -> None:
    rows = {
        r["document_id"]: r for r in _rows(warehouse_con, "select * from fct_department_profile")
    }
    failures = []
    for golden in _golden("documents.csv"):
        got = rows[golden["doc_id"]]
        for column in ("headcount_total", "headcount_active", "headcount_retired"):
            want = int(golden[column]) if golden[column] else None
            if want != got[column]:
                failures.append((golden["doc_id"], column, got[column], want))
        if got["headcount_total"] is not None:
            assert str(got["headcount_total"]) in got["headcount_total_sentence"]
    assert not failures, failures


def test_project_current_year_and_carryover_match_golden(warehouse_con) -> None:
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for row in _rows(
        warehouse_con,
        """
        select p.document_id, p.project_name, p.amount_10k_yuan,
            sum(f.current_year_10k_yuan) as current_year, sum(f.carryover_10k_yuan) as carryover
        from dim_project p
        join fct_project_expenditure f using (project_key)
        group by all
        """,
    ):
        pool[(row["document_id"], _squash(row["project_name"]))].append(row)
    failures = []
    golden_rows = [
        r
        for r in _golden("projects.csv")
        if "项目支出" in r["source"] and "绩效" not in r["source"]
    ]
    assert golden_rows
    for golden in golden_rows:
        candidates = pool.get((golden["doc_id"], _squash(golden["project_name"])), [])
        hit = next(
            (
                row
                for row in candidates
                if _same_amount(_dec(golden["fund_current_year_wan"]), row["current_year"])
                and _same_amount(_dec(golden["fund_carryover_wan"]), row["carryover"])
            ),
            None,
        )
        if hit is None:
            failures.append((golden["doc_id"], golden["project_name"], candidates))
        else:
            candidates.remove(hit)
    assert not failures, failures
