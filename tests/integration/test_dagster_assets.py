"""The Dagster assets stage documents exactly as the CLI does, many per run, under its lock."""

import shutil

import dagster as dg
import duckdb
import pytest
from polars.testing import assert_frame_equal

from pipelines.identity import document_id, sha256_of
from pipelines.staging.store import StagingStore
from tests.conftest import RAW
from tests.warehouse_rows import every_table

SAMPLE = "haidong-shebao-2024.pdf"
OTHER = "fenyang-shebao-2024.pdf"
# Written at extraction time: equal only up to the clock.
TIMESTAMPS = {"extracted_at"}


def _id(name: str) -> str:
    """The document id of a bundled sample (its content's)."""
    return document_id(sha256_of(RAW / name))


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


def _materializations(result, partition):
    """The partition's materializations of its document's data (every file, loaded or not,
    gets an extraction record: ``budget/extractions`` is not the document's data)."""
    return [
        m for m in result.asset_materializations_for_node("extracted_document")
        if m.partition == partition and m.asset_key != dg.AssetKey(["budget", "extractions"])
    ]


def _metadata(result, entity, partition):
    (event,) = [
        m for m in _materializations(result, partition)
        if m.asset_key == dg.AssetKey(["budget", entity])
    ]
    return {k: v.value for k, v in event.metadata.items()}


def _extraction(staging, file_name: str) -> dict | None:
    """The staging store's extraction record of the document a file holds."""
    with StagingStore(staging, read_only=True) as store:
        record = store.files().get(file_name)
        return store.extractions().get(record.document_id) if record else None


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
    from pipelines.defs.assets import STAGING_ENTITIES
    from pipelines.refresh import extract_changed

    raw = _raw(tmp_path, SAMPLE)
    staging = tmp_path / "staging"
    result = _materialize(tmp_path, [SAMPLE])
    assert result.success

    status = _extraction(staging, SAMPLE)
    assert status["status"] == "loaded" and status["file_name"] == SAMPLE
    assert status["document_id"] == _id(SAMPLE)
    assert status["tables_found"] > 0 and status["page_count"] > 0

    # Identical staging to the CLI's refresh of the same raw folder.
    cli_staging = tmp_path / "cli_staging"
    assert not extract_changed(raw, cli_staging, workers=1).failed
    with (
        StagingStore(staging, read_only=True) as ours,
        StagingStore(cli_staging, read_only=True) as cli,
    ):
        assert ours.tables() == cli.tables()
        for entity in STAGING_ENTITIES:
            doc = None if entity == "files" else _id(SAMPLE)
            expected, actual = cli.frame(entity, doc), ours.frame(entity, doc)
            keep = [c for c in expected.columns if c not in TIMESTAMPS]
            assert_frame_equal(actual.select(keep), expected.select(keep))
            if entity != "extractions":  # a run's record: one row per file of the run
                row_count = _metadata(result, entity, SAMPLE)["dagster/row_count"]
                assert row_count == actual.height, entity

    tables = _metadata(result, "tables", SAMPLE)
    assert sum(tables["table_types"].values()) == status["tables_found"]
    assert "| 1 |" in tables["tables"]  # the listing names each table with its pages
    documents = _metadata(result, "documents", SAMPLE)
    assert documents["page_count"] == status["page_count"]
    (loaded,) = result.get_asset_check_evaluations()
    assert loaded.check_name == "document_loaded" and loaded.passed
    assert loaded.metadata["action"].value == "extracted"
    assert loaded.partition == SAMPLE


def test_bad_document_is_recorded_not_a_failed_run(tmp_path):
    _write_not_a_pdf(_raw(tmp_path))
    staging = tmp_path / "staging"
    result = _materialize(tmp_path, ["notes.pdf"])
    assert result.success

    status = _extraction(staging, "notes.pdf")
    assert status["status"] == "failed"
    assert status["error_kind"] == "not_pdf"
    assert "notes.pdf" in status["error_message"]
    with StagingStore(staging, read_only=True) as store:
        assert store.rows("documents", status["document_id"]) == 0
    # Not materialized: its check is red, with the reason.
    assert _materializations(result, "notes.pdf") == []
    (loaded,) = result.get_asset_check_evaluations()
    assert not loaded.passed and loaded.severity == dg.AssetCheckSeverity.ERROR
    assert loaded.partition == "notes.pdf"
    assert loaded.metadata["error_kind"].value == "not_pdf"
    assert loaded.description.startswith("[not_pdf] notes.pdf: ")


