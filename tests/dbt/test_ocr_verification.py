"""Verification of amounts read by OCR, on a small constructed scanned document.

The tables are staged as extraction stages a scan: every body cell carries its OCR
confidence. Planted: a 项目支出 misread as 30.00 (printed 50.00) with low confidence, a
基本工资 合计 misread as 56.00 (printed 50.00) with low confidence, two low-confidence cells
read right, and a low-confidence amount no identity reads. The promises: a low-confidence
amount that an identity confirms is confirmed; one that none confirms is doubtful, never
confirmed; a failing identity that pins down one doubtful amount gives the value that makes
it hold as a finding, and the printed reading is kept.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extract.model import ExtractedDocument, ExtractedTable, PageText
from tests.dbt.marts import built_marts

DOC = "scanned-department-2024"
SURE = 0.999
LOW = 0.42

EXPENDITURE_HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
EXPENDITURE_ROWS = [
    ["", "合计", "150.00", "100.00", "50.00"],
    ["208", "社会保障和就业支出", "150.00", "100.00", "50.00"],
    ["20801", "人力资源和社会保障管理事务", "150.00", "100.00", "50.00"],
    ["2080101", "行政运行", "100.00", "100.00", ""],
    ["2080109", "社会保险经办机构", "50.00", "", "30.00"],  # 项目支出 printed 50.00
]
BASIC_HEADER = ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]
BASIC_ROWS = [
    ["", "合计", "100.00", "80.00", "20.00"],
    ["301", "工资福利支出", "80.00", "80.00", ""],
    ["30101", "基本工资", "56.00", "50.00", ""],  # 合计 printed 50.00
    ["30102", "津贴补贴", "30.00", "30.00", ""],
    ["302", "商品和服务支出", "20.00", "", "20.00"],
    ["30201", "办公费", "20.00", "", "20.00"],
]
FUND_HEADER = ["科目编码", "科目名称", "合计"]
FUND_ROWS = [["", "合计", "5.00"]]


def _confidence(rows, low: dict[tuple[int, int], float]):
    return [[low.get((r, c), SURE) for c in range(len(row))] for r, row in enumerate(rows)]


def _table(index, title, table_type, header, body, page, low):
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
        body_confidence=_confidence(body, low),
    )


def scanned_document() -> ExtractedDocument:
    return ExtractedDocument(
        document_id=DOC,
        file_name=f"{DOC}.pdf",
        sha256="1" * 64,
        page_count=4,
        title=None,
        department_name="某部门",
        budget_year=2024,
        tables=[
            _table(0, "支出总表", "expenditure_summary", EXPENDITURE_HEADER, EXPENDITURE_ROWS, 2,
                   {(4, 4): LOW, (3, 2): LOW}),
            _table(1, "一般公共预算基本支出表", "general_public_basic_expenditure", BASIC_HEADER,
                   BASIC_ROWS, 3, {(2, 2): LOW, (4, 2): 0.6, (4, 4): 0.6}),
            _table(2, "政府性基金预算支出表", "government_fund_expenditure", FUND_HEADER,
                   FUND_ROWS, 4, {(0, 2): LOW}),
        ],
        pages=[PageText(1, "某部门2024年部门预算")],
        ocr_pages=4,
    )


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    """The constructed scan's marts: built once per test run, whichever xdist worker asks first."""
    con = built_marts(
        tmp_path_factory, "ocr-verification", scanned_document(),
        ["fct_reconciliation", "fct_expenditure", "fct_basic_expenditure", "dim_document"],
    )
    yield con
    con.close()


def _verification(con, table: str, code: str, column: str) -> tuple[str, str]:
    """(verification, amount printed) of one fact cell."""
    code_column = "subject_code" if table == "fct_expenditure" else "econ_code"
    found = con.execute(
        f"select verification, amount_printed from {table} "
        f"where {code_column} = ? and column_path = ?",
        [code, column],
    ).fetchall()
    assert len(found) == 1, (table, code, column, found)
    return found[0]


def test_a_low_confidence_amount_an_identity_confirms_is_confirmed(warehouse):
    assert _verification(warehouse, "fct_expenditure", "2080101", "合计") == (
        "confirmed", "100.00"
    )
    assert _verification(warehouse, "fct_basic_expenditure", "302", "合计")[0] == "confirmed"
    assert _verification(warehouse, "fct_basic_expenditure", "302", "公用经费")[0] == "confirmed"


def test_a_misread_amount_is_doubtful_never_confirmed(warehouse):
    assert _verification(warehouse, "fct_expenditure", "2080109", "项目支出") == (
        "doubtful", "30.00"
    )
    assert _verification(warehouse, "fct_basic_expenditure", "30101", "合计") == (
        "doubtful", "56.00"
    )
    # the confident amounts beside them are cleared by their other identities
    assert _verification(warehouse, "fct_expenditure", "2080109", "合计")[0] == "confirmed"
    assert _verification(warehouse, "fct_basic_expenditure", "30101", "人员经费")[0] == "confirmed"


def test_a_low_confidence_amount_no_identity_reads_is_doubtful(warehouse):
    status = warehouse.execute(
        "select verification from fct_expenditure "
        "where table_type = 'government_fund_expenditure'"
    ).fetchall()
    assert status == [("doubtful",)]


def test_the_identities_give_the_correction_candidate(warehouse):
    candidates = warehouse.execute(
        """
        select expected_10k_yuan, printed_10k_yuan, severity, status, location
        from fct_reconciliation where check_id = 'ocr_correction_candidate'
        order by location
        """
    ).fetchall()
    assert [(c[0], c[1], c[2], c[3]) for c in candidates] == [
        (Decimal("50"), Decimal("56"), "major", "fail"),  # 基本工资 合计: a checked total
        (Decimal("50"), Decimal("30"), "major", "fail"),  # 社会保险经办机构 项目支出: a part
    ]
    basic, project = (c[4] for c in candidates)
    assert "基本工资" in basic and "「56.00」" in basic and "0.42" in basic
    assert "社会保险经办机构" in project and "「30.00」" in project
    # both identities that pin each one down are named in one finding
    assert "合计 = 基本支出 + 项目支出" in project and "款 = Σ 项" in project


def test_no_candidate_where_a_failing_identity_reads_no_doubtful_amount(warehouse):
    """Every candidate names a doubtful amount; confirmed ones never get one."""
    n = warehouse.execute(
        "select count(*) from fct_reconciliation where check_id = 'ocr_correction_candidate'"
    ).fetchone()[0]
    assert n == 2


def test_ocr_pages_reach_dim_document(warehouse):
    assert warehouse.execute("select ocr_pages from dim_document").fetchall() == [(4,)]
