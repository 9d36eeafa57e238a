"""The real disclosures of ../shared/real through the whole refresh, with the four samples.

Their templates are unlike the samples' (landscape, 元, codes split over 类/款/项 columns,
公开01表, three-sided summaries, 单位预算, 决算). The promises checked:

* every document loads; a 决算 (final accounts) is recognised as such, and its figures are
  actual (``amount_kind``);
* every hand-read key figure of ``key_totals.csv`` is in ``rpt_key_totals`` exactly, on its
  page (blank cells as null) — the 决算's too, with the 预算数 and 决算数 of its 三公 table;
* the reconciliation finds exactly the printed inconsistencies the hand reading records, and
  no others: a false finding is as wrong as a missed one.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import pytest

from tests.shared import REAL, require

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
    # 部门决算 (final accounts)
    ("shanghai-putuo-caizhengju-2024-juesuan", "hierarchy_total_classes"):
        "Σ类 2,940.06 ≠ 合计 2,940.05 and Σ类 基本 2,336.92 ≠ 2,336.91 (the function tables "
        "print the same class rows)",
    ("shanghai-putuo-caizhengju-2024-juesuan", "hierarchy_class_items"):
        "301 2,082.85 ≠ Σ款 2,082.86; 302 171.07 ≠ Σ款 171.09",
    ("shanghai-putuo-caizhengju-2024-juesuan", "subject_across_tables"):
        "社会保障和就业支出 326.71 in the two 总表, 326.72 in the function tables",
    ("shanghai-putuo-caizhengju-2024-juesuan", "narrative_amount"):
        "情况说明 四 states 财政拨款收入支出总计 0.3万元 against 2,961.68 in the table",
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
    ("shanghai-putuo-guihuaziyuan-2024-juesuan", "narrative_amount"):
        "情况说明 六 states 人员经费 4,896.98 against 人员经费合计 4,884.09",
}


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
    found = {
        (name, check) for name, check in failing if name in real_warehouse["names"]
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
