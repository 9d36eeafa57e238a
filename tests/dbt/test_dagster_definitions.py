"""The Dagster code location: it loads, and its sensor and schedule request the right runs."""

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

DOCUMENTS = "documents"


@pytest.fixture
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def _apply(result: dg.SensorResult, instance) -> None:
    """Do what the sensor daemon does with the partition requests."""
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def _tick(sensor, instance, raw: Path, cursor: str | None) -> dg.SensorResult:
    from pipelines.defs.resources import BudgetPaths

    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"paths": BudgetPaths(raw_dir=str(raw))}
    )
    result = sensor(context)
    _apply(result, instance)
    return result


def test_definitions_load_with_job_schedule_sensor_and_checks(defs):
    from pipelines.defs.dbt import budgetwh_dbt_assets

    graph = defs.resolve_asset_graph()
    assert defs.resolve_job_def("refresh_all") is not None
    assert defs.resolve_job_def("build_warehouse") is not None
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 * * *", "Asia/Shanghai")
    assert defs.resolve_sensor_def("new_or_changed_documents") is not None
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"budget/documents", "budget/extractions", "budget/files", "dim_document",
            "fct_expenditure"} <= keys
    checks = {k.to_user_string() for k in graph.asset_check_keys}
    assert {"budget/extractions:reconciles", "budget/extractions:document_loaded"} <= checks
    assert graph.get(dg.AssetKey(["dim_document"])).group_name == "marts"
    assert isinstance(defs.executor, dg.ExecutorDefinition)
    assert defs.executor.name == "multiprocess"
    # Every staging table dbt reads is recorded by the extraction asset: its output (the
    # extraction records, every file) or its per-document events (the documents' data, an
    # asset per table, materialized only for documents that loaded); the quarantine list is
    # the build's own record.
    from pipelines.defs.assets import staged_entities

    sources = budgetwh_dbt_assets.dependency_keys - set(budgetwh_dbt_assets.keys)
    extraction = defs.resolve_assets_def(dg.AssetKey(["budget", "extractions"]))
    produced = (
        set(extraction.keys)
        | {spec.key for spec in staged_entities}
        | {dg.AssetKey(["budget", "quarantine"])}
    )
    assert sources and sources <= produced, sources - produced
    # A run over many document partitions is one run (one extraction, one dbt build).
    assert extraction.backfill_policy == dg.BackfillPolicy.single_run()


def test_diff_hashes_sees_content_not_names():
    from pipelines.defs.sensors import diff_hashes

    changes = diff_hashes(
        {"a.pdf": "1", "b.pdf": "2", "c.pdf": "3"}, {"a.pdf": "1", "b.pdf": "9", "d.pdf": "4"}
    )
    assert (changes.new, changes.changed, changes.removed) == (["d.pdf"], ["b.pdf"], ["c.pdf"])


def _range(request: dg.RunRequest) -> tuple[str, str] | None:
    """The partitions a run request covers: (first, last), or None for an unpartitioned run."""
    from pipelines.defs.partitions import PARTITION_RANGE_END_TAG, PARTITION_RANGE_START_TAG

    assert request.partition_key is None  # runs cover ranges, never one partition key
    if PARTITION_RANGE_START_TAG not in request.tags:
        return None
    return request.tags[PARTITION_RANGE_START_TAG], request.tags[PARTITION_RANGE_END_TAG]


def _only_changed(request: dg.RunRequest) -> bool:
    return request.run_config["ops"]["extracted_document"]["config"]["only_changed"]


