"""The extraction asset materialised by Dagster stages a document exactly as the CLI does."""

import shutil

import dagster as dg
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import RAW

SAMPLE = "haidong-shebao-2024.pdf"
DOCUMENT_ID = "haidong-shebao-2024"
# Written at extraction time: equal only up to the clock.
TIMESTAMPS = {"extracted_at"}


def _materialize(raw, staging, warehouse, partition):
    from pipelines.defs.assets import extracted_document
    from pipelines.defs.resources import BudgetPaths

    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("documents", [partition])
    paths = BudgetPaths(raw_dir=str(raw), staging_dir=str(staging), warehouse=str(warehouse))
    return dg.materialize(
        [extracted_document],
        partition_key=partition,
        instance=instance,
        resources={"paths": paths},
    )


def _metadata(result, entity):
    (event,) = [
        m
        for m in result.asset_materializations_for_node("extracted_document")
        if m.asset_key == dg.AssetKey(["budget", entity])
    ]
    return {k: v.value for k, v in event.metadata.items()}


@pytest.mark.slow
def test_extracted_document_stages_one_document_like_the_cli(tmp_path):
    from pipelines.refresh import extract_changed

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SAMPLE, raw / SAMPLE)
    staging = tmp_path / "staging"
    result = _materialize(raw, staging, tmp_path / "marts" / "warehouse.duckdb", SAMPLE)
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
            assert _metadata(result, entity_dir.name)["dagster/row_count"] == actual.height
        assert (staging / entity_dir.name / "_schema.parquet").exists()

    tables = _metadata(result, "tables")
    assert sum(tables["table_types"].values()) == status["tables_found"]
    assert "| 1 |" in tables["tables"]  # the listing names each table with its pages
    documents = _metadata(result, "documents")
    assert documents["page_count"] == status["page_count"]
    (loaded,) = result.get_asset_check_evaluations()
    assert loaded.check_name == "document_loaded" and loaded.passed
    assert loaded.partition == SAMPLE


def test_bad_document_is_recorded_not_a_failed_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.pdf").write_text("this is a text file with a .pdf name")
    staging = tmp_path / "staging"
    result = _materialize(raw, staging, tmp_path / "marts" / "warehouse.duckdb", "notes.pdf")
    assert result.success

    status = pl.read_parquet(staging / "document_status" / "notes.parquet").row(0, named=True)
    assert status["status"] == "failed"
    assert status["error_kind"] == "not_pdf"
    assert "notes.pdf" in status["error_message"]
    assert not (staging / "documents" / "notes.parquet").exists()
    (loaded,) = result.get_asset_check_evaluations()
    assert not loaded.passed and loaded.severity == dg.AssetCheckSeverity.WARN
    assert loaded.metadata["error_kind"].value == "not_pdf"


def test_missing_file_fails_the_run_with_the_reason(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(dg.Failure, match="gone.pdf: not found"):
        _materialize(raw, tmp_path / "staging", tmp_path / "w.duckdb", "gone.pdf")
