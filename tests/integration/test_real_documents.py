"""The real disclosures of ../shared/real through the whole refresh, with the four samples.

Their templates are unlike the samples' (landscape, 元, codes split over 类/款/项 columns,
公开01表, three-sided summaries, 单位预算, 决算). The promises checked:

* every document loads; a 决算 (final accounts) is recognised as such, and its figures are
  actual (``amount_kind``);
* every hand-read key figure of ``key_totals.csv`` is in ``rpt_key_totals`` exactly, on its
  page (blank cells as null) — the 决算's too, with the 预算数 and 决算数 of its 三公 table;
* the reconciliation finds exactly the printed inconsistencies the hand reading records, and
  no others: a false finding is as wrong as a missed one (a 决算's 年初预算 stated beside its
  决算 is a budget, compared with budgets only).
"""

from __future__ import annotations

import csv
import re
import shutil
from decimal import Decimal

import pytest

from tests.shared import REAL, require
from tests.warehouse_rows import rows

pytestmark = pytest.mark.slow

SAMPLES = ("changchun-shebaoju-2021", "changchun-shebaoju-2024", "fenyang-shebao-2024",
           "haidong-shebao-2024")
YUAN_PER = {"元": Decimal(1), "万元": Decimal(10000)}

# The inconsistencies the documents print, as key_totals.csv's notes record them:
# (document, check) → what the note says. Every one must be found; nothing else may be.
RECORDED_FINDINGS = {
    ("shanghai-putuo-wanlijiedao-2025", "hierarchy_class_items"):
        "类 212 prints 154,369,326 while its 款 rows sum to 154,369,327",
    ("shanghai-putuo-wanlijiedao-2025", "hierarchy_item_subitems"):
        "款 212 01 prints 94,995,790 while its 项 rows sum to 94,995,789",
    ("shanghai-putuo-wanlijiedao-2025", "row_total_expenditure_types"):
        "款 212 01 合计 94,995,790 ≠ 基本 77,381,546 + 项目 17,614,243",
    ("shanghai-putuo-wanlijiedao-2024", "table_says_empty"):
        "the 三公 table's footnote says 本表为空表 above printed figures",
    # 部门决算 (final accounts); their 情况说明's findings are checked with the others below
    ("shanghai-putuo-caizhengju-2024-juesuan", "hierarchy_total_classes"):
        "Σ类 2,940.06 ≠ 合计 2,940.05 and Σ类 基本 2,336.92 ≠ 2,336.91 (the function tables "
        "print the same class rows)",
    ("shanghai-putuo-caizhengju-2024-juesuan", "hierarchy_class_items"):
        "301 2,082.85 ≠ Σ款 2,082.86; 302 171.07 ≠ Σ款 171.09",
    ("shanghai-putuo-caizhengju-2024-juesuan", "subject_across_tables"):
        "社会保障和就业支出 326.71 in the two 总表, 326.72 in the function tables",
    ("shanghai-putuo-guihuaziyuan-2024-juesuan", "row_total_expenditure_types"):
        "合计 9,746.50 ≠ 基本 5,364.75 + 项目 4,381.74; likewise 212, 21201 and 2120101",
    ("shanghai-putuo-guihuaziyuan-2024-juesuan", "subject_across_tables"):
        "卫生健康支出 236.64 vs 236.63 and 城乡社区支出 3,845.24 vs 3,845.25 across tables",
    ("shanghai-putuo-guihuaziyuan-2024-juesuan", "summary_expenditure_classes"):
        "财政拨款收入支出决算总表: class rows sum to 9,746.49 ≠ 本年支出合计 9,746.50",
    ("shanghai-putuo-guihuaziyuan-2024-juesuan", "hierarchy_total_classes"):
        "301 4,816.14 + 303 67.96 = 4,884.10 ≠ 人员经费合计 4,884.09",
    ("shanghai-putuo-guihuaziyuan-2024-juesuan", "hierarchy_class_items"):
        "302 440.90 ≠ Σ款 440.88",
}


