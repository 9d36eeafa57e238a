"""Per-document comparisons of the report models with the golden facts (tests/golden/).

The same checks as ``tests/integration/test_warehouse_golden.py`` and
``tests/integration/test_tables_golden.py``, for one warehouse document against one golden
document: the layout harness compares each rendered variant (its own ``document_id``) with
the golden facts of the corpus document it was rendered from. Each function returns
human-readable mismatches, empty when the document matches.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
# 三公 values the golden files take from a document's narrative text: a rendering of the
# tables alone cannot print them, so the harness leaves them out.
TABLE_SOURCES = {"table", "derived"}


@cache
def golden(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a golden CSV."""
    with (GOLDEN / name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def golden_for(name: str, doc_id: str) -> list[dict[str, str]]:
    """The golden rows of one source document."""
    return [g for g in golden(name) if g["doc_id"] == doc_id]


def dec(value) -> Decimal:
    """A printed blank equals zero; compare as exact decimals."""
    if value is None or value == "":
        return Decimal(0)
    return Decimal(str(value).replace(",", ""))


def rows(con, sql: str, params: list | None = None) -> list[dict]:
    """Query result as dicts."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def document_id_of(con, file_name: str) -> str | None:
    """The warehouse's id of the document loaded from ``file_name`` (ids are not file stems)."""
    found = rows(con, "select document_id from dim_document where file_name = ?", [file_name])
    return found[0]["document_id"] if found else None


def expenditure_by_function(con, document_id: str, doc_id: str) -> list[str]:
    """rpt_expenditure_by_function: every golden subject's total/basic/project and level,
    and no rows beyond the golden ones."""
    got = rows(con, "select * from rpt_expenditure_by_function where document_id = ?",
               [document_id])
    index = {r["subject_code"]: r for r in got}
    out = []
    want = golden_for("expenditure_by_function.csv", doc_id)
    for g in want:
        r = index.get(g["subject_code"])
        if r is None:
            out.append(f"missing {g['subject_code']} {g['subject_name']}")
            continue
        for col, gcol in (("total_10k_yuan", "total"), ("basic_10k_yuan", "basic"),
                          ("project_10k_yuan", "project")):
            if dec(r[col]) != dec(g[gcol]):
                out.append(f"{g['subject_code']} {col}: {r[col]} != {g[gcol]}")
        if g["subject_code"] != "TOTAL" and r["subject_level"] != g["level"]:
            out.append(f"{g['subject_code']} level: {r['subject_level']} != {g['level']}")
    if len(got) != len(want):
        extra = sorted(set(index) - {g["subject_code"] for g in want})
        out.append(f"{len(got)} rows, golden {len(want)}; not in golden: {extra}")
    return out


def basic_expenditure_by_economic(con, document_id: str, doc_id: str) -> list[str]:
    """rpt_basic_expenditure_by_economic: by code, or by name where the source prints none;
    every row must have its economic code filled in."""
    got = rows(con, "select * from rpt_basic_expenditure_by_economic where document_id = ?",
               [document_id])
    by_code = {r["econ_code"]: r for r in got}
    by_name: dict[str, list[dict]] = {}
    for r in got:
        by_name.setdefault(r["econ_name"], []).append(r)
    out = []
    for g in golden_for("basic_expenditure_by_economic.csv", doc_id):
        if g["econ_code"]:
            r = by_code.get(g["econ_code"])
        else:
            candidates = by_name.get(g["econ_name"], [])
            r = next((c for c in candidates if dec(c["total_10k_yuan"]) == dec(g["total"])),
                     candidates[0] if candidates else None)
        label = g["econ_code"] or g["econ_name"]
        if r is None:
            out.append(f"missing {label} {g['econ_name']}")
            continue
        if not r["econ_code"]:
            out.append(f"{label}: econ_code not filled in")
        for col, gcol in (("total_10k_yuan", "total"), ("personnel_10k_yuan", "personnel"),
                          ("public_10k_yuan", "public")):
            if dec(r[col]) != dec(g[gcol]):
                out.append(f"{label} {col}: {r[col]} != {g[gcol]}")
    return out


def income_by_source(con, document_id: str, doc_id: str) -> list[str]:
    """rpt_income_by_source: every printed golden amount by canonical source name."""
    got = {r["source_name"]: r["amount_10k_yuan"]
           for r in rows(con, "select * from rpt_income_by_source where document_id = ?",
                         [document_id])}
    out = []
    for g in golden_for("income_by_source.csv", doc_id):
        if g["amount"] == "":
            continue
        have = got.get(g["source"])
        if have is None or dec(have) != dec(g["amount"]):
            out.append(f"{g['source']}: {have} != {g['amount']}")
    return out


def three_public(con, document_id: str, doc_id: str) -> list[str]:
    """rpt_three_public: the budget-year and prior-year amounts (and where each came from)
    that the golden file takes from the tables; those from the narrative are left out."""
    got = {
        r["item"]: r
        for r in rows(
            con,
            "select r.*, f.source, f.prior_source from rpt_three_public r "
            "join fct_three_public f using (document_id, item) where r.document_id = ?",
            [document_id],
        )
    }
    out = []
    for g in golden_for("three_public.csv", doc_id):
        r = got.get(g["item"])
        if r is None:
            out.append(f"{g['item']}: missing")
            continue
        for want_source, source_col, amount, amount_col in (
            (g["source"], "source", g["budget_year_amount"], "budget_year_10k_yuan"),
            (g["prior_source"], "prior_source", g["prior_year_amount"], "prior_year_10k_yuan"),
        ):
            if want_source not in TABLE_SOURCES and want_source != "":
                continue
            want = None if amount.strip() == "" else Decimal(amount)
            have = r[amount_col]
            same = want == have if want is None or have is None else want == Decimal(have)
            if not same:
                out.append(f"{g['item']} {amount_col}: {have} != {want}")
            if (want_source or None) != r[source_col]:
                out.append(f"{g['item']} {source_col}: {r[source_col]} != {want_source or None}")
    return out


REPORTS = {
    "expenditure_by_function": expenditure_by_function,
    "basic_expenditure_by_economic": basic_expenditure_by_economic,
    "income_by_source": income_by_source,
    "three_public": three_public,
}
