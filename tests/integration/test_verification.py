"""Every published amount says whether the reconciliation confirms it.

The promises (issue: trust): on the samples nearly every printed amount is confirmed by an
identity that holds; every failing identity contradicts at least one of the amounts it reads,
so no printed inconsistency leaves all its figures looking confirmed; and a wrong digit
planted in a generated PDF is never confirmed.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from tests.layouts.corpus import load_documents
from tests.layouts.factors import Layout
from tests.layouts.render import render_document
from tests.shared import CORPUS, require

pytestmark = pytest.mark.slow

# The fact tables of printed amounts, one row per printed amount cell: the rpt_ models that
# rebuild the printed tables are made of them.
AMOUNT_FACTS = ("fct_expenditure", "fct_basic_expenditure", "fct_income")


def _shares(con, table: str) -> dict[str, int]:
    return dict(con.execute(f"select verification, count(*) from {table} group by all").fetchall())


def test_nearly_every_printed_amount_of_the_samples_is_confirmed(warehouse_con):
    counts: dict[str, int] = {}
    for table in AMOUNT_FACTS:
        for status, n in _shares(warehouse_con, table).items():
            counts[status] = counts.get(status, 0) + n
    total = sum(counts.values())
    assert counts.get("confirmed", 0) / total >= 0.95, counts


def test_every_report_row_carries_a_verification(warehouse_con):
    tables = [
        name for (name,) in warehouse_con.execute(
            """
            select table_name from information_schema.columns
            where column_name = 'verification' and table_schema = 'main'
                and (table_name like 'rpt_%' or table_name like 'fct_%')
            """
        ).fetchall()
    ]
    assert {"rpt_expenditure_by_function", "rpt_basic_expenditure_by_economic",
            "rpt_income_by_source", "rpt_key_totals", "rpt_projects", *AMOUNT_FACTS} <= set(tables)
    for table in tables:
        assert set(_shares(warehouse_con, table)) <= {
            "confirmed", "contradicted", "unreadable", "doubtful", "unchecked"
        }, table


def test_every_failing_identity_contradicts_an_amount_it_reads(warehouse_con):
    """A printed inconsistency (the golden list is checked in test_reconciliation_golden)
    always leaves at least one of its figures contradicted: never all of them confirmed."""
    unblamed = warehouse_con.execute(
        """
        select checks.document_id, checks.check_id, checks.location
        from int_reconciliation__checks as checks
        where checks.status = 'fail' and len(checks.participant_keys) > 0
            and not exists (
                select 1
                from int_reconciliation__verification as v
                where list_contains(checks.participant_keys, v.fact_key)
                    and v.verification = 'contradicted'
            )
        """
    ).fetchall()
    assert not unblamed, unblamed


def _plant_wrong_digit(tables: list[dict]) -> tuple[str, str, str]:
    """Change one digit of the first 项 (7-digit code) row's total in the 一般公共预算支出表:
    (title, printed, planted)."""
    for table in tables:
        if "一般公共预算支出" not in table["title"] or "基本" in table["title"]:
            continue
        for row in table["body_rows"]:
            code = (row[0] or "").strip()
            if len(code) == 7 and code.isdigit():
                for i, cell in enumerate(row[1:], start=1):
                    if cell and cell.replace(".", "").replace(",", "").isdigit():
                        digit = next(c for c in reversed(cell) if c.isdigit() and c != "0")
                        k = cell.rindex(digit)
                        planted = cell[:k] + str((int(digit) + 3) % 10) + cell[k + 1 :]
                        row[i] = planted
                        return table["title"], cell, planted
    raise AssertionError("no 项 row with an amount to plant a digit in")


def test_a_planted_wrong_digit_is_never_confirmed(tmp_path):
    import duckdb

    from pipelines.refresh import extract_changed
    from pipelines.warehouse import build_path_for, build_warehouse, publish

    require(CORPUS / "manifest.csv")
    source = load_documents()["haidong-shebao-2024"]
    tables = json.loads(json.dumps(source.tables))  # a deep copy to plant in
    title, printed, planted = _plant_wrong_digit(tables)
    raw = tmp_path / "raw"
    raw.mkdir()
    render_document(tables, source.department_name, source.budget_year,
                    Layout(), raw / "planted.pdf")
    staging = tmp_path / "staging"
    warehouse = tmp_path / "warehouse.duckdb"
    summary = extract_changed(raw, staging)
    assert not summary.failed
    build = build_path_for(warehouse)
    build_warehouse(staging, build)
    publish(build, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        amount = Decimal(planted.replace(",", ""))
        facts = con.execute(
            """
            select verification, count(*) from fct_expenditure
            where amount_10k_yuan = ? and table_type = 'general_public_expenditure'
            group by all
            """,
            [amount],
        ).fetchall()
        assert facts, f"the planted {planted} (printed {printed} in {title}) was not read"
        assert dict(facts).keys() == {"contradicted"}, facts
        failing = con.execute(
            "select count(*) from fct_reconciliation where status = 'fail'"
        ).fetchall()[0][0]
        assert failing >= 1
    finally:
        con.close()
    shutil.rmtree(tmp_path / "staging", ignore_errors=True)