# Inconsistencies of the real documents' 情况说明 that key_totals.csv does not record, each
# confirmed on the page: (document, location fragment, what the page says).
READ = [
    (
        "jiangsu-sheng-jianchayuan-2018",
        "stated 21.95%, computed 21.9967%",
        "p.23 一: 收入、支出预算总计 21,955.35 万元，…各增加 3,958.67 万元，增长 21.95 %"
        " — 3,958.67 / 17,996.68 is 22.00 % (the 一般公共预算 line says 增长 22 %)",
    ),
    (
        "jiangsu-sheng-jianchayuan-2018",
        "stated 9.1%, computed 9.1511%",
        "p.24 一（二）2: 社会保障和就业支出 1,836.22 万元 … 与上年相比减少 184.96 万元，降幅 9.1 %"
        " — 9.15 % truncated",
    ),
    (
        "jiangsu-sheng-jianchayuan-2018",
        "stated 36.58%, computed 36.586%",
        "p.26 五（一）1: 行政运行（项）支出 10,883.36 万元，…增加 2,915.22 万元，增长 36.58 %"
        " — 36.59 % truncated",
    ),
    (
        "jiangsu-sheng-jianchayuan-2018",
        "stated 0.06%, computed 0.5982%",
        "p.26 五（一）2: 一般行政管理事务（项）支出 3,666 万元，…增加 21.8 万元，增长 0.06 %"
        " — 0.60 %: a misplaced decimal point",
    ),
    (
        "jiangsu-sheng-jianchayuan-2018",
        "stated 0.66%, computed 6.6042%",
        "p.26 五（一）3: …检察监督支出（项） 1,895 万元，…减少 134 万元，降幅 0.66 %"
        " — 6.60 %: a misplaced decimal point",
    ),
]