def test_a_duplicate_of_a_failed_document_is_not_materialized(tmp_path):
    raw = _raw(tmp_path)
    _write_not_a_pdf(raw)
    # The first name in order is the document's file, the other its duplicate.
    shutil.copy(raw / "notes.pdf", raw / "notes2.pdf")
    result = _materialize(tmp_path, ["notes.pdf", "notes2.pdf"])
    assert result.success
    checks = {e.partition: e for e in result.get_asset_check_evaluations()}
    assert _materializations(result, "notes2.pdf") == []
    copy = checks["notes2.pdf"]
    assert not copy.passed and copy.severity == dg.AssetCheckSeverity.ERROR
    assert "the same content as notes.pdf" in copy.description
    assert not checks["notes.pdf"].passed


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
    # Each partition's materialization carries its own document's metadata; the bad one
    # has none.
    assert checks[SAMPLE].metadata["status"].value == "loaded"
    assert _metadata(result, "documents", SAMPLE)["document_id"] == _id(SAMPLE)
    assert _materializations(result, "notes.pdf") == []
    assert _extraction(staging, "notes.pdf")["status"] == "failed"
    with StagingStore(staging, read_only=True) as store:
        assert store.rows("documents", _id(SAMPLE)) == 1


def test_only_changed_leaves_current_documents_as_staged(tmp_path):
    _write_not_a_pdf(_raw(tmp_path))
    staging = tmp_path / "staging"
    instance = dg.DagsterInstance.ephemeral()
    assert _materialize(tmp_path, ["notes.pdf"], instance).success
    written = _extraction(staging, "notes.pdf")["extracted_at"]

    again = _materialize(tmp_path, ["notes.pdf"], instance, only_changed=True)
    assert again.success
    assert _extraction(staging, "notes.pdf")["extracted_at"] == written  # not extracted again
    (loaded,) = again.get_asset_check_evaluations()
    assert not loaded.passed  # the recorded failure is still reported
    assert loaded.metadata["error_kind"].value == "not_pdf"

    # Without only_changed the document is extracted again.
    assert _materialize(tmp_path, ["notes.pdf"], instance).success
    assert _extraction(staging, "notes.pdf")["extracted_at"] > written


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
    assert not (tmp_path / "staging").exists()

    # Released after a run: the next refresh takes it at once.
    assert _materialize(tmp_path, ["notes.pdf"]).success
    assert _extraction(tmp_path / "staging", "notes.pdf")["error_kind"] == "not_pdf"
    assert lock_path_for(warehouse).read_text() == ""
    with refresh_lock(warehouse, wait_seconds=0):
        pass


def test_missing_file_is_its_documents_outcome_not_the_runs(tmp_path):
    """A file removed between the request and the run fails its own check; the rest land."""
    _write_not_a_pdf(_raw(tmp_path))
    result = _materialize(tmp_path, ["gone.pdf", "notes.pdf"])
    assert result.success
    checks = {e.partition: e for e in result.get_asset_check_evaluations()}
    assert not checks["gone.pdf"].passed
    assert checks["gone.pdf"].severity == dg.AssetCheckSeverity.ERROR
    assert checks["gone.pdf"].metadata["error_kind"].value == "not_found"
    assert "gone.pdf: not found in" in checks["gone.pdf"].description
    assert _materializations(result, "gone.pdf") == []
    # The other document of the run was staged all the same.
    assert checks["notes.pdf"].metadata["error_kind"].value == "not_pdf"
    assert _extraction(tmp_path / "staging", "notes.pdf")["status"] == "failed"
    assert _extraction(tmp_path / "staging", "gone.pdf") is None


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
    # the documents made one at a time, as in a collection too large for DuckDB's memory: the
    # batches before the last are dbt processes of their own, the last is Dagster's build
    monkeypatch.setenv("BUDGETWH_BATCH_DOCUMENTS", "1")

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
        loaded = dict(con.sql("select file_name, document_id from dim_document").fetchall())
    assert loaded == {SAMPLE: _id(SAMPLE), OTHER: _id(OTHER)}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        facts = con.sql("select distinct document_id from fct_expenditure").fetchall()
    facts = {document for (document,) in facts}
    assert facts == {_id(SAMPLE), _id(OTHER)}  # the earlier batch's rows and the last one's

    # Every document has its own checks: the bad one fails document_loaded only.
    evaluations = {(e.check_name, e.partition): e for e in result.get_asset_check_evaluations()}
    for partition in partitions:
        assert ("document_loaded", partition) in evaluations
        assert ("reconciles", partition) in evaluations
    assert not evaluations[("document_loaded", "notes.pdf")].passed
    assert evaluations[("document_loaded", SAMPLE)].passed
    assert evaluations[("reconciles", SAMPLE)].metadata["document_id"].value == _id(SAMPLE)
    assert lock_path_for(warehouse).read_text() == ""  # released after the run

    # A subset run (one model chosen in the UI) rebuilds that model whole from every document
    # (never from the CLI's list of changed ones), keeps every other table of the published
    # file, and leaves the record of what the published build was made from.
    before = every_table(warehouse, schemas=("main", "build_record"), left_out=())
    subset = defs.resolve_job_def("build_warehouse").execute_in_process(
        instance=instance,
        asset_selection=[dg.AssetKey(["fct_income"])],
        run_config=_resources_config(paths),
    )
    assert subset.success
    assert "--full-refresh" in invocations[-1]
    built = {m.asset_key for m in subset.get_asset_materialization_events()}
    assert built == {dg.AssetKey(["fct_income"])}
    assert every_table(warehouse, schemas=("main", "build_record"), left_out=()) == before


