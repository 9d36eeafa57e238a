"""The warehouse built from the bundled corpus against the hand-checked golden facts."""

from __future__ import annotations

import pytest

from tests.warehouse_rows import dec, golden, rows

pytestmark = pytest.mark.slow


def test_expenditure_by_function_matches_golden(warehouse_con):
    got = rows(warehouse_con, "select * from rpt_expenditure_by_function")
    index = {(r["document_id"], r["subject_code"]): r for r in got}
    mismatches = []
    for g in golden("expenditure_by_function.csv"):
        r = index.get((g["doc_id"], g["subject_code"]))
        if r is None:
            mismatches.append(("missing", g["doc_id"], g["subject_code"], g["subject_name"]))
            continue
        for col, gcol in (("total_10k_yuan", "total"), ("basic_10k_yuan", "basic"),
                          ("project_10k_yuan", "project")):
            if dec(r[col]) != dec(g[gcol]):
                mismatches.append((g["doc_id"], g["subject_code"], col, r[col], g[gcol]))
        if g["subject_code"] != "TOTAL":
            assert r["subject_level"] == g["level"], (g, r)
    assert not mismatches, mismatches
    per_doc = {}
    for g in golden("expenditure_by_function.csv"):
        per_doc[g["doc_id"]] = per_doc.get(g["doc_id"], 0) + 1
    for doc, n in per_doc.items():
        assert sum(1 for r in got if r["document_id"] == doc) == n, doc


def test_basic_expenditure_by_economic_matches_golden(warehouse_con):
    got = rows(warehouse_con, "select * from rpt_basic_expenditure_by_economic")
    by_code = {(r["document_id"], r["econ_code"]): r for r in got}
    by_name: dict = {}
    for r in got:
        by_name.setdefault((r["document_id"], r["econ_name"]), []).append(r)
    mismatches = []
    for g in golden("basic_expenditure_by_economic.csv"):
        if g["econ_code"]:
            r = by_code.get((g["doc_id"], g["econ_code"]))
        else:
            candidates = by_name.get((g["doc_id"], g["econ_name"]), [])
            r = next((c for c in candidates if dec(c["total_10k_yuan"]) == dec(g["total"])),
                     candidates[0] if candidates else None)
        if r is None:
            mismatches.append(("missing", g["doc_id"], g["econ_code"], g["econ_name"]))
            continue
        assert r["econ_code"], ("econ_code must be filled in", r)
        for col, gcol in (("total_10k_yuan", "total"), ("personnel_10k_yuan", "personnel"),
                          ("public_10k_yuan", "public")):
            if dec(r[col]) != dec(g[gcol]):
                mismatches.append((g["doc_id"], g["econ_code"] or g["econ_name"], col, r[col],
                                   g[gcol]))
    assert not mismatches, mismatches


def test_income_by_source_printed_amounts_match_golden(warehouse_con):
    got = {(r["document_id"], r["source_name"]): r["amount_10k_yuan"]
           for r in rows(warehouse_con, "select * from rpt_income_by_source")}
    mismatches = []
    for g in golden("income_by_source.csv"):
        if g["amount"] == "":
            continue
        key = (g["doc_id"], g["source"])
        if key not in got or got[key] is None or dec(got[key]) != dec(g["amount"]):
            mismatches.append((key, got.get(key), g["amount"]))
    assert not mismatches, mismatches


def test_money_is_decimal_never_float(warehouse_con):
    floats = rows(warehouse_con, """
        select table_name, column_name, data_type from information_schema.columns
        where (column_name like '%yuan%') and data_type in ('FLOAT', 'DOUBLE', 'REAL')
    """)
    assert not floats


def test_every_fact_row_keeps_document_page_and_table(warehouse_con):
    for table in ("fct_expenditure", "fct_income", "fct_basic_expenditure"):
        n = warehouse_con.execute(
            f"select count(*) from {table} where document_id is null or page is null "
            "or table_id is null").fetchone()[0]
        assert n == 0, table
        assert warehouse_con.execute(f"select count(*) from {table}").fetchone()[0] > 0, table


def test_department_and_year_read_from_documents(warehouse_con):
    got = {r["document_id"]: r for r in rows(warehouse_con, "select * from dim_document")}
    for g in golden("documents.csv"):
        assert got[g["doc_id"]]["department_name"] == g["department_name"]
        assert got[g["doc_id"]]["budget_year"] == int(g["budget_year"])
