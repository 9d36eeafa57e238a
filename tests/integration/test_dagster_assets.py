"""The Dagster assets stage documents exactly as the CLI does, many per run, under its lock."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import RAW

SAMPLE = "haidong-shebao-2024.pdf"
DOCUMENT_ID = "haidong-shebao-2024"
OTHER = "fenyang-shebao-2024.pdf"
# Written at extraction time: equal only up to the clock.
TIMESTAMPS = {"extracted_at"}


def _paths(tmp_path):
    from pipelines.defs.resources import BudgetPaths

    return BudgetPaths(
        raw_dir=str(tmp_path / "raw"),
        staging_dir=str(tmp_path / "staging"),
        warehouse=str(tmp_path / "marts" / "warehouse.duckdb"),
    )


def _run_tags(partitions: list[str]) -> dict[str, str]:
    from pipelines.defs.partitions import range_tags

    return range_tags(partitions[0], partitions[-1])


def _materialize(tmp_path, partitions: list[str], instance=None, **config):
    """Materialise the extraction asset for a run over ``partitions`` (a range, in order)."""
    from pipelines.defs.assets import extracted_document

    instance = instance or dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("documents", partitions)
    return dg.materialize(
        [extracted_document],
        tags=_run_tags(partitions),
        instance=instance,
        resources={"paths": _paths(tmp_path)},
        run_config={"ops": {"extracted_document": {"config": config}}} if config else None,
    )


def _metadata(result, entity, partition):
    (event,) = [
        m
        for m in result.asset_materializations_for_node("extracted_document")
        if m.asset_key == dg.AssetKey(["budget", entity]) and m.partition == partition
    ]
    return {k: v.value for k, v in event.metadata.items()}


def _raw(tmp_path, *names: str):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(RAW / name, raw / name)
    return raw


def _write_not_a_pdf(raw):
    (raw / "notes.pdf").write_text("this is a text file with a .pdf name")


@pytest.mark.slow
def test_extracted_document_stages_one_document_like_the_cli(tmp_path):
    from pipelines.refresh import extract_changed

    raw = _raw(tmp_path, SAMPLE)
    staging = tmp_path / "staging"
    result = _materialize(tmp_path, [SAMPLE])
    assert result.success

    status = pl.read_parquet(staging / "document_status" / f"{DOCUMENT_ID}.parquet").row(
        0, named=True
    )
    assert status["status"] == "loaded" and status["file_name"] == SAMPLE
    assert status["tables_found"] > 0 and status["page_count"] > 0

    # Identical staging to the CLI's refresh of the same raw folder.
    cli_staging = tmp_path / "cli_staging"
    assert not extract_changed(raw, cli_staging, workers=1).failed
    for entity_dir in sorted(p for p in cli_staging.iterdir() if p.is_dir()):
        cli_file = entity_dir / f"{DOCUMENT_ID}.parquet"
        ours = staging / entity_dir.name / f"{DOCUMENT_ID}.parquet"
        assert ours.exists() == cli_file.exists(), entity_dir.name
        if cli_file.exists():
            expected = pl.read_parquet(cli_file)
            actual = pl.read_parquet(ours)
            keep = [c for c in expected.columns if c not in TIMESTAMPS]
            assert_frame_equal(actual.select(keep), expected.select(keep))
            assert _metadata(result, entity_dir.name, SAMPLE)["dagster/row_count"] == actual.height
        assert (staging / entity_dir.name / "_schema.parquet").exists()

    tables = _metadata(result, "tables", SAMPLE)
    assert sum(tables["table_types"].values()) == status["tables_found"]
    assert "| 1 |" in tables["tables"]  # the listing names each table with its pages
    documents = _metadata(result, "documents", SAMPLE)
    assert documents["page_count"] == status["page_count"]
    assert _metadata(result, "document_status", SAMPLE)["action"] == "extracted"
    (loaded,) = result.get_asset_check_evaluations()
    assert loaded.check_name == "document_loaded" and loaded.passed
    assert loaded.partition == SAMPLE


def test_bad_document_is_recorded_not_a_failed_run(tmp_path):
    _write_not_a_pdf(_raw(tmp_path))
    staging = tmp_path / "staging"
    result = _materialize(tmp_path, ["notes.pdf"])
    assert result.success

    status = pl.read_parquet(staging / "document_status" / "notes.parquet").row(0, named=True)
    assert status["status"] == "failed"
    assert status["error_kind"] == "not_pdf"
    assert "notes.pdf" in status["error_message"]
    assert not (staging / "documents" / "notes.parquet").exists()
    (loaded,) = result.get_asset_check_evaluations()
    assert not loaded.passed and loaded.severity == dg.AssetCheckSeverity.WARN
    assert loaded.partition == "notes.pdf"
    assert loaded.metadata["error_kind"].value == "not_pdf"


@pytest.mark.slow
def test_a_run_over_several_documents_fails_only_the_bad_one(tmp_path):
    raw = _raw(tmp_path, SAMPLE)
    _write_not_a_pdf(raw)
    staging = tmp_path / "staging"
    partitions = [SAMPLE, "notes.pdf"]
    result = _materialize(tmp_path, partitions)
    assert result.success
    # One step extracted both documents.
    (step,) = {e.step_key for e in result.all_events if e.is_step_start}
    assert step == "extracted_document"

    checks = {e.partition: e for e in result.get_asset_check_evaluations()}
    assert set(checks) == set(partitions)
    assert checks[SAMPLE].passed
    assert not checks["notes.pdf"].passed
    assert checks["notes.pdf"].metadata["error_kind"].value == "not_pdf"
    # Each partition's materialization carries its own document's metadata.
    assert _metadata(result, "document_status", SAMPLE)["status"] == "loaded"
    assert _metadata(result, "document_status", "notes.pdf")["status"] == "failed"
    assert _metadata(result, "documents", "notes.pdf")["dagster/row_count"] == 0
    assert (staging / "documents" / f"{DOCUMENT_ID}.parquet").exists()


def test_only_changed_leaves_current_documents_as_staged(tmp_path):
    _write_not_a_pdf(_raw(tmp_path))
    instance = dg.DagsterInstance.ephemeral()
    assert _materialize(tmp_path, ["notes.pdf"], instance).success
    status_file = tmp_path / "staging" / "document_status" / "notes.parquet"
    written = status_file.stat().st_mtime_ns

    again = _materialize(tmp_path, ["notes.pdf"], instance, only_changed=True)
    assert again.success
    assert _metadata(again, "document_status", "notes.pdf")["action"] == "unchanged"
    assert status_file.stat().st_mtime_ns == written  # not extracted again
    (loaded,) = again.get_asset_check_evaluations()
    assert not loaded.passed  # the recorded failure is still reported


def test_extraction_waits_for_the_warehouse_lock_then_fails_naming_it(tmp_path):
    from pipelines.warehouse import lock_path_for, refresh_lock

    _write_not_a_pdf(_raw(tmp_path))
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    with refresh_lock(warehouse):  # a `budgetwh refresh` is running
        with pytest.raises(dg.Failure) as failed:
            _materialize(tmp_path, ["notes.pdf"], lock_wait_seconds=0.5)
    message = failed.value.description
    assert f"lock {lock_path_for(warehouse)}" in message
    assert "held by budgetwh refresh (pid " in message
    # Nothing was written while the other refresh held the lock.
    assert not (tmp_path / "staging" / "document_status" / "notes.parquet").exists()

    # Released after a run: the next refresh takes it at once.
    assert _materialize(tmp_path, ["notes.pdf"]).success
    assert lock_path_for(warehouse).read_text() == ""
    with refresh_lock(warehouse, wait_seconds=0):
        pass


def test_missing_file_is_its_documents_outcome_not_the_runs(tmp_path):
    """A file removed between the request and the run fails its own check; the rest land."""
    _raw(tmp_path, SAMPLE)
    result = _materialize(tmp_path, ["gone.pdf", SAMPLE])
    assert result.success
    checks = {e.partition: e for e in result.get_asset_check_evaluations()}
    assert checks[SAMPLE].passed
    assert not checks["gone.pdf"].passed
    assert checks["gone.pdf"].metadata["error_kind"].value == "not_found"
    assert "gone.pdf: not found in" in checks["gone.pdf"].description
    assert _metadata(result, "document_status", "gone.pdf")["action"] == "removed"
    assert (tmp_path / "staging" / "document_status" / f"{Path(SAMPLE).stem}.parquet").exists()
    assert not (tmp_path / "staging" / "document_status" / "gone.parquet").exists()


@pytest.mark.slow
def test_refresh_all_over_several_documents_builds_the_warehouse_once(defs, tmp_path, monkeypatch):
    from dagster_dbt import DbtCliResource

    from pipelines.warehouse import lock_path_for

    raw = _raw(tmp_path, SAMPLE, OTHER)
    _write_not_a_pdf(raw)
    invocations = []
    original = DbtCliResource.cli

    def counting(self, args, **kwargs):
        invocations.append(list(args))
        return original(self, args, **kwargs)

    monkeypatch.setattr(DbtCliResource, "cli", counting)

    partitions = [SAMPLE, "notes.pdf", OTHER]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("documents", partitions)
    paths = _paths(tmp_path)
    result = defs.resolve_job_def("refresh_all").execute_in_process(
        instance=instance,
        tags=_run_tags(partitions),
        run_config={
            "resources": {
                "paths": {
                    "config": {
                        "raw_dir": paths.raw_dir,
                        "staging_dir": paths.staging_dir,
                        "warehouse": paths.warehouse,
                    }
                }
            }
        },
    )
    assert result.success

    # Three documents, one extraction step and one dbt build.
    assert [args[0] for args in invocations] == ["build"]
    starts = [e.step_key for e in result.all_events if e.is_step_start]
    assert starts.count("extracted_document") == 1
    dim_document = [
        m
        for m in result.get_asset_materialization_events()
        if m.asset_key == dg.AssetKey(["dim_document"])
    ]
    assert len(dim_document) == 1

    warehouse = paths.warehouse_path
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded = {row[0] for row in con.sql("select document_id from dim_document").fetchall()}
    assert {DOCUMENT_ID, OTHER.removesuffix(".pdf")} <= loaded

    # Every document has its own checks: the bad one fails document_loaded only.
    evaluations = {(e.check_name, e.partition): e for e in result.get_asset_check_evaluations()}
    for partition in partitions:
        assert ("document_loaded", partition) in evaluations
        assert ("reconciles", partition) in evaluations
    assert not evaluations[("document_loaded", "notes.pdf")].passed
    assert evaluations[("document_loaded", SAMPLE)].passed
    assert lock_path_for(warehouse).read_text() == ""  # released after the run
