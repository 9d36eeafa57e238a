"""Budget against actual on 决算 rendered from the bundled samples (tests/final_accounts.py).

haidong-shebao-2024-juesuan has no budget column: its budget is the budget document of the
same department and year; changchun-shebaoju-2021-juesuan prints its own 年初预算数, which
wins over the budget document. Expected rows are exact: the figures are the ones the tests
chose and the samples print.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.final_accounts import CHANGCHUN, HAIDONG, SUFFIX
from tests.warehouse_rows import document_id, document_names, rows

pytestmark = pytest.mark.slow

HAIDONG_FINAL = HAIDONG + SUFFIX
CHANGCHUN_FINAL = CHANGCHUN + SUFFIX

# subject_code, subject_name, subject_level, budget, actual, execution_pct
HAIDONG_EXECUTION = [
    ("208", "社会保障和就业支出", "类", "580.93", "575.81", "99.12"),
    ("20801", "人力资源和社会保障管理事务", "款", "445.48", "433.00", "97.20"),
    ("2080107", "社会保险业务管理事务", "项", "439.56", "430.00", "97.83"),
    ("2080109", "社会保险经办机构", "项", "5.92", None, "0.00"),
    ("2080199", "其他人力资源和社会保障管理事务支出", "项", None, "3.00", None),
    ("20805", "行政事业单位养老支出", "款", "102.81", "102.81", "100.00"),
    ("2080502", "事业单位离退休", "项", "23.31", "23.31", "100.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "项", "53.00", "53.00", "100.00"),
    ("2080506", "机关事业单位职业年金缴费支出", "项", "26.50", "26.50", "100.00"),
    ("20899", "其他社会保障和就业支出", "款", "32.64", "40.00", "122.55"),
    ("2089999", "其他社会保障和就业支出", "项", "32.64", "40.00", "122.55"),
    ("210", "卫生健康支出", "类", "58.06", "56.06", "96.56"),
    ("21011", "行政事业单位医疗", "款", "58.06", "56.06", "96.56"),
    ("2101101", "行政单位医疗", "项", "11.11", "11.11", "100.00"),
    ("2101102", "事业单位医疗", "项", "22.69", "22.69", "100.00"),
    ("2101103", "公务员医疗补助", "项", "19.48", "19.48", "100.00"),
    ("2101199", "其他行政事业单位医疗支出", "项", "4.78", "2.78", "58.16"),
    ("221", "住房保障支出", "类", "43.49", "45.00", "103.47"),
    ("22102", "住房改革支出", "款", "43.49", "45.00", "103.47"),
    ("2210201", "住房公积金", "项", "43.49", "45.00", "103.47"),
    ("TOTAL", "合计", None, "682.48", "676.87", "99.18"),
]

CHANGCHUN_EXECUTION = [
    ("208", "社会保障和就业支出", "类", "6535.47", "6394.04", "97.84"),
    ("20801", "人力资源和社会保障管理事务", "款", "6141.43", "6000.00", "97.70"),
    ("2080109", "社会保险经办机构", "项", "6141.43", "6000.00", "97.70"),
    ("20805", "行政事业单位养老支出", "款", "394.04", "394.04", "100.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "项", "394.04", "394.04", "100.00"),
    ("210", "卫生健康支出", "类", "279.99", "276.20", "98.65"),
    ("21011", "行政事业单位医疗", "款", "279.99", "276.20", "98.65"),
    ("2101102", "事业单位医疗", "项", "193.79", "190.00", "98.04"),
    ("2101103", "公务员医疗补助", "项", "86.20", "86.20", "100.00"),
    ("221", "住房保障支出", "类", "487.11", "487.11", "100.00"),
    ("22102", "住房改革支出", "款", "487.11", "487.11", "100.00"),
    ("2210201", "住房公积金", "项", "487.11", "487.11", "100.00"),
    ("TOTAL", "合计", None, "7302.57", "7157.35", "98.01"),
]

# item, budget, actual, execution_pct (the 决算's own 预算数 | 决算数)
HAIDONG_THREE_PUBLIC = [
    ("outbound_travel", "0.00", "0.00", None),
    ("reception", "1.20", "0.95", "79.17"),
    ("total", "1.20", "0.95", "79.17"),
    ("vehicle_operation", "0.00", "0.00", None),
    ("vehicle_purchase", "0.00", "0.00", None),
    ("vehicle_total", "0.00", "0.00", None),
]

# changchun-shebaoju-2021-juesuan prints 决算数 only: the budget is the budget document's
CHANGCHUN_THREE_PUBLIC = [
    ("outbound_travel", "0.00", "0.00", None),
    ("reception", "10.80", "9.80", "90.74"),
    ("total", "16.80", "15.30", "91.07"),
    ("vehicle_operation", "6.00", "5.50", "91.67"),
    ("vehicle_purchase", "0.00", "0.00", None),
    ("vehicle_total", "6.00", "5.50", "91.67"),
]


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _named(con, found: list[dict]) -> list[dict]:
    """Rows with their budget and actual documents named (ids are content hashes)."""
    names = document_names(con)
    for row in found:
        for column in ("budget_document_id", "actual_document_id"):
            row[column] = names.get(row[column], row[column])
    return found


def _execution(con, name: str) -> list[dict]:
    return _named(con, rows(
        con,
        "select * from rpt_budget_execution where actual_document_id = ? order by subject_code",
        [document_id(con, name)],
    ))


def test_the_rendered_final_accounts_load_as_actuals(final_accounts_con):
    got = {
        name: (kind, amount_kind)
        for name, kind, amount_kind in final_accounts_con.execute(
            "select document_name, document_kind, amount_kind from dim_document"
        ).fetchall()
    }
    assert got[HAIDONG_FINAL] == got[CHANGCHUN_FINAL] == ("final_accounts", "actual")
    assert got[HAIDONG] == got[CHANGCHUN] == ("budget", "budgeted")
    statuses = set(final_accounts_con.execute("select status from document_status").fetchall())
    assert statuses == {("loaded",)}


def test_a_final_accounts_without_a_budget_column_is_compared_with_the_budget(
    final_accounts_con,
):
    got = _execution(final_accounts_con, HAIDONG_FINAL)
    budget_id = document_id(final_accounts_con, HAIDONG)
    department = final_accounts_con.execute(
        "select department_key from dim_document where document_id = ?", [budget_id]
    ).fetchone()[0]
    assert {(r["budget_document_id"], r["department_key"], r["budget_year"]) for r in got} == {
        (HAIDONG, department, 2024)
    }
    assert [
        (r["subject_code"], r["subject_name"], r["subject_level"], r["budget_10k_yuan"],
         r["actual_10k_yuan"], r["execution_pct"])
        for r in got
    ] == [
        (code, name, level, _dec(budget), _dec(actual), _dec(pct))
        for code, name, level, budget, actual, pct in HAIDONG_EXECUTION
    ]


def test_a_final_accounts_printing_its_own_budget_is_compared_with_it(final_accounts_con):
    got = _execution(final_accounts_con, CHANGCHUN_FINAL)
    assert {(r["budget_document_id"], r["budget_year"]) for r in got} == {
        (CHANGCHUN_FINAL, 2021)
    }
    assert [
        (r["subject_code"], r["subject_name"], r["subject_level"], r["budget_10k_yuan"],
         r["actual_10k_yuan"], r["execution_pct"])
        for r in got
    ] == [
        (code, name, level, _dec(budget), _dec(actual), _dec(pct))
        for code, name, level, budget, actual, pct in CHANGCHUN_EXECUTION
    ]


def test_the_budget_execution_contract(final_accounts_con):
    columns = [
        name for (name,) in final_accounts_con.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'rpt_budget_execution' order by ordinal_position"
        ).fetchall()
    ]
    assert columns == [
        "department_key", "budget_year", "subject_code", "subject_name", "subject_level",
        "budget_10k_yuan", "actual_10k_yuan", "execution_pct", "budget_document_id",
        "actual_document_id",
    ]


@pytest.mark.parametrize(
    ("final", "budget_document", "expected"),
    [
        # the 决算's own 预算数 | 决算数 pairs
        (HAIDONG_FINAL, HAIDONG_FINAL, HAIDONG_THREE_PUBLIC),
        # 决算数 only: the budget document's 三公 table of the same department and year
        (CHANGCHUN_FINAL, CHANGCHUN, CHANGCHUN_THREE_PUBLIC),
    ],
)
def test_three_public_budget_against_actual(final_accounts_con, final, budget_document, expected):
    got = _named(final_accounts_con, rows(
        final_accounts_con,
        "select * from rpt_three_public_execution where actual_document_id = ? order by item",
        [document_id(final_accounts_con, final)],
    ))
    assert {r["budget_document_id"] for r in got} == {budget_document}
    assert [
        (r["item"], r["budget_10k_yuan"], r["actual_10k_yuan"], r["execution_pct"]) for r in got
    ] == [
        (item, _dec(budget), _dec(actual), _dec(pct)) for item, budget, actual, pct in expected
    ]


def test_budgets_and_actuals_never_add_up(final_accounts_con):
    con = final_accounts_con
    finals = [document_id(con, HAIDONG_FINAL), document_id(con, CHANGCHUN_FINAL)]
    # the printed tables rebuilt: a 决算's rows are its actual figures, never its 年初预算数
    kinds = con.execute(
        "select document_id, list(distinct amount_kind), max(total_10k_yuan) "
        "filter (where subject_code = 'TOTAL') from rpt_expenditure_by_function "
        "where document_id in (?, ?) group by 1 order by 1",
        finals,
    ).fetchall()
    assert sorted((kind, total) for _, kind, total in kinds) == [
        (["actual"], Decimal("676.87")), (["actual"], Decimal("7157.35"))
    ]
    # reports that sum budgets leave the 决算 out
    for report, column in (("rpt_spending_by_class", "document_id"),
                           ("rpt_department_year_over_year", "compare_document_id"),
                           ("rpt_department_year_over_year", "base_document_id"),
                           ("rpt_three_public_over_time", "document_id")):
        n = con.execute(
            f"select count(*) from {report} where {column} in (?, ?)", finals
        ).fetchone()[0]
        assert n == 0, report


def test_the_rendered_final_accounts_reconcile(final_accounts_con):
    """Their figures were chosen so every identity holds: no finding, several checks."""
    con = final_accounts_con
    finals = [document_id(con, HAIDONG_FINAL), document_id(con, CHANGCHUN_FINAL)]
    got = con.execute(
        "select document_id, count(*), count(*) filter (where status = 'fail') "
        "from fct_reconciliation where document_id in (?, ?) group by 1",
        finals,
    ).fetchall()
    assert len(got) == 2
    for _, checks, failing in got:
        assert checks >= 20 and failing == 0, got
