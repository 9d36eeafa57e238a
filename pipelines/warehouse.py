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
from collections.abc import Iterator
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


def dbt_env(staging_dir: Path, build_path: Path, *, incremental: bool = False) -> dict[str, str]:
    """Environment that points dbt at the staging store and the file being built.

    With DuckDB's memory, threads and spill folder for the build (:func:`duckdb_settings`),
    and whether the build is incremental (its data tests then read the changed documents'
    rows of the per-document models: ``dbt_project/macros/incremental.sql``).
    """
    build_path = Path(build_path).resolve()
    return {
        "BUDGETWH_STAGING_STORE": str(store_path(staging_dir).resolve()),
        "BUDGETWH_WAREHOUSE_BUILD": str(build_path),
        "BUDGETWH_BUILD_MODE": "incremental" if incremental else "full",
        **duckdb_settings(
            build_path.parent / "spill",
            # an incremental build reads the changed documents; a full one, every document
            collection_mb=0 if incremental else staging_store_mb(staging_dir),
        ),
    }


def staging_store_mb(staging_dir: Path) -> int:
    """The size of the staging store (the collection a full build reads), in MB."""
    path = store_path(staging_dir)
    return path.stat().st_size // 2**20 if path.exists() else 0


# DuckDB's memory during a build. An incremental build needs a working set, not room for the
# data (the per-document models read the changed documents only): a fixed budget keeps adding
# one document to a thousand in the memory a refresh of one takes (≈ 480 MB with dbt's
# process and ours), and DuckDB spills what does not fit to the build folder. A full build's
# reconciliation models aggregate every document's cells at once, and not all of that spills:
# at a thousand documents (a 77 MB staging store) 192 MB ran out of memory and 224 MB did not,
# so a full build gets COLLECTION_FACTOR × the staging store when that is more than the
# budget (from about 1,100 documents on). A machine short of memory gets at most a quarter
# of what it has free.
MEMORY_BUDGET_MB = 256
MEMORY_FLOOR_MB = 64
COLLECTION_FACTOR = 3
# Each DuckDB thread keeps its own partitions of a join or aggregate: fewer threads than
# cores when the budget is small, so that no thread runs out of room before it can spill.
MB_PER_THREAD = 96


def available_memory_mb() -> int:
    """Memory the machine has free now (``MemAvailable``), in MB; the budget if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return MEMORY_BUDGET_MB * 4


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


def duckdb_settings(spill_dir: Path, collection_mb: int = 0) -> dict[str, str]:
    """``memory_limit``, ``threads`` and ``temp_directory`` of the build's DuckDB.

    The limit is :data:`MEMORY_BUDGET_MB`, or :data:`COLLECTION_FACTOR` × ``collection_mb``
    (the staging store a full build reads) when that is more, and never more than a quarter
    of the free memory; ``BUDGETWH_DUCKDB_MEMORY_LIMIT`` (a DuckDB size, e.g. ``2GB``)
    overrides it, to trade memory for speed on a big machine. Threads: the cores, at most
    one per :data:`MB_PER_THREAD` of the limit (``BUDGETWH_DUCKDB_THREADS`` overrides).
    """
    wanted = max(MEMORY_BUDGET_MB, int(COLLECTION_FACTOR * collection_mb))
    limit_mb = max(MEMORY_FLOOR_MB, min(wanted, available_memory_mb() // 4))
    limit = os.environ.get("BUDGETWH_DUCKDB_MEMORY_LIMIT") or f"{limit_mb}MB"
    limit_mb = size_mb(limit) or limit_mb  # a larger limit given makes room for more threads
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = os.environ.get("BUDGETWH_DUCKDB_THREADS") or str(
        max(1, min(cores or 1, limit_mb // MB_PER_THREAD))
    )
    return {
        "BUDGETWH_DUCKDB_MEMORY_LIMIT": limit,
        "BUDGETWH_DUCKDB_THREADS": threads,
        "BUDGETWH_DUCKDB_TEMP_DIR": str(spill_dir),
    }


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
        rounds: dbt builds it took (1, plus one per round of quarantine; 0: nothing to build).
    """

    plan: BuildPlan | None = None
    warned: list[str] = field(default_factory=list)
    quarantined: dict[str, str] = field(default_factory=dict)
    rounds: int = 0


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


