"""Build the warehouse with dbt aside, then publish it atomically.

Analysts keep the published file open read-only while refreshes run, and DuckDB allows one
writer per file: so dbt never writes the published file. It builds a new file next to it;
``os.replace`` then swaps the name in one step. Readers holding the old file keep reading
their snapshot (the inode lives while open); new connections see the new data.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.staging.layout import store_path

if TYPE_CHECKING:
    from pipelines.build_plan import BuildPlan

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


class RefreshBusy(RuntimeError):
    """Another refresh holds the warehouse lock.

    Attributes:
        lock_path: The lock file.
        holder: Who holds it, as the holder wrote it into the lock file (may be empty).
    """

    def __init__(self, message: str, lock_path: Path, holder: str) -> None:
        super().__init__(message)
        self.lock_path = lock_path
        self.holder = holder


def staging_dir_for(warehouse: Path, staging_dir: Path | None = None) -> Path:
    """The staging folder of a warehouse: ``<name>.staging`` beside the warehouse file.

    Tied to the file, not its folder, so two warehouses never share (and evict) staging.
    """
    if staging_dir is not None:
        return Path(staging_dir)
    warehouse = Path(warehouse).resolve()
    return warehouse.with_name(f"{warehouse.stem}.staging")


def lock_path_for(warehouse: Path) -> Path:
    """The refresh lock file of a warehouse: ``<name>.lock`` beside it."""
    return Path(warehouse).with_suffix(".lock")


@contextmanager
def refresh_lock(
    warehouse: Path, wait_seconds: float = 0.0, holder: str = "budgetwh refresh"
) -> Iterator[None]:
    """Hold the warehouse's refresh lock; a second refresh waits up to ``wait_seconds``.

    One lock for every writer of the staging folder and the warehouse — ``budgetwh refresh``
    and the Dagster steps alike. The holder writes ``holder`` (with its pid and start time)
    into the lock file, so whoever is refused can say who is in the way; the lock itself is
    the ``flock``, which the kernel releases when the holder dies.

    Raises:
        RefreshBusy: the lock is still held after ``wait_seconds``.
    """
    lock_path = lock_path_for(warehouse)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+", encoding="utf-8") as fh:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    held_by = fh.read().strip()
                    raise RefreshBusy(
                        f"another refresh is running on {warehouse} (lock {lock_path}"
                        + (f", held by {held_by}" if held_by else "")
                        + ")",
                        lock_path,
                        held_by,
                    ) from None
                time.sleep(0.2)
        try:
            fh.seek(0)
            fh.truncate()
            since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
            fh.write(f"{holder} (pid {os.getpid()}, since {since})\n")
            fh.flush()
            yield
        finally:
            fh.truncate(0)
            fcntl.flock(fh, fcntl.LOCK_UN)


# What a dbt build is asked to make (BUDGETWH_BUILD_MODE, read by
# dbt_project/macros/incremental.sql):
# every document's rows, every test reading every row (Dagster's runs, the test suite);
EVERY_DOCUMENT = "full"
# the rows of the documents listed in the staging store's changed_documents (a batch of a
# full build, or the changed documents of an incremental one), every test reading every row;
LISTED_DOCUMENTS = "documents"
# the listed documents' rows, the tests of per-document models reading those rows only: an
# incremental build whose changed documents all fit in its one batch.
CHANGED_DOCUMENTS = "incremental"


def dbt_env(staging_dir: Path, build_path: Path, *, mode: str = EVERY_DOCUMENT) -> dict[str, str]:
    """Environment that points dbt at the staging store and the file being built.

    With what the build makes (``mode``: :data:`EVERY_DOCUMENT`, :data:`LISTED_DOCUMENTS` or
    :data:`CHANGED_DOCUMENTS`) and DuckDB's memory, threads and spill folder
    (:func:`duckdb_settings`).
    """
    build_path = Path(build_path).resolve()
    return {
        "BUDGETWH_STAGING_STORE": str(store_path(staging_dir).resolve()),
        "BUDGETWH_WAREHOUSE_BUILD": str(build_path),
        "BUDGETWH_BUILD_MODE": mode,
        **duckdb_settings(build_path.parent / "spill"),
    }


def staging_store_mb(staging_dir: Path) -> float:
    """The size of the staging store (the collection a full build reads), in MB."""
    path = store_path(staging_dir)
    return path.stat().st_size / 2**20 if path.exists() else 0.0


# DuckDB's memory during a build: a fixed budget, whatever the size of the collection;
# DuckDB spills what does not fit to the build folder. What does not spill is the
# reconciliation models' aggregates of the cells they check (lists of cell keys per printed
# row): at a thousand documents at once (a 77 MB staging store) 192 MB ran out of memory.
# So a build makes the per-document models a batch of documents at a time (build_warehouse),
# each batch's share of the staging store at most (limit - BUILD_OVERHEAD_MB) /
# WORKING_SET_FACTOR: measured, a batch needs two to three times the staging rows it reads
# (500 documents of 77 kB ran out of 192 MB now and then, when two big models ran at once),
# beside what a model's plan holds whatever the batch (hash tables of its joins, the CTEs
# DuckDB materializes). That part sets the budget: at 128 MB int_reconciliation__narrative ran
# out of memory even in batches of 50 documents; at 192 MB batches of any size down to one
# fit. A batch that runs out of memory all the same is made in halves (make_batch).
MEMORY_BUDGET_MB = 192
WORKING_SET_FACTOR = 3
BUILD_OVERHEAD_MB = 96
# Each DuckDB thread keeps its own partitions of a join or aggregate: fewer threads than
# cores when the budget is small, so that no thread runs out of room before it can spill.
MB_PER_THREAD = 96


_SIZE_UNITS = {
    "KB": 1e3, "KIB": 2**10, "MB": 1e6, "MIB": 2**20,
    "GB": 1e9, "GIB": 2**30, "TB": 1e12, "TIB": 2**40,
}


def size_mb(size: str) -> int | None:
    """A DuckDB size (``2GB``, ``512MiB``, ``1.5 GB``) in MiB; ``None`` when it is not one."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]I?B)\s*", size, re.IGNORECASE)
    if match is None:
        return None
    return int(float(match[1]) * _SIZE_UNITS[match[2].upper()] / 2**20)


