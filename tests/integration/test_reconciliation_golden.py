"""fct_reconciliation on the bundled corpus against the golden list of inconsistencies.

tests/golden/inconsistencies.csv lists the documents' own contradictions, found by reading
them. Every arithmetic and cross-table one must be a failing check (expected and printed
amounts equal to the golden ones, in either order), the major narrative ones must be found,
and every failing check must be one of the golden findings: a failure the golden list does
not know is a false alarm.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation

import pytest

from tests.conftest import GOLDEN
from tests.warehouse_rows import rows

GOLDEN_ROWS = list(csv.DictReader(open(GOLDEN / "inconsistencies.csv", encoding="utf-8")))


def _amount(text: str) -> Decimal | None:
    """A golden figure as a signed amount: '1,093.69', '0', '减少4.20万元' → Decimal."""
    match = re.fullmatch(r"(增加|减少)?([\d,]+(?:\.\d+)?)(万元)?", text.strip())
    if not match:
        return None
    try:
        value = Decimal(match.group(2).replace(",", ""))
    except InvalidOperation:
        return None
    return -value if match.group(1) == "减少" else value


def _rate(text: str) -> str | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)%", text.strip())
    return match.group(1) if match else None


def _matches(golden: dict, row: dict) -> bool:
    """Does a failing fct_reconciliation row report this golden inconsistency?"""
    if row["document_id"] != golden["doc_id"]:
        return False
    expected, printed = _amount(golden["expected"]), _amount(golden["printed"])
    if expected is not None and printed is not None and row["expected"] is not None:
        if {expected, printed} == {row["expected"], row["printed"]}:
            return True
    location = row["location"]
    rate_expected, rate_printed = _rate(golden["expected"]), _rate(golden["printed"])
    if rate_expected and rate_printed:
        computed = re.search(r"computed ([\d.]+)%", location)
        if f"stated {rate_printed}%" in location and computed:
            decimals = len(rate_expected.partition(".")[2])
            rounded = Decimal(computed.group(1)).quantize(Decimal(1).scaleb(-decimals))
            if rounded == Decimal(rate_expected):
                return True
    counts = re.search(r"stated (\d+), .* printed (\d+)", location)
    if counts and {counts.group(1), counts.group(2)} == {golden["printed"], golden["expected"]}:
        return True
    years = re.search(r"printed (\d{4}), document year (\d{4})", location)
    return bool(years) and (years.group(1), years.group(2)) == (
        golden["printed"], golden["expected"]
    )


def _explained_by_text(golden: dict, row: dict) -> bool:
    """A failure whose two amounts the golden finding spells out in its own description."""
    if row["document_id"] != golden["doc_id"] or row["expected"] is None:
        return False
    text = golden["what"] + " " + golden["note"]
    return all(f"{value:.2f}" in text for value in (row["expected"], row["printed"]))


@pytest.fixture(scope="module")
def failing(warehouse_con) -> list[dict]:
    return rows(
        warehouse_con,
        "select document_id, check_id, location, expected_10k_yuan as expected, "
        "printed_10k_yuan as printed, difference_10k_yuan as difference, severity "
        "from fct_reconciliation where status = 'fail'",
    )


def _label(golden: dict) -> str:
    return f"{golden['doc_id']}: {golden['where']} ({golden['expected']} vs {golden['printed']})"


@pytest.mark.parametrize(
    "golden",
    [g for g in GOLDEN_ROWS if g["category"] in ("arithmetic", "cross_table")],
    ids=_label,
)
def test_arithmetic_and_cross_table_inconsistency_is_a_failing_check(golden, failing):
    found = [row for row in failing if _matches(golden, row)]
    assert found, f"not reported: {_label(golden)}"
    # a rounding slip is minor, anything larger major — as the golden list grades it
    assert {row["severity"] for row in found} == {golden["severity"]}


@pytest.mark.parametrize(
    "golden",
    [
        g for g in GOLDEN_ROWS
        if g["category"] == "narrative_vs_table" and g["severity"] == "major"
    ],
    ids=_label,
)
def test_major_narrative_inconsistency_is_found(golden, failing):
    assert any(_matches(golden, row) for row in failing), f"not reported: {_label(golden)}"


@pytest.mark.parametrize(
    "golden",
    [
        g for g in GOLDEN_ROWS
        if g["category"] == "narrative_vs_table"
        and _amount(g["expected"]) is not None and _amount(g["printed"]) is not None
    ],
    ids=_label,
)
def test_narrative_amount_finding_is_graded_as_golden(golden, failing):
    """Where a check reports a narrative finding, it grades it as the golden list does.

    A figure the text rounds to fewer decimals (5.8 for 5.82) is reported, as minor. Minor
    narrative findings no check reads are skipped (the major ones are required above).
    """
    found = [row for row in failing if _matches(golden, row)]
    if not found:
        assert golden["severity"] == "minor", f"not reported: {_label(golden)}"
        return
    assert {row["severity"] for row in found} == {golden["severity"]}


def test_every_failing_check_is_a_golden_inconsistency(failing):
    unexplained = [
        row for row in failing
        if not any(_matches(g, row) or _explained_by_text(g, row) for g in GOLDEN_ROWS)
    ]
    assert not unexplained, "\n".join(
        f"{r['document_id']} {r['check_id']}: {r['location']} "
        f"(expected {r['expected']}, printed {r['printed']})"
        for r in unexplained
    )


def test_every_document_is_checked_and_most_checks_pass(warehouse_con):
    counts = [
        tuple(r.values())
        for r in rows(
            warehouse_con,
            "select document_id, count(*) as n, count(*) filter (where status = 'pass') as ok, "
            "count(distinct check_id) as families from fct_reconciliation group by document_id",
        )
    ]
    documents = {r[0] for r in counts}
    assert documents == {g["doc_id"] for g in GOLDEN_ROWS}
    for document_id, evaluated, passed, families in counts:
        assert families >= 12, document_id
        assert passed / evaluated > 0.9, document_id


def test_contract(warehouse_con):
    columns = warehouse_con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = 'fct_reconciliation' order by ordinal_position"
    ).fetchall()
    assert columns == [
        ("document_id", "VARCHAR"), ("check_id", "VARCHAR"), ("check_name", "VARCHAR"),
        ("location", "VARCHAR"), ("expected_10k_yuan", "DECIMAL(20,6)"),
        ("printed_10k_yuan", "DECIMAL(20,6)"), ("difference_10k_yuan", "DECIMAL(20,6)"),
        ("severity", "VARCHAR"), ("status", "VARCHAR"),
    ]
    bad = warehouse_con.execute(
        "select count(*) from fct_reconciliation where (status = 'pass') <> (severity is null) "
        "or (expected_10k_yuan is not null and difference_10k_yuan "
        "<> printed_10k_yuan - expected_10k_yuan)"
    ).fetchone()[0]
    assert bad == 0
