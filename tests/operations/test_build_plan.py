"""What a refresh rebuilds, decided from the published build's record (no dbt here).

Documents are staged by hand (``stage_extracted``) and the published warehouse is a DuckDB
file holding only the record ``build_record.inputs``, as a build writes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from pipelines import build_plan
from pipelines import warehouse as warehouse_module
from pipelines.build_plan import (
    FULL,
    INCREMENTAL,
    NOTHING,
    plan_build,
    record_inputs,
    staged_inputs,
)
from pipelines.extract.model import ExtractedDocument
from pipelines.refresh import stage_extracted
from pipelines.staging.store import StagingStore
from pipelines.warehouse import (
    batches,
    build_selection,
    documents_per_batch,
    duckdb_settings,
    memory_limit_mb,
    size_mb,
)

AT = datetime(2024, 1, 1, tzinfo=UTC)


def stage(staging, n: int, *, start: int = 0, at: datetime = AT) -> list[str]:
    ids = []
    for i in range(start, start + n):
        doc_id = f"{i:016x}"
        doc = ExtractedDocument(
            document_id=doc_id, file_name=f"dept{i}.pdf", sha256=doc_id * 4, page_count=1,
            title="部门预算", department_name=f"某局{i}", budget_year=2024,
        )
        stage_extracted(doc, staging, at)
        ids.append(doc_id)
    return ids


def publish_record(staging, warehouse) -> None:
    """A published warehouse built from the staging store as it is now."""
    record_inputs(warehouse, staged_inputs(staging))


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "staging", tmp_path / "warehouse.duckdb"


def test_first_build_and_build_without_a_record_are_full(paths):
    staging, warehouse = paths
    stage(staging, 3)
    assert plan_build(staging, warehouse).mode == FULL  # nothing published
    duckdb.connect(str(warehouse)).close()  # published before records were kept
    plan = plan_build(staging, warehouse)
    assert plan.mode == FULL and "no record" in plan.reason


def test_nothing_changed_builds_nothing(paths):
    staging, warehouse = paths
    stage(staging, 3)
    publish_record(staging, warehouse)
    plan = plan_build(staging, warehouse)
    assert (plan.mode, plan.changed) == (NOTHING, [])
    assert plan_build(staging, warehouse, full=True).mode == FULL  # --full


def test_added_changed_and_removed_documents_are_rebuilt_alone(paths):
    staging, warehouse = paths
    ids = stage(staging, 6)
    publish_record(staging, warehouse)
    added = stage(staging, 1, start=6)
    stage(staging, 1, start=2, at=datetime(2024, 2, 1, tzinfo=UTC))  # extracted again
    with StagingStore(staging) as store:
        store.remove_document(ids[4], [])
    plan = plan_build(staging, warehouse)
    assert plan.mode == INCREMENTAL
    assert plan.changed == sorted([added[0], ids[2], ids[4]])


def test_a_renamed_file_changes_its_document(paths):
    staging, warehouse = paths
    ids = stage(staging, 4)
    publish_record(staging, warehouse)
    with StagingStore(staging) as store:
        files = store.files()
        record = files.pop("dept1.pdf")
        store.set_files([*files.values(), record.__class__(**{**record.__dict__,
                                                              "file_name": "renamed.pdf"})])
    assert plan_build(staging, warehouse).changed == [ids[1]]


def test_most_documents_changed_builds_in_full(paths):
    staging, warehouse = paths
    stage(staging, 4)
    publish_record(staging, warehouse)
    stage(staging, 5, start=4)  # 5 of 9 new
    plan = plan_build(staging, warehouse)
    assert plan.mode == FULL and plan.reason == "5 of 9 documents changed"


def test_a_changed_model_or_vocabulary_builds_in_full(paths, monkeypatch):
    staging, warehouse = paths
    stage(staging, 4)
    monkeypatch.setattr(build_plan, "project_digest", lambda *a, **k: "before")
    publish_record(staging, warehouse)
    monkeypatch.setattr(build_plan, "project_digest", lambda *a, **k: "after")
    plan = plan_build(staging, warehouse)
    assert plan.mode == FULL and "dbt project" in plan.reason


def test_the_project_digest_covers_models_and_vocabulary(tmp_path):
    project = tmp_path / "dbt_project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    model = project / "models" / "m.sql"
    model.write_text("select 1")
    before = build_plan.project_digest(project)
    assert build_plan.project_digest(project) == before
    model.write_text("select 2")
    assert build_plan.project_digest(project) != before


def test_production_builds_leave_unit_tests_out_and_batches_before_the_last_the_tests():
    assert build_selection(last=True, seeds=True) == ["--exclude", "resource_type:unit_test"]
    # an incremental build's copy holds the seeds
    assert build_selection(last=True, seeds=False) == [
        "--exclude", "resource_type:unit_test", "resource_type:seed"
    ]
    # a batch before the last makes the per-document models (and what they read), untested
    assert build_selection(last=False, seeds=True) == [
        "--select", "+config.materialized:incremental",
        "--exclude", "resource_type:unit_test", "resource_type:test",
    ]


def test_a_build_makes_its_documents_in_even_batches_that_fit_the_memory(monkeypatch):
    monkeypatch.delenv("BUDGETWH_BATCH_DOCUMENTS", raising=False)
    ids = [f"d{i:04}" for i in range(1000)]
    # 1,000 documents in a 77 MB staging store: (192 - 96) / 3 = 32 MB a batch, 415 documents
    size = documents_per_batch(77.0, 1000, 192)
    assert size == 415
    assert [len(b) for b in batches(ids, size)] == [334, 334, 332]
    assert sum(batches(ids, size), []) == ids  # every document once, in order
    # the batch follows the limit, never the collection: ten times the documents, same size
    assert documents_per_batch(770.0, 10_000, 192) == size
    assert documents_per_batch(77.0, 1000, 2048) >= 1000  # a big limit: one batch
    assert documents_per_batch(77.0, 1000, 64) == 1  # below the overhead: one at a time
    assert batches([], 10) == [[]]  # the last step runs even with nothing to make
    assert [len(b) for b in batches(ids[:7], 3)] == [3, 3, 1]
    monkeypatch.setenv("BUDGETWH_BATCH_DOCUMENTS", "40")
    assert documents_per_batch(77.0, 1000, 192) == 40


def test_duckdb_gets_a_fixed_memory_threads_and_a_spill_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BUDGETWH_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.delenv("BUDGETWH_DUCKDB_THREADS", raising=False)
    settings = duckdb_settings(tmp_path / "spill")
    assert settings["BUDGETWH_DUCKDB_MEMORY_LIMIT"] == "192MB"  # the budget, not the machine
    assert 1 <= int(settings["BUDGETWH_DUCKDB_THREADS"]) <= 2
    assert settings["BUDGETWH_DUCKDB_TEMP_DIR"] == str(tmp_path / "spill")
    monkeypatch.setenv("BUDGETWH_DUCKDB_MEMORY_LIMIT", "2GB")
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)), raising=False)
    given = duckdb_settings(tmp_path)
    assert given["BUDGETWH_DUCKDB_MEMORY_LIMIT"] == "2GB"
    assert given["BUDGETWH_DUCKDB_THREADS"] == "16"  # room for a thread per core
    assert memory_limit_mb() == 1907  # and room for larger batches


def test_a_batch_that_runs_out_of_memory_is_made_in_halves(paths, monkeypatch):
    """dbt replaced by a build that runs out of memory above two listed documents."""
    staging, _ = paths
    ids = stage(staging, 5)
    monkeypatch.setenv("BUDGETWH_BATCH_DOCUMENTS", "5")  # one batch: the last step alone
    builds = []

    def fake_dbt(args, env, *, check=True):
        with StagingStore(staging, read_only=True) as store:
            listed = sorted(store.frame("changed_documents")["document_id"])
        last = "+config.materialized:incremental" not in args
        builds.append(("last" if last else "batch", listed, env["BUDGETWH_BUILD_MODE"]))
        if len(listed) > 2:
            return 2, "Runtime Error in model m | Out of Memory Error: failed to allocate"
        return 0, ""

    monkeypatch.setattr(warehouse_module, "run_dbt", fake_dbt)
    build = staging.parent / "build" / "warehouse.duckdb"
    result = warehouse_module.build_warehouse(staging, build)
    assert builds == [
        ("last", ids, "documents"),
        ("batch", ids[:2], "documents"),  # the first half, made on its own
        ("last", ids[2:], "documents"),
        ("batch", ids[2:3], "documents"),
        ("last", ids[3:], "documents"),
    ]
    assert (result.batches, result.rounds) == (3, 1)
    assert build.is_file()  # with the record of what it was built from

    # an error that is not memory stops the build, and nothing is left behind
    builds.clear()
    monkeypatch.setattr(
        warehouse_module, "run_dbt", lambda args, env, check=True: (2, "Compilation Error in x")
    )
    with pytest.raises(RuntimeError, match="dbt build failed"):
        warehouse_module.build_warehouse(staging, build)
    assert not build.exists()


def test_duckdb_sizes_are_read_in_mib():
    assert size_mb("2GB") == 1907
    assert size_mb("512MiB") == 512
    assert size_mb(" 1.5 gib ") == 1536
    assert size_mb("lots") is None