def memory_limit_mb() -> int:
    """DuckDB's memory limit for a build, in MB.

    :data:`MEMORY_BUDGET_MB`; ``BUDGETWH_DUCKDB_MEMORY_LIMIT`` (a DuckDB size, e.g. ``2GB``)
    overrides it, to trade memory for speed on a big machine (larger batches, more threads).
    """
    return size_mb(os.environ.get("BUDGETWH_DUCKDB_MEMORY_LIMIT") or "") or MEMORY_BUDGET_MB


def duckdb_settings(spill_dir: Path) -> dict[str, str]:
    """``memory_limit``, ``threads`` and ``temp_directory`` of the build's DuckDB.

    The limit is :func:`memory_limit_mb`. Threads: the cores, at most one per
    :data:`MB_PER_THREAD` of the limit (``BUDGETWH_DUCKDB_THREADS`` overrides).
    """
    limit_mb = memory_limit_mb()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = os.environ.get("BUDGETWH_DUCKDB_THREADS") or str(
        max(1, min(cores or 1, limit_mb // MB_PER_THREAD))
    )
    return {
        # a limit given is handed on as written
        "BUDGETWH_DUCKDB_MEMORY_LIMIT": os.environ.get("BUDGETWH_DUCKDB_MEMORY_LIMIT")
        or f"{limit_mb}MB",
        "BUDGETWH_DUCKDB_THREADS": threads,
        "BUDGETWH_DUCKDB_TEMP_DIR": str(spill_dir),
    }


def documents_per_batch(store_mb: float, stored_documents: int, limit_mb: int) -> int:
    """How many documents one batch of a build makes: their staging rows fit the limit.

    ``BUDGETWH_BATCH_DOCUMENTS`` overrides it (a number of documents).
    """
    given = os.environ.get("BUDGETWH_BATCH_DOCUMENTS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    if stored_documents == 0 or store_mb <= 0:
        return max(stored_documents, 1)
    per_document_mb = store_mb / stored_documents
    room_mb = max(limit_mb - BUILD_OVERHEAD_MB, 0) / WORKING_SET_FACTOR
    return max(1, int(room_mb / per_document_mb))


def batches(documents: list[str], size: int) -> list[list[str]]:
    """``documents`` in as few batches of at most ``size`` as will do, of even sizes.

    Always at least one batch (an empty one when there are no documents): the last batch is
    the build's final step, which makes everything across documents.
    """
    count = max(1, -(-len(documents) // max(size, 1)))
    step = -(-len(documents) // count) if documents else 0
    return [documents[i * step : (i + 1) * step] for i in range(count)]


def dbt_args(command: str, *extra: str) -> list[str]:
    """Arguments of a dbt invocation against the project (profiles live in the project)."""
    return [
        command,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        *extra,
    ]


def run_dbt(args: list[str], env: dict[str, str], *, check: bool = True) -> tuple[int, str]:
    """Run dbt in a child process with ``env`` set; its exit code and output.

    With ``check``, a failure raises with dbt's own message. A child process, not dbt's
    in-process runner: dbt-duckdb keeps its connection open for the life of the process,
    and the file must be closed (checkpointed) before it is published.
    """
    from pipelines.refresh import die_with_parent

    command = [sys.executable, "-c", "from dbt.cli.main import cli; cli()", *args]
    result = subprocess.run(
        command,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        # a killed refresh takes its dbt build with it
        preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )
    output = result.stdout + result.stderr
    if check and result.returncode != 0:
        raise RuntimeError(f"dbt {args[0]} failed: {dbt_error_summary(output)}")
    return result.returncode, output


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TIMESTAMP = re.compile(r"^\d{2}:\d{2}:\d{2}\s+")


def dbt_error_summary(output: str, max_lines: int = 6) -> str:
    """The error in dbt's console output and the few lines that explain it, as one line."""
    lines = [_TIMESTAMP.sub("", _ANSI.sub("", ln)).strip() for ln in output.splitlines()]
    lines = [ln for ln in lines if ln]
    start = next(
        (i for i, ln in enumerate(lines) if re.search(r"error|FAIL", ln, re.IGNORECASE)), None
    )
    picked = lines[start : start + max_lines] if start is not None else lines[-max_lines:]
    return " | ".join(picked) or "no output"


def build_path_for(warehouse: Path) -> Path:
    """Where a refresh builds the next warehouse: a hidden folder beside it, same file name.

    The same file name keeps DuckDB's catalog name (the file stem) identical, so nothing
    inside the file names the build location; the same file system keeps the rename
    atomic. The folder is the warehouse's own (``.<name>.building``), so it can be cleared
    without touching the build of another warehouse in the same folder.
    """
    warehouse = Path(warehouse)
    return warehouse.parent / f".{warehouse.name}.building" / warehouse.name


def clean_build_folder(build_path: Path) -> list[Path]:
    """Remove what a killed or failed build left beside ``build_path`` (database, WAL, tmp).

    dbt's own ``target``/``logs`` folders are kept: its partial-parse cache makes the next
    build start faster, and dbt re-parses when the cache is unreadable.
    """
    folder = Path(build_path).parent
    removed = []
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name in ("target", "logs"):
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@dataclass
class BuildResult:
    """What a warehouse build did.

    Attributes:
        plan: What it was asked to build (:class:`pipelines.build_plan.BuildPlan`).
        warned: Checks (dbt data tests of severity warn: reconciliation findings) that warned.
        quarantined: Documents kept out of the marts, with the reason (from
            :func:`refresh_warehouse`: all of them, also those an earlier build quarantined
            and no document change has let back in).
        rounds: dbt builds of its last step (1, plus one per round of quarantine; 0: nothing
            was built).
        batches: The batches its documents were made in (1: all at once; 0: nothing built).
    """

    plan: BuildPlan | None = None
    warned: list[str] = field(default_factory=list)
    quarantined: dict[str, str] = field(default_factory=dict)
    rounds: int = 0
    batches: int = 0


# Each round quarantines at least one more document, or stops the refresh.
MAX_ROUNDS = 4


def start_quarantine(staging_dir: Path, changed: list[str] | None = None) -> int:
    """Clear the quarantine list before a build; the number of documents loaded.

    A full build (``changed`` is ``None``) judges every document afresh: a document fixed by
    new code is let back in. An incremental build judges the changed documents afresh and
    keeps the others as the published build judged them (nothing they are built from changed).
    """
    from pipelines.staging.store import StagingStore

    with StagingStore(staging_dir) as store:
        if changed is None:
            store.set_quarantine({}, None)
        else:
            store.release(changed)
        return sum(1 for r in store.extractions().values() if r["status"] == "loaded")


def quarantine_failed(
    build_path: Path,
    target: Path,
    staging_dir: Path,
    quarantined: dict[str, str],
    loaded: int,
    rounds: int,
    output: str = "",
) -> None:
    """After a failed build: add the documents its failed tests name to the quarantine.

    Raises:
        RuntimeError: the failure is the pipeline's (an error, a test that names no
            document or most of them, or too many rounds); nothing may be published.
    """
    from pipelines.quarantine import quarantine_reasons, read_failures
    from pipelines.staging.store import StagingStore

    if not (Path(target) / "run_results.json").exists():
        raise RuntimeError(f"dbt build failed: {dbt_error_summary(output)}")
    failure = read_failures(target)
    if rounds >= MAX_ROUNDS or not (failure.failed_tests or failure.errors):
        names = failure.errors or [t.name for t in failure.failed_tests]
        raise RuntimeError("dbt build failed: " + (" | ".join(names) or dbt_error_summary(output)))
    found = quarantine_reasons(build_path, failure, store_path(staging_dir), loaded)
    quarantined.update(found)
    with StagingStore(staging_dir) as store:
        # an incremental build keeps the documents the published build quarantined
        store.add_quarantine(found, datetime.now(UTC))


# dbt's unit tests test the SQL on fixed rows, not the data: the test suite runs them
# (tests/dbt/test_dbt_unit_tests.py), a production build leaves them out.
UNIT_TESTS_EXCLUDED = ("--exclude", "resource_type:unit_test")
# A batch before a build's last makes the per-document models and what they read (staging,
# the dimensions of documents and fund sources, their seeds) and tests nothing: the last step
# makes the rest and runs every data test once every batch is in.
PER_DOCUMENT_MODELS = ("--select", "+config.materialized:incremental")


def build_selection(*, last: bool, seeds: bool) -> list[str]:
    """What one dbt build of a production build makes, as dbt arguments.

    Never dbt's unit tests (:data:`UNIT_TESTS_EXCLUDED`); the seeds only when ``seeds`` (a
    full build: an incremental build's copy of the published warehouse holds them, and they
    did not change); before the ``last`` step, only the per-document models
    (:data:`PER_DOCUMENT_MODELS`).
    """
    excluded = [
        "resource_type:unit_test",
        *([] if seeds else ["resource_type:seed"]),
        *([] if last else ["resource_type:test"]),
    ]
    return [*([] if last else PER_DOCUMENT_MODELS), "--exclude", *excluded]


def start_build_file(build_path: Path, published: Path | None) -> None:
    """Start the build file: empty, or a copy of ``published`` for an incremental build.

    What an earlier, killed or failed build left in the build folder is cleared first.
    """
    clean_build_folder(build_path)
    if published is not None:
        shutil.copyfile(published, build_path)


def build_batches(staging_dir: Path, documents: list[str]) -> list[list[str]]:
    """The batches in which a build makes ``documents``' rows (:func:`documents_per_batch`)."""
    from pipelines.staging.store import StagingStore

    with StagingStore(staging_dir, read_only=True) as store:
        stored = len(store.extractions())
    size = documents_per_batch(staging_store_mb(staging_dir), stored, memory_limit_mb())
    return batches(sorted(documents), size)


def list_documents(staging_dir: Path, documents: list[str]) -> None:
    """Name the documents the next dbt build makes (the staging store's changed_documents)."""
    from pipelines.staging.store import StagingStore

    with StagingStore(staging_dir) as store:
        store.set_changed(sorted(set(documents)))


def out_of_memory(output: str, target: Path | None = None) -> bool:
    """Whether a dbt build stopped because DuckDB ran out of memory.

    Read from its console ``output``, or from the ``run_results.json`` in ``target``.
    """
    results = Path(target) / "run_results.json" if target is not None else None
    said = results.read_text("utf-8") if results is not None and results.is_file() else ""
    return "Out of Memory Error" in output + said


def make_batch(staging_dir: Path, batch: list[str], args: list[str], env: dict[str, str]) -> int:
    """Make one batch's rows of the per-document models (a dbt build); the batches it took.

    The batch sizes are estimates from the staging store's size per document: a batch whose
    build runs out of memory all the same (a few large documents, two models at once) is made
    in halves instead, down to one document.

    Raises:
        RuntimeError: the build failed for another reason, or one document alone did not fit.
    """
    list_documents(staging_dir, batch)
    code, output = run_dbt(args, env, check=False)
    if code == 0:
        return 1
    if out_of_memory(output) and len(batch) > 1:
        half = len(batch) // 2
        return make_batch(staging_dir, batch[:half], args, env) + make_batch(
            staging_dir, batch[half:], args, env
        )
    hint = (
        " (one document alone ran out of DuckDB's memory: raise BUDGETWH_DUCKDB_MEMORY_LIMIT)"
        if out_of_memory(output) else ""
    )
    raise RuntimeError(f"dbt build failed{hint}: {dbt_error_summary(output)}")


def build_warehouse(
    staging_dir: Path,
    build_path: Path,
    *,
    plan: BuildPlan | None = None,
    published: Path | None = None,
    run_last: Callable[[list[str], dict[str, str]], tuple[int, str, Path]] | None = None,
) -> BuildResult:
    """Build a complete warehouse at ``build_path`` from the staging store (dbt build).

    ``plan`` says what to build (:func:`pipelines.build_plan.plan_build`); without one, a
    full build. A full build makes every document's rows into an empty file; an incremental
    plan starts from a copy of ``published`` and remakes its changed documents' rows only.
    Either makes them in batches that fit DuckDB's memory (:func:`build_batches`; a batch
    that runs out of memory all the same is made in halves, :func:`make_batch`): each batch
    but the last a dbt build of the per-document models, the last a dbt build of everything,
    which runs every data test. The file records what it was built from, for the
    next refresh's plan.

    A data test that fails on some documents' rows quarantines those documents (see
    :mod:`pipelines.quarantine`) and the last step runs again, remaking its batch and the
    quarantined documents' rows (they now have none), so the others publish. Call it under
    :func:`refresh_lock`: it first clears what an earlier, killed build left in the build
    folder. dbt's artefacts go to that folder too, so refreshes of different warehouses never
    share a ``target``. On failure the partial file is removed.

    ``run_last`` runs the last step's ``dbt build`` (given its selection and environment) and
    says how it went: exit code, console output, the target folder with its
    ``run_results.json``. By default a dbt process like every batch; Dagster passes its own
    runner, which reports each model as an asset (``pipelines/defs/dbt.py``).

    Raises:
        RuntimeError: dbt failed for a reason no quarantine explains (a fault of the
            pipeline); nothing was built.
    """
    from pipelines.build_plan import FULL, INCREMENTAL, BuildPlan, record_inputs, staged_inputs

    plan = plan or BuildPlan(FULL, [], "a full build", staged_inputs(staging_dir))
    incremental = plan.mode == INCREMENTAL
    if incremental and published is None:
        raise ValueError("an incremental build starts from the published warehouse")
    # absolute: dbt resolves a relative --target-path against the project folder
    build_path = Path(build_path).resolve()
    build_path.parent.mkdir(parents=True, exist_ok=True)
    folder = build_path.parent
    target = folder / "target"
    common = ("--quiet", "--target-path", str(target), "--log-path", str(folder / "logs"))
    loaded = start_quarantine(staging_dir, plan.changed if incremental else None)
    steps = build_batches(
        staging_dir, plan.changed if incremental else list(plan.inputs.documents)
    )
    batch_args = dbt_args("build", *common, *build_selection(last=False, seeds=not incremental))
    listed = dbt_env(staging_dir, build_path, mode=LISTED_DOCUMENTS)
    if run_last is None:
        def run_last(selection: list[str], env: dict[str, str]) -> tuple[int, str, Path]:
            return *run_dbt(dbt_args("build", *common, *selection), env, check=False), target

    result = BuildResult(plan=plan)
    made = 0  # batches made before the last step
    try:
        start_build_file(build_path, published if incremental else None)
        for batch in steps[:-1]:
            made += make_batch(staging_dir, batch, batch_args, listed)
        last = steps[-1]
        result.rounds = 1
        while True:
            # a document quarantined by an earlier round loses its rows too
            list_documents(staging_dir, last + list(result.quarantined))
            (target / "run_results.json").unlink(missing_ok=True)
            # the tests of per-document models may read the changed documents' rows alone
            # only when this step makes them all
            scoped = incremental and made == 0
            env = dbt_env(
                staging_dir, build_path, mode=CHANGED_DOCUMENTS if scoped else LISTED_DOCUMENTS
            )
            # a full build makes the seeds in every round (Dagster reports them as the run's)
            selection = build_selection(last=True, seeds=not incremental)
            code, output, results = run_last(selection, env)
            if code == 0:
                break
            if out_of_memory(output, results) and len(last) > 1:
                # make the first half of the last batch as a batch of its own, then try again
                made += make_batch(staging_dir, last[: len(last) // 2], batch_args, listed)
                last = last[len(last) // 2 :]
                continue
            quarantine_failed(
                build_path, results, staging_dir, result.quarantined, loaded, result.rounds, output
            )
            result.rounds += 1
        result.batches = made + 1
        record_inputs(build_path, plan.inputs)
    except BaseException:
        build_path.unlink(missing_ok=True)
        Path(str(build_path) + ".wal").unlink(missing_ok=True)
        raise
    result.warned = failing_checks(results)
    return result


def refresh_warehouse(
    staging_dir: Path, warehouse: Path, *, full: bool = False, plan: BuildPlan | None = None
) -> BuildResult:
    """Bring the published warehouse in line with the staging store, paying for what changed.

    No build when nothing changed, an incremental build when a few documents did, a full one
    otherwise or when ``full`` (``plan``: :func:`pipelines.build_plan.plan_build`, made here
    when not given); what is built is published atomically. Call it under
    :func:`refresh_lock`.
    """
    from pipelines.build_plan import NOTHING, plan_build
    from pipelines.staging.store import StagingStore

    plan = plan or plan_build(staging_dir, warehouse, full=full)
    if plan.mode == NOTHING:
        result = BuildResult(plan=plan)
    else:
        build = build_path_for(warehouse)
        result = build_warehouse(staging_dir, build, plan=plan, published=Path(warehouse))
        publish(build, warehouse)
    # every document the published warehouse keeps out, this build's and earlier ones: they
    # all need attention
    with StagingStore(staging_dir, read_only=True) as store:
        result.quarantined = store.quarantined() | result.quarantined
    return result


def failing_checks(target_path: Path) -> list[str]:
    """Data tests of the last dbt build that warned or failed, by name.

    Checks of severity ``warn`` (the reconciliation tests) do not stop the build — one
    department's arithmetic slip must not hold back everyone's data — so they are
    reported instead, from dbt's ``run_results.json``.
    """
    path = Path(target_path) / "run_results.json"
    if not path.is_file():
        return []
    results = json.loads(path.read_text("utf-8")).get("results", [])
    return sorted(
        r["unique_id"].split(".")[2]
        for r in results
        if r.get("unique_id", "").startswith("test.") and r.get("status") in ("warn", "fail")
    )


def publish(build_path: Path, warehouse: Path) -> None:
    """Atomically replace the published warehouse with the freshly built file."""
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(build_path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(build_path, warehouse)
    dir_fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