@pytest.fixture(scope="module")
def real_warehouse(tmp_path_factory):
    """One refresh of the real disclosures and the samples together."""
    import duckdb

    from pipelines.refresh import extract_changed
    from pipelines.warehouse import build_path_for, build_warehouse, publish
    from tests.conftest import RAW

    pdfs = sorted(require(REAL).glob("*.pdf"))
    base = tmp_path_factory.mktemp("real")
    raw = base / "raw"
    raw.mkdir()
    for pdf in [*pdfs, *sorted(RAW.glob("*.pdf"))]:
        shutil.copyfile(pdf, raw / pdf.name)
    staging = base / "staging"
    warehouse = base / "warehouse.duckdb"
    summary = extract_changed(raw, staging)
    build = build_path_for(warehouse)
    build_warehouse(staging, build)
    publish(build, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    yield {"summary": summary, "con": con, "names": [p.stem for p in pdfs]}
    con.close()


def _key_totals() -> list[dict[str, str]]:
    with require(REAL / "key_totals.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _final_accounts(con) -> set[str]:
    """The documents recognised as 决算 (final accounts) from their own pages."""
    return {
        name
        for (name,) in con.execute(
            "select document_name from dim_document where document_kind = 'final_accounts'"
        ).fetchall()
    }


def test_every_document_loads_and_final_accounts_are_recognised(real_warehouse):
    con = real_warehouse["con"]
    statuses = {
        name.removesuffix(".pdf"): status
        for name, status in con.execute("select file_name, status from document_status").fetchall()
    }
    assert set(statuses) == {*real_warehouse["names"], *SAMPLES}
    assert set(statuses.values()) == {"loaded"}, statuses
    final = _final_accounts(con)
    assert final == {name for name in real_warehouse["names"] if "juesuan" in name}
    kinds = dict(con.execute(
        "select d.document_name, list(distinct f.amount_kind order by f.amount_kind) "
        "from fct_expenditure as f inner join dim_document as d using (document_id) group by 1"
    ).fetchall())
    for name, amount_kinds in kinds.items():
        assert amount_kinds == (["actual"] if name in final else ["budgeted"]), name


def test_every_document_knows_its_department_year_and_scope(real_warehouse):
    rows = real_warehouse["con"].execute(
        "select document_name, department_name, budget_year, scope from dim_document"
    ).fetchall()
    for name, department, year, scope in rows:
        assert department, name
        assert str(year) in name, (name, year)
        if name in real_warehouse["names"]:
            # a tables-only print (-biao) says nothing of its scope: unknown, not guessed
            expected = {"unit"} if "danwei" in name else {"department", None}
            assert scope in expected, (name, scope)


def test_every_hand_read_key_total_is_published_exactly(real_warehouse):
    con = real_warehouse["con"]
    got = {
        (name, kind, item, column or ""): (amount_yuan, page)
        for name, kind, item, column, amount_yuan, page in con.execute(
            """
            select d.document_name, k.table_kind, k.item, k.column_name, k.amount_yuan, k.page
            from rpt_key_totals as k
            inner join dim_document as d on d.document_id = k.document_id
            """
        ).fetchall()
    }
    wrong = []
    checked = 0
    final = _final_accounts(con)
    for row in _key_totals():
        key = (row["doc_id"], row["table_kind"], row["item"], row["column"])
        want = (
            Decimal(row["amount"]) * YUAN_PER[row["unit"]] if row["amount"] else None
        )
        if key not in got:
            wrong.append((*key, "missing"))
            continue
        amount, page = got[key]
        if amount != want and not (want is None and amount is None):
            wrong.append((*key, f"printed {row['amount']} {row['unit']}, published {amount} 元"))
        elif str(page) != row["page"]:
            wrong.append((*key, f"page {row['page']}, published page {page}"))
        checked += 1
    assert not wrong, wrong
    assert checked >= 340  # the whole file, not a lucky few
    assert sum(row["doc_id"] in final for row in _key_totals()) == 59  # the 决算 rows too


def test_the_printed_inconsistencies_are_found_and_nothing_else(real_warehouse):
    con = real_warehouse["con"]
    failing = con.execute(
        """
        select distinct d.document_name, f.check_id
        from fct_reconciliation as f
        inner join dim_document as d on d.document_id = f.document_id
        where f.status = 'fail'
        """
    ).fetchall()
    # the 情况说明's findings are checked below, each against the page
    found = {
        (name, check) for name, check in failing
        if name in real_warehouse["names"] and not check.startswith("narrative")
    }
    missed = set(RECORDED_FINDINGS) - found
    assert not missed, [RECORDED_FINDINGS[key] for key in sorted(missed)]
    false = found - set(RECORDED_FINDINGS)
    locations = con.execute(
        """
        select d.document_name, f.check_id, f.location
        from fct_reconciliation as f
        inner join dim_document as d on d.document_id = f.document_id
        where f.status = 'fail'
        order by 1, 2, 3
        """
    ).fetchall()
    assert not false, [row for row in locations if (row[0], row[1]) in false]


@pytest.mark.parametrize(
    "report", ["rpt_expenditure_by_function", "rpt_basic_expenditure_by_economic",
               "rpt_income_by_source", "rpt_key_totals"],
)
def test_the_real_budgets_figures_are_confirmed_by_the_identities(real_warehouse, report):
    """Nearly every figure of the real budgets takes part in an identity that holds; the
    contradicted ones are where the documents print an inconsistency."""
    rows = real_warehouse["con"].execute(
        f"""
        select d.document_name, r.verification
        from {report} as r
        inner join dim_document as d on d.document_id = r.document_id
        where d.document_kind = 'budget'
        """
    ).fetchall()
    real = [(name, status) for name, status in rows if name in real_warehouse["names"]]
    confirmed = sum(status == "confirmed" for _, status in real) / len(real)
    assert confirmed >= 0.95, (report, confirmed)
    inconsistent = {name for name, check in RECORDED_FINDINGS}
    assert {name for name, status in real if status == "contradicted"} <= inconsistent


def _read(row: dict, listed: list[tuple[str, str, str]] = READ) -> bool:
    return any(
        row["document_id"] == document and fragment in row["location"]
        for document, fragment, _ in listed
    )


def _noted(row: dict, notes: dict[str, str]) -> bool:
    """A failure whose printed figure a key_totals.csv note on the narrative spells out."""
    if row["printed"] is None:
        return False
    figure = re.escape(f"{row['printed'].normalize():f}")
    note = notes.get(row["document_id"], "")
    return re.search(rf"(?<![\d.]){figure}(?!\d|\.\d)", note) is not None


def _narrative_notes() -> dict[str, str]:
    notes: dict[str, str] = {}
    with require(REAL / "key_totals.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if "narrative" in r["note"]:
                notes[r["doc_id"]] = notes.get(r["doc_id"], "") + " " + r["note"]
    return notes


def test_narrative_checks_on_the_real_documents(real_warehouse):
    failing = rows(
        real_warehouse["con"],
        "select document_id, check_id, location, printed_10k_yuan as printed, severity "
        "from fct_reconciliation where status = 'fail' and check_id like 'narrative%'",
    )
    failing = [row for row in failing if row["document_id"] in real_warehouse["names"]]
    notes = _narrative_notes()
    unexplained = [
        row for row in failing
        if not (_noted(row, notes) or _read(row))
    ]
    assert not unexplained, "false findings:\n" + "\n".join(
        f"{r['document_id']} {r['check_id']} ({r['severity']}): {r['location']}"
        for r in unexplained
    )
    missed = [
        f"{document}: {what}" for document, fragment, what in READ
        if not any(r["document_id"] == document and fragment in r["location"] for r in failing)
    ]
    assert not missed, "real inconsistencies no longer reported:\n" + "\n".join(missed)
    # the statements once read as totals are checked against the tables that print them
    checked = {
        (r["document_id"], r["subject"])
        for r in rows(
            real_warehouse["con"],
            "select document_id, regexp_extract(location, ' · (\\w+) ', 1) as subject "
            "from fct_reconciliation where check_id = 'narrative_amount' and status = 'pass'",
        )
    }
    assert {
        ("shanghai-putuo-caizhengju-2025", "government_fund_expenditure"),
        ("shanghai-putuo-caizhengju-2025", "state_capital_expenditure"),
        ("shanghai-putuo-caizhengju-2025", "general_public_expenditure"),
        ("shanghai-putuo-caizhengju-2025", "fiscal_appropriation_income"),
        ("shanghai-putuo-caizhengju-2025", "total_income"),
        ("jiangsu-sheng-jianchayuan-2018", "government_fund_expenditure"),
        ("jiangsu-sheng-jianchayuan-2018", "total_income_and_expenditure"),
        ("jiangsu-sheng-jianchayuan-2018", "fiscal_appropriation_income"),
    } <= checked


def test_the_final_accounts_three_public_budget_and_actual_are_compared(real_warehouse):
    """rpt_three_public_execution holds the 预算数 and 决算数 the hand reading records."""
    con = real_warehouse["con"]
    got = {
        (name, item): (budget, actual)
        for name, item, budget, actual in con.execute(
            """
            select d.document_name, r.item, r.budget_10k_yuan, r.actual_10k_yuan
            from rpt_three_public_execution as r
            inner join dim_document as d on d.document_id = r.actual_document_id
            """
        ).fetchall()
    }
    want: dict[tuple[str, str], dict[str, Decimal | None]] = {}
    for row in _key_totals():
        if row["table_kind"] == "three_public" and "juesuan" in row["doc_id"]:
            amount = Decimal(row["amount"]) if row["amount"] else None
            want.setdefault((row["doc_id"], row["item"]), {})[row["column"]] = amount
    assert len(want) == 12
    for key, columns in want.items():
        assert got[key] == (columns["budget"], columns["actual"]), key


def test_the_final_accounts_text_inconsistencies_are_found(real_warehouse):
    """The 决算 情况说明 figures key_totals.csv notes as contradicting the tables."""
    failing = {
        (name, printed)
        for name, printed in real_warehouse["con"].execute(
            """
            select d.document_name, f.printed_10k_yuan
            from fct_reconciliation as f
            inner join dim_document as d on d.document_id = f.document_id
            where f.status = 'fail' and f.check_id = 'narrative_amount'
            """
        ).fetchall()
    }
    # 四: 财政拨款收入支出总计 0.3万元 (2,961.68 in the table); 六: 人员经费 4,896.98 (4,884.09)
    assert ("shanghai-putuo-caizhengju-2024-juesuan", Decimal("0.3")) in failing
    assert ("shanghai-putuo-guihuaziyuan-2024-juesuan", Decimal("4896.98")) in failing


def test_a_final_accounts_budget_and_actual_stated_together_are_each_compared_with_their_kind(
    real_warehouse,
):
    """五（三）: "…支出年初预算为2993.92万元，支出决算为2940.05万元": the 决算 is compared with
    the table's 决算数 and passes; the 年初预算 with a 预算数 only where a table prints one."""
    checks = {
        (name, printed, status)
        for name, printed, status in real_warehouse["con"].execute(
            """
            select d.document_name, f.printed_10k_yuan, f.status
            from fct_reconciliation as f
            inner join dim_document as d on d.document_id = f.document_id
            where f.check_id = 'narrative_amount'
                and f.location like '%general_public_expenditure%'
                and d.document_kind = 'final_accounts'
            """
        ).fetchall()
    }
    assert ("shanghai-putuo-caizhengju-2024-juesuan", Decimal("2940.05"), "pass") in checks
    assert ("shanghai-putuo-guihuaziyuan-2024-juesuan", Decimal("9746.5"), "pass") in checks
    budgets = (Decimal("2993.92"), Decimal("10210.34"))
    assert not [check for check in checks if check[1] in budgets and check[2] == "fail"]