def test_sensor_requests_one_run_for_the_new_or_changed_documents(defs, instance, tmp_path):
    from pipelines.defs.sensors import new_or_changed_documents as sensor

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(b"%PDF-1.4 first")
    (raw / "notes.txt").write_text("not a document")

    # A new file: its partition is added and one refresh_all run requested for it.
    first = _tick(sensor, instance, raw, None)
    assert [(r.job_name, _range(r)) for r in first.run_requests] == [
        ("refresh_all", ("a.pdf", "a.pdf"))
    ]
    assert _only_changed(first.run_requests[0])
    assert instance.get_dynamic_partitions(DOCUMENTS) == ["a.pdf"]
    assert set(json.loads(first.cursor)) == {"a.pdf"}

    # Re-scan with nothing changed: no run.
    again = _tick(sensor, instance, raw, first.cursor)
    assert again.run_requests == []

    # Modification time moves, content does not: no run.
    later = time.time() + 120
    os.utime(raw / "a.pdf", (later, later))
    touched = _tick(sensor, instance, raw, again.cursor)
    assert touched.run_requests == []
    assert touched.cursor == first.cursor

    # Content changes and two files arrive at once: one run for all three documents (so one
    # dbt build), over the range of their partitions.
    (raw / "a.pdf").write_bytes(b"%PDF-1.4 second version")
    (raw / "b.pdf").write_bytes(b"%PDF-1.4 another")
    (raw / "c.pdf").write_bytes(b"%PDF-1.4 a third")
    changed = _tick(sensor, instance, raw, touched.cursor)
    assert [(r.job_name, _range(r)) for r in changed.run_requests] == [
        ("refresh_all", ("a.pdf", "c.pdf"))
    ]
    assert changed.run_requests[0].tags["budgetwh/new"] == "2"
    assert changed.run_requests[0].tags["budgetwh/changed"] == "1"
    assert instance.get_dynamic_partitions(DOCUMENTS) == ["a.pdf", "b.pdf", "c.pdf"]

    # Documents that are not neighbours still share one run: the range between them, and the
    # run extracts only what changed (b.pdf, unchanged, stays as staged).
    (raw / "a.pdf").write_bytes(b"%PDF-1.4 third version")
    (raw / "c.pdf").write_bytes(b"%PDF-1.4 c v2")
    apart = _tick(sensor, instance, raw, changed.cursor)
    assert [_range(r) for r in apart.run_requests] == [("a.pdf", "c.pdf")]
    assert _only_changed(apart.run_requests[0])

    # Removed: the partition goes and the warehouse is rebuilt without it (no extraction).
    (raw / "a.pdf").unlink()
    removed = _tick(sensor, instance, raw, apart.cursor)
    assert instance.get_dynamic_partitions(DOCUMENTS) == ["b.pdf", "c.pdf"]
    assert [(r.job_name, _range(r)) for r in removed.run_requests] == [("build_warehouse", None)]
    assert set(json.loads(removed.cursor)) == {"b.pdf", "c.pdf"}

    # A file reverted to an earlier content is a change like any other.
    (raw / "b.pdf").write_bytes(b"%PDF-1.4 b v2")
    v2 = _tick(sensor, instance, raw, removed.cursor)
    (raw / "b.pdf").write_bytes(b"%PDF-1.4 another")
    reverted = _tick(sensor, instance, raw, v2.cursor)
    assert [_range(r) for r in reverted.run_requests] == [("b.pdf", "b.pdf")]

    # A new file while another is removed: one refresh_all run (its dbt step prunes the
    # removed document), with the range over the partitions as they will be.
    (raw / "c.pdf").unlink()
    (raw / "d.pdf").write_bytes(b"%PDF-1.4 d")
    swapped = _tick(sensor, instance, raw, reverted.cursor)
    assert [(r.job_name, _range(r)) for r in swapped.run_requests] == [
        ("refresh_all", ("d.pdf", "d.pdf"))
    ]
    assert instance.get_dynamic_partitions(DOCUMENTS) == ["b.pdf", "d.pdf"]


def test_covering_range_spans_the_first_to_the_last_wanted_partition():
    from pipelines.defs.partitions import covering_range

    order = ["x.pdf", "a.pdf", "m.pdf", "b.pdf"]
    assert covering_range(order, ["b.pdf", "a.pdf"]) == ("a.pdf", "b.pdf")
    assert covering_range(order, ["m.pdf"]) == ("m.pdf", "m.pdf")
    assert covering_range(order, ["b.pdf", "x.pdf"]) == ("x.pdf", "b.pdf")


def test_sensor_skips_when_raw_folder_is_missing(defs, instance, tmp_path):
    from pipelines.defs.resources import BudgetPaths
    from pipelines.defs.sensors import new_or_changed_documents as sensor

    context = dg.build_sensor_context(
        instance=instance, resources={"paths": BudgetPaths(raw_dir=str(tmp_path / "absent"))}
    )
    result = sensor(context)
    assert isinstance(result, dg.SkipReason)
    assert "does not exist" in result.skip_message


def test_daily_schedule_requests_one_run_for_every_document(defs, instance):
    from pipelines.defs.schedules import daily_refresh

    tick = datetime(2026, 3, 1, 22, 0, tzinfo=UTC)
    empty = daily_refresh(
        dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
    )
    assert isinstance(empty, dg.SkipReason)

    instance.add_dynamic_partitions(DOCUMENTS, ["y.pdf", "x.pdf", "z.pdf"])
    request = daily_refresh(
        dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
    )
    # One run over every partition (in their order), so one dbt build; every document is
    # extracted again (no only_changed).
    assert isinstance(request, dg.RunRequest)
    assert _range(request) == ("y.pdf", "z.pdf")
    assert request.run_key == "2026-03-01"
    assert not request.run_config


