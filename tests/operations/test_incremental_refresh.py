"""A refresh costs what changed, and gives the marts a full build gives.

One raw folder goes through the refreshes an operator runs (``budgetwh refresh``, in order):

1. two budgets: the first build, in full (nothing was published before);
2. one budget more and a document read so poorly that a data test fails on its rows: an
   incremental build that quarantines it;
3. nothing changed: no dbt build at all, the published file untouched, the quarantined
   document still reported;
4. the poor document replaced by a well-read version (a changed file: a new document, the
   old one gone) and a budget removed: an incremental build, the fixed document back in.

An incremental build's data tests of per-document models read the changed documents' rows
(the quarantine in 2. is found by them); a full build's read every row, and so do an
incremental build's that made its documents in more than one batch (4.).

After every build, a ``--full`` refresh of a copy of the same staging store into another
file, made a document at a time, must give the same tables, row for row and keys included.
(The folder is small, so every change is a large share of it: the share above which a
refresh builds in full instead, ``build_plan.MOST``, is lifted for the test.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines import build_plan
from pipelines import warehouse as warehouse_module
from pipelines.staging.store import StagingStore
from pipelines.warehouse import build_path_for, staging_dir_for
from tests.operations import documents as docs
from tests.warehouse_rows import every_table

pytestmark = pytest.mark.slow
RAW_SAMPLES = Path(__file__).resolve().parents[2] / "data" / "raw"
FIRST = ("changchun-shebaoju-2021.pdf", "haidong-shebao-2024.pdf")
ADDED = "fenyang-shebao-2024.pdf"
POOR = "odd-layout.pdf"


def refresh(raw: Path, warehouse: Path, *extra: str):
    from pipelines.cli import app

    return CliRunner().invoke(
        app,
        ["refresh", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--workers", "2",
         *extra],
    )


def said(output: str, words: str) -> bool:
    """Whether ``words`` appear in ``output``, however the console wrapped its lines."""
    return " ".join(words.split()) in " ".join(output.split())


def assert_same_as_full(raw: Path, warehouse: Path, base: Path, monkeypatch) -> None:
    """A ``--full`` refresh of a copy of the staging store gives the same tables.

    Made a document at a time (batches of one), as a collection too large for DuckDB's
    memory is: the batches' rows and a quarantine found after them give the same marts.
    """
    other = base / "full" / "warehouse.duckdb"
    shutil.rmtree(other.parent, ignore_errors=True)
    other_staging = staging_dir_for(other)
    shutil.copytree(staging_dir_for(warehouse), other_staging)
    with StagingStore(other_staging, read_only=True) as store:
        stored = len(store.extractions())
    with monkeypatch.context() as patched:
        patched.setenv("BUDGETWH_BATCH_DOCUMENTS", "1")
        ran = refresh(raw, other, "--full")
    assert ran.exit_code in (0, 1), ran.output
    assert said(ran.output, "0 extracted"), ran.output  # the same staging, nothing read again
    assert said(ran.output, f"made the documents in {stored} batches"), ran.output
    incremental, full = every_table(warehouse), every_table(other)
    assert sorted(incremental) == sorted(full)
    for name in full:
        assert incremental[name][0] == full[name][0], name
        assert incremental[name][1] == full[name][1], name


def changed_document_tests(warehouse: Path) -> set[str]:
    """The data tests of the last build of ``warehouse`` that read the changed documents only."""
    target = build_path_for(warehouse).parent / "target"
    results = json.loads((target / "run_results.json").read_text("utf-8"))["results"]
    return {
        result["unique_id"].split(".")[2]
        for result in results
        if result["unique_id"].startswith("test.")
        and "changed_documents_rows" in (result.get("compiled_code") or "")
    }


def document_ids(warehouse: Path, table: str) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {r[0] for r in con.execute(f"select distinct document_id from {table}").fetchall()}


def status_by_file(warehouse: Path) -> dict[str, tuple[str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select file_name, status, document_id from document_status")
        return {name: (status, doc) for name, status, doc in rows.fetchall()}


def test_incremental_refreshes_give_the_marts_of_a_full_build(tmp_path, monkeypatch):
    monkeypatch.setattr(build_plan, "MOST", 1.0)
    raw, warehouse = tmp_path / "raw", tmp_path / "marts" / "warehouse.duckdb"
    raw.mkdir()
    for name in FIRST:
        shutil.copyfile(RAW_SAMPLES / name, raw / name)

    # 1. the first build
    first = refresh(raw, warehouse)
    assert first.exit_code == 0, first.output
    assert said(first.output, "(full: no record of what the published warehouse holds)")
    assert changed_document_tests(warehouse) == set()

    # 2. a budget added, a poorly read document quarantined: incremental
    shutil.copyfile(RAW_SAMPLES / ADDED, raw / ADDED)
    docs.poorly_read_pdf(raw / POOR)
    added = refresh(raw, warehouse)
    assert added.exit_code == 1, added.output
    assert said(added.output, "(incremental: 2 documents changed)"), added.output
    assert said(added.output, f"quarantined {POOR}: data test"), added.output
    status = status_by_file(warehouse)
    assert status[ADDED][0] == "loaded" and status[POOR][0] == "quarantined"
    poor_id = status[POOR][1]
    assert status[ADDED][1] in document_ids(warehouse, "fct_expenditure")
    for fact in ("fct_income", "fct_expenditure", "fct_reconciliation", "dim_document"):
        assert poor_id not in document_ids(warehouse, fact), fact
    scoped = changed_document_tests(warehouse)
    assert "unique_fct_income_income_key" in scoped, sorted(scoped)
    assert any(name.startswith("unique_combination_of_columns_stg_budget__line_items")
               for name in scoped)
    assert "unique_dim_document_document_id" not in scoped  # a model across documents
    assert_same_as_full(raw, warehouse, tmp_path, monkeypatch)

    # 3. nothing changed: no dbt build, the published file untouched, still needs attention
    def no_build(*args, **kwargs):
        raise AssertionError(f"dbt ran on a refresh with nothing to do: {args}")

    before = warehouse.stat()
    with monkeypatch.context() as patched:
        patched.setattr(warehouse_module, "run_dbt", no_build)
        idle = refresh(raw, warehouse)
    assert idle.exit_code == 1, idle.output
    assert said(idle.output, "Up to date: no document changed"), idle.output
    assert said(idle.output, "1 quarantined"), idle.output
    assert said(idle.output, f"quarantined {POOR}: data test"), idle.output
    after = warehouse.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    # 4. the poor document fixed (a changed file), a budget removed: incremental
    # (made in batches of two documents: the tests then read every row)
    docs.poorly_read_pdf(raw / POOR, income_heading="预算数")
    (raw / FIRST[1]).unlink()
    with monkeypatch.context() as patched:
        patched.setenv("BUDGETWH_BATCH_DOCUMENTS", "2")
        fixed = refresh(raw, warehouse)
    assert fixed.exit_code == 0, fixed.output
    assert said(fixed.output, "(incremental: 3 documents changed)"), fixed.output
    assert said(fixed.output, "made the documents in 2 batches"), fixed.output
    assert changed_document_tests(warehouse) == set()
    status = status_by_file(warehouse)
    assert FIRST[1] not in status
    assert status[POOR][0] == "loaded" and status[POOR][1] != poor_id
    assert status[POOR][1] in document_ids(warehouse, "fct_income")
    assert poor_id not in document_ids(warehouse, "fct_income")
    with StagingStore(staging_dir_for(warehouse), read_only=True) as store:
        assert store.quarantined() == {}
    assert_same_as_full(raw, warehouse, tmp_path, monkeypatch)