def build_selection(plan: BuildPlan) -> list[str]:
    """What a production build leaves out, as dbt arguments.

    dbt's unit tests (:data:`UNIT_TESTS_EXCLUDED`), and in an incremental build the seeds (the
    copy of the published warehouse holds them, and they did not change).
    """
    from pipelines.build_plan import INCREMENTAL

    if plan.mode == INCREMENTAL:
        return [*UNIT_TESTS_EXCLUDED, "resource_type:seed"]
    return list(UNIT_TESTS_EXCLUDED)


def start_build_file(build_path: Path, published: Path | None) -> None:
    """Start the build file: empty, or a copy of ``published`` for an incremental build.

    What an earlier, killed or failed build left in the build folder is cleared first.
    """
    clean_build_folder(build_path)
    if published is not None:
        shutil.copyfile(published, build_path)


def build_warehouse(
    staging_dir: Path,
    build_path: Path,
    *,
    plan: BuildPlan | None = None,
    published: Path | None = None,
) -> BuildResult:
    """Build a complete warehouse at ``build_path`` from the staging store (dbt build).

    ``plan`` says what to build (:func:`pipelines.build_plan.plan_build`); without one, a
    full build. An incremental plan starts from a copy of ``published`` and rebuilds only the
    rows of its changed documents. The file records what it was built from, for the next
    refresh's plan.

    A data test that fails on some documents' rows quarantines those documents (see
    :mod:`pipelines.quarantine`) and the build runs again without them, so the others
    publish. Call it under :func:`refresh_lock`: it first clears what an earlier, killed
    build left in the build folder. dbt's artefacts go to that folder too, so refreshes of
    different warehouses never share a ``target``. On failure the partial file is removed.

    Raises:
        RuntimeError: dbt failed for a reason no quarantine explains (a fault of the
            pipeline); nothing was built.
    """
    from pipelines.build_plan import FULL, INCREMENTAL, BuildPlan, record_inputs, staged_inputs
    from pipelines.staging.store import StagingStore

    plan = plan or BuildPlan(FULL, [], "a full build", staged_inputs(staging_dir))
    incremental = plan.mode == INCREMENTAL
    if incremental and published is None:
        raise ValueError("an incremental build starts from the published warehouse")
    # absolute: dbt resolves a relative --target-path against the project folder
    build_path = Path(build_path).resolve()
    build_path.parent.mkdir(parents=True, exist_ok=True)
    folder = build_path.parent
    target = folder / "target"
    args = dbt_args(
        "build", "--quiet", "--target-path", str(target), "--log-path", str(folder / "logs"),
        *build_selection(plan),
    )
    env = dbt_env(staging_dir, build_path, incremental=incremental)
    result = BuildResult(plan=plan)
    loaded = start_quarantine(staging_dir, plan.changed if incremental else None)
    changed = set(plan.changed)
    try:
        while True:
            start_build_file(build_path, published if incremental else None)
            if incremental:
                with StagingStore(staging_dir) as store:
                    # a document quarantined by an earlier round loses its published rows too
                    store.set_changed(sorted(changed | set(result.quarantined)))
            (target / "run_results.json").unlink(missing_ok=True)
            result.rounds += 1
            code, output = run_dbt(args, env, check=False)
            if code == 0:
                break
            quarantine_failed(
                build_path, target, staging_dir, result.quarantined, loaded, result.rounds, output
            )
        record_inputs(build_path, plan.inputs)
    except BaseException:
        build_path.unlink(missing_ok=True)
        Path(str(build_path) + ".wal").unlink(missing_ok=True)
        raise
    result.warned = failing_checks(target)
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
