"""Reconciliation checks on a small constructed document: known slips fail, nothing else.

One fake disclosure (tables + narrative) is staged exactly as extraction would stage it and
only the reconciliation models (and what they read) are built with dbt into a temporary
DuckDB file. The document holds a few deliberate inconsistencies; every other printed
identity agrees, so any further failing row would be a false alarm of the checks.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extract.model import ExtractedDocument, ExtractedTable, PageText
from tests.dbt.marts import built_marts

DOC = "fake-department-2024"


def _table(index, title, table_type, header, body, page):
    return ExtractedTable(
        table_index=index,
        title=title,
        table_type=table_type,
        unit="万元",
        page_first=page,
        page_last=page,
        ruling="ruled",
        header_rows=[header],
        body_rows=body,
        row_pages=[page] * len(body),
        column_paths=list(header),
    )


EXPENDITURE_HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
EXPENDITURE_ROWS = [
    ["", "合计", "150.00", "100.00", "50.00"],
    ["208", "社会保障和就业支出", "150.00", "100.00", "50.00"],
    ["20801", "人力资源和社会保障管理事务", "150.00", "100.00", "50.00"],
    ["2080101", "行政运行", "100.00", "100.00", ""],
    ["2080109", "社会保险经办机构", "50.00", "", "50.00"],
]
# The same table with one slip: 2080109 prints 合计 50.01 (its parts add to 50.00).
GENERAL_ROWS = [row.copy() for row in EXPENDITURE_ROWS]
GENERAL_ROWS[4] = ["2080109", "社会保险经办机构", "50.01", "", "50.00"]

BASIC_HEADER = ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]
BASIC_ROWS = [
    ["", "合计", "100.00", "80.00", "20.00"],
    ["301", "工资福利支出", "80.00", "80.00", ""],
    ["30101", "基本工资", "50.00", "50.00", ""],
    ["30102", "津贴补贴", "30.00", "30.00", ""],
    ["302", "商品和服务支出", "20.00", "", "20.00"],
    ["30201", "办公费", "20.00", "", "20.00"],
]

THREE_PUBLIC_HEADER = ["项目", "2024年预算数", "上年预算数"]
THREE_PUBLIC_ROWS = [
    ["合计", "3.00", "5.00"],
    ["因公出国（境）费", "0.00", "0.00"],
    ["公务接待费", "1.00", "2.00"],
    ["公务用车购置及运行费", "2.00", "3.00"],
    ["其中：公务用车购置费", "0.00", "0.00"],
    ["公务用车运行费", "2.00", "3.00"],
]

PROJECT_HEADER = ["项目名称", "合计", "一般公共预算"]
PROJECT_ROWS = [
    ["合计", "50.00", "50.00"],
    ["2024年信息系统运维经费", "29.96", "29.96"],
    ["2024年社保卡发放补助", "15.04", "15.04"],
    ["2023年档案数字化项目", "5.00", "5.00"],
]

NARRATIVE = (
    "第三部分 情况说明\n"
    "一、支出预算情况\n"
    "本部门2024年基本支出100.00万元，比上年增加10.00万元，增长11.11%。"
    "项目支出50.00万元，比上年增加10.00万元，增长25.1%。\n"
    "人员经费80.00万元，比上年增加8.00万元，增长11.1%；"
    "公用经费20.00万元，比上年增加3.00万元，增长17.64%。\n"
    "二、“三公”经费\n"
    "2024年“三公”经费预算3.50万元，比上年增加2.00万元。"
    "其中：公务接待费1.00万元，比上年减少1.00万元；公务用车购置及运行费2.00万元。\n"
    "三、部门项目说明\n"
    "（1）信息系统运维经费：预算29.96万元，主要用于系统维护；"
    "（2）2024年社保卡发放补助资金15.0万元；（3）档案数字化项目4.50万元。\n"
)


def fake_document() -> ExtractedDocument:
    """A disclosure with tables on pages 2–5 and the narrative on page 6."""
    return ExtractedDocument(
        document_id=DOC,
        file_name=f"{DOC}.pdf",
        sha256="0" * 64,
        page_count=6,
        title="某部门2024年部门预算",
        department_name="某部门",
        budget_year=2024,
        tables=[
            _table(0, "2024年支出总表", "expenditure_summary", EXPENDITURE_HEADER,
                   EXPENDITURE_ROWS, 2),
            _table(1, "2023年一般公共预算支出表", "general_public_expenditure",
                   EXPENDITURE_HEADER, GENERAL_ROWS, 3),
            _table(2, "一般公共预算基本支出表", "general_public_basic_expenditure",
                   BASIC_HEADER, BASIC_ROWS, 4),
            _table(3, "一般公共预算“三公”经费支出表", "three_public", THREE_PUBLIC_HEADER,
                   THREE_PUBLIC_ROWS, 5),
            _table(4, "2024年项目支出表", "project_expenditure", PROJECT_HEADER,
                   PROJECT_ROWS, 5),
        ],
        pages=[PageText(1, "某部门2024年部门预算"), PageText(6, NARRATIVE)],
    )


@pytest.fixture(scope="module")
def reconciliation(tmp_path_factory):
    """fct_reconciliation of the fake document, as (rows, column names); built once a run."""
    con = built_marts(tmp_path_factory, "reconciliation", fake_document(), ["fct_reconciliation"])
    cur = con.execute("select * from fct_reconciliation")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    con.close()
    return rows, names


def _failing(rows):
    return sorted(
        (r["check_id"], r["expected_10k_yuan"], r["printed_10k_yuan"], r["severity"])
        for r in rows
        if r["status"] == "fail"
    )


def test_contract_columns(reconciliation):
    _, names = reconciliation
    assert names == [
        "document_id", "check_id", "check_name", "location", "expected_10k_yuan",
        "printed_10k_yuan", "difference_10k_yuan", "severity", "status",
    ]


def test_only_the_planted_slips_fail(reconciliation):
    rows, _ = reconciliation
    d = Decimal
    assert sorted(_failing(rows), key=str) == sorted([
        # 2080109 合计 50.01 ≠ 基本支出 0 + 项目支出 50.00
        ("row_total_expenditure_types", d("50.000000"), d("50.010000"), "minor"),
        # 20801 合计 150.00 ≠ 100.00 + 50.01
        ("hierarchy_item_subitems", d("150.010000"), d("150.000000"), "minor"),
        # the 2023 in the title of a 2024 document
        ("header_year", None, None, "major"),
        # 三公 stated 3.50, table 3.00; stated +2.00 while the table shows 5.00 → 3.00
        ("narrative_amount", d("3.000000"), d("3.500000"), "major"),
        ("narrative_change_direction", d("-2.000000"), d("2.000000"), "major"),
        # 10 / 40 = 25.0 %, stated 25.1 % (a whole unit of the last digit: major)
        ("narrative_growth_rate", None, None, "major"),
        # 3 / 17 = 17.647 %, stated 17.64 % (truncated: minor)
        ("narrative_growth_rate", None, None, "minor"),
        # listed projects: 15.0 is 15.04 rounded (minor), 4.50 is not 5.00 (major);
        # 29.96 agrees
        ("narrative_project_amount", d("15.040000"), d("15.000000"), "minor"),
        ("narrative_project_amount", d("5.000000"), d("4.500000"), "major"),
    ], key=str)


def test_every_check_family_is_evaluated(reconciliation):
    rows, _ = reconciliation
    evaluated = {r["check_id"] for r in rows}
    assert {
        "hierarchy_total_classes", "hierarchy_class_items", "hierarchy_item_subitems",
        "row_total_expenditure_types", "row_basic_personnel_public",
        "basic_total_across_tables", "three_public_items", "three_public_vehicles",
        "narrative_amount", "narrative_change_direction", "narrative_growth_rate",
        "narrative_project_amount", "project_rows_total", "header_year",
    } <= evaluated


def test_passing_rows_have_no_severity_and_zero_difference(reconciliation):
    rows, _ = reconciliation
    for row in rows:
        if row["status"] == "pass":
            assert row["severity"] is None
            assert row["difference_10k_yuan"] in (None, 0)
        else:
            assert row["severity"] in ("minor", "major")


def test_differences_are_exact_decimals(reconciliation):
    rows, _ = reconciliation
    amounts = [r for r in rows if r["expected_10k_yuan"] is not None]
    assert amounts
    for row in amounts:
        assert isinstance(row["difference_10k_yuan"], Decimal)
        assert row["difference_10k_yuan"] == row["printed_10k_yuan"] - row["expected_10k_yuan"]


def test_locations_name_table_and_page(reconciliation):
    rows, _ = reconciliation
    slip = next(r for r in rows if r["check_id"] == "row_total_expenditure_types"
                and r["status"] == "fail")
    assert "一般公共预算支出表" in slip["location"] and "p.3" in slip["location"]
    assert "社会保险经办机构" in slip["location"]