def _resources_config(paths) -> dict:
    return {
        "resources": {
            "paths": {
                "config": {
                    "raw_dir": paths.raw_dir,
                    "staging_dir": paths.staging_dir,
                    "warehouse": paths.warehouse,
                }
            }
        }
    }


@pytest.mark.slow
def test_every_kind_of_file_is_told_apart_through_dagster(defs, tmp_path):
    """Trust: each file's partition says the truth — materialized only when its document
    loaded, a red check with the reason otherwise, the quarantined document's reconciles
    check red too.

    Extraction, build and checks run as three runs (the extraction over every partition
    in one run): within one refresh_all run the dbt step is skipped, see
    test_refresh_all_over_several_documents_builds_the_warehouse_once.
    """
    from pipelines.defs.assets import STAGING_ENTITIES
    from pipelines.defs.checks import reconciles
    from tests.operations import documents as docs

    expected = docs.trust_folder(tmp_path / "raw")
    partitions = sorted(expected)
    instance = dg.DagsterInstance.ephemeral()
    paths = _paths(tmp_path)

    # 1. One extraction run over every partition.
    extracted = _materialize(tmp_path, partitions, instance)
    assert extracted.success
    loaded_checks = {e.partition: e for e in extracted.get_asset_check_evaluations()}
    assert set(loaded_checks) == set(partitions)
    for name, (status, kind) in expected.items():
        check = loaded_checks[name]
        assert check.check_name == "document_loaded"
        assert check.severity == dg.AssetCheckSeverity.ERROR
        materialized = {m.asset_key for m in _materializations(extracted, name)}
        if status in ("loaded", "duplicate", "quarantined"):  # quarantined: by the build
            assert check.passed, (name, check.description)
            data = {dg.AssetKey(["budget", e]) for e in STAGING_ENTITIES if e != "extractions"}
            assert materialized == data
        else:
            assert not check.passed and materialized == set(), name
            assert check.metadata["error_kind"].value == kind, name
            assert check.description.startswith(f"[{kind}] {name}: "), check.description

    # 2. The warehouse build quarantines the poorly read document and publishes the rest.
    built = defs.resolve_job_def("build_warehouse").execute_in_process(
        instance=instance, run_config=_resources_config(paths)
    )
    assert built.success
    with duckdb.connect(str(paths.warehouse_path), read_only=True) as con:
        status = {
            name: (state, kind, doc)
            for name, state, kind, doc in con.execute(
                "select file_name, status, error_kind, document_id from document_status"
            ).fetchall()
        }
        majors = dict(con.execute(
            "select document_id, count(*) filter (where status = 'fail' and severity = 'major') "
            "from fct_reconciliation group by document_id"
        ).fetchall())
    assert {name: (state, kind) for name, (state, kind, _) in status.items()} == expected

    # 3. The reconciles check of every partition, read from the published warehouse.
    checks_job = dg.define_asset_job("reconcile", selection=dg.AssetSelection.checks(reconciles))
    checked = dg.Definitions(
        assets=list(defs.assets), asset_checks=[reconciles], jobs=[checks_job],
        resources=defs.resources,
    ).resolve_job_def("reconcile").execute_in_process(
        instance=instance, tags=_run_tags(partitions), run_config=_resources_config(paths)
    )
    assert checked.success
    verdicts = {e.partition: e for e in checked.get_asset_check_evaluations()}
    assert set(verdicts) == set(partitions)
    odd = verdicts[docs.TRUST_QUARANTINED]
    assert not odd.passed and odd.severity == dg.AssetCheckSeverity.ERROR
    assert odd.description.startswith("quarantined: ")
    assert "not_null_fct_income_income_measure" in odd.description
    for name in [*docs.TRUST_SAMPLES, docs.TRUST_DUPLICATE, docs.TRUST_FINAL_ACCOUNTS]:
        verdict, document = verdicts[name], status[name][2]
        # A finding about the publisher's arithmetic warns; it passes without a major one.
        assert verdict.severity == dg.AssetCheckSeverity.WARN, name
        assert verdict.metadata["document_id"].value == document
        assert verdict.passed == (majors[document] == 0), name
    for name, (state, _) in expected.items():
        if state in ("failed", "unsupported"):
            assert not verdicts[name].passed, name
