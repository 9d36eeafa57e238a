"""Every layout variant of the corpus, read by the real refresh, against the golden facts.

The four corpus documents are re-rendered in the pairwise-covering layouts of
:mod:`tests.layouts` (ruling, numbering, codes, unit, orientation, continuation, font,
issuer line), refreshed into one temporary warehouse exactly as ``budgetwh refresh`` does,
and each variant's report rows are compared with the golden facts of its source document.
A variant is found by its file name (``dim_document.file_name``), never by assuming its
``document_id``.

Before blaming the pipeline, each variant's rendering is checked: every placed cell must
read back (pdfium, inside its own box) as its text; a failure that says ``renderer`` is a
bug in the harness, any other is a pipeline misreading.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import time
from pathlib import Path

import pytest

from tests.golden_facts import GOLDEN, REPORTS, document_id_of, rows
from tests.layouts.corpus import CORPUS, Variant, load_documents, variants
from tests.shared import require

pytestmark = pytest.mark.slow


def _doc_ids() -> list[str]:
    """Source documents in golden order (the repository's copy: collection needs no corpus)."""
    with (GOLDEN / "documents.csv").open(encoding="utf-8", newline="") as fh:
        return [row["doc_id"] for row in csv.DictReader(fh)]


VARIANTS = variants(_doc_ids())
CHECKS = [*REPORTS, "document"]


def _require_corpus() -> None:
    require(CORPUS / "manifest.csv")


def _build(root: Path) -> dict:
    """Render every variant into ``root/raw``, refresh into ``root/marts``; what happened."""
    from pipelines.refresh import extract_changed
    from pipelines.warehouse import build_path_for, build_warehouse, publish
    from tests.layouts.readback import misread_cells
    from tests.layouts.render import render_with_pages

    started = time.monotonic()
    raw, staging = root / "raw", root / "staging"
    raw.mkdir(parents=True, exist_ok=True)
    docs = load_documents()
    misread = {}
    for variant in VARIANTS:
        doc = docs[variant.doc_id]
        data, pages = render_with_pages(doc.tables, doc.department_name, doc.budget_year,
                                        variant.layout)
        (raw / variant.file_name).write_bytes(data)
        misread[variant.stem] = misread_cells(data, pages, limit=5)
    rendered = time.monotonic()
    summary = extract_changed(raw, staging)
    failed = {o.file_name: f"{o.error_kind}: {o.error_message}" for o in summary.failed}
    warehouse = root / "marts" / "warehouse.duckdb"
    build = build_path_for(warehouse)
    dbt_error = None
    try:
        built = build_warehouse(staging, build)
    except RuntimeError as exc:  # a fault of the pipeline: every variant fails with it
        dbt_error = str(exc)
        return {"warehouse": None, "misread": misread, "failed": failed, "dbt_error": dbt_error,
                "seconds": {"render": rendered - started}}
    # A document whose rows failed a data test is kept out of the warehouse: the variant
    # failed, with the tests and rows that said so.
    names = {o.document_id: o.file_name for o in summary.outcomes}
    for document, reason in built.quarantined.items():
        failed[names.get(document, document)] = f"quarantined: {reason}"
    publish(build, warehouse)
    return {
        "warehouse": str(warehouse),
        "misread": misread,
        "failed": failed,
        "dbt_error": dbt_error,
        "seconds": {"render": rendered - started, "refresh": time.monotonic() - rendered},
    }


@pytest.fixture(scope="session")
def layout_harness(tmp_path_factory) -> dict:
    """The harness warehouse, built once per test session (pytest-xdist workers share it)."""
    _require_corpus()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.getbasetemp().parent / "layout-harness"
    else:
        root = tmp_path_factory.mktemp("layout-harness")
    root.mkdir(parents=True, exist_ok=True)
    result_file = root / "result.json"
    with (root / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not result_file.exists():
                result_file.write_text(json.dumps(_build(root), ensure_ascii=False), "utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return json.loads(result_file.read_text("utf-8"))


@pytest.fixture(scope="session")
def harness_con(layout_harness):
    import duckdb

    con = duckdb.connect(layout_harness["warehouse"], read_only=True)
    yield con
    con.close()


def _document_matches(con, document_id: str, doc_id: str) -> list[str]:
    with (GOLDEN / "documents.csv").open(encoding="utf-8", newline="") as fh:
        want = next(r for r in csv.DictReader(fh) if r["doc_id"] == doc_id)
    got = rows(con, "select department_name, budget_year from dim_document "
                    "where document_id = ?", [document_id])[0]
    out = []
    if got["department_name"] != want["department_name"]:
        out.append(f"department_name: {got['department_name']} != {want['department_name']}")
    if got["budget_year"] != int(want["budget_year"]):
        out.append(f"budget_year: {got['budget_year']} != {want['budget_year']}")
    return out


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.stem)
def test_variant_matches_golden(layout_harness, harness_con, variant: Variant, check: str):
    where = f"{variant.file_name} ({variant.layout.describe()})"
    misread = layout_harness["misread"][variant.stem]
    assert not misread, f"renderer bug in {where}: cells do not read back: {misread}"
    assert layout_harness["warehouse"], f"no warehouse built: {layout_harness['dbt_error']}"
    failed = layout_harness["failed"].get(variant.file_name)
    assert failed is None, f"pipeline failed on {where}: {failed}"
    document_id = document_id_of(harness_con, variant.file_name)
    assert document_id is not None, f"{where}: not in dim_document"
    if check == "document":
        mismatches = _document_matches(harness_con, document_id, variant.doc_id)
    else:
        mismatches = REPORTS[check](harness_con, document_id, variant.doc_id)
    assert not mismatches, (
        f"{check} of {where} differs from the golden facts of {variant.doc_id} "
        f"({len(mismatches)}): {mismatches[:8]}"
    )


def test_harness_warehouse_passes_its_data_tests(layout_harness):
    """The build over all variants together publishes (no fault of the pipeline)."""
    assert layout_harness["dbt_error"] is None, layout_harness["dbt_error"]