def test_resource_paths_follow_config_then_environment_then_defaults(monkeypatch, tmp_path):
    from pipelines.defs.resources import PROJECT_ROOT, BudgetPaths

    for var in ("BUDGETWH_RAW_DIR", "BUDGETWH_STAGING_DIR", "BUDGETWH_WAREHOUSE"):
        monkeypatch.delenv(var, raising=False)
    default = BudgetPaths()
    assert default.raw_path == PROJECT_ROOT / "data" / "raw"
    assert default.warehouse_path == PROJECT_ROOT / "data" / "marts" / "warehouse.duckdb"
    assert default.staging_path == PROJECT_ROOT / "data" / "marts" / "warehouse.staging"

    monkeypatch.setenv("BUDGETWH_WAREHOUSE", str(tmp_path / "m" / "w.duckdb"))
    monkeypatch.setenv("BUDGETWH_RAW_DIR", str(tmp_path / "pdfs"))
    from_env = BudgetPaths()
    assert from_env.raw_path == tmp_path / "pdfs"
    # the warehouse's own staging, beside its file, as the CLI
    assert from_env.staging_path == tmp_path / "m" / "w.staging"
    assert BudgetPaths(raw_dir=str(tmp_path / "cfg")).raw_path == tmp_path / "cfg"


def _reconciliation_warehouse(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(
            """
            create table fct_reconciliation (
                document_id varchar, check_id varchar, check_name varchar, location varchar,
                expected_10k_yuan decimal(18, 2), printed_10k_yuan decimal(18, 2),
                difference_10k_yuan decimal(18, 2), severity varchar, status varchar
            )
            """
        )
        con.execute(
            """
            insert into fct_reconciliation values
            ('d1', 'c1', 'total', '收支总表 p.3', 10.00, 10.00, 0.00, null, 'pass'),
            ('d1', 'c2', 'rows', '支出总表 p.5 row 人员经费', 3.01, 3.00, 0.01, 'minor', 'fail'),
            ('d2', 'c1', 'total', '收支总表 p.4', 12.00, 11.00, 1.00, 'major', 'fail')
            """
        )
    return path


def test_reconciliation_check_passes_unless_a_major_check_fails(tmp_path):
    from pipelines.defs.checks import failing_checks, reconciliation_result

    warehouse = _reconciliation_warehouse(tmp_path / "w.duckdb")
    minor_only = reconciliation_result(failing_checks(warehouse, "d1"), "d1", "d1.pdf")
    assert minor_only.passed
    assert minor_only.partition == "d1.pdf"
    assert minor_only.asset_check_key.to_user_string() == "budget/extractions:reconciles"
    assert minor_only.severity == dg.AssetCheckSeverity.WARN
    assert minor_only.metadata["failing_minor"].value == 1
    assert "支出总表 p.5" in minor_only.metadata["failing_checks"].value

    major = reconciliation_result(failing_checks(warehouse, "d2"), "d2", "d2.pdf")
    assert not major.passed
    assert major.metadata["failing_major"].value == 1
    assert "收支总表 p.4" in major.metadata["failing_checks"].value

    assert reconciliation_result(failing_checks(warehouse, "d3"), "d3", "d3.pdf").passed


def test_reconciliation_check_skips_when_the_table_is_not_built(tmp_path):
    from pipelines.defs.checks import failing_checks, reconciliation_result

    assert failing_checks(tmp_path / "absent.duckdb", "d1") is None
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con:
        con.execute("create table dim_document (document_id varchar)")
    rows = failing_checks(tmp_path / "empty.duckdb", "d1")
    assert rows is None
    result = reconciliation_result(rows, "d1", "d1.pdf")
    assert result.passed
    assert result.metadata["status"].value == "not built yet"


def test_prune_removed_documents_drops_staging_of_pdfs_gone_from_raw(defs, tmp_path):
    from pipelines.defs.dbt import prune_removed_documents
    from pipelines.extract.model import ExtractedDocument
    from pipelines.identity import document_id
    from pipelines.refresh import stage_extracted
    from pipelines.staging.store import StagingStore

    raw, staging = tmp_path / "raw", tmp_path / "staging"
    raw.mkdir()
    (raw / "kept.pdf").write_bytes(b"%PDF-1.4 kept")
    kept_sha = __import__("hashlib").sha256(b"%PDF-1.4 kept").hexdigest()
    for name, sha in (("kept", kept_sha), ("gone", "1" * 64)):
        doc = ExtractedDocument(document_id(sha), f"{name}.pdf", sha, 1, None, "某局", 2024)
        stage_extracted(doc, staging)

    assert prune_removed_documents(raw, staging) == [document_id("1" * 64)]
    with StagingStore(staging, read_only=True) as store:
        assert set(store.extractions()) == {document_id(kept_sha)}
        assert store.frame("documents")["document_id"].to_list() == [document_id(kept_sha)]
        assert list(store.files()) == ["kept.pdf"]


def test_build_file_starts_empty_or_from_the_published_warehouse(defs, tmp_path):
    from pipelines.defs.dbt import prepare_build_file
    from pipelines.warehouse import build_path_for

    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    warehouse.write_bytes(b"published")
    build = build_path_for(warehouse)
    build.parent.mkdir(parents=True)
    build.write_bytes(b"left by a killed build")
    (build.parent / f"{build.name}.wal").write_bytes(b"wal")

    prepare_build_file(build, warehouse, is_subset=False)
    assert not build.exists() and not (build.parent / f"{build.name}.wal").exists()
    # A subset rebuilds some models only: every other table must come from the published file.
    prepare_build_file(build, warehouse, is_subset=True)
    assert build.read_bytes() == b"published"


def test_environment_is_restored_after_the_dbt_call(defs, monkeypatch):
    from pipelines.defs.dbt import environment

    monkeypatch.setenv("BUDGETWH_STAGING_DIR", "/before")
    monkeypatch.delenv("BUDGETWH_WAREHOUSE_BUILD", raising=False)
    with environment({"BUDGETWH_STAGING_DIR": "/s", "BUDGETWH_WAREHOUSE_BUILD": "/b"}):
        assert os.environ["BUDGETWH_STAGING_DIR"] == "/s"
        assert os.environ["BUDGETWH_WAREHOUSE_BUILD"] == "/b"
    assert os.environ["BUDGETWH_STAGING_DIR"] == "/before"
    assert "BUDGETWH_WAREHOUSE_BUILD" not in os.environ


def test_refresh_lock_names_its_holder_to_whoever_it_refuses(tmp_path):
    from pipelines.warehouse import RefreshBusy, lock_path_for, refresh_lock

    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    lock_file = lock_path_for(warehouse)
    with refresh_lock(warehouse, holder="dagster run abc (refresh_all)"):
        assert lock_file.read_text().startswith(f"dagster run abc (refresh_all) (pid {os.getpid()}")
        with pytest.raises(RefreshBusy) as refused:
            with refresh_lock(warehouse, wait_seconds=0.3):
                pass
    assert refused.value.lock_path == lock_file
    assert refused.value.holder.startswith("dagster run abc (refresh_all)")
    message = str(refused.value)
    assert message.startswith(f"another refresh is running on {warehouse} (lock {lock_file}")
    assert "held by dagster run abc (refresh_all)" in message
    # Released: the holder's name is gone and the next refresh gets the lock at once.
    assert lock_file.read_text() == ""
    with refresh_lock(warehouse):
        pass


def test_dagster_lock_fails_the_step_with_the_lock_file_and_holder(tmp_path):
    from pipelines.defs.lock import warehouse_lock
    from pipelines.warehouse import lock_path_for, refresh_lock

    warehouse = tmp_path / "warehouse.duckdb"
    with refresh_lock(warehouse):  # a CLI refresh is running
        with pytest.raises(dg.Failure) as failed:
            with warehouse_lock(warehouse, wait_seconds=0.3, holder="dagster run r1"):
                pytest.fail("the body must not run while another refresh holds the lock")
    assert "another refresh is running" in failed.value.description
    assert "held by budgetwh refresh" in failed.value.description
    assert "lock_wait_seconds" in failed.value.description
    assert failed.value.metadata["lock_file"].value == str(lock_path_for(warehouse))
    assert failed.value.metadata["held_by"].value.startswith("budgetwh refresh (pid ")
    # Free again: the Dagster step takes it, writes its name, and releases it.
    with warehouse_lock(warehouse, wait_seconds=0, holder="dagster run r1"):
        assert lock_path_for(warehouse).read_text().startswith("dagster run r1")
    assert lock_path_for(warehouse).read_text() == ""
